import type { TSESTree } from '@typescript-eslint/utils';
import { Node, ts, type SourceFile, type Type } from 'ts-morph';
import { getPropertyName, isClassNode, unwrapExpression } from '../../src/ast/nodes.js';
import { holdingOfStoredValue, isCacheLike } from '../../src/lifetime/holders.js';
import { walk } from '../../src/ast/traverse.js';
import { positionAt } from '../../src/codemod/edits.js';
import type { ParsedFile } from '../../src/codemod/types.js';
import type { UnprunedRegistryFinding } from '../../src/detectors/unpruned-registries.js';
import type { CollectionUse } from '../../src/detectors/long-lived-roots.js';
import { ChangeBuilder, refuse, type Outcome } from './change-set.js';
import { exactNode, indentUnit, insertAtBlockStart, isStablePath, isThisRooted, lineIndent, mentionsThis, sourceText } from './text.js';

/** What the registry analysis needs from the run. */
export interface RegistryContext {
  readonly file: ParsedFile;
  readonly sourceFile: SourceFile;
  /** The local name the file uses for a runtime export (after the import the fix adds). */
  runtimeLocal(name: string): string;
  /** `src/app.ts:12` for messages. */
  describe(node: Node): string;
  /** What `findReferencesAsNodes()` gives for `node`, searched only where it can be named (see ReferenceFinder). */
  references(node: Node): Node[];
}

/** Methods of a Map/Set that a WeakMap/WeakSet also has. */
const WEAK_COLLECTION_METHODS = new Set(['get', 'has', 'set', 'add', 'delete']);
/** Methods of a Map that `WeakRegistry` also has. */
const REGISTRY_METHODS = new Set(['get', 'has', 'set', 'delete', 'clear', 'forEach', 'keys', 'values', 'entries']);
/** Iterating calls a `WeakRegistry` (an iterable of `[key, value]`) still serves. */
const REGISTRY_ITERATIONS = new Set(['forEach', 'keys', 'values', 'entries', 'Array.from']);
const CLOSE_METHODS = ['close', 'dispose', 'destroy'];
const RESOURCE_METHODS = ['close', 'destroy', 'dispose', 'terminate'];

/**
 * Decides and builds the fix for one never-pruned registry (see the decision
 * table in docs/codemods/weak-registry.md):
 * 1. values (Set members) that are owned resources → prune in their close path;
 * 2. object keys, never iterated or sized → WeakMap / WeakSet;
 * 3. object values, every use supported → WeakRegistry;
 * 4. anything else → manual review with the reason.
 */
