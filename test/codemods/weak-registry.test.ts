import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { Project, ts } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { weakRegistryCodemod, transformWeakRegistry } from '../../codemods/weak-registry/index.js';
import { buildModuleGraph } from '../../codemods/weak-registry/module-graph.js';
import { loadProject, releaseProject } from '../../codemods/weak-registry/project.js';
import { vendoredRuntimeJavaScript, vendoredRuntimeTypeScript } from '../../runtime/vendor.js';
import { main, type CliIO } from '../../src/cli/main.js';
import type { RunReport } from '../../src/codemod/engine.js';
import { addImport } from '../../src/codemod/imports.js';
import { checkParses, parseSourceFile } from '../../src/codemod/parse.js';
import { toPosix } from '../../src/util/paths.js';
import { ProjectInfo } from '../../src/codemod/project.js';
import { runtimeSpecifierFor } from '../../src/codemod/runtime.js';
import type { ParsedFile } from '../../src/codemod/types.js';
import plugin from '../../src/index.js';
import { captureStream, commitAll, hashTree, makeGitRepo, makeTree, removeTree } from '../codemod/helpers.js';

const FIXTURES = fileURLToPath(new URL('../../codemods/weak-registry/__testfixtures__/', import.meta.url));
const CASES = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const SOURCE = /\.(?:[mc]?[jt]sx?)$/;
const RUNTIME = 'src/lifeguard-runtime.ts';
const PAIRED_RULES = weakRegistryCodemod.pairedRules.map((rule) => `lifeguard/${rule}`);

const temps: string[] = [];
afterAll(() => temps.forEach(removeTree));

/** Every file under `root`, relative, sorted. */
function listTree(root: string): string[] {
  const files: string[] = [];
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) visit(path);
      else files.push(toPosix(relative(root, path)));
    }
  };
  visit(root);
  return files.sort();
}

interface TreeResult {
  /** Relative path → text after the codemod (every file of the tree). */
  texts: Map<string, string>;
  /** `src/a.ts:3:7 message`, sorted. */
  review: string[];
}

/** Runs the codemod over a fixture project in place (it never writes), with the runtime vendored at src/lifeguard-runtime.ts. */
function transformTree(root: string): TreeResult {
  const info = new ProjectInfo();
  const runtimePath = join(root, RUNTIME);
  const target = { kind: 'file' as const, path: runtimePath, format: 'ts' as const };
  const files: ParsedFile[] = [];
  const texts = new Map<string, string>();
  for (const path of listTree(root)) {
    const text = readFileSync(join(root, path), 'utf8');
    texts.set(path, text);
    if (!SOURCE.test(path)) continue;
    const parsed = parseSourceFile(join(root, path), text, root, info);
    if (!parsed.ok) throw new Error(`${path}: ${parsed.reason}`);
    files.push(parsed.file);
  }
  const results = transformWeakRegistry(files, {
    options: { project: null },
    cwd: root,
    runtime: { kind: 'file', path: runtimePath },
    runtimeSpecifier: (path) => runtimeSpecifierFor(path, target, info),
    runtimeImport: (file, names) => addImport(file, { source: runtimeSpecifierFor(file.path, target, info), names }),
  });
  const review: string[] = [];
  for (const [path, result] of results) {
    const rel = toPosix(relative(root, path));
    if (result.output !== undefined) texts.set(rel, result.output);
    for (const item of result.manualReview) review.push(`${rel}:${item.line}:${item.column} ${item.message}`);
  }
  return { texts, review: review.sort() };
}

/** Type errors of a fixture project, with the vendored runtime in memory (formatted for a readable failure). */
const typeCheckProjects = new Map<string, Project>();
/**
 * One ts-morph project per distinct tsconfig text, its files swapped per fixture: the lib files
 * are parsed and bound once instead of once per fixture (48 of the 50 trees share one tsconfig).
 */
