import { lifetimeModelOf } from '../lifetime/index.js';
import type { TSESTree } from '@typescript-eslint/utils';
import { classNameOf, enclosingClass, getCalleeName, getPropertyName, isClassNode, referencePath, unwrapExpression, type ClassNode } from '../ast/nodes.js';
import { resolveVariable } from '../ast/scope.js';
import type { Detector, DetectorSource } from '../ast/traverse.js';
import {
  collectionShapeOf,
  longLivedRootOf,
  thisContextOf,
  WEAK_COLLECTIONS,
  type LongLivedRoot,
  type ThisContext,
} from './long-lived-roots.js';
import { climbWrappers } from '../ast/nodes.js';

export interface RetainedBackReferenceOptions {
  /** Report objects holding `this` that are registered as listeners on long-lived targets. */
  checkListeners: boolean;
  /** Extra constructor names that hold their entries weakly (besides WeakMap, WeakSet, WeakRef, WeakRegistry, FinalizationRegistry). */
  weakCollections: readonly string[];
}

/** How the child holds `this`. */
export type BackReference =
  /** `new Player(this)`: the constructor keeps its argument (the property name is unknown here). */
  | { readonly kind: 'constructorArgument'; readonly argumentIndex: number; readonly property: null }
  /** `{ room: this }` or `player.room = this`. */
  | { readonly kind: 'property'; readonly argumentIndex: null; readonly property: string | null };

export type RetentionPath =
  /** Stored in a long-lived collection or field: `playersById.set(id, player)`, `Registry.all.push(player)`. */
  | 'stored'
  /** Registered as a listener/subscriber on a long-lived target: `bus.subscribe(player)`. */
  | 'listener';

export interface RetainedBackReferenceFinding {
  /** The `this` that should become a `WeakRef`. */
  readonly node: TSESTree.ThisExpression;
  readonly ownerClass: ClassNode;
  /** The class name for messages (null for an anonymous class). */
  readonly className: string | null;
  /** The method, field initializer or accessor the code is in. */
  readonly member: ThisContext['member'];
  /**
   * The object that holds `this`: the `new Player(…)` expression, the `{ room: this }`
   * literal, or the `player.room = this` assignment.
   */
  readonly child: TSESTree.NewExpression | TSESTree.ObjectExpression | TSESTree.AssignmentExpression;
  /** `Player` for `new Player(this)`; the variable name for a received object; null for a literal. */
  readonly childName: string | null;
  readonly backReference: BackReference;
  /** The long-lived root the child ends up in. */
  readonly root: LongLivedRoot;
  readonly retention: RetentionPath;
  /** The call or assignment that stores or registers the child. */
  readonly storage: TSESTree.CallExpression | TSESTree.AssignmentExpression;
}

const STORE_METHODS = new Set(['set', 'add', 'push', 'unshift', 'splice', 'register', 'put', 'append']);
const LISTENER_METHODS = new Set(['on', 'addListener', 'addEventListener', 'prependListener', 'subscribe']);
/** A class that removes from the root itself (on dispose/close) does not leave its children there. */
const REMOVAL_METHODS = new Set([
  'delete', 'clear', 'remove', 'splice', 'pop', 'shift', 'unregister', 'off', 'removeListener', 'removeEventListener',
  'removeAllListeners', 'unsubscribe', 'evict',
]);

interface Holder {
  readonly child: RetainedBackReferenceFinding['child'];
  readonly childName: string | null;
  readonly backReference: BackReference;
  /** Expressions whose value is the child, to follow to their storage. */
  readonly values: TSESTree.Node[];
}

/**
 * Finds class code that creates or receives an object holding `this` strongly
 * and stores it in a root the instance does not own (module-scope or imported
 * binding, static field, global) or registers it as a listener there. The
 * whole instance then lives as long as that root. Children kept only in the
 * instance's own fields form an owned cycle, which the engine collects.
 */
