import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { globSync } from 'tinyglobby';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript module shared with the benchmarks
import { corpusDirectory, corpusFiles, prepareCorpus } from '../../bench/corpus.js';
import { codemods } from '../../codemods/index.js';
import type { RunReport } from '../../src/codemod/engine.js';
import { commitAll, hashTree, makeGitRepo, makeTree, removeTree } from '../codemod/helpers.js';
import { parseError, runCli } from './codemod-runs.js';

/**
 * Every codemod over a temp copy of the real-package corpus, through the real
 * CLI: no crash, every changed file still parses, a second run changes
 * nothing, and the TypeScript packages do not gain type errors. What must change
 * is pinned too: each codemod's changed files and manual-review items on the
 * pinned corpus are exactly the recorded ones (a codemod that stops editing, or
 * edits elsewhere, fails); after reviewing a difference, rewrite the record with
 * UPDATE_CODEMOD_CHANGES=1.
 */
const changesFile = join(dirname(fileURLToPath(import.meta.url)), 'codemods-corpus-changes.json');
type RecordedChanges = Record<string, { changed: string[]; manualReview: string[] }>;

/** The codemods this suite must cover (the registry may grow; every registered one runs). */
const EXPECTED_CODEMODS = ['listener-cleanup', 'staged-timeout', 'weak-registry'];

/** The packages that ship TypeScript sources: each gets a tsconfig.json (weak-registry loads it) and a type-error count. */
const TYPESCRIPT_PACKAGES = ['rxjs'];

/**
 * `effect` (572 files, 21 MB of heavily generic TypeScript) is left to `bench/codemods.js`: one type
 * check of it takes about 50 s and 2 GB here, and the codemods type-check what they write, so with it
 * this file alone ran for more than 15 minutes on 2 cores. rxjs keeps the TypeScript path covered
 * (a tsconfig, a ts-morph project, a type-error count before and after); every other package is whole.
 */
const LEFT_TO_THE_BENCHMARK = new Set(['effect']);

/** Folder names the engine's discovery skips as build output; bullmq and mqtt ship their sources there (same renaming as bench/codemods.js). */
const BUILD_FOLDERS = new Set(['dist', 'build', 'out', 'coverage']);

/** Permissive where the copy is incomplete (no dependencies, no @types), strict where the packages are themselves strict. */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.esnext.d.ts', 'lib.dom.d.ts'],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  noResolve: false,
  types: [],
};

/** The same settings as a tsconfig.json written into each TypeScript package copy. */
const TSCONFIG = `${JSON.stringify(
  { compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ESNext', 'DOM'], strict: true, noEmit: true, skipLibCheck: true, types: [] } },
  null,
  2,
)}\n`;

interface CorpusCopy {
  /** Path in the copy (`<package>/<renamed relative path>`) → original text. */
  files: Record<string, string>;
  /** Per package: how many of its files are in the copy. */
  counts: Record<string, number>;
}

/**
 * How many findings each rule a codemod fixes has on the packages of the copy: read from the
 * findings that `corpus.test.ts` pins exactly on the same pinned corpus, instead of linting it again.
 */
function findingsPerRule(packages: readonly string[]): Map<string, number> {
  const recorded = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'corpus-findings.json'), 'utf8')) as string[];
  const counts = new Map<string, number>();
  for (const finding of recorded) {
    const [location = '', ruleId = ''] = finding.split(' ');
    if (!packages.includes(location.split('/')[0]!)) continue;
    counts.set(ruleId, (counts.get(ruleId) ?? 0) + 1);
  }
  return counts;
}

