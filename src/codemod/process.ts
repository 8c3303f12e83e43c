import { readFileSync } from 'node:fs';
import { createTwoFilesPatch } from 'diff';
import { addImport } from './imports.js';
import { checkParses, parseSourceFile, toPosix } from './parse.js';
import type { ProjectInfo } from './project.js';
import { runtimeSpecifierFor, type RuntimeTarget } from './runtime.js';
import type { AnyCodemod, ManualReviewItem } from './types.js';
import { relative } from 'node:path';

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
}

/**
 * Reads, parses, transforms and re-parses one file; never writes and never
 * throws. An input that does not parse, a transform that throws and an
 * output that does not parse all end as `failed` with the reason, and the
 * file is left alone.
 */
export function processFile(path: string, job: FileJob): FileResult {
  const relativePath = toPosix(relative(job.cwd, path));
  const base = { path, relativePath, manualReview: [], usesRuntime: false };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ...base, status: 'failed', reason: `cannot read: ${messageOf(error)}` };
  }
  const parsed = parseSourceFile(path, text, job.cwd, job.project);
  if (!parsed.ok) return { ...base, status: 'failed', reason: `cannot parse: ${parsed.reason}` };
  const file = parsed.file;
  let usesRuntime = false;
  const specifier = runtimeSpecifierFor(path, job.runtime, job.project);
  let result;
  try {
    result = job.codemod.transform(file, {
      options: job.options,
      runtimeSpecifier: specifier,
      runtimeImport(names) {
        usesRuntime = true;
        return addImport(file, { source: specifier, names });
      },
    });
  } catch (error) {
    return { ...base, status: 'failed', reason: `codemod error: ${messageOf(error)}` };
  }
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
