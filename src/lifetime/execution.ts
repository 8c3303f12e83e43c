import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { childNodes } from '../ast/walk.js';
import { getCalleeName, getFunctionName, getPropertyName, isClassNode, referencePath, isFunctionNode, unwrapExpression, type ClassNode, type FunctionNode } from '../ast/nodes.js';
import { isModuleScopeVariable, resolveVariable } from '../ast/scope.js';
import { endsTheProcess, isProcessExit, TEST_CALLBACK_CALLEES } from './file-role.js';

type ScopeManager = TSESLint.Scope.ScopeManager;

/**
 * How often a piece of code runs, the question every detector asks before it
 * calls something a leak:
 * - `load`: while the module loads (top level, static blocks, IIFEs, callbacks of calls made there);
 * - `once`: once per process or worker (entry points, startup functions, lazy singletons,
 *   init-once guards, functions only called from load/once code);
 * - `test`: inside a test-framework callback (`describe`, `it`, `beforeEach`, …);
 * - `any`: nothing bounds it (a method, an exported function, an event callback).
 */
export type Execution = 'load' | 'once' | 'test' | 'any';

/** Names of module-level functions that a process runs once (one shared option, `startupFunctions`). */
export const DEFAULT_RUN_ONCE_FUNCTIONS: readonly string[] = ['main', 'bootstrap', 'boot', 'startup', 'launch', 'cli', 'run', 'setup', 'start', 'init', 'initialize'];
/** Name prefixes of module-level run-once functions (`setupPrimary`, `bootstrapServer`, `initTelemetry`). */
const RUN_ONCE_PREFIXES = /^(?:setup|bootstrap|init|initialize|install|configure|main|boot)(?=[A-Z_]|$)/;
/** …unless it sets up one of many things (`setupConnection(conn)`, `initSession(req)`). */
const PER_ITEM_SUFFIX = /(?:Connection|Conn|Socket|Client|Request|Req|Session|Peer|Stream|Channel|Job|Task|Message|Route|Handler|Listener|Subscription|Room|User|Player|Item|Tab|Window|Page|Component|Element|Instance)s?$/;

/** Module-level registration APIs (`registerCodec`, `defineRule`): called by modules at load time. */
const REGISTRATION_API = /^(?:register|define|declare|provide|extend)(?=[A-Z_])/;

/** Calls whose callback runs again and again: registrations, intervals, servers, routes. */
const REPEATING_CALLS = new Set(['on', 'addListener', 'prependListener', 'addEventListener', 'subscribe', 'setInterval', 'createServer', 'handle', 'use', 'route', 'onmessage', 'watch', 'observe', 'addHook', 'hook', 'register', 'intercept', 'middleware', 'define', 'command', 'action', 'process', 'consume', 'subscribeToEvents']);
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options']);
/** Events a target emits once: their listeners run once (`will-finish-launching`: Electron's app, at startup). */
export const ONE_SHOT_EVENTS = new Set(['DOMContentLoaded', 'load', 'ready', 'listening', 'deviceready', 'will-finish-launching', 'open', 'close', 'end', 'finish', 'exit', 'online', 'spawn']);

/** Lifecycle events that fire once per object: once for a target created right here. */
const LIFECYCLE_EVENTS = new Set(['open', 'connect', 'close', 'end', 'finish', 'exit', 'spawn', 'ready', 'online', 'upgrade']);

/**
 * True when a listener for `event` on `target` runs once: an event every target emits once
 * (`DOMContentLoaded`, `listening`), or a lifecycle event (`open`, `close`, …) of an object
 * created in the same function (`const ws = new WebSocket(url); ws.on('open', …)`).
 */
export function isOneShotEvent(event: string, target: TSESTree.Node, scopeManager: ScopeManager | null): boolean {
  if (ALWAYS_ONCE_EVENTS.has(event)) return true;
  if (!LIFECYCLE_EVENTS.has(event)) return false;
  const current = unwrapExpression(target);
  if (current.type !== 'Identifier') return false;
  const definition = resolveVariable(scopeManager, current)?.defs[0];
  if (definition?.type !== 'Variable' || definition.node.type !== 'VariableDeclarator' || !definition.node.init) return false;
  if (isModuleScopeVariable(resolveVariable(scopeManager, current)!)) return false;
  const init = unwrapExpression(definition.node.init);
  return init.type === 'NewExpression' || init.type === 'CallExpression';
}
const ALWAYS_ONCE_EVENTS = new Set(['DOMContentLoaded', 'load', 'ready', 'listening', 'deviceready', 'will-finish-launching']);

