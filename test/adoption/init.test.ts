import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { addLefthookCommand, addPreCommitRepo, addRecommendedToConfig, gitHookScript, preCommitHook, runInit } from '../../src/adoption/init.js';
import { readPackageInfo } from '../../src/util/package-info.js';
import { captureIO, hashTree, isExecutable, makeProject, read, removeProjects } from './helpers.js';

afterAll(removeProjects);

const VERSION = readPackageInfo().version;
const PACKAGE_JSON = '{\n  "name": "app",\n  "type": "module",\n  "devDependencies": {\n    "eslint": "^10.0.0"\n  }\n}\n';

/** YAML must stay valid after an edit: checked with js-yaml when it is resolvable (it comes with ESLint 9's eslintrc support). */
function parseYaml(text: string): unknown {
  let load: ((text: string) => unknown) | undefined;
  try {
    load = (createRequire(import.meta.url)('js-yaml') as { load: (text: string) => unknown }).load;
  } catch {
    return undefined;
  }
  return load(text);
}

async function init(root: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO(root);
  const code = await runInit(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('adding the recommended config to an existing flat config', () => {
  it('appends to `export default [...]` and adds the import after the last one', () => {
    const before = `// @ts-check
import js from '@eslint/js';

export default [
  js.configs.recommended,
  {
    rules: { 'no-console': 'warn' }, // keep this comment
  },
];
`;
    const result = addRecommendedToConfig(before, 'eslint.config.js');
    expect(result).toEqual({
      status: 'edited',
      element: 'lifeguard.configs.recommended',
      addedImport: true,
      text: `// @ts-check
import js from '@eslint/js';
import lifeguard from 'eslint-plugin-lifeguard';

export default [
  js.configs.recommended,
  {
    rules: { 'no-console': 'warn' }, // keep this comment
  },
  lifeguard.configs.recommended,
];
`,
    });
  });

  it('adds an argument to `tseslint.config(...)` keeping the no-trailing-comma, double-quote, no-semicolon style', () => {
    const before = `import eslint from "@eslint/js"
import tseslint from "typescript-eslint"

export default tseslint.config(
  eslint.configs.recommended,
  tseslint.configs.recommended
)
`;
    const result = addRecommendedToConfig(before, 'eslint.config.mjs');
    expect(result.status === 'edited' && result.text).toBe(`import eslint from "@eslint/js"
import tseslint from "typescript-eslint"
import lifeguard from "eslint-plugin-lifeguard"

export default tseslint.config(
  eslint.configs.recommended,
  tseslint.configs.recommended,
  lifeguard.configs.recommended
)
`);
  });

  it('adds an element inside `defineConfig([...])` written on one line', () => {
    const before = `import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
export default defineConfig([js.configs.recommended, { ignores: ['dist/'] }]);
`;
    const result = addRecommendedToConfig(before, 'eslint.config.js');
    expect(result.status === 'edited' && result.text).toBe(`import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import lifeguard from 'eslint-plugin-lifeguard';
export default defineConfig([js.configs.recommended, { ignores: ['dist/'] }, lifeguard.configs.recommended]);
`);
  });

  it('adds a require() and an element to `module.exports = [...]` (CommonJS)', () => {
    const before = `'use strict';
const globals = require('globals');

module.exports = [
  { languageOptions: { globals: globals.node } },
];
`;
    const result = addRecommendedToConfig(before, 'eslint.config.cjs');
    expect(result.status === 'edited' && result.text).toBe(`'use strict';
const globals = require('globals');
const lifeguard = require('eslint-plugin-lifeguard');

module.exports = [
  { languageOptions: { globals: globals.node } },
  lifeguard.configs.recommended,
];
`);
  });

  it('follows an exported identifier to its array and unwraps `satisfies` (TypeScript config)', () => {
    const before = `import type { Linter } from 'eslint';

const config = [{ rules: {} }] satisfies Linter.Config[];

export default config;
`;
    const result = addRecommendedToConfig(before, 'eslint.config.ts');
    expect(result.status === 'edited' && result.text).toBe(`import type { Linter } from 'eslint';
import lifeguard from 'eslint-plugin-lifeguard';

const config = [{ rules: {} }, lifeguard.configs.recommended] satisfies Linter.Config[];

export default config;
`);
  });

  it('puts the import above the export when the file has none, and picks another name when `lifeguard` is taken', () => {
    const result = addRecommendedToConfig("const lifeguard = { rules: {} };\nexport default [\n  lifeguard\n];\n", 'eslint.config.js');
    expect(result.status === 'edited' && result.text).toBe(
      "import lifeguardPlugin from 'eslint-plugin-lifeguard';\n\nconst lifeguard = { rules: {} };\nexport default [\n  lifeguard,\n  lifeguardPlugin.configs.recommended\n];\n",
    );
  });

  it('reuses an existing but unused import of the plugin', () => {
    const result = addRecommendedToConfig("import lg from 'eslint-plugin-lifeguard';\nexport default [];\n", 'eslint.config.js');
    expect(result).toEqual({ status: 'edited', element: 'lg.configs.recommended', addedImport: false, text: "import lg from 'eslint-plugin-lifeguard';\nexport default [lg.configs.recommended];\n" });
  });

  it.each([
    ["import lifeguard from 'eslint-plugin-lifeguard';\nexport default [lifeguard.configs.strict];\n", 'eslint.config.js'],
    ["const lifeguard = require('eslint-plugin-lifeguard');\nmodule.exports = [{ plugins: { lifeguard }, rules: { 'lifeguard/require-timer-cleanup': 'error' } }];\n", 'eslint.config.cjs'],
    ["export default [(await import('eslint-plugin-lifeguard')).configs.all];\n", 'eslint.config.mjs'],
  ])('leaves a config that already uses the plugin alone: %j', (text, path) => {
    expect(addRecommendedToConfig(text, path)).toEqual({ status: 'configured' });
  });

  it.each([
    ['export default makeConfig();\n', 'its export is a CallExpression'],
    ['export const rules = {};\n', 'it has no `export default`'],
    ['export default [\n', 'cannot parse it'],
    ['export default base;\n', 'it exports `base`, which is not a top-level variable with a value'],
  ])('refuses a shape it does not understand: %j', (text, reason) => {
    const result = addRecommendedToConfig(text, 'eslint.config.js');
    expect(result.status).toBe('refused');
    expect(result.status === 'refused' && result.reason).toContain(reason);
  });
});

describe('lifeguard init: the ESLint config and package.json', () => {
  it('edits the existing config, adds the devDependency and a git hook, and says what to install', async () => {
    const root = makeProject({ 'package.json': PACKAGE_JSON, 'eslint.config.js': 'export default [\n  { rules: {} },\n];\n' });
    const result = await init(root);
    expect(result.code).toBe(0);
    expect(read(root, 'eslint.config.js')).toBe("import lifeguard from 'eslint-plugin-lifeguard';\n\nexport default [\n  { rules: {} },\n  lifeguard.configs.recommended,\n];\n");
    expect(read(root, 'package.json')).toBe(
      `{\n  "name": "app",\n  "type": "module",\n  "devDependencies": {\n    "eslint": "^10.0.0",\n    "eslint-plugin-lifeguard": "^${VERSION}"\n  }\n}\n`,
    );
    expect(result.out).toBe(
      [
        'lifeguard init: changed 3 files:',
        '  eslint.config.js: added lifeguard.configs.recommended and its import',
        '  .git/hooks/pre-commit: runs `lifeguard scan` on staged files before each commit (not versioned: each clone runs `npx lifeguard init` once)',
        '  package.json: added eslint-plugin-lifeguard to devDependencies',
        'Next: run `npm install` to install eslint-plugin-lifeguard (added to devDependencies).',
        '',
      ].join('\n'),
    );
  });

  it('is idempotent: a second run changes nothing and says so', async () => {
    const root = makeProject({ 'package.json': PACKAGE_JSON, 'eslint.config.js': 'export default [];\n' });
    expect((await init(root)).code).toBe(0);
    const hash = hashTree(root);
    const second = await init(root);
    expect(second.code).toBe(0);
    expect(second.out).toBe(
      [
        'lifeguard init: nothing to change, Lifeguard is already set up:',
        '  eslint.config.js already enables Lifeguard',
        '  .git/hooks/pre-commit already runs Lifeguard',
        '',
      ].join('\n'),
    );
    expect(hashTree(root)).toBe(hash);
  });

  it('--dry prints the diffs and writes nothing', async () => {
    const root = makeProject({ 'package.json': PACKAGE_JSON, 'eslint.config.js': 'export default [];\n' });
    const hash = hashTree(root);
    const result = await init(root, '--dry', '--hook', 'husky');
    expect(result.code).toBe(0);
    expect(hashTree(root)).toBe(hash);
    expect(result.out).toContain('lifeguard init --dry: would change 3 files (nothing written):');
    expect(result.out).toContain("+import lifeguard from 'eslint-plugin-lifeguard';");
    expect(result.out).toContain('--- /dev/null\n+++ b/.husky/pre-commit');
    expect(result.out).toContain('+    "*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}": "lifeguard scan"');
  });

  it('creates a JavaScript config when there is none', async () => {
    const root = makeProject({ 'package.json': '{ "name": "app", "type": "module" }\n' });
    expect((await init(root)).code).toBe(0);
    expect(read(root, 'eslint.config.js')).toBe(
      "import lifeguard from 'eslint-plugin-lifeguard';\n\nexport default [\n  { ignores: ['**/dist/', '**/build/', '**/coverage/'] },\n  lifeguard.configs.recommended,\n];\n",
    );
    const manifest = JSON.parse(read(root, 'package.json')) as { devDependencies: Record<string, string> };
    expect(manifest.devDependencies).toEqual({ eslint: '^10.0.0', 'eslint-plugin-lifeguard': `^${VERSION}` });
    // package.json had its own one-line layout; written back the way npm writes it.
    expect(read(root, 'package.json')).toMatch(/^\{\n {2}"name": "app",/);
  });

  it("creates an ES module config with typescript-eslint's parser in a TypeScript project", async () => {
    const root = makeProject({ 'package.json': '{\n\t"name": "app",\n\t"devDependencies": {\n\t\t"typescript": "^5.9.0"\n\t}\n}', 'tsconfig.json': '{}\n' });
    expect((await init(root)).code).toBe(0);
    expect(read(root, 'eslint.config.mjs')).toBe(
      [
        "import lifeguard from 'eslint-plugin-lifeguard';",
        "import tseslint from 'typescript-eslint';",
        '',
        'export default [',
        "  { ignores: ['**/dist/', '**/build/', '**/coverage/'] },",
        "  // typescript-eslint's parser reads TypeScript; Lifeguard's rules need no type information.",
        "  { files: ['**/*.{ts,mts,cts,tsx}'], languageOptions: { parser: tseslint.parser } },",
        '  lifeguard.configs.recommended,',
        '];',
        '',
      ].join('\n'),
    );
    // Tabs and the missing final newline are kept.
    expect(read(root, 'package.json')).toBe(
      `{\n\t"name": "app",\n\t"devDependencies": {\n\t\t"eslint": "^10.0.0",\n\t\t"eslint-plugin-lifeguard": "^${VERSION}",\n\t\t"typescript": "^5.9.0",\n\t\t"typescript-eslint": "^8.0.0"\n\t}\n}`,
    );
  });

  it.each([
    ['.eslintrc.json', '{ "extends": "eslint:recommended" }\n', 'npx @eslint/migrate-config .eslintrc.json'],
    ['.eslintrc.cjs', 'module.exports = {};\n', 'npx @eslint/migrate-config .eslintrc.cjs'],
    ['package.json', '{ "name": "app", "eslintConfig": { "root": true } }\n', 'after moving the "eslintConfig" of package.json into .eslintrc.json'],
  ])('refuses a legacy config (%s), says how to migrate and writes nothing', async (name, text, hint) => {
    const root = makeProject({ 'package.json': '{ "name": "app" }\n', [name]: text });
    const hash = hashTree(root);
    const result = await init(root);
    expect(result.code).toBe(1);
    expect(result.err).toContain('found a legacy ESLint config');
    expect(result.err).toContain('ESLint 9 and later read only flat config');
    expect(result.err).toContain(hint);
    expect(result.err).toContain('Nothing was changed.');
    expect(hashTree(root)).toBe(hash);
  });

  it('refuses a config it cannot edit and writes nothing else either', async () => {
    const root = makeProject({ 'package.json': PACKAGE_JSON, 'eslint.config.js': "import { build } from './lint.js';\nexport default build();\n" });
    const hash = hashTree(root);
    const result = await init(root);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      'lifeguard init: eslint.config.js: its export is a CallExpression, not a config array, `defineConfig(...)` or `tseslint.config(...)`; add `lifeguard.configs.recommended` to the exported config array by hand.\nNothing was changed.\n',
    );
    expect(hashTree(root)).toBe(hash);
  });

  it('needs a package.json', async () => {
    const result = await init(makeProject({}));
    expect(result.code).toBe(1);
    expect(result.err).toContain('no package.json in this folder or above: run `npm init -y` first');
  });

  it('configures ESLint and skips the hook outside a git repository', async () => {
    const root = makeProject({ 'package.json': PACKAGE_JSON }, { git: false });
    const result = await init(root);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Not a git repository: no pre-commit hook was wired');
    expect(existsSync(join(root, 'eslint.config.js'))).toBe(true);
  });

  it.each([
    [['--hook', 'overcommit'], '--hook must be one of husky, lefthook, pre-commit, git, got overcommit'],
    [['src'], "Unexpected argument 'src'"],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const result = await init(makeProject({ 'package.json': PACKAGE_JSON }), ...args);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`lifeguard init: ${message}`);
  });
});

describe('lifeguard init: hooks', () => {
  it('plain git: an executable .git/hooks/pre-commit that scans the staged files', async () => {
    const root = makeProject({ 'package.json': PACKAGE_JSON, 'eslint.config.js': 'export default [];\n' });
    expect((await init(root, '--hook', 'git')).code).toBe(0);
    expect(read(root, '.git/hooks/pre-commit')).toBe(gitHookScript(''));
    expect(gitHookScript('')).toContain("\nset -- '*.js' '*.jsx' '*.mjs' '*.cjs' '*.ts' '*.tsx' '*.mts' '*.cts'\n");
    expect(gitHookScript('')).toContain("xargs -0 npx --no lifeguard scan\n");
    expect(isExecutable(join(root, '.git/hooks/pre-commit'))).toBe(true);
  });

  it('plain git: refuses to touch a pre-commit hook that is not its own', async () => {
    const root = makeProject({ 'package.json': PACKAGE_JSON, '.git/hooks/pre-commit': '#!/bin/sh\nnpm test\n' });
    const hash = hashTree(root);
    const result = await init(root);
    expect(result.code).toBe(1);
    expect(result.err).toContain('.git/hooks/pre-commit already exists and is not Lifeguard\'s');
    expect(hashTree(root)).toBe(hash);
  });

  it('plain git in a package below the repository root: the hook changes into it', () => {
    expect(gitHookScript('packages/api')).toContain('cd "$(git rev-parse --show-toplevel)/packages/api" || exit 1\n');
  });

  it('husky + lint-staged: detected from .husky/, adds the lint-staged entry, the hook line and the packages', async () => {
    const root = makeProject({
      'package.json': '{\n  "name": "app",\n  "scripts": {\n    "prepare": "husky"\n  },\n  "devDependencies": {\n    "husky": "^9.1.0"\n  }\n}\n',
      'eslint.config.mjs': 'export default [];\n',
      '.husky/pre-commit': 'npm test\n',
    });
    const result = await init(root);
    expect(result.code).toBe(0);
    expect(result.out).toContain('.husky/pre-commit: runs lint-staged after its existing commands');
    expect(read(root, '.husky/pre-commit')).toBe('npm test\nnpx lint-staged\n');
    const manifest = JSON.parse(read(root, 'package.json')) as { 'lint-staged': Record<string, string>; devDependencies: Record<string, string> };
    expect(manifest['lint-staged']).toEqual({ '*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}': 'lifeguard scan' });
    expect(Object.keys(manifest.devDependencies)).toEqual(['eslint', 'eslint-plugin-lifeguard', 'husky', 'lint-staged']);
    expect((await init(root)).out).toMatch(/^lifeguard init: nothing to change/);
  });

  it('husky: creates the hook and the prepare script, and extends an existing lint-staged task list for the same glob', async () => {
    const root = makeProject({
      'package.json': PACKAGE_JSON,
      'eslint.config.js': 'export default [];\n',
      '.lintstagedrc.json': '{\n    "*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}": "prettier --write"\n}\n',
    });
    expect((await init(root, '--hook', 'husky')).code).toBe(0);
    expect(read(root, '.husky/pre-commit')).toBe('npx lint-staged\n');
    expect(isExecutable(join(root, '.husky/pre-commit'))).toBe(true);
    expect(read(root, '.lintstagedrc.json')).toBe('{\n    "*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}": [\n        "prettier --write",\n        "lifeguard scan"\n    ]\n}\n');
    expect((JSON.parse(read(root, 'package.json')) as { scripts: Record<string, string> }).scripts).toEqual({ prepare: 'husky' });
  });

  it('husky: refuses a lint-staged config written as code', async () => {
    const root = makeProject({ 'package.json': PACKAGE_JSON, '.husky/pre-commit': 'npx lint-staged\n', 'lint-staged.config.js': "export default { '*.js': 'prettier --check' };\n" });
    const result = await init(root);
    expect(result.code).toBe(1);
    expect(result.err).toContain("lint-staged.config.js is code or YAML that init does not edit: add `'*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}': 'lifeguard scan'` to it by hand.");
  });

  it('lefthook: creates lefthook.yml with a pre-commit command', async () => {
    const root = makeProject({ 'package.json': PACKAGE_JSON, 'eslint.config.js': 'export default [];\n' });
    expect((await init(root, '--hook', 'lefthook')).code).toBe(0);
    const text = read(root, 'lefthook.yml');
    expect(text).toBe(
      'pre-commit:\n  commands:\n    lifeguard:\n      glob: "*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}"\n      run: npx --no lifeguard scan {staged_files}\n',
    );
    const parsed = parseYaml(text);
    if (parsed !== undefined) expect(parsed).toEqual({ 'pre-commit': { commands: { lifeguard: { glob: '*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}', run: 'npx --no lifeguard scan {staged_files}' } } } });
    expect((JSON.parse(read(root, 'package.json')) as { devDependencies: Record<string, string> }).devDependencies['lefthook']).toBe('^2.0.0');
  });

  it('lefthook: adds a command to an existing pre-commit hook without losing anything', async () => {
    const before = `# Hooks for this repo
pre-push:
  commands:
    test:
      run: npm test

pre-commit:
  parallel: true
  commands:
    # formatting first
    prettier:
      glob: "*.{js,ts}"
      run: npx prettier --check {staged_files}

output:
  - summary
`;
    const root = makeProject({ 'package.json': PACKAGE_JSON, 'eslint.config.js': 'export default [];\n', 'lefthook.yml': before });
    const result = await init(root);
    expect(result.out).toContain('lefthook.yml: pre-commit command `lifeguard` runs `lifeguard scan` on staged files (detected; choose another with --hook)');
    const after = read(root, 'lefthook.yml');
    expect(after).toBe(
      before.replace(
        '      run: npx prettier --check {staged_files}\n',
        '      run: npx prettier --check {staged_files}\n    lifeguard:\n      glob: "*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}"\n      run: npx --no lifeguard scan {staged_files}\n',
      ),
    );
    const parsed = parseYaml(after) as { 'pre-commit': { parallel: boolean; commands: Record<string, unknown> }; output: string[] } | undefined;
    if (parsed) {
      expect(Object.keys(parsed['pre-commit'].commands)).toEqual(['prettier', 'lifeguard']);
      expect(parsed.output).toEqual(['summary']);
    }
  });

  it('lefthook: adds a pre-commit hook to a config that has none, in its indentation', () => {
    const result = addLefthookCommand('pre-push:\n    commands:\n        test:\n            run: npm test\n');
    expect(result).toEqual({
      text: 'pre-push:\n    commands:\n        test:\n            run: npm test\n\npre-commit:\n    commands:\n        lifeguard:\n            glob: "*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}"\n            run: npx --no lifeguard scan {staged_files}\n',
    });
  });

  it.each([
    ['pre-commit:\n  commands: &shared\n    lint:\n      run: eslint\npre-push:\n  commands: *shared\n', 'it uses YAML anchors or aliases'],
    ['pre-commit: { commands: { lint: { run: eslint } } }\n', 'its `pre-commit:` has an inline value'],
    ['{ "pre-commit": {} }\n', 'it is written in flow style'],
    ['pre-commit:\n  jobs:\n    - run: eslint\n', 'its pre-commit hook uses `jobs:`, which init does not edit'],
    ['pre-commit:\n\tcommands: {}\n', 'it is indented with tabs'],
  ])('lefthook: refuses YAML it cannot edit safely: %j', async (text, reason) => {
    expect(addLefthookCommand(text)).toBe(reason);
    const root = makeProject({ 'package.json': PACKAGE_JSON, 'eslint.config.js': 'export default [];\n', 'lefthook.yml': text });
    const hash = hashTree(root);
    const result = await init(root);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`lefthook.yml: ${reason}. Add this under pre-commit → commands by hand:`);
    expect(hashTree(root)).toBe(hash);
  });

  it('pre-commit framework: a `repo: local` entry running the installed plugin, recognised on re-runs', async () => {
    const root = makeProject({ 'package.json': PACKAGE_JSON, 'eslint.config.js': 'export default [];\n' });
    const result = await init(root, '--hook', 'pre-commit');
    expect(result.code).toBe(0);
    expect(result.out).toContain('Run `pre-commit install` once');
    const text = read(root, '.pre-commit-config.yaml');
    expect(parseDocument(text).toJS()).toEqual({ repos: [{ repo: 'local', hooks: [preCommitHook()] }] });
    expect(text).toContain('types_or: [ javascript, jsx, ts, tsx ]');
    expect((await init(root)).out).toMatch(/^lifeguard init: nothing to change/);
    expect((await init(root, '--hook', 'pre-commit')).out).toMatch(/^lifeguard init: nothing to change/);
    expect(read(root, '.pre-commit-config.yaml')).toBe(text);
  });

  it('pre-commit framework: appends to an existing repos list written at column 0, comments kept', () => {
    const before = '# hooks for this repo\ndefault_stages: [pre-commit]\nrepos:\n- repo: https://github.com/pre-commit/pre-commit-hooks\n  rev: v5.0.0 # pinned\n  hooks:\n  - id: trailing-whitespace\n# end\nci:\n  autofix_prs: false\n';
    const result = addPreCommitRepo(before);
    if (typeof result !== 'object') throw new Error(String(result));
    expect(result.text).toContain('# hooks for this repo\n');
    expect(result.text).toContain('rev: v5.0.0 # pinned\n');
    expect(result.text).toContain('\n- repo: local\n  hooks:\n  - id: lifeguard\n');
    expect(parseDocument(result.text).toJS()).toEqual({
      default_stages: ['pre-commit'],
      repos: [{ repo: 'https://github.com/pre-commit/pre-commit-hooks', rev: 'v5.0.0', hooks: [{ id: 'trailing-whitespace' }] }, { repo: 'local', hooks: [preCommitHook()] }],
      ci: { autofix_prs: false },
    });
    expect(addPreCommitRepo(result.text)).toBe('present');
    expect(addPreCommitRepo('repos: []\n')).toEqual({ text: expect.stringContaining('- repo: local') });
    expect(addPreCommitRepo('repos: [\n')).toMatch(/^it is not valid YAML/);
  });

  it('pre-commit framework: replaces the remote entry earlier versions wrote, never duplicates it', () => {
    const stale = 'repos:\n  - repo: https://github.com/lifeguard-dev/eslint-plugin-lifeguard\n    rev: v0.1.0\n    hooks:\n      - id: lifeguard\n  - repo: local\n    hooks:\n      - id: lifeguard\n        name: lifeguard scan\n        entry: npx --no lifeguard scan\n        language: system\n';
    const result = addPreCommitRepo(stale);
    if (typeof result !== 'object') throw new Error(String(result));
    const repos = (parseDocument(result.text).toJS() as { repos: { repo: string; hooks: { entry?: string }[] }[] }).repos;
    expect(repos.map((repo) => repo.repo)).toEqual(['local']);
    expect(repos[0]!.hooks[0]!.entry).toBe('npx --no lifeguard scan');
    const onlyRemote = addPreCommitRepo(stale.slice(0, stale.indexOf('  - repo: local')));
    if (typeof onlyRemote !== 'object') throw new Error(String(onlyRemote));
    expect(parseDocument(onlyRemote.text).toJS()).toEqual({ repos: [{ repo: 'local', hooks: [preCommitHook()] }] });
  });

  it("ships the hook definition the pre-commit config points at (.pre-commit-hooks.yaml)", () => {
    const text = read(join(import.meta.dirname, '../..'), '.pre-commit-hooks.yaml');
    expect(text).toContain('- id: lifeguard\n');
    expect(parseDocument(text).toJS()).toEqual([preCommitHook()]);
  });

  it('lint-staged already running ESLint: no overlapping lifeguard task (ESLint reports Lifeguard through the config)', async () => {
    const manifest = { name: 'app', type: 'module', devDependencies: { eslint: '^10.0.0', husky: '^9.0.0', 'lint-staged': '^16.0.0' }, 'lint-staged': { '*.{js,ts}': 'eslint --fix', '*.md': 'prettier --write' } };
    const root = makeProject({ 'package.json': `${JSON.stringify(manifest, null, 2)}\n`, '.husky/pre-commit': 'npx lint-staged\n', 'eslint.config.js': 'export default [];\n' });
    const result = await init(root);
    expect(result.code).toBe(0);
    expect(result.out).toContain('package.json "lint-staged" already runs ESLint on staged files, which now reports Lifeguard\'s findings');
    const after = JSON.parse(read(root, 'package.json')) as { 'lint-staged': Record<string, unknown> };
    expect(after['lint-staged']).toEqual(manifest['lint-staged']);
    expect(read(root, 'eslint.config.js')).toContain('lifeguard.configs.recommended');
    // A JavaScript lint-staged config with an ESLint task: recognised too, not refused.
    const scripted = makeProject({ 'package.json': PACKAGE_JSON, '.husky/pre-commit': 'npx lint-staged\n', 'lint-staged.config.js': "export default { '*.{js,ts}': ['eslint --fix', 'prettier --write'] };\n" });
    const second = await init(scripted, '--hook', 'husky');
    expect(second.code, second.err).toBe(0);
    expect(second.out).toContain('lint-staged.config.js already runs ESLint on staged files');
  });

  it('monorepo: run inside a package, sets up the workspace root once, ignoring every package’s build output', async () => {
    const root = makeProject({
      'package.json': '{\n  "name": "mono",\n  "private": true,\n  "type": "module",\n  "workspaces": ["packages/*"]\n}\n',
      'packages/api/package.json': '{\n  "name": "api",\n  "type": "module"\n}\n',
      'packages/api/src/index.js': 'export {};\n',
    });
    const result = await init(join(root, 'packages/api'));
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('. is a package of the workspace at ../..: Lifeguard was set up there, for every package');
    expect(read(root, 'eslint.config.js')).toContain("{ ignores: ['**/dist/', '**/build/', '**/coverage/'] },");
    expect(existsSync(join(root, 'packages/api/eslint.config.js'))).toBe(false);
    expect((JSON.parse(read(root, 'package.json')) as { devDependencies: Record<string, string> }).devDependencies).toHaveProperty('eslint-plugin-lifeguard');
    expect(read(root, 'packages/api/package.json')).toBe('{\n  "name": "api",\n  "type": "module"\n}\n');
    expect(read(root, '.git/hooks/pre-commit')).not.toContain('cd "$(git rev-parse --show-toplevel)/');
    // pnpm: pnpm-workspace.yaml marks the root.
    const pnpm = makeProject({ 'package.json': '{ "name": "mono", "private": true }\n', 'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n", 'apps/web/package.json': '{ "name": "web" }\n' });
    expect((await init(join(pnpm, 'apps/web'))).code).toBe(0);
    expect(existsSync(join(pnpm, 'eslint.config.mjs'))).toBe(true);
    expect(existsSync(join(pnpm, 'apps/web/eslint.config.mjs'))).toBe(false);
  });
});
