import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runScan, type ScanReport } from '../../src/adoption/scan.js';
import { captureIO, CLEAN_JS, LEAKY_JS, LEAKY_TS, makeProject, removeProjects, REPO_ROOT } from './helpers.js';

afterAll(removeProjects);

describe('lifeguard scan (built-in config)', () => {
  it('groups findings by rule, lists the worst files and the fix plan, exits 1', async () => {
    const root = makeProject({
      'package.json': '{ "type": "module" }\n',
      'src/heartbeat.js': LEAKY_JS,
      'src/presence.ts': LEAKY_TS,
      'src/math.js': CLEAN_JS,
    });
    const io = captureIO(root);
    expect(await runScan(['src'], io)).toBe(1);
    expect(io.out().split('\n')).toEqual([
        'lifeguard scan: 2 findings (2 errors) in 2 of 3 files (built-in config)',
        '',
        'lifeguard/require-timer-cleanup (2)  fix: npx eslint-plugin-lifeguard listener-cleanup',
      expect.stringMatching(/^ {2}src\/heartbeat\.js:2:3 {2}\S/),
      expect.stringMatching(/^ {2}src\/presence\.ts:2:23 {2}/),
        '',
        'Worst files:',
        '  src/heartbeat.js     1  (require-timer-cleanup 1)',
        '  src/presence.ts      1  (require-timer-cleanup 1)',
        '',
        'Fix plan:',
        '  `npx eslint-plugin-lifeguard listener-cleanup src/heartbeat.js src/presence.ts` addresses the 2 `require-timer-cleanup` findings',
        '  Each codemod lists what it leaves for manual review; run `lifeguard scan` again afterwards.',
      '',
    ]);
  });

  it('exits 0 and says so when nothing is found (default path: the working directory)', async () => {
    const root = makeProject({ 'src/math.js': CLEAN_JS, 'node_modules/dep/index.js': LEAKY_JS });
    const io = captureIO(root);
    expect(await runScan([], io)).toBe(0);
    expect(io.out()).toBe('lifeguard scan: no findings in 1 file (built-in config)\n');
    expect(io.err()).toBe('');
  });

  it('scans exactly the files it is given (how hooks call it)', async () => {
    const root = makeProject({ 'src/heartbeat.js': LEAKY_JS, 'src/math.js': CLEAN_JS, 'README.md': '# hi\n' });
    const clean = captureIO(root);
    expect(await runScan(['src/math.js', 'README.md'], clean)).toBe(0);
    expect(clean.out()).toContain('no findings in 1 file');
    const leaky = captureIO(root);
    expect(await runScan(['src/heartbeat.js'], leaky)).toBe(1);
  });

  it('prints a machine-readable report with --format json', async () => {
    const root = makeProject({ 'a.js': LEAKY_JS, 'b.js': LEAKY_JS + LEAKY_JS.replace('startHeartbeat', 'startOther') });
    const io = captureIO(root);
    expect(await runScan(['--format', 'json', '.'], io)).toBe(1);
    const report = JSON.parse(io.out()) as ScanReport;
    expect(report.summary).toEqual({ filesScanned: 2, filesWithFindings: 2, findings: 3, errors: 3, warnings: 0, parseErrors: 0, suppressed: 0 });
    expect(report.config).toEqual({ kind: 'built-in' });
    expect(report.rules).toEqual([expect.objectContaining({ rule: 'lifeguard/require-timer-cleanup', count: 3, codemod: 'listener-cleanup' })]);
    expect(report.files.map((file) => [file.path, file.count])).toEqual([
      ['b.js', 2],
      ['a.js', 1],
    ]);
    expect(report.findings[0]).toEqual(expect.objectContaining({ path: 'a.js', rule: 'lifeguard/require-timer-cleanup', severity: 'error', line: 2, column: 3 }));
    expect(report.fixPlan).toEqual([
      { codemod: 'listener-cleanup', command: 'npx eslint-plugin-lifeguard listener-cleanup a.js b.js', paths: ['a.js', 'b.js'], rules: [{ rule: 'lifeguard/require-timer-cleanup', count: 3 }], findings: 3 },
    ]);
  });

  it('names the common folder in the fix plan when more than three files need the codemod', async () => {
    const root = makeProject({ 'src/a/one.js': LEAKY_JS, 'src/a/two.js': LEAKY_JS, 'src/b/three.js': LEAKY_JS, 'src/b/four.js': LEAKY_JS, 'test/ok.js': CLEAN_JS });
    const io = captureIO(root);
    expect(await runScan(['--format', 'json'], io)).toBe(1);
    expect((JSON.parse(io.out()) as ScanReport).fixPlan[0]?.command).toBe('npx eslint-plugin-lifeguard listener-cleanup src');
  });

  it('writes SARIF 2.1.0 with rules, results and physical locations', async () => {
    const root = makeProject({ 'src/my file.js': LEAKY_JS });
    const io = captureIO(root);
    expect(await runScan(['--format=sarif'], io)).toBe(1);
    const sarif = JSON.parse(io.out()) as {
      version: string;
      runs: { tool: { driver: { name: string; rules: { id: string; helpUri?: string }[] } }; results: Record<string, unknown>[]; originalUriBaseIds: Record<string, { uri: string }> }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const [run] = sarif.runs;
    expect(run?.tool.driver.name).toBe('lifeguard');
    expect(run?.tool.driver.rules).toEqual([
      expect.objectContaining({ id: 'lifeguard/require-timer-cleanup', helpUri: expect.stringContaining('docs/rules/require-timer-cleanup.md') as unknown }),
    ]);
    expect(run?.originalUriBaseIds['%SRCROOT%']?.uri).toMatch(/^file:\/\/.*\/$/);
    expect(run?.results).toEqual([
      {
        ruleId: 'lifeguard/require-timer-cleanup',
        ruleIndex: 0,
        level: 'error',
        message: { text: expect.stringContaining('setInterval') as unknown },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'src/my%20file.js', uriBaseId: '%SRCROOT%' },
              region: { startLine: 2, startColumn: 3, endLine: 2, endColumn: 43 },
            },
          },
        ],
      },
    ]);
  });

  it('reports files that do not parse and fails', async () => {
    const root = makeProject({ 'broken.js': 'export function (\n' });
    const io = captureIO(root);
    expect(await runScan([], io)).toBe(1);
    expect(io.out()).toMatch(/Could not parse \(1\):\n {2}broken\.js:1:\d+ {2}Parsing error/);
  });

  it('respects ESLint bulk suppressions (eslint --suppress-all) and reports only new problems', async () => {
    const suppressions = JSON.stringify({ 'src/old.js': { 'lifeguard/require-timer-cleanup': { count: 1 } } });
    const root = makeProject({ 'src/old.js': LEAKY_JS, 'eslint-suppressions.json': suppressions });
    const io = captureIO(root);
    expect(await runScan([], io)).toBe(0);
    expect(io.out()).toBe('lifeguard scan: no findings in 1 file (1 suppressed by eslint-suppressions.json) (built-in config)\n');
    // A second interval in the same file exceeds the suppressed count: both are reported again, as ESLint does.
    const grown = makeProject({ 'src/old.js': LEAKY_JS + LEAKY_JS.replace('startHeartbeat', 'startOther'), 'eslint-suppressions.json': suppressions });
    const again = captureIO(grown);
    expect(await runScan([], again)).toBe(1);
    expect(again.out()).toContain('lifeguard/require-timer-cleanup (2)');
  });

  it('draws a progress line on a terminal for long runs and clears it', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 60; index += 1) files[`src/file${index}.js`] = CLEAN_JS;
    const root = makeProject(files);
    const io = captureIO(root, true);
    expect(await runScan(['src'], io)).toBe(0);
    expect(io.err()).toContain('\rlifeguard scan [####################] 60/60 files');
    expect(io.err().endsWith('\r\x1b[K')).toBe(true);
    const piped = captureIO(root, false);
    await runScan(['src'], piped);
    expect(piped.err()).toBe('');
  });

  it.each([
    [['--format', 'xml'], '--format must be text, json or sarif, got xml'],
    [['--max-warnings', 'many'], '--max-warnings must be a non-negative integer, got many'],
    [['--frobnicate'], 'unknown option --frobnicate'],
    [['--quite'], 'unknown option --quite (did you mean --quiet?)'],
    [['missing-folder'], 'no such file or directory: missing-folder'],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const root = makeProject({ 'a.js': CLEAN_JS });
    const io = captureIO(root);
    expect(await runScan(args, io)).toBe(2);
    expect(io.err()).toContain(`lifeguard scan: ${message}`);
  });

  it('colours its report on a terminal only (like ESLint’s stylish), and --color/--no-color override', async () => {
    const root = makeProject({ 'src/heartbeat.js': LEAKY_JS });
    const saved = { NO_COLOR: process.env['NO_COLOR'], FORCE_COLOR: process.env['FORCE_COLOR'] };
    delete process.env['NO_COLOR'];
    delete process.env['FORCE_COLOR'];
    try {
      const terminal = captureIO(root);
      terminal.stdout.isTTY = true;
      expect(await runScan(['src'], terminal)).toBe(1);
      expect(terminal.out()).toContain('\x1b[');
      expect(stripVTControlCharacters(terminal.out())).toContain('lifeguard/require-timer-cleanup (1)');
      const piped = captureIO(root);
      await runScan(['src'], piped);
      expect(piped.out()).not.toContain('\x1b[');
      const forcedOff = captureIO(root);
      forcedOff.stdout.isTTY = true;
      await runScan(['--no-color', 'src'], forcedOff);
      expect(forcedOff.out()).toBe(piped.out());
      const forcedOn = captureIO(root);
      await runScan(['--color', 'src'], forcedOn);
      expect(forcedOn.out()).toBe(terminal.out());
    } finally {
      for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
    }
  });

  it('--quiet reports errors only: warnings are neither shown nor counted', async () => {
    const root = makeProject({
      'package.json': '{ "type": "module" }\n',
      'eslint.config.js': "import lifeguard from 'eslint-plugin-lifeguard';\nexport default [lifeguard.configs.recommended, { files: ['src/warn.js'], rules: { 'lifeguard/require-timer-cleanup': 'warn' } }];\n",
      'src/warn.js': LEAKY_JS,
      'src/error.js': LEAKY_JS,
    });
    mkdirSync(join(root, 'node_modules'));
    symlinkSync(REPO_ROOT, join(root, 'node_modules/eslint-plugin-lifeguard'), 'dir');
    const loud = captureIO(root);
    expect(await runScan(['src'], loud)).toBe(1);
    expect(loud.out()).toContain('2 findings (1 error, 1 warning)');
    const quiet = captureIO(root);
    expect(await runScan(['--quiet', 'src'], quiet)).toBe(1);
    expect(quiet.out()).toContain('lifeguard scan: 1 finding (1 error) in 1 of 2 files');
    expect(quiet.out()).not.toContain('src/warn.js');
    const onlyWarnings = captureIO(root);
    expect(await runScan(['--quiet', 'src/warn.js'], onlyWarnings)).toBe(0);
  });

  it('prints its help', async () => {
    const io = captureIO(makeProject({}));
    expect(await runScan(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: lifeguard scan \[paths\.\.\.\]/);
  });
});

