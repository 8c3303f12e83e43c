import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO, CLEAN_JS, LEAKY_JS, makeProject, read, removeProjects, REPO_ROOT, writeFiles } from './helpers.js';

/**
 * The hook managers as users get them: installed from the npm registry (once,
 * into a cache reused by later runs), wired by `lifeguard init`, installed into
 * git by their own command, and driven by a real `git commit`.
 *
 * Pinned, so a new release cannot turn this test red overnight. lint-staged 17
 * needs Node 22.22.1+; on older Node, npm resolves init's `^16.0.0 || ^17.0.0`
 * to 16, so that is the version tested there.
 */
const [nodeMajor = 0, nodeMinor = 0, nodePatch = 0] = process.versions.node.split('.').map(Number);
const runsLintStaged17 = nodeMajor > 22 || (nodeMajor === 22 && (nodeMinor > 22 || (nodeMinor === 22 && nodePatch >= 1)));
const LINT_STAGED = runsLintStaged17 ? '17.6.1' : '16.4.0';
const TOOLS = { husky: '9.1.7', 'lint-staged': LINT_STAGED, lefthook: '2.2.2' } as const;
const CACHE_ROOT = join(REPO_ROOT, 'node_modules/.cache/lifeguard-hook-tools');
/** lefthook's binary comes in a platform package, so the platform is part of the cache key. */
const CACHE = join(CACHE_ROOT, createHash('sha256').update(JSON.stringify([TOOLS, process.platform, process.arch])).digest('hex').slice(0, 16));
const INSTALL_TIMEOUT_MS = 75_000;

const BUILT_MAIN = join(REPO_ROOT, 'dist/src/cli/main.js');

const FIXED_JS = "export function startHeartbeat(socket) {\n  const timer = setInterval(() => socket.ping(), 30_000);\n  socket.once('close', () => clearInterval(timer));\n}\n";

afterAll(removeProjects);

/**
 * Installs the pinned tools into the cache unless an earlier run did. npm runs
 * from inside the cache with `--ignore-scripts`: lefthook's postinstall would
 * otherwise run `lefthook install` in npm's INIT_CWD, which could be this
 * repository. The install goes to a scratch folder renamed into place when
 * complete, so an interrupted run never leaves a half-filled cache behind.
 */
