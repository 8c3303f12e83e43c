import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/main.js';
import type { RunReport } from '../../src/codemod/engine.js';
import { captureStream, commitAll, hashTree, makeGitRepo, makeTree, markerCodemod, removeTree } from '../codemod/helpers.js';

// Typed in TypeScript: the engine type-checks the edits against it before writing them.
const VENDORED = (format: string): string =>
  format === 'ts'
    ? `// lifeguard runtime (${format})\nexport async function withTimeout<T>(work: T, _ms?: number, _step?: string): Promise<T> {\n  return work;\n}\n`
    : `// lifeguard runtime (${format})\nexport async function withTimeout(work) {\n  return work;\n}\n`;

const PROJECT = {
  'package.json': '{ "name": "app", "type": "module" }\n',
  'tsconfig.json': '{ "compilerOptions": { "module": "NodeNext", "strict": true } }\n',
  'src/app.ts': `import { db } from './db.js';\n\nexport async function start() {\n  await mark(db);\n  markDynamic();\n}\n`,
  'src/db.ts': `export const db = { connect: async () => {} };\n`,
  'src/nested/worker.ts': `export const ready = await mark("worker")\n`,
  'src/legacy.cjs': `const fs = require('fs');\nmark(fs);\n`,
  'src/generated.ts': `// @generated\nmark();\n`,
};

const repos: string[] = [];
afterAll(() => repos.forEach(removeTree));

function repo(files: Record<string, string> = PROJECT): string {
  const root = makeGitRepo(files);
  repos.push(root);
  return root;
}

