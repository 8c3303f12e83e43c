import { inStartMethod, instanceOwnerOf, isThisLike, lifetimeModelOf, ownerHasEnd, terminalTeardownOf, type InstanceOwner } from '../lifetime/index.js';
import type { TSESTree } from '@typescript-eslint/utils';
import {
  climbWrappers,
  enclosingClass,
  enclosingFunction,
  getCalleeName,
  getPropertyName,
  getStaticString,
  isFunctionNode,
  isModuleLevel,
  referencePath,
  unwrapExpression,
  type ClassNode,
  type FunctionNode,
} from '../ast/nodes.js';
import { importSourceOf, isGlobalReference, isModuleScopeVariable, resolveVariable, type Variable } from '../ast/scope.js';
import type { Detector, DetectorSource } from '../ast/traverse.js';
import { childNodes, forEachNode, pushChildNodes } from '../ast/walk.js';
import { nameMentions } from './source-mentions.js';

export interface TimerCleanupOptions {
  /** Report intervals started at module level (they run for the life of the process by design in most services). */
  checkModuleScope: boolean;
  /** Report `setTimeout` handles kept in class fields and never cleared. */
  checkTimeoutFields: boolean;
  /** Report the timer of a `Promise.race` timeout branch that is never cleared. */
  checkRaceTimers: boolean;
}

export type TimerFunction = 'setInterval' | 'setTimeout';

/** Where the handle of a timer goes. */
export type TimerStorage =
  | { kind: 'discarded' }
  | { kind: 'variable'; name: string; identifier: TSESTree.Identifier }
  | { kind: 'field'; path: string; member: TSESTree.MemberExpression; owner: InstanceOwner };

export type TimerProblem =
  /** `setInterval(...)` whose handle is thrown away: it can never be stopped. */
  | 'discardedInterval'
  /** An interval kept in a variable or field that is never cleared. */
  | 'unclearedInterval'
  /** A `setTimeout` kept in a class field that is never cleared. */
  | 'unclearedTimeoutField'
  /** The timer of a `Promise.race` timeout branch, never cleared when the other branch wins. */
  | 'unclearedRaceTimer'
  /** `this.t = setTimeout(…)` again while the first may be pending: the first can no longer be cancelled. */
  | 'overwrittenTimeout';

export interface TimerCleanupFinding {
  readonly problem: TimerProblem;
  /** The `setInterval(...)`/`setTimeout(...)` call. */
  readonly node: TSESTree.CallExpression;
  readonly timerFunction: TimerFunction;
  readonly clearFunction: 'clearInterval' | 'clearTimeout';
  readonly storage: TimerStorage;
  /** The class whose cleanup method should clear the timer, when there is one. */
  readonly ownerClass: ClassNode | null;
  /** The instance owner (an ES class or a prototype-style constructor), for messages. */
  readonly ownerName: string | null;
  /** The function the timer is started in (null at module level). */
  readonly ownerFunction: FunctionNode | null;
  /** For race timers: the `Promise.race(...)` call. */
  readonly raceCall: TSESTree.CallExpression | null;
  /**
   * When the timer starts in a listener callback (`wss.on('connection', socket => …)`):
   * that event. Such a timer belongs to the per-event object, not to the class around it.
   */
  readonly callbackEvent: string | null;
}

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'addEventListener']);

/** The event a function is registered for, when it is passed as a listener: `x.on('connection', fn)`. */
function listenerEventOf(fn: FunctionNode | null): string | null {
  const parent = fn?.parent;
  if (parent?.type !== 'CallExpression' || !parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) return null;
  const name = getCalleeName(parent);
  if (name === null || !LISTENER_METHODS.has(name) || unwrapExpression(parent.callee).type !== 'MemberExpression') return null;
  return getStaticString(parent.arguments[0]);
}

const TIMER_HOSTS = new Set(['globalThis', 'window', 'self', 'global']);
const TIMER_MODULES = new Set(['timers', 'node:timers']);
const CLEAR_FUNCTIONS = new Set(['clearInterval', 'clearTimeout']);
/** Methods on a Node.js `Timeout` that neither clear it nor let the handle escape. */
const NEUTRAL_HANDLE_METHODS = new Set(['ref', 'unref', 'hasRef', 'refresh']);
/** Methods on a Node.js `Timeout` that stop it. */
const STOPPING_HANDLE_METHODS = new Set(['close']);

