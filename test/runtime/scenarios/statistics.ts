import { spawn } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { EventEmitter } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeFlavour, RuntimeModule } from '../harness.js';
import { hang, rejectionOf, sleep } from '../harness.js';

type Collector = ReturnType<RuntimeModule['collectStatistics']>;

/** Messages published on `name` while `body` runs (subscribed through node:diagnostics_channel itself). */
async function published(name: string, body: () => Promise<void> | void): Promise<Record<string, unknown>[]> {
  const messages: Record<string, unknown>[] = [];
  const onMessage = (message: unknown): void => {
    messages.push(message as Record<string, unknown>);
  };
  subscribe(name, onMessage);
  try {
    await body();
  } finally {
    unsubscribe(name, onMessage);
  }
  return messages;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Statistics on node:diagnostics_channel and collectStatistics(), shared by every build of the runtime. */
export function statisticsScenarios(flavour: RuntimeFlavour): void {
  let runtime: RuntimeModule;
  let collector: Collector | undefined;
  beforeAll(async () => {
    runtime = await flavour.load();
  });
  afterEach(() => {
    collector?.stop();
    collector = undefined;
  });

  describe('statistics', () => {
    it('publishes step start and end with path, budget and elapsed time', async () => {
      // Channels are global: a step left running by an earlier test may end meanwhile.
      const messages = (
        await published('lifeguard:step', async () => {
          await runtime.stage('boot', 5_000, () => runtime.withTimeout(sleep(5), 1_000, 'db.connect'));
        })
      ).filter((message) => String(message['path']).startsWith('boot'));
      expect(messages.map(({ event, kind, path, budgetMs }) => ({ event, kind, path, budgetMs }))).toEqual([
        { event: 'start', kind: 'step', path: 'boot > db.connect', budgetMs: 1_000 },
        { event: 'end', kind: 'step', path: 'boot > db.connect', budgetMs: 1_000 },
      ]);
      expect(messages[1]).toMatchObject({ outcome: 'fulfilled' });
      expect(messages[1]!['elapsedMs']).toBeGreaterThanOrEqual(3);
      expect(messages[0]!['id']).toBe(messages[1]!['id']);
    });

    it('publishes one timeout for the stage and each step that its budget ended', async () => {
      const steps = await published('lifeguard:step', async () => {
        const stages = await published('lifeguard:stage', async () => {
          const error = await rejectionOf(runtime.stage('boot', 20, () => runtime.withTimeout(hang(), 1_000, 'kafka.connect')));
          expect(error).toBeInstanceOf(runtime.StepTimeoutError);
        });
        expect(stages.filter(({ path }) => path === 'boot').map(({ event, path }) => `${String(event)} ${String(path)}`)).toEqual(['start boot', 'timeout boot']);
        expect(stages.filter(({ path }) => path === 'boot')[1]).toMatchObject({ budgetPath: 'boot', budgetMs: 20 });
      });
      const ours = steps.filter(({ path }) => path === 'boot > kafka.connect');
      expect(ours.map(({ event, path }) => `${String(event)} ${String(path)}`)).toEqual(['start boot > kafka.connect', 'timeout boot > kafka.connect']);
      expect(ours[1]).toMatchObject({ budgetPath: 'boot', kind: 'step' });
      expect((ours[1]!['error'] as Error).message).toMatch(/step 'boot > kafka.connect' timed out/);
    });

    it('counts from collectStatistics() on, and nothing once stopped', async () => {
      await runtime.withTimeout(Promise.resolve(1), 100, 'before');
      collector = runtime.collectStatistics();
      await runtime.withTimeout(Promise.resolve(1), 100, 'ok');
      await rejectionOf(runtime.withTimeout(Promise.reject(new Error('refused')), 100, 'refused'));
      await rejectionOf(runtime.withTimeout(hang(), 5, 'hung'));
      const pending = runtime.withTimeout(sleep(30), 1_000, 'slow');
      expect(collector.read().steps).toEqual({ started: 4, fulfilled: 1, rejected: 1, timedOut: 1, running: 1 });
      await pending;
      expect(collector.read().steps.running).toBe(0);
      collector.stop();
      await runtime.withTimeout(Promise.resolve(1), 100, 'after');
      expect(collector.read().steps.started).toBe(4);
    });

    it('counts scopes and their live listeners and timers', async () => {
      collector = runtime.collectStatistics();
      const emitter = new EventEmitter();
      const scope = new runtime.ListenerScope();
      scope.on(emitter, 'data', () => undefined);
      scope.on(emitter, 'end', () => undefined, { once: true });
      scope.on(new EventTarget(), 'ping', () => undefined);
      scope.setInterval(() => undefined, 10_000);
      scope.setTimeout(() => undefined, 1);
      scope.defer(() => undefined);
      expect(collector.read().scopes).toEqual({ created: 1, disposed: 0, live: 1, disposeErrors: 0, listeners: 3, timers: 2, resources: 0 });
      emitter.emit('end');
      await sleep(10);
      expect(collector.read().scopes).toMatchObject({ listeners: 2, timers: 1 });
      scope.dispose();
      expect(collector.read().scopes).toEqual({ created: 1, disposed: 1, live: 0, disposeErrors: 0, listeners: 0, timers: 0, resources: 0 });
    });

    it('publishes every add with its remove on lifeguard:scope', async () => {
      let scope: InstanceType<RuntimeModule['ListenerScope']> | undefined;
      const all = await published('lifeguard:scope', () => {
        scope = new runtime.ListenerScope();
        const remove = scope.on(new EventTarget(), 'ping', () => undefined);
        remove();
        scope.on(process, 'SIGUSR2', () => undefined);
        scope.dispose();
      });
      const messages = all.filter((message) => message['scope'] === scope);
      expect(messages.map((message) => `${String(message['event'])}${message['entry'] ? ` ${(message['entry'] as { kind: string }).kind}` : ''}`)).toEqual([
        'create',
        'add listener',
        'remove listener',
        'add listener',
        'remove listener',
        'dispose',
      ]);
      expect((messages[3]!['entry'] as { eventName: unknown }).eventName).toBe('SIGUSR2');
    });

    it('counts registry prunes', async () => {
      collector = runtime.collectStatistics();
      const registry = new runtime.WeakRegistry<string, object>();
      (() => {
        registry.set('gone', {});
      })();
      for (let attempt = 0; attempt < 20 && collector.read().registries.pruned === 0; attempt++) {
        gc();
        // The finalizer runs in a later task (not deref'ing before gc: that keeps the value alive for the job).
        await sleep(10);
      }
      expect(collector.read().registries.pruned).toBe(1);
    });

    it('counts workers and child processes in scopes: live, disposed by the scope, exited on their own', async () => {
      collector = runtime.collectStatistics();
      const scope = new runtime.ListenerScope();
      const idle = scope.add(new Worker('setInterval(() => {}, 1000)', { eval: true }));
      const quick = scope.add(new Worker('', { eval: true }));
      const child = scope.add(spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }));
      await new Promise((resolve) => quick.once('exit', resolve));
      expect(collector.read().workers).toEqual({ adopted: 2, disposed: 0, exited: 1, live: 1 });
      expect(collector.read().childProcesses).toEqual({ adopted: 1, disposed: 0, exited: 0, live: 1 });
      const idleExit = new Promise((resolve) => idle.once('exit', resolve));
      const childExit = new Promise((resolve) => child.once('exit', resolve));
      scope.dispose();
      await Promise.all([idleExit, childExit]);
      const { workers, childProcesses } = collector.read();
      expect(workers.live).toBe(0);
      expect(workers.adopted).toBe(2);
      expect(workers.disposed + workers.exited).toBe(2);
      expect(childProcesses).toMatchObject({ adopted: 1, live: 0 });
      expect(child.killed).toBe(true);
    }, 20_000);

    it('sees a second copy of the runtime (channels are global by name)', async () => {
      collector = runtime.collectStatistics();
      const other = await flavour.fresh();
      await other.withTimeout(Promise.resolve(1), 100, 'from another copy');
      new other.ListenerScope().dispose();
      expect(collector.read().steps.started).toBe(1);
      expect(collector.read().scopes).toMatchObject({ created: 1, disposed: 1 });
    });
  });
}
