import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { listenerCleanup } from '../../codemods/listener-cleanup/index.js';
import { main } from '../../src/cli/main.js';
import { addImport } from '../../src/codemod/imports.js';
import { checkParses } from '../../src/codemod/parse.js';
import type { ManualReviewItem, TransformResult } from '../../src/codemod/types.js';
import { captureStream, commitAll, hashTree, makeGitRepo, parseForTest, removeTree } from '../codemod/helpers.js';
import { createPairedLinter, loadFixturePairs } from './fixtures.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../codemods/listener-cleanup/__testfixtures__');
const RUNTIME = '../lifeguard-runtime.js';

/** Fixtures named `scope-*` run with `--scope`. */
const cases = loadFixturePairs(fixtures).map((pair) => ({ ...pair, scope: pair.name.startsWith('scope-') }));

/**
 * The fixtures exercise the edits, so they run with the broad reading of the paired rules
 * (`assumeOwnersEnd`, as `configs.strict` sets it): most of them are owners whose end only their
 * callers show. What the defaults leave alone is tested below.
 */
const BROAD = { 'require-listener-cleanup': { assumeOwnersEnd: true }, 'no-listener-accumulation': {}, 'require-timer-cleanup': { assumeOwnersEnd: true }, 'require-worker-cleanup': {} };
const DEFAULTS = { 'require-listener-cleanup': {}, 'no-listener-accumulation': {}, 'require-timer-cleanup': {}, 'require-worker-cleanup': {} };

function transform(text: string, fileName: string, scope: boolean, rules: Record<string, Record<string, unknown>> = BROAD): TransformResult {
  const file = parseForTest(text, fileName);
  return listenerCleanup.transform(file, {
    rules,
    options: listenerCleanup.parseOptions(scope ? { scope: true } : {}),
    runtimeSpecifier: RUNTIME,
    runtimeImport: (names) => addImport(file, { source: RUNTIME, names }),
  });
}

const lint = createPairedLinter(listenerCleanup.pairedRules, BROAD);

describe('listener-cleanup fixtures', () => {
  it('has at least 30 fixture pairs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('$name: input → output', ({ input, output, file, scope }) => {
    const result = transform(input, file, scope);
    expect(result.output ?? input).toBe(output);
  });

  it.each(cases)('$name: the output parses and a second run changes nothing', ({ output, file, scope }) => {
    expect(checkParses(join(fixtures, file), output)).toBeNull();
    const again = transform(output, file, scope);
    expect(again.output ?? output).toBe(output);
  });

  it.each(cases)('$name: the paired rules report nothing on the output except the listed manual-review items', ({ input, output, file, scope }) => {
    // Every fixture but the clean one exercises a real finding.
    if (input !== output) expect(lint(input, file).length).toBeGreaterThan(0);
    const reviewLines = new Set(transform(output, file, scope).manualReview.map((item: ManualReviewItem) => item.line));
    const remaining = lint(output, file).map((message) => ({ line: message.line, rule: message.ruleId, message: message.message }));
    expect(remaining.filter((message) => !reviewLines.has(message.line))).toEqual([]);
  });

  it('never undoes a timer in the teardown-named method that starts it (an onClose() handler scheduling a reconnect)', () => {
    const input = readFileSync(join(fixtures, 'timer-started-by-close-handler.input.ts'), 'utf8').replace('  destroy(): void {', '  reset(): void {');
    const result = transform(input, 'socket.ts', false);
    expect(result.output ?? input).toBe(input);
    expect(result.manualReview).toEqual([
      { line: 18, column: 7, message: 'ProviderSocket.onClose() starts this itself, so undoing it there would cancel it at once; undo it where ProviderSocket ends for good, by hand' },
    ]);
  });

  it('leaves a file it cannot fix byte-identical, with a reason for each finding', () => {
    for (const name of ['loop-review', 'vue-options-review', 'plain-function-review']) {
      const fixture = cases.find((candidate) => candidate.name === name)!;
      expect(fixture.output).toBe(fixture.input);
      const result = transform(fixture.input, fixture.file, false);
      expect(result.output ?? fixture.input).toBe(fixture.input);
      expect(result.manualReview.length).toBeGreaterThan(0);
      for (const item of result.manualReview) expect(item.message).toMatch(/by hand/u);
    }
  });

  it('reports an added dispose() for manual review: its callers must call it', () => {
    const fixture = cases.find((candidate) => candidate.name === 'emitter-no-cleanup')!;
    const result = transform(fixture.input, fixture.file, false);
    expect(result.manualReview).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringContaining('Added dispose() to ConfigWatcher') }),
    ]);
  });

  it('with the default options, leaves an owner whose end the file does not show as it is', () => {
    for (const name of ['emitter-no-cleanup']) {
      const fixture = cases.find((candidate) => candidate.name === name)!;
      expect(fixture.output).not.toBe(fixture.input);
      const result = transform(fixture.input, fixture.file, false, DEFAULTS);
      expect(result.output ?? fixture.input).toBe(fixture.input);
      expect(result.manualReview).toEqual([]);
    }
  });

  it('imports ListenerScope only when --scope migrates a class', () => {
    const fixture = cases.find((candidate) => candidate.name === 'emitter-global-no-cleanup')!;
    expect(transform(fixture.input, fixture.file, false).output).not.toContain('ListenerScope');
    expect(transform(fixture.input, fixture.file, true).output).toContain(`import { ListenerScope } from '${RUNTIME}';`);
  });
});

