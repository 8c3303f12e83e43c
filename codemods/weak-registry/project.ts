import { existsSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import { Project, ts, type Node, type SourceFile } from 'ts-morph';
import { vendoredRuntimeTypeScript } from '../../runtime/vendor.js';
import type { ParsedFile } from '../../src/codemod/types.js';
import { buildModuleGraph, importClosure, importerClosure, transitiveClosure, type ModuleGraph } from './module-graph.js';

/**
 * The ts-morph side: one `Project` per tsconfig, loaded only when some file
 * has a finding, with the vendored runtime added in memory when it is not
 * written yet (so a fix importing `WeakRegistry` type-checks before the
 * engine vendors the file).
 */
export interface TypedProject {
  readonly project: Project;
  /** The tsconfig it was loaded from; null for a project built from the run's files alone. */
  readonly tsconfig: string | null;
  /** What is loaded of it; `ensure` loads more. */
  readonly scope: ProjectScope;
}


/**
 * Loads the project of `tsconfig` (or, without one, a strict in-memory
 * project of `members`, the run's files), but only the part the findings of
 * `roots` need: the roots, the files that declare globals (and augmentations)
 * and everything those import (transitively: all the types the analysis asks
 * about). Importers come on demand through `ProjectScope.ensure`: before a
 * reference search, the importers of the declaring file (where the symbol can
 * be named), and before the type check, the importers of the changed files
 * (where errors can appear), each with what it imports. The import graph
 * comes from the engine's tokens; when it cannot be trusted (tsconfig
 * `paths`, `baseUrl` or `rootDirs`, package `imports`, a self-reference by
 * package name) or a file to load the importers of is reached by a file that
 * declares globals, the whole project is loaded, as before.
 * `texts` overrides what is on disk with the text the engine read.
 */
export function loadProject(tsconfig: string | null, members: readonly ParsedFile[], roots: readonly string[], texts: ReadonlyMap<string, string>, runtimeFile: string | null): TypedProject {
  const project = acquireProject(tsconfig);
  const scope = new ProjectScope(project, tsconfig, members, texts);
  scope.start(roots);
  if (runtimeFile && /\.[mc]?ts$/.test(runtimeFile) && !project.getSourceFile(runtimeFile)) {
    if (existsSync(runtimeFile)) project.addSourceFileAtPath(runtimeFile);
    else project.createSourceFile(runtimeFile, vendoredRuntimeTypeScript(), { overwrite: true });
  }
  return { project, tsconfig, scope };
}

/**
 * Projects kept between runs in one process, emptied, by tsconfig. A new
 * project parses and binds the lib files again (about 0.3 s, most of a small
 * run), and jscodeshift calls the transform once per file. Only the lib files
 * survive a release: every source file is removed, so the next run reads the
 * tree as it is then. A kept project is used again only while its tsconfig
 * resolves to the options it was made with (ts-morph reads them once).
 */
const idleProjects = new Map<string, Project>();
const optionsOf = new WeakMap<Project, string>();
const MAX_IDLE_PROJECTS = 4;

/** The tsconfig as TypeScript resolves it (with `extends`), or null when it cannot be read. */
function parseTsconfig(tsconfig: string): ts.ParsedCommandLine | null {
  return ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined }) ?? null;
}

function resolvedOptions(tsconfig: string | null): string {
  return tsconfig ? JSON.stringify(parseTsconfig(tsconfig)?.options ?? null) : '';
}

function acquireProject(tsconfig: string | null): Project {
  const key = tsconfig ?? '';
  const options = resolvedOptions(tsconfig);
  const idle = idleProjects.get(key);
  idleProjects.delete(key);
  if (idle && optionsOf.get(idle) === options) return idle;
  const project = tsconfig
    ? // Declaration files never change here, so checking them (skipLibCheck off) would only cost time in both counts.
      new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true, compilerOptions: { skipLibCheck: true } })
    : new Project({
        compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, allowJs: true, noEmit: true, skipLibCheck: true, types: [] },
      });
  optionsOf.set(project, options);
  return project;
}