/**
 * Events a target emits at most once, when it (or the process, or the page) ends: a `once`
 * listener for one of them stays until then, exactly as an `on` listener would, so `once` is
 * no removal for them (`process.once('SIGTERM', …)` per connection keeps every connection).
 */
const END_OF_LIFE_EVENTS = new Set(['close', 'end', 'finish', 'exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGBREAK', 'beforeunload', 'unload']);

/** Whether `event` comes only at the end of its target's life (see {@link END_OF_LIFE_EVENTS}). */
export function comesAtEndOfLife(event: string): boolean {
  return END_OF_LIFE_EVENTS.has(event);
}

/**
 * Events one object emits again and again: stream data, messages, requests, reconnects, user input.
 * A listener added to an object in the callback of another of its events piles up only when that
 * event repeats; of an event outside this list (`pipe`, `limit`) one file cannot tell.
 */
const REPEATED_EVENTS = new Set([
  'data', 'readable', 'line', 'chunk', 'packet', 'frame', 'progress', 'request', 'connection', 'connect', 'reconnect', 'reconnected',
  'reconnecting', 'open', 'error', 'ping', 'pong', 'tick', 'job', 'task', 'event', 'notification', 'input', 'click', 'dblclick',
  'keydown', 'keyup', 'keypress', 'mousedown', 'mouseup', 'mousemove', 'mouseover', 'mouseout', 'mouseenter', 'mouseleave',
  'pointerdown', 'pointerup', 'pointermove', 'touchstart', 'touchmove', 'touchend', 'wheel', 'scroll', 'resize', 'focus', 'blur',
  'visibilitychange', 'online', 'offline', 'timeupdate', 'hashchange', 'popstate', 'storage', 'drop', 'dragover', 'paste', 'submit',
]);
const REPEATED_EVENT_WORDS = /(?:message|change|update|tick|data|request|response|reply|result|status|state|heartbeat|refresh|sync)/i;

/** Whether one object emits `event` again and again (see {@link REPEATED_EVENTS}). */
export function emitsRepeatedly(event: string): boolean {
  return REPEATED_EVENTS.has(event) || REPEATED_EVENT_WORDS.test(event);
}

export interface ExecutionOptions {
  /** Extra module-level function names that run once per process. */
  readonly runOnceFunctions?: readonly string[];
  /** Extra methods whose callbacks run again and again (a rule's `additionalRegistrationMethods`). */
  readonly repeatingMethods?: readonly string[];
}

export interface ExecutionModel {
  /** How often `node` runs (see {@link Execution}). */
  executionOf(node: TSESTree.Node): Execution;
  /** `load` or `once`: a registration or timer here is made a bounded number of times. */
  runsOnce(node: TSESTree.Node): boolean;
  /** Inside a test-framework callback. */
  isTestCode(node: TSESTree.Node): boolean;
  /** Why `fn` runs once, or null: for messages and tests. */
  runOnceReason(fn: FunctionNode): RunOnceReason | null;
  /**
   * A method that sets its own instance up, once (`setupChatRoomListeners()`, `initEvents()`): named
   * like a startup step, without parameters (it sets up the instance, not one item given to it), and
   * called in this file only from constructors or other such methods (callers elsewhere are unseen).
   */
  setsUpInstance(method: TSESTree.MethodDefinition): boolean;
  /** The file makes one instance of the class per process (a lazy singleton, or `new` only at module level). */
  instantiatedOnce(classNode: ClassNode): boolean;
}

export type RunOnceReason = 'registration-api' | 'iife' | 'callback-of-once-code' | 'entry-name' | 'ends-process' | 'exit-handler' | 'reads-stdin' | 'init-once-guard' | 'only-called-once' | 'singleton-constructor' | 'module-instance-constructor';

const MAX_DEPTH = 4;

/**
 * The one answer to "how often does this run" for a program. Cached per
 * function, so the detectors' many questions cost one walk up each.
 */