async function run(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = captureStream();
  const stderr = captureStream();
  const io: CliIO = { stdout, stderr, cwd, codemods: [markerCodemod], loadRuntime: VENDORED };
  const code = await main(argv, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function read(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

describe('lifeguard CLI: commands and usage errors', () => {
  it('lists the rules and codemods, one line each', async () => {
    const { code, stdout } = await run(process.cwd(), 'list');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}lifeguard\/require-timer-cleanup +Require .+$/m);
    expect(stdout).toMatch(/^ {2}marker +Wraps mark\(\) calls in withTimeout \(test only\)$/m);
  });

  it('prints help for the tool and per codemod from its metadata', async () => {
    const tool = await run(process.cwd(), '--help');
    expect(tool.code).toBe(0);
    expect(tool.stdout).toContain('marker <paths...>');
    const codemod = await run(process.cwd(), 'marker', '--help');
    expect(codemod.code).toBe(0);
    expect(codemod.stdout).toContain('Usage: lifeguard marker <paths...> [options]');
    expect(codemod.stdout).toContain('Fixes what these rules report: lifeguard/require-startup-timeout');
    expect(codemod.stdout).toMatch(/--budget <ms> +Budget of each wrap \(default: 1000\)/);
    for (const flag of ['--dry', '--diff', '--json', '--force', '--ignore <glob>', '--cpus <n>', '--runtime-module <specifier>', '--runtime-file <path>']) {
      expect(codemod.stdout).toContain(flag);
    }
    expect((await run(process.cwd(), 'help', 'marker')).stdout).toBe(codemod.stdout);
  });

  it.each([['--version'], ['-v']])('prints the version (%s)', async (flag) => {
    const { code, stdout } = await run(process.cwd(), flag);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it.each([
    [['frobnicate'], /^lifeguard: unknown command: frobnicate\n/],
    [['scna', 'src'], /^lifeguard: unknown command: scna \(did you mean `lifeguard scan`\?\)\n/],
    [['markr', 'src'], /unknown command: markr \(did you mean `lifeguard marker`\?\)/],
    [['--verison'], /^lifeguard: unknown option --verison \(did you mean --version\?\)\n/],
    [['marker', 'src', '--dyr'], /^lifeguard: unknown option --dyr \(did you mean --dry\?\)\n/],
    [['marker', 'src', '--runtime-file', 'vendor/lib/runtime.ts'], /^lifeguard: --runtime-file vendor\/lib\/runtime\.ts: the folder vendor\/lib does not exist: create it first/],
    [[], /Usage: lifeguard <command>/],
    [['marker'], /give the files or folders to transform/],
    [['marker', 'src', '--frob'], /^lifeguard: unknown option --frob\n/],
    [['marker', 'src', '--budget', 'soon'], /--budget must be a positive integer/],
    [['marker', 'src', '--cpus', '0'], /--cpus must be a positive integer/],
    [['marker', 'src', '--runtime-module', 'x', '--runtime-file', 'y.ts'], /cannot be used together/],
    [['marker', 'does-not-exist'], /no such file or directory: does-not-exist/],
    [['list', '--all'], /unknown option --all\n/],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const root = repo();
    const before = hashTree(root);
    const { code, stderr } = await run(root, ...argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(hashTree(root)).toBe(before);
  });
});

describe('lifeguard <codemod>: end to end on a git repository', () => {
  it('transforms the files, vendors the runtime once and is idempotent', async () => {
    const root = repo();
    const first = await run(root, 'marker', 'src');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(read(root, 'src/app.ts')).toBe(
      `import { db } from './db.js';\nimport { withTimeout } from './lifeguard-runtime.js';\n\nexport async function start() {\n  await withTimeout(mark(db), 1000, 'mark');\n  markDynamic();\n}\n`,
    );
    // NodeNext TS one folder down, file style kept (double quotes, no semicolons).
    expect(read(root, 'src/nested/worker.ts')).toBe(
      `import { withTimeout } from "../lifeguard-runtime.js"\n\nexport const ready = await withTimeout(mark("worker"), 1000, "mark")\n`,
    );
    expect(read(root, 'src/legacy.cjs')).toBe(
      `const fs = require('fs');\nconst { withTimeout } = require('./lifeguard-runtime.js');\nwithTimeout(mark(fs), 1000, 'mark');\n`,
    );
    expect(read(root, 'src/generated.ts')).toBe(PROJECT['src/generated.ts']);
    expect(read(root, 'src/lifeguard-runtime.ts')).toBe(VENDORED('ts'));
    expect(first.stdout).toBe(
      [
        'marker: 5 files: 3 changed, 1 unchanged, 1 skipped, 0 failed',
        '',
        'Changed:',
        '  src/app.ts',
        '  src/legacy.cjs',
        '  src/nested/worker.ts',
        '',
        'Skipped:',
        '  src/generated.ts: generated file',
        '',
        'Needs manual review:',
        '  src/app.ts:5:3  dynamic mark: wrap it by hand',
        '',
        'Runtime: wrote src/lifeguard-runtime.ts',
        '',
      ].join('\n'),
    );

    commitAll(root);
    writeFileSync(join(root, 'src/lifeguard-runtime.ts'), '// edited by the user\n');
    commitAll(root);
    const before = hashTree(root);
    const second = await run(root, 'marker', 'src', '--json');
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout) as RunReport;
    expect(report.summary).toEqual({ files: 5, changed: 0, unchanged: 4, skipped: 1, failed: 0, manualReview: 1 });
    expect(report.runtime).toEqual({ kind: 'file', path: 'src/lifeguard-runtime.ts', status: 'exists' });
    // The vendored file is never rewritten, nor transformed as a source file.
    expect(hashTree(root)).toBe(before);
  });

  it('refuses a tree with uncommitted changes in the target paths unless --force or --dry', async () => {
    const root = repo({ ...PROJECT, 'lib/a.ts': 'mark();\n' });
    writeFileSync(join(root, 'src/db.ts'), `export const db = { connect: async () => {}, close() {} };\n`);
    writeFileSync(join(root, 'src/untracked.ts'), 'mark();\n');
    const before = hashTree(root);
    const refused = await run(root, 'marker', 'src');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('uncommitted changes in the target paths');
    expect(refused.stderr).toContain('src/db.ts');
    expect(refused.stderr).toContain('src/untracked.ts');
    expect(hashTree(root)).toBe(before);

    // Changes outside the target paths do not matter.
    expect((await run(root, 'marker', 'lib')).code).toBe(0);

    const forced = await run(root, 'marker', 'src', '--force');
    expect(forced.code).toBe(0);
    expect(read(root, 'src/untracked.ts')).toContain('withTimeout(mark()');
  });

  it('--dry writes nothing (tree hash unchanged) and still reports what would change', async () => {
    const root = repo();
    writeFileSync(join(root, 'src/db.ts'), 'mark();\n');
    const before = hashTree(root);
    const { code, stdout } = await run(root, 'marker', 'src', '--dry');
    expect(code).toBe(0);
    expect(hashTree(root)).toBe(before);
    expect(stdout).toMatch(/^marker: 5 files: 4 would change, 0 unchanged, 1 skipped, 0 failed \(dry run: nothing written\)$/m);
    expect(stdout).toContain('Runtime: would write src/lifeguard-runtime.ts');
  });

  it('--diff prints unified diffs of the changed files', async () => {
    const root = repo();
    const { code, stdout } = await run(root, 'marker', 'src/app.ts', '--diff', '--dry');
    expect(code).toBe(0);
    expect(stdout).toContain(
      [
        '--- a/src/app.ts',
        '+++ b/src/app.ts',
        '@@ -1,6 +1,7 @@',
        " import { db } from './db.js';",
        "+import { withTimeout } from './lifeguard-runtime.js';",
        ' ',
        ' export async function start() {',
        '-  await mark(db);',
        "+  await withTimeout(mark(db), 1000, 'mark');",
        '   markDynamic();',
        ' }',
      ].join('\n'),
    );
  });

  it('--json prints one machine-readable report', async () => {
    const root = repo();
    const { code, stdout } = await run(root, 'marker', 'src', '--json', '--budget', '250', '--runtime-module', 'eslint-plugin-lifeguard/runtime');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as RunReport;
    expect(report).toMatchObject({
      codemod: 'marker',
      dryRun: false,
      summary: { files: 5, changed: 3, unchanged: 1, skipped: 1, failed: 0, manualReview: 1 },
      runtime: { kind: 'module', specifier: 'eslint-plugin-lifeguard/runtime' },
    });
    expect(report.files.find((file) => file.path === 'src/app.ts')).toEqual({
      path: 'src/app.ts',
      status: 'changed',
      manualReview: [{ line: 5, column: 3, message: 'dynamic mark: wrap it by hand' }],
    });
    expect(read(root, 'src/app.ts')).toContain(`import { withTimeout } from 'eslint-plugin-lifeguard/runtime';`);
    expect(read(root, 'src/app.ts')).toContain(`withTimeout(mark(db), 250, 'mark')`);
    expect(hashTree(root)).not.toContain('lifeguard-runtime');
  });

  it('leaves a file with a syntax error byte-identical, reports why and exits 1', async () => {
    const broken = `export async function start() {\n  await mark(;\n`;
    const root = repo({ ...PROJECT, 'src/broken.ts': broken });
    const { code, stdout } = await run(root, 'marker', 'src');
    expect(code).toBe(1);
    expect(read(root, 'src/broken.ts')).toBe(broken);
    expect(stdout).toMatch(/^ {2}src\/broken\.ts: cannot parse: 2:\d+ .+$/m);
    expect(stdout).toMatch(/3 changed, 1 unchanged, 1 skipped, 1 failed/);
  });

  it('never writes an output that does not parse', async () => {
    const root = repo();
    const before = hashTree(root);
    const { code, stdout } = await run(root, 'marker', 'src', '--break', '--json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as RunReport;
    expect(report.summary.failed).toBe(3);
    expect(report.files.find((file) => file.path === 'src/app.ts')?.reason).toMatch(/^output does not parse \(not written\): /);
    expect(report.runtime).toMatchObject({ status: 'not-needed' });
    expect(hashTree(root)).toBe(before);
  });

  it('refuses to edit outside a git repository without --force; with it, honours --ignore and keeps file modes', async () => {
    // A file with a shebang is a one-shot script, which the codemods leave alone unless the ESLint config lints it with their rules.
    const plugin = pathToFileURL(join(fileURLToPath(new URL('../..', import.meta.url)), 'dist', 'src', 'index.js')).href;
    const config = `import lifeguard from '${plugin}';\nexport default [{ files: ['tool/**'], plugins: { lifeguard }, rules: { 'lifeguard/require-startup-timeout': 'error' } }];\n`;
    const root = makeTree({ 'eslint.config.js': config, 'tool/run.js': `#!/usr/bin/env node\nmark();\n`, 'tool/skip.js': 'mark();\n' });
    repos.push(root);
    chmodSync(join(root, 'tool/run.js'), 0o755);
    const before = hashTree(root);
    const refused = await run(root, 'marker', 'tool');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^lifeguard: marker edits files in place, and .+ is not in a git repository, so there would be no way to review or undo the edits: commit the project to git first, preview with --dry --diff, or pass --force\n/);
    expect(hashTree(root)).toBe(before);
    expect((await run(root, 'marker', 'tool', '--dry')).code).toBe(0);
    expect(hashTree(root)).toBe(before);
    const { code, stdout } = await run(root, 'marker', 'tool', '--ignore', '**/skip.js', '--force');
    expect(code).toBe(0);
    expect(stdout).toContain('Runtime: wrote tool/lifeguard-runtime.js');
    expect(read(root, 'tool/run.js')).toBe(`#!/usr/bin/env node\nconst { withTimeout } = require('./lifeguard-runtime.js');\n\nwithTimeout(mark(), 1000, 'mark');\n`);
    expect(statSync(join(root, 'tool/run.js')).mode & 0o777).toBe(0o755);
    expect(read(root, 'tool/skip.js')).toBe('mark();\n');
    expect(read(root, 'tool/lifeguard-runtime.js')).toBe(VENDORED('commonjs'));
  });

  it('fails the files that need the runtime when it cannot be vendored, writing none of them', async () => {
    const root = repo();
    const before = hashTree(root);
    const stdout = captureStream();
    const stderr = captureStream();
    const loadRuntime = (): string => {
      throw new Error('runtime unavailable');
    };
    const code = await main(['marker', 'src'], { stdout, stderr, cwd: root, codemods: [markerCodemod], loadRuntime });
    expect(code).toBe(1);
    expect(stdout.text()).toContain('src/app.ts: not written: cannot vendor the runtime (runtime unavailable)');
    expect(hashTree(root)).toBe(before);
  });

  it('vendors the real runtime source when none is injected', async () => {
    const root = repo({ 'tsconfig.json': '{}', 'src/a.ts': 'mark();\n' });
    const stdout = captureStream();
    const code = await main(['marker', 'src'], { stdout, stderr: captureStream(), cwd: root, codemods: [markerCodemod] });
    expect(code).toBe(0);
    expect(read(root, 'src/lifeguard-runtime.ts')).toMatch(/^\/\/ Vendored from eslint-plugin-lifeguard@/);
    expect(read(root, 'src/lifeguard-runtime.ts')).toContain('export function withTimeout');
    expect(read(root, 'src/a.ts')).toBe(`import { withTimeout } from './lifeguard-runtime';\n\nwithTimeout(mark(), 1000, 'mark');\n`);
  });

  it('shows a progress line on a TTY for long runs only', async () => {
    const files: Record<string, string> = { 'package.json': '{"type":"module"}' };
    for (let index = 0; index < 60; index += 1) files[`src/file${index}.js`] = `mark(${index});\n`;
    const root = repo(files);
    const stdout = captureStream();
    const stderr = captureStream(true);
    const code = await main(['marker', 'src', '--cpus', '1'], { stdout, stderr, cwd: root, codemods: [markerCodemod], loadRuntime: VENDORED });
    expect(code).toBe(0);
    expect(stderr.text()).toContain('60/60 files');
    expect(stderr.text().endsWith('\r\x1b[K')).toBe(true);
    expect(stdout.text()).toMatch(/^marker: 60 files: 60 changed/);
  });
});