const TIMER_MENTIONS = nameMentions(['setInterval', 'setTimeout']);

/**
 * False when the source cannot start a timer (it never spells `setInterval`
 * or `setTimeout`): then the detector has nothing to find, and a rule can
 * skip registering any visitor for the file.
 */
export function mayStartTimers(text: string): boolean {
  return TIMER_MENTIONS.mayMention(text);
}

/**
 * Finds intervals that can never be stopped and timeouts that outlive what
 * started them. Matching a handle to its clear uses scope analysis for
 * variables (so `useEffect` cleanups and closures are followed exactly) and
 * the class body for `this.` fields. A handle that escapes — returned, passed
 * to a function, stored elsewhere — is assumed to be cleared by whoever got it.
 */
export function createTimerCleanupDetector(
  source: DetectorSource,
  options: TimerCleanupOptions,
): Detector<TimerCleanupFinding> {
  if (!mayStartTimers(source.text)) return { visitors: {}, finish: () => [] };
  const timerCalls: { node: TSESTree.CallExpression; timerFunction: TimerFunction }[] = [];
  const raceCalls: TSESTree.CallExpression[] = [];
  const { scopeManager } = source;
  const model = lifetimeModelOf(source);
  let clearedProperties: Set<string> | null = null;
  const isThisAlias = (node: TSESTree.Node): boolean => isThisLike(node, (identifier) => resolveVariable(scopeManager, identifier));

  /**
   * `function scheduleRevive(pool) { pool.reviveTimer = setTimeout(…) }` called as
   * `scheduleRevive(this)` from the owner's methods: `pool` stands for that owner.
   */
  function helperOwnerParameter(node: TSESTree.Node): InstanceOwner | null {
    const current = unwrapExpression(node);
    if (current.type !== 'Identifier') return null;
    const definition = resolveVariable(scopeManager, current)?.defs[0];
    if (definition?.type !== 'Parameter' || definition.node.type !== 'FunctionDeclaration' || !definition.node.id) return null;
    const fn = definition.node;
    const index = fn.params.indexOf(definition.name as TSESTree.Parameter);
    const variable = resolveVariable(scopeManager, fn.id!);
    if (index === -1 || !variable || !isModuleScopeVariable(variable)) return null;
    let owner: InstanceOwner | null = null;
    for (const reference of variable.references) {
      const call = reference.identifier.parent;
      if (call?.type !== 'CallExpression' || call.callee !== reference.identifier) continue;
      const argument = call.arguments[index];
      if (!argument || !isThisAlias(argument)) return null;
      const callerOwner = instanceOwnerOf(call);
      if (!callerOwner || (owner && owner !== callerOwner)) return null;
      owner = callerOwner;
    }
    return owner;
  }

  function timerFunctionOf(call: TSESTree.CallExpression): TimerFunction | null {
    const callee = unwrapExpression(call.callee);
    if (callee.type === 'Identifier') {
      if (callee.name !== 'setInterval' && callee.name !== 'setTimeout') return null;
      if (isGlobalReference(scopeManager, callee)) return callee.name;
      const imported = importSourceOf(scopeManager, callee);
      if (imported && TIMER_MODULES.has(imported.source) && (imported.imported === 'setInterval' || imported.imported === 'setTimeout')) {
        return imported.imported;
      }
      return null;
    }
    if (callee.type === 'MemberExpression') {
      const name = getPropertyName(callee);
      if (name !== 'setInterval' && name !== 'setTimeout') return null;
      const object = unwrapExpression(callee.object);
      if (object.type !== 'Identifier') return null;
      if (TIMER_HOSTS.has(object.name) && isGlobalReference(scopeManager, object)) return name;
      const imported = importSourceOf(scopeManager, object);
      if (imported && TIMER_MODULES.has(imported.source)) return name;
    }
    return null;
  }

  return {
    visitors: {
      CallExpression(node) {
        const timerFunction = timerFunctionOf(node);
        if (timerFunction) {
          timerCalls.push({ node, timerFunction });
          return;
        }
        if (isPromiseRace(node)) raceCalls.push(node);
      },
    },
    finish() {
      const findings: TimerCleanupFinding[] = [];
      const raceTimers = options.checkRaceTimers ? collectRaceTimers(raceCalls, source) : new Map<TSESTree.CallExpression, TSESTree.CallExpression>();
      const classUses = new Map<InstanceOwner, Map<string, HandleUse[]>>();

      for (const { node, timerFunction } of timerCalls) {
        // Test code, type tests and one-shot scripts end with their process.
        if (model.isInertCode(node)) continue;
        const storage = storageOf(node, isThisAlias, helperOwnerParameter);
        const ownerFunction = enclosingFunction(node);
        const ownerClass = enclosingClass(node);
        const owner = storage?.kind === 'field' ? storage.owner : instanceOwnerOf(node);
        const raceCall = raceTimers.get(node) ?? null;
        const clearFunction = timerFunction === 'setInterval' ? 'clearInterval' : 'clearTimeout';
        const finding = (problem: TimerProblem): TimerCleanupFinding => ({
          problem,
          node,
          timerFunction,
          clearFunction,
          storage: storage ?? { kind: 'discarded' },
          ownerClass,
          ownerName: owner?.name ?? null,
          ownerFunction,
          raceCall,
          callbackEvent: listenerEventOf(ownerFunction),
        });
        if (storage === null) continue; // escaped: whoever received the handle owns it

        if (raceCall || (timerFunction === 'setTimeout' && storage.kind === 'discarded' && isExecutorRace(node))) {
          if (storage.kind === 'discarded' || !isHandleCleared(storage, owner, classUses)) {
            findings.push(finding('unclearedRaceTimer'));
          }
          continue;
        }
        // An instance with no end of life of its own (no dispose/close/destroy…) lives as long as what
        // holds it: its timers are not left behind by any teardown. (A base class may also clear them.)
        if (owner && !ownerHasEnd(owner) && (inheritsTeardown(owner) || !inStartMethod(node))) continue;
        if (timerFunction === 'setInterval') {
          // Started once per process (at load, by an entry point, a singleton): runs for its life by design.
          if (!options.checkModuleScope && (isModuleLevel(node) || model.runsOnce(node))) continue;
          if (storage.kind === 'discarded') {
            findings.push(finding('discardedInterval'));
          } else if (!isHandleCleared(storage, owner, classUses)) {
            if (storage.kind === 'variable' && !options.checkModuleScope && isModuleVariableStartedAtModuleLevel(storage, node)) continue;
            findings.push(finding('unclearedInterval'));
          }
          continue;
        }
        if (options.checkTimeoutFields && storage.kind === 'field' && owner) {
          if (!isHandleCleared(storage, owner, classUses)) findings.push(finding('unclearedTimeoutField'));
          else if (clearsItself(storage, owner, classUses) && overwritesPendingHandle(storage)) findings.push(finding('overwrittenTimeout'));
        }
      }
      return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
    },
  };

  function isModuleVariableStartedAtModuleLevel(storage: Extract<TimerStorage, { kind: 'variable' }>, node: TSESTree.Node): boolean {
    const variable = resolveVariable(scopeManager, storage.identifier);
    return variable !== null && isModuleScopeVariable(variable) && isModuleLevel(node);
  }

  function isHandleCleared(
    storage: Exclude<TimerStorage, { kind: 'discarded' }>,
    owner: InstanceOwner | null,
    classUses: Map<InstanceOwner, Map<string, HandleUse[]>>,
  ): boolean {
    if (storage.kind === 'variable') {
      const variable = resolveVariable(scopeManager, storage.identifier);
      // Without scope information, stay silent rather than guess.
      if (!variable) return true;
      return variableUses(variable, storage.identifier).some((use) => use !== 'neutral');
    }
    if (!owner) return true;
    let uses = classUses.get(owner);
    if (!uses) {
      uses = collectThisMemberUses(owner, isThisAlias, helperOwnerParameter);
      classUses.set(owner, uses);
    }
    const teardown = owner.kind === 'class' ? terminalTeardownOf(owner.node as ClassNode) : null;
    // Cleared only when an object the owner does not own emits an event (`server.on('close', …)`):
    // the owner's own teardown never stops it.
    // `clearTimeout(this.#ping); this.#ping = setTimeout(…)` only re-arms: it never stops the last one.
    const armingFunction = enclosingFunction(storage.member);
    const reArms = (use: HandleUse): boolean => use.kind === 'cleared' && armingFunction !== null && enclosingFunction(use.node) === armingFunction && use.node.range[0] < storage.member.range[0];
    const counts = (use: HandleUse): boolean => use.kind !== 'neutral' && use.node !== storage.member && !(teardown && use.kind === 'cleared' && inForeignCallback(use.node)) && !(teardown && reArms(use));
    if ((uses.get(storage.path) ?? []).some(counts)) return true;
    // A public field may be cleared through another object of the module (`clearTimeout(this.link.idleTimer)`).
    // …and a `#private` field through any instance of the class (`clearTimeout(this._self.#ping)`).
    const property = storage.path.slice(storage.path.lastIndexOf('.') + 1);
    return (isPublicField(storage, owner) || (property.startsWith('#') && storage.path.split('.').length === 2)) && clearedByPropertyName(property);
  }

  /** The owner's own code clears the field (so a pending timer is meant to be cancellable). */
  function clearsItself(storage: Extract<TimerStorage, { kind: 'field' }>, owner: InstanceOwner, classUses: Map<InstanceOwner, Map<string, HandleUse[]>>): boolean {
    return (classUses.get(owner)?.get(storage.path) ?? []).some((use) => use.kind === 'cleared');
  }

  function clearedByPropertyName(property: string): boolean {
    clearedProperties ??= collectClearedProperties(source.ast);
    return clearedProperties.has(property);
  }
}

