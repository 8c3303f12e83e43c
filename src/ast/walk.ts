import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { isFunctionNode } from './nodes.js';

// Local walks of one subtree (a function body, a loop, a class), for the
// questions a detector asks in finish(); the whole program is walked once, by ESLint.

/**
 * The child nodes of a node, in source order. Uses the visitor keys (what
 * ESLint traverses), which skips the many non-node properties that a scan of
 * every key would look at; unknown node types fall back to every key but `parent`.
 */
export function childNodes(node: TSESTree.Node): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  pushChildNodes(children, node);
  return children;
}

/**
 * Pushes the child nodes of `node`, in source order, onto a walk's stack: no array per node, for
 * walks over whole class or function bodies. `accept` leaves children out (and so their subtrees).
 */
export function pushChildNodes(stack: TSESTree.Node[], node: TSESTree.Node, accept?: (child: TSESTree.Node) => boolean): void {
  const record = node as unknown as Record<string, unknown>;
  const keys = visitorKeys[node.type] ?? Object.keys(record).filter((key) => key !== 'parent');
  for (const key of keys) {
    const value = record[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item) && (!accept || accept(item))) stack.push(item);
    } else if (isNode(value) && (!accept || accept(value))) {
      stack.push(value);
    }
  }
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export interface LocalWalkOptions {
  /** Descend into nested functions (default false: their code runs at another time). */
  readonly intoFunctions?: boolean;
  /** Do not descend into these node types (the node itself is still visited). */
  readonly stopAt?: (node: TSESTree.Node) => boolean;
}

/** True when some node of the subtree (root included) satisfies `predicate`. Iterative. */
export function someNode(root: TSESTree.Node, predicate: (node: TSESTree.Node) => boolean, options: LocalWalkOptions = {}): boolean {
  let found = false;
  forEachNode(root, (node) => {
    if (predicate(node)) found = true;
    return found;
  }, options);
  return found;
}

/** Visits the subtree of `root` depth-first; stops early when `visit` returns true. */
export function forEachNode(root: TSESTree.Node, visit: (node: TSESTree.Node) => boolean | void, options: LocalWalkOptions = {}): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) === true) return;
    if (node !== root && !options.intoFunctions && isFunctionNode(node)) continue;
    if (node !== root && options.stopAt?.(node)) continue;
    const children = childNodes(node);
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push(children[index]!);
  }
}
