import { classDestroysField, comesAtEndOfLife, constructorKeepsParameter, emitsRepeatedly, isOwnElementField, DESTROYING_METHODS, endsWithFramework, fieldKeepingParameter, holdsCallState, inOncePerKeyBlock, runsPerEvent, setsUpPerItem, injectedByContainer, inStartMethod, instanceOwnerOf, isOneShotEvent, isThisLike, lifetimeModelOf, ownerHasEnd, ownerHasTerminalEnd, terminalTeardownOf, thisField } from '../lifetime/index.js';
import type { TSESTree } from '@typescript-eslint/utils';
import { forEachNode, pushChildNodes, someNode } from '../ast/walk.js';
import {
  classNameOf,
  getCalleeName,
  contains,
  isPromiseExecutor,
  enclosingFunction,
  getFunctionName,
  getPropertyName,
  getStaticString,
  isClassNode,
  isFunctionNode,
  isPropertyNameIdentifier,
  unwrapExpression,
  type ClassNode,
  type FunctionNode,
} from '../ast/nodes.js';
import { isGlobalReference, isModuleScopeVariable, resolveVariable, type Variable } from '../ast/scope.js';
import { mergeVisitors, type Detector, type DetectorSource, type DetectorVisitors } from '../ast/traverse.js';
import { nameMentions, type NameMentions } from './source-mentions.js';

export interface ListenerRegistrationOptions {
  /** Extra method names that add a listener (`target.method(event, handler)` or `target.method(handler)`). */
  additionalRegistrationMethods: readonly string[];
  /** Extra method names that remove one (`target.method(event, handler)`). */
  additionalRemovalMethods: readonly string[];
  /** Extra global names (or dotted paths) that live as long as the process/page, like `chrome` or `io`. */
  additionalGlobalTargets: readonly string[];
  /** Extra method names that count as a class's cleanup method (where the removal belongs). */
  cleanupMethods: readonly string[];
  /**
   * Report a listener on a long-lived target even when the file shows no end of what adds it (no
   * teardown that lets go of listeners, no framework lifecycle). Off by default: most such code runs
   * once per process, which one file cannot show.
   */
  assumeOwnersEnd?: boolean;
}

/** Why the target is expected to outlive the code that registers on it. */
export type TargetLifetime =
  /** `process`, `window`, `document`, `globalThis`, `self` (unshadowed) and configured globals. */
  | 'global'
  /** A binding declared at module scope (a singleton, a bus, a `require()`d module). */
  | 'module'
  /** An imported binding. */
  | 'imported'
  /** A constructor parameter, TS parameter property or field assigned from one (or from `inject()`). */
  | 'injected'
  /** Any other `this.<field>` (or `this` itself): outlives callbacks, but is owned by the object. */
  | 'field'
  /** A parameter of an ordinary function or method (a per-call or per-event object). */
  | 'parameter'
  /** A method parameter the class attaches to but does not own (`attachTo(server)`), in a class with a terminal teardown. */
  | 'parameter-unowned'
  /** A local variable (usually an object the code created itself). */
  | 'local'
  /** The caller's AbortSignal (a parameter, `options.signal`): it may be shared by many calls and never abort. */
  | 'caller-signal'
  /**
   * An object the owner does not create, whose other listeners (added next to this one) its
   * teardown removes, or to which its teardown adds this listener again: the code itself shows
   * that the target outlives the owner.
   */
  | 'released-elsewhere'
  /** Anything else: call results, `new X()`, unknown globals. */
  | 'unknown';

/** The lifetimes `require-listener-cleanup` checks: targets the registering code does not own. */
const LONG_LIVED: ReadonlySet<TargetLifetime> = new Set(['global', 'module', 'imported', 'injected', 'parameter-unowned']);
/** Targets that live as long as the module itself. */
const MODULE_LONG: ReadonlySet<TargetLifetime> = new Set(['global', 'module', 'imported']);

export type HandlerKind =
  /** An identifier or member path (`onResize`, `this.onMessage`): the same function can be removed. */
  | 'reference'
  /** An inline arrow or function expression: a new function each time, never matched by a removal. */
  | 'inline'
  /** A `.bind(...)` result: a new function each time, never matched by a removal. */
  | 'bind'
  /** Any other call result (`debounce(fn)`): a new function each time. */
  | 'call'
  /** No handler argument (`subscribe()`). */
  | 'none';

export type ListenerProblem =
  /** No removal of this target and event in the scope. */
  | 'noRemoval'
  /** A removal of the same target and event exists, but with a different handler. */
  | 'handlerMismatch'
  /** The handler is an inline function, a `.bind()` or a call result: no removal can match it. */
  | 'unmatchableHandler'
  /** A removal with the same handler exists, but with a different capture flag. */
  | 'captureMismatch'
  /** The teardown registers the same listener again (`on` where `off` was meant). */
  | 'addedAgainInTeardown'
  /** Removed only by its own handler, while a timeout that settles the same promise leaves it. */
  | 'removedOnlyWhenFired'
  /** Removed only by its own handler when one particular event arrives, with no timeout: it may stay forever. */
  | 'removedOnlyOnMatch'
  /** On an object the owner was handed and keeps: removed where that object is dropped, not when the owner ends. */
  | 'notRemovedAtTeardown'
  /** Bound to the signal of an AbortController that is never aborted. */
  | 'signalNeverAborted'
  /** `subscribe(...)` whose returned subscription is thrown away. */
  | 'discardedSubscription'
  /** A kept subscription that is never unsubscribed (or called). */
  | 'unsubscribedSubscription';

export type ListenerOwner =
  | { readonly kind: 'class'; readonly node: ClassNode; readonly name: string | null; readonly cleanupMethod: TSESTree.ClassElement | null }
  | { readonly kind: 'object'; readonly node: TSESTree.ObjectExpression; readonly cleanupMethod: TSESTree.Property | null }
  | { readonly kind: 'function'; readonly node: FunctionNode; readonly name: string | null; readonly registeringFunction: FunctionNode };

/** Code that runs again and again, in which a registration on a longer-lived target accumulates. */
export interface RepeatingContext {
  readonly kind: 'eventCallback' | 'requestHandler' | 'intervalCallback' | 'loop' | 'reentrantHook' | 'perCall';
  /** The callback function or loop statement. */
  readonly node: TSESTree.Node;
  /** For event callbacks: the event the callback is registered for (static string), else null. */
  readonly event: string | null;
  /** For event callbacks: the registration call the callback is passed to. */
  readonly registration: TSESTree.CallExpression | null;
}

export interface ListenerRegistrationFinding {
  /** `accumulation` findings belong to `no-listener-accumulation`, `missingCleanup` ones to `require-listener-cleanup`. */
  readonly kind: 'missingCleanup' | 'accumulation';
  readonly problem: ListenerProblem;
  /** The registration call (`target.on(...)`). */
  readonly node: TSESTree.CallExpression;
  readonly method: string;
  /** The target expression (after `.on().on()` chains and `.pipe(...)`). */
  readonly target: TSESTree.Node;
  /** Normalised target path with aliases resolved (`this.bus`, `window`, `controller.signal`). */
  readonly targetPath: string;
  readonly targetLifetime: TargetLifetime;
  /** The event name when static; null when dynamic, absent (`subscribe`) or event-less (`addListener(fn)`). */
  readonly event: string | null;
  readonly eventNode: TSESTree.Node | null;
  readonly handler: TSESTree.Node | null;
  readonly handlerKind: HandlerKind;
  /** True when the handler is a reference that a removal can name again. */
  readonly handlerRemovable: boolean;
  /** `true` / `{ capture: true }`; null when not statically known. */
  readonly capture: boolean | null;
  /** The `signal` option's value, when given. */
  readonly signal: TSESTree.Node | null;
  /** For `signalNeverAborted`: the normalised path of the AbortController. */
  readonly controllerPath: string | null;
  /** For subscriptions kept in a variable or field: its name/path. */
  readonly subscriptionHandle: string | null;
  readonly owner: ListenerOwner;
  /** For accumulation findings: the callback or loop the listener is added in. */
  readonly repeatingContext: RepeatingContext | null;
  /** For mismatches: the removal that almost matches. */
  readonly mismatchedRemoval: TSESTree.CallExpression | null;
  /** A `once` listener (`.once()`, `{ once: true }`) for an event that comes only when its target ends: it stays until then. */
  readonly onceUntilTheEnd: boolean;
}

const DEFAULT_REGISTRATION_METHODS = ['on', 'addListener', 'prependListener', 'addEventListener', 'subscribe'];
/** Emitter methods whose listener removes itself when the event fires: no removal for an event that may come only at the end. */
const ONCE_METHODS = new Set(['once', 'prependOnceListener']);
const DEFAULT_REMOVAL_METHODS = ['off', 'removeListener', 'removeEventListener', 'removeAllListeners'];
const GLOBAL_TARGETS = ['process', 'window', 'document', 'globalThis', 'self'];
const DEFAULT_CLEANUP_METHODS = [
  'dispose', 'destroy', 'close', 'stop', 'shutdown', 'teardown', 'cleanup', 'disconnect', 'detach', 'unmount', 'release',
  'disconnectedCallback', 'componentWillUnmount', 'ngOnDestroy', 'onModuleDestroy', 'beforeApplicationShutdown',
  'onApplicationShutdown', 'beforeUnmount', 'beforeDestroy', 'unmounted', 'destroyed', 'willDestroy', 'onDestroy',
  // Leaflet layers and controls (`L.Layer.extend({ onAdd() {…}, onRemove() {…} })`).
  'onRemove',
];
/** Events an object emits when it ends: a callback for them on `this` is a teardown (`this.on('dispose', …)`). */
const TEARDOWN_EVENTS = new Set(['dispose', 'destroy', 'destroyed', 'unmount', 'unmounted', 'teardown']);
/** Events that fire once: a listener added in their callback is not added again and again. */
const EVENTS_MODULES = new Set(['events', 'node:events']);
const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options', 'use']);
const ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options', 'MessagePattern', 'EventPattern', 'SubscribeMessage', 'HostListener']);
/** rxjs operators that complete the stream, so the subscription ends by itself. */
const COMPLETING_OPERATORS = new Set(['takeUntil', 'takeUntilDestroyed', 'take', 'first', 'takeWhile', 'single', 'last']);
/** Methods on a kept handle that end the subscription. */
const HANDLE_CLEANUP_METHODS = new Set(['unsubscribe', 'dispose', 'remove', 'off', 'close', 'destroy', 'abort', 'cancel', 'stop']);
const MAX_ALIAS_DEPTH = 6;
/** Calls in a teardown that let go of listeners and subscriptions (beyond the removal methods). */
const LETTING_GO_CALLS = /^(?:unsubscribe|unsubscribeAll|abort|unlisten|unbind|unwatch|removeAll\w*Listeners?)$/;
const BARE_GLOBAL_METHODS = new Set(['addEventListener', 'removeEventListener']);
/** Public methods that hook an instance onto an object it is handed (`attachTo(server)`, `bind(socket)`). */
const ATTACHING_METHOD = /^(?:attach|bind|mount|install|hook|listenOn|listenTo|observe|watch|track|subscribeTo|connectTo|wrap|handle(?:Server|Upgrade))/;
/** Functions that start something long-lived; a caller's signal passed to them is its stop signal. */
const STARTING_FUNCTION = /^(?:listen|start|serve|connect|open|watch|launch|boot|bootstrap|startServer|listenOn)$/;
/** Events that end a target (a grpc call ends with 'status'): listening for them follows the target to its end. */
/** Calls that stop work a function started on an object it made. */
const STOPPING_CALLS = new Set(['abort', 'destroy', 'close', 'kill', 'terminate', 'stop', 'cancel']);
/** Calls that end an emitter: after them it emits its closing events once. */
const ENDING_CALLS = new Set(['end', 'close', 'destroy', 'terminate', 'kill', 'dispose']);
const TARGET_END_EVENTS = new Set(['close', 'end', 'finish', 'exit', 'status']);
/** Process-wide events: a handler for them is set up once per process by design. */
const PROCESS_EVENTS = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGQUIT', 'SIGBREAK', 'uncaughtException', 'unhandledRejection', 'exit', 'beforeExit', 'message', 'disconnect', 'warning', 'rejectionHandled']);

/** Lifecycle hooks a framework calls once per instance, right after constructing it. */
const ONCE_PER_INSTANCE_HOOKS = new Set(['onModuleInit', 'onApplicationBootstrap', 'ngOnInit', 'ngAfterViewInit', 'componentDidMount', 'mounted', 'created', 'firstUpdated']);

/** Lifecycle hooks a framework calls again whenever an element is (re)inserted or adopted. */
const REENTRANT_HOOKS = new Set(['connectedCallback', 'adoptedCallback']);

interface ParsedRegistration {
  readonly node: TSESTree.CallExpression;
  readonly method: string;
  readonly target: TSESTree.Node;
  readonly eventNode: TSESTree.Node | null;
  /** False for `addListener(fn)` and `subscribe(...)`. */
  readonly hasEvent: boolean;
  readonly handler: TSESTree.Node | null;
  readonly options: TSESTree.Node | null;
  /** `this.on(target, 'event', fn)`: a component API that may remove the listener itself when the component ends. */
  readonly targetFirst?: boolean;
}

interface ParsedRemoval {
  readonly node: TSESTree.CallExpression;
  readonly method: string;
  readonly isRemoveAll: boolean;
  readonly eventNode: TSESTree.Node | null;
  readonly hasEvent: boolean;
  readonly handler: TSESTree.Node | null;
  readonly options: TSESTree.Node | null;
}

/** A reference path with aliases resolved, and what it is rooted in. */
interface Canonical {
  readonly path: string | null;
  readonly root:
    | { readonly kind: 'this'; readonly at: TSESTree.Node; readonly field: string | null }
    | { readonly kind: 'identifier'; readonly identifier: TSESTree.Identifier; readonly variable: Variable | null }
    | { readonly kind: 'unknown' };
}

interface FieldAssignment {
  readonly field: string;
  readonly value: TSESTree.Node;
}

type CleanupResult = { readonly clean: true } | { readonly clean: false; readonly problem: ListenerProblem; readonly mismatchedRemoval: TSESTree.CallExpression | null; readonly controllerPath: string | null; readonly subscriptionHandle: string | null };

interface SharedAnalysis {
  readonly key: string;
  /** Null when the file cannot register a listener (nothing to analyse). */
  readonly finish: (() => ListenerRegistrationFinding[]) | null;
}

interface NameSets {
  readonly registrationMethods: ReadonlySet<string>;
  readonly removalMethods: ReadonlySet<string>;
  readonly globalTargets: ReadonlySet<string>;
  readonly cleanupMethodNames: ReadonlySet<string>;
  readonly registrationMentions: NameMentions;
  readonly assumeOwnersEnd: boolean;
}

/** Per option set, not per file: rules are created once per file, with the same options every time. */
const nameSetsCache = new Map<string, NameSets>();

function nameSetsOf(options: ListenerRegistrationOptions, key = JSON.stringify(options)): NameSets {
  let sets = nameSetsCache.get(key);
  if (!sets) {
    sets = {
      registrationMethods: new Set([...DEFAULT_REGISTRATION_METHODS, ...options.additionalRegistrationMethods]),
      removalMethods: new Set([...DEFAULT_REMOVAL_METHODS, ...options.additionalRemovalMethods]),
      globalTargets: new Set([...GLOBAL_TARGETS, ...options.additionalGlobalTargets]),
      cleanupMethodNames: new Set([...DEFAULT_CLEANUP_METHODS, ...options.cleanupMethods]),
      registrationMentions: nameMentions([...DEFAULT_REGISTRATION_METHODS, ...ONCE_METHODS, ...options.additionalRegistrationMethods]),
      assumeOwnersEnd: options.assumeOwnersEnd === true,
    };
    nameSetsCache.set(key, sets);
  }
  return sets;
}


const ABORT_CONTROLLER_MENTIONS = nameMentions(['AbortController']);
const registrationMentionsCache = new Map<string, NameMentions>();

/**
 * False when the text cannot register a listener with these extra methods
 * (none of the registration method names appears): a rule can then return
 * no visitors before doing any other per-file work.
 */
export function mayRegisterListeners(text: string, additionalRegistrationMethods: readonly string[] = []): boolean {
  const key = additionalRegistrationMethods.join('\n');
  let mentions = registrationMentionsCache.get(key);
  if (!mentions) {
    mentions = nameMentions([...DEFAULT_REGISTRATION_METHODS, ...ONCE_METHODS, ...additionalRegistrationMethods]);
    registrationMentionsCache.set(key, mentions);
  }
  return mentions.mayMention(text);
}

/** One analysis per parsed program and option set, shared by the two listener rules. */
const sharedAnalyses = new WeakMap<TSESTree.Program, SharedAnalysis>();

/**
 * The visitors a listener rule hooks into ESLint's traversal. require-listener-cleanup
 * and no-listener-accumulation read the same findings; when both run on a file with
 * the same options, the rule created first runs the detector and the other reuses
 * its findings (its Program:exit runs later, in creation order), so the analysis
 * costs one rule, not two.
 */