/**
 * Ends a run's use of its project: every source file is removed (the run's
 * nodes with them) and the project is kept for the next run under the same
 * tsconfig. A project not released is not reused.
 */
export function releaseProject({ project, tsconfig }: TypedProject): void {
  for (const file of project.getSourceFiles()) project.removeSourceFile(file);
  const key = tsconfig ?? '';
  idleProjects.delete(key);
  if (idleProjects.size >= MAX_IDLE_PROJECTS) idleProjects.delete(idleProjects.keys().next().value!);
  idleProjects.set(key, project);
}

/** The part of a project that is loaded, grown on demand (see loadProject). */
export class ProjectScope {
  readonly #project: Project;
  readonly #tsconfig: string | null;
  readonly #members: readonly ParsedFile[];
  readonly #texts: ReadonlyMap<string, string>;
  readonly #loaded = new Set<string>();
  #graph: ModuleGraph | null = null;
  #version = 0;
  /** The roots whose importers are not loaded yet (see ensure). */
  #pendingRoots: string[] = [];
  /** Why the whole project was loaded, or null while only a part is. */
  #whole: string | null = null;

  constructor(project: Project, tsconfig: string | null, members: readonly ParsedFile[], texts: ReadonlyMap<string, string>) {
    this.#project = project;
    this.#tsconfig = tsconfig;
    this.#members = members;
    this.#texts = texts;
  }

  /** Why the whole project is loaded (null: only the part the findings reach). */
  get whole(): string | null {
    return this.#whole;
  }

  /** Grows with each file loaded, so that caches over the loaded files know when to start again. */
  get version(): number {
    return this.#version;
  }

  /** How many of the project's files are loaded (for tests and measurements). */
  get loadedCount(): number {
    return this.#whole === null ? this.#loaded.size : this.#project.getSourceFiles().length;
  }

