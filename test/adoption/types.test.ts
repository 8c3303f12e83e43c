import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsc } from '../typescript.js';
import { makeProject, removeProjects, REPO_ROOT } from './helpers.js';

/**
 * The plugin's published types against ESLint's own: a user's `eslint.config.ts`
 * and a `// @ts-check` `eslint.config.js` (test/fixtures/adoption-types) using
 * `lifeguard.configs.*` and the plugin with `Linter.Config[]`, `defineConfig`,
 * `ESLint.Plugin` and typescript-eslint's `config()`, compiled by TypeScript in a
 * project where `eslint` is ESLint 10, then ESLint 9 (the `eslint-v9` alias).
 * The package is this repository's build (its `types` entry), as installed.
 */
const FIXTURE = join(REPO_ROOT, 'test/fixtures/adoption-types');

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

describe('the plugin’s types fit ESLint’s (tsc over a user’s eslint.config.ts and a checked eslint.config.js)', () => {
  beforeAll(() => {
    if (!existsSync(join(REPO_ROOT, 'dist/src/index.d.ts'))) throw new Error('dist/ is missing: run npm run build first (npm test does it through its pretest script)');
  });

  it.each([
    ['ESLint 10', 'eslint'],
    ['ESLint 9', 'eslint-v9'],
  ])('under %s: Linter.Config, Linter.Config[], ESLint.Plugin, defineConfig and tseslint.config() accept the plugin and its configs', (_label, eslintPackage) => {
    // Every file of the project and of the plugin's published types, declarations included (the
    // fixture turns skipLibCheck off), but not the internals of ESLint, typescript-eslint or
    // TypeScript: an error of theirs is not the plugin's, and checking them took most of the time.
    const installed = join(REPO_ROOT, 'node_modules') + sep;
    expect(tsc(projectWith(eslintPackage), '.', {}, { checks: (fileName) => !fileName.startsWith(installed) }).output).toBe('');
  }, 90_000);
});
