import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { getFunctionName, isFunctionNode, unwrapExpression } from '../../src/ast/nodes.js';
import { mergeVisitors, walk } from '../../src/ast/traverse.js';
import { applyEdits } from '../../src/codemod/edits.js';
import type { ManualReviewItem, ParsedFile, TextEdit, TransformContext, TransformResult } from '../../src/codemod/types.js';
import { createStartupAwaitsDetector, type UnboundedStartupStep } from '../../src/detectors/startup-awaits.js';
import { RUNTIME_MODULES, createTimeoutHelperMatcher, isUsableBudget } from '../../src/detectors/timeout-helpers.js';
import { createWaitLoopDetector, type UnboundedWaitLoop } from '../../src/detectors/wait-loops.js';
import type { StagedTimeoutOptions } from './options.js';
import { forEachNode } from '../../src/ast/walk.js';
import { startupDetectorOptions, waitLoopDetectorOptions } from '../../src/util/rule-options.js';

type RuntimeName = 'deadline' | 'stage' | 'withTimeout';

/** One planned rewrite: splices that use `{{name}}` placeholders for the runtime helpers, resolved once the import is known. */
interface Plan {
  names: RuntimeName[];
  edits: TextEdit[];
}

/**
 * `staged-timeout` over one file. Targets come only from the detectors of
 * `require-startup-timeout` and `no-unbounded-wait-loop` (with the options
 * the project's ESLint config gives them, `context.rules`); every fix is a pair of insertions around the finding's
 * range (or a statement before a loop), so the code in between, its
 * comments and its formatting stay byte-identical and nested fixes never collide.
 */