export function listenerRegistrationVisitors(
  source: DetectorSource,
  options: ListenerRegistrationOptions,
  onFindings: (findings: readonly ListenerRegistrationFinding[]) => void,
): DetectorVisitors {
  const key = JSON.stringify(options);
  const shared = sharedAnalyses.get(source.ast);
  if (shared?.key === key) {
    const { finish } = shared;
    return finish ? { 'Program:exit': () => onFindings(finish()) } : {};
  }
  const sets = nameSetsOf(options, key);
  // No registration method anywhere in the text: no finding possible, and no visitor for ESLint to call.
  if (!sets.registrationMentions.mayMention(source.text)) {
    sharedAnalyses.set(source.ast, { key, finish: null });
    return {};
  }
  const detector = analyzeListenerRegistrations(source, sets);
  let findings: ListenerRegistrationFinding[] | null = null;
  const finish = (): ListenerRegistrationFinding[] => (findings ??= detector.finish());
  sharedAnalyses.set(source.ast, { key, finish });
  return mergeVisitors(detector.visitors, { 'Program:exit': () => onFindings(finish()) });
}

/**
 * Finds listeners and subscriptions that are never removed from targets that
 * outlive the code registering them, and listeners added over and over from
 * code that runs repeatedly. Each unremoved registration becomes exactly one
 * finding: an `accumulation` when it sits in an event/request callback, an
 * interval or a loop that its target outlives, otherwise a `missingCleanup`
 * when its target is long-lived (global, module-scope, imported, injected).
 */
export function createListenerRegistrationsDetector(
  source: DetectorSource,
  options: ListenerRegistrationOptions,
): Detector<ListenerRegistrationFinding> {
  const sets = nameSetsOf(options);
  if (!sets.registrationMentions.mayMention(source.text)) return { visitors: {}, finish: () => [] };
  return analyzeListenerRegistrations(source, sets);
}

