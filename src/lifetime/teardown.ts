import type { TSESTree } from '@typescript-eslint/utils';
import { getPropertyName, isFunctionNode, type ClassNode, type FunctionNode } from '../ast/nodes.js';

/**
 * What a cleanup member ends:
 * - `terminal`: the owner's end of life (`dispose()`, `destroy()`, `close()`, `[Symbol.dispose]`,
 *   framework unmount/destroy hooks): a removal belongs here;
 * - `restartable`: a pause the owner comes back from (`stop()` next to `start()`, `disconnect()`
 *   next to `connect()`): removing a listener registered once in the constructor here makes the
 *   restarted owner deaf;
 * - `per-item`: tears down one of many things the owner manages (`destroy(id)`, `close(conn)`).
 */
export type TeardownKind = 'terminal' | 'restartable' | 'per-item';

export interface Teardown {
  readonly kind: TeardownKind;
  readonly name: string;
  readonly member: TSESTree.ClassElement | TSESTree.Property;
  readonly fn: FunctionNode | null;
}

/** Names that end an owner's life. */
export const TERMINAL_TEARDOWN_NAMES: readonly string[] = [
  'dispose', 'destroy', 'close', 'terminate', 'shutdown', 'end', 'quit', 'kill', 'teardown', 'cleanup', 'cleanUp', 'release', 'free', 'unmount',
  'componentWillUnmount', 'ngOnDestroy', 'disconnectedCallback', 'beforeUnmount', 'unmounted', 'beforeDestroy', 'destroyed',
  'onModuleDestroy', 'onApplicationShutdown', 'beforeApplicationShutdown', 'onDestroy', 'onUnmount', 'onClose', 'onDispose', 'willDestroy',
];
/** Names of pauses; terminal only when the owner has no way back. */
export const RESTARTABLE_TEARDOWN_NAMES: readonly string[] = ['stop', 'pause', 'disconnect', 'deactivate', 'suspend', 'detach', 'unsubscribe', 'unwatch', 'unlisten'];
/** The way back from a pause, by teardown name. */
const COUNTERPARTS: Readonly<Record<string, readonly string[]>> = {
  stop: ['start', 'restart', 'resume', 'run', 'begin'],
  pause: ['resume', 'start', 'unpause', 'play'],
  disconnect: ['connect', 'reconnect'],
  deactivate: ['activate'],
  suspend: ['resume'],
  detach: ['attach'],
  unsubscribe: ['subscribe'],
  unwatch: ['watch'],
  unlisten: ['listen'],
  close: ['open', 'reopen'],
  end: ['begin', 'start'],
};
/** The methods that bring an owner back from the pause `name` (`stop` → `start`, `restart`, …). */
export function counterpartsOf(name: string): readonly string[] {
  return Object.hasOwn(COUNTERPARTS, name) ? COUNTERPARTS[name]! : [];
}
/** Words that undo each other in method names (`onAdd`/`onRemove`, `connectedCallback`/`disconnectedCallback`). */
const OPPOSITE_WORDS: ReadonlyMap<string, string> = new Map(
  [
    ['add', 'remove'], ['attach', 'detach'], ['show', 'hide'], ['open', 'close'], ['mount', 'unmount'], ['enable', 'disable'],
    ['start', 'stop'], ['connect', 'disconnect'], ['connected', 'disconnected'], ['subscribe', 'unsubscribe'], ['bind', 'unbind'],
    ['listen', 'unlisten'], ['activate', 'deactivate'], ['resume', 'pause'], ['watch', 'unwatch'], ['install', 'uninstall'],
  ].flatMap(([a, b]) => [[a!, b!], [b!, a!]]),
);

/**
 * Whether two methods undo each other: a teardown and its way back (`stop`/`start`), or two names that
 * differ only in one pair of opposite words (`onAdd`/`onRemove`, `showPopup`/`hidePopup`). A framework
 * or caller alternates them.
 */
export function areCounterparts(a: string, b: string): boolean {
  if (counterpartsOf(a).includes(b) || counterpartsOf(b).includes(a)) return true;
  const left = nameWords(a);
  const right = nameWords(b);
  if (left.length !== right.length) return false;
  let differences = 0;
  for (let index = 0; index < left.length; index += 1) {
    if (left[index] === right[index]) continue;
    if (OPPOSITE_WORDS.get(left[index]!) !== right[index]) return false;
    differences += 1;
  }
  return differences === 1;
}

