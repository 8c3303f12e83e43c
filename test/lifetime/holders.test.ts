import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { holdingOfStoredValue, isCacheLike } from '../../src/lifetime/holders.js';
import { enclosingFunction } from '../../src/ast/nodes.js';
import { find, parse } from './helpers.js';

/** The holding of the value stored by the first `registry.set(` / `registry.add(` call. */
function holdingOf(code: string, prefix = 'registry.set('): { kind: string; reason: string } {
  const source = parse(code);
  return holdingOfStoredValue(find(source, 'CallExpression', prefix) as TSESTree.CallExpression, source.scopeManager);
}

describe('holders: who else holds a value stored in a registry', () => {
  it('a value created for the registration, directly or through a local, is held by the registry alone', () => {
    expect(holdingOf('const registry = new Map(); export function f(id) { registry.set(id, new Session()); }').kind).toBe('sole');
    expect(holdingOf('const registry = new Map(); export function f(id) { const s = new Session(); s.start(); registry.set(id, s); }').kind).toBe('sole');
  });

  it('follows factories declared in the file, and aliases', () => {
    const factory = 'function issue(o) { const t = new Ticket(o); return t; } const registry = new Map(); export function f(id, o) { const t = issue(o); const u = t; registry.set(id, u); }';
    expect(holdingOf(factory)).toEqual({ kind: 'sole', reason: expect.stringContaining('issue()') });
    expect(holdingOf('const make = (o) => ({ o }); const registry = new Map(); export function f(id, o) { registry.set(id, make(o)); }').kind).toBe('sole');
  });

  it('a value that is returned, stored in a field or kept by another collection is shared', () => {
    expect(holdingOf('const registry = new Map(); export function f(id) { const s = new Session(); registry.set(id, s); return s; }').reason).toContain('returned');
    expect(holdingOf('const registry = new Map(); export function f(id) { const s = new Session(); registry.set(id, s); this.current = s; }').kind).toBe('shared');
    expect(holdingOf('const registry = new Map(); const all = []; export function f(id) { const s = new Session(); registry.set(id, s); all.push(s); }').kind).toBe('shared');
    expect(holdingOf('class C { constructor(id) { registry.set(id, this); } }').kind).toBe('shared');
    expect(holdingOf('const registry = new Map(); export function f(id, holder) { registry.set(id, holder.session); }').kind).toBe('shared');
  });

  it("a factory's own return is the way into the registry, not another holder", () => {
    expect(holdingOf('function issue() { const t = new Ticket(); return t; } const registry = new Map(); export function f(id) { registry.set(id, issue()); }').kind).toBe('sole');
  });

  it("follows a parameter of an in-file helper to its call sites", () => {
    const held = 'const registry = new Map(); function track(c) { registry.set(c.id, c); } export function open(id) { const c = new Conn(id); track(c); return c; }';
    expect(holdingOf(held).kind).toBe('shared');
    const dropped = 'const registry = new Map(); function track(c) { registry.set(c.id, c); } export function open(id) { track(new Conn(id)); }';
    expect(holdingOf(dropped).kind).toBe('sole');
  });

  it('a parameter of an exported function, a method, or a call into another module cannot be followed: unknown', () => {
    expect(holdingOf('const registry = new Map(); export function remember(user) { registry.set(user.id, user); }').reason).toContain('exported');
    expect(holdingOf('class S { add(id, v) { registry.set(id, v); } }').kind).toBe('unknown');
    expect(holdingOf("import { issue } from './tickets'; const registry = new Map(); export function f(id) { registry.set(id, issue()); }").kind).toBe('unknown');
    expect(holdingOf('const registry = new Map(); function track(c) { registry.set(c.id, c); } export const api = { track };').kind).toBe('unknown');
  });

  it('a sole branch wins over a shared one', () => {
    expect(holdingOf('const registry = new Map(); export function f(id, h) { registry.set(id, h.current ?? new Session()); }').kind).toBe('sole');
  });
});

describe('holders: caches own their values', () => {
  const cacheOf = (code: string, name: string): boolean => {
    const source = parse(code);
    const store = find(source, 'CallExpression', `${name}.set(`) as TSESTree.CallExpression;
    return isCacheLike(name, store, source.text, enclosingFunction(store));
  };
  it('by name, or by the get-or-create shape', () => {
    expect(cacheOf('const userCache = new Map(); export function f(u) { userCache.set(u.id, u); }', 'userCache')).toBe(true);
    expect(cacheOf('const views = new Map(); export function f(id) { const v = views.get(id); if (v) return v; const n = new V(); views.set(id, n); return n; }', 'views')).toBe(true);
    expect(cacheOf('const views = new Map(); export function f(id) { if (!views.has(id)) views.set(id, new V()); return views.get(id); }', 'views')).toBe(true);
    expect(cacheOf('const sessions = new Map(); export function f(id) { const s = new S(); sessions.set(id, s); return s; }', 'sessions')).toBe(false);
  });
});
