import type { TSESTree } from '@typescript-eslint/utils';
import { getPropertyName, getStaticString, isClassNode, isFunctionNode, isPropertyNameIdentifier, unwrapExpression, type ClassNode, type FunctionNode } from '../../src/ast/nodes.js';
import { isModuleScopeVariable, resolveVariable } from '../../src/ast/scope.js';
import { runDetector } from '../../src/ast/traverse.js';
import { applyEdits } from '../../src/codemod/edits.js';
import type { ManualReviewItem, PairedRuleOptions, ParsedFile, TextEdit, TransformContext, TransformResult } from '../../src/codemod/types.js';
import { createListenerRegistrationsDetector, describeCleanupPlace, describeListener, describeRepeatingContext, type ListenerRegistrationFinding } from '../../src/detectors/listener-registrations.js';
import { createTimerCleanupDetector, type TimerCleanupFinding } from '../../src/detectors/timer-cleanup.js';
import { counterpartsOf, teardownsOf } from '../../src/lifetime/teardown.js';
import { listenerOptionsOf, timerDetectorOptions, workerDetectorOptions } from '../../src/util/rule-options.js';
import { workerCleanupEdits } from './workers.js';
import { camel, endOfLine, freeName, IDENTIFIER, indentUnit, lineIndent, pascal, reindent, textOf, usedNames } from './text.js';

export interface ListenerCleanupOptions {
  /** Migrate classes to a `ListenerScope` field instead of pairing each registration with its removal. */
  scope: boolean;
}


const REMOVAL_METHODS: Record<string, string> = {
  on: 'off',
  addListener: 'removeListener',
  prependListener: 'removeListener',
  addEventListener: 'removeEventListener',
  // Node's emitters (and EventEmitter3) remove a `once` listener by the function it was given.
  once: 'off',
  prependOnceListener: 'removeListener',
};
/** Registration methods a `ListenerScope.on()` call can stand in for. */
const SCOPE_METHODS = new Set(['on', 'addListener', 'addEventListener']);
const ONCE_METHODS: Record<string, string> = { on: 'once', addListener: 'once', prependListener: 'prependOnceListener' };
/** Events whose callback receives a per-connection object as its first parameter (ws, net, http2, socket.io). */
const CONNECTION_EVENTS = new Set(['connection', 'connect', 'secureConnection', 'upgrade', 'session', 'stream']);
/** Events that fire soon after they are awaited: listening for "the next one" is what `once` means. */
const NEXT_EVENT_NAMES = new Set(['mouseup', 'pointerup', 'touchend', 'pointercancel', 'transitionend', 'animationend', 'load', 'end', 'finish', 'drain', 'response', 'ready', 'open']);
/** A handler that settles a promise only wants the next event. */
const SETTLER_NAMES = new Set(['resolve', 'reject', 'done', 'callback', 'cb']);
const RESPONSE_NAMES = new Set(['res', 'response']);
const EFFECT_CALLEE = /Effect$/u;
/** Superclasses that call a lifecycle method on teardown (no caller has to remember it). */
const WEB_COMPONENT_BASE = /^HTML[A-Za-z]*Element$/u;
const REACT_COMPONENT_BASE = /^(React\.)?(Pure)?Component$/u;
/** Superclasses known to have no cleanup method of their own, so adding `dispose()` overrides nothing. */
const PLAIN_BASES = /^(EventEmitter|events\.EventEmitter|EventTarget|Emitter)$/u;

interface ClassPlan {
  readonly node: ClassNode;
  readonly fields: string[];
  readonly cleanup: string[];
  scopeField: string | null;
  /** The method that gets the cleanup statements: the existing one, or the name of the one to add (null: cannot add). */
  readonly slot: { kind: 'existing'; block: TSESTree.BlockStatement } | { kind: 'new'; name: string; needsCaller: boolean } | null;
  readonly reviewLine: number;
  /** Why the class gets no removal although it has a teardown (restartable or per-item only). */
  readonly noSlotReason?: string;
  /** When the slot is a restartable pause (`stop()`): the methods that restart the owner; only what they start may be undone there. */
  readonly restartedBy?: ReadonlySet<string>;
}

interface FunctionPlan {
  readonly fn: FunctionNode & { body: TSESTree.BlockStatement };
  readonly cleanup: string[];
}

type Setup = { kind: 'effect' | 'plain'; fn: FunctionNode & { body: TSESTree.BlockStatement } };

/**
 * What `require-listener-cleanup` (missing removals) and `no-listener-accumulation` (registrations
 * that pile up in repeated code) report with their configured options: one detector run when the two
 * rules have the same options (the usual case), one per rule otherwise.
 */
