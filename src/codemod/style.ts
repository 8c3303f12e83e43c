import type { TSESTree } from '@typescript-eslint/utils';
import { walk } from '../ast/traverse.js';
import type { CodeStyle, QuoteStyle } from './types.js';

/**
 * The quote the file uses for string literals: the majority of its string
 * tokens (JSX attribute strings excluded, they follow HTML habits, not the
 * file's JS style); the first string breaks a tie; single quotes when the
 * file has no strings at all.
 */
export function detectQuoteStyle(tokens: readonly TSESTree.Token[] | undefined): QuoteStyle {
  let single = 0;
  let double = 0;
  let first: QuoteStyle | undefined;
  for (const token of tokens ?? []) {
    if (token.type !== 'String') continue;
    const quote = token.value[0];
    if (quote === "'") single += 1;
    else if (quote === '"') double += 1;
    else continue;
    first ??= quote;
  }
  if (single !== double) return single > double ? "'" : '"';
  return first ?? "'";
}

/** Statement-like nodes that end with a semicolon in a file that uses semicolons. */
const TERMINATED = new Set<string>([
  'ExpressionStatement',
  'VariableDeclaration',
  'ImportDeclaration',
  'ExportNamedDeclaration',
  'ExportAllDeclaration',
  'ExportDefaultDeclaration',
  'ReturnStatement',
  'ThrowStatement',
  'BreakStatement',
  'ContinueStatement',
  'DoWhileStatement',
  'DebuggerStatement',
  'PropertyDefinition',
  'TSTypeAliasDeclaration',
]);

/**
 * Whether the file ends its statements with semicolons: the majority of the
 * statements that could carry one. Declarations that never take one
 * (`export function f() {}`, `for (let i …)` heads, `export class`) are
 * not counted; a tie or an empty file means semicolons.
 */
export function detectSemicolons(program: TSESTree.Program, text: string): boolean {
  let withSemicolon = 0;
  let without = 0;
  const visit = (node: TSESTree.Node): void => {
    if (!TERMINATED.has(node.type)) return;
    if (node.type === 'VariableDeclaration' && node.parent && isLoopHead(node)) return;
    if ((node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration') && isDeclarationExport(node)) return;
    if (text[node.range[1] - 1] === ';') withSemicolon += 1;
    else without += 1;
  };
  const visitors: Record<string, (node: TSESTree.Node) => void> = {};
  for (const type of TERMINATED) visitors[type] = visit;
  walk(program, visitors);
  return withSemicolon >= without;
}

function isLoopHead(node: TSESTree.VariableDeclaration): boolean {
  const parent = node.parent;
  return (
    (parent.type === 'ForStatement' && parent.init === node) ||
    ((parent.type === 'ForInStatement' || parent.type === 'ForOfStatement') && parent.left === node)
  );
}

function isDeclarationExport(node: TSESTree.ExportNamedDeclaration | TSESTree.ExportDefaultDeclaration): boolean {
  const declaration = node.declaration;
  if (!declaration) return false;
  // `export const x = 1;` is counted once, through its inner declaration.
  if (node.type === 'ExportNamedDeclaration') return true;
  return declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration' || declaration.type === 'TSInterfaceDeclaration' || declaration.type === 'TSDeclareFunction';
}

export function detectCodeStyle(program: TSESTree.Program, text: string): CodeStyle {
  return { quote: detectQuoteStyle(program.tokens), semicolons: detectSemicolons(program, text) };
}
