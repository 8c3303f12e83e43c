import { readFileSync } from 'node:fs';
import { createTwoFilesPatch } from 'diff';
import { addImport } from './imports.js';
import { checkParses, parseSourceFile } from './parse.js';
import { toPosix } from '../util/paths.js';
import type { ProjectInfo } from './project.js';
import { runtimeSpecifierFor, type RuntimeTarget } from './runtime.js';
import type { AnyCodemod, ManualReviewItem, ParsedFile, TransformResult } from './types.js';
import { relative } from 'node:path';
import { fileRoleOf, type FileRole } from '../lifetime/file-role.js';
import { defaultFileRules, type FileRules } from './rule-config.js';

export type FileStatus = 'changed' | 'unchanged' | 'skipped' | 'failed';

/** What happened to one file. Plain data: it crosses the worker boundary. */
export interface FileResult {
  /** Absolute path. */
  path: string;
  /** Relative to the working directory, `/` separators. */
  relativePath: string;
  status: FileStatus;
  /** Why a file was skipped or failed. */
  reason?: string;
  manualReview: ManualReviewItem[];
  /** The new text of a changed file. */
  output?: string;
  /** Unified diff of a changed file, when asked for. */
  diff?: string;
  /** The codemod imported the runtime into this file. */
  usesRuntime: boolean;
}

export interface FileJob {
  cwd: string;
  codemod: AnyCodemod;
  /** The codemod's parsed options. */
  options: unknown;
  runtime: RuntimeTarget;
  diff: boolean;
  project: ProjectInfo;
  /** What the project's ESLint config says about each file (absolute path) for the paired rules; absent: their defaults. */
  rules?: ReadonlyMap<string, FileRules>;
}

const ROLE_NAMES: Record<Exclude<FileRole, 'service'>, string> = {
  test: 'a test file',
  'type-test': 'a type test',
  script: 'a one-shot script',
  example: 'an example',
  benchmark: 'a benchmark',
  generated: 'a generated file',
};

function settingsOf(path: string, job: FileJob): FileRules {
  return job.rules?.get(path) ?? defaultFileRules(job.codemod.pairedRules);
}

/**
 * Why a file the config does not configure the paired rules for is left alone: its role (the shared
 * lifetime analysis, src/lifetime/file-role.ts) is not code of a long-lived process, so
 * `lifeguard.configs.recommended` leaves it out (by path) or the rules stay quiet in it (by content).
 * Null for service code, and for any file the config turns a paired rule on for itself.
 */
export function roleSkipReason(file: ParsedFile, settings: FileRules, cwd: string): string | null {
  if (settings.configured) return null;
  const { role, evidence } = fileRoleOf(file.path, file.ast, file.text, cwd);
  if (role === 'service') return null;
  return `${ROLE_NAMES[role]} (by its ${evidence === 'path' ? 'path' : 'content'}), which the Lifeguard rules do not lint by default; turn the rules on for it in the ESLint config to fix it`;
}

/**
 * Reads, parses, transforms and re-parses one file; never writes and never
 * throws. An input that does not parse, a transform that throws and an
 * output that does not parse all end as `failed` with the reason, and the
 * file is left alone.
 */
export function processFile(path: string, job: FileJob): FileResult {
  const settings = settingsOf(path, job);
  if (settings.skip) return { ...baseOf(path, job), status: 'skipped', reason: settings.skip };
  const read = readAndParse(path, job);
  if (!read.ok) return read.result;
  const file = read.file;
  const roleSkip = roleSkipReason(file, settings, job.cwd);
  if (roleSkip) return { ...baseOf(path, job), status: 'skipped', reason: roleSkip };
  let usesRuntime = false;
  const specifier = runtimeSpecifierFor(path, job.runtime, job.project);
  let result;
  try {
    result = job.codemod.transform(file, {
      options: job.options,
      rules: settings.rules,
      runtimeSpecifier: specifier,
      runtimeImport(names) {
        usesRuntime = true;
        return addImport(file, { source: specifier, names });
      },
    });
  } catch (error) {
    return { ...baseOf(path, job), status: 'failed', reason: `codemod error: ${messageOf(error)}` };
  }
  return finishFile(file, result, usesRuntime, job);
}

