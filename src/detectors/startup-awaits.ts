import { lifetimeModelOf } from '../lifetime/index.js';
import type { TSESTree } from '@typescript-eslint/utils';
import {
  enclosingFunction,
  getFunctionName,
  getPropertyName,
  isFunctionNode,
  isModuleLevel,
  unwrapExpression,
  type FunctionNode,
} from '../ast/nodes.js';
import { importSourceOf, resolveVariable } from '../ast/scope.js';
import type { Detector, DetectorSource } from '../ast/traverse.js';
import {
  DEFAULT_DELAY_FUNCTIONS,
  calleePath,
  createTimeoutHelperMatcher,
  evaluateBudget,
  findProperty,
  globToRegExp,
  isDelay,
  isSetTimeoutCall,
  isUsableBudget,
  looksLikeProbe,
  matchesAnyGlob,
  requiredFrom,
  resolveLocalFunction,
  stableInitOf,
  stepNameOf,
  stepPath,
  mayWaitOnPeer,
} from './timeout-helpers.js';
import { forEachNode, someNode } from '../ast/walk.js';
import { getStaticStringLiteral as stringArgument } from '../ast/values.js';

export interface StartupTimeoutOptions {
  /** Function and method names that are startup code. */
  readonly startupFunctions: readonly string[];
  /** Method names treated as lifecycle hooks, in addition to the built-in ones. */
  readonly lifecycleHooks: readonly string[];
  /** Globs: in a matching file every module-level function (and class method) is startup code. */
  readonly startupFiles: readonly string[];
  /** Timeout helper names, in addition to the built-in ones. */
  readonly timeoutHelpers: readonly string[];
  /** Calls that cannot hang, in addition to the built-in ones (`db.ping`, `*.listen`, `loadConfig`). */
  readonly neverHangingCalls: readonly string[];
  /** The file being linted (matched against `startupFiles`). */
  readonly filename: string;
  /** Report every awaited call, not only those that may wait on a peer (connects, readiness waits, requests, database and broker calls). */
  readonly reportLocalCalls?: boolean;
}

export const DEFAULT_STARTUP_FUNCTIONS: readonly string[] = ['main', 'start', 'startup', 'bootstrap', 'boot', 'init', 'initialize', 'setup', 'launch'];

/**
 * Lifecycle hooks that run once while a service starts. `async` ones only for
 * hooks that frameworks also call synchronously (Angular `ngOnInit`, Moleculer `started`).
 */
export const BUILT_IN_LIFECYCLE_HOOKS: readonly { name: string; asyncOnly: boolean }[] = [
  { name: 'onModuleInit', asyncOnly: false },
  { name: 'onApplicationBootstrap', asyncOnly: false },
  { name: 'ngOnInit', asyncOnly: true },
  { name: 'started', asyncOnly: true },
];

/** Calls that settle on their own, matched against the callee path (`*.x` = any object's `x`). */
export const DEFAULT_NEVER_HANGING_CALLS: readonly string[] = [
  'import',
  'Promise.resolve',
  'Promise.reject',
  // Binding a port resolves or rejects (EADDRINUSE); it does not wait on a peer.
  '*.listen',
  // Nest runs the module hooks, which this rule checks where they are declared.
  'NestFactory.create',
  'NestFactory.createApplicationContext',
  'NestFactory.createMicroservice',
  // Fastify bounds plugin loading with its own `pluginTimeout`.
  'app.register',
  'app.ready',
  'app.after',
  'fastify.register',
  'fastify.ready',
  'fastify.after',
  'server.register',
  'server.ready',
];

/** Modules whose async functions cannot hang on a peer. */
const NEVER_HANGING_MODULES = new Set(
  ['fs', 'fs/promises', 'path', 'crypto', 'zlib', 'timers/promises', 'url', 'os', 'dns'].flatMap((name) => [name, `node:${name}`]),
);

/** Retry helpers: bounded when every attempt is, or when a total time cap is set. */
const RETRY_HELPERS = new Set(['pRetry', 'retry', 'asyncRetry', 'promiseRetry', 'backOff', 'retryAsync']);
const RETRY_PACKAGES = new Set(['p-retry', 'async-retry', 'promise-retry', 'exponential-backoff', 'ts-retry-promise']);
const RETRY_TIME_CAPS = ['maxRetryTime', 'timeout', 'maxTimeout', 'timeoutMs'];

export type StartupReason =
  /** Named like a startup function (`main`, `bootstrap`, …). */
  | 'name'
  /** A lifecycle hook (`onModuleInit`, async `ngOnInit`, …). */
  | 'lifecycleHook'
  /** A Fastify plugin (`app.register(fn)`, `fp(fn)`), Fastify `onReady` hook, Hapi plugin `register`, or a `listen` callback. */
  | 'frameworkCallback'
  /** A module-level function in a file matched by `startupFiles`. */
  | 'startupFile'
  /** An immediately invoked function at module level (`(async () => { … })()`). */
  | 'moduleIife'
  /** A function of this module or class that startup code awaits (`await this.initDatabase()`). */
  | 'phase';

export interface StartupFunction {
  readonly node: FunctionNode;
  readonly name: string | null;
  readonly reason: StartupReason;
  /** For phases: the startup function (or null for top-level code) that awaits it. */
  readonly calledFrom: FunctionNode | null;
}

