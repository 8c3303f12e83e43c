import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint as ESLint10, Linter } from 'eslint';
import { ESLint as ESLint9 } from 'eslint-v9';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin, { configs, rules } from '../src/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ruleNames = Object.keys(rules).sort();
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };

describe('plugin shape', () => {
  it('exposes meta, rules and the three configs', () => {
    expect(plugin.meta).toEqual({ name: 'eslint-plugin-lifeguard', version: packageJson.version, namespace: 'lifeguard' });
    expect(plugin.rules).toBe(rules);
    expect(Object.keys(configs).sort()).toEqual(['all', 'recommended', 'strict']);
    for (const config of Object.values(configs)) {
      expect(config.plugins?.lifeguard).toBe(plugin);
      expect(config.files).toEqual(['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}']);
      // No parser: users keep theirs.
      expect(config).not.toHaveProperty('languageOptions');
    }
  });

  it('has exactly one rule per file in rules/', () => {
    const files = readdirSync(join(root, 'rules'))
      .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(files).toEqual(ruleNames);
  });

  it('has a docs page for every rule and no page without a rule', () => {
    const docs = readdirSync(join(root, 'docs/rules'))
      .filter((file) => file.endsWith('.md'))
      .map((file) => file.replace(/\.md$/, ''))
      .sort();
    expect(docs).toEqual(ruleNames);
  });

  it.each(ruleNames)('%s has a test file, a config entry and complete meta', (name) => {
    const rule = rules[name as keyof typeof rules];
    expect(existsSync(join(root, 'test/rules', `${name}.test.ts`))).toBe(true);
    expect(configs.all.rules?.[`lifeguard/${name}`]).toBe('error');
    const docs = rule.meta.docs!;
    expect(docs).toBeDefined();
    expect(docs.description).toMatch(/^(Enforce|Require|Disallow) /);
    expect(docs.description).not.toMatch(/\.$/);
    // The page inside the published package, at this version (test/adoption/docs-links.test.ts checks that the package ships it).
    expect(docs.url).toBe(`https://unpkg.com/eslint-plugin-lifeguard@${packageJson.version}/docs/rules/${name}.md`);
    expect((rule.meta as { languages?: string[] }).languages).toEqual(['js/js']);
    expect(docs.codemod).toMatch(/^(staged-timeout|weak-registry|listener-cleanup)$/);
    if (docs.recommended) expect(configs.recommended.rules?.[`lifeguard/${name}`]).toBe('error');
    else expect(configs.recommended.rules?.[`lifeguard/${name}`]).toBeUndefined();
    // The codemod is named by the scan's group header and the rule's doc, not repeated in every message
    // (test/adoption/rule-messages.test.ts keeps the messages short).
    expect(readFileSync(join(root, 'docs/rules', `${name}.md`), 'utf8')).toContain(`npx lifeguard ${docs.codemod}`);
    const schema = rule.meta.schema;
    expect(Array.isArray(schema)).toBe(true);
    for (const option of schema as { type?: string; additionalProperties?: boolean; properties?: Record<string, { description?: string }> }[]) {
      if (option.type !== 'object') continue;
      expect(option.additionalProperties).toBe(false);
      for (const [key, property] of Object.entries(option.properties ?? {})) {
        expect(property.description, `${name} option ${key}`).toBeTruthy();
      }
    }
    expect(rule.meta.defaultOptions).toBeDefined();
  });

  // Properties of the configs as a user sees them, not a second copy of src/configs.ts's derivation.
  it('all ⊇ strict ⊇ recommended, every rule in all, and each strict option set valid and stricter than the defaults', () => {
    const ids = (config: keyof typeof configs) => Object.keys(configs[config].rules ?? {}).sort();
    expect(ids('all')).toEqual(ruleNames.map((name) => `lifeguard/${name}`));
    expect(Object.values(configs.all.rules ?? {}).every((entry) => entry === 'error')).toBe(true);
    expect(ids('recommended').filter((id) => !ids('strict').includes(id))).toEqual([]);
    expect(ids('recommended').length).toBeGreaterThan(0);
    const linter = new Linter({ configType: 'flat' });
    for (const [id, entry] of Object.entries(configs.strict.rules ?? {})) {
      const [severity, ...options] = Array.isArray(entry) ? entry : [entry];
      expect(severity, id).toBe('error');
      if (options.length === 0) continue;
      const meta = rules[id.replace('lifeguard/', '') as keyof typeof rules].meta;
      // A strict option set that equals the defaults would make strict a second recommended.
      expect(options, id).not.toEqual(meta.defaultOptions);
      // ESLint validates rule options against meta.schema when it loads the config, and throws if they do not fit.
      expect(() => linter.verify('', [{ ...configs.strict, rules: { [id]: entry } } as never], 'a.js'), id).not.toThrow();
    }
    // A rule outside recommended is in strict only when it has options that make it worth turning on there.
    for (const id of ids('strict').filter((id) => !ids('recommended').includes(id))) {
      expect(Array.isArray(configs.strict.rules?.[id]), id).toBe(true);
    }
  });
});

