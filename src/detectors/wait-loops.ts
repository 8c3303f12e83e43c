import { lifetimeModelOf } from '../lifetime/index.js';
import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, getCalleeName, getFunctionName, getPropertyName, isFunctionNode, unwrapExpression, type FunctionNode } from '../ast/nodes.js';
import { resolveVariable } from '../ast/scope.js';
import type { Detector, DetectorSource } from '../ast/traverse.js';
import {
  DEFAULT_DELAY_FUNCTIONS,
  calleePath,
  createTimeoutHelperMatcher,
  isClockRead,
  isDelay,
  looksLikeProbe,
  stableInitOf,
} from './timeout-helpers.js';
import { forEachNode, someNode } from '../ast/walk.js';

export interface WaitLoopOptions {
  /** Delay function names, in addition to the built-in ones (`sleep`, `delay`, `wait`, …). */
  readonly delayFunctions: readonly string[];
  /** Timeout helper names, in addition to the built-in ones: a `deadline()` from one of these bounds a loop. */
  readonly timeoutHelpers: readonly string[];
}

export type WaitLoopNode = TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement;

export interface UnboundedWaitLoop {
  readonly node: WaitLoopNode;
  /** Why it is a wait loop: it sleeps between checks, or it re-runs a probe until it succeeds. */
  readonly kind: 'delay' | 'probe';
  /** The delay awaited in the body (`sleep(500)`, `new Promise(r => setTimeout(r, 500))`), when there is one. */
  readonly delayCall: TSESTree.CallExpression | TSESTree.NewExpression | null;
  /** The probe re-run (`db.ping()`, `isReady()`), when there is one. */
  readonly probeCall: TSESTree.CallExpression | null;
  /** Readable text of the wait: `sleep()`, `db.ping()`. */
  readonly waitText: string;
  readonly enclosingFunction: FunctionNode | null;
  readonly enclosingFunctionName: string | null;
}

/**
 * Flags of a service loop, not a condition it waits for: `while (this.running)`,
 * `while (!this.stopped)`. Negated the other way they are waits:
 * `while (!server.listening)` waits for the server to listen.
 */
const RUNNING_FLAG = /^(?:is|keep)?(?:running|active|alive|started|enabled|polling|going)$/i;
const STOP_FLAG = /stop|shut|clos|cancel|abort|dispos|terminat|exit|quit/i;
const TIMEOUT_FLAG = /timed_?out|expired|deadline|timeout/i;
const COMPARISON = new Set(['<', '<=', '>', '>=', '===', '!==', '==', '!=']);
/**
 * Calls that wait for a person: `askForInputDir()`, `inquirer.prompt()`, `rl.question()`,
 * `confirm()`, `dialog.showOpenDialog()`. (Not `select`/`pick`: `selectServer()` is a network wait.)
 */
const ASKS_THE_USER = /^(?:ask|prompt|confirm|question|inquire)(?:[A-Z_\d]|$)|^show\w*(?:Dialog|MessageBox)$/;

/**
 * Finds loops that wait for a condition — they sleep between checks or re-run
 * a probe until it succeeds — and have no bound: no clock comparison, no
 * attempt counter compared against a limit, no abort-signal check, no
 * `deadline()` check. Loops that run for the life of a service (no exit, or a
 * stop flag) and consumer loops that await work are not wait loops.
 */