function collectCorpus(): CorpusCopy {
  const files: Record<string, string> = {};
  const counts: CorpusCopy['counts'] = {};
  for (const { name, files: all } of corpusFiles() as { name: string; files: string[] }[]) {
    if (LEFT_TO_THE_BENCHMARK.has(name)) continue;
    const packageDirectory = join(corpusDirectory, 'node_modules', name);
    for (const file of all) {
      const path = relative(packageDirectory, file)
        .split(sep)
        .map((segment) => (BUILD_FOLDERS.has(segment) ? `${segment}_` : segment))
        .join('/');
      files[`${name}/${path}`] = readFileSync(file, 'utf8');
    }
    counts[name] = all.length;
  }
  for (const name of TYPESCRIPT_PACKAGES) files[`${name}/tsconfig.json`] = TSCONFIG;
  return { files, counts };
}

/** Syntactic + semantic errors over the package's TypeScript files and whatever they import from the copy (the vendored runtime included). */
function typeErrorCount(root: string, packageName: string): number {
  const rootNames = globSync('**/*.{ts,tsx,mts,cts}', { cwd: join(root, packageName), absolute: true, ignore: ['**/*.d.ts'] });
  const program = ts.createProgram({ rootNames, options: COMPILER_OPTIONS });
  let count = 0;
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile) continue;
    count += program.getSyntacticDiagnostics(sourceFile).length + program.getSemanticDiagnostics(sourceFile).length;
  }
  return count;
}



/** A run that did not crash: exit 0, or exit 1 with only per-file failures, none of them the codemod's own fault. */
function expectCleanRun(name: string, { code, report, stderr }: { code: number; report: RunReport; stderr: string }): void {
  expect(stderr, `${name} wrote to stderr`).not.toMatch(/^lifeguard:/m);
  const failed = report.files.filter((file) => file.status === 'failed');
  // Every corpus file parses, so a failure can only be a transform that threw or produced code that does not parse: codemod bugs.
  expect(failed.map((file) => `${file.path}: ${file.reason ?? '(no reason)'}`)).toEqual([]);
  expect(report.summary.failed).toBe(0);
  expect(code).toBe(0);
  for (const file of report.files) {
    if (file.status === 'skipped') expect(file.reason, `${file.path} skipped without a reason`).toBeTruthy();
  }
}

const round = (ms: number): number => Math.round(ms / 100) / 10;

