import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { counterpartsOf, teardownsOf } from '../../src/lifetime/teardown.js';

function classOf(code: string): TSESTree.ClassDeclaration {
  const program = parse(code, { range: true, loc: true }) as TSESTree.Program;
  const node = program.body[0];
  if (node?.type !== 'ClassDeclaration') throw new Error('expected a class');
  return node;
}

describe('teardownsOf', () => {
  it('a stop() beside start() is restartable, a destroy(id) is per item, a dispose() is terminal', () => {
    const kinds = teardownsOf(classOf('class A { start() {} stop() {} destroy(id) {} dispose() {} }')).map((t) => `${t.name}:${t.kind}`);
    expect(kinds).toEqual(['dispose:terminal', 'stop:restartable', 'destroy:per-item']);
  });

  it('a stop() with no way back is terminal', () => {
    expect(teardownsOf(classOf('class A { stop() {} }')).map((t) => t.kind)).toEqual(['terminal']);
  });
});

describe('counterpartsOf', () => {
  it('names the methods that restart a paused owner', () => {
    expect(counterpartsOf('stop')).toContain('start');
    expect(counterpartsOf('dispose')).toEqual([]);
  });
});
