import { describe, expect, it } from 'vitest';
import type { TSESTree } from '@typescript-eslint/utils';
import { boundThisOwnerOf, classDestroysField, fieldKeepingParameter, inInitOnceBlock, instanceOwnerOf, isDroppedByHolder } from '../../src/lifetime/index.js';
import { resolveVariable } from '../../src/ast/scope.js';
import { parse } from './helpers.js';
import type { DetectorSource } from '../../src/ast/traverse.js';
import { forEachNode } from '../../src/ast/walk.js';

/** The first node of `type` (in source order) whose text starts with `prefix`; leaves the tree as it is. */
function find(source: DetectorSource, type: string, prefix: string): TSESTree.Node {
  let found: TSESTree.Node | null = null;
  forEachNode(source.ast, (node) => {
    if (node.type === type && source.text.slice(node.range[0], node.range[1]).startsWith(prefix)) found = node;
    return found !== null;
  }, { intoFunctions: true });
  if (!found) throw new Error(`no ${type} starting with ${prefix}`);
  return found;
}

describe('instance owners', () => {
  it('reads `var X = function () {}` with prototype methods as one owner', () => {
    const source = parse(`
var Socket = function () { this.timer = setInterval(tick, 1000); };
Socket.prototype.close = function () { this.timer = null; };`, '/project/src/socket.js');
    const owner = instanceOwnerOf(find(source, 'CallExpression', 'setInterval'));
    expect(owner?.kind).toBe('prototype');
    expect(owner?.name).toBe('Socket');
    expect([...owner!.members.keys()]).toEqual(['close']);
  });

  it("takes a module helper's `this` as the owner when every use binds the owner's this", () => {
    const code = `
function WebSocket() {}
WebSocket.prototype.terminate = function () { setTimeout(cleanup.bind(this), 30000); };
WebSocket.prototype.close = function () { var self = this; cleanup.call(self); };
function cleanup() { this.socket = null; }
function other() { this.x = 1; }
other.call(somethingElse);`;
    const source = parse(code, '/project/src/ws.js');
    const resolve = (identifier: TSESTree.Identifier) => resolveVariable(source.scopeManager, identifier) as never;
    const inCleanup = find(source, 'ThisExpression', 'this');
    const cleanupThis = (find(source, 'FunctionDeclaration', 'function cleanup') as TSESTree.FunctionDeclaration).body.body[0] as TSESTree.ExpressionStatement;
    const otherThis = (find(source, 'FunctionDeclaration', 'function other') as TSESTree.FunctionDeclaration).body.body[0] as TSESTree.ExpressionStatement;
    const thisOf = (statement: TSESTree.ExpressionStatement) => ((statement.expression as TSESTree.AssignmentExpression).left as TSESTree.MemberExpression).object;
    expect(inCleanup).toBeTruthy();
    expect(boundThisOwnerOf(thisOf(cleanupThis), resolve)?.name).toBe('WebSocket');
    expect(boundThisOwnerOf(thisOf(otherThis), resolve)).toBeNull();
  });

  it('sees an instance its holder drops with `= null` as ended there', () => {
    const source = parse(`
class CallState { tick() {} }
class Other { tick() {} }
export class Client {
  start() { this.state = new CallState(); this.other = new Other(); }
  end() { this.state = null; }
}`);
    const owner = (name: string) => instanceOwnerOf((find(source, 'ClassDeclaration', `class ${name}`) as TSESTree.ClassDeclaration).body.body[0]!);
    expect(isDroppedByHolder(owner('CallState')!)).toBe(true);
    expect(isDroppedByHolder(owner('Other')!)).toBe(false);
  });
});

describe('init-once blocks', () => {
  it('recognises `if (!flag) { …; flag = true }` and `if (flag) return; flag = true`', () => {
    const source = parse(`
class Registry {
  get(name) {
    if (!this.populated) { for (const [k, v] of entries) this.map.set(k, v); this.populated = true; }
    return this.map.get(name);
  }
  load() { if (this.loaded) return; this.loaded = true; this.other.set(a, b); }
  add(k, v) { if (!this.ready) { this.pending.set(k, v); } }
}`);
    expect(inInitOnceBlock(find(source, 'CallExpression', 'this.map.set'))).toBe(true);
    expect(inInitOnceBlock(find(source, 'CallExpression', 'this.other.set'))).toBe(true);
    // No flag set in the block: it runs on every call while not ready.
    expect(inInitOnceBlock(find(source, 'CallExpression', 'this.pending.set'))).toBe(false);
  });
});

describe('parameters a method keeps on the instance', () => {
  it('finds the field behind an assignment, a keyed record or a collection call, and nothing else', () => {
    const source = parse(`
const Control = Base.extend({
  _addLayer: function (layer, name) { this._layers[stamp(layer)] = { layer: layer, name: name }; },
  attach(server) { this.server = server; },
  add(client) { this.clients.add(client); },
  register(id, handler) { this.byId.set(id, handler); },
  later(item) { queueMicrotask(() => this.pending.push(item)); },
  use(item) { item.on('x', this.onX); log(item); },
  nested(item) { setTimeout(function () { this.kept = item; }); },
});`, '/project/src/control.js');
    const method = (name: string) => (find(source, 'Property', name) as TSESTree.Property).value as never;
    expect(fieldKeepingParameter(method('_addLayer'), 'layer')).toBe('_layers');
    expect(fieldKeepingParameter(method('_addLayer'), 'name')).toBe('_layers');
    expect(fieldKeepingParameter(method('attach'), 'server')).toBe('server');
    expect(fieldKeepingParameter(method('add'), 'client')).toBe('clients');
    expect(fieldKeepingParameter(method('register'), 'handler')).toBe('byId');
    // An arrow sees the same \`this\`; a function expression does not.
    expect(fieldKeepingParameter(method('later'), 'item')).toBe('pending');
    expect(fieldKeepingParameter(method('use'), 'item')).toBeNull();
    expect(fieldKeepingParameter(method('nested'), 'item')).toBeNull();
  });
});

describe('fields a class destroys', () => {
  it('does not count a destroy made only when the field is not the object handed in', () => {
    const source = parse(`
class Connection {
  async close() {
    if (this.opts != this._client) await this._client.quit();
    if (this.ready) this.socket.destroy();
    this.timer.unref();
  }
}`);
    const classNode = find(source, 'ClassDeclaration', 'class Connection') as never;
    expect(classDestroysField(classNode, '_client')).toBe(false);
    // Any other condition still destroys it.
    expect(classDestroysField(classNode, 'socket')).toBe(true);
    expect(classDestroysField(classNode, 'timer')).toBe(true);
  });
});