function installTools(): void {
  if (existsSync(join(CACHE, 'node_modules/.bin/lefthook'))) return;
  const scratch = `${CACHE}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  writeFileSync(join(scratch, 'package.json'), `${JSON.stringify({ name: 'lifeguard-hook-tools', private: true }, null, 2)}\n`);
  const specs = Object.entries(TOOLS).map(([name, version]) => `${name}@${version}`);
  const result = spawnSync('npm', ['install', '--prefix', scratch, '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', '--fetch-retries=1', '--fetch-timeout=20000', ...specs], {
    cwd: scratch,
    encoding: 'utf8',
    timeout: INSTALL_TIMEOUT_MS,
    env: { ...process.env, INIT_CWD: scratch },
  });
  if (result.status !== 0) {
    rmSync(scratch, { recursive: true, force: true });
    const reason = result.error ? result.error.message : `exit code ${String(result.status)}`;
    throw new Error(
      `Could not install ${specs.join(', ')} from the npm registry (${reason}). These tests need the registry once; later runs reuse ${CACHE}.\n${result.stdout}${result.stderr}`,
    );
  }
  rmSync(CACHE, { recursive: true, force: true });
  renameSync(scratch, CACHE);
}

/**
 * What `npm install` would leave in the temp project: the cached tools (linked
 * package by package, so the cache itself is never written to), this
 * repository's build as `eslint-plugin-lifeguard`, and its bin as
 * `node_modules/.bin/lifeguard`.
 */
function linkNodeModules(root: string): void {
  const modules = join(root, 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  for (const name of readdirSync(join(CACHE, 'node_modules'))) {
    if (name.startsWith('.')) continue;
    symlinkSync(join(CACHE, 'node_modules', name), join(modules, name), 'dir');
  }
  for (const name of readdirSync(join(CACHE, 'node_modules/.bin'))) symlinkSync(join(CACHE, 'node_modules/.bin', name), join(modules, '.bin', name));
  symlinkSync(REPO_ROOT, join(modules, 'eslint-plugin-lifeguard'), 'dir');
  symlinkSync(join(REPO_ROOT, 'bin/lifeguard.js'), join(modules, '.bin/lifeguard'));
}

/** A shell's environment: node_modules/.bin is not on the PATH, the hooks find their tools themselves. */
function run(root: string, command: string, args: readonly string[]): { status: number | null; output: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1' };
  // A developer's shell does not carry these: HUSKY=0 and LEFTHOOK=0 turn the hooks off, and vitest's
  // NODE_ENV=test makes lint-staged print listr2's JSON event log instead of its report.
  for (const name of Object.keys(env)) if (/^(HUSKY|LEFTHOOK|GIT_DIR|GIT_INDEX_FILE|NODE_ENV|VITEST)/.test(name)) delete env[name];
  const result = spawnSync(command, [...args], { cwd: root, encoding: 'utf8', env, timeout: 30_000 });
  const output = `${result.stdout}${result.stderr}${result.error ? `\n${result.error.message}` : ''}`;
  // lint-staged and lefthook colour their output even without a terminal.
  return { status: result.status, output: stripVTControlCharacters(output) };
}

function commit(root: string, message: string): { status: number | null; output: string } {
  const add = run(root, 'git', ['add', '-A']);
  expect(add.status, add.output).toBe(0);
  return run(root, 'git', ['commit', '-m', message]);
}

function commitCount(root: string): number {
  const result = run(root, 'git', ['rev-list', '--count', 'HEAD']);
  return result.status === 0 ? Number(result.output.trim()) : 0;
}

async function lifeguardInit(root: string, hook: string): Promise<string> {
  const io = captureIO(root);
  const code = await main(['init', '--hook', hook], io);
  expect(code, io.err()).toBe(0);
  return io.out();
}

/** The story every hook manager must tell: a leak is refused with Lifeguard's report, the fix goes through. */
function expectLeakRejectedThenFixPasses(root: string, hookManager: RegExp): void {
  const clean = commit(root, 'clean start');
  expect(clean.status, clean.output).toBe(0);
  expect(clean.output).not.toContain('lifeguard/');
  expect(commitCount(root)).toBe(1);

  writeFiles(root, { 'src/heartbeat.js': LEAKY_JS });
  const leaky = commit(root, 'add a heartbeat');
  expect(leaky.status, leaky.output).not.toBe(0);
  expect(leaky.output).toContain('lifeguard/require-timer-cleanup (1)');
  expect(leaky.output).toMatch(/src\/heartbeat\.js:2:3/);
  expect(leaky.output).toContain('npx lifeguard listener-cleanup');
  // The report came through the hook manager, not some other hook.
  expect(leaky.output).toMatch(hookManager);
  expect(commitCount(root)).toBe(1);

  writeFiles(root, { 'src/heartbeat.js': FIXED_JS });
  const fixed = commit(root, 'add a heartbeat');
  expect(fixed.status, fixed.output).toBe(0);
  expect(commitCount(root)).toBe(2);
  expect(run(root, 'git', ['show', '--stat', 'HEAD']).output).toContain('src/heartbeat.js');
}

describe('end to end with the real hook managers from the npm registry (needs npm run build)', () => {
  beforeAll(() => {
    if (!existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} not found: run npm run build first (npm test does it through its pretest script)`);
    installTools();
  }, INSTALL_TIMEOUT_MS + 10_000);

  it('husky + lint-staged: `lifeguard init --hook husky`, `npx husky`, then git commit', async () => {
    const root = makeProject({ 'package.json': '{ "name": "app", "version": "1.0.0", "type": "module" }\n', '.gitignore': 'node_modules/\n', 'src/math.js': CLEAN_JS });
    const out = await lifeguardInit(root, 'husky');
    expect(out).toContain('.husky/pre-commit: runs lint-staged before each commit');
    const manifest = JSON.parse(read(root, 'package.json')) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(manifest.scripts['prepare']).toBe('husky');
    expect(manifest.devDependencies).toMatchObject({ husky: '^9.0.0', 'lint-staged': '^16.0.0 || ^17.0.0' });
    linkNodeModules(root);

    // What `npm install` runs through the "prepare" script init added.
    const husky = run(root, 'npx', ['--no', 'husky']);
    expect(husky.status, husky.output).toBe(0);
    expect(run(root, 'git', ['config', 'core.hooksPath']).output.trim()).toBe('.husky/_');

    expectLeakRejectedThenFixPasses(root, /✖ lifeguard scan:[\s\S]*husky - pre-commit script failed/);
  }, 60_000);

  it('lefthook: `lifeguard init --hook lefthook`, `npx lefthook install`, then git commit', async () => {
    const root = makeProject({ 'package.json': '{ "name": "app", "version": "1.0.0", "type": "module" }\n', '.gitignore': 'node_modules/\n', 'src/math.js': CLEAN_JS });
    const out = await lifeguardInit(root, 'lefthook');
    expect(out).toContain('lefthook.yml: pre-commit command `lifeguard` runs `lifeguard scan` on staged files');
    expect(out).toContain('After installing, run `npx lefthook install` once');
    linkNodeModules(root);

    const lefthook = run(root, 'npx', ['--no', 'lefthook', 'install']);
    expect(lefthook.status, lefthook.output).toBe(0);
    expect(read(root, '.git/hooks/pre-commit')).toContain('lefthook');

    expectLeakRejectedThenFixPasses(root, /lefthook[\s\S]*lifeguard ❯/);
  }, 60_000);
});