function analyzeListenerRegistrations(source: DetectorSource, sets: NameSets): Detector<ListenerRegistrationFinding> {
  const { scopeManager } = source;
  const { registrationMethods, removalMethods, globalTargets, cleanupMethodNames, assumeOwnersEnd } = sets;
  const model = lifetimeModelOf(source, { repeatingMethods: [...registrationMethods] });
  const implicitGlobals = new Map<TSESTree.Identifier, TSESTree.Identifier>();
  // `new AbortController()` only matters for a `signal` option; most files never create one.
  const mayCreateControllers = ABORT_CONTROLLER_MENTIONS.mayMention(source.text);

  const calls: TSESTree.CallExpression[] = [];
  const controllerCreations: TSESTree.NewExpression[] = [];

  const fieldLifetimeCache = new Map<ClassNode, Map<string, TargetLifetime>>();
  const paramFieldAliasCache = new Map<Variable, string | null>();
  const fieldsInProgress = new Set<string>();
  const cleanupMemberCache = new Map<ClassNode, TSESTree.ClassElement | null>();
  const constructorAssignmentsCache = new Map<FunctionNode, FieldAssignment[]>();
  let removalIndex: Map<string, ParsedRemoval[]> | null = null;
  let removalIndexWithCalls: Map<string, ParsedRemoval[]> | null = null;
  const keptParameterTargets = new Set<TSESTree.Node>();

  return {
    visitors: {
      CallExpression(node) {
        calls.push(node);
      },
      ...(mayCreateControllers && {
        NewExpression(node: TSESTree.NewExpression) {
          const callee = unwrapExpression(node.callee);
          if (callee.type === 'Identifier' && callee.name === 'AbortController') controllerCreations.push(node);
        },
      }),
    },
    finish() {
      const findings: ListenerRegistrationFinding[] = [];
      const seen = new Set<string>();
      for (const call of calls) {
        const registration = parseRegistration(call);
        if (!registration) continue;
        // `onabort(signal, fn)` with `function onabort(s, f) { s.addEventListener('abort', f) }`: the
        // calls say what is registered on what, so each call is read as the registration it makes.
        for (const site of helperCallSites(registration) ?? [registration]) {
          const finding = classify(site);
          const key = finding ? `${finding.node.range[0]}:${finding.event ?? ''}` : '';
          if (finding && !seen.has(key)) {
            seen.add(key);
            findings.push(finding);
          }
        }
      }
      return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
    },
  };

  // ---------------------------------------------------------------- parsing

  function methodCall(call: TSESTree.CallExpression): { method: string; object: TSESTree.Expression } | null {
    const callee = unwrapExpression(call.callee);
    // A bare `addEventListener(…)` registers on the global object.
    if (callee.type === 'Identifier' && BARE_GLOBAL_METHODS.has(callee.name) && isGlobalReference(scopeManager, callee)) {
      return { method: callee.name, object: implicitGlobal(callee) };
    }
    if (callee.type !== 'MemberExpression') return null;
    const method = getPropertyName(callee);
    return method === null ? null : { method, object: callee.object };
  }

  function implicitGlobal(callee: TSESTree.Identifier): TSESTree.Identifier {
    let node = implicitGlobals.get(callee);
    if (!node) {
      node = { type: 'Identifier' as never, name: 'globalThis', range: callee.range, loc: callee.loc, parent: callee.parent, decorators: [], optional: false, typeAnnotation: undefined } as unknown as TSESTree.Identifier;
      implicitGlobals.set(callee, node);
    }
    return node;
  }

  function parseRegistration(call: TSESTree.CallExpression): ParsedRegistration | null {
    const member = methodCall(call);
    if (!member || !(registrationMethods.has(member.method) || ONCE_METHODS.has(member.method))) return null;
    if (isEventsModuleHelper(member.object)) return null;
    const args = call.arguments;
    if (args.some((argument) => argument.type === 'SpreadElement')) return null;
    if (member.method === 'subscribe') {
      if (isBrokerSubscribe(call) || callsOwnMethod(member.object, 'subscribe')) return null;
      return { node: call, method: member.method, target: member.object, eventNode: null, hasEvent: false, handler: args[0] ?? null, options: null };
    }
    const targetFirst = targetFirstShape(member.object, args);
    if (targetFirst) return { node: call, method: member.method, ...targetFirst, hasEvent: true, targetFirst: true };
    if (args.length >= 2) {
      if (isEventLiteral(args[1]!)) return null;
      // `addEventListener('test', null, opts)` (a feature probe) adds nothing; `DomEvent.on(el, { click: … }, this)`
      // is an event map on another target, which this reading does not take apart.
      if (isNoHandler(args[1]!) || unwrapExpression(args[1]!).type === 'ObjectExpression' && member.method !== 'addEventListener') return null;
      return { node: call, method: member.method, target: member.object, eventNode: args[0]!, hasEvent: true, handler: args[1]!, options: constantValue(args[2] ?? null) };
    }
    // `chrome.runtime.onMessage.addListener(fn)`, `mediaQuery.addListener(fn)`: event-less listener lists.
    if (args.length === 1 && member.method !== 'on' && member.method !== 'addEventListener' && isHandlerLike(args[0]!)) {
      return { node: call, method: member.method, target: member.object, eventNode: null, hasEvent: false, handler: args[0]!, options: null };
    }
    return null;
  }

  /**
   * `this.subscribe(type, name)` in a class that defines `subscribe` itself: the class's own method
   * (recording a resource to request, say), analysed where it registers anything, not an observable.
   */
  function callsOwnMethod(object: TSESTree.Node, name: string): boolean {
    if (unwrapExpression(object).type !== 'ThisExpression') return false;
    const instance = instanceOwnerOf(object);
    return instance !== null && instance.members.has(name);
  }

  /**
   * A message-broker call that only shares the name: an awaited
   * `await backend.subscribe(channel)` returns a promise, not a subscription,
   * and `client.subscribe(topic, options, (err, granted) => …)` (MQTT) takes a
   * completion callback. Neither adds an in-process listener; resubscribing on
   * every reconnect is how those clients are meant to be used.
   */
  function isBrokerSubscribe(call: TSESTree.CallExpression): boolean {
    let parent = call.parent;
    while (parent && (parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'ChainExpression')) parent = parent.parent;
    if (parent?.type === 'AwaitExpression') return true;
    // `client.subscribe('channel')` (Redis, NATS, MQTT): a channel name, not an observer.
    const channel = call.arguments[0] ? unwrapExpression(call.arguments[0]) : null;
    if (channel && (channel.type === 'Literal' || channel.type === 'TemplateLiteral' || (channel.type === 'Identifier' && /channel|topic|subject|queue|pattern|room|key|name/i.test(channel.name)) || channel.type === 'ArrayExpression')) {
      if (call.arguments.length === 1 || !call.arguments.slice(1).some((argument) => isFunctionNode(argument))) return true;
    }
    // `client.subscribe(sub, String(idx))`: a request with an id, not an observer; an observable's
    // subscribe() takes callbacks or an observer object, never a string or a number.
    if (call.arguments.some((argument) => isPlainValue(argument)) && !call.arguments.some((argument) => isFunctionNode(argument))) return true;
    const callback = call.arguments.at(-1);
    if (call.arguments.length < 2 || !callback || !isFunctionNode(callback)) return false;
    const first = callback.params[0];
    return first?.type === 'Identifier' && /^(err|error|e)$/.test(first.name);
  }

  function parseRemoval(call: TSESTree.CallExpression): (ParsedRemoval & { target: TSESTree.Node }) | null {
    const member = methodCall(call);
    if (!member || !removalMethods.has(member.method)) return null;
    const args = call.arguments;
    if (member.method === 'removeAllListeners') {
      return { node: call, method: member.method, target: member.object, isRemoveAll: true, eventNode: args[0] ?? null, hasEvent: args.length > 0, handler: null, options: null };
    }
    const targetFirst = targetFirstShape(member.object, args);
    if (targetFirst) return { node: call, method: member.method, ...targetFirst, isRemoveAll: false, hasEvent: true };
    if (args.length >= 2) {
      if (isEventLiteral(args[1]!)) return null;
      return { node: call, method: member.method, target: member.object, isRemoveAll: false, eventNode: args[0]!, hasEvent: true, handler: args[1]!, options: constantValue(args[2] ?? null) };
    }
    if (args.length === 1) {
      // `socket.off('status')` (socket.io, EventEmitter3, component-emitter): every 'status' listener.
      if (member.method !== 'removeEventListener' && staticEvent(args[0]!) !== null) {
        return { node: call, method: member.method, target: member.object, isRemoveAll: true, eventNode: args[0]!, hasEvent: true, handler: null, options: null };
      }
      return { node: call, method: member.method, target: member.object, isRemoveAll: false, eventNode: null, hasEvent: false, handler: args[0]!, options: null };
    }
    return null;
  }

  /**
   * `this.on(player, 'ended', fn)` (video.js components), `DomEvent.on(el, 'click', fn, ctx)` (Leaflet):
   * the target comes first and the event second. The call's own object is the API, not the target:
   * the component itself (`this`, or an alias of it) or a namespace (`DomEvent`, `L.DomEvent`). Any
   * other object (`this.scope.on(process, 'SIGINT', fn)`, a listener scope) keeps what it adds and
   * removes it itself: not read as a registration.
   */
  function targetFirstShape(api: TSESTree.Node, args: readonly TSESTree.CallExpressionArgument[]): { target: TSESTree.Node; eventNode: TSESTree.Node; handler: TSESTree.Node; options: TSESTree.Node | null } | null {
    if (args.length < 3) return null;
    const object = unwrapExpression(api);
    const name = object.type === 'Identifier' ? object.name : object.type === 'MemberExpression' ? getPropertyName(object) : null;
    const namespace = name !== null && /^[A-Z]/.test(name);
    if (!namespace && !isThisLike(object, (identifier) => resolveVariable(scopeManager, identifier))) return null;
    const [first, second, third] = args as [TSESTree.Node, TSESTree.Node, TSESTree.Node];
    if (isEventLiteral(first) || !isEventLiteral(second) || !isHandlerLike(third)) return null;
    const target = unwrapExpression(first);
    if (target.type !== 'Identifier' && target.type !== 'MemberExpression' && target.type !== 'ThisExpression' && target.type !== 'CallExpression') return null;
    return { target: first, eventNode: second, handler: third, options: constantValue(args[3] ?? null) };
  }

  /** An event name (or a list of them) written out: `'click'`, `'add remove'`, `['ended', 'pause']`, `EVENT`. */
  function isEventLiteral(node: TSESTree.Node): boolean {
    const current = unwrapExpression(node);
    if (current.type === 'ArrayExpression') return current.elements.length > 0 && current.elements.every((element) => element !== null && element.type !== 'SpreadElement' && staticEvent(element) !== null);
    if (current.type === 'TemplateLiteral') return true;
    return current.type === 'Literal' ? typeof current.value === 'string' : staticEvent(current) !== null;
  }

  /** `on('connect', function first() { off('connect', first); … })`: the handler runs once. */
  function removesItself(fn: FunctionNode, registration: ParsedRegistration): boolean {
    const self = fn.type === 'FunctionExpression' && fn.id ? fn.id : fn.parent?.type === 'VariableDeclarator' && fn.parent.id.type === 'Identifier' ? fn.parent.id : null;
    if (!self || fn.body.type !== 'BlockStatement') return false;
    const targetPath = canonicalize(registration.target, 0).path;
    for (const statement of fn.body.body.slice(0, 3)) {
      if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'CallExpression') continue;
      const removal = parseRemoval(statement.expression);
      if (!removal || removal.isRemoveAll) continue;
      const handler = removal.handler ? unwrapExpression(removal.handler) : null;
      if (handler?.type === 'Identifier' && handler.name === self.name && canonicalize(removal.target, 0).path === targetPath) return true;
    }
    return false;
  }

  /** `events.on(emitter, 'x')` / `EventEmitter.on(...)` are async-iterator helpers, not registrations on `events`. */
  function isEventsModuleHelper(object: TSESTree.Node): boolean {
    const current = unwrapExpression(object);
    if (current.type !== 'Identifier') return false;
    if (current.name === 'EventEmitter') return true;
    const variable = resolveVariable(scopeManager, current);
    const definition = variable?.defs[0];
    if (definition?.type === 'ImportBinding' && definition.parent?.type === 'ImportDeclaration') {
      return EVENTS_MODULES.has(String(definition.parent.source.value));
    }
    if (definition?.type === 'Variable' && definition.node.type === 'VariableDeclarator' && definition.node.init) {
      const init = unwrapExpression(definition.node.init);
      return init.type === 'CallExpression' && isRequireOf(init, EVENTS_MODULES);
    }
    return false;
  }

  // ------------------------------------------------------------ classify

  function classify(registration: ParsedRegistration): ListenerRegistrationFinding | null {
    const { node } = registration;
    // `{ once: true }` does not end an 'abort' listener on a signal that never aborts.
    const onCallerSignal = isAbortOnCallerSignal(registration);
    // Nor a listener for the target's end (`process.once('SIGTERM', …)`): added again and again, each stays until then.
    const onceUntilTheEnd = !onCallerSignal && isOnceLike(registration) && registration.hasEvent && comesAtEndOfLife(staticEvent(registration.eventNode) ?? '');
    if (!onCallerSignal && !onceUntilTheEnd && isOnceLike(registration)) return null;
    // Test code, type tests and one-shot scripts end with their process.
    if (model.isInertCode(node)) return null;
    // Top-level code (and callbacks/IIFEs/`main()` it runs once) registers once for the life of the module.
    if (runsOnce(node, 0) || model.runsOnce(node)) return null;

    // `nodemon.on = function (event, handler) { bus.on(event, handler) }`: an `on()` of its own that
    // passes the caller's event and handler through; the caller registers, and removes.
    if (forwardsEventAndHandler(registration)) return null;

    const target = effectiveTarget(registration);
    let canonical = canonicalize(target, 0);
    // `this.remoteTextTracks().on(…)`: a getter call's result, read only when the teardown shows it outlives the owner.
    const viaCall = canonical.path === null;
    if (viaCall) canonical = canonicalize(target, 0, true);
    if (canonical.path === null) return null;
    let lifetime = effectiveLifetime(canonical, lifetimeOf(canonical), node);
    // `if (!hooked[event]) { hooked[event] = true; bus.on(event, …) }` on a target that lives with the
    // module: at most one listener per event, for as long as both live.
    if (MODULE_LONG.has(lifetime) && registration.eventNode && inOncePerKeyBlock(node, registration.eventNode, scopeManager)) return null;

    // The owner (a walk up plus a scan of the class for its cleanup method) is only needed for a finding.
    const repeating = viaCall ? null : findRepeatingContext(registration, canonical, lifetime);
    let owner: ListenerOwner | null;
    let result: CleanupResult;
    const race = repeating || viaCall ? null : timeoutLeavesListener(registration, canonical);
    if (race) {
      owner = ownerOf(node);
      if (!owner) return null;
      result = { clean: false, problem: 'removedOnlyWhenFired', mismatchedRemoval: race, controllerPath: null, subscriptionHandle: null };
    } else if (!repeating && onCallerSignal && !viaCall) {
      lifetime = 'caller-signal';
      owner = ownerOf(node);
      if (!owner) return null;
      result = checkCleanup(registration, canonical.path, (owner.kind !== 'class' && instanceHandlerScope(registration)) || owner.node);
      if (result.clean) return null;
    } else if (!repeating && (viaCall || !LONG_LIVED.has(lifetime))) {
      if (!teardownShowsOutliving(registration, canonical)) return null;
      lifetime = 'released-elsewhere';
      owner = ownerOf(node);
      if (!owner) return null;
      result = checkCleanup(registration, canonical.path, owner.node, viaCall);
      if (result.clean) return null;
    } else if (repeating) {
      result = checkCleanup(registration, canonical.path, repeating.node);
      if (result.clean) return null;
      // `process.on('x', self.onX)` in a callback, removed with the same member in another method
      // (`process.removeListener('x', self.onX)` when the next run starts): the instance manages it.
      const instanceScope = instanceHandlerScope(registration);
      if (instanceScope && checkCleanup(registration, canonical.path, instanceScope).clean) return null;
      owner = ownerOf(node);
      if (!owner) return null;
    } else {
      if (!LONG_LIVED.has(lifetime)) return null;
      if (!outlivesRegistrant(canonical, lifetime, node)) return null;
      owner = ownerOf(node);
      if (!owner) return null;
      // `process.on('SIGTERM', …)`, `cluster.on('exit', …)` in a plain function: process setup, run once by
      // design. Only an owner with an end of its own (a class with a terminal teardown) leaks them.
      if (isProcessWideEvent(canonical.path, registration) && !(owner.kind === 'class' && terminalTeardownOf(owner.node, cleanupMethodNames) !== null) && !inStartMethod(node)) return null;
      // (A constructor that hooks a callback it is given keeps it as a dependency: still its to remove.)
      if (isProcessWideEvent(canonical.path, registration) && forwardsCallerCallback(registration.handler, enclosingFunction(node)) && !isConstructor(enclosingFunction(node)!)) return null;
      // An instance with no end of its own lives as long as the module, import, dependency or global
      // it listens on (adding a teardown is what gives it an end, and then every registration counts).
      // A part of a dependency handed to a class at construction without a DI container
      // (`this.conference.room`, `this.conference.rtc`) is the dependency's to replace and end: its
      // ownership is unknown here, and what the instance adds on it once is the dependency's business,
      // unless the teardown removes listeners from it (then the author knows it outlives the instance).
      // An observable's subscription (`this.store.updates$.subscribe`) is held by the observable: still reported.
      if (lifetime === 'injected' && registration.method !== 'subscribe' && isPartOfDependency(canonical) && owner.kind === 'class' && !injectedByContainer(owner.node) && registersOncePerInstance(node) && !teardownRemovesFrom(canonical.path, node)) return null;
      {
        const instance = instanceOwnerOf(node);
        // Only what the instance registers once (its constructor, field initialisers): a method may run
        // again and again, and each run adds another listener.
        if (instance && !ownerHasEnd(instance, cleanupMethodNames) && !inStartMethod(node) && registersOncePerInstance(node)) return null;
      }
      // A handler kept on the instance (`primus.onOffline`, an alias of `this`) may be removed by any
      // code that sees the instance: a prototype method, or a function handed to a teardown helper.
      result = checkCleanup(registration, canonical.path, (owner.kind !== 'class' && instanceHandlerScope(registration)) || owner.node);
      if (result.clean) result = onlyOnMatch(registration, canonical) ?? keptTargetLeftAtTeardown(node) ?? result;
      else if (keptParameterTargets.has(node)) return null; // evidence only with a removal where one is dropped
      else if (removedElsewhereInFile(registration, canonical.path, lifetime)) return null;
      if (result.clean) return null;
      if (!showsEndBeforeTarget(result, registration, canonical.path, lifetime)) return null;
      if (removedThroughTable(registration, canonical.path)) return null;
    }
    // Only a finding needs the descriptive fields below.
    const handlerKind = handlerKindOf(registration.handler);
    return {
      node,
      method: registration.method,
      target,
      targetPath: canonical.path,
      targetLifetime: lifetime,
      event: registration.hasEvent ? staticEvent(registration.eventNode) : null,
      eventNode: registration.eventNode,
      handler: registration.handler,
      handlerKind,
      handlerRemovable: handlerKind === 'reference',
      capture: captureOf(registration.options, registration.method),
      signal: signalOf(registration.options),
      kind: repeating ? 'accumulation' : 'missingCleanup',
      ...problemFields(result),
      owner,
      repeatingContext: repeating,
      onceUntilTheEnd,
    };
  }

  /**
   * A parameter is as long-lived as what is passed in: a same-module helper that registers on
   * its parameter (`function onChannel(client, …) { client.on(…) }`) called with an injected
   * client registers on that client. A method parameter of a class with a terminal teardown
   * (`attachTo(server)` … `shutdown()`) is a target the class does not own and must let go of.
   */
  function effectiveLifetime(canonical: Canonical, lifetime: TargetLifetime, node: TSESTree.Node): TargetLifetime {
    if (lifetime !== 'parameter' || canonical.root.kind !== 'identifier' || !canonical.root.variable) return lifetime;
    const definition = canonical.root.variable.defs[0];
    if (definition?.type !== 'Parameter' || !isFunctionNode(definition.node)) return lifetime;
    const fn = definition.node as FunctionNode;
    const index = fn.params.findIndex((param) => param === definition.name || (param.type === 'AssignmentPattern' && param.left === definition.name));
    if (index === -1) return lifetime;
    const method = fn.parent?.type === 'MethodDefinition' && fn.parent.kind === 'method' ? fn.parent : null;
    if (keptParameterOutlivesOwner(fn, definition.name, node)) return keptParameterTargets.add(node), 'parameter-unowned';
    if (method && isClassNode(method.parent.parent) && !method.static && ATTACHING_METHOD.test(getPropertyName(method) ?? '')) {
      const classNode = method.parent.parent;
      // The handler must keep the instance alive, and the class must have an end of life.
      const handler = parseRegistration(node as TSESTree.CallExpression)?.handler ?? null;
      if (handler && capturesThis(handler) && terminalTeardownOf(classNode, cleanupMethodNames) !== null) return 'parameter-unowned';
      return lifetime;
    }
    const id = fn.type === 'FunctionDeclaration' ? fn.id : null;
    if (!id) return lifetime;
    const variable = resolveVariable(scopeManager, id);
    if (!variable || !isModuleScopeVariable(variable)) return lifetime;
    for (const reference of variable.references) {
      const call = reference.identifier.parent;
      if (call?.type !== 'CallExpression' || call.callee !== reference.identifier) continue;
      const argument = call.arguments[index];
      if (!argument || argument.type === 'SpreadElement') continue;
      const passed = canonicalize(argument, 1);
      if (passed.path === null) continue;
      const passedLifetime = lifetimeOf(passed);
      if (passedLifetime === 'injected' || passedLifetime === 'module' || passedLifetime === 'imported' || passedLifetime === 'global') return passedLifetime;
    }
    return lifetime;
  }

  function capturesThis(handler: TSESTree.Node): boolean {
    const current = unwrapExpression(handler);
    if (current.type === 'ArrowFunctionExpression') return someNode(current.body, (child) => child.type === 'ThisExpression');
    if (current.type === 'CallExpression') return capturesThis(current.callee);
    if (current.type === 'MemberExpression') return unwrapExpression(current.object).type === 'ThisExpression' || capturesThis(current.object);
    return current.type === 'ThisExpression';
  }

  function registersOncePerInstance(node: TSESTree.Node): boolean {
    for (let current = node.parent; current; current = current.parent) {
      // Framework hooks called once per instance (`onModuleInit`, `componentDidMount`) count as construction.
      if (current.type === 'MethodDefinition') return current.kind === 'constructor' || ONCE_PER_INSTANCE_HOOKS.has(getPropertyName(current) ?? '') || model.setsUpInstance(current);
      if (current.type === 'PropertyDefinition') return !current.static;
      if (current.type === 'FunctionDeclaration') return instanceOwnerOf(node)?.node === current;
      if (current.type === 'FunctionExpression' && current.parent?.type === 'AssignmentExpression') return false;
    }
    return false;
  }

  function isProcessWideEvent(path: string, registration: ParsedRegistration): boolean {
    if (path !== 'process' && path !== 'cluster' && path !== 'globalThis.process') return false;
    if (!registration.hasEvent) return false;
    const event = staticEvent(registration.eventNode);
    // A dynamic event on process (`for (const signal of signals) process.on(signal, …)`) is a signal list.
    return event === null || PROCESS_EVENTS.has(event) || path === 'cluster';
  }

  /**
   * Ownership (src/lifetime/ownership.ts) decides whether a long-lived-looking target really
   * outlives the code that registers on it: not when the class destroys it itself, when it is the
   * object that created the registrant (a plugin of its runner), when the registering function
   * has just put a brand-new object in it, or when it is reached through properties of an
   * object this file does not own (`socket.io.engine` is replaced on every reconnect).
   */
  function outlivesRegistrant(canonical: Canonical, lifetime: TargetLifetime, node: TSESTree.Node): boolean {
    const { root, path } = canonical;
    if (path === null) return false;
    if (lifetime === 'injected') {
      if (root.kind === 'this' && root.field !== null) {
        const classNode = thisClass(root.at);
        if (classNode && classDestroysField(classNode, root.field)) return false;
      }
      if (root.kind === 'identifier' && root.variable) {
        const definition = root.variable.defs[0];
        const constructor = definition?.type === 'Parameter' ? definition.node : null;
        if (constructor?.type === 'FunctionExpression' && !constructorKeepsParameter(constructor, root.identifier.name)) return false;
      }
    }
    if ((lifetime === 'imported' || lifetime === 'module') && root.kind === 'identifier' && path.split('.').length > 2) return false;
    // `this.pushInteractor._ipm2.bus`: reached through properties of a dependency's own objects.
    if (lifetime === 'injected' && root.kind === 'this' && path.split('.').length > 3) return false;
    if (lifetime === 'module' && root.kind === 'identifier' && root.variable && assignedFreshBefore(root.variable, node)) return false;
    // `constructor(call) { call.on('data', …); call.on('status', …) }`: a state object per target, which
    // follows the target to its end: what it adds dies with the target.
    if (lifetime === 'injected' && registersOncePerInstance(node) && followsTargetToItsEnd(path, node)) return false;
    return true;
  }

  /** The constructor also listens for the target's own end (`'close'`, `'end'`, `'exit'`, a call's `'status'`). */
  function followsTargetToItsEnd(path: string, node: TSESTree.Node): boolean {
    const constructor = enclosingFunction(node);
    if (!constructor) return false;
    return calls.some((call) => {
      if (!contains(constructor, call)) return false;
      const other = parseRegistration(call);
      if (!other?.hasEvent) return false;
      const event = staticEvent(other.eventNode);
      return event !== null && TARGET_END_EVENTS.has(event) && canonicalize(effectiveTarget(other), 0).path === path;
    });
  }

  /** The event and the handler are both parameters of the function that registers them, passed as they came. */
  function forwardsEventAndHandler(registration: ParsedRegistration): boolean {
    const fn = enclosingFunction(registration.node);
    if (!fn || !registration.eventNode || !registration.handler) return false;
    const isOwnParameter = (candidate: TSESTree.Node): boolean => {
      const current = unwrapExpression(candidate);
      if (current.type !== 'Identifier') return false;
      const definition = resolveVariable(scopeManager, current)?.defs[0];
      return definition?.type === 'Parameter' && definition.node === fn;
    };
    return isOwnParameter(registration.eventNode) && isOwnParameter(registration.handler);
  }

  /**
   * `onExit(callback) { process.on('exit', () => callback()) }`: a public API whose job is to hook the
   * caller's own callback onto the process; each call adds one because the caller asked for one.
   */
  function forwardsCallerCallback(handler: TSESTree.Node | null, fn: FunctionNode | null, depth = 0): boolean {
    if (!handler || !fn || depth > 4) return false;
    const current = unwrapExpression(handler);
    if (current.type === 'Identifier') {
      const definition = resolveVariable(scopeManager, current)?.defs[0];
      if (definition?.type === 'Parameter') return definition.node === fn;
      if (definition?.type === 'Variable' && definition.node.type === 'VariableDeclarator' && definition.node.init && contains(fn, definition.node)) return forwardsCallerCallback(definition.node.init, fn, depth + 1);
      return false;
    }
    if (!isFunctionNode(current)) return false;
    return someNode(current.body, (child) => child.type === 'CallExpression' && unwrapExpression(child.callee).type === 'Identifier' && forwardsCallerCallback(child.callee, fn, depth + 1), { intoFunctions: true });
  }

  /** `engine = attach(…)` (or `new X()`) in the registering function, before the registration. */
  function assignedFreshBefore(variable: Variable, node: TSESTree.Node, within: TSESTree.Node | null = enclosingFunction(node)): boolean {
    if (!within) return false;
    return variable.references.some((reference) => {
      if (!reference.isWrite() || reference.identifier.range[0] > node.range[0]) return false;
      if (!contains(within, reference.identifier)) return false;
      const assignment = reference.identifier.parent;
      if (assignment?.type !== 'AssignmentExpression') return false;
      let value = unwrapExpression(assignment.right);
      // `socket = pad.socket = io.connect(…)`: a chained assignment stores the same new object.
      while (value.type === 'AssignmentExpression' && value.operator === '=') value = unwrapExpression(value.right);
      return value.type === 'NewExpression' || value.type === 'CallExpression' || value.type === 'ObjectExpression';
    });
  }

  function problemFields(result: Extract<CleanupResult, { clean: false }>) {
    return {
      problem: result.problem,
      mismatchedRemoval: result.mismatchedRemoval,
      controllerPath: result.controllerPath,
      subscriptionHandle: result.subscriptionHandle,
    };
  }

  function isOnceLike(registration: ParsedRegistration): boolean {
    if (ONCE_METHODS.has(registration.method)) return true;
    const options = registration.options ? unwrapExpression(registration.options) : null;
    if (options?.type === 'ObjectExpression') {
      const once = findProperty(options, 'once');
      // `{ once }` with a variable: it may well be true, stay silent.
      if (once && !(once.value.type === 'Literal' && once.value.value === false)) return true;
    }
    if (registration.method === 'subscribe') return pipesCompletingOperator(registration.target);
    return false;
  }

  /** `source$.pipe(takeUntil(this.destroy$)).subscribe(...)` ends by itself. */
  function pipesCompletingOperator(target: TSESTree.Node): boolean {
    let current = unwrapExpression(target);
    while (current.type === 'CallExpression') {
      const member = methodCall(current);
      if (!member || member.method !== 'pipe') return false;
      for (const argument of current.arguments) {
        const operator = unwrapExpression(argument);
        if (operator.type === 'CallExpression') {
          const callee = unwrapExpression(operator.callee);
          const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
          if (name !== null && COMPLETING_OPERATORS.has(name)) return true;
        }
      }
      current = unwrapExpression(member.object);
    }
    return false;
  }

  /** Looks through `.on().on()` chains (they return the target) and rxjs `.pipe(...)`. */
  function effectiveTarget(registration: ParsedRegistration): TSESTree.Node {
    let current = unwrapExpression(registration.target);
    for (;;) {
      if (current.type !== 'CallExpression') return current;
      const member = methodCall(current);
      if (!member) return current;
      const chains = registration.method === 'subscribe' ? member.method === 'pipe' || member.method === 'asObservable' : registrationMethods.has(member.method) || member.method === 'once';
      if (!chains) return current;
      current = unwrapExpression(member.object);
    }
  }

  // ------------------------------------------------------ aliases & lifetime

  /**
   * With `calls`, a getter-like call on a path (`this.remoteTextTracks()`, no arguments) is a path
   * too (`this.remoteTextTracks()`), and so is a `const` alias of one. Only the sibling-evidence
   * check reads such paths: a call may return a new object each time.
   */
  function canonicalize(node: TSESTree.Node, depth: number, calls = false): Canonical {
    const current = unwrapExpression(node);
    if (calls && current.type === 'CallExpression' && current.arguments.length === 0) {
      const callee = unwrapExpression(current.callee);
      const name = callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
      if (callee.type === 'MemberExpression' && name !== null && !registrationMethods.has(name) && !removalMethods.has(name)) {
        const object = canonicalize(callee.object, depth, calls);
        if (object.path !== null) return { path: `${object.path}.${name}()`, root: withField(object.root, object.path, `.${name}()`) };
      }
      return { path: null, root: { kind: 'unknown' } };
    }
    if (current.type === 'ThisExpression') return { path: 'this', root: { kind: 'this', at: current, field: null } };
    if (current.type === 'Identifier') {
      const variable = resolveVariable(scopeManager, current);
      if (variable && depth < MAX_ALIAS_DEPTH) {
        const alias = aliasOf(variable, current, calls) ?? promisedFieldOf(variable);
        if (alias) {
          const resolved = canonicalize(alias.expression, depth + 1, calls);
          if (resolved.path !== null) return { path: resolved.path + alias.suffix, root: withField(resolved.root, resolved.path, alias.suffix) };
        }
        const field = constructorParameterField(variable);
        if (field !== null) return { path: `this.${field}`, root: { kind: 'this', at: current, field } };
      }
      return { path: current.name, root: { kind: 'identifier', identifier: current, variable } };
    }
    // `emitter.on(e, function onEvent() { emitter.off(e, onEvent) })` removes itself by its own name.
    if (current.type === 'FunctionExpression' && current.id) return { path: current.id.name, root: { kind: 'identifier', identifier: current.id, variable: resolveVariable(scopeManager, current.id) } };
    if (current.type === 'MemberExpression') {
      const object = canonicalize(current.object, depth, calls);
      const property = getPropertyName(current) ?? constantKeyOf(current);
      if (object.path === null || property === null) return { path: null, root: { kind: 'unknown' } };
      return { path: `${object.path}.${property}`, root: withField(object.root, object.path, `.${property}`) };
    }
    return { path: null, root: { kind: 'unknown' } };
  }

  /** `this[kTransport]` with `const kTransport = Symbol(…)`: a stable key, spelt `[kTransport]`. */
  function constantKeyOf(member: TSESTree.MemberExpression): string | null {
    if (!member.computed || member.property.type !== 'Identifier') return null;
    const variable = resolveVariable(scopeManager, member.property);
    const definition = variable?.defs[0];
    if (definition?.type !== 'Variable' || definition.parent?.type !== 'VariableDeclaration' || definition.parent.kind !== 'const') return null;
    return `[${member.property.name}]`;
  }

  /** A `const` options object or capture flag, read through to its value. */
  function constantValue(node: TSESTree.Node | null): TSESTree.Node | null {
    if (!node) return null;
    const current = unwrapExpression(node);
    if (current.type !== 'Identifier') return node;
    const variable = resolveVariable(scopeManager, current);
    const definition = variable?.defs[0];
    if (definition?.type !== 'Variable' || definition.parent?.type !== 'VariableDeclaration' || definition.parent.kind !== 'const') return node;
    const init = definition.node.type === 'VariableDeclarator' ? definition.node.init : null;
    if (!init) return node;
    const value = unwrapExpression(init);
    return value.type === 'ObjectExpression' || value.type === 'Literal' ? value : node;
  }

  function withField(root: Canonical['root'], path: string, suffix: string): Canonical['root'] {
    if (root.kind !== 'this' || root.field !== null || path !== 'this' || suffix === '') return root;
    return { kind: 'this', at: root.at, field: suffix.slice(1).split('.')[0] ?? null };
  }

  /** `const t = this.target` → `this.target`; `const { signal } = controller` → `controller.signal`. */
  function aliasOf(variable: Variable, identifier: TSESTree.Identifier, calls = false): { expression: TSESTree.Node; suffix: string } | null {
    if (variable.defs.length !== 1) return null;
    const definition = variable.defs[0]!;
    if (definition.type !== 'Variable' || definition.node.type !== 'VariableDeclarator') return null;
    const declarator = definition.node;
    // The declaration itself is not an alias use (`const t = …` names `t`).
    if (!declarator.init || definition.name === identifier) return null;
    const writes = variable.references.filter((reference) => reference.isWrite());
    if (writes.length > 1) return null;
    const init = unwrapExpression(declarator.init);
    if (init.type !== 'Identifier' && init.type !== 'MemberExpression' && init.type !== 'ThisExpression' && !(calls && init.type === 'CallExpression' && init.arguments.length === 0)) return null;
    if (declarator.id.type === 'Identifier') return { expression: init, suffix: '' };
    if (declarator.id.type === 'ObjectPattern') {
      for (const property of declarator.id.properties) {
        if (property.type !== 'Property' || property.computed) continue;
        const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
        if (value === definition.name) {
          const key = getPropertyName(property);
          return key === null ? null : { expression: init, suffix: `.${key}` };
        }
      }
    }
    return null;
  }

  /** A constructor parameter stored as a field (`constructor(private bus)`, `this.bus = bus`) is that field. */
  function constructorParameterField(variable: Variable): string | null {
    if (paramFieldAliasCache.has(variable)) return paramFieldAliasCache.get(variable)!;
    let result: string | null = null;
    const definition = variable.defs[0];
    if (definition?.type === 'Parameter' && variable.defs.length === 1) {
      const fn = definition.node;
      if (isConstructor(fn)) {
        const name = definition.name;
        const holder = name.parent?.type === 'AssignmentPattern' ? name.parent.parent : name.parent;
        if (holder?.type === 'TSParameterProperty') {
          result = name.type === 'Identifier' ? name.name : null;
        } else if (isFunctionNode(fn)) {
          for (const assignment of constructorAssignments(fn)) {
            const value = unwrapExpression(assignment.value);
            if (value.type === 'Identifier' && resolveVariable(scopeManager, value) === variable) {
              result = assignment.field;
              break;
            }
          }
        }
      }
    }
    paramFieldAliasCache.set(variable, result);
    return result;
  }

  function lifetimeOf(canonical: Canonical): TargetLifetime {
    const { root } = canonical;
    if (root.kind === 'unknown') return 'unknown';
    if (root.kind === 'this') {
      const classNode = thisClass(root.at);
      // An ES5 constructor's prototype methods see the instance as `this` too.
      if (!classNode) return instanceOwnerOf(root.at)?.kind === 'prototype' ? 'field' : 'unknown';
      return root.field === null ? 'field' : fieldLifetime(classNode, root.field);
    }
    const { variable, identifier } = root;
    if (!variable || variable.defs.length === 0) {
      if (globalTargets.has(identifier.name)) return 'global';
      const path = canonical.path ?? '';
      for (const entry of globalTargets) if (entry.includes('.') && (path === entry || path.startsWith(`${entry}.`))) return 'global';
      return 'unknown';
    }
    const definition = variable.defs[0]!;
    if (definition.type === 'ImportBinding') return 'imported';
    if (definition.type === 'Parameter') return isConstructor(definition.node) ? 'injected' : 'parameter';
    return isModuleScopeVariable(variable) ? 'module' : 'local';
  }

  /** The class whose instance `this` denotes at `node`, crossing arrows; null inside plain functions. */
  function thisClass(node: TSESTree.Node): ClassNode | null {
    let current = node.parent;
    while (current) {
      if (isClassNode(current)) return current;
      if (current.type === 'FunctionExpression' || current.type === 'FunctionDeclaration') {
        const parent = current.parent;
        if ((parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') && parent.value === current) {
          return isClassNode(parent.parent?.parent) ? parent.parent.parent : null;
        }
        return null;
      }
      current = current.parent;
    }
    return null;
  }

  function fieldLifetime(classNode: ClassNode, field: string): TargetLifetime {
    let cache = fieldLifetimeCache.get(classNode);
    if (!cache) {
      cache = new Map();
      fieldLifetimeCache.set(classNode, cache);
    }
    const cached = cache.get(field);
    if (cached) return cached;
    const key = `${classNode.range[0]}:${field}`;
    if (fieldsInProgress.has(key)) return 'field';
    fieldsInProgress.add(key);
    const result = computeFieldLifetime(classNode, field);
    fieldsInProgress.delete(key);
    cache.set(field, result);
    return result;
  }

  function computeFieldLifetime(classNode: ClassNode, field: string): TargetLifetime {
    if (isOwnElementField(field)) return 'field';
    const constructor = classNode.body.body.find((member): member is TSESTree.MethodDefinition => member.type === 'MethodDefinition' && member.kind === 'constructor');
    if (constructor && constructor.value.type === 'FunctionExpression') {
      for (const parameter of constructor.value.params) {
        if (parameter.type === 'TSParameterProperty' && getPropertyName(parameter) === field) return 'injected';
      }
      for (const assignment of constructorAssignments(constructor.value)) {
        if (assignment.field !== field) continue;
        const lifetime = valueLifetime(assignment.value, constructor.value);
        if (LONG_LIVED.has(lifetime)) return lifetime;
      }
    }
    for (const member of classNode.body.body) {
      if (member.type !== 'PropertyDefinition' || member.static || !member.value || getPropertyName(member) !== field) continue;
      const value = unwrapExpression(member.value);
      // Angular's `private store = inject(Store)` is constructor injection in another spelling.
      if (value.type === 'CallExpression' && unwrapExpression(value.callee).type === 'Identifier' && (unwrapExpression(value.callee) as TSESTree.Identifier).name === 'inject') return 'injected';
      const lifetime = valueLifetime(value, null);
      if (LONG_LIVED.has(lifetime)) return lifetime;
    }
    return 'field';
  }

  /** The lifetime of a value assigned to a field: a constructor parameter (or a member of one) is injected. */
  function valueLifetime(value: TSESTree.Node, constructor: FunctionNode | null): TargetLifetime {
    let base = unwrapExpression(value);
    while (base.type === 'MemberExpression') base = unwrapExpression(base.object);
    if (base.type === 'Identifier' && constructor) {
      const variable = resolveVariable(scopeManager, base);
      const definition = variable?.defs[0];
      if (definition?.type === 'Parameter' && definition.node === constructor) return unwrapExpression(value).type === 'CallExpression' ? 'unknown' : 'injected';
    }
    const canonical = canonicalize(value, 1);
    return canonical.path === null ? 'unknown' : lifetimeOf(canonical);
  }

  /** `this.<field> = value` assignments made directly by a constructor (arrows included, nested functions not). */
  function constructorAssignments(fn: FunctionNode): FieldAssignment[] {
    let assignments = constructorAssignmentsCache.get(fn);
    if (!assignments) {
      assignments = scanConstructorAssignments(fn);
      constructorAssignmentsCache.set(fn, assignments);
    }
    return assignments;
  }

  function scanConstructorAssignments(fn: FunctionNode): FieldAssignment[] {
    const result: FieldAssignment[] = [];
    const stack: TSESTree.Node[] = [fn.body];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'AssignmentExpression' && node.operator === '=') {
        const left = unwrapExpression(node.left);
        const field = left.type === 'MemberExpression' && unwrapExpression(left.object).type === 'ThisExpression' ? getPropertyName(left) ?? constantKeyOf(left) : null;
        if (field !== null) result.push({ field, value: node.right });
      }
      if (node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration' || isClassNode(node)) continue;
      pushChildNodes(stack, node);
    }
    return result.reverse();
  }

  // ------------------------------------------------------------- contexts

  /**
   * True for code that runs once per module load: top-level statements, IIFEs,
   * callbacks of non-repeating calls made there (`server.listen(port, () => …)`,
   * `main().then(…)`, `DOMContentLoaded`), and functions only called from there
   * (`async function main() { process.on('SIGTERM', …) } main()`).
   */
  function runsOnce(node: TSESTree.Node, depth: number): boolean {
    let current = node.parent;
    while (current) {
      if (isClassNode(current) || current.type === 'StaticBlock' || current.type === 'PropertyDefinition') return false;
      if (isFunctionNode(current) && !functionRunsOnce(current, depth)) return false;
      current = current.parent;
    }
    return true;
  }

  function functionRunsOnce(fn: FunctionNode, depth: number): boolean {
    const parent = unwrapParent(fn);
    if (parent?.type === 'CallExpression') {
      if (unwrapExpression(parent.callee) === fn) return true;
      if (parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) return repeatingKindOf(fn) === null;
      return false;
    }
    if (depth >= 2) return false;
    const name = fn.type === 'FunctionDeclaration' ? fn.id : parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id : null;
    if (!name) return false;
    const variable = resolveVariable(scopeManager, name);
    if (!variable || !isModuleScopeVariable(variable)) return false;
    if (fn.parent?.type === 'ExportNamedDeclaration' || fn.parent?.type === 'ExportDefaultDeclaration' || parent?.parent?.parent?.type === 'ExportNamedDeclaration') return false;
    const reads = variable.references.filter((reference) => reference.identifier !== name && reference.isRead());
    if (reads.length === 0) return false;
    return reads.every((reference) => {
      const call = reference.identifier.parent;
      return call?.type === 'CallExpression' && call.callee === reference.identifier && runsOnce(call, depth + 1);
    });
  }

  function unwrapParent(node: TSESTree.Node): TSESTree.Node | undefined {
    let parent = node.parent;
    while (parent && (parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'TSSatisfiesExpression' || parent.type === 'ChainExpression')) parent = parent.parent;
    return parent;
  }

  /**
   * Registrations that pile up although the code is no callback: web components'
   * `connectedCallback` runs on every insertion, and an `'abort'` listener added on the
   * instance's own long-lived signal in a method is added on every call.
   */
  function perCallKindOf(fn: FunctionNode, registration: ParsedRegistration, canonical: Canonical): Omit<RepeatingContext, 'node'> | null {
    const method = fn.parent;
    if (method?.type !== 'MethodDefinition' || method.kind !== 'method' || method.static) return null;
    const name = getPropertyName(method);
    if (name !== null && REENTRANT_HOOKS.has(name) && canonical.root.kind === 'this' && canonical.root.field === null) return { kind: 'reentrantHook', event: null, registration: null };
    const event = registration.hasEvent ? staticEvent(registration.eventNode) : null;
    if (event === 'abort' && canonical.root.kind === 'this' && canonical.root.field !== null && canonical.path?.endsWith('.signal')) {
      return { kind: 'perCall', event: null, registration: null };
    }
    return null;
  }

  /** Why a function runs again and again, or null. */
  function repeatingKindOf(fn: FunctionNode): Omit<RepeatingContext, 'node'> | null {
    let parent = unwrapParent(fn);
    // `source$.subscribe({ next: value => … })`
    if (parent?.type === 'Property' && parent.value === fn && parent.parent.type === 'ObjectExpression') {
      const call = unwrapParent(parent.parent);
      if (call?.type === 'CallExpression' && methodCall(call)?.method === 'subscribe') return { kind: 'eventCallback', event: null, registration: call };
      parent = undefined;
    }
    if (parent?.type === 'CallExpression' && parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
      const registration = parseRegistration(parent);
      if (registration && registration.handler && unwrapExpression(registration.handler) === fn) {
        const event = registration.hasEvent ? staticEvent(registration.eventNode) : null;
        if (isOnceLike(registration) || (event !== null && isOneShotEvent(event, registration.target, scopeManager))) return null;
        if (removesItself(fn, registration)) return null;
        return { kind: 'eventCallback', event, registration: parent };
      }
      const callee = unwrapExpression(parent.callee);
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
      if (name === 'setInterval') return { kind: 'intervalCallback', event: null, registration: null };
      if (name === 'forEach' && parent.arguments[0] === fn) return { kind: 'loop', event: null, registration: null };
      if (name === 'createServer') return { kind: 'requestHandler', event: null, registration: null };
      if (name !== null && callee.type === 'MemberExpression' && HTTP_VERBS.has(name) && (isRoutePath(parent.arguments[0]) || hasRequestParameters(fn))) {
        return { kind: 'requestHandler', event: null, registration: null };
      }
    }
    if (hasRequestParameters(fn)) return { kind: 'requestHandler', event: null, registration: null };
    const method = fn.parent;
    if (method?.type === 'MethodDefinition' && (method.decorators as TSESTree.Decorator[] | undefined ?? []).some((decorator) => {
      const expression = unwrapExpression(decorator.expression);
      const callee = expression.type === 'CallExpression' ? unwrapExpression(expression.callee) : expression;
      return callee.type === 'Identifier' && ROUTE_DECORATORS.has(callee.name);
    })) {
      return { kind: 'requestHandler', event: null, registration: null };
    }
    return null;
  }

  /**
   * The innermost callback or loop that runs repeatedly and that the target
   * outlives. Listeners on the callback's own parameters (the per-connection
   * `ws`, `req`/`res`) are how per-event code cleans up after itself, so the
   * target must be declared outside the repeating code.
   */
  function findRepeatingContext(registration: ParsedRegistration, canonical: Canonical, lifetime: TargetLifetime): RepeatingContext | null {
    const { node } = registration;
    let current: TSESTree.Node | undefined = node.parent;
    let child: TSESTree.Node = node;
    while (current) {
      let context: RepeatingContext | null = null;
      if (isFunctionNode(current)) {
        const kind = repeatingKindOf(current) ?? perCallKindOf(current, registration, canonical);
        if (kind) context = { ...kind, node: current };
      } else if (isLoop(current) && current.body === child) {
        context = { kind: 'loop', event: null, registration: null, node: current };
      }
      if (context && context.kind === 'eventCallback' && context.registration && !outerEventRepeats(context.registration, context.event, canonical)) context = null;
      if (context) {
        if (!outlives(canonical, lifetime, context.node)) return null;
        // `socket = new eio.Socket(…); socket.on(…)` in the callback: a new target every run.
        if (canonical.root.kind === 'identifier' && canonical.root.variable && assignedFreshBefore(canonical.root.variable, node, context.node)) return null;
        const eventDependsOnContext = registration.eventNode !== null && dependsOn(registration.eventNode, context.node);
        // `for (const handler of handlers) bus.on('x', handler)` adds different handlers on purpose.
        const handlerDependsOnLoop = context.kind === 'loop' && registration.handler !== null && dependsOn(registration.handler, context.node);
        // `for (const runner of runners) runner.on('x', …)`: one listener on each of many targets.
        const targetDependsOnLoop = context.kind === 'loop' && dependsOn(registration.target, context.node);
        if (!eventDependsOnContext && !handlerDependsOnLoop && !targetDependsOnLoop && !isDeduplicated(registration, context.node)) return context;
      }
      child = current;
      current = current.parent;
    }
    return null;
  }

  /**
   * Whether the event whose callback adds a listener fires again while that listener stays. Not when the
   * code listening for it also ends its target (`transport.on('open', …); transport.end()`): those are its
   * last events. Nor, for a listener on that same object (or a part of it) made here or handed in, when
   * the object is not known to emit the event again and again (`stream.on('pipe', () => stream.on('close', …))`).
   */
  function outerEventRepeats(outerCall: TSESTree.CallExpression, event: string | null, canonical: Canonical): boolean {
    const outer = parseRegistration(outerCall);
    if (!outer) return true;
    const outerCanonical = canonicalize(effectiveTarget(outer), 0, true);
    const outerPath = outerCanonical.path;
    if (outerPath === null) return true;
    const listening = enclosingFunction(outerCall);
    if (listening && someNode(listening, (child) => child.type === 'CallExpression' && child.callee.type === 'MemberExpression' && ENDING_CALLS.has(getPropertyName(child.callee) ?? '') && canonicalize(child.callee.object, 0, true).path === outerPath)) return false;
    const inner = canonical.path;
    // A part reached through the emitter's properties (`socket.io.engine` in `socket.on('connect', …)`) may be
    // a new object at each event: socket.io makes a new engine for every connection.
    if (inner?.startsWith(`${outerPath}.`)) return false;
    if (inner !== outerPath) return true;
    // A shared bus (a module's, an injected one, a field) carries the application's events, which repeat.
    const outerLifetime = lifetimeOf(outerCanonical);
    if (outerLifetime !== 'local' && outerLifetime !== 'parameter') return true;
    return event === null || emitsRepeatedly(event);
  }

  function outlives(canonical: Canonical, lifetime: TargetLifetime, context: TSESTree.Node): boolean {
    if (LONG_LIVED.has(lifetime) || lifetime === 'field') return true;
    if (lifetime !== 'parameter' && lifetime !== 'local') return false;
    if (canonical.root.kind !== 'identifier' || !canonical.root.variable) return false;
    const declaration = canonical.root.variable.defs[0]?.name;
    return declaration !== undefined && !contains(context, declaration);
  }

  /** EventTarget ignores a second `addEventListener` of the same function: a handler declared outside cannot pile up. */
  function isDeduplicated(registration: ParsedRegistration, context: TSESTree.Node): boolean {
    if (registration.method !== 'addEventListener' || !registration.handler) return false;
    if (handlerKindOf(registration.handler) !== 'reference') return false;
    const handler = canonicalize(registration.handler, 0);
    if (handler.root.kind === 'this') return true;
    if (handler.root.kind !== 'identifier') return false;
    const declaration = handler.root.variable?.defs[0]?.name;
    return declaration !== undefined && !contains(context, declaration);
  }

  /** True when the expression reads a variable declared inside `context` (but outside the expression). */
  function dependsOn(expression: TSESTree.Node, context: TSESTree.Node): boolean {
    const stack: TSESTree.Node[] = [expression];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'Identifier') {
        if (!isPropertyNameIdentifier(node)) {
          const declaration = resolveVariable(scopeManager, node)?.defs[0]?.name;
          if (declaration && contains(context, declaration) && !contains(expression, declaration)) return true;
        }
        continue;
      }
      pushChildNodes(stack, node);
    }
    return false;
  }

  function ownerOf(node: TSESTree.Node): ListenerOwner | null {
    let outermost: FunctionNode | null = null;
    let innermost: FunctionNode | null = null;
    let current = node.parent;
    while (current) {
      if (isClassNode(current)) {
        return { kind: 'class', node: current, name: classNameOf(current), cleanupMethod: findCleanupMember(current) };
      }
      if (isFunctionNode(current)) {
        innermost ??= current;
        outermost = current;
      }
      current = current.parent;
    }
    const fn = outermost ?? innermost;
    if (!fn) return null;
    // Vue options objects and similar: `{ mounted() { … }, beforeUnmount() { … } }`.
    const holder = fn.parent;
    if (holder?.type === 'Property' && holder.value === fn && holder.parent.type === 'ObjectExpression') {
      const object = holder.parent;
      let cleanup: TSESTree.Property | null = null;
      for (const property of object.properties) {
        if (property.type === 'Property' && isCleanupName(getPropertyName(property))) {
          cleanup = property;
          break;
        }
      }
      return { kind: 'object', node: object, cleanupMethod: cleanup };
    }
    return { kind: 'function', node: fn, name: getFunctionName(fn), registeringFunction: innermost ?? fn };
  }


  function findCleanupMember(classNode: ClassNode): TSESTree.ClassElement | null {
    let member = cleanupMemberCache.get(classNode);
    if (member === undefined) {
      member = scanCleanupMember(classNode);
      cleanupMemberCache.set(classNode, member);
    }
    return member;
  }

  function scanCleanupMember(classNode: ClassNode): TSESTree.ClassElement | null {
    for (const member of classNode.body.body) {
      if (member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition') continue;
      if (member.type === 'MethodDefinition' && member.kind === 'constructor') continue;
      if (isCleanupName(getPropertyName(member))) return member;
      if (member.computed) {
        const key = canonicalize(member.key, MAX_ALIAS_DEPTH).path;
        if (key === 'Symbol.dispose' || key === 'Symbol.asyncDispose') return member;
      }
    }
    return null;
  }

  function isCleanupName(name: string | null): boolean {
    return name !== null && cleanupMethodNames.has(name);
  }

  // -------------------------------------------------------------- cleanup

  /** Whether the registration is undone inside `scope` (a class, an object, a function, a callback or loop). */
  function checkCleanup(registration: ParsedRegistration, targetPath: string, scope: TSESTree.Node, calls = false): CleanupResult {
    const noHandle = { mismatchedRemoval: null, controllerPath: null, subscriptionHandle: null };
    const handle = handleOf(registration.node);
    if (registration.method === 'subscribe') {
      // Redis/PubSub style: `client.subscribe('ch', fn)` … `client.unsubscribe('ch')`.
      if (isUnsubscribedOnTarget(targetPath, scope)) return { clean: true };
      if (handle.kind === 'discarded') return { clean: false, problem: 'discardedSubscription', ...noHandle };
      if (handle.kind === 'escaped' || handle.kind === 'returned' || isHandleReleased(handle, scope)) return { clean: true };
      return { clean: false, problem: 'unsubscribedSubscription', ...noHandle, subscriptionHandle: handle.name };
    }
    // Some emitters return an unsubscribe function (`const off = emitter.on(…)`; `useEffect(() => emitter.on(…))`).
    if ((handle.kind === 'returned' && returnsToCleanupOwner(registration.node)) || (handle.kind !== 'discarded' && handle.kind !== 'returned' && handle.kind !== 'escaped' && isHandleReleased(handle, scope))) return { clean: true };

    const signal = signalOf(registration.options);
    if (signal) {
      const controllerPath = localControllerPath(signal, scope);
      if (controllerPath === null || isAborted(controllerPath, scope)) return { clean: true };
      return { clean: false, problem: 'signalNeverAborted', mismatchedRemoval: null, controllerPath, subscriptionHandle: null };
    }

    const eventKey = registration.hasEvent ? eventKeyOf(registration.eventNode) : 'none';
    const handlerKind = handlerKindOf(registration.handler);
    const handlerPath = handlerKind === 'reference' ? canonicalize(registration.handler!, 0).path : null;
    const capture = captureOf(registration.options, registration.method);
    let sameEvent: ParsedRemoval | null = null;
    let captureMismatch: ParsedRemoval | null = null;
    for (const removal of removalsOf(targetPath, calls)) {
      if (!contains(scope, removal.node) || removal.node === registration.node) continue;
      const removalEvent = removal.hasEvent ? eventKeyOf(removal.eventNode) : 'none';
      // A dynamic event on either side (`for (const e of events) bus.off(e, h)`) may be this one.
      const eventMatches = removalEvent === null || eventKey === null || removalEvent === eventKey;
      if (removal.isRemoveAll) {
        if (!removal.hasEvent || eventMatches) return { clean: true };
        continue;
      }
      if (!eventMatches || removal.hasEvent !== registration.hasEvent) continue;
      sameEvent ??= removal;
      if (handlerPath === null || handlerKindOf(removal.handler) !== 'reference' || canonicalize(removal.handler!, 0).path !== handlerPath) continue;
      const removedCapture = captureOf(removal.options, removal.method);
      if (capture === null || removedCapture === null || capture === removedCapture) return { clean: true };
      captureMismatch ??= removal;
    }
    if (handlerPath !== null && handlerPath.includes('.') && removedByLeafNames(registration, targetPath, eventKey, handlerPath)) return { clean: true };
    const again = sameEvent ? null : addedAgainInTeardown(registration, targetPath, eventKey, handlerPath);
    if (again) return { clean: false, problem: 'addedAgainInTeardown', ...noHandle, mismatchedRemoval: again };
    if (handlerKind !== 'reference' && handlerKind !== 'none') return { clean: false, problem: 'unmatchableHandler', ...noHandle, mismatchedRemoval: sameEvent?.node ?? null };
    if (captureMismatch) return { clean: false, problem: 'captureMismatch', ...noHandle, mismatchedRemoval: captureMismatch.node };
    if (sameEvent) return { clean: false, problem: 'handlerMismatch', ...noHandle, mismatchedRemoval: sameEvent.node };
    return { clean: false, problem: 'noRemoval', ...noHandle };
  }

  function removalsOf(targetPath: string, calls = false): ParsedRemoval[] {
    const index = calls ? (removalIndexWithCalls ??= indexRemovals(true)) : (removalIndex ??= indexRemovals(false));
    return index.get(targetPath) ?? [];
  }

  function indexRemovals(withCalls: boolean): Map<string, ParsedRemoval[]> {
    const index = new Map<string, ParsedRemoval[]>();
    for (const call of calls) {
      const removal = parseRemoval(call);
      if (!removal) continue;
      let target = unwrapExpression(removal.target);
      // `emitter.off('a', f).off('b', g)` returns the emitter.
      while (target.type === 'CallExpression') {
        const member = methodCall(target);
        if (!member || !(removalMethods.has(member.method) || registrationMethods.has(member.method))) break;
        target = unwrapExpression(member.object);
      }
      const path = canonicalize(target, 0, withCalls).path;
      if (path === null) continue;
      const list = index.get(path) ?? [];
      list.push(removal);
      index.set(path, list);
    }
    return index;
  }

  /**
   * `new Promise((resolve) => { const timer = setTimeout(() => resolve(null), ms); const h = (x) => {
   * clearTimeout(timer); bus.off('pong', h); resolve(x); }; bus.on('pong', h); })`: the listener is
   * removed only when its event comes; when the timeout settles the promise first, it stays on a
   * target that outlives the promise, one more per timed-out call. The timeout call, or null.
   */
  function timeoutLeavesListener(registration: ParsedRegistration, canonical: Canonical): TSESTree.CallExpression | null {
    const executor = enclosingFunction(registration.node);
    const creation = executor ? unwrapParent(executor) : undefined;
    if (!executor || creation?.type !== 'NewExpression' || creation.arguments[0] !== executor) return null;
    const callee = unwrapExpression(creation.callee);
    if (callee.type !== 'Identifier' || callee.name !== 'Promise') return null;
    // The target must outlive the executor: `this.bus`, or a variable declared outside it.
    if (canonical.root.kind === 'identifier') {
      const declaration = canonical.root.variable?.defs[0]?.name;
      if (!declaration || contains(executor, declaration)) return null;
    } else if (canonical.root.kind !== 'this') return null;
    const handler = registration.handler ? unwrapExpression(registration.handler) : null;
    if (handler?.type !== 'Identifier') return null;
    const definition = resolveVariable(scopeManager, handler)?.defs[0];
    const handlerFn = definition?.type === 'Variable' && definition.node.type === 'VariableDeclarator' && definition.node.init ? unwrapExpression(definition.node.init) : definition?.type === 'FunctionName' ? definition.node : null;
    if (!handlerFn || !isFunctionNode(handlerFn) || !contains(executor, handlerFn)) return null;
    const eventKey = registration.hasEvent ? eventKeyOf(registration.eventNode) : 'none';
    const removesIt = (call: TSESTree.CallExpression): boolean => {
      const removal = parseRemoval(call);
      if (!removal || canonicalize(removal.target, 0).path !== canonical.path) return false;
      if (removal.isRemoveAll) return !removal.hasEvent || eventKeyOf(removal.eventNode) === eventKey;
      const removed = removal.handler ? unwrapExpression(removal.handler) : null;
      return (removal.hasEvent ? eventKeyOf(removal.eventNode) : 'none') === eventKey && removed?.type === 'Identifier' && removed.name === handler.name;
    };
    let removedByHandler = false;
    for (const call of calls) {
      if (!contains(executor, call) || !removesIt(call)) continue;
      if (!contains(handlerFn, call)) return null; // removed on another path too
      removedByHandler = true;
    }
    if (!removedByHandler) return null;
    // A timeout whose callback settles the promise (calls resolve/reject) without removing the listener.
    const settlers = new Set(executor.params.flatMap((param) => (param.type === 'Identifier' ? [param.name] : [])));
    for (const call of calls) {
      if (!contains(executor, call) || contains(handlerFn, call)) continue;
      const timer = unwrapExpression(call.callee);
      if (timer.type !== 'Identifier' || timer.name !== 'setTimeout') continue;
      const callback = call.arguments[0] ? unwrapExpression(call.arguments[0]) : null;
      if (!callback || !isFunctionNode(callback)) continue;
      const settles = someNode(callback, (child) => child.type === 'CallExpression' && unwrapExpression(child.callee).type === 'Identifier' && settlers.has((unwrapExpression(child.callee) as TSESTree.Identifier).name), { intoFunctions: true });
      // Calling any other local function may clean up (`cleanup()`): only plain settling counts.
      const callsOther = someNode(callback, (child) => child.type === 'CallExpression' && !(unwrapExpression(child.callee).type === 'Identifier' && settlers.has((unwrapExpression(child.callee) as TSESTree.Identifier).name)) && (unwrapExpression(child.callee).type === 'Identifier' || removesIt(child)), { intoFunctions: true });
      if (settles && !callsOther) return call;
    }
    return null;
  }

  /**
   * A registration inside a same-file helper that registers its handler parameter on its target
   * parameter (`function onabort(signal, fn) { signal.addEventListener('abort', fn) }`), read at each
   * call instead: the registration that call makes, with the call's arguments. Null when the
   * registration is no such helper's, or the helper is exported or never called here.
   */
  function helperCallSites(registration: ParsedRegistration): ParsedRegistration[] | null {
    if (!registration.handler || registration.targetFirst) return null;
    const fn = enclosingFunction(registration.node);
    if (!fn) return null;
    const id = fn.type === 'FunctionDeclaration' ? fn.id : fn.parent?.type === 'VariableDeclarator' && fn.parent.id.type === 'Identifier' ? fn.parent.id : null;
    if (!id || fn.parent?.type === 'MethodDefinition') return null;
    const targetIndex = parameterIndex(fn, effectiveTarget(registration));
    const handlerIndex = parameterIndex(fn, registration.handler);
    if (targetIndex === -1 || handlerIndex === -1) return null;
    if (isExported(fn)) return [];
    const variable = resolveVariable(scopeManager, id);
    if (!variable) return [];
    const sites: ParsedRegistration[] = [];
    for (const reference of variable.references) {
      const call = reference.identifier.parent;
      if (call?.type !== 'CallExpression' || call.callee !== reference.identifier) continue;
      const target = call.arguments[targetIndex];
      const handler = call.arguments[handlerIndex];
      if (!target || !handler || target.type === 'SpreadElement' || handler.type === 'SpreadElement') continue;
      sites.push({ ...registration, node: call, target, handler, targetFirst: false });
    }
    // Exported or handed on: the callers elsewhere decide what it registers, and remove it.
    return sites;
  }

  function parameterIndex(fn: FunctionNode, node: TSESTree.Node): number {
    const current = unwrapExpression(node);
    if (current.type !== 'Identifier') return -1;
    const definition = resolveVariable(scopeManager, current)?.defs[0];
    if (definition?.type !== 'Parameter' || definition.node !== fn) return -1;
    return fn.params.findIndex((param) => param === definition.name || (param.type === 'AssignmentPattern' && param.left === definition.name));
  }

  /**
   * An 'abort' listener on an AbortSignal the code did not create: a parameter or an options
   * field (`signal`, `options.signal`, `this.options.signal`). The caller may pass one long-lived
   * signal to many calls (a shutdown signal), and every call leaves its listener, and whatever
   * the listener holds, on it until the signal aborts, which may be never.
   */
  function isAbortOnCallerSignal(registration: ParsedRegistration): boolean {
    if (!registration.hasEvent || staticEvent(registration.eventNode) !== 'abort') return false;
    // `listen({ signal })`, `start({ signal })`: the signal is how the caller stops what starts here, once.
    for (let current: TSESTree.Node | undefined = registration.node.parent; current; current = current.parent) {
      if (isFunctionNode(current) && STARTING_FUNCTION.test(getFunctionName(current) ?? '')) return false;
    }
    if (registration.method !== 'addEventListener' && registration.method !== 'on' && registration.method !== 'addListener') return false;
    if (stopsTheCallsWork(registration)) return false;
    const canonical = canonicalize(effectiveTarget(registration), 0);
    const path = canonical.path;
    if (path === null || !/(?:^|\.)[A-Za-z_$]*[sS]ignal$/.test(path)) return false;
    if (localControllerPath(registration.target, source.ast) !== null) return false;
    if (canonical.root.kind === 'identifier') {
      const definition = canonical.root.variable?.defs[0];
      if (!definition) return false;
      if (definition.type === 'Parameter') return true;
      // `const { signal } = options` / `const signal = options.signal`: the caller's; `= controller.signal`, `AbortSignal.timeout()`: made here.
      if (definition.type !== 'Variable' || definition.node.type !== 'VariableDeclarator' || !definition.node.init) return false;
      const init = unwrapExpression(definition.node.init);
      if (init.type !== 'Identifier' && init.type !== 'MemberExpression') return false;
      let base: TSESTree.Node = init;
      while (base.type === 'MemberExpression') base = unwrapExpression(base.object);
      return base.type === 'Identifier' && resolveVariable(scopeManager, base)?.defs[0]?.type === 'Parameter';
    }
    return canonical.root.kind === 'this' && canonical.root.field !== null && path.split('.').length >= 3;
  }

  /**
   * `signal.addEventListener('abort', () => { clearInterval(poll); video.removeEventListener('ended', onEnded) })`
   * at the top of a function: the call starts work that runs until the signal aborts (an interval, listeners
   * on what it made), and this listener is how that work stops, so it is meant to stay until then. Not in a
   * promise executor, whose promise settles on its own and leaves the listener behind.
   */
  function stopsTheCallsWork(registration: ParsedRegistration): boolean {
    const handler = registration.handler ? unwrapExpression(registration.handler) : null;
    const fn = enclosingFunction(registration.node);
    if (!handler || !isFunctionNode(handler) || !fn || isPromiseExecutor(fn)) return false;
    const madeHere = (node: TSESTree.Node): boolean => {
      const value = unwrapExpression(node);
      if (value.type !== 'Identifier') return false;
      const definition = resolveVariable(scopeManager, value)?.defs[0];
      return definition?.type === 'Variable' && enclosingFunction(definition.node) === fn;
    };
    return someNode(handler.body, (child) => {
      if (child.type !== 'CallExpression') return false;
      const name = getCalleeName(child);
      if ((name === 'clearInterval' || name === 'clearTimeout') && child.arguments[0]) return madeHere(child.arguments[0]);
      const callee = unwrapExpression(child.callee);
      return callee.type === 'MemberExpression' && STOPPING_CALLS.has(name ?? '') && madeHere(callee.object) || (callee.type === 'MemberExpression' && removalMethods.has(name ?? '') && child.arguments[1] !== undefined && madeHere(child.arguments[1]));
    });
  }

  /**
   * Where a removal of an instance-member handler (`this.onX`, `self.onX`) can be: the class body,
   * or the whole file for prototype-style and function owners (whose methods and teardown helpers
   * are spread over it). Null when the handler is not an instance member.
   */
  function instanceHandlerScope(registration: ParsedRegistration): TSESTree.Node | null {
    if (!registration.handler || handlerKindOf(registration.handler) !== 'reference') return null;
    const handlerPath = canonicalize(registration.handler, 0).path;
    if (handlerPath === null || !handlerPath.startsWith('this.')) return null;
    const instance = instanceOwnerOf(registration.node);
    if (instance?.kind === 'class') return instance.node;
    return source.ast;
  }

  // ------------------------------------------------------ teardown evidence

  /** The member functions that end an owner (by cleanup name), and `this.on('dispose', fn)` callbacks registered next to `node`. */
  function teardownScopes(node: TSESTree.Node): TSESTree.Node[] {
    const scopes: TSESTree.Node[] = [];
    const owner = ownerOf(node);
    if (owner?.kind === 'class') {
      for (const member of owner.node.body.body) {
        if ((member.type === 'MethodDefinition' && member.kind === 'method') || member.type === 'PropertyDefinition') {
          if (isCleanupName(getPropertyName(member)) && member.value) scopes.push(member.value);
        }
      }
    } else if (owner?.kind === 'object') {
      for (const property of owner.node.properties) {
        if (property.type === 'Property' && isCleanupName(getPropertyName(property)) && isFunctionNode(property.value)) scopes.push(property.value);
      }
    }
    const instance = instanceOwnerOf(node);
    if (instance?.kind === 'prototype') {
      for (const [name, fn] of instance.members) if (isCleanupName(name)) scopes.push(fn);
    }
    const registering = registeringFunction(node);
    if (registering) {
      for (const call of calls) {
        if (!contains(registering, call) || call === node) continue;
        const member = methodCall(call);
        if (!member || !(registrationMethods.has(member.method) || member.method === 'one' || member.method === 'once')) continue;
        if (canonicalize(member.object, 0).path !== 'this') continue;
        const event = staticEvent(call.arguments[0] ?? null);
        const callback = call.arguments[1];
        if (event !== null && TEARDOWN_EVENTS.has(event) && callback && isFunctionNode(callback)) scopes.push(callback);
      }
    }
    return scopes;
  }

  /** The method (or function) that makes the registration: the outermost function below its class, object or program. */
  function registeringFunction(node: TSESTree.Node): FunctionNode | null {
    let result: FunctionNode | null = null;
    for (let current = node.parent; current; current = current.parent) {
      if (isClassNode(current) || current.type === 'ObjectExpression') return result;
      if (isFunctionNode(current)) {
        result = current;
        const parent = current.parent;
        if (parent?.type === 'MethodDefinition' || (parent?.type === 'Property' && parent.value === current) || parent?.type === 'AssignmentExpression') return result;
      }
    }
    return result;
  }

  /**
   * True when the owner's own teardown shows that a `this.<field>` target (or a getter's result,
   * `this.tracks()`) outlives the owner, although nothing else says so: the teardown adds this very
   * listener again (`on` where `off` was meant), or it removes other listeners that the same method
   * added (and forgets this one). A target the owner creates or destroys itself is not evidence.
   */
  function teardownShowsOutliving(registration: ParsedRegistration, canonical: Canonical): boolean {
    const { node } = registration;
    if (canonical.root.kind !== 'this' || canonical.root.field === null) return false;
    if (registration.handler === null || registration.method === 'subscribe') return false;
    if (createsOrDestroysField(node, canonical.root.field)) return false;
    const scopes = teardownScopes(node);
    if (scopes.length === 0 || scopes.some((scope) => contains(scope, node))) return false;
    const eventKey = registration.hasEvent ? eventKeyOf(registration.eventNode) : 'none';
    const handlerPath = handlerKindOf(registration.handler) === 'reference' ? canonicalize(registration.handler, 0).path : null;
    if (addedAgainInTeardown(registration, canonical.path!, eventKey, handlerPath, scopes)) return true;
    // A component API (`this.on(player, 'ended', fn)`) may remove what it adds when the component ends.
    if (registration.targetFirst) return false;
    const registering = registeringFunction(node);
    if (!registering) return false;
    const siblingTargets = new Set<string>();
    for (const call of calls) {
      if (call === node || !contains(registering, call)) continue;
      const sibling = parseRegistration(call);
      if (!sibling) continue;
      const path = canonicalize(effectiveTarget(sibling), 0, true).path;
      if (path !== null && path !== 'this') siblingTargets.add(path);
    }
    if (siblingTargets.size === 0) return false;
    for (const call of calls) {
      if (!scopes.some((scope) => contains(scope, call))) continue;
      const removal = parseRemoval(call);
      if (!removal) continue;
      const path = canonicalize(removal.target, 0, true).path;
      if (path !== null && siblingTargets.has(path) && sameKindOfTarget(path, canonical.path!)) return true;
    }
    return false;
  }

  /**
   * Whether the file shows that what registers ends before the target it listens on. A long-lived
   * target alone does not: most objects that listen on one without letting go (a service's start(),
   * a controller handed its creator, a page helper) are made once per process, which one file cannot
   * see. The evidence that they are not: a removal that tries and misses (another handler, capture
   * flag or signal), a teardown that already lets go of other listeners or subscriptions (so it
   * forgets this one), or a listener added on every call to an object the function caches.
   */
  function showsEndBeforeTarget(result: CleanupResult, registration: ParsedRegistration, targetPath: string, lifetime: TargetLifetime): boolean {
    const { node } = registration;
    if (result.clean) return true;
    if (result.problem !== 'noRemoval' && result.problem !== 'unmatchableHandler' && result.problem !== 'discardedSubscription' && result.problem !== 'unsubscribedSubscription') return true;
    if (assumeOwnersEnd || endsWithFramework(node) || teardownLetsGo(registration, targetPath) || triesToRemove(registration, targetPath)) return true;
    // A method parameter the class attaches to and must let go of at its terminal teardown.
    if (lifetime === 'parameter-unowned') return true;
    // A teardown that deals with the target itself (`if (this.opts != this._client) await this._client.quit()`)
    // and leaves the listener on it: the author knows the target may outlive the instance.
    if (lifetime === 'injected' && teardownTouches(targetPath, node)) return true;
    // Code that runs per event or per item, a returned cleanup that removes other listeners, or a
    // listener that holds what one call was handed or made: each run leaves one more behind.
    const enclosing = enclosingFunction(node);
    const registering = registeringFunction(node) ?? enclosing;
    if (runsPerEvent(enclosing, scopeManager, { timerCallbacks: false }) || setsUpPerItem(node) || returnedCleanupLetsGo(registering)) return true;
    const handler = handlerFunction(registration.handler);
    if (holdsCallState(handler, enclosing, scopeManager) || (registering !== enclosing && holdsCallState(handler, registering, scopeManager))) return true;
    // A module helper registering on what an instance with an end hands it (`onChannel(subClient, …)`
    // in a constructor, `close()` beside it): the instance cannot reach that listener at its teardown.
    if (lifetime === 'injected' && enclosing && calledByEndingInstance(enclosing)) return true;
    // What the whole process keeps (a global, a module's emitter) outlives every instance that has an
    // end; an injected object may be the instance's own creator, which one file cannot tell.
    const instance = instanceOwnerOf(node);
    // (Not an instance the file makes once, at module level: it lives as long as the module.)
    if (instance && (lifetime === 'global' || lifetime === 'module' || lifetime === 'imported') && ownerHasTerminalEnd(instance, cleanupMethodNames) && !(instance.kind === 'class' && model.instantiatedOnce(instance.node as ClassNode))) return true;
    return addedPerCallOnCachedTarget(registration);
  }

  /**
   * A terminal teardown of the owner ends the target (or the field it hangs from) only under a
   * condition (`if (this.opts != this._client) await this._client.quit()`): when the object is the
   * caller's, the instance leaves it running, with the listener on it.
   */
  function teardownTouches(targetPath: string, node: TSESTree.Node): boolean {
    const owner = ownerOf(node);
    if (owner?.kind !== 'class') return false;
    const teardown = terminalTeardownOf(owner.node, cleanupMethodNames);
    if (!teardown?.fn) return false;
    const field = targetPath.split('.').slice(0, 2).join('.');
    if (!field.startsWith('this.')) return false;
    const conditional = (child: TSESTree.Node): boolean => {
      for (let current = child.parent; current && current !== teardown.fn; current = current.parent) {
        if (current.type === 'IfStatement' || current.type === 'ConditionalExpression' || current.type === 'LogicalExpression') return true;
      }
      return false;
    };
    return someNode(
      teardown.fn,
      (child) => child.type === 'CallExpression' && child.callee.type === 'MemberExpression' && DESTROYING_METHODS.has(getPropertyName(child.callee) ?? '') && canonicalize(child.callee.object, 0).path === field && conditional(child),
      { intoFunctions: true },
    );
  }

  function calledByEndingInstance(fn: FunctionNode): boolean {
    const id = fn.type === 'FunctionDeclaration' ? fn.id : null;
    const variable = id ? resolveVariable(scopeManager, id) : null;
    if (!variable || !isModuleScopeVariable(variable)) return false;
    return variable.references.some((reference) => {
      const call = reference.identifier.parent;
      if (call?.type !== 'CallExpression' || call.callee !== reference.identifier) return false;
      const instance = instanceOwnerOf(call);
      return instance !== null && ownerHasTerminalEnd(instance, cleanupMethodNames);
    });
  }

  /** The handler's function: written inline, or a `const onMove = (e) => …` of the same scope. */
  function handlerFunction(handler: TSESTree.Node | null): TSESTree.Node | null {
    const current = handler ? unwrapExpression(handler) : null;
    if (current?.type !== 'Identifier') return current;
    const definition = resolveVariable(scopeManager, current)?.defs[0];
    return definition?.type === 'Variable' && definition.node.init && isFunctionNode(unwrapExpression(definition.node.init)) ? unwrapExpression(definition.node.init) : current;
  }

  /** `return () => { … off(…) }`: the function hands back a cleanup that removes listeners. */
  function returnedCleanupLetsGo(fn: FunctionNode | null): boolean {
    if (!fn) return false;
    const returned: TSESTree.Node[] = [];
    if (fn.body.type !== 'BlockStatement') returned.push(fn.body);
    else forEachNode(fn.body, (child) => {
      if (child.type === 'ReturnStatement' && child.argument) returned.push(child.argument);
    });
    return returned.some((value) => {
      const current = unwrapExpression(value);
      const cleanups = isFunctionNode(current) ? [current] : current.type === 'ObjectExpression' ? current.properties.flatMap((property) => (property.type === 'Property' && isFunctionNode(property.value) ? [property.value] : [])) : [];
      return cleanups.some((cleanup) => calls.some((call) => contains(cleanup, call) && parseRemoval(call) !== null));
    });
  }

  /** A removal from the same target for the same event (or a dynamic one) that does not match: the author meant to remove it. */
  function triesToRemove(registration: ParsedRegistration, targetPath: string): boolean {
    const eventKey = registration.hasEvent ? eventKeyOf(registration.eventNode) : 'none';
    return removalsOf(targetPath, false).some((removal) => {
      if (removal.node === registration.node) return false;
      const removalEvent = removal.hasEvent ? eventKeyOf(removal.eventNode) : 'none';
      return removalEvent === null || eventKey === null || removalEvent === eventKey;
    });
  }

  /**
   * `this.listeners[event] = listener; src.on(event, listener)` … later `src.off(event, this.listeners[event])`
   * (or `const l = this.listeners.get(event); src.off(event, l)`): the handler is kept in a table, and
   * the removal takes it back from the same table.
   */
  function removedThroughTable(registration: ParsedRegistration, targetPath: string): boolean {
    const handler = registration.handler ? unwrapExpression(registration.handler) : null;
    const variable = handler?.type === 'Identifier' ? resolveVariable(scopeManager, handler) : null;
    if (!variable) return false;
    const tables = new Set<string>();
    for (const reference of variable.references) {
      const parent = reference.identifier.parent;
      let table: TSESTree.Node | null = null;
      if (parent?.type === 'AssignmentExpression' && parent.right === reference.identifier && parent.left.type === 'MemberExpression' && parent.left.computed) table = parent.left.object;
      else if (parent?.type === 'CallExpression' && parent.arguments.includes(reference.identifier as TSESTree.Identifier) && parent.callee.type === 'MemberExpression' && /^(?:set|push|add)$/.test(getPropertyName(parent.callee) ?? '')) table = parent.callee.object;
      const path = table ? canonicalize(table, 0).path : null;
      if (path !== null) tables.add(path);
    }
    if (tables.size === 0) return false;
    const fromTable = (node: TSESTree.Node | null, depth = 0): boolean => {
      const current = node ? unwrapExpression(node) : null;
      if (!current || depth > 2) return false;
      if (current.type === 'MemberExpression') return tables.has(canonicalize(current.object, 0).path ?? '');
      if (current.type === 'CallExpression' && current.callee.type === 'MemberExpression' && getPropertyName(current.callee) === 'get') return tables.has(canonicalize(current.callee.object, 0).path ?? '');
      if (current.type === 'Identifier') {
        const definition = resolveVariable(scopeManager, current)?.defs[0];
        return definition?.type === 'Variable' && definition.node.id.type === 'Identifier' && fromTable(definition.node.init, depth + 1);
      }
      return false;
    };
    return calls.some((call) => {
      if (call === registration.node) return false;
      const removal = parseRemoval(call);
      if (!removal || !fromTable(removal.handler)) return false;
      const removed = canonicalize(removal.target, 0, true).path;
      return removed !== null && sameKindOfTarget(removed, targetPath);
    });
  }

  /**
   * The owner's teardown removes a listener, unsubscribes or aborts a controller: it lets go of what it
   * added. A removal speaks for this listener when it is from the same target, or from a target that the
   * method adding this listener also listens on: `unmounted()` undoing what `mounted()` added says
   * nothing about what `init()` added elsewhere.
   */
  function teardownLetsGo(registration: ParsedRegistration, targetPath: string): boolean {
    const { node } = registration;
    const registering = registeringFunction(node);
    let siblingTargets: Set<string> | null = null;
    return teardownCalls(node).some((call) => {
      const removal = parseRemoval(call);
      if (removal) {
        const path = canonicalize(removal.target, 0, true).path;
        if (path === null) return false;
        if (path === targetPath) return true;
        siblingTargets ??= targetsListenedIn(registering, node);
        return siblingTargets.has(path);
      }
      const callee = unwrapExpression(call.callee);
      const name = callee.type === 'MemberExpression' ? getPropertyName(callee) : callee.type === 'Identifier' ? callee.name : null;
      return name !== null && LETTING_GO_CALLS.test(name);
    });
  }

  /**
   * `disableImageDrag() { on(window, 'dragstart', preventDefault) }` beside `enableImageDrag() { off(window,
   * 'dragstart', preventDefault) }`: a module-level handler on a process-wide target, removed with the same
   * event by another function of the file. The module pairs them; its callers decide when.
   */
  function removedElsewhereInFile(registration: ParsedRegistration, targetPath: string, lifetime: TargetLifetime): boolean {
    if (lifetime !== 'global' && lifetime !== 'module' && lifetime !== 'imported') return false;
    if (!registration.handler || handlerKindOf(registration.handler) !== 'reference') return false;
    const handler = canonicalize(registration.handler, 0);
    if (handler.root.kind !== 'identifier' || !handler.root.variable || !isModuleScopeVariable(handler.root.variable)) {
      if (handler.root.kind !== 'identifier' || handler.root.variable?.defs[0]?.type !== 'ImportBinding') return false;
    }
    return checkCleanup(registration, targetPath, source.ast).clean;
  }

  /** The targets that the other registrations in `fn` listen on. */
  function targetsListenedIn(fn: FunctionNode | null, except: TSESTree.Node): Set<string> {
    const targets = new Set<string>();
    if (!fn) return targets;
    for (const call of calls) {
      if (call === except || !contains(fn, call)) continue;
      const sibling = parseRegistration(call);
      if (!sibling) continue;
      const path = canonicalize(effectiveTarget(sibling), 0, true).path;
      if (path !== null) targets.add(path);
    }
    return targets;
  }

  /** The calls made in the owner's teardowns (its cleanup methods and `this.on('destroy', …)` callbacks). */
  function teardownCalls(node: TSESTree.Node): TSESTree.CallExpression[] {
    const scopes = teardownScopes(node);
    return scopes.length === 0 ? [] : calls.filter((call) => scopes.some((scope) => contains(scope, call)));
  }

  /**
   * `const logger = loggers[dir]` (created only when missing) then `logger.on('error', …)` on every
   * call: the object is made once and kept, the listener is added each time the function runs.
   */
  function addedPerCallOnCachedTarget(registration: ParsedRegistration): boolean {
    const { node } = registration;
    const written = unwrapExpression(effectiveTarget(registration));
    const variable = written.type === 'Identifier' ? resolveVariable(scopeManager, written) : null;
    const definition = variable?.defs[0];
    if (definition?.type !== 'Variable' || definition.node.id.type !== 'Identifier' || !definition.node.init) return false;
    const init = unwrapExpression(definition.node.init);
    const cache = init.type === 'MemberExpression' && init.computed ? unwrapExpression(init.object) : init.type === 'CallExpression' && init.callee.type === 'MemberExpression' && getPropertyName(init.callee) === 'get' ? unwrapExpression(init.callee.object) : null;
    if (cache?.type !== 'Identifier') return false;
    const cacheVariable = resolveVariable(scopeManager, cache);
    if (!cacheVariable || !isModuleScopeVariable(cacheVariable)) return false;
    const fn = enclosingFunction(node);
    if (!fn || enclosingFunction(definition.node) !== fn) return false;
    // The same function fills the cache under a guard (`if (!loggers[dir]) loggers[dir] = …`, `cache.set(k, …)`),
    // and the registration is outside that guard.
    return cacheVariable.references.some((reference) => {
      if (!contains(fn, reference.identifier)) return false;
      const parent = reference.identifier.parent;
      const filled =
        (parent?.type === 'MemberExpression' && parent.object === reference.identifier && parent.parent?.type === 'AssignmentExpression' && parent.parent.left === parent) ||
        (parent?.type === 'MemberExpression' && parent.object === reference.identifier && getPropertyName(parent) === 'set' && parent.parent?.type === 'CallExpression');
      if (!filled) return false;
      for (let current: TSESTree.Node | undefined = reference.identifier.parent; current && current !== fn; current = current.parent) {
        if (current.type === 'IfStatement' && !contains(current, node)) return true;
      }
      return false;
    });
  }

  /** `this.conference.room` or `conference.room` (a property of the injected object), not `this.conference` itself. */
  function isPartOfDependency(canonical: Canonical): boolean {
    const segments = canonical.path?.split('.').length ?? 0;
    return canonical.root.kind === 'this' ? segments >= 3 : segments >= 2;
  }

  /** A removal in the owner's teardown on this target or its parts (`this._signalingLayer.off(…)` in `close()`). */
  function teardownRemovesFrom(path: string, node: TSESTree.Node): boolean {
    return teardownCalls(node).some((call) => {
      const removal = parseRemoval(call);
      const removed = removal ? canonicalize(removal.target, 0, true).path : null;
      return removed !== null && sameKindOfTarget(removed, path);
    });
  }

  /**
   * Targets the same evidence speaks for: one path, a path and its own properties
   * (`this.player_`, `this.player_.liveTracker`), or two getters of one object
   * (`this.textTracks()`, `this.remoteTextTracks()`).
   */
  function sameKindOfTarget(removed: string, target: string): boolean {
    if (removed === target || target.startsWith(`${removed}.`) || removed.startsWith(`${target}.`)) return true;
    const getter = /^(.*)\.[^.()]+\(\)$/;
    const a = getter.exec(removed);
    const b = getter.exec(target);
    return a !== null && b !== null && a[1] === b[1];
  }

  /**
   * A handler stored on an object (`task.onAbort`) is kept to be removed later, often by another
   * object that holds the same two things under the same names (`this.signal.removeEventListener('abort',
   * this.onAbort)` in the task's own class): a removal anywhere in the file whose target and handler end
   * in the same names, for the same event, counts.
   */
  function removedByLeafNames(registration: ParsedRegistration, targetPath: string, eventKey: string | null, handlerPath: string): boolean {
    const leaf = (path: string): string => path.slice(path.lastIndexOf('.') + 1);
    const written = unwrapExpression(effectiveTarget(registration));
    const writtenLeaf = written.type === 'Identifier' ? written.name : written.type === 'MemberExpression' ? getPropertyName(written) : null;
    const handlerLeaf = leaf(handlerPath);
    // An 'abort' listener: any AbortSignal-named target (`signal`, `abortSignal`) is the same signal kept under another name.
    const abort = eventKey === 's:abort';
    const isSignal = (name: string | null): boolean => name !== null && /signal$/i.test(name);
    const sameTarget = (removed: string): boolean => removed === leaf(targetPath) || removed === writtenLeaf || (abort && isSignal(removed) && (isSignal(leaf(targetPath)) || isSignal(writtenLeaf)));
    for (const call of calls) {
      if (call === registration.node) continue;
      const removal = parseRemoval(call);
      if (!removal || removal.isRemoveAll || !removal.handler || handlerKindOf(removal.handler) !== 'reference') continue;
      if ((removal.hasEvent ? eventKeyOf(removal.eventNode) : 'none') !== eventKey) continue;
      const removedHandler = canonicalize(removal.handler, 0).path;
      const removedTarget = canonicalize(removal.target, 0).path;
      if (removedHandler === null || removedTarget === null || !removedHandler.includes('.')) continue;
      // The exact same paths were weighed already (with the capture flag).
      if (removedHandler === handlerPath && removedTarget === targetPath) continue;
      if (leaf(removedHandler) === handlerLeaf && sameTarget(leaf(removedTarget))) return true;
    }
    return false;
  }

  /** The same listener registered again inside the owner's teardown: the call that does it, or null. */
  function addedAgainInTeardown(registration: ParsedRegistration, targetPath: string, eventKey: string | null, handlerPath: string | null, scopes: TSESTree.Node[] = teardownScopes(registration.node)): TSESTree.CallExpression | null {
    if (handlerPath === null || eventKey === null || scopes.length === 0 || scopes.some((scope) => contains(scope, registration.node))) return null;
    for (const call of calls) {
      if (call === registration.node || !scopes.some((scope) => contains(scope, call))) continue;
      const again = parseRegistration(call);
      if (!again || again.method !== registration.method || !again.handler || handlerKindOf(again.handler) !== 'reference') continue;
      if (canonicalize(effectiveTarget(again), 0, true).path !== targetPath && canonicalize(effectiveTarget(again), 0).path !== targetPath) continue;
      if ((again.hasEvent ? eventKeyOf(again.eventNode) : 'none') !== eventKey) continue;
      if (canonicalize(again.handler, 0).path === handlerPath) return call;
    }
    return null;
  }

  /** `this.<field> = new X()` / `= document.createElement(…)` somewhere in the owner, or the owner destroys the field. */
  function createsOrDestroysField(node: TSESTree.Node, field: string): boolean {
    const classNode = thisClass(node);
    if (classNode && classDestroysField(classNode, field)) return true;
    const owner = ownerOf(node);
    const instance = instanceOwnerOf(node);
    const bodies: TSESTree.Node[] = instance ? [...instance.bodies] : owner ? [owner.node] : [];
    for (const body of bodies) {
      if (someNode(body, (child) => {
        if (child.type !== 'AssignmentExpression' || child.operator !== '=') return false;
        const left = unwrapExpression(child.left);
        if (left.type !== 'MemberExpression' || unwrapExpression(left.object).type !== 'ThisExpression' || getPropertyName(left) !== field) return false;
        const value = unwrapExpression(child.right);
        if (value.type === 'NewExpression') return true;
        if (value.type !== 'CallExpression') return false;
        const callee = unwrapExpression(value.callee);
        const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
        return name !== null && /^(?:create|make|build|new)/i.test(name);
      }, { intoFunctions: true })) return true;
    }
    return false;
  }

  type Handle =
    | { kind: 'discarded' }
    | { kind: 'escaped' }
    | { kind: 'returned' }
    | { kind: 'variable'; name: string; identifier: TSESTree.Identifier }
    | { kind: 'field'; name: string };

  /** Where the value a registration returns goes. */
  function handleOf(call: TSESTree.CallExpression): Handle {
    let value: TSESTree.Node = call;
    let parent = value.parent;
    while (parent && (parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'TSSatisfiesExpression' || parent.type === 'ChainExpression' || parent.type === 'AwaitExpression')) {
      value = parent;
      parent = parent.parent;
    }
    if (!parent) return { kind: 'discarded' };
    switch (parent.type) {
      case 'ExpressionStatement':
        return { kind: 'discarded' };
      case 'UnaryExpression':
        return parent.operator === 'void' ? { kind: 'discarded' } : { kind: 'escaped' };
      case 'SequenceExpression':
        return parent.expressions.at(-1) === value ? { kind: 'escaped' } : { kind: 'discarded' };
      case 'MemberExpression':
        // `emitter.on(…).on(…)` chains; `.add(…)` on a subscription hands it on.
        return parent.object === value && registrationMethods.has(getPropertyName(parent) ?? '') ? { kind: 'discarded' } : { kind: 'escaped' };
      case 'ReturnStatement':
        return { kind: 'returned' };
      case 'ArrowFunctionExpression':
        return parent.body === value ? { kind: 'returned' } : { kind: 'escaped' };
      case 'VariableDeclarator':
        return parent.id.type === 'Identifier' ? { kind: 'variable', name: parent.id.name, identifier: parent.id } : { kind: 'escaped' };
      case 'AssignmentExpression': {
        const left = unwrapExpression(parent.left);
        if (left.type === 'Identifier') return { kind: 'variable', name: left.name, identifier: left };
        const path = canonicalize(left, 0).path;
        return path !== null && path.startsWith('this.') ? { kind: 'field', name: path } : { kind: 'escaped' };
      }
      case 'PropertyDefinition':
        return parent.value === value && getPropertyName(parent) !== null ? { kind: 'field', name: `this.${getPropertyName(parent)}` } : { kind: 'escaped' };
      default:
        return { kind: 'escaped' };
    }
  }

  /**
   * Whether returning a registration's result hands its unsubscribe function to
   * something that calls it: a function's caller, or React/Svelte effects that
   * treat the returned function as their cleanup. A `forEach`/`then` callback
   * that returns it just drops it.
   */
  function returnsToCleanupOwner(call: TSESTree.CallExpression): boolean {
    let fn: TSESTree.Node | undefined = call.parent;
    while (fn && !isFunctionNode(fn)) fn = fn.parent;
    if (!fn) return false;
    const parent = unwrapParent(fn);
    if (parent?.type !== 'CallExpression' || !parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) return true;
    const callee = unwrapExpression(parent.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
    return name !== null && (/Effect$/u.test(name) || name === 'onMount');
  }

  /** A kept handle is released when it is called, unsubscribed/disposed, or handed to other code. */
  function isHandleReleased(handle: Extract<Handle, { kind: 'variable' | 'field' }>, scope: TSESTree.Node): boolean {
    if (handle.kind === 'variable') {
      const variable = resolveVariable(scopeManager, handle.identifier);
      if (!variable) return true;
      return variable.references.some((reference) => reference.identifier !== handle.identifier && reference.isRead() && releasesHandle(reference.identifier));
    }
    for (const call of calls) {
      if (!contains(scope, call)) continue;
      const callee = unwrapExpression(call.callee);
      if (canonicalize(callee, 0).path === handle.name) return true;
      if (callee.type === 'MemberExpression' && HANDLE_CLEANUP_METHODS.has(getPropertyName(callee) ?? '') && canonicalize(callee.object, 0).path === handle.name) return true;
      if (call.arguments.some((argument) => canonicalize(argument, 0).path === handle.name)) return true;
    }
    return false;
  }

  function releasesHandle(read: TSESTree.Node): boolean {
    let current: TSESTree.Node = read;
    while (current.parent && (current.parent.type === 'TSNonNullExpression' || current.parent.type === 'TSAsExpression' || current.parent.type === 'ChainExpression')) current = current.parent;
    const parent = current.parent;
    if (!parent) return false;
    if (parent.type === 'CallExpression') return true; // `off()` or handed to a function
    if (parent.type === 'MemberExpression' && parent.object === current) return HANDLE_CLEANUP_METHODS.has(getPropertyName(parent) ?? '');
    return parent.type === 'ReturnStatement' || parent.type === 'ArrowFunctionExpression' || parent.type === 'ArrayExpression' || parent.type === 'Property' || parent.type === 'AssignmentExpression';
  }

  /**
   * The AbortController behind a `signal` option when this code created it
   * (`new AbortController()` kept in a variable or field); null when the signal
   * comes from elsewhere (a parameter, `AbortSignal.timeout()`), whose owner aborts it.
   */
  function localControllerPath(signal: TSESTree.Node, scope: TSESTree.Node): string | null {
    const path = canonicalize(signal, 0).path;
    if (path === null || !path.endsWith('.signal')) return null;
    const controller = path.slice(0, -'.signal'.length);
    const created = controllerCreations.some((creation) => {
      const parent = unwrapParent(creation);
      let assigned: string | null = null;
      if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') assigned = canonicalize(parent.id, 0).path;
      else if (parent?.type === 'AssignmentExpression') assigned = canonicalize(parent.left, 0).path;
      else if (parent?.type === 'PropertyDefinition' && getPropertyName(parent) !== null) assigned = `this.${getPropertyName(parent)}`;
      return assigned === controller && (contains(scope, creation) || controller.startsWith('this.'));
    });
    return created ? controller : null;
  }

  function isUnsubscribedOnTarget(targetPath: string, scope: TSESTree.Node): boolean {
    return calls.some((call) => {
      if (!contains(scope, call)) return false;
      const member = methodCall(call);
      return member?.method === 'unsubscribe' && canonicalize(member.object, 0).path === targetPath;
    });
  }

  function isAborted(controllerPath: string, scope: TSESTree.Node): boolean {
    return calls.some((call) => {
      if (!contains(scope, call)) return false;
      const member = methodCall(call);
      return member?.method === 'abort' && canonicalize(member.object, 0).path === controllerPath;
    });
  }

  // ------------------------------------------------------- small readers

  /** An event name as a comparable key: `s:<value>` for constants, `p:<path>` for `Events.CLOSE`; null when dynamic. */
  function eventKeyOf(node: TSESTree.Node | null): string | null {
    if (!node) return null;
    const value = staticEvent(node);
    if (value !== null) return `s:${value}`;
    const current = unwrapExpression(node);
    // `['ended', 'pause']` (video.js): the same list, in any order.
    if (current.type === 'ArrayExpression') {
      const names = current.elements.map((element) => (element && element.type !== 'SpreadElement' ? staticEvent(element) : null));
      return names.every((name) => name !== null) ? `s:${[...names].sort().join(' ')}` : null;
    }
    const iterated = iteratedCollection(node);
    if (iterated !== null) return `each:${iterated}`;
    const path = canonicalize(node, 0).path;
    return path === null ? null : `p:${path}`;
  }

  /**
   * The collection a loop variable walks (`for (const e of events)`, `events.forEach((e) => …)`),
   * so that two loops over the same array match and loops over different arrays do not.
   */
  function iteratedCollection(node: TSESTree.Node): string | null {
    const current = unwrapExpression(node);
    if (current.type !== 'Identifier') return null;
    const definition = resolveVariable(scopeManager, current)?.defs[0];
    if (!definition) return null;
    if (definition.type === 'Variable' && definition.parent?.type === 'VariableDeclaration') {
      const loop = definition.parent.parent;
      if (loop?.type === 'ForOfStatement' && loop.left === definition.parent) return canonicalize(loop.right, 0).path;
      return null;
    }
    if (definition.type === 'Parameter') {
      const fn = definition.node;
      if (!isFunctionNode(fn) || fn.params[0] !== definition.name) return null;
      const call = fn.parent;
      if (call?.type !== 'CallExpression' || call.arguments[0] !== fn) return null;
      const callee = unwrapExpression(call.callee);
      if (callee.type !== 'MemberExpression' || getPropertyName(callee) !== 'forEach') return null;
      return canonicalize(callee.object, 0).path;
    }
    return null;
  }

  /** A string literal, or a `const` initialised with one. */
  function staticEvent(node: TSESTree.Node | null): string | null {
    if (!node) return null;
    const literal = getStaticString(node);
    if (literal !== null) return literal;
    const current = unwrapExpression(node);
    if (current.type !== 'Identifier') return null;
    const definition = resolveVariable(scopeManager, current)?.defs[0];
    if (definition?.type !== 'Variable' || definition.parent?.type !== 'VariableDeclaration' || definition.parent.kind !== 'const') return null;
    const declarator = definition.node;
    return declarator.type === 'VariableDeclarator' && declarator.id.type === 'Identifier' ? getStaticString(declarator.init) : null;
  }

  function isRequireOf(call: TSESTree.CallExpression, modules: ReadonlySet<string>): boolean {
    const callee = unwrapExpression(call.callee);
    const specifier = getStaticString(call.arguments[0]);
    return callee.type === 'Identifier' && callee.name === 'require' && specifier !== null && modules.has(specifier);
  }

  /**
   * `bus.on('msg', function listener(m) { if (m.id === id) { bus.off('msg', listener); done(m) } })`
   * with no timer near it: the listener waits for one particular event on a target that outlives the
   * call, and only that event removes it. When it never comes (a child that never says 'ready', a peer
   * that never answers), the listener stays with all it holds, and the continuation it gates never
   * runs. Returns the removal in the handler, or null.
   */
  function removedOnlyOnMatch(registration: ParsedRegistration, canonical: Canonical): TSESTree.CallExpression | null {
    const registering = enclosingFunction(registration.node);
    const handler = registration.handler ? unwrapExpression(registration.handler) : null;
    if (!registering || handler?.type !== 'Identifier' || !registration.hasEvent || registration.targetFirst) return null;
    const definition = resolveVariable(scopeManager, handler)?.defs[0];
    const handlerFn = definition?.type === 'Variable' && definition.node.type === 'VariableDeclarator' && definition.node.init ? unwrapExpression(definition.node.init) : definition?.type === 'FunctionName' ? definition.node : null;
    if (!handlerFn || !isFunctionNode(handlerFn) || !contains(registering, handlerFn)) return null;
    const payload = handlerFn.params[0];
    if (payload?.type !== 'Identifier') return null;
    const eventKey = eventKeyOf(registration.eventNode);
    const handlerVariable = resolveVariable(scopeManager, handler);
    let removal: TSESTree.CallExpression | null = null;
    for (const call of calls) {
      const parsed = parseRemoval(call);
      if (!parsed || canonicalize(parsed.target, 0).path !== canonical.path) continue;
      if (parsed.hasEvent && eventKeyOf(parsed.eventNode) !== eventKey) continue;
      const removed = parsed.handler ? unwrapExpression(parsed.handler) : null;
      if (!parsed.isRemoveAll && (removed?.type !== 'Identifier' || resolveVariable(scopeManager, removed) !== handlerVariable)) continue;
      // Removed on another path too (a teardown, a timeout, an error): some other end exists.
      if (!contains(handlerFn, call) || !guardedByPayload(call, handlerFn, payload.name)) return null;
      removal = call;
    }
    if (!removal) return null;
    // `socket = io.connect(…)` in an enclosing function: the wait is on an object that call made itself.
    const variable = canonical.root.kind === 'identifier' ? canonical.root.variable : null;
    for (let fn: FunctionNode | null = registering; variable && fn; fn = enclosingFunction(fn)) if (assignedFreshBefore(variable, registration.node, fn)) return null;
    // The match gates a continuation declared outside the handler (`cb(…)`, `resolve(…)`, `readyCb(…)`).
    const continues = someNode(handlerFn.body, (child) => {
      if (child.type !== 'CallExpression' || child === removal) return false;
      const callee = unwrapExpression(child.callee);
      if (callee.type !== 'Identifier') return false;
      const declaration = resolveVariable(scopeManager, callee)?.defs[0]?.name;
      return declaration !== undefined && !contains(handlerFn, declaration);
    });
    if (!continues) return null;
    // A timer (or a timeout helper) in the registering function or the two around it may end the wait.
    let scope: TSESTree.Node | null = registering;
    for (let level = 0; scope && level < 3; level++, scope = enclosingFunction(scope)) {
      if (someNode(scope, (child) => child.type === 'CallExpression' && /timeout|deadline/i.test(getCalleeName(child) ?? ''), { intoFunctions: true })) return null;
    }
    return removal;
  }

  /** The removal runs only when the event's payload matches: inside an `if` on it, or after an early return on it. */
  function guardedByPayload(call: TSESTree.Node, handlerFn: FunctionNode, payload: string): boolean {
    const readsPayload = (test: TSESTree.Node): boolean => someNode(test, (child) => child.type === 'Identifier' && child.name === payload && resolveVariable(scopeManager, child)?.defs[0]?.node === handlerFn);
    for (let current: TSESTree.Node | undefined = call; current && current !== handlerFn; current = current.parent) {
      const parent: TSESTree.Node | undefined = current.parent;
      if (!parent) return false;
      if ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && parent.test !== current && readsPayload(parent.test)) return true;
      if (parent.type === 'LogicalExpression' && parent.right === current && readsPayload(parent.left)) return true;
      if (parent.type === 'BlockStatement') {
        for (const statement of parent.body) {
          if (statement === current) break;
          if (statement.type === 'IfStatement' && readsPayload(statement.test) && someNode(statement.consequent, (child) => child.type === 'ReturnStatement')) return true;
        }
      }
    }
    return false;
  }

  function onlyOnMatch(registration: ParsedRegistration, canonical: Canonical): CleanupResult | null {
    const removal = removedOnlyOnMatch(registration, canonical);
    return removal ? { clean: false, problem: 'removedOnlyOnMatch', mismatchedRemoval: removal, controllerPath: null, subscriptionHandle: null } : null;
  }

  /**
   * `_addLayer(layer) { layer.on('add remove', this._onLayerChange, this); this._layers[id] = { layer } }`
   * in an owner whose teardown (`onRemove()`) removes other listeners: the method keeps an object its
   * caller handed it and listens on it with a handler that holds the owner. The teardown shows that
   * the owner ends before such objects (it releases what it added elsewhere) and never goes through
   * the field that keeps them, so each kept object goes on holding the ended owner.
   */
  function keptParameterOutlivesOwner(fn: FunctionNode, parameter: TSESTree.Node, node: TSESTree.Node): boolean {
    if (parameter.type !== 'Identifier' || node.type !== 'CallExpression') return false;
    const member = fn.parent;
    const isMember = (member?.type === 'MethodDefinition' && member.kind === 'method' && !member.static) || (member?.type === 'Property' && member.value === fn && member.parent.type === 'ObjectExpression');
    if (!isMember) return false;
    const registration = parseRegistration(node);
    if (!registration?.handler || registration.targetFirst || !capturesThis(registration.handler)) return false;
    // A listener for the target's own end ('close', 'end') follows it rather than outliving the owner.
    const event = registration.hasEvent ? staticEvent(registration.eventNode) : null;
    if (event !== null && TARGET_END_EVENTS.has(event)) return false;
    const field = fieldKeepingParameter(fn, parameter.name);
    if (field === null) return false;
    const scopes = teardownScopes(node);
    if (scopes.length === 0 || scopes.some((scope) => contains(scope, node))) return false;
    // A teardown that goes through the kept objects (to remove, destroy or drop them) handles them.
    if (scopes.some((scope) => someNode(scope, (child) => thisField(child) === field, { intoFunctions: true }))) return false;
    return calls.some((call) => scopes.some((scope) => contains(scope, call)) && parseRemoval(call) !== null);
  }

  /**
   * A kept parameter's listener, removed only where one such object is dropped (`removeLayer(layer)`), not
   * at the owner's end. (With no removal anywhere the kept objects may die with the owner: not reported.)
   */
  function keptTargetLeftAtTeardown(node: TSESTree.Node): CleanupResult | null {
    return keptParameterTargets.has(node) ? { clean: false, problem: 'notRemovedAtTeardown', mismatchedRemoval: null, controllerPath: null, subscriptionHandle: null } : null;
  }

  /**
   * `this.initializing.then((client) => client.on(…))` with `this.initializing = this.init()` in the
   * constructor (or `this.init().then(…)`), where the class's own async `init()` always ends with
   * `return this._client`: the callback's parameter is that field.
   */
  function promisedFieldOf(variable: Variable): { expression: TSESTree.Node; suffix: string } | null {
    const definition = variable.defs.length === 1 ? variable.defs[0]! : null;
    if (definition?.type !== 'Parameter' || !isFunctionNode(definition.node)) return null;
    const callback = definition.node as FunctionNode;
    if (callback.params[0] !== definition.name) return null;
    const then = callback.parent;
    if (then?.type !== 'CallExpression' || then.arguments[0] !== callback) return null;
    const callee = unwrapExpression(then.callee);
    if (callee.type !== 'MemberExpression' || getPropertyName(callee) !== 'then') return null;
    let promise = unwrapExpression(callee.object);
    const classNode = thisClass(promise);
    if (!classNode) return null;
    if (promise.type === 'MemberExpression' && unwrapExpression(promise.object).type === 'ThisExpression') {
      const constructor = classNode.body.body.find((member): member is TSESTree.MethodDefinition => member.type === 'MethodDefinition' && member.kind === 'constructor');
      const field = getPropertyName(promise);
      const assigned = constructor && isFunctionNode(constructor.value) ? constructorAssignments(constructor.value).filter((assignment) => assignment.field === field) : [];
      if (assigned.length !== 1) return null;
      promise = unwrapExpression(assigned[0]!.value);
    }
    if (promise.type !== 'CallExpression' || promise.arguments.length > 0) return null;
    const starter = unwrapExpression(promise.callee);
    if (starter.type !== 'MemberExpression' || unwrapExpression(starter.object).type !== 'ThisExpression') return null;
    const name = getPropertyName(starter);
    const method = classNode.body.body.find((member): member is TSESTree.MethodDefinition => member.type === 'MethodDefinition' && member.kind === 'method' && !member.static && getPropertyName(member) === name);
    if (!method || !method.value.async) return null;
    const returned: TSESTree.Node[] = [];
    forEachNode(method.value.body!, (node) => {
      if (node.type === 'ReturnStatement') returned.push(node.argument ?? node);
      return false;
    });
    const paths = new Set(returned.map((value) => (value.type === 'ReturnStatement' ? null : thisField(value) !== null ? canonicalize(value, MAX_ALIAS_DEPTH).path : null)));
    return returned.length > 0 && paths.size === 1 && !paths.has(null) ? { expression: returned[0]!, suffix: '' } : null;
  }

}

