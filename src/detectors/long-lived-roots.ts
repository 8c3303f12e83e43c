import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  getCalleeName,
  getPropertyName,
  getStaticString,
  isClassNode,
  isFunctionNode,
  referencePath,
  unwrapExpression,
  type ClassNode,
  type FunctionNode,
} from '../ast/nodes.js';
import { resolveVariable, type Variable } from '../ast/scope.js';
import { classNameOf, climbWrappers } from '../ast/nodes.js';

type ScopeManager = TSESLint.Scope.ScopeManager;

/**
 * Shared analysis for the retention rules: what counts as a long-lived root
 * (module-scope and imported bindings, static class fields, globals), what a
 * collection is, and how one use of a collection treats its entries.
 */

export type CollectionKind = 'Map' | 'Set' | 'array' | 'dictionary';

export interface CollectionShape {
  readonly kind: CollectionKind;
  /** The constructor as written (`Map`, `Set`, `Array`, `Object.create`), null for literals. */
  readonly constructorName: string | null;
  /** Map keys, Set members, dictionary keys. */
  readonly keyType: TSESTree.TypeNode | null;
  /** Map values, array elements, dictionary values. */
  readonly valueType: TSESTree.TypeNode | null;
}

/** Collections that hold their entries weakly; never a retention problem. */
export const WEAK_COLLECTIONS = ['WeakMap', 'WeakSet', 'WeakRef', 'WeakRegistry', 'FinalizationRegistry'];

/**
 * What an initializer creates: a strong collection, a weak one (`'weak'`), or
 * nothing we recognise (null). `declaredType` is the annotation of the binding
 * or field, used when the constructor has no type arguments.
 */
