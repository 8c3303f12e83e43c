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

const leak = 'class A { start() { setInterval(() => this.tick(), 1000); } close() {} }\n';

describe('rules on hostile inputs', () => {
  // ESLint turns a parser error into a fatal message, so anything thrown out of `verify` is a crash
  // in a rule (or in ESLint's own traversal): never swallowed. The depths are the deepest each parser
  // (and eslint-scope) take inside a vitest worker with room to spare, so the rules really run on them (no fatal message);
  // `nestedFunctions` ends in a leaking `setInterval`, so the timer rule must also reach the bottom.
  it.each([
    ['1,000-deep function nesting (espree)', nestedFunctions(1_000), 'deep.js', 'espree', 1],
    ['250-deep function nesting (TypeScript)', nestedFunctions(250), 'deep.ts', 'ts', 1],
    ['500-deep arrow nesting (espree)', nestedArrows(500), 'arrows.js', 'espree', 0],
    ['500-deep arrow nesting (TypeScript)', nestedArrows(500), 'arrows.ts', 'ts', 0],
    ['a 1,000-call member chain (espree)', longChain(1_000), 'chain.js', 'espree', 0],
    ['a 250-call member chain (TypeScript)', longChain(250), 'chain.ts', 'ts', 0],
    ['500-deep array nesting (espree)', `${'['.repeat(500)}${']'.repeat(500)};\n`, 'arrays.js', 'espree', 0],
  ] as const)('survives %s: parsed, no rule crash, the deepest leak found', (_label, code, filename, parser, leaks) => {
    const messages = lintWith(code, filename, { parser });
    expect(messages.filter((message) => message.fatal || message.ruleId === null)).toEqual([]);
    expect(messages.filter((message) => message.ruleId === 'lifeguard/require-timer-cleanup')).toHaveLength(leaks);
  });

  // Big enough that an analysis quadratic in the file (a walk of the program per class) runs for
  // minutes instead of seconds: the timeout is what fails it.
  it('lints a 2 MB file', () => {
    const { text, leakyClasses } = hugeFile(2 * 1024 * 1024);
    const messages = lintWith(text, 'huge.ts');
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    expect(messages.filter((message) => message.ruleId === 'lifeguard/require-timer-cleanup').length).toBe(leakyClasses);
  }, 120_000);

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
