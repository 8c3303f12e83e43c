import type { TSESTree } from '@typescript-eslint/utils';
import { childNodes, someNode } from '../ast/walk.js';
import { classNameOf, getPropertyName, isFunctionNode, unwrapExpression, type ClassNode, type FunctionNode } from '../ast/nodes.js';
import { RESTARTABLE_TEARDOWN_NAMES, teardownsOf, terminalTeardownOf, TERMINAL_TEARDOWN_NAMES } from './teardown.js';

const FRAMEWORK_HOOKS = new Set(['ngOnInit', 'ngAfterViewInit', 'componentDidMount', 'connectedCallback', 'mounted', 'created', 'beforeMount', 'firstUpdated', 'onMount']);
const FRAMEWORK_DECORATORS = new Set(['Component', 'Directive', 'Pipe', 'customElement']);
const FRAMEWORK_BASES = /^(?:HTMLElement|LitElement|Component|PureComponent|React\.Component|React\.PureComponent|Vue|FASTElement)$/;

/**
 * `this.$el`, `this.el`, `this.element`: the element a view object wraps (jQuery, Backbone-style and
 * vanilla component classes). Its listeners live and die with the element and its view, whoever
 * handed the element over.
 */
export function isOwnElementField(field: string): boolean {
  return /^\$?(?:el|elem|element)_?$/.test(field);
}

/** Calls that end a target's life: a class that makes them on a field owns what the field holds. */
export const DESTROYING_METHODS = new Set(['destroy', 'close', 'end', 'terminate', 'kill', 'dispose', 'disconnect', 'quit', 'removeAllListeners', 'abort', 'unref', 'free', 'release', 'shutdown', 'stop']);

/**
 * Who owns a target, as far as one file shows:
 * - `owned`: the instance created it, or destroys/closes/ends it itself: the two die together;
 * - `injected`: handed to the constructor and kept (a shared client, a pool);
 * - `creator`: handed to the constructor and not kept: a plugin of the object that built it
 *   (a reporter on its runner), which lives as long as its creator;
 * - `parameter`: a method's parameter (a shared server the class attaches to);
 * - `module` / `imported` / `global`: lives as long as the process;
 * - `local`: created in the registering function;
 * - `unknown`: reached through properties of objects this file does not own (`socket.io.engine`).
 */
export type Ownership = 'owned' | 'injected' | 'creator' | 'parameter' | 'module' | 'imported' | 'global' | 'local' | 'unknown';

const cache = new WeakMap<ClassNode, Map<string, boolean>>();

/** True when the class calls a destroying method on `this.<field>` (or passes it to `clearX`). */
export function classDestroysField(classNode: ClassNode, field: string): boolean {
  let fields = cache.get(classNode);
  if (!fields) {
    fields = destroyedFields(classNode);
    cache.set(classNode, fields);
  }
  return fields.get(field) ?? false;
}

function destroyedFields(classNode: ClassNode): Map<string, boolean> {
  const result = new Map<string, boolean>();
  const stack: TSESTree.Node[] = [classNode.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    // `this.socket.destroy()`, and `promisify(this.connection.close.bind(this.connection))()`.
    if (node.type === 'MemberExpression') {
      const method = getPropertyName(node);
      const field = thisField(node.object);
      if (method && field && DESTROYING_METHODS.has(method) && !unlessItIsTheGivenOne(node, field, classNode)) result.set(field, true);
    }
    // Nested classes are other owners.
    if (node !== classNode.body && (node.type === 'ClassBody')) continue;
    stack.push(...childNodes(node));
  }
  return result;
}

/**
 * `if (this.opts != this._client) await this._client.quit()`: destroyed only when it is not the object
 * the caller handed in (compared with another field or a variable); the caller's own stays open, so
 * the class does not own what the field holds in that case.
 */
function unlessItIsTheGivenOne(node: TSESTree.Node, field: string, classNode: ClassNode): boolean {
  for (let current: TSESTree.Node | undefined = node; current && current !== classNode; current = current.parent) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (parent?.type !== 'IfStatement' || parent.consequent !== current) continue;
    const test = unwrapExpression(parent.test);
    if (test.type !== 'BinaryExpression' || (test.operator !== '!=' && test.operator !== '!==')) continue;
    const sides = [unwrapExpression(test.left), unwrapExpression(test.right)];
    const other = sides.find((side) => thisField(side) !== field);
    if (sides.some((side) => thisField(side) === field) && other && (other.type === 'Identifier' || thisField(other) !== null)) return true;
  }
  return false;
}

