import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { getPropertyName, isFunctionNode, unwrapExpression, type FunctionNode } from '../ast/nodes.js';
import { importSourceOf, isGlobalReference, resolveVariable } from '../ast/scope.js';
import { forEachNode, someNode } from '../ast/walk.js';
import { getStaticStringLiteral as stringValue } from '../ast/values.js';

/**
 * Shared analysis for the three startup-hang detectors (require-startup-timeout,
 * no-unbounded-wait-loop, consistent-timeout-stages): which calls are timeout
 * helpers, what their budgets evaluate to, what a step is called, and which
 * calls are delays, clocks or probes.
 */

type ScopeManager = TSESLint.Scope.ScopeManager | null;

/**
 * The module the codemod and the suggestion import the runtime helpers from:
 * the `lifeguard-runtime` package, a production dependency (the plugin is a
 * devDependency, gone after `npm ci --omit=dev`).
 */
export const RUNTIME_MODULE = 'lifeguard-runtime';

/** Every specifier the runtime is imported by: the package and the plugin's re-export. */
export const RUNTIME_MODULES: ReadonlySet<string> = new Set([RUNTIME_MODULE, 'eslint-plugin-lifeguard/runtime']);

/** Timeout helpers recognised without configuration. */
export const DEFAULT_TIMEOUT_HELPERS: readonly string[] = [
  'withTimeout',
  'stage',
  'deadline',
  'pTimeout',
  'promiseTimeout',
  'timeoutPromise',
  'withDeadline',
  'raceTimeout',
];

/** Packages whose default (or `timeout`) export is a `(promise, ms | { milliseconds })` timeout helper. */
const TIMEOUT_PACKAGES = new Set(['p-timeout', 'promise-timeout', 'p-time-out']);

/** Delay functions a wait loop sleeps with (besides `timers/promises` and `new Promise(r => setTimeout(r, ms))`). */
export const DEFAULT_DELAY_FUNCTIONS: readonly string[] = ['sleep', 'delay', 'wait', 'pause', 'setTimeoutPromise', 'setTimeoutAsync', 'waitMs', 'sleepMs'];

export const TIMER_PROMISE_MODULES = new Set(['timers/promises', 'node:timers/promises']);
const TIMER_MODULES = new Set(['timers', 'node:timers']);

/** The shape of a recognised timeout helper. */
export type TimeoutHelperKind =
  /** `withTimeout(work, ms, step)` and look-alikes `(work, ms | { milliseconds }, step?)`. */
  | 'withTimeout'
  /** `stage(name, ms, fn)`. */
  | 'stage'
  /** `deadline(ms, step)`: bounds a loop, wraps no work. */
  | 'deadline';

export interface TimeoutHelperCall {
  readonly node: TSESTree.CallExpression;
  readonly kind: TimeoutHelperKind;
  /** The name it was called by (`withTimeout`, `pTimeout`, a local alias of `p-timeout`). */
  readonly helperName: string;
  /** The argument holding the work (promise or function); null for `deadline`. */
  readonly work: TSESTree.Node | null;
  /** The expression the budget comes from (the argument, or the `milliseconds` property). */
  readonly budgetNode: TSESTree.Node | null;
  /** The budget in ms, when statically known (may be NaN, Infinity, 0 or negative). */
  readonly budgetMs: number | null;
  /** The step or stage name: the string argument, or derived from the work. */
  readonly step: string;
}

