import { boundThisOwnerOf, endsWithFramework, holdsCallState, isListenerCall, listenerEventOf, runsPerEvent, setsUpPerItem, inStartMethod, instanceOwnerOf, isDroppedByHolder, isThisLike, lifetimeModelOf, ownerHasEnd, ownerHasTerminalEnd, RESTARTABLE_TEARDOWN_NAMES, areCounterparts, teardownsOf, terminalTeardownOf, TERMINAL_TEARDOWN_NAMES, type InstanceOwner } from '../lifetime/index.js';
import type { TSESTree } from '@typescript-eslint/utils';
import {
  climbWrappers,
  contains,
  enclosingClass,
  enclosingFunction,
  getCalleeName,
  getFunctionName,
  getPropertyName,
  getStaticString,
  isFunctionNode,
  isModuleLevel,
  isPromiseExecutor,
  referencePath,
  unwrapExpression,
  type ClassNode,
  type FunctionNode,
} from '../ast/nodes.js';
import { staticValueOf } from '../ast/values.js';
import { importSourceOf, isGlobalReference, isModuleScopeVariable, resolveVariable, type Variable } from '../ast/scope.js';
import type { Detector, DetectorSource } from '../ast/traverse.js';
import { childNodes, forEachNode, pushChildNodes, someNode } from '../ast/walk.js';
import { nameMentions } from './source-mentions.js';

export interface TimerCleanupOptions {
  /** Report intervals started at module level (they run for the life of the process by design in most services). */
  checkModuleScope: boolean;
  /** Report `setTimeout` handles kept in class fields and never cleared. */
  checkTimeoutFields: boolean;
  /** Report the timer of a `Promise.race` timeout branch that is never cleared. */
  checkRaceTimers: boolean;
  /**
   * Report intervals of code whose end the file does not show: a start() of an instance without a
   * stop, a plain function nothing in the file calls per event. Off by default: such code most often
   * runs once per process.
   */
  assumeOwnersEnd?: boolean;
}

export type TimerFunction = 'setInterval' | 'setTimeout';

/** Where the handle of a timer goes. */
export type TimerStorage =
  | { kind: 'discarded' }
  | { kind: 'variable'; name: string; identifier: TSESTree.Identifier }
  | { kind: 'field'; path: string; member: TSESTree.MemberExpression; owner: InstanceOwner };

export type TimerProblem =
  /** `setInterval(...)` whose handle is thrown away: it can never be stopped. */
  | 'discardedInterval'
  /** An interval kept in a variable or field that is never cleared. */
  | 'unclearedInterval'
  /** A `setTimeout` kept in a class field that is never cleared. */
  | 'unclearedTimeoutField'
  /** The timer of a `Promise.race` timeout branch, never cleared when the other branch wins. */
  | 'unclearedRaceTimer'
  /** `this.t = setTimeout(…)` again while the first may be pending: the first can no longer be cancelled. */
  | 'overwrittenTimeout'
  /** An interval cleared only from its own callback, in a function whose per-connection object closes without clearing it. */
  | 'selfClearedInterval'
  /** A `setTimeout` whose handle is discarded although a stop or a teardown should cancel it (see {@link UnkeptTimeout}). */
  | 'unkeptTimeout'
  /** A guard timeout cleared only after the awaited call it guards succeeds, in a `try` that carries on when it throws. */
  | 'clearedOnlyOnSuccess';

export interface TimerCleanupFinding {
  readonly problem: TimerProblem;
  /** The `setInterval(...)`/`setTimeout(...)` call. */
  readonly node: TSESTree.CallExpression;
  readonly timerFunction: TimerFunction;
  readonly clearFunction: 'clearInterval' | 'clearTimeout';
  readonly storage: TimerStorage;
  /** The class whose cleanup method should clear the timer, when there is one. */
  readonly ownerClass: ClassNode | null;
  /** The instance owner (an ES class or a prototype-style constructor), for messages. */
  readonly ownerName: string | null;
  /** The function the timer is started in (null at module level). */
  readonly ownerFunction: FunctionNode | null;
  /** For race timers: the `Promise.race(...)` call. */
  readonly raceCall: TSESTree.CallExpression | null;
  /**
   * When the timer starts in a listener callback (`wss.on('connection', socket => …)`):
   * that event. Such a timer belongs to the per-event object, not to the class around it.
   */
  readonly callbackEvent: string | null;
  /** For `unkeptTimeout`: why the handle should have been kept. */
  readonly unkept?: UnkeptTimeout;
}

/** A teardown of the owner (or a method it calls on `this`) calls clearTimeout/clearInterval. */
function teardownClearsTimers(owner: InstanceOwner, isThisAlias: (node: TSESTree.Node) => boolean): boolean {
  const teardowns: FunctionNode[] =
    owner.kind === 'class'
      ? teardownsOf(owner.node as ClassNode).flatMap((teardown) => (teardown.fn ? [teardown.fn] : []))
      : [...owner.members].filter(([name]) => TERMINAL_TEARDOWN_NAMES.includes(name) || RESTARTABLE_TEARDOWN_NAMES.includes(name)).map(([, fn]) => fn);
  const clears = (fn: FunctionNode, depth: number): boolean =>
    someNode(fn, (child) => {
      if (child.type !== 'CallExpression') return false;
      if (CLEAR_FUNCTIONS.has(getCalleeName(child) ?? '')) return true;
      if (depth > 0 || child.callee.type !== 'MemberExpression' || !isThisAlias(child.callee.object)) return false;
      const helper = owner.members.get(getPropertyName(child.callee) ?? '');
      return helper !== undefined && helper !== fn && clears(helper, depth + 1);
    });
  return teardowns.some((fn) => clears(fn, 0));
}

/** What an `unkeptTimeout` finding is about. */
export interface UnkeptTimeout {
  /** `rearms`: the callback re-arms `name()` (a loop); `afterTeardown`: started by the teardown `name()`. */
  readonly kind: 'rearms' | 'afterTeardown';
  readonly name: string;
}

/** Functions that start something over: a timer calling them after a stop starts it again. */
const RESTARTING_NAME = /^(?:restart|reconnect|retry|resubscribe|rejoin)(?=[A-Z_]|$)/;
const STOP_FLAG_NAME = /stop|clos|destroy|shut|cancel|abort|dispos|terminat|end(?:ed|ing)\b/i;

/** Names the callback calls: `() => restart(cb)`, `() => this.poll()`, `this.poll.bind(this)`, `poll`. */
function calledNames(callback: TSESTree.Node): Set<string> {
  const names = new Set<string>();
  const add = (node: TSESTree.Node): void => {
    const current = unwrapExpression(node);
    if (current.type === 'Identifier') names.add(current.name);
    else if (current.type === 'MemberExpression') {
      const name = getPropertyName(current);
      if (name === 'bind' || name === 'call' || name === 'apply') add(current.object);
      else if (name) names.add(name);
    }
  };
  if (!isFunctionNode(callback)) {
    if (callback.type === 'CallExpression') add(callback.callee);
    else add(callback);
    return names;
  }
  forEachNode(callback.body, (node) => {
    if (node.type === 'CallExpression') add(node.callee);
  });
  return names;
}

