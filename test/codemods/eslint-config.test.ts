import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { listenerCleanup } from '../../codemods/listener-cleanup/index.js';
import { stagedTimeout } from '../../codemods/staged-timeout/index.js';
import { runCodemod, type RunReport } from '../../src/codemod/engine.js';
import { UsageError } from '../../src/codemod/types.js';
import { makeTree, removeTree } from '../codemod/helpers.js';
import { RETIRING } from './fixtures.js';

/**
 * The codemods read the project's own ESLint config (the real ESLint, loading
 * the built plugin from an eslint.config.js in a temp project), the way
 * `lifeguard scan` does: the paired rules' options there, the files the config
 * ignores or turns the rules off for, and the files the recommended config
 * leaves out. What the codemod changes is checked against what ESLint itself
 * reports with that config.
 */
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const pluginUrl = pathToFileURL(join(projectRoot, 'dist', 'src', 'index.js')).href;
const parserUrl = pathToFileURL(createRequire(import.meta.url).resolve('@typescript-eslint/parser')).href;

/** The same with a teardown every config knows (`shutdown()`). */
const shuttingDown = RETIRING.replace('retire(): void', 'shutdown(): void');

const trees: string[] = [];
afterAll(() => trees.forEach(removeTree));

function project(files: Record<string, string>): string {
  const root = makeTree(files, 'lifeguard-eslint-config-');
  trees.push(root);
  return root;
}

async function run(root: string): Promise<RunReport> {
  return runCodemod(listenerCleanup, { cwd: root, paths: ['.'], dry: true, diff: true, force: true, cpus: 1, typeCheck: false });
}

const byPath = (report: RunReport): Record<string, { status: string; reason?: string; diff?: string }> =>
  Object.fromEntries(report.files.map((file) => [file.path, { status: file.status, ...(file.reason ? { reason: file.reason } : {}), ...(file.diff ? { diff: file.diff } : {}) }]));

/** The files ESLint (with the project's config) reports Lifeguard findings in, with the lines. */
async function eslintFindings(root: string): Promise<Record<string, number[]>> {
  const results = await new ESLint({ cwd: root }).lintFiles(['.']);
  const found: Record<string, number[]> = {};
  for (const result of results) {
    const lines = result.messages.filter((message) => message.ruleId?.startsWith('lifeguard/')).map((message) => message.line);
    if (lines.length > 0) found[result.filePath.slice(root.length + 1)] = lines;
  }
  return found;
}

