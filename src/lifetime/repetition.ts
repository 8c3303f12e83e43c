import type { ScopeManager } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, getCalleeName, getStaticString, isFunctionNode, unwrapExpression, type FunctionNode } from '../ast/nodes.js';
import { resolveVariable } from '../ast/scope.js';
import { someNode } from '../ast/walk.js';
import { instanceOwnerOf } from './ownership.js';

// Code that runs again and again, as far as one file shows: per event, per item. The listener and
// timer rules ask it for evidence that what they report is added more than once.

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'addEventListener']);

/**
 * A listener's callback, or a function of this file called from one (`socket.on('message', (m) =>
 * handleClientVars(m))`): it runs once per event.
 */
export function runsPerEvent(fn: FunctionNode | null, scopeManager: ScopeManager | null, { timerCallbacks = true }: { timerCallbacks?: boolean } = {}): boolean {
  if (!fn) return false;
  if (listenerEventOf(fn) !== null) return true;
  const id = fn.type === 'FunctionDeclaration' ? fn.id : fn.parent?.type === 'VariableDeclarator' && fn.parent.init === fn && fn.parent.id.type === 'Identifier' ? fn.parent.id : null;
  const variable = id ? resolveVariable(scopeManager, id) : null;
  return (variable?.references ?? []).some((reference) => {
    const call = reference.identifier.parent;
    if (call?.type !== 'CallExpression') return false;
    // Handed to a listener or a timer as its callback (`socket.on('close', connect)`, `setTimeout(connect, ms)`).
    if (call.callee !== reference.identifier) return call.arguments.includes(reference.identifier as TSESTree.Identifier) && (isListenerCall(call) || (timerCallbacks && isTimerCall(call)));
    for (let current: TSESTree.Node | undefined = call.parent; current; current = current.parent) {
      if (isFunctionNode(current)) return listenerEventOf(current) !== null;
    }
    return false;
  });
}


const ITEM_END_EVENTS = new Set(['close', 'end', 'finish', 'exit', 'disconnect']);

/**
 * `setupConnection(conn) { …; conn.on('close', …) }`: a function that follows a parameter to its end
 * is set-up code for one item (a connection, a child, a stream), run once per item.
 */
export function setsUpPerItem(node: TSESTree.Node): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const parameters = new Set(fn.params.flatMap((param) => (param.type === 'Identifier' ? [param.name] : param.type === 'AssignmentPattern' && param.left.type === 'Identifier' ? [param.left.name] : [])));
    if (parameters.size === 0) continue;
    const found = someNode(fn.body, (child) => {
      if (child.type !== 'CallExpression' || !isListenerCall(child) || child.callee.type !== 'MemberExpression') return false;
      const target = unwrapExpression(child.callee.object);
      const event = getStaticString(child.arguments[0]);
      return target.type === 'Identifier' && parameters.has(target.name) && event !== null && ITEM_END_EVENTS.has(event);
    });
    if (found) return true;
  }
  return false;
}

export function isListenerCall(call: TSESTree.CallExpression): boolean {
  const name = getCalleeName(call);
  return name !== null && LISTENER_METHODS.has(name) && unwrapExpression(call.callee).type === 'MemberExpression';
}

function isTimerCall(call: TSESTree.CallExpression): boolean {
  const name = getCalleeName(call);
  return name === 'setTimeout' || name === 'setInterval';
}

/** The event a function is registered for, when it is passed as a listener: `x.on('connection', fn)`. */
export function listenerEventOf(fn: FunctionNode | null): string | null {
  const parent = fn?.parent;
  if (parent?.type !== 'CallExpression' || !parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) return null;
  const name = getCalleeName(parent);
  if (name === null || !LISTENER_METHODS.has(name) || unwrapExpression(parent.callee).type !== 'MemberExpression') return null;
  return getStaticString(parent.arguments[0]);
}

/**
 * `watch(topic, onData) { feed.on('x', (n) => n === topic && onData(n)) }` (a method),
 * `open(root) { const panel = document.createElement('div'); document.addEventListener('mousemove',
 * () => move(panel)) }`: a callback that holds what one call of a method was handed, or what any
 * call made. Each call of `fn` leaves one more behind,
 * holding its own objects; a function that only forwards its caller's handler (`on(event, handler)`)
 * is an API, not such a call.
 */
export function holdsCallState(callback: TSESTree.Node | null | undefined, fn: FunctionNode | null, scopeManager: ScopeManager | null): boolean {
  const handler = callback ? unwrapExpression(callback) : null;
  if (!fn || !handler || !isFunctionNode(handler) || handler === fn) return false;
  const state = new Set<string>();
  // What a method is handed is per call (`watch(topic, onData)`); a plain function's parameters may be
  // handed once at startup (`listenForSwipes(onSwipe)`), and a constructor's are its dependencies.
  const owner = instanceOwnerOf(fn.body);
  const method = owner !== null && [...owner.members].some(([name, member]) => member === fn && name !== 'constructor');
  if (method) {
    for (const param of fn.params) {
      if (param.type === 'Identifier') state.add(param.name);
      else if (param.type === 'AssignmentPattern' && param.left.type === 'Identifier') state.add(param.left.name);
    }
  }
  // Objects made by a function that takes inputs (`openInspector(root, room)`): one set per call. A
  // set-up routine without inputs (`initEndpoint()`) makes its objects once.
  if (fn.body.type === 'BlockStatement' && fn.params.length > 0) {
    for (const statement of fn.body.body) {
      if (statement.type !== 'VariableDeclaration') continue;
      for (const declarator of statement.declarations) {
        const init = declarator.init ? unwrapExpression(declarator.init) : null;
        const made = init?.type === 'NewExpression' || (init?.type === 'CallExpression' && /^(?:create|open|connect|spawn|fork)/.test(getCalleeName(init) ?? ''));
        if (made && declarator.id.type === 'Identifier') state.add(declarator.id.name);
      }
    }
  }
  if (state.size === 0) return false;
  return someNode(
    handler.body,
    (node) => {
      if (node.type !== 'Identifier' || !state.has(node.name)) return false;
      const definition = resolveVariable(scopeManager, node)?.defs[0];
      return definition !== undefined && (definition.node === fn || (definition.node.type === 'VariableDeclarator' && enclosingFunction(definition.node) === fn));
    },
    { intoFunctions: true },
  );
}