export function createExecutionModel(program: TSESTree.Program, scopeManager: ScopeManager | null, options: ExecutionOptions = {}): ExecutionModel {
  const names = new Set([...DEFAULT_RUN_ONCE_FUNCTIONS, ...(options.runOnceFunctions ?? [])]);
  const repeating = new Set([...REPEATING_CALLS, ...(options.repeatingMethods ?? [])]);
  const functionCache = new Map<FunctionNode, Execution>();
  const reasons = new Map<FunctionNode, RunOnceReason | null>();
  const inProgress = new Set<FunctionNode>();

  function executionOf(node: TSESTree.Node, depth = 0): Execution {
    let current: TSESTree.Node | undefined = node.parent;
    let child: TSESTree.Node = node;
    while (current) {
      // `if (!started) { started = true; … }` inside a function that runs again and again: once.
      if (isFunctionNode(current)) return inInitOnceBlock(node) ? 'once' : functionExecution(current, depth);
      if (current.type === 'PropertyDefinition' || current.type === 'AccessorProperty') {
        // An instance field initializer runs per instance; a static one at class definition.
        if (current.value === child && !current.static) return constructorExecution(current.parent.parent as ClassNode, depth);
      }
      if (current.type === 'StaticBlock') {
        child = current;
        current = current.parent;
        continue;
      }
      child = current;
      current = current.parent;
    }
    void program;
    return 'load';
  }

  function functionExecution(fn: FunctionNode, depth: number): Execution {
    const cached = functionCache.get(fn);
    if (cached) return cached;
    if (inProgress.has(fn) || depth > MAX_DEPTH) return 'any';
    inProgress.add(fn);
    const { execution, reason } = computeFunction(fn, depth);
    inProgress.delete(fn);
    functionCache.set(fn, execution);
    reasons.set(fn, reason);
    return execution;
  }

  function computeFunction(fn: FunctionNode, depth: number): { execution: Execution; reason: RunOnceReason | null } {
    const parent = unwrapParent(fn);
    // An immediately invoked function runs where it is called.
    if ((parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && unwrapExpression(parent.callee) === fn) {
      return fromContext(executionOf(parent, depth), 'iife');
    }
    if (parent?.type === 'CallExpression' && parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
      if (isTestFrameworkCall(parent)) return { execution: 'test', reason: null };
      if (isRepeatingCallback(parent, fn, repeating)) return { execution: 'any', reason: null };
      return fromContext(executionOf(parent, depth), 'callback-of-once-code');
    }
    // `new Promise((resolve) => …)` runs its executor right away.
    if (parent?.type === 'NewExpression' && parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
      return fromContext(executionOf(parent, depth), 'callback-of-once-code');
    }
    if (parent?.type === 'MethodDefinition' && parent.value === fn) {
      const classNode = parent.parent.parent as ClassNode;
      if (parent.kind === 'constructor') return asOnce(constructorExecution(classNode, depth));
      if (parent.kind === 'method') return methodExecution(fn, getPropertyName(parent), depth);
      return { execution: 'any', reason: null };
    }
    if (fn.type === 'FunctionDeclaration' || parent?.type === 'VariableDeclarator') {
      const id = fn.type === 'FunctionDeclaration' ? fn.id : parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id : null;
      if (id) return namedFunction(fn, id, depth);
    }
    // `Daemon.prototype.start = function () {…}`, `Dashboard.init = function () {…}`, `{ start() {…} }`.
    if (parent?.type === 'AssignmentExpression' && parent.right === fn && parent.operator === '=') {
      const left = unwrapExpression(parent.left);
      if (left.type === 'MemberExpression') return methodExecution(fn, getPropertyName(left), depth);
    }
    if (parent?.type === 'Property' && parent.value === fn && parent.kind === 'init') return methodExecution(fn, getPropertyName(parent), depth);
    return { execution: 'any', reason: null };
  }

  /**
   * A method (class, prototype or object member) runs once when it is process-level by its
   * body (it installs a handler that ends the process, or reads the process's stdin), or when
   * every place in the file that names it calls it from run-once code (`this.startLogic()` from
   * a `start()` called once). Callers in other files are unseen: a method the file never calls stays `any`.
   */
  function methodExecution(fn: FunctionNode, name: string | null, depth: number): { execution: Execution; reason: RunOnceReason | null } {
    const processLevel = processLevelReason(fn);
    if (processLevel) return { execution: 'once', reason: processLevel };
    if (name === null) return { execution: 'any', reason: null };
    const uses = memberUses().get(name) ?? [];
    let result: Execution = 'load';
    let calls = 0;
    for (const use of uses) {
      const parent = use.parent;
      // The definition itself (`X.prototype.start = function …`).
      if (parent?.type === 'AssignmentExpression' && parent.left === use) {
        if (unwrapExpression(parent.right) === fn) continue;
        return { execution: 'any', reason: null };
      }
      if (parent?.type !== 'CallExpression' || parent.callee !== use) return { execution: 'any', reason: null };
      calls += 1;
      const context = executionOf(parent, depth + 1);
      if (context === 'any') return { execution: 'any', reason: null };
      if (context === 'test') return { execution: 'test', reason: null };
      if (context === 'once') result = 'once';
    }
    if (calls === 0) return { execution: 'any', reason: null };
    return { execution: result, reason: 'only-called-once' };
  }

  let memberIndex: Map<string, TSESTree.MemberExpression[]> | null = null;
  /** Every `x.name` / `x['name']` in the file, by name, built once per file. */
  function memberUses(): Map<string, TSESTree.MemberExpression[]> {
    if (memberIndex) return memberIndex;
    memberIndex = new Map();
    const stack: TSESTree.Node[] = [program];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'MemberExpression') {
        const name = getPropertyName(node);
        if (name !== null) {
          let list = memberIndex.get(name);
          if (!list) memberIndex.set(name, (list = []));
          list.push(node);
        }
      }
      stack.push(...childNodes(node));
    }
    return memberIndex;
  }

  function asOnce(execution: Execution): { execution: Execution; reason: RunOnceReason | null } {
    return { execution, reason: execution === 'once' || execution === 'load' ? 'singleton-constructor' : null };
  }

  function fromContext(context: Execution, reason: RunOnceReason): { execution: Execution; reason: RunOnceReason | null } {
    if (context === 'load' || context === 'once') return { execution: context, reason };
    return { execution: context, reason: null };
  }

  function namedFunction(fn: FunctionNode, id: TSESTree.Identifier, depth: number): { execution: Execution; reason: RunOnceReason | null } {
    const variable = resolveVariable(scopeManager, id);
    const moduleLevel = variable !== null && isModuleScopeVariable(variable);
    if (moduleLevel && (names.has(id.name) || (RUN_ONCE_PREFIXES.test(id.name) && !PER_ITEM_SUFFIX.test(id.name)))) return { execution: 'once', reason: 'entry-name' };
    if (endsProcessItself(fn)) return { execution: 'once', reason: 'ends-process' };
    const processLevel = processLevelReason(fn);
    if (processLevel) return { execution: 'once', reason: processLevel };
    if (hasInitOnceGuard(fn)) return { execution: 'once', reason: 'init-once-guard' };
    if (!variable) return { execution: 'any', reason: null };
    // `export function registerCodec(name, codec)`: other modules fill the table while they load.
    if (moduleLevel && REGISTRATION_API.test(id.name)) return { execution: 'load', reason: 'registration-api' };
    if (isExported(fn)) return { execution: 'any', reason: null };
    const reads = variable.references.filter((reference) => reference.identifier !== id && reference.isRead());
    if (reads.length === 0) return { execution: 'any', reason: null };
    let result: Execution = 'load';
    for (const reference of reads) {
      const call = reference.identifier.parent;
      if (call?.type !== 'CallExpression' || call.callee !== reference.identifier) return { execution: 'any', reason: null };
      const context = executionOf(call, depth + 1);
      if (context === 'any') return { execution: 'any', reason: null };
      if (context === 'test') return { execution: 'test', reason: null };
      if (context === 'once') result = 'once';
    }
    return { execution: result, reason: 'only-called-once' };
  }

  /**
   * A constructor runs once when its class is a lazy singleton (`static get()` that
   * stores `new this()` on the class) or is only instantiated at module level.
   */
  function constructorExecution(classNode: ClassNode, depth: number): Execution {
    if (isLazySingleton(classNode)) return 'once';
    const id = classNode.id ?? (classNode.parent?.type === 'VariableDeclarator' && classNode.parent.id.type === 'Identifier' ? classNode.parent.id : null);
    if (classNode.parent?.type === 'NewExpression' && classNode.parent.callee === classNode) return executionOf(classNode.parent, depth + 1) === 'any' ? 'any' : 'once';
    if (!id || !scopeManager) return 'any';
    // A class declaration binds its name twice (outside and inside the class scope): read both.
    const declared = classNode.type === 'ClassDeclaration' ? scopeManager.getDeclaredVariables(classNode) : [];
    const variables = declared.length > 0 ? declared : [resolveVariable(scopeManager, id)].filter((v) => v !== null);
    if (!variables.some((variable) => isModuleScopeVariable(variable))) return 'any';
    let exported = classNode.parent?.type === 'ExportNamedDeclaration' || classNode.parent?.type === 'ExportDefaultDeclaration';
    const news: TSESTree.NewExpression[] = [];
    for (const reference of variables.flatMap((variable) => variable.references)) {
      if (reference.identifier === id) continue;
      const parent = reference.identifier.parent;
      if (parent?.type === 'NewExpression' && parent.callee === reference.identifier) news.push(parent);
      else if (parent?.type === 'ExportSpecifier' || (parent?.type === 'AssignmentExpression' && isExportTarget(parent.left))) exported = true;
      else if (parent?.type !== 'ClassBody' && parent?.type !== 'TSTypeReference' && parent?.type !== 'TSQualifiedName') return 'any';
    }
    if (exported || news.length === 0) return 'any';
    for (const call of news) if (executionOf(call, depth + 1) === 'any') return 'any';
    return 'once';
  }

  function isTestCode(node: TSESTree.Node): boolean {
    return executionOf(node) === 'test';
  }

  return {
    executionOf: (node) => executionOf(node),
    runsOnce(node) {
      const execution = executionOf(node);
      return execution === 'load' || execution === 'once';
    },
    isTestCode,
    runOnceReason(fn) {
      functionExecution(fn, 0);
      return reasons.get(fn) ?? null;
    },
    setsUpInstance: (method) => setsUpInstance(method, 0),
    instantiatedOnce(classNode) {
      const execution = constructorExecution(classNode, 0);
      return execution === 'once' || execution === 'load';
    },
  };

  function setsUpInstance(method: TSESTree.MethodDefinition, depth: number): boolean {
    const name = getPropertyName(method);
    if (method.kind !== 'method' || method.static || name === null || method.value.params.length > 0) return false;
    if (!RUN_ONCE_PREFIXES.test(name) || depth > MAX_DEPTH) return false;
    for (const use of memberUses().get(name) ?? []) {
      if (use.parent?.type !== 'CallExpression' || use.parent.callee !== use) return false;
      let caller: TSESTree.Node | undefined = use.parent.parent;
      while (caller && !isFunctionNode(caller)) caller = caller.parent;
      const definition = caller?.parent;
      if (definition?.type !== 'MethodDefinition') return false;
      if (definition.kind !== 'constructor' && !setsUpInstance(definition, depth + 1)) return false;
    }
    return true;
  }
}