/** `this.x` / `this.#x` / `this[kX]` (with `kX` spelt as written) → the field name. */
export function thisField(node: TSESTree.Node): string | null {
  const current = unwrapExpression(node);
  if (current.type !== 'MemberExpression' || unwrapExpression(current.object).type !== 'ThisExpression') return null;
  if (current.computed && current.property.type === 'Identifier') return `[${current.property.name}]`;
  return getPropertyName(current);
}

/** True when the constructor keeps parameter `name` on the instance (`this.x = name`, a parameter property). */
export function constructorKeepsParameter(constructor: TSESTree.FunctionExpression, name: string): boolean {
  for (const parameter of constructor.params) {
    if (parameter.type === 'TSParameterProperty') {
      const inner = parameter.parameter.type === 'AssignmentPattern' ? parameter.parameter.left : parameter.parameter;
      if (inner.type === 'Identifier' && inner.name === name) return true;
    }
  }
  const stack: TSESTree.Node[] = [constructor.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'AssignmentExpression') {
      const right = unwrapExpression(node.right);
      if (right.type === 'Identifier' && right.name === name && thisField(node.left) !== null) return true;
    }
    // `Object.assign(this, { runner })`, `this.x = { name }`: kept as well.
    if (node.type === 'Property' && node.shorthand && node.key.type === 'Identifier' && node.key.name === name) return true;
    if (isFunctionNode(node) && node !== constructor) {
      // Arrow callbacks see the same `this`; function expressions do not.
      if (node.type !== 'ArrowFunctionExpression') continue;
    }
    stack.push(...childNodes(node));
  }
  return false;
}


const KEEPING_METHODS = new Set(['push', 'unshift', 'add', 'set']);

/**
 * The instance field in which `fn` keeps its parameter `name`: `this.x = name`, `this.items[id] = name`,
 * `this.items[id] = { layer: name }`, `this.items.push(name)`, `this.byId.set(id, name)`. The instance then
 * holds an object its caller handed it (a layer a control lists, a client a pool tracks), without
 * having created it. Null when `fn` (or an arrow in it) stores it nowhere on `this`.
 */
export function fieldKeepingParameter(fn: FunctionNode, name: string): string | null {
  const isParameter = (node: TSESTree.Node | undefined): boolean => {
    const value = node ? unwrapExpression(node) : null;
    if (!value) return false;
    if (value.type === 'Identifier') return value.name === name;
    // `{ layer: layer, name: name }`: a record of the parameter.
    return value.type === 'ObjectExpression' && value.properties.some((property) => property.type === 'Property' && !property.computed && unwrapExpression(property.value as TSESTree.Node).type === 'Identifier' && (unwrapExpression(property.value as TSESTree.Node) as TSESTree.Identifier).name === name);
  };
  const fieldOf = (node: TSESTree.Node): string | null => {
    let current = unwrapExpression(node);
    // `this.items[id]` → `items`.
    if (current.type === 'MemberExpression' && current.computed && unwrapExpression(current.object).type === 'MemberExpression') current = unwrapExpression(current.object);
    return thisField(current);
  };
  const stack: TSESTree.Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'AssignmentExpression' && node.operator === '=' && isParameter(node.right)) {
      const field = fieldOf(node.left);
      if (field !== null) return field;
    }
    if (node.type === 'CallExpression') {
      const callee = unwrapExpression(node.callee);
      const method = callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
      if (callee.type === 'MemberExpression' && method !== null && KEEPING_METHODS.has(method) && isParameter(node.arguments.at(-1))) {
        const field = thisField(callee.object);
        if (field !== null) return field;
      }
    }
    if (isFunctionNode(node) && node !== fn && node.type !== 'ArrowFunctionExpression') continue;
    stack.push(...childNodes(node));
  }
  return null;
}

/**
 * The object whose `this` a piece of code runs with, as one owner: an ES class, or an
 * ES5 constructor function with its `X.prototype.m = function () {}` methods.
 */
export interface InstanceOwner {
  readonly kind: 'class' | 'prototype';
  readonly name: string | null;
  /** The class, or the constructor function (`function X() {}` or `var X = function () {}`). */
  readonly node: ClassNode | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;
  /** The code that sees the instance as `this`: the class body, or the constructor and every prototype method. */
  readonly bodies: readonly TSESTree.Node[];
  /** Member names (methods), for teardown lookups. */
  readonly members: ReadonlyMap<string, FunctionNode>;
}

