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
 * Every rule over every file of pinned real packages: no rule may throw, and the
 * findings are exactly the recorded ones (package, file, line, column, rule). A rule
 * change that adds, drops or moves a finding fails here; after reviewing each
 * change, rewrite the list with UPDATE_CORPUS_FINDINGS=1.
 */
const findingsFile = join(dirname(fileURLToPath(import.meta.url)), 'corpus-findings.json');

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

interface CorpusRun {
  fileCount: number;
  crashes: string[];
  /** `package/path:line:column rule`, sorted. */
  findings: string[];
}

/** Lints the whole corpus once; each test reads this result, none depends on another having run. */
function lintCorpus(): CorpusRun {
  prepareCorpus();
  const run: CorpusRun = { fileCount: 0, crashes: [], findings: [] };
  for (const { name, files } of corpusFiles() as { name: string; files: string[] }[]) {
    for (const file of files) {
      run.fileCount += 1;
      const code = readFileSync(file, 'utf8');
      const path = relative(join(corpusDirectory, 'node_modules', name), file).split('\\').join('/');
      // A virtual path outside node_modules: ESLint ignores node_modules by default.
      try {
        for (const message of lint(join('corpus', name, path), code)) {
          if (!message.ruleId) run.crashes.push(`${name}/${path}: ${message.message}`);
          else run.findings.push(`${name}/${path}:${message.line}:${message.column} ${message.ruleId}`);
        }
      } catch (error) {
        run.crashes.push(`${name}/${path}: ${(error as Error).stack ?? String(error)}`);
      }
    }
  }
  run.findings.sort();
  return run;
}

describe('all rules over the real-package corpus', () => {
  let run: CorpusRun;

  beforeAll(() => {
    run = lintCorpus();
  }, 600_000);

  it('lints every file without a crash or a parse failure', () => {
    expect(run.crashes).toEqual([]);
    expect(run.fileCount).toBeGreaterThan(1000);
  });

  it('reports exactly the recorded findings', () => {
    if (process.env.UPDATE_CORPUS_FINDINGS) writeFileSync(findingsFile, `${JSON.stringify(run.findings, null, 2)}\n`);
    const recorded = JSON.parse(readFileSync(findingsFile, 'utf8')) as string[];
    expect(run.findings).toEqual(recorded);
  });
});