function unwrapParent(node: TSESTree.Node): TSESTree.Node | undefined {
  let parent = node.parent;
  while (parent && (parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'TSSatisfiesExpression' || parent.type === 'ChainExpression')) parent = parent.parent;
  return parent;
}

function isExported(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportDefaultDeclaration') return true;
  return parent?.type === 'VariableDeclarator' && parent.parent?.parent?.type === 'ExportNamedDeclaration';
}

function isExportTarget(node: TSESTree.Node): boolean {
  const current = unwrapExpression(node);
  if (current.type !== 'MemberExpression') return false;
  const object = unwrapExpression(current.object);
  if (object.type === 'Identifier') return object.name === 'exports' || object.name === 'module';
  return isExportTarget(object);
}

/** `describe(…)`, `it.each(…)(…)`, `test.only(…)`, `beforeEach(…)`. */
export function isTestFrameworkCall(call: TSESTree.CallExpression): boolean {
  let callee = unwrapExpression(call.callee);
  for (let i = 0; i < 4; i += 1) {
    if (callee.type === 'Identifier') return TEST_CALLBACK_CALLEES.has(callee.name);
    if (callee.type === 'CallExpression') callee = unwrapExpression(callee.callee);
    else if (callee.type === 'MemberExpression') callee = unwrapExpression(callee.object);
    else if (callee.type === 'TaggedTemplateExpression') callee = unwrapExpression(callee.tag);
    else return false;
  }
  return false;
}

