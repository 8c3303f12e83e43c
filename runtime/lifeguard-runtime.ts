/**
 * lifeguard-runtime — staged timeouts, a weakly held registry and a listener
 * scope for long-running Node and browser code.
 *
 * One self-contained module with no imports and no dependencies: the
 * `eslint-plugin-lifeguard` codemods copy this very file into a project as
 * `lifeguard-runtime.ts` (or a generated, behaviourally identical
 * `lifeguard-runtime.js`). It is also published as the package
 * `lifeguard-runtime` (re-exported as `eslint-plugin-lifeguard/runtime`). Docs: docs/runtime.md.
 *
 * Platform needs: ES2022, `AbortController`, `WeakRef`/`FinalizationRegistry`,
 * `AggregateError`. Nesting of budgets needs `AsyncLocalStorage`, obtained at
 * run time through `process.getBuiltinModule('node:async_hooks')` (Node >=
 * 20.16, Bun, Deno) or a global `AsyncLocalStorage` (Cloudflare Workers);
 * without it (browsers) every budget is flat: `withTimeout`, `stage` and
 * `deadline` still time out, but a call does not see the stage around it.
 */

// ---------------------------------------------------------------------------
// Host access. Nothing here is imported statically, so bundlers for the
// browser never see `node:async_hooks`.
// ---------------------------------------------------------------------------

interface AsyncContext<T> {
  run<R, A extends unknown[]>(store: T, callback: (...args: A) => R, ...args: A): R;
  getStore(): T | undefined;
}
type AsyncContextConstructor = new <T>() => AsyncContext<T>;

interface HostProcess {
  // Not an index signature: `noPropertyAccessFromIndexSignature` projects compile this file too.
  env?: { readonly LIFEGUARD_TIMEOUT_SCALE?: string | undefined };
  getBuiltinModule?: (id: string) => unknown;
}

// ES2021 globals, typed here so that the file also compiles under `lib: ES2020`.
interface WeakRefLike<T extends object> {
  deref(): T | undefined;
}
interface FinalizationRegistryLike<H> {
  register(target: object, heldValue: H, unregisterToken?: object): void;
  unregister(unregisterToken: object): unknown;
}

const host = globalThis as unknown as {
  process?: HostProcess;
  AsyncLocalStorage?: AsyncContextConstructor;
  reportError?: (error: unknown) => void;
  WeakRef: new <T extends object>(target: T) => WeakRefLike<T>;
  FinalizationRegistry: new <H>(cleanup: (heldValue: H) => void) => FinalizationRegistryLike<H>;
  AggregateError?: new (errors: unknown[], message: string) => Error;
};

type TimerHandle = ReturnType<typeof setTimeout>;

/** Node clamps larger delays to 1 ms (TimeoutOverflowWarning); longer budgets re-arm. */
const MAX_TIMER_MS = 2_147_483_647;

const hostPerformance = (globalThis as { performance?: { now?: () => number } | null }).performance;
const clock: () => number =
  typeof hostPerformance?.now === 'function' ? () => performance.now() : () => Date.now();

function noop(): void {}

