import type { TSESTree } from '@typescript-eslint/utils';
import { climbWrappers, enclosingClass, enclosingFunction, getPropertyName, getStaticString, referencePath, unwrapExpression, type ClassNode } from '../ast/nodes.js';
import { resolveVariable, type Variable } from '../ast/scope.js';
import type { Detector, DetectorSource } from '../ast/traverse.js';
import { forEachNode } from '../ast/walk.js';
import { lifetimeModelOf, terminalTeardownOf, type Teardown } from '../lifetime/index.js';
import { isEnterWithCall, WORKER_END_EVENTS, WORKER_ENDING_METHODS, workerResourceOf, type WorkerResource } from '../lifetime/workers.js';
import { nameMentions } from './source-mentions.js';

export interface WorkerCleanupOptions {
  /** Report workers, forked children and ports started per call, messaged and never ended. */
  checkLocalWorkers: boolean;
  /** Report `AsyncLocalStorage#enterWith()`. */
  checkEnterWith: boolean;
  /** Extra names of terminal teardown methods. */
  teardownMethods: readonly string[];
}

export type WorkerProblem = 'unterminatedField' | 'unterminatedLocal' | 'unterminatedStream' | 'growingPool' | 'enterWith';

export interface WorkerCleanupFinding {
  readonly problem: WorkerProblem;
  readonly node: TSESTree.Node;
  readonly resource: WorkerResource | null;
  /** `this.worker`, `worker`, `this.workers` (the pool), or the store of `enterWith`. */
  readonly handle: string;
  readonly ownerClass: ClassNode | null;
  /** For fields: the owner's terminal teardown. */
  readonly teardown: Teardown | null;
  /**
   * For a worker or forked child started per call: the handler of its one
   * reply (`worker.once('message', handler)`, the only message listener, after
   * the only message sent). Nothing hears the worker after that handler ran,
   * so that is where it is done and can be ended.
   */
  readonly doneIn?: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;
  /**
   * For a command spawned per call: the per-call destination its output is
   * piped into (`child.stdout.pipe(res)`, `res` a parameter). Once that
   * destination closes nobody reads the child's output, and the child runs
   * (or blocks on a full pipe) for good: it is done when the destination closes.
   */
  readonly pipedInto?: TSESTree.Identifier;
}

const MENTIONS = nameMentions(['Worker', 'fork', 'spawn', 'MessageChannel', 'BroadcastChannel', 'enterWith']);
const LISTEN_METHODS = new Set(['on', 'once', 'addListener', 'addEventListener', 'prependListener', 'prependOnceListener']);
const MESSAGING_METHODS = new Set(['postMessage', 'send']);
const GROW_METHODS = new Set(['push', 'set', 'add', 'unshift']);
const SHRINK_METHODS = new Set(['splice', 'pop', 'shift', 'delete', 'clear', 'filter']);

export function mayStartWorkers(text: string): boolean {
  return MENTIONS.mayMention(text);
}

/**
 * Finds workers, child processes and ports that outlive the code that started
 * them: a field of a class whose terminal teardown never ends it, a worker
 * per call that is messaged (so it stays alive listening) and never ended, a
 * pool that gains a worker per task and never loses one, and
 * `AsyncLocalStorage#enterWith()`. A handle that escapes (returned, passed on,
 * aliased) belongs to whoever received it.
 */
