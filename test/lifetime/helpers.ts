import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import type { DetectorSource } from '../../src/ast/traverse.js';

/** Parses TypeScript (or plain JS) the way ESLint's typescript-eslint parser does, scope included. */
export function parse(code: string, filename = '/project/src/file.ts'): DetectorSource {
  const result = parseForESLint(code, { range: true, loc: true, comment: true, tokens: true, sourceType: 'module', ecmaVersion: 'latest', filePath: filename });
  setParents(result.ast as unknown as TSESTree.Node, undefined);
  return { text: code, ast: result.ast as unknown as TSESTree.Program, scopeManager: result.scopeManager as never, filename, cwd: '/project' };
}

/** The first node of `type` whose source text starts with `prefix`. */
export function find(source: DetectorSource, type: string, prefix: string): TSESTree.Node {
  const stack: TSESTree.Node[] = [source.ast];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === type && source.text.slice(node.range[0], node.range[1]).startsWith(prefix)) return node;
    for (const key of Object.keys(node)) {
      if (key === 'parent') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      const children = Array.isArray(value) ? value : [value];
      for (const child of [...children].reverse()) if (child && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') stack.push(child as TSESTree.Node);
    }
  }
  throw new Error(`no ${type} starting with ${prefix}`);
}

/** ESLint links every node to its parent before rules run; do the same here. */
function setParents(node: TSESTree.Node, parent: TSESTree.Node | undefined): void {
  (node as { parent?: TSESTree.Node }).parent = parent;
  for (const key of Object.keys(node)) {
    if (key === 'parent') continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') setParents(child as TSESTree.Node, node);
    }
  }
}