export interface UnboundedStartupStep {
  /**
   * How the step is waited for: `await expr`, `return expr` from an async
   * startup function or phase, or `entry` for a module-level statement that
   * starts the startup without awaiting it (`main().catch(…)`, `bootstrap();`,
   * `(async () => { … })()`).
   */
  readonly kind: 'await' | 'return' | 'entry';
  /** The `await` (null for returned steps). */
  readonly awaitNode: TSESTree.AwaitExpression | null;
  /** The expression to wrap: the awaited call, a `Promise.all` element, the base of a `.then()` chain. */
  readonly expression: TSESTree.Node;
  readonly range: TSESTree.Range;
  /** The step name a timeout error would carry (`db.connect`, `fetch config`). */
  readonly step: string;
  /** The callee path (`this.producer.connect`), or the value's path for awaited values; null when not a plain path. */
  readonly calleePath: string | null;
  /** True when the expression is a call (or tagged template). */
  readonly isCall: boolean;
  /** Looks like a health probe (`ping`, `health*`, `check*`, `ready*`, `probe*`): a readiness wait. */
  readonly isProbe: boolean;
  /** The startup function the step belongs to (null for module top-level code). */
  readonly startupFunction: StartupFunction | null;
  /**
   * The awaited call runs another startup function of this module/class: it is
   * a phase, not a step. Entry statements (`kind: 'entry'`) and Nest's
   * `app.listen()` entry are phases too: the steps are reported inside them.
   */
  readonly isPhase: boolean;
  readonly phaseFunction: FunctionNode | null;
  readonly isTopLevel: boolean;
  /**
   * The call that runs the whole startup, where the outermost stage goes: a
   * module-level `await main()` / `main().catch(…)` / `bootstrap();` / startup
   * IIFE, or the first awaited `app.init()`/`app.listen()` of a Nest
   * application (which runs every `onModuleInit` hook).
   */
  readonly isEntry: boolean;
}

interface StepSite {
  readonly kind: 'await' | 'return';
  readonly awaitNode: TSESTree.AwaitExpression | null;
  readonly expression: TSESTree.Node;
}

/**
 * Finds the awaits in startup code that nothing bounds: no timeout helper, no
 * `Promise.race` timer, no deadline signal or timeout option, and not a call
 * that settles by itself. Startup code is found by name, lifecycle hook,
 * framework registration, file glob and, transitively, the module's own
 * functions that startup code awaits (phases).
 */