describe('codemods over the real-package corpus', () => {
  let corpus: CorpusCopy;
  let findings: Map<string, number>;
  const baseline: Record<string, number> = {};
  const trees: string[] = [];

  beforeAll(() => {
    prepareCorpus();
    corpus = collectCorpus();
    findings = findingsPerRule(Object.keys(corpus.counts));
    const pristine = makeTree(corpus.files, 'lifeguard-corpus-');
    trees.push(pristine);
    for (const name of TYPESCRIPT_PACKAGES) baseline[name] = typeErrorCount(pristine, name);
    console.log(`corpus copy: ${JSON.stringify(corpus.counts)}; baseline type errors: ${JSON.stringify(baseline)}`);
  }, 300_000);

  afterAll(() => trees.forEach(removeTree));

  it('covers every codemod', () => {
    expect(codemods.map((codemod) => codemod.name)).toEqual(expect.arrayContaining(EXPECTED_CODEMODS));
    expect(Object.keys(corpus.files).length).toBeGreaterThan(850);
  });

  it.each(codemods.map((codemod) => codemod.name))(
    '%s: no crash, changed files parse, a second run changes nothing, no new type errors',
    async (name) => {
      const root = makeGitRepo(corpus.files);
      trees.push(root);
      const started = performance.now();
      const first = await runCli(name, root);
      const firstMs = performance.now() - started;
      expectCleanRun(name, first);
      const changed = new Set(first.report.files.filter((file) => file.status === 'changed').map((file) => file.path));

      // Exactly the files reported as changed differ, and each of them still parses.
      const differing: string[] = [];
      const unparsable: string[] = [];
      for (const [path, original] of Object.entries(corpus.files)) {
        const now = readFileSync(join(root, path), 'utf8');
        if (now === original) continue;
        differing.push(path);
        const error = parseError(path, now);
        if (error !== null) unparsable.push(`${path}: ${error}`);
      }
      expect(differing.sort()).toEqual([...changed].sort());
      expect(unparsable).toEqual([]);
      const runtime = first.report.runtime;
      if (runtime.kind === 'file' && runtime.status === 'written') {
        expect(parseError(runtime.path, readFileSync(join(root, runtime.path), 'utf8'))).toBeNull();
      }

      // TypeScript packages: no new errors (checked only where a file of the package changed).
      const typeErrors: Record<string, { before: number; after: number }> = {};
      for (const packageName of TYPESCRIPT_PACKAGES) {
        const touched = differing.some((path) => path.startsWith(`${packageName}/`));
        const after = touched ? typeErrorCount(root, packageName) : baseline[packageName]!;
        typeErrors[packageName] = { before: baseline[packageName]!, after };
      }
      for (const [packageName, { before, after }] of Object.entries(typeErrors)) {
        expect(after, `${name} added type errors to ${packageName}`).toBeLessThanOrEqual(before);
      }

      // Idempotence: with the first run committed, a second run changes nothing. A per-file codemod's
      // output depends on its file alone, so only what the first run wrote can change on a second one;
      // a cross-file codemod (transformProject) runs over the whole tree again.
      const codemod = codemods.find((candidate) => candidate.name === name)!;
      if (differing.length > 0) commitAll(root);
      const hash = hashTree(root);
      const vendored = runtime.kind === 'file' && runtime.status === 'written' ? [runtime.path] : [];
      const secondPaths = codemod.transformProject ? ['.'] : [...differing, ...vendored];
      const secondStarted = performance.now();
      const second = secondPaths.length > 0 ? await runCli(name, root, secondPaths) : null;
      const secondMs = performance.now() - secondStarted;
      if (second) {
        expectCleanRun(name, second);
        expect(second.report.summary.changed).toBe(0);
      }
      expect(hashTree(root)).toBe(hash);

      const perPackage: Record<string, number> = {};
      for (const path of changed) {
        const packageName = path.split('/')[0]!;
        perPackage[packageName] = (perPackage[packageName] ?? 0) + 1;
      }
      const figures = {
        files: first.report.summary.files,
        changed: first.report.summary.changed,
        changedPerPackage: perPackage,
        skipped: first.report.summary.skipped,
        manualReview: first.report.summary.manualReview,
        manualReviewSecondRun: second?.report.summary.manualReview ?? null,
        typeErrors,
        seconds: { first: round(firstMs), second: round(secondMs) },
      };
      const reviewItems = first.report.files.flatMap((file) => file.manualReview.map((item) => `${file.path}:${item.line}:${item.column} ${item.message}`));
      console.log(`${name}: ${JSON.stringify(figures)}\nmanual review:\n${reviewItems.map((item) => `  ${item}`).join('\n')}`);

      // What must change: exactly the recorded files and review items, and at least one edit per codemod.
      const observed = { changed: [...changed].sort(), manualReview: reviewItems.sort() };
      if (process.env.UPDATE_CODEMOD_CHANGES) {
        const all = (existsSync(changesFile) ? JSON.parse(readFileSync(changesFile, 'utf8')) : {}) as RecordedChanges;
        all[name] = observed;
        writeFileSync(changesFile, `${JSON.stringify(Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b))), null, 2)}\n`);
      }
      const recorded = (JSON.parse(readFileSync(changesFile, 'utf8')) as RecordedChanges)[name];
      expect(observed).toEqual(recorded);
      // A codemod acts where its paired rules report (an edit, or a review item for a finding it cannot
      // fix safely), and nowhere else: when they report nothing on the corpus, it must change nothing.
      const paired = codemod.pairedRules.reduce((count, rule) => count + (findings.get(`lifeguard/${rule}`) ?? 0), 0);
      if (paired > 0) expect(observed.changed.length + observed.manualReview.length, `${name} did nothing on the corpus`).toBeGreaterThan(0);
      else expect(observed, `${name} acted where its rules report nothing`).toEqual({ changed: [], manualReview: [] });
    },
    300_000,
  );
});
