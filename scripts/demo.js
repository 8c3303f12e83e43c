#!/usr/bin/env node
// `npm run demo`: Lifeguard finds the hang and the leaks in examples/chat-service,
// the codemods fix them in a temporary git repository, and real processes prove it:
// the original hangs at startup, grows with every connection and keeps a thread per
// transcript it rendered; the migrated one fails fast naming the step and stays flat.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { main as lifeguard } from '../dist/src/cli/main.js';
import { compileService } from './demo/compile.js';
import { checkServiceLeaks } from './demo/leak-check.js';
import { measureLeaks, measureStartup } from './demo/measure.js';
import { writeHeapChart } from './demo/chart.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const example = join(root, 'examples/chat-service');
const CODEMODS = ['staged-timeout', 'listener-cleanup', 'weak-registry'];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`Usage: npm run demo [-- --quick] [-- --json <file>] [-- --keep]

  --quick        fewer rounds and connections (about 20 s)
  --json <file>  also write every measurement as JSON
  --keep         keep the temporary folder (migrated service, chart) instead of deleting it`);
  process.exit(0);
}

const settings = values.quick
  ? { rounds: 6, perRound: 100, transcriptEvery: 20, startupBoundMs: 2_000, timeoutScale: 0.02 }
  : { rounds: 20, perRound: 250, transcriptEvery: 50, startupBoundMs: 5_000, timeoutScale: 0.02 };

const bold = (text) => (process.stdout.isTTY ? `\u001B[1m${text}\u001B[22m` : text);
const heading = (step, text) => console.log(`\n${bold(`${step}. ${text}`)}\n${'─'.repeat(72)}`);

/** Runs the real CLI in-process, capturing what it prints. */
async function run(argv, cwd) {
  let stdout = '';
  let stderr = '';
  const io = {
    cwd,
    stdout: { write: (chunk) => ((stdout += chunk), true), isTTY: false },
    stderr: { write: (chunk) => ((stderr += chunk), true), isTTY: false },
    isTTY: false,
  };
  const code = await lifeguard(argv, io);
  return { code, stdout, stderr };
}

