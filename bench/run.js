// The benchmark (not a test): `npm run bench` (= `npm run build && node bench/run.js`).
// Runs the lint, codemod and runtime benchmarks, prints a table per part and rewrites
// docs/benchmarks.md with the machine, the date, every figure and each goal met or missed.
//   --quick          fewer files and iterations (a smoke run; docs/benchmarks.md is not rewritten)
//   --only <part>    one of lint, codemods, runtime (the other parts keep their last figures)
//   --docs <file>    write the report there instead of docs/benchmarks.md (also in --quick mode)
//   --json <file>    also write every figure as JSON
//   --render <file>  run nothing: rewrite the report from saved figures ('last': the last full run's)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { printCodemodTables, runCodemodBenchmarks } from './codemods.js';
import { corpusDirectory } from './corpus.js';
import { printLintTables, runLintBenchmarks } from './lint.js';
import { runRuntimeBenchmarks } from './runtime.js';

const PARTS = ['lint', 'codemods', 'runtime'];
const projectRoot = fileURLToPath(new URL('..', import.meta.url));
/** The last full figures of each part, so that `--only` keeps the other parts in the report. */
const lastResultsFile = join(corpusDirectory, 'last-results.json');

const { values } = parseArgs({
  options: { quick: { type: 'boolean' }, only: { type: 'string' }, docs: { type: 'string' }, json: { type: 'string' }, render: { type: 'string' } },
  strict: true,
});
if (values.only !== undefined && !PARTS.includes(values.only)) {
  console.error(`bench: --only takes one of ${PARTS.join(', ')}, got ${values.only}`);
  process.exit(2);
}
const quick = values.quick === true;
const parts = values.render !== undefined ? [] : values.only ? [values.only] : PARTS;

const machine = {
  cpu: cpus()[0]?.model?.trim() ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
};
const started = new Date();
console.error(`bench: ${parts.join(', ')}${quick ? ' (quick)' : ''} on ${machine.cpu} ×${machine.cores}, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverage.join(' ')}`);

const fresh = {};
for (const part of parts) {
  const partStarted = performance.now();
  if (part === 'lint') {
    fresh.lint = await runLintBenchmarks({ quick });
    printLintTables(fresh.lint);
  } else if (part === 'codemods') {
    fresh.codemods = await runCodemodBenchmarks({ quick });
    printCodemodTables(fresh.codemods);
  } else {
    // Last: the runtime benchmark turns on AsyncLocalStorage, whose promise hooks would slow the other parts.
    fresh.runtime = await runRuntimeBenchmarks({ scale: quick ? 0.1 : 1 });
    console.log(`\nRuntime (ns per operation, median of 7 runs)`);
    console.table(Object.fromEntries(Object.entries(fresh.runtime.nsPerOp).map(([name, ns]) => [name, { 'ns/op': ns }])));
    console.table(Object.fromEntries(Object.entries(fresh.runtime.ratios).map(([name, ratio]) => [name, { ratio }])));
  }
  fresh[`${part}Seconds`] = Math.round((performance.now() - partStarted) / 100) / 10;
  console.error(`bench: ${part} took ${fresh[`${part}Seconds`]} s`);
}

const date = started.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
let results = Object.fromEntries(parts.map((part) => [part, { date, machine, seconds: fresh[`${part}Seconds`], figures: fresh[part] }]));
if (values.render !== undefined) {
  results = JSON.parse(readFileSync(values.render === '' || values.render === 'last' ? lastResultsFile : values.render, 'utf8'));
} else if (!quick) {
  const previous = existsSync(lastResultsFile) ? JSON.parse(readFileSync(lastResultsFile, 'utf8')) : {};
  results = { ...previous, ...results };
  mkdirSync(dirname(lastResultsFile), { recursive: true });
  writeFileSync(lastResultsFile, `${JSON.stringify(results, null, 2)}\n`);
}
if (values.json) writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);

const goals = evaluateGoals(results);
console.log('\nGoals');
console.table(Object.fromEntries(goals.map((goal) => [goal.goal, { status: goal.status, figure: goal.figure }])));

