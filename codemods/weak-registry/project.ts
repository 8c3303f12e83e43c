import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Project, ts, type Node, type SourceFile } from 'ts-morph';
import { vendoredRuntimeTypeScript } from '../../runtime/vendor.js';

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
}

/** The nearest tsconfig.json at or above `directory`, or null. */
export function findTsconfig(directory: string): string | null {
  let current = directory;
  for (;;) {
    const candidate = join(current, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

/**
 * Loads the project of `tsconfig` (or, without one, a strict in-memory
 * project of `paths`), making sure each of `paths` and the runtime are in it.
 * `texts` overrides what is on disk with the text the engine read.
 */
export function loadProject(tsconfig: string | null, paths: readonly string[], texts: ReadonlyMap<string, string>, runtimeFile: string | null): TypedProject {
  const project = tsconfig
    ? // Declaration files never change here, so checking them (skipLibCheck off) would only cost time in both counts.
      new Project({ tsConfigFilePath: tsconfig, compilerOptions: { skipLibCheck: true } })
    : new Project({
        compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, allowJs: true, noEmit: true, skipLibCheck: true, types: [] },
      });
  for (const path of paths) {
    const text = texts.get(path);
    const existing = project.getSourceFile(path);
    if (!existing) project.createSourceFile(path, text ?? '', { overwrite: true });
    else if (text !== undefined && existing.getFullText() !== text) project.createSourceFile(path, text, { overwrite: true });
  }
  if (runtimeFile && /\.[mc]?ts$/.test(runtimeFile) && !project.getSourceFile(runtimeFile)) {
    if (existsSync(runtimeFile)) project.addSourceFileAtPath(runtimeFile);
    else project.createSourceFile(runtimeFile, vendoredRuntimeTypeScript(), { overwrite: true });
  }
  return { project, tsconfig };
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
  const result = new Set<string>();
  const queue = [...paths];
  while (queue.length > 0) {
    const path = queue.pop()!;
    if (result.has(path)) continue;
    result.add(path);
    for (const referencing of project.getSourceFile(path)?.getReferencingSourceFiles() ?? []) queue.push(referencing.getFilePath());
  }
  return result;
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
  readonly #api: FindAllReferencesApi | null;

  constructor(project: Project) {
    this.#project = project;
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
    const program = this.#project.getProgram().compilerObject;
    const sourceFile = program.getSourceFile(node.getSourceFile().getFilePath());
    if (!sourceFile) return [];
    const seeds = new Set([node.getSourceFile().getFilePath() as string]);
    for (const declaration of node.getSymbol()?.getDeclarations() ?? []) seeds.add(declaration.getSourceFile().getFilePath());
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