export function transformStagedTimeout(file: ParsedFile, context: TransformContext<StagedTimeoutOptions>): TransformResult {
  const { budgets } = context.options;
  // The paired rules with the options the project's ESLint config gives them here; a rule turned off fixes nothing.
  const rules = context.rules ?? {};
  const startupRule = rules['require-startup-timeout'];
  const loopRule = rules['no-unbounded-wait-loop'];
  const startupDetector = startupRule === null ? null : createStartupAwaitsDetector(file, startupDetectorOptions(startupRule ?? {}, file.path));
  const loopDetector = loopRule === null ? null : createWaitLoopDetector(file, waitLoopDetectorOptions(loopRule ?? {}));
  // One traversal for both detectors.
  walk(file.ast, mergeVisitors(startupDetector?.visitors ?? {}, loopDetector?.visitors ?? {}));
  const steps = startupDetector?.finish() ?? [];
  const loops = loopDetector?.finish() ?? [];

  const manualReview: ManualReviewItem[] = [];
  const review = (node: TSESTree.Node, message: string): void => {
    manualReview.push({ line: node.loc.start.line, column: node.loc.start.column + 1, message });
  };
  const plans: { node: TSESTree.Node; plan: Plan }[] = [];
  const quote = file.style.quote;
  const literal = (text: string): string => `${quote}${escapeString(text, quote)}${quote}`;
  const matchHelper = createTimeoutHelperMatcher(file.scopeManager);

  /** The budget of a timeout helper whose work lexically contains `node` (the nesting `consistent-timeout-stages` checks). */
  function enclosingBudget(node: TSESTree.Node): number | null {
    let child: TSESTree.Node = node;
    for (let current = node.parent; current; child = current, current = current.parent) {
      if (current.type === 'CallExpression') {
        const helper = matchHelper(current);
        if (helper?.work && unwrapExpression(helper.work) === unwrapExpression(child)) {
          if (helper.budgetMs !== null && isUsableBudget(helper.budgetMs)) return helper.budgetMs;
        }
      }
      if (isFunctionNode(current)) {
        const parent = current.parent;
        const isIife = parent?.type === 'CallExpression' && parent.callee === current;
        const isWork = parent?.type === 'CallExpression' && matchHelper(parent)?.work === current;
        if (!isIife && !isWork) return null;
      }
    }
    return null;
  }

  function fitsEnclosing(node: TSESTree.Node, budget: number): boolean {
    const outer = enclosingBudget(node);
    if (outer === null || budget < outer) return true;
    review(node, `runs inside a timeout of ${outer} ms, not more than the ${budget} ms it would get: cannot infer a smaller budget; bound it by hand`);
    return false;
  }

  const library = libraryReason(file.path);
  for (const step of steps) {
    const expression = step.expression;
    if (step.isEntry) {
      const plan = isFunctionNode(unwrapExpression((expression as TSESTree.CallExpression).callee ?? expression))
        ? planIifeStage(file, expression as TSESTree.CallExpression, literal('startup'), budgets.startup)
        : planArrowStage(expression, literal('startup'), budgets.startup);
      if (typeof plan === 'string') review(expression, plan);
      else if (fitsEnclosing(expression, budgets.startup)) plans.push({ node: expression, plan });
      continue;
    }
    const blocker = unsafeReason(step) ?? callerSuppliedReason(step, file) ?? (library !== null ? library : null);
    if (blocker) {
      review(expression, blocker);
      continue;
    }
    if (step.isPhase) {
      const name = (step.phaseFunction && getFunctionName(step.phaseFunction)) ?? step.step;
      const plan = planArrowStage(expression, literal(name), budgets.phase);
      if (typeof plan === 'string') review(expression, plan);
      else if (fitsEnclosing(expression, budgets.phase)) plans.push({ node: expression, plan });
      continue;
    }
    const budget = step.isProbe ? budgets.probe : budgets.step;
    if (!fitsEnclosing(expression, budget)) continue;
    const needsParens = expression.type === 'SequenceExpression';
    plans.push({
      node: expression,
      plan: {
        names: ['withTimeout'],
        edits: [
          { start: expression.range[0], end: expression.range[0], text: `{{withTimeout}}(${needsParens ? '(' : ''}` },
          { start: expression.range[1], end: expression.range[1], text: `${needsParens ? ')' : ''}, ${budget}, ${literal(step.step)})` },
        ],
      },
    });
  }

  const takenNames = identifierNames(file);
  for (const loop of loops) {
    const plan = planDeadline(file, loop, budgets.step, literal(loop.enclosingFunctionName ?? 'wait loop'), takenNames);
    if (typeof plan === 'string') review(loop.node, plan);
    else if (fitsEnclosing(loop.node, budgets.step)) plans.push({ node: loop.node, plan });
  }

  if (plans.length === 0) return { manualReview };

  // A helper name the file already uses for something else would be shadowed or redeclared: leave those fixes for review.
  const clashes = new Set<RuntimeName>();
  for (const name of ['deadline', 'stage', 'withTimeout'] as const) {
    if (plans.some(({ plan }) => plan.names.includes(name)) && declaresOtherBinding(file, name, context.runtimeSpecifier)) clashes.add(name);
  }
  const accepted = plans.filter(({ node, plan }) => {
    const clash = plan.names.find((name) => clashes.has(name));
    if (clash) review(node, `this file already has its own \`${clash}\`: importing the runtime's would clash; bound it by hand`);
    return clash === undefined;
  });
  if (accepted.length === 0) return { manualReview };

  const needed = [...new Set(accepted.flatMap(({ plan }) => plan.names))].sort();
  const { edit: importEdit, locals } = context.runtimeImport(needed);
  const edits = accepted.flatMap(({ plan }) =>
    plan.edits.map((edit) => ({ ...edit, text: edit.text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => locals[name] ?? name) })),
  );
  return { output: applyEdits(file.text, [importEdit, ...edits]), manualReview };
}

/** Why a step cannot be wrapped without risk, or null. */
/**
 * Library code is not the application's startup: the package it lives in
 * publishes an entry point (`main`, `module` or `exports` in the nearest
 * package.json) and has no way to be run itself (no `bin`, no `start` script).
 * Its steps are the caller's to bound, so they are listed for review.
 */
function libraryReason(path: string): string | null {
  for (let directory = dirname(path); ; directory = dirname(directory)) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
      } catch {
        return null;
      }
      const scripts = (json['scripts'] ?? {}) as Record<string, unknown>;
      const publishes = json['main'] !== undefined || json['module'] !== undefined || json['exports'] !== undefined;
      const runnable = json['bin'] !== undefined || scripts['start'] !== undefined;
      return publishes && !runnable
        ? `library code (${relative(process.cwd(), manifest) || 'package.json'} publishes an entry point and has no bin or start script): its callers decide how long their startup may take; bound it in the application, or by hand`
        : null;
    }
    if (dirname(directory) === directory) return null;
  }
}

