import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { areCounterparts, counterpartsOf, teardownsOf } from '../../src/lifetime/teardown.js';
import { classDestroysField, constructorKeepsParameter, instanceOwnerOf, ownerHasEnd } from '../../src/lifetime/ownership.js';
import { find, parse } from './helpers.js';

const classOf = (code: string) => {
  const source = parse(code);
  return find(source, 'ClassDeclaration', 'class') as TSESTree.ClassDeclaration;
};

describe('teardowns: what ends the owner', () => {
  it('dispose/destroy/close and [Symbol.dispose] are terminal', () => {
    const kinds = teardownsOf(classOf('class A { dispose() {} destroy() {} close(cb) {} [Symbol.dispose]() {} }')).map((t) => `${t.name}:${t.kind}`);
    expect(kinds).toEqual(['dispose:terminal', 'destroy:terminal', 'close:terminal', 'Symbol.dispose:terminal']);
  });
  it('stop() next to start() is restartable; stop() alone is terminal', () => {
    expect(teardownsOf(classOf('class A { start() {} stop() {} }')).map((t) => t.kind)).toEqual(['restartable']);
    expect(teardownsOf(classOf('class A { stop() {} }')).map((t) => t.kind)).toEqual(['terminal']);
    expect(teardownsOf(classOf('class A { connect() {} disconnect() {} }')).map((t) => t.kind)).toEqual(['restartable']);
  });
  it('the strongest-named terminal teardown comes first: a configured cleanup method, then destroy() before an onClose() handler', () => {
    const names = (code: string, extra: string[] = []) => teardownsOf(classOf(code), new Set(extra)).map((t) => t.name);
    // `onClose()` bound to the object's own 'close' event schedules a reconnect: destroy() is the end of life.
    expect(names("class A { constructor() { this.on('close', this.onClose.bind(this)); } onClose() { setTimeout(() => this.connect(), 1000); } destroy() {} }")).toEqual(['destroy', 'onClose']);
    expect(names('class A { close() {} retire() {} }', ['retire'])).toEqual(['retire', 'close']);
    expect(names('class A { stop() {} cleanup() {} }')).toEqual(['cleanup', 'stop']);
  });
  it('a teardown with an item parameter is per item', () => {
    expect(teardownsOf(classOf('class A { destroy(id) {} }')).map((t) => t.kind)).toEqual(['per-item']);
    expect(teardownsOf(classOf('class A { close(callback) {} }')).map((t) => t.kind)).toEqual(['terminal']);
  });
});

describe('ownership: who owns a target', () => {
  it('a class that destroys a field owns it', () => {
    const node = classOf('class C { constructor(socket) { this.socket = socket; } destroy() { this.socket.destroy(); } }');
    expect(classDestroysField(node, 'socket')).toBe(true);
    expect(classDestroysField(node, 'other')).toBe(false);
    expect(classDestroysField(classOf('class C { close() { return promisify(this.conn.close.bind(this.conn))(); } }'), 'conn')).toBe(true);
  });
  it('a constructor parameter kept on the instance is a dependency; one only listened on is the creator', () => {
    const kept = classOf('class C { constructor(bus) { this.bus = bus; } }');
    const creator = classOf("class R { constructor(runner) { runner.on('end', () => {}); } }");
    expect(constructorKeepsParameter((kept.body.body[0] as TSESTree.MethodDefinition).value as TSESTree.FunctionExpression, 'bus')).toBe(true);
    expect(constructorKeepsParameter((creator.body.body[0] as TSESTree.MethodDefinition).value as TSESTree.FunctionExpression, 'runner')).toBe(false);
  });
  it('prototype-style classes are owners with their methods', () => {
    const source = parse('function Pool() { this.t = null; }\nPool.prototype.open = function () { mark(); };\nPool.prototype.destroy = function () {};');
    const owner = instanceOwnerOf(find(source, 'CallExpression', 'mark('));
    expect(owner?.kind).toBe('prototype');
    expect(owner?.name).toBe('Pool');
    expect(owner && ownerHasEnd(owner)).toBe(true);
  });
  it('components have an end even without a teardown method', () => {
    const source = parse('class Item extends HTMLElement { connectedCallback() { mark(); } }');
    const owner = instanceOwnerOf(find(source, 'CallExpression', 'mark('));
    expect(owner && ownerHasEnd(owner)).toBe(true);
    const plain = parse('class Mailer { send() { mark(); } }');
    const plainOwner = instanceOwnerOf(find(plain, 'CallExpression', 'mark('));
    expect(plainOwner && ownerHasEnd(plainOwner)).toBe(false);
  });
});

describe('counterpartsOf', () => {
  it('names the methods that restart a paused owner', () => {
    expect(counterpartsOf('stop')).toContain('start');
    expect(counterpartsOf('dispose')).toEqual([]);
  });
});

describe('teardown: methods that undo each other', () => {
  it('pairs a pause with its way back and names that differ in one pair of opposite words', () => {
    for (const [a, b] of [['stop', 'start'], ['disconnect', 'connect'], ['onAdd', 'onRemove'], ['connectedCallback', 'disconnectedCallback'], ['_showPopup', '_hidePopup'], ['attach_listeners', 'detach_listeners']]) {
      expect(areCounterparts(a!, b!), `${a} ${b}`).toBe(true);
    }
    for (const [a, b] of [['onAdd', 'onAddTo'], ['start', 'startPolling'], ['open', 'opened'], ['constructor', 'toString'], ['addLayer', 'removeTile']]) {
      expect(areCounterparts(a!, b!), `${a} ${b}`).toBe(false);
    }
  });
});
