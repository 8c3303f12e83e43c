// Lint benchmark (not a test): `npm run build && node bench/lint.js [--quick] [--json out.json]`.
// On the bench sample of the real-package corpus (see prepareSample in corpus.js), in one process:
//   - overhead: @eslint/js recommended (baseline) vs the same plus lifeguard.configs.recommended,
//     alternating A/B for several rounds; (with − baseline) / baseline from the medians;
//   - per-rule times: the ESLint CLI in a child process with TIMING=all (its own table, parsed);
//   - against a peer: Lifeguard's three cleanup rules vs every rule of eslint-plugin-listeners,
//     each timed as (with rules − parse-only) in alternating rounds, plus ESLint's own per-rule
//     times (`stats: true`) from one pass with both rule sets on, and the finding counts;
//   - concurrency: the ESLint CLI with --concurrency=off vs --concurrency=2, same findings, speed-up;
//   - oxlint: oxlint + Lifeguard (JS plugins) vs ESLint + Lifeguard, CLI CPU and wall, findings identical.
// `runLintBenchmarks()` returns the figures for docs/benchmarks.md.
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import js from '@eslint/js';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import lifeguard from '../dist/src/index.js';
import { corpusDirectory, prepareCorpus, prepareSample } from './corpus.js';
import { compareOxlint, printOxlintTable } from './oxlint.js';
import { eslintBin, median, projectRoot, round, runTimed } from './process.js';

const listeners = createRequire(join(corpusDirectory, 'package.json'))('eslint-plugin-listeners');

export const CLEANUP_RULES = ['lifeguard/require-listener-cleanup', 'lifeguard/require-timer-cleanup', 'lifeguard/no-listener-accumulation'];
export const PEER_RULES = Object.keys(listeners.rules).map((name) => `listeners/${name}`);

/** The variants compared; each is the same parser setup with a different rule set. */
export const VARIANTS = {
  /** No rules: parse, scope analysis and traversal only. */
  'parse-only': () => ({}),
  baseline: () => js.configs.recommended.rules,
  with: () => ({ ...js.configs.recommended.rules, ...lifeguard.configs.recommended.rules }),
  'lifeguard-cleanup': () => Object.fromEntries(CLEANUP_RULES.map((rule) => [rule, 'error'])),
  listeners: () => Object.fromEntries(PEER_RULES.map((rule) => [rule, 'error'])),
  'both-cleanup': () => Object.fromEntries([...CLEANUP_RULES, ...PEER_RULES].map((rule) => [rule, 'error'])),
  /** Lifeguard's recommended rules alone: what ESLint and oxlint are compared on. */
  'lifeguard-only': () => lifeguard.configs.recommended.rules,
};

/**
 * The flat config of a variant for the sample: typescript-eslint's parser
 * for TypeScript packages, espree (ESLint's default) for JavaScript, with
 * CommonJS packages parsed as scripts. Exported for the generated
 * `eslint.config.mjs` that the CLI runs load.
 */