/** The callback of a call that invokes it again and again (an event, a request, an interval). */
function isRepeatingCallback(call: TSESTree.CallExpression, fn: FunctionNode, repeating: ReadonlySet<string>): boolean {
  const name = getCalleeName(call);
  if (name === null) return false;
  if (name === 'once' || name === 'prependOnceListener') return false;
  if (repeating.has(name)) {
    const event = call.arguments[0];
    if ((name === 'on' || name === 'addListener' || name === 'addEventListener') && event?.type === 'Literal' && typeof event.value === 'string' && ONE_SHOT_EVENTS.has(event.value)) return false;
    if (name === 'addEventListener' && hasOnceOption(call.arguments[2])) return false;
    return true;
  }
  if (ROUTE_METHODS.has(name) && unwrapExpression(call.callee).type === 'MemberExpression') {
    const first = call.arguments[0];
    return (first?.type === 'Literal' && typeof first.value === 'string' && first.value.startsWith('/')) || first?.type === 'TemplateLiteral' || fn.params.length >= 2;
  }
  return false;
}

function hasOnceOption(node: TSESTree.Node | undefined): boolean {
  if (node?.type !== 'ObjectExpression') return false;
  return node.properties.some((property) => property.type === 'Property' && getPropertyName(property) === 'once' && property.value.type === 'Literal' && property.value.value === true);
}

