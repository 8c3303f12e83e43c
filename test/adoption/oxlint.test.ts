import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import lifeguard from '../../dist/src/index.js';
import { LEAKY_JS, LEAKY_TS, makeProject, removeProjects, REPO_ROOT, writeFiles } from './helpers.js';

/**
 * oxlint as a host: the real `oxlint` package runs Lifeguard through its JS
 * plugin support, configured by the documented docs/oxlintrc.json, and must
 * report exactly what ESLint reports with `configs.recommended` on the same
 * files (the demo service and the leak fixtures, TypeScript and JavaScript).
 */
const OXLINT = join(REPO_ROOT, 'node_modules/oxlint/bin/oxlint');
const DOCUMENTED_CONFIG = join(REPO_ROOT, 'docs/oxlintrc.json');

afterAll(removeProjects);

interface OxlintDiagnostic {
  message: string;
  code: string;
  filename: string;
  labels: { span: { line: number; column: number } }[];
}

/** `path:line:column rule message`, sorted: the same key for both linters. */
function oxlintKeys(diagnostics: readonly OxlintDiagnostic[]): string[] {
  return diagnostics
    .map((diagnostic) => {
      const rule = diagnostic.code.replace(/^(\w[\w-]*)\((.+)\)$/, '$1/$2');
      const { line, column } = diagnostic.labels[0]!.span;
      return `${diagnostic.filename.split('\\').join('/')}:${line}:${column} ${rule} ${diagnostic.message}`;
    })
    .sort();
}

function eslintKeys(results: readonly ESLint.LintResult[], root: string): string[] {
  return results.flatMap((result) => result.messages.map((message) => `${result.filePath.slice(root.length + 1)}:${message.line}:${message.column} ${message.ruleId} ${message.message}`)).sort();
}

describe('oxlint runs Lifeguard with the same findings as ESLint (real oxlint package)', () => {
  let root: string;

  beforeAll(() => {
    if (!existsSync(join(REPO_ROOT, 'dist/src/index.js'))) throw new Error('dist/ is missing: run npm run build first (npm test does it through its pretest script)');
    root = makeProject({ 'package.json': '{ "name": "service", "private": true, "type": "module" }\n' }, { git: false });
    cpSync(join(REPO_ROOT, 'examples/chat-service/src'), join(root, 'src'), { recursive: true });
    writeFiles(root, { 'src/heartbeat.js': LEAKY_JS, 'src/presence.ts': LEAKY_TS });
    cpSync(DOCUMENTED_CONFIG, join(root, '.oxlintrc.json'));
    mkdirSync(join(root, 'node_modules'), { recursive: true });
    symlinkSync(REPO_ROOT, join(root, 'node_modules/eslint-plugin-lifeguard'), 'dir');
  });

  it('the documented .oxlintrc.json enables exactly configs.recommended', () => {
    const config = JSON.parse(readFileSync(DOCUMENTED_CONFIG, 'utf8')) as { jsPlugins: string[]; rules: Record<string, unknown> };
    expect(config.jsPlugins).toEqual(['eslint-plugin-lifeguard']);
    expect(config.rules).toEqual(lifeguard.configs.recommended.rules);
  });

  it('reports the same findings, file by file, line, column and message', async () => {
    // oxlint's own rules off: only Lifeguard's are compared.
    const oxlint = spawnSync(process.execPath, [OXLINT, '--format', 'json', '-A', 'all', 'src'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(oxlint.stderr).toBe('');
    const { diagnostics } = JSON.parse(oxlint.stdout) as { diagnostics: OxlintDiagnostic[] };

    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser } }, lifeguard.configs.recommended],
    });
    const expected = eslintKeys(await eslint.lintFiles(['src']), root);
    expect(expected.length).toBeGreaterThanOrEqual(7); // the demo service under recommended: its hang and registry rules are outside it
    expect(oxlintKeys(diagnostics)).toEqual(expected);
    expect(oxlint.status).toBe(1);
  }, 60_000);
});
