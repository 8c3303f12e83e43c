import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/adoption/scan.js';

/**
 * The project's end-to-end proof: `npm run demo -- --quick` with real
 * processes, a real WebSocket server and real clients. Its claims are
 * asserted with margins; do not loosen them to make a change pass.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const source = (file: string): string => readFileSync(join(root, 'examples/chat-service', file), 'utf8');

interface Sample {
  connections: number;
  heapUsed: number;
  processListeners: number;
  busListeners: number;
  activeTimers: number;
  indexedConnections: number | null;
  /** OS threads of the service process (null off Linux). */
  threads: number | null;
}
interface Report {
  settings: { rounds: number; perRound: number; transcriptEvery: number; startupBoundMs: number; timeoutScale: number };
  steps: {
    scan: ScanReport;
    rescan: ScanReport;
    startup: Record<'original' | 'migrated', { outcome: string; elapsedMs: number; output: string }>;
    leaks: Record<'original' | 'migrated', { samples: Sample[]; heapSlope: number }>;
    leakCheck: Record<'original' | 'migrated', { leaks: { kind: string; description: string; createdAt: string; count: number }[] }>;
  };
  claims: { hangFixed: boolean; leakFixed: boolean; threadLeakFixed: boolean | null; leakCheckVerdict: boolean };
}

/** The scan steps are `lifeguard scan --format json` reports: one shape, checked against itself. */
function findingCount(scan: ScanReport): number {
  expect(scan.findings).toHaveLength(scan.summary.findings);
  return scan.summary.findings;
}

describe('npm run demo -- --quick', () => {
  let directory: string;
  let report: Report;
  let stdout = '';

  beforeAll(async () => {
    if (!existsSync(join(root, 'dist/src/cli/main.js'))) {
      throw new Error('dist/ is missing: run `npm run build` before the tests (npm test does it through pretest).');
    }
    directory = mkdtempSync(join(tmpdir(), 'lifeguard-demo-test-'));
    const reportFile = join(directory, 'report.json');
    await new Promise<void>((resolvePromise, reject) => {
      execFile(process.execPath, [join(root, 'scripts/demo.js'), '--quick', '--json', reportFile], { cwd: root, timeout: 240_000 }, (error, out, err) => {
        stdout = out;
        if (error) reject(new Error(`demo failed: ${error.message}\n${out}\n${err}`));
        else resolvePromise();
      });
    });
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  }, 300_000);

  afterAll(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('finds the hang and the leaks, and nothing remains after the codemods', () => {
    expect(findingCount(report.steps.scan)).toBeGreaterThanOrEqual(8);
    // The service's eslint.config.js turns on the worker rule: the worker started per transcript is reported.
    expect(report.steps.scan.findings.filter((finding) => finding.rule === 'lifeguard/require-worker-cleanup').map((finding) => finding.path)).toEqual(['src/server.ts']);
    // Zero findings only counts when the files were actually linted.
    expect(report.steps.rescan.summary.filesScanned).toBeGreaterThanOrEqual(7);
    expect(findingCount(report.steps.rescan)).toBe(0);
  });

  it('shows the original hanging at startup and the migrated one failing fast with the step named', () => {
    const { original, migrated } = report.steps.startup;
    expect(original.outcome).toBe('hung');
    expect(original.elapsedMs).toBeGreaterThanOrEqual(report.settings.startupBoundMs);
    expect(migrated.outcome).toBe('failed');
    expect(migrated.output).toContain("StepTimeoutError: step 'startup > history.connect' timed out");
    // 15 s step budget × scale, plus process start-up: well inside the bound.
    expect(migrated.elapsedMs).toBeLessThan(report.settings.startupBoundMs / 2);
  });

  it('shows the original growing with every connection and the migrated one flat', () => {
    const { original, migrated } = report.steps.leaks;
    const total = report.settings.rounds * report.settings.perRound;
    const lastOriginal = original.samples.at(-1)!;
    const lastMigrated = migrated.samples.at(-1)!;
    expect(lastOriginal.connections).toBe(total);
    // The leak detector must see the leak: one listener, timer and index entry per connection served.
    expect(lastOriginal.processListeners).toBe(total);
    expect(lastOriginal.busListeners).toBe(total);
    expect(lastOriginal.activeTimers).toBeGreaterThanOrEqual(total);
    expect(lastOriginal.indexedConnections).toBe(total);
    expect(original.heapSlope).toBeGreaterThan(1_500);
    // After the codemods nothing is left per connection once clients have gone.
    expect(lastMigrated.processListeners).toBe(0);
    expect(lastMigrated.busListeners).toBe(0);
    expect(lastMigrated.activeTimers).toBeLessThanOrEqual(2);
    expect(migrated.heapSlope).toBeLessThan(original.heapSlope / 4);
    expect(report.claims).toMatchObject({ hangFixed: true, leakFixed: true, leakCheckVerdict: true });
    expect(stdout).toMatch(/hang fixed: yes/);
    expect(stdout).toMatch(/leak fixed: yes/);
  });

  it.runIf(process.platform === 'linux')('shows the original keeping a thread per transcript job and the migrated one ending each', () => {
    const { original, migrated } = report.steps.leaks;
    const jobs = Math.ceil((report.settings.rounds * report.settings.perRound) / report.settings.transcriptEvery);
    const grown = (samples: Sample[]) => samples.at(-1)!.threads! - samples[0]!.threads!;
    // One live worker thread per job served (a few more may come from Node's own lazily started pools).
    expect(grown(original.samples)).toBeGreaterThanOrEqual(jobs);
    expect(grown(original.samples)).toBeLessThanOrEqual(jobs + 4);
    // The migrated service ends each worker when its transcript arrives.
    expect(grown(migrated.samples)).toBeLessThanOrEqual(4);
    expect(report.claims.threadLeakFixed).toBe(true);
    expect(stdout).toMatch(/thread leak fixed: yes/);
  });

  it("names the original's leaks with their lines in the service's source, and finds the migrated one clean", () => {
    const { original, migrated } = report.steps.leakCheck;
    const line = (pattern: RegExp): number => source('src/server.ts').split('\n').findIndex((text) => pattern.test(text)) + 1;
    const visits = 5 * 10;
    expect(original.leaks.map(({ kind, description, createdAt, count }) => ({ kind, description, line: Number(/server\.ts:(\d+):/.exec(createdAt)?.[1]), count }))).toEqual([
      { kind: 'interval', description: 'setInterval still pending', line: line(/setInterval\(/), count: visits },
      { kind: 'target-listener', description: "listener for 'SIGUSR2' left on process", line: line(/process\.on\('SIGUSR2'/), count: visits },
      { kind: 'target-listener', description: "listener for 'announcement' left on bus", line: line(/bus\.on\('announcement'/), count: visits },
    ]);
    expect(migrated.leaks).toEqual([]);
    expect(stdout).toMatch(/leak check: yes/);
  });
});
