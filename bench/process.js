// What every benchmark shares: running a command in a child process and timing it, and the medians
// the tables print.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
export const eslintBin = join(projectRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Runs a command in a child process and resolves with its wall time (spawn to exit), exit code and
 * output. With `timeoutMs`, a child still running then is killed and the result says `timedOut`.
 */
export function runTimed(command, args, { cwd = projectRoot, env = {}, timeoutMs } = {}) {
  return new Promise((resolvePromise, rejectPromise) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, timeoutMs);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      rejectPromise(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, wallMs: performance.now() - started, stdout, stderr, timedOut });
    });
  });
}

/**
 * `runTimed` through `sh`, whose `times` builtin prints the CPU time of its children (user and
 * system, every thread): CPU is what a CI runner or a laptop pays, and linters use their cores
 * differently. Resolves with `cpuMs` too, and the command's own stderr.
 */
export async function runTimedWithCpu(command, args, options = {}) {
  const run = await runTimed('sh', ['-c', '"$@"; status=$?; times >&2; exit $status', 'sh', command, ...args], options);
  const lines = run.stderr.trimEnd().split('\n');
  const seconds = (lines.at(-1) ?? '').match(/(\d+)m([\d.]+)s/g)?.map((part) => {
    const [, minutes, secs] = /(\d+)m([\d.]+)s/.exec(part);
    return Number(minutes) * 60 + Number(secs);
  });
  if (!seconds || seconds.length < 2) throw new Error(`no CPU times from sh: ${run.stderr.slice(-500)}`);
  return { ...run, cpuMs: (seconds[0] + seconds[1]) * 1000, stderr: lines.slice(0, -2).join('\n') };
}
