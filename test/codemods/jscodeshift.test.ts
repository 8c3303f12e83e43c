import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/codemod/engine.js';
import { RETIRING } from './fixtures.js';

/**
 * The codemods as jscodeshift transforms, through the real jscodeshift
 * runner (its default mode: worker processes, @babel/register on) loading the
 * built transform from the project's node_modules, as a user types it. Each
 * run is compared with `lifeguard <codemod>` on an identical copy: the same
 * files change, byte for byte, and the same review items are reported.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const jscodeshift = join(root, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
const lifeguard = join(root, 'bin', 'lifeguard.js');
const EXTENSIONS = '--extensions=js,jsx,mjs,cjs,ts,tsx,mts,cts';
const temporary: string[] = [];

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'codemods', 'staged-timeout', 'jscodeshift.cjs'))) throw new Error('dist/ is missing: run npm run build first (npm test does it through its pretest script)');
});
afterAll(() => {
  for (const directory of temporary) rmSync(directory, { recursive: true, force: true });
});

/** A project folder with this package installed (linked) in node_modules and `files` under it. */
function workspace(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), 'lifeguard-jscodeshift-'));
  temporary.push(directory);
  writeFileSync(join(directory, 'package.json'), '{ "name": "service", "private": true, "type": "module" }\n');
  mkdirSync(join(directory, 'node_modules'));
  symlinkSync(root, join(directory, 'node_modules', 'eslint-plugin-lifeguard'), 'dir');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), text);
  }
  return directory;
}

/** `<case>.input.<ext>` of a codemod's fixtures as `src/<case>.<ext>`. */
function fixtureInputs(codemod: string): Record<string, string> {
  const folder = join(root, 'codemods', codemod, '__testfixtures__');
  const files: Record<string, string> = {};
  for (const name of readdirSync(folder).filter((entry) => entry.includes('.input.'))) files[`src/${name.replace('.input.', '.')}`] = readFileSync(join(folder, name), 'utf8');
  return files;
}

/** A fixture project folder (tsconfig.json and src/) of weak-registry. */
function fixtureProject(name: string): Record<string, string> {
  const folder = join(root, 'codemods', 'weak-registry', '__testfixtures__', name, 'input');
  const files: Record<string, string> = {};
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) visit(path);
      else files[relative(folder, path)] = readFileSync(path, 'utf8');
    }
  };
  visit(folder);
  return files;
}

