import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import { codemods as defaultCodemods } from '../../codemods/index.js';
import { commonRoot, discoverFiles } from './discover.js';
import { checkGitClean } from './git.js';
import { toPosix } from '../util/paths.js';
import { processFile, processProject, type FileJob, type FileResult, type FileStatus } from './process.js';
import { ProjectInfo } from './project.js';
import { loadRuleConfig, type FileRules } from './rule-config.js';
import { loadVendoredRuntime, resolveRuntimeTarget, runtimeFileExists, type RuntimeSourceLoader, type RuntimeTarget } from './runtime.js';
import { UsageError, type AnyCodemod, type ManualReviewItem, type RawCodemodOptions } from './types.js';
import { typeRegressions, type TypeRegression } from './typecheck.js';
import { writeFileAtomic } from './write.js';

export interface RunOptions {
  cwd: string;
  /** Files, folders or globs. */
  paths: readonly string[];
  ignore?: readonly string[];
  /** Write nothing (also skips the clean-git check). */
  dry?: boolean;
  /** Skip the clean-git check. */
  force?: boolean;
  /** Put a unified diff in each changed file's report. */
  diff?: boolean;
  /** Worker threads; 1 runs in-process. Default: cores − 1, at least 1. */
  cpus?: number;
  runtimeModule?: string;
  runtimeFile?: string;
  /** The codemod's own options, raw from the command line. */
  codemodOptions?: RawCodemodOptions;
  /** Called after each file. */
  onProgress?: (done: number, total: number) => void;
  /** Where the vendored runtime text comes from (tests inject one). */
  loadRuntime?: RuntimeSourceLoader;
  /**
   * Type-check the edits of per-file codemods against the nearest tsconfig.json
   * and leave a file as it is when its edit adds a type error (default true).
   */
  typeCheck?: boolean;
  /**
   * Read the paired rules' options (and which files they lint) from the project's
   * ESLint config, as `lifeguard scan` does (default true). False: every paired
   * rule with its defaults, over the files `lifeguard.configs.recommended` lints.
   */
  readEslintConfig?: boolean;
}

export interface FileReport {
  /** Relative to the working directory. */
  path: string;
  status: FileStatus;
  reason?: string;
  manualReview: ManualReviewItem[];
  diff?: string;
}

export type RuntimeReport =
  | { kind: 'module'; specifier: string }
  | { kind: 'file'; path: string; status: 'written' | 'would-write' | 'exists' | 'not-needed' | 'failed'; reason?: string };

export interface RunReport {
  codemod: string;
  dryRun: boolean;
  summary: { files: number; changed: number; unchanged: number; skipped: number; failed: number; manualReview: number };
  files: FileReport[];
  runtime: RuntimeReport;
  /** When the paths span several packages: one vendored runtime per package (`runtime` is the first that was needed). */
  runtimes?: RuntimeReport[];
}

/** Files below this count run in-process: starting workers (each loads the parser) costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 48;
const BATCH_SIZE = 8;

export function defaultCpus(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * Runs a codemod over files, folders or globs: discovery, the clean-git
 * check, parse → transform → re-parse per file (in worker threads for large
 * trees), atomic writes, and the vendored runtime written once, before the
 * first file that imports it. Throws `UsageError` for invalid invocations
 * (nothing is written then); every per-file problem is in the report instead.
 */
