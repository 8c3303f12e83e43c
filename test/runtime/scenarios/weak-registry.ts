import { beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeFlavour, RuntimeModule } from '../harness.js';

/**
 * WeakRegistry behaviour that needs no garbage collection; collection itself
 * (finalizers, overwrite races, lazy pruning) is tested under --expose-gc in leaks.test.ts.
 */
export function weakRegistryScenarios(flavour: RuntimeFlavour): void {
  let runtime: RuntimeModule;
  beforeAll(async () => {
    runtime = await flavour.load();
  });

  describe('WeakRegistry', () => {
    it('behaves like a Map while its values are alive', () => {
      const registry = new runtime.WeakRegistry<string, { id: number }>();
      const a = { id: 1 };
      const b = { id: 2 };
      expect(registry.set('a', a)).toBe(registry);
      registry.set('b', b);
      expect(registry.get('a')).toBe(a);
      expect(registry.has('b')).toBe(true);
      expect(registry.has('c')).toBe(false);
      expect(registry.get('c')).toBeUndefined();
      expect(registry.sizeUpperBound).toBe(2);
      expect([...registry]).toEqual([
        ['a', a],
        ['b', b],
      ]);
      expect([...registry.keys()]).toEqual(['a', 'b']);
      expect([...registry.values()]).toEqual([a, b]);
      const seen: unknown[] = [];
      registry.forEach(function (this: unknown, value, key, self) {
        seen.push([key, value, self === registry, this]);
      }, 'context');
      expect(seen).toEqual([
        ['a', a, true, 'context'],
        ['b', b, true, 'context'],
      ]);
      expect(registry.delete('a')).toBe(true);
      expect(registry.delete('a')).toBe(false);
      expect(registry.sizeUpperBound).toBe(1);
      registry.clear();
      expect(registry.sizeUpperBound).toBe(0);
      expect(Object.prototype.toString.call(registry)).toBe('[object WeakRegistry]');
    });

    it('replaces the value on overwrite and keeps object keys', () => {
      const registry = new runtime.WeakRegistry<object, object>();
      const key = {};
      const first = { v: 1 };
      const second = { v: 2 };
      registry.set(key, first).set(key, second).set(key, second);
      expect(registry.get(key)).toBe(second);
      expect(registry.sizeUpperBound).toBe(1);
    });

    it('refuses values that cannot be held weakly', () => {
      const registry = new runtime.WeakRegistry<string, object>();
      expect(() => registry.set('n', 42 as unknown as object)).toThrow(TypeError);
      expect(registry.sizeUpperBound).toBe(0);
    });

    it('prune() removes nothing while every value is alive', () => {
      const collected: string[] = [];
      const registry = new runtime.WeakRegistry<string, object>({ onCollected: (key) => collected.push(key) });
      const held = [{}, {}];
      registry.set('x', held[0]!).set('y', held[1]!);
      expect(registry.prune()).toBe(0);
      expect(collected).toEqual([]);
    });
  });
}
