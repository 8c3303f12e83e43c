import { inInitOnceBlock, lifetimeModelOf } from '../lifetime/index.js';
import type { TSESTree } from '@typescript-eslint/utils';
import { classNameOf, enclosingFunction, getFunctionName, getPropertyName, isClassNode, referencePath, unwrapExpression, type ClassNode, type FunctionNode } from '../ast/nodes.js';
import { resolveVariable } from '../ast/scope.js';
import { forEachNode } from '../ast/walk.js';
import type { Detector, DetectorSource } from '../ast/traverse.js';
import {
  classifyCollectionUse,
  classVariables,
  collectionShapeOf,
  DEFAULT_REMOVAL_METHODS,
  declaredVariable,
  isExportedDeclarator,
  thisContextOf,
  WEAK_COLLECTIONS,
  type CollectionShape,
  type CollectionUse,
  type CollectionUseKind,
} from './long-lived-roots.js';

export interface UnprunedRegistryOptions {
  /** Also report collections exported for other modules to manage. */
  checkExported: boolean;
  /** Report arrays (`push`/`unshift`), not only Maps, Sets and dictionaries. */
  checkArrays: boolean;
  /** Report instance fields of every class, not only of singletons (classes instantiated once at module load). */
  checkAllInstanceFields: boolean;
  /** Extra constructor names that hold entries weakly (besides WeakMap, WeakSet, WeakRef, WeakRegistry, FinalizationRegistry). */
  weakCollections: readonly string[];
  /** Extra method names that remove entries (besides delete, clear, pop, shift, splice, remove, evict, prune). */
  removalMethods: readonly string[];
}

/** Where the collection lives. */
export type RegistryOwner = 'module' | 'static' | 'instance';

export interface RegistryGrowthSite {
  /** The `set`/`add`/`push` call or the `dict[key] = value` assignment. */
  readonly node: TSESTree.Node;
  readonly method: string | null;
  /** The function the entry is added in (null at top level). */
  readonly function: FunctionNode | null;
  /** Its name (`register`), null for an anonymous callback. */
  readonly functionName: string | null;
}

export interface UnprunedRegistryFinding {
  /** Where to report: the binding or the field key. */
  readonly node: TSESTree.Node;
  /** The variable declarator, the class property, or the `this.x = new Map()` assignment in a constructor. */
  readonly declaration: TSESTree.VariableDeclarator | TSESTree.PropertyDefinition | TSESTree.AssignmentExpression;
  /** The collection as code names it: `sessions`, `Room.all`, `this.rooms`. */
  readonly name: string;
  readonly owner: RegistryOwner;
  /** The class holding a static or instance field. */
  readonly ownerClass: ClassNode | null;
  /** Kind, constructor and the key/value type annotation nodes when present. */
  readonly collection: CollectionShape;
  /** The expression that creates the collection. */
  readonly initializer: TSESTree.Expression;
  /** Every place that adds entries at run time, in source order. */
  readonly growthSites: readonly RegistryGrowthSite[];
  /**
   * Every other use (reads, iteration, `.size`, serialisation, exports, growth at load
   * time): what decides whether `Map` → `WeakMap` keeps the code working.
   */
  readonly uses: readonly CollectionUse[];
  /** True when no use needs the strong collection's extra abilities (iteration, size, serialisation, export). */
  readonly weakConversionSafe: boolean;
}

interface Candidate {
  readonly node: TSESTree.Node;
  readonly declaration: UnprunedRegistryFinding['declaration'];
  readonly name: string;
  readonly owner: RegistryOwner;
  readonly ownerClass: ClassNode | null;
  readonly collection: CollectionShape;
  readonly initializer: TSESTree.Expression;
  /** Field name for static and instance fields. */
  readonly field: string | null;
}