/** The function ends the process itself (`run().finally(() => process.exit(0))`): an entry point. */
function endsProcessItself(fn: FunctionNode): boolean {
  if (fn.body.type !== 'BlockStatement') return false;
  for (const statement of fn.body.body) {
    if (statement.type !== 'ExpressionStatement') continue;
    const expression = unwrapExpression(statement.expression);
    const call = expression.type === 'AwaitExpression' ? unwrapExpression(expression.argument) : expression;
    if (call.type === 'CallExpression' && (isProcessExit(call) || endsTheProcess(call))) return true;
  }
  return false;
}

/**
 * Why a function is process-level code by its own body, or null:
 * - `exit-handler`: it installs an event handler that ends the process unconditionally
 *   (`screen.key(['q'], () => { screen.destroy(); process.exit(0) })`,
 *   `process.on('SIGTERM', () => { close(); process.exit() })`): a terminal UI, a daemon's
 *   start, an exit hook; calling it twice would install two exits, so it runs once per process;
 * - `reads-stdin`: it reads the process's standard input (`process.stdin.resume()`,
 *   `process.stdin.on('data', …)`), which a process has one of and consumes once: a CLI
 *   reading its piped input.
 */
function processLevelReason(fn: FunctionNode): 'exit-handler' | 'reads-stdin' | null {
  if (fn.body.type !== 'BlockStatement') return null;
  let readsStdin = false;
  const registrations: TSESTree.CallExpression[] = [];
  // `const onSignal = async () => { await this.destroy(); process.exit(0); }`, registered by name below.
  const exitingFunctions = new Set<string>();
  const stack: { node: TSESTree.Node; nested: boolean }[] = [{ node: fn.body, nested: false }];
  while (stack.length > 0) {
    const { node, nested } = stack.pop()!;
    if (node.type === 'CallExpression') {
      const method = getCalleeName(node);
      if (method !== null && EXIT_HANDLER_REGISTRATIONS.has(method)) registrations.push(node);
      if (!nested && isStdinRead(node)) readsStdin = true;
    }
    if (!nested && node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) {
      const init = unwrapExpression(node.init);
      if ((init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression') && exitsUnconditionally(init)) exitingFunctions.add(node.id.name);
    }
    const inner = nested || isFunctionNode(node);
    for (const child of childNodes(node)) stack.push({ node: child, nested: inner });
  }
  for (const call of registrations) {
    for (const argument of call.arguments) {
      if ((argument.type === 'ArrowFunctionExpression' || argument.type === 'FunctionExpression') && exitsUnconditionally(argument)) return 'exit-handler';
      if (argument.type === 'Identifier' && exitingFunctions.has(argument.name)) return 'exit-handler';
    }
  }
  return readsStdin ? 'reads-stdin' : null;
}

/** Calls that install an event handler (`key` binds a terminal UI's keys, as blessed does). */
const EXIT_HANDLER_REGISTRATIONS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener', 'key']);

/** The callback's own statements end with `process.exit(…)` outside any branch. */
function exitsUnconditionally(callback: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): boolean {
  if (callback.body.type !== 'BlockStatement') return isProcessExit(callback.body);
  return callback.body.body.some((statement) => statement.type === 'ExpressionStatement' && isProcessExit(statement.expression));
}

const STDIN_READS = new Set(['resume', 'setEncoding', 'setRawMode', 'on', 'once', 'addListener', 'read']);

/** `process.stdin.resume()`, `process.stdin.on('data', …)`. */
function isStdinRead(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== 'MemberExpression') return false;
  const method = getPropertyName(callee);
  if (method === null || !STDIN_READS.has(method)) return false;
  const object = unwrapExpression(callee.object);
  if (object.type !== 'MemberExpression' || getPropertyName(object) !== 'stdin') return false;
  const root = unwrapExpression(object.object);
  return root.type === 'Identifier' && root.name === 'process';
}

/**
 * `if (initialized) return; initialized = true;` (or `if (!done) { done = true; … }`, or a
 * memoised promise `if (this.ready) return this.ready`): the body after the guard runs once.
 */
function hasInitOnceGuard(fn: FunctionNode): boolean {
  if (fn.body.type !== 'BlockStatement') return false;
  const statements = fn.body.body;
  for (let index = 0; index < Math.min(statements.length, 3); index += 1) {
    const statement = statements[index]!;
    if (statement.type !== 'IfStatement') continue;
    const flag = flagOf(statement.test);
    if (!flag) continue;
    const negated = statement.test.type === 'UnaryExpression' && statement.test.operator === '!';
    const exits = (node: TSESTree.Statement | null | undefined): boolean => node?.type === 'ReturnStatement' || (node?.type === 'BlockStatement' && node.body.some((s) => s.type === 'ReturnStatement' || s.type === 'ThrowStatement')) || node?.type === 'ThrowStatement';
    const setsFlag = (list: readonly TSESTree.Node[]): boolean => list.some((s) => s.type === 'ExpressionStatement' && s.expression.type === 'AssignmentExpression' && flagOf(s.expression.left) === flag);
    if (!negated && exits(statement.consequent) && setsFlag(statements)) return true;
    if (negated && statement.consequent.type === 'BlockStatement' && setsFlag(statement.consequent.body)) return true;
  }
  return false;
}

function flagOf(node: TSESTree.Node): string | null {
  let current = unwrapExpression(node);
  if (current.type === 'UnaryExpression' && current.operator === '!') current = unwrapExpression(current.argument);
  if (current.type === 'Identifier') return current.name;
  if (current.type === 'MemberExpression' && unwrapExpression(current.object).type === 'ThisExpression') {
    const name = getPropertyName(current);
    return name ? `this.${name}` : null;
  }
  return null;
}

/** `static get() { if (!this.instance) this.instance = new this(); return this.instance }` and `static #instance ??= new Foo()`. */
function isLazySingleton(classNode: ClassNode): boolean {
  const className = classNode.id?.name ?? null;
  for (const member of classNode.body.body) {
    if (!('static' in member) || !member.static) continue;
    if (member.type !== 'MethodDefinition' || !isFunctionNode(member.value)) continue;
    if (storesNewInstance(member.value.body, className)) return true;
  }
  return false;
}

function storesNewInstance(body: TSESTree.Node | null | undefined, className: string | null): boolean {
  if (!body) return false;
  const stack: TSESTree.Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'AssignmentExpression' && (node.operator === '=' || node.operator === '??=' || node.operator === '||=')) {
      const value = unwrapExpression(node.right);
      const left = unwrapExpression(node.left);
      if (value.type === 'NewExpression' && left.type === 'MemberExpression') {
        const callee = unwrapExpression(value.callee);
        const owner = unwrapExpression(left.object);
        const newsSelf = callee.type === 'ThisExpression' || (callee.type === 'Identifier' && callee.name === className);
        const onClass = owner.type === 'ThisExpression' || (owner.type === 'Identifier' && owner.name === className);
        if (newsSelf && onClass) return true;
      }
    }
    if (isFunctionNode(node) && node !== body) continue;
    stack.push(...childNodes(node));
  }
  return false;
}


