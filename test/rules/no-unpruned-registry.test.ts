import rule from '../../rules/no-unpruned-registry.js';
import { espreeCommonJS, espreeModule, ruleTester } from '../rule-tester.js';

ruleTester.run('no-unpruned-registry', rule, {
  valid: [
    // Pruned when the owner closes: the idiomatic session registry.
    `
const sessions = new Map();
export function register(id, session) {
  sessions.set(id, session);
  session.once('close', () => sessions.delete(id));
}
`,
    // Server-sent events: every response is removed when its request closes.
    `
const clients = new Set();
app.get('/events', (req, res) => {
  clients.add(res);
  req.on('close', () => clients.delete(res));
});
export function broadcast(data) {
  for (const res of clients) res.write(\`data: \${data}\\n\\n\`);
}
`,
    // LRU cache: a size check followed by deleting the oldest key.
    `
const cache = new Map<string, Buffer>();
export function remember(key: string, value: Buffer): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > 500) cache.delete(cache.keys().next().value!);
}
`,
    // Constant table filled while the module loads.
    `
const STATUS_TEXT = new Map();
for (const [code, text] of Object.entries(rawCodes)) STATUS_TEXT.set(Number(code), text);
export const statusText = (code) => STATUS_TEXT.get(code);
`,
    // A private helper that the module only calls at load time fills a constant table.
    `
const commands = new Map();
function define(name, run) {
  commands.set(name, run);
}
define('start', start);
define('stop', stop);
export const run = (name) => commands.get(name)();
`,
    // Filled in an IIFE at load time.
    `
const mimeTypes = {};
(() => {
  for (const [ext, type] of pairs) mimeTypes[ext] = type;
})();
export const lookup = (ext) => mimeTypes[ext];
`,
    // Weak collections never retain their keys.
    `
const metadata = new WeakMap<object, Meta>();
export function tag(target: object, meta: Meta) {
  metadata.set(target, meta);
}
`,
    `
import { WeakRegistry } from 'eslint-plugin-lifeguard/runtime';
const rooms = new WeakRegistry<string, Room>();
export function open(id: string, room: Room) {
  rooms.set(id, room);
}
`,
    `
const seen = new WeakSet();
export function once(node) {
  if (seen.has(node)) return false;
  seen.add(node);
  return true;
}
`,
    // Local collections die with their call.
    `
export function unique(items) {
  const seen = new Set();
  for (const item of items) seen.add(item.id);
  return seen.size;
}
`,
    // Exported for other modules to manage.
    `
export const registry = new Map();
export function add(key, value) {
  registry.set(key, value);
}
`,
    // Handler array with an unsubscribe that splices the handler out.
    `
const handlers = [];
export function subscribe(handler) {
  handlers.push(handler);
  return () => {
    handlers.splice(handlers.indexOf(handler), 1);
  };
}
`,
    // Handler array filtered into a new array on removal.
    `
let handlers = [];
export function on(handler) {
  handlers.push(handler);
}
export function off(handler) {
  handlers = handlers.filter((h) => h !== handler);
}
`,
    // Handed to another function, which may prune it.
    `
const jobs = [];
export function enqueue(job) {
  jobs.push(job);
}
startWorker(jobs);
`,
    // Returned to callers, who may prune it.
    `
const entries = new Map();
export function track(key, value) {
  entries.set(key, value);
}
export function getEntries() {
  return entries;
}
`,
    // Only constant keys: bounded by the code, not by traffic.
    `
const routes = new Map();
export function install(app) {
  routes.set('GET', onGet);
  routes.set('POST', onPost);
}
`,
    // Static cache with a reset path.
    `
class Template {
  static cache = new Map<string, Template>();
  static compile(source: string): Template {
    let template = Template.cache.get(source);
    if (!template) {
      template = new Template(source);
      Template.cache.set(source, template);
    }
    return template;
  }
  static reset() {
    Template.cache.clear();
  }
  constructor(readonly source: string) {}
}
`,
    // Static table filled in a static block.
    `
class Codes {
  static table = new Map();
  static {
    for (const code of list) Codes.table.set(code.id, code);
  }
}
`,
    // DI container: providers registered while the module loads.
    `
const providers = new Map();
function provide(token, factory) {
  providers.set(token, factory);
}
provide(Database, () => new Database());
provide(Cache, () => new Cache());
export const inject = (token) => providers.get(token)();
`,
    // A DI container class that is not a singleton lives as long as its owner.
    `
export class Container {
  #providers = new Map<unknown, () => unknown>();
  register(token: unknown, factory: () => unknown) {
    this.#providers.set(token, factory);
  }
  resolve(token: unknown) {
    return this.#providers.get(token)?.();
  }
}
`,
    // Redux-style store: subscribers are removed by the returned unsubscribe; state is replaced.
    `
let state = initialState;
const listeners = new Set();
export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export function dispatch(action) {
  state = reducer(state, action);
  for (const listener of listeners) listener(state);
}
`,
    // TreeNode-style owned cycle: a non-singleton class holding its children.
    `
class TreeNode {
  children: TreeNode[] = [];
  constructor(public parent: TreeNode | null) {}
  add(): TreeNode {
    const child = new TreeNode(this);
    this.children.push(child);
    return child;
  }
}
`,
    // Singleton manager that deletes on close.
    `
class RoomManager {
  rooms = new Map();
  create(id) {
    this.rooms.set(id, new Room(id));
  }
  close(id) {
    this.rooms.delete(id);
  }
}
export const manager = new RoomManager();
`,
    // Singleton filled only in its constructor.
    `
class Router {
  routes = [];
  constructor(definitions) {
    for (const definition of definitions) this.routes.push(definition);
  }
}
export default new Router(definitions);
`,
    // An object read by fixed names is a record, not a dictionary.
    `
const stats = {};
export function hit(name) {
  stats[name] = (stats[name] || 0) + 1;
}
export const total = () => stats.total;
`,
    // Dictionary with delete.
    `
const pending = Object.create(null);
export function wait(id, callback) {
  pending[id] = callback;
}
export function settle(id, value) {
  const callback = pending[id];
  delete pending[id];
  callback(value);
}
`,
    // Buffer emptied with length = 0.
    `
const buffer: string[] = [];
export function log(line: string) {
  buffer.push(line);
}
export function flush() {
  process.stdout.write(buffer.join('\\n'));
  buffer.length = 0;
}
`,
    // A queue drained by shift().
    `
const queue = [];
export function enqueue(job) {
  queue.push(job);
}
export function next() {
  return queue.shift();
}
`,
    {
      code: `
const events = [];
export function record(event) {
  events.push(event);
}
`,
      options: [{ checkArrays: false }],
    },
    {
      code: `
const rooms = new WeakValueMap();
export function add(id, room) {
  rooms.set(id, room);
}
`,
      options: [{ weakCollections: ['WeakValueMap'] }],
    },
    {
      // Ember-style prototype extensions remove with removeObject().
      code: `
const selected = [];
export function select(item) {
  selected.push(item);
}
export function deselect(item) {
  selected.removeObject(item);
}
`,
      options: [{ removalMethods: ['removeObject'] }],
    },
    {
      code: `
const cache = new Map();
function put(key, value) {
  cache.set(key, value);
}
module.exports = { cache, put };
`,
      ...espreeCommonJS,
    },
    {
      code: `
const sockets = new Set();
server.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});
module.exports = server;
`,
      ...espreeCommonJS,
    },
    {
      code: `
const seen = new Set();
export function visit(node) {
  seen.add(node);
}
export function reset() {
  seen.clear();
}
`,
      ...espreeModule,
    },
    // The alias is pruned too: delete through it counts.
    {
      code: `
class Animator {
  constructor() { this._charts = new Map(); }
  add(chart) { const charts = this._charts; charts.set(chart, {}); }
  remove(chart) { const charts = this._charts; charts.delete(chart); }
}
export default new Animator();`,
    },
  ],
  invalid: [
    // A singleton grows its Map through a local alias of the field, and never deletes.
    {
      code: `
class Animator {
  constructor() { this._charts = new Map(); }
  _getAnims(chart) {
    const charts = this._charts;
    let anims = charts.get(chart);
    if (!anims) { anims = { items: [] }; charts.set(chart, anims); }
    return anims;
  }
}
export default new Animator();`,
      errors: [{ messageId: 'unprunedRegistry', line: 7, column: 42 }],
    },
    // Assigning null keeps the key: a per-player cache "cleared" this way still grows.
    {
      code: `
const instances = {};
export function clearCacheForPlayer(player) { instances[player.id()] = null; }
export function getOrCreate(player, factory) {
  if (!instances[player.id()]) instances[player.id()] = [[factory, factory(player)]];
  return instances[player.id()];
}`,
      errors: [{ messageId: 'unprunedRegistry', line: 5, column: 32, data: { name: 'instances', growthPlaces: 'getOrCreate()', kind: 'dictionary', weakAlternative: 'use a WeakMap when the keys are objects' } }],
    },
    {
      code: `
const sessions = new Map();
export function register(id, session) {
  sessions.set(id, session);
}
`,
      errors: [
        {
          messageId: 'unprunedRegistry',
          data: { name: 'sessions', growthPlaces: 'register()', kind: 'Map', weakAlternative: 'use a WeakMap when the keys are objects' },
          line: 4,
          column: 3,
        },
      ],
    },
    {
      // Server-sent events without removal on close.
      code: `
const clients = new Set();
app.get('/events', (req, res) => {
  clients.add(res);
});
export function broadcast(data) {
  for (const res of clients) res.write(data);
}
`,
      errors: [
        {
          messageId: 'unprunedRegistry',
          data: { name: 'clients', growthPlaces: 'the callback on line 4', kind: 'Set', weakAlternative: 'use a WeakSet when the members are objects' },
          line: 4,
          column: 3,
        },
      ],
    },
    {
      code: `
const handlers = [];
export function onMessage(handler) {
  handlers.push(handler);
}
export function emit(message) {
  handlers.forEach((handler) => handler(message));
}
`,
      errors: [{ messageId: 'unprunedRegistry', line: 4, column: 3 }],
    },
    {
      // Static cache never cleared.
      code: `
class Template {
  static cache = new Map<string, Template>();
  static compile(source: string): Template {
    let template = Template.cache.get(source);
    if (!template) {
      template = new Template(source);
      Template.cache.set(source, template);
    }
    return template;
  }
  constructor(readonly source: string) {}
}
`,
      errors: [{ messageId: 'unprunedRegistry', line: 8, column: 7 }],
    },
    {
      code: `
class Connection {
  static #open = new Set<Connection>();
  static track(connection: Connection) {
    this.#open.add(connection);
  }
}
`,
      errors: [{ messageId: 'unprunedRegistry', line: 5, column: 5 }],
    },
    {
      // Every instance registers itself in a static set and never leaves it.
      code: `
class Room {
  static all = new Set();
  constructor(id) {
    this.id = id;
    Room.all.add(this);
  }
}
`,
      errors: [{ messageId: 'unprunedRegistry', line: 6, column: 5 }],
    },
    {
      code: `
const pending = Object.create(null);
export function wait(id, callback) {
  pending[id] = callback;
}
export function fire(id, value) {
  pending[id](value);
}
`,
      errors: [{ messageId: 'unprunedRegistry', line: 4, column: 3 }],
    },
    {
      code: `
const usersById: Record<string, User> = {};
export function remember(user: User): void {
  usersById[user.id] = user;
}
`,
      errors: [{ messageId: 'unprunedRegistry', line: 4, column: 3 }],
    },
    {
      // Singleton manager: the instance lives as long as the module.
      code: `
class RoomManager {
  private rooms = new Map<string, Room>();
  create(id: string): Room {
    const room = new Room(id);
    this.rooms.set(id, room);
    return room;
  }
  get(id: string) {
    return this.rooms.get(id);
  }
}
export const manager = new RoomManager();
`,
      errors: [{ messageId: 'unprunedRegistry', line: 6, column: 5 }],
    },
    {
      code: `
class Tracker {
  constructor() {
    this.seen = new Set();
  }
  mark(id) {
    this.seen.add(id);
  }
  static instance = new Tracker();
}
`,
      ...espreeModule,
      errors: [{ messageId: 'unprunedRegistry', line: 7, column: 5 }],
    },
    {
      // CommonJS memoisation keyed by arbitrary input.
      code: `
const cache = new Map();
function memo(key, compute) {
  if (!cache.has(key)) cache.set(key, compute());
  return cache.get(key);
}
module.exports = { memo };
`,
      ...espreeCommonJS,
      errors: [{ messageId: 'unprunedRegistry', line: 4, column: 24 }],
    },
    {
      code: `
const users = new Map();
export function login(user) {
  users.set(user.id, user);
}
export function signup(user) {
  users.set(user.id, user);
}
`,
      errors: [
        {
          messageId: 'unprunedRegistry',
          data: { name: 'users', growthPlaces: 'login() and signup()', kind: 'Map', weakAlternative: 'use a WeakMap when the keys are objects' },
          line: 4,
          column: 3,
        },
      ],
    },
    {
      code: `
const history = [];
export function record(entry) {
  history.unshift(entry);
}
export const last = () => history[0];
`,
      errors: [{ messageId: 'unprunedRegistry', line: 4, column: 3 }],
    },
    {
      // Redux-style store whose subscribers can never unsubscribe.
      code: `
let state = initialState;
const listeners = new Set();
export function subscribe(listener) {
  listeners.add(listener);
}
export function dispatch(action) {
  state = reducer(state, action);
  for (const listener of listeners) listener(state);
}
`,
      errors: [{ messageId: 'unprunedRegistry', line: 5, column: 3 }],
    },
    {
      code: `
export const registry = new Map();
export function add(key, value) {
  registry.set(key, value);
}
`,
      options: [{ checkExported: true }],
      errors: [{ messageId: 'unprunedRegistry', line: 4, column: 3 }],
    },
    {
      code: `
class Emitter {
  listeners = [];
  on(listener) {
    this.listeners.push(listener);
  }
}
`,
      options: [{ checkAllInstanceFields: true }],
      errors: [{ messageId: 'unprunedRegistry', line: 5, column: 5 }],
    },
    {
      // The helper is also reachable at run time through plugin().
      code: `
const commands = new Map();
function define(name, run) {
  commands.set(name, run);
}
define('start', start);
export function plugin(name, run) {
  define(name, run);
}
`,
      errors: [{ messageId: 'unprunedRegistry', line: 4, column: 3 }],
    },
    {
      code: `
class Store {
  #items = new Map();
  add(key, value) {
    this.#items.set(key, value);
  }
}
module.exports = new Store();
`,
      ...espreeCommonJS,
      errors: [{ messageId: 'unprunedRegistry', line: 5, column: 5 }],
    },
    {
      code: `
let seen = new Set();
export function visit(node) {
  seen.add(node);
}
`,
      ...espreeModule,
      errors: [{ messageId: 'unprunedRegistry', line: 4, column: 3 }],
    },
  ],
});