/** Uses that mean some code may remove entries, so the collection is not known to grow forever. */
const POSSIBLE_REMOVALS = new Set<CollectionUseKind>(['removal', 'reassignment', 'handoff', 'escape']);
const WEAK_BLOCKERS = new Set<CollectionUseKind>(['iteration', 'size', 'serialization', 'export', 'handoff', 'escape']);

/**
 * Finds long-lived collections — module-scope bindings, static fields, fields
 * of singleton classes — that gain entries at run time and are never pruned.
 * Every reference is followed through scope analysis; any use that might
 * remove entries (a removal method, reassignment, handing the collection to
 * other code) clears the collection, so findings are collections this module
 * alone could prune and never does.
 */
export function createUnprunedRegistryDetector(source: DetectorSource, options: UnprunedRegistryOptions): Detector<UnprunedRegistryFinding> {
  const { scopeManager } = source;
  const model = lifetimeModelOf(source);
  const weakNames = new Set([...WEAK_COLLECTIONS, ...options.weakCollections]);
  const removalMethods = new Set([...DEFAULT_REMOVAL_METHODS, ...options.removalMethods]);
  const candidates: Candidate[] = [];
  const thisMembers: TSESTree.MemberExpression[] = [];
  const constructions: TSESTree.NewExpression[] = [];

  function addFieldCandidate(
    classNode: ClassNode,
    isStatic: boolean,
    field: string,
    node: TSESTree.Node,
    declaration: Candidate['declaration'],
    init: TSESTree.Expression,
    declaredType: TSESTree.TypeNode | null,
  ): void {
    const shape = collectionShapeOf(init, declaredType, weakNames);
    if (shape === null || shape === 'weak') return;
    const className = classNameOf(classNode);
    candidates.push({
      node,
      declaration,
      name: isStatic ? `${className ?? 'this'}.${field}` : `this.${field}`,
      owner: isStatic ? 'static' : 'instance',
      ownerClass: classNode,
      collection: shape,
      initializer: init,
      field,
    });
  }

  return {
    visitors: {
      VariableDeclarator(node) {
        const declaration = node.parent;
        const container = declaration?.parent;
        if (!container || !(container.type === 'Program' || (container.type === 'ExportNamedDeclaration' && container.parent?.type === 'Program'))) return;
        if (node.id.type !== 'Identifier' || !node.init) return;
        const shape = collectionShapeOf(node.init, node.id.typeAnnotation?.typeAnnotation ?? null, weakNames);
        if (shape === null || shape === 'weak') return;
        candidates.push({ node: node.id, declaration: node, name: node.id.name, owner: 'module', ownerClass: null, collection: shape, initializer: node.init, field: null });
      },
      PropertyDefinition(node) {
        if (!node.value || !isClassNode(node.parent?.parent)) return;
        const field = getPropertyName(node);
        if (field === null) return;
        addFieldCandidate(node.parent.parent, node.static, field, node.key, node, node.value, node.typeAnnotation?.typeAnnotation ?? null);
      },
      AssignmentExpression(node) {
        // `this.rooms = new Map()` in the constructor declares an instance field in plain JS.
        if (node.operator !== '=' || node.left.type !== 'MemberExpression' || node.left.object.type !== 'ThisExpression') return;
        const context = thisContextOf(node);
        if (!context || context.isStatic || context.member.type !== 'MethodDefinition' || context.member.kind !== 'constructor') return;
        const field = getPropertyName(node.left);
        if (field === null) return;
        const declaredType = fieldTypeAnnotation(context.classNode, field);
        addFieldCandidate(context.classNode, false, field, node.left, node, node.right, declaredType);
      },
      MemberExpression(node) {
        if (node.object.type === 'ThisExpression') thisMembers.push(node);
      },
      NewExpression(node) {
        constructions.push(node);
      },
    },
    finish() {
      const findings: UnprunedRegistryFinding[] = [];
      const longLivedClasses = options.checkAllInstanceFields ? null : findSingletonClasses();
      const seenFields = new Set<string>();
      for (const candidate of candidates) {
        if (candidate.collection.kind === 'array' && !options.checkArrays) continue;
        if (candidate.owner === 'instance') {
          if (longLivedClasses && !longLivedClasses.has(candidate.ownerClass!)) continue;
          // A field declared and also assigned in the constructor is one collection.
          const key = `${candidate.ownerClass!.range[0]}:${candidate.field}`;
          if (seenFields.has(key)) continue;
          seenFields.add(key);
        }
        const direct = referencesOf(candidate);
        if (direct === null) continue;
        const references = withAliases(direct);
        if (candidate.owner === 'module' && isExportedDeclarator(candidate.declaration as TSESTree.VariableDeclarator) && !options.checkExported) continue;
        // `cache[id] = null` keeps the key: for a registry keyed by ids it is neither growth nor a removal.
        const uses = references.map((reference) => classifyCollectionUse(reference, candidate.collection.kind, { removalMethods })).map((use) => (use.kind === 'growth' && assignsNothing(use.site) ? { ...use, kind: 'read' as const } : use));
        if (uses.some((use) => POSSIBLE_REMOVALS.has(use.kind))) continue;
        if (!options.checkExported && uses.some((use) => use.kind === 'export')) continue;
        // `{}` read as `config.name` is a record with a known shape, not a dictionary.
        if (candidate.collection.kind === 'dictionary' && uses.some((use) => use.kind === 'namedProperty')) continue;
        const runtimeGrowth = uses.filter((use) => use.kind === 'growth' && growsAtRunTime(candidate, use));
        if (runtimeGrowth.length === 0) continue;
        // `handlers.set('GET', fn)` everywhere: the keys are fixed, so the collection is bounded.
        if (runtimeGrowth.every((use) => use.constantKey)) continue;
        // A warn-once set (`if (!warned.has(m)) { warned.add(m); console.warn(m) }`) holds one entry per message.
        if ((candidate.collection.kind === 'Set' || candidate.collection.kind === 'array') && runtimeGrowth.every((use) => isWarnOnce(use.site))) continue;
        // `cache.set(pattern, new RegExp(pattern))`, `cache.set(file, readFileSync(file))`: one entry per
        // pattern or file the code itself names, not per request.
        if (runtimeGrowth.every((use) => isDerivedFromCode(use.site))) continue;
        const growthSites = runtimeGrowth.map((use): RegistryGrowthSite => {
          const fn = enclosingFunction(use.site);
          return { node: use.site, method: use.method, function: fn, functionName: fn ? getFunctionName(fn) : null };
        });
        const otherUses = uses.filter((use) => !runtimeGrowth.includes(use));
        findings.push({
          node: candidate.node,
          declaration: candidate.declaration,
          name: candidate.name,
          owner: candidate.owner,
          ownerClass: candidate.ownerClass,
          collection: candidate.collection,
          initializer: candidate.initializer,
          growthSites,
          uses: otherUses,
          weakConversionSafe: candidate.collection.kind !== 'array' && !otherUses.some((use) => WEAK_BLOCKERS.has(use.kind)),
        });
      }
      return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
    },
  };

  function growsAtRunTime(candidate: Candidate, use: CollectionUse): boolean {
    // `if (!this.populated) { for (…) registry.set(…); this.populated = true }`: filled once per owner.
    if (inInitOnceBlock(use.site)) return false;
    if (candidate.owner === 'instance') {
      const context = thisContextOf(use.node);
      return context !== null && !context.isConstruction;
    }
    return !model.runsOnce(use.site) && !model.isInertCode(use.site);
  }

  /** `const charts = this._charts; charts.set(k, v)`: a `const` alias stands for the collection itself. */
  function withAliases(references: TSESTree.Node[]): TSESTree.Node[] {
    const result: TSESTree.Node[] = [];
    for (const reference of references) {
      const parent = reference.parent;
      if (parent?.type === 'VariableDeclarator' && parent.init === reference && parent.id.type === 'Identifier' && parent.parent?.type === 'VariableDeclaration' && parent.parent.kind === 'const') {
        const alias = declaredVariable(scopeManager, parent);
        if (alias) {
          for (const use of alias.references) if (use.identifier !== parent.id) result.push(use.identifier);
          continue;
        }
      }
      result.push(reference);
    }
    return result;
  }

  /** Every expression that denotes the candidate's collection, apart from its declaration; null when they cannot be known. */
  function referencesOf(candidate: Candidate): TSESTree.Node[] | null {
    if (candidate.owner === 'module') {
      const declarator = candidate.declaration as TSESTree.VariableDeclarator;
      const variable = declaredVariable(scopeManager, declarator);
      if (!variable) return null;
      return variable.references.filter((reference) => reference.identifier !== declarator.id).map((reference) => reference.identifier);
    }
    const classNode = candidate.ownerClass!;
    const references: TSESTree.Node[] = [];
    for (const member of thisMembers) {
      if (member === candidate.node) continue;
      const context = thisContextOf(member.object);
      if (context?.classNode !== classNode) continue;
      if (getPropertyName(member) === candidate.field && context.isStatic === (candidate.owner === 'static')) {
        // Re-creating an instance field in the constructor initialises it; it prunes nothing.
        if (candidate.owner === 'instance' && context.isConstruction && isAssignmentTarget(member)) continue;
        references.push(member);
      } else if (candidate.owner === 'static' && !context.isStatic && isThisConstructorMember(member) && getPropertyName(member.parent as TSESTree.MemberExpression) === candidate.field) {
        // `this.constructor.cache` reaches a static field from an instance.
        references.push(member.parent as TSESTree.Node);
      }
    }
    if (candidate.owner === 'static') {
      for (const variable of classVariables(scopeManager, classNode)) {
        for (const reference of variable.references) {
          const parent = reference.identifier.parent;
          if (parent?.type === 'MemberExpression' && parent.object === reference.identifier && getPropertyName(parent) === candidate.field) {
            references.push(parent);
          }
        }
      }
    }
    return references;
  }

  /** Classes instantiated so that the instance lives as long as the module: `export default new Store()`, `static instance = new Store()`. */
  function findSingletonClasses(): Set<ClassNode> {
    const result = new Set<ClassNode>();
    for (const construction of constructions) {
      const callee = unwrapExpression(construction.callee);
      if (callee.type !== 'Identifier') continue;
      const definition = resolveVariable(scopeManager, callee)?.defs[0];
      let classNode: TSESTree.Node | null | undefined = null;
      if (definition?.type === 'ClassName') classNode = definition.node;
      else if (definition?.type === 'Variable' && definition.node.type === 'VariableDeclarator') classNode = definition.node.init;
      if (!isClassNode(classNode) || !isHeldForever(construction)) continue;
      result.add(classNode);
    }
    return result;
  }

  function isHeldForever(construction: TSESTree.NewExpression): boolean {
    const parent = construction.parent;
    if (!parent) return false;
    if (parent.type === 'ExportDefaultDeclaration') return true;
    if (parent.type === 'VariableDeclarator' && parent.init === construction) {
      const container = parent.parent?.parent;
      return container?.type === 'Program' || (container?.type === 'ExportNamedDeclaration' && container.parent?.type === 'Program');
    }
    if (parent.type === 'PropertyDefinition' && parent.value === construction) return parent.static;
    if (parent.type === 'AssignmentExpression' && parent.right === construction) {
      const target = unwrapExpression(parent.left);
      const path = referencePath(target);
      if (path === 'module.exports' || path?.startsWith('exports.')) return true;
      if (target.type === 'Identifier') {
        const variable = resolveVariable(scopeManager, target);
        return variable !== null && variable.scope.block.type === 'Program';
      }
      // `Store.instance ??= new Store()`, `this.instance = new Store()` in a static method.
      if (target.type === 'MemberExpression') {
        const object = unwrapExpression(target.object);
        if (object.type === 'ThisExpression') return thisContextOf(object)?.isStatic === true;
        if (object.type === 'Identifier') {
          const definition = resolveVariable(scopeManager, object)?.defs[0];
          return definition?.type === 'ClassName';
        }
      }
    }
    return false;
  }
}