function listenerFindings(file: ParsedFile, rules: PairedRuleOptions): ListenerRegistrationFinding[] {
  const cleanup = rules['require-listener-cleanup'];
  const accumulation = rules['no-listener-accumulation'];
  const run = (options: Readonly<Record<string, unknown>>): ListenerRegistrationFinding[] =>
    runDetector(file, (source) => createListenerRegistrationsDetector(source, listenerOptionsOf(options)));
  const isCleanup = (finding: ListenerRegistrationFinding): boolean => finding.kind === 'missingCleanup';
  const isAccumulation = (finding: ListenerRegistrationFinding): boolean => finding.kind !== 'missingCleanup' && finding.repeatingContext !== null;
  if (cleanup === null && accumulation === null) return [];
  if (cleanup === null) return run(accumulation ?? {}).filter(isAccumulation);
  if (accumulation === null) return run(cleanup ?? {}).filter(isCleanup);
  const cleanupOptions = listenerOptionsOf(cleanup ?? {});
  if (JSON.stringify(cleanupOptions) === JSON.stringify(listenerOptionsOf(accumulation ?? {}))) {
    return run(cleanup ?? {}).filter((finding) => isCleanup(finding) || isAccumulation(finding));
  }
  return [...run(cleanup ?? {}).filter(isCleanup), ...run(accumulation ?? {}).filter(isAccumulation)].sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/**
 * Fixes what `require-listener-cleanup`, `no-listener-accumulation` and
 * `require-timer-cleanup` report, found through their own detectors: each
 * finding is either fixed by precise splices or listed for manual review with
 * the reason, never both.
 */
export function transformListenerCleanup(file: ParsedFile, context: TransformContext<ListenerCleanupOptions>): TransformResult {
  // The paired rules with the options the project's ESLint config gives them here; a rule turned off fixes nothing.
  const rules = context.rules ?? {};
  const listeners = listenerFindings(file, rules);
  const timerRule = rules['require-timer-cleanup'];
  const timers = timerRule === null ? [] : runDetector(file, (source) => createTimerCleanupDetector(source, timerDetectorOptions(timerRule ?? {})));
  const workerRule = rules['require-worker-cleanup'];
  const workers = workerRule === null ? { edits: [], review: [] } : workerCleanupEdits(file, workerDetectorOptions(workerRule ?? {}));
  if (listeners.length === 0 && timers.length === 0 && workers.edits.length === 0 && workers.review.length === 0) return { manualReview: [] };

  const { text } = file;
  const ts = file.language === 'ts';
  const semi = file.style.semicolons ? ';' : '';
  const quote = file.style.quote;
  const unit = indentUnit(text);
  const names = usedNames(file);
  /** Every variable declared in the file and every global it reads: what a new local could shadow. */
  const bindingNames = new Set<string>();
  for (const scope of file.scopeManager.scopes) {
    for (const variable of scope.variables) bindingNames.add(variable.name);
    for (const reference of scope.through) bindingNames.add(reference.identifier.name);
  }
  const classMembers = new Map<ClassNode, Set<string>>();
  function memberNamesOf(classNode: ClassNode): Set<string> {
    let members = classMembers.get(classNode);
    if (!members) {
      members = new Set(['constructor']);
      for (const member of classNode.body.body) {
        const name = 'key' in member ? getPropertyName(member as TSESTree.MethodDefinition) : null;
        if (name !== null) members.add(name);
      }
      classMembers.set(classNode, members);
    }
    return members;
  }
  const edits: TextEdit[] = [];
  const review: ManualReviewItem[] = [];
  const classPlans = new Map<ClassNode, ClassPlan>();
  const functionPlans = new Map<FunctionNode, FunctionPlan>();
  let scopeLocal: string | null = null;
  let scopeImport: TextEdit | null = null;
  edits.push(...workers.edits);
  review.push(...workers.review);

  const at = (node: TSESTree.Node, message: string): void => {
    review.push({ line: node.loc.start.line, column: node.loc.start.column + 1, message });
  };
  const str = (value: string): string => `${quote}${value.replace(/\\/gu, '\\\\').replace(new RegExp(quote, 'gu'), `\\${quote}`)}${quote}`;

  /** Accepts a finding's edits only when they do not overlap edits already accepted (nested findings are reviewed instead). */
  const commit = (node: TSESTree.Node, proposed: TextEdit[], reason: string): boolean => {
    for (const edit of proposed) {
      for (const other of edits) {
        const overlaps = edit.start === edit.end
          ? other.start < edit.start && edit.start < other.end
          : other.start === other.end
            ? edit.start < other.start && other.start < edit.end
            : edit.start < other.end && other.start < edit.end;
        if (overlaps) {
          at(node, reason);
          return false;
        }
      }
    }
    edits.push(...proposed);
    return true;
  };

  for (const finding of listeners) {
    if (finding.kind === 'accumulation') fixAccumulation(finding);
    else fixMissingCleanup(finding);
  }
  for (const finding of timers) fixTimer(finding);

  for (const plan of classPlans.values()) finishClass(plan);
  for (const plan of functionPlans.values()) finishFunction(plan);
  if (scopeImport) edits.push(scopeImport);

  if (edits.length === 0) return { manualReview: sortReview(review) };
  let output: string;
  try {
    output = applyEdits(text, edits);
  } catch {
    return { manualReview: sortReview([...review, { line: 1, column: 1, message: 'The fixes in this file overlap; fix the listeners by hand (nothing was changed)' }]) };
  }
  return { output, manualReview: sortReview(review) };

  // ------------------------------------------------------------ listeners

  function fixMissingCleanup(finding: ListenerRegistrationFinding): void {
    const { owner } = finding;
    const what = describeListener(finding, text);
    // Its own handler removes it when the awaited event comes; what is missing is a deadline, not a removal.
    if (finding.problem === 'removedOnlyOnMatch') {
      at(finding.node, `${what} on '${finding.targetPath}' waits for one event with no deadline; add a timeout that removes it and ends the wait, by hand`);
      return;
    }
    // Each kept object has its own listener: the teardown must go through the collection that keeps them.
    if (finding.problem === 'notRemovedAtTeardown') {
      at(finding.node, `${what} on '${finding.targetPath}' is added to every object the owner keeps; remove it from each of them in ${describeCleanupPlace(finding.owner)} by hand`);
      return;
    }
    // `new Promise((resolve) => socket.on('drain', resolve))`: the listener only waits for the next event.
    const handler = finding.handler ? unwrapExpression(finding.handler) : null;
    if (handler?.type === 'Identifier' && SETTLER_NAMES.has(handler.name) && isNextEventIntent(finding) && toOnce(finding)) return;
    if (owner.kind === 'class') {
      if (!thisIsInstance(finding.node, owner.node)) {
        at(finding.node, `${what} on '${finding.targetPath}' is registered where \`this\` is not the instance (a nested function or a static member); remove it by hand`);
        return;
      }
      fixInClass(finding, owner.node);
      return;
    }
    if (owner.kind === 'function') {
      const setup = setupOf(owner.registeringFunction);
      if (!setup) {
        at(finding.node, `${what} on '${finding.targetPath}' is registered in ${describeFunction(owner.registeringFunction)}: it cannot return a disposer safely (it returns a value, is async, is passed around or its result is used); remove it by hand where its owner is torn down`);
        return;
      }
      fixInFunction(finding, setup);
      return;
    }
    at(finding.node, `${what} on '${finding.targetPath}' is registered in an options object; remove it in its cleanup hook (beforeUnmount(), destroy()…) by hand`);
  }

  function fixInClass(finding: ListenerRegistrationFinding, classNode: ClassNode): void {
    const what = describeListener(finding, text);
    switch (finding.problem) {
      case 'signalNeverAborted': {
        const controller = finding.controllerPath;
        if (controller === null || !controller.startsWith('this.') || !isPathText(controller)) {
          at(finding.node, `${what} on '${finding.targetPath}' is bound to a signal whose AbortController is a local of one method; keep it in a field and abort it in the cleanup method by hand`);
          return;
        }
        const plan = classPlan(classNode);
        if (blocked(plan, finding.node)) return;
        addOnce(plan.cleanup, `${controller}.abort()`);
        return;
      }
      case 'discardedSubscription':
        return subscriptionInClass(finding, classNode);
      case 'unsubscribedSubscription': {
        const handle = finding.subscriptionHandle;
        if (handle === null || !handle.startsWith('this.') || !isPathText(handle)) {
          at(finding.node, `The subscription to '${finding.targetPath}' is kept in a local variable; keep it in a field and unsubscribe it in the cleanup method by hand`);
          return;
        }
        const plan = classPlan(classNode);
        if (blocked(plan, finding.node)) return;
        addOnce(plan.cleanup, unsubscribeText(handle, finding));
        return;
      }
      case 'captureMismatch':
        fixCaptureMismatch(finding);
        return;
      default:
        break;
    }
    const plan = classPlan(classNode);
    if (blocked(plan, finding.node)) return;
    if (context.options.scope && finding.problem !== 'handlerMismatch' && migrateToScope(finding, plan)) return;

    const removeMethod = REMOVAL_METHODS[finding.method];
    if (!removeMethod) {
      at(finding.node, `${what} is added with ${finding.method}(), whose removal method is unknown; remove it by hand`);
      return;
    }
    if (!isUsableFromClass(finding.targetPath, finding.targetLifetime)) {
      at(finding.node, `${what} is added to '${finding.targetPath}', which the cleanup method cannot name (a constructor parameter or a local); keep the target in a field and remove the listener by hand`);
      return;
    }
    const event = eventText(finding, (node) => isModuleLevelExpression(node));
    const capture = captureText(finding, (node) => isModuleLevelExpression(node));
    if (event === null || capture === null) {
      at(finding.node, `${what} uses an event name or options computed inside the method; remove it by hand with the same event and capture flag`);
      return;
    }
    const handler = finding.handler;
    if (!handler) return;
    let reference: string;
    const proposed: TextEdit[] = [];
    if (finding.handlerRemovable) {
      const path = referenceText(handler);
      if (path === null) {
        at(finding.node, `${what} uses a handler the cleanup method cannot name (a local function); keep it in a field and remove it by hand`);
        return;
      }
      reference = path;
    } else {
      const field = handlerField(finding, classNode);
      if (!field) return;
      reference = `this.${field.name}`;
      plan.fields.push(field.declaration);
      proposed.push({ start: handler.range[0], end: handler.range[1], text: reference });
    }
    // The target as written, so a non-null assertion (`parentPort!.on`) is kept in the removal.
    const calleeNode = unwrapExpression(finding.node.callee);
    const written = textOf(file, calleeNode.type === 'MemberExpression' ? calleeNode.object : finding.target).replace(/\s/gu, '');
    const targetText = finding.target.type === 'ThisExpression' ? 'this' : written.replace(/!/gu, '') === finding.targetPath ? written : finding.targetPath;
    const slot = plan.slot;
    if (slot?.kind === 'existing' && finding.event !== null && CLOSING_EVENTS.has(finding.event)) {
      const closer = closingCallOn(slot.block, targetText.replace(/!/gu, ''));
      if (closer !== null) {
        at(finding.node, `${what}: the teardown calls ${targetText}.${closer}(), which emits '${finding.event}' afterwards; removing the handler right after it would skip it. Remove it in the ${closer}() callback or in the handler itself, by hand`);
        return;
      }
    }
    let removal = `${targetText}.${removeMethod}(${[event, reference, capture].filter((part) => part !== '').join(', ')})`;
    if (finding.handlerRemovable && reference.startsWith('this.') && !alwaysDefined(reference.slice(5), classNode)) removal = `if (${reference}) ${removal}`;
    const mismatched = finding.mismatchedRemoval;
    if (mismatched && finding.handlerKind === 'bind' && mismatched.arguments[1] && boundCalleeText(handler) === textOf(file, mismatched.arguments[1])) {
      // `add(e, this.onX.bind(this))` … `remove(e, this.onX)`: the removal was meant for this listener; point it at the kept function.
      proposed.push({ start: mismatched.arguments[1].range[0], end: mismatched.arguments[1].range[1], text: reference });
      commit(finding.node, proposed, `${what}: overlapping fixes; remove it by hand`);
      return;
    }
    if (commit(finding.node, proposed, `${what} sits inside another handler that is being moved; re-run the codemod after this pass, or remove it by hand`)) addOnce(plan.cleanup, removal);
  }

  function subscriptionInClass(finding: ListenerRegistrationFinding, classNode: ClassNode): void {
    const plan = classPlan(classNode);
    if (blocked(plan, finding.node)) return;
    const statement = finding.node.parent;
    if (statement?.type !== 'ExpressionStatement') {
      at(finding.node, `The subscription to '${finding.targetPath}' is used in an expression; keep it and unsubscribe it in the cleanup method by hand`);
      return;
    }
    if (context.options.scope) {
      const scope = scopeFieldOf(plan);
      commit(finding.node, [
        { start: finding.node.range[0], end: finding.node.range[0], text: `this.${scope}.add(` },
        { start: finding.node.range[1], end: finding.node.range[1], text: ')' },
      ], 'overlapping fixes');
      return;
    }
    const kind = subscriptionKind(finding);
    if (kind === null) {
      at(finding.node, `The subscription to '${finding.targetPath}' is discarded, and it is unclear whether subscribe() returns a Subscription or an unsubscribe function; keep it and release it in the cleanup method by hand`);
      return;
    }
    const base = finding.targetPath.split('.').filter((part) => part !== 'this' && IDENTIFIER.test(part)).at(-1) ?? 'source';
    const name = freeName(`${camel(base.replace(/\$$/u, ''))}Subscription`, names);
    if (ts) plan.fields.push(`private ${name}?: ${kind === 'method' ? '{ unsubscribe(): void }' : '() => void'}${semi}`);
    if (commit(finding.node, [{ start: finding.node.range[0], end: finding.node.range[0], text: `this.${name} = ` }], 'overlapping fixes')) {
      addOnce(plan.cleanup, kind === 'method' ? `this.${name}?.unsubscribe()` : `this.${name}?.()`);
    }
  }

  function migrateToScope(finding: ListenerRegistrationFinding, plan: ClassPlan): boolean {
    const call = finding.node;
    const callee = unwrapExpression(call.callee);
    if (!SCOPE_METHODS.has(finding.method) || callee.type !== 'MemberExpression' || unwrapExpression(callee.object) !== finding.target || !finding.eventNode || call.arguments.length > 3) return false;
    // `x.on(…).pipe(…)`: on() returns x, scope.on() a remover; keep the chain and pair the removal instead.
    if (call.parent?.type === 'MemberExpression' && call.parent.object === call) return false;
    const scope = scopeFieldOf(plan);
    const args = textOf(file, { range: [call.arguments[0]!.range[0], call.arguments.at(-1)!.range[1]] } as TSESTree.Node);
    return commit(call, [{ start: call.range[0], end: call.range[1], text: `this.${scope}.on(${textOf(file, finding.target)}, ${args})` }], 'overlapping fixes');
  }

  function fixInFunction(finding: ListenerRegistrationFinding, setup: Setup): void {
    const what = describeListener(finding, text);
    const plan = functionPlan(setup);
    if (!plan) {
      at(finding.node, `${what} is registered in ${describeFunction(setup.fn)}, whose existing return cannot be extended with a cleanup; remove it by hand`);
      return;
    }
    if (finding.problem === 'signalNeverAborted') {
      const controller = finding.controllerPath;
      if (controller === null || !isPathText(controller) || !visibleAtEnd(controller.split('.')[0]!, setup.fn)) {
        at(finding.node, `${what}: abort the AbortController behind its signal in the cleanup by hand`);
        return;
      }
      addOnce(plan.cleanup, `${controller}.abort()`);
      return;
    }
    if (finding.problem === 'captureMismatch') {
      fixCaptureMismatch(finding);
      return;
    }
    const statement = topStatement(finding.node, setup.fn);
    if (finding.problem === 'discardedSubscription' || finding.problem === 'unsubscribedSubscription') {
      const kind = subscriptionKind(finding);
      if (finding.problem === 'unsubscribedSubscription' && finding.subscriptionHandle !== null && kind !== null && visibleAtEnd(finding.subscriptionHandle, setup.fn)) {
        addOnce(plan.cleanup, unsubscribeText(finding.subscriptionHandle, finding).replace('?.', '.'));
        return;
      }
      if (finding.problem === 'discardedSubscription' && kind !== null && statement && finding.node.parent?.type === 'ExpressionStatement') {
        const name = freeName('subscription', names);
        if (commit(finding.node, [{ start: finding.node.range[0], end: finding.node.range[0], text: `const ${name} = ` }], 'overlapping fixes')) {
          addOnce(plan.cleanup, kind === 'method' ? `${name}.unsubscribe()` : `${name}()`);
        }
        return;
      }
      at(finding.node, `The subscription to '${finding.targetPath}' cannot be released automatically here (unknown subscription API, or kept out of reach of the cleanup); release it by hand`);
      return;
    }
    const removeMethod = REMOVAL_METHODS[finding.method];
    if (!removeMethod || !finding.handler) {
      at(finding.node, `${what} is added with ${finding.method}(), whose removal method is unknown; remove it by hand`);
      return;
    }
    const visible = (node: TSESTree.Node): boolean => identifiersOf(node).every((identifier) => visibleAtEnd(identifier.name, setup.fn, identifier));
    const event = eventText(finding, visible);
    const capture = captureText(finding, visible);
    if (event === null || capture === null || !visible(finding.target)) {
      at(finding.node, `${what}: its target, event or options are not reachable from the returned cleanup; remove it by hand`);
      return;
    }
    const proposed: TextEdit[] = [];
    let reference: string;
    if (finding.handlerRemovable && visible(finding.handler)) {
      reference = textOf(file, finding.handler);
    } else if (statement) {
      const hoisted = hoist(finding, statement);
      reference = hoisted.name;
      proposed.push(...hoisted.edits);
    } else {
      at(finding.node, `${what} is registered inside a nested block; keep its handler in a variable and remove it in the cleanup by hand`);
      return;
    }
    if (commit(finding.node, proposed, `${what} sits inside another handler that is being moved; remove it by hand`)) {
      addOnce(plan.cleanup, `${textOf(file, finding.target)}.${removeMethod}(${[event, reference, capture].filter((part) => part !== '').join(', ')})`);
    }
  }

  function fixAccumulation(finding: ListenerRegistrationFinding): void {
    const what = describeListener(finding, text);
    const repeating = finding.repeatingContext!;
    if (finding.problem === 'captureMismatch') {
      fixCaptureMismatch(finding);
      return;
    }
    if (repeating.kind === 'reentrantHook' || repeating.kind === 'perCall') {
      at(finding.node, `${what} on '${finding.targetPath}' is added ${describeRepeatingContext(repeating)}; register it once (in the constructor) or remove it in the matching teardown by hand`);
      return;
    }
    if (finding.problem === 'signalNeverAborted' || finding.method === 'subscribe' || !finding.handler) {
      at(finding.node, `${what} on '${finding.targetPath}' is added in code that runs repeatedly; unsubscribe or abort it in that code by hand (or use switchMap()/takeUntil())`);
      return;
    }
    const end = perEventEnd(repeating.node, repeating.kind === 'eventCallback' ? repeating.event : null, repeating.kind);
    const removeMethod = REMOVAL_METHODS[finding.method];
    const statement = blockStatementOf(finding.node, repeating.node);
    if (end && removeMethod && statement) {
      const event = eventText(finding, () => true);
      const capture = captureText(finding, () => true);
      if (event !== null && capture !== null) {
        const proposed: TextEdit[] = [];
        let reference = textOf(file, finding.handler);
        if (!finding.handlerRemovable) {
          const hoisted = hoist(finding, statement);
          reference = hoisted.name;
          proposed.push(...hoisted.edits);
        }
        const indent = lineIndent(text, statement.range[0]);
        const removal = `${textOf(file, finding.target)}.${removeMethod}(${[event, reference, capture].filter((part) => part !== '').join(', ')})`;
        const position = endOfLine(text, statement.range[1]);
        proposed.push({ start: position, end: position, text: `\n${indent}${end.object}.once(${str(end.event)}, () => ${removal})${semi}` });
        commit(finding.node, proposed, `${what} sits inside another handler that is being moved; remove it by hand`);
        return;
      }
    }
    if (isNextEventIntent(finding) && toOnce(finding)) return;
    at(finding.node, `${what} on '${finding.targetPath}' is added ${repeating.kind === 'loop' ? 'in a loop' : 'in code that runs repeatedly'} with no per-event object to remove it with; remove it where that run ends, or register it once outside, by hand`);
  }

  function fixCaptureMismatch(finding: ListenerRegistrationFinding): void {
    const removal = finding.mismatchedRemoval;
    if (!removal || finding.capture === null || !removal.arguments[1]) {
      at(finding.node, `${describeListener(finding, text)}: make the capture flag of its removal match by hand`);
      return;
    }
    const third = removal.arguments[2];
    const edit: TextEdit = finding.capture
      ? third
        ? { start: third.range[0], end: third.range[1], text: 'true' }
        : { start: removal.arguments[1].range[1], end: removal.arguments[1].range[1], text: ', true' }
      : { start: removal.arguments[1].range[1], end: third!.range[1], text: '' };
    commit(finding.node, [edit], 'overlapping fixes');
  }

  // --------------------------------------------------------------- timers

  function fixTimer(finding: TimerCleanupFinding): void {
    const call = finding.node;
    const name = finding.timerFunction;
    if (finding.problem === 'unclearedRaceTimer') return fixRaceTimer(finding);
    if (finding.problem === 'clearedOnlyOnSuccess') return void at(call, `Move clearTimeout(${finding.storage.kind === 'variable' ? finding.storage.name : 'the timer'}) into a finally block of the try around the awaited call, by hand`);
    if (finding.problem === 'overwrittenTimeout') return void at(call, `Clear ${finding.storage.kind === 'field' ? finding.storage.path : 'the previous timer'} before setting it again (or return early while it is pending)`);
    // An interval started per connection/request belongs to that object, not to the
    // class or function around the callback: clear it when the object closes.
    if (fixPerEventTimer(finding)) return;
    const classNode = finding.ownerClass;
    if (classNode && thisIsInstance(call, classNode)) {
      const plan = classPlan(classNode);
      if (blocked(plan, call)) return;
      if (finding.storage.kind === 'field') {
        if (!isPathText(finding.storage.path)) return void at(call, `Clear ${finding.storage.path} in the cleanup method by hand`);
        const path = finding.storage.path;
        // A field that may hold null (`Timeout | null`) is cleared behind a guard, which type-checks under strictNullChecks.
        addOnce(plan.cleanup, ts && path.startsWith('this.') && mayBeNullish(path.slice(5), classNode) ? `if (${path}) ${finding.clearFunction}(${path})` : `${finding.clearFunction}(${path})`);
        return;
      }
      if (finding.storage.kind === 'discarded') {
        const handle = discardedHandle(call);
        if (!handle) return void at(call, `The ${name}() handle is discarded inside an expression; keep it in a field and clear it by hand`);
        if (context.options.scope && handle === call) {
          const scope = scopeFieldOf(plan);
          commit(call, [{ start: call.callee.range[0], end: call.callee.range[1], text: `this.${scope}.${name}` }], 'overlapping fixes');
          return;
        }
        const field = freeName(`${timerBaseName(call)}${name === 'setInterval' ? 'Interval' : 'Timeout'}`, names);
        if (ts) plan.fields.push(`private ${field}?: ReturnType<typeof ${name}>${semi}`);
        if (commit(call, [{ start: handle.range[0], end: handle.range[0], text: `this.${field} = ` }], 'overlapping fixes')) addOnce(plan.cleanup, `${finding.clearFunction}(this.${field})`);
        return;
      }
      at(call, `Interval '${finding.storage.name}' is a local of one method; keep it in a field and clear it in the cleanup method by hand`);
      return;
    }
    const fn = finding.ownerFunction;
    if (!fn) return void at(call, `${name}() at module level: clear it on shutdown by hand`);
    const setup = setupOf(fn);
    if (setup) {
      const plan = functionPlan(setup);
      if (!plan) return void at(call, `${name}() in ${describeFunction(fn)}: its existing return cannot be extended with a cleanup; clear it by hand`);
      if (finding.storage.kind === 'variable') {
        if (!visibleAtEnd(finding.storage.name, setup.fn, finding.storage.identifier)) return void at(call, `Interval '${finding.storage.name}' is declared out of reach of the cleanup; clear it by hand`);
        addOnce(plan.cleanup, `${finding.clearFunction}(${finding.storage.name})`);
        return;
      }
      if (finding.storage.kind === 'discarded') {
        const handle = discardedHandle(call);
        if (!handle || !topStatement(call, setup.fn)) return void at(call, `The ${name}() handle is discarded in a nested block or an expression; keep it and clear it in the cleanup by hand`);
        const variable = freeName(name === 'setInterval' ? 'interval' : 'timeout', names);
        if (commit(call, [{ start: handle.range[0], end: handle.range[0], text: `const ${variable} = ` }], 'overlapping fixes')) addOnce(plan.cleanup, `${finding.clearFunction}(${variable})`);
        return;
      }
    }
    at(call, `${name}() in ${describeFunction(fn)} is never cleared, and that function cannot return a disposer safely; clear it where its owner is torn down, by hand`);
  }

  function fixPerEventTimer(finding: TimerCleanupFinding): boolean {
    const call = finding.node;
    const fn = finding.ownerFunction;
    if (!fn || finding.storage.kind !== 'discarded') return false;
    const parent = fn.parent;
    const event = parent?.type === 'CallExpression' && parent.callee.type === 'MemberExpression' ? getStaticString(parent.arguments[0]) : null;
    const end = perEventEnd(fn, event, hasRequestParameters(fn) ? 'requestHandler' : 'eventCallback');
    const statement = blockStatementOf(call, fn);
    const handle = discardedHandle(call);
    if (!end || !statement || !handle || statement.type !== 'ExpressionStatement') return false;
    const variable = freeName(finding.timerFunction === 'setInterval' ? 'interval' : 'timeout', names);
    const indent = lineIndent(text, statement.range[0]);
    const position = endOfLine(text, statement.range[1]);
    commit(call, [
      { start: handle.range[0], end: handle.range[0], text: `const ${variable} = ` },
      { start: position, end: position, text: `\n${indent}${end.object}.once(${str(end.event)}, () => ${finding.clearFunction}(${variable}))${semi}` },
    ], 'overlapping fixes');
    return true;
  }

  function fixRaceTimer(finding: TimerCleanupFinding): void {
    const call = finding.node;
    const race = finding.raceCall;
    if (!race) {
      at(call, 'This timeout races an event inside a new Promise executor; keep its handle and clear it when the event wins, or use withTimeout() from the runtime');
      return;
    }
    const statement = blockStatementOf(race, null);
    const insideRace = race.range[0] <= call.range[0] && call.range[1] <= race.range[1];
    if (!statement || !insideRace) {
      at(call, 'The timer of this Promise.race() is started in a helper function; return its handle (or use withTimeout() from the runtime) and clear it in a finally by hand');
      return;
    }
    const proposed: TextEdit[] = [];
    let variable: string;
    if (finding.storage.kind === 'variable') {
      variable = finding.storage.name;
      const declaration = resolveVariable(file.scopeManager, finding.storage.identifier)?.defs[0]?.name;
      if (!declaration || (race.range[0] <= declaration.range[0] && declaration.range[1] <= race.range[1])) {
        at(call, 'The timer of this Promise.race() is kept inside the race; clear it in a finally by hand');
        return;
      }
    } else {
      const handle = discardedHandle(call) ?? arrowBodyHandle(call);
      if (!handle) {
        at(call, 'The timer of this Promise.race() is used in an expression; clear it in a finally by hand');
        return;
      }
      variable = freeName('timer', names);
      const indent = lineIndent(text, statement.range[0]);
      proposed.push({ start: statement.range[0], end: statement.range[0], text: `let ${variable}${ts ? ': ReturnType<typeof setTimeout> | undefined' : ''}${semi}\n${indent}` });
      if (handle.parent?.type === 'ArrowFunctionExpression') {
        proposed.push({ start: handle.range[0], end: handle.range[0], text: `(${variable} = ` }, { start: handle.range[1], end: handle.range[1], text: ')' });
      } else {
        proposed.push({ start: handle.range[0], end: handle.range[0], text: `${variable} = ` });
      }
    }
    proposed.push({ start: race.range[1], end: race.range[1], text: `.finally(() => clearTimeout(${variable}))` });
    commit(call, proposed, 'overlapping fixes');
  }

  // --------------------------------------------------------------- classes

  function classPlan(classNode: ClassNode): ClassPlan {
    let plan = classPlans.get(classNode);
    if (plan) return plan;
    const teardowns = teardownsOf(classNode, new Set(listenerOptionsOf(context.rules?.['require-listener-cleanup'] ?? {}).cleanupMethods));
    const terminal = teardowns.find((teardown) => teardown.kind === 'terminal');
    const nonTerminal = teardowns.find((teardown) => teardown.kind !== 'terminal');
    // The cleanup member the detector chose wins when it is terminal (`[Symbol.dispose]` beside `end()`).
    const chosen = runDetectorOwnerCleanup(classNode);
    const preferred = teardowns.find((teardown) => teardown.kind === 'terminal' && teardown.member === chosen) ?? terminal;
    const restartable = !terminal && nonTerminal?.kind === 'restartable' ? nonTerminal : undefined;
    const noSlotReason = !terminal && nonTerminal
      ? nonTerminal.kind === 'restartable'
        ? `${className(classNode)}.${nonTerminal.name}() is a pause the object comes back from (it has a counterpart that restarts it), not its end of life; removing the listener there would leave a restarted ${className(classNode)} deaf. Remove it in a terminal teardown (dispose()), or re-register it where the object restarts, by hand`
        : `${className(classNode)}.${nonTerminal.name}() takes a parameter, so it tears down one item, not the ${className(classNode)}; removing the listener there would make it deaf after the first item. Remove it in the owner's terminal teardown by hand`
      : undefined;
    plan = {
      node: classNode, fields: [], cleanup: [], scopeField: existingScopeField(classNode),
      slot: restartable ? existingSlot(restartable.fn) : noSlotReason !== undefined ? null : preferred ? existingSlot(preferred.fn) : cleanupSlotOf(classNode),
      reviewLine: classNode.loc.start.line, ...(noSlotReason !== undefined ? { noSlotReason } : {}),
      ...(restartable ? { restartedBy: new Set(counterpartsOf(restartable.name)) } : {}),
    };
    classPlans.set(classNode, plan);
    return plan;
  }

  /** The method name of a top-level `<target>.close()`-like call in the teardown block, or null. */
  function closingCallOn(block: TSESTree.BlockStatement, targetText: string): string | null {
    for (const statement of block.body) {
      let expression = statement.type === 'ExpressionStatement' ? unwrapExpression(statement.expression) : null;
      if (expression?.type === 'AwaitExpression') expression = unwrapExpression(expression.argument);
      if (expression?.type !== 'CallExpression') continue;
      const callee = unwrapExpression(expression.callee);
      if (callee.type !== 'MemberExpression') continue;
      const name = getPropertyName(callee);
      if (name !== null && CLOSING_METHODS.has(name) && textOf(file, callee.object).replace(/[\s!]/gu, '') === targetText) return name;
    }
    return null;
  }

  /** True when `this.<name>` holds a value for the object's whole life: a method, an initialised field, or a top-level constructor assignment. */
  function alwaysDefined(name: string, classNode: ClassNode): boolean {
    for (const member of classNode.body.body) {
      if (member.type === 'MethodDefinition' && member.kind === 'constructor') {
        for (const statement of member.value.body?.body ?? []) {
          if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') continue;
          const left = statement.expression.left;
          if (left.type === 'MemberExpression' && left.object.type === 'ThisExpression' && getPropertyName(left) === name) return true;
        }
        continue;
      }
      if ((member.type === 'MethodDefinition' || member.type === 'PropertyDefinition') && !member.static && getPropertyName(member) === name) {
        if (member.type === 'MethodDefinition' || member.value) return true;
      }
      if (member.type === 'TSAbstractMethodDefinition' && getPropertyName(member) === name) return true;
    }
    return false;
  }

  /** True when the field `name` is declared optional or with `null`/`undefined` in its type. */
  function mayBeNullish(name: string, classNode: ClassNode): boolean {
    for (const member of classNode.body.body) {
      if (member.type !== 'PropertyDefinition' || member.static || getPropertyName(member) !== name) continue;
      const annotation = member.typeAnnotation ? textOf(file, member.typeAnnotation) : '';
      // clearTimeout() accepts undefined, not null.
      return /\bnull\b/u.test(annotation) || (!annotation && member.value !== null && textOf(file, member.value) === 'null');
    }
    return false;
  }

  function existingSlot(fn: FunctionNode | null): ClassPlan['slot'] {
    return fn && fn.body?.type === 'BlockStatement' ? { kind: 'existing', block: fn.body } : null;
  }

  /** True (and reported) when this registration's undoing has no sound place in the class. */
  function blocked(plan: ClassPlan, node: TSESTree.Node): boolean {
    // The teardown itself registers or starts it (`onClose()` scheduling a reconnect): undoing it at the end
    // of that same method would cancel it at once, so it is no fix.
    if (plan.slot?.kind === 'existing' && plan.slot.block.range[0] <= node.range[0] && node.range[1] <= plan.slot.block.range[1]) {
      const method = plan.slot.block.parent;
      const name = method && isFunctionNode(method) && method.parent?.type === 'MethodDefinition' ? getPropertyName(method.parent) : null;
      at(node, `${className(plan.node)}${name ? `.${name}()` : "'s cleanup method"} starts this itself, so undoing it there would cancel it at once; undo it where ${className(plan.node)} ends for good, by hand`);
      return true;
    }
    if (plan.slot && (!plan.restartedBy || startedByRestart(node, plan))) return false;
    reviewNoSlot(node, plan);
    return true;
  }

  /** True when `node` runs in a method that restarts the owner (`start()` of a `stop()`), directly in its body. */
  function startedByRestart(node: TSESTree.Node, plan: ClassPlan): boolean {
    for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
      if (isFunctionNode(current)) {
        const method = current.parent;
        if (method?.type !== 'MethodDefinition' || method.parent?.parent !== plan.node) return false;
        const name = getPropertyName(method);
        return name !== null && plan.restartedBy!.has(name);
      }
    }
    return false;
  }

  function reviewNoSlot(node: TSESTree.Node, plan: ClassPlan): void {
    if (plan.noSlotReason !== undefined) return void at(node, plan.noSlotReason);
    const base = plan.node.superClass ? textOf(file, plan.node.superClass) : '';
    at(node, base
      ? `${className(plan.node)} extends ${base}, which may have its own cleanup method; override it (calling super) and remove the listener there by hand`
      : `${className(plan.node)}'s cleanup method has no block body to add the removal to; remove it by hand`);
  }

  function cleanupSlotOf(classNode: ClassNode): ClassPlan['slot'] {
    const probe = runDetectorOwnerCleanup(classNode);
    if (probe) {
      if (probe.type !== 'MethodDefinition' && probe.type !== 'PropertyDefinition') return null;
      const value = probe.value;
      if (value && (value.type === 'FunctionExpression' || value.type === 'ArrowFunctionExpression') && value.body?.type === 'BlockStatement' && !probe.static) return { kind: 'existing', block: value.body };
      return null;
    }
    const base = classNode.superClass ? textOf(file, classNode.superClass) : null;
    if (base !== null && WEB_COMPONENT_BASE.test(base)) return { kind: 'new', name: 'disconnectedCallback', needsCaller: false };
    if (base !== null && REACT_COMPONENT_BASE.test(base)) return { kind: 'new', name: 'componentWillUnmount', needsCaller: false };
    const decorators = (classNode.decorators ?? []).map((decorator) => {
      const expression = unwrapExpression(decorator.expression);
      const callee = expression.type === 'CallExpression' ? unwrapExpression(expression.callee) : expression;
      return callee.type === 'Identifier' ? callee.name : '';
    });
    if (base === null || PLAIN_BASES.test(base)) {
      if (decorators.some((name) => name === 'Component' || name === 'Directive' || name === 'Pipe') || (decorators.includes('Injectable') && importsFrom('@angular/'))) {
        return { kind: 'new', name: 'ngOnDestroy', needsCaller: false };
      }
      if (decorators.length > 0 && importsFrom('@nestjs/')) return { kind: 'new', name: 'onModuleDestroy', needsCaller: false };
      return { kind: 'new', name: 'dispose', needsCaller: true };
    }
    return null;
  }

  /** The cleanup member the detector chose for this class (through any finding's owner). */
  function runDetectorOwnerCleanup(classNode: ClassNode): TSESTree.ClassElement | null {
    for (const finding of listeners) if (finding.owner.kind === 'class' && finding.owner.node === classNode) return finding.owner.cleanupMethod;
    for (const member of classNode.body.body) {
      if (member.type === 'PropertyDefinition' && isCleanupName(member)) return member;
      if (member.type === 'MethodDefinition' && member.kind !== 'constructor' && isCleanupName(member)) return member;
    }
    return null;
  }

  function isCleanupName(member: TSESTree.MethodDefinition | TSESTree.PropertyDefinition): boolean {
    const name = getPropertyName(member);
    if (name !== null && CLEANUP_NAMES.has(name)) return true;
    return member.computed && /^Symbol\.(async)?[dD]ispose$/u.test(textOf(file, member.key).replace(/\s/gu, ''));
  }

  function existingScopeField(classNode: ClassNode): string | null {
    for (const member of classNode.body.body) {
      if (member.type !== 'PropertyDefinition' || member.static || !member.value) continue;
      const value = unwrapExpression(member.value);
      const name = getPropertyName(member);
      if (name !== null && value.type === 'NewExpression' && /ListenerScope$/u.test(textOf(file, value.callee))) return name;
    }
    return null;
  }

  function scopeFieldOf(plan: ClassPlan): string {
    if (plan.scopeField !== null && plan.cleanup.some((line) => line === `this.${plan.scopeField}.dispose()`)) return plan.scopeField;
    if (plan.scopeField === null) {
      if (scopeLocal === null) {
        const result = context.runtimeImport(['ListenerScope']);
        scopeLocal = result.locals['ListenerScope'] ?? 'ListenerScope';
        scopeImport = result.edit;
      }
      plan.scopeField = freeName('scope', names);
      plan.fields.push(`${ts ? 'private readonly ' : ''}${plan.scopeField} = new ${scopeLocal}()${semi}`);
    }
    addOnce(plan.cleanup, `this.${plan.scopeField}.dispose()`);
    return plan.scopeField;
  }

  function handlerField(finding: ListenerRegistrationFinding, classNode: ClassNode): { name: string; declaration: string } | null {
    const what = describeListener(finding, text);
    const handler = unwrapExpression(finding.handler!);
    if (capturesLocals(handler, classNode)) {
      at(finding.node, `${what}: its handler uses variables of the method it is registered in, so it cannot become a field; keep it in a field and remove it by hand`);
      return null;
    }
    if (finding.handlerKind !== 'inline' && !thisReadsAreMethods(handler, classNode)) {
      at(finding.node, `${what}: its handler reads instance fields that may not exist yet when a field initializer runs; keep it in a field and remove it by hand`);
      return null;
    }
    if (finding.handlerKind === 'inline' && !isFunctionNode(handler)) {
      at(finding.node, `${what}: an observer object or class as the handler; keep it in a field and remove it by hand`);
      return null;
    }
    const bound = finding.handlerKind === 'bind' ? boundCalleeText(finding.handler!) : null;
    const boundName = bound?.startsWith('this.') ? bound.slice(5) : null;
    const base = boundName !== null && IDENTIFIER.test(boundName)
      ? `bound${pascal(boundName)}`
      : `on${finding.event !== null ? eventWords(finding.event) : pascal(finding.targetPath.split('.').at(-1) ?? 'event')}`;
    // A field only clashes with the members of its own class.
    const name = freeName(base, memberNamesOf(classNode));
    const memberIndent = memberIndentOf(classNode);
    let value = textWithTypedParameters(handler);
    value = reindent(value, lineIndent(text, handler.range[0]), memberIndent);
    return { name, declaration: `${ts ? 'private readonly ' : ''}${name} = ${value}${semi}` };
  }

  /** The handler's text; in TypeScript, parameters that were typed by the call they were passed to get an explicit `any`. */
  function textWithTypedParameters(handler: TSESTree.Node): string {
    const original = textOf(file, handler);
    if (!ts || !isFunctionNode(handler)) return original;
    const inserts: TextEdit[] = [];
    const offset = handler.range[0];
    for (const parameter of handler.params) {
      if (parameter.type === 'Identifier' && !parameter.typeAnnotation) inserts.push({ start: parameter.range[1] - offset, end: parameter.range[1] - offset, text: ': any' });
      else if (parameter.type === 'RestElement' && !parameter.typeAnnotation) inserts.push({ start: parameter.range[1] - offset, end: parameter.range[1] - offset, text: ': any[]' });
      else if ((parameter.type === 'ObjectPattern' || parameter.type === 'ArrayPattern') && !parameter.typeAnnotation) inserts.push({ start: parameter.range[1] - offset, end: parameter.range[1] - offset, text: ': any' });
    }
    if (inserts.length === 0) return original;
    const first = handler.params[0]!;
    if (handler.type === 'ArrowFunctionExpression' && handler.params.length === 1 && first.range[0] === handler.range[0] + (handler.async ? original.indexOf(textOf(file, first)) : 0) && original[first.range[0] - offset - 1] !== '(') {
      inserts.push({ start: first.range[0] - offset, end: first.range[0] - offset, text: '(' }, { start: first.range[1] - offset, end: first.range[1] - offset, text: ')' });
    }
    return applyEdits(original, inserts);
  }

  function finishClass(plan: ClassPlan): void {
    if (!plan.slot || (plan.cleanup.length === 0 && plan.fields.length === 0)) return;
    const body = plan.node.body;
    const memberIndent = memberIndentOf(plan.node);
    if (plan.fields.length > 0) {
      const lastField = [...body.body].reverse().find((member) => member.type === 'PropertyDefinition' && !member.static);
      if (lastField) {
        const position = endOfLine(text, lastField.range[1]);
        edits.push({ start: position, end: position, text: plan.fields.map((field) => `\n${memberIndent}${field}`).join('') });
      } else {
        const position = body.range[0] + 1;
        edits.push({ start: position, end: position, text: plan.fields.map((field) => `\n${memberIndent}${field}`).join('') + (body.body.length > 0 ? '\n' : '') });
      }
    }
    if (plan.cleanup.length === 0) return;
    const statements = plan.cleanup.map((line) => `${line}${semi}`);
    if (plan.slot.kind === 'existing') {
      edits.push(appendToBlock(plan.slot.block, statements));
      return;
    }
    const last = body.body.at(-1);
    const position = last ? endOfLine(text, last.range[1]) : body.range[0] + 1;
    const inner = memberIndent + unit;
    const method = `${plan.slot.name}()${ts ? ': void' : ''} {\n${statements.map((line) => `${inner}${line}`).join('\n')}\n${memberIndent}}`;
    edits.push({ start: position, end: position, text: `\n${last ? '\n' : ''}${memberIndent}${method}${last ? '' : '\n'}` });
    if (plan.slot.needsCaller) {
      review.push({
        line: plan.reviewLine,
        column: plan.node.loc.start.column + 1,
        message: `Added dispose() to ${className(plan.node)}: it removes the listeners and timers the class starts, but only when called; make sure whoever owns a ${className(plan.node)} calls dispose() when done with it`,
      });
    }
  }

  function memberIndentOf(classNode: ClassNode): string {
    const first = classNode.body.body[0];
    if (first && text.lastIndexOf('\n', first.range[0]) > classNode.body.range[0]) return lineIndent(text, first.range[0]);
    return lineIndent(text, classNode.range[0]) + unit;
  }

  function className(classNode: ClassNode): string {
    if (classNode.id) return classNode.id.name;
    const parent = classNode.parent;
    return parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : 'this class';
  }

  // ------------------------------------------------------------- functions

  /** The effect callback or plain function that can return (or already returns) the cleanup. */
  function setupOf(fn: FunctionNode): Setup | null {
    if (fn.body.type !== 'BlockStatement' || fn.async || fn.generator) return null;
    const withBody = fn as FunctionNode & { body: TSESTree.BlockStatement };
    if (isEffectCallback(fn)) return { kind: 'effect', fn: withBody };
    return isSafePlainFunction(fn) ? { kind: 'plain', fn: withBody } : null;
  }

  function isEffectCallback(fn: FunctionNode): boolean {
    const parent = fn.parent;
    if (parent?.type !== 'CallExpression' || parent.arguments[0] !== fn) return false;
    const callee = unwrapExpression(parent.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
    return name !== null && (EFFECT_CALLEE.test(name) || name === 'onMount');
  }

  /**
   * A function may start returning a disposer only when nothing can notice:
   * it returns nothing now, declares no return type, does not use `this`, and
   * every call in this file throws the result away.
   */
  function isSafePlainFunction(fn: FunctionNode): boolean {
    if (fn.returnType) return false;
    let name: TSESTree.Identifier | null = null;
    if (fn.type === 'FunctionDeclaration') name = fn.id;
    else if (fn.parent?.type === 'VariableDeclarator' && fn.parent.init === fn && fn.parent.id.type === 'Identifier' && fn.parent.parent.kind === 'const') name = fn.parent.id;
    if (!name) return false;
    if (returnsOf(fn).length > 0 || usesThis(fn)) return false;
    const variable = resolveVariable(file.scopeManager, name);
    if (!variable) return false;
    return variable.references.every((reference) => {
      const identifier = reference.identifier;
      if (identifier === name) return true;
      const parent = identifier.parent;
      if (parent?.type === 'ExportSpecifier') return true;
      if (parent?.type !== 'CallExpression' || parent.callee !== identifier) return false;
      const use = parent.parent;
      return use?.type === 'ExpressionStatement' || (use?.type === 'UnaryExpression' && use.operator === 'void');
    });
  }

  function functionPlan(setup: Setup): FunctionPlan | null {
    const existing = functionPlans.get(setup.fn);
    if (existing) return existing;
    const returns = returnsOf(setup.fn);
    if (setup.kind === 'plain' ? returns.length > 0 : returns.length > 1 || (returns.length === 1 && !isExtendableReturn(returns[0]!, setup.fn))) return null;
    const plan = { fn: setup.fn, cleanup: [] };
    functionPlans.set(setup.fn, plan);
    return plan;
  }

  function isExtendableReturn(statement: TSESTree.ReturnStatement, fn: FunctionNode & { body: TSESTree.BlockStatement }): boolean {
    if (fn.body.body.at(-1) !== statement || !statement.argument) return false;
    const argument = statement.argument;
    return isFunctionNode(argument) ? argument.type === 'ArrowFunctionExpression' || argument.body.type === 'BlockStatement' : argument.type === 'Identifier';
  }

  function finishFunction(plan: FunctionPlan): void {
    if (plan.cleanup.length === 0) return;
    const body = plan.fn.body;
    const statements = plan.cleanup.map((line) => `${line}${semi}`);
    const last = body.body.at(-1);
    if (last?.type === 'ReturnStatement' && last.argument) {
      const argument = last.argument;
      const indent = lineIndent(text, last.range[0]);
      if ((argument.type === 'ArrowFunctionExpression' || argument.type === 'FunctionExpression') && argument.body.type === 'BlockStatement') {
        edits.push(appendToBlock(argument.body, statements));
        return;
      }
      const first = argument.type === 'ArrowFunctionExpression' ? `${textOf(file, argument.body)}${semi}` : `${textOf(file, argument)}()${semi}`;
      const range = argument.type === 'ArrowFunctionExpression' ? argument.body.range : argument.range;
      const prefix = argument.type === 'ArrowFunctionExpression' ? '' : '() => ';
      edits.push({ start: range[0], end: range[1], text: `${prefix}{\n${[first, ...statements].map((line) => `${indent}${unit}${line}`).join('\n')}\n${indent}}` });
      return;
    }
    const indent = last ? lineIndent(text, last.range[0]) : lineIndent(text, body.range[0]) + unit;
    const cleanup = `return () => {\n${statements.map((line) => `${indent}${unit}${line}`).join('\n')}\n${indent}}${semi}`;
    if (last) {
      const position = endOfLine(text, last.range[1]);
      edits.push({ start: position, end: position, text: `\n${indent}${cleanup}` });
    } else {
      edits.push({ start: body.range[0] + 1, end: body.range[0] + 1, text: `\n${indent}${cleanup}\n${lineIndent(text, body.range[0])}` });
    }
  }

  // ---------------------------------------------------------------- pieces

  /** `const onMessage = <handler>;` before the registration's statement; the handler becomes the name. */
  function hoist(finding: ListenerRegistrationFinding, statement: TSESTree.Node): { name: string; edits: TextEdit[] } {
    const handler = finding.handler!;
    const name = freeName(`on${finding.event !== null ? eventWords(finding.event) : 'Event'}`, bindingNames);
    const indent = lineIndent(text, statement.range[0]);
    const value = reindent(textWithTypedParameters(unwrapExpression(handler)), lineIndent(text, handler.range[0]), indent);
    return {
      name,
      edits: [
        { start: statement.range[0], end: statement.range[0], text: `const ${name} = ${value}${semi}\n${indent}` },
        { start: handler.range[0], end: handler.range[1], text: name },
      ],
    };
  }

  /** The per-event object whose end also ends a listener added in its callback: the connection socket, the response. */
  function perEventEnd(callback: TSESTree.Node, event: string | null, kind: string): { object: string; event: string } | null {
    if (!isFunctionNode(callback)) return null;
    let parameter: TSESTree.Parameter | undefined;
    if (kind === 'eventCallback' && event !== null && CONNECTION_EVENTS.has(event)) parameter = callback.params[0];
    else if ((kind === 'eventCallback' && event === 'request') || kind === 'requestHandler') {
      parameter = callback.params[1];
      if (parameter?.type !== 'Identifier' || !RESPONSE_NAMES.has(parameter.name)) return null;
    }
    if (parameter?.type !== 'Identifier') return null;
    const variable = resolveVariable(file.scopeManager, parameter);
    if (!variable || variable.references.some((reference) => reference.isWrite())) return null;
    return { object: parameter.name, event: importsFrom('socket.io') ? 'disconnect' : 'close' };
  }

  function isNextEventIntent(finding: ListenerRegistrationFinding): boolean {
    if (finding.event !== null && NEXT_EVENT_NAMES.has(finding.event)) return true;
    const handler = finding.handler ? unwrapExpression(finding.handler) : null;
    return handler?.type === 'Identifier' && SETTLER_NAMES.has(handler.name);
  }

  function toOnce(finding: ListenerRegistrationFinding): boolean {
    // Already `once`, for an event that comes only at the end: `once` is not the fix.
    if (finding.onceUntilTheEnd) return false;
    const callee = unwrapExpression(finding.node.callee);
    if (callee.type !== 'MemberExpression' || callee.computed) return false;
    const once = ONCE_METHODS[finding.method];
    if (once) return commit(finding.node, [{ start: callee.property.range[0], end: callee.property.range[1], text: once }], 'overlapping fixes');
    if (finding.method !== 'addEventListener' || !finding.handler) return false;
    const options = finding.node.arguments[2];
    if (!options) return commit(finding.node, [{ start: finding.handler.range[1], end: finding.handler.range[1], text: ', { once: true }' }], 'overlapping fixes');
    const value = unwrapExpression(options);
    if (value.type === 'Literal' && typeof value.value === 'boolean') {
      return commit(finding.node, [{ start: options.range[0], end: options.range[1], text: value.value ? '{ capture: true, once: true }' : '{ once: true }' }], 'overlapping fixes');
    }
    if (value.type === 'ObjectExpression' && !value.properties.some((property) => property.type === 'SpreadElement')) {
      const first = value.properties[0];
      return commit(finding.node, [first ? { start: first.range[0], end: first.range[0], text: 'once: true, ' } : { start: value.range[0], end: value.range[1], text: '{ once: true }' }], 'overlapping fixes');
    }
    return false;
  }

  function eventText(finding: ListenerRegistrationFinding, usable: (node: TSESTree.Node) => boolean): string | null {
    const node = finding.eventNode;
    if (!node) return '';
    if (getStaticString(node) !== null) return textOf(file, node);
    return usable(node) ? textOf(file, node) : null;
  }

  function captureText(finding: ListenerRegistrationFinding, usable: (node: TSESTree.Node) => boolean): string | null {
    if (finding.method !== 'addEventListener') return '';
    if (finding.capture === true) return 'true';
    if (finding.capture === false) return '';
    const options = finding.node.arguments[2];
    return options && usable(options) && unwrapExpression(options).type === 'Identifier' ? textOf(file, options) : null;
  }

  function subscriptionKind(finding: ListenerRegistrationFinding): 'method' | 'function' | null {
    const handle = finding.subscriptionHandle ?? '';
    if (/(^|\.)(unsubscribe|unsub|off|stop|dispose|remove|cancel)\w*$/iu.test(handle)) return 'function';
    const target = textOf(file, finding.node.callee);
    if (importsFrom('rxjs') || importsFrom('@angular/') || importsFrom('@nestjs/') || /\$\s*(\.|$)|\.pipe\(|valueChanges|Subject\b/u.test(target)) return 'method';
    if (/(^|\.)(store|\$store)\.subscribe$/iu.test(target.replace(/\s/gu, ''))) return 'function';
    return null;
  }

  function unsubscribeText(handle: string, finding: ListenerRegistrationFinding): string {
    return subscriptionKind(finding) === 'function' ? `${handle}?.()` : `${handle}?.unsubscribe()`;
  }

  function importsFrom(prefix: string): boolean {
    return file.ast.body.some((statement) => statement.type === 'ImportDeclaration' && String(statement.source.value).startsWith(prefix))
      || (file.moduleKind === 'cjs' && new RegExp(`require\\(\\s*['"]${prefix.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&')}`, 'u').test(text));
  }

  function appendToBlock(block: TSESTree.BlockStatement, statements: string[]): TextEdit {
    const last = block.body.at(-1);
    if (last?.type === 'ReturnStatement') {
      const indent = lineIndent(text, last.range[0]);
      return { start: last.range[0], end: last.range[0], text: statements.map((line) => `${line}\n${indent}`).join('') };
    }
    if (last) {
      const indent = lineIndent(text, last.range[0]);
      const position = endOfLine(text, last.range[1]);
      return { start: position, end: position, text: statements.map((line) => `\n${indent}${line}`).join('') };
    }
    const outer = lineIndent(text, block.range[0]);
    const contentEnd = block.range[0] + 1 + text.slice(block.range[0] + 1, block.range[1] - 1).trimEnd().length;
    return { start: contentEnd, end: block.range[1] - 1, text: `${statements.map((line) => `\n${outer}${unit}${line}`).join('')}\n${outer}` };
  }

  function describeFunction(fn: FunctionNode): string {
    const name = fn.type !== 'ArrowFunctionExpression' && fn.id ? fn.id.name : fn.parent?.type === 'VariableDeclarator' && fn.parent.id.type === 'Identifier' ? fn.parent.id.name : null;
    return name ? `${name}()` : 'a callback';
  }

  function sortReview(items: ManualReviewItem[]): ManualReviewItem[] {
    return items.sort((a, b) => a.line - b.line || a.column - b.column);
  }

  // ----------------------------------------------------------- AST checks

  /** `this` at `node` is an instance of `classNode`: only arrows between it and a non-static method, constructor or field. */
  function thisIsInstance(node: TSESTree.Node, classNode: ClassNode): boolean {
    let current = node.parent;
    while (current && current !== classNode) {
      if (current.type === 'FunctionExpression' || current.type === 'FunctionDeclaration') {
        const holder = current.parent;
        return (holder?.type === 'MethodDefinition' || holder?.type === 'PropertyDefinition') && holder.value === current && !holder.static && holder.parent.parent === classNode;
      }
      if (current.type === 'PropertyDefinition') return !current.static && current.parent.parent === classNode;
      if (current.type === 'StaticBlock' || isClassNode(current)) return false;
      current = current.parent;
    }
    return false;
  }

  /** A handler moved to a field must not read locals or parameters of the method it was written in. */
  function capturesLocals(handler: TSESTree.Node, classNode: ClassNode): boolean {
    for (const identifier of identifiersOf(handler)) {
      if (identifier.name === 'arguments' && !isInsideOwnFunction(identifier, handler)) return true;
      const declaration = resolveVariable(file.scopeManager, identifier)?.defs[0]?.name;
      if (!declaration) continue;
      const insideClass = classNode.range[0] <= declaration.range[0] && declaration.range[1] <= classNode.range[1];
      const insideHandler = handler.range[0] <= declaration.range[0] && declaration.range[1] <= handler.range[1];
      if (insideClass && !insideHandler) return true;
    }
    return false;
  }

  function isInsideOwnFunction(identifier: TSESTree.Node, handler: TSESTree.Node): boolean {
    for (let current = identifier.parent; current && current !== handler.parent; current = current.parent) {
      if (current.type === 'FunctionExpression' || current.type === 'FunctionDeclaration') return true;
    }
    return false;
  }

  /** In a `.bind()`/call handler evaluated by a field initializer, `this.x` must be a method (fields may be set later, in the constructor). */
  function thisReadsAreMethods(handler: TSESTree.Node, classNode: ClassNode): boolean {
    const methods = new Set(classNode.body.body.filter((member): member is TSESTree.MethodDefinition => member.type === 'MethodDefinition' && member.kind === 'method' && !member.static).map((member) => getPropertyName(member)));
    const stack: TSESTree.Node[] = [handler];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (isFunctionNode(node) && node !== handler) continue;
      if (node.type === 'MemberExpression' && unwrapExpression(node.object).type === 'ThisExpression' && !methods.has(getPropertyName(node))) return false;
      stack.push(...children(node));
    }
    return true;
  }

  function identifiersOf(node: TSESTree.Node): TSESTree.Identifier[] {
    const result: TSESTree.Identifier[] = [];
    const stack: TSESTree.Node[] = [node];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (current.type === 'Identifier') {
        const parent = current.parent;
        if (!isPropertyNameIdentifier(current) && !(parent && parent.type.startsWith('TS'))) result.push(current);
        continue;
      }
      stack.push(...children(current));
    }
    return result;
  }

  /** Module-level bindings, imports and globals: nameable from any method. */
  function isModuleLevelExpression(node: TSESTree.Node): boolean {
    return identifiersOf(node).every((identifier) => {
      const variable = resolveVariable(file.scopeManager, identifier);
      return !variable || variable.defs.length === 0 || isModuleScopeVariable(variable);
    });
  }

  function isUsableFromClass(path: string, lifetime: ListenerRegistrationFinding['targetLifetime']): boolean {
    if (!isPathText(path)) return false;
    return path === 'this' || path.startsWith('this.') || lifetime === 'global' || lifetime === 'module' || lifetime === 'imported';
  }

  /** Whether `name` (a variable, or the root of a path) can be read at the end of `fn`'s body: declared outside it, as a parameter, or by a top-level statement. */
  function visibleAtEnd(name: string, fn: FunctionNode & { body: TSESTree.BlockStatement }, identifier?: TSESTree.Identifier): boolean {
    const root = name.split('.')[0]!;
    if (root === 'this') return fn.type === 'ArrowFunctionExpression';
    let declaration: TSESTree.Node | null | undefined;
    if (identifier) declaration = resolveVariable(file.scopeManager, identifier)?.defs[0]?.name;
    else {
      const statement = fn.body.body.find((candidate) => candidate.type === 'VariableDeclaration' && candidate.declarations.some((declarator) => declarator.id.type === 'Identifier' && declarator.id.name === root));
      if (statement) return true;
      return fn.params.some((parameter) => parameter.type === 'Identifier' && parameter.name === root) || !text.slice(fn.body.range[0], fn.body.range[1]).includes(root);
    }
    if (!declaration) return true;
    if (!(fn.range[0] <= declaration.range[0] && declaration.range[1] <= fn.range[1])) return true;
    if (fn.params.some((parameter) => parameter.range[0] <= declaration.range[0] && declaration.range[1] <= parameter.range[1])) return true;
    return fn.body.body.some((statement) => statement.type !== 'BlockStatement' && statement.range[0] <= declaration.range[0] && declaration.range[1] <= statement.range[1] && !isNestedDeclaration(declaration, statement));
  }

  function isNestedDeclaration(declaration: TSESTree.Node, statement: TSESTree.Node): boolean {
    for (let current = declaration.parent; current && current !== statement; current = current.parent) {
      if (isFunctionNode(current) || current.type === 'BlockStatement' || current.type === 'ForStatement' || current.type === 'ForOfStatement' || current.type === 'ForInStatement' || current.type === 'CatchClause') return true;
    }
    return false;
  }

  /** The statement of `fn`'s body that holds `node`, when `node` is in a direct child statement (not a nested block). */
  function topStatement(node: TSESTree.Node, fn: FunctionNode & { body: TSESTree.BlockStatement }): TSESTree.Statement | null {
    let current: TSESTree.Node | undefined = node;
    while (current && current.parent !== fn.body) {
      if (isFunctionNode(current) || current.type === 'BlockStatement') return null;
      current = current.parent;
    }
    return (current as TSESTree.Statement | undefined) ?? null;
  }

  /** The statement around `node` that sits in a block (inside `within` when given), without crossing a function. */
  function blockStatementOf(node: TSESTree.Node, within: TSESTree.Node | null): TSESTree.Statement | null {
    let current: TSESTree.Node = node;
    while (current.parent) {
      const parent: TSESTree.Node = current.parent;
      if (parent.type === 'BlockStatement' || parent.type === 'StaticBlock') {
        if (within && !(within.range[0] <= parent.range[0] && parent.range[1] <= within.range[1])) return null;
        return current as TSESTree.Statement;
      }
      if (parent.type === 'Program' || isFunctionNode(current)) return null;
      current = parent;
    }
    return null;
  }

  /** The expression statement's value when a timer handle is thrown away: the call or its `.unref()`. */
  function discardedHandle(call: TSESTree.CallExpression): TSESTree.Node | null {
    let current: TSESTree.Node = call;
    while (current.parent?.type === 'MemberExpression' && current.parent.object === current && current.parent.parent?.type === 'CallExpression' && current.parent.parent.callee === current.parent) {
      current = current.parent.parent;
    }
    return current.parent?.type === 'ExpressionStatement' ? current : null;
  }

  function arrowBodyHandle(call: TSESTree.CallExpression): TSESTree.Node | null {
    return call.parent?.type === 'ArrowFunctionExpression' && call.parent.body === call ? call : null;
  }

  function referenceText(handler: TSESTree.Node): string | null {
    const value = unwrapExpression(handler);
    if (value.type === 'FunctionExpression') return null;
    const source = textOf(file, value);
    if (source.startsWith('this.') || source === 'this') return isPathText(source) ? source : null;
    return isModuleLevelExpression(value) ? source : null;
  }

  function boundCalleeText(handler: TSESTree.Node): string | null {
    const value = unwrapExpression(handler);
    if (value.type !== 'CallExpression') return null;
    const callee = unwrapExpression(value.callee);
    return callee.type === 'MemberExpression' ? textOf(file, callee.object) : null;
  }

  function timerBaseName(call: TSESTree.CallExpression): string {
    const callback = call.arguments[0] ? unwrapExpression(call.arguments[0]) : null;
    let target: TSESTree.Node | null = callback;
    if (callback && isFunctionNode(callback)) {
      const body = callback.body.type === 'BlockStatement' && callback.body.body.length === 1 && callback.body.body[0]!.type === 'ExpressionStatement' ? callback.body.body[0]!.expression : callback.body;
      target = body.type === 'CallExpression' ? unwrapExpression(body.callee) : null;
      if (body.type === 'AwaitExpression' && body.argument.type === 'CallExpression') target = unwrapExpression(body.argument.callee);
    }
    const name = target?.type === 'MemberExpression' ? getPropertyName(target) : target?.type === 'Identifier' ? target.name : null;
    return name !== null && IDENTIFIER.test(name) && !GENERIC_CALLEES.has(name) ? camel(name) : 'tick';
  }
}