/** An enclosing closure declares or returns a stop (`const stop = async () => …`, `return { stop() {} }`). */
function closureHasStop(node: TSESTree.Node): boolean {
  // A stop callers invoke, not an event handler (`function onClose(event)`).
  const teardownNames = new Set([...TERMINAL_TEARDOWN_NAMES.filter((name) => !/^on[A-Z]/.test(name)), 'stop', 'disconnect', 'pause']);
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    if (fn.body.type !== 'BlockStatement') continue;
    for (const statement of fn.body.body) {
      if (statement.type === 'VariableDeclaration' && statement.declarations.some((d) => d.id.type === 'Identifier' && teardownNames.has(d.id.name) && d.init && isFunctionNode(unwrapExpression(d.init)))) return true;
      if (statement.type === 'FunctionDeclaration' && statement.id && teardownNames.has(statement.id.name)) return true;
      if (statement.type === 'ReturnStatement' && statement.argument && unwrapExpression(statement.argument).type === 'ObjectExpression') {
        for (const property of (unwrapExpression(statement.argument) as TSESTree.ObjectExpression).properties) {
          if (property.type === 'Property' && teardownNames.has(getPropertyName(property) ?? '')) return true;
        }
      }
    }
  }
  return false;
}

const COUNTER_NAME = /retr|attempt|tries|count/i;

/** The loop ends by itself: it compares a clock (`Date.now() - start > timeout`) or a retry counter against a limit. */
function isBoundedLoop(fn: FunctionNode): boolean {
  let bounded = false;
  forEachNode(fn.body, (node) => {
    if (node.type !== 'BinaryExpression' || !['<', '<=', '>', '>='].includes(node.operator)) return;
    forEachNode(node, (operand) => {
      if (operand.type === 'CallExpression' && /^(?:Date\.now|performance\.now|process\.hrtime)/.test(referencePath(operand.callee) ?? '')) bounded = true;
      if (operand.type === 'Identifier' && COUNTER_NAME.test(operand.name)) bounded = true;
      if (operand.type === 'MemberExpression' && COUNTER_NAME.test(getPropertyName(operand) ?? '')) bounded = true;
      return bounded;
    });
    return bounded;
  }, { intoFunctions: true });
  return bounded;
}

/** `pingHosts() { if (this.brokerStopped) return; … }`: the loop is meant to end on a stop. */
function startsWithStopGuard(fn: FunctionNode): boolean {
  if (fn.body.type !== 'BlockStatement') return false;
  const first = fn.body.body.find((statement) => statement.type === 'IfStatement');
  if (first?.type !== 'IfStatement' || fn.body.body.indexOf(first) > 2 || !exitsEarly(first.consequent)) return false;
  let flag = false;
  forEachNode(first.test, (node) => {
    const name = node.type === 'Identifier' ? node.name : node.type === 'MemberExpression' ? getPropertyName(node) : null;
    if (name && STOP_FLAG_NAME.test(name)) flag = true;
    return flag;
  });
  return flag;
}

/** The terminal teardown method (`terminate()`, `close()`, `destroy()`) the node is in, by name. */
function teardownMethodOf(node: TSESTree.Node): string | null {
  const owner = instanceOwnerOf(node);
  if (!owner) return null;
  let fn = enclosingFunction(node);
  while (fn && fn.type === 'ArrowFunctionExpression' && enclosingFunction(fn)) fn = enclosingFunction(fn);
  for (const [name, member] of owner.members) if (member === fn && TERMINAL_TEARDOWN_NAMES.includes(name)) return name;
  return null;
}

/** A literal delay under a second (or none): a deferral, not a wait. */
function isShortDelay(node: TSESTree.Node | undefined): boolean {
  if (!node) return true;
  const current = unwrapExpression(node);
  return current.type === 'Literal' && typeof current.value === 'number' && current.value < 1000;
}

/** `setTimeout(…).unref()`: the timer does not hold the process. */
function isUnrefed(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  return parent?.type === 'MemberExpression' && parent.object === call && getPropertyName(parent) === 'unref';
}

/** Events that end a per-connection object: a timer of that connection belongs in their listener. */
const CLOSE_EVENTS = new Set(['close', 'end', 'disconnect', 'exit']);

/** The callback of `setInterval(fn)` or of an `x.on('event', fn)` registration: it runs again and again. */
function isRepeatingCallback(fn: FunctionNode): boolean {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  const name = getCalleeName(call);
  if (name === 'setInterval') return true;
  return (name === 'on' || name === 'addListener' || name === 'addEventListener') && unwrapExpression(call.callee).type === 'MemberExpression';
}

const TIMER_HOSTS = new Set(['globalThis', 'window', 'self', 'global']);
const TIMER_MODULES = new Set(['timers', 'node:timers']);
const CLEAR_FUNCTIONS = new Set(['clearInterval', 'clearTimeout']);
/** Methods on a Node.js `Timeout` that neither clear it nor let the handle escape. */
const NEUTRAL_HANDLE_METHODS = new Set(['ref', 'unref', 'hasRef', 'refresh']);
/** Methods on a Node.js `Timeout` that stop it. */
const STOPPING_HANDLE_METHODS = new Set(['close']);

const TIMER_MENTIONS = nameMentions(['setInterval', 'setTimeout']);

/**
 * False when the source cannot start a timer (it never spells `setInterval`
 * or `setTimeout`): then the detector has nothing to find, and a rule can
 * skip registering any visitor for the file.
 */
export function mayStartTimers(text: string): boolean {
  return TIMER_MENTIONS.mayMention(text);
}

/**
 * Finds intervals that can never be stopped and timeouts that outlive what
 * started them. Matching a handle to its clear uses scope analysis for
 * variables (so `useEffect` cleanups and closures are followed exactly) and
 * the class body for `this.` fields. A handle that escapes — returned, passed
 * to a function, stored elsewhere — is assumed to be cleared by whoever got it.
 */
