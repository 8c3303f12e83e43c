import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, lstatSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces `path` with `text` atomically: the text goes to a temporary file
 * in the same directory (same file system, so the rename is atomic) with the
 * original's mode, then renames over it. A crash leaves either the old or the
 * new file, never half of one. Refuses symbolic links: writing through one
 * would change a file outside the tree the user named.
 */
export function writeFileAtomic(path: string, text: string): void {
  const existing = lstatSync(path, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink()) throw new Error('refusing to write through a symbolic link');
  const mode = existing ? statSync(path).mode & 0o7777 : 0o644;
  const temporary = join(dirname(path), `.${basename(path)}.lifeguard-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let descriptor: number | undefined;
  try {
    descriptor = openSync(temporary, 'wx', mode);
    // The umask narrows the mode given to open(); set it exactly.
    fchmodSync(descriptor, mode);
    writeSync(descriptor, text, null, 'utf8');
    fsyncSync(descriptor);
    closeSync(descriptor);
    descriptor = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (descriptor !== undefined) closeSync(descriptor);
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed or never created.
    }
    throw error;
  }
}