function nameWords(name: string): string[] {
  return name.replace(/^[_$#]+|[_$]+$/g, '').split(/_+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean).map((word) => word.toLowerCase());
}

const SYMBOL_TEARDOWNS = new Set(['dispose', 'asyncDispose']);
/** Parameters that do not name an item: callbacks, reasons, options. */
const NON_ITEM_PARAMETER = /^(?:cb|callback|done|next|err|error|reason|code|signal|options|opts|force|graceful|timeout|ms|_.*)$/i;

const TERMINAL = new Set(TERMINAL_TEARDOWN_NAMES);
const RESTARTABLE = new Set(RESTARTABLE_TEARDOWN_NAMES);

/** The name of a class member, with `[Symbol.dispose]` spelt `Symbol.dispose`. */
export function memberName(member: TSESTree.ClassElement | TSESTree.Property): string | null {
  if (member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition' && member.type !== 'Property') return null;
  if (member.computed && member.key.type === 'MemberExpression') {
    const object = member.key.object;
    const property = getPropertyName(member.key);
    if (object.type === 'Identifier' && object.name === 'Symbol' && property && SYMBOL_TEARDOWNS.has(property)) return `Symbol.${property}`;
    return null;
  }
  return getPropertyName(member);
}

function functionOf(member: TSESTree.ClassElement | TSESTree.Property): FunctionNode | null {
  if (member.type === 'MethodDefinition' || member.type === 'Property') return isFunctionNode(member.value) ? member.value : null;
  if (member.type === 'PropertyDefinition') return isFunctionNode(member.value) ? member.value : null;
  return null;
}

function hasItemParameter(fn: FunctionNode | null): boolean {
  if (!fn) return false;
  for (const parameter of fn.params) {
    if (parameter.type === 'AssignmentPattern' || parameter.type === 'RestElement') continue;
    if (parameter.type === 'Identifier') {
      if (parameter.optional || NON_ITEM_PARAMETER.test(parameter.name)) continue;
      return true;
    }
    if (parameter.type === 'TSParameterProperty') continue;
    // A destructured first parameter is options.
    if (parameter.type === 'ObjectPattern') continue;
    return true;
  }
  return false;
}

/** Classifies one member as a teardown, or null when its name is not a teardown's. */
export function classifyTeardown(member: TSESTree.ClassElement | TSESTree.Property, siblings: ReadonlySet<string>, extraTerminal: ReadonlySet<string> = new Set()): Teardown | null {
  const name = memberName(member);
  if (name === null) return null;
  const fn = functionOf(member);
  const terminal = TERMINAL.has(name) || extraTerminal.has(name) || name.startsWith('Symbol.');
  const pause = RESTARTABLE.has(name);
  if (!terminal && !pause) return null;
  if (hasItemParameter(fn)) return { kind: 'per-item', name, member, fn };
  const counterparts = COUNTERPARTS[name] ?? [];
  if (counterparts.some((counterpart) => siblings.has(counterpart))) return { kind: 'restartable', name, member, fn };
  return { kind: 'terminal', name, member, fn };
}

/**
 * How strongly a terminal teardown's name says "end of life", strongest first: a configured
 * cleanup method, then the order of TERMINAL_TEARDOWN_NAMES (`dispose`, `destroy`, `close`, …,
 * then framework hooks and `on…` handlers such as `onClose`, which are often event handlers
 * that restart something); `[Symbol.dispose]` and the like after the names (they usually call one).
 */
function terminalRank(teardown: Teardown, extraTerminal: ReadonlySet<string>): number {
  if (extraTerminal.has(teardown.name)) return -1;
  const index = TERMINAL_TEARDOWN_NAMES.indexOf(teardown.name);
  return index === -1 ? TERMINAL_TEARDOWN_NAMES.length : index;
}

/** Every teardown member of a class (or object literal), terminal ones first, the strongest-named terminal one first of all. */
export function teardownsOf(owner: ClassNode | TSESTree.ObjectExpression, extraTerminal: ReadonlySet<string> = new Set()): Teardown[] {
  const members = owner.type === 'ObjectExpression' ? owner.properties.filter((p): p is TSESTree.Property => p.type === 'Property') : owner.body.body;
  const siblings = new Set<string>();
  for (const member of members) {
    const name = memberName(member);
    if (name) siblings.add(name);
  }
  const result: Teardown[] = [];
  for (const member of members) {
    if ('static' in member && member.static) continue;
    const teardown = classifyTeardown(member, siblings, extraTerminal);
    if (teardown) result.push(teardown);
  }
  const order: Record<TeardownKind, number> = { terminal: 0, restartable: 1, 'per-item': 2 };
  return result.sort((a, b) => order[a.kind] - order[b.kind] || (a.kind === 'terminal' && b.kind === 'terminal' ? terminalRank(a, extraTerminal) - terminalRank(b, extraTerminal) : 0));
}

/** The owner's terminal teardown: where a removal that ends with the owner belongs. */
export function terminalTeardownOf(owner: ClassNode | TSESTree.ObjectExpression, extraTerminal: ReadonlySet<string> = new Set()): Teardown | null {
  return teardownsOf(owner, extraTerminal).find((teardown) => teardown.kind === 'terminal') ?? null;
}