const docsFile = values.docs ?? (quick ? undefined : join(projectRoot, 'docs', 'benchmarks.md'));
if (docsFile) {
  // The recall and precision sections are written by `npm run recall -- --docs` and
  // `npm run precision -- --docs`; keep them across rewrites.
  const previous = existsSync(docsFile) ? readFileSync(docsFile, 'utf8') : '';
  const kept = ['recall', 'precision'].map((name) => new RegExp(`<!-- ${name}:start -->[\\s\\S]*<!-- ${name}:end -->\\n?`).exec(previous)?.[0]).filter(Boolean);
  const rendered = renderMarkdown(results, goals);
  writeFileSync(docsFile, `${[rendered.trimEnd(), ...kept.map((section) => section.trimEnd())].join('\n\n')}\n`);
  console.error(`bench: wrote ${relative(process.cwd(), docsFile) || docsFile}`);
} else {
  console.error('bench: --quick run, docs/benchmarks.md not rewritten (pass --docs <file> to write the report)');
}

/** Each goal of the issues, met or missed with its figure; a part that did not run (or a codemod that is missing) is "not measured". */
function evaluateGoals(all) {
  const goals = [];
  const add = (goal, measured, met, figure) => goals.push({ goal, status: measured ? (met ? 'met' : 'missed') : 'not measured', figure: measured ? figure : figure ? `inconclusive: ${figure}` : '—' });
  const lint = all.lint?.figures;
  add('Lint overhead ≤ 10 % (wall, A/B)', Boolean(lint), lint && lint.overhead.overheadPercent <= 10, lint && `${lint.overhead.overheadPercent} %`);
  // The same question from ESLint's own clock: less exposed to other jobs on the machine than two wall times.
  const perRule = lint?.perRule;
  const timingPercent = perRule && perRule.cliWallMs > perRule.lifeguardRulesMs ? Math.round((perRule.lifeguardRulesMs / (perRule.cliWallMs - perRule.lifeguardRulesMs)) * 1000) / 10 : undefined;
  add('Lint overhead ≤ 10 % (Lifeguard’s rule time / the rest of the pass, ESLint TIMING)', timingPercent !== undefined, timingPercent <= 10, timingPercent !== undefined && `${timingPercent} % (${perRule.lifeguardRulesMs} ms of ${perRule.cliWallMs} ms)`);
  // A difference of two noisy pass times can come out negative: then the rules cost less than the noise, and nothing is concluded.
  const wallMeasured = lint && lint.peer.lifeguardDeltaMs > 0 && lint.peer.listenersDeltaMs > 0;
  add(
    'Cleanup rules not slower than eslint-plugin-listeners (wall, with − parse-only)',
    Boolean(wallMeasured),
    lint && lint.peer.deltaRatio <= 1,
    lint && `${lint.peer.deltaRatio}× (${lint.peer.lifeguardDeltaMs} ms vs ${lint.peer.listenersDeltaMs} ms)`,
  );
  add(
    'Cleanup rules not slower than eslint-plugin-listeners (ESLint per-rule time)',
    Boolean(lint),
    lint && lint.peer.statsRatio <= 1,
    lint && `${lint.peer.statsRatio}× (${lint.peer.statsLifeguardMs} ms vs ${lint.peer.statsListenersMs} ms)`,
  );
  add('ESLint --concurrency=2 gives the same findings', Boolean(lint), lint && lint.concurrency.sameFindings, lint && `${lint.concurrency.findingsTwo} vs ${lint.concurrency.findingsOff} findings`);
  add('ESLint --concurrency=2 scales (speed-up > 1)', Boolean(lint), lint && lint.concurrency.speedUp > 1, lint && `${lint.concurrency.speedUp}×`);
  const codemods = all.codemods?.figures;
  for (const name of codemods ? Object.keys(codemods.corpus.runs) : ['staged-timeout', 'listener-cleanup', 'weak-registry']) {
    const run = codemods?.corpus.runs[name];
    add(`${name} ≤ 1.5× the no-op floor`, run?.floorRatio !== undefined, run?.floorRatio <= 1.5, run?.floorRatio !== undefined ? `${run.floorRatio}×` : '');
  }
  const generated = codemods?.generated;
  add('weak-registry ≤ 2× tsc --noEmit', generated?.tscRatio !== undefined, generated?.tscRatio <= 2, generated?.tscRatio !== undefined ? `${generated.tscRatio}× (${generated.files} files)` : '');
  const rss = generated?.weakRegistry?.peakRssMiB;
  add(
    'weak-registry peak RSS ≤ 2 GiB for 2,000 files',
    rss !== undefined && generated.files >= 2_000,
    rss <= 2_048,
    rss !== undefined ? `${rss} MiB (${generated.files} files)` : '',
  );
  const runtime = all.runtime?.figures;
  const overheadRatio = runtime?.ratios['withTimeout(promise) overhead / p-timeout overhead'];
  add('withTimeout no slower than p-timeout', Boolean(runtime), overheadRatio <= 1, runtime && `${overheadRatio}× p-timeout’s per-call overhead`);
  const getRatio = runtime?.ratios['WeakRegistry.get / Map.get'];
  add('WeakRegistry.get within 3× Map.get', Boolean(runtime), getRatio <= 3, runtime && `${getRatio}×`);
  return goals;
}

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `| ${header.map((_, index) => (index === 0 || /^[A-Z]/.test(header[index]) && !/ms|MiB|Findings|Files linted|Time|Value|ns|of$|Bytes|×/.test(header[index]) ? '---' : '---:')).join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

function mb(bytes) {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

function machineLine({ date, machine: info, seconds }) {
  return `_Measured ${date} on ${info.cpu} × ${info.cores} cores, ${info.memoryGiB} GiB, ${info.platform}, Node ${info.node} (load average at start ${info.loadAverage.join(' / ')}); this part took ${seconds} s._`;
}

function renderMarkdown(all, goalList) {
  const lines = [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` (bench/run.js); do not edit by hand. -->',
    '',
    'Does Lifeguard slow your lint, are its codemods fast enough for a large tree, and what do the runtime helpers cost per call?',
    'Every comparison is measured in one run on one machine, alternating the two sides where a run repeats, and reported as a ratio:',
    'absolute times depend on the machine (and these were taken on a small, shared one), ratios much less so.',
    'Reproduce with `npm run bench:corpus` (once) and `npm run bench`; `node bench/run.js --only lint|codemods|runtime` reruns one part.',
    '',
    '## Goals',
    '',
    table(['Goal', 'Status', 'Figure'], goalList.map((goal) => [goal.goal, goal.status === 'met' ? '✅ met' : goal.status === 'missed' ? '❌ missed' : goal.status, goal.figure])),
    '',
  ];

  const lint = all.lint;
  if (lint) {
    const { sample, overhead, perRule, peer, concurrency } = lint.figures;
    lines.push(
      '## Lint',
      '',
      machineLine(lint),
      '',
      `**Corpus**: a deterministic sample of ${sample.files} files (${mb(sample.bytes)}) of the pinned ${sample.corpusFiles}-file corpus (${mb(sample.corpusBytes)}): every file of a package up to ${mb(sample.cap)}, every k-th file of a larger one (thinned: ${sample.packages.filter((entry) => entry.every > 1).map((entry) => `\`${entry.name}\` 1 file in ${entry.every}`).join(', ') || 'none'}), copied outside \`node_modules\`.`,
      'TypeScript is parsed by `@typescript-eslint/parser`, JavaScript by espree (CommonJS packages as scripts).',
      '',
      table(
        ['Package', 'Version', 'Language', 'Files linted', 'of', 'Bytes linted'],
        sample.packages.map((entry) => [entry.name, entry.version, entry.language === 'ts' ? 'TypeScript' : `JavaScript (${entry.sourceType})`, entry.files, entry.totalFiles, mb(entry.bytes)]),
      ),
      '',
      '### Overhead of the recommended config',
      '',
      `Wall time of one in-process \`ESLint#lintFiles\` pass over the sample (no cache, no workers), after one uncounted warm-up pass; ${overhead.rounds} rounds alternating baseline and with-Lifeguard (the order rotates each round).`,
      '',
      table(
        ['Config', 'Median ms', 'Each round (ms)'],
        [
          ['Baseline: `@eslint/js` recommended', overhead.baselineMedianMs, overhead.baselineMs.join(' / ')],
          ['Baseline + `lifeguard.configs.recommended`', overhead.withMedianMs, overhead.withMs.join(' / ')],
        ],
      ),
      '',
      `**Overhead (with − baseline) / baseline: ${overhead.overheadPercent} %** of the medians (median of the per-round overheads: ${overhead.pairedOverheadPercentMedian} %). ${overhead.filesLinted} files linted, ${overhead.fatal} parse errors; Lifeguard findings: ${Object.entries(overhead.lifeguardFindings).map(([rule, count]) => `\`${rule}\` ${count}`).join(', ') || 'none'}.`,
      '',
      '### Per-rule times',
      '',
      `${perRule.method}. All rules together: ${perRule.allRulesMs} ms; Lifeguard’s rules: ${perRule.lifeguardRulesMs} ms. The CLI pass took ${perRule.cliWallMs} ms wall (with process start).`,
      '',
      table(['Lifeguard rule', 'Time (ms)', 'Relative (of all rules)'], perRule.lifeguard.map((row) => [`\`${row.rule}\``, row.ms, row.relative])),
      '',
      'The slowest rules of the pass, for scale:',
      '',
      table(['Rule', 'Time (ms)', 'Relative'], perRule.top.map((row) => [`\`${row.rule}\``, row.ms, row.relative])),
      '',
      '### Against `eslint-plugin-listeners`',
      '',
      'Lifeguard’s three cleanup rules (`require-listener-cleanup`, `require-timer-cleanup`, `no-listener-accumulation`) against every rule of `eslint-plugin-listeners@1.6.0` on the same files.',
      `Wall: ${peer.rounds} rounds alternating parse-only (no rules), Lifeguard and listeners; each side is the median of (with rules − parse-only) per round. On a busy machine the difference of two whole-pass times is noisy, so ESLint’s own per-rule times (\`stats: true\`, the data behind \`TIMING\`) from one pass with both rule sets on are given too.`,
      '',
      table(
        ['Rules', 'Pass (median ms)', 'With − parse-only (ms)', 'ESLint per-rule time (ms)'],
        [
          ['Parse only (no rules)', peer.parseOnlyMedianMs, '—', '—'],
          ['Lifeguard cleanup rules (3)', peer.lifeguardMedianMs, peer.lifeguardDeltaMs, peer.statsLifeguardMs],
          ['`eslint-plugin-listeners` (3)', peer.listenersMedianMs, peer.listenersDeltaMs, peer.statsListenersMs],
        ],
      ),
      '',
      `**Time ratio Lifeguard / listeners: ${peer.deltaRatio}× (wall, with − parse-only), ${peer.statsRatio}× (ESLint per-rule time).**`,
      '',
      table(['Rule', 'Findings', 'ESLint per-rule time (ms)'], Object.entries(peer.findings).map(([rule, count]) => [`\`${rule}\``, count, peer.statsRuleMs[rule]])),
      '',
      'The counts measure different things: `eslint-plugin-listeners` reports every `addEventListener` without a `removeEventListener` in the same scope (and every inline handler), Lifeguard only listeners and timers on objects that outlive the code that registers them.',
      '',
      '### Concurrency',
      '',
      `The ESLint CLI (\`eslint --format json files\`, recommended + Lifeguard) in a child process, wall time from spawn to exit, ${concurrency.rounds} alternating rounds, median.`,
      '',
      table(
        ['Run', 'Median ms', 'Findings'],
        [
          ['`--concurrency=off`', concurrency.offMs, concurrency.findingsOff],
          ['`--concurrency=2`', concurrency.twoMs, concurrency.findingsTwo],
        ],
      ),
      '',
      `**Speed-up ${concurrency.speedUp}×; identical findings (file, line, column, rule, message): ${concurrency.sameFindings ? 'yes' : 'no'}.** Lifeguard’s rules load in ESLint’s worker threads unchanged; on a 2-core machine shared with other jobs each worker also pays for loading the parsers and the config, so the speed-up is bounded by the cores that are actually free.`,
      '',
    );
  }

  const codemods = all.codemods;
  if (codemods) {
    const { corpus, generated } = codemods.figures;
    const runRow = (label, run) =>
      run.status !== 'ok'
        ? [label, run.status, '', '', '', '']
        : [label, run.engineMs, run.floorRatio === undefined ? '—' : `${run.floorRatio}×`, run.peakRssMiB, run.wallMs, `${run.summary.changed} / ${run.summary.unchanged} / ${run.summary.skipped} / ${run.summary.failed} / ${run.summary.manualReview}`];
    lines.push(
      '## Codemods',
      '',
      machineLine(codemods),
      '',
      `Each codemod runs through the CLI (\`main()\` of \`dist/src/cli/main.js\`: \`lifeguard <codemod> --dry --json --cpus 1 .\`) in its own child process; the floor is a no-op codemod through the same engine (discovery, read, parse, report). **Engine ms** is the time inside \`main()\`, **peak RSS** is \`process.resourceUsage().maxRSS\` at the end of the child, **wall ms** includes starting Node and loading the modules. Files: changed / unchanged / skipped / failed / items for manual review.`,
      '',
      `### Corpus sample (${corpus.files} files, ${mb(corpus.bytes)})`,
      '',
      `${corpus.rounds ?? 1} rounds of the floor and each codemod in turn (the order rotates each round); engine and wall ms are medians, peak RSS the largest. The lint sample in a temp folder (TypeScript and JavaScript; \`dist/\` and \`build/\` folders renamed so that discovery does not skip them as build output).`,
      '',
      table(['Codemod', 'Engine ms', '× floor', 'Peak RSS (MiB)', 'Wall ms', 'Files'], [runRow('no-op (floor)', corpus.floor), ...Object.entries(corpus.runs).map(([name, run]) => runRow(`\`${name}\``, run))]),
      '',
      `### \`weak-registry\` on a generated ${generated.files}-file TypeScript project`,
      '',
    );
    if (generated.status === 'not available') {
      lines.push('Not available: `weak-registry` is not registered yet.', '');
    } else {
      lines.push(
        `No corpus package ships a \`tsconfig.json\` project, so \`bench/codemods.js\` generates one into \`bench/.corpus/generated/\`: groups of four files with an object-keyed \`Map\` registry, and a Room/Player pair whose players sit in a module-level \`Map\` while holding their Room (a retained back-reference), each group importing from the previous one. \`tsc --noEmit -p\` runs on the same project; both wall times include starting Node.`,
        '',
        table(
          ['Run', 'Wall ms', 'Peak RSS (MiB)', 'Notes'],
          [
            ['`tsc --noEmit`', generated.tsc.wallMs, generated.tsc.peakRssMiB ?? '?', `${generated.tsc.typeErrors} type errors`],
            ['no-op (floor)', generated.floor.wallMs ?? generated.floor.status, generated.floor.peakRssMiB ?? '', generated.floor.engineMs ? `engine ${generated.floor.engineMs} ms` : ''],
            [
              '`weak-registry`',
              generated.weakRegistry.wallMs ?? generated.weakRegistry.status,
              generated.weakRegistry.peakRssMiB ?? '',
              generated.weakRegistry.summary
                ? `engine ${generated.weakRegistry.engineMs} ms; ${generated.weakRegistry.summary.changed} files changed, ${generated.weakRegistry.summary.failed} failed, ${generated.weakRegistry.summary.manualReview} for review`
                : generated.weakRegistry.status,
            ],
          ],
        ),
        '',
        generated.tscRatio === undefined ? '' : `**weak-registry / tsc --noEmit: ${generated.tscRatio}× (wall); weak-registry / no-op floor: ${generated.floorRatio}× (engine).** It type-checks the changed files and their importers after its change sets (and before, only when errors remain) to refuse a fix that adds type errors, so one check of everything the change touches is its floor.`,
        '',
      );
    }
  }

  const runtime = all.runtime;
  if (runtime) {
    const { nsPerOp, ratios } = runtime.figures;
    lines.push(
      '## Runtime',
      '',
      machineLine(runtime),
      '',
      '`bench/runtime.js`, in one process: nanoseconds per operation, the median of 7 timed runs after one warm-up run. Timeouts: 50,000 awaited calls per run with a 10 s budget that never fires; registries: 200,000 operations over 1,000 keys; listeners: 50,000 rounds of two `on` and their removal.',
      '',
      table(['Operation', 'ns/op'], Object.entries(nsPerOp).map(([name, ns]) => [`\`${name}\``, ns])),
      '',
      table(['Ratio', 'Value'], Object.entries(ratios).map(([name, ratio]) => [name, `${ratio}×`])),
      '',
    );
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