export function createWaitLoopDetector(source: DetectorSource, options: WaitLoopOptions): Detector<UnboundedWaitLoop> {
  const { scopeManager } = source;
  const delayNames = new Set([...DEFAULT_DELAY_FUNCTIONS, ...options.delayFunctions]);
  const matchHelper = createTimeoutHelperMatcher(scopeManager, options.timeoutHelpers);
  const findings: UnboundedWaitLoop[] = [];

  function check(loop: WaitLoopNode): void {
    const wait = findWait(loop);
    if (!wait) return;
    if (!hasSuccessExit(loop) || isBounded(loop) || delayTakesSignal(wait.delayCall) || asksTheUser(loop)) return;
    const fn = enclosingFunction(loop);
    findings.push({
      node: loop,
      kind: wait.delayCall ? 'delay' : 'probe',
      delayCall: wait.delayCall,
      probeCall: wait.probeCall,
      waitText: waitTextOf(wait.delayCall ?? wait.probeCall!),
      enclosingFunction: fn,
      enclosingFunctionName: fn ? getFunctionName(fn) : null,
    });
  }

  /** The delay (or, failing that, the probe) the loop awaits on each turn; nested loops and functions are their own. */
  function findWait(loop: WaitLoopNode): { delayCall: TSESTree.CallExpression | TSESTree.NewExpression | null; probeCall: TSESTree.CallExpression | null } | null {
    let delayCall: TSESTree.CallExpression | TSESTree.NewExpression | null = null;
    let probeCall: TSESTree.CallExpression | null = null;
    const roots: TSESTree.Node[] = [loop.body];
    if (loop.test) roots.push(loop.test);
    for (const root of roots) {
      forEachNode(
        root,
        (node) => {
          if (node.type !== 'AwaitExpression') return false;
          const argument = unwrapExpression(node.argument);
          if ((argument.type === 'CallExpression' || argument.type === 'NewExpression') && isDelay(argument, scopeManager, delayNames)) {
            delayCall ??= argument;
          } else if (argument.type === 'CallExpression' && looksLikeProbe(calleePath(argument.callee))) {
            probeCall ??= argument;
          }
          return false;
        },
        { stopAt: isLoop },
      );
    }
    return delayCall || probeCall ? { delayCall, probeCall } : null;
  }

  /**
   * The loop can end once the awaited condition holds: a non-constant test, or a
   * `break`/`return` out of it. A `while (true)` with no exit (a worker that
   * sleeps between batches) or a stop-flag test (`while (this.running)`) runs
   * for the life of the service by design.
   */
  function hasSuccessExit(loop: WaitLoopNode): boolean {
    const test = loop.test ? unwrapExpression(loop.test) : null;
    if (test && !isConstantTrue(test)) return !isLifecycleFlag(test);
    return someNode(
      loop.body,
      (node) => {
        if (node.type === 'ReturnStatement') return true;
        if (node.type === 'BreakStatement') return node.label !== null || breakTargetsLoop(node, loop);
        return false;
      },
      {},
    );
  }

  function isBounded(loop: WaitLoopNode): boolean {
    const parts: TSESTree.Node[] = [loop.body];
    if (loop.test) parts.push(loop.test);
    if (loop.type === 'ForStatement' && loop.update) parts.push(loop.update);
    const counters = new Set<string>();
    for (const part of parts) {
      forEachNode(part, (node) => {
        if (node.type === 'UpdateExpression') {
          const path = calleePath(node.argument);
          if (path) counters.add(path);
        } else if (node.type === 'AssignmentExpression') {
          // `attempt += 1`, `attempt = attempt + 1`
          const path = calleePath(node.left);
          const counts = node.operator === '+=' || node.operator === '-=' || (node.operator === '=' && path !== null && node.right.type === 'BinaryExpression' && mentionsCounter(node.right, new Set([path])));
          if (path && counts) counters.add(path);
        }
      });
    }
    // `const idx = i++; if (idx >= tasks.length) return`: a copy of a counter's step counts too.
    for (const part of parts) {
      forEachNode(part, (node) => {
        if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init && unwrapExpression(node.init).type === 'UpdateExpression' && mentionsCounter(node.init, counters)) counters.add(node.id.name);
      });
    }
    if (conditionsOf(loop).some((condition) => someNode(condition, isTimeoutFlagRead))) return true;
    return parts.some((part) =>
      someNode(part, (node) => {
        if (isClockRead(node)) return true;
        if (node.type === 'MemberExpression') {
          const name = getPropertyName(node);
          if (name === 'aborted' || name === 'throwIfAborted') return true;
          if ((name === 'expired' || name === 'check' || name === 'remainingMs') && isDeadlineObject(node.object)) return true;
        }
        // An attempt counter compared against a limit: `attempt < maxAttempts`, `retries-- > 0`.
        if (node.type === 'BinaryExpression' && COMPARISON.has(node.operator)) {
          return mentionsCounter(node.left, counters) || mentionsCounter(node.right, counters);
        }
        return false;
      }),
    );
  }

  /**
   * A turn that waits for a person (`for (;;) { if (await hasAccess(dir)) break; if (!(await askForDir())) throw … }`):
   * the user ends the loop by answering or cancelling, so it cannot hang on its own like a poll.
   */
  function asksTheUser(loop: WaitLoopNode): boolean {
    return someNode(
      loop.body,
      (node) => {
        if (node.type !== 'AwaitExpression') return false;
        const argument = unwrapExpression(node.argument);
        if (argument.type !== 'CallExpression') return false;
        const name = getCalleeName(argument);
        return name !== null && ASKS_THE_USER.test(name);
      },
      { stopAt: isLoop },
    );
  }

  /** `const d = deadline(30_000, 'wait for db')` (or an inline `deadline(…)`). */
  function isDeadlineObject(node: TSESTree.Node): boolean {
    const current = unwrapExpression(node);
    // `deadline(ms, step)`, or a project's own helper whose result is checked the same way.
    if (current.type === 'CallExpression') return matchHelper(current) !== null;
    if (current.type === 'Identifier') {
      const init = stableInitOf(current, scopeManager) ?? parameterDefault(current);
      if (init) return isDeadlineObject(init);
      return /deadline/i.test(current.name);
    }
    if (current.type === 'MemberExpression') return /deadline/i.test(getPropertyName(current) ?? '');
    return false;
  }

  /** A timeout flag, or a const copy of one: `const isLastAttempt = hasTimedOut; … if (isLastAttempt)`. */
  function isTimeoutFlagRead(node: TSESTree.Node): boolean {
    if (isTimeoutFlag(node)) return true;
    if (node.type !== 'Identifier') return false;
    const init = stableInitOf(node, scopeManager);
    return init !== null && isTimeoutFlag(unwrapExpression(init));
  }

  /** `async function waitFor(ready, d = deadline(5000, 'ready'))`: the parameter's default. */
  function parameterDefault(identifier: TSESTree.Identifier): TSESTree.Node | null {
    const definition = resolveVariable(scopeManager, identifier)?.defs[0];
    if (definition?.type !== 'Parameter') return null;
    const pattern = definition.name.parent;
    return pattern?.type === 'AssignmentPattern' && pattern.left === definition.name ? pattern.right : null;
  }

  /** `await sleep(500, undefined, { signal })`: an abort ends the wait. */
  function delayTakesSignal(delay: TSESTree.CallExpression | TSESTree.NewExpression | null): boolean {
    if (!delay || delay.type !== 'CallExpression') return false;
    return delay.arguments.some((argument) => {
      const current = unwrapExpression(argument);
      return (
        current.type === 'ObjectExpression' &&
        current.properties.some((property) => property.type === 'Property' && getPropertyName(property) === 'signal')
      );
    });
  }

  return {
    visitors: {
      WhileStatement: check,
      DoWhileStatement: check,
      ForStatement: check,
    },
    finish() {
      // Test code, type tests and one-shot scripts end with their process.
      const model = lifetimeModelOf(source);
      return findings.filter((finding) => !model.isInertCode(finding.node)).sort((a, b) => a.node.range[0] - b.node.range[0]);
    },
  };
}