function typeCheckProject(root: string): Project {
  const configPath = join(root, 'tsconfig.json');
  const key = readFileSync(configPath, 'utf8');
  let project = typeCheckProjects.get(key);
  if (!project) typeCheckProjects.set(key, (project = new Project({ tsConfigFilePath: configPath, skipAddingFilesFromTsConfig: true })));
  for (const file of project.getSourceFiles()) project.removeSourceFile(file);
  project.addSourceFilesFromTsConfig(configPath);
  return project;
}

function typeErrors(root: string, texts?: Map<string, string>): string[] {
  const project = typeCheckProject(root);
  if (texts) for (const [path, text] of texts) if (SOURCE.test(path)) project.createSourceFile(join(root, path), text, { overwrite: true });
  if (!project.getSourceFile(join(root, RUNTIME))) project.createSourceFile(join(root, RUNTIME), vendoredRuntimeTypeScript(), { overwrite: true });
  return project
    .getPreEmitDiagnostics()
    .filter((diagnostic) => diagnostic.getCategory() === ts.DiagnosticCategory.Error)
    .map((diagnostic) => {
      const message = diagnostic.getMessageText();
      return `${diagnostic.getSourceFile()?.getFilePath() ?? ''}:${diagnostic.getLineNumber() ?? ''} ${typeof message === 'string' ? message : message.getMessageText()}`;
    });
}

function readReview(name: string): string[] {
  const path = join(FIXTURES, name, 'review.txt');
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).sort() : [];
}

const linter = new Linter({ configType: 'flat' });
function pairedFindings(path: string, text: string): { line: number; ruleId: string }[] {
  const messages = linter.verify(
    text,
    [
      {
        files: ['**/*.{ts,tsx,mts,cts,js,mjs,cjs}'],
        plugins: { lifeguard: plugin as never },
        languageOptions: { parser: tsParser as never, sourceType: 'module' },
        rules: Object.fromEntries(PAIRED_RULES.map((rule) => [rule, 'error'])),
      },
    ],
    path,
  );
  if (messages.some((message) => message.fatal || !message.ruleId)) throw new Error(JSON.stringify(messages));
  return messages.map((message) => ({ line: message.line, ruleId: message.ruleId ?? '' }));
}

const results = new Map<string, TreeResult>();
function resultOf(name: string): TreeResult {
  let result = results.get(name);
  if (!result) results.set(name, (result = transformTree(join(FIXTURES, name, 'input'))));
  return result;
}

describe('weak-registry: fixture projects', () => {
  it('has at least 20 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(CASES)('%s: output tree equals expected/ and the review list matches', (name) => {
    const result = resultOf(name);
    const expectedRoot = join(FIXTURES, name, 'expected');
    if (process.env['UPDATE_WEAK_REGISTRY_FIXTURES']) {
      for (const [path, text] of result.texts) {
        mkdirSync(dirname(join(expectedRoot, path)), { recursive: true });
        writeFileSync(join(expectedRoot, path), text);
      }
      writeFileSync(join(FIXTURES, name, 'review.txt'), result.review.map((line) => `${line}\n`).join(''));
    }
    expect(listTree(expectedRoot)).toEqual([...result.texts.keys()].sort());
    for (const [path, text] of result.texts) expect(text, path).toBe(readFileSync(join(expectedRoot, path), 'utf8'));
    expect(result.review).toEqual(readReview(name));
  });

  it.each(CASES)('%s: input and expected both type-check; every output parses', (name) => {
    expect(typeErrors(join(FIXTURES, name, 'input'))).toEqual([]);
    expect(typeErrors(join(FIXTURES, name, 'expected'))).toEqual([]);
    for (const [path, text] of resultOf(name).texts) if (SOURCE.test(path)) expect(checkParses(path, text), path).toBeNull();
  });

  it.each(CASES)('%s: a second run changes nothing (idempotent)', (name) => {
    const root = join(FIXTURES, name, 'expected');
    const again = transformTree(root);
    for (const [path, text] of again.texts) expect(text, path).toBe(readFileSync(join(root, path), 'utf8'));
  });

  it.each(CASES)('%s: the paired rules report nothing it fixed (only what it listed for review)', (name) => {
    const root = join(FIXTURES, name, 'expected');
    const reviewed = new Set(readReview(name).map((line) => line.split(' ')[0]!.split(':').slice(0, 2).join(':')));
    for (const path of listTree(root).filter((file) => SOURCE.test(file))) {
      for (const finding of pairedFindings(join(root, path), readFileSync(join(root, path), 'utf8'))) {
        expect(reviewed, `${finding.ruleId} still reports ${path}:${finding.line}`).toContain(`${path}:${finding.line}`);
      }
    }
  });

  it.each(CASES)('%s: unchanged files stay byte-identical', (name) => {
    const input = join(FIXTURES, name, 'input');
    const result = resultOf(name);
    const changed = [...result.texts].filter(([path, text]) => text !== readFileSync(join(input, path), 'utf8')).map(([path]) => path);
    // Files with only refusals keep every byte; `changed` lists exactly the files that differ from expected's unchanged ones.
    for (const path of listTree(input)) {
      if (!changed.includes(path)) expect(readFileSync(join(FIXTURES, name, 'expected', path), 'utf8')).toBe(readFileSync(join(input, path), 'utf8'));
    }
  });
});

