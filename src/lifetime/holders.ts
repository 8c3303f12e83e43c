import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { climbWrappers, getCalleeName, getPropertyName, isFunctionNode, unwrapExpression, type FunctionNode } from '../ast/nodes.js';
import { resolveVariable, type Variable } from '../ast/scope.js';
import { childNodes } from '../ast/walk.js';

type ScopeManager = TSESLint.Scope.ScopeManager;

/**
 * Who else holds a value that is stored in a registry, as far as one file
 * shows, found by following the value back to its creation (through locals,
 * parameters of in-file functions and their call sites, and factories whose
 * body is in the file) and forward to where else it goes:
 * - `shared`: something else provably holds it (it is returned to the caller, stored in a
 *   field or another collection, read from a property or a module binding, or it is the
 *   object registering itself): a weak registry loses nothing the program can still reach;
 * - `sole`: it is created for the registration and kept nowhere else: the registry is its only
 *   holder, and a weak one would drop it at the next collection;
 * - `unknown`: it comes from code this file does not show (a parameter of an exported
 *   function or a method, a call into another module): the registry may be its only holder.
 */
export type ValueHolding =
  | { readonly kind: 'shared'; readonly reason: string }
  | { readonly kind: 'sole'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string };

const FRESH = new Set(['NewExpression', 'ObjectExpression', 'ArrayExpression', 'ArrowFunctionExpression', 'FunctionExpression', 'ClassExpression']);
/** Calls that keep their argument in another collection: a holder of their own. */
const STORING_METHODS = new Set(['push', 'unshift', 'add', 'set', 'append', 'splice', 'enqueue']);
/** How far values are followed through locals, parameters and factories. */
const MAX_DEPTH = 6;

/**
 * The holding of the value stored by `store` (`registry.set(key, value)`,
 * `registry.add(value)`, `registry.push(value)`): its last argument.
 */
export function holdingOfStoredValue(store: TSESTree.CallExpression, scopeManager: ScopeManager | null): ValueHolding {
  const value = store.arguments[store.arguments.length - 1];
  if (!value || value.type === 'SpreadElement') return { kind: 'unknown', reason: 'the stored value is not passed directly' };
  return new Tracer(scopeManager, store).origin(value, 0);
}

/**
 * True for a registry that is a cache by name (`userCache`, `memo`, `lru`) or
 * by shape (the growth function reads the same key first: get-or-create). A
 * cache owns its values by design: nobody else is meant to hold them.
 */
export function isCacheLike(name: string, store: TSESTree.CallExpression, text: string, growthFunction: FunctionNode | null): boolean {
  if (/cache|memo|lru/iu.test(name)) return true;
  if (!growthFunction || store.callee.type !== 'MemberExpression' || store.arguments.length < 2) return false;
  const registry = text.slice(store.callee.object.range[0], store.callee.object.range[1]);
  const key = store.arguments[0]!;
  const keyText = text.slice(key.range[0], key.range[1]);
  const before = text.slice(growthFunction.range[0], store.range[0]);
  return before.includes(`${registry}.get(${keyText})`) || before.includes(`${registry}.has(${keyText})`);
}

class Tracer {
  readonly #scopeManager: ScopeManager | null;
  /** The nodes through which the value flows into the registry (the store call's argument, call-site arguments): not escapes. */
  readonly #flow = new Set<TSESTree.Node>();

  constructor(scopeManager: ScopeManager | null, store: TSESTree.CallExpression) {
    this.#scopeManager = scopeManager;
    const value = store.arguments[store.arguments.length - 1];
    if (value) this.#flow.add(unwrapExpression(value));
  }

  origin(node: TSESTree.Node, depth: number): ValueHolding {
    const value = unwrapExpression(node);
    if (depth > MAX_DEPTH) return { kind: 'unknown', reason: 'it is passed through too many steps to follow' };
    if (FRESH.has(value.type)) return { kind: 'sole', reason: `it is created at line ${value.loc.start.line} for the registration and kept nowhere else` };
    switch (value.type) {
      case 'ThisExpression':
        return { kind: 'shared', reason: 'the object registers itself (its creator holds it)' };
      case 'MemberExpression':
        return { kind: 'shared', reason: 'it is also held by the object it is read from' };
      case 'ConditionalExpression':
        return combine([this.origin(value.consequent, depth + 1), this.origin(value.alternate, depth + 1)]);
      case 'LogicalExpression':
        return combine([this.origin(value.left, depth + 1), this.origin(value.right, depth + 1)]);
      case 'Identifier':
        return this.#variable(value, depth);
      case 'CallExpression':
        return this.#factory(value, depth);
      default:
        return { kind: 'unknown', reason: `it is the result of ${describeNode(value)}` };
    }
  }