function isExported(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportDefaultDeclaration') return true;
  return parent?.type === 'VariableDeclarator' && parent.parent?.parent?.type === 'ExportNamedDeclaration';
}

function isConstructor(fn: TSESTree.Node): boolean {
  return fn.parent?.type === 'MethodDefinition' && fn.parent.kind === 'constructor';
}

function isLoop(node: TSESTree.Node): node is TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement {
  return node.type === 'ForStatement' || node.type === 'ForInStatement' || node.type === 'ForOfStatement' || node.type === 'WhileStatement' || node.type === 'DoWhileStatement';
}

function isHandlerLike(node: TSESTree.Node): boolean {
  const current = unwrapExpression(node);
  return isFunctionNode(current) || current.type === 'Identifier' || current.type === 'MemberExpression' || current.type === 'CallExpression';
}

function isRoutePath(node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  const current = unwrapExpression(node);
  return getStaticString(current) !== null || current.type === 'TemplateLiteral' || (current.type === 'Literal' && 'regex' in current) || current.type === 'ArrayExpression';
}

const REQUEST_NAMES = new Set(['req', 'request']);
const RESPONSE_NAMES = new Set(['res', 'response', 'reply']);

/** `(req, res) => …`: Express/http/Next.js handlers, run once per request. */
function hasRequestParameters(fn: FunctionNode): boolean {
  const [first, second] = fn.params;
  const name = (parameter: TSESTree.Parameter | undefined): string | null => {
    const current = parameter?.type === 'AssignmentPattern' ? parameter.left : parameter;
    return current?.type === 'Identifier' ? current.name : null;
  };
  const firstName = name(first);
  const secondName = name(second);
  return firstName !== null && secondName !== null && REQUEST_NAMES.has(firstName) && RESPONSE_NAMES.has(secondName);
}

