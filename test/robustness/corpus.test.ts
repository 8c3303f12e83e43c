import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript module shared with the benchmarks
import { corpusDirectory, corpusFiles, prepareCorpus } from '../../bench/corpus.js';
import plugin, { configs } from '../../src/index.js';

/**
 * Every rule over every file of real packages: no rule may throw, and the
 * number of findings per rule may only move deliberately (update the counts
 * with UPDATE_FINDING_COUNTS=1 after reviewing what changed).
 */
const countsFile = join(dirname(fileURLToPath(import.meta.url)), 'finding-counts.json');
/** A count may drift by this much (absolute or relative, whichever is larger) before the guard fails. */
const MARGIN_ABSOLUTE = 3;
const MARGIN_RELATIVE = 0.1;

type Counts = Record<string, Record<string, number>>;

const linter = new Linter({ configType: 'flat' });
const allRules = configs.all.rules ?? {};

function lint(file: string, code: string) {
  const isTypeScript = /\.[cm]?tsx?$/.test(file);
  const base = { plugins: { lifeguard: plugin as never }, rules: allRules, linterOptions: { reportUnusedDisableDirectives: 'off' as const } };
  if (isTypeScript) {
    return linter.verify(code, [{ ...base, files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'], languageOptions: { parser: tsParser as never } }], file);
  }
  // Packages mix ESM and CommonJS; ESLint users configure this per folder, the corpus decides per file.
  const messages = linter.verify(code, [{ ...base, files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'], languageOptions: { sourceType: 'module' } }], file);
  if (!messages.some((message) => message.fatal)) return messages;
  return linter.verify(code, [{ ...base, files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'], languageOptions: { sourceType: 'commonjs' } }], file);
}

describe('all rules over the real-package corpus', () => {
  let packages: { name: string; files: string[] }[] = [];
  const observed: Counts = {};

  beforeAll(() => {
    prepareCorpus();
    packages = corpusFiles();
  }, 300_000);

  it('lints every file without a crash or a parse failure', () => {
    let fileCount = 0;
    const crashes: string[] = [];
    for (const { name, files } of packages) {
      const counts: Record<string, number> = Object.fromEntries(Object.keys(allRules).map((rule) => [rule, 0]));
      for (const file of files) {
        fileCount += 1;
        const code = readFileSync(file, 'utf8');
        // A virtual path outside node_modules: ESLint ignores node_modules by default.
        const virtualPath = join('corpus', name, relative(join(corpusDirectory, 'node_modules', name), file));
        try {
          for (const message of lint(virtualPath, code)) {
            if (!message.ruleId) crashes.push(`${file}: ${message.message}`);
            else counts[message.ruleId] = (counts[message.ruleId] ?? 0) + 1;
          }
        } catch (error) {
          crashes.push(`${file}: ${(error as Error).stack ?? String(error)}`);
        }
      }
      observed[name] = counts;
    }
    expect(crashes).toEqual([]);
    expect(fileCount).toBeGreaterThan(1000);
    console.log(`linted ${fileCount} corpus files; findings per package and rule: ${JSON.stringify(observed)}`);
  }, 600_000);

  it('keeps each rule’s finding count within the recorded margin', () => {
    if (process.env.UPDATE_FINDING_COUNTS) {
      writeFileSync(countsFile, `${JSON.stringify(observed, null, 2)}\n`);
      return;
    }
    const recorded = JSON.parse(readFileSync(countsFile, 'utf8')) as Counts;
    const drift: string[] = [];
    for (const [name, counts] of Object.entries(observed)) {
      for (const [rule, count] of Object.entries(counts)) {
        const expected = recorded[name]?.[rule];
        if (expected === undefined) {
          drift.push(`${name} ${rule}: ${count} findings, no recorded count (run with UPDATE_FINDING_COUNTS=1)`);
          continue;
        }
        const margin = Math.max(MARGIN_ABSOLUTE, Math.ceil(expected * MARGIN_RELATIVE));
        if (Math.abs(count - expected) > margin) drift.push(`${name} ${rule}: ${count} findings, recorded ${expected} (±${margin})`);
      }
    }
    expect(drift).toEqual([]);
  });
});