  #variable(identifier: TSESTree.Identifier, depth: number): ValueHolding {
    const variable = resolveVariable(this.#scopeManager, identifier);
    const definition = variable?.defs[0];
    if (!variable || !definition) return { kind: 'unknown', reason: `'${identifier.name}' is not declared in this file` };
    if (definition.type === 'ImportBinding' || variable.scope.block.type === 'Program') return { kind: 'shared', reason: `'${identifier.name}' is a module binding that keeps holding it` };
    if (definition.type === 'FunctionName' || definition.type === 'ClassName') return { kind: 'shared', reason: `'${identifier.name}' is a declaration that keeps holding it` };
    const escape = this.#escapes(variable, depth);
    if (escape) return { kind: 'shared', reason: escape };
    if (definition.type === 'Parameter') return this.#parameter(variable, definition.node, depth);
    if (definition.type !== 'Variable' || definition.node.type !== 'VariableDeclarator' || definition.node.id.type !== 'Identifier') {
      return { kind: 'unknown', reason: `'${identifier.name}' is not a plain local` };
    }
    // Every value the local is given: its initialiser and its assignments.
    const written: TSESTree.Node[] = [];
    for (const reference of variable.references) {
      if (!reference.isWrite()) continue;
      if (!reference.writeExpr) return { kind: 'unknown', reason: `'${identifier.name}' is written in a way that cannot be followed` };
      const parent = reference.identifier.parent;
      if (parent?.type === 'AssignmentExpression' && parent.operator !== '=') return { kind: 'unknown', reason: `'${identifier.name}' is computed` };
      written.push(reference.writeExpr);
    }
    if (written.length === 0) return { kind: 'unknown', reason: `'${identifier.name}' is never given a value this file shows` };
    return combine(written.map((expression) => this.origin(expression, depth + 1)));
  }

  /** A parameter of a function that only this file calls: what each call site passes. */
  #parameter(variable: Variable, fn: TSESTree.Node, depth: number): ValueHolding {
    const name = variable.name;
    if (!isFunctionNode(fn)) return { kind: 'unknown', reason: `'${name}' is a parameter` };
    const index = fn.params.findIndex((parameter) => {
      const inner = parameter.type === 'TSParameterProperty' ? parameter.parameter : parameter;
      return inner.type === 'Identifier' && inner.name === name;
    });
    const callee = calleeVariable(fn, this.#scopeManager);
    const label = functionLabel(fn);
    if (index < 0 || !callee) return { kind: 'unknown', reason: `'${name}' is a parameter of ${label}, whose callers this file does not show` };
    if (exported(fn)) return { kind: 'unknown', reason: `'${name}' is a parameter of ${label}, which is exported: its callers may create the value and keep it nowhere else` };
    const calls: TSESTree.CallExpression[] = [];
    for (const reference of callee.references) {
      if (reference.init || reference.isWrite()) continue;
      const parent = climbWrappers(reference.identifier).parent;
      if (parent?.type !== 'CallExpression' || unwrapExpression(parent.callee) !== reference.identifier) {
        return { kind: 'unknown', reason: `'${name}' is a parameter of ${label}, which is passed around: its callers are not all in sight` };
      }
      calls.push(parent);
    }
    if (calls.length === 0) return { kind: 'unknown', reason: `'${name}' is a parameter of ${label}, which this file never calls` };
    return combine(
      calls.map((call) => {
        const argument = call.arguments[index];
        if (!argument || argument.type === 'SpreadElement') return { kind: 'unknown', reason: `a call of ${label} at line ${call.loc.start.line} does not pass it directly` };
        this.#flow.add(unwrapExpression(argument));
        return this.origin(argument, depth + 1);
      }),
    );
  }

  /** `issue(owner)` where `issue` is declared in this file: what its returns give. */
  #factory(call: TSESTree.CallExpression, depth: number): ValueHolding {
    const callee = unwrapExpression(call.callee);
    const label = `${getCalleeName(call) ?? 'a call'}()`;
    if (callee.type !== 'Identifier') return { kind: 'unknown', reason: `it is returned by ${label}, whose body this file does not show` };
    const variable = resolveVariable(this.#scopeManager, callee);
    const fn = variable ? functionOf(variable) : null;
    if (!fn) return { kind: 'unknown', reason: `it is returned by ${label}, whose body this file does not show` };
    if (fn.async || fn.generator) return { kind: 'unknown', reason: `it is produced by ${label}, which is not a plain factory` };
    const returned = returnedExpressions(fn);
    if (returned.length === 0) return { kind: 'unknown', reason: `${label} returns nothing this file can follow` };
    const holding = combine(
      returned.map((expression) => {
        // Returning the value is how it reaches the registration, not another holder.
        this.#flow.add(unwrapExpression(expression));
        return this.origin(expression, depth + 1);
      }),
    );
    return holding.kind === 'sole' ? { kind: 'sole', reason: `it is created by ${label} at line ${call.loc.start.line} for the registration and kept nowhere else` } : holding;
  }