function runJscodeshift(directory: string, codemod: string, args: readonly string[]): { status: number | null; output: string } {
  const transform = `node_modules/eslint-plugin-lifeguard/dist/codemods/${codemod}/jscodeshift.cjs`;
  const result = spawnSync(process.execPath, [jscodeshift, '-t', transform, EXTENSIONS, '--cpus=1', ...args], { cwd: directory, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 300_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function runCli(directory: string, codemod: string, args: readonly string[]): RunReport {
  const result = spawnSync(process.execPath, [lifeguard, codemod, ...args, '--force', '--json'], { cwd: directory, encoding: 'utf8', timeout: 300_000 });
  return JSON.parse(result.stdout) as RunReport;
}

/** Every file under `directory/src`, relative to `directory`, with its text. */
function sources(directory: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const name of readdirSync(join(directory, 'src'), { recursive: true, withFileTypes: true })) {
    if (!name.isFile()) continue;
    const path = join(name.parentPath, name.name);
    texts.set(relative(directory, path), readFileSync(path, 'utf8'));
  }
  return texts;
}

describe.each([
  // The runtime package, and a vendored file the transform writes when it is missing.
  { codemod: 'listener-cleanup', runtime: ['--runtime-module=lifeguard-runtime'], cli: ['--runtime-module', 'lifeguard-runtime'] },
  { codemod: 'staged-timeout', runtime: ['--runtime-file=src/lifeguard-runtime.ts'], cli: ['--runtime-file', 'src/lifeguard-runtime.ts'] },
])('$codemod as a jscodeshift transform', ({ codemod, runtime, cli }) => {
  let viaJscodeshift: string;
  let viaCli: string;
  let output: string;
  let report: RunReport;
  beforeAll(() => {
    const files = fixtureInputs(codemod);
    viaJscodeshift = workspace(files);
    viaCli = workspace(files);
    const run = runJscodeshift(viaJscodeshift, codemod, [...runtime, 'src']);
    output = run.output;
    expect(run.status, output).toBe(0);
    report = runCli(viaCli, codemod, ['src', ...cli]);
  }, 600_000);

  it('changes the same files as the CLI, byte for byte, and reports no errors', () => {
    expect(output).toContain('0 errors');
    const before = fixtureInputs(codemod);
    const transformed = sources(viaJscodeshift);
    const expected = sources(viaCli);
    expect([...transformed.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [path, text] of expected) expect(transformed.get(path), path).toBe(text);
    const changed = [...transformed].filter(([path, text]) => before[path] !== undefined && before[path] !== text);
    expect(changed.length).toBe(report.summary.changed);
    expect(changed.length).toBeGreaterThan(5);
    expect(output).toContain(`${changed.length} ok`);
  });

  it('reports every review item the CLI lists, at the same place', () => {
    const items = report.files.flatMap((file) => file.manualReview.map((item) => `${file.path} ${item.line}:${item.column} ${item.message}`));
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(output).toContain(item);
  });

  it('is what the package exports as eslint-plugin-lifeguard/codemods/<codemod>', () => {
    const resolved = createRequire(join(viaJscodeshift, 'package.json')).resolve(`eslint-plugin-lifeguard/codemods/${codemod}`);
    expect(realpathSync(resolved)).toBe(realpathSync(join(root, 'dist', 'codemods', codemod, 'jscodeshift.cjs')));
  });
});

describe('weak-registry as a jscodeshift transform (single-file mode)', () => {
  it('makes a file-local fix, type-checked against the project, like the CLI', () => {
    const directory = workspace(fixtureProject('module-registry-object-keyed'));
    const run = runJscodeshift(directory, 'weak-registry', ['src']);
    expect(run.status, run.output).toBe(0);
    const expected = readFileSync(join(root, 'codemods', 'weak-registry', '__testfixtures__', 'module-registry-object-keyed', 'expected', 'src', 'requests.ts'), 'utf8');
    expect(readFileSync(join(directory, 'src', 'requests.ts'), 'utf8')).toBe(expected);
    expect(expected).toContain('new WeakMap()');
  });

  it('leaves a fix that rewrites other files to the CLI, and says so', () => {
    const files = fixtureProject('back-reference-cross-file');
    const directory = workspace(files);
    const run = runJscodeshift(directory, 'weak-registry', ['src']);
    expect(run.status, run.output).toBe(0);
    for (const [path, text] of Object.entries(files)) expect(readFileSync(join(directory, path), 'utf8'), path).toBe(text);
    expect(run.output).toContain("src/room.ts 10:35 Player keeps Room alive from 'playersById': Player is declared in src/player.ts:3, outside the paths given");
    expect(run.output).toContain('(one file at a time here: `npx lifeguard weak-registry <paths>` fixes it across files)');
  });

  it('reports the review item of a registry that is the only holder of its values', () => {
    const directory = workspace(fixtureProject('refused-sole-owner-factory'));
    const run = runJscodeshift(directory, 'weak-registry', ['src']);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain("src/tickets.ts 20:3 'tickets' is the only holder of the values added at line 20");
    expect(readFileSync(join(directory, 'src', 'tickets.ts'), 'utf8')).toBe(fixtureProject('refused-sole-owner-factory')['src/tickets.ts']);
  });
});

describe('the packed package', () => {
  it('contains each transform, the thread it starts and the exports that name them', () => {
    const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    const [packed] = JSON.parse(result.stdout) as { files: { path: string }[] }[];
    const paths = new Set(packed!.files.map((file) => file.path));
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { default: string; types: string }> };
    for (const codemod of ['listener-cleanup', 'staged-timeout', 'weak-registry']) {
      const entry = manifest.exports[`./codemods/${codemod}`]!;
      expect(paths).toContain(entry.default.slice(2));
      expect(paths).toContain(entry.types.slice(2));
    }
    expect(paths).toContain('dist/src/codemod/jscodeshift-client.cjs');
    expect(paths).toContain('dist/src/codemod/jscodeshift-worker.js');
  });
});

describe('the jscodeshift transforms read the project\'s ESLint config, like the CLI', () => {
  it('use the configured cleanup method, and skip a test file and an ignored file with the reason', () => {
    const parser = pathToFileURL(createRequire(join(root, 'package.json')).resolve('@typescript-eslint/parser')).href;
    const directory = workspace({
      'eslint.config.js': `import lifeguard from 'eslint-plugin-lifeguard';
import parser from '${parser}';
export default [
  { ignores: ['src/vendor/**'] },
  { files: ['**/*.ts'], languageOptions: { parser } },
  lifeguard.configs.recommended,
  { files: ['src/**/*.ts'], rules: { 'lifeguard/require-listener-cleanup': ['error', { cleanupMethods: ['retire'] }] } },
];
`,
      'src/metrics.ts': RETIRING,
      'src/vendor/metrics.ts': RETIRING,
      'test/metrics-helper.ts': RETIRING,
    });
    const run = runJscodeshift(directory, 'listener-cleanup', ['--runtime-module=lifeguard-runtime', 'src', 'test']);
    expect(run.status, run.output).toBe(0);
    expect(readFileSync(join(directory, 'src', 'metrics.ts'), 'utf8')).toMatch(/ {2}retire\(\): void \{\n(?: .*\n)*? {4}bus\.off\('sample', this\.record\);\n/);
    expect(readFileSync(join(directory, 'src', 'vendor', 'metrics.ts'), 'utf8')).toBe(RETIRING);
    expect(readFileSync(join(directory, 'test', 'metrics-helper.ts'), 'utf8')).toBe(RETIRING);
    expect(run.output).toContain('src/vendor/metrics.ts skipped: ignored by eslint.config.js');
    expect(run.output).toMatch(/test\/metrics-helper\.ts skipped: eslint\.config\.js does not turn on lifeguard\/require-listener-cleanup/);
  }, 300_000);
});
