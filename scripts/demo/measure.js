// The two measurements of the demo: does startup hang, and does memory grow
// with connections. Each runs a compiled service version in a child process.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { churn } from './churn.js';
import { startHistoryStore, startSilentDependency } from './peers.js';

const serviceProcess = fileURLToPath(new URL('./service-process.js', import.meta.url));

function request(child, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (message.type === type) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      }
    };
    const onExit = (code) => reject(new Error(`service process exited with ${code} while waiting for '${type}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Median of the pairwise slopes (Theil–Sen): robust to one noisy round. */
export function medianSlope(xs, ys) {
  const slopes = [];
  for (let i = 0; i < xs.length; i += 1) {
    for (let j = i + 1; j < xs.length; j += 1) if (xs[j] !== xs[i]) slopes.push((ys[j] - ys[i]) / (xs[j] - xs[i]));
  }
  slopes.sort((a, b) => a - b);
  if (slopes.length === 0) return 0;
  const middle = Math.floor(slopes.length / 2);
  return slopes.length % 2 ? slopes[middle] : (slopes[middle - 1] + slopes[middle]) / 2;
}

/**
 * Starts the service against a healthy history store, churns `rounds` ×
 * `perRound` real WebSocket clients (every `transcriptEvery`-th also asks for
 * a transcript, rendered in a worker thread) and measures after each round.
 */
export async function measureLeaks(serviceDirectory, { rounds, perRound, transcriptEvery = 0, onRound = () => {} }) {
  const store = await startHistoryStore();
  const child = fork(serviceProcess, [serviceDirectory], {
    // Per-connection listeners trip MaxListenersExceededWarning; the table shows the counts instead.
    execArgv: ['--expose-gc', '--no-warnings'],
    env: { ...process.env, HISTORY_PORT: String(store.port), LIFEGUARD_TIMEOUT_SCALE: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { port } = await request(child, 'ready');
    child.send({ type: 'stats' });
    const samples = [{ connections: 0, ...(await request(child, 'stats')) }];
    for (let round = 1; round <= rounds; round += 1) {
      await churn(port, { connections: perRound, offset: (round - 1) * perRound, transcriptEvery });
      child.send({ type: 'stats' });
      const sample = { connections: round * perRound, ...(await request(child, 'stats')) };
      samples.push(sample);
      onRound(sample, round);
    }
    child.send({ type: 'stop' });
    await request(child, 'stopped');
    // The first rounds warm up JIT and pools; the slope is taken over the rest.
    const steady = samples.slice(Math.min(2, samples.length - 2));
    return {
      samples,
      heapSlope: medianSlope(
        steady.map((sample) => sample.connections),
        steady.map((sample) => sample.heapUsed),
      ),
    };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await store.close();
  }
}

/**
 * Starts the service's real entry point against a dependency that accepts
 * TCP connections and never answers. Returns 'hung' when it is still starting
 * after `boundMs`, else how it ended and what it printed.
 */
export async function measureStartup(serviceDirectory, { boundMs, timeoutScale }) {
  const silent = await startSilentDependency();
  const started = performance.now();
  const child = fork(join(serviceDirectory, 'index.js'), [], {
    env: { ...process.env, PORT: '0', HISTORY_HOST: '127.0.0.1', HISTORY_PORT: String(silent.port), LIFEGUARD_TIMEOUT_SCALE: String(timeoutScale) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  try {
    const exitCode = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), boundMs);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    const elapsedMs = Math.round(performance.now() - started);
    if (exitCode === null) return { outcome: 'hung', elapsedMs, output };
    return { outcome: exitCode === 0 ? 'exited' : 'failed', exitCode, elapsedMs, output };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await silent.close();
  }
}
