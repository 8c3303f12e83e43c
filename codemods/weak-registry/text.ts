import type { TSESTree } from '@typescript-eslint/utils';
import { Node, type SourceFile } from 'ts-morph';
import type { TextEdit } from '../../src/codemod/types.js';

/** The leading whitespace of the line `offset` is on. */
export function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** One level of indentation as the file writes it (from the first indented line), two spaces by default. */
export function indentUnit(text: string): string {
  const match = /\n([ \t]+)\S/.exec(text);
  if (!match) return '  ';
  const indent = match[1]!;
  return indent.startsWith('\t') ? '\t' : indent.length >= 4 && indent.length % 4 === 0 && !/\n {2}\S/.test(text) ? '    ' : '  ';
}

/**
 * An edit that puts `statement` first in a `{ … }` block: on its own line at
 * the indentation of the block's first statement, or one level in from the
 * block's line when the block is empty.
 */
export function insertAtBlockStart(text: string, block: { range: readonly [number, number]; body: readonly { range: readonly [number, number] }[] }, statement: string): TextEdit {
  const open = block.range[0];
  const first = block.body[0];
  if (first) {
    const indent = lineIndent(text, first.range[0]);
    const sameLine = !text.slice(open + 1, first.range[0]).includes('\n');
    if (sameLine) return { start: open + 1, end: open + 1, text: `\n${indent}${statement}` };
    return { start: first.range[0], end: first.range[0], text: `${statement}\n${indent}` };
  }
  const outer = lineIndent(text, open);
  return { start: open, end: block.range[1], text: `{\n${outer}${indentUnit(text)}${statement}\n${outer}}` };
}

/** The smallest ts-morph node covering exactly `[start, end)` (or the smallest covering it). */
export function tsNodeAt(sourceFile: SourceFile, range: readonly [number, number]): Node | undefined {
  let node: Node | undefined = sourceFile.getDescendantAtPos(range[0]);
  while (node && (node.getStart() > range[0] || node.getEnd() < range[1])) node = node.getParent();
  return node;
}

/** The ts-morph node with exactly the range of an ESTree node (the same text parsed twice), the outermost one that passes `guard`. */
export function exactNode(sourceFile: SourceFile, node: { range: readonly [number, number] }, guard?: (node: Node) => boolean): Node | undefined {
  let current: Node | undefined = sourceFile.getDescendantAtPos(node.range[0]);
  let found: Node | undefined;
  while (current) {
    if (current.getStart() < node.range[0] || current.getEnd() > node.range[1]) break;
    if (current.getEnd() === node.range[1] && current.getStart() === node.range[0] && (!guard || guard(current))) found = current;
    current = current.getParent();
  }
  return found;
}

/** An expression that denotes the same thing wherever it is re-evaluated: `id`, `this.id`, `socket.info.id`, a literal. */
export function isStablePath(node: TSESTree.Node): boolean {
  if (node.type === 'Identifier' || node.type === 'ThisExpression' || node.type === 'Literal') return true;
  if (node.type === 'MemberExpression' && !node.computed && !node.optional) return isStablePath(node.object);
  return false;
}

/** True when the path starts at `this` (or is a literal): valid in any method of the class. */
export function isThisRooted(node: TSESTree.Node): boolean {
  if (node.type === 'ThisExpression' || node.type === 'Literal') return true;
  if (node.type === 'MemberExpression' && !node.computed) return isThisRooted(node.object);
  return false;
}

export function mentionsThis(node: TSESTree.Node): boolean {
  if (node.type === 'ThisExpression') return true;
  if (node.type === 'MemberExpression') return mentionsThis(node.object);
  return false;
}

export function sourceText(text: string, node: { range: readonly [number, number] }): string {
  return text.slice(node.range[0], node.range[1]);
}

