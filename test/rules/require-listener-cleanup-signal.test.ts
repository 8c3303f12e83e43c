import rule from '../../rules/require-listener-cleanup.js';
import { ruleTester } from '../rule-tester.js';

// An 'abort' listener on the caller's AbortSignal stays on it after the call ends: a caller that
// passes one long-lived signal (a shutdown signal) to many calls collects one listener per call.
ruleTester.run('require-listener-cleanup: the caller\'s AbortSignal', rule, {
  valid: [
    // Removed when the request ends.
    `
export class Request {
  private removeListeners = (): void => {};
  constructor(private options: { signal?: AbortSignal }) {
    const abort = (): void => this.destroy();
    this.options.signal?.addEventListener('abort', abort);
    this.removeListeners = () => this.options.signal?.removeEventListener('abort', abort);
  }
  destroy(): void { this.removeListeners(); }
}`,
    // The code's own controller: its owner aborts it.
    `
export class Poller {
  private controller = new AbortController();
  poll(): void {
    this.controller.signal.addEventListener('abort', () => this.stop(), { once: true });
  }
  stop(): void { this.controller.abort(); }
}`,
    // A signal made here for this call dies with it.
    `
export async function fetchWithTimeout(url: string, ms: number): Promise<Response> {
  const signal = AbortSignal.timeout(ms);
  signal.addEventListener('abort', () => console.warn('timed out', url));
  return fetch(url, { signal });
}`,
    // `listen({ signal })`: the signal is how the caller stops what starts here.
    `
export function createServer(handler: Handler) {
  function listen(options: { port: number; signal?: AbortSignal }) {
    options.signal?.addEventListener('abort', () => server.close(), { once: true });
    server.listen(options.port);
  }
  const server = http.createServer(handler);
  return { listen };
}`,
    // An exported helper that registers what it is given: its callers (elsewhere) remove it.
    `
export function onAbort(signal: AbortSignal, fn: () => void): void {
  signal.addEventListener('abort', fn, { once: true });
}`,
    // Through a helper, removed in finally with the same function.
    `
function onAbort(signal: AbortSignal, fn: () => void): void {
  signal.addEventListener('abort', fn, { once: true });
}
export async function run(task: () => Promise<void>, signal: AbortSignal): Promise<void> {
  const cancel = (): void => console.log('cancelled');
  onAbort(signal, cancel);
  try {
    await task();
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}`,
    // The handler is kept on the task and its own class removes it under the same names.
    `
function onAbort(signal: AbortSignal, fn: () => void): void {
  signal.addEventListener('abort', fn, { once: true });
}
class Task {
  onAbort: (() => void) | null = null;
  constructor(public signal: AbortSignal) {}
  done(): void { if (this.onAbort) this.signal.removeEventListener('abort', this.onAbort); }
}
export class Pool {
  run(job: unknown, signal: AbortSignal): Task {
    const task = new Task(signal);
    task.onAbort = () => this.cancel(task);
    onAbort(signal, task.onAbort);
    return task;
  }
  cancel(task: Task): void { task.done(); }
  destroy(): void {}
}`,
  ],
  invalid: [
    // Per request, on the caller's signal, never removed.
    {
      code: `
export class Request {
  constructor(private options: { signal?: AbortSignal }) {
    this.options.signal?.addEventListener('abort', () => {
      this.destroy();
    });
  }
  destroy(): void {}
}`,
      errors: [{ messageId: 'callerSignalListener', line: 4, column: 5 }],
    },
    // \`{ once: true }\` does not help when the signal never aborts; reported where the helper is called.
    {
      code: `
function onAbort(signal: AbortSignal, fn: () => void): void {
  signal.addEventListener('abort', fn, { once: true });
}
export class Pool {
  run(job: unknown, { signal }: { signal: AbortSignal }): Promise<void> {
    return new Promise((resolve, reject) => {
      onAbort(signal, () => reject(new Error('aborted')));
      this.queue(job, resolve);
    });
  }
  queue(job: unknown, done: () => void): void { done(); }
  destroy(): void {}
}`,
      errors: [{ messageId: 'callerSignalListener', line: 8, column: 7 }],
    },
    // Destructured from the options parameter.
    {
      code: `
export function fetchPage(url: string, options: { signal: AbortSignal }): void {
  const { signal } = options;
  signal.addEventListener('abort', () => console.log('cancelled', url));
}`,
      errors: [{ messageId: 'callerSignalListener', line: 4, column: 3 }],
    },
  ],
});