describe('the codemods read the project\'s ESLint config', () => {
  it('use the configured options, and skip what the config ignores or turns off', async () => {
    const root = project({
      'eslint.config.js': `import lifeguard from '${pluginUrl}';
import parser from '${parserUrl}';
export default [
  { ignores: ['src/vendor/**'] },
  { files: ['**/*.ts'], languageOptions: { parser } },
  lifeguard.configs.recommended,
  { files: ['src/**/*.ts'], rules: { 'lifeguard/require-listener-cleanup': ['error', { cleanupMethods: ['retire'] }] } },
  { files: ['src/legacy/**'], rules: { 'lifeguard/require-listener-cleanup': 'off', 'lifeguard/no-listener-accumulation': 'off', 'lifeguard/require-timer-cleanup': 'off' } },
];
`,
      'src/metrics.ts': RETIRING,
      'src/legacy/metrics.ts': RETIRING,
      'src/vendor/metrics.ts': RETIRING,
    });
    // What the configured rules report: only src/metrics.ts.
    expect(await eslintFindings(root)).toEqual({ 'src/metrics.ts': [5] });

    const files = byPath(await run(root));
    expect(files['src/metrics.ts']?.status).toBe('changed');
    // The removal goes into retire(), the configured cleanup method.
    expect(files['src/metrics.ts']?.diff).toMatch(/ {2}retire\(\): void \{\n(?: .*\n)*\+ {4}bus\.off\('sample', this\.record\);\n/);
    expect(files['src/legacy/metrics.ts']).toEqual({
      status: 'skipped',
      reason: 'eslint.config.js does not turn on lifeguard/require-listener-cleanup, lifeguard/no-listener-accumulation, lifeguard/require-timer-cleanup, lifeguard/require-worker-cleanup for this file',
    });
    expect(files['src/vendor/metrics.ts']).toEqual({ status: 'skipped', reason: 'ignored by eslint.config.js' });
  });

  it('without the configured cleanup method, never put a removal in a method the rule does not take for a teardown', async () => {
    const root = project({
      'eslint.config.js': `import lifeguard from '${pluginUrl}';
import parser from '${parserUrl}';
export default [{ files: ['**/*.ts'], languageOptions: { parser } }, lifeguard.configs.recommended];
`,
      'src/metrics.ts': RETIRING,
    });
    const reported = await eslintFindings(root);
    const file = byPath(await run(root))['src/metrics.ts'];
    // Whatever the rule makes of it with its defaults, retire() is not where it says the removal goes.
    expect(file?.diff ?? '').not.toMatch(/ {2}retire\(\): void \{\n(?: .*\n)*\+ {4}bus\.off\('sample'/);
    if (Object.keys(reported).length === 0) expect(file).toEqual({ status: 'unchanged' });
  });

  it('leave out the test files the recommended config leaves out, and fix them where the config lints them', async () => {
    const files = {
      'src/metrics.ts': shuttingDown,
      'test/metrics-helper.ts': shuttingDown,
    };
    const recommended = project({
      'eslint.config.js': `import lifeguard from '${pluginUrl}';
import parser from '${parserUrl}';
export default [{ files: ['**/*.ts'], languageOptions: { parser } }, lifeguard.configs.recommended];
`,
      ...files,
    });
    expect(Object.keys(await eslintFindings(recommended))).toEqual(['src/metrics.ts']);
    const left = byPath(await run(recommended));
    expect(left['src/metrics.ts']?.status).toBe('changed');
    expect(left['test/metrics-helper.ts']?.status).toBe('skipped');

    // A team that lints its tests too (the documented override) gets them fixed as well.
    const linted = project({
      'eslint.config.js': `import lifeguard from '${pluginUrl}';
import parser from '${parserUrl}';
export default [{ files: ['**/*.ts'], languageOptions: { parser } }, { ...lifeguard.configs.recommended, ignores: [] }];
`,
      ...files,
    });
    expect(Object.keys(await eslintFindings(linted)).sort()).toEqual(['src/metrics.ts', 'test/metrics-helper.ts']);
    const fixed = byPath(await run(linted));
    expect(fixed['src/metrics.ts']?.status).toBe('changed');
    expect(fixed['test/metrics-helper.ts']?.status).toBe('changed');
  });

  it('staged-timeout bounds the startup functions the config names, and nothing when the config leaves the rule off', async () => {
    const app = `import { connect } from './db';\n\nexport async function ignite(): Promise<void> {\n  const db = await connect();\n  await db.migrate();\n}\n\nvoid ignite();\n`;
    const config = (extra: string) => `import lifeguard from '${pluginUrl}';
import parser from '${parserUrl}';
export default [{ files: ['**/*.ts'], languageOptions: { parser } }, lifeguard.configs.recommended${extra}];
`;
    const named = project({ 'eslint.config.js': config(`, { files: ['src/**/*.ts'], rules: { 'lifeguard/require-startup-timeout': ['error', { startupFunctions: ['ignite'] }] } }`), 'package.json': '{ "type": "module" }\n', 'src/app.ts': app });
    expect(await eslintFindings(named)).toEqual({ 'src/app.ts': [4, 5] });
    const bounded = (await runCodemod(stagedTimeout, { cwd: named, paths: ['src'], dry: true, diff: true, force: true, cpus: 1, typeCheck: false })).files.find((file) => file.path === 'src/app.ts');
    expect(bounded?.status).toBe('changed');
    expect(bounded?.diff).toContain("+  const db = await withTimeout(connect(), 15000, 'connect');");
    expect(bounded?.diff).toContain("+  await withTimeout(db.migrate(), 15000, 'db.migrate');");

    // With the rule's default startupFunctions, ignite() is not startup code: the option is what made the edit.
    const defaults = (await runCodemod(stagedTimeout, { cwd: named, paths: ['src'], dry: true, force: true, cpus: 1, typeCheck: false, readEslintConfig: false })).files.find((file) => file.path === 'src/app.ts');
    expect(defaults?.status).toBe('unchanged');

    // recommended alone does not turn require-startup-timeout on: the configured rules report nothing, and nothing changes.
    const off = project({ 'eslint.config.js': config(''), 'package.json': '{ "type": "module" }\n', 'src/app.ts': app });
    expect(await eslintFindings(off)).toEqual({});
    const left = (await runCodemod(stagedTimeout, { cwd: off, paths: ['src'], dry: true, force: true, cpus: 1, typeCheck: false })).files.find((file) => file.path === 'src/app.ts');
    expect(left).toMatchObject({ status: 'unchanged', manualReview: [] });
  });

  it('without an ESLint config, skip test, script, example and benchmark files by their role, with the reason', async () => {
    const root = project({
      'src/metrics.ts': shuttingDown,
      'test/metrics-helper.ts': shuttingDown,
      'examples/metrics.ts': shuttingDown,
      'scripts/metrics.ts': shuttingDown,
      'bench/metrics.ts': shuttingDown,
      'src/metrics-suite.ts': `import { it } from 'vitest';\n${shuttingDown}it('records', () => {});\n`,
    });
    const files = byPath(await run(root));
    expect(files['src/metrics.ts']?.status).toBe('changed');
    expect(files['test/metrics-helper.ts']).toEqual({ status: 'skipped', reason: expect.stringMatching(/^a test file \(by its path\), which the Lifeguard rules do not lint by default/) });
    expect(files['examples/metrics.ts']?.reason).toMatch(/^an example \(by its path\)/);
    expect(files['scripts/metrics.ts']?.reason).toMatch(/^a one-shot script \(by its path\)/);
    expect(files['bench/metrics.ts']?.reason).toMatch(/^a benchmark \(by its path\)/);
    expect(files['src/metrics-suite.ts']?.reason).toMatch(/^a test file \(by its content\)/);
  });

  it('a config that does not load is a usage error naming the cause, and nothing is changed', async () => {
    const root = project({
      'eslint.config.js': `import missing from 'eslint-plugin-not-installed-here';\nexport default [missing];\n`,
      'src/metrics.ts': shuttingDown,
    });
    const failure = await run(root).then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(UsageError);
    expect((failure as Error).message).toMatch(/^cannot read the rule options from eslint\.config\.js: .*eslint-plugin-not-installed-here, which is not installed/);
  });
});