export function createStartupAwaitsDetector(source: DetectorSource, options: StartupTimeoutOptions): Detector<UnboundedStartupStep> {
  const { scopeManager } = source;
  const startupNames = new Set(options.startupFunctions);
  const extraHooks = new Set(options.lifecycleHooks);
  const matchHelper = createTimeoutHelperMatcher(scopeManager, options.timeoutHelpers);
  const delayNames = new Set(DEFAULT_DELAY_FUNCTIONS);
  const neverHanging = [...DEFAULT_NEVER_HANGING_CALLS, ...options.neverHangingCalls];
  const isStartupFile = matchesAnyGlob(options.filename, options.startupFiles.map(globToRegExp));

  const sitesByOwner = new Map<FunctionNode | null, StepSite[]>();
  const frameworkCallbacks = new Set<FunctionNode>();
  /** Module-level calls that are a whole statement (`main();`, `void main()`, `main().catch(…)`): entry candidates. */
  const statementCalls: TSESTree.CallExpression[] = [];

  function addSite(owner: FunctionNode | null, site: StepSite): void {
    const list = sitesByOwner.get(owner) ?? [];
    list.push(site);
    sitesByOwner.set(owner, list);
  }

  function addFrameworkCallback(argument: TSESTree.Node | undefined): void {
    if (!argument || argument.type === 'SpreadElement') return;
    const value = unwrapExpression(argument);
    if (isFunctionNode(value)) {
      frameworkCallbacks.add(value);
    } else if (value.type === 'Identifier') {
      const variable = resolveVariable(scopeManager, value);
      const definition = variable?.defs[0];
      if (definition?.type === 'FunctionName' && isFunctionNode(definition.node)) frameworkCallbacks.add(definition.node as FunctionNode);
      else if (definition?.type === 'Variable' && definition.node.type === 'VariableDeclarator' && isFunctionNode(definition.node.init)) {
        frameworkCallbacks.add(definition.node.init as FunctionNode);
      }
    } else if (value.type === 'CallExpression' && isFastifyPluginWrapper(value)) {
      addFrameworkCallback(value.arguments[0]);
    }
  }

  function isFastifyPluginWrapper(call: TSESTree.CallExpression): boolean {
    const callee = unwrapExpression(call.callee);
    if (callee.type !== 'Identifier') return false;
    if (callee.name === 'fp' || callee.name === 'fastifyPlugin') return true;
    return importSourceOf(scopeManager, callee)?.source === 'fastify-plugin';
  }

  return {
    visitors: {
      AwaitExpression(node) {
        const owner = enclosingFunction(node);
        if (owner === null && !isModuleLevel(node)) return;
        addSite(owner, { kind: 'await', awaitNode: node, expression: node.argument });
      },
      ReturnStatement(node) {
        const owner = enclosingFunction(node);
        if (owner && node.argument) addSite(owner, { kind: 'return', awaitNode: null, expression: node.argument });
      },
      CallExpression(node) {
        if (isStatementCall(node) && isModuleLevel(node)) statementCalls.push(node);
        const name = calleeName(node);
        if (name === 'register' && unwrapExpression(node.callee).type === 'MemberExpression') addFrameworkCallback(node.arguments[0]);
        else if (isFastifyPluginWrapper(node)) addFrameworkCallback(node.arguments[0]);
        else if (name === 'addHook' && stringArgument(node.arguments[0]) === 'onReady') addFrameworkCallback(node.arguments[1]);
        else if (name === 'listen' && node.arguments.length > 0) {
          const last = node.arguments.at(-1);
          if (last && isFunctionNode(last)) frameworkCallbacks.add(last);
        }
      },
    },
    finish() {
      const startup = new Map<FunctionNode, StartupFunction>();
      const owners = new Set<FunctionNode>([...sitesByOwner.keys()].filter((owner): owner is FunctionNode => owner !== null));
      for (const fn of owners) {
        const reason = startupReasonOf(fn);
        if (reason) startup.set(fn, { node: fn, name: getFunctionName(fn), reason, calledFrom: null });
      }

      // Phases: the module's own functions that startup code awaits are startup code too.
      const queue: (FunctionNode | null)[] = [null, ...startup.keys()];
      while (queue.length > 0) {
        const owner = queue.shift()!;
        for (const site of sitesOf(owner, startup)) {
          for (const call of awaitedCalls(site.expression)) {
            const target = resolveLocalFunction(call, scopeManager);
            if (!target || target === owner || startup.has(target)) continue;
            startup.set(target, { node: target, name: getFunctionName(target), reason: 'phase', calledFrom: owner });
            queue.push(target);
          }
        }
      }

      const findings: UnboundedStartupStep[] = [];
      const owned: (FunctionNode | null)[] = [null, ...startup.keys()];
      // A Nest application's `app.init()`/`app.listen()` is the entry: the module-level `bootstrap()` that runs it is not another one.
      const nestOwners = new Set(
        [...startup.keys()].filter((fn) => sitesOf(fn, startup).some((site) => site.kind === 'await' && (nestEntryOf(site.expression) ?? stagedNestEntryOf(site.expression)))),
      );
      const isEntryCall = (call: TSESTree.CallExpression | null, target: FunctionNode | null): boolean => {
        if (!call) return false;
        if (target) return startup.has(target) && !nestOwners.has(target);
        // `import { start } from './main.js'; start().catch(…)`: the entry file of a startup defined elsewhere.
        const callee = unwrapExpression(call.callee);
        return callee.type === 'Identifier' && startupNames.has(callee.name) && moduleOf(callee) !== null;
      };
      for (const owner of owned) {
        const startupFunction = owner ? startup.get(owner)! : null;
        let nestEntry: TSESTree.CallExpression | null = null;
        for (const site of sitesOf(owner, startup)) {
          if (owner !== null && nestEntry === null && site.kind === 'await') {
            const nest = nestEntryOf(site.expression) ?? stagedNestEntryOf(site.expression);
            if (nest) {
              nestEntry = nest;
              // `app.listen()` settles by itself, so it is not a step; `app.init()` is, and is marked below.
              if (calleeName(nest) === 'listen' && nest === unwrapExpression(site.expression)) findings.push(entryFinding('await', site.awaitNode, nest, startupFunction, null, false));
            }
          }
          // `return data` hands back a value; only a returned call is a step the caller waits for.
          if (site.kind === 'return' && !isCallLike(site.expression)) continue;
          for (const part of unboundedParts(site.expression, 0)) {
            const path = stepPath(part);
            const call = awaitedCalls(part)[0] ?? null;
            const phaseFunction = call ? resolveLocalFunction(call, scopeManager) : null;
            const isPhase = phaseFunction !== null && startup.has(phaseFunction);
            const current = unwrapExpression(part);
            const isEntry = owner === null ? isEntryCall(call, phaseFunction) : call !== null && call === nestEntry;
            findings.push({
              kind: site.kind,
              awaitNode: site.awaitNode,
              expression: part,
              range: part.range,
              step: stepNameOf(part),
              calleePath: path,
              isCall: current.type === 'CallExpression' || current.type === 'TaggedTemplateExpression',
              isProbe: looksLikeProbe(path),
              startupFunction,
              isPhase,
              phaseFunction: isPhase ? phaseFunction : null,
              isTopLevel: owner === null,
              isEntry,
            });
          }
        }
      }
      for (const statement of statementCalls) {
        let base = statement;
        // `main().then(…).catch(…)`: the chain starts the startup at its base.
        for (;;) {
          const callee = unwrapExpression(base.callee);
          const method = callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
          const object = callee.type === 'MemberExpression' ? unwrapExpression(callee.object) : null;
          if ((method === 'then' || method === 'catch' || method === 'finally') && object?.type === 'CallExpression') base = object;
          else break;
        }
        const callee = unwrapExpression(base.callee);
        if (isFunctionNode(callee)) {
          if (startup.get(callee)?.reason === 'moduleIife') findings.push(entryFinding('entry', null, base, null, callee, true));
          continue;
        }
        const target = resolveLocalFunction(base, scopeManager);
        if (isEntryCall(base, target)) findings.push(entryFinding('entry', null, base, null, target, true));
      }
      // Test code, type tests and one-shot scripts end with their process.
      const model = lifetimeModelOf(source);
      return findings.filter((finding) => !model.isInertCode(finding.expression)).sort((a, b) => a.range[0] - b.range[0]);
    },
  };

  function entryFinding(
    kind: 'await' | 'entry',
    awaitNode: TSESTree.AwaitExpression | null,
    call: TSESTree.CallExpression,
    startupFunction: StartupFunction | null,
    phaseFunction: FunctionNode | null,
    isTopLevel: boolean,
  ): UnboundedStartupStep {
    const path = stepPath(call);
    return {
      kind,
      awaitNode,
      expression: call,
      range: call.range,
      step: stepNameOf(call),
      calleePath: path,
      isCall: true,
      isProbe: false,
      startupFunction,
      isPhase: true,
      phaseFunction,
      isTopLevel,
      isEntry: true,
    };
  }

  /** `await stage('startup', ms, () => app.init())`: the Nest entry is staged already, so a later `app.listen()` is not the entry. */
  function stagedNestEntryOf(expression: TSESTree.Node): TSESTree.CallExpression | null {
    const call = unwrapExpression(expression);
    if (call.type !== 'CallExpression') return null;
    const work = matchHelper(call)?.work;
    const fn = work ? unwrapExpression(work) : null;
    return fn && isFunctionNode(fn) && fn.body.type !== 'BlockStatement' ? nestEntryOf(fn.body) : null;
  }

  /** `await app.init()` / `await app.listen(3000)` where `app` is `await NestFactory.create(…)`: the call that runs every module hook. */
  function nestEntryOf(expression: TSESTree.Node): TSESTree.CallExpression | null {
    const call = unwrapExpression(expression);
    if (call.type !== 'CallExpression') return null;
    const callee = unwrapExpression(call.callee);
    if (callee.type !== 'MemberExpression') return null;
    const method = getPropertyName(callee);
    if (method !== 'init' && method !== 'listen') return null;
    const object = unwrapExpression(callee.object);
    if (object.type !== 'Identifier') return null;
    const stable = stableInitOf(object, scopeManager);
    if (!stable) return null;
    let init = unwrapExpression(stable);
    if (init.type === 'AwaitExpression') init = unwrapExpression(init.argument);
    if (init.type !== 'CallExpression') return null;
    const path = calleePath(init.callee);
    return path === 'NestFactory.create' || path === 'NestFactory.createMicroservice' || path === 'NestFactory.createApplicationContext' ? call : null;
  }

  function sitesOf(owner: FunctionNode | null, startup: Map<FunctionNode, StartupFunction>): StepSite[] {
    const sites = (sitesByOwner.get(owner) ?? []).filter((site) => isStartupStep(site.awaitNode ?? site.expression, owner));
    if (owner === null) return sites.filter((site) => site.kind === 'await');
    const info = startup.get(owner);
    if (!info) return [];
    // A returned promise is awaited by the caller; only where the caller is known to wait for it.
    // And only in a function that awaits nothing else: `async init() { return mongoose.connect(uri) }`.
    // After awaits, a returned call usually builds the result (`return JSON.parse(raw)`).
    const returnsCount = (owner.async || info.reason === 'phase') && !sites.some((site) => site.kind === 'await');
    const result = returnsCount ? [...sites] : sites.filter((site) => site.kind === 'await');
    if (returnsCount && owner.type === 'ArrowFunctionExpression' && owner.body.type !== 'BlockStatement') {
      result.push({ kind: 'return', awaitNode: null, expression: owner.body });
    }
    return result;
  }

  /**
   * Whether a wait is a startup step. Not one: the body of a run loop
   * (`while (true)`, `for (;;)`, `while (this.running)`, `while (!this.closing)`):
   * a worker's `start()` that consumes until stopped, whose awaits are
   * per-iteration work that the worker's own shutdown ends.
   */
  function isStartupStep(node: TSESTree.Node, owner: FunctionNode | null): boolean {
    let child: TSESTree.Node = node;
    for (let current = node.parent; current && current !== owner; child = current, current = current.parent) {
      if (isFunctionNode(current)) return true;
      if ((current.type === 'WhileStatement' || current.type === 'DoWhileStatement' || current.type === 'ForStatement') && child === current.body && isRunLoopTest(current.test)) return false;
    }
    return true;
  }

  function startupReasonOf(fn: FunctionNode): StartupReason | null {
    const name = getFunctionName(fn);
    if (name !== null) {
      if (startupNames.has(name)) return 'name';
      if (isLifecycleHookMember(fn)) {
        const builtIn = BUILT_IN_LIFECYCLE_HOOKS.find((hook) => hook.name === name);
        if (builtIn && (!builtIn.asyncOnly || fn.async)) return 'lifecycleHook';
        if (extraHooks.has(name)) return 'lifecycleHook';
      }
    }
    if (frameworkCallbacks.has(fn) || isHapiPluginRegister(fn)) return 'frameworkCallback';
    if (isModuleLevelIife(fn)) return 'moduleIife';
    // Module-level functions and the methods of module-level classes (not callbacks inside them).
    if (isStartupFile && isModuleLevel(fn)) return 'startupFile';
    return null;
  }

  /** The parts of an awaited expression that can hang; empty when it is bounded. */
  function unboundedParts(expression: TSESTree.Node, depth: number): TSESTree.Node[] {
    if (depth > 6) return [];
    const current = unwrapExpression(expression);
    switch (current.type) {
      case 'AwaitExpression':
        return unboundedParts(current.argument, depth + 1);
      case 'ConditionalExpression':
        return [...unboundedParts(current.consequent, depth + 1), ...unboundedParts(current.alternate, depth + 1)];
      case 'LogicalExpression':
        return [...unboundedParts(current.left, depth + 1), ...unboundedParts(current.right, depth + 1)];
      case 'SequenceExpression':
        return current.expressions.length > 0 ? unboundedParts(current.expressions.at(-1)!, depth + 1) : [];
      case 'CallExpression':
        return unboundedCallParts(current, depth);
      case 'TaggedTemplateExpression':
        return receiverCarriesDeadline(current.tag, 0) || isNeverHanging(calleePath(current.tag), current.tag) || (!options.reportLocalCalls && !mayWaitOnPeer(current)) ? [] : [current];
      case 'NewExpression':
        return isPromiseThatSettles(current) || (!options.reportLocalCalls && !promiseWaitsOnPeer(current)) ? [] : [current];
      case 'Identifier': {
        // `await child`, `await this.startPromise`: a join on work started elsewhere,
        // where the step itself is (and is checked when that is startup code).
        const init = stableInitOf(current, scopeManager);
        if (!init) return [];
        const initCurrent = unwrapExpression(init);
        // `const ready = db.connect(); … await ready`: bounded when what it holds is.
        if (initCurrent.type === 'CallExpression' || initCurrent.type === 'NewExpression' || initCurrent.type === 'Identifier') {
          return unboundedParts(initCurrent, depth + 1).length === 0 ? [] : [current];
        }
        return isFunctionNode(initCurrent) || initCurrent.type === 'Literal' || initCurrent.type === 'ObjectExpression' ? [] : [current];
      }
      default:
        // Literals, `void`, arithmetic: not promises.
        return [];
    }
  }

  function unboundedCallParts(call: TSESTree.CallExpression, depth: number): TSESTree.Node[] {
    const helper = matchHelper(call);
    if (helper && helper.kind !== 'deadline') return [];
    const callee = unwrapExpression(call.callee);
    const path = calleePath(call.callee);
    if (path === 'Promise.all' || path === 'Promise.allSettled' || path === 'Promise.any') {
      const list = call.arguments[0] ? unwrapExpression(call.arguments[0]) : null;
      if (list?.type !== 'ArrayExpression') return options.reportLocalCalls || mayWaitOnPeer(call) ? [call] : [];
      return list.elements.flatMap((element) => (element && element.type !== 'SpreadElement' ? unboundedParts(element, depth + 1) : []));
    }
    if (path === 'Promise.race') {
      const list = call.arguments[0] ? unwrapExpression(call.arguments[0]) : null;
      if (list?.type === 'ArrayExpression' && list.elements.some((element) => element && element.type !== 'SpreadElement' && isTimerBranch(element))) return [];
      return [call];
    }
    // `db.connect().then(log)`: the chain waits as long as its base.
    if (callee.type === 'MemberExpression') {
      const method = getPropertyName(callee);
      if (method === 'then' || method === 'catch' || method === 'finally') return unboundedParts(callee.object, depth + 1);
    }
    if (isRetryHelper(call)) return unboundedRetryParts(call, depth);
    if (isNeverHanging(path, call.callee) || isDelay(call, scopeManager, delayNames)) return [];
    if (argumentsCarryDeadline(call.arguments) || receiverCarriesDeadline(call.callee, 0)) return [];
    // Local work (files, modules, computing) settles on its own; the module's own phases are followed.
    if (!options.reportLocalCalls && !mayWaitOnPeer(call) && resolveLocalFunction(call, scopeManager) === null && !isEntryLike(call)) return [];
    return [call];
  }

  /** `await start()` of an imported startup function, Nest's `app.init()`: the entry the codemod stages. */
  function isEntryLike(call: TSESTree.CallExpression): boolean {
    const callee = unwrapExpression(call.callee);
    if (callee.type === 'Identifier' && startupNames.has(callee.name)) return true;
    // `const app = new App(); await app.start()` in an entry function: another module's startup, staged as a
    // phase of this one. Not `super.setup()`, an optional hook (`strategy.setup?.()`), or a method's own calls.
    if (callee.type === 'MemberExpression' && !callee.optional && startupNames.has(getPropertyName(callee) ?? '')) {
      const object = unwrapExpression(callee.object);
      const owner = enclosingFunction(call);
      const entryLevel = owner === null || (owner.type === 'FunctionDeclaration' && owner.parent?.type === 'Program') || isModuleLevelIife(owner);
      const init = object.type === 'Identifier' ? stableInitOf(object, scopeManager) : null;
      if (!entryLevel || init === null) return false;
      let value = unwrapExpression(init);
      if (value.type === 'AwaitExpression') value = unwrapExpression(value.argument);
      // `new App()`, or a factory's product (`await NestFactory.create(AppModule)`).
      return value.type === 'NewExpression' || (value.type === 'CallExpression' && /(?:^|\.)create\w*$/.test(calleePath(value.callee) ?? ''));
    }
    return nestEntryOf(call) !== null || stagedNestEntryOf(call) !== null;
  }

  function isRetryHelper(call: TSESTree.CallExpression): boolean {
    const callee = unwrapExpression(call.callee);
    if (callee.type !== 'Identifier') return false;
    const imported = importSourceOf(scopeManager, callee);
    if (imported && RETRY_PACKAGES.has(imported.source)) return true;
    return RETRY_HELPERS.has(callee.name);
  }

  /** `pRetry(() => db.connect(), { retries: 5 })`: every attempt must be bounded, or the total time capped. */
  function unboundedRetryParts(call: TSESTree.CallExpression, depth: number): TSESTree.Node[] {
    const optionsArgument = call.arguments[1];
    const optionsObject = optionsArgument ? objectOf(optionsArgument) : null;
    if (optionsObject) {
      const cap = findProperty(optionsObject, RETRY_TIME_CAPS);
      if (cap && budgetBounds(cap.value)) return [];
    }
    const attempt = call.arguments[0] ? unwrapExpression(call.arguments[0]) : null;
    if (!attempt || !isFunctionNode(attempt)) return [call];
    const attemptSites: TSESTree.Node[] = [];
    if (attempt.body.type !== 'BlockStatement') {
      attemptSites.push(attempt.body);
    } else {
      forEachNode(attempt.body, (node) => {
        if (node.type === 'AwaitExpression') attemptSites.push(node.argument);
        else if (node.type === 'ReturnStatement' && node.argument) attemptSites.push(node.argument);
      });
    }
    return attemptSites.flatMap((site) => unboundedParts(site, depth + 1));
  }

  function isNeverHanging(path: string | null, callee: TSESTree.Node): boolean {
    if (path !== null) {
      for (const entry of neverHanging) {
        if (entry.startsWith('*.')) {
          if (path.endsWith(entry.slice(1))) return true;
        } else if (path === entry || (entry.includes('.') && path.endsWith(`.${entry}`))) {
          return true;
        }
      }
    }
    const root = rootIdentifier(callee);
    if (!root) return false;
    const module = moduleOf(root);
    return module !== null && NEVER_HANGING_MODULES.has(module);
  }

  /** The module a binding comes from: `import fs from 'fs'`, `const fs = require('fs')`, `const { readFile } = require('fs/promises')`. */
  function moduleOf(identifier: TSESTree.Identifier): string | null {
    return (importSourceOf(scopeManager, identifier) ?? requiredFrom(identifier, scopeManager))?.source ?? null;
  }

  /**
   * A hand-made promise waits on a peer when its executor makes a call that may (`client.connect(cb)`)
   * or waits for an event of another object (`redis.once('ready', resolve)`); an IPC send to a
   * local child or an event of `this` is local.
   */
  function promiseWaitsOnPeer(node: TSESTree.NewExpression): boolean {
    const executor = node.arguments[0];
    if (!executor || !isFunctionNode(executor)) return true;
    let waits = false;
    forEachNode(executor.body, (child) => {
      if (child.type !== 'CallExpression') return false;
      if (mayWaitOnPeer(child)) waits = true;
      const callee = unwrapExpression(child.callee);
      if (callee.type === 'MemberExpression' && ['once', 'on', 'addListener', 'addEventListener'].includes(getPropertyName(callee) ?? '')) {
        const target = unwrapExpression(callee.object);
        const root = rootIdentifier(target);
        if (target.type !== 'ThisExpression' && root?.name !== 'process' && !(target.type === 'MemberExpression' && unwrapExpression(target.object).type === 'ThisExpression' && /child|worker|process/i.test(getPropertyName(target) ?? ''))) waits = true;
      }
      return waits;
    });
    return waits;
  }

  /** `new Promise(r => setTimeout(r, ms))` or `new Promise(r => server.listen(port, r))`. */
  function isPromiseThatSettles(node: TSESTree.NewExpression): boolean {
    const callee = unwrapExpression(node.callee);
    if (callee.type !== 'Identifier' || callee.name !== 'Promise') return true;
    const executor = node.arguments[0];
    if (!executor || !isFunctionNode(executor)) return false;
    if (someNode(executor.body, (child) => isSetTimeoutCall(child, scopeManager), { intoFunctions: true })) return true;
    const parameters = new Set(executor.params.flatMap((param) => (param.type === 'Identifier' ? [param.name] : [])));
    const calls: TSESTree.CallExpression[] = [];
    forEachNode(executor.body, (child) => {
      if (child.type === 'CallExpression') {
        const path = calleePath(child.callee);
        if (path !== null && !parameters.has(path)) calls.push(child);
      }
    });
    const settlesCall = (call: TSESTree.CallExpression) => isNeverHanging(calleePath(call.callee), call.callee) || argumentsCarryDeadline(call.arguments);
    if (calls.length > 0 && calls.every(settlesCall)) return true;
    // `server.listen(0, () => { … resolve(port) })`: the promise settles when a call that settles calls back.
    return calls.some(
      (call) =>
        settlesCall(call) &&
        call.arguments.some((argument) => someNode(argument, (child) => child.type === 'Identifier' && parameters.has(child.name), { intoFunctions: true })),
    );
  }

  /** A `Promise.race` element that settles after a time: a timer promise, a delay, a timeout helper. */
  function isTimerBranch(element: TSESTree.Node): boolean {
    const current = unwrapExpression(element);
    if (current.type === 'NewExpression') return someNode(current, (child) => isSetTimeoutCall(child, scopeManager), { intoFunctions: true });
    if (current.type === 'Identifier') {
      const init = stableInitOf(current, scopeManager);
      return init ? isTimerBranch(init) : /timeout|deadline|timer/i.test(current.name);
    }
    if (current.type !== 'CallExpression') return false;
    if (isDelay(current, scopeManager, delayNames) || matchHelper(current) || isSetTimeoutCall(current, scopeManager)) return true;
    const path = calleePath(current.callee);
    if (path !== null && /timeout|deadline|delay|sleep|expire/i.test(path)) return true;
    if (path === 'events.once' || path === 'once') return current.arguments.some((argument) => argument.type !== 'SpreadElement' && isTimeoutSignal(argument, 0));
    // A same-module helper that starts a timer: `Promise.race([work, rejectAfter(5000)])`.
    const local = resolveLocalFunction(current, scopeManager);
    return local !== null && someNode(local.body, (child) => isSetTimeoutCall(child, scopeManager), { intoFunctions: true });
  }

  /** An argument that carries a deadline: `{ signal: AbortSignal.timeout(ms) }`, `{ timeout: 5000 }`, an options object holding one. */
  function argumentsCarryDeadline(args: readonly TSESTree.CallExpressionArgument[]): boolean {
    return args.some((argument) => {
      if (argument.type === 'SpreadElement') return false;
      const current = unwrapExpression(argument);
      if (current.type === 'MemberExpression' || current.type === 'CallExpression') {
        if (isTimeoutSignal(current, 0)) return true;
      }
      const object = objectOf(current);
      return object !== null && optionsCarryDeadline(object, 0);
    });
  }

  function optionsCarryDeadline(object: TSESTree.ObjectExpression, depth: number): boolean {
    if (depth > 3) return false;
    for (const property of object.properties) {
      if (property.type !== 'Property') continue;
      const key = getPropertyName(property);
      if (key === null) continue;
      if (key === 'signal') {
        if (isTimeoutSignal(property.value, 0)) return true;
        continue;
      }
      if (/timeout/i.test(key) || key === 'deadline') {
        if (budgetBounds(property.value)) return true;
        continue;
      }
      const nested = objectOf(property.value);
      if (nested && optionsCarryDeadline(nested, depth + 1)) return true;
    }
    return false;
  }

  /** A timeout option bounds the wait unless it is statically 0, negative or infinite (`timeout: 0` disables axios' timeout). */
  function budgetBounds(value: TSESTree.Node): boolean {
    const current = unwrapExpression(value);
    if (current.type === 'ObjectExpression' || isFunctionNode(current)) return false;
    if (current.type === 'Literal' && typeof current.value !== 'number') return false;
    const budget = evaluateBudget(current, scopeManager);
    return budget === null || isUsableBudget(budget);
  }

  /** `AbortSignal.timeout(ms)`, `AbortSignal.any([…timeout…])`, a signal variable derived from a timer. */
  function isTimeoutSignal(value: TSESTree.Node, depth: number): boolean {
    if (depth > 4) return false;
    const current = unwrapExpression(value);
    if (current.type === 'CallExpression') {
      const path = calleePath(current.callee);
      if (path === 'AbortSignal.timeout') return true;
      if (path === 'AbortSignal.any') {
        const list = current.arguments[0] ? unwrapExpression(current.arguments[0]) : null;
        return list?.type === 'ArrayExpression' && list.elements.some((element) => element !== null && element.type !== 'SpreadElement' && isTimeoutSignal(element, depth + 1));
      }
      return path !== null && /timeout|deadline/i.test(path);
    }
    if (current.type === 'Identifier') {
      if (/timeout|deadline/i.test(current.name)) return true;
      const init = stableInitOf(current, scopeManager);
      if (init) return isTimeoutSignal(init, depth + 1);
      return isSignalOfTimeoutHelper(current);
    }
    if (current.type === 'MemberExpression') {
      // `controller.signal` where a timer calls `controller.abort()`.
      const object = unwrapExpression(current.object);
      if (object.type !== 'Identifier') return false;
      if (/timeout|deadline/i.test(object.name)) return true;
      const variable = resolveVariable(scopeManager, object);
      return (
        variable?.references.some((reference) => {
          let node: TSESTree.Node | undefined = reference.identifier.parent;
          while (node && !isFunctionNode(node)) node = node.parent;
          return node?.parent?.type === 'CallExpression' && isSetTimeoutCall(node.parent, scopeManager);
        }) ?? false
      );
    }
    return false;
  }

  /** The `signal` parameter of the callback a timeout helper runs: `withTimeout((signal) => fetch(url, { signal }), …)`. */
  function isSignalOfTimeoutHelper(identifier: TSESTree.Identifier): boolean {
    const variable = resolveVariable(scopeManager, identifier);
    const definition = variable?.defs[0];
    if (definition?.type !== 'Parameter') return false;
    const fn = definition.node;
    return fn.parent?.type === 'CallExpression' && matchHelper(fn.parent) !== null;
  }

  /**
   * The object a call is made on was created with a deadline: `const pool =
   * new Pool({ connectionTimeoutMillis: 5000 }); await pool.connect()`, and one
   * step further for factories (`kafka.producer()` of a `new Kafka({ connectionTimeout })`).
   */
  function receiverCarriesDeadline(callee: TSESTree.Node, depth: number): boolean {
    if (depth > 3) return false;
    const current = unwrapExpression(callee);
    if (current.type !== 'MemberExpression') return false;
    const object = unwrapExpression(current.object);
    let creation: TSESTree.Node | null = object;
    if (object.type === 'Identifier') creation = stableInitOf(object, scopeManager);
    if (!creation) return false;
    creation = unwrapExpression(creation);
    if (creation.type === 'AwaitExpression') creation = unwrapExpression(creation.argument);
    if (creation.type !== 'CallExpression' && creation.type !== 'NewExpression') {
      return creation.type === 'MemberExpression' && receiverCarriesDeadline(creation, depth + 1);
    }
    if (argumentsCarryDeadline(creation.arguments)) return true;
    return receiverCarriesDeadline(creation.callee, depth + 1);
  }

  function objectOf(node: TSESTree.Node): TSESTree.ObjectExpression | null {
    const current = unwrapExpression(node);
    if (current.type === 'ObjectExpression') return current;
    if (current.type === 'Identifier') {
      const init = stableInitOf(current, scopeManager);
      const value = init ? unwrapExpression(init) : null;
      return value?.type === 'ObjectExpression' ? value : null;
    }
    return null;
  }
}

