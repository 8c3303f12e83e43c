import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

/**
 * examples/opentelemetry/lifeguard-metrics.js with the real OpenTelemetry SDK
 * (@opentelemetry/sdk-metrics, a dev dependency for this test only), in a
 * project of its own that depends on the built lifeguard-runtime package.
 */
const repository = fileURLToPath(new URL('../../', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'lifeguard-otel-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const DRIVER = `import { MeterProvider, MetricReader, AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import { ListenerScope, stage, withTimeout } from 'lifeguard-runtime';
import { instrumentLifeguard } from './lifeguard-metrics.js';

class Reader extends MetricReader {
  constructor() { super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE }); }
  async onForceFlush() {}
  async onShutdown() {}
}
const reader = new Reader();
const provider = new MeterProvider({ readers: [reader] });
const instrumentation = instrumentLifeguard(provider.getMeter('test'));

await stage('startup', 1_000, async () => {
  await withTimeout(Promise.resolve(1), 500, 'db.connect');
  await withTimeout(() => new Promise(() => {}), 20, 'cache.warm').catch(() => {});
});
const scope = new ListenerScope();
scope.on(new EventEmitter(), 'message', () => {});
scope.setInterval(() => {}, 10_000);
const worker = scope.add(new Worker('setInterval(() => {}, 1000)', { eval: true }));
await new Promise((resolve) => worker.once('online', resolve));

const points = async () => {
  const { resourceMetrics } = await reader.collect();
  const out = {};
  for (const { metrics } of resourceMetrics.scopeMetrics) {
    for (const metric of metrics) {
      out[metric.descriptor.name] = metric.dataPoints.map((point) => ({ attributes: point.attributes, value: point.value }));
    }
  }
  return out;
};
const during = await points();
scope.dispose();
await new Promise((resolve) => worker.once('exit', resolve));
const after = await points();
instrumentation.stop();
await provider.shutdown();
console.log(JSON.stringify({ during, after }));
`;

it('records step durations, timeouts and live scope contents as OpenTelemetry metrics', () => {
  const directory = join(root, 'service');
  mkdirSync(join(directory, 'node_modules', '@opentelemetry'), { recursive: true });
  symlinkSync(join(repository, 'runtime'), join(directory, 'node_modules', 'lifeguard-runtime'), 'dir');
  for (const name of ['api', 'sdk-metrics', 'core', 'resources', 'semantic-conventions']) {
    symlinkSync(join(repository, 'node_modules', '@opentelemetry', name), join(directory, 'node_modules', '@opentelemetry', name), 'dir');
  }
  writeFileSync(join(directory, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  copyFileSync(join(repository, 'examples/opentelemetry/lifeguard-metrics.js'), join(directory, 'lifeguard-metrics.js'));
  writeFileSync(join(directory, 'driver.js'), DRIVER);
  const run = spawnSync(process.execPath, ['driver.js'], { cwd: directory, encoding: 'utf8', timeout: 60_000 });
  expect(run.stderr).toBe('');
  type Point = { attributes: Record<string, string>; value: number | { count: number; sum: number } };
  const { during, after } = JSON.parse(run.stdout) as Record<'during' | 'after', Record<string, Point[]>>;
  const durations = during['lifeguard.step.duration']!;
  const byPath = (path: string): Point | undefined => durations.find((point) => point.attributes['lifeguard.path'] === path);
  expect(byPath('startup > db.connect')?.attributes).toEqual({ 'lifeguard.kind': 'step', 'lifeguard.path': 'startup > db.connect', 'lifeguard.outcome': 'fulfilled' });
  expect(byPath('startup > cache.warm')?.attributes['lifeguard.outcome']).toBe('timeout');
  expect((byPath('startup > cache.warm')?.value as { sum: number }).sum).toBeGreaterThanOrEqual(19);
  expect(byPath('startup')?.attributes).toEqual({ 'lifeguard.kind': 'stage', 'lifeguard.path': 'startup', 'lifeguard.outcome': 'fulfilled' });
  expect(during['lifeguard.step.timeouts']).toEqual([
    { attributes: { 'lifeguard.kind': 'step', 'lifeguard.path': 'startup > cache.warm', 'lifeguard.budget_path': 'startup > cache.warm' }, value: 1 },
  ]);
  const gauge = (points: Record<string, Point[]>, name: string): unknown => points[name]?.[0]?.value;
  expect(gauge(during, 'lifeguard.scopes.live')).toBe(1);
  expect(gauge(during, 'lifeguard.scope.listeners')).toBe(1);
  expect(gauge(during, 'lifeguard.scope.timers')).toBe(1);
  expect(gauge(during, 'lifeguard.workers.live')).toBe(1);
  expect(gauge(during, 'lifeguard.steps.running')).toBe(0);
  expect(gauge(after, 'lifeguard.scopes.live')).toBe(0);
  expect(gauge(after, 'lifeguard.scope.listeners')).toBe(0);
  expect(gauge(after, 'lifeguard.workers.live')).toBe(0);
}, 60_000);