type HandleUseKind = 'cleared' | 'escaped' | 'neutral';
interface HandleUse {
  readonly kind: HandleUseKind;
  readonly node: TSESTree.Node;
}

function isPromiseRace(node: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(node.callee);
  return (
    callee.type === 'MemberExpression' &&
    getPropertyName(callee) === 'race' &&
    unwrapExpression(callee.object).type === 'Identifier' &&
    (unwrapExpression(callee.object) as TSESTree.Identifier).name === 'Promise'
  );
}

/**
 * The expression whose value is the timer handle: climbs through
 * `.unref()`/`.ref()` (they return the same Timeout) and type assertions.
 */
function handleExpression(call: TSESTree.CallExpression): TSESTree.Node {
  let current = climbWrappers(call);
  for (;;) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (
      parent?.type === 'MemberExpression' &&
      parent.object === current &&
      (getPropertyName(parent) === 'unref' || getPropertyName(parent) === 'ref') &&
      parent.parent?.type === 'CallExpression' &&
      parent.parent.callee === parent
    ) {
      current = climbWrappers(parent.parent);
      continue;
    }
    return current;
  }
}

/** Where the handle goes; null when it escapes to code this module cannot see. */
function storageOf(call: TSESTree.CallExpression, isThisAlias: (node: TSESTree.Node) => boolean, helperOwner: (node: TSESTree.Node) => InstanceOwner | null): TimerStorage | null {
  const value = handleExpression(call);
  const parent = value.parent;
  if (!parent) return { kind: 'discarded' };
  switch (parent.type) {
    case 'ExpressionStatement':
      return { kind: 'discarded' };
    case 'UnaryExpression':
      return parent.operator === 'void' ? { kind: 'discarded' } : null;
    case 'SequenceExpression':
      return parent.expressions.at(-1) === value ? null : { kind: 'discarded' };
    case 'ArrowFunctionExpression':
      // `resolve => setTimeout(resolve, ms)`: an executor's return value is ignored.
      return parent.body === value && isPromiseExecutor(parent) ? { kind: 'discarded' } : null;
    case 'VariableDeclarator':
      return parent.init === value && parent.id.type === 'Identifier' ? { kind: 'variable', name: parent.id.name, identifier: parent.id } : null;
    case 'AssignmentExpression': {
      if (parent.right !== value || parent.operator !== '=') return null;
      const left = unwrapExpression(parent.left);
      if (left.type === 'Identifier') return { kind: 'variable', name: left.name, identifier: left };
      if (left.type === 'MemberExpression') {
        // `this.t`, `this.quota.resetTimer`, `self.t` (`const self = this`), `pool.t` in a helper called with `this`.
        const root = memberRoot(left);
        const owner = isThisAlias(root) ? instanceOwnerOf(root) : helperOwner(root);
        if (!owner) return null;
        const path = referencePath(left);
        if (!path) return null;
        return { kind: 'field', path: `this${path.slice(path.indexOf('.'))}`, member: left, owner };
      }
      return null;
    }
    case 'PropertyDefinition': {
      if (parent.value !== value || parent.static) return null;
      const name = getPropertyName(parent);
      const owner = instanceOwnerOf(parent);
      return name && owner ? { kind: 'field', path: `this.${name}`, member: parent as never, owner } : null;
    }
    default:
      return null;
  }
}

