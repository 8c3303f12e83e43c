import { cpSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { stagedTimeout } from '../../codemods/staged-timeout/index.js';
import { DEFAULT_BUDGETS } from '../../codemods/staged-timeout/options.js';
import { main } from '../../src/cli/main.js';
import type { RunReport } from '../../src/codemod/engine.js';
import { addImport } from '../../src/codemod/imports.js';
import { checkParses } from '../../src/codemod/parse.js';
import { UsageError, type RawCodemodOptions, type TransformResult } from '../../src/codemod/types.js';
import { captureStream, commitAll, hashTree, makeGitRepo, parseForTest, removeTree } from '../codemod/helpers.js';
import { createPairedLinter, loadFixturePairs } from './fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '../../codemods/staged-timeout/__testfixtures__');
const RUNTIME = '../lifeguard-runtime.js';

const cases = loadFixturePairs(fixtures);

/** Fixtures that only add the staging (the entry stage): the rules report nothing on their inputs either. */
const STAGING_ONLY = new Set(['entry-imported-chain', 'nest-listen-entry']);

function transform(text: string, fileName: string, raw: RawCodemodOptions = {}): TransformResult {
  const file = parseForTest(text, fileName);
  return stagedTimeout.transform(file, {
    options: stagedTimeout.parseOptions(raw),
    runtimeSpecifier: RUNTIME,
    runtimeImport: (names) => addImport(file, { source: RUNTIME, names }),
  });
}

const lint = createPairedLinter(stagedTimeout.pairedRules);

describe('staged-timeout fixtures', () => {
  it('has at least 30 fixture pairs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('$name: input → output', ({ input, output, file }) => {
    const result = transform(input, file);
    expect(result.output ?? input).toBe(output);
  });

  it.each(cases)('$name: the output parses and a second run changes nothing', ({ output, file }) => {
    expect(checkParses(join(fixtures, file), output)).toBeNull();
    const again = transform(output, file);
    expect(again.output ?? output).toBe(output);
  });

  it.each(cases)('$name: the paired rules report nothing on the output except the listed manual-review items', ({ name, input, output, file }) => {
    if (input !== output && !STAGING_ONLY.has(name)) expect(lint(input, file).length).toBeGreaterThan(0);
    const reviewLines = new Set(transform(output, file).manualReview.map((item) => item.line));
    const remaining = lint(output, file).map((message) => ({ line: message.line, rule: message.ruleId, message: message.message }));
    expect(remaining.filter((message) => !reviewLines.has(message.line))).toEqual([]);
  });

  it('leaves a file it cannot fix byte-identical, with a reason for each finding', () => {
    const fixture = cases.find((candidate) => candidate.name === 'review-untouched')!;
    expect(fixture.output).toBe(fixture.input);
    const result = transform(fixture.input, fixture.file);
    expect(result.output ?? fixture.input).toBe(fixture.input);
    // `plugins[name].load()` loads local code: not a step that waits on a peer.
    expect(result.manualReview).toEqual([{ line: 8, column: 11, message: expect.stringMatching(/^awaited in a finally block: .*by hand$/u) }]);
    // Every remaining finding of the rules is one the codemod listed.
    expect(lint(fixture.input, fixture.file).map((message) => message.line)).toEqual([8]);
  });

  it('lists the other manual-review cases with their reasons', () => {
    const review = (name: string) => {
      const fixture = cases.find((candidate) => candidate.name === name)!;
      return transform(fixture.input, fixture.file).manualReview;
    };
    expect(review('review-nested-budget')).toEqual([
      expect.objectContaining({ line: 15, message: expect.stringContaining('awaits inside its own arguments') }),
      expect.objectContaining({ line: 7, message: expect.stringContaining('runs inside a timeout of 8000 ms') }),
    ]);
    expect(review('stage-name-clash')).toEqual([expect.objectContaining({ line: 6, message: expect.stringContaining('already has its own `stage`') })]);
    // A disconnect in a finally block is a teardown, not a startup step that waits on a peer.
    expect(review('review-finally')).toEqual([]);
  });

  it('uses the budgets given with --budgets', () => {
    const fixture = cases.find((candidate) => candidate.name === 'nest-service')!;
    const output = transform(fixture.input, fixture.file, { budgets: 'phase=12000,step=9000,probe=1500' }).output!;
    expect(output).toContain("await stage('initDatabase', 12000, () => this.initDatabase());");
    expect(output).toContain("await withTimeout(this.producer.connect(), 9000, 'this.producer.connect');");
    expect(output).toContain("await withTimeout(this.redis.ping(), 1500, 'this.redis.ping');");
    const entry = cases.find((candidate) => candidate.name === 'tla-entry')!;
    expect(transform(entry.input, entry.file, { budgets: 'startup=45_000' }).output).toContain("await stage('startup', 45000, () => main());");
  });
});

