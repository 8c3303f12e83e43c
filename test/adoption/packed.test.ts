import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAN_JS, LEAKY_JS, REPO_ROOT } from './helpers.js';

/**
 * A new user's first hour, replayed with the packed tarball (`npm pack`, what
 * the registry would serve) in fresh temporary projects: `npx` before
 * installation, then `npm install` of the tarball and the setup problems of
 * the shared cases (C1: an outdated typescript-eslint parser in node_modules,
 * C2: a config importing a plugin that is not installed) — each one line that
 * names the cause and the fix, exit code 2. npm installs from its cache when it
 * can (`--prefer-offline`); the first run needs the registry.
 */
const CASES = '/work/shared/cases/codemods';
const CASES_IN_REPO = join(REPO_ROOT, 'test/fixtures/adoption-cases');
const INSTALL_TIMEOUT_MS = 120_000;
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

let scratch: string;
let tarball: string;
/** A project with the tarball and ESLint 10 installed. */
let installed: string;

const HAS_PRE_COMMIT = spawnSync('pre-commit', ['--version']).status === 0;

function run(cwd: string, command: string, args: readonly string[], timeout = 60_000, extraEnv: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', GIT_CONFIG_NOSYSTEM: '1', ...extraEnv };
  for (const name of Object.keys(env)) if (/^(NODE_ENV|VITEST|FORCE_COLOR|GIT_DIR|GIT_INDEX_FILE|HUSKY)/.test(name)) delete env[name];
  const result = spawnSync(command, [...args], { cwd, encoding: 'utf8', timeout, env });
  return { status: result.status, stdout: result.stdout ?? '', stderr: `${result.stderr ?? ''}${result.error ? result.error.message : ''}` };
}