const prototypeOwners = new WeakMap<TSESTree.Program, Map<string, InstanceOwner>>();

function programOf(node: TSESTree.Node): TSESTree.Program {
  let current = node;
  while (current.parent) current = current.parent;
  return current as TSESTree.Program;
}

/** Prototype-style classes of a program: `function X() {}` plus `X.prototype.m = function () {}`. */
function prototypeClasses(program: TSESTree.Program): Map<string, InstanceOwner> {
  let cached = prototypeOwners.get(program);
  if (cached) return cached;
  const constructors = new Map<string, TSESTree.FunctionDeclaration | TSESTree.FunctionExpression>();
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'FunctionDeclaration' && declaration.id) constructors.set(declaration.id.name, declaration);
    // `var Socket = function (opts) { … }`: the same constructor, written as an expression.
    if (declaration?.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) {
        const init = declarator.init ? unwrapExpression(declarator.init) : null;
        if (declarator.id.type === 'Identifier' && init?.type === 'FunctionExpression') constructors.set(declarator.id.name, init);
      }
    }
  }
  const methods = new Map<string, Map<string, FunctionNode>>();
  for (const statement of program.body) {
    if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') continue;
    const { left, right } = statement.expression;
    const target = unwrapExpression(left);
    if (target.type !== 'MemberExpression') continue;
    const object = unwrapExpression(target.object);
    // `X.prototype.m = function () {}`
    if (object.type === 'MemberExpression' && getPropertyName(object) === 'prototype' && unwrapExpression(object.object).type === 'Identifier') {
      const name = (unwrapExpression(object.object) as TSESTree.Identifier).name;
      const method = getPropertyName(target);
      const value = unwrapExpression(right);
      if (method && isFunctionNode(value) && constructors.has(name)) {
        const map = methods.get(name) ?? new Map<string, FunctionNode>();
        map.set(method, value);
        methods.set(name, map);
      }
    }
    // `X.prototype = { m() {}, n: function () {} }`
    if (getPropertyName(target) === 'prototype' && object.type === 'Identifier' && constructors.has(object.name) && unwrapExpression(right).type === 'ObjectExpression') {
      const map = methods.get(object.name) ?? new Map<string, FunctionNode>();
      for (const property of (unwrapExpression(right) as TSESTree.ObjectExpression).properties) {
        if (property.type !== 'Property') continue;
        const method = getPropertyName(property);
        if (method && isFunctionNode(property.value)) map.set(method, property.value);
      }
      methods.set(object.name, map);
    }
  }
  cached = new Map();
  for (const [name, members] of methods) {
    const constructor = constructors.get(name)!;
    cached.set(name, { kind: 'prototype', name, node: constructor, bodies: [constructor, ...members.values()], members });
  }
  prototypeOwners.set(program, cached);
  return cached;
}

const classOwners = new WeakMap<ClassNode, InstanceOwner>();

function classOwner(classNode: ClassNode): InstanceOwner {
  let owner = classOwners.get(classNode);
  if (!owner) {
    const members = new Map<string, FunctionNode>();
    for (const member of classNode.body.body) {
      if (member.type === 'MethodDefinition' && !member.static) {
        const name = getPropertyName(member);
        if (name && isFunctionNode(member.value)) members.set(name, member.value);
      }
    }
    owner = { kind: 'class', name: classNode.id?.name ?? null, node: classNode, bodies: [classNode.body], members };
    classOwners.set(classNode, owner);
  }
  return owner;
}

/**
 * The instance owner whose `this` `node` sees: walks out through arrows (and through plain
 * functions when `this` was aliased, `var self = this`), to a class body or to a prototype-style
 * constructor or method.
 */
export function instanceOwnerOf(node: TSESTree.Node): InstanceOwner | null {
  let current: TSESTree.Node | undefined = node.parent;
  let outermostFunction: FunctionNode | null = null;
  while (current) {
    if (current.type === 'ClassBody') return classOwner(current.parent as ClassNode);
    if (isFunctionNode(current)) outermostFunction = current;
    current = current.parent;
  }
  if (!outermostFunction) return null;
  const classes = prototypeClasses(programOf(node));
  for (const owner of classes.values()) {
    if (owner.bodies.includes(outermostFunction)) return owner;
  }
  return null;
}

