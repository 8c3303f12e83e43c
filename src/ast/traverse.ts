import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

type NodeListener = (node: never) => void;

/**
 * The visitors a detector hooks into a traversal. Only plain node types and
 * their `:exit` forms (no esquery selectors), so that the same detector runs
 * inside ESLint's traversal (one pass for all rules) and under `walk()` in the
 * codemods.
 */
export type DetectorVisitors = TSESLint.RuleListener;

/** What a detector reads: the shape of ESLint's `SourceCode` that detectors rely on. */
export interface DetectorSource {
  readonly text: string;
  readonly ast: TSESTree.Program;
  readonly scopeManager: TSESLint.Scope.ScopeManager | null;
  /** The file's path, when known: the lifetime analysis reads its role from it. */
  readonly filename?: string;
  /** The working directory the path is relative to. */
  readonly cwd?: string;
}

export interface Detector<Finding> {
  readonly visitors: DetectorVisitors;
  /** Called once the whole program has been visited; returns findings in source order. */
  finish(): Finding[];
}

/**
 * Depth-first walk over an ESTree program, calling `enter`/`:exit` visitors
 * the way ESLint does. Iterative, so 10,000-level nesting cannot overflow the stack.
 */
export function walk(program: TSESTree.Program, visitors: DetectorVisitors): void {
  const table = visitors as Record<string, NodeListener | undefined>;
  const stack: { node: TSESTree.Node; exit: boolean }[] = [{ node: program, exit: false }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { node } = frame;
    if (frame.exit) {
      table[`${node.type}:exit`]?.(node as never);
      continue;
    }
    table[node.type]?.(node as never);
    stack.push({ node, exit: true });
    const keys = visitorKeys[node.type] ?? [];
    const children: TSESTree.Node[] = [];
    for (const key of keys) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const child of value) if (isNode(child)) children.push(child);
      } else if (isNode(value)) {
        children.push(value);
      }
    }
    for (let index = children.length - 1; index >= 0; index -= 1) {
      stack.push({ node: children[index]!, exit: false });
    }
  }
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Runs a detector over a whole program outside ESLint (codemods, benchmarks). */
export function runDetector<Finding>(source: DetectorSource, create: (source: DetectorSource) => Detector<Finding>): Finding[] {
  const detector = create(source);
  walk(source.ast, detector.visitors);
  return detector.finish();
}

/**
 * Merges several visitor tables into one, calling each in order. Lets a rule
 * combine a detector with its own bookkeeping in a single traversal.
 */
export function mergeVisitors(...tables: DetectorVisitors[]): DetectorVisitors {
  const merged: Record<string, NodeListener> = {};
  for (const table of tables) {
    for (const key in table) {
      const listener = (table as Record<string, NodeListener | undefined>)[key];
      if (typeof listener !== 'function') continue;
      const existing = merged[key];
      // Most keys appear in one table only: keep the listener itself, no wrapper per call.
      merged[key] = existing
        ? (node) => {
            existing(node);
            listener(node);
          }
        : listener;
    }
  }
  return merged as DetectorVisitors;
}
