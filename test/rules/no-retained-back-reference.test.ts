import rule from '../../rules/no-retained-back-reference.js';
import { espreeCommonJS, espreeModule, ruleTester } from '../rule-tester.js';

ruleTester.run('no-retained-back-reference', rule, {
  valid: [
    // TreeNode-style owned cycle: the children live in the parent's own field.
    `
class TreeNode {
  children: TreeNode[] = [];
  constructor(readonly parent: TreeNode | null) {}
  add(): TreeNode {
    const child = new TreeNode(this);
    this.children.push(child);
    return child;
  }
}
`,
    // The back-reference is weak.
    `
const playersById = new Map();
class Room {
  join(id) {
    playersById.set(id, new Player(id, new WeakRef(this)));
  }
}
`,
    // A WeakMap holds its keys weakly.
    `
const roomOf = new WeakMap();
class Room {
  join(socket) {
    roomOf.set(new Player(socket, this), this.id);
  }
}
`,
    `
const live = new WeakSet();
class Pool {
  open() {
    live.add(new Handle(this));
  }
}
`,
    `
import { WeakRegistry } from 'eslint-plugin-lifeguard/runtime';
const players = new WeakRegistry<string, Player>();
class Room {
  join(id: string) {
    players.set(id, new Player(id, this));
  }
}
`,
    // Kept in the instance's own Map.
    `
class Room {
  players = new Map<string, Player>();
  join(id: string) {
    this.players.set(id, new Player(id, this));
  }
}
`,
    // The class removes its children from the registry when it closes.
    `
const playersById = new Map();
class Room {
  join(id) {
    playersById.set(id, new Player(id, this));
  }
  close() {
    for (const id of this.ids) playersById.delete(id);
  }
}
`,
    // Listener removed on dispose.
    `
import { bus } from './bus.js';
class Room {
  ticker = new Ticker(this);
  start() {
    const ticker = new Ticker(this);
    bus.on('tick', ticker);
  }
  dispose() {
    bus.off('tick', this.ticker);
  }
}
`,
    // Passed to a method, not stored in a root.
    `
class Game {
  start() {
    this.run(new Player(this));
  }
}
`,
    // Storing `this` itself is the registry rule's concern, not a back-reference.
    `
const rooms = new Set();
class Room {
  constructor() {
    rooms.add(this);
  }
}
`,
    // Logging a literal that mentions `this` keeps nothing.
    `
import { logger } from './logger.js';
class Room {
  open() {
    logger.info({ room: this, event: 'open' });
  }
}
`,
    // In a static method `this` is the class, which lives forever anyway.
    `
const factories = [];
class Room {
  static register() {
    factories.push(new Factory(this));
  }
}
`,
    // A plain function has its own `this`.
    `
const registry = new Set();
class Room {
  open(items) {
    items.forEach(function () {
      registry.add(new Player(this));
    });
  }
}
`,
    // A literal kept in the instance.
    `
class Room {
  open() {
    const context = { room: this };
    this.contexts.push(context);
  }
}
`,
    // A received child adopted into the instance's own list.
    `
class Folder {
  adopt(child) {
    child.parent = this;
    this.children.push(child);
  }
}
`,
    // A local list dies with the call.
    `
class Room {
  snapshot() {
    const list = [];
    list.push(new Player(this));
    return list.length;
  }
}
`,
    // Parent/view cycle inside the instance.
    `
class Controller {
  constructor() {
    this.view = new View(this);
  }
}
`,
    // Emitting an event object does not store it.
    `
import { bus } from './bus.js';
class Room {
  open() {
    bus.emit('opened', new RoomEvent(this));
  }
}
`,
    // A once listener removes itself.
    `
class Server {
  listen() {
    process.once('exit', new Flusher(this));
  }
}
`,
    // The registry is a parameter: its lifetime is the caller's business.
    `
class Plugin {
  install(registry) {
    registry.add(new Hook(this));
  }
}
`,
    // Redux-style store: dispatching an action does not keep it.
    `
import { store } from './store.js';
class TodoList {
  add(text) {
    store.dispatch({ type: 'todos/add', text, list: this });
  }
}
`,
    // DI container injected through the constructor.
    `
class Room {
  constructor(private readonly container: Container) {
    container.register('room', { useValue: this });
  }
}
`,
    {
      code: `
import { bus } from './bus.js';
class Room {
  start() {
    bus.subscribe(new Observer(this));
  }
}
`,
      options: [{ checkListeners: false }],
    },
    {
      code: `
const players = new WeakValueMap();
class Room {
  join(id) {
    players.set(id, new Player(id, this));
  }
}
`,
      options: [{ weakCollections: ['WeakValueMap'] }],
    },
    {
      code: `
class TreeNode {
  constructor(parent) {
    this.parent = parent;
    this.children = [];
  }
  add() {
    const child = new TreeNode(this);
    this.children.push(child);
    return child;
  }
}
module.exports = TreeNode;
`,
      ...espreeCommonJS,
    },
    {
      code: `
const sockets = new Map();
class Connection {
  open(id) {
    sockets.set(id, new Socket(id, new WeakRef(this)));
  }
}
`,
      ...espreeModule,
    },
  ],
  invalid: [
    {
      code: `
const playersById = new Map<string, Player>();
class Room {
  join(id: string): Player {
    const player = new Player(id, this);
    playersById.set(id, player);
    return player;
  }
}
`,
      errors: [
        {
          messageId: 'storedInRoot',
          data: { child: 'Player', className: 'Room', root: 'playersById', childNoun: 'player' },
          line: 5,
          column: 35,
        },
      ],
    },
    {
      code: `
const playersById = new Map();
class Room {
  join(id) {
    playersById.set(id, new Player(id, this));
  }
}
`,
      errors: [{ messageId: 'storedInRoot', line: 5, column: 40 }],
    },
    {
      code: `
import { registry } from './registry.js';
class Room {
  constructor() {
    registry.add(new Handle(this));
  }
}
`,
      errors: [{ messageId: 'storedInRoot', line: 5, column: 29 }],
    },
    {
      // A static field outlives every instance.
      code: `
class Room {
  static players = [];
  join() {
    Room.players.push(new Player(this));
  }
}
`,
      errors: [{ messageId: 'storedInRoot', line: 5, column: 34 }],
    },
    {
      code: `
class Registry {
  static all = [];
}
class Room {
  open() {
    Registry.all.push({ owner: this });
  }
}
`,
      errors: [{ messageId: 'storedInRoot', line: 7, column: 32 }],
    },
    {
      code: `
class Widget {
  mount() {
    window.widgets.push(new WidgetHandle(this));
  }
}
`,
      errors: [{ messageId: 'storedInRoot', line: 4, column: 42 }],
    },
    {
      // A received child that gets a back-reference and is indexed globally.
      code: `
import { registry } from './registry.js';
class Room {
  attach(child) {
    child.owner = this;
    registry.add(child);
  }
}
`,
      errors: [{ messageId: 'storedInRoot', line: 5, column: 19 }],
    },
    {
      code: `
const subscribers = [];
class Room {
  watch() {
    subscribers.push({ room: this, since: Date.now() });
  }
}
`,
      errors: [{ messageId: 'storedInRoot', line: 5, column: 30 }],
    },
    {
      code: `
class Chart {
  mount() {
    window.addEventListener('resize', new ResizeHandler(this));
  }
}
`,
      errors: [{ messageId: 'registeredOnRoot', line: 4, column: 57 }],
    },
    {
      code: `
import { bus } from './bus.js';
class Room {
  start() {
    bus.subscribe(new Observer(this));
  }
}
`,
      errors: [{ messageId: 'registeredOnRoot', line: 5, column: 32 }],
    },
    {
      // Options object passed to the constructor.
      code: `
const players = new Map();
class Room {
  join(id) {
    players.set(id, new Player({ id, room: this }));
  }
}
`,
      errors: [{ messageId: 'storedInRoot', line: 5, column: 44 }],
    },
    {
      code: `
const sessionsById = Object.create(null);
class Server {
  accept(id) {
    sessionsById[id] = new Session(id, this);
  }
}
`,
      errors: [{ messageId: 'storedInRoot', line: 5, column: 40 }],
    },
    {
      // Wrapped in an entry object on the way in.
      code: `
const registry = new Map();
class Room {
  join(id) {
    registry.set(id, { player: new Player(this), joinedAt: Date.now() });
  }
}
`,
      errors: [{ messageId: 'storedInRoot', line: 5, column: 43 }],
    },
    {
      code: `
const rooms = new Map();
class Lobby {
  open(id) {
    rooms.set(id, new Room(id, this));
  }
}
module.exports = Lobby;
`,
      ...espreeCommonJS,
      errors: [{ messageId: 'storedInRoot', line: 5, column: 32 }],
    },
    {
      code: `
class Plugin {
  static registry = new Set();
  install() {
    this.constructor.registry.add(new Hook(this));
  }
}
`,
      ...espreeModule,
      errors: [{ messageId: 'storedInRoot', line: 5, column: 44 }],
    },
    {
      // An arrow field runs with the instance's `this`.
      code: `
import { registry } from './registry.js';
class Room {
  register = () => registry.add(new Handle(this));
}
`,
      errors: [{ messageId: 'storedInRoot', line: 4, column: 44 }],
    },
    {
      code: `
const handlers = new Set();
export default class {
  #listen() {
    handlers.add({ owner: this, handleEvent() {} });
  }
}
`,
      errors: [{ messageId: 'storedInRoot', line: 5, column: 27 }],
    },
    {
      code: `
class Game {
  start() {
    process.on('SIGTERM', new ShutdownHook(this));
  }
}
`,
      ...espreeModule,
      errors: [{ messageId: 'registeredOnRoot', line: 4, column: 44 }],
    },
  ],
});