const OPTIONS_BAG = /^(options|opts|config|settings|hooks|callbacks|handlers|params|props)$/iu;

/** A step that calls what the caller passed in (`options.prepareWorker?.(i)`, `hook()`): its duration is the caller's business. */
function callerSuppliedReason(step: UnboundedStartupStep, file: ParsedFile): string | null {
  let expression = unwrapExpression(step.expression);
  if (expression.type === 'AwaitExpression') expression = unwrapExpression(expression.argument);
  if (expression.type === 'ChainExpression') expression = expression.expression;
  if (expression.type !== 'CallExpression') return null;
  const call = expression;
  let callee = unwrapExpression(call.callee);
  const calleeText = file.text.slice(callee.range[0], callee.range[1]);
  if (callee.type === 'MemberExpression') {
    // A parameter's method is a dependency's (`client.connect()`), unless it is an optional hook
    // (`options.prepareWorker?.(i)`) or a member of an options bag.
    const object = unwrapExpression(callee.object);
    if (!call.optional && !(object.type === 'Identifier' && OPTIONS_BAG.test(object.name))) return null;
    callee = object;
  }
  if (callee.type !== 'Identifier') return null;
  const name = callee.name;
  let scope = file.scopeManager.acquire(file.ast, true);
  for (let node: TSESTree.Node | undefined = callee; node; node = node.parent) {
    const acquired = file.scopeManager.acquire(node, true);
    if (acquired) {
      scope = acquired;
      break;
    }
  }
  for (let current = scope; current; current = current.upper) {
    const variable = current.set.get(name);
    if (variable) {
      return variable.defs.some((def) => def.type === 'Parameter')
        ? `calls '${calleeText}', which the caller supplies: how long it may take is the caller's decision; never bound it here (bound it where it is passed in, by hand)`
        : null;
    }
  }
  return null;
}

function unsafeReason(step: UnboundedStartupStep): string | null {
  if (step.calleePath === null) {
    return 'dynamic callee: the step has no readable name and may not return a promise; wrap it with withTimeout(…, ms, \'<step>\') by hand';
  }
  for (let node: TSESTree.Node | undefined = step.expression; node && !isFunctionNode(node); node = node.parent) {
    const parent: TSESTree.Node | undefined = node.parent;
    if (parent?.type === 'TryStatement' && parent.finalizer === node) {
      return 'awaited in a finally block: a timeout error there would replace the outcome of the try block (and skip the rest of the cleanup); bound it by hand';
    }
  }
  return null;
}

/** `expr` → `stage('name', ms, () => expr)`; refused when `expr` itself awaits (the arrow would need to be async and reorder evaluation). */
function planArrowStage(expression: TSESTree.Node, name: string, budget: number): Plan | string {
  let awaits = false;
  forEachNode(expression, (node) => {
    if (node.type === 'AwaitExpression' || node.type === 'YieldExpression') awaits = true;
    return awaits;
  });
  if (awaits) return 'the call awaits inside its own arguments: moving it into a stage would change the order of evaluation; stage it by hand';
  return {
    names: ['stage'],
    edits: [
      { start: expression.range[0], end: expression.range[0], text: `{{stage}}(${name}, ${budget}, () => ` },
      { start: expression.range[1], end: expression.range[1], text: ')' },
    ],
  };
}

/** `(async () => { … })()` → `stage('startup', ms, async () => { … })`. */
function planIifeStage(file: ParsedFile, call: TSESTree.CallExpression, name: string, budget: number): Plan | string {
  const fn = unwrapExpression(call.callee);
  if (!isFunctionNode(fn) || fn.params.length > 0 || call.arguments.length > 0 || fn.generator) {
    return 'the startup IIFE takes arguments: wrap it in stage(\'startup\', ms, …) by hand';
  }
  const before = file.text.slice(call.range[0], fn.range[0]);
  const after = file.text.slice(fn.range[1], call.range[1]);
  if (!/^\(\s*$/.test(before) || !/^\s*\)\s*\(\s*\)$/.test(after)) {
    return 'unusual startup IIFE: wrap it in stage(\'startup\', ms, …) by hand';
  }
  return {
    names: ['stage'],
    edits: [
      { start: call.range[0], end: fn.range[0], text: `{{stage}}(${name}, ${budget}, ` },
      { start: fn.range[1], end: call.range[1], text: ')' },
    ],
  };
}