export function lintConfig(variant, manifest) {
  const rules = VARIANTS[variant]();
  const commonjs = manifest.packages.filter((entry) => entry.sourceType === 'commonjs').map((entry) => `**/${entry.name}/**/*.js`);
  return [
    { linterOptions: { reportUnusedDisableDirectives: 'off' } },
    { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
    ...(commonjs.length > 0 ? [{ files: commonjs, languageOptions: { sourceType: 'commonjs' } }] : []),
    { plugins: { lifeguard, listeners }, rules },
  ];
}

/** One in-process ESLint pass over the sample (ESLint class, like the CLI without workers); wall ms and the results. */
async function lintPass(sample, variant, { stats = false } = {}) {
  const eslint = new ESLint({ cwd: sample.root, overrideConfigFile: true, overrideConfig: lintConfig(variant, sample), stats });
  const started = performance.now();
  const results = await eslint.lintFiles(['files']);
  return { ms: performance.now() - started, results };
}

function countFindings(results) {
  const byRule = {};
  let fatal = 0;
  let files = 0;
  for (const result of results) {
    files += 1;
    for (const message of result.messages) {
      if (message.fatal || !message.ruleId) fatal += 1;
      else byRule[message.ruleId] = (byRule[message.ruleId] ?? 0) + 1;
    }
  }
  return { files, fatal, byRule };
}

/** Rounds of A, B, … in turn (the order rotates each round, so neither side always runs on a warmer or busier machine). */
async function alternate(sample, variants, rounds, log) {
  const times = Object.fromEntries(variants.map((variant) => [variant, []]));
  const findings = {};
  for (let index = 0; index < rounds; index++) {
    const order = variants.map((_, position) => variants[(position + index) % variants.length]);
    for (const variant of order) {
      const { ms, results } = await lintPass(sample, variant);
      times[variant].push(ms);
      findings[variant] ??= countFindings(results);
      log(`  round ${index + 1}/${rounds} ${variant}: ${Math.round(ms)} ms`);
    }
  }
  return { times, findings };
}

function writeConfigFile(sample) {
  const file = join(sample.root, 'eslint.config.mjs');
  const text = [
    '// Generated by bench/lint.js for the CLI runs; the variant comes from LIFEGUARD_BENCH_VARIANT.',
    `import { readFileSync } from 'node:fs';`,
    `import { lintConfig } from ${JSON.stringify(pathToFileURL(join(projectRoot, 'bench', 'lint.js')).href)};`,
    `const manifest = JSON.parse(readFileSync(new URL('./sample.json', import.meta.url), 'utf8'));`,
    `export default lintConfig(process.env.LIFEGUARD_BENCH_VARIANT ?? 'with', manifest);`,
    '',
  ].join('\n');
  writeFileSync(file, text);
  return file;
}

/** Runs the ESLint CLI on the sample in a child process; wall ms (process start to exit), stdout, and the JSON results. */
async function runCli(sample, args, env = {}) {
  const outputDirectory = mkdtempSync(join(tmpdir(), 'lifeguard-bench-'));
  const outputFile = join(outputDirectory, 'results.json');
  try {
    const run = await runTimed(process.execPath, [eslintBin, '--format', 'json', '--output-file', outputFile, ...args, 'files'], { cwd: sample.root, env });
    // Exit 1 means findings; 2 is a crash or a configuration error.
    if (run.code !== 0 && run.code !== 1) throw new Error(`eslint ${args.join(' ')} exited with ${run.code}: ${run.stderr.slice(0, 2000)}`);
    return { ms: run.wallMs, stdout: run.stdout, results: JSON.parse(readFileSync(outputFile, 'utf8')) };
  } finally {
    rmSync(outputDirectory, { recursive: true, force: true });
  }
}

/** ESLint's TIMING table: `Rule | Time (ms) | Relative` rows. */
export function parseTimingTable(stdout) {
  const rows = [];
  for (const line of stdout.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length !== 3 || !/^\d+(\.\d+)?$/.test(cells[1])) continue;
    rows.push({ rule: cells[0], ms: Number(cells[1]), relative: cells[2] });
  }
  return rows;
}

/** A canonical, order-independent list of findings, to compare two runs. */
function findingKeys(results, root) {
  return results
    .flatMap((result) => result.messages.map((message) => `${result.filePath.slice(root.length)}:${message.line}:${message.column}:${message.ruleId}:${message.message}`))
    .sort();
}

function ruleTimesFromStats(results) {
  const times = {};
  for (const result of results) {
    for (const pass of result.stats?.times?.passes ?? []) {
      for (const [rule, { total }] of Object.entries(pass.rules ?? {})) times[rule] = (times[rule] ?? 0) + total;
    }
  }
  return times;
}