export function handlerKindOf(handler: TSESTree.Node | null): HandlerKind {
  if (!handler) return 'none';
  const current = unwrapExpression(handler);
  if (current.type === 'FunctionExpression' && current.id) return 'reference';
  if (isFunctionNode(current)) return 'inline';
  if (current.type === 'CallExpression') {
    const callee = unwrapExpression(current.callee);
    return callee.type === 'MemberExpression' && getPropertyName(callee) === 'bind' ? 'bind' : 'call';
  }
  if (current.type === 'Identifier' || current.type === 'MemberExpression' || current.type === 'ThisExpression') return referenceRoot(current) ? 'reference' : 'call';
  // Observer objects (`subscribe({ next })`), class expressions: new each time.
  return 'inline';
}

function referenceRoot(node: TSESTree.Node): boolean {
  let current = unwrapExpression(node);
  while (current.type === 'MemberExpression') {
    if (current.computed && getStaticString(current.property) === null && current.property.type !== 'Identifier') return false;
    current = unwrapExpression(current.object);
  }
  return current.type === 'Identifier' || current.type === 'ThisExpression';
}

/** `true` / `{ capture: true }` → true; nothing, `false`, an object without capture → false; unknown → null. */
export function captureOf(options: TSESTree.Node | null, method: string): boolean | null {
  if (!options) return false;
  const current = unwrapExpression(options);
  if (current.type === 'Literal' && typeof current.value === 'boolean') return current.value;
  if (current.type === 'ObjectExpression') {
    const capture = findProperty(current, 'capture');
    if (!capture) return current.properties.some((property) => property.type === 'SpreadElement') ? null : false;
    return capture.value.type === 'Literal' && typeof capture.value.value === 'boolean' ? capture.value.value : null;
  }
  return method === 'addEventListener' || method === 'removeEventListener' ? null : false;
}

