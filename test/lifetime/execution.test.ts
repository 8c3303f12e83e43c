import { describe, expect, it } from 'vitest';
import { comesAtEndOfLife, emitsRepeatedly, inOncePerKeyBlock, lifetimeModelOf } from '../../src/lifetime/index.js';
import { find, parse } from './helpers.js';

/** How often the `mark()` call in `code` runs, by the shared model. */
function executionOfMark(code: string, filename?: string) {
  const source = parse(code, filename);
  return lifetimeModelOf(source).executionOf(find(source, 'CallExpression', 'mark('));
}

describe('execution: when code runs', () => {
  it.each([
    ['top level', 'mark();', 'load'],
    ['an IIFE at top level', '(async () => { mark(); })();', 'load'],
    ['a callback of a top-level call', "server.listen(3000, () => { mark(); });", 'load'],
    ['a top-level forEach callback', 'items.forEach(() => mark());', 'load'],
    ['a module function only called at load', 'function boot2() { mark(); }\nboot2();', 'load'],
    ['main()', 'async function main() { mark(); }', 'once'],
    ['a setup-prefixed function', 'export function setupPrimary() { mark(); }', 'once'],
    ['a function that ends the process', 'export function cli(run) { mark(); run().finally(() => process.exit(0)); }', 'once'],
    ['an init-once guard', 'let ready = false;\nexport function initChecks() { if (ready) return; ready = true; mark(); }', 'once'],
    ['a lazy singleton constructor', 'export class Bridge { static get() { if (!this.instance) this.instance = new this(); return this.instance; } constructor() { mark(); } }', 'once'],
    ['a class only instantiated at module level', 'class Registry { constructor() { mark(); } }\nconst registry = new Registry();', 'once'],
    ['a registration API', 'export function registerCodec(name) { mark(); }', 'load'],
    ['a test callback', "describe('x', () => { it('y', () => { mark(); }); });", 'test'],
    ['an exported function', 'export function handle() { mark(); }', 'any'],
    ['a method', 'export class A { run() { mark(); } }', 'any'],
    ['an event callback at top level', "bus.on('job', () => { mark(); });", 'any'],
    ['an interval callback', 'setInterval(() => mark(), 1000);', 'any'],
    ['a route handler', "app.get('/x', (req, res) => { mark(); });", 'any'],
    ['a constructor of an exported class', 'export class Session { constructor() { mark(); } }', 'any'],
    // Process-level by their own body.
    ['a terminal UI that exits on a key', "export const Dashboard = {};\nDashboard.init = function () { this.screen.key(['q'], () => { this.screen.destroy(); process.exit(0); }); setInterval(() => {}, 300); mark(); };", 'once'],
    ['a method that installs a signal exit', "export class Hooks { onExit(cb) { if (cb) { process.on('SIGTERM', () => { cb(); process.exit(); }); mark(); } } }", 'once'],
    ['a method that registers a named signal handler that exits', "export class Server { async listen() { if (this.stopOnSignals) { const onSignal = async () => { await this.destroy(); process.exit(0); }; process.on('SIGTERM', onSignal); } mark(); } }", 'once'],
    ['a method that only exits on failure', "export class Server { handle(req) { db.query(req, (err) => { if (err) process.exit(1); }); mark(); } }", 'any'],
    ['a method that exits from a completion callback, not a handler', "export class Conn { onMessage(msg) { this.close(() => process.exit(0)); mark(); } }", 'any'],
    ['a CLI command reading piped stdin', "export class API { restart(cmd) { if (cmd === '-') { process.stdin.resume(); process.stdin.on('data', (d) => { process.stdin.pause(); mark(); }); } } }", 'any'],
    ['the stdin read itself', "export class API { restart(cmd) { if (cmd === '-') { process.stdin.resume(); mark(process.stdin.on('data', () => {})); } } }", 'once'],
    // Methods the file calls only from run-once code.
    ['a prototype method called from a start called once at module level', "const Daemon = module.exports = function () {};\nDaemon.prototype.start = function () { this.innerStart(); };\nDaemon.prototype.innerStart = function () { this.startLogic(); };\nDaemon.prototype.startLogic = function () { mark(); };\nif (require.main === module) { new Daemon().start(); }", 'load'],
    ['a class method called only from a run-once method', "export class App { boot() { process.on('SIGINT', () => process.exit(0)); this.wire(); } wire() { mark(); } }", 'once'],
    ['a method the file never calls', "export class App { wire() { mark(); } }", 'any'],
    ['a method also called per event', "export class App { boot() { process.on('SIGINT', () => process.exit(0)); this.wire(); bus.on('reload', () => this.wire()); } wire() { mark(); } }", 'any'],
    ['a method also passed as a callback', "export class App { boot() { process.on('SIGINT', () => process.exit(0)); this.wire(); emitter.on('x', this.wire); } wire() { mark(); } }", 'any'],
    ['a method called from a per-instance constructor', "export class Conn { constructor() { this.wire(); } wire() { mark(); } }", 'any'],
  ])('%s', (_name, code, expected) => {
    expect(executionOfMark(code)).toBe(expected);
  });

  it('a one-shot lifecycle event of a local object runs once per object', () => {
    expect(executionOfMark("export function f(url) { const ws = new WebSocket(url); ws.on('open', () => mark()); }")).toBe('any');
  });
});