export async function runLintBenchmarks({ quick = false, log = console.error } = {}) {
  prepareCorpus({ log });
  const sample = await prepareSample(quick ? 'quick' : 'full');
  writeConfigFile(sample);
  const rounds = quick ? 1 : 5;
  const peerRounds = quick ? 1 : 3;
  const cliRounds = quick ? 1 : 2;
  const sampleInfo = {
    cap: sample.cap,
    files: sample.packages.reduce((sum, entry) => sum + entry.files.length, 0),
    bytes: sample.packages.reduce((sum, entry) => sum + entry.bytes, 0),
    corpusFiles: sample.packages.reduce((sum, entry) => sum + entry.totalFiles, 0),
    corpusBytes: sample.packages.reduce((sum, entry) => sum + entry.totalBytes, 0),
    packages: sample.packages.map(({ name, version, language, sourceType, step, files, bytes, totalFiles }) => ({ name, version, language, sourceType, every: step, files: files.length, bytes, totalFiles })),
  };

  log('lint: warm-up pass (loads parsers and rules; not counted)');
  await lintPass(sample, 'with');

  log(`lint: overhead, baseline vs with, ${rounds} alternating rounds`);
  const overheadRun = await alternate(sample, ['baseline', 'with'], rounds, log);
  const baselineMs = median(overheadRun.times.baseline);
  const withMs = median(overheadRun.times.with);
  const pairedOverheads = overheadRun.times.with.map((ms, index) => (ms - overheadRun.times.baseline[index]) / overheadRun.times.baseline[index]);
  const overhead = {
    rounds,
    baselineMs: overheadRun.times.baseline.map((ms) => round(ms)),
    withMs: overheadRun.times.with.map((ms) => round(ms)),
    baselineMedianMs: round(baselineMs),
    withMedianMs: round(withMs),
    overheadPercent: round(((withMs - baselineMs) / baselineMs) * 100, 2),
    pairedOverheadPercentMedian: round(median(pairedOverheads) * 100, 2),
    lifeguardFindings: Object.fromEntries(Object.entries(overheadRun.findings.with.byRule).filter(([rule]) => rule.startsWith('lifeguard/'))),
    fatal: overheadRun.findings.with.fatal,
    filesLinted: overheadRun.findings.with.files,
  };

  log('lint: per-rule times, ESLint CLI with TIMING=all (variant "with")');
  const timingRun = await runCli(sample, ['--concurrency=off'], { TIMING: 'all', LIFEGUARD_BENCH_VARIANT: 'with' });
  const timingRows = parseTimingTable(timingRun.stdout);
  const totalRuleMs = timingRows.reduce((sum, row) => sum + row.ms, 0);
  const lifeguardRows = timingRows.filter((row) => row.rule.startsWith('lifeguard/'));
  const perRule = {
    method: 'ESLint CLI, TIMING=all, --concurrency=off, one pass; the table ESLint prints (time in each rule’s listeners)',
    cliWallMs: round(timingRun.ms),
    allRulesMs: round(totalRuleMs),
    lifeguardRulesMs: round(lifeguardRows.reduce((sum, row) => sum + row.ms, 0)),
    lifeguard: lifeguardRows.map((row) => ({ ...row, ms: round(row.ms) })),
    top: timingRows.slice(0, 8).map((row) => ({ ...row, ms: round(row.ms) })),
  };

  log(`lint: against eslint-plugin-listeners, ${peerRounds} alternating rounds of parse-only / lifeguard-cleanup / listeners`);
  const peerRun = await alternate(sample, ['parse-only', 'lifeguard-cleanup', 'listeners'], peerRounds, log);
  const parseOnly = peerRun.times['parse-only'];
  const lifeguardDeltas = peerRun.times['lifeguard-cleanup'].map((ms, index) => ms - parseOnly[index]);
  const listenersDeltas = peerRun.times.listeners.map((ms, index) => ms - parseOnly[index]);
  const statsRun = await lintPass(sample, 'both-cleanup', { stats: true });
  const ruleTimes = ruleTimesFromStats(statsRun.results);
  const sumOf = (rules) => rules.reduce((sum, rule) => sum + (ruleTimes[rule] ?? 0), 0);
  const bothFindings = countFindings(statsRun.results).byRule;
  const peer = {
    rounds: peerRounds,
    parseOnlyMedianMs: round(median(parseOnly)),
    lifeguardMedianMs: round(median(peerRun.times['lifeguard-cleanup'])),
    listenersMedianMs: round(median(peerRun.times.listeners)),
    lifeguardDeltaMs: round(median(lifeguardDeltas)),
    listenersDeltaMs: round(median(listenersDeltas)),
    deltaRatio: round(median(lifeguardDeltas) / median(listenersDeltas), 2),
    statsRuleMs: Object.fromEntries([...CLEANUP_RULES, ...PEER_RULES].map((rule) => [rule, round(ruleTimes[rule] ?? 0, 2)])),
    statsLifeguardMs: round(sumOf(CLEANUP_RULES), 2),
    statsListenersMs: round(sumOf(PEER_RULES), 2),
    statsRatio: round(sumOf(CLEANUP_RULES) / sumOf(PEER_RULES), 2),
    findings: Object.fromEntries([...CLEANUP_RULES, ...PEER_RULES].map((rule) => [rule, bothFindings[rule] ?? 0])),
  };

  log(`lint: concurrency, ESLint CLI --concurrency=off vs =2, ${cliRounds} alternating rounds (variant "with")`);
  const cli = { off: [], two: [] };
  let offKeys;
  let twoKeys;
  for (let index = 0; index < cliRounds; index++) {
    const order = index % 2 === 0 ? ['off', 'two'] : ['two', 'off'];
    for (const mode of order) {
      const run = await runCli(sample, [`--concurrency=${mode === 'off' ? 'off' : '2'}`], { LIFEGUARD_BENCH_VARIANT: 'with' });
      cli[mode].push(run.ms);
      const keys = findingKeys(run.results, join(sample.root, 'files'));
      if (mode === 'off') offKeys ??= keys;
      else twoKeys ??= keys;
      log(`  round ${index + 1}/${cliRounds} --concurrency=${mode === 'off' ? 'off' : '2'}: ${Math.round(run.ms)} ms, ${keys.length} findings`);
    }
  }
  const sameFindings = offKeys.length === twoKeys.length && offKeys.every((key, index) => key === twoKeys[index]);
  const concurrency = {
    rounds: cliRounds,
    offMs: round(median(cli.off)),
    twoMs: round(median(cli.two)),
    speedUp: round(median(cli.off) / median(cli.two), 2),
    findingsOff: offKeys.length,
    findingsTwo: twoKeys.length,
    sameFindings,
  };

  log(`lint: oxlint vs ESLint, ${cliRounds} alternating rounds (Lifeguard recommended only)`);
  const oxlint = await compareOxlint(sample, cliRounds, { eslintConfig: writeConfigFile(sample), env: { LIFEGUARD_BENCH_VARIANT: 'lifeguard-only' }, log });

  return { sample: sampleInfo, overhead, perRule, peer, concurrency, oxlint };
}

