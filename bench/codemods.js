// Codemod benchmark (not a test): `npm run build && node bench/codemods.js [--quick] [--json out.json]`.
// Every registered codemod runs through the CLI (`main()` of dist/src/cli/main.js, `--dry --json --cpus 1`)
// in its own child process, against a no-op codemod through the same engine (the parse + print floor):
//   - on a temp copy of the corpus sample (TypeScript and JavaScript sources): time ratio to the floor;
//   - weak-registry on a generated 2,000-file TypeScript project with registries and back-references
//     (bench/.corpus/generated/): wall time against `tsc --noEmit -p` on the same project;
//   - peak RSS of every run (`process.resourceUsage().maxRSS` at the end of its child process).
// A codemod that is not registered yet is reported as "not available".
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusDirectory, prepareCorpus, prepareSample } from './corpus.js';
import { median, projectRoot, round, runTimed } from './process.js';

const scriptFile = fileURLToPath(import.meta.url);
const tscBin = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');

/** The codemods the benchmark expects; the ones not in the registry yet are reported, not failed. */
export const EXPECTED_CODEMODS = ['staged-timeout', 'listener-cleanup', 'weak-registry'];
const NOOP = 'noop';
/** A child that runs longer than this is stopped and reported as timed out (keeps a full run bounded). */
const CHILD_TIMEOUT_MS = 300_000;
const GENERATED_FILES = 2_000;

const mib = (kib) => round(kib / 1024, 0);

/** The no-op floor: parses every file like a real codemod and changes nothing. */
const noopCodemod = {
  name: NOOP,
  description: 'Changes nothing (the benchmark floor: discovery, read, parse, report)',
  pairedRules: [],
  options: [],
  parseOptions: () => ({}),
  transform: () => ({ manualReview: [] }),
};

/** Child side: one codemod run through the CLI, then one JSON line with the figures. */
async function child(name, directory, extraArgs) {
  const { main } = await import('../dist/src/cli/main.js');
  const { codemods } = await import('../dist/codemods/index.js');
  let stdout = '';
  let stderr = '';
  const io = {
    cwd: directory,
    stdout: { write: (text) => (stdout += text), isTTY: false },
    stderr: { write: (text) => (stderr += text), isTTY: false },
    codemods: [...codemods, noopCodemod],
  };
  const started = performance.now();
  const exitCode = await main([name, '--dry', '--json', '--cpus', '1', ...extraArgs, '.'], io);
  const ms = performance.now() - started;
  let summary = null;
  try {
    summary = JSON.parse(stdout).summary;
  } catch {
    // Reported below through stderr.
  }
  process.stdout.write(`${JSON.stringify({ exitCode, ms, maxRssKiB: process.resourceUsage().maxRSS, summary, stderr: stderr.slice(0, 1000) })}\n`);
}

/** Runs a command in a child process; resolves with wall ms, exit code and output (or a timeout). */
async function runChild(command, args, { cwd = projectRoot, timeoutMs = CHILD_TIMEOUT_MS } = {}) {
  const run = await runTimed(command, args, { cwd, timeoutMs });
  return { ...run, ms: run.wallMs };
}

async function runCodemodChild(name, directory, extraArgs = []) {
  const run = await runChild(process.execPath, [scriptFile, '--child', name, directory, ...extraArgs]);
  if (run.timedOut) return { status: 'timed out', wallMs: round(run.ms) };
  const line = run.stdout.trim().split('\n').pop();
  let figures;
  try {
    figures = JSON.parse(line);
  } catch {
    return { status: 'crashed', wallMs: round(run.ms), error: run.stderr.slice(0, 1000) };
  }
  return {
    status: figures.exitCode === 2 || !figures.summary ? 'error' : 'ok',
    exitCode: figures.exitCode,
    engineMs: round(figures.ms),
    wallMs: round(run.ms),
    peakRssMiB: mib(figures.maxRssKiB),
    summary: figures.summary,
    ...(figures.stderr ? { stderr: figures.stderr } : {}),
  };
}

/** `/usr/bin/time`-free peak RSS of tsc: run it through a tiny wrapper that reports its own resource usage. */
async function runTsc(projectDirectory) {
  const wrapper = [
    `process.argv = [process.argv[0], ${JSON.stringify(tscBin)}, '--noEmit', '-p', ${JSON.stringify(projectDirectory)}];`,
    `process.on('exit', (code) => process.stderr.write('\\nBENCH ' + JSON.stringify({ code, maxRssKiB: process.resourceUsage().maxRSS }) + '\\n'));`,
    `await import(${JSON.stringify(`file://${tscBin}`)});`,
  ].join('\n');
  const run = await runChild(process.execPath, ['--input-type=module', '-e', wrapper]);
  const marker = run.stderr.split('\n').find((line) => line.startsWith('BENCH '));
  const figures = marker ? JSON.parse(marker.slice(6)) : {};
  const errors = (run.stdout.match(/error TS\d+/g) ?? []).length;
  return { wallMs: round(run.ms), exitCode: run.code, typeErrors: errors, peakRssMiB: figures.maxRssKiB ? mib(figures.maxRssKiB) : null, timedOut: run.timedOut };
}

