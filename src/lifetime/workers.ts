import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { getPropertyName, unwrapExpression } from '../ast/nodes.js';
import { importSourceOf, isGlobalReference, resolveVariable } from '../ast/scope.js';

type ScopeManager = TSESLint.Scope.ScopeManager;

/** What a started resource is, and the call that ends it. */
export type WorkerResourceKind = 'worker' | 'child' | 'channel' | 'broadcast';

export interface WorkerResource {
  readonly kind: WorkerResourceKind;
  /** The constructor or function that started it (`Worker`, `fork`, `spawn`, `MessageChannel`). */
  readonly api: string;
  /** The method that ends it (`terminate`, `kill`, `close`). */
  readonly end: 'terminate' | 'kill' | 'close';
}

/** Calls that end a worker, a child process or a port, or stop it holding the process. */
export const WORKER_ENDING_METHODS = new Set(['terminate', 'kill', 'close', 'disconnect', 'unref', 'destroy', 'dispose']);
/** Events that say the code expects the resource to end (and cleans up after it). */
export const WORKER_END_EVENTS = new Set(['exit', 'close', 'disconnect']);

const WORKER_MODULES = new Set(['worker_threads', 'node:worker_threads']);
const CHILD_MODULES = new Set(['child_process', 'node:child_process']);
/** Child-process functions that start a long-lived child (the exec family completes, the Sync ones block). */
const LONG_LIVED_CHILD_FUNCTIONS = new Set(['fork', 'spawn']);

/** The module an identifier comes from: `import`, `require('m')`, `const { x } = require('m')`. */
function moduleOf(scopeManager: ScopeManager | null, identifier: TSESTree.Identifier): { source: string; imported: string } | null {
  const imported = importSourceOf(scopeManager, identifier);
  if (imported) return imported;
  const variable = resolveVariable(scopeManager, identifier);
  const definition = variable?.defs[0];
  if (definition?.type !== 'Variable' || definition.node.type !== 'VariableDeclarator' || !definition.node.init) return null;
  const init = unwrapExpression(definition.node.init);
  const pattern = definition.node.id;
  // `const spawn = require('child_process').spawn`
  if (init.type === 'MemberExpression' && pattern.type === 'Identifier') {
    const from = requireSource(unwrapExpression(init.object));
    const name = getPropertyName(init);
    return from !== null && name !== null ? { source: from, imported: name } : null;
  }
  const source = requireSource(init);
  if (source === null) return null;
  if (pattern.type === 'Identifier') return { source, imported: '*' };
  if (pattern.type === 'ObjectPattern') {
    for (const property of pattern.properties) {
      if (property.type !== 'Property') continue;
      const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
      if (value.type === 'Identifier' && value.name === identifier.name) return { source, imported: getPropertyName(property) ?? '' };
    }
  }
  return null;
}

function requireSource(node: TSESTree.Node): string | null {
  if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'require') return null;
  const argument = node.arguments[0];
  return argument?.type === 'Literal' && typeof argument.value === 'string' ? argument.value : null;
}

/** `name` as a plain identifier or as `ns.name` on a namespace of one of `modules`. */
function calleeFrom(scopeManager: ScopeManager | null, callee: TSESTree.Node, modules: ReadonlySet<string>, allowGlobal: boolean): string | null {
  const current = unwrapExpression(callee);
  if (current.type === 'Identifier') {
    const origin = moduleOf(scopeManager, current);
    if (origin) return modules.has(origin.source) && origin.imported !== '*' ? origin.imported : null;
    return allowGlobal && isGlobalReference(scopeManager, current) ? current.name : null;
  }
  if (current.type === 'MemberExpression') {
    const object = unwrapExpression(current.object);
    const name = getPropertyName(current);
    if (object.type !== 'Identifier' || name === null) return null;
    const origin = moduleOf(scopeManager, object);
    if (origin && modules.has(origin.source) && (origin.imported === '*' || origin.imported === 'default')) return name;
  }
  return null;
}

/** The worker, child process or port that `node` starts, or null. */
export function workerResourceOf(scopeManager: ScopeManager | null, node: TSESTree.Node): WorkerResource | null {
  if (node.type === 'NewExpression') {
    const name = calleeFrom(scopeManager, node.callee, WORKER_MODULES, true);
    if (name === 'Worker') return { kind: 'worker', api: 'Worker', end: 'terminate' };
    if (name === 'MessageChannel') return { kind: 'channel', api: 'MessageChannel', end: 'close' };
    if (name === 'BroadcastChannel') return { kind: 'broadcast', api: 'BroadcastChannel', end: 'close' };
    return null;
  }
  if (node.type === 'CallExpression') {
    const callee = unwrapExpression(node.callee);
    if (callee.type === 'MemberExpression') {
      const object = unwrapExpression(callee.object);
      const name = getPropertyName(callee);
      if (name && LONG_LIVED_CHILD_FUNCTIONS.has(name) && object.type === 'CallExpression' && CHILD_MODULES.has(requireSource(object) ?? '')) {
        return { kind: 'child', api: name, end: 'kill' };
      }
    }
    const name = calleeFrom(scopeManager, node.callee, CHILD_MODULES, false);
    if (name && LONG_LIVED_CHILD_FUNCTIONS.has(name)) return { kind: 'child', api: name, end: 'kill' };
  }
  return null;
}

/** `store.enterWith(value)` on an `AsyncLocalStorage` (created or imported in this file). */
export function isEnterWithCall(scopeManager: ScopeManager | null, node: TSESTree.CallExpression, text: string): boolean {
  const callee = unwrapExpression(node.callee);
  if (callee.type !== 'MemberExpression' || getPropertyName(callee) !== 'enterWith' || node.arguments.length !== 1) return false;
  const object = unwrapExpression(callee.object);
  if (object.type === 'Identifier') {
    const definition = resolveVariable(scopeManager, object)?.defs[0];
    if (definition?.type === 'Variable' && definition.node.type === 'VariableDeclarator' && definition.node.init) {
      const init = unwrapExpression(definition.node.init);
      if (init.type === 'NewExpression' && unwrapExpression(init.callee).type === 'Identifier') return (unwrapExpression(init.callee) as TSESTree.Identifier).name === 'AsyncLocalStorage';
    }
  }
  return text.includes('AsyncLocalStorage');
}