export function createTimerCleanupDetector(
  source: DetectorSource,
  options: TimerCleanupOptions,
): Detector<TimerCleanupFinding> {
  if (!mayStartTimers(source.text)) return { visitors: {}, finish: () => [] };
  const timerCalls: { node: TSESTree.CallExpression; timerFunction: TimerFunction }[] = [];
  const raceCalls: TSESTree.CallExpression[] = [];
  const { scopeManager } = source;
  const model = lifetimeModelOf(source);
  let clearedProperties: Set<string> | null = null;
  const isThisAlias = (node: TSESTree.Node): boolean => isThisLike(node, (identifier) => resolveVariable(scopeManager, identifier));

  /**
   * `function scheduleRevive(pool) { pool.reviveTimer = setTimeout(…) }` called as
   * `scheduleRevive(this)` from the owner's methods: `pool` stands for that owner.
   */
  function helperOwnerParameter(node: TSESTree.Node): InstanceOwner | null {
    const current = unwrapExpression(node);
    // `function cleanup() { clearTimeout(this.t) }` used as `cleanup.call(this)`: its `this` is the owner.
    if (current.type === 'ThisExpression') return boundThisOwnerOf(current, (identifier) => resolveVariable(scopeManager, identifier));
    if (current.type !== 'Identifier') return null;
    const definition = resolveVariable(scopeManager, current)?.defs[0];
    if (definition?.type !== 'Parameter' || definition.node.type !== 'FunctionDeclaration' || !definition.node.id) return null;
    const fn = definition.node;
    const index = fn.params.indexOf(definition.name as TSESTree.Parameter);
    const variable = resolveVariable(scopeManager, fn.id!);
    if (index === -1 || !variable || !isModuleScopeVariable(variable)) return null;
    let owner: InstanceOwner | null = null;
    for (const reference of variable.references) {
      const call = reference.identifier.parent;
      if (call?.type !== 'CallExpression' || call.callee !== reference.identifier) continue;
      const argument = call.arguments[index];
      if (!argument || !isThisAlias(argument)) return null;
      const callerOwner = instanceOwnerOf(call);
      if (!callerOwner || (owner && owner !== callerOwner)) return null;
      owner = callerOwner;
    }
    return owner;
  }

  function timerFunctionOf(call: TSESTree.CallExpression): TimerFunction | null {
    const callee = unwrapExpression(call.callee);
    if (callee.type === 'Identifier') {
      if (callee.name !== 'setInterval' && callee.name !== 'setTimeout') return null;
      if (isGlobalReference(scopeManager, callee)) return callee.name;
      const imported = importSourceOf(scopeManager, callee);
      if (imported && TIMER_MODULES.has(imported.source) && (imported.imported === 'setInterval' || imported.imported === 'setTimeout')) {
        return imported.imported;
      }
      return null;
    }
    if (callee.type === 'MemberExpression') {
      const name = getPropertyName(callee);
      if (name !== 'setInterval' && name !== 'setTimeout') return null;
      const object = unwrapExpression(callee.object);
      if (object.type !== 'Identifier') return null;
      if (TIMER_HOSTS.has(object.name) && isGlobalReference(scopeManager, object)) return name;
      const imported = importSourceOf(scopeManager, object);
      if (imported && TIMER_MODULES.has(imported.source)) return name;
    }
    return null;
  }

  return {
    visitors: {
      CallExpression(node) {
        const timerFunction = timerFunctionOf(node);
        if (timerFunction) {
          timerCalls.push({ node, timerFunction });
          return;
        }
        if (isPromiseRace(node)) raceCalls.push(node);
      },
    },
    finish() {
      const findings: TimerCleanupFinding[] = [];
      const raceTimers = options.checkRaceTimers ? collectRaceTimers(raceCalls, source) : new Map<TSESTree.CallExpression, TSESTree.CallExpression>();
      const classUses = new Map<InstanceOwner, Map<string, HandleUse[]>>();

      for (const { node, timerFunction } of timerCalls) {
        // Test code, type tests and one-shot scripts end with their process.
        if (model.isInertCode(node)) continue;
        const storage = storageOf(node, isThisAlias, helperOwnerParameter);
        const ownerFunction = enclosingFunction(node);
        const ownerClass = enclosingClass(node);
        const owner = storage?.kind === 'field' ? storage.owner : instanceOwnerOf(node);
        const raceCall = raceTimers.get(node) ?? null;
        const clearFunction = timerFunction === 'setInterval' ? 'clearInterval' : 'clearTimeout';
        const finding = (problem: TimerProblem): TimerCleanupFinding => ({
          problem,
          node,
          timerFunction,
          clearFunction,
          storage: storage ?? { kind: 'discarded' },
          ownerClass,
          ownerName: owner?.name ?? null,
          ownerFunction,
          raceCall,
          callbackEvent: listenerEventOf(ownerFunction),
        });
        if (storage === null) continue; // escaped: whoever received the handle owns it

        if (raceCall || (timerFunction === 'setTimeout' && storage.kind === 'discarded' && isExecutorRace(node))) {
          if (storage.kind === 'discarded' || !isHandleCleared(storage, owner, classUses)) {
            findings.push(finding('unclearedRaceTimer'));
          }
          continue;
        }
        // An instance with no end of life of its own (no dispose/close/destroy…) lives as long as what
        // holds it: its timers are not left behind by any teardown. (A base class may also clear them.)
        // `let t; setInterval(() => { t = setTimeout(…) })`: each tick replaces a handle that may be pending,
        // whatever owns the code around it.
        if (timerFunction === 'setTimeout' && storage.kind === 'variable' && overwritesPendingVariable(storage, node)) {
          findings.push(finding('overwrittenTimeout'));
          continue;
        }
        // `setTimeout(() => this.poll(), ms)` inside poll(), or `setTimeout(cleanup.bind(this), 30000)` in terminate():
        // a handle nobody keeps, so no stop or close can cancel it.
        if (timerFunction === 'setTimeout' && storage.kind === 'discarded' && !isUnrefed(node) && !model.runsOnce(node)) {
          const unkept = unkeptReason(node);
          if (unkept) {
            findings.push({ ...finding('unkeptTimeout'), unkept });
            continue;
          }
        }
        if (timerFunction === 'setTimeout' && storage.kind === 'variable' && clearedOnlyAfterAwait(node, storage.identifier, scopeManager)) {
          findings.push(finding('clearedOnlyOnSuccess'));
          continue;
        }
        // An instance another object of the file drops (`this.callState = null`) ends there.
        // An interval in a start() of such an instance is no different: without a stop, nothing shows it
        // runs twice. (A timeout armed there, `schedule()`, is still read for overwrites and re-arms.)
        if (owner && !ownerHasEnd(owner) && !isDroppedByHolder(owner) && (inheritsTeardown(owner) || !inStartMethod(node) || (timerFunction === 'setInterval' && !options.assumeOwnersEnd))) continue;
        if (timerFunction === 'setInterval') {
          // Started once per process (at load, by an entry point, a singleton): runs for its life by design.
          if (!options.checkModuleScope && (isModuleLevel(node) || model.runsOnce(node))) continue;
          // Outside an instance, only code that runs again and again (a listener's callback, a function it
          // calls, a component's effect) leaves one more interval behind each time.
          if (!owner && !isModuleLevel(node) && !options.assumeOwnersEnd && !endsWithFramework(node) && !runsPerEvent(ownerFunction, scopeManager) && !setsUpPerItem(node) && !holdsCallState(node.arguments[0], ownerFunction, scopeManager)) continue;
          // An instance with only a restartable teardown (`disconnect()`, `stop()`) that clears no timer gives no
          // sign that it ends before the process (a transport made once per daemon, reconnecting); a terminal
          // one (`close()`, `dispose()`) does, and so does a teardown that clears some timers and forgets this one.
          if (owner && !options.assumeOwnersEnd && !ownerHasTerminalEnd(owner) && !isDroppedByHolder(owner) && !endsWithFramework(node) && !teardownClearsTimers(owner, isThisAlias) && !runsPerEvent(ownerFunction, scopeManager)) continue;
          if (storage.kind === 'discarded') {
            findings.push(finding('discardedInterval'));
          } else if (!isHandleCleared(storage, owner, classUses)) {
            if (storage.kind === 'variable' && !options.checkModuleScope && isModuleVariableStartedAtModuleLevel(storage, node)) continue;
            findings.push(finding('unclearedInterval'));
          } else if (storage.kind === 'variable') {
            const closeEvent = selfClearedPastClose(storage, node);
            if (closeEvent !== null) findings.push({ ...finding('selfClearedInterval'), callbackEvent: closeEvent });
          }
          continue;
        }
        if (options.checkTimeoutFields && storage.kind === 'field' && owner) {
          if (!isHandleCleared(storage, owner, classUses)) findings.push(finding('unclearedTimeoutField'));
          else if (clearsItself(storage, owner, classUses) && overwritesPendingHandle(storage, owner, node, isThisAlias)) findings.push(finding('overwrittenTimeout'));
        }
      }
      return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
    },
  };

  /**
   * `t = setTimeout(…)` inside a callback that runs again and again (an interval's, a listener's), into a
   * variable of an outer function that is meant to be cancellable (it is cleared somewhere), with no read of it
   * first in that callback: each run orphans the previous, possibly pending, timer.
   */
  function overwritesPendingVariable(storage: Extract<TimerStorage, { kind: 'variable' }>, timer: TSESTree.CallExpression): boolean {
    const assignment = storage.identifier.parent;
    if (assignment?.type !== 'AssignmentExpression' || assignment.left !== storage.identifier) return false;
    const variable = resolveVariable(scopeManager, storage.identifier);
    if (!variable || isModuleScopeVariable(variable)) return false;
    const callback = enclosingFunction(assignment);
    if (!callback || !isRepeatingCallback(callback) || variable.scope.block === callback) return false;
    if (!variableUses(variable, storage.identifier).includes('cleared')) return false;
    if (firesBeforeNextTick(timer, callback)) return false;
    return !variable.references.some((reference) => reference.isRead() && contains(callback, reference.identifier) && reference.identifier.range[0] < assignment.range[0]);
  }

  /**
   * `setInterval(() => { wait = setTimeout(terminate, keepAlive) }, keepAlive)`: a timeout no longer than
   * the interval's period has fired (or been cleared) by the next tick, so the tick replaces a spent handle.
   */
  function firesBeforeNextTick(timer: TSESTree.CallExpression, callback: FunctionNode): boolean {
    const interval = callback.parent;
    if (interval?.type !== 'CallExpression' || interval.arguments[0] !== callback || getCalleeName(interval) !== 'setInterval') return false;
    const period = interval.arguments[1];
    const delay = timer.arguments[1];
    if (!period || !delay || period.type === 'SpreadElement' || delay.type === 'SpreadElement') return false;
    const periodPath = referencePath(period);
    if (periodPath !== null && periodPath === referencePath(delay)) {
      const periodRoot = unwrapExpression(period);
      const delayRoot = unwrapExpression(delay);
      // The same binding read twice (not two parameters that happen to share a name).
      if (periodRoot.type !== 'Identifier' || delayRoot.type !== 'Identifier') return true;
      const a = resolveVariable(scopeManager, periodRoot);
      return a !== null && a === resolveVariable(scopeManager, delayRoot);
    }
    const periodValue = staticValueOf(period, scopeManager);
    const delayValue = staticValueOf(delay, scopeManager);
    return typeof periodValue?.value === 'number' && typeof delayValue?.value === 'number' && delayValue.value <= periodValue.value;
  }

  /**
   * `const ping = setInterval(() => { if (!alive) clearInterval(ping) … })` in a function that also listens
   * for `conn.on('close', …)` without clearing it there: the interval stops only if its own check trips,
   * and after a normal close it may never do. Returns that close event.
   */
  function selfClearedPastClose(storage: Extract<TimerStorage, { kind: 'variable' }>, timer: TSESTree.CallExpression): string | null {
    const variable = resolveVariable(scopeManager, storage.identifier);
    const callback = timer.arguments[0];
    const fn = enclosingFunction(timer);
    if (!variable || !callback || !isFunctionNode(callback) || !fn || isModuleScopeVariable(variable)) return null;
    const reads = variable.references.filter((reference) => reference.identifier !== storage.identifier && reference.isRead());
    if (reads.length === 0 || !reads.every((reference) => contains(callback, reference.identifier))) return null;
    let event: string | null = null;
    let target: string | null = null;
    forEachNode(fn.body, (node) => {
      if (node.type !== 'CallExpression' || node === timer) return;
      const name = getCalleeName(node);
      const eventName = getStaticString(node.arguments[0]);
      const callee = unwrapExpression(node.callee);
      if (name === null || !isListenerCall(node) || eventName === null || !CLOSE_EVENTS.has(eventName) || callee.type !== 'MemberExpression') return;
      event = eventName;
      target = referencePath(callee.object);
      return true;
    });
    if (event === null || target === null) return null;
    // `if (ws.readyState === ws.CLOSED) clearInterval(ping)`: its own check watches the object that closes.
    const watchesTarget = (use: TSESTree.Node): boolean => {
      for (let current: TSESTree.Node | undefined = use.parent; current && current !== callback; current = current.parent) {
        const test = current.type === 'IfStatement' || current.type === 'ConditionalExpression' ? current.test : current.type === 'LogicalExpression' ? current.left : null;
        if (!test) continue;
        let mentions = false;
        forEachNode(test, (node) => {
          if ((node.type === 'MemberExpression' || node.type === 'Identifier') && referencePath(node) === target) mentions = true;
          return mentions;
        });
        if (mentions) return true;
      }
      return false;
    };
    return reads.some((reference) => watchesTarget(reference.identifier)) ? null : event;
  }

  /** Why a discarded timeout is a leak: it re-arms a loop a stop cannot cancel, or it outlives the teardown that starts it. */
  function unkeptReason(timer: TSESTree.CallExpression): UnkeptTimeout | null {
    const callback = timer.arguments[0] ? unwrapExpression(timer.arguments[0]) : null;
    if (!callback) return null;
    const called = calledNames(callback);
    // The loop: the callback calls a function the timer is started in (or one that starts it over).
    const enclosing: { name: string; fn: FunctionNode }[] = [];
    for (let fn = enclosingFunction(timer); fn; fn = enclosingFunction(fn)) {
      const name = getFunctionName(fn);
      if (name) enclosing.push({ name, fn });
    }
    // …or one of the owner's own loops (`setTimeout(() => this.pingHosts(), ms)` where pingHosts() re-arms itself).
    const owner = instanceOwnerOf(timer);
    const rearmed = enclosing.find(({ name }) => called.has(name)) ?? ownerLoopCalled(owner, called);
    const restart = [...called].find((name) => RESTARTING_NAME.test(name)) ?? null;
    // A literal delay under a second is a deferral or a poll whose pending turn is negligible after a stop.
    if ((rearmed || restart) && !isShortDelay(timer.arguments[1]) && !(rearmed && isBoundedLoop(rearmed.fn))) {
      const stoppable = (owner !== null && ownerHasEnd(owner)) || closureHasStop(timer) || (rearmed !== null && startsWithStopGuard(rearmed.fn));
      if (stoppable) return { kind: 'rearms', name: rearmed?.name ?? restart! };
    }
    // Started by the owner's own terminal teardown and holding the owner: it keeps the process (and the instance) for its delay.
    const teardown = teardownMethodOf(timer);
    if (teardown && referencesOwner(callback) && !isShortDelay(timer.arguments[1])) return { kind: 'afterTeardown', name: teardown };
    return null;
  }

  function ownerLoopCalled(owner: InstanceOwner | null, called: ReadonlySet<string>): { name: string; fn: FunctionNode } | null {
    if (!owner) return null;
    for (const name of called) {
      const fn = owner.members.get(name);
      if (!fn) continue;
      let loops = false;
      forEachNode(fn.body, (node) => {
        if (node.type === 'CallExpression' && timerFunctionOf(node) === 'setTimeout' && node.arguments[0] && calledNames(unwrapExpression(node.arguments[0])).has(name)) loops = true;
        return loops;
      }, { intoFunctions: true });
      if (loops) return { name, fn };
    }
    return null;
  }

  function referencesOwner(callback: TSESTree.Node): boolean {
    let found = false;
    forEachNode(callback, (node) => {
      if (node.type === 'ThisExpression' || (node.type === 'Identifier' && isThisAlias(node))) found = true;
      return found;
    }, { intoFunctions: true });
    return found;
  }

  function isModuleVariableStartedAtModuleLevel(storage: Extract<TimerStorage, { kind: 'variable' }>, node: TSESTree.Node): boolean {
    const variable = resolveVariable(scopeManager, storage.identifier);
    return variable !== null && isModuleScopeVariable(variable) && isModuleLevel(node);
  }

  function isHandleCleared(
    storage: Exclude<TimerStorage, { kind: 'discarded' }>,
    owner: InstanceOwner | null,
    classUses: Map<InstanceOwner, Map<string, HandleUse[]>>,
  ): boolean {
    if (storage.kind === 'variable') {
      const variable = resolveVariable(scopeManager, storage.identifier);
      // Without scope information, stay silent rather than guess.
      if (!variable) return true;
      return variableUses(variable, storage.identifier).some((use) => use !== 'neutral');
    }
    if (!owner) return true;
    let uses = classUses.get(owner);
    if (!uses) {
      uses = collectThisMemberUses(owner, isThisAlias, helperOwnerParameter);
      classUses.set(owner, uses);
    }
    const teardown = owner.kind === 'class' ? terminalTeardownOf(owner.node as ClassNode) : null;
    // A terminal end of the owner (a teardown, or its holder dropping it) leaves a re-armed timer pending.
    const ends = teardown !== null || isDroppedByHolder(owner) || (owner.kind === 'prototype' && [...owner.members.keys()].some((name) => TERMINAL_TEARDOWN_NAMES.includes(name)));
    // Cleared only when an object the owner does not own emits an event (`server.on('close', …)`):
    // the owner's own teardown never stops it.
    // `clearTimeout(this.#ping); this.#ping = setTimeout(…)` only re-arms: it never stops the last one.
    const armingFunction = enclosingFunction(storage.member);
    const reArms = (use: HandleUse): boolean => use.kind === 'cleared' && armingFunction !== null && enclosingFunction(use.node) === armingFunction && use.node.range[0] < storage.member.range[0];
    const counts = (use: HandleUse): boolean => use.kind !== 'neutral' && use.node !== storage.member && !(teardown && use.kind === 'cleared' && inForeignCallback(use.node)) && !(ends && reArms(use));
    if ((uses.get(storage.path) ?? []).some(counts)) return true;
    // A public field may be cleared through another object of the module (`clearTimeout(this.link.idleTimer)`).
    // …and a `#private` field through any instance of the class (`clearTimeout(this._self.#ping)`).
    const property = storage.path.slice(storage.path.lastIndexOf('.') + 1);
    return (isPublicField(storage, owner) || (property.startsWith('#') && storage.path.split('.').length === 2)) && clearedByPropertyName(property);
  }

  /** The owner's own code clears the field (so a pending timer is meant to be cancellable). */
  function clearsItself(storage: Extract<TimerStorage, { kind: 'field' }>, owner: InstanceOwner, classUses: Map<InstanceOwner, Map<string, HandleUse[]>>): boolean {
    return (classUses.get(owner)?.get(storage.path) ?? []).some((use) => use.kind === 'cleared');
  }

  function clearedByPropertyName(property: string): boolean {
    clearedProperties ??= collectClearedProperties(source.ast);
    return clearedProperties.has(property);
  }
}