export function printLintTables(results) {
  const { sample, overhead, perRule, peer, concurrency } = results;
  console.log(`\nLint — sample of ${sample.files} files (${(sample.bytes / 1e6).toFixed(2)} MB) of the ${sample.corpusFiles}-file corpus`);
  console.table({
    'baseline (@eslint/js recommended)': { 'median ms': overhead.baselineMedianMs, runs: overhead.baselineMs.join(' / ') },
    'baseline + lifeguard recommended': { 'median ms': overhead.withMedianMs, runs: overhead.withMs.join(' / ') },
  });
  console.log(`overhead (with − baseline) / baseline: ${overhead.overheadPercent} % (median of paired rounds: ${overhead.pairedOverheadPercentMedian} %)`);
  console.log(`\nPer-rule times (${perRule.method}); all rules ${perRule.allRulesMs} ms, Lifeguard ${perRule.lifeguardRulesMs} ms`);
  console.table(Object.fromEntries(perRule.lifeguard.map((row) => [row.rule, { ms: row.ms, relative: row.relative }])));
  console.log('\nAgainst eslint-plugin-listeners');
  console.table({
    'Lifeguard cleanup rules (3)': { 'with − parse-only ms': peer.lifeguardDeltaMs, 'ESLint stats ms': peer.statsLifeguardMs },
    'eslint-plugin-listeners (all 3)': { 'with − parse-only ms': peer.listenersDeltaMs, 'ESLint stats ms': peer.statsListenersMs },
  });
  console.log(`time ratio Lifeguard / listeners: ${peer.deltaRatio} (with − parse-only), ${peer.statsRatio} (ESLint stats)`);
  console.table(Object.fromEntries(Object.entries(peer.findings).map(([rule, count]) => [rule, { findings: count, 'ESLint stats ms': peer.statsRuleMs[rule] }])));
  console.log('\nConcurrency (ESLint CLI, wall time incl. process start)');
  console.table({
    '--concurrency=off': { 'median ms': concurrency.offMs, findings: concurrency.findingsOff },
    '--concurrency=2': { 'median ms': concurrency.twoMs, findings: concurrency.findingsTwo },
  });
  console.log(`speed-up ${concurrency.speedUp}×, same findings: ${concurrency.sameFindings}`);
  if (results.oxlint) printOxlintTable(results.oxlint);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await runLintBenchmarks({ quick: process.argv.includes('--quick') });
  printLintTables(results);
  const jsonIndex = process.argv.indexOf('--json');
  if (jsonIndex !== -1 && process.argv[jsonIndex + 1]) writeFileSync(process.argv[jsonIndex + 1], `${JSON.stringify(results, null, 2)}\n`);
}