export async function runCodemod(codemod: AnyCodemod, options: RunOptions): Promise<RunReport> {
  const cwd = options.cwd;
  const dry = options.dry ?? false;
  const parsedOptions: unknown = codemod.parseOptions(options.codemodOptions ?? {});
  const project = new ProjectInfo();

  // Discover first without exclusions to learn the roots, then decide the runtime target and drop it from the files.
  const discovered = await discoverFiles({ cwd, paths: options.paths, ignore: options.ignore ?? [] });
  const sourceRoot = commonRoot(discovered.roots, cwd);

  // A vendored runtime must live inside the package that imports it (its rootDir, its published files):
  // paths in several packages are run package by package, each with its own runtime file.
  if (!options.runtimeModule && !options.runtimeFile) {
    const packages = groupByPackage([...discovered.files, ...discovered.skipped.map((entry) => entry.path)]);
    if (packages.size > 1) {
      if (!dry && !options.force) assertClean(sourceRoot, discovered.roots);
      const reports: RunReport[] = [];
      for (const paths of packages.values()) reports.push(await runCodemod(codemod, { ...options, paths, ignore: [], force: true }));
      return mergeReports(reports);
    }
  }

  const runtime = resolveRuntimeTarget({
    cwd,
    sourceRoot,
    files: discovered.files,
    project,
    ...(options.runtimeModule ? { runtimeModule: options.runtimeModule } : {}),
    ...(options.runtimeFile ? { runtimeFile: options.runtimeFile } : {}),
  });
  const files = runtime.kind === 'file' ? discovered.files.filter((file) => file !== runtime.path) : discovered.files;
  if (files.length === 0 && discovered.skipped.length === 0) throw new UsageError(`no JavaScript or TypeScript files found in ${options.paths.join(' ')}`);

  if (!dry && !options.force) assertClean(sourceRoot, discovered.roots);

  // The paired rules' options per file from the project's ESLint config, read the way `lifeguard scan` reads it.
  const ruleConfig = options.readEslintConfig === false ? null : await loadRuleConfig(cwd, codemod.pairedRules);
  const rules = ruleConfig ? await ruleConfig.forFiles(files) : undefined;

  const results: FileResult[] = discovered.skipped.map((entry) => ({
    path: entry.path,
    relativePath: toPosix(relative(cwd, entry.path)),
    status: 'skipped' as const,
    reason: entry.reason,
    manualReview: [],
    usesRuntime: false,
  }));

  let runtimeStatus: Extract<RuntimeReport, { kind: 'file' }>['status'] = runtimeFileExists(runtime) ? 'exists' : 'not-needed';
  let runtimeFailure: string | undefined;
  let runtimeReady: Promise<boolean> | undefined;
  const ensureRuntime = (): Promise<boolean> => {
    if (runtime.kind !== 'file' || runtimeStatus === 'exists' || runtimeStatus === 'written') return Promise.resolve(true);
    if (dry) {
      runtimeStatus = 'would-write';
      return Promise.resolve(true);
    }
    runtimeReady ??= (async () => {
      try {
        const source = await (options.loadRuntime ?? loadVendoredRuntime)(runtime.format);
        writeFileAtomic(runtime.path, source);
        runtimeStatus = 'written';
        return true;
      } catch (error) {
        runtimeStatus = 'failed';
        runtimeFailure = error instanceof Error ? error.message : String(error);
        return false;
      }
    })();
    return runtimeReady;
  };

  const write = async (result: FileResult): Promise<void> => {
    if (result.status === 'changed' && !dry) {
      if (result.usesRuntime && !(await ensureRuntime())) {
        result = { ...result, status: 'failed', reason: `not written: cannot vendor the runtime (${runtimeFailure ?? 'unknown error'})` };
      } else {
        try {
          writeFileAtomic(result.path, result.output!);
        } catch (error) {
          result = { ...result, status: 'failed', reason: `cannot write: ${error instanceof Error ? error.message : String(error)}` };
        }
      }
    } else if (result.status === 'changed' && result.usesRuntime) {
      await ensureRuntime();
    }
    delete result.output;
    results.push(result);
  };

  // Every file is transformed before anything is written, so that the type check sees all the edits at once.
  const transformed: FileResult[] = [];
  const collect = (result: FileResult): Promise<void> => {
    transformed.push(result);
    options.onProgress?.(transformed.length, files.length);
    return Promise.resolve();
  };

  const job: FileJob = { cwd, codemod, options: parsedOptions, runtime, diff: options.diff ?? false, project, ...(rules ? { rules } : {}) };
  const cpus = Math.max(1, Math.floor(options.cpus ?? defaultCpus()));
  if (codemod.transformProject) {
    // A project-level codemod sees every file at once (cross-file rewrites), so it runs in-process.
    for (const result of processProject(files, job)) await collect(result);
  } else if (cpus > 1 && files.length >= MIN_FILES_FOR_WORKERS && canUseWorkers(codemod)) {
    await runInWorkers(files, cpus, { cwd, codemodName: codemod.name, rawOptions: options.codemodOptions ?? {}, runtime, diff: job.diff }, rules, collect);
  } else {
    for (const file of files) await collect(processFile(file, job));
  }
  // The default runtime location is the run's common root: in a monorepo run over several packages that is above them,
  // outside what each package builds and publishes, so those files are left for a run per package (or --runtime-module).
  let placed = !options.runtimeFile ? transformed.map((result) => refuseRuntimeOutsidePackage(result, runtime, project, cwd)) : transformed;
  if (codemod.transformProject && placed.some((result, index) => result !== transformed[index])) {
    // Cross-file edits go together or not at all: a use site rewritten without its declaration would not compile.
    placed = placed.map((result) =>
      result.status === 'changed'
        ? { ...result, status: 'failed' as const, usesRuntime: false, output: undefined, diff: undefined, reason: 'not written: part of a cross-file change left for review (the runtime would be outside a package)' }
        : result,
    ).map(({ output: _output, diff: _diff, ...rest }) => rest);
  }
  // Project-level codemods type-check their own edits (they can retry a smaller change set); per-file ones are checked here.
  const checked = options.typeCheck !== false && !codemod.transformProject ? await dropTypeRegressions(placed, runtime, options.loadRuntime ?? loadVendoredRuntime) : placed;
  for (const result of checked) await write(result);

  results.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
  const count = (status: FileStatus): number => results.filter((result) => result.status === status).length;
  return {
    codemod: codemod.name,
    dryRun: dry,
    summary: {
      files: results.length,
      changed: count('changed'),
      unchanged: count('unchanged'),
      skipped: count('skipped'),
      failed: count('failed'),
      manualReview: results.reduce((total, result) => total + result.manualReview.length, 0),
    },
    files: results.map((result) => ({
      path: result.relativePath,
      status: result.status,
      ...(result.reason === undefined ? {} : { reason: result.reason }),
      manualReview: result.manualReview,
      ...(result.diff === undefined ? {} : { diff: result.diff }),
    })),
    runtime:
      runtime.kind === 'module'
        ? { kind: 'module', specifier: runtime.specifier }
        : { kind: 'file', path: toPosix(relative(cwd, runtime.path)), status: runtimeStatus, ...(runtimeFailure ? { reason: runtimeFailure } : {}) },
  };
}