/** Errors thrown by user hooks surface like errors in event listeners, never as a rejection. */
function reportLater(error: unknown): void {
  if (typeof host.reportError === 'function') host.reportError(error);
  else
    queueMicrotask(() => {
      throw error;
    });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

// undefined: not looked up yet; null: the platform has no AsyncLocalStorage.
let stepContext: AsyncContext<Step> | null | undefined;

/**
 * Created on the first `stage()` or `withTimeout(fn)`, not at import: on Node
 * 20 an active AsyncLocalStorage installs promise hooks, a cost that code
 * using only `withTimeout(promise)` should not pay.
 */
function enterableContext(): AsyncContext<Step> | null {
  if (stepContext === undefined) {
    let Storage: AsyncContextConstructor | undefined;
    try {
      const asyncHooks = host.process?.getBuiltinModule?.('node:async_hooks') as
        | { AsyncLocalStorage?: AsyncContextConstructor }
        | undefined;
      Storage = asyncHooks?.AsyncLocalStorage;
    } catch {
      Storage = undefined;
    }
    Storage ??= typeof host.AsyncLocalStorage === 'function' ? host.AsyncLocalStorage : undefined;
    stepContext = Storage ? new Storage<Step>() : null;
  }
  return stepContext;
}

/**
 * The step that bounds work started now. A step that completed no longer
 * does: a server started inside `stage('startup', …)` keeps that context in
 * every request handler, and their steps must not inherit startup's spent
 * deadline. A step that timed out or was aborted still does, so its abandoned
 * work fails fast instead of running unbounded.
 */
function currentStep(): Step | undefined {
  let step = stepContext ? stepContext.getStore() : undefined;
  while (step !== undefined && step.settled && !step.aborted) step = step.parent;
  return step;
}

// ---------------------------------------------------------------------------
// Statistics: node:diagnostics_channel
//
// Published on `lifeguard:stage`, `lifeguard:step`, `lifeguard:registry` and
// `lifeguard:scope`, and only when a channel has subscribers: without one, a
// call pays one property read. Channels are global by name, so a subscriber
// sees every copy of the runtime in the process (vendored and published).
// ---------------------------------------------------------------------------

interface DiagnosticsChannel {
  readonly hasSubscribers: boolean;
  publish(message: unknown): void;
}
type ChannelSubscriber = (message: unknown, name: string | symbol) => void;
interface DiagnosticsChannelModule {
  channel(name: string): DiagnosticsChannel;
  subscribe(name: string, onMessage: ChannelSubscriber): void;
  unsubscribe(name: string, onMessage: ChannelSubscriber): boolean;
}

function diagnosticsChannels(): DiagnosticsChannelModule | undefined {
  try {
    const module = host.process?.getBuiltinModule?.('node:diagnostics_channel') as DiagnosticsChannelModule | undefined;
    return typeof module?.channel === 'function' ? module : undefined;
  } catch {
    return undefined;
  }
}

const diagnostics = diagnosticsChannels();
const stageChannel = diagnostics?.channel('lifeguard:stage');
const stepChannel = diagnostics?.channel('lifeguard:step');
const registryChannel = diagnostics?.channel('lifeguard:registry');
const scopeChannel = diagnostics?.channel('lifeguard:scope');

interface StepMessageBase {
  /** `stage` on `lifeguard:stage`, `step` (a `withTimeout` call) on `lifeguard:step`. */
  kind: 'stage' | 'step';
  /** e.g. `startup > data-layer > db.connect`. */
  path: string;
  /** Its own budget in milliseconds, after LIFEGUARD_TIMEOUT_SCALE (`Infinity`: only the enclosing stage's). */
  budgetMs: number;
  /** The same object in every message about one stage or step. */
  id: object;
}
export interface StepStartMessage extends StepMessageBase {
  event: 'start';
}
export interface StepEndMessage extends StepMessageBase {
  event: 'end';
  outcome: 'fulfilled' | 'rejected';
  elapsedMs: number;
}
export interface StepTimeoutMessage extends StepMessageBase {
  event: 'timeout';
  elapsedMs: number;
  /** The stage or step whose budget ran out (this one or an enclosing one). */
  budgetPath: string;
  error: StepTimeoutError;
}
/** A message on `lifeguard:stage` or `lifeguard:step`. */
export type StepMessage = StepStartMessage | StepEndMessage | StepTimeoutMessage;

/** A message on `lifeguard:registry`: an entry removed because its value was garbage-collected. */
export interface RegistryPruneMessage {
  event: 'prune';
  registry: object;
  key: unknown;
  /** Entries still held afterwards, collected values not yet pruned included. */
  sizeUpperBound: number;
}

/** What a `ListenerScope` holds: a listener, a timer, a resource (by kind) or a deferred function. */
export type ScopeEntryKind = 'listener' | 'timeout' | 'interval' | 'worker' | 'child-process' | 'port' | 'resource' | 'defer';
export interface ScopeEntry {
  readonly kind: ScopeEntryKind;
  /** The listener's target, the resource, or the timer's handle (a number in browsers). */
  readonly target: unknown;
  /** The listener's event. */
  readonly eventName: string | symbol | undefined;
}
/** A message on `lifeguard:scope`. */
export type ScopeMessage =
  | { event: 'create'; scope: object }
  | { event: 'add'; scope: object; entry: ScopeEntry }
  | { event: 'remove'; scope: object; entry: ScopeEntry }
  | { event: 'dispose'; scope: object; errors: number };

export interface StepStatistics {
  started: number;
  fulfilled: number;
  rejected: number;
  timedOut: number;
  /** Started and not settled yet. */
  running: number;
}
export interface ScopeStatistics {
  created: number;
  disposed: number;
  /** Created and not disposed yet (a scope dropped without `dispose()` stays here). */
  live: number;
  /** Cleanups that threw during `dispose()`. */
  disposeErrors: number;
  /** Live entries in all scopes, by kind. */
  listeners: number;
  timers: number;
  resources: number;
}
export interface ResourceStatistics {
  /** Added to a scope (`scope.add(worker)`). */
  adopted: number;
  /** Ended by their scope (terminated, killed, closed). */
  disposed: number;
  /** Ended on their own while still in a scope (a worker's thread or a child process that exited). */
  exited: number;
  /** Still running: adopted, neither disposed nor exited. */
  live: number;
}
export interface RuntimeStatistics {
  stages: StepStatistics;
  steps: StepStatistics;
  scopes: ScopeStatistics;
  registries: { pruned: number };
  /** Worker threads (and web workers) in scopes. */
  workers: ResourceStatistics;
  childProcesses: ResourceStatistics;
  /** MessagePort, BroadcastChannel and similar ports in scopes. */
  ports: ResourceStatistics;
}
export interface StatisticsCollector {
  /** The counters now (a fresh object each call). */
  read(): RuntimeStatistics;
  /** Unsubscribes; `read()` keeps returning the last counts. */
  stop(): void;
}

function emptyStepStatistics(): StepStatistics {
  return { started: 0, fulfilled: 0, rejected: 0, timedOut: 0, running: 0 };
}
function emptyResourceStatistics(): ResourceStatistics {
  return { adopted: 0, disposed: 0, exited: 0, live: 0 };
}

/** Whether a worker or child process has ended without its scope ending it. */
function hasExited(resource: unknown): boolean {
  if (resource === null || typeof resource !== 'object') return false;
  const candidate = resource as { threadId?: unknown; exitCode?: unknown; signalCode?: unknown; pid?: unknown };
  // Node sets a worker's threadId to -1 once its thread is gone.
  if (typeof candidate.threadId === 'number') return candidate.threadId < 0;
  if ('pid' in candidate) return (candidate.exitCode ?? null) !== null || (candidate.signalCode ?? null) !== null;
  return false;
}

/**
 * Counts what the runtime does from now on (a step or scope started before is
 * not counted, not even when it ends), by subscribing to its channels:
 * stages and steps started, settled and timed out, scopes and their live
 * listeners, timers and resources, registry prunes, and the workers, child
 * processes and ports adopted by scopes (live, disposed or exited). Sees every
 * copy of the runtime in the process. Returns zeros where
 * `node:diagnostics_channel` is missing (browsers).
 */
export function collectStatistics(): StatisticsCollector {
  const stats: RuntimeStatistics = {
    stages: emptyStepStatistics(),
    steps: emptyStepStatistics(),
    scopes: { created: 0, disposed: 0, live: 0, disposeErrors: 0, listeners: 0, timers: 0, resources: 0 },
    registries: { pruned: 0 },
    workers: emptyResourceStatistics(),
    childProcesses: emptyResourceStatistics(),
    ports: emptyResourceStatistics(),
  };
  const runningSteps = new WeakSet();
  const liveScopes = new WeakSet();
  const liveEntries = new WeakSet();
  // Resources adopted and not removed yet, held weakly: a collected one no longer runs.
  const adopted = new Set<{ entry: WeakRefLike<ScopeEntry>; counters: ResourceStatistics }>();
  const resourceCounters = (kind: ScopeEntryKind): ResourceStatistics | undefined =>
    kind === 'worker' ? stats.workers : kind === 'child-process' ? stats.childProcesses : kind === 'port' ? stats.ports : undefined;
  const entryCounter = (kind: ScopeEntryKind): 'listeners' | 'timers' | 'resources' | undefined =>
    kind === 'listener' ? 'listeners' : kind === 'timeout' || kind === 'interval' ? 'timers' : kind === 'defer' ? undefined : 'resources';

  const onStep = (raw: unknown): void => {
    const message = raw as StepMessage;
    const counters = message.kind === 'stage' ? stats.stages : stats.steps;
    if (message.event === 'start') {
      counters.started++;
      counters.running++;
      runningSteps.add(message.id);
      return;
    }
    // Only steps seen starting: one started before collecting is not counted at all.
    if (!runningSteps.delete(message.id)) return;
    counters.running--;
    if (message.event === 'timeout') counters.timedOut++;
    else if (message.outcome === 'fulfilled') counters.fulfilled++;
    else counters.rejected++;
  };
  const onRegistry = (): void => {
    stats.registries.pruned++;
  };
  const onScope = (raw: unknown): void => {
    const message = raw as ScopeMessage;
    if (message.event === 'create') {
      stats.scopes.created++;
      stats.scopes.live++;
      liveScopes.add(message.scope);
    } else if (message.event === 'dispose') {
      if (!liveScopes.delete(message.scope)) return;
      stats.scopes.live--;
      stats.scopes.disposed++;
      stats.scopes.disposeErrors += message.errors;
    } else if (message.event === 'add') {
      const { entry } = message;
      liveEntries.add(entry);
      const counter = entryCounter(entry.kind);
      if (counter !== undefined) stats.scopes[counter]++;
      const counters = resourceCounters(entry.kind);
      if (counters !== undefined) {
        counters.adopted++;
        adopted.add({ entry: new host.WeakRef(entry), counters });
      }
    } else if (liveEntries.delete(message.entry)) {
      const counter = entryCounter(message.entry.kind);
      if (counter !== undefined) stats.scopes[counter]--;
      const counters = resourceCounters(message.entry.kind);
      if (counters !== undefined) {
        for (const record of adopted) {
          if (record.entry.deref() !== message.entry) continue;
          adopted.delete(record);
          if (hasExited(message.entry.target)) counters.exited++;
          else counters.disposed++;
        }
      }
    }
  };
  const subscriptions: [string, ChannelSubscriber][] = [
    ['lifeguard:stage', onStep],
    ['lifeguard:step', onStep],
    ['lifeguard:registry', onRegistry],
    ['lifeguard:scope', onScope],
  ];
  for (const [name, subscriber] of subscriptions) diagnostics?.subscribe(name, subscriber);
  let stopped = false;
  return {
    read(): RuntimeStatistics {
      const snapshot: RuntimeStatistics = {
        stages: { ...stats.stages },
        steps: { ...stats.steps },
        scopes: { ...stats.scopes },
        registries: { ...stats.registries },
        workers: { ...stats.workers, live: 0 },
        childProcesses: { ...stats.childProcesses, live: 0 },
        ports: { ...stats.ports, live: 0 },
      };
      for (const record of adopted) {
        const entry = record.entry.deref();
        const counters =
          record.counters === stats.workers ? snapshot.workers : record.counters === stats.childProcesses ? snapshot.childProcesses : snapshot.ports;
        if (entry === undefined) continue;
        if (hasExited(entry.target)) counters.exited++;
        else counters.live++;
      }
      return snapshot;
    },
    stop(): void {
      if (stopped) return;
      stopped = true;
      for (const [name, subscriber] of subscriptions) diagnostics?.unsubscribe(name, subscriber);
    },
  };
}

// ---------------------------------------------------------------------------
// LIFEGUARD_TIMEOUT_SCALE
// ---------------------------------------------------------------------------

// undefined: not read yet; a string: the message of the configuration error.
let timeoutScaleSetting: number | string | undefined;

function readTimeoutScale(): number | string {
  let raw: string | undefined;
  try {
    raw = host.process?.env?.LIFEGUARD_TIMEOUT_SCALE;
  } catch {
    // Deno without --allow-env throws on access: treat as unset.
    raw = undefined;
  }
  if (raw === undefined || raw.trim() === '') return 1;
  const value = Number(raw.trim());
  if (!Number.isFinite(value) || value <= 0) {
    return (
      `LIFEGUARD_TIMEOUT_SCALE must be a positive number that multiplies every timeout budget ` +
      `(for example 3 on a slow CI machine, 0.01 in tests); got ${JSON.stringify(raw)}`
    );
  }
  return value;
}

/** Read once, at the first budget computed; an invalid value throws there and at every later use. */
function timeoutScale(): number {
  timeoutScaleSetting ??= readTimeoutScale();
  if (typeof timeoutScaleSetting === 'string') throw new RangeError(timeoutScaleSetting);
  return timeoutScaleSetting;
}

function scaledBudget(caller: string, ms: unknown, step: unknown): number {
  if (typeof step !== 'string') {
    throw new TypeError(`${caller}(): the step name must be a string, got ${typeof step}`);
  }
  if (typeof ms !== 'number' || Number.isNaN(ms) || ms < 0) {
    throw new RangeError(
      `${caller}('${step}'): the budget must be a non-negative number of milliseconds or Infinity, got ${String(ms)}`,
    );
  }
  const scale = timeoutScale();
  return scale === 1 ? ms : ms * scale;
}

// ---------------------------------------------------------------------------
// StepTimeoutError
// ---------------------------------------------------------------------------

export interface StepTimeoutDetails {
  /** The deepest step still running when the budget ran out, e.g. `startup > data-layer > db.connect`. */
  path: string;
  /** The stage or step whose budget ran out, e.g. `startup > data-layer`. */
  budgetPath: string;
  /** That budget in milliseconds, after LIFEGUARD_TIMEOUT_SCALE. */
  budgetMs: number;
  /** Milliseconds from the start of `budgetPath` until the timeout was noticed. */
  elapsedMs: number;
  /** LIFEGUARD_TIMEOUT_SCALE in effect (mentioned in the message when not 1). */
  scale?: number;
}

function formatMs(ms: number): string {
  return String(Math.round(ms * 1000) / 1000);
}

/** A step or stage ran out of time. Not a `TypeError`: catch it by `code` or `instanceof`. */
export class StepTimeoutError extends Error {
  override name = 'StepTimeoutError';
  readonly code = 'ERR_STEP_TIMEOUT';
  readonly path: string;
  readonly budgetPath: string;
  readonly budgetMs: number;
  readonly elapsedMs: number;

  constructor(details: StepTimeoutDetails) {
    const scale = details.scale ?? 1;
    const budget =
      scale === 1
        ? `${formatMs(details.budgetMs)} ms`
        : `${formatMs(details.budgetMs)} ms = ${formatMs(details.budgetMs / scale)} ms × LIFEGUARD_TIMEOUT_SCALE ${String(scale)}`;
    super(
      `step '${details.path}' timed out: budget of '${details.budgetPath}' (${budget}) ran out after ${String(details.elapsedMs)} ms`,
    );
    this.path = details.path;
    this.budgetPath = details.budgetPath;
    this.budgetMs = details.budgetMs;
    this.elapsedMs = details.elapsedMs;
  }
}

// ---------------------------------------------------------------------------
// Steps: the bookkeeping behind withTimeout, stage and deadline
// ---------------------------------------------------------------------------

/** The outcome of work that settled after its step had already timed out. */
export type LateOutcome<T> = PromiseSettledResult<T>;

export interface StepOptions<T> {
  /**
   * Called when the work settles after the step timed out (for example the
   * `AbortError` of an aborted `fetch`, or a connection that finally failed).
   * Such late results are never unhandled rejections, with or without this hook.
   */
  onLateSettle?: (outcome: LateOutcome<T>, path: string) => void;
}

class Step {
  readonly parent: Step | undefined;
  readonly path: string;
  readonly depth: number;
  readonly startedAt: number;
  readonly budgetMs: number;
  /** min(own deadline, the parent's deadline): the moment this step runs out of time. */
  readonly deadlineAt: number;
  /** The step whose own budget defines `deadlineAt` (this one or an ancestor). */
  readonly budgetStep: Step;
  /** Running children, so a timeout can name the deepest one and abort them all without signal listeners. */
  children: Set<Step> | undefined = undefined;
  controller: AbortController | undefined = undefined;
  timer: TimerHandle | undefined = undefined;
  settled = false;
  /** Settled by a timeout or an enclosing abort, not by its own work. */
  aborted = false;
  resolve: (value: unknown) => void = noop;
  reject: (reason: unknown) => void = noop;
  onLateSettle: ((outcome: LateOutcome<unknown>, path: string) => void) | undefined = undefined;
  /** Where `withTimeout`/`stage` was called, for the stack of its StepTimeoutError. */
  origin: { stack?: string } | undefined = undefined;
  /** `lifeguard:stage` or `lifeguard:step`; undefined for deadlines, which publish nothing. */
  channel: DiagnosticsChannel | undefined = undefined;
  /** The `id` of its messages, made at the first one. */
  messageId: object | undefined = undefined;

  constructor(name: string, budgetMs: number, parent: Step | undefined, startedAt: number) {
    this.parent = parent;
    this.path = parent === undefined ? name : `${parent.path} > ${name}`;
    this.depth = parent === undefined ? 0 : parent.depth + 1;
    this.startedAt = startedAt;
    this.budgetMs = budgetMs;
    const ownDeadline = startedAt + budgetMs;
    if (parent !== undefined && parent.deadlineAt <= ownDeadline) {
      this.deadlineAt = parent.deadlineAt;
      this.budgetStep = parent.budgetStep;
    } else {
      this.deadlineAt = ownDeadline;
      this.budgetStep = this;
    }
  }
}

/** V8's (Node, Chromium, Deno, Bun) way to record a stack without building an Error. */
const captureStackTrace = (Error as { captureStackTrace?: (target: object, constructorOpt?: (...args: never[]) => unknown) => void })
  .captureStackTrace;

/**
 * The stack of the call that started a step, recorded unformatted (V8 formats
 * it only when read, that is when the step times out).
 */
function captureOrigin(publicFunction: (...args: never[]) => unknown): { stack?: string } | undefined {
  if (captureStackTrace === undefined) return undefined;
  const origin: { stack?: string } = {};
  captureStackTrace(origin, publicFunction);
  return origin;
}

/**
 * A timer callback has no useful stack of its own: the error of a step that
 * timed out carries the frames of the call that started `step` instead.
 */
function timeoutError(step: Step, budgetStep: Step, now: number): StepTimeoutError {
  const error = new StepTimeoutError({
    path: step.path,
    budgetPath: budgetStep.path,
    budgetMs: budgetStep.budgetMs,
    elapsedMs: Math.round(now - budgetStep.startedAt),
    scale: timeoutScale(),
  });
  const originStack = step.origin?.stack;
  const frames = typeof originStack === 'string' ? originStack.indexOf('\n    at ') : -1;
  if (frames >= 0 && originStack !== undefined) error.stack = `${error.name}: ${error.message}${originStack.slice(frames)}`;
  return error;
}

function armTimer(step: Step, now: number): void {
  const remaining = step.deadlineAt - now;
  if (remaining === Infinity) return;
  step.timer = setTimeout(onStepTimer, Math.min(Math.max(remaining, 0), MAX_TIMER_MS), step);
}

function onStepTimer(step: Step): void {
  step.timer = undefined;
  if (step.settled) return;
  const now = clock();
  // Timers may fire a fraction early against performance.now(), and long budgets exceed one timer.
  if (now < step.deadlineAt) armTimer(step, now);
  else expireStep(step, now);
}

function publishStart(step: Step, channel: DiagnosticsChannel): void {
  const message: StepStartMessage = {
    event: 'start',
    kind: channel === stageChannel ? 'stage' : 'step',
    path: step.path,
    budgetMs: step.budgetMs,
    id: (step.messageId ??= {}),
  };
  channel.publish(message);
}

function publishSettled(step: Step, channel: DiagnosticsChannel, fulfilled: boolean, value: unknown): void {
  const kind = channel === stageChannel ? 'stage' : 'step';
  const id = (step.messageId ??= {});
  const elapsedMs = clock() - step.startedAt;
  const message: StepMessage =
    step.aborted && value instanceof StepTimeoutError
      ? { event: 'timeout', kind, path: step.path, budgetMs: step.budgetMs, id, elapsedMs, budgetPath: value.budgetPath, error: value }
      : { event: 'end', kind, path: step.path, budgetMs: step.budgetMs, id, elapsedMs, outcome: fulfilled ? 'fulfilled' : 'rejected' };
  channel.publish(message);
}

function settleStep(step: Step, fulfilled: boolean, value: unknown): void {
  step.settled = true;
  if (step.channel?.hasSubscribers === true) publishSettled(step, step.channel, fulfilled, value);
  if (step.timer !== undefined) {
    clearTimeout(step.timer);
    step.timer = undefined;
  }
  step.parent?.children?.delete(step);
  // Background children keep their own timers; a settled step no longer tracks them.
  step.children = undefined;
  const settle = fulfilled ? step.resolve : step.reject;
  step.resolve = noop;
  step.reject = noop;
  settle(value);
}

/** Settles `step` and every running descendant with `reason`, then aborts their signals. */
function abortStep(step: Step, reason: unknown): void {
  if (step.settled) return;
  step.aborted = true;
  const children = step.children;
  settleStep(step, false, reason);
  if (children !== undefined) for (const child of children) abortStep(child, reason);
  step.controller?.abort(reason);
}

/** Breadth-first, so among equally deep steps the one started first is named. */
function deepestRunning(root: Step): Step {
  let deepest = root;
  const queue: Step[] = [root];
  // for…of visits the children pushed while it runs.
  for (const step of queue) {
    if (step.depth > deepest.depth) deepest = step;
    if (step.children !== undefined) for (const child of step.children) queue.push(child);
  }
  return deepest;
}

function expireStep(step: Step, now: number): void {
  const owner = step.budgetStep;
  // Every running ancestor that shares this deadline times out in the same instant: fail them together.
  let top = step;
  while (top.parent !== undefined && !top.parent.settled && top.parent.budgetStep === owner) top = top.parent;
  abortStep(top, timeoutError(deepestRunning(top), owner, now));
}

function onWorkSettled(step: Step, fulfilled: boolean, value: unknown): void {
  if (!step.settled) {
    settleStep(step, fulfilled, value);
    return;
  }
  const hook = step.onLateSettle;
  if (hook === undefined) return;
  try {
    hook(fulfilled ? { status: 'fulfilled', value } : { status: 'rejected', reason: value }, step.path);
  } catch (error) {
    reportLater(error);
  }
}

function observeWork(step: Step, work: unknown): void {
  Promise.resolve(work).then(
    (value) => {
      onWorkSettled(step, true, value);
    },
    (reason: unknown) => {
      onWorkSettled(step, false, reason);
    },
  );
}

function runStep<T>(
  caller: string,
  work: PromiseLike<T> | T | ((signal: AbortSignal) => PromiseLike<T> | T),
  ms: number,
  name: string,
  options: StepOptions<T> | undefined,
): Promise<T> {
  let budgetMs: number;
  try {
    budgetMs = scaledBudget(caller, ms, name);
  } catch (error) {
    // The caller's promise would otherwise become an unhandled rejection.
    if (isThenable(work)) Promise.resolve(work).then(noop, noop);
    // A rejection, not a throw: `stage(…).catch(…)` (as the codemods write it) must see configuration errors too.
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  const run = typeof work === 'function' ? enterableContext() : undefined;
  const parent = currentStep();
  const now = clock();
  const step = new Step(name, budgetMs, parent, now);
  step.origin = captureOrigin(caller === 'stage' ? stage : withTimeout);
  step.onLateSettle = options?.onLateSettle as Step['onLateSettle'];
  const channel = caller === 'stage' ? stageChannel : stepChannel;
  step.channel = channel;
  if (channel?.hasSubscribers === true) publishStart(step, channel);
  const result = new Promise<T>((resolve, reject) => {
    step.resolve = resolve as (value: unknown) => void;
    step.reject = reject;
  });
  if (now >= step.deadlineAt) {
    // The enclosing stage is already out of time: do not start the work at all.
    step.aborted = true;
    settleStep(step, false, timeoutError(step, step.budgetStep, now));
    if (isThenable(work)) observeWork(step, work);
    return result;
  }
  if (parent !== undefined && !parent.settled) (parent.children ??= new Set()).add(step);
  armTimer(step, now);
  let pending: unknown;
  if (typeof work === 'function') {
    const controller = new AbortController();
    step.controller = controller;
    const start = work as (signal: AbortSignal) => unknown;
    try {
      pending = run ? run.run(step, start, controller.signal) : start(controller.signal);
    } catch (error) {
      settleStep(step, false, error);
      return result;
    }
  } else {
    pending = work;
  }
  if (isThenable(pending)) observeWork(step, pending);
  else settleStep(step, true, pending);
  return result;
}

/**
 * Bounds `work` by `ms` milliseconds (times LIFEGUARD_TIMEOUT_SCALE), or less
 * when an enclosing `stage` runs out first. `work` is a promise, or a function
 * that receives an `AbortSignal` aborted on timeout (pass it to `fetch`, a
 * driver, …) and whose own `withTimeout`/`stage` calls nest under `step`.
 *
 * Rejects with `StepTimeoutError`; the timer is ref'd while the step runs (a
 * hung step keeps the process alive until it fails loudly) and cleared as soon
 * as the step settles.
 */
export function withTimeout<T>(
  work: PromiseLike<T> | ((signal: AbortSignal) => PromiseLike<T> | T),
  ms: number,
  step: string,
  options?: StepOptions<T>,
): Promise<T> {
  return runStep('withTimeout', work, ms, step, options);
}

/**
 * Runs `fn(signal)` as the named stage `name` with a budget of `ms`
 * milliseconds (times LIFEGUARD_TIMEOUT_SCALE). Every `withTimeout`, `stage`
 * and `deadline` inside it gets `min(own budget, the stage's remaining time)`
 * and an error path such as `startup > data-layer > db.connect`.
 */
export function stage<T>(
  name: string,
  ms: number,
  fn: (signal: AbortSignal) => PromiseLike<T> | T,
  options?: StepOptions<T>,
): Promise<T> {
  if (typeof fn !== 'function') {
    return Promise.reject(new TypeError(`stage('${name}'): the stage body must be a function`));
  }
  return runStep('stage', fn, ms, name, options);
}

/** A deadline for a loop that waits or polls. */
export interface Deadline {
  /** The step path, e.g. `startup > waitForKafka`. */
  readonly path: string;
  /** True once this deadline (or an enclosing stage's) has passed. */
  readonly expired: boolean;
  /** Milliseconds left, never negative (Infinity without any budget). */
  remainingMs(): number;
  /** Throws `StepTimeoutError` once expired; call it at the top of each iteration. */
  check(): void;
}

class StepDeadline implements Deadline {
  readonly #step: Step;

  constructor(step: Step) {
    this.#step = step;
  }

  get path(): string {
    return this.#step.path;
  }

  get expired(): boolean {
    return clock() >= this.#step.deadlineAt;
  }

  remainingMs(): number {
    return Math.max(0, this.#step.deadlineAt - clock());
  }

  check(): void {
    const now = clock();
    if (now >= this.#step.deadlineAt) throw timeoutError(this.#step, this.#step.budgetStep, now);
  }
}

/**
 * A deadline of `ms` milliseconds (times LIFEGUARD_TIMEOUT_SCALE) for a wait
 * loop, capped by the remaining time of the enclosing stage. Holds no timer.
 */
export function deadline(ms: number, step: string): Deadline {
  const budgetMs = scaledBudget('deadline', ms, step);
  return new StepDeadline(new Step(step, budgetMs, currentStep(), clock()));
}

// ---------------------------------------------------------------------------
// WeakRegistry
// ---------------------------------------------------------------------------

interface RegistryEntry<K, V extends object> {
  readonly key: K;
  readonly ref: WeakRefLike<V>;
}

export interface WeakRegistryOptions<K> {
  /** Called once per entry whose value was garbage-collected, when the entry is removed. */
  onCollected?: (key: K) => void;
}

/**
 * A Map-like registry whose values are held weakly: an entry disappears once
 * its value is garbage-collected. Keys are held strongly until then.
 */
export class WeakRegistry<K, V extends object> implements Iterable<[K, V]> {
  readonly #entries = new Map<K, RegistryEntry<K, V>>();
  readonly #finalizer: FinalizationRegistryLike<RegistryEntry<K, V>>;
  readonly #onCollected: ((key: K) => void) | undefined;

  constructor(options?: WeakRegistryOptions<K>) {
    this.#onCollected = options?.onCollected;
    this.#finalizer = new host.FinalizationRegistry<RegistryEntry<K, V>>((entry) => {
      // The key may have been overwritten since: only the entry that held the collected value goes.
      if (this.#entries.get(entry.key) === entry) {
        this.#entries.delete(entry.key);
        this.#notify(entry.key);
      }
    });
  }

  /** Entries held, counting values collected but not yet pruned. */
  get sizeUpperBound(): number {
    return this.#entries.size;
  }

  set(key: K, value: V): this {
    const previous = this.#entries.get(key);
    if (previous !== undefined) {
      if (previous.ref.deref() === value) return this;
      this.#finalizer.unregister(previous);
    }
    const entry: RegistryEntry<K, V> = { key, ref: new host.WeakRef(value) };
    this.#entries.set(key, entry);
    this.#finalizer.register(value, entry, entry);
    return this;
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    const value = entry.ref.deref();
    if (value === undefined) this.#prune(entry);
    return value;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /** Removes the entry; true when a live value was removed. */
  delete(key: K): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    this.#entries.delete(key);
    this.#finalizer.unregister(entry);
    return entry.ref.deref() !== undefined;
  }

  clear(): void {
    for (const entry of this.#entries.values()) this.#finalizer.unregister(entry);
    this.#entries.clear();
  }

  /** Removes every entry whose value has been collected; returns how many. */
  prune(): number {
    let pruned = 0;
    for (const entry of this.#entries.values()) {
      if (entry.ref.deref() === undefined) {
        this.#prune(entry);
        pruned++;
      }
    }
    return pruned;
  }

  *entries(): IterableIterator<[K, V]> {
    for (const entry of this.#entries.values()) {
      const value = entry.ref.deref();
      if (value === undefined) this.#prune(entry);
      else yield [entry.key, value];
    }
  }

  *keys(): IterableIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback: (value: V, key: K, registry: this) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'WeakRegistry';
  }

  #prune(entry: RegistryEntry<K, V>): void {
    this.#entries.delete(entry.key);
    this.#finalizer.unregister(entry);
    this.#notify(entry.key);
  }

  #notify(key: K): void {
    if (registryChannel?.hasSubscribers === true) {
      const message: RegistryPruneMessage = { event: 'prune', registry: this, key, sizeUpperBound: this.#entries.size };
      registryChannel.publish(message);
    }
    const hook = this.#onCollected;
    if (hook === undefined) return;
    try {
      hook(key);
    } catch (error) {
      reportLater(error);
    }
  }
}

// ---------------------------------------------------------------------------
// ListenerScope
// ---------------------------------------------------------------------------

const nodeDisposeSymbol: unique symbol = Symbol.for('nodejs.dispose') as never;

/**
 * `Symbol.dispose` to the type checker where the project's `lib` declares it
 * (ES2025 / esnext.disposable: `using scope = new ListenerScope()` type-checks),
 * else a symbol of its own, so that older libs still compile.
 */
type DisposeSymbol = SymbolConstructor extends { readonly dispose: infer S extends symbol } ? S : typeof nodeDisposeSymbol;

/** `Symbol.dispose` where the platform has it, else Node's pre-standard `Symbol.for('nodejs.dispose')`. */
const disposeSymbol: DisposeSymbol = ((Symbol as { dispose?: symbol }).dispose ?? nodeDisposeSymbol) as DisposeSymbol;

export type Listener = ((...args: never[]) => unknown) | { handleEvent(event: never): unknown };

/** Node's EventEmitter and look-alikes (`on` plus `off` or `removeListener`). */
export interface EventEmitterLike {
  // `never` parameters accept every emitter's typed signatures (EventEmitter<T>, typed emitters).
  on(event: never, listener: never): unknown;
  off?(event: never, listener: never): unknown;
  removeListener?(event: never, listener: never): unknown;
}

export interface EventTargetLike {
  addEventListener(type: string, listener: never, options?: never): unknown;
  removeEventListener(type: string, listener: never, options?: never): unknown;
}

// Type inference for `on()`: event names and handler parameters come from the target.
// - @types/node's typed `EventEmitter<Events>`: from `Events` (its generic `on<K>` cannot be
//   read structurally, so the class is named; where @types/node is absent the import below
//   is never evaluated: `HasNodeTypes` is false).
// - overloaded `on(event: 'x', listener: …)` (ws, net.Socket, process, http.Server, your own
//   `{ on, off }`): the overload whose event matches, else the catch-all overload.
// - EventTarget: the type of the target's `on<event>` property (`onclick`, `onmessage`):
//   the DOM's event maps without naming a DOM type, so the file also compiles without DOM.

type EventName = string | symbol;
type IsAny<T> = 0 extends 1 & T ? true : false;
type HasNodeTypes = typeof globalThis extends { process: { versions: { node: string } } } ? true : false;
// eslint-disable-next-line @typescript-eslint/ban-ts-comment -- a @ts-expect-error would fail where @types/node is installed
// @ts-ignore -- resolves where @types/node is installed; elsewhere it is never evaluated (see NodeEventMapOf)
type NodeEventEmitter<M> = import('node:events').EventEmitter<M>;
/** The `Events` of a typed `EventEmitter<Events>`; never for untyped emitters and without @types/node. */
type NodeEventMapOf<T> = HasNodeTypes extends true ? NodeEventMapOfEmitter<T> : never;
type NodeEventMapOfEmitter<T> = T extends NodeEventEmitter<infer M> ? ([M] extends [[never]] ? never : M) : never;

/** The parameter lists of an overloaded function (up to 16 overloads; TypeScript matches the last ones). */
type OverloadParameters<F> = F extends {
  (...args: infer A1): unknown;
  (...args: infer A2): unknown;
  (...args: infer A3): unknown;
  (...args: infer A4): unknown;
  (...args: infer A5): unknown;
  (...args: infer A6): unknown;
  (...args: infer A7): unknown;
  (...args: infer A8): unknown;
  (...args: infer A9): unknown;
  (...args: infer A10): unknown;
  (...args: infer A11): unknown;
  (...args: infer A12): unknown;
  (...args: infer A13): unknown;
  (...args: infer A14): unknown;
  (...args: infer A15): unknown;
  (...args: infer A16): unknown;
}
  ? A1 | A2 | A3 | A4 | A5 | A6 | A7 | A8 | A9 | A10 | A11 | A12 | A13 | A14 | A15 | A16
  : never;
type OnParameters<T> = T extends { on: infer F } ? OverloadParameters<F> : never;
type OverloadEvent<P> = P extends readonly [infer E, ...unknown[]] ? E : never;
/** The listener of the overload for exactly this event (not a catch-all `string` overload). */
type ExactListener<P, K> = P extends readonly [infer E, infer L, ...unknown[]]
  ? K extends E
    ? string extends E
      ? never
      : L
    : never
  : never;
type CatchAllListener<P, K> = P extends readonly [infer E, infer L, ...unknown[]] ? (K extends E ? L : never) : never;
type EmitterListener<T, K> = [ExactListener<OnParameters<T>, K>] extends [never]
  ? CatchAllListener<OnParameters<T>, K>
  : ExactListener<OnParameters<T>, K>;
type EmitterEventName<T> = [OverloadEvent<OnParameters<T>>] extends [never]
  ? EventName
  : OverloadEvent<OnParameters<T>> & EventName;
type EventTargetListener<T, K> = K extends string
  ? T extends { [P in `on${K}`]: infer H }
    ? NonNullable<H> extends (this: never, event: infer E) => unknown
      ? ((event: E) => unknown) | { handleEvent(event: E): unknown }
      : DeclaredEventTargetListener<T>
    : DeclaredEventTargetListener<T>
  : never;
type DeclaredEventTargetListener<T> = T extends { addEventListener(type: string, listener: infer L, ...rest: never[]): unknown }
  ? NonNullable<L>
  : Listener;

/** The event names `ListenerScope.on` accepts for `T`. */
export type EventNameOf<T> =
  IsAny<T> extends true
    ? EventName
    : [NodeEventMapOf<T>] extends [never]
      ? T extends { on: unknown }
        ? EmitterEventName<T>
        : string
      : keyof NodeEventMapOf<T> & EventName;

/** The handler `ListenerScope.on` accepts for event `K` of `T`, as `T`'s own `on`/`addEventListener` types it. */
export type ListenerFor<T, K> =
  IsAny<T> extends true
    ? // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an untyped target takes any handler
      (...args: any[]) => unknown
    : [NodeEventMapOf<T>] extends [never]
      ? T extends { on: unknown }
        ? [EmitterListener<T, K>] extends [never]
          ? Listener
          : EmitterListener<T, K>
        : EventTargetListener<T, K>
      : K extends keyof NodeEventMapOf<T>
        ? NodeEventMapOf<T>[K] extends unknown[]
          ? (...args: NodeEventMapOf<T>[K]) => void
          : never
        : never;

export interface ListenerOptions {
  /** Remove after the first call; the scope then forgets it too. */
  once?: boolean;
  /** EventTarget only. */
  capture?: boolean;
  /** EventTarget only. */
  passive?: boolean;
  /** EventTarget only: your own signal; the scope then records the removal instead of using its signal. */
  signal?: AbortSignal;
}

/** Anything with one of these cleanup methods, tried in this order. */
export type DisposableLike =
  | { [disposeSymbol](): void }
  | { dispose(): unknown }
  | { unsubscribe(): unknown }
  | { close(): unknown }
  | { abort(): unknown }
  | { terminate(): unknown }
  | { kill(): unknown };

function disposerOf(resource: unknown): (() => unknown) | undefined {
  if (resource === null || (typeof resource !== 'object' && typeof resource !== 'function')) return undefined;
  const candidate = resource as Record<string | symbol, unknown>;
  for (const key of [disposeSymbol, Symbol.for('nodejs.dispose'), 'dispose', 'unsubscribe', 'close', 'abort', 'terminate', 'kill']) {
    const method = candidate[key];
    if (typeof method === 'function') return () => (method as () => unknown).call(resource);
  }
  return undefined;
}

/** How statistics and the leak check name a resource added to a scope. */
function resourceKind(resource: object): ScopeEntryKind {
  const candidate = resource as { terminate?: unknown; kill?: unknown; pid?: unknown; postMessage?: unknown; close?: unknown };
  if (typeof candidate.terminate === 'function') return 'worker';
  if (typeof candidate.kill === 'function' && 'pid' in candidate) return 'child-process';
  if (typeof candidate.postMessage === 'function' && typeof candidate.close === 'function') return 'port';
  return 'resource';
}

/** Publishes `add` and returns the entry when `lifeguard:scope` has subscribers; otherwise does nothing. */
function trackEntry(
  scope: ListenerScope,
  kind: ScopeEntryKind,
  target: unknown,
  eventName: string | symbol | undefined,
): ScopeEntry | undefined {
  if (scopeChannel?.hasSubscribers !== true) return undefined;
  const entry: ScopeEntry = { kind, target, eventName };
  const message: ScopeMessage = { event: 'add', scope, entry };
  scopeChannel.publish(message);
  return entry;
}

function untrackEntry(scope: ListenerScope, entry: ScopeEntry | undefined): void {
  if (entry === undefined || scopeChannel?.hasSubscribers !== true) return;
  const message: ScopeMessage = { event: 'remove', scope, entry };
  scopeChannel.publish(message);
}

function isEmitter(target: unknown): target is EventEmitterLike {
  const candidate = target as EventEmitterLike;
  return (
    typeof candidate.on === 'function' &&
    (typeof candidate.off === 'function' || typeof candidate.removeListener === 'function')
  );
}

function isEventTarget(target: unknown): target is EventTargetLike {
  const candidate = target as EventTargetLike;
  return typeof candidate.addEventListener === 'function' && typeof candidate.removeEventListener === 'function';
}

/**
 * Collects listeners, timers and other cleanups of one owner (a component, a
 * connection, a request) and removes them all in `dispose()`: last in, first
 * out, errors aggregated into an `AggregateError`, idempotent. Anything added
 * after `dispose()` is disposed at once.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface after the class
export class ListenerScope {
  readonly #cleanups = new Set<() => void>();
  #controller: AbortController | undefined = undefined;
  #disposed = false;
  /** EventTarget listeners removed through `signal`, tracked only for `lifeguard:scope` subscribers. */
  #signalEntries: Set<ScopeEntry> | undefined = undefined;

  constructor() {
    if (scopeChannel?.hasSubscribers === true) {
      const message: ScopeMessage = { event: 'create', scope: this };
      scopeChannel.publish(message);
    }
  }

  /** Aborted when the scope is disposed: hand it to `fetch`, `addEventListener`, streams. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#disposed) this.#controller.abort();
    }
    return this.#controller.signal;
  }

  /** Cleanups recorded (EventTarget listeners are removed through `signal` and not counted). */
  get size(): number {
    return this.#cleanups.size;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Adds `handler` to an EventEmitter (`on`, removed with `off`/`removeListener`)
   * or an EventTarget (`addEventListener` with the scope's `signal`). Targets
   * with both APIs (Node's `NodeEventTarget`) are treated as EventEmitters.
   * Returns a function that removes this one listener early.
   */
  on<T extends EventEmitterLike | EventTargetLike, K extends EventNameOf<T>>(
    target: T,
    event: K,
    handler: ListenerFor<T, K>,
    options?: ListenerOptions | boolean,
  ): () => void;
  on(
    target: EventEmitterLike | EventTargetLike,
    event: string | symbol,
    handler: Listener,
    options?: ListenerOptions | boolean,
  ): () => void {
    const normalized: ListenerOptions = typeof options === 'boolean' ? { capture: options } : (options ?? {});
    if (isEmitter(target)) return this.#onEmitter(target, event, handler, normalized.once === true);
    if (isEventTarget(target)) {
      if (typeof event !== 'string') throw new TypeError('ListenerScope.on(): EventTarget event types are strings');
      return this.#onEventTarget(target, event, handler, normalized);
    }
    throw new TypeError(
      'ListenerScope.on(): the target must be an EventEmitter (on + off/removeListener) or an EventTarget (addEventListener)',
    );
  }

  /** `setInterval` cleared on dispose. */
  setInterval<A extends unknown[]>(callback: (...args: A) => void, ms?: number, ...args: A): TimerHandle {
    const id = setInterval(callback, ms, ...args);
    if (this.#disposed) {
      clearInterval(id);
      return id;
    }
    const entry = trackEntry(this, 'interval', id, undefined);
    const cleanup = (): void => {
      this.#cleanups.delete(cleanup);
      clearInterval(id);
      untrackEntry(this, entry);
    };
    this.#cleanups.add(cleanup);
    return id;
  }

  /** `setTimeout` cleared on dispose; forgotten by the scope once it fires. */
  setTimeout<A extends unknown[]>(callback: (...args: A) => void, ms?: number, ...args: A): TimerHandle {
    const cleanups = this.#cleanups;
    let entry: ScopeEntry | undefined;
    const cleanup = (): void => {
      cleanups.delete(cleanup);
      clearTimeout(id);
      untrackEntry(this, entry);
    };
    const id = setTimeout(
      (...callArgs: A) => {
        cleanups.delete(cleanup);
        untrackEntry(this, entry);
        callback(...callArgs);
      },
      ms,
      ...args,
    );
    if (this.#disposed) clearTimeout(id);
    else {
      entry = trackEntry(this, 'timeout', id, undefined);
      cleanups.add(cleanup);
    }
    return id;
  }

  /** Disposes `resource` with the scope (`[Symbol.dispose]`, `dispose`, `unsubscribe`, `close` or `abort`). */
  add<T extends DisposableLike>(resource: T): T {
    const dispose = disposerOf(resource);
    if (dispose === undefined) {
      throw new TypeError(
        'ListenerScope.add(): expected an object with [Symbol.dispose](), dispose(), unsubscribe(), close() or abort()',
      );
    }
    this.#defer(() => {
      // `worker.terminate()` returns a promise: its rejection is reported, never unhandled.
      const pending = dispose();
      if (isThenable(pending)) Promise.resolve(pending).then(noop, reportLater);
    }, resourceKind(resource), resource);
    return resource;
  }

  /** Runs `fn` on dispose. */
  defer(fn: () => unknown): void {
    if (typeof fn !== 'function') throw new TypeError('ListenerScope.defer(): expected a function');
    this.#defer(fn, 'defer', undefined);
  }

  #defer(fn: () => unknown, kind: ScopeEntryKind, target: unknown): void {
    if (this.#disposed) {
      fn();
      return;
    }
    const cleanups = this.#cleanups;
    const entry = trackEntry(this, kind, target, undefined);
    const cleanup = (): void => {
      cleanups.delete(cleanup);
      untrackEntry(this, entry);
      fn();
    };
    cleanups.add(cleanup);
  }

  /**
   * Aborts `signal` (removing every EventTarget listener), then runs the
   * recorded cleanups last-in first-out. Idempotent. Throws one
   * `AggregateError` with every cleanup error after running them all.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const errors: unknown[] = [];
    try {
      this.#controller?.abort();
    } catch (error) {
      errors.push(error);
    }
    const cleanups = [...this.#cleanups];
    this.#cleanups.clear();
    for (const cleanup of cleanups.reverse()) {
      try {
        cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    const signalEntries = this.#signalEntries;
    this.#signalEntries = undefined;
    if (signalEntries !== undefined) for (const entry of signalEntries) untrackEntry(this, entry);
    if (scopeChannel?.hasSubscribers === true) {
      const message: ScopeMessage = { event: 'dispose', scope: this, errors: errors.length };
      scopeChannel.publish(message);
    }
    if (errors.length > 0) {
      const message = `ListenerScope.dispose(): ${String(errors.length)} cleanup(s) failed`;
      if (host.AggregateError !== undefined) throw new host.AggregateError(errors, message);
      throw Object.assign(new Error(message), { errors });
    }
  }

  #onEmitter(target: EventEmitterLike, event: string | symbol, handler: Listener, once: boolean): () => void {
    if (typeof handler !== 'function') throw new TypeError('ListenerScope.on(): EventEmitter listeners must be functions');
    if (this.#disposed) return noop;
    const cleanups = this.#cleanups;
    let registered: (...args: never[]) => unknown = handler;
    if (once) {
      const callOnce = function (this: unknown, ...args: never[]): unknown {
        cleanup();
        return handler.apply(this, args);
      };
      // Lets `emitter.off(event, handler)` find it, as with `emitter.once`.
      (callOnce as { listener?: unknown }).listener = handler;
      registered = callOnce;
    }
    target.on(event as never, registered as never);
    const entry = trackEntry(this, 'listener', target, event);
    const cleanup = (): void => {
      cleanups.delete(cleanup);
      if (typeof target.off === 'function') target.off(event as never, registered as never);
      else target.removeListener?.(event as never, registered as never);
      untrackEntry(this, entry);
    };
    cleanups.add(cleanup);
    return cleanup;
  }

  #onEventTarget(target: EventTargetLike, type: string, handler: Listener, options: ListenerOptions): () => void {
    if (this.#disposed) return noop;
    const capture = options.capture === true;
    let entry: ScopeEntry | undefined;
    const remove = (): void => {
      target.removeEventListener(type, handler as never, { capture } as never);
      if (entry === undefined) return;
      this.#signalEntries?.delete(entry);
      untrackEntry(this, entry);
      entry = undefined;
    };
    if (options.signal !== undefined) {
      // A listener takes one signal: keep the caller's and record the removal instead.
      target.addEventListener(type, handler as never, options as never);
      const cleanups = this.#cleanups;
      const cleanup = (): void => {
        cleanups.delete(cleanup);
        remove();
      };
      cleanups.add(cleanup);
      entry = trackEntry(this, 'listener', target, type);
      return cleanup;
    }
    target.addEventListener(type, handler as never, { ...options, signal: this.signal } as never);
    entry = trackEntry(this, 'listener', target, type);
    if (entry !== undefined) (this.#signalEntries ??= new Set()).add(entry);
    return remove;
  }
}

// `[Symbol.dispose]` is declared by interface merging and installed on the
// prototype: a computed method name in the class body cannot be declared
// under `isolatedDeclarations`.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the member is installed just below
export interface ListenerScope {
  /** `dispose()`, for `using scope = new ListenerScope()`. */
  [disposeSymbol](): void;
}
Object.defineProperty(ListenerScope.prototype, disposeSymbol, {
  value: function dispose(this: ListenerScope): void {
    this.dispose();
  },
  writable: true,
  configurable: true,
});
