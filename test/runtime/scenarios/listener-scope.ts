import { EventEmitter, getEventListeners } from 'node:events';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RuntimeFlavour, RuntimeModule } from '../harness.js';

/** ListenerScope behaviour, shared by every build of the runtime. */
export function listenerScopeScenarios(flavour: RuntimeFlavour): void {
  let runtime: RuntimeModule;
  beforeAll(async () => {
    runtime = await flavour.load();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('ListenerScope', () => {
    it('adds and removes EventEmitter listeners', () => {
      const emitter = new EventEmitter();
      const scope = new runtime.ListenerScope();
      const calls: unknown[] = [];
      scope.on(emitter, 'data', (chunk: string) => calls.push(chunk));
      emitter.emit('data', 'a');
      expect(emitter.listenerCount('data')).toBe(1);
      expect(scope.size).toBe(1);
      scope.dispose();
      emitter.emit('data', 'b');
      expect(calls).toEqual(['a']);
      expect(emitter.listenerCount('data')).toBe(0);
      expect(scope.size).toBe(0);
      expect(scope.disposed).toBe(true);
    });

    it('forgets a once listener that fired, so a long-lived scope does not grow', () => {
      const emitter = new EventEmitter();
      const scope = new runtime.ListenerScope();
      let calls = 0;
      for (let index = 0; index < 10_000; index++) {
        scope.on(emitter, 'ready', function (this: unknown) {
          if (this === emitter) calls++;
        }, { once: true });
        emitter.emit('ready');
      }
      expect(calls).toBe(10_000);
      expect(scope.size).toBe(0);
      expect(emitter.listenerCount('ready')).toBe(0);
      // A once listener can still be removed by its handler, as with emitter.once().
      const handler = vi.fn();
      scope.on(emitter, 'ready', handler, { once: true });
      emitter.off('ready', handler);
      emitter.emit('ready');
      expect(handler).not.toHaveBeenCalled();
      scope.dispose();
    });

    it('returns a function that removes one listener early', () => {
      const emitter = new EventEmitter();
      const scope = new runtime.ListenerScope();
      const off = scope.on(emitter, 'x', () => {});
      scope.on(emitter, 'x', () => {});
      off();
      expect(emitter.listenerCount('x')).toBe(1);
      expect(scope.size).toBe(1);
      scope.dispose();
      expect(emitter.listenerCount('x')).toBe(0);
    });

    it('binds EventTarget listeners to the scope signal', () => {
      const target = new EventTarget();
      const scope = new runtime.ListenerScope();
      const calls: string[] = [];
      scope.on(target, 'ping', (event: Event) => calls.push(event.type));
      scope.on(target, 'ping', { handleEvent: () => calls.push('object') }, true);
      scope.on(target, 'once', () => calls.push('once'), { once: true });
      target.dispatchEvent(new Event('ping'));
      target.dispatchEvent(new Event('once'));
      target.dispatchEvent(new Event('once'));
      expect(calls).toEqual(['ping', 'object', 'once']);
      expect(getEventListeners(target, 'ping')).toHaveLength(2);
      expect(scope.size).toBe(0);
      scope.dispose();
      expect(scope.signal.aborted).toBe(true);
      expect(getEventListeners(target, 'ping')).toHaveLength(0);
      target.dispatchEvent(new Event('ping'));
      expect(calls).toHaveLength(3);
    });

    it('records the removal when the caller brings their own signal', () => {
      const target = new EventTarget();
      const scope = new runtime.ListenerScope();
      const own = new AbortController();
      scope.on(target, 'ping', () => {}, { signal: own.signal, capture: true });
      expect(scope.size).toBe(1);
      scope.dispose();
      expect(getEventListeners(target, 'ping')).toHaveLength(0);
      expect(own.signal.aborted).toBe(false);
    });

    it('treats a target with both APIs as an EventEmitter and rejects anything else', () => {
      const scope = new runtime.ListenerScope();
      const hybrid = Object.assign(new EventEmitter(), { addEventListener: vi.fn(), removeEventListener: vi.fn() });
      scope.on(hybrid, 'message', () => {});
      expect(hybrid.listenerCount('message')).toBe(1);
      expect(hybrid.addEventListener).not.toHaveBeenCalled();
      expect(() => scope.on({} as EventEmitter, 'x', () => {})).toThrow(TypeError);
      scope.dispose();
      expect(hybrid.listenerCount('message')).toBe(0);
    });

    it('clears intervals and pending timeouts, and forgets a timeout that fired', async () => {
      vi.useFakeTimers();
      const scope = new runtime.ListenerScope();
      const ticks: string[] = [];
      scope.setInterval((label: string) => ticks.push(label), 100, 'tick');
      scope.setTimeout(() => ticks.push('once'), 150);
      scope.setTimeout(() => ticks.push('never'), 1_000);
      expect(scope.size).toBe(3);
      await vi.advanceTimersByTimeAsync(250);
      expect(ticks).toEqual(['tick', 'once', 'tick']);
      expect(scope.size).toBe(2);
      scope.dispose();
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(ticks).toEqual(['tick', 'once', 'tick']);
    });

    it('disposes resources with whichever cleanup method they have', () => {
      const scope = new runtime.ListenerScope();
      const log: string[] = [];
      const disposeKey = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('nodejs.dispose');
      scope.add({ [disposeKey]: () => log.push('Symbol.dispose') } as unknown as Disposable);
      scope.add({ dispose: () => log.push('dispose') });
      scope.add({ unsubscribe: () => log.push('unsubscribe') });
      scope.add({ close: () => log.push('close') });
      const controller = scope.add(new AbortController());
      scope.defer(() => log.push('defer'));
      expect(() => scope.add({} as { close(): void })).toThrow(TypeError);
      expect(() => scope.defer('x' as unknown as () => void)).toThrow(TypeError);
      expect(scope.size).toBe(6);
      scope.dispose();
      expect(controller.signal.aborted).toBe(true);
      expect(log).toEqual(['defer', 'close', 'unsubscribe', 'dispose', 'Symbol.dispose']);
    });

    it('disposes last-in first-out, once, aggregating every error', () => {
      const scope = new runtime.ListenerScope();
      const order: number[] = [];
      const first = new Error('first');
      const third = new Error('third');
      scope.defer(() => order.push(1));
      scope.defer(() => {
        order.push(2);
        throw first;
      });
      scope.defer(() => order.push(3));
      scope.defer(() => {
        order.push(4);
        throw third;
      });
      let thrown: unknown;
      try {
        scope.dispose();
      } catch (error) {
        thrown = error;
      }
      expect(order).toEqual([4, 3, 2, 1]);
      expect(thrown).toBeInstanceOf(AggregateError);
      expect((thrown as AggregateError).errors).toEqual([third, first]);
      expect((thrown as AggregateError).message).toBe('ListenerScope.dispose(): 2 cleanup(s) failed');
      expect(() => scope.dispose()).not.toThrow();
      expect(order).toEqual([4, 3, 2, 1]);
    });

    it('disposes anything added after dispose at once', async () => {
      vi.useFakeTimers();
      const scope = new runtime.ListenerScope();
      scope.dispose();
      const emitter = new EventEmitter();
      const target = new EventTarget();
      const log: string[] = [];
      scope.on(emitter, 'x', () => log.push('emitter'));
      scope.on(target, 'x', () => log.push('target'));
      scope.setInterval(() => log.push('interval'), 10);
      scope.setTimeout(() => log.push('timeout'), 10);
      scope.add({ close: () => log.push('close') });
      scope.defer(() => log.push('defer'));
      emitter.emit('x');
      target.dispatchEvent(new Event('x'));
      await vi.advanceTimersByTimeAsync(50);
      expect(log).toEqual(['close', 'defer']);
      expect(scope.signal.aborted).toBe(true);
      expect(scope.size).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('is disposable with Symbol.dispose (or nodejs.dispose)', () => {
      const scope = new runtime.ListenerScope();
      const key = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('nodejs.dispose');
      const signal = scope.signal;
      (scope as unknown as Record<symbol, () => void>)[key]!();
      expect(scope.disposed).toBe(true);
      expect(signal.aborted).toBe(true);
    });
  });
}