type HandleUseKind = 'cleared' | 'escaped' | 'neutral';
interface HandleUse {
  readonly kind: HandleUseKind;
  readonly node: TSESTree.Node;
}

function isPromiseRace(node: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(node.callee);
  return (
    callee.type === 'MemberExpression' &&
    getPropertyName(callee) === 'race' &&
    unwrapExpression(callee.object).type === 'Identifier' &&
    (unwrapExpression(callee.object) as TSESTree.Identifier).name === 'Promise'
  );
}

/**
 * The expression whose value is the timer handle: climbs through
 * `.unref()`/`.ref()` (they return the same Timeout) and type assertions.
 */
function handleExpression(call: TSESTree.CallExpression): TSESTree.Node {
  let current = climbWrappers(call);
  for (;;) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (
      parent?.type === 'MemberExpression' &&
      parent.object === current &&
      (getPropertyName(parent) === 'unref' || getPropertyName(parent) === 'ref') &&
      parent.parent?.type === 'CallExpression' &&
      parent.parent.callee === parent
    ) {
      current = climbWrappers(parent.parent);
      continue;
    }
    return current;
  }
}

/** Where the handle goes; null when it escapes to code this module cannot see. */
function storageOf(call: TSESTree.CallExpression, isThisAlias: (node: TSESTree.Node) => boolean, helperOwner: (node: TSESTree.Node) => InstanceOwner | null): TimerStorage | null {
  const value = handleExpression(call);
  const parent = value.parent;
  if (!parent) return { kind: 'discarded' };
  switch (parent.type) {
    case 'ExpressionStatement':
      return { kind: 'discarded' };
    case 'UnaryExpression':
      return parent.operator === 'void' ? { kind: 'discarded' } : null;
    case 'SequenceExpression':
      return parent.expressions.at(-1) === value ? null : { kind: 'discarded' };
    case 'ArrowFunctionExpression':
      // `resolve => setTimeout(resolve, ms)`: an executor's return value is ignored.
      return parent.body === value && isPromiseExecutor(parent) ? { kind: 'discarded' } : null;
    case 'VariableDeclarator':
      return parent.init === value && parent.id.type === 'Identifier' ? { kind: 'variable', name: parent.id.name, identifier: parent.id } : null;
    case 'AssignmentExpression': {
      if (parent.right !== value || parent.operator !== '=') return null;
      const left = unwrapExpression(parent.left);
      if (left.type === 'Identifier') return { kind: 'variable', name: left.name, identifier: left };
      if (left.type === 'MemberExpression') {
        // `this.t`, `this.quota.resetTimer`, `self.t` (`const self = this`), `pool.t` in a helper called with `this`.
        const root = memberRoot(left);
        const owner = (isThisAlias(root) ? instanceOwnerOf(root) : null) ?? helperOwner(root);
        if (!owner) return null;
        const path = referencePath(left);
        if (!path) return null;
        return { kind: 'field', path: `this${path.slice(path.indexOf('.'))}`, member: left, owner };
      }
      return null;
    }
    case 'PropertyDefinition': {
      if (parent.value !== value || parent.static) return null;
      const name = getPropertyName(parent);
      const owner = instanceOwnerOf(parent);
      return name && owner ? { kind: 'field', path: `this.${name}`, member: parent as never, owner } : null;
    }
    default:
      return null;
  }
}