export function analyzeRegistry(finding: UnprunedRegistryFinding, cx: RegistryContext): Outcome {
  const { file, sourceFile } = cx;
  const path = file.path;
  // Notes point where no-unpruned-registry reports: the first place entries go in.
  const at = (finding.growthSites[0]?.node ?? finding.node).range[0];
  const name = finding.name;
  const kind = finding.collection.kind;
  if (kind === 'array') return refuse(path, at, `'${name}' is an array that only grows: weak collections cannot replace it; remove entries when they are done, or keep them in a Map/Set keyed by their owner`);
  if (kind === 'dictionary') return refuse(path, at, `'${name}' is a plain-object dictionary that only grows: make it a Map (then re-run) or delete entries when they are done`);

  const declared = exactNode(sourceFile, nameRange(finding.node));
  if (!declared) return refuse(path, at, `cannot locate '${name}' in the TypeScript project`);
  const collectionType = declared.getType();
  const symbolName = collectionType.getSymbol()?.getName();
  if (symbolName !== kind) return refuse(path, at, `'${name}' is typed ${collectionType.getText(declared)}, not a ${kind}: change its type by hand`);
  const [keyType, valueType] = collectionType.getTypeArguments();
  if (!keyType || (kind === 'Map' && !valueType)) return refuse(path, at, `cannot tell the entry types of '${name}'`);
  const memberType = kind === 'Set' ? keyType : valueType!;
  if (isUnknownType(keyType) || isUnknownType(memberType)) {
    return refuse(path, at, `cannot tell the entry types of '${name}' (${collectionType.getText(declared)}): annotate it (e.g. new Map<string, Session>()) and re-run, or prune it by hand`);
  }

  // 1. Owned resources stay registered until closed: pruning is the fix, not weakness.
  const resource = resourceInfo(memberType, declared);
  if (resource) return prune(finding, cx, resource, memberType.getText(declared));

  const initializer = unwrapExpression(finding.initializer);
  if (initializer.type !== 'NewExpression' || initializer.callee.type !== 'Identifier' || initializer.callee.name !== kind) {
    return refuse(path, at, `'${name}' is not created with \`new ${kind}(…)\`: convert it by hand`);
  }
  const annotation = annotationOf(finding);
  if (annotation === 'unsupported') return refuse(path, at, `'${name}' is declared with a type other than ${kind}<…>: change its type by hand`);
  const external = externalUses(finding, cx);

  // 2. Object keys, only looked up: the entries can go with their keys.
  if (isObjectType(keyType) && finding.weakConversionSafe && finding.uses.every((use) => isWeakCollectionUse(use)) && external.every((use) => use.weakSafe)) {
    const weakName = kind === 'Map' ? 'WeakMap' : 'WeakSet';
    const change = new ChangeBuilder().replace(path, initializer.callee.range[0], initializer.callee.range[1], weakName);
    if (annotation) change.replace(path, annotation.range[0], annotation.range[1], weakName);
    return { kind: 'fix', change: change.build(`'${name}' → ${weakName}`, { path, offset: at }) };
  }

  // 3. Object values: held weakly by WeakRegistry, as long as every use is one it supports.
  if (kind === 'Set') return refuse(path, at, `'${name}' is a Set of ${keyType.getText(declared)} that ${isObjectType(keyType) ? `is ${blockerOf(finding.uses) ?? 'used in other files'}` : 'holds primitives'}: a WeakSet cannot replace it; delete members when they are done`);
  if (!isObjectType(memberType)) return refuse(path, at, `'${name}' holds ${memberType.getText(declared)} values, which cannot be held weakly: delete entries when they are done (or evict past a size limit)`);
  if (initializer.arguments.length > 0) return refuse(path, at, `'${name}' is created with initial entries: WeakRegistry takes none; convert it by hand`);
  for (const use of finding.uses) {
    const reason = registryBlocker(use);
    if (reason) return refuse(path, at, `'${name}' cannot become a WeakRegistry: it is ${reason} (line ${use.site.loc.start.line}); prune it by hand`);
  }
  const blockedExternal = external.find((use) => !use.registrySafe);
  if (blockedExternal) return refuse(path, at, `'${name}' cannot become a WeakRegistry: it is used at ${blockedExternal.where}; prune it by hand`);
  const kept = keptElsewhere(finding, cx.file);
  if (kept) return refuse(path, at, kept);
  const local = cx.runtimeLocal('WeakRegistry');
  const change = new ChangeBuilder().useRuntime(path, 'WeakRegistry').replace(path, initializer.callee.range[0], initializer.callee.range[1], local);
  if (annotation) change.replace(path, annotation.range[0], annotation.range[1], local);
  for (const use of finding.uses) {
    if (use.kind !== 'size' || use.site.type !== 'MemberExpression') continue;
    const property = use.site.property;
    change.replace(path, property.range[0], property.range[1], 'sizeUpperBound');
    change.note(path, property.range[0], `'${name}.size' became sizeUpperBound: it also counts entries whose values were collected but not yet pruned; check what reads it`);
  }
  return { kind: 'fix', change: change.build(`'${name}' → WeakRegistry`, { path, offset: at }) };
}