export function createRetainedBackReferenceDetector(
  source: DetectorSource,
  options: RetainedBackReferenceOptions,
): Detector<RetainedBackReferenceFinding> {
  const { scopeManager } = source;
  const weakNames = new Set([...WEAK_COLLECTIONS, ...options.weakCollections]);
  const thisNodes: TSESTree.ThisExpression[] = [];
  const removals: TSESTree.Node[] = [];

  return {
    visitors: {
      ThisExpression(node) {
        thisNodes.push(node);
      },
      CallExpression(node) {
        const name = getCalleeName(node);
        const callee = unwrapExpression(node.callee);
        if (name !== null && callee.type === 'MemberExpression' && REMOVAL_METHODS.has(name)) removals.push(callee.object);
      },
      UnaryExpression(node) {
        const argument = unwrapExpression(node.argument);
        if (node.operator === 'delete' && argument.type === 'MemberExpression') removals.push(argument.object);
      },
    },
    finish() {
      const findings: RetainedBackReferenceFinding[] = [];
      for (const thisNode of thisNodes) {
        const context = thisContextOf(thisNode);
        if (!context || context.isStatic) continue;
        const holder = holderOf(thisNode);
        if (!holder) continue;
        const stored = findStorage(holder.values);
        if (!stored || removesFrom(context.classNode, stored.root)) continue;
        findings.push({
          node: thisNode,
          ownerClass: context.classNode,
          className: classNameOf(context.classNode),
          member: context.member,
          child: holder.child,
          childName: holder.childName,
          backReference: holder.backReference,
          root: stored.root,
          retention: stored.retention,
          storage: stored.storage,
        });
      }
      // Test code, type tests and one-shot scripts end with their process.
      const model = lifetimeModelOf(source);
      return findings.filter((finding) => !model.isInertCode(finding.node)).sort((a, b) => a.node.range[0] - b.node.range[0]);
    },
  };

  /** The object that keeps `this`, when `this` is put into one. */
  function holderOf(thisNode: TSESTree.ThisExpression): Holder | null {
    const value = climbWrappers(thisNode);
    const parent = value.parent;
    if (!parent) return null;
    if (parent.type === 'NewExpression' && parent.arguments.includes(value as TSESTree.CallExpressionArgument)) {
      const childName = constructorName(parent);
      // `new WeakRef(this)` is the fix, not the problem.
      if (childName === null || weakNames.has(childName)) return null;
      return {
        child: parent,
        childName,
        backReference: { kind: 'constructorArgument', argumentIndex: parent.arguments.indexOf(value as TSESTree.CallExpressionArgument), property: null },
        values: [parent],
      };
    }
    if (parent.type === 'Property' && parent.value === value && !parent.shorthand && parent.parent?.type === 'ObjectExpression') {
      const literal = parent.parent;
      const property = getPropertyName(parent);
      const outer = climbWrappers(literal).parent;
      // `new Player({ room: this })`: the literal is the constructor's options.
      if (outer?.type === 'NewExpression' && outer.arguments.includes(climbWrappers(literal) as TSESTree.CallExpressionArgument)) {
        const childName = constructorName(outer);
        if (childName === null || weakNames.has(childName)) return null;
        return { child: outer, childName, backReference: { kind: 'property', argumentIndex: null, property }, values: [outer] };
      }
      return { child: literal, childName: null, backReference: { kind: 'property', argumentIndex: null, property }, values: [literal] };
    }
    if (parent.type === 'AssignmentExpression' && parent.right === value && parent.operator === '=') {
      const target = unwrapExpression(parent.left);
      if (target.type !== 'MemberExpression') return null;
      const object = unwrapExpression(target.object);
      if (object.type !== 'Identifier') return null;
      const variable = resolveVariable(scopeManager, object);
      // Only locals and parameters: a module-scope object is itself the root (`current.owner = this`).
      if (!variable || variable.scope.block.type === 'Program') return null;
      const definition = variable.defs[0];
      const init = definition?.type === 'Variable' && definition.node.type === 'VariableDeclarator' ? definition.node.init : null;
      const childName = init && unwrapExpression(init).type === 'NewExpression' ? constructorName(unwrapExpression(init) as TSESTree.NewExpression) : null;
      const values = variable.references.filter((reference) => reference.isRead() && reference.identifier !== object).map((reference) => reference.identifier);
      return {
        child: parent,
        childName: childName ?? object.name,
        backReference: { kind: 'property', argumentIndex: null, property: getPropertyName(target) },
        values,
      };
    }
    return null;
  }

  function findStorage(values: TSESTree.Node[], followVariables = true): { root: LongLivedRoot; retention: RetentionPath; storage: TSESTree.CallExpression | TSESTree.AssignmentExpression } | null {
    for (const start of values) {
      let value = climbWrappers(start);
      // `{ player: new Player(this) }`, `[new Player(this)]`: the container carries the child along.
      while (value.parent && ((value.parent.type === 'Property' && value.parent.value === value && value.parent.parent?.type === 'ObjectExpression') || value.parent.type === 'ArrayExpression')) {
        value = climbWrappers(value.parent.type === 'Property' ? value.parent.parent! : value.parent);
      }
      const parent = value.parent;
      if (!parent) continue;
      if (parent.type === 'CallExpression' && parent.arguments.includes(value as TSESTree.CallExpressionArgument)) {
        const callee = unwrapExpression(parent.callee);
        const method = callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
        if (method === null || callee.type !== 'MemberExpression') continue;
        const retention: RetentionPath | null = STORE_METHODS.has(method) ? 'stored' : LISTENER_METHODS.has(method) && options.checkListeners ? 'listener' : null;
        if (retention === null) continue;
        const root = longLivedRootOf(callee.object, scopeManager);
        if (root && !isWeakRoot(root)) return { root, retention, storage: parent };
        continue;
      }
      if (parent.type === 'AssignmentExpression' && parent.right === value) {
        const target = unwrapExpression(parent.left);
        const root = longLivedRootOf(target, scopeManager) ?? (target.type === 'MemberExpression' ? longLivedRootOf(target.object, scopeManager) : null);
        if (root && !isWeakRoot(root)) return { root, retention: 'stored', storage: parent };
        continue;
      }
      if (followVariables && parent.type === 'VariableDeclarator' && parent.init === value && parent.id.type === 'Identifier') {
        const variable = resolveVariable(scopeManager, parent.id);
        // A module-scope variable is a root itself, handled by the registry rule.
        if (!variable || variable.scope.block.type === 'Program') continue;
        const reads = variable.references.filter((reference) => reference.isRead()).map((reference) => reference.identifier);
        const found = findStorage(reads, false);
        if (found) return found;
      }
    }
    return null;
  }

  function isWeakRoot(root: LongLivedRoot): boolean {
    const node = unwrapExpression(root.node);
    if (root.kind === 'module' && node.type === 'Identifier') {
      const definition = root.variable?.defs[0];
      if (definition?.type === 'Variable' && definition.node.type === 'VariableDeclarator') {
        return collectionShapeOf(definition.node.init, null, weakNames) === 'weak';
      }
      return false;
    }
    if (root.kind === 'static' && node.type === 'MemberExpression') {
      const field = getPropertyName(node);
      const object = unwrapExpression(node.object);
      let classNode: TSESTree.Node | null | undefined = null;
      if (object.type === 'ThisExpression') classNode = thisContextOf(object)?.classNode;
      else if (object.type === 'Identifier') {
        const definition = resolveVariable(scopeManager, object)?.defs[0];
        classNode = definition?.type === 'ClassName' ? definition.node : definition?.type === 'Variable' && definition.node.type === 'VariableDeclarator' ? definition.node.init : null;
      }
      if (!isClassNode(classNode)) return false;
      for (const member of classNode.body.body) {
        if (member.type === 'PropertyDefinition' && member.static && getPropertyName(member) === field) {
          return collectionShapeOf(member.value, null, weakNames) === 'weak';
        }
      }
    }
    return false;
  }

  /** True when the class itself removes from the root (`playersById.delete(id)` in `dispose()`). */
  function removesFrom(classNode: ClassNode, root: LongLivedRoot): boolean {
    const rootPath = referencePath(root.node);
    return removals.some((object) => {
      if (enclosingClass(object) !== classNode) return false;
      const path = referencePath(object);
      return path !== null && (path === rootPath || path === root.name);
    });
  }
}

function constructorName(node: TSESTree.NewExpression): string | null {
  const callee = unwrapExpression(node.callee);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') return getPropertyName(callee);
  return null;
}