/** How one read of a handle treats it. */
function classifyHandleRead(read: TSESTree.Node): HandleUseKind {
  const current = climbWrappers(read);
  const parent = current.parent;
  if (!parent) return 'neutral';
  if (parent.type === 'CallExpression' && parent.arguments.includes(current as TSESTree.CallExpressionArgument)) {
    const name = getCalleeName(parent);
    return name !== null && CLEAR_FUNCTIONS.has(name) ? 'cleared' : 'escaped';
  }
  if (parent.type === 'MemberExpression' && parent.object === current) {
    const name = getPropertyName(parent);
    if (name !== null && STOPPING_HANDLE_METHODS.has(name)) return 'cleared';
    if (parent.computed && unwrapExpression(parent.property).type === 'MemberExpression' && referencePath(parent.property) === 'Symbol.dispose') return 'cleared';
    if (name !== null && NEUTRAL_HANDLE_METHODS.has(name)) return 'neutral';
    // Reading a property of the handle (`timer.hasRef`) neither clears nor leaks it.
    return 'neutral';
  }
  switch (parent.type) {
    case 'IfStatement':
    case 'LogicalExpression':
    case 'UnaryExpression':
    case 'BinaryExpression':
    case 'ConditionalExpression':
      // `if (this.timer)`, `!timer`, `timer ?? …` test the handle; they do not hand it out.
      if (parent.type === 'ConditionalExpression' && parent.test !== current) return 'escaped';
      if (parent.type === 'LogicalExpression' && parent.right === current) return 'escaped';
      return 'neutral';
    case 'ExpressionStatement':
      return 'neutral';
    default:
      // Returned, stored elsewhere, put in an array, exported: someone else may clear it.
      return 'escaped';
  }
}