/** The calls an awaited expression runs directly (through `.then()` chains and `Promise.all` arrays). */
function awaitedCalls(expression: TSESTree.Node): TSESTree.CallExpression[] {
  const current = unwrapExpression(expression);
  if (current.type === 'AwaitExpression') return awaitedCalls(current.argument);
  if (current.type !== 'CallExpression') return [];
  const callee = unwrapExpression(current.callee);
  if (callee.type === 'MemberExpression') {
    const method = getPropertyName(callee);
    if (method === 'then' || method === 'catch' || method === 'finally') return awaitedCalls(callee.object);
    const path = calleePath(callee);
    if (path === 'Promise.all' || path === 'Promise.allSettled') {
      const list = current.arguments[0] ? unwrapExpression(current.arguments[0]) : null;
      if (list?.type === 'ArrayExpression') return list.elements.flatMap((element) => (element && element.type !== 'SpreadElement' ? awaitedCalls(element) : []));
    }
  }
  return [current];
}

function isCallLike(expression: TSESTree.Node): boolean {
  const current = unwrapExpression(expression);
  return (
    current.type === 'CallExpression' ||
    current.type === 'NewExpression' ||
    current.type === 'TaggedTemplateExpression' ||
    current.type === 'AwaitExpression' ||
    current.type === 'ConditionalExpression' ||
    current.type === 'LogicalExpression'
  );
}