function project(name: string, files: Record<string, string>): string {
  const root = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A shared case folder (from /work/shared/cases, or the copy kept in the repository). */
function copyCase(name: string, into: string): string {
  const source = existsSync(join(CASES_IN_REPO, name)) ? join(CASES_IN_REPO, name) : join(CASES, name);
  const target = join(into, name);
  cpSync(source, target, { recursive: true });
  return target;
}

beforeAll(() => {
  if (!existsSync(join(REPO_ROOT, 'dist/src/index.js'))) throw new Error('dist/ is missing: run npm run build first (npm test does it through its pretest script)');
  scratch = mkdtempSync(join(tmpdir(), 'lifeguard-packed-'));
  const pack = run(REPO_ROOT, 'npm', ['pack', '--ignore-scripts', '--pack-destination', scratch, '--loglevel=error']);
  expect(pack.status, pack.stderr).toBe(0);
  tarball = join(scratch, readdirSync(scratch).find((file) => file.endsWith('.tgz'))!);
  installed = project('installed', { 'package.json': '{ "name": "service", "private": true, "type": "module" }\n' });
  const install = run(installed, 'npm', ['install', ...NPM_FLAGS, tarball, 'eslint@^10'], INSTALL_TIMEOUT_MS);
  expect(install.status, install.stderr).toBe(0);
}, INSTALL_TIMEOUT_MS + 30_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the packed package in fresh projects', () => {
  it('`npx eslint-plugin-lifeguard scan src` works before installation and prints commands that work too', () => {
    const root = project('before-install', { 'package.json': '{ "name": "fresh", "private": true, "type": "module" }\n', 'src/heartbeat.js': LEAKY_JS, 'src/math.js': CLEAN_JS });
    // What `npx eslint-plugin-lifeguard` does with the published package: the bin named like the package.
    const result = run(root, 'npx', ['--yes', ...NPM_FLAGS, '--package', tarball, 'eslint-plugin-lifeguard', 'scan', 'src'], INSTALL_TIMEOUT_MS);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('lifeguard scan: 1 finding (1 error) in 1 of 2 files (built-in config)');
    expect(result.stdout).toContain('lifeguard/require-timer-cleanup (1)  fix: npx eslint-plugin-lifeguard listener-cleanup');
    expect(result.stdout).toContain('`npx eslint-plugin-lifeguard listener-cleanup src/heartbeat.js`');
    expect(result.stdout).not.toMatch(/npx lifeguard /);
  }, INSTALL_TIMEOUT_MS);

  it('after `npm install`, both bins run the same CLI: `lifeguard -v` and `eslint-plugin-lifeguard --version`', () => {
    const short = run(installed, 'npx', ['--no', 'lifeguard', '-v']);
    const long = run(installed, 'npx', ['--no', 'eslint-plugin-lifeguard', '--version']);
    expect(short.status, short.stderr).toBe(0);
    expect(short.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(long.stdout).toBe(short.stdout);
  });

  it('C2: a config importing a plugin that is not installed is one line naming it, exit 2', () => {
    const root = copyCase('C2-scan-missing-plugin', installed);
    const result = run(root, join(installed, 'node_modules/.bin/lifeguard'), ['scan', 'src']);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'lifeguard scan: eslint.config.js imports eslint-plugin-not-installed, which is not installed: run `npm install --save-dev eslint-plugin-not-installed` (or remove it from eslint.config.js)\n',
    );
    expect(result.status).toBe(2);
  });

  it('C1: an outdated @typescript-eslint/parser in the project is one line naming it and the fix, exit 2', () => {
    const root = copyCase('C1-scan-old-parser', installed);
    const install = run(root, 'npm', ['install', ...NPM_FLAGS], INSTALL_TIMEOUT_MS);
    expect(install.status, install.stderr).toBe(0);
    const result = run(root, join(installed, 'node_modules/.bin/lifeguard'), ['scan', 'src']);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "lifeguard scan: the project's @typescript-eslint/parser is 6.21.0 (in node_modules/@typescript-eslint/parser), too old for this ESLint and TypeScript: run `npm install --save-dev @typescript-eslint/parser@^8`\n",
    );
    expect(result.status).toBe(2);

    // The same parser named by the project's own config: it fails while ESLint loads it.
    writeFileSync(join(root, 'eslint.config.mjs'), "import parser from '@typescript-eslint/parser';\nexport default [{ files: ['**/*.ts'], languageOptions: { parser } }];\n");
    const configured = run(root, join(installed, 'node_modules/.bin/lifeguard'), ['scan', 'src']);
    expect(configured.stdout).toBe('');
    expect(configured.stderr).toMatch(
      /^lifeguard scan: @typescript-eslint\/typescript-estree 6\.21\.0 \(node_modules\/@typescript-eslint\/typescript-estree\) failed: TypeError: .+; typescript-eslint 8\+ is needed: run `npm install --save-dev typescript-eslint@\^8 @typescript-eslint\/parser@\^8`\n$/,
    );
    expect(configured.status).toBe(2);
  }, INSTALL_TIMEOUT_MS);

  it.each([
    ['an empty folder', ['scan', 'empty'], /^lifeguard scan: nothing to lint: no JavaScript or TypeScript files \(.+\) in empty outside node_modules and build output: check the path\n$/],
    ['a broken symbolic link', ['scan', 'src/gone.js'], /^lifeguard scan: nothing to lint: src\/gone\.js is a broken symbolic link: fix or remove it\n$/],
    ['a path outside the project', ['scan', '../elsewhere'], /^lifeguard scan: \.\.\/elsewhere is outside the working directory, and ESLint lints only files under it: run `lifeguard scan` from a folder that contains \.\.\/elsewhere\n$/],
    ['a misspelt option', ['scan', '--quite', 'src'], /^lifeguard scan: unknown option --quite \(did you mean --quiet\?\)\n$/],
    ['a misspelt command', ['scna', 'src'], /^lifeguard: unknown command: scna \(did you mean `lifeguard scan`\?\)\n/],
  ])('%s is one line with the fix, exit 2', (_label, args, message) => {
    const root = project('setup-problems', { 'src/math.js': CLEAN_JS, 'empty/.keep': '' });
    mkdirSync(join(scratch, 'elsewhere'), { recursive: true });
    if (!lstatSync(join(root, 'src/gone.js'), { throwIfNoEntry: false })) symlinkSync(join(root, 'src/missing.js'), join(root, 'src/gone.js'));
    const result = run(root, join(installed, 'node_modules/.bin/lifeguard'), args);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(2);
  });

  it('an unreadable file is one line naming it, exit 2 (as an unprivileged user: root reads everything)', () => {
    const root = project('unreadable', { 'src/a.js': CLEAN_JS, 'src/secret.js': CLEAN_JS });
    chmodSync(join(root, 'src/secret.js'), 0o000);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) for (const directory of [scratch, root, join(root, 'src')]) chmodSync(directory, 0o755);
    const lifeguardBin = join(installed, 'node_modules/.bin/lifeguard');
    const result = asRoot ? run(root, 'setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, lifeguardBin, 'scan', 'src']) : run(root, lifeguardBin, ['scan', 'src']);
    expect(result.stderr).toBe('lifeguard scan: cannot read src/secret.js (permission denied): fix its permissions, or leave it out with --ignore\n');
    expect(result.status).toBe(2);
  });

  it('a file with an /* eslint-env */ comment is linted (ESLint 10 alone would refuse it as a whole)', () => {
    const root = project('eslint-env', { 'src/legacy.js': `/* eslint-env node, mocha */\n${LEAKY_JS}` });
    const result = run(root, join(installed, 'node_modules/.bin/lifeguard'), ['scan', 'src']);
    expect(result.stdout).not.toContain('Could not parse');
    expect(result.stdout).toContain('src/legacy.js:3:3');
    expect(result.status).toBe(1);
  });

  it('codemods refuse to edit outside git without --force, and --runtime-file needs an existing folder', () => {
    const root = project('no-git', { 'package.json': '{ "name": "tool", "private": true, "type": "module" }\n', 'src/heartbeat.js': LEAKY_JS });
    const refused = run(root, join(installed, 'node_modules/.bin/lifeguard'), ['listener-cleanup', 'src']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('is not in a git repository, so there would be no way to review or undo the edits');
    const missingFolder = run(root, join(installed, 'node_modules/.bin/lifeguard'), ['listener-cleanup', 'src', '--force', '--runtime-file', 'vendor/runtime.js']);
    expect(missingFolder.status).toBe(2);
    expect(missingFolder.stderr).toBe(
      'lifeguard: --runtime-file vendor/runtime.js: the folder vendor does not exist: create it first, or choose a path in an existing folder\nRun `lifeguard --help` for usage.\n',
    );
    const forced = run(root, join(installed, 'node_modules/.bin/lifeguard'), ['listener-cleanup', 'src', '--force']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('1 changed');
  });

  it.skipIf(!HAS_PRE_COMMIT)('init --hook pre-commit with the real framework: the repo: local hook runs the installed package (skipped without `pre-commit` on the PATH)', () => {
    const root = project('installed/precommit-app', { 'package.json': '{ "name": "app", "private": true, "type": "module" }\n', '.gitignore': 'node_modules/\n', 'src/math.js': CLEAN_JS });
    for (const args of [['init', '-q', '-b', 'main'], ['config', 'user.email', 'test@example.com'], ['config', 'user.name', 'Lifeguard Test'], ['config', 'commit.gpgsign', 'false']]) {
      expect(run(root, 'git', args).status).toBe(0);
    }
    const lifeguardBin = join(installed, 'node_modules/.bin/lifeguard');
    const init = run(root, lifeguardBin, ['init', '--hook', 'pre-commit']);
    expect(init.status, init.stderr).toBe(0);
    expect(run(root, lifeguardBin, ['init', '--hook', 'pre-commit']).stdout).toMatch(/^lifeguard init: nothing to change/);
    const env = { PRE_COMMIT_HOME: join(scratch, 'pre-commit-home') };
    expect(run(root, 'pre-commit', ['install'], 60_000, env).status).toBe(0);
    const commit = (message: string): { status: number | null; stdout: string; stderr: string } => {
      expect(run(root, 'git', ['add', '-A']).status).toBe(0);
      return run(root, 'git', ['commit', '-m', message], 60_000, env);
    };
    expect(commit('clean start').status).toBe(0);
    writeFileSync(join(root, 'src/heartbeat.js'), LEAKY_JS);
    const leaky = commit('add a heartbeat');
    expect(leaky.status).not.toBe(0);
    expect(`${leaky.stdout}${leaky.stderr}`).toContain('lifeguard/require-timer-cleanup (1)');
  }, 90_000);

  it('init in a monorepo package sets up the workspace root; next to lint-staged running ESLint it adds no task', () => {
    const root = project('installed/mono', {
      'package.json': '{\n  "name": "mono",\n  "private": true,\n  "type": "module",\n  "workspaces": ["packages/*"],\n  "devDependencies": { "husky": "^9.0.0", "lint-staged": "^16.0.0" },\n  "lint-staged": { "*.{js,ts}": "eslint --fix" }\n}\n',
      '.husky/pre-commit': 'npx lint-staged\n',
      'packages/api/package.json': '{ "name": "api", "type": "module" }\n',
      'packages/api/src/heartbeat.js': LEAKY_JS,
      'packages/api/dist/heartbeat.js': LEAKY_JS,
    });
    expect(run(root, 'git', ['init', '-q']).status).toBe(0);
    const result = run(join(root, 'packages/api'), join(installed, 'node_modules/.bin/lifeguard'), ['init']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('is a package of the workspace at ../..');
    expect(result.stdout).toContain('package.json "lint-staged" already runs ESLint on staged files');
    expect(readFileSync(join(root, 'eslint.config.js'), 'utf8')).toContain("'**/dist/'");
    // The ESLint run lint-staged does now reports Lifeguard, and the build output stays out.
    const eslint = run(root, join(installed, 'node_modules/.bin/eslint'), ['packages']);
    expect(eslint.stdout).toContain('lifeguard/require-timer-cleanup');
    expect(eslint.stdout).toContain('heartbeat.js');
    expect(eslint.stdout).not.toContain('dist');
  });
});
