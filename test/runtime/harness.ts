import type * as RuntimeNamespace from '../../runtime/lifeguard-runtime.js';

/** The runtime's exports, whichever build they come from. */
export type RuntimeModule = typeof RuntimeNamespace;

/**
 * One build of the runtime under test: the TypeScript source, or the
 * JavaScript the codemods vendor. `fresh()` loads a new instance so that
 * LIFEGUARD_TIMEOUT_SCALE, read at first use, can be set per test.
 */
export interface RuntimeFlavour {
  readonly name: string;
  load(): Promise<RuntimeModule>;
  fresh(): Promise<RuntimeModule>;
}

/** A promise that never settles: a hung startup step. */
export function hang<T = never>(): Promise<T> {
  return new Promise<T>(() => {});
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Yields to the event loop twice: long enough for Node to report unhandled rejections. */
export async function turns(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}

/** Records `unhandledRejection` events until `stop()`. */
export function trackUnhandledRejections(): { readonly seen: unknown[]; stop(): void } {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => {
    seen.push(reason);
  };
  process.on('unhandledRejection', listener);
  return { seen, stop: () => process.off('unhandledRejection', listener) };
}

/** Runs `fn` with LIFEGUARD_TIMEOUT_SCALE set (or unset), restoring it afterwards. */
export async function withScaleEnv<T>(value: string | undefined, fn: () => Promise<T>): Promise<T> {
  const previous = process.env.LIFEGUARD_TIMEOUT_SCALE;
  if (value === undefined) delete process.env.LIFEGUARD_TIMEOUT_SCALE;
  else process.env.LIFEGUARD_TIMEOUT_SCALE = value;
  try {
    return await fn();
  } finally {
    if (previous === undefined) delete process.env.LIFEGUARD_TIMEOUT_SCALE;
    else process.env.LIFEGUARD_TIMEOUT_SCALE = previous;
  }
}