  /** Why `variable`'s value is held elsewhere (returned, stored, aliased into a holder), or null. */
  #escapes(variable: Variable, depth: number): string | null {
    for (const reference of variable.references) {
      if (reference.isWrite() && !reference.isRead()) continue;
      const node = climbWrappers(reference.identifier);
      if (this.#flow.has(reference.identifier) || this.#flow.has(node)) continue;
      const where = this.#destination(node, variable.name, depth);
      if (where) return where;
    }
    return null;
  }

  /** Where an expression holding the value goes, when that place keeps it. */
  #destination(node: TSESTree.Node, name: string, depth: number): string | null {
    const parent = node.parent;
    if (!parent || depth > MAX_DEPTH) return null;
    switch (parent.type) {
      case 'ReturnStatement':
      case 'YieldExpression':
        return `'${name}' is returned to the caller, which holds it`;
      case 'ArrowFunctionExpression':
        return parent.body === node ? `'${name}' is returned to the caller, which holds it` : null;
      case 'AssignmentExpression':
        return parent.right === node ? `'${name}' is also stored in ${parent.left.type === 'MemberExpression' ? (getPropertyName(parent.left) ?? 'a property') : 'another binding'}` : null;
      case 'Property':
        return parent.value === node && parent.parent?.type === 'ObjectExpression' ? this.#destination(climbWrappers(parent.parent), name, depth + 1) : null;
      case 'ArrayExpression':
      case 'SpreadElement':
        return this.#destination(climbWrappers(parent), name, depth + 1);
      case 'VariableDeclarator': {
        // An alias: where the alias goes.
        if (parent.init !== node || parent.id.type !== 'Identifier') return null;
        const alias = resolveVariable(this.#scopeManager, parent.id);
        return alias ? this.#escapes(alias, depth + 1) : null;
      }
      case 'CallExpression': {
        if (parent.callee === node || parent.callee.type !== 'MemberExpression') return null;
        const method = getPropertyName(parent.callee);
        return method && STORING_METHODS.has(method) ? `'${name}' is also kept by .${method}(…) at line ${parent.loc.start.line}` : null;
      }
      default:
        return null;
    }
  }
}

/** `sole` if any branch may make the registry the only holder, then `unknown`, else `shared`. */
function combine(holdings: readonly ValueHolding[]): ValueHolding {
  return holdings.find((holding) => holding.kind === 'sole') ?? holdings.find((holding) => holding.kind === 'unknown') ?? holdings[0] ?? { kind: 'unknown', reason: 'nothing to follow' };
}

/** The variable a function is called through: its declaration's name, or the `const f = () => …` it initialises. */
function calleeVariable(fn: FunctionNode, scopeManager: ScopeManager | null): Variable | null {
  if (fn.type === 'FunctionDeclaration' && fn.id) return resolveVariable(scopeManager, fn.id);
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier') return resolveVariable(scopeManager, parent.id);
  return null;
}

function functionOf(variable: Variable): FunctionNode | null {
  const definition = variable.defs[0];
  if (!definition || variable.defs.length > 1) return null;
  if (definition.type === 'FunctionName' && isFunctionNode(definition.node)) return definition.node;
  if (definition.type === 'Variable' && definition.node.type === 'VariableDeclarator' && definition.parent?.type === 'VariableDeclaration' && definition.parent.kind === 'const') {
    const init = definition.node.init ? unwrapExpression(definition.node.init) : null;
    if (isFunctionNode(init)) return init;
  }
  return null;
}

function exported(fn: FunctionNode): boolean {
  let current: TSESTree.Node | undefined = fn.parent;
  while (current && (current.type === 'VariableDeclarator' || current.type === 'VariableDeclaration')) current = current.parent;
  return current?.type === 'ExportNamedDeclaration' || current?.type === 'ExportDefaultDeclaration';
}

/** What a function returns: the expression body of an arrow, or each `return x` outside nested functions. */
function returnedExpressions(fn: FunctionNode): TSESTree.Node[] {
  if (fn.body.type !== 'BlockStatement') return [fn.body];
  const result: TSESTree.Node[] = [];
  const stack: TSESTree.Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'ReturnStatement') {
      if (node.argument) result.push(node.argument);
      continue;
    }
    if (isFunctionNode(node) || node.type === 'ClassBody') continue;
    stack.push(...childNodes(node));
  }
  return result;
}

function functionLabel(fn: FunctionNode): string {
  if (fn.type !== 'ArrowFunctionExpression' && fn.id) return `${fn.id.name}()`;
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return `${parent.id.name}()`;
  if ((parent?.type === 'MethodDefinition' || parent?.type === 'Property') && getPropertyName(parent)) return `${getPropertyName(parent)}()`;
  return 'a function';
}

function describeNode(node: TSESTree.Node): string {
  switch (node.type) {
    case 'AwaitExpression':
      return 'an await';
    case 'TaggedTemplateExpression':
      return 'a tagged template';
    default:
      return `an expression (${node.type})`;
  }
}
