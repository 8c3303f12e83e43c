import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

type ScopeManager = TSESLint.Scope.ScopeManager;
export type Variable = TSESLint.Scope.Variable;

/**
 * The innermost scope around a node. Climbs the parents and asks the scope
 * manager for each (a map lookup), instead of searching down from the global
 * scope, which is linear in the number of sibling scopes and quadratic over a file.
 */
export function scopeOf(scopeManager: ScopeManager, node: TSESTree.Node): TSESLint.Scope.Scope | null {
  let current: TSESTree.Node | undefined = node;
  while (current) {
    const scope = scopeManager.acquire(current, true);
    if (scope) return scope;
    current = current.parent;
  }
  return scopeManager.globalScope;
}

/** The variable an identifier refers to, or null for an undeclared global. */
export function resolveVariable(scopeManager: ScopeManager | null, identifier: TSESTree.Identifier): Variable | null {
  if (!scopeManager) return null;
  const scope = scopeOf(scopeManager, identifier);
  if (!scope) return null;
  return ASTUtils.findVariable(scope as never, identifier) as Variable | null;
}

/** True when `identifier` denotes the platform global of that name (not shadowed, not imported). */
export function isGlobalReference(scopeManager: ScopeManager | null, identifier: TSESTree.Identifier): boolean {
  const variable = resolveVariable(scopeManager, identifier);
  return variable === null || variable.defs.length === 0;
}

/** The module an identifier was imported from (`import { x } from 'm'`, `import m from 'm'`), if any. */
export function importSourceOf(scopeManager: ScopeManager | null, identifier: TSESTree.Identifier): { source: string; imported: string } | null {
  const variable = resolveVariable(scopeManager, identifier);
  const definition = variable?.defs[0];
  if (!definition || definition.type !== 'ImportBinding') return null;
  const declaration = definition.parent;
  if (declaration?.type !== 'ImportDeclaration') return null;
  const specifier = definition.node;
  let imported = 'default';
  if (specifier.type === 'ImportSpecifier') {
    imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : String(specifier.imported.value);
  } else if (specifier.type === 'ImportNamespaceSpecifier') {
    imported = '*';
  }
  return { source: String(declaration.source.value), imported };
}

/**
 * The variable lives as long as the module: declared in the module or script
 * scope, or in CommonJS's wrapper scope (whose block is also the Program).
 */
export function isModuleScopeVariable(variable: Variable): boolean {
  return variable.scope.block.type === 'Program';
}
