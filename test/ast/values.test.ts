import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { Linter, type Rule } from 'eslint';
import { describe, expect, it } from 'vitest';
import { unwrapExpression } from '../../src/ast/nodes.js';
import { getStaticString, getStaticStringLiteral, staticValueOf } from '../../src/ast/values.js';

/**
 * The static-value helpers run on eslint-utils' getStaticValue. Each case goes through real ESLint
 * (espree for JavaScript, typescript-eslint's parser for TypeScript), and the literal helpers are
 * checked against the hand-written versions they replaced, kept here verbatim as the reference.
 */

/** getStaticString before eslint-utils (src/ast/nodes.ts). */
function previousStaticString(node: TSESTree.Node | undefined | null): string | null {
  if (!node) return null;
  const current = unwrapExpression(node);
  if (current.type === 'Literal' && (typeof current.value === 'string' || typeof current.value === 'number')) return String(current.value);
  if (current.type === 'TemplateLiteral' && current.expressions.length === 0) return current.quasis[0]?.value.cooked ?? null;
  return null;
}

/** `stringValue` (timeout-helpers) and `stringArgument` (startup-awaits) before eslint-utils. */
function previousStringLiteral(node: TSESTree.Node | undefined): string | null {
  if (!node) return null;
  const current = unwrapExpression(node);
  if (current.type === 'Literal' && typeof current.value === 'string') return current.value;
  if (current.type === 'TemplateLiteral' && current.expressions.length === 0) return current.quasis[0]?.value.cooked ?? null;
  return null;
}

interface Probe {
  staticString: string | null;
  previousStaticString: string | null;
  stringLiteral: string | null;
  previousStringLiteral: string | null;
  withScope: unknown;
  withoutScope: unknown;
}

/** Lints `const EVENT = 'close'; let late = 'x'; late = 'y'; const probe = <expression>;` and reads the helpers on `<expression>`. */
function probe(expression: string, language: 'js' | 'ts'): Probe {
  let result: Probe | undefined;
  const rule: Rule.RuleModule = {
    create(context) {
      return {
        VariableDeclarator(estreeNode) {
          const node = estreeNode as unknown as TSESTree.VariableDeclarator;
          if (node.id.type !== 'Identifier' || node.id.name !== 'probe' || !node.init) return;
          const scopeManager = context.sourceCode.scopeManager as unknown as TSESLint.Scope.ScopeManager;
          const unwrap = (value: { value: unknown } | null) => (value === null ? null : value.value);
          result = {
            staticString: getStaticString(node.init),
            previousStaticString: previousStaticString(node.init),
            stringLiteral: getStaticStringLiteral(node.init),
            previousStringLiteral: previousStringLiteral(node.init),
            withScope: unwrap(staticValueOf(node.init, scopeManager)),
            withoutScope: unwrap(staticValueOf(node.init, null)),
          };
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const code = `const EVENT = 'close';\nlet late = 'x';\nlate = 'y';\nconst probe = ${expression};\n`;
  const messages = linter.verify(
    code,
    [{ files: ['**/*.js', '**/*.ts'], plugins: { probe: { rules: { probe: rule } } }, rules: { 'probe/probe': 'error' }, ...(language === 'ts' ? { languageOptions: { parser: tsParser as never } } : {}) }],
    language === 'ts' ? 'file.ts' : 'file.js',
  );
  expect(messages).toEqual([]);
  if (!result) throw new Error(`no probe in ${code}`);
  return result;
}

// [expression, getStaticString, getStaticStringLiteral, staticValueOf with a scope, without one]
const SHARED_CASES: [string, string | null, string | null, unknown, unknown][] = [
  ["'close'", 'close', 'close', 'close', 'close'],
  ['"with \\"quotes\\""', 'with "quotes"', 'with "quotes"', 'with "quotes"', 'with "quotes"'],
  ['42', '42', null, 42, 42],
  ['1e21', '1e+21', null, 1e21, 1e21],
  ['0x10', '16', null, 16, 16],
  ['`tick`', 'tick', 'tick', 'tick', 'tick'],
  ['`line\\nbreak`', 'line\nbreak', 'line\nbreak', 'line\nbreak', 'line\nbreak'],
  ['`a${EVENT}`', null, null, 'aclose', null],
  ["'a' + 'b'", null, null, 'ab', 'ab'],
  ['60 * 1000', null, null, 60_000, 60_000],
  ['EVENT', null, null, 'close', null],
  ['late', null, null, null, null],
  ['undeclared', null, null, null, null],
  ['/re/', null, null, undefined, undefined],
  ['10n', null, null, 10n, 10n],
  ['true', null, null, true, true],
  ['null', null, null, null, null],
  ['a?.b', null, null, null, null],
];

const TYPESCRIPT_CASES: [string, string | null, string | null, unknown, unknown][] = [
  ["'close' as const", 'close', 'close', 'close', 'close'],
  ["('x' satisfies string)", 'x', 'x', 'x', 'x'],
  ["<string>'y'", 'y', 'y', 'y', 'y'],
  ["('z')!", 'z', 'z', 'z', 'z'],
  ['5 as number', '5', null, 5, 5],
  ['EVENT as string', null, null, 'close', null],
];

describe('static values (eslint-utils getStaticValue)', () => {
  for (const language of ['js', 'ts'] as const) {
    it.each(SHARED_CASES)(`${language}: %s`, (expression, staticString, stringLiteral, withScope, withoutScope) => {
      const result = probe(expression, language);
      expect(result.staticString).toBe(staticString);
      expect(result.stringLiteral).toBe(stringLiteral);
      // The literal helpers answer exactly as the hand-written ones did.
      expect(result.staticString).toBe(result.previousStaticString);
      expect(result.stringLiteral).toBe(result.previousStringLiteral);
      if (withScope === undefined) {
        // A regular expression: a RegExp object either way.
        expect(result.withScope).toBeInstanceOf(RegExp);
        expect(result.withoutScope).toBeInstanceOf(RegExp);
      } else {
        expect(result.withScope).toEqual(withScope);
        expect(result.withoutScope).toEqual(withoutScope);
      }
    });
  }

  it.each(TYPESCRIPT_CASES)('ts: %s', (expression, staticString, stringLiteral, withScope, withoutScope) => {
    const result = probe(expression, 'ts');
    expect([result.staticString, result.stringLiteral, result.withScope, result.withoutScope]).toEqual([staticString, stringLiteral, withScope, withoutScope]);
    expect(result.staticString).toBe(result.previousStaticString);
    expect(result.stringLiteral).toBe(result.previousStringLiteral);
  });
});