/** Folder names the engine's discovery always skips as build output. */
const BUILD_FOLDERS = new Set(['dist', 'build', 'out', 'coverage']);

/**
 * The corpus sample copied to a temp folder (the codemods run `--dry`, but
 * never on the cached copy). Packages that ship their sources in `dist/` or
 * `build/` (bullmq, mqtt) get that folder renamed (`dist_`), or discovery
 * would skip them as build output; relative imports inside stay valid.
 */
function copySample(sample) {
  const directory = mkdtempSync(join(tmpdir(), 'lifeguard-bench-corpus-'));
  for (const entry of sample.packages) {
    for (const file of entry.files) {
      const target = file
        .split('/')
        .map((segment) => (BUILD_FOLDERS.has(segment) ? `${segment}_` : segment))
        .join('/');
      mkdirSync(join(directory, entry.name, target, '..'), { recursive: true });
      cpSync(join(sample.filesDirectory, entry.name, file), join(directory, entry.name, target));
    }
  }
  return directory;
}

/**
 * A generated TypeScript project of `count` files in groups of four: an
 * object-keyed registry (`Map<Request, Meta>` → WeakMap), and a Room/Player
 * pair whose players are stored in a module-level Map while holding their
 * Room (a retained back-reference), each room importing from the previous
 * group so the type checker has cross-file work. Type-checks cleanly.
 */
export function prepareGeneratedProject(count = GENERATED_FILES) {
  const root = join(corpusDirectory, 'generated');
  const stampFile = join(root, '.stamp');
  const stamp = `v1 ${count}`;
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return root;
  rmSync(root, { recursive: true, force: true });
  const groups = Math.ceil(count / 4);
  const write = (path, text) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write(
    'tsconfig.json',
    `${JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ESNext', 'DOM'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [] }, include: ['src'] }, null, 2)}\n`,
  );
  for (let group = 0; group < groups; group++) {
    const folder = `src/g${group}`;
    write(
      `${folder}/requests.ts`,
      `export interface Request${group} {
  readonly url: string;
  readonly method: 'GET' | 'POST';
}

interface Meta {
  startedAt: number;
  tags: string[];
}

const meta: Map<Request${group}, Meta> = new Map();

export function track(request: Request${group}, tags: string[] = []): void {
  meta.set(request, { startedAt: Date.now(), tags });
}

export function elapsed(request: Request${group}): number {
  const entry = meta.get(request);
  return entry ? Date.now() - entry.startedAt : 0;
}
`,
    );
    write(
      `${folder}/player.ts`,
      `import type { Room } from './room.js';

export class Player {
  score = 0;

  constructor(readonly id: string, readonly room: Room) {}

  award(points: number): number {
    this.score += points;
    return this.score;
  }
}
`,
    );
    write(
      `${folder}/registry.ts`,
      `import type { Player } from './player.js';

export const playersById = new Map<string, Player>();

export function findPlayer(id: string): Player | undefined {
  return playersById.get(id);
}
`,
    );
    const previous = group > 0 ? `../g${group - 1}/requests.js` : './requests.js';
    const previousName = group > 0 ? `Request${group - 1}` : `Request${group}`;
    write(
      `${folder}/room.ts`,
      `import { Player } from './player.js';
import { playersById } from './registry.js';
import { elapsed, type ${previousName} } from '${previous}';

export class Room {
  readonly history: string[] = [];

  constructor(readonly name: string) {}

  join(id: string): Player {
    const player = new Player(id, this);
    playersById.set(id, player);
    this.history.push(\`joined \${id}\`);
    return player;
  }

  age(request: ${previousName}): number {
    return elapsed(request);
  }
}
`,
    );
  }
  writeFileSync(stampFile, stamp);
  return root;
}