export function createWorkerCleanupDetector(source: DetectorSource, options: WorkerCleanupOptions): Detector<WorkerCleanupFinding> {
  if (!mayStartWorkers(source.text)) return { visitors: {}, finish: () => [] };
  const { scopeManager } = source;
  const model = lifetimeModelOf(source);
  const extraTeardowns = new Set(options.teardownMethods);
  const starts: { node: TSESTree.NewExpression | TSESTree.CallExpression; resource: WorkerResource }[] = [];
  const enterWiths: TSESTree.CallExpression[] = [];

  function visit(node: TSESTree.NewExpression | TSESTree.CallExpression): void {
    const resource = workerResourceOf(scopeManager, node);
    if (resource) starts.push({ node, resource });
    else if (node.type === 'CallExpression' && options.checkEnterWith && isEnterWithCall(scopeManager, node, source.text)) enterWiths.push(node);
  }

  return {
    visitors: { NewExpression: visit, CallExpression: visit },
    finish() {
      const findings: WorkerCleanupFinding[] = [];
      for (const call of enterWiths) {
        if (model.isInertCode(call) || model.runsOnce(call)) continue;
        const object = unwrapExpression((unwrapExpression(call.callee) as TSESTree.MemberExpression).object);
        findings.push({ problem: 'enterWith', node: call, resource: null, handle: referencePath(object) ?? 'the store', ownerClass: null, teardown: null });
      }
      for (const { node, resource } of starts) {
        if (model.isInertCode(node) || model.runsOnce(node)) continue;
        const value = climbWrappers(node);
        const parent = value.parent;
        const ownerClass = enclosingClass(node);
        // `this.worker = new Worker(…)`
        if (parent?.type === 'AssignmentExpression' && parent.right === value && parent.operator === '=') {
          const left = unwrapExpression(parent.left);
          if (left.type === 'MemberExpression' && unwrapExpression(left.object).type === 'ThisExpression' && ownerClass) {
            const path = referencePath(left);
            if (path) checkField(node, resource, path, left, ownerClass, findings);
            continue;
          }
          if (left.type === 'Identifier') {
            const variable = resolveVariable(scopeManager, left);
            if (variable) checkLocal(node, resource, variable, left, findings);
          }
          continue;
        }
        if (parent?.type === 'PropertyDefinition' && parent.value === value && !parent.static && ownerClass) {
          const name = getPropertyName(parent);
          if (name) checkField(node, resource, `this.${name}`, null, ownerClass, findings);
          continue;
        }
        if (parent?.type === 'VariableDeclarator' && parent.init === value) {
          if (parent.id.type === 'Identifier') {
            const variable = resolveVariable(scopeManager, parent.id);
            if (variable) checkLocal(node, resource, variable, parent.id, findings);
          } else if (parent.id.type === 'ObjectPattern' && resource.kind === 'channel') {
            for (const property of parent.id.properties) {
              if (property.type === 'Property' && property.value.type === 'Identifier') {
                const variable = resolveVariable(scopeManager, property.value);
                if (variable) checkLocal(node, resource, variable, property.value, findings, true);
              }
            }
          }
          continue;
        }
        // `this.workers.push(new Worker(…))`
        if (parent?.type === 'CallExpression' && parent.arguments.includes(value as TSESTree.CallExpressionArgument) && ownerClass) {
          checkPoolGrowth(node, resource, parent, ownerClass, findings);
        }
      }
      const seen = new Set<TSESTree.Node>();
      return findings.filter((finding) => (seen.has(finding.node) ? false : (seen.add(finding.node), true))).sort((a, b) => a.node.range[0] - b.node.range[0]);
    },
  };

  function checkField(node: TSESTree.Node, resource: WorkerResource, path: string, target: TSESTree.Node | null, ownerClass: ClassNode, findings: WorkerCleanupFinding[]): void {
    const teardown = terminalTeardownOf(ownerClass, extraTeardowns);
    if (!teardown) return;
    let handled = false;
    forEachNode(ownerClass.body, (member) => {
      if (member.type !== 'MemberExpression' || member === target) return false;
      const memberPath = referencePath(member);
      if (memberPath !== path) return false;
      if (member.parent?.type === 'AssignmentExpression' && member.parent.left === member) return false;
      if (treatsAsEnded(member, resource, false)) handled = true;
      return handled;
    }, { intoFunctions: true, stopAt: (inner) => inner.type === 'ClassBody' });
    if (!handled) findings.push({ problem: 'unterminatedField', node, resource, handle: path, ownerClass, teardown });
  }

  function checkLocal(node: TSESTree.Node, resource: WorkerResource, variable: Variable, declaration: TSESTree.Identifier, findings: WorkerCleanupFinding[], port = false): void {
    if (!options.checkLocalWorkers) return;
    // A spawned command is expected to finish by itself, unless it streams into a per-call destination (below).
    const spawned = resource.kind === 'child' && resource.api !== 'fork';
    if (model.executionOf(node) !== 'any') return;
    let handled = false;
    let messaged = false;
    let sends = 0;
    let pipedInto: TSESTree.Identifier | null = null;
    const replyHandlers: (TSESTree.Node | undefined)[] = [];
    for (const reference of variable.references) {
      if (reference.identifier === declaration || !reference.isRead()) continue;
      const use = climbWrappers(reference.identifier);
      if (treatsAsEnded(use, resource, true)) {
        handled = true;
        break;
      }
      const parent = use.parent;
      const streamedTo = spawned ? perCallDestination(use) : null;
      if (streamedTo) {
        messaged = true;
        pipedInto ??= streamedTo;
        continue;
      }
      if (parent?.type === 'MemberExpression' && parent.object === use && !spawned) {
        const method = getPropertyName(parent);
        const call = parent.parent;
        if (call?.type === 'CallExpression' && call.callee === parent) {
          if (method && MESSAGING_METHODS.has(method) && !port) {
            messaged = true;
            sends += enclosingFunction(call) === enclosingFunction(node) && !inLoopWithin(call, enclosingFunction(node)) ? 1 : 2;
          }
          if (method && LISTEN_METHODS.has(method) && getStaticString(call.arguments[0]) === 'message') {
            if (port) messaged = true;
            replyHandlers.push(method === 'once' ? call.arguments[1] : undefined);
          }
        }
        if (method === 'onmessage' && parent.parent?.type === 'AssignmentExpression') {
          if (port) messaged = true;
          replyHandlers.push(undefined);
        }
      }
    }
    if (handled || !messaged) return;
    const reply = replyHandlers.length === 1 && sends === 1 && replyHandlers[0] ? unwrapExpression(replyHandlers[0]) : null;
    const doneIn = reply?.type === 'ArrowFunctionExpression' || reply?.type === 'FunctionExpression' ? reply : undefined;
    findings.push({
      problem: pipedInto ? 'unterminatedStream' : 'unterminatedLocal',
      node,
      resource,
      handle: declaration.name,
      ownerClass: null,
      teardown: null,
      ...(doneIn && !spawned ? { doneIn } : {}),
      ...(pipedInto ? { pipedInto } : {}),
    });
  }

  function checkPoolGrowth(node: TSESTree.Node, resource: WorkerResource, call: TSESTree.CallExpression, ownerClass: ClassNode, findings: WorkerCleanupFinding[]): void {
    const callee = unwrapExpression(call.callee);
    if (callee.type !== 'MemberExpression' || !GROW_METHODS.has(getPropertyName(callee) ?? '')) return;
    const collection = referencePath(callee.object);
    if (!collection?.startsWith('this.')) return;
    const fn = enclosingFunction(node);
    if (fn?.parent?.type === 'MethodDefinition' && fn.parent.kind === 'constructor') return;
    let managed = false;
    forEachNode(ownerClass.body, (inner) => {
      if (inner.type === 'CallExpression') {
        const innerCallee = unwrapExpression(inner.callee);
        const method = innerCallee.type === 'MemberExpression' ? getPropertyName(innerCallee) : null;
        if (method && WORKER_ENDING_METHODS.has(method)) managed = true;
        if (method && SHRINK_METHODS.has(method) && innerCallee.type === 'MemberExpression' && referencePath(innerCallee.object) === collection) managed = true;
      }
      if (inner.type === 'AssignmentExpression' && referencePath(inner.left)?.startsWith(collection)) {
        const fnOfAssignment = enclosingFunction(inner);
        if (!(fnOfAssignment?.parent?.type === 'MethodDefinition' && fnOfAssignment.parent.kind === 'constructor')) managed = true;
      }
      return managed;
    }, { intoFunctions: true, stopAt: (inner) => inner.type === 'ClassBody' });
    if (!managed) findings.push({ problem: 'growingPool', node, resource, handle: collection, ownerClass, teardown: null });
  }
}

