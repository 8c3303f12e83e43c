import type { TSESTree } from '@typescript-eslint/utils';
import { runDetector } from '../../src/ast/traverse.js';
import type { ManualReviewItem, ParsedFile, TextEdit } from '../../src/codemod/types.js';
import { createWorkerCleanupDetector, type WorkerCleanupFinding, type WorkerCleanupOptions } from '../../src/detectors/worker-cleanup.js';
import { indentUnit, lineIndent } from './text.js';


/**
 * What `require-worker-cleanup` reports with `options` (its configured ones), through its detector: a worker, child
 * process or port kept in a field gets ended at the top of the owner's terminal
 * teardown (`terminate()` awaited in an async teardown, `kill()`, `close()`);
 * a worker or forked child started per call whose one reply is heard by a
 * `once('message')` handler is ended first thing in that handler. Everything
 * else (other workers per call, a growing pool, `enterWith`) needs a decision
 * about when the work is done and is listed for review.
 */
export function workerCleanupEdits(file: ParsedFile, options: WorkerCleanupOptions): { edits: TextEdit[]; review: ManualReviewItem[] } {
  const findings = runDetector(file, (source) => createWorkerCleanupDetector(source, options));
  const edits: TextEdit[] = [];
  const review: ManualReviewItem[] = [];
  const semi = file.style.semicolons ? ';' : '';
  // One edit per teardown, with every statement it gains, in source order.
  const perTeardown = new Map<TSESTree.BlockStatement, { async: boolean; statements: string[] }>();
  for (const finding of findings) {
    const fn = finding.problem === 'unterminatedField' ? finding.teardown?.fn : null;
    if (fn && fn.body.type === 'BlockStatement' && finding.resource) {
      const plan = perTeardown.get(fn.body) ?? { async: fn.async, statements: [] };
      const call = endCall(finding);
      plan.statements.push(finding.resource.kind === 'worker' ? `${fn.async ? 'await' : 'void'} ${call}${semi}` : `${call}${semi}`);
      perTeardown.set(fn.body, plan);
    } else if (finding.problem === 'unterminatedLocal' && finding.doneIn && finding.resource && finding.resource.kind !== 'channel') {
      edits.push(endInReply(file, finding.doneIn, `${finding.resource.kind === 'worker' ? 'void ' : ''}${finding.handle}.${finding.resource.end}()${semi}`, semi));
    } else if (finding.problem === 'unterminatedStream' && finding.pipedInto && finding.resource) {
      const edit = endWithDestination(file, finding.pipedInto, `${finding.pipedInto.name}.once('close', () => ${finding.handle}.${finding.resource.end}())${semi}`);
      if (edit) edits.push(edit);
      else review.push({ line: finding.node.loc.start.line, column: finding.node.loc.start.column + 1, message: reviewMessage(finding) });
    } else {
      review.push({ line: finding.node.loc.start.line, column: finding.node.loc.start.column + 1, message: reviewMessage(finding) });
    }
  }
  for (const [body, plan] of perTeardown) edits.push(prependToBlock(file.text, body, plan.statements));
  return { edits, review };
}

/**
 * Ends a worker started per call first thing in the handler of its one reply:
 * `(result) => use(result)` becomes `(result) => { void worker.terminate(); use(result); }`.
 * The emitter ignores the handler's return value, so the expression becomes a statement.
 */
function endInReply(file: ParsedFile, handler: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression, statement: string, semi: string): TextEdit {
  if (handler.body.type === 'BlockStatement') return prependToBlock(file.text, handler.body, [statement]);
  const indent = lineIndent(file.text, handler.range[0]);
  const unit = indentUnit(file.text);
  const body = handler.body;
  // `=> ({ … })`: the parentheses belong to the arrow, not to the statement.
  const wrapped = /=>\s*\(\s*$/u.test(file.text.slice(handler.range[0], body.range[0]));
  const start = wrapped ? file.text.lastIndexOf('(', body.range[0]) : body.range[0];
  const end = wrapped ? file.text.indexOf(')', body.range[1]) + 1 : body.range[1];
  // Kept in its parentheses, `({ … })` stays an expression rather than a block.
  const expression = file.text.slice(start, end);
  return { start, end, text: `{\n${indent}${unit}${statement}\n${indent}${unit}${expression}${semi}\n${indent}}` };
}

/**
 * A command spawned per call and piped into the call's response or socket is
 * killed when that destination closes: the statement goes right after the
 * `child.stdout.pipe(res)` statement.
 */
function endWithDestination(file: ParsedFile, destination: TSESTree.Identifier, statement: string): TextEdit | null {
  let current: TSESTree.Node | undefined = destination.parent;
  while (current && current.type !== 'ExpressionStatement') {
    if (current.type.endsWith('FunctionExpression') || current.type === 'FunctionDeclaration') return null;
    current = current.parent;
  }
  if (!current || (current.parent?.type !== 'BlockStatement' && current.parent?.type !== 'Program')) return null;
  const indent = lineIndent(file.text, current.range[0]);
  return { start: current.range[1], end: current.range[1], text: `\n${indent}${statement}` };
}

function prependToBlock(text: string, body: TSESTree.BlockStatement, statements: readonly string[]): TextEdit {
  const first = body.body[0];
  if (first) {
    const indent = lineIndent(text, first.range[0]);
    return { start: first.range[0], end: first.range[0], text: statements.map((statement) => `${statement}\n${indent}`).join('') };
  }
  const outer = lineIndent(text, body.range[0]);
  return { start: body.range[0] + 1, end: body.range[1] - 1, text: `${statements.map((statement) => `\n${outer}${indentUnit(text)}${statement}`).join('')}\n${outer}` };
}

function endCall(finding: WorkerCleanupFinding): string {
  switch (finding.resource?.kind) {
    case 'worker':
      return `${finding.handle}?.terminate()`;
    case 'child':
      return `${finding.handle}?.kill()`;
    case 'channel':
      return `${finding.handle}?.port1.close()`;
    default:
      return `${finding.handle}?.close()`;
  }
}

function reviewMessage(finding: WorkerCleanupFinding): string {
  switch (finding.problem) {
    case 'unterminatedStream':
      return `'${finding.handle}' is piped into '${finding.pipedInto?.name ?? 'a per-call destination'}' and never killed: kill it when that destination closes`;
    case 'unterminatedLocal':
      return `'${finding.handle}' is started per call and never ended: end it when its work is done (listener-cleanup cannot tell when that is)`;
    case 'growingPool':
      return `'${finding.handle}' gains a worker per task and never loses one: reuse pooled workers, or end and remove them`;
    case 'enterWith':
      return `${finding.handle}.enterWith() leaks the store into later async work: wrap the work in ${finding.handle}.run(store, callback)`;
    default:
      return `'${finding.handle}' is never ended by its owner, whose teardown has no block body to add the call to`;
  }
}
