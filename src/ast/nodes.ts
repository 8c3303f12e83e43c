import type { TSESTree } from '@typescript-eslint/utils';

/** Function-like nodes: each one opens a new `await`/`this`/lifetime context. */
export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

export function isFunctionNode(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return (
    node?.type === 'ArrowFunctionExpression' ||
    node?.type === 'FunctionDeclaration' ||
    node?.type === 'FunctionExpression'
  );
}

export type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

export function isClassNode(node: TSESTree.Node | null | undefined): node is ClassNode {
  return node?.type === 'ClassDeclaration' || node?.type === 'ClassExpression';
}

/**
 * Strips wrappers that do not change which value an expression denotes:
 * TypeScript assertions (`x as T`, `x!`, `x satisfies T`, `<T>x`) and optional chains.
 */
export function unwrapExpression(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
        current = current.expression;
        break;
      case 'ChainExpression':
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/** The static name of a member's property: `a.b` → `b`, `a['b']` → `b`, `a.#b` → `#b`. */
export function getPropertyName(node: TSESTree.MemberExpression | TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MethodDefinition | TSESTree.TSParameterProperty | TSESTree.AccessorProperty | TSESTree.TSAbstractPropertyDefinition | TSESTree.TSAbstractMethodDefinition): string | null {
  if (node.type === 'TSParameterProperty') {
    const parameter = node.parameter.type === 'AssignmentPattern' ? node.parameter.left : node.parameter;
    return parameter.type === 'Identifier' ? parameter.name : null;
  }
  const key = node.type === 'MemberExpression' ? node.property : node.key;
  const computed = node.computed;
  if (!computed) {
    if (key.type === 'Identifier') return key.name;
    if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  }
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0]?.value.cooked ?? null;
  return null;
}

/**
 * A normalised text for a reference path — `this.bus`, `process`, `this.#el`,
 * `window.document` — or null when the expression is not a plain path
 * (a call, a computed access with a dynamic key). Assertions and `?.` are ignored,
 * so `this.bus!` and `this.bus?.x` match `this.bus`.
 */
export function referencePath(node: TSESTree.Node): string | null {
  const current = unwrapExpression(node);
  if (current.type === 'Identifier') return current.name;
  if (current.type === 'ThisExpression') return 'this';
  if (current.type === 'Super') return 'super';
  if (current.type === 'MemberExpression') {
    const object = referencePath(current.object);
    const property = getPropertyName(current);
    if (object === null || property === null) return null;
    return `${object}.${property}`;
  }
  return null;
}

/** The executor of a `new Promise(…)`. */
export function isPromiseExecutor(fn: TSESTree.Node): boolean {
  const parent = fn.parent;
  if (parent?.type !== 'NewExpression' || parent.arguments[0] !== fn) return false;
  const callee = unwrapExpression(parent.callee);
  return callee.type === 'Identifier' && callee.name === 'Promise';
}

/** The name a call is made through: `f()` → `f`, `a.b.f()` → `f`. */
export function getCalleeName(node: TSESTree.CallExpression | TSESTree.NewExpression): string | null {
  const callee = unwrapExpression(node.callee);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') return getPropertyName(callee);
  return null;
}

/** For `a.b.method(...)`: the object `a.b`; null for plain calls. */
export function getCalleeObject(node: TSESTree.CallExpression | TSESTree.NewExpression): TSESTree.Expression | null {
  const callee = unwrapExpression(node.callee);
  return callee.type === 'MemberExpression' ? callee.object : null;
}

/** The nearest proper ancestor of a node that satisfies `test`, or null. */
export function closestAncestor<Ancestor extends TSESTree.Node>(node: TSESTree.Node, test: (candidate: TSESTree.Node) => candidate is Ancestor): Ancestor | null {
  for (let current = node.parent; current; current = current.parent) {
    if (test(current)) return current;
  }
  return null;
}

/** The nearest enclosing function of a node, or null at module level. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | null {
  return closestAncestor(node, isFunctionNode);
}

/** The nearest enclosing class, crossing functions (methods, arrows, callbacks). */
export function enclosingClass(node: TSESTree.Node): ClassNode | null {
  return closestAncestor(node, isClassNode);
}

/** True for code that runs once when the module loads: not inside any function or class member. */
export function isModuleLevel(node: TSESTree.Node): boolean {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current) || current.type === 'StaticBlock' || current.type === 'PropertyDefinition') return false;
    current = current.parent;
  }
  return true;
}

/** The name of a class: its id, or the variable it is assigned to (`const Foo = class {}`). */
export function classNameOf(classNode: ClassNode): string | null {
  if (classNode.id) return classNode.id.name;
  const parent = classNode.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  return null;
}

/** The name a function is known by: its id, the variable, property or method it is assigned to. */
export function getFunctionName(node: FunctionNode): string | null {
  if (node.type !== 'ArrowFunctionExpression' && node.id) return node.id.name;
  const parent = node.parent;
  if (!parent) return null;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.id.type === 'Identifier' ? parent.id.name : null;
    case 'MethodDefinition':
    case 'PropertyDefinition':
    case 'Property':
    case 'AccessorProperty':
    case 'TSAbstractMethodDefinition':
      return getPropertyName(parent);
    case 'AssignmentExpression':
      return parent.left.type === 'Identifier' ? parent.left.name : parent.left.type === 'MemberExpression' ? getPropertyName(parent.left) : null;
    default:
      return null;
  }
}

/** Static values live in values.ts (eslint-utils' getStaticValue); re-exported for the detectors that import it from here. */
export { getStaticString } from './values.js';

/** True for an identifier that names a property (`a.b`'s `b`, `{ b: 1 }`'s `b`) rather than reading a variable; `{ b }` reads `b`. */
export function isPropertyNameIdentifier(node: TSESTree.Identifier): boolean {
  const parent = node.parent;
  return (parent?.type === 'MemberExpression' && parent.property === node && !parent.computed) || (parent?.type === 'Property' && parent.key === node && !parent.computed && parent.value !== node);
}

export function isThisMember(node: TSESTree.Node): node is TSESTree.MemberExpression {
  const current = unwrapExpression(node);
  return current.type === 'MemberExpression' && unwrapExpression(current.object).type === 'ThisExpression';
}

/** True when `inner` lies inside `outer` (or is it), by source range. */
export function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** Climbs from an expression through assertions and `?.` to the node whose parent uses its value. */
export function climbWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.parent &&
    (current.parent.type === 'TSAsExpression' ||
      current.parent.type === 'TSNonNullExpression' ||
      current.parent.type === 'TSSatisfiesExpression' ||
      current.parent.type === 'TSTypeAssertion' ||
      current.parent.type === 'ChainExpression')
  ) {
    current = current.parent;
  }
  return current;
}
