import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, removeProjects, REPO_ROOT } from './helpers.js';

/**
 * The plugin's published types against ESLint's own: a user's `eslint.config.ts`
 * and a `// @ts-check` `eslint.config.js` (test/fixtures/adoption-types) using
 * `lifeguard.configs.*` and the plugin with `Linter.Config[]`, `defineConfig`,
 * `ESLint.Plugin` and typescript-eslint's `config()`, compiled by tsc in a
 * project where `eslint` is ESLint 10, then ESLint 9 (the `eslint-v9` alias).
 * The package is this repository's build (its `types` entry), as installed.
 */
const FIXTURE = join(REPO_ROOT, 'test/fixtures/adoption-types');
const TSC = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');

afterAll(removeProjects);

function projectWith(eslintPackage: string): string {
  const root = makeProject({ 'package.json': '{ "name": "service", "private": true, "type": "module" }\n' }, { git: false });
  cpSync(FIXTURE, root, { recursive: true });
  mkdirSync(join(root, 'node_modules/@types'), { recursive: true });
  symlinkSync(REPO_ROOT, join(root, 'node_modules/eslint-plugin-lifeguard'), 'dir');
  symlinkSync(join(REPO_ROOT, 'node_modules', eslintPackage), join(root, 'node_modules/eslint'), 'dir');
  symlinkSync(join(REPO_ROOT, 'node_modules/typescript-eslint'), join(root, 'node_modules/typescript-eslint'), 'dir');
  return root;
}

function tsc(cwd: string): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSC, '-p', '.', '--pretty', 'false'], { cwd });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (status) => resolve({ status, output }));
  });
}

describe('the plugin’s types fit ESLint’s (tsc over a user’s eslint.config.ts and a checked eslint.config.js)', () => {
  const runs = new Map<string, Promise<{ status: number | null; output: string }>>();

  beforeAll(() => {
    if (!existsSync(join(REPO_ROOT, 'dist/src/index.d.ts'))) throw new Error('dist/ is missing: run npm run build first (npm test does it through its pretest script)');
    // Both compilations at once: each takes seconds.
    for (const eslintPackage of ['eslint', 'eslint-v9']) runs.set(eslintPackage, tsc(projectWith(eslintPackage)));
  });

  it.each([
    ['ESLint 10', 'eslint'],
    ['ESLint 9', 'eslint-v9'],
  ])('under %s: Linter.Config, Linter.Config[], ESLint.Plugin, defineConfig and tseslint.config() accept the plugin and its configs', async (_label, eslintPackage) => {
    const result = await runs.get(eslintPackage)!;
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  }, 90_000);
});
