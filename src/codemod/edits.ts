import type { TextEdit } from './types.js';

/**
 * Applies non-overlapping splices to `text`. Insertions at the same offset
 * keep the order they were given in. Throws on overlapping edits: two fixes
 * fighting over the same range is a codemod bug, never something to guess about.
 * Inserted line breaks follow the file's own (CRLF when its first line ends
 * with one), so codemods can write `\n` without mixing line ends into a file.
 */
export function applyEdits(text: string, edits: readonly (TextEdit | null | undefined)[]): string {
  const crlf = /^[^\n]*\r\n/.test(text);
  const sorted = edits
    .filter((edit): edit is TextEdit => edit != null)
    .map((edit, order) => ({ edit, order }))
    .sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.order - b.order);
  let result = '';
  let cursor = 0;
  for (const { edit } of sorted) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > text.length) {
      throw new Error(`overlapping or invalid edit at ${edit.start}-${edit.end}`);
    }
    result += text.slice(cursor, edit.start) + (crlf ? edit.text.replace(/\r?\n/g, '\r\n') : edit.text);
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}

/** The 1-based line and column of an offset, for manual-review items. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