/** Handler words for an event: `'+peer'` → `PeerJoin`, `'-peer'` → `PeerLeave`, `'message'` → `Message`. */
function eventWords(event: string): string {
  if (/^\+[A-Za-z]/u.test(event)) return `${pascal(event.slice(1))}Join`;
  if (/^-[A-Za-z]/u.test(event)) return `${pascal(event.slice(1))}Leave`;
  return pascal(event);
}

/** Events a target emits when it is closed, after the closing call returns. */
const CLOSING_EVENTS = new Set(['close', 'end', 'finish', 'exit', 'disconnect']);
const CLOSING_METHODS = new Set(['close', 'end', 'destroy', 'terminate', 'disconnect', 'kill']);

/** Callees that say nothing about what a timer is for. */
const GENERIC_CALLEES = new Set(['forEach', 'map', 'setState', 'emit', 'send', 'write', 'log', 'dispatch', 'call', 'apply']);

const CLEANUP_NAMES = new Set([
  'dispose', 'destroy', 'close', 'stop', 'shutdown', 'teardown', 'cleanup', 'disconnect', 'detach', 'unmount', 'release',
  'disconnectedCallback', 'componentWillUnmount', 'ngOnDestroy', 'onModuleDestroy', 'beforeApplicationShutdown',
  'onApplicationShutdown', 'beforeUnmount', 'beforeDestroy', 'unmounted', 'destroyed', 'willDestroy', 'onDestroy',
]);