export function collectionShapeOf(
  init: TSESTree.Node | null | undefined,
  declaredType: TSESTree.TypeNode | null,
  weakNames: ReadonlySet<string>,
): CollectionShape | 'weak' | null {
  if (!init) return null;
  const value = unwrapExpression(init);
  if (value.type === 'NewExpression') {
    const callee = unwrapExpression(value.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
    if (name === null) return null;
    if (weakNames.has(name)) return 'weak';
    const typeArguments = value.typeArguments?.params ?? typeArgumentsOf(declaredType, name);
    if (name === 'Map') return { kind: 'Map', constructorName: name, keyType: typeArguments[0] ?? null, valueType: typeArguments[1] ?? null };
    if (name === 'Set') return { kind: 'Set', constructorName: name, keyType: typeArguments[0] ?? null, valueType: null };
    if (name === 'Array') return { kind: 'array', constructorName: name, keyType: null, valueType: typeArguments[0] ?? elementTypeOf(declaredType) };
    return null;
  }
  if (value.type === 'ArrayExpression') {
    return { kind: 'array', constructorName: null, keyType: null, valueType: elementTypeOf(declaredType) };
  }
  // Only an empty literal is a dictionary: `{ a: 1 }` is a record with a known shape.
  if (value.type === 'ObjectExpression' && value.properties.length === 0) {
    return { kind: 'dictionary', constructorName: null, ...dictionaryTypesOf(declaredType) };
  }
  if (
    value.type === 'CallExpression' &&
    referencePath(value.callee) === 'Object.create' &&
    value.arguments.length === 1 &&
    value.arguments[0]?.type === 'Literal' &&
    value.arguments[0].value === null
  ) {
    return { kind: 'dictionary', constructorName: 'Object.create', ...dictionaryTypesOf(declaredType) };
  }
  return null;
}

function typeArgumentsOf(declaredType: TSESTree.TypeNode | null, name: string): TSESTree.TypeNode[] {
  if (declaredType?.type !== 'TSTypeReference') return [];
  const typeName = declaredType.typeName;
  if (typeName.type !== 'Identifier') return [];
  if (typeName.name !== name && !(name === 'Array' && typeName.name === 'ReadonlyArray')) return [];
  return declaredType.typeArguments?.params ?? [];
}

function elementTypeOf(declaredType: TSESTree.TypeNode | null): TSESTree.TypeNode | null {
  if (!declaredType) return null;
  if (declaredType.type === 'TSArrayType') return declaredType.elementType;
  const [element] = typeArgumentsOf(declaredType, 'Array');
  return element ?? null;
}

function dictionaryTypesOf(declaredType: TSESTree.TypeNode | null): { keyType: TSESTree.TypeNode | null; valueType: TSESTree.TypeNode | null } {
  if (declaredType?.type === 'TSTypeReference' && declaredType.typeName.type === 'Identifier' && declaredType.typeName.name === 'Record') {
    const [keyType, valueType] = declaredType.typeArguments?.params ?? [];
    return { keyType: keyType ?? null, valueType: valueType ?? null };
  }
  if (declaredType?.type === 'TSTypeLiteral') {
    for (const member of declaredType.members) {
      if (member.type === 'TSIndexSignature') {
        const parameter = member.parameters[0];
        const keyType = parameter && 'typeAnnotation' in parameter ? (parameter.typeAnnotation?.typeAnnotation ?? null) : null;
        return { keyType, valueType: member.typeAnnotation?.typeAnnotation ?? null };
      }
    }
  }
  return { keyType: null, valueType: null };
}

/** Where a `this` points: the class it belongs to, and whether it is the class itself (static code). */
export interface ThisContext {
  readonly classNode: ClassNode;
  readonly isStatic: boolean;
  /** True inside the constructor (or an instance field initializer): runs once per instance, while it is built. */
  readonly isConstruction: boolean;
  /** The method, field or static block the `this` is in. */
  readonly member: TSESTree.MethodDefinition | TSESTree.PropertyDefinition | TSESTree.StaticBlock | TSESTree.AccessorProperty;
}

/**
 * Resolves the class a `this` (or any node using `this`) belongs to, crossing
 * arrow functions; a nested `function` or object method has its own `this`, so null.
 */
export function thisContextOf(node: TSESTree.Node): ThisContext | null {
  let current: TSESTree.Node | undefined = node.parent;
  let previous: TSESTree.Node = node;
  while (current) {
    if (current.type === 'FunctionExpression' || current.type === 'FunctionDeclaration') {
      const owner = current.parent;
      if (owner?.type === 'MethodDefinition' && owner.value === current && isClassNode(owner.parent?.parent)) {
        return { classNode: owner.parent.parent, isStatic: owner.static, isConstruction: owner.kind === 'constructor', member: owner };
      }
      return null;
    }
    if ((current.type === 'PropertyDefinition' || current.type === 'AccessorProperty') && current.value === previous && isClassNode(current.parent?.parent)) {
      return { classNode: current.parent.parent, isStatic: current.static, isConstruction: !current.static, member: current };
    }
    if (current.type === 'StaticBlock' && isClassNode(current.parent?.parent)) {
      return { classNode: current.parent.parent, isStatic: true, isConstruction: false, member: current };
    }
    // Computed keys and heritage clauses are evaluated outside the class's `this`.
    if (isClassNode(current)) return null;
    previous = current;
    current = current.parent;
  }
  return null;
}

export type RootKind = 'module' | 'imported' | 'static' | 'global';

/** A binding or field that lives as long as the process (or the page). */
export interface LongLivedRoot {
  readonly kind: RootKind;
  /** How the code names it: `playersById`, `Room.registry`, `globalThis.cache`. */
  readonly name: string;
  /** The expression that denotes the root at this use. */
  readonly node: TSESTree.Node;
  /** The binding the path starts from (null for globals). */
  readonly variable: Variable | null;
}

const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'global', 'self', 'process', 'document']);

/**
 * When `expression` denotes something that outlives any one call — a module-scope
 * or imported binding (or a path below one), a static field, a global — returns it.
 * `this.x` paths are owned by the instance and are never roots, except in static code.
 */