/** A fixture's input (or expected) files, keyed by relative path. */
function fixtureFiles(name: string, side: 'input' | 'expected'): Record<string, string> {
  const root = join(FIXTURES, name, side);
  return Object.fromEntries(listTree(root).map((path) => [path, readFileSync(join(root, path), 'utf8')]));
}

async function runCli(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = captureStream();
  const stderr = captureStream();
  const io: CliIO = { stdout, stderr, cwd };
  const code = await main(argv, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('weak-registry: projects that already have type errors', () => {
  // The after-check finds errors here, so the before-count is taken (first over the files with errors, then the rest).
  const tree = (describeJob: string): Record<string, string> => ({
    'tsconfig.json': readFileSync(join(FIXTURES, 'back-reference-refused-type-error', 'input', 'tsconfig.json'), 'utf8'),
    'src/job.ts': `import type { Queue } from './queue.js';\n\nexport class Job {\n  constructor(readonly id: string, readonly queue: Queue) {}\n\n  describe(): string {\n    ${describeJob}\n  }\n}\n`,
    'src/queue.ts': `import { Job } from './job.js';\nimport { jobs } from './registry.js';\n\nexport class Queue {\n  constructor(readonly name: string) {}\n\n  add(id: string): void {\n    jobs.set(id, new Job(id, this));\n  }\n}\n`,
    'src/registry.ts': `import type { Job } from './job.js';\n\nexport const jobs = new Map<string, Job>();\n`,
    'src/broken.ts': `import { Queue } from './queue.js';\n\nexport const count: number = new Queue('a').name;\n`,
  });

  it('applies a fix that adds no error, and keeps the existing ones', () => {
    const root = makeTree(tree("return this.queue?.name ?? 'gone';"));
    temps.push(root);
    const before = typeErrors(root);
    expect(before).toHaveLength(1);
    const result = transformTree(root);
    expect(result.texts.get('src/job.ts')).toContain('private readonly queueRef: WeakRef<Queue>');
    expect(result.review).toEqual([]);
    expect(typeErrors(root, result.texts)).toHaveLength(before.length);
  });

  it('drops a fix that adds an error and reports it, keeping the count', () => {
    const root = makeTree(tree('return this.queue.name;'));
    temps.push(root);
    const result = transformTree(root);
    expect(result.texts.get('src/job.ts')).toBe(readFileSync(join(root, 'src/job.ts'), 'utf8'));
    expect(result.review).toEqual([
      "src/queue.ts:8:30 Job.queue → WeakRef not applied: it would add 1 type error(s) (e.g. src/job.ts:11: Type 'string | undefined' is not assignable to type 'string'.); fix by hand",
    ]);
    expect(typeErrors(root, result.texts)).toHaveLength(1);
  });
});

describe('weak-registry: loads only what the findings reach', () => {
  const TSCONFIG = readFileSync(join(FIXTURES, 'back-reference-refused-type-error', 'input', 'tsconfig.json'), 'utf8');
  // registry.ts has the finding; index.ts → service.ts → registry.ts import it; other.ts is unrelated.
  const files: Record<string, string> = {
    'tsconfig.json': TSCONFIG,
    'src/session.ts': `export interface Session {\n  readonly user: string;\n}\n`,
    'src/registry.ts': `import type { Session } from './session.js';\n\nconst sessions = new Map<object, Session>();\n\nexport function track(socket: object, session: Session): void {\n  sessions.set(socket, session);\n}\n`,
    'src/service.ts': `import { track } from './registry.js';\n\nexport function open(socket: object): void {\n  track(socket, { user: 'a' });\n}\n`,
    'src/index.ts': `export * from './service.js';\nconst lazy = () => import('./other.js');\nexport { lazy };\n`,
    'src/other.ts': `export const other = 1;\n`,
    'src/lonely.ts': `export const lonely = Array.from('ab');\n`,
  };
  const parse = (root: string, names: readonly string[]): ParsedFile[] => {
    const info = new ProjectInfo();
    return names.map((name) => {
      const parsed = parseSourceFile(join(root, name), readFileSync(join(root, name), 'utf8'), root, info);
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.file;
    });
  };
  const SOURCES = Object.keys(files).filter((name) => SOURCE.test(name));
  const loaded = (root: string, project: Project): string[] =>
    project
      .getSourceFiles()
      .map((file) => toPosix(relative(root, file.getFilePath())))
      .filter((path) => !path.startsWith('..'))
      .sort();

  it('builds the import graph from the tokens: from, import(), require, with .js → .ts', () => {
    const root = makeTree({ ...files, 'src/legacy.cjs': `const { other } = require('./other.ts');\nmodule.exports = other;\n`, 'src/script.ts': `const global = 1;\n` });
    temps.push(root);
    const graph = buildModuleGraph(parse(root, [...SOURCES, 'src/legacy.cjs', 'src/script.ts']), []);
    const rel = (paths: Iterable<string> | undefined): string[] => [...(paths ?? [])].map((path) => toPosix(relative(root, path))).sort();
    expect(rel(graph.importers.get(join(root, 'src/registry.ts')))).toEqual(['src/service.ts']);
    expect(rel(graph.importers.get(join(root, 'src/other.ts')))).toEqual(['src/index.ts', 'src/legacy.cjs']);
    expect(rel(graph.imports.get(join(root, 'src/lonely.ts')))).toEqual([]);
    expect(rel(graph.globals)).toEqual(['src/script.ts']);
    expect(graph.unresolved).toBeNull();
  });

  it('loads the roots and their imports first, and their importers on demand', () => {
    const root = makeTree(files);
    temps.push(root);
    const members = parse(root, SOURCES);
    const texts = new Map(members.map((file) => [file.path, file.text]));
    const typed = loadProject(join(root, 'tsconfig.json'), members, [join(root, 'src/registry.ts')], texts, null);
    expect(typed.scope.whole).toBeNull();
    expect(loaded(root, typed.project)).toEqual(['src/registry.ts', 'src/session.ts']);
    typed.scope.ensure([join(root, 'src/registry.ts')]);
    expect(loaded(root, typed.project)).toEqual(['src/index.ts', 'src/other.ts', 'src/registry.ts', 'src/service.ts', 'src/session.ts']);
  });

  it('loads the whole project when the tsconfig maps module names', () => {
    const tsconfig = JSON.parse(TSCONFIG) as { compilerOptions: Record<string, unknown> };
    tsconfig.compilerOptions['paths'] = { '@app/*': ['./src/*'] };
    const root = makeTree({ ...files, 'tsconfig.json': JSON.stringify(tsconfig) });
    temps.push(root);
    const members = parse(root, SOURCES);
    const typed = loadProject(join(root, 'tsconfig.json'), members, [join(root, 'src/registry.ts')], new Map(), null);
    expect(typed.scope.whole).toContain('paths');
    expect(loaded(root, typed.project)).toEqual([...SOURCES].sort());
  });

  it('loads the whole project when an importer declares globals', () => {
    const root = makeTree({ ...files, 'src/globals.ts': `import { track } from './registry.js';\n\ndeclare global {\n  var trackSocket: typeof track;\n}\n` });
    temps.push(root);
    const members = parse(root, [...SOURCES, 'src/globals.ts']);
    const typed = loadProject(join(root, 'tsconfig.json'), members, [join(root, 'src/registry.ts')], new Map(), null);
    expect(typed.scope.whole).toBeNull();
    typed.scope.ensure([join(root, 'src/registry.ts')]);
    expect(typed.scope.whole).toContain('declares globals');
    expect(loaded(root, typed.project)).toEqual([...SOURCES, 'src/globals.ts'].sort());
  });

  it('keeps a released project for the next run under the same tsconfig, which reads the files as they are then', () => {
    const root = makeTree(files);
    temps.push(root);
    const tsconfig = join(root, 'tsconfig.json');
    const session = join(root, 'src/session.ts');
    const members = parse(root, SOURCES);
    // The engine's texts are created in memory over the files on disk.
    const first = loadProject(tsconfig, members, [join(root, 'src/registry.ts')], new Map(members.map((file) => [file.path, file.text])), null);
    expect(first.project.getSourceFile(session)?.getFullText()).toBe(files['src/session.ts']);
    releaseProject(first);
    expect(first.project.getSourceFiles()).toEqual([]);

    // jscodeshift writes each file before it transforms the next one.
    const changed = `export interface Session {\n  readonly user: string;\n  readonly since: number;\n}\n`;
    writeFileSync(session, changed);
    const second = loadProject(tsconfig, parse(root, SOURCES), [join(root, 'src/registry.ts')], new Map(), null);
    expect(second.project).toBe(first.project);
    expect(second.project.getSourceFile(session)?.getFullText()).toBe(changed);
    expect(loaded(root, second.project)).toEqual(['src/registry.ts', 'src/session.ts']);
    releaseProject(second);

    // Other compiler options, another project.
    const options = JSON.parse(TSCONFIG) as { compilerOptions: Record<string, unknown> };
    options.compilerOptions['noUnusedLocals'] = true;
    writeFileSync(tsconfig, JSON.stringify(options));
    const third = loadProject(tsconfig, parse(root, SOURCES), [join(root, 'src/registry.ts')], new Map(), null);
    expect(third.project).not.toBe(first.project);
    expect(third.project.getCompilerOptions().noUnusedLocals).toBe(true);
    releaseProject(third);
  });
});

describe('weak-registry: end to end through the CLI', () => {
  const CASES_E2E = ['back-reference-cross-file', 'module-registry-id-keyed', 'refused-serialised'];
  const project = (side: 'input' | 'expected'): Record<string, string> =>
    Object.assign({ 'package.json': '{ "name": "app", "type": "module" }\n' }, ...CASES_E2E.map((name) => fixtureFiles(name, side))) as Record<string, string>;

  it('rewrites a multi-file project across files, vendors the runtime, type-checks, and is idempotent', async () => {
    const root = makeGitRepo(project('input'));
    temps.push(root);
    const dry = await runCli(root, 'weak-registry', 'src', '--dry', '--diff');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('+  get room(): Room | undefined {');
    expect(dry.stdout).toContain('+  player.room?.history.push(text);');
    expect(dry.stdout).toContain('Runtime: would write src/lifeguard-runtime.ts');

    const first = await runCli(root, 'weak-registry', 'src', '--json');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as RunReport;
    expect(report.summary).toMatchObject({ changed: 4, failed: 0, manualReview: 1 });
    expect(report.runtime).toEqual({ kind: 'file', path: 'src/lifeguard-runtime.ts', status: 'written' });
    const expected = project('expected');
    for (const [path, text] of Object.entries(expected)) expect(readFileSync(join(root, path), 'utf8'), path).toBe(text);
    // The real vendored runtime is on disk now: the project type-checks without any in-memory help.
    const checked = new Project({ tsConfigFilePath: join(root, 'tsconfig.json') });
    expect(checked.getPreEmitDiagnostics().filter((diagnostic) => diagnostic.getCategory() === ts.DiagnosticCategory.Error).map((diagnostic) => diagnostic.getMessageText())).toEqual([]);

    commitAll(root);
    const before = hashTree(root);
    const second = await runCli(root, 'weak-registry', 'src');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^weak-registry: \d+ files: 0 changed/);
    expect(hashTree(root)).toBe(before);
  });

  it('finds the project with --project and refuses a dirty tree', async () => {
    const root = makeGitRepo(project('input'));
    temps.push(root);
    writeFileSync(join(root, 'src/ids.ts'), `${readFileSync(join(root, 'src/ids.ts'), 'utf8')}// edited\n`);
    const dirty = await runCli(root, 'weak-registry', 'src');
    expect(dirty.code).toBe(2);
    expect(dirty.stderr).toContain('uncommitted changes');
    const forced = await runCli(root, 'weak-registry', 'src', '--force', '--project', '.');
    expect(forced.code).toBe(0);
    expect(readFileSync(join(root, 'src/player.ts'), 'utf8')).toBe(project('expected')['src/player.ts']);
  });
});

describe('weak-registry: runtime proof', () => {
  const CHURN = `export class Session {
  readonly payload = new Array<number>(1_000).fill(7);
  constructor(readonly user: string) {}
}

const sessions = new Map<string, Session>();

export function open(user: string): Session {
  const session = new Session(user);
  sessions.set(user, session);
  return session;
}

export function count(): number {
  return sessions.size;
}
`;
  const DRIVER = `import { count, open } from './churn.js';
const samples = [];
for (let round = 0; round < 12; round++) {
  for (let index = 0; index < 300; index++) open('user-' + round + '-' + index);
  for (let pass = 0; pass < 3; pass++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  samples.push({ heap: process.memoryUsage().heapUsed, size: count() });
}
console.log(JSON.stringify(samples));
`;
  const TSCONFIG = readFileSync(join(FIXTURES, 'module-registry-id-keyed/input/tsconfig.json'), 'utf8');

  function churn(source: string, withRuntime: boolean): { heap: number; size: number }[] {
    const directory = makeTree({
      'package.json': '{ "type": "module" }\n',
      'churn.js': ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText,
      'driver.js': DRIVER,
      ...(withRuntime ? { 'lifeguard-runtime.js': vendoredRuntimeJavaScript({ module: 'esm' }) } : {}),
    });
    temps.push(directory);
    return JSON.parse(execFileSync(process.execPath, ['--expose-gc', join(directory, 'driver.js')], { encoding: 'utf8' })) as { heap: number; size: number }[];
  }

  it('the original grows with every session; after the codemod heap and registry size stop growing', () => {
    const root = makeTree({ 'tsconfig.json': TSCONFIG, 'src/churn.ts': CHURN });
    temps.push(root);
    const after = transformTree(root).texts.get('src/churn.ts')!;
    expect(after).toContain('new WeakRegistry<string, Session>()');
    expect(after).toContain('return sessions.sizeUpperBound;');

    const leaking = churn(CHURN, false);
    const fixed = churn(after, true);
    const growth = (samples: { heap: number }[]): number => samples.at(-1)!.heap - samples[1]!.heap;
    expect(leaking.at(-1)!.size).toBe(12 * 300);
    // 3,600 sessions of ~8 KB each stay reachable before the fix.
    expect(growth(leaking)).toBeGreaterThan(15 * 1024 * 1024);
    expect(fixed.at(-1)!.size).toBeLessThanOrEqual(300);
    expect(growth(fixed)).toBeLessThan(growth(leaking) / 4);
  });
});