/**
 * `child.stdout.pipe(res)` / `child.stderr.pipe(socket)` where the destination
 * is a parameter of a function around the call (the request's response, the
 * connection's socket): the destination, else null.
 */
function perCallDestination(use: TSESTree.Node): TSESTree.Identifier | null {
  const stream = use.parent;
  if (stream?.type !== 'MemberExpression' || stream.object !== use || !/^std(?:out|err)$/u.test(getPropertyName(stream) ?? '')) return null;
  const pipe = stream.parent;
  if (pipe?.type !== 'MemberExpression' || pipe.object !== stream || getPropertyName(pipe) !== 'pipe') return null;
  const call = pipe.parent;
  if (call?.type !== 'CallExpression' || call.callee !== pipe) return null;
  const destination = call.arguments[0] ? unwrapExpression(call.arguments[0]) : null;
  if (destination?.type !== 'Identifier') return null;
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
    if (fn.params.some((parameter) => parameter.type === 'Identifier' && parameter.name === destination.name)) return destination;
  }
  return null;
}

/** True when `node` sits in a loop inside `fn` (so one call site sends many messages). */
function inLoopWithin(node: TSESTree.Node, fn: TSESTree.Node | null): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (/^(?:For|ForIn|ForOf|While|DoWhile)Statement$/u.test(current.type)) return true;
  }
  return false;
}

