import { getEventListeners } from 'node:events';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RuntimeFlavour, RuntimeModule } from '../harness.js';
import { hang, rejectionOf, sleep, trackUnhandledRejections, turns, withScaleEnv } from '../harness.js';

/** Behaviour of withTimeout, stage, deadline and StepTimeoutError, shared by every build of the runtime. */
export function timeoutScenarios(flavour: RuntimeFlavour): void {
  let runtime: RuntimeModule;
  beforeAll(async () => {
    runtime = await flavour.load();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('withTimeout (fake timers, exact)', () => {
    it('resolves with the value of a promise or of work(signal), leaving no timer behind', async () => {
      vi.useFakeTimers();
      await expect(runtime.withTimeout(Promise.resolve(42), 1000, 'answer')).resolves.toBe(42);
      let received: AbortSignal | undefined;
      const fromFunction = runtime.withTimeout(async (signal) => {
        received = signal;
        return 'ok';
      }, 1000, 'fn');
      await expect(fromFunction).resolves.toBe('ok');
      expect(received).toBeInstanceOf(AbortSignal);
      expect(received!.aborted).toBe(false);
      await expect(runtime.withTimeout(() => 7 as unknown as Promise<number>, 1000, 'sync value')).resolves.toBe(7);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('passes a rejection through and clears its timer', async () => {
      vi.useFakeTimers();
      const failure = new Error('ECONNREFUSED');
      await expect(runtime.withTimeout(Promise.reject(failure), 1000, 'db.connect')).rejects.toBe(failure);
      await expect(
        runtime.withTimeout(() => {
          throw failure;
        }, 1000, 'db.connect'),
      ).rejects.toBe(failure);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('rejects with a StepTimeoutError naming the step and its budget', async () => {
      vi.useFakeTimers();
      const caught = rejectionOf(runtime.withTimeout(hang(), 15_000, 'db.connect'));
      await vi.advanceTimersByTimeAsync(14_999);
      expect(vi.getTimerCount()).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      const error = (await caught) as InstanceType<RuntimeModule['StepTimeoutError']>;
      expect(error).toBeInstanceOf(runtime.StepTimeoutError);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(TypeError);
      expect(error.message).toBe("step 'db.connect' timed out: budget of 'db.connect' (15000 ms) ran out after 15000 ms");
      expect({ ...error, name: error.name }).toEqual({
        name: 'StepTimeoutError',
        code: 'ERR_STEP_TIMEOUT',
        path: 'db.connect',
        budgetPath: 'db.connect',
        budgetMs: 15_000,
        elapsedMs: 15_000,
      });
      expect(vi.getTimerCount()).toBe(0);
    });

    it('aborts the signal it handed out, with the timeout error as reason', async () => {
      vi.useFakeTimers();
      let signal: AbortSignal | undefined;
      const caught = rejectionOf(
        runtime.withTimeout((s) => {
          signal = s;
          return hang();
        }, 100, 'fetch config'),
      );
      await vi.advanceTimersByTimeAsync(100);
      const error = await caught;
      expect(signal!.aborted).toBe(true);
      expect(signal!.reason).toBe(error);
    });

    it('holds no timer for an Infinity budget outside any stage', async () => {
      vi.useFakeTimers();
      let finish!: (value: string) => void;
      const result = runtime.withTimeout(new Promise<string>((resolve) => (finish = resolve)), Infinity, 'unbounded');
      expect(vi.getTimerCount()).toBe(0);
      finish('done');
      await expect(result).resolves.toBe('done');
    });

    it('gives a StepTimeoutError the stack of the call that started the step, not of the timer', async () => {
      vi.useFakeTimers();
      function connectDatabase(): Promise<never> {
        return runtime.withTimeout(hang(), 10, 'db.connect');
      }
      function startService(): Promise<never> {
        return runtime.stage('startup', 5, () => connectDatabase());
      }
      const flat = rejectionOf(connectDatabase());
      const nested = rejectionOf(startService());
      await vi.advanceTimersByTimeAsync(10);
      const flatError = (await flat) as Error;
      const lines = flatError.stack!.split('\n');
      expect(lines[0]).toBe(`StepTimeoutError: ${flatError.message}`);
      expect(lines[1]).toMatch(/^ {4}at connectDatabase \(/);
      expect(flatError.stack).not.toMatch(/onStepTimer|listOnTimeout/);
      // The stage ran out first: the deepest step still running (db.connect) is named, with its own caller.
      const nestedError = (await nested) as Error;
      expect(nestedError.message).toMatch(/^step 'startup > db\.connect' timed out: budget of 'startup'/);
      expect(nestedError.stack!.split('\n')[1]).toMatch(/^ {4}at connectDatabase \(/);
      expect(nestedError.stack).toContain('at startService (');
    });

    it('re-arms budgets longer than the largest timer delay instead of firing early', async () => {
      vi.useFakeTimers();
      const ms = 3_000_000_000;
      let settled = false;
      const caught = rejectionOf(runtime.withTimeout(hang(), ms, 'long')).finally(() => (settled = true));
      await vi.advanceTimersByTimeAsync(2_147_483_647);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(ms - 2_147_483_647);
      expect(((await caught) as Error).message).toBe(`step 'long' timed out: budget of 'long' (${ms} ms) ran out after ${ms} ms`);
    });

    it('rejects the returned promise on invalid budgets and step names (no synchronous throw), without leaving the work unhandled', async () => {
      const unhandled = trackUnhandledRejections();
      try {
        await expect(runtime.withTimeout(Promise.reject(new Error('lost')), -1, 'x')).rejects.toThrow(RangeError);
        await expect(runtime.withTimeout(hang(), Number.NaN, 'x')).rejects.toThrow(/non-negative number of milliseconds/);
        await expect(runtime.withTimeout(hang(), '5' as unknown as number, 'x')).rejects.toThrow(RangeError);
        await expect(runtime.withTimeout(hang(), 5, 42 as unknown as string)).rejects.toThrow(TypeError);
        await expect(runtime.stage('s', 5, 'nope' as unknown as () => Promise<void>)).rejects.toThrow(TypeError);
        // deadline() returns no promise: it throws.
        expect(() => runtime.deadline(-5, 'loop')).toThrow(RangeError);
        await turns();
        expect(unhandled.seen).toEqual([]);
      } finally {
        unhandled.stop();
      }
    });
  });

  describe('late settlement', () => {
    it('never leaves a rejection after the timeout unhandled, and reports it to onLateSettle', async () => {
      const unhandled = trackUnhandledRejections();
      try {
        const late = new Error('connection finally failed');
        const outcomes: unknown[] = [];
        const work = sleep(40).then(() => Promise.reject(late));
        const error = await rejectionOf(
          runtime.withTimeout(work, 10, 'db.connect', { onLateSettle: (outcome, path) => outcomes.push({ outcome, path }) }),
        );
        expect(error).toBeInstanceOf(runtime.StepTimeoutError);
        // Without a hook, too.
        await rejectionOf(runtime.withTimeout(sleep(40).then(() => Promise.reject(late)), 10, 'no hook'));
        await sleep(60);
        await turns();
        expect(outcomes).toEqual([{ outcome: { status: 'rejected', reason: late }, path: 'db.connect' }]);
        expect(unhandled.seen).toEqual([]);
      } finally {
        unhandled.stop();
      }
    });

    it('reports a late fulfilment too', async () => {
      vi.useFakeTimers();
      const outcomes: unknown[] = [];
      const caught = rejectionOf(
        runtime.withTimeout(sleep(50).then(() => 'late value'), 10, 'slow', { onLateSettle: (outcome) => outcomes.push(outcome) }),
      );
      await vi.advanceTimersByTimeAsync(50);
      await caught;
      expect(outcomes).toEqual([{ status: 'fulfilled', value: 'late value' }]);
    });
  });

  describe('stage nesting (fake timers, exact)', () => {
    it('names the deepest running step and the stage whose budget ran out', async () => {
      vi.useFakeTimers();
      let inner: Promise<unknown> | undefined;
      const startup = runtime.stage('startup', 30_000, () =>
        runtime.stage('data-layer', 20_000, async () => {
          await sleep(10_000);
          inner = runtime.withTimeout(hang(), 15_000, 'db.connect');
          return inner;
        }),
      );
      const caught = rejectionOf(startup);
      await vi.advanceTimersByTimeAsync(20_000);
      const error = (await caught) as InstanceType<RuntimeModule['StepTimeoutError']>;
      expect(error.message).toBe(
        "step 'startup > data-layer > db.connect' timed out: budget of 'startup > data-layer' (20000 ms) ran out after 20000 ms",
      );
      expect(error).toMatchObject({
        path: 'startup > data-layer > db.connect',
        budgetPath: 'startup > data-layer',
        budgetMs: 20_000,
        elapsedMs: 20_000,
      });
      // One timeout, one error, whichever promise you awaited.
      await expect(inner).rejects.toBe(error);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('gives an inner step min(own budget, remaining) through 4 levels', async () => {
      vi.useFakeTimers();
      const caught = rejectionOf(
        runtime.stage('startup', 30_000, async () => {
          await sleep(12_000);
          await runtime.stage('data-layer', 20_000, async () => {
            await sleep(4_000);
            await runtime.withTimeout(async () => {
              await sleep(12_000);
              await runtime.withTimeout(hang(), 5_000, 'ping');
            }, 15_000, 'db.connect');
          });
        }),
      );
      await vi.advanceTimersByTimeAsync(30_000);
      expect(((await caught) as Error).message).toBe(
        "step 'startup > data-layer > db.connect > ping' timed out: budget of 'startup' (30000 ms) ran out after 30000 ms",
      );
    });

    it('lets an inner step time out on its own budget while the stage carries on', async () => {
      vi.useFakeTimers();
      const result = runtime.stage('startup', 30_000, async () => {
        const error = await rejectionOf(runtime.withTimeout(hang(), 5_000, 'cache.ping'));
        return (error as Error).message;
      });
      await vi.advanceTimersByTimeAsync(5_000);
      await expect(result).resolves.toBe(
        "step 'startup > cache.ping' timed out: budget of 'startup > cache.ping' (5000 ms) ran out after 5000 ms",
      );
      expect(vi.getTimerCount()).toBe(0);
    });

    it('aborts the signals of the stage and of every running step inside it', async () => {
      vi.useFakeTimers();
      const signals: AbortSignal[] = [];
      const caught = rejectionOf(
        runtime.stage('startup', 1_000, (stageSignal) => {
          signals.push(stageSignal);
          return Promise.all([
            runtime.withTimeout((signal) => (signals.push(signal), hang()), 5_000, 'kafka.connect'),
            runtime.withTimeout((signal) => (signals.push(signal), hang()), 5_000, 'redis.connect'),
          ]);
        }),
      );
      await vi.advanceTimersByTimeAsync(1_000);
      const error = (await caught) as Error;
      // Equally deep: the step started first is named.
      expect(error.message).toBe(
        "step 'startup > kafka.connect' timed out: budget of 'startup' (1000 ms) ran out after 1000 ms",
      );
      expect(signals.map((signal) => [signal.aborted, signal.reason === error])).toEqual([
        [true, true],
        [true, true],
        [true, true],
      ]);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('fails a step started after its stage ran out at once, without starting the work', async () => {
      vi.useFakeTimers();
      const work = vi.fn(async () => 'never');
      let late: Promise<unknown> | undefined;
      const caught = rejectionOf(
        runtime.stage('startup', 100, async () => {
          await sleep(200);
          late = runtime.withTimeout(work, 1_000, 'late step');
          return late;
        }),
      );
      await vi.advanceTimersByTimeAsync(200);
      await caught;
      const error = (await rejectionOf(late!)) as Error;
      expect(work).not.toHaveBeenCalled();
      expect(error.message).toBe("step 'startup > late step' timed out: budget of 'startup' (100 ms) ran out after 200 ms");
    });

    it('does not bound work started later in the context of a stage that completed', async () => {
      // Real timers: fake ones do not carry the async context. A server created during startup
      // keeps the startup context in its handlers, as a timer scheduled inside the stage does.
      const later = new Promise<PromiseSettledResult<unknown>[]>((resolve) => {
        void runtime.stage('startup', 30, async () => {
          setTimeout(() => {
            const served = runtime.withTimeout(async () => {
              await sleep(40);
              return 'served';
            }, 1_000, 'request');
            const inner = rejectionOf(runtime.withTimeout(hang(), 20, 'inner'));
            void Promise.allSettled([served, inner]).then(resolve);
          }, 60);
        });
      });
      const [served, inner] = await later;
      expect(served).toEqual({ status: 'fulfilled', value: 'served' });
      expect(((inner as PromiseFulfilledResult<Error>).value).message).toMatch(/^step 'inner' timed out: budget of 'inner' \(20 ms\) ran out after \d+ ms$/);
    });

    it('still fails work started later by a stage that timed out', async () => {
      const late = new Promise<unknown>((resolve) => {
        void rejectionOf(
          runtime.stage('startup', 20, async () => {
            setTimeout(() => resolve(rejectionOf(runtime.withTimeout(async () => 'zombie', 1_000, 'late'))), 60);
            await hang();
          }),
        );
      });
      expect(((await late) as Error).message).toMatch(/^step 'startup > late' timed out: budget of 'startup' \(20 ms\)/);
    });

    it('does not leak the stage into code that runs after it', async () => {
      vi.useFakeTimers();
      await runtime.stage('startup', 100, async () => 'done');
      const caught = rejectionOf(runtime.withTimeout(hang(), 50, 'later'));
      await vi.advanceTimersByTimeAsync(50);
      expect(((await caught) as Error).message).toBe("step 'later' timed out: budget of 'later' (50 ms) ran out after 50 ms");
    });
  });

  describe('deadline', () => {
    it('counts down without holding a timer, and check() throws StepTimeoutError', async () => {
      vi.useFakeTimers();
      const limit = runtime.deadline(1_000, 'waitForBroker');
      expect(vi.getTimerCount()).toBe(0);
      expect(limit.path).toBe('waitForBroker');
      expect(limit.remainingMs()).toBe(1_000);
      expect(limit.expired).toBe(false);
      limit.check();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(limit.remainingMs()).toBe(0);
      expect(limit.expired).toBe(true);
      expect(() => limit.check()).toThrow(
        "step 'waitForBroker' timed out: budget of 'waitForBroker' (1000 ms) ran out after 1000 ms",
      );
    });

    it('respects the enclosing stage', async () => {
      vi.useFakeTimers();
      const checked = runtime.stage('startup', 30_000, async () => {
        await sleep(10_000);
        const limit = runtime.deadline(60_000, 'waitForKafka');
        expect(limit.remainingMs()).toBe(20_000);
        const attempts: number[] = [];
        try {
          for (;;) {
            limit.check();
            attempts.push(limit.remainingMs());
            await sleep(5_000);
          }
        } catch (error) {
          return { message: (error as Error).message, attempts: attempts.length };
        }
      });
      const caught = rejectionOf(checked);
      await vi.advanceTimersByTimeAsync(30_000);
      // The stage itself times out at 30 s; the loop's own check() fails at its next iteration.
      expect(((await caught) as Error).message).toBe(
        "step 'startup' timed out: budget of 'startup' (30000 ms) ran out after 30000 ms",
      );
      const pendingLimit = runtime.stage('startup', 30_000, async () => {
        await sleep(10_000);
        return runtime.deadline(60_000, 'waitForKafka');
      });
      await vi.advanceTimersByTimeAsync(10_000);
      const limit = await pendingLimit;
      await vi.advanceTimersByTimeAsync(20_000);
      expect(() => limit.check()).toThrow(
        "step 'startup > waitForKafka' timed out: budget of 'startup' (30000 ms) ran out after 30000 ms",
      );
    });
  });

  describe('real timers', () => {
    it('rejects a hung step within its budget plus a small margin', async () => {
      const started = performance.now();
      const error = (await rejectionOf(runtime.withTimeout(hang(), 40, 'db.connect'))) as InstanceType<
        RuntimeModule['StepTimeoutError']
      >;
      const elapsed = performance.now() - started;
      expect(error.code).toBe('ERR_STEP_TIMEOUT');
      expect(elapsed).toBeGreaterThanOrEqual(39);
      expect(elapsed).toBeLessThan(40 + 250);
      expect(error.elapsedMs).toBeGreaterThanOrEqual(40);
    });

    it('keeps 0 abort listeners on a stage signal across 10,000 steps', async () => {
      const counts = await runtime.stage('startup', 60_000, async (signal) => {
        let max = 0;
        for (let index = 0; index < 10_000; index++) {
          await runtime.withTimeout((_stepSignal) => Promise.resolve(index), 30_000, 'step');
          if (index % 100 === 0) max = Math.max(max, getEventListeners(signal, 'abort').length);
        }
        return { max, after: getEventListeners(signal, 'abort').length };
      });
      expect(counts.max).toBeLessThanOrEqual(1);
      expect(counts.after).toBe(0);
    });
  });

  describe('LIFEGUARD_TIMEOUT_SCALE', () => {
    it('multiplies every budget and says so in the message', async () => {
      const scaled = await withScaleEnv('0.002', async () => {
        const fresh = await flavour.fresh();
        vi.useFakeTimers();
        const caught = rejectionOf(fresh.stage('startup', 30_000, () => fresh.withTimeout(hang(), 60_000, 'db.connect')));
        const limit = fresh.deadline(5_000, 'loop');
        await vi.advanceTimersByTimeAsync(60);
        return { error: (await caught) as InstanceType<RuntimeModule['StepTimeoutError']>, remaining: limit.remainingMs() };
      });
      expect(scaled.error.message).toBe(
        "step 'startup > db.connect' timed out: budget of 'startup' (60 ms = 30000 ms × LIFEGUARD_TIMEOUT_SCALE 0.002) ran out after 60 ms",
      );
      expect(scaled.error.budgetMs).toBe(60);
      expect(scaled.remaining).toBe(0);
    });

    it.each(['-1', 'abc', '0', 'Infinity', '2x'])('rejects %j with a clear error at first use', async (value) => {
      await withScaleEnv(value, async () => {
        const fresh = await flavour.fresh();
        const message = `LIFEGUARD_TIMEOUT_SCALE must be a positive number that multiplies every timeout budget (for example 3 on a slow CI machine, 0.01 in tests); got ${JSON.stringify(value)}`;
        // The codemods write `stage(…).catch(…)`: the error must reach that catch, as a rejection.
        let pending: Promise<unknown> | undefined;
        expect(() => {
          pending = fresh.withTimeout(hang(), 10, 'x');
        }).not.toThrow();
        await expect(pending).rejects.toThrow(new RangeError(message));
        await expect(fresh.stage('x', 10, async () => {})).rejects.toThrow(message);
        expect(() => fresh.deadline(10, 'x')).toThrow(message);
      });
    });

    // 30 s / 20 s / 15 s / 5 s production budgets, scaled down to 60/40/30/10 ms of real time.
    it.each([
      {
        levels: 1,
        run: (rt: RuntimeModule) => rt.withTimeout(hang(), 5_000, 'redis.ping'),
        path: 'redis.ping',
        budgetPath: 'redis.ping',
        budgetMs: 10,
      },
      {
        levels: 2,
        run: (rt: RuntimeModule) => rt.stage('startup', 30_000, () => rt.withTimeout(hang(), 60_000, 'db.connect')),
        path: 'startup > db.connect',
        budgetPath: 'startup',
        budgetMs: 60,
      },
      {
        levels: 4,
        run: (rt: RuntimeModule) =>
          rt.stage('startup', 30_000, () =>
            rt.stage('data-layer', 20_000, () =>
              rt.withTimeout(() => rt.withTimeout(hang(), 60_000, 'ping'), 15_000, 'db.connect'),
            ),
          ),
        path: 'startup > data-layer > db.connect > ping',
        budgetPath: 'startup > data-layer > db.connect',
        budgetMs: 30,
      },
    ])('names the right path through $levels level(s) with real timers', async ({ run, path, budgetPath, budgetMs }) => {
      await withScaleEnv('0.002', async () => {
        const fresh = await flavour.fresh();
        const started = performance.now();
        const error = (await rejectionOf(run(fresh))) as InstanceType<RuntimeModule['StepTimeoutError']>;
        const elapsed = performance.now() - started;
        expect(error).toMatchObject({ path, budgetPath, budgetMs });
        expect(elapsed).toBeGreaterThanOrEqual(budgetMs - 1);
        expect(elapsed).toBeLessThan(budgetMs + 250);
      });
    });
  });

  describe('without AsyncLocalStorage (browsers)', () => {
    it('keeps every budget flat', async () => {
      const fresh = await withScaleEnv(undefined, () => flavour.fresh());
      const processObject = process as { getBuiltinModule?: unknown };
      const original = processObject.getBuiltinModule;
      processObject.getBuiltinModule = undefined;
      vi.useFakeTimers();
      let inner: Promise<unknown> | undefined;
      try {
        const outer = rejectionOf(
          fresh.stage('startup', 1_000, async () => {
            inner = fresh.withTimeout(hang(), 5_000, 'db.connect');
            return inner;
          }),
        );
        await vi.advanceTimersByTimeAsync(1_000);
        expect(((await outer) as Error).message).toBe("step 'startup' timed out: budget of 'startup' (1000 ms) ran out after 1000 ms");
      } finally {
        processObject.getBuiltinModule = original;
      }
      // The inner step does not see the stage: its own path, its own budget.
      const caught = rejectionOf(inner!);
      await vi.advanceTimersByTimeAsync(4_000);
      expect(((await caught) as Error).message).toBe(
        "step 'db.connect' timed out: budget of 'db.connect' (5000 ms) ran out after 5000 ms",
      );
    });
  });
}