export async function runCodemodBenchmarks({ quick = false, log = console.error } = {}) {
  prepareCorpus({ log });
  const { codemods } = await import('../dist/codemods/index.js');
  const registered = new Set(codemods.map((codemod) => codemod.name));
  const names = [...new Set([...EXPECTED_CODEMODS, ...registered])];
  const sample = await prepareSample(quick ? 'quick' : 'full');
  const corpusCopy = copySample(sample);
  const corpus = { files: sample.packages.reduce((sum, entry) => sum + entry.files.length, 0), bytes: sample.packages.reduce((sum, entry) => sum + entry.bytes, 0), runs: {} };
  const rounds = quick ? 1 : 3;
  corpus.rounds = rounds;
  try {
    // Rounds of floor, then each codemod (the order rotates); the median engine time of each side is compared.
    const available = names.filter((name) => registered.has(name));
    const runs = Object.fromEntries([NOOP, ...available].map((name) => [name, []]));
    for (let index = 0; index < rounds; index++) {
      const order = [NOOP, ...available].map((_, position, all) => all[(position + index) % all.length]);
      for (const name of order) {
        log(`codemods: round ${index + 1}/${rounds} ${name === NOOP ? 'no-op floor' : name} over the corpus sample (${corpus.files} files)`);
        runs[name].push(await runCodemodChild(name, corpusCopy));
      }
    }
    const summarize = (list) => {
      const ok = list.filter((run) => run.status === 'ok');
      if (ok.length < list.length) return list.find((run) => run.status !== 'ok');
      const middle = (key) => median(ok.map((run) => run[key]));
      return { ...ok[0], engineMs: round(middle('engineMs')), wallMs: round(middle('wallMs')), peakRssMiB: Math.max(...ok.map((run) => run.peakRssMiB)), engineRunsMs: ok.map((run) => run.engineMs) };
    };
    corpus.floor = summarize(runs[NOOP]);
    for (const name of names) {
      if (!registered.has(name)) {
        corpus.runs[name] = { status: 'not available' };
        continue;
      }
      const run = summarize(runs[name]);
      corpus.runs[name] = { ...run, ...(run.status === 'ok' && corpus.floor.status === 'ok' ? { floorRatio: round(run.engineMs / corpus.floor.engineMs, 2) } : {}) };
    }
  } finally {
    rmSync(corpusCopy, { recursive: true, force: true });
  }

  const generatedCount = quick ? 200 : GENERATED_FILES;
  const generated = { files: generatedCount };
  const generatedRoot = prepareGeneratedProject(generatedCount);
  if (!registered.has('weak-registry')) {
    generated.status = 'not available';
  } else {
    // A temp copy: a generated project cached for one size must not be reused for another, and `--dry` must stay honest.
    const projectCopy = mkdtempSync(join(tmpdir(), 'lifeguard-bench-generated-'));
    cpSync(generatedRoot, projectCopy, { recursive: true });
    try {
      log(`codemods: tsc --noEmit on the generated ${generatedCount}-file project`);
      generated.tsc = await runTsc(projectCopy);
      log('codemods: no-op floor on the generated project');
      generated.floor = await runCodemodChild(NOOP, projectCopy);
      log('codemods: weak-registry on the generated project');
      generated.weakRegistry = await runCodemodChild('weak-registry', projectCopy);
      if (generated.weakRegistry.status === 'ok') {
        generated.tscRatio = round(generated.weakRegistry.wallMs / generated.tsc.wallMs, 2);
        generated.floorRatio = round(generated.weakRegistry.engineMs / generated.floor.engineMs, 2);
      }
    } finally {
      rmSync(projectCopy, { recursive: true, force: true });
    }
  }
  return { corpus, generated };
}

function describeRun(run) {
  if (run.status !== 'ok') return { status: run.status };
  const { summary } = run;
  return {
    'engine ms': run.engineMs,
    'wall ms': run.wallMs,
    'peak RSS MiB': run.peakRssMiB,
    ...(run.floorRatio === undefined ? {} : { '× floor': run.floorRatio }),
    changed: summary.changed,
    unchanged: summary.unchanged,
    skipped: summary.skipped,
    failed: summary.failed,
    review: summary.manualReview,
  };
}

export function printCodemodTables(results) {
  const { corpus, generated } = results;
  console.log(`\nCodemods — corpus sample (${corpus.files} files, ${(corpus.bytes / 1e6).toFixed(2)} MB), --dry --cpus 1, each in its own process, median of ${corpus.rounds} alternating rounds`);
  console.table({ 'no-op (floor)': describeRun(corpus.floor), ...Object.fromEntries(Object.entries(corpus.runs).map(([name, run]) => [name, describeRun(run)])) });
  console.log(`\nweak-registry — generated ${generated.files}-file TypeScript project`);
  if (generated.status === 'not available') {
    console.log('not available (weak-registry is not registered)');
    return;
  }
  console.table({
    'tsc --noEmit': { 'wall ms': generated.tsc.wallMs, 'peak RSS MiB': generated.tsc.peakRssMiB, 'type errors': generated.tsc.typeErrors },
    'no-op (floor)': describeRun(generated.floor),
    'weak-registry': describeRun(generated.weakRegistry),
  });
  if (generated.tscRatio !== undefined) console.log(`weak-registry / tsc --noEmit (wall): ${generated.tscRatio}×; weak-registry / floor (engine): ${generated.floorRatio}×`);
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], process.argv.slice(5));
} else if (process.argv[1] === scriptFile) {
  const results = await runCodemodBenchmarks({ quick: process.argv.includes('--quick') });
  printCodemodTables(results);
  const jsonIndex = process.argv.indexOf('--json');
  if (jsonIndex !== -1 && process.argv[jsonIndex + 1]) writeFileSync(process.argv[jsonIndex + 1], `${JSON.stringify(results, null, 2)}\n`);
}