function variableUses(variable: Variable, declaration: TSESTree.Identifier): HandleUseKind[] {
  const uses: HandleUseKind[] = [];
  for (const reference of variable.references) {
    if (reference.identifier === declaration || !reference.isRead()) continue;
    uses.push(classifyHandleRead(reference.identifier));
  }
  // `export let timer` hands the handle to every importer.
  for (const definition of variable.defs) {
    if (definition.node.parent?.parent?.type === 'ExportNamedDeclaration') uses.push('escaped');
  }
  return uses;
}

/** Every `this.<name>` read in a class body, keyed by path, with how each read treats the value. */
function collectThisMemberUses(owner: InstanceOwner, isThisAlias: (node: TSESTree.Node) => boolean, helperOwner: (node: TSESTree.Node) => InstanceOwner | null): Map<string, HandleUse[]> {
  const uses = new Map<string, HandleUse[]>();
  const stack: TSESTree.Node[] = [...owner.bodies];
  // Module helpers that receive the owner as a parameter read its fields too.
  const program = programRoot(owner.node);
  for (const statement of program.body) if (statement.type === 'FunctionDeclaration') stack.push(statement);
  const seen = new Set<TSESTree.Node>();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.type === 'MemberExpression' && isOwnerRoot(memberRoot(node), owner, isThisAlias, helperOwner)) {
      const raw = referencePath(node);
      const path = raw === null ? null : `this${raw.slice(raw.indexOf('.'))}`;
      const parent = node.parent;
      const isWrite = parent?.type === 'AssignmentExpression' && parent.left === node;
      if (path && !isWrite) {
        const list = uses.get(path) ?? [];
        list.push({ kind: classifyHandleRead(node), node });
        uses.set(path, list);
      }
    }
    // A nested class (its body) has its own `this`.
    pushChildNodes(stack, node, (child) => child.type !== 'ClassBody');
  }
  return uses;
}

function memberRoot(node: TSESTree.MemberExpression): TSESTree.Node {
  let current: TSESTree.Node = unwrapExpression(node.object);
  while (current.type === 'MemberExpression') current = unwrapExpression(current.object);
  return current;
}

function isOwnerRoot(root: TSESTree.Node, owner: InstanceOwner, isThisAlias: (node: TSESTree.Node) => boolean, helperOwner: (node: TSESTree.Node) => InstanceOwner | null): boolean {
  if (root.type === 'ThisExpression') return instanceOwnerOf(root) === owner || owner.kind === 'class' || helperOwner(root) === owner;
  if (root.type !== 'Identifier') return false;
  if (isThisAlias(root)) return instanceOwnerOf(root) === owner;
  return helperOwner(root) === owner;
}

function programRoot(node: TSESTree.Node): TSESTree.Program {
  let current = node;
  while (current.parent) current = current.parent;
  return current as TSESTree.Program;
}


/**
 * Maps each timer call that forms the timeout branch of a `Promise.race` to
 * that race: timers started in a `new Promise(executor)` element, or in the
 * body of a same-module helper (`timeout(ms)`) whose call is an element.
 */
function collectRaceTimers(
  raceCalls: TSESTree.CallExpression[],
  source: DetectorSource,
): Map<TSESTree.CallExpression, TSESTree.CallExpression> {
  const result = new Map<TSESTree.CallExpression, TSESTree.CallExpression>();
  for (const race of raceCalls) {
    const list = race.arguments[0] ? unwrapExpression(race.arguments[0]) : null;
    if (list?.type !== 'ArrayExpression') continue;
    for (const element of list.elements) {
      if (!element || element.type === 'SpreadElement') continue;
      const branch = unwrapExpression(element);
      for (const executor of timeoutExecutors(branch, source)) {
        for (const timer of timerCallsIn(executor)) if (!result.has(timer)) result.set(timer, race);
      }
    }
  }
  return result;
}

/** Promise executors that a race branch runs: `new Promise(fn)` directly, or returned by a local helper. */
function timeoutExecutors(branch: TSESTree.Node, source: DetectorSource): FunctionNode[] {
  if (branch.type === 'NewExpression') {
    const executor = branch.arguments[0];
    return isPromiseExecutor(executor as TSESTree.Node) && isFunctionNode(executor) ? [executor] : [];
  }
  if (branch.type === 'CallExpression') {
    const callee = unwrapExpression(branch.callee);
    if (callee.type !== 'Identifier') return [];
    const variable = resolveVariable(source.scopeManager, callee);
    const definition = variable?.defs[0];
    if (!definition) return [];
    let fn: TSESTree.Node | null | undefined = null;
    if (definition.type === 'FunctionName') fn = definition.node;
    else if (definition.type === 'Variable' && definition.node.type === 'VariableDeclarator') fn = definition.node.init;
    if (!fn || !isFunctionNode(fn)) return [];
    const executors: FunctionNode[] = [];
    const stack: TSESTree.Node[] = [fn.body];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'NewExpression' && isFunctionNode(node.arguments[0]) && isPromiseExecutor(node.arguments[0] as TSESTree.Node)) {
        executors.push(node.arguments[0] as FunctionNode);
        continue;
      }
      if (isFunctionNode(node)) continue;
      stack.push(...childNodes(node));
    }
    return executors;
  }
  return [];
}

function timerCallsIn(executor: FunctionNode): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  const stack: TSESTree.Node[] = [executor.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'CallExpression') {
      const name = getCalleeName(node);
      if (name === 'setTimeout') calls.push(node);
    }
    stack.push(...childNodes(node));
  }
  return calls;
}