export function isClassConstructor(fn: FunctionNode): boolean {
  return fn.parent?.type === 'MethodDefinition' && fn.parent.kind === 'constructor' && isClassNode(fn.parent.parent?.parent);
}

export { getFunctionName };

/**
 * True when `node` sits in a block an init-once flag guards inside its function, so it runs once per
 * owner however often the function is called: `if (!this.populated) { …; this.populated = true }`, or
 * `if (this.populated) return; this.populated = true; …` before it.
 */
export function inInitOnceBlock(node: TSESTree.Node): boolean {
  // `if (!flag)`, or `if (!flag && other)`: the block sets the flag, so it runs once.
  if (inBlockMarkingItsGuard(node, flagOf, setsFlagTrue)) return true;
  let child: TSESTree.Node = node;
  for (let current = node.parent; current && !isFunctionNode(current); child = current, current = current.parent) {
    if (current.type === 'BlockStatement') {
      const index = current.body.indexOf(child as TSESTree.Statement);
      for (let i = 0; i < index; i += 1) {
        const statement = current.body[i]!;
        if (statement.type !== 'IfStatement' || statement.test.type === 'UnaryExpression') continue;
        const flag = flagOf(statement.test);
        const exits = statement.consequent.type === 'ReturnStatement' || (statement.consequent.type === 'BlockStatement' && statement.consequent.body.some((s) => s.type === 'ReturnStatement'));
        if (flag && exits && current.body.slice(i + 1, index + 1).some((s) => setsFlagTrue(s, flag))) return true;
      }
    }
  }
  return false;
}