const STATEMENT_LISTS = new Set(['Program', 'BlockStatement', 'StaticBlock', 'SwitchCase']);

/** `const waitDeadline = deadline(ms, 'fn')` before the loop and `waitDeadline.check()` first thing in each iteration. */
function planDeadline(file: ParsedFile, finding: UnboundedWaitLoop, budget: number, step: string, taken: Set<string>): Plan | string {
  const loop = finding.node;
  let statement: TSESTree.Node = loop;
  while (statement.parent?.type === 'LabeledStatement') statement = statement.parent;
  if (!statement.parent || !STATEMENT_LISTS.has(statement.parent.type)) {
    return 'the loop is the body of another statement without braces: add the deadline by hand';
  }
  const text = file.text;
  const semicolon = file.style.semicolons ? ';' : '';
  const indent = lineIndent(text, statement.range[0]);
  const unit = indent.includes('\t') ? '\t' : '  ';
  let name = 'waitDeadline';
  for (let index = 2; taken.has(name); index += 1) name = `waitDeadline${index}`;
  taken.add(name);
  const check = `${name}.check()${semicolon}`;
  const edits: TextEdit[] = [{ start: statement.range[0], end: statement.range[0], text: `const ${name} = {{deadline}}(${budget}, ${step})${semicolon}\n${indent}` }];
  const body = loop.body;
  if (body.type === 'BlockStatement') {
    const first = body.body[0];
    if (first) {
      const sameLine = first.loc.start.line === body.loc.start.line;
      edits.push({ start: first.range[0], end: first.range[0], text: sameLine ? `${check} ` : `${check}\n${lineIndent(text, first.range[0])}` });
    } else {
      const oneLine = body.loc.start.line === body.loc.end.line;
      edits.push({ start: body.range[0] + 1, end: body.range[0] + 1, text: oneLine ? ` ${check} ` : `\n${indent}${unit}${check}` });
    }
  } else {
    const inner = indent + unit;
    // A non-block body becomes a block: the check, then the original statement untouched.
    edits.push({ start: body.range[0], end: body.range[0], text: `{\n${inner}${check}\n${inner}` });
    edits.push({ start: body.range[1], end: body.range[1], text: `\n${indent}}` });
  }
  return { names: ['deadline'], edits };
}

/** The whitespace before the first token on the line of `offset`. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}

/** Every identifier the file mentions: a new local must not shadow or be shadowed by any of them. */
function identifierNames(file: ParsedFile): Set<string> {
  const names = new Set<string>();
  for (const token of file.ast.tokens ?? []) if (token.type === 'Identifier' || token.type === 'Keyword') names.add(token.value);
  return names;
}

/**
 * True when `name` is bound in the file by something other than an import
 * (or require) of the runtime: `const stage = process.env.STAGE`, a
 * parameter, the user's own `withTimeout` from another module.
 */
function declaresOtherBinding(file: ParsedFile, name: string, runtimeSpecifier: string): boolean {
  const runtimeSources = new Set([runtimeSpecifier, ...RUNTIME_MODULES]);
  for (const scope of file.scopeManager.scopes) {
    const variable = scope.set.get(name);
    if (!variable) continue;
    for (const definition of variable.defs) {
      if (definition.type === 'ImportBinding') {
        const declaration = definition.parent;
        if (declaration?.type === 'ImportDeclaration' && runtimeSources.has(String(declaration.source.value))) continue;
        return true;
      }
      if (definition.type === 'Variable' && definition.node.type === 'VariableDeclarator') {
        const init = definition.node.init;
        if (
          init?.type === 'CallExpression' &&
          init.callee.type === 'Identifier' &&
          init.callee.name === 'require' &&
          init.arguments[0]?.type === 'Literal' &&
          runtimeSources.has(String(init.arguments[0].value))
        ) {
          continue;
        }
      }
      return true;
    }
  }
  return false;
}

function escapeString(value: string, quote: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`).replaceAll('\n', '\\n');
}
