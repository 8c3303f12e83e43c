/**
 * lifeguard-runtime/testing — a leak check for your own tests (node:test,
 * vitest, jest). Node only. Docs: docs/runtime.md ("Leak check").
 *
 * While a check runs it records, each with the stack of the code that created it:
 * - through the runtime's `node:diagnostics_channel` channels (every copy of the
 *   runtime in the process, vendored or published): `ListenerScope`s that still
 *   hold listeners, timers, workers, child processes, ports or deferred
 *   cleanups, and `withTimeout`/`stage` steps still running;
 * - through `node:async_hooks` (option `handles`): timers, intervals, sockets,
 *   servers, workers, child processes, ports and watchers created by your code
 *   (not by node_modules or Node itself) and still open;
 * - listeners added to the `targets` you name (EventEmitters and EventTargets)
 *   and still there.
 * `checkLeaks(scenario)` also runs a scenario many times and measures heap
 * growth per iteration after full garbage collections.
 */
import { createHook, type AsyncHook } from 'node:async_hooks';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { EventEmitter, getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** What was left behind. */
export type LeakKind =
  | 'listener'
  | 'timeout'
  | 'interval'
  | 'worker'
  | 'child-process'
  | 'port'
  | 'resource'
  | 'defer'
  | 'step'
  | 'stage'
  | 'socket'
  | 'server'
  | 'immediate'
  | 'watcher'
  | 'target-listener'
  | 'heap';

export interface Leak {
  kind: LeakKind;
  /** One line: what it is, e.g. `listener 'announcement' on EventEmitter, in a ListenerScope`. */
  description: string;
  /** The first frame of your code that created it, `file:line:column` (or `unknown`). */
  createdAt: string;
  /** The whole creation stack, runtime and Node frames removed. */
  stack: string;
  /** How many were left, created by the same line (a leak per connection shows as one entry). */
  count: number;
}

export interface LeakReport {
  readonly leaks: readonly Leak[];
  /** A readable report: one block per leak with its creation stack. Empty string when clean. */
  format(): string;
}

/** Thrown by `assertNoLeaks()`, `useLeakCheck()` and `checkLeaks()`; `report` has the details. */
export class LeakError extends Error {
  override name = 'LeakError';
  readonly report: LeakReport;
  constructor(report: LeakReport, context: string) {
    super(`${context}: ${String(report.leaks.length)} leak(s)\n${report.format()}`);
    this.report = report;
  }
}

export interface LeakCheckOptions {
  /**
   * Also record timers, sockets, servers, workers, child processes, ports and
   * watchers that your code creates without the runtime (node:async_hooks; it
   * slows promise-heavy code while the check runs). Default true.
   */
  handles?: boolean;
  /** Long-lived targets whose listeners must be back to their count at the start: `{ process, bus }`. */
  targets?: Readonly<Record<string, EventEmitter | EventTarget>>;
  /** Milliseconds to wait before reporting, for things that close asynchronously. Default 0 (a few event-loop turns). */
  settleMs?: number;
  /** Leaks to accept (for example a cache's timer that outlives the test on purpose). */
  ignore?: (leak: Leak) => boolean;
  /** Unref'd timers keep nothing alive; report them too. Default false. */
  includeUnrefTimers?: boolean;
}

export interface LeakCheck {
  /** Stops recording and reports what is still alive. */
  stop(): Promise<LeakReport>;
  /** `stop()`, then throws a `LeakError` if anything leaked. */
  assertNoLeaks(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Stacks
// ---------------------------------------------------------------------------

/** This module's file as stack frames name it (ES module or CommonJS build alike). */
const thisFile = ((): string => {
  const frame = new Error().stack?.split('\n')[1] ?? '';
  return /(?:\(|at )((?:file:\/\/)?[^()]+?):\d+:\d+\)?\s*$/.exec(frame)?.[1] ?? '';
})();

/** Frames that are not the user's: Node internals, the runtime itself, this file. */
function isForeignFrame(line: string): boolean {
  return (
    line.includes('node:') ||
    line.includes('(<anonymous>)') ||
    RUNTIME_FRAME.test(line) ||
    (thisFile !== '' && line.includes(thisFile))
  );
}

interface Origin {
  createdAt: string;
  stack: string;
  /** A frame outside node_modules and Node: the user's code, not a library's or the test runner's. */
  byUserCode: boolean;
}

function rawStack(): string {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  Error.captureStackTrace(holder, rawStack);
  Error.stackTraceLimit = limit;
  return holder.stack ?? '';
}

const RUNTIME_FRAME = /[/\\]lifeguard-runtime(?:\.m?[jt]s|\.cjs)?:\d/;

/** Whether the code that called into Node (the first frame outside Node) is the runtime's. */
function madeByRuntime(stack: string): boolean {
  const caller = stack
    .split('\n')
    .slice(1)
    .find(
      (line) =>
        line.trim().startsWith('at ') && !line.includes('node:') && !line.includes('(<anonymous>)') && !(thisFile !== '' && line.includes(thisFile)),
    );
  return caller !== undefined && RUNTIME_FRAME.test(caller);
}

function captureOrigin(stack: string = rawStack()): Origin {
  const frames = stack
    .split('\n')
    .slice(1)
    .filter((line) => line.trim().startsWith('at ') && !isForeignFrame(line));
  const user = frames.find((line) => !/[/\\]node_modules[/\\]/.test(line));
  const first = user ?? frames[0];
  const location = first === undefined ? 'unknown' : (/\(([^()]+)\)\s*$/.exec(first)?.[1] ?? first.trim().replace(/^at\s+/, '')).replace(/^file:\/\//, '');
  return { createdAt: location, stack: frames.slice(0, 12).join('\n'), byUserCode: user !== undefined };
}

// ---------------------------------------------------------------------------
// What the runtime publishes
// ---------------------------------------------------------------------------

interface ScopeEntryMessage {
  kind: string;
  target: unknown;
  eventName: string | symbol | undefined;
}
type ScopeMessage =
  | { event: 'create'; scope: object }
  | { event: 'add' | 'remove'; scope: object; entry: ScopeEntryMessage }
  | { event: 'dispose'; scope: object; errors: number };
interface StepMessage {
  event: 'start' | 'end' | 'timeout';
  kind: 'stage' | 'step';
  path: string;
  budgetMs: number;
  id: object;
}

function describeTarget(target: unknown): string {
  if (target === null || typeof target !== 'object') return String(target);
  if (target === globalThis.process) return 'process';
  return target.constructor.name || 'object';
}

function describeEntry(entry: ScopeEntryMessage): string {
  switch (entry.kind) {
    case 'listener':
      return `listener '${String(entry.eventName)}' on ${describeTarget(entry.target)}, in a ListenerScope never disposed`;
    case 'timeout':
    case 'interval':
      return `${entry.kind === 'interval' ? 'setInterval' : 'setTimeout'} of a ListenerScope never disposed`;
    case 'defer':
      return 'deferred cleanup of a ListenerScope never disposed (it never ran)';
    default:
      return `${entry.kind} (${describeTarget(entry.target)}) in a ListenerScope never disposed`;
  }
}

// ---------------------------------------------------------------------------
// Handles through async_hooks
// ---------------------------------------------------------------------------

const HANDLE_KINDS: Readonly<Record<string, LeakKind>> = {
  Timeout: 'timeout',
  Immediate: 'immediate',
  TCPWRAP: 'socket',
  PIPEWRAP: 'socket',
  UDPWRAP: 'socket',
  TLSWRAP: 'socket',
  TCPSERVERWRAP: 'server',
  PIPESERVERWRAP: 'server',
  PROCESSWRAP: 'child-process',
  WORKER: 'worker',
  MESSAGEPORT: 'port',
  FSEVENTWRAP: 'watcher',
  STATWATCHER: 'watcher',
  SIGNALWRAP: 'watcher',
};

interface HandleRecord {
  type: string;
  kind: LeakKind;
  resource: WeakRef<object>;
  origin: Origin;
}

function isTimerGone(resource: object): boolean {
  const timer = resource as { _destroyed?: boolean; hasRef?: () => boolean };
  return timer._destroyed === true;
}

function isUnref(resource: object): boolean {
  const handle = resource as { hasRef?: () => boolean };
  return typeof handle.hasRef === 'function' && !handle.hasRef();
}

/** Objects by which a handle seen by async_hooks is known to the runtime (a Worker's or ChildProcess's native handle). */
function handlesOf(resource: unknown): object[] {
  if (resource === null || typeof resource !== 'object') return [];
  const found: object[] = [resource];
  const candidate = resource as Record<string | symbol, unknown>;
  if (typeof candidate['_handle'] === 'object' && candidate['_handle'] !== null) found.push(candidate['_handle']);
  for (const symbol of Object.getOwnPropertySymbols(resource)) {
    if (symbol.description === 'kHandle' && typeof candidate[symbol] === 'object' && candidate[symbol] !== null) found.push(candidate[symbol]);
  }
  return found;
}

// ---------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------

function isEmitter(target: EventEmitter | EventTarget): target is EventEmitter {
  return target instanceof EventEmitter || typeof (target as Partial<EventEmitter>).eventNames === 'function';
}

/** Listeners per event of an EventEmitter (an EventTarget cannot list its types: see startLeakCheck). */
function listenerCounts(target: EventEmitter | EventTarget): Map<string | symbol, number> {
  const counts = new Map<string | symbol, number>();
  if (isEmitter(target)) for (const name of target.eventNames()) counts.set(name, target.listenerCount(name));
  return counts;
}

function eventTargetCount(target: EventTarget, type: string): number {
  return getEventListeners(target, type).length;
}

// ---------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------

function settle(ms: number): Promise<void> {
  return new Promise((resolve) => {
    let turns = 0;
    const turn = (): void => {
      if (++turns >= 4) {
        if (ms > 0) setTimeout(resolve, ms);
        else resolve();
      } else setImmediate(turn);
    };
    setImmediate(turn);
  });
}

/** One entry per kind, description and creation line, with how many there were. */
function grouped(leaks: readonly Omit<Leak, 'count'>[]): Leak[] {
  const groups = new Map<string, Leak>();
  for (const leak of leaks) {
    const key = `${leak.kind}\0${leak.description}\0${leak.createdAt}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { ...leak, count: 1 });
    else group.count++;
  }
  return [...groups.values()];
}

function makeReport(leaks: Leak[]): LeakReport {
  return {
    leaks,
    format(): string {
      return leaks
        .map((leak) => {
          const stack = leak.stack === '' ? '' : `\n${leak.stack.split('\n').map((line) => `      ${line.trim()}`).join('\n')}`;
          const times = leak.count > 1 ? ` (×${String(leak.count)})` : '';
          return `  - ${leak.description}${times}\n    created at ${leak.createdAt}${stack}`;
        })
        .join('\n');
    },
  };
}

/**
 * Starts recording. Call it before the code under test runs (a `beforeEach`,
 * or the first line of a test); `stop()` or `assertNoLeaks()` after it.
 */
export function startLeakCheck(options: LeakCheckOptions = {}): LeakCheck {
  const includeUnrefTimers = options.includeUnrefTimers === true;
  const scopeEntries = new Map<ScopeEntryMessage, { origin: Origin }>();
  const steps = new Map<object, { message: StepMessage; origin: Origin }>();
  const handles = new Map<number, HandleRecord>();
  const endedByScopes = new WeakSet<object>();
  const targetTypes = new Map<EventTarget, Set<string>>();

  const onScope = (raw: unknown): void => {
    const message = raw as ScopeMessage;
    if (message.event === 'add') scopeEntries.set(message.entry, { origin: captureOrigin() });
    else if (message.event === 'remove') {
      scopeEntries.delete(message.entry);
      // Terminated or killed by its scope: its thread or process ends a little later, asynchronously.
      if (message.entry.kind !== 'listener') for (const handle of handlesOf(message.entry.target)) endedByScopes.add(handle);
    }
  };
  const onStep = (raw: unknown): void => {
    const message = raw as StepMessage;
    if (message.event === 'start') steps.set(message.id, { message, origin: captureOrigin() });
    else steps.delete(message.id);
  };
  subscribe('lifeguard:scope', onScope);
  subscribe('lifeguard:stage', onStep);
  subscribe('lifeguard:step', onStep);

  let hook: AsyncHook | undefined;
  if (options.handles !== false) {
    hook = createHook({
      init(asyncId, type, _triggerAsyncId, resource) {
        const kind = HANDLE_KINDS[type];
        if (kind === undefined) return;
        const stack = rawStack();
        // Made by the runtime (seen through its channels, with the same creation line), or a worker's own ports.
        if (madeByRuntime(stack) || (type === 'MESSAGEPORT' && stack.includes('node:internal/worker'))) return;
        const origin = captureOrigin(stack);
        // Created by a library or the test runner (its own timeouts), not by the code under test.
        if (!origin.byUserCode) return;
        handles.set(asyncId, { type, kind, resource: new WeakRef(resource), origin });
      },
      destroy(asyncId) {
        handles.delete(asyncId);
      },
    }).enable();
  }

  const targets = Object.entries(options.targets ?? {});
  const restore: (() => void)[] = [];
  const before = new Map(targets.map(([, target]) => [target, listenerCounts(target)]));
  // EventEmitter targets: 'newListener' names the line of each `on()` while recording.
  const added = new Map<EventEmitter, { event: string | symbol; listener: unknown; origin: Origin }[]>();
  // EventTarget listeners cannot be enumerated: count the types added while recording.
  for (const [, target] of targets) {
    if (isEmitter(target)) {
      const records: { event: string | symbol; listener: unknown; origin: Origin }[] = [];
      added.set(target, records);
      const onNewListener = (event: string | symbol, listener: unknown): void => {
        records.push({ event, listener, origin: captureOrigin() });
      };
      target.on('newListener', onNewListener);
      restore.push(() => {
        target.off('newListener', onNewListener);
      });
      continue;
    }
    const types = new Set<string>();
    targetTypes.set(target, types);
    const eventTarget = target;
    const original = eventTarget.addEventListener;
    const counts = new Map<string, number>();
    eventTarget.addEventListener = function (this: EventTarget, type: string, ...rest: unknown[]) {
      if (!types.has(type)) {
        types.add(type);
        counts.set(type, eventTargetCount(eventTarget, type));
      }
      return (original as (...args: unknown[]) => void).call(this, type, ...rest);
    } as EventTarget['addEventListener'];
    restore.push(() => {
      eventTarget.addEventListener = original;
    });
    before.set(target, counts);
  }

  let result: Promise<LeakReport> | undefined;
  const stop = (): Promise<LeakReport> =>
    (result ??= (async () => {
      await settle(options.settleMs ?? 0);
      hook?.disable();
      unsubscribe('lifeguard:scope', onScope);
      unsubscribe('lifeguard:stage', onStep);
      unsubscribe('lifeguard:step', onStep);
      for (const undo of restore) undo();

      const leaks: Omit<Leak, 'count'>[] = [];
      const known = new Set<object>();
      for (const [entry, { origin }] of scopeEntries) {
        for (const handle of handlesOf(entry.target)) known.add(handle);
        const kind = (['listener', 'timeout', 'interval', 'worker', 'child-process', 'port', 'resource', 'defer'] as const).find(
          (candidate) => candidate === entry.kind,
        );
        leaks.push({ kind: kind ?? 'resource', description: describeEntry(entry), createdAt: origin.createdAt, stack: origin.stack });
      }
      for (const { message, origin } of steps.values()) {
        leaks.push({
          kind: message.kind,
          description: `${message.kind === 'stage' ? 'stage' : 'withTimeout step'} '${message.path}' still running (budget ${String(message.budgetMs)} ms): its timer is still armed`,
          createdAt: origin.createdAt,
          stack: origin.stack,
        });
      }
      for (const record of handles.values()) {
        const resource = record.resource.deref();
        if (resource === undefined || known.has(resource) || endedByScopes.has(resource)) continue;
        if (record.type === 'Timeout' && isTimerGone(resource)) continue;
        const unref = isUnref(resource);
        if (unref && record.type === 'Timeout' && !includeUnrefTimers) continue;
        const repeat = record.type === 'Timeout' && (resource as { _repeat?: unknown })._repeat != null;
        const kind: LeakKind = repeat ? 'interval' : record.kind;
        const what = repeat ? 'setInterval' : record.type === 'Timeout' ? 'setTimeout' : record.type;
        leaks.push({
          kind,
          description: `${what} still ${record.type === 'Timeout' || record.type === 'Immediate' ? 'pending' : 'open'}${unref ? " (unref'd)" : ''}`,
          createdAt: record.origin.createdAt,
          stack: record.origin.stack,
        });
      }
      // Listeners a live scope entry already names (with its line) are not counted again on the target.
      const namedByScopes = new Map<unknown, Map<string | symbol | undefined, number>>();
      for (const entry of scopeEntries.keys()) {
        if (entry.kind !== 'listener') continue;
        const byEvent = namedByScopes.get(entry.target) ?? new Map<string | symbol | undefined, number>();
        byEvent.set(entry.eventName, (byEvent.get(entry.eventName) ?? 0) + 1);
        namedByScopes.set(entry.target, byEvent);
      }
      for (const [name, target] of targets) {
        const start = before.get(target) ?? new Map<string | symbol, number>();
        const types = targetTypes.get(target as EventTarget);
        const now =
          types === undefined
            ? listenerCounts(target)
            : new Map([...types].map((type) => [type, eventTargetCount(target as EventTarget, type)] as const));
        const records = isEmitter(target) ? added.get(target) : undefined;
        const scopeLines = new Set(
          [...scopeEntries].filter(([entry]) => entry.kind === 'listener' && entry.target === target).map(([, { origin }]) => origin.createdAt),
        );
        for (const [event, count] of now) {
          let left = count - (start.get(event) ?? 0) - (namedByScopes.get(target)?.get(event) ?? 0);
          if (left <= 0) continue;
          if (records !== undefined && isEmitter(target)) {
            // Still registered (a `once` wrapper names its listener), and not already named by a scope entry.
            const present = new Set<unknown>(target.rawListeners(event).map((raw) => (raw as { listener?: unknown }).listener ?? raw));
            for (const record of records) {
              if (left <= 0) break;
              if (record.event !== event || !present.has(record.listener) || scopeLines.has(record.origin.createdAt)) continue;
              present.delete(record.listener);
              left--;
              leaks.push({ kind: 'target-listener', description: `listener for '${String(event)}' left on ${name}`, createdAt: record.origin.createdAt, stack: record.origin.stack });
            }
          }
          if (left > 0) {
            leaks.push({
              kind: 'target-listener',
              description: `${String(left)} listener(s) for '${String(event)}' left on ${name}`,
              createdAt: 'unknown (added through addEventListener or before recording)',
              stack: '',
            });
          }
        }
      }
      const all = grouped(leaks);
      return makeReport(options.ignore === undefined ? all : all.filter((leak) => !options.ignore?.(leak)));
    })());
  return {
    stop,
    async assertNoLeaks(): Promise<void> {
      const report = await stop();
      if (report.leaks.length > 0) throw new LeakError(report, 'leak check');
    },
  };
}

/** The `beforeEach`/`afterEach` of node:test, vitest or jest. */
export interface TestHooks {
  beforeEach(fn: () => unknown): unknown;
  afterEach(fn: () => unknown): unknown;
}

/**
 * A leak check around every test of the file (or suite) it is called in: the
 * test fails with a `LeakError` naming what it left behind. Call it before
 * your own hooks, so that it checks after they ran.
 *
 * ```ts
 * import { afterEach, beforeEach } from 'vitest'; // or 'node:test', or jest's globals
 * useLeakCheck({ beforeEach, afterEach }, { targets: { process } });
 * ```
 */
export function useLeakCheck(hooks: TestHooks, options: LeakCheckOptions = {}): void {
  let current: LeakCheck | undefined;
  hooks.beforeEach(() => {
    current = startLeakCheck(options);
  });
  hooks.afterEach(async () => {
    const check = current;
    current = undefined;
    await check?.assertNoLeaks();
  });
}

export interface ScenarioOptions extends LeakCheckOptions {
  /** Runs of the scenario measured (after one warm-up run). Default 20. */
  iterations?: number;
  /** Fail when the heap grows by more than this many bytes per run (median of pairwise slopes). Default: report only. */
  maxHeapGrowthPerIteration?: number;
}

export interface ScenarioReport extends LeakReport {
  /** Heap growth per run in bytes, after full garbage collections (median of pairwise slopes). */
  heapGrowthPerIteration: number;
  iterations: number;
}

let collectGarbage: (() => void) | undefined;
function gc(): void {
  if (collectGarbage === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') collectGarbage = exposed;
    else {
      setFlagsFromString('--expose-gc');
      collectGarbage = runInNewContext('gc') as () => void;
    }
  }
  collectGarbage();
}

async function settledHeap(): Promise<number> {
  for (let round = 0; round < 4; round++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

function medianSlope(samples: readonly number[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < samples.length; i++) {
    for (let j = i + 1; j < samples.length; j++) slopes.push(((samples[j] ?? 0) - (samples[i] ?? 0)) / (j - i));
  }
  slopes.sort((a, b) => a - b);
  return slopes.length === 0 ? 0 : (slopes[Math.floor(slopes.length / 2)] ?? 0);
}

/**
 * Runs `scenario` once to warm up, then `iterations` times under one leak
 * check, and measures the heap after full garbage collections between runs.
 * Throws a `LeakError` when anything leaked or the heap grew by more than
 * `maxHeapGrowthPerIteration`; returns the report otherwise.
 */
export async function checkLeaks(scenario: () => unknown, options: ScenarioOptions = {}): Promise<ScenarioReport> {
  const iterations = options.iterations ?? 20;
  await scenario();
  const check = startLeakCheck(options);
  const heap: number[] = [await settledHeap()];
  let base: LeakReport;
  try {
    for (let run = 0; run < iterations; run++) {
      await scenario();
      heap.push(await settledHeap());
    }
  } finally {
    base = await check.stop();
  }
  const heapGrowthPerIteration = Math.round(medianSlope(heap));
  const leaks = [...base.leaks];
  if (options.maxHeapGrowthPerIteration !== undefined && heapGrowthPerIteration > options.maxHeapGrowthPerIteration) {
    leaks.push({
      kind: 'heap',
      description: `heap grew by ${String(heapGrowthPerIteration)} bytes per run over ${String(iterations)} runs (limit ${String(options.maxHeapGrowthPerIteration)})`,
      createdAt: 'unknown',
      stack: '',
      count: 1,
    });
  }
  const report: ScenarioReport = { ...makeReport(leaks), heapGrowthPerIteration, iterations };
  if (leaks.length > 0) throw new LeakError(report, `checkLeaks (${String(iterations)} runs)`);
  return report;
}