function isPromiseExecutor(fn: TSESTree.Node): boolean {
  const parent = fn.parent;
  return (
    parent?.type === 'NewExpression' &&
    parent.arguments[0] === fn &&
    unwrapExpression(parent.callee).type === 'Identifier' &&
    (unwrapExpression(parent.callee) as TSESTree.Identifier).name === 'Promise'
  );
}

/** How one read of a handle treats it. */
function classifyHandleRead(read: TSESTree.Node): HandleUseKind {
  const current = climbWrappers(read);
  const parent = current.parent;
  if (!parent) return 'neutral';
  if (parent.type === 'CallExpression' && parent.arguments.includes(current as TSESTree.CallExpressionArgument)) {
    const name = getCalleeName(parent);
    return name !== null && CLEAR_FUNCTIONS.has(name) ? 'cleared' : 'escaped';
  }
  if (parent.type === 'MemberExpression' && parent.object === current) {
    const name = getPropertyName(parent);
    if (name !== null && STOPPING_HANDLE_METHODS.has(name)) return 'cleared';
    if (parent.computed && unwrapExpression(parent.property).type === 'MemberExpression' && referencePath(parent.property) === 'Symbol.dispose') return 'cleared';
    if (name !== null && NEUTRAL_HANDLE_METHODS.has(name)) return 'neutral';
    // Reading a property of the handle (`timer.hasRef`) neither clears nor leaks it.
    return 'neutral';
  }
  switch (parent.type) {
    case 'IfStatement':
    case 'LogicalExpression':
    case 'UnaryExpression':
    case 'BinaryExpression':
    case 'ConditionalExpression':
      // `if (this.timer)`, `!timer`, `timer ?? …` test the handle; they do not hand it out.
      if (parent.type === 'ConditionalExpression' && parent.test !== current) return 'escaped';
      if (parent.type === 'LogicalExpression' && parent.right === current) return 'escaped';
      return 'neutral';
    case 'ExpressionStatement':
      return 'neutral';
    default:
      // Returned, stored elsewhere, put in an array, exported: someone else may clear it.
      return 'escaped';
  }
}