/**
 * True when this read of the handle ends it, watches for its end, or hands it
 * to code that may end it: `w.terminate()`, `w.on('exit', …)`, `once(w, 'exit')`,
 * `kill(w.pid)`, `return w`, `pool.add(w)`, `const alias = w`.
 */
function treatsAsEnded(use: TSESTree.Node, resource: WorkerResource, local: boolean): boolean {
  let current = climbWrappers(use);
  // `this.channel.port1.close()`: ending a part of a channel ends it.
  while (resource.kind === 'channel' && current.parent?.type === 'MemberExpression' && current.parent.object === current && /^port[12]$/u.test(getPropertyName(current.parent) ?? '')) current = climbWrappers(current.parent);
  const parent = current.parent;
  if (!parent) return false;
  if (parent.type === 'MemberExpression' && parent.object === current) {
    const method = getPropertyName(parent);
    if (method === 'pid') return true;
    const call = parent.parent;
    if (call?.type === 'CallExpression' && call.callee === parent) {
      if (method && WORKER_ENDING_METHODS.has(method)) return true;
      if (method && LISTEN_METHODS.has(method)) return WORKER_END_EVENTS.has(getStaticString(call.arguments[0]) ?? '');
      if (parent.computed && referencePath(parent.property)?.startsWith('Symbol.')) return true;
      return false;
    }
    // `worker.onexit = …`, reading `worker.threadId`
    return false;
  }
  if (parent.type === 'CallExpression' && parent.arguments.includes(current as TSESTree.CallExpressionArgument)) {
    // `once(child, 'exit')`, `scope.add(worker)`, `track(worker)`: someone else sees its end.
    return true;
  }
  switch (parent.type) {
    case 'ExpressionStatement':
    case 'IfStatement':
    case 'UnaryExpression':
    case 'BinaryExpression':
    case 'AwaitExpression':
      return false;
    case 'LogicalExpression':
      return parent.right === current;
    case 'ConditionalExpression':
      return parent.test !== current;
    default:
      // Returned, stored, aliased, put in an array or object: someone else owns it now.
      void local;
      return true;
  }
}