describe('inert code: what cannot leak into a long-lived process', () => {
  const inert = (code: string, filename?: string) => {
    const source = parse(code, filename);
    return lifetimeModelOf(source).isInertCode(find(source, 'CallExpression', 'mark('));
  };
  it('type tests by name and by import', () => {
    expect(inert('mark();', '/project/src/catalog.test-d.ts')).toBe(true);
    expect(inert("import { expectType } from 'tsd';\nmark();")).toBe(true);
  });
  it('test suites by content, wherever they live', () => {
    expect(inert("describe('x', () => {});\nfunction helper() { mark(); }")).toBe(true);
    expect(inert("import { it } from 'vitest';\nmark();")).toBe(true);
  });
  it('one-shot scripts', () => {
    expect(inert('#!/usr/bin/env node\nmark();')).toBe(true);
    expect(inert('async function main() { mark(); }\nmain().then(() => process.exit(0));')).toBe(true);
    expect(inert('await client.connect();\nmark();\nawait client.close();')).toBe(true);
  });
  it('one-shot programs whose entry ends the process or closes what it opened', () => {
    expect(inert("(async () => {\n  await db.init();\n  mark();\n  console.log('Finished.');\n  process.exit(0);\n})();")).toBe(true);
    expect(inert("const main = async () => { await Database.connect(); mark(); await Database.close(); console.log('Done'); };\nmain();")).toBe(true);
    expect(inert("async function main() { mark(); rl.close(); }\nif (!process.env.TEST_BACKEND) {\n  main();\n}")).toBe(true);
    // …also when it exports its own entry for its tests.
    expect(inert("const main = async () => { mark(); await Database.close(); rl.close(); console.log('Finished.'); };\nif (!process.env.TEST_BACKEND) {\n  main();\n}\nmodule.exports = { main };")).toBe(true);
  });
  it('a service that exits on failure is not a script', () => {
    expect(inert('async function main() { mark(); }\nmain().catch(() => process.exit(1));')).toBe(false);
    expect(inert("(async () => { try { await start(); mark(); } catch (e) { process.exit(1); } })();")).toBe(false);
  });
  it('a service entry that closes a temporary client, then serves, is not a script', () => {
    expect(inert('async function main() { await migrator.close(); mark(); server.listen(3000); }\nmain();')).toBe(false);
    expect(inert('export async function main() { mark(); await db.close(); }\nmain();')).toBe(false);
    expect(inert("const main = async () => { mark(); await db.close(); };\nmain();\nmodule.exports = { main, handler };")).toBe(false);
  });
  it('a test folder is the config\'s business, not the rule\'s', () => {
    expect(inert('export function f() { mark(); }', '/project/test/helpers.ts')).toBe(false);
  });
  it('bundled output', () => {
    expect(inert(`mark();\n${'var a = 1;'.repeat(6000)}\nfunction __webpack_require__() {}`)).toBe(true);
  });
});