interface Resource {
  /** `once` or `on`, when the type declares a `'close'` event. */
  readonly closeEvent: string | null;
}

/** A value that must stay registered until it is closed: a `'close'` event, or a close()/destroy()/dispose() method. */
function resourceInfo(type: Type, at: Node): Resource | null {
  if (!isObjectType(type)) return null;
  let closeEvent: string | null = null;
  for (const method of ['once', 'on']) {
    const signatures = type.getProperty(method)?.getTypeAtLocation(at).getCallSignatures() ?? [];
    if (signatures.some((signature) => acceptsLiteral(signature.getParameters()[0]?.getTypeAtLocation(at), 'close'))) {
      closeEvent = method;
      break;
    }
  }
  const closable = RESOURCE_METHODS.some((method) => (type.getProperty(method)?.getTypeAtLocation(at).getCallSignatures().length ?? 0) > 0);
  return closeEvent !== null || closable ? { closeEvent } : null;
}

function acceptsLiteral(type: Type | undefined, literal: string): boolean {
  if (!type) return false;
  if (type.isUnion()) return type.getUnionTypes().some((member) => acceptsLiteral(member, literal));
  return type.isStringLiteral() && type.getLiteralValue() === literal;
}

/** The prune fix: a `delete` of the entry in the value's close path, for every growth site, or nothing. */
function prune(finding: UnprunedRegistryFinding, cx: RegistryContext, resource: Resource, typeText: string): Outcome {
  const { file } = cx;
  const { text, path } = file;
  const semicolon = file.style.semicolons ? ';' : '';
  const quote = file.style.quote;
  const change = new ChangeBuilder();
  const fail = (site: TSESTree.Node, why: string): Outcome =>
    refuse(path, finding.node.range[0], `'${finding.name}' holds ${typeText} values that must stay alive until closed, so weak references are wrong here; ${why} (line ${site.loc.start.line}): delete the entry where the value closes`);
  for (const growth of finding.growthSites) {
    const site = growth.node;
    if (site.type !== 'CallExpression' || site.callee.type !== 'MemberExpression') return fail(site, 'it grows in an unsupported way');
    const registry = sourceText(text, unwrapExpression(site.callee.object));
    const isMap = finding.collection.kind === 'Map';
    const keyNode = isMap ? site.arguments[0] : undefined;
    const valueNode = isMap ? site.arguments[1] : site.arguments[0];
    if (!valueNode || (isMap && !keyNode)) return fail(site, 'the entry is not passed directly');
    const value = unwrapExpression(valueNode as TSESTree.Expression);
    if ((value.type !== 'Identifier' && value.type !== 'ThisExpression') || (keyNode && !isStablePath(unwrapExpression(keyNode as TSESTree.Expression)))) {
      return fail(site, 'the key or value is computed in place, so the close path cannot name it again');
    }
    const valueText = sourceText(text, value);
    const keyText = keyNode ? sourceText(text, unwrapExpression(keyNode as TSESTree.Expression)) : '';
    // The guard keeps a newer entry that overwrote the key: only this value's entry goes.
    const statement = isMap ? `if (${registry}.get(${keyText}) === ${valueText}) ${registry}.delete(${keyText})${semicolon}` : `${registry}.delete(${valueText})${semicolon}`;
    const usesThis = mentionsThis(unwrapExpression(site.callee.object)) || value.type === 'ThisExpression' || (keyNode !== undefined && mentionsThis(unwrapExpression(keyNode as TSESTree.Expression)));

    // a. An existing `value.on('close', () => { … })` next to the registration.
    const handler = value.type === 'Identifier' && growth.function ? findCloseHandler(growth.function, value.name, usesThis) : null;
    if (handler) {
      if (!blockMentions(text, handler, `${registry}.delete(`)) change.replace(path, ...editRange(insertAtBlockStart(text, handler, statement)));
      continue;
    }
    // b. The registered object is the owner (`registry.set(this.id, this)`) and has close()/dispose()/destroy().
    if (value.type === 'ThisExpression' && (!keyNode || isThisRooted(unwrapExpression(keyNode as TSESTree.Expression)))) {
      const method = closeMethodOf(site);
      if (method) {
        change.replace(path, ...editRange(insertAtBlockStart(text, method, statement)));
        continue;
      }
    }
    // c. The value's type declares a 'close' event: subscribe once, right after the registration.
    if (resource.closeEvent && value.type === 'Identifier' && site.parent?.type === 'ExpressionStatement') {
      const statementNode = site.parent;
      const handlerBody = isMap ? `{ ${statement} }` : `${registry}.delete(${valueText})`;
      const indent = lineIndent(text, statementNode.range[0]);
      change.insert(path, statementNode.range[1], `\n${indent}${valueText}.${resource.closeEvent}(${quote}close${quote}, () => ${handlerBody})${semicolon}`);
      continue;
    }
    return fail(site, 'no close handler or close()/dispose() method found');
  }
  return { kind: 'fix', change: change.build(`'${finding.name}' pruned on close`, { path, offset: finding.node.range[0] }) };
}