/** The pre-commit framework (Debian's `pre-commit` package in CI; `.ci/run` installs it): it runs outside npm, so a fresh clone reaches the hook before `npm install`. */
const PRE_COMMIT = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const HAS_PRE_COMMIT = PRE_COMMIT.status === 0;

describe.skipIf(!HAS_PRE_COMMIT)(`with the real pre-commit framework${HAS_PRE_COMMIT ? ` (${PRE_COMMIT.stdout.trim()})` : ' (skipped: no `pre-commit` on the PATH; apt-get install pre-commit)'}`, () => {
  beforeAll(() => {
    if (!existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} not found: run npm run build first (npm test does it through its pretest script)`);
    // pre-commit keeps its environments under PRE_COMMIT_HOME: a temp folder, not the user's cache.
    process.env['PRE_COMMIT_HOME'] = makeProject({}, { git: false });
  });

  it('`lifeguard init --hook pre-commit`, `pre-commit install`: "run npm install" in a fresh clone, then the leak is refused', async () => {
    const root = makeProject({ 'package.json': '{ "name": "app", "version": "1.0.0", "type": "module" }\n', '.gitignore': 'node_modules/\n', 'src/math.js': CLEAN_JS });
    const out = await lifeguardInit(root, 'pre-commit');
    expect(out).toContain("a `repo: local` hook runs the project's installed `lifeguard scan`");
    const install = run(root, 'pre-commit', ['install']);
    expect(install.status, install.output).toBe(0);
    // Running init again (a teammate, or CI) recognises the hook.
    expect(await lifeguardInit(root, 'pre-commit')).toMatch(/^lifeguard init: nothing to change/);

    // A fresh clone: the hook runs before anything is installed.
    const fresh = commit(root, 'clean start');
    expect(fresh.status, fresh.output).not.toBe(0);
    expect(fresh.output).toContain('lifeguard: eslint-plugin-lifeguard is not installed here: run npm install, then commit again');
    expect(fresh.output).not.toContain('npx canceled');
    expect(commitCount(root)).toBe(0);

    // After `npm install`: the plugin (this repository's build) and its bin.
    mkdirSync(join(root, 'node_modules/.bin'), { recursive: true });
    symlinkSync(REPO_ROOT, join(root, 'node_modules/eslint-plugin-lifeguard'), 'dir');
    symlinkSync(join(REPO_ROOT, 'bin/lifeguard.js'), join(root, 'node_modules/.bin/lifeguard'));
    expectLeakRejectedThenFixPasses(root, /lifeguard scan\.+Failed[\s\S]*hook id: lifeguard/);
  }, 60_000);
});
