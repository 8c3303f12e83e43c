import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { walk } from '../../src/ast/traverse.js';
import { applyEdits } from '../../src/codemod/edits.js';
import { parseSourceFile } from '../../src/codemod/parse.js';
import { ProjectInfo } from '../../src/codemod/project.js';
import { UsageError, type Codemod, type ParsedFile, type TextEdit } from '../../src/codemod/types.js';

export interface MarkerOptions {
  budget: number;
  breakOutput: boolean;
}

/**
 * A test-only codemod that exercises the whole engine without the real
 * transforms: every `mark(...)` call becomes `withTimeout(mark(...), <budget>, 'mark')`
 * with the runtime imported; `markDynamic(...)` is listed for manual
 * review; files with an `@generated` comment are skipped; `--break` produces
 * output that does not parse.
 */
export const markerCodemod: Codemod<MarkerOptions> = {
  name: 'marker',
  description: 'Wraps mark() calls in withTimeout (test only)',
  pairedRules: ['require-startup-timeout'],
  options: [
    { name: 'budget', type: 'string', valueName: '<ms>', description: 'Budget of each wrap', default: '1000' },
    { name: 'break', type: 'boolean', description: 'Produce output that does not parse' },
  ],
  parseOptions(raw) {
    const budget = Number(raw['budget'] ?? '1000');
    if (!Number.isInteger(budget) || budget <= 0) throw new UsageError(`--budget must be a positive integer, got ${String(raw['budget'])}`);
    return { budget, breakOutput: raw['break'] === true };
  },
  transform(file: ParsedFile, context) {
    if (file.ast.comments?.some((comment) => comment.value.includes('@generated'))) return { manualReview: [], skipped: 'generated file' };
    const calls: TSESTree.CallExpression[] = [];
    const manualReview: { line: number; column: number; message: string }[] = [];
    walk(file.ast, {
      CallExpression(node) {
        if (node.callee.type !== 'Identifier') return;
        if (node.callee.name === 'markDynamic') {
          manualReview.push({ line: node.loc.start.line, column: node.loc.start.column + 1, message: 'dynamic mark: wrap it by hand' });
        }
        if (node.callee.name !== 'mark') return;
        const parent = node.parent;
        if (parent.type === 'CallExpression' && parent.callee.type === 'Identifier' && parent.arguments[0] === node) return;
        calls.push(node);
      },
    });
    if (calls.length === 0) return { manualReview };
    const { edit, locals } = context.runtimeImport(['withTimeout']);
    const quote = file.style.quote;
    const edits: TextEdit[] = calls.flatMap((call) => [
      { start: call.range[0], end: call.range[0], text: `${locals['withTimeout']}(` },
      { start: call.range[1], end: call.range[1], text: `, ${context.options.budget}, ${quote}mark${quote})` },
    ]);
    let output = applyEdits(file.text, [edit, ...edits]);
    if (context.options.breakOutput) output += '\n)(';
    return { output, manualReview };
  },
};

/** Parses `text` as if it were the file `name` in a throwaway directory. */
export function parseForTest(text: string, name = 'file.ts', project = new ProjectInfo()): ParsedFile {
  const path = join(tmpdir(), 'lifeguard-parse-test', name);
  const outcome = parseSourceFile(path, text, tmpdir(), project);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.file;
}

/** Creates a temp directory with `files` (path → text); returns its path. */
export function makeTree(files: Record<string, string>, prefix = 'lifeguard-test-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  writeTree(root, files);
  return root;
}

export function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

function git(root: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: root },
  });
}

/** A temp directory turned into a git repository with everything committed. */
export function makeGitRepo(files: Record<string, string>): string {
  const root = makeTree(files, 'lifeguard-repo-');
  git(root, 'init', '--quiet', '--initial-branch=main');
  git(root, 'add', '--all');
  git(root, 'commit', '--quiet', '--no-gpg-sign', '-m', 'initial');
  return root;
}

export function commitAll(root: string): void {
  git(root, 'add', '--all');
  git(root, 'commit', '--quiet', '--no-gpg-sign', '-m', 'update');
}

/** One hash over every path and byte under `root` (`.git` excluded): proof that a run wrote nothing. */
export function hashTree(root: string): string {
  const hash = createHash('sha256');
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === '.git') continue;
      const path = join(directory, entry.name);
      hash.update(`${path.slice(root.length)}\0`);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile()) hash.update(readFileSync(path));
    }
  };
  visit(root);
  return hash.digest('hex');
}

/** A writable stream stand-in that keeps what was written. */
export function captureStream(isTTY = false): { write(chunk: string): boolean; isTTY: boolean; text(): string } {
  let buffer = '';
  return {
    isTTY,
    write(chunk: string) {
      buffer += chunk;
      return true;
    },
    text: () => buffer,
  };
}