const leakyTs = `
export class Heartbeat {
  constructor(private readonly socket: { ping(): void }) {}
  start(): void {
    setInterval(() => this.socket.ping(), 30_000);
  }
  close(): void {}
}
`;
const leakyJs = `
function startReporting(server, stats) {
  server.on('connection', function (socket) {
    setInterval(function () { socket.write(stats.snapshot()); }, 60000);
  });
}
module.exports = startReporting;
`;

describe.each([
  ['ESLint 10', ESLint10],
  ['ESLint 9', ESLint9],
] as const)('under %s', (_label, ESLint) => {
  it.each(['recommended', 'strict', 'all'] as const)('the %s config loads and lints TS and JS', async (configName) => {
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [
        configs[configName] as never,
        { files: ['**/*.ts'], languageOptions: { parser: tsParser as never } },
        { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
      ],
    });
    const [ts] = await eslint.lintText(leakyTs, { filePath: join(root, 'virtual/heartbeat.ts') });
    const [js] = await eslint.lintText(leakyJs, { filePath: join(root, 'virtual/report.cjs') });
    for (const result of [ts!, js!]) {
      expect(result.messages.filter((message) => message.fatal)).toEqual([]);
      expect(result.messages.map((message) => message.ruleId)).toContain('lifeguard/require-timer-cleanup');
    }
    const config = (await eslint.calculateConfigForFile(join(root, 'virtual/heartbeat.ts'))) as { rules: Record<string, unknown> };
    for (const name of Object.keys(configs[configName].rules ?? {})) expect(config.rules).toHaveProperty(name);
  });
});

/**
 * The README's snippet in a fresh project: the built package resolved through
 * node_modules exactly as a user installs it, linted by each ESLint line's CLI.
 */
describe('a fresh project using the README snippet', () => {
  let project: string;

  beforeAll(() => {
    if (!existsSync(join(root, 'dist/src/index.js'))) {
      throw new Error('dist/ is missing: run `npm run build` before the tests (npm test does it through pretest).');
    }
    project = mkdtempSync(join(tmpdir(), 'lifeguard-project-'));
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(root, join(project, 'node_modules/eslint-plugin-lifeguard'), 'dir');
    symlinkSync(join(root, 'node_modules/typescript-eslint'), join(project, 'node_modules/typescript-eslint'), 'dir');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'service', private: true, type: 'module' }));
    writeFileSync(
      join(project, 'eslint.config.js'),
      `import lifeguard from 'eslint-plugin-lifeguard';
import tseslint from 'typescript-eslint';

export default [...tseslint.configs.recommended, lifeguard.configs.recommended];
`,
    );
    mkdirSync(join(project, 'src'));
    writeFileSync(join(project, 'src/heartbeat.ts'), leakyTs);
    writeFileSync(join(project, 'src/report.cjs'), leakyJs);
  });

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it.each([
    ['ESLint 10', 'eslint'],
    ['ESLint 9', 'eslint-v9'],
  ])('%s reports the leak in the TS and the JS file', (_label, eslintPackage) => {
    const bin = join(root, 'node_modules', eslintPackage, 'bin/eslint.js');
    let stdout: string;
    try {
      stdout = execFileSync(process.execPath, [bin, '--format', 'json', 'src'], { cwd: project, encoding: 'utf8' });
      throw new Error(`expected ESLint to exit 1 with findings, got: ${stdout}`);
    } catch (error) {
      const failure = error as { status?: number; stdout?: string; stderr?: string };
      if (failure.status !== 1) throw error;
      stdout = failure.stdout ?? '';
    }
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; fatal?: boolean }[] }[];
    const byFile = Object.fromEntries(results.map((result) => [result.filePath.replace(/.*[\\/]src[\\/]/, ''), result.messages]));
    for (const file of ['heartbeat.ts', 'report.cjs']) {
      expect(byFile[file]?.some((message) => message.fatal)).toBe(false);
      expect(byFile[file]?.map((message) => message.ruleId)).toContain('lifeguard/require-timer-cleanup');
    }
  });
});
