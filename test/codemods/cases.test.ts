import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureStream } from '../codemod/helpers.js';
import { tsc } from '../typescript.js';

/**
 * The codemod cases (test/codemods/cases/, one small project each, from
 * patterns seen on real repositories): each is committed to a temporary git
 * repository, the codemod runs through the CLI (its main(), in this process:
 * test/cli/bin.test.ts runs the bin that wraps it), then the case's own
 * check.mjs and, where it has a tsconfig.json, its own tsc (in this process
 * too, so the lib files are parsed once for all the cases).
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cases = join(root, 'test', 'codemods', 'cases');
const temporary: string[] = [];
afterAll(() => {
  for (const directory of temporary) rmSync(directory, { recursive: true, force: true });
});

interface Run {
  directory: string;
  status: number;
  stdout: string;
  diff: string;
  check: string;
  /** The case's own type errors after the run (`tsc -p . --noEmit`), or null without a tsconfig.json. */
  readonly typeErrors: number | null;
}

async function run(name: string, codemod: string, args: string[] = ['src'], adapt?: (directory: string) => void): Promise<Run> {
  const directory = mkdtempSync(join(tmpdir(), `lifeguard-case-${name}-`));
  temporary.push(directory);
  cpSync(join(cases, name), directory, { recursive: true });
  adapt?.(directory);
  const git = (...gitArgs: string[]): string => execFileSync('git', gitArgs, { cwd: directory, encoding: 'utf8' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.email=case@example.com', '-c', 'user.name=case', 'commit', '-qm', 'case');
  const hasTsconfig = existsSync(join(directory, 'tsconfig.json'));
  // The repository's @types/node, for the case's own tsc (also found from tsconfigs in subfolders).
  mkdirSync(join(directory, 'node_modules', '@types'), { recursive: true });
  symlinkSync(join(root, 'node_modules', '@types', 'node'), join(directory, 'node_modules', '@types', 'node'), 'dir');
  const stdout = captureStream();
  const stderr = captureStream();
  const status = await main([codemod, ...args], { stdout, stderr, cwd: directory });
  const diff = git('diff');
  const check = existsSync(join(directory, 'check.mjs')) ? spawnSync(process.execPath, ['check.mjs'], { cwd: directory, encoding: 'utf8', timeout: 20_000 }).stdout : '';
  return {
    directory,
    status,
    stdout: stdout.text() + stderr.text(),
    diff,
    check,
    // Compiled when a test asks: most cases check their behaviour, not their types.
    get typeErrors() {
      return hasTsconfig ? tsc(directory, '.', { noEmit: true }).errors : null;
    },
  };
}

/**
 * Gives the case a flat ESLint config with `configs.strict`, whose broader reading of the listener
 * and timer rules (`assumeOwnersEnd`) reports owners whose end only their callers show: the codemod
 * fixes what the configured rules report, so this is how a project asks for those fixes.
 */
function withStrictConfig(directory: string): void {
  writeFileSync(join(directory, 'eslint.config.js'), "import lifeguard from 'eslint-plugin-lifeguard';\n\nexport default [lifeguard.configs.strict];\n");
  writeFileSync(join(directory, '.gitignore'), 'node_modules/\n');
  mkdirSync(join(directory, 'node_modules'), { recursive: true });
  symlinkSync(root, join(directory, 'node_modules', 'eslint-plugin-lifeguard'), 'dir');
}

describe('listener-cleanup cases', { timeout: 120_000 }, () => {
  it('L1: a restartable stop() is not end of life: the listener survives a stop/start cycle and is left for review', async () => {
    // With the defaults nothing shows a NodeWatcher ends before its pool: nothing to fix.
    const defaults = await run('L1-restartable-stop', 'listener-cleanup');
    expect(defaults.diff).toBe('');
    expect(defaults.check).toContain('failovers handled: 2');
    const result = await run('L1-restartable-stop', 'listener-cleanup', ['src'], withStrictConfig);
    expect(result.check).toContain('failovers handled: 2');
    expect(result.diff).not.toMatch(/\.off\(/u);
    expect(result.stdout).toMatch(/NodeWatcher\.stop\(\) is a pause/u);
  });

  it('L2: a teardown with a parameter is per item: the host still hears every command', async () => {
    const result = await run('L2-per-item-destroy', 'listener-cleanup', ['src'], withStrictConfig);
    expect(result.check).toContain('destroyed: [1,2]');
    expect(result.stdout).toMatch(/JobHost\.destroy\(\) takes a parameter/u);
  });

  it("L3: the 'close' handler is not removed before close() emits it, and a handler that may not exist is guarded", async () => {
    const result = await run('L3-close-then-off', 'listener-cleanup');
    // The class closes the server itself, so it owns the listeners on it: nothing is removed early.
    expect(result.diff).not.toMatch(/off\('close'/u);
    expect(result.check).toContain('shutdown() returned');
    expect(result.check).toContain('process exited');
    const withApp = spawnSync(process.execPath, ['check.mjs', 'app'], { cwd: result.directory, encoding: 'utf8', timeout: 20_000 });
    expect(withApp.stdout).toContain('shutdown() returned');
    expect(withApp.stdout).toContain('process exited');
  });

  it('L4: nullable fields are cleared behind a guard and non-null assertions are kept: tsc stays at 0 errors', async () => {
    const result = await run('L4-type-errors', 'listener-cleanup');
    expect(result.diff).toContain('if (this.graceTimer) clearTimeout(this.graceTimer)');
    // Relay has no end of its own, so its parentPort listener lives as long as the worker; never `parentPort.off` without the `!`.
    expect(result.diff).not.toContain('parentPort.off');
    expect(result.typeErrors).toBe(0);
  });

  it('L5: --scope keeps a chained .on(...).pipe(...) working', async () => {
    const result = await run('L5-scope-chain', 'listener-cleanup', ['src', '--scope']);
    expect(result.check).toContain('constructed, out is a PassThrough');
  });

  it('U1: handler names come from the event, without numeric suffixes', async () => {
    const result = await run('U1-naming', 'listener-cleanup', ['src'], withStrictConfig);
    expect(result.diff).toContain('onPeerJoin');
    expect(result.diff).toContain('onPeerLeave');
    expect(result.diff).not.toMatch(/onPeer2|onMessage2/u);
  });

  it('U2: never a disposer that removes only part of what the function registers', async () => {
    const result = await run('U2-partial-disposer', 'listener-cleanup');
    const [, returned, after] = /returned (\w+); .* -> after install\+dispose ([\d,]+)/u.exec(result.check) ?? [];
    if (returned === 'function') expect(after).toBe('0,0,0');
    else expect(result.diff).toBe('');
  });
});

describe('staged-timeout cases', { timeout: 120_000 }, () => {
  it('S1: the packages are libraries, so their startup is left to the application, and nothing is vendored', async () => {
    const result = await run('S1-monorepo-runtime', 'staged-timeout', ['packages/alpha/src', 'packages/beta/src']);
    expect(result.diff).toBe('');
    expect(result.stdout).toMatch(/packages\/alpha\/src\/index\.ts:4:9 +library code/u);
    expect(existsSync(join(result.directory, 'packages', 'lifeguard-runtime.ts'))).toBe(false);
  });

  it("S2: a hook the caller supplies is never bounded; it is left for review", async () => {
    const result = await run('S2-user-callback', 'staged-timeout');
    expect(result.diff).toBe('');
    expect(result.stdout).toMatch(/: 1 file: 0 changed/u);
    expect(result.typeErrors).toBe(0);
  });

  it('S1: paths in two packages get one runtime each, inside the package (its rootDir and published files), and both build', async () => {
    // As shipped, both packages are libraries (an entry point, no bin or start script): review items only, no runtime anywhere.
    const library = await run('S1-monorepo-runtime', 'staged-timeout', ['packages/alpha/src', 'packages/beta/src']);
    expect(library.diff).toBe('');
    expect(existsSync(join(library.directory, 'packages', 'lifeguard-runtime.ts'))).toBe(false);
    // As applications (a start script), their startup steps are bounded.
    const asApplications = (directory: string): void => {
      for (const name of ['alpha', 'beta']) {
        const manifest = join(directory, 'packages', name, 'package.json');
        writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), scripts: { start: 'node dist/index.js' } }));
      }
    };
    const result = await run('S1-monorepo-runtime', 'staged-timeout', ['packages/alpha/src', 'packages/beta/src'], asApplications);
    expect(result.status).toBe(0);
    expect(existsSync(join(result.directory, 'packages', 'lifeguard-runtime.ts'))).toBe(false);
    for (const name of ['alpha', 'beta']) {
      const pkg = join(result.directory, 'packages', name);
      expect(existsSync(join(pkg, 'src', 'lifeguard-runtime.ts')), name).toBe(true);
      expect(readFileSync(join(pkg, 'src', 'index.ts'), 'utf8'), name).toContain("from './lifeguard-runtime.js'");
      expect(result.stdout).toContain(`Runtime: wrote packages/${name}/src/lifeguard-runtime.ts`);
      // The package's own build: no TS6059 (a file outside rootDir), and the runtime lands in its dist/.
      expect(tsc(result.directory, pkg).output, name).toBe('');
      expect(existsSync(join(pkg, 'dist', 'lifeguard-runtime.js')), name).toBe(true);
    }
  }, 120_000);

  it.each(['bundler', 'cjs-node16'])('S3 (%s): the runtime import follows the file\'s own specifier style, and tsc stays clean', async (variant) => {
    const result = await run('S3-import-style', 'staged-timeout', [`${variant}/src`]);
    const own = variant === 'bundler' ? "from './db.js'" : "from './db'";
    const runtime = variant === 'bundler' ? "from './lifeguard-runtime.js'" : "from './lifeguard-runtime'";
    expect(result.diff).toContain(runtime);
    expect(result.diff).not.toContain(own === "from './db.js'" ? "from './lifeguard-runtime'\n" : "from './lifeguard-runtime.js'");
    expect(tsc(result.directory, variant, { noEmit: true }).output).toBe('');
  });
});