/** Property names passed to clearTimeout/clearInterval anywhere in the file (`clearTimeout(x.idleTimer)`). */
function collectClearedProperties(program: TSESTree.Program): Set<string> {
  const result = new Set<string>();
  forEachNode(program, (node) => {
    if (node.type !== 'CallExpression') return;
    const callee = unwrapExpression(node.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
    if (name !== 'clearTimeout' && name !== 'clearInterval') return;
    const argument = node.arguments[0] ? unwrapExpression(node.arguments[0]) : null;
    if (argument?.type === 'MemberExpression' && unwrapExpression(argument.object).type !== 'ThisExpression') {
      const property = getPropertyName(argument);
      if (property) result.add(property);
    }
  }, { intoFunctions: true });
  return result;
}

/** A field other classes can reach: not `#private` and not declared `private`/`protected`. */
function isPublicField(storage: { path: string }, owner: InstanceOwner): boolean {
  const name = storage.path.slice(storage.path.lastIndexOf('.') + 1);
  if (name.startsWith('#') || storage.path.split('.').length !== 2) return false;
  if (owner.kind !== 'class') return true;
  for (const member of (owner.node as ClassNode).body.body) {
    if (member.type === 'PropertyDefinition' && !member.computed && member.key.type === 'Identifier' && member.key.name === name) {
      return member.accessibility !== 'private' && member.accessibility !== 'protected';
    }
  }
  return true;
}

/**
 * `new Promise((resolve, reject) => { child.once('ready', resolve); setTimeout(() => reject(…), ms) })`:
 * a timeout raced against an event inside an executor. When the event wins, the timer stays.
 */
function isExecutorRace(timer: TSESTree.CallExpression): boolean {
  const executor = enclosingFunction(timer);
  if (!executor || !isPromiseExecutor(executor) || executor.body.type !== 'BlockStatement') return false;
  const [resolve, reject] = executor.params;
  if (resolve?.type !== 'Identifier' || reject?.type !== 'Identifier') return false;
  const callback = timer.arguments[0] ? unwrapExpression(timer.arguments[0]) : null;
  const rejects = callback !== null && (isFunctionNode(callback) ? someCall(callback.body, reject.name) : callback.type === 'Identifier' && callback.name === reject.name);
  if (!rejects) return false;
  // The other branch hands `resolve` to something that calls it later (an event, a callback).
  let resolvedElsewhere = false;
  forEachNode(executor.body, (node) => {
    if (node.type === 'CallExpression' && node !== timer && node.arguments.some((argument) => argument.type === 'Identifier' && argument.name === resolve.name)) resolvedElsewhere = true;
    return resolvedElsewhere;
  });
  return resolvedElsewhere;
}

function someCall(body: TSESTree.Node, name: string): boolean {
  let found = false;
  forEachNode(body, (node) => {
    if (node.type === 'CallExpression') {
      const callee = unwrapExpression(node.callee);
      if (callee.type === 'Identifier' && callee.name === name) found = true;
    }
    return found;
  }, { intoFunctions: true });
  return found;
}

/** Inside a listener registered on a method parameter (`attachTo(server) { server.on('close', () => …) }`). */
function inForeignCallback(node: TSESTree.Node): boolean {
  const fn = enclosingFunction(node);
  const call = fn?.parent;
  if (call?.type !== 'CallExpression' || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  const callee = unwrapExpression(call.callee);
  if (callee.type !== 'MemberExpression' || !['on', 'once', 'addListener', 'addEventListener'].includes(getPropertyName(callee) ?? '')) return false;
  const target = unwrapExpression(callee.object);
  if (target.type !== 'Identifier') return false;
  const outer = enclosingFunction(call);
  return outer !== null && outer.params.some((param) => param.type === 'Identifier' && param.name === target.name) && outer.parent?.type === 'MethodDefinition';
}

/** A subclass of a class defined elsewhere may be torn down (and its timers cleared) by its base. */
function inheritsTeardown(owner: InstanceOwner): boolean {
  return owner.kind === 'class' && (owner.node as ClassNode).superClass !== null;
}

/**
 * `schedule() { this.timer = setTimeout(…) }` in a method (of an ES class or a prototype-style one) that
 * neither clears nor tests the field first, while the class does clear it elsewhere (so a pending one is
 * meant to be cancellable): a second call orphans the first timer, which then fires anyway. Not when the
 * method returns early under a guard first, nor when every call of it in the owner is guarded: from the
 * constructor, from the timer's own callback, after clearing or testing the field, or under a condition.
 */
function overwritesPendingHandle(storage: Extract<TimerStorage, { kind: 'field' }>, owner: InstanceOwner, timer: TSESTree.CallExpression, isThisAlias: (node: TSESTree.Node) => boolean): boolean {
  const fn = enclosingFunction(storage.member);
  if (!fn || fn.body.type !== 'BlockStatement') return false;
  const methodName = methodNameOf(fn, owner);
  if (methodName === null) return false;
  if (startedOnlyAfterStop(methodName, storage.path, owner, isThisAlias)) return false;
  // The assignment runs on every call: at the method's top level, or in plain `if` blocks (no loop, no callback).
  const statement: TSESTree.Node | undefined = storage.member.parent?.parent;
  if (statement?.type !== 'ExpressionStatement') return false;
  let topLevel: TSESTree.Node = statement;
  while (topLevel.parent !== fn.body) {
    const parent: TSESTree.Node | undefined = topLevel.parent;
    if (!parent || (parent.type !== 'BlockStatement' && !(parent.type === 'IfStatement' && (parent.test as TSESTree.Node) !== topLevel))) return false;
    topLevel = parent;
  }
  const field = storage.path;
  let readsFirst = false;
  forEachNode(fn.body, (node) => {
    if (node.range[0] >= storage.member.range[0]) return false;
    if (node.type === 'MemberExpression' && referencePath(node) === field) readsFirst = true;
    // `this.clearTimeout()` first, a method of the owner that reads (clears) the field.
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && isThisAlias(node.callee.object)) {
      const helper = owner.members.get(getPropertyName(node.callee) ?? '');
      if (helper && helper !== fn && someNode(helper, (child) => child.type === 'MemberExpression' && referencePath(child) === field)) readsFirst = true;
    }
    return readsFirst;
  }, { intoFunctions: true });
  if (readsFirst) return false;
  // `if (this.reconnecting) return; this.reconnecting = true;` first: a latch, one timer at a time.
  for (const earlier of fn.body.body) {
    if (earlier === topLevel) break;
    if (earlier.type === 'IfStatement' && exitsEarly(earlier.consequent) && setsTestedField(fn.body, earlier.test)) return false;
  }
  const calls = methodCalls(owner, methodName, isThisAlias);
  return calls.length === 0 || !calls.every((call) => isGuardedArming(call, field, timer, owner) || calledFromStartAfterStop(call, field, owner, isThisAlias));
}

/**
 * `connect()` beside a `disconnect()` that clears the timer (or `onRemove()` beside an `onAdd()` that does),
 * and called by no code of the owner itself: its callers alternate the two, and the other clears the
 * handle before the next call replaces it. (An owner that calls its own `connect()` again, on a
 * reconnect, may not.)
 */
function startedOnlyAfterStop(method: string, path: string, owner: InstanceOwner, isThisAlias: (node: TSESTree.Node) => boolean): boolean {
  for (const [name, member] of owner.members) {
    if (!areCounterparts(name, method) || !isFunctionNode(member)) continue;
    if (!someNode(member, (node) => node.type === 'MemberExpression' && referencePath(node) === path)) continue;
    return methodCalls(owner, method, isThisAlias).length === 0;
  }
  return false;
}

function calledFromStartAfterStop(call: TSESTree.CallExpression, path: string, owner: InstanceOwner, isThisAlias: (node: TSESTree.Node) => boolean): boolean {
  const caller = enclosingFunction(call);
  const name = caller ? methodNameOf(caller, owner) : null;
  return name !== null && startedOnlyAfterStop(name, path, owner, isThisAlias);
}

/** The method name of `fn` on its owner: `m() {}` in a class, `X.prototype.m = function () {}`. */
function methodNameOf(fn: FunctionNode, owner: InstanceOwner): string | null {
  const parent = fn.parent;
  if (parent?.type === 'MethodDefinition') return parent.kind === 'method' ? getPropertyName(parent) : null;
  for (const [name, member] of owner.members) if (member === fn && owner.kind === 'prototype') return name;
  return null;
}

/** The body assigns a `this.` field that `test` reads (the latch of a guard). */
function setsTestedField(body: TSESTree.BlockStatement, test: TSESTree.Expression): boolean {
  const tested = new Set<string>();
  forEachNode(test, (node) => {
    if (node.type === 'MemberExpression') {
      const path = referencePath(node);
      if (path?.startsWith('this.')) tested.add(path);
    }
  });
  let sets = false;
  forEachNode(body, (node) => {
    if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && tested.has(referencePath(node.left) ?? '')) sets = true;
    return sets;
  });
  return sets;
}