/** The clean-git check: throws the usage error that lists the uncommitted files. */
function assertClean(sourceRoot: string, roots: readonly string[]): void {
  const check = checkGitClean(sourceRoot, roots);
  if (check.state === 'dirty') {
    const listed = check.files.slice(0, 10).map((file) => `  ${file}`).join('\n');
    const more = check.files.length > 10 ? `\n  … and ${check.files.length - 10} more` : '';
    throw new UsageError(`uncommitted changes in the target paths; commit or stash them first, or pass --force (or --dry to preview):\n${listed}${more}`);
  }
  if (check.state === 'error') throw new UsageError(`cannot check the git status (${check.message}); pass --force to run anyway`);
}

/** Files by the folder of their nearest package.json (files outside any package share one group). */
function groupByPackage(files: readonly string[]): Map<string, string[]> {
  const roots = new Map<string, string>();
  const packageRoot = (directory: string): string => {
    const cached = roots.get(directory);
    if (cached !== undefined) return cached;
    const parent = dirname(directory);
    const root = existsSync(join(directory, 'package.json')) ? directory : parent === directory ? '' : packageRoot(parent);
    roots.set(directory, root);
    return root;
  };
  const groups = new Map<string, string[]>();
  for (const file of files) {
    const root = packageRoot(dirname(file));
    groups.set(root, [...(groups.get(root) ?? []), file]);
  }
  return groups;
}

/** One report for runs made package by package. */
function mergeReports(reports: readonly RunReport[]): RunReport {
  const first = reports[0]!;
  const files = reports.flatMap((report) => report.files).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const total = (key: keyof RunReport['summary']): number => reports.reduce((sum, report) => sum + report.summary[key], 0);
  const runtimes = reports.map((report) => report.runtime);
  return {
    codemod: first.codemod,
    dryRun: first.dryRun,
    summary: { files: total('files'), changed: total('changed'), unchanged: total('unchanged'), skipped: total('skipped'), failed: total('failed'), manualReview: total('manualReview') },
    files,
    runtime: runtimes.find((runtime) => runtime.kind === 'file' && runtime.status !== 'not-needed') ?? first.runtime,
    runtimes,
  };
}

/**
 * A changed file that would import a vendored runtime outside its own package
 * (the folder of its nearest package.json) is not written: that import would
 * point outside what the package builds and publishes.
 */
function refuseRuntimeOutsidePackage(result: FileResult, runtime: RuntimeTarget, project: ProjectInfo, cwd: string): FileResult {
  if (result.status !== 'changed' || !result.usesRuntime || runtime.kind !== 'file') return result;
  const own = project.packageRoot(dirname(result.path));
  if (own === undefined || project.packageRoot(dirname(runtime.path)) === own) return result;
  const where = toPosix(relative(cwd, runtime.path));
  const pkg = toPosix(relative(cwd, own)) || '.';
  const message = `edit not applied: the runtime would be vendored at ${where}, outside this file's package (${pkg}); run the codemod on each package separately, or pass --runtime-module`;
  const { output: _output, diff: _diff, ...rest } = result;
  return { ...rest, status: 'failed', usesRuntime: false, reason: `not written: the runtime would be outside its package (${pkg})`, manualReview: [...result.manualReview, { line: 1, column: 1, message }] };
}