function variableUses(variable: Variable, declaration: TSESTree.Identifier): HandleUseKind[] {
  const uses: HandleUseKind[] = [];
  for (const reference of variable.references) {
    if (reference.identifier === declaration || !reference.isRead()) continue;
    uses.push(classifyHandleRead(reference.identifier));
  }
  // `export let timer` hands the handle to every importer.
  for (const definition of variable.defs) {
    if (definition.node.parent?.parent?.type === 'ExportNamedDeclaration') uses.push('escaped');
  }
  return uses;
}

/** Every `this.<name>` read in a class body, keyed by path, with how each read treats the value. */
function collectThisMemberUses(owner: InstanceOwner, isThisAlias: (node: TSESTree.Node) => boolean, helperOwner: (node: TSESTree.Node) => InstanceOwner | null): Map<string, HandleUse[]> {
  const uses = new Map<string, HandleUse[]>();
  const stack: TSESTree.Node[] = [...owner.bodies];
  // Module helpers that receive the owner as a parameter read its fields too.
  const program = programRoot(owner.node);
  for (const statement of program.body) if (statement.type === 'FunctionDeclaration') stack.push(statement);
  const seen = new Set<TSESTree.Node>();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.type === 'MemberExpression' && isOwnerRoot(memberRoot(node), owner, isThisAlias, helperOwner)) {
      const raw = referencePath(node);
      const path = raw === null ? null : `this${raw.slice(raw.indexOf('.'))}`;
      const parent = node.parent;
      const isWrite = parent?.type === 'AssignmentExpression' && parent.left === node;
      if (path && !isWrite) {
        const list = uses.get(path) ?? [];
        list.push({ kind: classifyHandleRead(node), node });
        uses.set(path, list);
      }
    }
    // A nested class (its body) has its own `this`.
    pushChildNodes(stack, node, (child) => child.type !== 'ClassBody');
  }
  return uses;
}

function memberRoot(node: TSESTree.MemberExpression): TSESTree.Node {
  let current: TSESTree.Node = unwrapExpression(node.object);
  while (current.type === 'MemberExpression') current = unwrapExpression(current.object);
  return current;
}