/**
 * The project-level path (`Codemod.transformProject`): reads and parses
 * every file, hands the parsed ones to the codemod at once, then checks and
 * reports each file exactly like `processFile`. Never writes and never throws.
 */
export function processProject(paths: readonly string[], job: FileJob): FileResult[] {
  const results: FileResult[] = [];
  const parsed: ParsedFile[] = [];
  for (const path of paths) {
    const read = readAndParse(path, job);
    const skip = settingsOf(path, job).skip;
    if (read.ok) parsed.push(read.file);
    else results.push(skip ? { ...baseOf(path, job), status: 'skipped', reason: skip } : read.result);
  }
  // Files the paired rules do not lint stay in the project (their use sites may follow an edit elsewhere), with every rule off.
  const skipReasons = new Map<string, string>();
  for (const file of parsed) {
    const settings = settingsOf(file.path, job);
    const reason = settings.skip ?? roleSkipReason(file, settings, job.cwd);
    if (reason) skipReasons.set(file.path, reason);
  }
  const off = Object.fromEntries(job.codemod.pairedRules.map((rule) => [rule, null]));
  const usesRuntime = new Set<string>();
  let transformed: Map<string, TransformResult>;
  try {
    transformed = job.codemod.transformProject!(parsed, {
      options: job.options,
      rulesFor: (file) => (skipReasons.has(file.path) ? off : settingsOf(file.path, job).rules),
      cwd: job.cwd,
      runtime: job.runtime.kind === 'module' ? { kind: 'module', specifier: job.runtime.specifier } : { kind: 'file', path: job.runtime.path },
      runtimeSpecifier: (path) => runtimeSpecifierFor(path, job.runtime, job.project),
      runtimeImport(file, names) {
        usesRuntime.add(file.path);
        return addImport(file, { source: runtimeSpecifierFor(file.path, job.runtime, job.project), names });
      },
    });
  } catch (error) {
    const reason = `codemod error: ${messageOf(error)}`;
    return [...results, ...parsed.map((file): FileResult => ({ ...baseOf(file.path, job), status: 'failed', reason }))];
  }
  for (const file of parsed) {
    const result = transformed.get(file.path);
    const reason = skipReasons.get(file.path);
    if (reason && result?.output === undefined && (result?.manualReview.length ?? 0) === 0) results.push({ ...baseOf(file.path, job), status: 'skipped', reason });
    else results.push(finishFile(file, result ?? { manualReview: [] }, usesRuntime.has(file.path), job));
  }
  return results;
}

function baseOf(path: string, job: FileJob): { path: string; relativePath: string; manualReview: ManualReviewItem[]; usesRuntime: false } {
  return { path, relativePath: toPosix(relative(job.cwd, path)), manualReview: [], usesRuntime: false };
}

function readAndParse(path: string, job: FileJob): { ok: true; file: ParsedFile } | { ok: false; result: FileResult } {
  const base = baseOf(path, job);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, result: { ...base, status: 'failed', reason: `cannot read: ${messageOf(error)}` } };
  }
  const parsed = parseSourceFile(path, text, job.cwd, job.project);
  if (!parsed.ok) return { ok: false, result: { ...base, status: 'failed', reason: `cannot parse: ${parsed.reason}` } };
  return { ok: true, file: parsed.file };
}

/** Sorts the manual-review list, re-parses a changed output and builds the diff. */
function finishFile(file: ParsedFile, result: TransformResult, usesRuntime: boolean, job: FileJob): FileResult {
  const { path, text, relativePath } = file;
  const base = baseOf(path, job);
  const manualReview = [...(result.manualReview ?? [])].sort((a, b) => a.line - b.line || a.column - b.column);
  if (result.skipped) return { ...base, manualReview, status: 'skipped', reason: result.skipped };
  const output = result.output;
  if (output === undefined || output === text) return { ...base, manualReview, status: 'unchanged' };
  const parseError = checkParses(path, output);
  if (parseError) return { ...base, manualReview, status: 'failed', reason: `output does not parse (not written): ${parseError}` };
  return {
    ...base,
    manualReview,
    status: 'changed',
    output,
    usesRuntime,
    ...(job.diff ? { diff: createTwoFilesPatch(`a/${relativePath}`, `b/${relativePath}`, text, output, undefined, undefined, { context: 3 }) } : {}),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
