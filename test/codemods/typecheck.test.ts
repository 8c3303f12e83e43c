import { existsSync, readFileSync, symlinkSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tsc } from '../typescript.js';
import { main } from '../../src/cli/main.js';
import type { RunReport } from '../../src/codemod/engine.js';
import { originalLine, typeRegressions } from '../../src/codemod/typecheck.js';
import { captureStream, makeGitRepo, makeTree, removeTree } from '../codemod/helpers.js';

/**
 * The per-file codemods type-check what they write when the project has a
 * tsconfig.json: a real project in a temporary git repository, the real CLI,
 * and tsc (its compiler, in this process) before and after.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const roots: string[] = [];
afterAll(() => {
  for (const directory of roots) removeTree(directory);
});

// Node's types only where the code needs them (the vendored runtime does): each program is checked several times.
const tsconfig = (types: string[]): string =>
  JSON.stringify({
    compilerOptions: { strict: true, target: 'ES2022', lib: ['ES2022'], module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: true, skipLibCheck: true, types },
    include: ['src'],
  });

function project(files: Record<string, string>, types: string[] = []): string {
  const directory = makeGitRepo({ 'package.json': '{"type":"module"}\n', 'tsconfig.json': tsconfig(types), ...files });
  roots.push(directory);
  if (types.includes('node')) {
    mkdirSync(join(directory, 'node_modules', '@types'), { recursive: true });
    symlinkSync(join(root, 'node_modules', '@types', 'node'), join(directory, 'node_modules', '@types', 'node'), 'dir');
  }
  return directory;
}

/** The project's own `tsc -p . --noEmit`: its error codes. */
function typeErrors(directory: string): string[] {
  return tsc(directory, '.', { noEmit: true }).output.match(/error TS\d+/g) ?? [];
}

async function run(directory: string, ...argv: string[]): Promise<{ code: number; report: RunReport }> {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await main([...argv, '--json'], { stdout, stderr, cwd: directory });
  return { code, report: JSON.parse(stdout.text()) as RunReport };
}

const BUS = `export interface Bus {
  on(event: 'message', listener: (text: string, at: number) => void): this;
  off(event: 'message', listener: (text: string, at: number) => void): this;
}
`;

const relay = (heading: string, superCall: string): string => `import type { Bus } from './bus.js';
${heading}
  private readonly bus: Bus;
  readonly seen: string[] = [];

  constructor(bus: Bus) {
    ${superCall}this.bus = bus;
    this.bus.on('message', (text, at) => {
      this.seen.push(\`\${text}@\${at}\`);
    });
    process.on('SIGHUP', this.onHangup);
  }

  private readonly onHangup = (): void => {
    this.seen.length = 0;
  };

  // Lets go of the process listener and forgets the bus one.
  close(): void {
    this.seen.length = 0;
    process.off('SIGHUP', this.onHangup);
  }
}
`;

// Each test builds TypeScript programs and runs tsc: slow on a busy machine.
const SLOW = 120_000;

describe('listener-cleanup type-checks its edits', { timeout: SLOW }, () => {
  it('drops an edit that adds a type error (a handler field clashing with a base class method), reports it and exits 1', async () => {
    const files = {
      'src/bus.ts': BUS,
      'src/base.ts': 'export class Base {\n  protected readonly heard: string[] = [];\n\n  protected onMessage(text: string): void {\n    this.heard.push(text);\n  }\n}\n',
      'src/relay.ts': relay("import { Base } from './base.js';\n\nexport class Relay extends Base {", 'super();\n    '),
    };
    const directory = project(files, ['node']);
    const { code, report } = await run(directory, 'listener-cleanup', 'src');
    expect(code).toBe(1);
    const file = report.files.find((entry) => entry.path === 'src/relay.ts')!;
    expect(file.status).toBe('failed');
    expect(file.reason).toMatch(/not written: the edit adds 1 type error\(s\) \(TS2416 at line \d+\)/);
    expect(file.manualReview.map((item) => item.message).join('\n')).toMatch(/edit not applied: .*TS2416: Property 'onMessage' in type 'Relay' is not assignable to the same property in base type 'Base'/);
    // Left exactly as it was, and the project type-checks (as it did).
    expect(readFileSync(join(directory, 'src/relay.ts'), 'utf8')).toBe(files['src/relay.ts']);
    expect(typeErrors(directory)).toEqual([]);
  });

  it('keeps a clean edit: the removal is written and tsc stays at 0 errors', async () => {
    const directory = project({ 'src/bus.ts': BUS, 'src/relay.ts': relay('\nexport class Relay {', '') }, ['node']);
    const { code, report } = await run(directory, 'listener-cleanup', 'src');
    expect(code).toBe(0);
    expect(report.summary.changed).toBe(1);
    const written = readFileSync(join(directory, 'src/relay.ts'), 'utf8');
    expect(written).toMatch(/this\.bus\.off\('message', this\.onMessage\)/);
    expect(typeErrors(directory)).toEqual([]);
  });
});