function isOwnerRoot(root: TSESTree.Node, owner: InstanceOwner, isThisAlias: (node: TSESTree.Node) => boolean, helperOwner: (node: TSESTree.Node) => InstanceOwner | null): boolean {
  if (root.type === 'ThisExpression') return instanceOwnerOf(root) === owner || owner.kind === 'class';
  if (root.type !== 'Identifier') return false;
  if (isThisAlias(root)) return instanceOwnerOf(root) === owner;
  return helperOwner(root) === owner;
}

function programRoot(node: TSESTree.Node): TSESTree.Program {
  let current = node;
  while (current.parent) current = current.parent;
  return current as TSESTree.Program;
}


/**
 * Maps each timer call that forms the timeout branch of a `Promise.race` to
 * that race: timers started in a `new Promise(executor)` element, or in the
 * body of a same-module helper (`timeout(ms)`) whose call is an element.
 */
function collectRaceTimers(
  raceCalls: TSESTree.CallExpression[],
  source: DetectorSource,
): Map<TSESTree.CallExpression, TSESTree.CallExpression> {
  const result = new Map<TSESTree.CallExpression, TSESTree.CallExpression>();
  for (const race of raceCalls) {
    const list = race.arguments[0] ? unwrapExpression(race.arguments[0]) : null;
    if (list?.type !== 'ArrayExpression') continue;
    for (const element of list.elements) {
      if (!element || element.type === 'SpreadElement') continue;
      const branch = unwrapExpression(element);
      for (const executor of timeoutExecutors(branch, source)) {
        for (const timer of timerCallsIn(executor)) if (!result.has(timer)) result.set(timer, race);
      }
    }
  }
  return result;
}

/** Promise executors that a race branch runs: `new Promise(fn)` directly, or returned by a local helper. */
function timeoutExecutors(branch: TSESTree.Node, source: DetectorSource): FunctionNode[] {
  if (branch.type === 'NewExpression') {
    const executor = branch.arguments[0];
    return isPromiseExecutor(executor as TSESTree.Node) && isFunctionNode(executor) ? [executor] : [];
  }
  if (branch.type === 'CallExpression') {
    const callee = unwrapExpression(branch.callee);
    if (callee.type !== 'Identifier') return [];
    const variable = resolveVariable(source.scopeManager, callee);
    const definition = variable?.defs[0];
    if (!definition) return [];
    let fn: TSESTree.Node | null | undefined = null;
    if (definition.type === 'FunctionName') fn = definition.node;
    else if (definition.type === 'Variable' && definition.node.type === 'VariableDeclarator') fn = definition.node.init;
    if (!fn || !isFunctionNode(fn)) return [];
    const executors: FunctionNode[] = [];
    const stack: TSESTree.Node[] = [fn.body];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'NewExpression' && isFunctionNode(node.arguments[0]) && isPromiseExecutor(node.arguments[0] as TSESTree.Node)) {
        executors.push(node.arguments[0] as FunctionNode);
        continue;
      }
      if (isFunctionNode(node)) continue;
      stack.push(...childNodes(node));
    }
    return executors;
  }
  return [];
}

function timerCallsIn(executor: FunctionNode): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  const stack: TSESTree.Node[] = [executor.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'CallExpression') {
      const name = getCalleeName(node);
      if (name === 'setTimeout') calls.push(node);
    }
    stack.push(...childNodes(node));
  }
  return calls;
}