function waitTextOf(call: TSESTree.CallExpression | TSESTree.NewExpression): string {
  if (call.type === 'NewExpression') return 'new Promise(… setTimeout …)';
  return calleePath(call) ?? 'delay()';
}

/** The loop test and the tests of `if`s and `?:` in its body (not in nested functions). */
function conditionsOf(loop: WaitLoopNode): TSESTree.Node[] {
  const conditions: TSESTree.Node[] = loop.test ? [loop.test] : [];
  forEachNode(loop.body, (node) => {
    if (node.type === 'IfStatement' || node.type === 'ConditionalExpression') conditions.push(node.test);
  });
  return conditions;
}

/**
 * A flag a timer sets, tested in a condition: `if (hasTimedOut) throw …`,
 * `while (!expired)` (vitest's `expect.poll`). Only in conditions, so that
 * `await sleep(timeout)` does not count.
 */
function isTimeoutFlag(node: TSESTree.Node): boolean {
  const name = node.type === 'Identifier' ? node.name : node.type === 'MemberExpression' ? getPropertyName(node) : null;
  return name !== null && TIMEOUT_FLAG.test(name);
}

function isLoop(node: TSESTree.Node): boolean {
  return (
    node.type === 'WhileStatement' ||
    node.type === 'DoWhileStatement' ||
    node.type === 'ForStatement' ||
    node.type === 'ForInStatement' ||
    node.type === 'ForOfStatement'
  );
}

function isConstantTrue(test: TSESTree.Node): boolean {
  return (test.type === 'Literal' && Boolean(test.value)) || (test.type === 'UnaryExpression' && test.operator === '!' && test.argument.type === 'Literal' && !test.argument.value);
}

/**
 * The test keeps the loop going only while a service flag allows: `this.running`,
 * `!this.stopped`, or one conjunct of `!(this.closing || this.paused) && …` (bullmq's worker loop).
 */
function isLifecycleFlag(test: TSESTree.Node, negated = false, depth = 0): boolean {
  if (depth > 8) return false;
  const current = unwrapExpression(test);
  if (current.type === 'UnaryExpression' && current.operator === '!') return isLifecycleFlag(current.argument, !negated, depth + 1);
  if (current.type === 'LogicalExpression') {
    // `a && b` keeps going only while both hold; `!(a || b)` is `!a && !b`.
    const isConjunction = (current.operator === '&&' && !negated) || (current.operator === '||' && negated);
    return isConjunction && (isLifecycleFlag(current.left, negated, depth + 1) || isLifecycleFlag(current.right, negated, depth + 1));
  }
  const name = current.type === 'Identifier' ? current.name : current.type === 'MemberExpression' ? getPropertyName(current) : null;
  if (name === null) return false;
  return negated ? STOP_FLAG.test(name) : RUNNING_FLAG.test(name);
}

/** An unlabelled `break` that leaves this loop (not a nested loop or `switch`). */
function breakTargetsLoop(node: TSESTree.BreakStatement, loop: WaitLoopNode): boolean {
  let current: TSESTree.Node | undefined = node.parent;
  while (current && current !== loop) {
    if (isLoop(current) || current.type === 'SwitchStatement' || isFunctionNode(current)) return false;
    current = current.parent;
  }
  return current === loop;
}

function mentionsCounter(node: TSESTree.Node, counters: ReadonlySet<string>): boolean {
  if (counters.size === 0) return false;
  return someNode(node, (child) => {
    if (child.type === 'Identifier' || child.type === 'MemberExpression') {
      const path = calleePath(child);
      return path !== null && counters.has(path);
    }
    return false;
  });
}
