// Runtime benchmark (not a test): `npm run build && node bench/runtime.js [--json out.json]`.
// Compares, in one process on one machine:
//   - withTimeout per-call overhead against a bare `await` and against p-timeout, without
//     and with a subscriber on its diagnostics channels (collectStatistics());
//   - WeakRegistry set/get against Map;
//   - ListenerScope.on + dispose against hand-written on/off.
// `runRuntimeBenchmarks()` returns the figures for docs/benchmarks.md.
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pTimeout from 'p-timeout';
import { ListenerScope, WeakRegistry, collectStatistics, stage, withTimeout } from '../dist/runtime/index.js';

const SAMPLES = 7;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median nanoseconds per operation over SAMPLES runs of `iterations` calls (after one warm-up run). */
async function timeAsync(iterations, operation) {
  const samples = [];
  for (let sample = 0; sample <= SAMPLES; sample++) {
    const started = performance.now();
    for (let index = 0; index < iterations; index++) await operation(index);
    const ns = ((performance.now() - started) * 1e6) / iterations;
    if (sample > 0) samples.push(ns);
  }
  return median(samples);
}

function timeSync(iterations, operation) {
  const samples = [];
  for (let sample = 0; sample <= SAMPLES; sample++) {
    const started = performance.now();
    for (let index = 0; index < iterations; index++) operation(index);
    const ns = ((performance.now() - started) * 1e6) / iterations;
    if (sample > 0) samples.push(ns);
  }
  return median(samples);
}

const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function runRuntimeBenchmarks({ scale = 1 } = {}) {
  const calls = Math.round(50_000 * scale);
  const ops = Math.round(200_000 * scale);
  const timeouts = {};
  // Promise form first: the function form enables AsyncLocalStorage, whose promise hooks
  // (Node 20) slow every later await, bare ones included.
  timeouts.bareAwait = await timeAsync(calls, (index) => Promise.resolve(index));
  timeouts.pTimeout = await timeAsync(calls, (index) => pTimeout(Promise.resolve(index), { milliseconds: 10_000 }));
  timeouts.withTimeout = await timeAsync(calls, (index) => withTimeout(Promise.resolve(index), 10_000, 'step'));
  // With a subscriber on the channels: collectStatistics() (counters), as a service exporting metrics runs it.
  const statistics = collectStatistics();
  timeouts.withTimeoutCollected = await timeAsync(calls, (index) => withTimeout(Promise.resolve(index), 10_000, 'step'));
  statistics.stop();
  timeouts.withTimeoutAfterUnsubscribe = await timeAsync(calls, (index) => withTimeout(Promise.resolve(index), 10_000, 'step'));
  timeouts.withTimeoutFn = await timeAsync(calls, (index) => withTimeout(() => Promise.resolve(index), 10_000, 'step'));
  timeouts.bareAwaitAfterContext = await timeAsync(calls, (index) => Promise.resolve(index));
  timeouts.withTimeoutInStage = await stage('bench', 600_000, () =>
    timeAsync(calls, (index) => withTimeout(() => Promise.resolve(index), 10_000, 'step')),
  );
  const overhead = (ns, bare = timeouts.bareAwait) => ns - bare;

  const keys = Array.from({ length: 1_000 }, (_, index) => `key-${index}`);
  const values = keys.map((key) => ({ key }));
  const map = new Map();
  const registry = new WeakRegistry();
  const registries = {
    mapSet: timeSync(ops, (index) => map.set(keys[index % 1_000], values[index % 1_000])),
    weakRegistrySet: timeSync(ops, (index) => registry.set(keys[index % 1_000], values[(index + 1) % 1_000])),
    mapGet: timeSync(ops, (index) => map.get(keys[index % 1_000])),
    weakRegistryGet: timeSync(ops, (index) => registry.get(keys[index % 1_000])),
  };

  const emitter = new EventEmitter();
  const handler = () => {};
  const listeners = {
    handWritten: timeSync(ops / 4, () => {
      emitter.on('data', handler);
      emitter.on('end', handler);
      emitter.off('data', handler);
      emitter.off('end', handler);
    }),
    listenerScope: timeSync(ops / 4, () => {
      const scope = new ListenerScope();
      scope.on(emitter, 'data', handler);
      scope.on(emitter, 'end', handler);
      scope.dispose();
    }),
  };

  return {
    node: process.version,
    nsPerOp: {
      ...Object.fromEntries(Object.entries(timeouts).map(([name, ns]) => [`timeout.${name}`, round(ns)])),
      ...Object.fromEntries(Object.entries(registries).map(([name, ns]) => [`registry.${name}`, round(ns)])),
      ...Object.fromEntries(Object.entries(listeners).map(([name, ns]) => [`listeners.${name}`, round(ns)])),
    },
    ratios: {
      'withTimeout(promise) overhead / p-timeout overhead': round(
        overhead(timeouts.withTimeout) / overhead(timeouts.pTimeout),
        2,
      ),
      'withTimeout(promise) with collectStatistics() overhead / p-timeout overhead': round(
        overhead(timeouts.withTimeoutCollected) / overhead(timeouts.pTimeout),
        2,
      ),
      'withTimeout(promise) after unsubscribing overhead / p-timeout overhead': round(
        overhead(timeouts.withTimeoutAfterUnsubscribe) / overhead(timeouts.pTimeout),
        2,
      ),
      'withTimeout(promise) / bare await': round(timeouts.withTimeout / timeouts.bareAwait, 2),
      'p-timeout / bare await': round(timeouts.pTimeout / timeouts.bareAwait, 2),
      'withTimeout(fn) / p-timeout': round(timeouts.withTimeoutFn / timeouts.pTimeout, 2),
      'withTimeout(fn) in a stage / p-timeout': round(timeouts.withTimeoutInStage / timeouts.pTimeout, 2),
      'WeakRegistry.get / Map.get': round(registries.weakRegistryGet / registries.mapGet, 2),
      'WeakRegistry.set / Map.set': round(registries.weakRegistrySet / registries.mapSet, 2),
      'ListenerScope on×2 + dispose / hand-written on×2 + off×2': round(listeners.listenerScope / listeners.handWritten, 2),
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await runRuntimeBenchmarks();
  console.log(`Runtime benchmark, Node ${results.node}\n`);
  console.table(Object.fromEntries(Object.entries(results.nsPerOp).map(([name, ns]) => [name, { 'ns/op': ns }])));
  console.table(Object.fromEntries(Object.entries(results.ratios).map(([name, ratio]) => [name, { ratio }])));
  const jsonIndex = process.argv.indexOf('--json');
  if (jsonIndex !== -1 && process.argv[jsonIndex + 1]) {
    writeFileSync(process.argv[jsonIndex + 1], `${JSON.stringify(results, null, 2)}\n`);
  }
}
