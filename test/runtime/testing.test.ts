import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * lifeguard-runtime/testing under real test runners: a project in a temp
 * folder that depends on lifeguard-runtime (the built package) runs a test file
 * with node:test and with vitest, in their own processes. Each leaky test must
 * fail naming the line that created what it left, and the clean one pass.
 */
const repository = fileURLToPath(new URL('../../', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'lifeguard-testing-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function project(name: string, packages: readonly string[]): string {
  const directory = join(root, name);
  mkdirSync(join(directory, 'node_modules'), { recursive: true });
  symlinkSync(join(repository, 'runtime'), join(directory, 'node_modules', 'lifeguard-runtime'), 'dir');
  for (const name of packages) symlinkSync(join(repository, 'node_modules', name), join(directory, 'node_modules', name), 'dir');
  writeFileSync(join(directory, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  return directory;
}

/** The same tests for every runner; `imports` brings in its test, hooks and after-all. */
function leakyTests(imports: string): string {
  return `${imports}
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import { ListenerScope, withTimeout } from 'lifeguard-runtime';
import { useLeakCheck } from 'lifeguard-runtime/testing';

const bus = new EventEmitter();
const leftovers = [];
useLeakCheck({ beforeEach, afterEach }, { targets: { bus } });
afterAll(async () => {
  for (const cleanup of leftovers) await cleanup();
});

test('clean: a scope disposed, a timer cleared, a worker terminated', async () => {
  const scope = new ListenerScope();
  scope.on(bus, 'message', () => {});
  scope.setInterval(() => {}, 1000);
  scope.add(new Worker('setInterval(() => {}, 1000)', { eval: true }));
  const timer = setTimeout(() => {}, 1000);
  clearTimeout(timer);
  await withTimeout(Promise.resolve(1), 1000, 'quick');
  scope.dispose();
});

test('leaky scope', () => {
  const scope = new ListenerScope();
  scope.on(bus, 'message', () => {}); // LEAK:scope-listener
  scope.setInterval(() => {}, 1000); // LEAK:scope-interval
  leftovers.push(() => scope.dispose());
});

test('leaky interval', () => {
  const id = setInterval(() => {}, 1000); // LEAK:interval
  leftovers.push(() => clearInterval(id));
});

test('leaky listener on a named target', () => {
  const onMessage = () => {};
  bus.on('message', onMessage); // LEAK:bus
  leftovers.push(() => bus.off('message', onMessage));
});

test('leaky step', () => {
  withTimeout(new Promise(() => {}), 300, 'never settles').catch(() => {}); // LEAK:step
});

test('leaky worker', () => {
  const worker = new Worker('setInterval(() => {}, 1000)', { eval: true }); // LEAK:worker
  leftovers.push(() => worker.terminate());
});
`;
}

function lineOf(source: string, marker: string): number {
  return source.split('\n').findIndex((line) => line.includes(`// LEAK:${marker}`)) + 1;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function expectReports(output: string, file: string, source: string): void {
  const reported = (description: string, marker: string): void => {
    expect(output).toMatch(new RegExp(`${escape(description)}\\n\\s+created at ${escape(file)}:${String(lineOf(source, marker))}:\\d+\\n`));
  };
  reported("listener 'message' on EventEmitter, in a ListenerScope never disposed", 'scope-listener');
  reported('setInterval of a ListenerScope never disposed', 'scope-interval');
  reported('setInterval still pending', 'interval');
  reported("withTimeout step 'never settles' still running (budget 300 ms): its timer is still armed", 'step');
  reported('WORKER still open', 'worker');
  reported("listener for 'message' left on bus", 'bus');
  // Each leak once: the step's own timer and the scope's listener are not reported again as a handle or on the target.
  expect(output).not.toContain('setTimeout still pending');
  expect(output).toContain('leak check: 2 leak(s)');
  expect(output).not.toMatch(/leak check: [3-9] leak\(s\)/);
}

describe('lifeguard-runtime/testing', () => {
  it('fails each leaky node:test test with the creation line, and passes the clean one', () => {
    const directory = project('node-test', []);
    const source = leakyTests("import { test, beforeEach, afterEach, after as afterAll } from 'node:test';");
    const file = join(directory, 'leaks.test.mjs');
    writeFileSync(file, source);
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=spec', file], { cwd: directory, encoding: 'utf8', timeout: 60_000 });
    const output = `${run.stdout}${run.stderr}`;
    expect(output).toMatch(/✔ clean: a scope disposed/);
    for (const name of ['leaky scope', 'leaky interval', 'leaky listener on a named target', 'leaky step', 'leaky worker']) {
      expect(output).toMatch(new RegExp(`✖ ${name}`));
    }
    expect(output).toMatch(/ℹ pass 1\n/);
    expect(output).toMatch(/ℹ fail 5\n/);
    expectReports(output, file, source);
    expect(run.status).toBe(1);
  }, 90_000);

  it('does the same under vitest', () => {
    const directory = project('vitest', ['vitest']);
    const source = leakyTests("import { test, beforeEach, afterEach, afterAll } from 'vitest';");
    const file = join(directory, 'leaks.test.mjs');
    writeFileSync(file, source);
    const vitest = join(repository, 'node_modules', 'vitest', 'vitest.mjs');
    const run = spawnSync(process.execPath, [vitest, 'run', '--root', directory, '--reporter=verbose', '--no-color'], {
      cwd: directory,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(output).toMatch(/✓ leaks\.test\.mjs > clean: a scope disposed/);
    expect(output).toMatch(/Tests {2}5 failed \| 1 passed/);
    expectReports(output, file, source);
    expect(run.status).toBe(1);
  }, 120_000);

  it('checkLeaks() measures heap growth per run, and works from CommonJS', () => {
    const directory = project('scenario', []);
    writeFileSync(
      join(directory, 'scenario.cjs'),
      `const { checkLeaks, LeakError } = require('lifeguard-runtime/testing');
const kept = [];
(async () => {
  const clean = await checkLeaks(() => new Array(10_000).fill(0).length, { iterations: 12, maxHeapGrowthPerIteration: 20_000 });
  const outcome = await checkLeaks(() => void kept.push(new Array(25_000).fill(0)), { iterations: 12, maxHeapGrowthPerIteration: 20_000 }).then(
    () => 'passed',
    (error) => (error instanceof LeakError ? error.report : String(error)),
  );
  console.log(JSON.stringify({ clean: clean.heapGrowthPerIteration, leaky: outcome.heapGrowthPerIteration, message: outcome.leaks?.[0]?.description }));
})();
`,
    );
    const run = spawnSync(process.execPath, ['scenario.cjs'], { cwd: directory, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { clean: number; leaky: number; message: string };
    // 25,000 small integers are a 200 KB backing store per run.
    expect(result.clean).toBeLessThan(20_000);
    expect(result.leaky).toBeGreaterThan(150_000);
    expect(result.message).toMatch(/^heap grew by \d+ bytes per run over 12 runs \(limit 20000\)$/);
  }, 60_000);
});
