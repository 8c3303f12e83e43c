import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { unwrapExpression } from './nodes.js';
import { scopeOf } from './scope.js';

type ScopeManager = TSESLint.Scope.ScopeManager;

// Static values, computed by eslint-utils' getStaticValue (what ESLint's own rules use), so that
// cooked template text, number formatting and TypeScript wrappers are read one way everywhere.

/**
 * The value of a constant expression (`'a'`, `1_000`, `` `x` ``, `'a' + 'b'`, `60 * 1000`), or null.
 * With a scope manager, names bound once to a constant are followed too (`const EVENT = 'close'`);
 * without one (a codemod's own parse), literals and expressions of literals only.
 */
export function staticValueOf(node: TSESTree.Node, scopeManager: ScopeManager | null): { value: unknown } | null {
  const scope = scopeManager ? scopeOf(scopeManager, node) : null;
  return ASTUtils.getStaticValue(node, scope ?? undefined);
}

/** A literal as it is written: a string or number literal, or a template without expressions (through `as`, `!`, `satisfies`, `?.`). */
function literalForm(node: TSESTree.Node | undefined | null): TSESTree.Literal | TSESTree.TemplateLiteral | null {
  if (!node) return null;
  const current = unwrapExpression(node);
  if (current.type === 'Literal' || (current.type === 'TemplateLiteral' && current.expressions.length === 0)) return current;
  return null;
}

/** A string or number literal (or a constant template) as a string; names and computed expressions are null. */
export function getStaticString(node: TSESTree.Node | undefined | null): string | null {
  const literal = literalForm(node);
  const value = literal ? ASTUtils.getStaticValue(literal)?.value : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/** A string literal (or a constant template); numbers, names and computed expressions are null. */
export function getStaticStringLiteral(node: TSESTree.Node | undefined | null): string | null {
  const literal = literalForm(node);
  const value = literal ? ASTUtils.getStaticValue(literal)?.value : undefined;
  return typeof value === 'string' ? value : null;
}