function git(cwd, ...args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function indent(text, prefix = '  ') {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

const workspace = mkdtempSync(join(tmpdir(), 'lifeguard-demo-'));
const report = { settings, steps: {} };
try {
  // The service is copied into a temporary git repository: the codemods refuse
  // uncommitted changes, and the copy is linted as a project of its own.
  const migrated = join(workspace, 'chat-service');
  cpSync(example, migrated, { recursive: true });
  // Its node_modules holds this repository's dependencies and this checkout as eslint-plugin-lifeguard,
  // which the service's eslint.config.js imports.
  mkdirSync(join(migrated, 'node_modules'));
  for (const entry of readdirSync(join(root, 'node_modules')).filter((name) => name !== 'eslint-plugin-lifeguard')) symlinkSync(join(root, 'node_modules', entry), join(migrated, 'node_modules', entry));
  symlinkSync(root, join(migrated, 'node_modules/eslint-plugin-lifeguard'), 'dir');
  writeFileSync(join(migrated, '.gitignore'), 'node_modules\n');
  git(migrated, 'init', '--quiet');
  git(migrated, 'add', '.');
  git(migrated, '-c', 'user.name=demo', '-c', 'user.email=demo@localhost', 'commit', '--quiet', '-m', 'chat service');

  // 1. What Lifeguard finds.
  heading(1, 'lifeguard scan src (examples/chat-service)');
  const scan = await run(['scan', 'src'], migrated);
  console.log(indent(scan.stdout || scan.stderr));
  report.steps.scan = JSON.parse((await run(['scan', 'src', '--format', 'json'], migrated)).stdout);

  // 2. The codemods, one commit each.
  heading(2, 'The three codemods, in a temporary git repository');
  const base = git(migrated, 'rev-parse', 'HEAD').trim();
  report.steps.codemods = {};
  for (const codemod of CODEMODS) {
    const result = await run([codemod, 'src', '--json'], migrated);
    const summary = JSON.parse(result.stdout || '{}');
    report.steps.codemods[codemod] = summary;
    const changed = summary.files?.filter((file) => file.status === 'changed').map((file) => file.path) ?? [];
    const review = summary.files?.flatMap((file) => (file.manualReview ?? []).map((item) => `${file.path}:${item.line}: ${item.message}`)) ?? [];
    console.log(`  npx lifeguard ${codemod} src  → exit ${result.code}, changed ${changed.length ? changed.join(', ') : 'nothing'}`);
    for (const item of review) console.log(`      review: ${item}`);
    if (result.code !== 0) console.log(indent(result.stderr, '      '));
    git(migrated, 'add', '.');
    git(migrated, '-c', 'user.name=demo', '-c', 'user.email=demo@localhost', 'commit', '--quiet', '--allow-empty', '-m', codemod);
  }
  const vendored = git(migrated, 'diff', '--name-only', base, 'HEAD', '--', 'src/lifeguard-runtime.ts').trim();
  console.log(`\n  ${git(migrated, 'diff', '--shortstat', base, 'HEAD', '--', 'src', ':!src/lifeguard-runtime.ts').trim()}${vendored ? `, plus the vendored runtime (${vendored})` : ''}`);
  const diff = git(migrated, 'diff', base, 'HEAD', '--', 'src/main.ts', 'src/server.ts');
  const excerpt = diff.split('\n').filter((line) => /^[+-](?![+-])/.test(line)).slice(0, 30);
  console.log(`  A short excerpt of the diff (src/main.ts, src/server.ts):\n${indent(excerpt.join('\n'), '    ')}`);

  // 3. What remains.
  heading(3, 'lifeguard scan on the migrated copy');
  const rescan = await run(['scan', 'src'], migrated);
  console.log(indent(rescan.stdout || rescan.stderr));
  report.steps.rescan = JSON.parse((await run(['scan', 'src', '--format', 'json'], migrated)).stdout);

  // 4 and 5 run compiled copies of both versions in child processes.
  const original = compileService(join(example, 'src'), join(workspace, 'build/original'), join(root, 'node_modules'));
  const fixed = compileService(join(migrated, 'src'), join(workspace, 'build/migrated'), join(root, 'node_modules'));

  heading(4, 'Startup against a history store that accepts connections and never answers');
  const startup = {
    original: await measureStartup(original, { boundMs: settings.startupBoundMs, timeoutScale: settings.timeoutScale }),
    migrated: await measureStartup(fixed, { boundMs: settings.startupBoundMs, timeoutScale: settings.timeoutScale }),
  };
  report.steps.startup = startup;
  const firstErrorLine = (output) => output.split('\n').find((line) => /StepTimeoutError|Error/.test(line))?.trim() ?? output.trim();
  console.log(`  LIFEGUARD_TIMEOUT_SCALE=${settings.timeoutScale} (budgets ×${settings.timeoutScale}); the demo stops a start that takes over ${settings.startupBoundMs} ms`);
  for (const [label, result] of Object.entries(startup)) {
    const outcome = result.outcome === 'hung' ? `hung (stopped after ${result.elapsedMs} ms, no output)` : `${result.outcome} after ${result.elapsedMs} ms: ${firstErrorLine(result.output)}`;
    console.log(`  ${label.padEnd(9)} ${outcome}`);
  }

  heading(5, `Churn: ${settings.rounds} rounds × ${settings.perRound} WebSocket clients that join, chat and leave; one in ${settings.transcriptEvery} asks for a transcript`);
  const leaks = {};
  for (const [label, directory] of [
    ['original', original],
    ['migrated', fixed],
  ]) {
    process.stdout.write(`  ${label.padEnd(9)} `);
    leaks[label] = await measureLeaks(directory, {
      rounds: settings.rounds,
      perRound: settings.perRound,
      transcriptEvery: settings.transcriptEvery,
      onRound: () => process.stdout.write('.'),
    });
    process.stdout.write('\n');
  }
  report.steps.leaks = leaks;
  const header = ['connections', 'heap MB (orig)', 'heap MB (migr)', 'SIGUSR2 (o/m)', 'bus (o/m)', 'timers (o/m)', 'indexed (o/m)', 'threads (o/m)'];
  console.log(`\n  ${header.map((cell) => cell.padStart(15)).join('')}`);
  const rows = leaks.original.samples.map((sample, index) => [sample, leaks.migrated.samples[index]]);
  const every = Math.max(1, Math.floor(rows.length / 10));
  for (const [index, [o, m]] of rows.entries()) {
    if (index % every !== 0 && index !== rows.length - 1) continue;
    const cells = [
      String(o.connections),
      (o.heapUsed / 1e6).toFixed(1),
      (m.heapUsed / 1e6).toFixed(1),
      `${o.processListeners}/${m.processListeners}`,
      `${o.busListeners}/${m.busListeners}`,
      `${o.activeTimers}/${m.activeTimers}`,
      `${o.indexedConnections ?? '–'}/${m.indexedConnections ?? '–'}`,
      `${o.threads ?? '–'}/${m.threads ?? '–'}`,
    ];
    console.log(`  ${cells.map((cell) => cell.padStart(15)).join('')}`);
  }
  console.log(
    `\n  heap slope (median of pairwise slopes, after warm-up): original ${Math.round(leaks.original.heapSlope)} B/connection, migrated ${Math.round(leaks.migrated.heapSlope)} B/connection`,
  );
  // Outside the workspace, so it survives the clean-up.
  const chart = writeHeapChart(join(tmpdir(), 'lifeguard-demo-heap.svg'), leaks);
  console.log(`  chart of heap over rounds: ${chart}`);

  // 6. lifeguard-runtime/testing's leak check, as a user's test would run it.
  heading(6, 'The leak check (lifeguard-runtime/testing checkLeaks) around 5 × 10 visits');
  const leakCheck = {};
  for (const [label, sourceDirectory] of [
    ['original', join(example, 'src')],
    ['migrated', join(migrated, 'src')],
  ]) {
    const directory = compileService(sourceDirectory, join(workspace, `build/${label}-mapped`), join(root, 'node_modules'), { sourceMaps: true });
    leakCheck[label] = await checkServiceLeaks(directory, { visits: 10, iterations: 5 });
    const where = (createdAt) => createdAt.replace(`${directory}/`, 'src/');
    const lines = leakCheck[label].leaks.map((leak) => `${leak.description}${leak.count > 1 ? ` (×${leak.count})` : ''}, created at ${where(leak.createdAt)}`);
    console.log(`  ${label.padEnd(9)} ${lines.length === 0 ? 'clean' : `${lines.length} leak(s):`}`);
    for (const line of lines) console.log(`    - ${line}`);
  }
  report.steps.leakCheck = leakCheck;

  // 7. The claims, one line each.
  heading(7, 'Claims');
  const last = (label) => leaks[label].samples.at(-1);
  const total = last('original').connections;
  const hangFixed = startup.original.outcome === 'hung' && startup.migrated.outcome === 'failed' && /StepTimeoutError/.test(startup.migrated.output);
  const leakFixed =
    leaks.migrated.heapSlope < leaks.original.heapSlope / 10 &&
    last('migrated').processListeners === 0 &&
    last('migrated').busListeners === 0 &&
    last('migrated').activeTimers <= 2;
  // Threads are OS threads of the service process (Linux). One transcript job per `transcriptEvery` connections:
  // the original keeps each job's worker thread; the migrated one ends it when the transcript arrives.
  const transcripts = Math.ceil(total / settings.transcriptEvery);
  const threadsAtStart = (label) => leaks[label].samples[0].threads;
  const threadsMeasured = last('original').threads !== null;
  const threadLeakFixed = threadsMeasured
    ? last('original').threads - threadsAtStart('original') >= transcripts && last('migrated').threads - threadsAtStart('migrated') <= 4
    : null;
  const leakCheckVerdict = leakCheck.original.leaks.length > 0 && leakCheck.migrated.leaks.length === 0;
  report.claims = { hangFixed, leakFixed, threadLeakFixed, leakCheckVerdict };
  console.log(
    `  hang fixed: ${hangFixed ? 'yes' : 'NO'} — original ${startup.original.outcome} for ${startup.original.elapsedMs} ms; migrated ${startup.migrated.outcome} in ${startup.migrated.elapsedMs} ms with StepTimeoutError`,
  );
  console.log(
    `  leak fixed: ${leakFixed ? 'yes' : 'NO'} — after ${total} connections: heap slope ${Math.round(leaks.original.heapSlope)} → ${Math.round(leaks.migrated.heapSlope)} B/connection, SIGUSR2 listeners ${last('original').processListeners} → ${last('migrated').processListeners}, bus listeners ${last('original').busListeners} → ${last('migrated').busListeners}, timers ${last('original').activeTimers} → ${last('migrated').activeTimers}`,
  );
  console.log(
    threadsMeasured
      ? `  thread leak fixed: ${threadLeakFixed ? 'yes' : 'NO'} — after ${transcripts} transcript jobs: OS threads ${threadsAtStart('original')} → ${last('original').threads} in the original, ${threadsAtStart('migrated')} → ${last('migrated').threads} in the migrated one`
      : '  thread leak fixed: not measured (threads are counted from /proc/self/task, on Linux only)',
  );
  console.log(
    `  leak check: ${leakCheckVerdict ? 'yes' : 'NO'} — original ${leakCheck.original.leaks.length} leak(s) named with their lines, migrated ${leakCheck.migrated.leaks.length}`,
  );
  if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  if (!hangFixed || !leakFixed || threadLeakFixed === false || !leakCheckVerdict) process.exitCode = 1;
} finally {
  if (values.keep) console.log(`\n  kept: ${workspace}`);
  else rmSync(workspace, { recursive: true, force: true });
}