/** `x[k] = null` / `x[k] = undefined` / `x[k] = void 0`. */
function assignsNothing(site: TSESTree.Node): boolean {
  if (site.type !== 'AssignmentExpression') return false;
  const value = unwrapExpression(site.right);
  return (value.type === 'Literal' && value.value === null) || (value.type === 'Identifier' && value.name === 'undefined') || (value.type === 'UnaryExpression' && value.operator === 'void');
}

function isAssignmentTarget(node: TSESTree.Node): boolean {
  return node.parent?.type === 'AssignmentExpression' && node.parent.left === node;
}

function isThisConstructorMember(member: TSESTree.MemberExpression): boolean {
  const parent = member.parent;
  return getPropertyName(member) === 'constructor' && parent?.type === 'MemberExpression' && parent.object === member;
}

/** `private rooms: Map<string, Room>;` declared without a value and assigned in the constructor. */
function fieldTypeAnnotation(classNode: ClassNode, field: string): TSESTree.TypeNode | null {
  for (const member of classNode.body.body) {
    if (member.type === 'PropertyDefinition' && !member.static && getPropertyName(member) === field) return member.typeAnnotation?.typeAnnotation ?? null;
  }
  return null;
}

const WARNING_CALL = /^(?:console\.(?:warn|error|info|log)|process\.emitWarning|\w+\.(?:warn|warning|deprecate|notice))$/;