/** `this`, or a variable that aliases it (`const self = this`, `var that = this`). */
export function isThisLike(node: TSESTree.Node, resolve: (identifier: TSESTree.Identifier) => { defs: readonly { type: string; node: TSESTree.Node }[] } | null): boolean {
  const current = unwrapExpression(node);
  if (current.type === 'ThisExpression') return true;
  if (current.type !== 'Identifier') return false;
  const definition = resolve(current)?.defs[0];
  if (definition?.type !== 'Variable' || definition.node.type !== 'VariableDeclarator') return false;
  const init = definition.node.init ? unwrapExpression(definition.node.init) : null;
  return init?.type === 'ThisExpression';
}

/**
 * True when the owner has an end of its own (a terminal or restartable teardown). An owner
 * without one lives as long as whatever holds it, so what it registers or starts on longer-lived
 * objects is not left behind by any teardown: the rules stay silent about it.
 */
export function ownerHasEnd(owner: InstanceOwner, extraTeardowns: ReadonlySet<string> = new Set()): boolean {
  if (owner.kind === 'class') return teardownsOf(owner.node as ClassNode, extraTeardowns).length > 0 || isFrameworkManaged(owner.node as ClassNode);
  for (const name of owner.members.keys()) {
    if (TERMINAL_TEARDOWN_NAMES.includes(name) || RESTARTABLE_TEARDOWN_NAMES.includes(name) || extraTeardowns.has(name)) return true;
  }
  return false;
}

/**
 * True when the owner has a terminal teardown (`destroy`, `close`, `dispose`…): its instances end,
 * and whatever the process keeps (a global, a module's emitter) outlives each of them.
 */
export function ownerHasTerminalEnd(owner: InstanceOwner, extraTerminal: ReadonlySet<string> = new Set()): boolean {
  if (owner.kind === 'class') return terminalTeardownOf(owner.node as ClassNode, extraTerminal) !== null;
  for (const name of owner.members.keys()) {
    if (TERMINAL_TEARDOWN_NAMES.includes(name) || extraTerminal.has(name)) return true;
  }
  return false;
}

/** Lifecycle hooks of dependency-injection frameworks, called once per instance the container makes. */
const CONTAINER_HOOKS = new Set(['onModuleInit', 'onApplicationBootstrap', 'onModuleDestroy', 'beforeApplicationShutdown', 'onApplicationShutdown', 'ngOnInit', 'ngOnDestroy']);

/**
 * Whether what the constructor receives comes from a framework's container (Angular, NestJS, a web
 * component's host), which hands the same long-lived services to many shorter-lived instances. A plain
 * `new Helper(conference)` is more often made by its target for itself: the two share one life.
 */
export function injectedByContainer(classNode: ClassNode): boolean {
  if (isFrameworkManaged(classNode) || (classNode.decorators ?? []).length > 0) return true;
  return classNode.body.body.some((member) => member.type === 'MethodDefinition' && CONTAINER_HOOKS.has(getPropertyName(member) ?? ''));
}

/** Hooks whose callback runs each time a component mounts or its dependencies change. */
const EFFECT_HOOKS = /^(?:use(?:Layout|Insertion)?Effect|onMounted|onMount|onBeforeMount|onActivated|watchEffect|afterRender|afterNextRender)$/;

/**
 * Whether a UI framework creates and destroys what runs `node`, again and again: a component or
 * element class, a Vue-style options object (`{ mounted() { … } }`), or the callback of an effect
 * hook (`useEffect(() => …)`, `onMounted(…)`). Its end is the framework's, not this file's to show.
 */
export function endsWithFramework(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'ClassDeclaration' || current.type === 'ClassExpression') return isFrameworkManaged(current) && !isRootComponent(current) && runsPerMount(node, current);
    if (isFunctionNode(current) && current.parent?.type === 'CallExpression' && current.parent.arguments.includes(current as never)) {
      const callee = unwrapExpression(current.parent.callee);
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
      if (name !== null && EFFECT_HOOKS.test(name)) return true;
    }
    if (current.type === 'ObjectExpression' && current.properties.some((property) => property.type === 'Property' && FRAMEWORK_HOOKS.has(getPropertyName(property) ?? '') && isFunctionNode(property.value))) return true;
  }
  return false;
}

/**
 * Code of a framework-managed class that each mount runs: its constructor, field initialisers, lifecycle
 * hooks, and the methods they call. A method only other code calls (`init()`, run once per page by the
 * app) tells nothing about mounts.
 */
