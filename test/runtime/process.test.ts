import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vendoredRuntimeJavaScript } from '../../runtime/vendor.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
let directory: string;
let runtimeFile: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'lifeguard-process-'));
  runtimeFile = join(directory, 'lifeguard-runtime.mjs');
  writeFileSync(runtimeFile, vendoredRuntimeJavaScript());
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function runFixture(name: string, ...args: string[]) {
  const started = performance.now();
  const child = spawnSync(process.execPath, [join(fixtures, name), runtimeFile, ...args], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, LIFEGUARD_TIMEOUT_SCALE: '' },
  });
  return { ...child, wallMs: performance.now() - started };
}

describe('process lifetime', () => {
  it.each(['hung', 'retrying'])('exits on its own right after a stage times out (%s work)', (variant) => {
    const child = runFixture('exit-after-timeout.mjs', variant);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const result = JSON.parse(child.stdout) as { message: string; rejectedAfterMs: number; exitDelayMs: number };
    expect(result.message).toMatch(/^step 'startup > db\.connect' timed out: budget of 'startup' \(100 ms\) ran out after \d+ ms$/);
    expect(result.rejectedAfterMs).toBeGreaterThanOrEqual(99);
    expect(result.rejectedAfterMs).toBeLessThan(100 + 400);
    // Nothing is left holding the event loop: no timer for the 5 s inner budget, no retry interval.
    expect(result.exitDelayMs).toBeLessThan(200);
  });

  it('keeps a process with a hung top-level step alive until it fails loudly', () => {
    const child = runFixture('top-level-hang.mjs', 'withTimeout');
    expect(child.status).toBe(1);
    expect(child.stderr).toContain("StepTimeoutError: step 'db.connect' timed out: budget of 'db.connect' (300 ms)");
    expect(child.wallMs).toBeGreaterThanOrEqual(300);
  });

  it('shows the pitfall it avoids: an unref\'d AbortSignal.timeout exits silently with code 13', () => {
    const child = runFixture('top-level-hang.mjs', 'abortSignalTimeout');
    expect(child.status).toBe(13);
    // No error names the step that hung (Node >= 22 adds only a generic "unsettled top-level await" warning).
    expect(child.stderr).not.toContain('TimeoutError');
    expect(child.stderr).not.toContain('db.connect');
  });
});