/** A growth site inside a function that dedupes warnings: the set is bounded by the distinct messages. */
function isWarnOnce(site: TSESTree.Node): boolean {
  const fn = enclosingFunction(site);
  if (!fn) return false;
  const name = getFunctionName(fn) ?? '';
  if (/warn|deprecat|notice|once/i.test(name)) return true;
  let warns = false;
  forEachNode(fn.body, (node) => {
    if (node.type !== 'CallExpression') return;
    const path = referencePath(node.callee);
    if (path !== null && WARNING_CALL.test(path)) warns = true;
  });
  return warns;
}

/** Values compiled or read from what the program itself contains: patterns, templates, files, modules. */
const CODE_DERIVED = /^(?:RegExp|readFileSync|readFile|require|import|createRequire|compile\w*|parse(?:Pattern|Template|Glob)?|new Function|Function|picomatch|minimatch|micromatch|globToRegExp|pathToRegexp|match|resolve|normalize|realpathSync|fileURLToPath|Intl\.\w+)$/;

function isDerivedFromCode(site: TSESTree.Node): boolean {
  if (site.type !== 'CallExpression') return false;
  const value = site.arguments[1];
  if (!value || value.type === 'SpreadElement') return false;
  let current = unwrapExpression(value);
  // `cache.set(key, regex)` where `regex = new RegExp(…)` a few lines up.
  if (current.type === 'Identifier') {
    const name = current.name;
    const fn = enclosingFunction(site);
    let init: TSESTree.Node | null = null;
    if (fn) {
      forEachNode(fn.body, (node) => {
        if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.id.name === name && node.init) init = node.init;
        if (node.type === 'AssignmentExpression' && node.left.type === 'Identifier' && node.left.name === name) init = node.right;
      });
    }
    if (!init) return false;
    current = unwrapExpression(init);
  }
  if (current.type === 'AwaitExpression') current = unwrapExpression(current.argument);
  if (current.type !== 'CallExpression' && current.type !== 'NewExpression') return false;
  const path = referencePath(current.callee);
  if (path === null) return false;
  const last = path.slice(path.lastIndexOf('.') + 1);
  return CODE_DERIVED.test(last) || CODE_DERIVED.test(path) || /^(?:fs|path|url)\./.test(path);
}