/** A call that is a whole statement: `main();`, `void main();`, `main().catch(…);`. */
function isStatementCall(call: TSESTree.CallExpression): boolean {
  let node: TSESTree.Node = call;
  while (node.parent?.type === 'ChainExpression' || node.parent?.type === 'TSAsExpression' || node.parent?.type === 'TSNonNullExpression') node = node.parent;
  const parent = node.parent;
  if (parent?.type === 'UnaryExpression' && parent.operator === 'void') return parent.parent?.type === 'ExpressionStatement';
  return parent?.type === 'ExpressionStatement' && parent.directive === undefined;
}

function calleeName(call: TSESTree.CallExpression): string | null {
  const callee = unwrapExpression(call.callee);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') return getPropertyName(callee);
  return null;
}

function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | null {
  let current = unwrapExpression(node);
  while (current.type === 'MemberExpression') current = unwrapExpression(current.object);
  return current.type === 'Identifier' ? current : null;
}

/** A method, or a property holding a function, of a class or object: where framework hooks live. */
function isLifecycleHookMember(fn: FunctionNode): boolean {
  const parent = fn.parent;
  return parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition' || (parent?.type === 'Property' && parent.value === fn);
}

/** Hapi: `{ name: 'db', register: async (server, options) => { … } }`. */
function isHapiPluginRegister(fn: FunctionNode): boolean {
  const property = fn.parent;
  if (property?.type !== 'Property' || property.value !== fn || getPropertyName(property) !== 'register') return false;
  const object = property.parent;
  return object?.type === 'ObjectExpression' && findProperty(object, ['name', 'pkg']) !== null;
}