describe('staged-timeout type-checks its edits', { timeout: SLOW }, () => {
  const deps = (connect: string): string => `export const db: { connect(): ${connect} } = {
  connect: () => ${connect.startsWith('Promise') ? 'Promise.resolve({ id: 1 })' : '({ id: 1 })'},
};
`;
  const main = `import { db } from './deps.js';

export async function setup(): Promise<number> {
  const connection = await db.connect();
  return connection.id;
}
`;

  it('drops a bound around a value that is not a promise (withTimeout would not accept it) and leaves the file as it was', async () => {
    const directory = project({ 'src/deps.ts': deps('{ id: number }'), 'src/main.ts': main }, ['node']);
    const { code, report } = await run(directory, 'staged-timeout', 'src');
    expect(code).toBe(1);
    const file = report.files.find((entry) => entry.path === 'src/main.ts')!;
    expect(file.status).toBe('failed');
    expect(file.manualReview.map((item) => item.message).join('\n')).toMatch(/edit not applied: it would add \d+ type error\(s\), first TS2345/);
    expect(file.manualReview.find((item) => item.message.startsWith('edit not applied'))?.line).toBe(4);
    expect(readFileSync(join(directory, 'src/main.ts'), 'utf8')).toBe(main);
    // Nothing imports the runtime, so it is not vendored either.
    expect(report.runtime).toMatchObject({ kind: 'file', status: 'not-needed' });
    expect(typeErrors(directory)).toEqual([]);
  });

  it('keeps a clean bound, checked against the vendored runtime before it is written', async () => {
    const directory = project({ 'src/deps.ts': deps('Promise<{ id: number }>'), 'src/main.ts': main }, ['node']);
    const { code, report } = await run(directory, 'staged-timeout', 'src');
    expect(code).toBe(0);
    expect(report.summary.changed).toBe(1);
    expect(readFileSync(join(directory, 'src/main.ts'), 'utf8')).toMatch(/await withTimeout\(db\.connect\(\), /);
    expect(existsSync(join(directory, 'src/lifeguard-runtime.ts'))).toBe(true);
    expect(typeErrors(directory)).toEqual([]);
  });
});

describe('the vendored runtime stays inside each package', { timeout: SLOW }, () => {
  const app = (name: string): Record<string, string> => ({
    [`packages/${name}/package.json`]: JSON.stringify({ name, type: 'module', scripts: { start: 'node dist/main.js' } }),
    [`packages/${name}/src/deps.ts`]: 'export const db = { connect: async (): Promise<number> => 1 };\n',
    [`packages/${name}/src/main.ts`]: "import { db } from './deps.js';\n\nexport async function main(): Promise<number> {\n  return await db.connect();\n}\n",
  });

  it('a run over two packages writes no runtime above them: each package gets its own, inside it', async () => {
    const directory = makeGitRepo({ 'package.json': JSON.stringify({ private: true, workspaces: ['packages/*'] }), ...app('alpha'), ...app('beta') });
    roots.push(directory);
    const both = await run(directory, 'staged-timeout', 'packages/alpha/src', 'packages/beta/src');
    expect(both.code).toBe(0);
    expect(existsSync(join(directory, 'packages', 'lifeguard-runtime.ts'))).toBe(false);
    for (const name of ['alpha', 'beta']) {
      expect(existsSync(join(directory, `packages/${name}/src/lifeguard-runtime.ts`))).toBe(true);
      expect(readFileSync(join(directory, `packages/${name}/src/main.ts`), 'utf8')).toContain("import { withTimeout } from './lifeguard-runtime.js';");
    }
  });
});

describe('typeRegressions', { timeout: SLOW }, () => {
  it('compares with the errors the file already has: an edit that keeps an old error is kept', () => {
    const directory = makeTree({ 'tsconfig.json': tsconfig([]), 'src/a.ts': 'export const a: number = "x";\n' });
    roots.push(directory);
    const path = join(directory, 'src/a.ts');
    const kept = typeRegressions([{ path, before: 'export const a: number = "x";\n', after: 'export const a: number = "x";\nexport const b = 1;\n' }]);
    expect(kept.size).toBe(0);
    const dropped = typeRegressions([{ path, before: 'export const a: number = "x";\n', after: 'export const a: number = "x";\nexport const b: string = 2;\n' }]);
    expect(dropped.get(path)).toMatchObject({ added: 1, code: 'TS2322', line: 1 });
  });

  it('does not count more uses of a name the file already cannot resolve (its dependency is not installed)', () => {
    const directory = makeTree({ 'tsconfig.json': tsconfig([]), 'src/a.ts': 'process.stdin.on("data", () => {});\n' });
    roots.push(directory);
    const path = join(directory, 'src/a.ts');
    const before = 'process.stdin.on("data", () => {});\n';
    expect(typeRegressions([{ path, before, after: `${before}process.stdin.off("data", () => {});\n` }]).size).toBe(0);
    // A name it could resolve before is a new error.
    expect(typeRegressions([{ path, before, after: `${before}missing.off();\n` }]).get(path)).toMatchObject({ code: 'TS2304', message: "Cannot find name 'missing'" });
  });

  it('checks each package under its own tsconfig, sharing the lib files between them', () => {
    const options = (target: string) => JSON.stringify({ compilerOptions: { strict: true, target, lib: [target], noEmit: true, types: [] }, include: ['src'] });
    const directory = makeTree({ 'modern/tsconfig.json': options('ES2022'), 'legacy/tsconfig.json': options('ES2020'), 'modern/src/a.ts': 'export {};\n', 'legacy/src/a.ts': 'export {};\n' });
    roots.push(directory);
    const edit = { before: 'export {};\n', after: 'export const own = Object.hasOwn({}, "a");\n' };
    const modern = join(directory, 'modern/src/a.ts');
    const legacy = join(directory, 'legacy/src/a.ts');
    // Object.hasOwn is in ES2022's lib and not in ES2020's: only the legacy package's edit adds an error.
    const dropped = typeRegressions([{ path: modern, ...edit }, { path: legacy, ...edit }]);
    expect([...dropped.keys()]).toEqual([legacy]);
    expect(dropped.get(legacy)).toMatchObject({ code: 'TS2550' });
    // Checked again in the same process (its lib files already parsed), the verdicts are the same.
    expect([...typeRegressions([{ path: legacy, ...edit }, { path: modern, ...edit }]).keys()]).toEqual([legacy]);
  });

  it('checks nothing outside a tsconfig', () => {
    const directory = makeTree({ 'a.ts': 'export const a = 1;\n' });
    roots.push(directory);
    // makeTree is in the system temp folder, with no tsconfig.json above it.
    expect(typeRegressions([{ path: join(directory, 'a.ts'), before: 'export const a = 1;\n', after: 'export const a: string = 1;\n' }]).size).toBe(0);
  });

  it('maps a line of the edited text to the line of the original it replaced', () => {
    const before = 'a\nb\nc\n';
    const after = 'a\nx\ny\nb\nc\n';
    expect(originalLine(before, after, 1)).toEqual({ line: 1, exact: true });
    expect(originalLine(before, after, 3)).toEqual({ line: 2, exact: false });
    expect(originalLine(before, after, 5)).toEqual({ line: 3, exact: true });
    // A rewritten line maps to the line it replaces.
    expect(originalLine('a\nb\nc\n', 'a\nimport\nB\nc\n', 3)).toEqual({ line: 2, exact: false });
  });
});