function runsPerMount(node: TSESTree.Node, classNode: ClassNode): boolean {
  const member = classNode.body.body.find((element) => element.range[0] <= node.range[0] && node.range[1] <= element.range[1]);
  if (!member) return false;
  if (member.type !== 'MethodDefinition' && !(member.type === 'PropertyDefinition' && member.value && isFunctionNode(member.value))) return true;
  if (member.type === 'MethodDefinition' && member.kind === 'constructor') return true;
  return membersRunPerMount(classNode).has(member);
}

const perMountMembers = new WeakMap<ClassNode, Set<TSESTree.ClassElement>>();

function membersRunPerMount(classNode: ClassNode): Set<TSESTree.ClassElement> {
  const cached = perMountMembers.get(classNode);
  if (cached) return cached;
  const runs = new Set<TSESTree.ClassElement>();
  perMountMembers.set(classNode, runs);
  const queue: TSESTree.ClassElement[] = [];
  for (const element of classNode.body.body) {
    const name = element.type === 'MethodDefinition' || element.type === 'PropertyDefinition' ? getPropertyName(element) : null;
    if ((element.type === 'MethodDefinition' && element.kind === 'constructor') || (name !== null && FRAMEWORK_HOOKS.has(name))) {
      runs.add(element);
      queue.push(element);
    }
  }
  const byName = new Map<string, TSESTree.ClassElement>();
  for (const element of classNode.body.body) {
    const name = element.type === 'MethodDefinition' || element.type === 'PropertyDefinition' ? getPropertyName(element) : null;
    if (name !== null) byName.set(name, element);
  }
  while (queue.length > 0) {
    const element = queue.pop()!;
    someNode(element, (child) => {
      if (child.type !== 'CallExpression' || child.callee.type !== 'MemberExpression' || unwrapExpression(child.callee.object).type !== 'ThisExpression') return false;
      const called = byName.get(getPropertyName(child.callee) ?? '');
      if (called && !runs.has(called)) {
        runs.add(called);
        queue.push(called);
      }
      return false;
    }, { intoFunctions: true });
  }
  return runs;
}

/**
 * The application's root component, by the frameworks' naming convention (`App` in React, Preact and
 * Vue starters, `AppComponent` in Angular's): rendered once for the page, so its unmount is the page's
 * end, not an end before its window or document.
 */
const ROOT_COMPONENT = /^(?:App|AppComponent|AppRoot|Root|RootComponent)$/;

function isRootComponent(classNode: ClassNode): boolean {
  const name = classNameOf(classNode);
  return name !== null && ROOT_COMPONENT.test(name);
}

/** UI components and elements: the framework creates and destroys them, with or without a teardown method. */
function isFrameworkManaged(classNode: ClassNode): boolean {
  for (const member of classNode.body.body) {
    if (member.type === 'MethodDefinition' && FRAMEWORK_HOOKS.has(getPropertyName(member) ?? '')) return true;
  }
  for (const decorator of classNode.decorators ?? []) {
    const expression = unwrapExpression(decorator.expression);
    const callee = expression.type === 'CallExpression' ? unwrapExpression(expression.callee) : expression;
    if (callee.type === 'Identifier' && FRAMEWORK_DECORATORS.has(callee.name)) return true;
  }
  const base = classNode.superClass ? unwrapExpression(classNode.superClass) : null;
  if (base?.type === 'Identifier' && FRAMEWORK_BASES.test(base.name)) return true;
  return base?.type === 'MemberExpression' && FRAMEWORK_BASES.test(`${unwrapExpression(base.object).type === 'Identifier' ? (unwrapExpression(base.object) as TSESTree.Identifier).name : ''}.${getPropertyName(base) ?? ''}`);
}

const START_METHODS = /^(?:start|mount|connect|open|listen|run|begin|enable|activate|resume|schedule|startPolling|poll|watch|boot|show|attach\w*)$/;

/** Inside a method that begins a lifecycle (`start()`, `mount()`, `show()`): a missing stop is the bug. */
export function inStartMethod(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'MethodDefinition') return current.kind === 'method' && START_METHODS.test(getPropertyName(current) ?? '');
    if (current.type === 'AssignmentExpression' && isFunctionNode(unwrapExpression(current.right))) {
      const left = unwrapExpression(current.left);
      if (left.type === 'MemberExpression') return START_METHODS.test(getPropertyName(left) ?? '');
    }
  }
  return false;
}

type Resolve = (identifier: TSESTree.Identifier) => { defs: readonly { type: string; node: TSESTree.Node }[]; references: readonly { identifier: TSESTree.Identifier | TSESTree.JSXIdentifier }[] } | null;

const boundOwners = new WeakMap<TSESTree.FunctionDeclaration, InstanceOwner | null>();

