import type { TSESTree } from '@typescript-eslint/utils';
import type { ParsedFile } from '../../src/codemod/types.js';

/** The leading whitespace of the line that contains `offset`. */
export function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const match = /^[ \t]*/u.exec(text.slice(start, offset));
  return match ? match[0] : '';
}

/** The file's indentation unit: the smallest non-empty indentation of a line that follows an unindented one, else two spaces. */
export function indentUnit(text: string): string {
  const match = /\n([ \t]+)\S/u.exec(text);
  if (!match) return '  ';
  const indent = match[1]!;
  return indent.startsWith('\t') ? '\t' : indent.length >= 4 && indent.length % 4 === 0 ? '    ' : '  ';
}

/**
 * Moves a multi-line snippet from one indentation to another: every line after
 * the first that starts with `from` gets `to` instead, so an inline handler
 * lifted out of a constructor reads as if it had been written in its new place.
 */
export function reindent(snippet: string, from: string, to: string): string {
  if (from === to) return snippet;
  return snippet
    .split('\n')
    .map((line, index) => (index === 0 || !line.startsWith(from) ? line : to + line.slice(from.length)))
    .join('\n');
}

/** Every identifier-like token of the file: new names never collide with any of them. */
export function usedNames(file: ParsedFile): Set<string> {
  const names = new Set<string>();
  for (const token of file.ast.tokens ?? []) {
    if (token.type === 'Identifier' || token.type === 'Keyword' || token.type === 'PrivateIdentifier') names.add(token.value.replace(/^#/u, ''));
  }
  return names;
}

/** `'SIGUSR2'` → `Sigusr2`, `'visibility-change'` → `VisibilityChange`, `'message'` → `Message`. */
export function pascal(value: string): string {
  const words = value.split(/[^A-Za-z0-9]+/u).filter((word) => word.length > 0);
  const joined = words.map((word) => (word === word.toUpperCase() ? word.charAt(0) + word.slice(1).toLowerCase() : word.charAt(0).toUpperCase() + word.slice(1))).join('');
  return /^[A-Za-z]/u.test(joined) ? joined : `Event${joined}`;
}

export function camel(value: string): string {
  const name = pascal(value);
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Picks `base`, `base2`, `base3`… — the first not in `taken`, and records it. */
export function freeName(base: string, taken: Set<string>): string {
  let name = base;
  for (let index = 2; taken.has(name); index += 1) name = `${base}${index}`;
  taken.add(name);
  return name;
}

export function textOf(file: ParsedFile, node: TSESTree.Node | TSESTree.Token): string {
  return file.text.slice(node.range[0], node.range[1]);
}

/**
 * Where a statement appended after `last` goes: the end of `last`'s line
 * (after a trailing `// comment`), so comments stay with their code.
 */
export function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline === -1 ? text.length : newline;
  return text.slice(offset, end).trim().startsWith('//') || text.slice(offset, end).trim() === '' ? (text[end - 1] === '\r' ? end - 1 : end) : offset;
}

export const IDENTIFIER = /^[A-Za-z_$][\w$]*$/u;
