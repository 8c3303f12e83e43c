import { existsSync, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { escapePath, glob, isDynamicPattern } from 'tinyglobby';
import { SOURCE_EXTENSIONS, toPosix } from '../util/paths.js';
import { UsageError } from './types.js';

/** Never transformed: dependencies, build output, coverage reports. */
export const DEFAULT_IGNORES = ['**/node_modules/**', '**/dist/**', '**/build/**', '**/out/**', '**/coverage/**', '**/.git/**'];

const EXTENSION_PATTERN = new RegExp(`\\.(${SOURCE_EXTENSIONS.join('|')})$`, 'i');
const DECLARATION_PATTERN = /\.d\.(ts|mts|cts)$|\.d\.[^.]+\.ts$/i;

export interface DiscoverOptions {
  cwd: string;
  /** Files, folders or globs, relative to `cwd`. */
  paths: readonly string[];
  /** `--ignore` globs, relative to `cwd`. */
  ignore?: readonly string[];
  /** Absolute paths never returned (the vendored runtime file). */
  exclude?: readonly string[];
}

export interface DiscoveredFiles {
  /** Absolute paths, sorted. */
  files: string[];
  /** Files the user named (or that matched) but that are not processed, with why. */
  skipped: { path: string; reason: string }[];
  /** Absolute paths of the given files and folders (for globs, their static base). Nothing outside them is ever written. */
  roots: string[];
}

/**
 * Expands files, folders and globs into the source files a codemod
 * processes: the supported extensions, minus `.d.ts`, dependencies and build
 * output, `--ignore` globs and whatever `.gitignore` files (at the repository
 * root and nested) exclude. Symbolic links are not followed and symlinked
 * files are skipped, so a codemod can never write outside the tree it was given.
 */
export async function discoverFiles(options: DiscoverOptions): Promise<DiscoveredFiles> {
  const cwd = resolve(options.cwd);
  const ignorePatterns = [...DEFAULT_IGNORES, ...(options.ignore ?? [])];
  const exclude = new Set((options.exclude ?? []).map((path) => resolve(cwd, path)));
  const roots: string[] = [];
  const patterns: string[] = [];
  const explicitFiles: string[] = [];
  const skipped: { path: string; reason: string }[] = [];
  for (const input of options.paths) {
    const absolute = resolve(cwd, input);
    if (lstatSync(absolute, { throwIfNoEntry: false })?.isSymbolicLink()) {
      // A named link (to a file or a folder) would make the codemod write outside the tree the link sits in.
      skipped.push({ path: absolute, reason: 'symbolic link (never written)' });
    } else if (existsSync(absolute)) {
      roots.push(absolute);
      const relativePath = toPosix(relative(cwd, absolute)) || '.';
      if (statSync(absolute).isDirectory()) {
        patterns.push(`${escapePath(relativePath)}/**/*.{${SOURCE_EXTENSIONS.join(',')}}`);
      } else {
        explicitFiles.push(absolute);
      }
    } else if (isDynamicPattern(input)) {
      roots.push(resolve(cwd, staticBase(input)));
      patterns.push(isAbsolute(input) ? toPosix(relative(cwd, input)) : toPosix(input));
    } else {
      throw new UsageError(`no such file or directory: ${input}`);
    }
  }

  const candidates = new Set<string>();
  if (patterns.length > 0) {
    const matches = await glob(patterns, { cwd, absolute: true, onlyFiles: true, followSymbolicLinks: false, ignore: ignorePatterns, expandDirectories: false });
    for (const match of matches) candidates.add(resolve(match));
  }
  for (const file of explicitFiles) {
    // Named files go through the same ignore list: globbing the escaped path itself yields nothing when an ignore pattern matches it.
    const relativePath = toPosix(relative(cwd, file));
    const kept = await glob([escapePath(relativePath)], { cwd, absolute: true, onlyFiles: true, followSymbolicLinks: false, ignore: ignorePatterns, expandDirectories: false });
    if (kept.length === 0) skipped.push({ path: file, reason: 'ignored (node_modules, build output or --ignore)' });
    else candidates.add(file);
  }

  const gitignore = new GitignoreMatcher(cwd);
  const realRoots = roots.map((root) => safeRealpath(root) ?? root);
  const namedFiles = new Set(explicitFiles);
  const files: string[] = [];
  for (const file of [...candidates].sort()) {
    const named = namedFiles.has(file);
    if (exclude.has(file)) continue;
    if (!EXTENSION_PATTERN.test(file)) {
      if (named) skipped.push({ path: file, reason: 'not a JavaScript/TypeScript source file' });
      continue;
    }
    if (DECLARATION_PATTERN.test(file)) {
      if (named) skipped.push({ path: file, reason: 'declaration file' });
      continue;
    }
    if (gitignore.ignores(file, roots)) {
      if (named) skipped.push({ path: file, reason: 'ignored by .gitignore' });
      continue;
    }
    const stats = lstatSync(file, { throwIfNoEntry: false });
    if (!stats || stats.isSymbolicLink()) {
      skipped.push({ path: file, reason: 'symbolic link (never written)' });
      continue;
    }
    const real = safeRealpath(file);
    if (!real || !realRoots.some((root) => isInside(real, root))) {
      skipped.push({ path: file, reason: 'outside the given paths (never written)' });
      continue;
    }
    files.push(file);
  }
  return { files, skipped, roots };
}

/** The part of a glob before its first dynamic segment: `src/**\/*.ts` → `src`. */
export function staticBase(pattern: string): string {
  const segments = toPosix(pattern).split('/');
  const base: string[] = [];
  for (const segment of segments) {
    if (isDynamicPattern(segment)) break;
    base.push(segment);
  }
  return base.join('/') || '.';
}

export function isInside(path: string, root: string): boolean {
  if (path === root) return true;
  const relativePath = relative(root, path);
  return relativePath !== '' && !relativePath.startsWith('..') && !isAbsolute(relativePath);
}

/** The deepest directory containing every root (a file root counts as its directory): where the vendored runtime goes by default. */
export function commonRoot(roots: readonly string[], cwd: string): string {
  const directories = roots.map((root) => (existsSync(root) && statSync(root).isDirectory() ? root : dirname(root)));
  if (directories.length === 0) return resolve(cwd);
  let common = directories[0]!;
  for (const directory of directories.slice(1)) {
    while (!isInside(directory, common)) {
      const parent = dirname(common);
      if (parent === common) break;
      common = parent;
    }
  }
  return common;
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Git's ignore semantics over every `.gitignore` between the repository top
 * (the directory holding `.git`; without one, the working directory or the
 * root the file was found under) and the file's directory. A deeper file's
 * `!pattern` re-includes what a shallower one excluded, as in git.
 */
class GitignoreMatcher {
  readonly #cwd: string;
  readonly #perDirectory = new Map<string, Ignore | null>();
  readonly #gitTops = new Map<string, string | null>();

  constructor(cwd: string) {
    this.#cwd = cwd;
  }

  ignores(file: string, roots: readonly string[]): boolean {
    const directory = dirname(file);
    const top = this.#gitTop(directory) ?? (isInside(directory, this.#cwd) ? this.#cwd : roots.find((root) => isInside(file, root)) ?? directory);
    const chain: string[] = [];
    for (let current = directory; ; current = dirname(current)) {
      chain.push(current);
      if (current === top || dirname(current) === current) break;
    }
    let ignored = false;
    for (const base of chain.reverse()) {
      const matcher = this.#matcher(base);
      if (!matcher) continue;
      const result = matcher.test(toPosix(relative(base, file)));
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }

  #matcher(directory: string): Ignore | null {
    if (this.#perDirectory.has(directory)) return this.#perDirectory.get(directory)!;
    let matcher: Ignore | null = null;
    try {
      matcher = ignore().add(readFileSync(join(directory, '.gitignore'), 'utf8'));
    } catch {
      // No .gitignore in this directory.
    }
    this.#perDirectory.set(directory, matcher);
    return matcher;
  }

  #gitTop(directory: string): string | null {
    if (this.#gitTops.has(directory)) return this.#gitTops.get(directory)!;
    const parent = dirname(directory);
    const top = existsSync(join(directory, '.git')) ? directory : parent === directory ? null : this.#gitTop(parent);
    this.#gitTops.set(directory, top);
    return top;
  }
}
