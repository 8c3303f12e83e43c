import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { RUNTIME_SOURCE_PATH, vendoredRuntimeJavaScript, vendoredRuntimeTypeScript } from '../../runtime/vendor.js';
import type { RuntimeFlavour, RuntimeModule } from './harness.js';
import { withScaleEnv } from './harness.js';
import { listenerScopeScenarios } from './scenarios/listener-scope.js';
import { statisticsScenarios } from './scenarios/statistics.js';
import { timeoutScenarios } from './scenarios/timeouts.js';
import { weakRegistryScenarios } from './scenarios/weak-registry.js';

const directory = mkdtempSync(join(tmpdir(), 'lifeguard-vendored-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const esm = vendoredRuntimeJavaScript();
const commonjs = vendoredRuntimeJavaScript({ module: 'commonjs' });
const requireFromHere = createRequire(import.meta.url);
let copies = 0;

/** Each load writes a new copy, so every instance reads LIFEGUARD_TIMEOUT_SCALE afresh. */
function flavour(name: string, text: string, extension: 'mjs' | 'cjs'): RuntimeFlavour {
  const fresh = async (): Promise<RuntimeModule> => {
    const file = join(directory, `lifeguard-runtime-${++copies}.${extension}`);
    writeFileSync(file, text);
    if (extension === 'cjs') return requireFromHere(file) as RuntimeModule;
    return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as RuntimeModule;
  };
  let shared: Promise<RuntimeModule> | undefined;
  return {
    name,
    fresh,
    load: () =>
      (shared ??= withScaleEnv(undefined, async () => {
        const runtime = await fresh();
        runtime.deadline(0, 'pin LIFEGUARD_TIMEOUT_SCALE');
        return runtime;
      })),
  };
}

describe('vendored text', () => {
  it('is the runtime source verbatim under a banner', () => {
    const text = vendoredRuntimeTypeScript();
    const source = readFileSync(new URL(`../../${RUNTIME_SOURCE_PATH}`, import.meta.url), 'utf8');
    expect(text.endsWith(source)).toBe(true);
    expect(text.slice(0, text.length - source.length)).toMatch(
      /^\/\/ Vendored from eslint-plugin-lifeguard@\d+\.\d+\.\d+\S* \(runtime\/lifeguard-runtime\.ts\) by `npx lifeguard`\.\n\/\/ .*\n$/,
    );
  });

  it('imports nothing, in TypeScript and in both JavaScript flavours', () => {
    for (const text of [vendoredRuntimeTypeScript(), esm, commonjs]) {
      expect(text).not.toMatch(/^\s*import\s/m);
      expect(text).not.toMatch(/\brequire\(/);
    }
    expect(esm).toMatch(/^export function withTimeout\(/m);
    expect(commonjs).toMatch(/^exports\.withTimeout = withTimeout;/m);
  });

  it('type-checks on its own, without @types/node (a browser project)', () => {
    const file = join(directory, 'lifeguard-runtime.ts');
    writeFileSync(file, vendoredRuntimeTypeScript());
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts'],
      types: [],
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      noImplicitOverride: true,
      verbatimModuleSyntax: true,
      erasableSyntaxOnly: true,
      skipLibCheck: true,
    });
    const messages = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(messages).toEqual([]);
  });
});

for (const build of [flavour('vendored ESM JavaScript', esm, 'mjs'), flavour('vendored CommonJS JavaScript', commonjs, 'cjs')]) {
  describe(build.name, () => {
    timeoutScenarios(build);
    weakRegistryScenarios(build);
    listenerScopeScenarios(build);
    statisticsScenarios(build);
  });
}