// ---------------------------------------------------------------------------
// End to end: the CLI on a temp git repository, and the TypeScript output type-checks.

const PROJECT = {
  'package.json': '{ "name": "app", "type": "module" }\n',
  'tsconfig.json': '{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true, "target": "ES2022", "noEmit": true } }\n',
  'src/worker.ts': [
    "import { EventEmitter } from 'node:events';",
    '',
    'export class JobRunner {',
    '  constructor(private readonly queue: EventEmitter) {',
    "    process.on('message', (job: unknown) => this.run(String(job)));",
    '    setInterval(() => this.flush(), 1000);',
    '  }',
    '',
    '  run(job: string): void {',
    '    console.log(job);',
    '  }',
    '',
    '  flush(): void {}',
    '',
    '  close(): void {',
    "    console.log('closed');",
    '  }',
    '}',
    '',
  ].join('\n'),
  'src/race.ts': [
    'export async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {',
    '  return Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(\'late\')), ms))]);',
    '}',
    '',
  ].join('\n'),
  // (Not process.stdin: a function that reads stdin is a CLI's, run once per process.)
  'src/signals.ts': [
    "import { EventEmitter } from 'node:events';",
    'export const keys = new EventEmitter();',
    'export function onKeys() {',
    "  keys.on('data', () => console.log('key'));",
    '}',
    '',
  ].join('\n'),
  'src/legacy.cjs': [
    "const { EventEmitter } = require('node:events');",
    'const bus = new EventEmitter();',
    '',
    'function watch(server) {',
    "  server.on('connection', (socket) => {",
    "    bus.on('flush', () => socket.write('flush'));",
    '  });',
    '}',
    '',
    'module.exports = { bus, watch };',
    '',
  ].join('\n'),
};