/**
 * True when `node` sits in a block that a per-key flag guards and that sets the flag for `key`, so it
 * runs at most once per value of `key`: `if (!seen[event]) { seen[event] = true; … }`, or
 * `if (!seen.has(event)) { seen.add(event); … }`. `key` is an identifier; the guard must read the
 * same binding.
 */
export function inOncePerKeyBlock(node: TSESTree.Node, key: TSESTree.Node, scopeManager: ScopeManager | null): boolean {
  const keyNode = unwrapExpression(key);
  if (keyNode.type !== 'Identifier' || !scopeManager) return false;
  const keyVariable = resolveVariable(scopeManager, keyNode);
  if (!keyVariable) return false;
  const isKey = (candidate: TSESTree.Node | undefined): boolean => {
    const current = candidate && unwrapExpression(candidate);
    return current?.type === 'Identifier' && resolveVariable(scopeManager, current) === keyVariable;
  };
  /** `seen[key]` or `seen.has(key)` (and the table they read), or null. */
  const guardOf = (test: TSESTree.Node): string | null => {
    const current = unwrapExpression(test);
    if (current.type === 'MemberExpression' && current.computed && isKey(current.property)) return referencePath(current.object);
    if (current.type === 'CallExpression' && current.callee.type === 'MemberExpression' && getPropertyName(current.callee) === 'has' && isKey(current.arguments[0])) return referencePath(current.callee.object);
    return null;
  };
  const marks = (statement: TSESTree.Statement, table: string): boolean => {
    if (statement.type !== 'ExpressionStatement') return false;
    const expression = unwrapExpression(statement.expression);
    if (expression.type === 'AssignmentExpression') {
      const left = unwrapExpression(expression.left);
      return left.type === 'MemberExpression' && left.computed && isKey(left.property) && referencePath(left.object) === table;
    }
    if (expression.type === 'CallExpression' && expression.callee.type === 'MemberExpression') {
      const method = getPropertyName(expression.callee);
      return (method === 'add' || method === 'set') && isKey(expression.arguments[0]) && referencePath(expression.callee.object) === table;
    }
    return false;
  };
  return inBlockMarkingItsGuard(node, guardOf, marks);
}

/**
 * `node` is inside the block of an `if (!guard)` (or `if (!guard && …)`) in its own function, and that
 * block marks the guard (`guard = true`, `seen[key] = true`, `seen.add(key)`): the block runs once per
 * guard. `guardOf` reads what a conjunct negates; `marks` tells whether a statement of the block marks it.
 */
function inBlockMarkingItsGuard<Guard>(node: TSESTree.Node, guardOf: (negated: TSESTree.Expression) => Guard | null, marks: (statement: TSESTree.Statement, guard: Guard) => boolean): boolean {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current && !isFunctionNode(current); child = current, current = current.parent) {
    if (current.type !== 'IfStatement' || current.consequent !== child || child.type !== 'BlockStatement') continue;
    const block = child;
    for (const conjunct of conjunctsOf(current.test)) {
      if (conjunct.type !== 'UnaryExpression' || conjunct.operator !== '!') continue;
      const guard = guardOf(conjunct.argument);
      if (guard !== null && block.body.some((statement) => marks(statement, guard))) return true;
    }
  }
  return false;
}

function conjunctsOf(test: TSESTree.Expression): TSESTree.Node[] {
  const current = unwrapExpression(test);
  return current.type === 'LogicalExpression' && current.operator === '&&' ? [...conjunctsOf(current.left), ...conjunctsOf(current.right)] : [current];
}

function setsFlagTrue(statement: TSESTree.Node, flag: string): boolean {
  if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') return false;
  const value = statement.expression.right;
  return flagOf(statement.expression.left) === flag && value.type === 'Literal' && value.value === true;
}