/** Recognises calls to timeout helpers: configured names, and imports of timeout packages under any name. */
export function createTimeoutHelperMatcher(scopeManager: ScopeManager, extraNames: readonly string[] = []) {
  const names = new Set([...DEFAULT_TIMEOUT_HELPERS, ...extraNames]);

  function kindOf(call: TSESTree.CallExpression): { kind: TimeoutHelperKind; helperName: string } | null {
    const callee = unwrapExpression(call.callee);
    let name: string | null = null;
    if (callee.type === 'Identifier') {
      name = callee.name;
      const imported = importSourceOf(scopeManager, callee);
      if (imported && TIMEOUT_PACKAGES.has(imported.source) && (imported.imported === 'default' || imported.imported === 'timeout')) {
        return { kind: 'withTimeout', helperName: name };
      }
      // `import { withTimeout as bounded } from 'lifeguard-runtime'`
      if (imported && names.has(imported.imported)) name = imported.imported;
    } else if (callee.type === 'MemberExpression') {
      name = getPropertyName(callee);
    }
    if (name === null || !names.has(name)) return null;
    // `stage` and `deadline` are common words: only their runtime shapes count.
    if (name === 'stage') return call.arguments.length >= 3 ? { kind: 'stage', helperName: name } : null;
    if (name === 'deadline') return call.arguments.length >= 1 && call.arguments[0]?.type !== 'SpreadElement' ? { kind: 'deadline', helperName: name } : null;
    return call.arguments.length >= 1 ? { kind: 'withTimeout', helperName: name } : null;
  }

  return function matchTimeoutHelper(call: TSESTree.CallExpression): TimeoutHelperCall | null {
    const matched = kindOf(call);
    if (!matched) return null;
    const args = call.arguments;
    const { kind, helperName } = matched;
    const workIndex = kind === 'stage' ? 2 : kind === 'deadline' ? -1 : 0;
    const budgetIndex = kind === 'deadline' ? 0 : 1;
    const stepIndex = kind === 'stage' ? 0 : kind === 'deadline' ? 1 : 2;
    const work = workIndex >= 0 ? (args[workIndex] ?? null) : null;
    let budgetNode: TSESTree.Node | null = args[budgetIndex] ?? null;
    if (budgetNode) {
      const unwrapped = unwrapExpression(budgetNode);
      // p-timeout ≥ 5: `pTimeout(promise, { milliseconds: 5000 })`.
      if (unwrapped.type === 'ObjectExpression') budgetNode = findProperty(unwrapped, ['milliseconds', 'ms', 'timeout', 'timeoutMs'])?.value ?? null;
    }
    const budgetMs = budgetNode ? evaluateBudget(budgetNode, scopeManager) : null;
    const stepText = stringValue(args[stepIndex]);
    const step = stepText ?? (work ? stepNameOfWork(work) : kind === 'deadline' ? 'deadline' : helperName);
    return { node: call, kind, helperName, work, budgetNode, budgetMs, step };
  };
}

export type TimeoutHelperMatcher = ReturnType<typeof createTimeoutHelperMatcher>;

/** The step a helper's work argument performs: `db.connect` for `db.connect()` or `() => db.connect()`. */
function stepNameOfWork(work: TSESTree.Node): string {
  const current = unwrapExpression(work);
  if (isFunctionNode(current)) {
    const body = current.body;
    if (body.type !== 'BlockStatement') return stepNameOf(body);
    for (const statement of body.body) {
      const expression =
        statement.type === 'ReturnStatement' ? statement.argument : statement.type === 'ExpressionStatement' ? statement.expression : null;
      if (expression) return stepNameOf(expression);
    }
    return 'work';
  }
  return stepNameOf(current);
}

