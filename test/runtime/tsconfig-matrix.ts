import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsc } from '../typescript.js';

/**
 * Type-checks the vendored runtime file with TypeScript's compiler in tiny
 * projects shaped like users' ones, one per tsconfig.
 */

const typeRoots = fileURLToPath(new URL('../../node_modules/@types/', import.meta.url));

export interface MatrixConfig {
  readonly name: string;
  readonly compilerOptions: Record<string, unknown>;
  /** `type` of the project's package.json (node16/nodenext read it). */
  readonly packageType?: 'module' | 'commonjs';
}

const strictest = {
  strict: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  isolatedDeclarations: true,
  declaration: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noPropertyAccessFromIndexSignature: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noFallthroughCasesInSwitch: true,
};

/** Every target, lib, types and module setting appears at least once, each with the strictest flags where they apply. */
export const MATRIX: readonly MatrixConfig[] = [
  { name: 'ES2020 + DOM, no @types/node, esnext/bundler (Vite)', compilerOptions: { ...strictest, target: 'ES2020', lib: ['ES2020', 'DOM', 'DOM.Iterable'], types: [], module: 'ESNext', moduleResolution: 'bundler' } },
  { name: 'ES2020 + @types/node, commonjs', compilerOptions: { strict: true, isolatedModules: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noPropertyAccessFromIndexSignature: true, target: 'ES2020', lib: ['ES2020'], types: ['node'], module: 'CommonJS' } },
  { name: 'ES2022 + DOM, no @types/node, node16 ESM', packageType: 'module', compilerOptions: { ...strictest, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], module: 'Node16', moduleResolution: 'Node16' } },
  { name: 'ES2022 + @types/node, node16 CommonJS', packageType: 'commonjs', compilerOptions: { strict: true, isolatedModules: true, isolatedDeclarations: true, declaration: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noPropertyAccessFromIndexSignature: true, target: 'ES2022', lib: ['ES2022'], types: ['node'], module: 'Node16', moduleResolution: 'Node16' } },
  { name: 'ES2023 + @types/node, nodenext ESM', packageType: 'module', compilerOptions: { ...strictest, target: 'ES2023', lib: ['ES2023'], types: ['node'], module: 'NodeNext', moduleResolution: 'NodeNext' } },
  { name: 'ESNext + DOM, no @types/node, esnext/bundler', compilerOptions: { ...strictest, target: 'ESNext', lib: ['ESNext', 'DOM'], types: [], module: 'ESNext', moduleResolution: 'bundler' } },
  { name: 'ESNext + DOM + @types/node, nodenext ESM', packageType: 'module', compilerOptions: { ...strictest, target: 'ESNext', lib: ['ESNext', 'DOM'], types: ['node'], module: 'NodeNext', moduleResolution: 'NodeNext' } },
  { name: 'ESNext + @types/node, no DOM, esnext/bundler', compilerOptions: { ...strictest, target: 'ESNext', lib: ['ESNext'], types: ['node'], module: 'ESNext', moduleResolution: 'bundler' } },
  { name: 'ES2022 defaults (strict only), commonjs', compilerOptions: { strict: true, target: 'ES2022', types: ['node'], module: 'CommonJS' } },
];

/** A use of the runtime as the codemods write it, so its exported types are checked from outside too. */
const USE = `import { ListenerScope, StepTimeoutError, WeakRegistry, deadline, stage, withTimeout } from './lifeguard-runtime.js';

export async function start(): Promise<void> {
  const scope = new ListenerScope();
  const registry = new WeakRegistry<string, object>();
  registry.set('a', {});
  await stage('startup', 1000, async (signal) => {
    const limit = deadline(100, 'wait');
    limit.check();
    return withTimeout(Promise.resolve(signal.aborted), 100, 'probe');
  }).catch((error: unknown) => {
    if (error instanceof StepTimeoutError) console.log(error.path, error.budgetMs);
  });
  scope.setTimeout(() => undefined, 10);
  scope.dispose();
}
`;

/** With a lib that declares `Symbol.dispose`, the scope is `Disposable` to the checker. */
const USING = `
export function scoped(): number {
  using scope = new ListenerScope();
  return scope.size;
}
`;

function declaresDispose(config: MatrixConfig): boolean {
  const lib = config.compilerOptions['lib'];
  return Array.isArray(lib) && lib.some((name) => String(name).toLowerCase() === 'esnext');
}

export function writeMatrixProject(directory: string, config: MatrixConfig, runtimeSource: string): void {
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'lifeguard-runtime.ts'), runtimeSource);
  writeFileSync(join(directory, 'main.ts'), declaresDispose(config) ? USE + USING : USE);
  if (config.packageType) writeFileSync(join(directory, 'package.json'), JSON.stringify({ type: config.packageType }));
  writeFileSync(
    join(directory, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...config.compilerOptions, typeRoots: [typeRoots], noEmit: true, skipLibCheck: true }, files: ['lifeguard-runtime.ts', 'main.ts'] }, null, 2),
  );
}

/** tsc's diagnostics for the project ('' when it compiles): TypeScript's compiler in this process, lib files parsed once. */
export function typeCheck(directory: string): string {
  return tsc(directory).output.trim();
}