export function longLivedRootOf(expression: TSESTree.Node, scopeManager: ScopeManager | null): LongLivedRoot | null {
  const node = unwrapExpression(expression);
  const path = referencePath(node);
  if (path === null) return null;
  let base: TSESTree.Node = node;
  while (base.type === 'MemberExpression' || base.type === 'TSNonNullExpression' || base.type === 'ChainExpression' || base.type === 'TSAsExpression') {
    base = base.type === 'MemberExpression' ? base.object : base.expression;
  }
  base = unwrapExpression(base);
  if (base.type === 'ThisExpression') {
    const context = thisContextOf(base);
    if (context?.isStatic && node !== base) {
      const className = classNameOf(context.classNode);
      return { kind: 'static', name: className ? path.replace(/^this/, className) : path, node, variable: null };
    }
    // `this.constructor.cache` is a static field reached through an instance.
    if (node.type === 'MemberExpression' && path.startsWith('this.constructor.')) return { kind: 'static', name: path, node, variable: null };
    return null;
  }
  if (base.type !== 'Identifier') return null;
  const variable = resolveVariable(scopeManager, base);
  if (!variable || variable.defs.length === 0) {
    // An undeclared name is a global only when the scope manager knows the file; without it, guess nothing.
    if (!scopeManager) return null;
    // Only explicit global objects: a bare undeclared name may be an ambient declaration or a typo.
    if (GLOBAL_OBJECTS.has(base.name)) return { kind: 'global', name: path, node, variable: null };
    return null;
  }
  const definition = variable.defs[0]!;
  if (definition.type === 'ImportBinding') return { kind: 'imported', name: path, node, variable };
  if (variable.scope.block.type !== 'Program' && !(definition.type === 'ClassName' && isModuleScopeClass(definition.node))) return null;
  if (definition.type === 'ClassName') {
    // `Room.registry`: a static field. The bare class is not a collection.
    return node === base ? null : { kind: 'static', name: path, node, variable };
  }
  if (definition.type === 'Variable' && definition.node.type === 'VariableDeclarator') {
    const init = definition.node.init ? unwrapExpression(definition.node.init) : null;
    if (init && isClassNode(init)) return node === base ? null : { kind: 'static', name: path, node, variable };
  }
  if (definition.type === 'FunctionName' || definition.type === 'Parameter' || definition.type === 'CatchClause') return null;
  return { kind: 'module', name: path, node, variable };
}

function isModuleScopeClass(node: TSESTree.Node): boolean {
  return node.type === 'ClassDeclaration' && (node.parent?.type === 'Program' || node.parent?.parent?.type === 'Program');
}

/** True when the declarator's binding is exported (`export const x`, `export { x }`, `module.exports.x = x` is handled as an escape). */
export function isExportedDeclarator(declarator: TSESTree.VariableDeclarator): boolean {
  return declarator.parent?.parent?.type === 'ExportNamedDeclaration';
}

/**
 * True when `node` runs while the module loads: at top level, in a static
 * block or static field initializer of a top-level class, in an IIFE, or in a
 * module-private function that the module only calls at load time (the
 * `define('GET', handler)` idiom that fills a constant table).
 */
export function runsAtLoadTime(node: TSESTree.Node, scopeManager: ScopeManager | null, depth = 0): boolean {
  let current: TSESTree.Node | undefined = node.parent;
  let previous: TSESTree.Node = node;
  while (current) {
    if (isFunctionNode(current)) {
      if (depth > 2) return false;
      const call = current.parent;
      if ((call?.type === 'CallExpression' || call?.type === 'NewExpression') && unwrapExpression(call.callee) === current) {
        previous = current;
        current = call;
        continue;
      }
      return isCalledOnlyAtLoadTime(current, scopeManager, depth + 1);
    }
    if (current.type === 'StaticBlock') {
      previous = current;
      current = current.parent;
      continue;
    }
    if ((current.type === 'PropertyDefinition' || current.type === 'AccessorProperty') && current.value === previous) {
      if (!current.static) return false;
    }
    if (current.type === 'MethodDefinition') return false;
    previous = current;
    current = current.parent;
  }
  return true;
}

function isCalledOnlyAtLoadTime(fn: FunctionNode, scopeManager: ScopeManager | null, depth: number): boolean {
  let name: TSESTree.Identifier | null = null;
  if (fn.type === 'FunctionDeclaration') name = fn.id;
  else if (fn.parent?.type === 'VariableDeclarator' && fn.parent.init === fn && fn.parent.id.type === 'Identifier') name = fn.parent.id;
  if (!name || !scopeManager) return false;
  const declaration = fn.type === 'FunctionDeclaration' ? fn : fn.parent?.parent;
  if (declaration?.parent?.type !== 'Program') return false;
  const variable = resolveVariable(scopeManager, name);
  if (!variable || variable.scope.block.type !== 'Program') return false;
  const calls = variable.references.filter((reference) => reference.identifier !== name);
  if (calls.length === 0) return false;
  return calls.every((reference) => {
    const identifier = reference.identifier;
    const parent = identifier.parent;
    return parent?.type === 'CallExpression' && parent.callee === identifier && runsAtLoadTime(parent, scopeManager, depth);
  });
}