function editRange(edit: { start: number; end: number; text: string }): [number, number, string] {
  return [edit.start, edit.end, edit.text];
}

function blockMentions(text: string, block: TSESTree.BlockStatement, needle: string): boolean {
  return text.slice(block.range[0], block.range[1]).includes(needle);
}

/** `socket.on('close', () => { … })` (or `once`, `addEventListener`, `addListener`) on `name` inside `fn`; its block body. */
function findCloseHandler(fn: TSESTree.Node, name: string, needsLexicalThis: boolean): TSESTree.BlockStatement | null {
  let found: TSESTree.BlockStatement | null = null;
  const body = 'body' in fn ? (fn.body as TSESTree.Node) : fn;
  walk(body as unknown as TSESTree.Program, {
    CallExpression(node) {
      if (found || node.callee.type !== 'MemberExpression') return;
      const object = unwrapExpression(node.callee.object);
      const method = getPropertyName(node.callee);
      if (object.type !== 'Identifier' || object.name !== name || !['on', 'once', 'addEventListener', 'addListener'].includes(method ?? '')) return;
      const [event, callback] = node.arguments;
      if (event?.type !== 'Literal' || event.value !== 'close' || !callback) return;
      if (callback.type !== 'ArrowFunctionExpression' && callback.type !== 'FunctionExpression') return;
      if (callback.body.type !== 'BlockStatement') return;
      // A `function` handler has its own `this`: `this.sessions.delete(…)` would miss.
      if (callback.type === 'FunctionExpression' && needsLexicalThis) return;
      found = callback.body;
    },
  });
  return found;
}

/** The close()/dispose()/destroy() method body of the class the growth site is in. */
function closeMethodOf(site: TSESTree.Node): TSESTree.BlockStatement | null {
  let current: TSESTree.Node | undefined = site.parent;
  while (current && !isClassNode(current)) current = current.parent;
  if (!current || !isClassNode(current)) return null;
  for (const name of CLOSE_METHODS) {
    for (const member of current.body.body) {
      if (member.type === 'MethodDefinition' && !member.static && member.kind === 'method' && getPropertyName(member) === name && member.value.body) return member.value.body;
    }
  }
  return null;
}

