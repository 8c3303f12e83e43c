import type { TSESTree } from '@typescript-eslint/utils';
import { parse, simpleTraverse } from '@typescript-eslint/typescript-estree';
import { describe, expect, it } from 'vitest';
import { classNameOf, isClassNode } from '../../src/ast/nodes.js';

/** The classes of `code`, in source order, with parent pointers set as ESLint sets them. */
function classes(code: string): (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[] {
  const found: (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[] = [];
  simpleTraverse(parse(code, { range: true }), { enter: (node) => void (isClassNode(node) && found.push(node)) }, true);
  return found;
}

describe('classNameOf', () => {
  it('names a class by its id, else by the variable it is assigned to, else not at all', () => {
    const code = 'class App {}\nconst Root = class {};\nconst Named = class Inner {};\nexport default class {}\nregister(class {});\n';
    expect(classes(code).map(classNameOf)).toEqual(['App', 'Root', 'Inner', null, null]);
  });
});