function signalOf(options: TSESTree.Node | null): TSESTree.Node | null {
  const current = options ? unwrapExpression(options) : null;
  if (current?.type !== 'ObjectExpression') return null;
  return findProperty(current, 'signal')?.value ?? null;
}

function findProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | null {
  for (const property of object.properties) {
    if (property.type === 'Property' && getPropertyName(property) === name) return property;
  }
  return null;
}


// ------------------------------------------------------------- describing
// Shared by both rules (and the codemod's report) so they word findings alike.

/** `Listener for 'resize'`, `Listener for \`Events.CLOSE\``, `Listener`. */
export function describeListener(finding: ListenerRegistrationFinding, sourceText: string): string {
  if (finding.event !== null) return `Listener for '${finding.event}'`;
  if (finding.eventNode) return `Listener for \`${sourceText.slice(finding.eventNode.range[0], finding.eventNode.range[1])}\``;
  return 'Listener';
}

export function describeLifetime(lifetime: TargetLifetime): string {
  switch (lifetime) {
    case 'global':
      return 'a global';
    case 'module':
      return 'a module-scope binding';
    case 'imported':
      return 'an imported binding';
    case 'injected':
      return 'a constructor-injected dependency';
    case 'field':
      return 'a field of this object';
    case 'parameter':
      return 'an outer parameter';
    case 'parameter-unowned':
      return 'an object passed in, which this class does not own';
    case 'local':
      return 'an outer variable';
    case 'caller-signal':
      return "the caller's AbortSignal, which may outlive this call";
    case 'released-elsewhere':
      return 'an object this code removes other listeners from';
    case 'unknown':
      return 'a longer-lived object';
  }
}

