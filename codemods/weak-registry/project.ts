import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Project, ts, type SourceFile } from 'ts-morph';
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
 * Type errors in `paths` (syntactic and semantic). Only files that changed or
 * import a changed file (transitively) can gain errors, so the before/after
 * comparison checks just those instead of the whole program.
 */
export function countTypeErrors(project: Project, paths: ReadonlySet<string>): number {
  let errors = 0;
  for (const path of paths) {
    const sourceFile = project.getSourceFile(path);
    if (!sourceFile) continue;
    errors += sourceFile.getPreEmitDiagnostics().filter((diagnostic) => diagnostic.getCategory() === ts.DiagnosticCategory.Error).length;
  }
  return errors;
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