describe('execution: methods that set their own instance up', () => {
  function setsUp(code: string, method: string) {
    const source = parse(code);
    const node = find(source, 'MethodDefinition', method);
    return lifetimeModelOf(source).setsUpInstance(node as never);
  }
  it.each([
    ['a set-up method nobody in the file calls', 'class A { setupListeners() {} }', 'setupListeners', true],
    ['a set-up method the constructor calls', 'class A { constructor() { this.initEvents(); } initEvents() {} }', 'initEvents', true],
    ['called from another set-up method', 'class A { constructor() { this.init(); } init() { this.setupRoom(); } setupRoom() {} }', 'setupRoom', true],
    ['called again from reconnect()', 'class A { setupEvents() {} reconnect() { this.setupEvents(); } }', 'setupEvents', false],
    ['passed as a callback', "class A { constructor(bus) { bus.on('x', this.setupEvents); } setupEvents() {} }", 'setupEvents', false],
    ['set-up for one item given to it', 'class A { setupConnection(conn) {} }', 'setupConnection', false],
    ['not named like a set-up step', 'class A { refresh() {} }', 'refresh', false],
  ])('%s', (_name, code, method, expected) => {
    expect(setsUp(code, method)).toBe(expected);
  });
});

describe('execution: events an object emits again and again', () => {
  it('knows stream, message, reconnect and input events, and no others', () => {
    for (const event of ['data', 'message', 'reconnect', 'click', 'stateChange', 'priceUpdate']) expect(emitsRepeatedly(event), event).toBe(true);
    for (const event of ['pipe', 'limit', 'finish', 'close', 'exit']) expect(emitsRepeatedly(event), event).toBe(false);
  });

  it('knows the events that come only when a target, the process or the page ends', () => {
    for (const event of ['close', 'end', 'finish', 'exit', 'beforeExit', 'SIGTERM', 'SIGINT', 'beforeunload']) expect(comesAtEndOfLife(event), event).toBe(true);
    // Repeating, or coming at a time of their own: `once` removes the listener at the next one.
    for (const event of ['message', 'data', 'drain', 'response', 'open', 'error', 'SIGUSR2', 'disconnect', 'pagehide']) expect(comesAtEndOfLife(event), event).toBe(false);
  });
});

describe('execution: classes the file makes once', () => {
  it('reads a class instantiated only at module level as made once, an exported one as not', () => {
    const source = parse(`class Uploader {}\nconst instance = new Uploader();\nexport class Client {}\n`);
    const model = lifetimeModelOf(source);
    const [uploader, client] = source.ast.body.flatMap((statement) => (statement.type === 'ClassDeclaration' ? [statement] : statement.type === 'ExportNamedDeclaration' && statement.declaration?.type === 'ClassDeclaration' ? [statement.declaration] : []));
    expect(model.instantiatedOnce(uploader!)).toBe(true);
    expect(model.instantiatedOnce(client!)).toBe(false);
  });
});

describe('inOncePerKeyBlock: once per value of a key', () => {
  /** Whether the `mark(key)` call runs at most once per `key`. */
  function oncePerKey(body: string): boolean {
    const source = parse(`export function on(key: string, seen: Record<string, boolean>, set: Set<string>, other: string) {\n${body}\n}`);
    const call = find(source, 'CallExpression', 'mark(') as import('@typescript-eslint/utils').TSESTree.CallExpression;
    return inOncePerKeyBlock(call, call.arguments[0]!, source.scopeManager);
  }

  it.each([
    ['a flag table the block sets', 'if (!seen[key]) { seen[key] = true; mark(key); }', true],
    ['a Set the block adds to', 'if (!set.has(key)) { set.add(key); mark(key); }', true],
    ['with another condition', 'if (!seen[key] && other) { seen[key] = true; mark(key); }', true],
    ['a guard that never marks', 'if (!seen[key]) { mark(key); }', false],
    ['marking another key', 'if (!seen[key]) { seen[other] = true; mark(key); }', false],
    ['marking another table', 'if (!seen[key]) { set.add(key); mark(key); }', false],
    ['a guard on another key', 'if (!seen[other]) { seen[other] = true; mark(key); }', false],
  ])('%s', (_label, body, expected) => {
    expect(oncePerKey(body)).toBe(expected);
  });
});