export function describeHandlerKind(kind: HandlerKind): string {
  switch (kind) {
    case 'inline':
      return 'an inline function';
    case 'bind':
      return 'a .bind() result';
    case 'call':
      return 'the result of a call';
    case 'reference':
    case 'none':
      return 'a function reference';
  }
}

/** Where the removal belongs: `dispose() of Worker`, `the cleanup that useResize() returns`. */
export function describeCleanupPlace(owner: ListenerOwner): string {
  if (owner.kind === 'class') {
    const name = owner.name ?? 'this class';
    const method = owner.cleanupMethod && (owner.cleanupMethod.type === 'MethodDefinition' || owner.cleanupMethod.type === 'PropertyDefinition') ? getPropertyName(owner.cleanupMethod) : null;
    if (method !== null) return `${method}() of ${name}`;
    return owner.cleanupMethod ? `the dispose method of ${name}` : `a cleanup method of ${name} (dispose(), disconnectedCallback(), ngOnDestroy(), componentWillUnmount()…)`;
  }
  if (owner.kind === 'object') {
    const method = owner.cleanupMethod ? getPropertyName(owner.cleanupMethod) : null;
    return method !== null ? `${method}()` : 'a cleanup hook of this object (beforeUnmount(), destroy()…)';
  }
  return owner.name ? `the cleanup that ${owner.name}() returns or registers (e.g. a useEffect cleanup)` : 'the cleanup this function returns or registers (e.g. a useEffect cleanup)';
}