/** `(async () => { … })()` or `(async function main() { … })()` at module level: the CommonJS script's main. */
function isModuleLevelIife(fn: FunctionNode): boolean {
  if (fn.type === 'FunctionDeclaration') return false;
  let node: TSESTree.Node = fn;
  while (node.parent && (node.parent.type === 'TSAsExpression' || node.parent.type === 'TSNonNullExpression')) node = node.parent;
  const parent = node.parent;
  return parent?.type === 'CallExpression' && parent.callee === node && isModuleLevel(parent);
}

const RUNNING_FLAG = /^(is)?(running|active|started|alive|polling|consuming|listening|enabled|connected)$/i;
const STOPPING_FLAG = /(closing|closed|stopping|stopped|shuttingdown|shutdown|aborted|cancell?ed|destroyed|paused|terminated|done)$/i;

/** A loop test that keeps going until someone stops it: no test, `true`, a running flag or a negated stopping flag. */
function isRunLoopTest(test: TSESTree.Expression | null | undefined): boolean {
  if (!test) return true;
  const current = unwrapExpression(test);
  if (current.type === 'Literal') return current.value === true;
  if (current.type === 'UnaryExpression' && current.operator === '!') {
    const negated = unwrapExpression(current.argument);
    if (negated.type === 'LogicalExpression' && negated.operator === '||') return isStoppingFlag(negated.left) && isStoppingFlag(negated.right);
    return isStoppingFlag(negated);
  }
  return flagName(current) !== null && RUNNING_FLAG.test(flagName(current)!);
}

function isStoppingFlag(node: TSESTree.Node): boolean {
  const name = flagName(unwrapExpression(node));
  return name !== null && STOPPING_FLAG.test(name);
}

/** The last name of a plain flag read: `isRunning`, `this.closing`, `this.#stopped`. */
function flagName(node: TSESTree.Node): string | null {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression') return getPropertyName(node)?.replace(/^#/, '') ?? null;
  return null;
}
