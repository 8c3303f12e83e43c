import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/lifeguard.js', import.meta.url));
const BUILT = existsSync(fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url)));

// The launcher imports the compiled CLI; `npm test` builds first through its pretest script.
describe('bin/lifeguard.js (built)', () => {
  beforeAll(() => {
    if (!BUILT) throw new Error('dist/ is missing: run `npm run build` before the tests (npm test does it through pretest).');
  });

  it('prints the version and lists the rules', () => {
    expect(execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' })).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(execFileSync(process.execPath, [BIN, 'list'], { encoding: 'utf8' })).toMatch(/^ {2}lifeguard\/require-timer-cleanup /m);
  });

  it('exits 2 on an unknown command', () => {
    const result = spawnSync(process.execPath, [BIN, 'frobnicate'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command: frobnicate');
  });
});

/**
 * The packages each command loads, in a fresh process: `--version` nothing heavy, `scan` ESLint
 * but not ts-morph (a pre-commit hook runs it on every commit), TypeScript only once a TypeScript
 * file is linted. A top-level import of the codemod registry or the engine in the CLI fails here.
 */
describe('what each command loads', () => {
  const MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
  const probe = `
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const require = createRequire(import.meta.url);
const { main } = await import(${JSON.stringify(MAIN)});
const cwd = mkdtempSync(join(tmpdir(), 'lifeguard-startup-'));
writeFileSync(join(cwd, 'a.js'), 'export const a = 1;\\n');
writeFileSync(join(cwd, 'b.ts'), 'export const b: number = 1;\\n');
const io = { stdout: { write() {} }, stderr: { write() {} }, cwd };
const loaded = () => [...new Set(Object.keys(require.cache).map((path) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(path)?.[1]).filter(Boolean))].sort();
const steps = {};
for (const [name, argv] of [['version', ['-v']], ['scan js', ['scan', 'a.js']], ['scan ts', ['scan', 'b.ts']], ['codemod', ['listener-cleanup', 'a.js', '--dry']]]) {
  await main(argv, io);
  steps[name] = loaded();
}
rmSync(cwd, { recursive: true, force: true });
process.stdout.write(JSON.stringify(steps));
`;

  it('loads TypeScript and ts-morph only for the commands that use them', () => {
    const steps = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' })) as Record<string, string[]>;
    expect(steps['version']).toEqual([]);
    expect(steps['scan js']).toContain('eslint');
    expect(steps['scan js']).not.toContain('typescript');
    expect(steps['scan ts']).toContain('typescript');
    for (const step of ['version', 'scan js', 'scan ts']) expect(steps[step]).not.toContain('ts-morph');
    // The probe sees a package once it loads: the codemod run does load ts-morph (weak-registry is registered).
    expect(steps['codemod']).toContain('ts-morph');
  });
});
