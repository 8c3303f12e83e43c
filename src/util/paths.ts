import { sep } from 'node:path';

/**
 * Which files are sources, and how paths are printed. Kept apart from the parser so that the
 * commands that only list files or print paths (`scan`, `init`, `--version`) start without loading
 * TypeScript.
 */

/** The extensions the codemods and `lifeguard scan` process. */
export const SOURCE_EXTENSIONS = ['js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts'] as const;

/** A path with `/` separators, as printed in messages and reports on every platform. */
export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