export type CollectionUseKind =
  /** Adds an entry: `set`, `add`, `push`, `unshift`, `splice` with inserts, `dict[key] = v`. */
  | 'growth'
  /** Removes entries: `delete`, `clear`, `pop`, `shift`, `splice`, `length = 0`, `delete dict[key]`. */
  | 'removal'
  /** The binding or field gets a new collection. */
  | 'reassignment'
  /** `for…of`, spread, `forEach`, `keys()`, `Object.keys(dict)`: order and membership are observed. */
  | 'iteration'
  /** `.size` / `.length`. */
  | 'size'
  /** `JSON.stringify(x)`. */
  | 'serialization'
  /** Passed to a function we cannot see into: it may prune it. */
  | 'handoff'
  /** Returned, aliased, stored elsewhere: someone else may prune it. */
  | 'escape'
  /** `export { x }`, `module.exports = x`, `exports.x = x`: other modules may manage it. */
  | 'export'
  /** Lookups and other reads (`get`, `has`, `includes`) that neither add nor remove. */
  | 'read'
  /** `dict.name` with a fixed name: the object is a record rather than a dictionary. */
  | 'namedProperty';

export interface CollectionUse {
  readonly kind: CollectionUseKind;
  /** The reference (identifier or member expression) that denotes the collection. */
  readonly node: TSESTree.Node;
  /** The call, assignment or statement that makes the use (the reference itself for bare reads). */
  readonly site: TSESTree.Node;
  /** The method called on the collection, when there is one. */
  readonly method: string | null;
  /** For growth: the key (Map/Set/dictionary) when it is a constant, which bounds the collection. */
  readonly constantKey: boolean;
}

export interface CollectionUseOptions {
  readonly removalMethods: ReadonlySet<string>;
}

const REMOVAL_METHODS = ['delete', 'clear', 'pop', 'shift', 'splice', 'remove', 'evict', 'prune'];
export const DEFAULT_REMOVAL_METHODS = REMOVAL_METHODS;
const GROWTH_METHODS: Record<CollectionKind, ReadonlySet<string>> = {
  Map: new Set(['set']),
  Set: new Set(['add']),
  array: new Set(['push', 'unshift']),
  dictionary: new Set(),
};
const ITERATION_METHODS = new Set([
  'forEach', 'keys', 'values', 'entries', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findLast',
  'findIndex', 'findLastIndex', 'join', 'flatMap', 'toString', 'toJSON',
]);
/** Calls that read every entry of their argument and keep nothing. */
const ITERATING_FUNCTIONS = new Set(['Object.keys', 'Object.values', 'Object.entries', 'Array.from', 'Array.of', 'Object.assign', 'structuredClone']);
const SERIALIZING_FUNCTIONS = new Set(['JSON.stringify']);
/** Calls that neither keep nor modify their argument. */
const NEUTRAL_FUNCTIONS = new Set(['Array.isArray', 'Object.freeze', 'Object.isFrozen', 'Boolean', 'String']);


function isCommonJSExport(target: TSESTree.Node): boolean {
  const path = referencePath(target);
  return path !== null && (path === 'module.exports' || path.startsWith('module.exports.') || path === 'exports' || path.startsWith('exports.'));
}

