import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { vendoredRuntimeTypeScript } from '../../runtime/vendor.js';

/**
 * The vendored file lands in users' source folders, so their own lint runs
 * on it: it must pass typescript-eslint's strictest preset, strictTypeChecked,
 * under a browser-like and a Node-like tsconfig.
 */
const root = mkdtempSync(join(tmpdir(), 'lifeguard-strict-lint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const typeRoots = fileURLToPath(new URL('../../node_modules/@types/', import.meta.url));

async function lintVendored(name: string, compilerOptions: Record<string, unknown>, source = vendoredRuntimeTypeScript()): Promise<string[]> {
  const directory = join(root, name);
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'lifeguard-runtime.ts'), source);
  writeFileSync(join(directory, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, typeRoots: [typeRoots], strict: true, noEmit: true, skipLibCheck: true }, files: ['lifeguard-runtime.ts'] }));
  const eslint = new ESLint({
    cwd: directory,
    overrideConfigFile: true,
    overrideConfig: [
      ...(tseslint.configs.strictTypeChecked as ESLint.Options['overrideConfig'][]),
      { languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: directory } } },
    ] as ESLint.Options['overrideConfig'],
  });
  const [result] = await eslint.lintFiles(['lifeguard-runtime.ts']);
  return (result?.messages ?? []).map((message) => `${String(message.line)}: ${message.ruleId ?? 'parse'}: ${message.message}`);
}

describe('vendored runtime under typescript-eslint strictTypeChecked', () => {
  it.each([
    ['browser', { target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], module: 'ESNext', moduleResolution: 'bundler' }],
    ['node', { target: 'ESNext', lib: ['ESNext'], types: ['node'], module: 'NodeNext', moduleResolution: 'NodeNext', noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true }],
  ])('reports nothing (%s tsconfig)', async (name, compilerOptions) => {
    expect(await lintVendored(name, compilerOptions)).toEqual([]);
  }, 120_000);

  it('reports what it should: a forbidden non-null assertion put back', async () => {
    const regressed = vendoredRuntimeTypeScript().replace('for (const cleanup of cleanups.reverse()) {\n      try {\n        cleanup();', 'for (let index = cleanups.length - 1; index >= 0; index--) {\n      try {\n        cleanups[index]!();');
    expect(regressed).not.toBe(vendoredRuntimeTypeScript());
    const messages = await lintVendored('negative', { target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], module: 'ESNext', moduleResolution: 'bundler', noUncheckedIndexedAccess: true }, regressed);
    expect(messages).toEqual([expect.stringMatching(/: @typescript-eslint\/no-non-null-assertion: Forbidden non-null assertion\.$/)]);
  }, 120_000);
});
