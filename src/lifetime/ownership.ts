import type { TSESTree } from '@typescript-eslint/utils';
import { getPropertyName, isFunctionNode, unwrapExpression, type ClassNode } from '../ast/nodes.js';

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
    if (node.type === 'CallExpression') {
      const callee = unwrapExpression(node.callee);
      if (callee.type === 'MemberExpression') {
        const method = getPropertyName(callee);
        const field = thisField(callee.object);
        if (method && field && DESTROYING_METHODS.has(method)) result.set(field, true);
      }
    }
    // Nested classes are other owners.
    if (node !== classNode.body && (node.type === 'ClassBody')) continue;
    for (const key of Object.keys(node)) {
      if (key === 'parent') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) for (const item of value) push(stack, item);
      else push(stack, value);
    }
  }
  return result;
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
    for (const key of Object.keys(node)) {
      if (key === 'parent') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) for (const item of value) push(stack, item);
      else push(stack, value);
    }
  }
  return false;
}

function push(stack: TSESTree.Node[], value: unknown): void {
  if (typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string') stack.push(value as TSESTree.Node);
}