function addOnce(list: string[], line: string): void {
  if (!list.includes(line)) list.push(line);
}

function isPathText(path: string): boolean {
  return path.split('.').every((part, index) => (index === 0 && part === 'this') || IDENTIFIER.test(part) || /^#[A-Za-z_$][\w$]*$/u.test(part));
}

function returnsOf(fn: FunctionNode): TSESTree.ReturnStatement[] {
  const result: TSESTree.ReturnStatement[] = [];
  const stack: TSESTree.Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'ReturnStatement') result.push(node);
    if (isFunctionNode(node) || isClassNode(node)) continue;
    stack.push(...children(node));
  }
  return result;
}

function usesThis(fn: FunctionNode): boolean {
  const stack: TSESTree.Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'ThisExpression') return true;
    if (node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration' || isClassNode(node)) continue;
    stack.push(...children(node));
  }
  return false;
}

function hasRequestParameters(fn: FunctionNode): boolean {
  const [first, second] = fn.params;
  return first?.type === 'Identifier' && /^req(uest)?$/u.test(first.name) && second?.type === 'Identifier' && RESPONSE_NAMES.has(second.name);
}

function children(node: TSESTree.Node): TSESTree.Node[] {
  const result: TSESTree.Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item === 'object' && typeof (item as { type?: unknown }).type === 'string') result.push(item as TSESTree.Node);
    } else if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') {
      result.push(value as TSESTree.Node);
    }
  }
  return result;
}