describe('staged-timeout --budgets', () => {
  it('defaults to 30000/20000/15000/5000 ms', () => {
    expect(stagedTimeout.parseOptions({})).toEqual({ budgets: DEFAULT_BUDGETS });
    expect(DEFAULT_BUDGETS).toEqual({ startup: 30_000, phase: 20_000, step: 15_000, probe: 5_000 });
  });

  it('takes some or all levels', () => {
    expect(stagedTimeout.parseOptions({ budgets: 'startup=60000,phase=40000,step=10000,probe=2000' }).budgets).toEqual({ startup: 60_000, phase: 40_000, step: 10_000, probe: 2_000 });
    expect(stagedTimeout.parseOptions({ budgets: 'probe=1000' }).budgets).toEqual({ ...DEFAULT_BUDGETS, probe: 1_000 });
  });

  it.each([
    ['startup=30000,phase=30000', /phase=30000 is not smaller than startup=30000/u],
    ['step=25000', /step=25000 is not smaller than phase=20000/u],
    ['probe=15000', /probe=15000 is not smaller than step=15000/u],
    ['phase=0', /phase must be a positive whole number/u],
    ['stage=1000', /unknown level "stage"/u],
    ['startup', /expected <level>=<ms>/u],
    ['step=1.5', /expected <level>=<ms>/u],
    ['', /--budgets needs a value/u],
  ])('rejects %j as a usage error', (value, message) => {
    expect(() => stagedTimeout.parseOptions({ budgets: value })).toThrow(UsageError);
    expect(() => stagedTimeout.parseOptions({ budgets: value })).toThrow(message);
  });
});

// ---------------------------------------------------------------------------
// End to end: the CLI on a temp git repository, and the TypeScript output type-checks.