/** Builds the case with its own tsc (emit) and runs `script` under `--expose-gc`: what a user sees after a collection. */
function buildAndRun(directory: string, script: string): string {
  // The cases' tsconfigs leave rootDir out, which TypeScript 6 wants when it emits.
  expect(tsc(directory, '.', { rootDir: 'src' }).output).toBe('');
  return spawnSync(process.execPath, ['--expose-gc', script], { cwd: directory, encoding: 'utf8', timeout: 20_000 }).stdout;
}

describe('weak-registry cases', () => {
  it('W1: values created through a factory and a local (or in place) are solely owned: both Maps stay, and the ticket survives a GC', async () => {
    const result = await run('W1-sole-owner', 'weak-registry');
    expect(result.diff).toBe('');
    expect(result.stdout).toMatch(/'tickets' is the only holder of the values added at line 13 \(it is created by issue\(\)/u);
    expect(result.stdout).toMatch(/'sessions' is the only holder of the values added at line 8/u);
    expect(result.typeErrors).toBe(0);
    const check = buildAndRun(result.directory, 'check.mjs');
    expect(check).toContain('right after book(): ada');
    expect(check).toContain('after a GC: ada');
  }, 120_000);

  it('W2: a string-keyed cache is the sole owner by design: a bound proposal for review, never weak values; the user survives a GC', async () => {
    const result = await run('W2-cache-sole-owner', 'weak-registry');
    expect(result.diff).toBe('');
    expect(result.stdout).toMatch(/'userCache' is a cache, the only holder of its values by design/u);
    expect(result.stdout).toContain('if (userCache.size >= 1000) userCache.delete(userCache.keys().next().value!)');
    expect(result.stdout).toMatch(/an age limit/u);
    expect(result.typeErrors).toBe(0);
    const demo = buildAndRun(result.directory, join('dist', 'demo.js'));
    expect(demo).toContain('before gc: Ada');
    expect(demo).toContain('after gc: Ada');
  }, 120_000);
});
