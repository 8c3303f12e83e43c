import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { vendoredRuntimeTypeScript } from '../../runtime/vendor.js';
import { typeCheck } from './tsconfig-matrix.js';

/**
 * Type tests of `ListenerScope.on`: the fixtures in test/fixtures/runtime-types
 * assert with `expect-type` and `@ts-expect-error` what the handler's
 * parameters infer to, and TypeScript's compiler checks them next to the vendored
 * runtime, once with @types/node (and ws) and once with the DOM lib alone.
 */
const fixtures = fileURLToPath(new URL('../fixtures/runtime-types/', import.meta.url));
const nodeModules = fileURLToPath(new URL('../../node_modules', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'lifeguard-runtime-types-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PROJECTS = {
  node: { fixture: 'node.ts', compilerOptions: { target: 'ES2022', lib: ['ES2022'], types: ['node'], module: 'NodeNext', moduleResolution: 'NodeNext' } },
  dom: { fixture: 'dom.ts', compilerOptions: { target: 'ES2022', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [], module: 'ESNext', moduleResolution: 'bundler' } },
} as const;

function project(name: keyof typeof PROJECTS, runtimeSource: string): string {
  const { fixture, compilerOptions } = PROJECTS[name];
  const directory = mkdtempSync(join(root, `${name}-`));
  symlinkSync(nodeModules, join(directory, 'node_modules'), 'dir');
  writeFileSync(join(directory, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(join(directory, 'lifeguard-runtime.ts'), runtimeSource);
  writeFileSync(join(directory, 'test.ts'), readFileSync(join(fixtures, fixture), 'utf8'));
  writeFileSync(
    join(directory, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...compilerOptions, strict: true, noEmit: true, skipLibCheck: true, exactOptionalPropertyTypes: true }, files: ['lifeguard-runtime.ts', 'test.ts'] }),
  );
  return directory;
}

describe('ListenerScope.on infers handler parameters from the target', () => {
  it.each(Object.keys(PROJECTS))('with %s types', (name) => {
    expect(typeCheck(project(name as keyof typeof PROJECTS, vendoredRuntimeTypeScript()))).toBe('');
  }, 120_000);

  it('fails when inference regresses (handlers typed as the old catch-all Listener)', () => {
    const regressed = vendoredRuntimeTypeScript().replace('handler: ListenerFor<T, K>,', 'handler: Listener,');
    expect(regressed).not.toBe(vendoredRuntimeTypeScript());
    const [node, dom] = (['node', 'dom'] as const).map((name) => typeCheck(project(name, regressed)));
    // The parameters infer to `never` again (the defect of issue #17): the type assertions fail.
    expect(node).toMatch(/^test\.ts\(17,\d+\): error TS2344: Type 'string' does not satisfy the constraint '"Expected: string, Actual: never"'/m);
    expect(node).toMatch(/^test\.ts\(\d+,\d+\): error TS2578: Unused '@ts-expect-error' directive/m);
    expect(dom).toMatch(/^test\.ts\(9,\d+\): error TS2344: Type 'UIEvent' does not satisfy the constraint/m);
  }, 120_000);
});
