import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `lifeguard-runtime` as production code installs it: `npm pack` of runtime/,
 * installed with `--omit=dev` into a fresh project (no plugin, no TypeScript
 * there), then loaded through `import` and `require` and type-checked by the
 * real `tsc` under `module: node16` from an ES module and a CommonJS file.
 */

const runtimeDirectory = fileURLToPath(new URL('../../runtime/', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
let work: string;
let project: string;
let tarball: string;

function npm(cwd: string, ...args: string[]): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'lifeguard-runtime-pack-'));
  // --ignore-scripts: pack the build that `npm run build` (pretest) made, instead of rebuilding dist/ under other tests' feet.
  npm(runtimeDirectory, 'pack', '--ignore-scripts', '--pack-destination', work);
  const packed = readdirSync(work).filter((name) => name.endsWith('.tgz'));
  expect(packed).toHaveLength(1);
  tarball = join(work, packed[0]!);
  project = join(work, 'service');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'service', version: '1.0.0', private: true }));
  npm(project, 'install', '--omit=dev', '--offline', tarball);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('lifeguard-runtime package', () => {
  it('declares no dependencies and ships both builds with their types', () => {
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules/lifeguard-runtime/package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.name).toBe('lifeguard-runtime');
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependencies).toBeUndefined();
    const installed = readdirSync(join(project, 'node_modules'));
    expect(installed.filter((name) => !name.startsWith('.'))).toEqual(['lifeguard-runtime']);
    for (const file of ['dist/esm/lifeguard-runtime.js', 'dist/esm/lifeguard-runtime.d.ts', 'dist/cjs/lifeguard-runtime.js', 'dist/cjs/lifeguard-runtime.d.ts']) {
      expect(readFileSync(join(project, 'node_modules/lifeguard-runtime', file), 'utf8').length).toBeGreaterThan(1000);
    }
  });

  const program = (load: string) => `${load}
const names = ['withTimeout', 'stage', 'deadline', 'StepTimeoutError', 'WeakRegistry', 'ListenerScope'];
const missing = names.filter((name) => typeof runtime[name] !== 'function');
runtime.stage('startup', 20, () => runtime.withTimeout(new Promise(() => {}), 1000, 'db.connect')).then(
  () => { console.log('resolved'); },
  (error) => { console.log(JSON.stringify({ missing, timeout: error instanceof runtime.StepTimeoutError, message: error.message })); },
);
`;

  it.each([
    ['import', 'main.mjs', program("import * as runtime from 'lifeguard-runtime';")],
    ['require', 'main.cjs', program("const runtime = require('lifeguard-runtime');")],
  ])('loads through %s and times out a hung step', (_kind, file, text) => {
    writeFileSync(join(project, file), text);
    const output = execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8', timeout: 10_000 });
    expect(JSON.parse(output)).toEqual({
      missing: [],
      timeout: true,
      message: expect.stringMatching(/^step 'startup > db\.connect' timed out: budget of 'startup' \(20 ms\) ran out after \d+ ms$/) as unknown,
    });
  });

  it('type-checks from an ES module and from a CommonJS file under module node16', () => {
    const use = `
const scope = new ListenerScope();
const bounded: Promise<number> = withTimeout(async (signal: AbortSignal) => (signal.aborted ? 0 : 1), 100, 'probe');
const error: unknown = undefined;
if (error instanceof StepTimeoutError) console.log(error.path, error.budgetMs);
scope.dispose();
void bounded;
`;
    writeFileSync(join(project, 'esm.mts'), `import { ListenerScope, StepTimeoutError, withTimeout } from 'lifeguard-runtime';\n${use}`);
    writeFileSync(join(project, 'cjs.cts'), `import runtime = require('lifeguard-runtime');\nconst { ListenerScope, StepTimeoutError, withTimeout } = runtime;\n${use}`);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], module: 'node16', moduleResolution: 'node16', strict: true, noEmit: true },
        files: ['esm.mts', 'cjs.cts'],
      }),
    );
    let output: string;
    try {
      output = execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--listFiles'], { cwd: project, encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
      expect.fail(output.split('\n').filter((line) => line.includes('error TS')).join('\n'));
    }
    // Both files resolved to their own flavour: the CommonJS one to dist/cjs.
    expect(output).toContain('node_modules/lifeguard-runtime/dist/esm/lifeguard-runtime.d.ts');
    expect(output).toContain('node_modules/lifeguard-runtime/dist/cjs/lifeguard-runtime.d.ts');
  });

  it("is what the plugin's ./runtime export re-exports, under import and require", async () => {
    const viaRequire = createRequire(import.meta.url)('eslint-plugin-lifeguard/runtime') as Record<string, unknown>;
    const viaImport = (await import('eslint-plugin-lifeguard/runtime')) as Record<string, unknown>;
    const packageRequire = createRequire(join(runtimeDirectory, 'package.json'));
    expect(viaRequire.withTimeout).toBe(packageRequire('./dist/cjs/lifeguard-runtime.js').withTimeout);
    expect(Object.keys(viaImport).sort()).toEqual(Object.keys(viaRequire).filter((name) => name !== '__esModule').sort());
  });
});
