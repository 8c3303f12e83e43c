import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vendoredRuntimeJavaScript } from '../../runtime/vendor.js';

/**
 * Leak tests run in a separate `node --expose-gc` process (fixtures/leaks.mjs)
 * against the vendored JavaScript. Every measurement is taken on the runtime
 * and on a deliberately leaky twin: the twin's numbers prove that the
 * measurement detects the leak the runtime avoids.
 */

// Heap growth per operation, median of pairwise slopes after full gc: the clean
// runtime measures within ±40 bytes (noise); each leaky twin grows by 160+ bytes.
const CLEAN_BYTES_PER_OP = 64;
const LEAKY_BYTES_PER_OP = 100;

const fixture = fileURLToPath(new URL('./fixtures/leaks.mjs', import.meta.url));
let directory: string;
let runtimeFile: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'lifeguard-leaks-'));
  runtimeFile = join(directory, 'lifeguard-runtime.mjs');
  writeFileSync(runtimeFile, vendoredRuntimeJavaScript());
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function measure<T>(subject: 'steps' | 'registry' | 'scope'): T {
  const child = spawnSync(process.execPath, ['--expose-gc', fixture, runtimeFile, subject], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, LIFEGUARD_TIMEOUT_SCALE: '' },
  });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout) as T;
}

interface StepsResult {
  sentinelCollected: boolean;
  bytesPerStep: number;
  abortListeners: number;
}

interface RegistryResult {
  sentinelCollected: boolean;
  bytesPerEntry: number;
  sizeUpperBound: number;
  collectedKeys: number;
}

interface ScopeResult {
  sentinelCollected: boolean;
  bytesPerScope: number;
  emitterListeners: number;
  targetListeners: number;
}

interface OnceResult {
  bytesPerOnce: number;
  size: number;
  emitterListeners: number;
}

describe('leaks (node --expose-gc)', () => {
  it('withTimeout under a long-lived stage retains neither listeners nor work', () => {
    const result = measure<{ runtime: StepsResult; leaky: StepsResult }>('steps');
    expect(result.runtime.abortListeners).toBe(0);
    expect(result.runtime.sentinelCollected).toBe(true);
    expect(result.runtime.bytesPerStep).toBeLessThan(CLEAN_BYTES_PER_OP);
    // The hand-written twin that never removes its listener on the parent signal.
    expect(result.leaky.abortListeners).toBeGreaterThan(10_000);
    expect(result.leaky.sentinelCollected).toBe(false);
    expect(result.leaky.bytesPerStep).toBeGreaterThan(LEAKY_BYTES_PER_OP);
  });

  it('WeakRegistry lets values go, prunes lazily and survives key overwrite', () => {
    const result = measure<{
      runtime: RegistryResult;
      leaky: RegistryResult;
      overwrite: { runtime: boolean; naive: boolean };
      lazy: Record<string, unknown>;
    }>('registry');
    expect(result.runtime.sentinelCollected).toBe(true);
    expect(result.runtime.bytesPerEntry).toBeLessThan(CLEAN_BYTES_PER_OP);
    expect(result.runtime.sizeUpperBound).toBeLessThan(100);
    expect(result.runtime.collectedKeys).toBeGreaterThan(10_000);
    // A Map holding the same values.
    expect(result.leaky.sentinelCollected).toBe(false);
    expect(result.leaky.bytesPerEntry).toBeGreaterThan(LEAKY_BYTES_PER_OP);
    expect(result.leaky.sizeUpperBound).toBe(14_000);
    // The old value's finalizer must not delete the live entry; a registry that deletes by key does.
    expect(result.overwrite).toEqual({ runtime: true, naive: false });
    expect(result.lazy).toEqual({
      before: 3,
      getDead: true,
      afterGet: 2,
      iterated: ['kept'],
      afterIteration: 1,
      // Once each, although the finalizers ran afterwards too.
      collectedKeys: ['dead-1', 'dead-2'],
    });
  });

  it('ListenerScope removes what it added and a long-lived scope does not grow', () => {
    const result = measure<{ runtime: ScopeResult; leaky: ScopeResult; onceRuntime: OnceResult; onceLeaky: OnceResult }>(
      'scope',
    );
    expect(result.runtime).toMatchObject({ sentinelCollected: true, emitterListeners: 0, targetListeners: 0 });
    expect(result.runtime.bytesPerScope).toBeLessThan(CLEAN_BYTES_PER_OP);
    // Hand-written on()/addEventListener() without removal.
    expect(result.leaky.sentinelCollected).toBe(false);
    expect(result.leaky.emitterListeners).toBeGreaterThan(14_000);
    expect(result.leaky.targetListeners).toBeGreaterThan(14_000);
    expect(result.leaky.bytesPerScope).toBeGreaterThan(LEAKY_BYTES_PER_OP);
    // Fired once listeners are forgotten; a scope that keeps their records grows.
    expect(result.onceRuntime).toMatchObject({ size: 0, emitterListeners: 0 });
    expect(result.onceRuntime.bytesPerOnce).toBeLessThan(CLEAN_BYTES_PER_OP);
    expect(result.onceLeaky).toMatchObject({ size: 14_000, emitterListeners: 0 });
    expect(result.onceLeaky.bytesPerOnce).toBeGreaterThan(LEAKY_BYTES_PER_OP);
  });
});