/**
 * Drops the edits that add type errors (see typeRegressions): such a file is
 * left as it is and reported as failed, with a review item naming the error.
 * The vendored runtime is served from memory when it is not written yet.
 */
async function dropTypeRegressions(results: FileResult[], runtime: RuntimeTarget, loadRuntime: RuntimeSourceLoader): Promise<FileResult[]> {
  let changed = results.filter((result) => result.status === 'changed' && result.output !== undefined);
  if (changed.length === 0) return results;
  const extraFiles = new Map<string, string>();
  if (runtime.kind === 'file' && !runtimeFileExists(runtime) && changed.some((result) => result.usesRuntime)) {
    try {
      extraFiles.set(runtime.path, await loadRuntime(runtime.format));
    } catch {
      // Vendoring fails the files that import the runtime later, with the reason; the others are checked.
      changed = changed.filter((result) => !result.usesRuntime);
    }
  }
  let regressions: Map<string, TypeRegression>;
  try {
    regressions = typeRegressions(
      changed.map((result) => ({ path: result.path, before: readFileSync(result.path, 'utf8'), after: result.output! })),
      { extraFiles, ...(runtime.kind === 'module' ? { pendingModule: runtime.specifier } : {}) },
    );
  } catch (error) {
    // A project the compiler cannot load is not a reason to lose the edits: say so and write them unchecked.
    const reason = error instanceof Error ? error.message : String(error);
    return results.map((result) =>
      result.status === 'changed' ? { ...result, manualReview: [...result.manualReview, { line: 1, column: 1, message: `not type-checked (${reason}): run your type check` }] } : result,
    );
  }
  return results.map((result) => {
    const regression = regressions.get(result.path);
    if (!regression) return result;
    const message = `edit not applied: it would add ${regression.added} type error(s), first ${regression.code}: ${regression.message}; fix by hand`;
    const { output: _output, diff: _diff, ...rest } = result;
    return {
      ...rest,
      status: 'failed',
      usesRuntime: false,
      reason: `not written: the edit adds ${regression.added} type error(s) (${regression.code} at line ${regression.line})`,
      manualReview: [...result.manualReview, { line: regression.line, column: regression.column, message }],
    };
  });
}

/** What a worker needs to rebuild the `FileJob` on its side (plain data). */
export interface WorkerSetup {
  cwd: string;
  codemodName: string;
  rawOptions: RawCodemodOptions;
  runtime: RuntimeTarget;
  diff: boolean;
}

/** A batch of files, with what the project's ESLint config says about each (see FileJob.rules). */
export type WorkerRequest = { files: string[]; rules?: [string, FileRules][] } | { done: true };
export type WorkerResponse = { results: FileResult[] } | { error: string };

/**
 * Workers load the compiled engine (`worker.js`) and find the codemod by name
 * in the registry, so only registered codemods running from the build can
 * use them; tests (TypeScript sources) and injected codemods run in-process.
 */
function canUseWorkers(codemod: AnyCodemod): boolean {
  return import.meta.url.endsWith('.js') && defaultCodemods.includes(codemod);
}

async function runInWorkers(files: readonly string[], cpus: number, setup: WorkerSetup, rules: ReadonlyMap<string, FileRules> | undefined, accept: (result: FileResult) => Promise<void>): Promise<void> {
  const queue = [...files];
  const workerCount = Math.min(cpus, Math.ceil(files.length / BATCH_SIZE));
  let pending = Promise.resolve();
  const runWorker = (): Promise<void> =>
    new Promise((resolvePromise, rejectPromise) => {
      const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: setup });
      const next = (): void => {
        const batch = queue.splice(0, BATCH_SIZE);
        const batchRules = rules ? batch.map((file): [string, FileRules] => [file, rules.get(file)!]).filter(([, entry]) => entry !== undefined) : undefined;
        worker.postMessage(batch.length > 0 ? ({ files: batch, ...(batchRules ? { rules: batchRules } : {}) } satisfies WorkerRequest) : ({ done: true } satisfies WorkerRequest));
      };
      worker.on('message', (message: WorkerResponse) => {
        if ('error' in message) {
          rejectPromise(new Error(message.error));
          void worker.terminate();
          return;
        }
        // Writes stay in the main thread, one at a time, in arrival order.
        for (const result of message.results) pending = pending.then(() => accept(result));
        next();
      });
      worker.on('error', rejectPromise);
      worker.on('exit', () => resolvePromise());
      next();
    });
  await Promise.all(Array.from({ length: workerCount }, runWorker));
  await pending;
}
