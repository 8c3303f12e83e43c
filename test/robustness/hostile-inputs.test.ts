import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin, { configs } from '../../src/index.js';
import { hugeFile, jsxNamespaces, longChain, nestedArrows, nestedFunctions, sloppyWith, unusualSyntax } from './hostile-sources.js';

/**
 * Inputs that break naive analyses: deep nesting, huge files, unusual syntax,
 * syntax errors, BOMs and CRLF. Every rule must survive all of them.
 */
const linter = new Linter({ configType: 'flat' });
const rules = configs.all.rules ?? {};

function lintWith(code: string, filename: string, options: { parser?: 'ts' | 'espree'; sourceType?: 'module' | 'script' | 'commonjs' } = {}) {
  const languageOptions: Record<string, unknown> = { sourceType: options.sourceType ?? 'module' };
  if (options.parser !== 'espree') languageOptions.parser = tsParser;
  if (filename.endsWith('x')) languageOptions.parserOptions = { ecmaFeatures: { jsx: true } };
  return linter.verify(
    code,
    [{ files: ['**/*.{js,jsx,ts,tsx}'], plugins: { lifeguard: plugin as never }, rules, languageOptions: languageOptions as never }],
    filename,
  );
}

const leak = 'class A { start() { setInterval(() => this.tick(), 1000); } }\n';

describe('rules on hostile inputs', () => {
  it('survives 10,000-level nesting and long chains', () => {
    // The parsers themselves recurse; this depth is what they can take, the rules must not be the limit.
    for (const [code, filename, parser] of [
      [nestedFunctions(2_000), 'deep.js', 'espree'],
      [nestedArrows(5_000), 'arrows.js', 'espree'],
      [longChain(10_000), 'chain.ts', 'ts'],
      [`${'['.repeat(10_000)}${']'.repeat(10_000)};\n`, 'arrays.js', 'espree'],
    ] as const) {
      let messages;
      try {
        messages = lintWith(code, filename, { parser });
      } catch (error) {
        // A parser that cannot take the depth is not a rule crash; anything else is.
        if (error instanceof RangeError) continue;
        throw error;
      }
      expect(messages.filter((message) => message.ruleId === null && !message.fatal)).toEqual([]);
    }
  });

  it('lints a 5 MB file', () => {
    const { text, leakyClasses } = hugeFile();
    const messages = lintWith(text, 'huge.ts');
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    expect(messages.filter((message) => message.ruleId === 'lifeguard/require-timer-cleanup').length).toBe(leakyClasses);
  }, 240_000);

  it.each([
    ['decorators, using, satisfies, private members, accessors', unusualSyntax, 'unusual.ts', 'ts'],
    ['JSX namespaces and member tags', jsxNamespaces, 'view.tsx', 'ts'],
    ['JSX through espree', jsxNamespaces.replace('<svg:rect xlink:href="#a" on:click={() => {}} />', '<svg />'), 'view.jsx', 'espree'],
    ['`with` in sloppy-mode script', sloppyWith, 'legacy.js', 'espree'],
    ['an empty file', '', 'empty.ts', 'ts'],
    ['only comments', '// nothing\n/* here */\n', 'comments.js', 'espree'],
    ['a BOM', `\uFEFF${leak}`, 'bom.ts', 'ts'],
    ['CRLF line ends', [1, 2, 3].map((n) => leak.replace('class A', `class A${n}`).replace('\n', '\r\n')).join(''), 'crlf.js', 'espree'],
  ] as const)('lints %s without throwing', (_label, code, filename, parser) => {
    const messages = lintWith(code, filename, { parser, sourceType: filename === 'legacy.js' ? 'script' : 'module' });
    expect(messages.filter((message) => message.fatal)).toEqual([]);
  });

  it('reports a syntax error as a parse failure, not a crash', () => {
    const messages = lintWith('class A { start() { setInterval(', 'broken.ts');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.fatal).toBe(true);
  });

  it('still finds the leak after a BOM and with CRLF line ends', () => {
    expect(lintWith(`\uFEFF${leak}`, 'bom.ts').map((message) => [message.ruleId, message.line, message.column])).toEqual([
      ['lifeguard/require-timer-cleanup', 1, 21],
    ]);
    expect(lintWith(`\r\n${leak.replace('\n', '\r\n')}`, 'crlf.ts').map((message) => [message.ruleId, message.line, message.column])).toEqual([
      ['lifeguard/require-timer-cleanup', 2, 21],
    ]);
  });
});
