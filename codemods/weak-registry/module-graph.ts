import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { ts } from 'ts-morph';
import type { ParsedFile } from '../../src/codemod/types.js';

/**
 * Who imports whom among the files of one project, built from the tokens the
 * engine already has (no second parse), so that the codemod loads into the
 * type checker only the files its findings reach instead of the whole
 * program. Relative specifiers only: a bare specifier names a package, which
 * cannot import a project file back, except through what is reported as
 * `unresolved` (package `imports` (`#x`), a self-reference by the package's
 * own name, a folder with a package.json) — then the caller loads everything.
 * Resolution over-approximates (every candidate file that exists counts: `x.js`
 * and `x.ts` both, `x/index.ts`), which only ever loads a file too many.
 */
export interface ModuleGraph {
  /** Every file of the project (the run's files and the tsconfig's). */
  readonly files: ReadonlySet<string>;
  readonly imports: ReadonlyMap<string, ReadonlySet<string>>;
  readonly importers: ReadonlyMap<string, ReadonlySet<string>>;
  /** Files whose declarations are global (scripts, `declare global`, module augmentations): any file can name what they declare. */
  readonly globals: ReadonlySet<string>;
  /** Why the graph cannot be trusted (the caller loads the whole project), or null. */
  readonly unresolved: string | null;
}

/** What one file imports and whether it declares globals. */
interface FileFacts {
  readonly specifiers: string[];
  readonly global: boolean;
}

const TS_FOR_JS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx', '.d.ts'],
  '.jsx': ['.tsx', '.d.ts'],
  '.mjs': ['.mts', '.d.mts'],
  '.cjs': ['.cts', '.d.cts'],
};
const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '.d.mts', '.d.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];

/**
 * `files` were parsed by the engine (their tokens are read); `others` are the
 * project's files outside the run (read from disk and scanned by TypeScript's
 * import pre-processor, which does not build a tree).
 */
export function buildModuleGraph(files: readonly ParsedFile[], others: readonly string[]): ModuleGraph {
  const all = new Set([...files.map((file) => file.path), ...others]);
  const imports = new Map<string, Set<string>>();
  const importers = new Map<string, Set<string>>();
  const globals = new Set<string>();
  const packageNames = new Map<string, string | null>();
  let unresolved: string | null = null;
  const add = (path: string, facts: FileFacts): void => {
    if (facts.global) globals.add(path);
    const targets = new Set<string>();
    for (const specifier of facts.specifiers) {
      const outcome = resolveSpecifier(path, specifier, all, packageNames);
      if (typeof outcome === 'string') unresolved ??= `${path} imports '${specifier}' (${outcome})`;
      else for (const target of outcome) if (target !== path) targets.add(target);
    }
    imports.set(path, targets);
    for (const target of targets) {
      let set = importers.get(target);
      if (!set) importers.set(target, (set = new Set()));
      set.add(path);
    }
  };
  for (const file of files) add(file.path, factsFromTokens(file));
  for (const path of others) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    add(path, factsFromText(path, text));
  }
  return { files: all, imports, importers, globals, unresolved };
}

/**
 * The specifiers of `from '…'`, `import '…'`, `import('…')`, `require('…')`
 * and `/// <reference path>`, and whether the file is a script (no
 * `import`/`export`, nor `require`/`module.exports` in JavaScript) or says
 * `declare global` or `declare module '…'`. A token scan: `from` followed
 * by a string only occurs in import and export clauses (`Array.from('…')`
 * has a parenthesis between).
 */