describe('lifeguard scan (project config)', () => {
  it("adds the recommended rules when the project's config lacks them, and uses its settings", async () => {
    const root = makeProject({
      'package.json': '{ "type": "module" }\n',
      // The project's own config: a global ignore and a rule of another kind that scan must not run.
      'eslint.config.js': "export default [{ ignores: ['generated/'] }, { rules: { 'no-undef': 'error' } }];\n",
      'src/heartbeat.js': LEAKY_JS,
      'generated/leak.js': LEAKY_JS,
    });
    const io = captureIO(root);
    expect(await runScan(['--format', 'json'], io)).toBe(1);
    const report = JSON.parse(io.out()) as ScanReport;
    expect(report.config).toEqual({ kind: 'project', path: 'eslint.config.js', addedRecommended: true });
    expect(report.findings.map((finding) => `${finding.path} ${finding.rule}`)).toEqual(['src/heartbeat.js lifeguard/require-timer-cleanup']);
    const text = captureIO(root);
    await runScan([], text);
    expect(text.out()).toContain('(eslint.config.js + lifeguard.configs.recommended (not in the config yet))');
  });

  it('finds the config in a parent folder when run from a subfolder', async () => {
    const root = makeProject({ 'eslint.config.mjs': 'export default [{}];\n', 'packages/app/src/heartbeat.js': LEAKY_JS });
    const io = captureIO(`${root}/packages/app`);
    expect(await runScan(['--format', 'json', 'src'], io)).toBe(1);
    expect((JSON.parse(io.out()) as ScanReport).config).toEqual({ kind: 'project', path: '../../eslint.config.mjs', addedRecommended: true });
  });
});