/** `in the 'connection' callback`, `in a request handler`, `in a loop body`. */
export function describeRepeatingContext(context: RepeatingContext): string {
  switch (context.kind) {
    case 'eventCallback':
      return context.event !== null ? `in the '${context.event}' callback` : 'in an event callback';
    case 'requestHandler':
      return 'in a request handler';
    case 'intervalCallback':
      return 'in a setInterval callback';
    case 'loop':
      return 'in a loop body';
    case 'reentrantHook':
      return 'in a lifecycle hook that runs on every insertion';
    case 'perCall':
      return 'on every call of this method';
  }
}

export function describeCapture(capture: boolean | null): string {
  return capture === null ? 'unknown' : String(capture);
}

/** A string, number or boolean spelled out: a literal, a template, `String(x)`, `x.toString()`. */
function isPlainValue(node: TSESTree.Node): boolean {
  const value = unwrapExpression(node);
  if (value.type === 'Literal') return typeof value.value === 'string' || typeof value.value === 'number' || typeof value.value === 'boolean';
  if (value.type === 'TemplateLiteral') return true;
  if (value.type !== 'CallExpression') return false;
  const callee = unwrapExpression(value.callee);
  if (callee.type === 'Identifier') return callee.name === 'String' || callee.name === 'Number';
  return callee.type === 'MemberExpression' && getPropertyName(callee) === 'toString';
}

/** `null` or `undefined` where a handler goes: nothing is registered. */
function isNoHandler(node: TSESTree.Node): boolean {
  const value = unwrapExpression(node);
  return (value.type === 'Literal' && value.value === null) || (value.type === 'Identifier' && value.name === 'undefined');
}
