import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export type PackageType = 'module' | 'commonjs';

/** The `compilerOptions` of a tsconfig that decide how relative imports are written. */
export interface TsModuleSettings {
  /** Lower-cased `moduleResolution`, derived from `module` when absent (as tsc does). */
  moduleResolution: string | undefined;
  allowImportingTsExtensions: boolean;
}

/**
 * Answers, per directory, the project facts a codemod depends on: the nearest
 * package.json `type` and the nearest tsconfig's module settings. Cached, so
 * a run over thousands of files reads each manifest once.
 */
export class ProjectInfo {
  readonly #packageTypes = new Map<string, PackageType | undefined>();
  readonly #tsconfigs = new Map<string, TsModuleSettings | null>();
  readonly #packageRoots = new Map<string, string | undefined>();

  /** The folder of the nearest package.json at or above `directory`; undefined when there is none. */
  packageRoot(directory: string): string | undefined {
    if (this.#packageRoots.has(directory)) return this.#packageRoots.get(directory);
    let result: string | undefined;
    if (existsSync(join(directory, 'package.json'))) result = directory;
    else {
      const parent = dirname(directory);
      result = parent === directory ? undefined : this.packageRoot(parent);
    }
    this.#packageRoots.set(directory, result);
    return result;
  }

  /** `type` of the nearest package.json (`commonjs` when that manifest has none); undefined when there is no package.json. */
  packageType(directory: string): PackageType | undefined {
    const cached = this.#packageTypes.get(directory);
    if (cached !== undefined || this.#packageTypes.has(directory)) return cached;
    let result: PackageType | undefined;
    const manifest = readJson(join(directory, 'package.json'));
    if (manifest !== undefined) {
      result = (manifest as { type?: unknown } | null)?.type === 'module' ? 'module' : 'commonjs';
    } else {
      const parent = dirname(directory);
      result = parent === directory ? undefined : this.packageType(parent);
    }
    this.#packageTypes.set(directory, result);
    return result;
  }

  /** Module settings of the nearest tsconfig.json (following a relative `extends`); null when there is none. */
  tsconfig(directory: string): TsModuleSettings | null {
    const cached = this.#tsconfigs.get(directory);
    if (cached !== undefined) return cached;
    let result: TsModuleSettings | null;
    const path = join(directory, 'tsconfig.json');
    const config = readJson(path);
    if (config !== undefined) {
      const options = readCompilerOptions(path, config, 0);
      const module = lower(options['module']);
      let moduleResolution = lower(options['moduleResolution']);
      if (moduleResolution === undefined && module !== undefined && /^node(16|18|20|next)$/.test(module)) moduleResolution = module;
      result = { moduleResolution, allowImportingTsExtensions: options['allowImportingTsExtensions'] === true };
    } else {
      const parent = dirname(directory);
      result = parent === directory ? null : this.tsconfig(parent);
    }
    this.#tsconfigs.set(directory, result);
    return result;
  }
}

function lower(value: unknown): string | undefined {
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}

/** compilerOptions merged over a chain of relative `extends` (package `extends` such as `@tsconfig/node20` are not followed). */
function readCompilerOptions(path: string, config: unknown, depth: number): Record<string, unknown> {
  const own = ((config as { compilerOptions?: unknown } | null)?.compilerOptions ?? {}) as Record<string, unknown>;
  const extendsValue = (config as { extends?: unknown } | null)?.extends;
  const parents = typeof extendsValue === 'string' ? [extendsValue] : Array.isArray(extendsValue) ? extendsValue : [];
  let merged: Record<string, unknown> = {};
  for (const parent of parents) {
    if (typeof parent !== 'string' || !parent.startsWith('.') || depth > 8) continue;
    const parentPath = resolve(dirname(path), parent.endsWith('.json') ? parent : `${parent}.json`);
    const parentConfig = readJson(parentPath);
    if (parentConfig !== undefined) merged = { ...merged, ...readCompilerOptions(parentPath, parentConfig, depth + 1) };
  }
  return { ...merged, ...own };
}

/** Parses JSON with comments and trailing commas (tsconfig style); undefined when the file is missing, null when unreadable JSON. */
export function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(stripJsonComments(text)) as unknown;
  } catch {
    return null;
  }
}

function stripJsonComments(text: string): string {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '"') {
      const end = findStringEnd(text, index);
      result += text.slice(index, end);
      index = end;
    } else if (char === '/' && text[index + 1] === '/') {
      while (index < text.length && text[index] !== '\n') index += 1;
    } else if (char === '/' && text[index + 1] === '*') {
      const end = text.indexOf('*/', index + 2);
      index = end === -1 ? text.length : end + 2;
    } else {
      result += char;
      index += 1;
    }
  }
  return result.replace(/,(\s*[}\]])/g, '$1');
}

function findStringEnd(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    if (text[index] === '\\') index += 2;
    else if (text[index] === '"') return index + 1;
    else index += 1;
  }
  return index;
}