function exitsEarly(node: TSESTree.Statement): boolean {
  if (node.type === 'ReturnStatement' || node.type === 'ThrowStatement') return true;
  return node.type === 'BlockStatement' && node.body.some((statement) => statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement');
}

/** `this.m(…)` / `self.m(…)` calls in the owner's code. */
function methodCalls(owner: InstanceOwner, name: string, isThisAlias: (node: TSESTree.Node) => boolean): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  for (const body of owner.bodies) {
    forEachNode(body, (node) => {
      if (node.type !== 'CallExpression') return;
      const callee = unwrapExpression(node.callee);
      if (callee.type === 'MemberExpression' && getPropertyName(callee) === name && isThisAlias(callee.object)) calls.push(node);
    }, { intoFunctions: true });
  }
  return calls;
}

function isGuardedArming(call: TSESTree.CallExpression, field: string, timer: TSESTree.CallExpression, owner: InstanceOwner): boolean {
  const callback = timer.arguments[0];
  if (callback && contains(callback, call)) return true;
  // `setTimeout(() => this.runChecks(), ms)` where runChecks() re-arms: the previous timer has fired.
  if (callback && isFunctionNode(callback)) {
    const caller = enclosingFunction(call);
    const callerName = caller ? methodNameOf(caller, owner) : null;
    if (callerName !== null && someMethodCall(callback.body, callerName)) return true;
  }
  const fn = enclosingFunction(call);
  if (!fn) return false;
  // From the constructor, directly or in a one-shot callback of it (`setTimeout(() => self.doXhr(), 0)`): once per instance.
  for (let current: FunctionNode | null = fn; current; current = enclosingFunction(current)) {
    if ((current.parent?.type === 'MethodDefinition' && current.parent.kind === 'constructor') || (owner.kind === 'prototype' && current === owner.node)) return true;
    if (isRepeatingCallback(current) || current.parent?.type === 'MethodDefinition' || [...owner.members.values()].includes(current)) break;
  }
  let readsFirst = false;
  forEachNode(fn.body, (node) => {
    if (node.range[0] >= call.range[0]) return false;
    if (node.type === 'MemberExpression' && referencePath(node) === field) readsFirst = true;
    return readsFirst;
  });
  if (readsFirst) return true;
  for (let current: TSESTree.Node | undefined = call.parent; current && current !== fn; current = current.parent) {
    if (current.type === 'IfStatement' || current.type === 'ConditionalExpression' || current.type === 'LogicalExpression') return true;
  }
  return false;
}

function someMethodCall(body: TSESTree.Node, name: string): boolean {
  let found = false;
  forEachNode(body, (node) => {
    if (node.type === 'CallExpression') {
      const callee = unwrapExpression(node.callee);
      if (callee.type === 'MemberExpression' && getPropertyName(callee) === name) found = true;
    }
    return found;
  }, { intoFunctions: true });
  return found;
}

/**
 * `const timeout = setTimeout(() => this.conn.reconnect(), ms); await client.bzpopmin(…); clearTimeout(timeout);`
 * inside a `try` whose `catch` carries on: a throw from the awaited call skips the clear, and the guard
 * timeout fires later all the same, acting on the owner's objects (a reconnect, a kill, a reset). Only a
 * handle that is read nowhere but by such clears counts (none in a `catch` or `finally`). Returns the await.
 */
export function clearedOnlyAfterAwait(timer: TSESTree.CallExpression, handle: TSESTree.Identifier, scopeManager: DetectorSource['scopeManager']): TSESTree.AwaitExpression | null {
  const fn = enclosingFunction(timer);
  const callback = timer.arguments[0] ? unwrapExpression(timer.arguments[0]) : null;
  if (!fn?.async || !callback || callback.type !== 'ArrowFunctionExpression') return null;
  const actsOnOwner = (node: TSESTree.Node): boolean => {
    if (node.type !== 'CallExpression') return false;
    let object = unwrapExpression(node.callee);
    if (object.type !== 'MemberExpression') return false;
    while (object.type === 'MemberExpression') object = unwrapExpression(object.object);
    return object.type === 'ThisExpression';
  };
  if (!someNodeIn(callback.body, actsOnOwner)) return null;
  const variable = resolveVariable(scopeManager, handle);
  if (!variable || isModuleScopeVariable(variable)) return null;
  const reads = variable.references.filter((reference) => reference.identifier !== handle && reference.isRead()).map((reference) => reference.identifier);
  if (reads.length === 0) return null;
  for (const read of reads) {
    const clear = read.parent;
    if (clear?.type !== 'CallExpression' || clear.arguments[0] !== read || getCalleeName(clear) !== 'clearTimeout' || enclosingFunction(read) !== fn) return null;
    for (let current: TSESTree.Node | undefined = read; current && current !== fn; current = current.parent) {
      if (current.type === 'CatchClause' || (current.parent?.type === 'TryStatement' && current.parent.finalizer === current)) return null;
    }
  }
  let attempt: TSESTree.TryStatement | null = null;
  for (let current: TSESTree.Node | undefined = timer; current && current !== fn; current = current.parent) {
    if (current.parent?.type === 'TryStatement' && current.parent.block === current && current.parent.handler) {
      attempt = current.parent;
      break;
    }
  }
  if (!attempt) return null;
  const firstClear = Math.min(...reads.map((read) => read.range[0]));
  let awaited: TSESTree.AwaitExpression | null = null;
  forEachNode(attempt.block, (node) => {
    if (node.type === 'AwaitExpression' && node.range[0] > timer.range[1] && node.range[1] < firstClear) awaited ??= node;
    return awaited !== null;
  });
  return awaited;
}

function someNodeIn(root: TSESTree.Node, predicate: (node: TSESTree.Node) => boolean): boolean {
  let found = false;
  forEachNode(root, (node) => (found = predicate(node)));
  return found;
}