/** The `Map<…>`/`Set<…>` name in the declared type, null when there is no annotation. */
function annotationOf(finding: UnprunedRegistryFinding): TSESTree.Identifier | null | 'unsupported' {
  const declaration = finding.declaration;
  let typeNode: TSESTree.TypeNode | null | undefined = null;
  if (declaration.type === 'VariableDeclarator') typeNode = declaration.id.typeAnnotation?.typeAnnotation;
  else if (declaration.type === 'PropertyDefinition') typeNode = declaration.typeAnnotation?.typeAnnotation;
  else if (finding.ownerClass) {
    const field = getPropertyName(declaration.left as TSESTree.MemberExpression);
    for (const member of finding.ownerClass.body.body) {
      if (member.type === 'PropertyDefinition' && !member.static && getPropertyName(member) === field) typeNode = member.typeAnnotation?.typeAnnotation;
    }
  }
  if (!typeNode) return null;
  if (typeNode.type === 'TSTypeReference' && typeNode.typeName.type === 'Identifier' && typeNode.typeName.name === finding.collection.kind) return typeNode.typeName;
  return 'unsupported';
}

interface ExternalUse {
  readonly where: string;
  readonly weakSafe: boolean;
  readonly registrySafe: boolean;
}

/**
 * Uses of a class-field registry the file's detector cannot see (`store.rooms`
 * from another module, found with the language service). Module-scope
 * registries are never exported (or the detector would not report them).
 */
function externalUses(finding: UnprunedRegistryFinding, cx: RegistryContext): ExternalUse[] {
  if (finding.owner === 'module') return [];
  const nameNode = exactNode(cx.sourceFile, nameRange(finding.node));
  const target = nameNode && Node.isPropertyAccessExpression(nameNode) ? nameNode.getNameNode() : nameNode;
  if (!target || !Node.isReferenceFindable(target)) return [];
  const known = [finding.node, finding.declaration, ...finding.uses.map((use) => use.site), ...finding.growthSites.map((site) => site.node)];
  const result: ExternalUse[] = [];
  for (const reference of cx.references(target)) {
    const position = reference.getStart();
    if (reference.getSourceFile().getFilePath() === cx.file.path && known.some((node) => node.range[0] <= position && position < node.range[1])) continue;
    const access = reference.getParent();
    if (access && (Node.isPropertyDeclaration(access) || Node.isPropertySignature(access) || Node.isParameterDeclaration(access)) && access.getNameNode() === reference) continue;
    const call = access?.getParent();
    let method: string | null = null;
    if (access && Node.isPropertyAccessExpression(access) && access.getNameNode() === reference && call && Node.isPropertyAccessExpression(call) && call.getExpression() === access) {
      const invocation = call.getParent();
      if (invocation && Node.isCallExpression(invocation) && invocation.getExpression() === call) method = call.getName();
    }
    const user = access && call && Node.isPropertyAccessExpression(call) && call.getExpression() === access ? call : access;
    const argumentOf = user?.getParent();
    const shown = argumentOf && Node.isCallExpression(argumentOf) && argumentOf.getArguments().includes(user!) ? `passed to ${argumentOf.getExpression().getText()}(…)` : (user ?? reference).getText();
    result.push({
      where: `${cx.describe(reference)} (${shown})`,
      weakSafe: method !== null && WEAK_COLLECTION_METHODS.has(method),
      registrySafe: method !== null && REGISTRY_METHODS.has(method),
    });
  }
  return result;
}

/**
 * Weak values are right only when something else holds every value: the
 * value at each growth site is followed to its creation (src/lifetime/holders.ts).
 * The reason to leave the registry strong, for review, or null when every value is held elsewhere.
 * A cache owns its values by design, so it is never made weak: it gets a bound proposal.
 */
function keptElsewhere(finding: UnprunedRegistryFinding, file: ParsedFile): string | null {
  const name = finding.name;
  for (const growth of finding.growthSites) {
    const site = growth.node;
    const line = site.loc.start.line;
    if (site.type !== 'CallExpression') return `'${name}' grows at line ${line} in a way whose values cannot be followed; ${boundProposal(name, file, site)}`;
    if (isCacheLike(name, site, file.text, growth.function)) return `'${name}' is a cache, the only holder of its values by design: weak values would lose them after a GC; ${boundProposal(name, file, site)}`;
    const holding = holdingOfStoredValue(site, file.scopeManager);
    if (holding.kind === 'sole') return `'${name}' is the only holder of the values added at line ${line} (${holding.reason}): a weak registry would drop them at the next GC; delete entries when they are done instead`;
    if (holding.kind === 'unknown') return `'${name}' may be the only holder of the values added at line ${line} (${holding.reason}), so weak values could lose them after a GC; ${boundProposal(name, file, site)}`;
  }
  return null;
}