/** How one reference to a collection treats its entries. */
export function classifyCollectionUse(reference: TSESTree.Node, kind: CollectionKind, options: CollectionUseOptions): CollectionUse {
  const use = (useKind: CollectionUseKind, site: TSESTree.Node, method: string | null = null, constantKey = false): CollectionUse => ({
    kind: useKind,
    node: reference,
    site,
    method,
    constantKey,
  });
  const current = climbWrappers(reference);
  const parent = current.parent;
  if (!parent) return use('read', reference);
  switch (parent.type) {
    case 'MemberExpression': {
      if (parent.object !== current) return use('read', reference);
      const member = climbWrappers(parent);
      const grand = member.parent;
      const name = getPropertyName(parent);
      if (grand?.type === 'CallExpression' && grand.callee === member && name !== null) {
        if (GROWTH_METHODS[kind].has(name)) return use('growth', grand, name, kind !== 'array' && getStaticString(grand.arguments[0]) !== null);
        if (name === 'splice') {
          const deleteCount = grand.arguments[1];
          const inserts = grand.arguments.length > 2;
          const removes = deleteCount === undefined || !(deleteCount.type === 'Literal' && deleteCount.value === 0);
          return use(removes ? 'removal' : inserts ? 'growth' : 'read', grand, name);
        }
        if (options.removalMethods.has(name)) return use('removal', grand, name);
        if (ITERATION_METHODS.has(name)) return use('iteration', grand, name);
        return use('read', grand, name);
      }
      if (parent.computed && name === null) {
        // `dict[key] = v`, `delete dict[key]`, `dict[key]`: dictionary-style access with a dynamic key.
        if (grand?.type === 'AssignmentExpression' && grand.left === member) return use(kind === 'dictionary' ? 'growth' : 'read', grand);
        if (grand?.type === 'UnaryExpression' && grand.operator === 'delete') return use('removal', grand, 'delete');
        return use('read', parent);
      }
      if (name === 'length' || name === 'size') {
        if (grand?.type === 'AssignmentExpression' && grand.left === member) return use('removal', grand, name);
        return use('size', parent, name);
      }
      if (kind === 'dictionary') {
        if (parent.computed) {
          if (grand?.type === 'AssignmentExpression' && grand.left === member) return use('growth', grand, null, true);
          if (grand?.type === 'UnaryExpression' && grand.operator === 'delete') return use('removal', grand, 'delete');
          return use('read', parent);
        }
        if (grand?.type === 'UnaryExpression' && grand.operator === 'delete') return use('removal', grand, 'delete');
        return use('namedProperty', parent, name);
      }
      if (grand?.type === 'AssignmentExpression' && grand.left === member) return use('read', grand, name);
      return use('read', parent, name);
    }
    case 'AssignmentExpression':
      if (parent.left === current) return use('reassignment', parent);
      return use(isCommonJSExport(parent.left) ? 'export' : 'escape', parent);
    case 'Property':
      if (parent.value === current && parent.parent?.type === 'ObjectExpression' && parent.parent.parent?.type === 'AssignmentExpression' && isCommonJSExport(parent.parent.parent.left)) {
        return use('export', parent.parent.parent);
      }
      return use('escape', parent);
    case 'UpdateExpression':
      return use('reassignment', parent);
    case 'ForOfStatement':
    case 'ForInStatement':
      return parent.right === current ? use('iteration', parent) : use('reassignment', parent);
    case 'SpreadElement':
      return use('iteration', parent);
    case 'CallExpression':
    case 'NewExpression': {
      if (parent.callee === current) return use('read', parent);
      const callee = referencePath(parent.callee);
      if (callee !== null && SERIALIZING_FUNCTIONS.has(callee)) return use('serialization', parent, callee);
      if (callee !== null && ITERATING_FUNCTIONS.has(callee)) return use('iteration', parent, callee);
      if (callee !== null && (NEUTRAL_FUNCTIONS.has(callee) || callee.startsWith('console.'))) return use('read', parent, callee);
      if (parent.type === 'NewExpression' && (callee === 'Map' || callee === 'Set' || callee === 'Array')) return use('iteration', parent, callee);
      return use('handoff', parent, parent.type === 'CallExpression' ? getCalleeName(parent) : null);
    }
    case 'ExportSpecifier':
    case 'ExportDefaultDeclaration':
      return use('export', parent);
    case 'IfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'ExpressionStatement':
    case 'BinaryExpression':
    case 'UnaryExpression':
    case 'TemplateLiteral':
    case 'TaggedTemplateExpression':
    case 'SwitchStatement':
    case 'SwitchCase':
      return use('read', parent);
    case 'LogicalExpression':
    case 'ConditionalExpression':
      // `x || fallback` used as a value can still hand the collection out.
      if (parent.type === 'ConditionalExpression' && parent.test === current) return use('read', parent);
      if (parent.type === 'LogicalExpression' && parent.left === current && parent.parent?.type !== 'VariableDeclarator' && parent.parent?.type !== 'ReturnStatement') return use('read', parent);
      return use('escape', parent);
    default:
      // Returned, aliased, put in an object or array, yielded: someone else may prune it.
      return use('escape', parent);
  }
}

/** Variables declared by a declarator (scope manager first; null without one). */
export function declaredVariable(scopeManager: ScopeManager | null, declarator: TSESTree.VariableDeclarator): Variable | null {
  if (!scopeManager || declarator.id.type !== 'Identifier') return null;
  return scopeManager.getDeclaredVariables(declarator).find((variable) => variable.name === (declarator.id as TSESTree.Identifier).name) ?? null;
}

/** Every variable a class declaration or named class expression declares (outer binding and inner class-scope binding). */
export function classVariables(scopeManager: ScopeManager | null, classNode: ClassNode): Variable[] {
  if (!scopeManager) return [];
  const variables = [...scopeManager.getDeclaredVariables(classNode)];
  const parent = classNode.parent;
  if (parent?.type === 'VariableDeclarator' && parent.init === classNode) variables.push(...scopeManager.getDeclaredVariables(parent));
  return variables;
}
