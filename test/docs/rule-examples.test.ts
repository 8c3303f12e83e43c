import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tsParser from '@typescript-eslint/parser';
import { parse } from '@typescript-eslint/typescript-estree';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin, { rules } from '../../src/index.js';

/**
 * Every ❌ / ✅ example block of docs/rules/<rule>.md, linted with its rule at
 * its default options: a ✅ block must not report, and in a ❌ block every
 * example (a run of top-level statements with no blank line between them,
 * imports and type declarations aside) must hold at least one report, so a doc
 * cannot show a case the rule misses without saying so here.
 */
const docsDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/rules');
const linter = new Linter({ configType: 'flat' });

interface ExampleBlock {
  verdict: 'incorrect' | 'correct';
  language: string;
  code: string;
  /** 1-based line of the block's first code line in the doc. */
  line: number;
}

/** The fenced code blocks under a `### ❌ …` or `### ✅ …` heading, up to the next heading. */
function exampleBlocks(markdown: string): ExampleBlock[] {
  const blocks: ExampleBlock[] = [];
  const lines = markdown.split('\n');
  let verdict: ExampleBlock['verdict'] | null = null;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.startsWith('#')) {
      verdict = /^#+ ❌/.test(line) ? 'incorrect' : /^#+ ✅/.test(line) ? 'correct' : null;
      continue;
    }
    const fence = /^```(\w+)\s*$/.exec(line);
    if (!fence) continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && !lines[end]!.startsWith('```')) end += 1;
    if (verdict) blocks.push({ verdict, language: fence[1]!, code: `${lines.slice(start, end).join('\n')}\n`, line: start + 1 });
    index = end;
  }
  return blocks;
}

/**
 * ❌ examples the rule does not report today: real leaks the docs rightly show, which the
 * rule misses (recall gaps, tracked as such). Keyed `rule.md:first line of the example`; an
 * entry that starts being reported fails the test, so the list cannot go stale.
 */
const KNOWN_MISSES: Record<string, string> = {
  "no-listener-accumulation.md:app.get('/events', (req, res) => {":
    "a listener on a global (or module-scope) bus inside a request handler is not reported, whether or not `bus` is declared",
  'no-listener-accumulation.md:export async function connect() {':
    'a listener added in a `while` loop body is not reported (the same body in a counted `for` loop is)',
};

const TYPE_ONLY = new Set(['ImportDeclaration', 'TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSDeclareFunction', 'TSModuleDeclaration', 'TSEnumDeclaration']);

function lintBlock(rule: string, block: ExampleBlock) {
  const typeScript = block.language === 'ts' || block.language === 'tsx';
  return linter.verify(
    block.code,
    [
      {
        files: ['**/*.{js,jsx,ts,tsx}'],
        plugins: { lifeguard: plugin as never },
        rules: { [`lifeguard/${rule}`]: 'error' },
        languageOptions: typeScript ? { parser: tsParser as never } : { sourceType: 'module' },
      },
    ],
    `example.${typeScript ? block.language : 'js'}`,
  );
}

const ruleNames = Object.keys(rules).sort();

describe('rule docs: ❌ / ✅ examples', () => {
  it('every rule doc has both kinds of example in a code language the test lints', () => {
    for (const rule of ruleNames) {
      const blocks = exampleBlocks(readFileSync(join(docsDirectory, `${rule}.md`), 'utf8'));
      expect(blocks.map((block) => block.verdict).sort(), rule).toEqual(expect.arrayContaining(['correct', 'incorrect']));
      for (const block of blocks) expect(['ts', 'tsx', 'js', 'jsx'], `${rule}.md:${block.line}`).toContain(block.language);
    }
  });

  it.each(ruleNames)('%s: ✅ blocks do not report, every ❌ example reports', (rule) => {
    const problems: string[] = [];
    for (const block of exampleBlocks(readFileSync(join(docsDirectory, `${rule}.md`), 'utf8'))) {
      const messages = lintBlock(rule, block);
      const at = (line: number) => `docs/rules/${rule}.md:${block.line + line - 1}`;
      for (const message of messages.filter((message) => message.fatal || message.ruleId === null)) problems.push(`${at(message.line)} does not parse: ${message.message}`);
      if (block.verdict === 'correct') {
        for (const message of messages.filter((message) => message.ruleId)) problems.push(`${at(message.line)} ✅ example reported: ${message.message.slice(0, 100)}`);
        continue;
      }
      const ast = parse(block.code, { loc: true, jsx: block.language.endsWith('x') });
      const codeLines = block.code.split('\n');
      // A run of plain declarations (`const sessions = new Map()`) is the setup of the example after it.
      const examples: { start: number; end: number; setupOnly: boolean }[] = [];
      for (const statement of ast.body) {
        if (TYPE_ONLY.has(statement.type) || (statement.type === 'ExportNamedDeclaration' && statement.declaration && TYPE_ONLY.has(statement.declaration.type))) continue;
        const previous = examples.at(-1);
        const { start, end } = statement.loc;
        const blankBetween = previous ? codeLines.slice(previous.end, start.line - 1).some((line) => line.trim() === '') : true;
        const setup = statement.type === 'VariableDeclaration';
        if (previous && (!blankBetween || previous.setupOnly)) {
          previous.end = end.line;
          previous.setupOnly &&= setup;
        } else examples.push({ start: start.line, end: end.line, setupOnly: setup });
      }
      for (const { start, end } of examples) {
        const key = `${rule}.md:${codeLines[start - 1]!.trim()}`;
        const reported = messages.some((message) => message.ruleId && message.line >= start && message.line <= end);
        if (!reported && !(key in KNOWN_MISSES)) problems.push(`${at(start)} ❌ example not reported (${key})`);
        if (reported && key in KNOWN_MISSES) problems.push(`${at(start)} ❌ example listed in KNOWN_MISSES is now reported: remove it (${key})`);
      }
    }
    expect(problems).toEqual([]);
  });
});