  start(roots: readonly string[]): void {
    const options = this.#project.getCompilerOptions();
    if (options.paths || options.baseUrl || options.rootDirs) {
      this.#loadWhole('the tsconfig maps module names (paths, baseUrl or rootDirs)');
      return;
    }
    const members = new Set(this.#members.map((file) => file.path));
    let others: string[] = [];
    if (this.#tsconfig) {
      const parsed = parseTsconfig(this.#tsconfig);
      if (!parsed) {
        this.#loadWhole('the tsconfig could not be read');
        return;
      }
      others = parsed.fileNames.map((name) => normalize(name)).filter((name) => !members.has(name));
    }
    const graph = buildModuleGraph(this.#members, others);
    if (graph.unresolved) {
      this.#loadWhole(graph.unresolved);
      return;
    }
    this.#graph = graph;
    // What the roots import is enough for the types the analysis asks about; importers come when something is searched or changed.
    const first = importClosure(graph, [...graph.globals, ...roots.filter((root) => graph.files.has(root))]);
    if (first.size * 2 >= graph.files.size) {
      // Findings all over the project: loading the whole of it at once is the cheaper path to the same files.
      this.#loadWhole('the findings reach most of the project');
      return;
    }
    for (const path of first) this.#add(path);
    for (const root of roots) this.#add(root);
    this.#pendingRoots = [...roots];
  }

  /**
   * Loads `paths`' importers (transitively) and what they import, or
   * everything when one of them declares globals. The first call also loads
   * the roots' importers: each call that adds files costs a new program (and
   * type checker), so the importers are loaded in one go rather than finding
   * by finding (a run with hundreds of findings would rebuild it hundreds of times).
   */
  ensure(paths: Iterable<string>): void {
    const graph = this.#graph;
    if (this.#whole !== null || !graph) return;
    const wanted = [...paths, ...this.#pendingRoots];
    this.#pendingRoots = [];
    const closure = importerClosure(
      graph,
      wanted.filter((path) => graph.files.has(path)),
    );
    const global = [...closure].find((path) => graph.globals.has(path));
    if (global !== undefined) {
      this.#loadWhole(`${global} declares globals`);
      return;
    }
    for (const path of importClosure(graph, closure)) this.#add(path);
  }

  #add(path: string): void {
    if (this.#loaded.has(path)) return;
    this.#loaded.add(path);
    this.#version++;
    const text = this.#texts.get(path);
    const existing = this.#project.getSourceFile(path);
    if (text !== undefined) {
      if (!existing || existing.getFullText() !== text) this.#project.createSourceFile(path, text, { overwrite: true });
    } else if (!existing) {
      try {
        this.#project.addSourceFileAtPath(path);
      } catch {
        // Gone since the tsconfig was read: nothing to load.
      }
    }
  }

  #loadWhole(reason: string): void {
    this.#whole = reason;
    this.#version++;
    if (this.#tsconfig) this.#project.addSourceFilesFromTsConfig(this.#tsconfig);
    for (const file of this.#members) {
      const existing = this.#project.getSourceFile(file.path);
      if (!existing || existing.getFullText() !== file.text) this.#project.createSourceFile(file.path, file.text, { overwrite: true });
    }
  }
}

/** The `--project` option resolved against the working directory (a folder means its tsconfig.json). */
export function resolveProjectOption(cwd: string, option: string): string {
  const path = resolve(cwd, option);
  return path.endsWith('.json') ? path : join(path, 'tsconfig.json');
}

/**
 * Type errors (syntactic and semantic) per file of `paths`. Only files that
 * changed or import a changed file (transitively) can gain errors, so the
 * comparison checks just those instead of the whole program. The compiler
 * API directly: no ts-morph wrapper per diagnostic.
 */
export function errorCounts(project: Project, paths: Iterable<string>): Map<string, number> {
  const program = project.getProgram().compilerObject;
  const counts = new Map<string, number>();
  for (const path of paths) {
    const sourceFile = program.getSourceFile(path);
    if (!sourceFile) continue;
    counts.set(path, ts.getPreEmitDiagnostics(program, sourceFile).filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error).length);
  }
  return counts;
}

/** The first type error in `paths`, for a message (the diagnostics are cached by the program, so this re-checks nothing). */
export function firstError(project: Project, paths: Iterable<string>): { path: string; line: number | '?'; message: string } | null {
  const program = project.getProgram().compilerObject;
  for (const path of paths) {
    const sourceFile = program.getSourceFile(path);
    if (!sourceFile) continue;
    const error = ts.getPreEmitDiagnostics(program, sourceFile).find((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
    if (!error) continue;
    const file = error.file ?? sourceFile;
    const message = typeof error.messageText === 'string' ? error.messageText : error.messageText.messageText;
    return { path: file.fileName, line: error.start === undefined ? '?' : file.getLineAndCharacterOfPosition(error.start).line + 1, message };
  }
  return null;
}

/** `paths` and every file of the project that imports one of them, directly or not. */
export function affectedFiles(project: Project, paths: Iterable<string>): Set<string> {
  return transitiveClosure(paths, (path) => (project.getSourceFile(path)?.getReferencingSourceFiles() ?? []).map((file) => file.getFilePath()));
}

/** Replaces the in-memory text of a file (a full re-parse of that one file; its wrapped nodes are forgotten). */
export function setText(project: Project, path: string, text: string): SourceFile {
  return project.createSourceFile(path, text, { overwrite: true });
}

/** One reference as the language service reports it (plain data, so it outlives forgotten nodes). */
interface ReferenceSpan {
  readonly fileName: string;
  readonly start: number;
  readonly length: number;
}

/** The part of `ts.FindAllReferences` used here: internal in TypeScript, so it is probed at run time. */
interface FindAllReferencesApi {
  findReferencedSymbols(program: ts.Program, token: ts.CancellationToken, sourceFiles: readonly ts.SourceFile[], sourceFile: ts.SourceFile, position: number): ts.ReferencedSymbol[] | undefined;
}

const NEVER_CANCELLED: ts.CancellationToken = { isCancellationRequested: () => false, throwIfCancellationRequested: () => undefined };

/**
 * `findReferencesAsNodes()` without its quadratic cost. The language service
 * searches every file of the program for each query (and rebuilds its import
 * map each time), so a project with hundreds of findings spent most of its run
 * there. A symbol declared in module D can only be named in D and in the files
 * that import D, directly or not, so the search is limited to that importer
 * closure, unless a file in it declares globals (`declare global`, a script),
 * through which any file could reach the symbol: then every file is searched,
 * as before. Results are cached per position (the analysis asks twice for a
 * parameter property), as plain spans mapped to nodes on each call, since the
 * analysis forgets its nodes file by file.
 */
export class ReferenceFinder {
  readonly #project: Project;
  readonly #cache = new Map<string, ReferenceSpan[]>();
  readonly #closures = new Map<string, ReadonlySet<string>>();
  /** The scope version the closures were computed at. */
  #closuresVersion = -1;
  readonly #api: FindAllReferencesApi | null;

  readonly #scope: ProjectScope | null;

  constructor(project: Project, scope: ProjectScope | null = null) {
    this.#project = project;
    this.#scope = scope;
    const api = (ts as unknown as { FindAllReferences?: Partial<FindAllReferencesApi> }).FindAllReferences;
    this.#api = typeof api?.findReferencedSymbols === 'function' ? (api as FindAllReferencesApi) : null;
  }

  /** The nodes referring to what `node` (an identifier) names, like ts-morph's `findReferencesAsNodes()`. */
  find(node: Node): Node[] {
    if (!this.#api) return (node as Node & { findReferencesAsNodes(): Node[] }).findReferencesAsNodes();
    const sourceFile = node.getSourceFile();
    const key = `${sourceFile.getFilePath()}:${node.getStart()}`;
    let spans = this.#cache.get(key);
    if (!spans) this.#cache.set(key, (spans = this.#search(node)));
    const nodes: Node[] = [];
    for (const span of spans) {
      const found = this.#project.getSourceFile(span.fileName)?.getDescendantAtStartWithWidth(span.start, span.length);
      if (found) nodes.push(found);
    }
    return nodes;
  }

  #search(node: Node): ReferenceSpan[] {
    const seeds = new Set([node.getSourceFile().getFilePath() as string]);
    for (const declaration of node.getSymbol()?.getDeclarations() ?? []) seeds.add(declaration.getSourceFile().getFilePath());
    // Every file that can name the symbol must be loaded before the search (the program is rebuilt if files are added).
    this.#scope?.ensure(seeds);
    const program = this.#project.getProgram().compilerObject;
    const sourceFile = program.getSourceFile(node.getSourceFile().getFilePath());
    if (!sourceFile) return [];
    const searched = new Set<string>();
    for (const seed of seeds) for (const path of this.#closure(seed)) searched.add(path);
    const sourceFiles = searched.has('*') ? program.getSourceFiles() : program.getSourceFiles().filter((file) => searched.has(file.fileName));
    const spans: ReferenceSpan[] = [];
    // The same filter as ts-morph's findReferencesAsNodes: each symbol's own definition is left out, unless it is an alias.
    for (const symbol of this.#api!.findReferencedSymbols(program, NEVER_CANCELLED, sourceFiles, sourceFile, node.getStart()) ?? []) {
      const isAlias = symbol.definition.kind === ts.ScriptElementKind.alias;
      symbol.references.forEach((reference, index) => {
        if (isAlias || !reference.isDefinition || index > 0) spans.push({ fileName: reference.fileName, start: reference.textSpan.start, length: reference.textSpan.length });
      });
    }
    return spans;
  }

  /** `path` and its importers, transitively; `'*'` in the set when one of them declares globals. */
  #closure(path: string): ReadonlySet<string> {
    const version = this.#scope?.version ?? 0;
    if (version !== this.#closuresVersion) {
      this.#closures.clear();
      this.#closuresVersion = version;
    }
    let closure = this.#closures.get(path);
    if (!closure) {
      const files = affectedFiles(this.#project, [path]);
      const global = [...files].some((file) => {
        const compilerNode = this.#project.getSourceFile(file)?.compilerNode;
        return !compilerNode || !ts.isExternalModule(compilerNode) || compilerNode.text.includes('declare global');
      });
      closure = global ? new Set([...files, '*']) : files;
      this.#closures.set(path, closure);
    }
    return closure;
  }
}