function factsFromTokens(file: ParsedFile): FileFacts {
  const tokens: readonly TSESTree.Token[] = file.ast.tokens ?? [];
  const specifiers: string[] = [];
  const isString = (index: number): boolean => tokens[index]?.type === 'String';
  const text = (index: number): string => tokens[index]!.value.slice(1, -1);
  const javascript = file.language === 'js';
  let module = false;
  let global = false;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const next = tokens[index + 1];
    switch (token.value) {
      case 'from':
        if (token.type === 'Identifier' && isString(index + 1)) specifiers.push(text(index + 1));
        break;
      case 'import':
        if (token.type !== 'Keyword') break;
        if (isString(index + 1)) specifiers.push(text(index + 1));
        if (next?.value === '(') {
          if (isString(index + 2)) specifiers.push(text(index + 2));
        } else if (tokens[index - 1]?.value !== '.') module = true;
        break;
      case 'export':
        if (token.type === 'Keyword') module = true;
        break;
      case 'require':
        if (token.type === 'Identifier' && next?.value === '(' && isString(index + 2)) {
          specifiers.push(text(index + 2));
          if (javascript || tokens[index - 1]?.value === '=') module = true;
        }
        break;
      case 'module':
        if (javascript && token.type === 'Identifier' && next?.value === '.' && tokens[index + 2]?.value === 'exports') module = true;
        break;
      case 'exports':
        if (javascript && token.type === 'Identifier' && (next?.value === '.' || next?.value === '=') && tokens[index - 1]?.value !== '.') module = true;
        break;
      case 'declare':
        // `declare global` and module augmentations (`declare module './x'`) change types seen from other files.
        if (token.type === 'Identifier' && (next?.value === 'global' || (next?.value === 'module' && isString(index + 2)))) global = true;
        break;
    }
  }
  for (const comment of file.ast.comments ?? []) {
    const reference = /^\/\s*<reference\s+path\s*=\s*["']([^"']+)["']/.exec(comment.value);
    if (reference) specifiers.push(reference[1]!);
  }
  return { specifiers, global: global || !module };
}

function factsFromText(path: string, text: string): FileFacts {
  const info = ts.preProcessFile(text, true, true);
  const specifiers = [...info.importedFiles, ...info.referencedFiles].map((reference) => reference.fileName);
  const javascript = /\.[mc]?jsx?$/.test(path);
  const module = /(^|[^.\w$])(import|export)\s*[\w{*'"]/m.test(text) || (javascript && /\brequire\s*\(|\bmodule\.exports\b|(^|[^.\w$])exports\s*[.=]/m.test(text));
  return { specifiers, global: /\bdeclare\s+(global\b|module\s*['"])/.test(text) || !module };
}

/** The project files `specifier` may name, or why it cannot be resolved here. */
function resolveSpecifier(from: string, specifier: string, files: ReadonlySet<string>, packageNames: Map<string, string | null>): string[] | string {
  if (specifier.startsWith('#')) return 'a package.json "imports" specifier';
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) {
    const name = packageNameOf(dirname(from), packageNames);
    if (name !== null && (specifier === name || specifier.startsWith(`${name}/`))) return 'the package names itself';
    return [];
  }
  const base = resolve(dirname(from), specifier);
  const candidates = [base];
  const extension = extname(base);
  for (const substitute of TS_FOR_JS[extension] ?? []) candidates.push(base.slice(0, -extension.length) + substitute);
  for (const added of EXTENSIONS) candidates.push(base + added, join(base, `index${added}`));
  const found = candidates.filter((candidate) => files.has(candidate));
  if (found.length === 0 && existsSync(join(base, 'package.json'))) return 'a folder with a package.json';
  return found;
}

/** The `name` of the nearest package.json at or above `directory` (cached per folder). */
function packageNameOf(directory: string, cache: Map<string, string | null>): string | null {
  const cached = cache.get(directory);
  if (cached !== undefined) return cached;
  let name: string | null;
  const file = join(directory, 'package.json');
  if (existsSync(file)) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown };
      name = typeof parsed.name === 'string' ? parsed.name : null;
    } catch {
      name = null;
    }
  } else {
    const parent = dirname(directory);
    name = parent === directory ? null : packageNameOf(parent, cache);
  }
  cache.set(directory, name);
  return name;
}

/** `paths` and every path reachable from them through `next`, directly or not. */
export function transitiveClosure(paths: Iterable<string>, next: (path: string) => Iterable<string>): Set<string> {
  const result = new Set<string>();
  const queue = [...paths];
  while (queue.length > 0) {
    const path = queue.pop()!;
    if (result.has(path)) continue;
    result.add(path);
    for (const neighbour of next(path)) queue.push(neighbour);
  }
  return result;
}

/** `paths` and every file importing one of them, directly or not. */
export function importerClosure(graph: ModuleGraph, paths: Iterable<string>): Set<string> {
  return transitiveClosure(paths, (path) => graph.importers.get(path) ?? []);
}

/** `paths` and every project file they import, directly or not. */
export function importClosure(graph: ModuleGraph, paths: Iterable<string>): Set<string> {
  return transitiveClosure(paths, (path) => graph.imports.get(path) ?? []);
}