/**
 * The owner a module-level helper runs as, when every use of it passes the owner's `this`:
 * `function cleanup() { clearTimeout(this._closeTimer) }` used only as `cleanup.call(this)`,
 * `cleanup.apply(this, args)` or `cleanup.bind(this, true)` from the owner's methods.
 */
export function boundThisOwnerOf(thisNode: TSESTree.Node, resolve: Resolve): InstanceOwner | null {
  let fn: TSESTree.Node | undefined = thisNode.parent;
  while (fn && !(isFunctionNode(fn) && fn.type !== 'ArrowFunctionExpression')) fn = fn.parent;
  if (fn?.type !== 'FunctionDeclaration' || !fn.id || fn.parent?.type !== 'Program') return null;
  if (boundOwners.has(fn)) return boundOwners.get(fn)!;
  boundOwners.set(fn, null);
  const variable = resolve(fn.id);
  let owner: InstanceOwner | null = null;
  let uses = 0;
  for (const reference of variable?.references ?? []) {
    const member = reference.identifier.parent;
    if (member?.type !== 'MemberExpression' || member.object !== reference.identifier) return null;
    const method = getPropertyName(member);
    const call = member.parent;
    if ((method !== 'call' && method !== 'apply' && method !== 'bind') || call?.type !== 'CallExpression' || call.callee !== member) return null;
    const receiver = call.arguments[0];
    if (!receiver || !isThisLike(receiver, resolve)) return null;
    // The caller may itself be such a helper (`establishConnection.call(this)` binding `cleanup.bind(this)`).
    const callerOwner = instanceOwnerOf(call) ?? boundThisOwnerOf(thisOf(receiver, resolve) ?? receiver, resolve);
    // A `this` whose owner this file cannot tell (inside a plain callback) neither confirms nor denies.
    if (!callerOwner) continue;
    if (owner && owner !== callerOwner) return null;
    owner = callerOwner;
    uses += 1;
  }
  const result = uses > 0 ? owner : null;
  boundOwners.set(fn, result);
  return result;
}

/**
 * True when another object of the same file holds the instance in a field and lets it go by
 * assigning null (`this.callState = new CallState(); … this.callState = null`): that drop is
 * the instance's end of life, whether or not the class has a teardown method to call there.
 */
export function isDroppedByHolder(owner: InstanceOwner): boolean {
  if (owner.kind !== 'class' || !owner.name) return false;
  const { held, dropped } = holdingsOf(programOf(owner.node));
  return [...(held.get(owner.name) ?? [])].some((field) => dropped.has(field));
}

interface Holdings {
  /** Class name → the fields assigned `new ThatClass(…)`. */
  readonly held: Map<string, Set<string>>;
  /** Fields assigned `null` or `undefined`. */
  readonly dropped: Set<string>;
}

const holdingsCache = new WeakMap<TSESTree.Program, Holdings>();

/** One walk of the program for every class's question (a walk per class is quadratic on big files). */
function holdingsOf(program: TSESTree.Program): Holdings {
  const cached = holdingsCache.get(program);
  if (cached) return cached;
  const holdings: Holdings = { held: new Map(), dropped: new Set() };
  const stack: TSESTree.Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'AssignmentExpression' && node.operator === '=') {
      const left = unwrapExpression(node.left);
      const right = unwrapExpression(node.right);
      const field = left.type === 'MemberExpression' ? getPropertyName(left) : null;
      if (field) {
        const callee = right.type === 'NewExpression' ? unwrapExpression(right.callee) : null;
        if (callee?.type === 'Identifier') {
          let fields = holdings.held.get(callee.name);
          if (!fields) holdings.held.set(callee.name, (fields = new Set()));
          fields.add(field);
        }
        if ((right.type === 'Literal' && right.value === null) || (right.type === 'Identifier' && right.name === 'undefined')) holdings.dropped.add(field);
      }
    }
    stack.push(...childNodes(node));
  }
  holdingsCache.set(program, holdings);
  return holdings;
}

/** The `this` a receiver stands for: itself, or the `this` an alias (`var self = this`) was initialised with. */
function thisOf(receiver: TSESTree.Node, resolve: Resolve): TSESTree.Node | null {
  const current = unwrapExpression(receiver);
  if (current.type === 'ThisExpression') return current;
  if (current.type !== 'Identifier') return null;
  const definition = resolve(current)?.defs[0];
  return definition?.node.type === 'VariableDeclarator' && definition.node.init ? definition.node.init : null;
}