const PROJECT: Record<string, string> = {
  'package.json': '{ "name": "app", "type": "module" }\n',
  'tsconfig.json': '{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true, "target": "ES2022", "noEmit": true } }\n',
  'src/db.ts': [
    'export const db = {',
    '  async connect(): Promise<void> {},',
    "  async ping(): Promise<string> {",
    "    return 'PONG';",
    '  },',
    '  ready: false,',
    '};',
    '',
  ].join('\n'),
  'src/app.ts': [
    "import { setTimeout as sleep } from 'node:timers/promises';",
    "import { db } from './db.js';",
    '',
    'export class App {',
    '  async start(): Promise<number> {',
    '    await this.initDatabase();',
    '    await db.ping();',
    '    return 3000;',
    '  }',
    '',
    '  private async initDatabase(): Promise<void> {',
    '    await db.connect();',
    '    while (!db.ready) {',
    '      await sleep(10);',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n'),
  'src/main.ts': [
    "import { App } from './app.js';",
    '',
    'async function main(): Promise<void> {',
    '  const app = new App();',
    '  const port = await app.start();',
    '  console.log(port);',
    '}',
    '',
    'main().catch((error: unknown) => {',
    '  console.error(error);',
    '  process.exitCode = 1;',
    '});',
    '',
  ].join('\n'),
  'src/seed.cjs': [
    "const { MongoClient } = require('mongodb');",
    '',
    '(async () => {',
    '  const client = new MongoClient(process.env.MONGO_URL);',
    '  await client.connect();',
    '})();',
    '',
  ].join('\n'),
  'src/handlers.ts': 'export async function handle(id: string): Promise<string> {\n  return id;\n}\n',
};

const BROKEN = 'export async function start() {\n  await db.connect(;\n}\n';

const repos: string[] = [];
afterAll(() => repos.forEach(removeTree));

function repo(files: Record<string, string>): string {
  const root = makeGitRepo(files);
  repos.push(root);
  return root;
}

async function runCli(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await main(argv, { stdout, stderr, cwd });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function read(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

/** `tsc --noEmit` through the compiler API over the given files of the temp project (the vendored runtime included). */
function typeCheck(root: string, files: readonly string[]): string[] {
  const program = ts.createProgram(
    files.map((file) => join(root, file)),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(process.cwd(), 'node_modules/@types')],
    },
  );
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => `${diagnostic.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
}

/** The paired rules over a file of the temp project. */
function lintFile(root: string, path: string): Linter.LintMessage[] {
  return lint(read(root, path), path);
}

describe('lifeguard staged-timeout: end to end', () => {
  it('stages a git repository, vendors the runtime once, type-checks, and a second run changes nothing', async () => {
    const root = repo({ ...PROJECT, 'src/broken.ts': BROKEN });
    const first = await runCli(root, 'staged-timeout', 'src', '--cpus', '1');
    expect(first.stderr).toBe('');
    // The file with a syntax error fails (exit 1) and stays byte-identical; every other file is written.
    expect(first.code).toBe(1);
    expect(read(root, 'src/broken.ts')).toBe(BROKEN);
    expect(first.stdout).toContain('staged-timeout: 6 files: 3 changed, 2 unchanged, 0 skipped, 1 failed');
    expect(first.stdout).toMatch(/^ {2}src\/broken\.ts: cannot parse: 2:\d+ .+$/mu);
    expect(first.stdout).toContain('Runtime: wrote src/lifeguard-runtime.ts');
    expect(first.stdout).not.toContain('Needs manual review');

    expect(read(root, 'src/app.ts')).toBe(
      [
        "import { setTimeout as sleep } from 'node:timers/promises';",
        "import { db } from './db.js';",
        "import { deadline, stage, withTimeout } from './lifeguard-runtime.js';",
        '',
        'export class App {',
        '  async start(): Promise<number> {',
        "    await stage('initDatabase', 20000, () => this.initDatabase());",
        "    await withTimeout(db.ping(), 5000, 'db.ping');",
        '    return 3000;',
        '  }',
        '',
        '  private async initDatabase(): Promise<void> {',
        "    await withTimeout(db.connect(), 15000, 'db.connect');",
        "    const waitDeadline = deadline(15000, 'initDatabase');",
        '    while (!db.ready) {',
        '      waitDeadline.check();',
        '      await sleep(10);',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    expect(read(root, 'src/main.ts')).toContain("import { stage, withTimeout } from './lifeguard-runtime.js';");
    expect(read(root, 'src/main.ts')).toContain("  const port = await withTimeout(app.start(), 15000, 'app.start');");
    expect(read(root, 'src/main.ts')).toContain("stage('startup', 30000, () => main()).catch((error: unknown) => {");
    expect(read(root, 'src/seed.cjs')).toBe(
      [
        "const { MongoClient } = require('mongodb');",
        "const { stage, withTimeout } = require('./lifeguard-runtime.js');",
        '',
        "stage('startup', 30000, async () => {",
        '  const client = new MongoClient(process.env.MONGO_URL);',
        "  await withTimeout(client.connect(), 15000, 'client.connect');",
        '});',
        '',
      ].join('\n'),
    );
    expect(read(root, 'src/handlers.ts')).toBe(PROJECT['src/handlers.ts']);
    expect(read(root, 'src/lifeguard-runtime.ts')).toContain('export function deadline(');

    expect(typeCheck(root, ['src/app.ts', 'src/main.ts', 'src/db.ts', 'src/handlers.ts', 'src/lifeguard-runtime.ts'])).toEqual([]);
    for (const path of ['src/app.ts', 'src/main.ts', 'src/seed.cjs']) expect(lintFile(root, path)).toEqual([]);

    writeFileSync(join(root, 'src/broken.ts'), 'export {};\n');
    commitAll(root);
    const runtimeBefore = read(root, 'src/lifeguard-runtime.ts');
    const before = hashTree(root);
    const second = await runCli(root, 'staged-timeout', 'src', '--cpus', '1', '--json');
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout) as RunReport;
    expect(report.summary).toEqual({ files: 6, changed: 0, unchanged: 6, skipped: 0, failed: 0, manualReview: 0 });
    expect(report.runtime).toEqual({ kind: 'file', path: 'src/lifeguard-runtime.ts', status: 'exists' });
    expect(read(root, 'src/lifeguard-runtime.ts')).toBe(runtimeBefore);
    expect(hashTree(root)).toBe(before);
  });

  it('refuses a tree with uncommitted changes in the target paths (exit 2) unless --force', async () => {
    const root = repo(PROJECT);
    writeFileSync(join(root, 'src/db.ts'), `${PROJECT['src/db.ts']}// local edit\n`);
    const before = hashTree(root);
    const refused = await runCli(root, 'staged-timeout', 'src');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('uncommitted changes in the target paths');
    expect(refused.stderr).toContain('src/db.ts');
    expect(hashTree(root)).toBe(before);

    const forced = await runCli(root, 'staged-timeout', 'src', '--force', '--cpus', '1');
    expect(forced.code).toBe(0);
    expect(read(root, 'src/app.ts')).toContain("await stage('initDatabase', 20000, () => this.initDatabase());");
  });

  it('--dry writes nothing (tree hash unchanged), --diff prints the unified diff', async () => {
    const root = repo(PROJECT);
    writeFileSync(join(root, 'src/db.ts'), `${PROJECT['src/db.ts']}// dirty is fine with --dry\n`);
    const before = hashTree(root);
    const { code, stdout } = await runCli(root, 'staged-timeout', 'src', '--dry', '--diff', '--cpus', '1');
    expect(code).toBe(0);
    expect(hashTree(root)).toBe(before);
    expect(stdout).toMatch(/^staged-timeout: 5 files: 3 would change, 2 unchanged, 0 skipped, 0 failed \(dry run: nothing written\)$/mu);
    expect(stdout).toContain('Runtime: would write src/lifeguard-runtime.ts');
    expect(stdout).toContain(
      [
        '--- a/src/main.ts',
        '+++ b/src/main.ts',
        '@@ -1,12 +1,13 @@',
        " import { App } from './app.js';",
        "+import { stage, withTimeout } from './lifeguard-runtime.js';",
        ' ',
        ' async function main(): Promise<void> {',
        '   const app = new App();',
        '-  const port = await app.start();',
        "+  const port = await withTimeout(app.start(), 15000, 'app.start');",
        '   console.log(port);',
        ' }',
        ' ',
        '-main().catch((error: unknown) => {',
        "+stage('startup', 30000, () => main()).catch((error: unknown) => {",
      ].join('\n'),
    );
  });

  it('--json reports manual-review items, honours --budgets and --runtime-module', async () => {
    const root = repo({
      ...PROJECT,
      'src/review.ts': "import { db } from './db.js';\n\nexport async function init() {\n  try {\n    await db.connect();\n  } finally {\n    await db.ping();\n  }\n}\n",
    });
    const { code, stdout } = await runCli(root, 'staged-timeout', 'src', '--json', '--cpus', '1', '--budgets', 'step=9000,probe=1000', '--runtime-module', 'eslint-plugin-lifeguard/runtime');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as RunReport;
    expect(report).toMatchObject({
      codemod: 'staged-timeout',
      dryRun: false,
      summary: { files: 6, changed: 4, unchanged: 2, skipped: 0, failed: 0, manualReview: 1 },
      runtime: { kind: 'module', specifier: 'eslint-plugin-lifeguard/runtime' },
    });
    expect(report.files.find((file) => file.path === 'src/review.ts')).toEqual({
      path: 'src/review.ts',
      status: 'changed',
      manualReview: [{ line: 7, column: 11, message: expect.stringContaining('awaited in a finally block') }],
    });
    expect(read(root, 'src/review.ts')).toContain("import { withTimeout } from 'eslint-plugin-lifeguard/runtime';");
    expect(read(root, 'src/review.ts')).toContain("await withTimeout(db.connect(), 9000, 'db.connect');");
    expect(read(root, 'src/app.ts')).toContain("await withTimeout(db.ping(), 1000, 'db.ping');");
    expect(readdirSync(join(root, 'src'))).not.toContain('lifeguard-runtime.ts');
  });

  it('exits 2 on budgets that do not shrink, writing nothing', async () => {
    const root = repo(PROJECT);
    const before = hashTree(root);
    const { code, stderr } = await runCli(root, 'staged-timeout', 'src', '--budgets', 'startup=10000,phase=20000');
    expect(code).toBe(2);
    expect(stderr).toContain('--budgets must shrink from startup to probe: phase=20000 is not smaller than startup=10000');
    expect(hashTree(root)).toBe(before);
  });
});