/** The review item's proposal: a size or an age bound at the growth site, spelt with the registry's own expression. */
function boundProposal(name: string, file: ParsedFile, site: TSESTree.Node): string {
  const assertion = file.language === 'ts' ? '!' : '';
  const registry = site.type === 'CallExpression' && site.callee.type === 'MemberExpression' ? sourceText(file.text, unwrapExpression(site.callee.object)) : name;
  return `bound it instead: a size limit before line ${site.loc.start.line} (\`if (${registry}.size >= 1000) ${registry}.delete(${registry}.keys().next().value${assertion})\` evicts the oldest entry), or an age limit (store the time with each entry and delete entries older than your limit when reading or adding)`;
}

/** typescript-estree puts a binding's type annotation inside the Identifier's range; the name alone is what ts-morph knows. */
function nameRange(node: TSESTree.Node): { range: [number, number] } {
  if (node.type === 'Identifier' && node.typeAnnotation) return { range: [node.range[0], node.range[0] + node.name.length] };
  return node;
}

function isWeakCollectionUse(use: CollectionUse): boolean {
  return use.kind === 'read' && (use.method === null || WEAK_COLLECTION_METHODS.has(use.method) || use.method.startsWith('console.'));
}

function blockerOf(uses: readonly CollectionUse[]): string | null {
  for (const use of uses) {
    const reason = registryBlocker(use) ?? (use.kind === 'iteration' ? 'iterated' : use.kind === 'size' ? 'sized' : null);
    if (reason) return reason;
  }
  return null;
}

/** Why a use stops a Map from becoming a WeakRegistry, or null when WeakRegistry serves it. */
function registryBlocker(use: CollectionUse): string | null {
  switch (use.kind) {
    case 'read':
      if (use.method === null || REGISTRY_METHODS.has(use.method) || use.method.startsWith('console.')) return null;
      return `used through .${use.method}(), which WeakRegistry does not have`;
    case 'iteration':
      if (use.method === null || REGISTRY_ITERATIONS.has(use.method)) return null;
      return `read with ${use.method}(), which needs a real Map`;
    case 'size':
      return null;
    case 'serialization':
      return `serialised with ${use.method ?? 'JSON.stringify'}`;
    case 'handoff':
      return `passed to ${use.method ?? 'a function'}(…), which may need a real Map`;
    case 'escape':
      return 'handed out (returned, aliased or stored elsewhere)';
    case 'export':
      return 'exported';
    default:
      return `used in a way WeakRegistry does not support (${use.kind})`;
  }
}

/** `any`, `unknown` and type parameters without an object constraint tell nothing about the entries. */
function isUnknownType(type: Type): boolean {
  return type.isAny() || type.isUnknown();
}

/** Objects only: classes, interfaces, functions, `object`, and unions of them. */
export function isObjectType(type: Type): boolean {
  if (type.isUnion()) return type.getUnionTypes().every((member) => isObjectType(member));
  if (type.isIntersection()) return type.getIntersectionTypes().some((member) => isObjectType(member));
  if (type.isTypeParameter()) {
    const constraint = type.getConstraint();
    return constraint !== undefined && isObjectType(constraint);
  }
  return type.isObject() || (type.getFlags() & ts.TypeFlags.NonPrimitive) !== 0;
}

export function describeAt(file: ParsedFile, offset: number): string {
  const { line } = positionAt(file.text, offset);
  return `${file.relativePath}:${line}`;
}

export { indentUnit };
