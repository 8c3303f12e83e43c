import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';
import { toPosix } from '../util/paths.js';

export type GitCheck = { state: 'clean' } | { state: 'not-a-repository' } | { state: 'dirty'; files: string[] } | { state: 'error'; message: string };

/**
 * Uncommitted changes (modified, staged or untracked files) under `paths`,
 * from `git status --porcelain -- <paths>` run in `directory`. A codemod run
 * over such files could not be reviewed or reverted with git, so the CLI
 * refuses unless `--force` or `--dry`. Outside a repository (or without git
 * installed) there is nothing to protect and the check passes.
 */
export function checkGitClean(directory: string, paths: readonly string[]): GitCheck {
  const pathspecs = paths.map((path) => toPosix(relative(directory, path)) || '.');
  let output: string;
  try {
    output = execFileSync('git', ['status', '--porcelain', '-z', '--', ...pathspecs], {
      cwd: directory,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') return { state: 'not-a-repository' };
    const stderr = String(failure.stderr ?? '');
    if (/not a git repository/i.test(stderr)) return { state: 'not-a-repository' };
    return { state: 'error', message: stderr.trim().split('\n')[0] || failure.message };
  }
  const files: string[] = [];
  const entries = output.split('\0');
  for (let index = 0; index < entries.length; index += 1) {
    const entry = entries[index]!;
    if (entry.length < 4) continue;
    files.push(entry.slice(3));
    // A rename entry is followed by its original path.
    if (entry[0] === 'R' || entry[0] === 'C') index += 1;
  }
  return files.length === 0 ? { state: 'clean' } : { state: 'dirty', files };
}