describe('lifeguard staged-timeout on examples/chat-service', () => {
  it('bounds history.connect() and the waitUntilReady loop, type-checks, and leaves the startup rules clean', async () => {
    const example = join(here, '../../examples/chat-service');
    const files: Record<string, string> = { '.gitignore': 'node_modules\n' };
    for (const name of ['package.json', 'tsconfig.json']) files[name] = readFileSync(join(example, name), 'utf8');
    const root = repo(files);
    cpSync(join(example, 'src'), join(root, 'src'), { recursive: true });
    commitAll(root);
    // `ws` and its types resolve from this repository's node_modules, as in the example's own install.
    symlinkSync(join(process.cwd(), 'node_modules'), join(root, 'node_modules'), 'dir');

    const { code, stdout, stderr } = await runCli(root, 'staged-timeout', 'src', '--cpus', '1');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Runtime: wrote src/lifeguard-runtime.ts');
    expect(stdout).not.toContain('Needs manual review');

    const mainTs = read(root, 'src/main.ts');
    expect(mainTs).toContain("import { deadline, stage, withTimeout } from './lifeguard-runtime.js';");
    expect(mainTs).toContain("  await withTimeout(history.connect(), 15000, 'history.connect');");
    expect(mainTs).toContain("  await stage('waitUntilReady', 20000, () => waitUntilReady(history));");
    expect(mainTs).toContain("  const waitDeadline = deadline(15000, 'waitUntilReady');\n  while (!history.ready) {\n    waitDeadline.check();\n    await sleep(50);\n  }");
    expect(read(root, 'src/index.ts')).toContain("stage('startup', 30000, () => start())\n  .then((service) => {");

    const sources = readdirSync(join(root, 'src')).filter((name) => name.endsWith('.ts')).map((name) => `src/${name}`);
    expect(sources).toContain('src/lifeguard-runtime.ts');
    expect(typeCheck(root, sources)).toEqual([]);
    for (const path of sources.filter((source) => source !== 'src/lifeguard-runtime.ts')) {
      expect(lintFile(root, path).map((message) => `${path}:${message.line} ${message.ruleId}`)).toEqual([]);
    }
  });
});