async function runCli(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await main(argv, { stdout, stderr, cwd });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function typeCheck(root: string, files: string[]): string[] {
  const program = ts.createProgram(files.map((file) => join(root, file)), {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [join(process.cwd(), 'node_modules/@types')],
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => `${diagnostic.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
}

describe('lifeguard listener-cleanup: end to end', () => {
  it('fixes a git repository, vendors the runtime for --scope, type-checks, and a second run changes nothing', async () => {
    const root = makeGitRepo(PROJECT);
    try {
      const first = await runCli(root, 'listener-cleanup', 'src', '--scope', '--cpus', '1');
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('listener-cleanup: 4 files: 3 changed, 1 unchanged, 0 skipped, 0 failed');
      expect(first.stdout).toContain('Runtime: wrote src/lifeguard-runtime.ts');
      expect(first.stdout).not.toContain('Needs manual review');

      const worker = readFileSync(join(root, 'src/worker.ts'), 'utf8');
      expect(worker).toContain("import { ListenerScope } from './lifeguard-runtime.js';");
      expect(worker).toContain("this.scope.on(process, 'message', (job: unknown) => this.run(String(job)));");
      expect(worker).toContain('this.scope.setInterval(() => this.flush(), 1000);');
      expect(worker).toContain("    console.log('closed');\n    this.scope.dispose();\n  }");
      expect(readFileSync(join(root, 'src/race.ts'), 'utf8')).toContain('.finally(() => clearTimeout(timer))');
      // Nothing in the project shows onKeys() runs more than once: the default options leave it as it is.
      expect(readFileSync(join(root, 'src/signals.ts'), 'utf8')).toBe(PROJECT['src/signals.ts']);
      expect(readFileSync(join(root, 'src/legacy.cjs'), 'utf8')).toContain("    socket.once('close', () => bus.off('flush', onFlush));");

      expect(typeCheck(root, ['src/worker.ts', 'src/race.ts', 'src/signals.ts'])).toEqual([]);

      commitAll(root);
      const before = hashTree(root);
      const second = await runCli(root, 'listener-cleanup', 'src', '--scope', '--cpus', '1', '--json');
      expect(second.code).toBe(0);
      expect(JSON.parse(second.stdout)).toMatchObject({ summary: { changed: 0, failed: 0 } });
      expect(hashTree(root)).toBe(before);
    } finally {
      removeTree(root);
    }
  });
});

// ---------------------------------------------------------------------------
// Runtime: 5,000 objects churned before and after the codemod, in a `node --expose-gc` child.

const CHURN_SOURCE = `import { EventEmitter } from 'node:events';

export const bus = new EventEmitter();
bus.setMaxListeners(0);

export class Widget {
  private readonly rows = Array.from({ length: 1000 }, (_, index) => index);

  constructor() {
    bus.on('refresh', () => this.render());
    setInterval(() => this.render(), 60_000);
  }

  render(): number {
    return this.rows.length;
  }

  close(): void {
    this.rows.length;
  }
}
`;

const CHURN_DRIVER = `
const gc = globalThis.gc;
const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed; };
for (let index = 0; index < 200; index += 1) new Widget().close();
const start = heap();
for (let index = 0; index < 2500; index += 1) new Widget().close();
const middle = heap();
for (let index = 0; index < 2500; index += 1) new Widget().close();
const end = heap();
console.log(JSON.stringify({ listeners: bus.listenerCount('refresh'), timers: timers(), firstHalf: middle - start, secondHalf: end - middle, total: end - start }));
process.exit(0);
`;

interface ChurnResult {
  listeners: number;
  timers: number;
  firstHalf: number;
  secondHalf: number;
  total: number;
}

function churn(source: string, directory: string, name: string): ChurnResult {
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  const path = join(directory, `${name}.mjs`);
  writeFileSync(path, outputText + CHURN_DRIVER);
  const stdout = execFileSync(process.execPath, ['--expose-gc', path], { encoding: 'utf8', timeout: 20_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChurnResult;
}

describe('listener-cleanup at run time', () => {
  it('stops listener count and heap growth that the leaky original shows', () => {
    const fixed = transform(CHURN_SOURCE, 'widget.ts', false).output!;
    expect(fixed).toContain("bus.off('refresh', this.onRefresh);");
    const directory = mkdtempSync(join(tmpdir(), 'lifeguard-churn-'));
    try {
      const leaky = churn(CHURN_SOURCE, directory, 'leaky');
      const cleaned = churn(fixed, directory, 'fixed');
      // The leaky twin proves the measurement sees the leak: every widget stays on the bus, with its rows and its interval.
      expect(leaky.listeners).toBe(5200);
      expect(leaky.timers).toBeGreaterThanOrEqual(5200);
      expect(leaky.total).toBeGreaterThan(10 * 1024 * 1024);
      expect(leaky.secondHalf).toBeGreaterThan(5 * 1024 * 1024);
      // After the codemod, close() removes the listener and clears the interval: nothing accumulates.
      expect(cleaned.listeners).toBe(0);
      expect(cleaned.timers).toBe(0);
      expect(cleaned.total).toBeLessThan(2 * 1024 * 1024);
      expect(cleaned.secondHalf).toBeLessThan(1024 * 1024);
    } finally {
      removeTree(directory);
    }
  });
});