/** Property names passed to clearTimeout/clearInterval anywhere in the file (`clearTimeout(x.idleTimer)`). */
function collectClearedProperties(program: TSESTree.Program): Set<string> {
  const result = new Set<string>();
  forEachNode(program, (node) => {
    if (node.type !== 'CallExpression') return;
    const callee = unwrapExpression(node.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
    if (name !== 'clearTimeout' && name !== 'clearInterval') return;
    const argument = node.arguments[0] ? unwrapExpression(node.arguments[0]) : null;
    if (argument?.type === 'MemberExpression' && unwrapExpression(argument.object).type !== 'ThisExpression') {
      const property = getPropertyName(argument);
      if (property) result.add(property);
    }
  }, { intoFunctions: true });
  return result;
}

/** A field other classes can reach: not `#private` and not declared `private`/`protected`. */
function isPublicField(storage: { path: string }, owner: InstanceOwner): boolean {
  const name = storage.path.slice(storage.path.lastIndexOf('.') + 1);
  if (name.startsWith('#') || storage.path.split('.').length !== 2) return false;
  if (owner.kind !== 'class') return true;
  for (const member of (owner.node as ClassNode).body.body) {
    if (member.type === 'PropertyDefinition' && !member.computed && member.key.type === 'Identifier' && member.key.name === name) {
      return member.accessibility !== 'private' && member.accessibility !== 'protected';
    }
  }
  return true;
}

/**
 * `new Promise((resolve, reject) => { child.once('ready', resolve); setTimeout(() => reject(…), ms) })`:
 * a timeout raced against an event inside an executor. When the event wins, the timer stays.
 */
function isExecutorRace(timer: TSESTree.CallExpression): boolean {
  const executor = enclosingFunction(timer);
  if (!executor || !isPromiseExecutor(executor) || executor.body.type !== 'BlockStatement') return false;
  const [resolve, reject] = executor.params;
  if (resolve?.type !== 'Identifier' || reject?.type !== 'Identifier') return false;
  const callback = timer.arguments[0] ? unwrapExpression(timer.arguments[0]) : null;
  const rejects = callback !== null && (isFunctionNode(callback) ? someCall(callback.body, reject.name) : callback.type === 'Identifier' && callback.name === reject.name);
  if (!rejects) return false;
  // The other branch hands `resolve` to something that calls it later (an event, a callback).
  let resolvedElsewhere = false;
  forEachNode(executor.body, (node) => {
    if (node.type === 'CallExpression' && node !== timer && node.arguments.some((argument) => argument.type === 'Identifier' && argument.name === resolve.name)) resolvedElsewhere = true;
    return resolvedElsewhere;
  });
  return resolvedElsewhere;
}

function someCall(body: TSESTree.Node, name: string): boolean {
  let found = false;
  forEachNode(body, (node) => {
    if (node.type === 'CallExpression') {
      const callee = unwrapExpression(node.callee);
      if (callee.type === 'Identifier' && callee.name === name) found = true;
    }
    return found;
  }, { intoFunctions: true });
  return found;
}

/** Inside a listener registered on a method parameter (`attachTo(server) { server.on('close', () => …) }`). */
function inForeignCallback(node: TSESTree.Node): boolean {
  const fn = enclosingFunction(node);
  const call = fn?.parent;
  if (call?.type !== 'CallExpression' || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  const callee = unwrapExpression(call.callee);
  if (callee.type !== 'MemberExpression' || !['on', 'once', 'addListener', 'addEventListener'].includes(getPropertyName(callee) ?? '')) return false;
  const target = unwrapExpression(callee.object);
  if (target.type !== 'Identifier') return false;
  const outer = enclosingFunction(call);
  return outer !== null && outer.params.some((param) => param.type === 'Identifier' && param.name === target.name) && outer.parent?.type === 'MethodDefinition';
}

/** A subclass of a class defined elsewhere may be torn down (and its timers cleared) by its base. */
function inheritsTeardown(owner: InstanceOwner): boolean {
  return owner.kind === 'class' && (owner.node as ClassNode).superClass !== null;
}

/**
 * `schedule() { this.timer = setTimeout(…) }` in a method that neither clears nor tests the field
 * first, while the class does clear it elsewhere (so a pending one is meant to be cancellable):
 * a second call orphans the first timer, which then fires anyway.
 */
function overwritesPendingHandle(storage: Extract<TimerStorage, { kind: 'field' }>): boolean {
  const fn = enclosingFunction(storage.member);
  if (!fn || fn.body.type !== 'BlockStatement') return false;
  const method = fn.parent;
  if (method?.type !== 'MethodDefinition' || method.kind !== 'method') return false;
  // The assignment must be unconditional at the method's top level.
  const statement = storage.member.parent?.parent;
  if (statement?.type !== 'ExpressionStatement' || statement.parent !== fn.body) return false;
  const field = storage.path;
  let readsFirst = false;
  forEachNode(fn.body, (node) => {
    if (node.range[0] >= storage.member.range[0]) return false;
    if (node.type === 'MemberExpression' && referencePath(node) === field) readsFirst = true;
    return readsFirst;
  }, { intoFunctions: true });
  return !readsFirst;
}