export function findProperty(object: TSESTree.ObjectExpression, keys: readonly string[]): TSESTree.Property | null {
  for (const property of object.properties) {
    if (property.type !== 'Property') continue;
    const name = getPropertyName(property);
    if (name !== null && keys.includes(name)) return property;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Static budgets

const MAX_EVALUATION_DEPTH = 8;

/**
 * The value of a budget expression when it is static: number literals (with
 * numeric separators), `Infinity`/`NaN`, unary minus, arithmetic of static
 * parts (`15 * 1000`), `const` bindings of this module and properties of
 * `const` object literals (`TIMEOUTS.db`). Null when unknown (env, config, calls).
 */
export function evaluateBudget(node: TSESTree.Node, scopeManager: ScopeManager, depth = 0): number | null {
  if (depth > MAX_EVALUATION_DEPTH) return null;
  const current = unwrapExpression(node);
  switch (current.type) {
    case 'Literal':
      return typeof current.value === 'number' ? current.value : null;
    case 'UnaryExpression': {
      const value = evaluateBudget(current.argument, scopeManager, depth + 1);
      if (value === null) return null;
      if (current.operator === '-') return -value;
      if (current.operator === '+') return value;
      return null;
    }
    case 'BinaryExpression': {
      if (current.left.type === 'PrivateIdentifier') return null;
      const left = evaluateBudget(current.left, scopeManager, depth + 1);
      const right = evaluateBudget(current.right, scopeManager, depth + 1);
      if (left === null || right === null) return null;
      switch (current.operator) {
        case '*':
          return left * right;
        case '+':
          return left + right;
        case '-':
          return left - right;
        case '/':
          return left / right;
        case '**':
          return left ** right;
        default:
          return null;
      }
    }
    case 'Identifier': {
      if ((current.name === 'Infinity' || current.name === 'NaN') && isGlobalReference(scopeManager, current)) {
        return current.name === 'Infinity' ? Infinity : NaN;
      }
      const init = constInitOf(current, scopeManager);
      return init ? evaluateBudget(init, scopeManager, depth + 1) : null;
    }
    case 'MemberExpression': {
      const object = unwrapExpression(current.object);
      const property = getPropertyName(current);
      if (property === null || object.type !== 'Identifier') return null;
      if (object.name === 'Number' && isGlobalReference(scopeManager, object)) {
        if (property === 'POSITIVE_INFINITY') return Infinity;
        if (property === 'NEGATIVE_INFINITY') return -Infinity;
        if (property === 'NaN') return NaN;
        return null;
      }
      const init = constInitOf(object, scopeManager);
      const literal = init ? unwrapExpression(init) : null;
      if (literal?.type !== 'ObjectExpression') return null;
      const found = findProperty(literal, [property]);
      return found ? evaluateBudget(found.value, scopeManager, depth + 1) : null;
    }
    default:
      return null;
  }
}

/** The initializer of a `const` binding (`const X = …`), or null. */
export function constInitOf(identifier: TSESTree.Identifier, scopeManager: ScopeManager): TSESTree.Expression | null {
  const variable = resolveVariable(scopeManager, identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!definition || definition.type !== 'Variable') return null;
  const declarator = definition.node;
  if (declarator.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier') return null;
  if (declarator.parent?.type !== 'VariableDeclaration' || declarator.parent.kind !== 'const') return null;
  return declarator.init ?? null;
}

/** The initializer of a `const`/`let`/`var` binding that is never reassigned. */
export function stableInitOf(identifier: TSESTree.Identifier, scopeManager: ScopeManager): TSESTree.Expression | null {
  const variable = resolveVariable(scopeManager, identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || !definition || definition.type !== 'Variable') return null;
  const declarator = definition.node;
  if (declarator.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier' || !declarator.init) return null;
  const writes = variable.references.filter((reference) => reference.isWrite());
  return writes.length <= 1 ? declarator.init : null;
}

/** A budget that actually bounds a wait: a positive, finite number of milliseconds. */
export function isUsableBudget(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}

// ---------------------------------------------------------------------------
// Step names

/**
 * A readable path for a callee or value: `db.connect`, `this.producer.connect`,
 * `client.db().collection`, `import`. Null when there is no plain path.
 */
export function calleePath(node: TSESTree.Node, depth = 0): string | null {
  if (depth > 12) return null;
  const current = unwrapExpression(node);
  switch (current.type) {
    case 'Identifier':
      return current.name;
    case 'ThisExpression':
      return 'this';
    case 'Super':
      return 'super';
    case 'ImportExpression':
      return 'import';
    case 'MemberExpression': {
      const object = calleePath(current.object, depth + 1);
      const property = getPropertyName(current);
      if (object === null || property === null) return null;
      return `${object}.${property}`;
    }
    case 'CallExpression': {
      const callee = calleePath(current.callee, depth + 1);
      return callee === null ? null : `${callee}()`;
    }
    case 'TaggedTemplateExpression':
      return calleePath(current.tag, depth + 1);
    case 'NewExpression': {
      const callee = calleePath(current.callee, depth + 1);
      return callee === null ? null : `new ${callee}`;
    }
    default:
      return null;
  }
}

/** The callee path of a call-like expression (`db.connect` for `db.connect(uri)`), else the value's path. */
export function stepPath(expression: TSESTree.Node): string | null {
  const current = unwrapExpression(expression);
  if (current.type === 'CallExpression') return calleePath(current.callee);
  if (current.type === 'TaggedTemplateExpression') return calleePath(current.tag);
  if (current.type === 'ImportExpression') return 'import';
  if (current.type === 'NewExpression') return calleePath(current);
  return calleePath(current);
}

const URL_SUFFIX = /(?:Url|URL|Uri|URI|Endpoint|Href)$/;
const HTTP_CALLEES = new Set(['fetch', 'got', 'ky', 'request', 'undiciRequest', '$fetch', 'ofetch']);
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'request']);

/** Method names that wait on a peer: a server, a broker, a database, another process. */
const PEER_METHOD = /^(?:checkHealth|loadSchema|\$?connect\w*|reconnect|open(?:Async)?|login|logon|signIn|authenticate|auth|authorize|handshake|ready|whenReady|untilReady|waitFor\w*|waitUntil\w*|waitReady|ping|health(?:Check|check)?|probe|p?subscribe|join|bind|dial|createConnection|getConnection|acquire|initialize|sync|migrate|fetch|discover|assert(?:Queue|Exchange)|createChannel|createConfirmChannel|consume|lease|elect|getSecrets?|getParameters?|loadSecrets?|loadRemote\w*)$/;
/** Names of the objects that stand for a peer: a database, a broker, a remote client. */
const PEER_OBJECT = /(?:^|[._$])(?:db|database|redis|kafka|producer|consumer|broker|client|pool|connection|conn|channel|mongo\w*|mongoose|pg|postgres|mysql|sql|nats|amqp|rabbit\w*|mq|queue|prisma|knex|sequelize|typeorm|dataSource|elastic\w*|es|s3|grpc|etcd|consul|vault|zookeeper|zk|cassandra|ws|socket|rpc|api|http|https|axios|got|ky|session|cluster|store|cache|bus|nc|sub|pub|response|resp|primary|replica|leader)\d*$/i;
/** Calls that never wait on a peer even on a peer object. */
const LOCAL_METHOD = /^(?:close|quit|disconnect|end|destroy|stop|terminate|shutdown|on|once|off|emit|addListener|removeListener|prependListener|use|set[A-Z]\w*|get[A-Z]\w*Sync|toString|toJSON|bind|call|apply|then|catch|finally|listen|register|ready)$/;

/**
 * True when an awaited call may wait on a peer that can stop answering: a connect, a
 * readiness wait, a request, or any call on an object that stands for a remote peer.
 * Local work (reading files, loading modules, computing) settles on its own.
 */
export function mayWaitOnPeer(expression: TSESTree.Node, depth = 0): boolean {
  const current = unwrapExpression(expression);
  if (depth > 3) return false;
  if (current.type === 'TaggedTemplateExpression') return PEER_OBJECT.test(calleePath(current.tag) ?? '') || /sql|query/i.test(calleePath(current.tag) ?? '');
  if (current.type !== 'CallExpression') return false;
  const path = calleePath(current.callee);
  if (path !== null) {
    const dot = path.lastIndexOf('.');
    const last = path.slice(dot + 1);
    const object = dot === -1 ? '' : path.slice(0, dot);
    if (HTTP_CALLEES.has(path)) return true;
    if (object !== '' && HTTP_METHODS.has(last) && /^(?:this\.)?(?:axios|http|https|got|ky|client|httpClient|api|superagent|request)\b/.test(path)) return true;
    if (PEER_METHOD.test(last) && !(dot === -1 && last === 'ready')) return true;
    if (looksLikeProbe(path)) return true;
    if (object !== '' && PEER_OBJECT.test(object) && !LOCAL_METHOD.test(last)) return true;
  }
  // `firstValueFrom(this.http.get(…))`, `once(emitter, 'ready')`: what the wrapper waits on.
  if (path === 'once' || path === 'events.once' || path === 'on') return true;
  return current.arguments.some((argument) => {
    if (argument.type === 'SpreadElement') return false;
    // `Promise.all(clients.map((c) => c.connect()))`: what the callback waits on.
    if (isFunctionNode(argument)) {
      let waits = false;
      forEachNode(argument.body, (node) => {
        if ((node.type === 'CallExpression' || node.type === 'TaggedTemplateExpression') && mayWaitOnPeer(node, depth + 2)) waits = true;
        return waits;
      });
      return waits;
    }
    return mayWaitOnPeer(argument, depth + 1);
  });
}

/**
 * The step name a timeout error should carry: the callee path (`db.connect`,
 * `this.producer.connect`), or for HTTP calls the thing fetched
 * (`fetch config` for `fetch(configUrl)`).
 */
export function stepNameOf(expression: TSESTree.Node): string {
  const current = unwrapExpression(expression);
  const path = stepPath(current);
  if (current.type === 'CallExpression' && path !== null) {
    const last = path.slice(path.lastIndexOf('.') + 1);
    const isHttp = HTTP_CALLEES.has(path) || (path.includes('.') && HTTP_METHODS.has(last) && /^(?:this\.)?(?:axios|http|https|got|ky|client|httpClient|api)\b/.test(path));
    const target = isHttp ? fetchedThing(current.arguments[0]) : null;
    if (target) return `${path} ${target}`;
  }
  if (current.type === 'NewExpression') return promiseStepName(current) ?? path ?? 'new promise';
  return path ?? 'startup step';
}

/**
 * What a hand-made promise waits for: `redis ready` for
 * `new Promise((resolve) => redis.once('ready', resolve))`, else the first call the executor makes.
 */
function promiseStepName(node: TSESTree.NewExpression): string | null {
  const executor = node.arguments[0];
  if (!executor || !isFunctionNode(executor)) return null;
  const parameters = new Set(executor.params.flatMap((param) => (param.type === 'Identifier' ? [param.name] : [])));
  let name: string | null = null;
  forEachNode(executor.body, (child) => {
    if (child.type !== 'CallExpression') return false;
    const path = calleePath(child.callee);
    if (path === null || parameters.has(path)) return false;
    const callee = unwrapExpression(child.callee);
    const event = stringValue(child.arguments[0]);
    const method = callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
    name = (method === 'once' || method === 'on') && event !== null && callee.type === 'MemberExpression' ? `${calleePath(callee.object) ?? 'event'} ${event}` : path;
    return true;
  });
  return name;
}

function fetchedThing(argument: TSESTree.Node | undefined): string | null {
  if (!argument || argument.type === 'SpreadElement') return null;
  const current = unwrapExpression(argument);
  let name: string | null = null;
  if (current.type === 'Identifier') name = current.name;
  else if (current.type === 'MemberExpression') name = getPropertyName(current);
  if (name !== null) {
    const stripped = name.replace(URL_SUFFIX, '');
    return stripped.length > 0 && stripped !== 'url' ? stripped : null;
  }
  const text = current.type === 'Literal' && typeof current.value === 'string' ? current.value : current.type === 'TemplateLiteral' ? (current.quasis.at(-1)?.value.cooked ?? '') : null;
  if (text === null) return null;
  const segment = text.split('?')[0]!.split('/').filter((part) => part.length > 0 && !part.includes(':')).at(-1);
  return segment && /^[\w.-]+$/.test(segment) ? segment : null;
}

const PROBE_NAME = /^(?:ping|health|check|ready|probe|is(?:Ready|Healthy|Alive|Up|Available|Connected))/i;

/** Health probes: `ping`, `health*`, `check*`, `ready*`, `probe*`, `isReady`… (the last segment of the path). */
export function looksLikeProbe(path: string | null): boolean {
  if (path === null) return false;
  const last = path.slice(path.lastIndexOf('.') + 1).replace(/^\$/, '');
  return PROBE_NAME.test(last);
}

// ---------------------------------------------------------------------------
// Clocks, delays and timers

/** `Date.now()`, `performance.now()`, `process.hrtime()`, `process.hrtime.bigint()`, `new Date()`. */
export function isClockRead(node: TSESTree.Node): boolean {
  if (node.type === 'NewExpression') return unwrapExpression(node.callee).type === 'Identifier' && (unwrapExpression(node.callee) as TSESTree.Identifier).name === 'Date';
  if (node.type !== 'CallExpression') return false;
  const path = calleePath(node.callee);
  return path === 'Date.now' || path === 'performance.now' || path === 'process.hrtime' || path === 'process.hrtime.bigint' || path === 'perf_hooks.performance.now';
}

/** A call of `setTimeout` (global, `timers`, `timers/promises`). */
export function isSetTimeoutCall(node: TSESTree.Node, scopeManager: ScopeManager): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = unwrapExpression(node.callee);
  if (callee.type === 'Identifier') {
    if (callee.name === 'setTimeout' && isGlobalReference(scopeManager, callee)) return true;
    const imported = importSourceOf(scopeManager, callee);
    return imported !== null && (TIMER_MODULES.has(imported.source) || TIMER_PROMISE_MODULES.has(imported.source)) && imported.imported === 'setTimeout';
  }
  if (callee.type === 'MemberExpression') return getPropertyName(callee) === 'setTimeout';
  return false;
}

/**
 * A call that only waits for time to pass: a configured delay function,
 * anything from `timers/promises`, `scheduler.wait()`, or
 * `new Promise(r => setTimeout(r, ms))`.
 */
export function isDelay(node: TSESTree.Node, scopeManager: ScopeManager, delayNames: ReadonlySet<string>): boolean {
  const current = unwrapExpression(node);
  if (current.type === 'NewExpression') return isTimerPromise(current, scopeManager);
  if (current.type !== 'CallExpression') return false;
  // A delay takes its duration; `await this.wait()` / `cond.wait()` wait for an event instead.
  if (current.arguments.length === 0) return false;
  const callee = unwrapExpression(current.callee);
  if (callee.type === 'Identifier') {
    const imported = importSourceOf(scopeManager, callee) ?? requiredFrom(callee, scopeManager);
    if (imported && TIMER_PROMISE_MODULES.has(imported.source)) return imported.imported !== 'setInterval';
    return delayNames.has(callee.name);
  }
  if (callee.type === 'MemberExpression') {
    const name = getPropertyName(callee);
    if (name === null) return false;
    const path = calleePath(callee);
    if (path === 'scheduler.wait' || path === 'timers.setTimeout' || path === 'timersPromises.setTimeout') return true;
    return delayNames.has(name);
  }
  return false;
}

/**
 * The module a CommonJS binding was required from: `const fs = require('fs')`,
 * `const { setTimeout: pause } = require('timers/promises')`, `const x = require('m').promises`.
 */
export function requiredFrom(identifier: TSESTree.Identifier, scopeManager: ScopeManager): { source: string; imported: string } | null {
  const variable = resolveVariable(scopeManager, identifier);
  const definition = variable?.defs[0];
  if (definition?.type !== 'Variable' || definition.node.type !== 'VariableDeclarator' || !definition.node.init) return null;
  let init: TSESTree.Node = unwrapExpression(definition.node.init);
  while (init.type === 'MemberExpression') init = unwrapExpression(init.object);
  if (init.type !== 'CallExpression' || calleePath(init.callee) !== 'require') return null;
  const source = stringValue(init.arguments[0]);
  if (source === null) return null;
  let imported = '*';
  const pattern = definition.node.id;
  if (pattern.type === 'ObjectPattern') {
    for (const property of pattern.properties) {
      if (property.type === 'Property' && property.value.type === 'Identifier' && property.value.name === identifier.name) {
        imported = getPropertyName(property) ?? '*';
      }
    }
  }
  return { source, imported };
}

/** `new Promise(executor)` whose executor starts a `setTimeout`. */
export function isTimerPromise(node: TSESTree.NewExpression, scopeManager: ScopeManager): boolean {
  const callee = unwrapExpression(node.callee);
  if (callee.type !== 'Identifier' || callee.name !== 'Promise') return false;
  const executor = node.arguments[0];
  if (!executor || !isFunctionNode(executor)) return false;
  return someNode(executor.body, (child) => isSetTimeoutCall(child, scopeManager), { intoFunctions: true });
}

// ---------------------------------------------------------------------------
// Local walks and resolution

/**
 * The function a call runs when it is defined in this module: `initDb()` for a
 * function declaration or `const initDb = async () => …`, `this.initDb()` for a
 * method or arrow field of the enclosing class.
 */
export function resolveLocalFunction(call: TSESTree.CallExpression, scopeManager: ScopeManager): FunctionNode | null {
  const callee = unwrapExpression(call.callee);
  if (callee.type === 'Identifier') {
    const variable = resolveVariable(scopeManager, callee);
    const definition = variable?.defs[0];
    if (!definition) return null;
    if (definition.type === 'FunctionName' && isFunctionNode(definition.node)) return definition.node as FunctionNode;
    if (definition.type === 'Variable' && definition.node.type === 'VariableDeclarator' && definition.node.init && isFunctionNode(definition.node.init)) {
      return definition.node.init;
    }
    return null;
  }
  if (callee.type === 'MemberExpression' && unwrapExpression(callee.object).type === 'ThisExpression') {
    const name = getPropertyName(callee);
    let classNode: TSESTree.Node | undefined = call.parent;
    while (classNode && classNode.type !== 'ClassBody') classNode = classNode.parent;
    if (!name || classNode?.type !== 'ClassBody') return null;
    for (const member of classNode.body) {
      if ((member.type === 'MethodDefinition' || member.type === 'PropertyDefinition') && getPropertyName(member) === name) {
        const value = member.value;
        if (value && isFunctionNode(value)) return value;
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------
// File globs

/**
 * Converts a simple glob (`**`, `*`, `?`, `{a,b}`, `[abc]`) into a RegExp that
 * matches a whole path or any trailing part of it that starts at a `/`, so
 * `src/bootstrap/**` matches `/home/me/app/src/bootstrap/db.ts`.
 */
export function globToRegExp(glob: string): RegExp {
  let pattern = glob.replace(/\\/g, '/');
  const anchored = pattern.startsWith('/');
  if (pattern.startsWith('./')) pattern = pattern.slice(2);
  let source = '';
  let braceDepth = 0;
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index]!;
    if (char === '*') {
      if (pattern[index + 1] === '*') {
        const followedBySlash = pattern[index + 2] === '/';
        source += followedBySlash ? '(?:[^/]*/)*' : '.*';
        index += followedBySlash ? 2 : 1;
      } else {
        source += '[^/]*';
      }
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '{') {
      braceDepth += 1;
      source += '(?:';
    } else if (char === '}' && braceDepth > 0) {
      braceDepth -= 1;
      source += ')';
    } else if (char === ',' && braceDepth > 0) {
      source += '|';
    } else if (char === '[') {
      const end = pattern.indexOf(']', index + 1);
      if (end === -1) {
        source += '\\[';
      } else {
        const body = pattern.slice(index + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        index = end;
      }
    } else {
      source += /[.+^$()|\\\]]/.test(char) ? `\\${char}` : char;
    }
  }
  while (braceDepth > 0) {
    source += ')';
    braceDepth -= 1;
  }
  return new RegExp(`${anchored ? '^' : '(?:^|/)'}${source}$`);
}

/** True when the file matches one of the globs. */
export function matchesAnyGlob(filename: string, globs: readonly RegExp[]): boolean {
  if (globs.length === 0) return false;
  const normalized = filename.replace(/\\/g, '/');
  return globs.some((glob) => glob.test(normalized));
}
