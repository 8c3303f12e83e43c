import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { vendoredRuntimeJavaScript, vendoredRuntimeTypeScript } from '../../runtime/vendor.js';
import type { ProjectInfo } from './project.js';
import { toPosix } from '../util/paths.js';

/** Where changed files import the runtime helpers from. */
export type RuntimeTarget =
  | { kind: 'module'; specifier: string }
  | { kind: 'file'; path: string; format: RuntimeFormat };

/** What the vendored file is written in: TypeScript, or JavaScript as an ES module or CommonJS. */
export type RuntimeFormat = 'ts' | 'esm' | 'commonjs';

export interface RuntimeTargetOptions {
  cwd: string;
  /** The common source root of the run (default location of the vendored file). */
  sourceRoot: string;
  /** Discovered files (a TypeScript file makes the vendored runtime TypeScript). */
  files: readonly string[];
  runtimeModule?: string;
  runtimeFile?: string;
  project: ProjectInfo;
}

export const RUNTIME_FILE_BASENAME = 'lifeguard-runtime';

/**
 * `--runtime-module <specifier>` imports from that module; otherwise the
 * vendored file: `--runtime-file <path>`, or by default
 * `lifeguard-runtime.ts` at the common source root when the project is
 * TypeScript (a tsconfig.json at or above the root, or any `.ts` file in the
 * run), else `lifeguard-runtime.js`, an ES module in a `"type": "module"`
 * package and CommonJS otherwise (so `require()` and Node's ESM loader both read it).
 */
export function resolveRuntimeTarget(options: RuntimeTargetOptions): RuntimeTarget {
  if (options.runtimeModule) return { kind: 'module', specifier: options.runtimeModule };
  if (options.runtimeFile) {
    const path = resolve(options.cwd, options.runtimeFile);
    return { kind: 'file', path, format: formatOf(path, options.project) };
  }
  const typescript = options.project.tsconfig(options.sourceRoot) !== null || options.files.some((file) => /\.[mc]?tsx?$/i.test(file));
  const path = join(options.sourceRoot, `${RUNTIME_FILE_BASENAME}${typescript ? '.ts' : '.js'}`);
  return { kind: 'file', path, format: formatOf(path, options.project) };
}

/** `.ts` files are TypeScript; `.mjs`/`.cjs` say their format; a `.js` file is whatever its package's `type` makes it. */
function formatOf(path: string, project: ProjectInfo): RuntimeFormat {
  const extension = extname(path).toLowerCase();
  if (/^\.[mc]?tsx?$/.test(extension)) return 'ts';
  if (extension === '.mjs') return 'esm';
  if (extension === '.cjs') return 'commonjs';
  return project.packageType(dirname(path)) === 'module' ? 'esm' : 'commonjs';
}

/**
 * The specifier `file` imports the runtime with.
 *
 * For the vendored file it is the relative path from the file's directory
 * (`./lifeguard-runtime.js`, `../lifeguard-runtime`), and its extension
 * follows what the importing file's toolchain resolves:
 * - a JavaScript runtime file keeps its extension (`.js`/`.mjs`): Node's ESM
 *   loader requires it, and `require()` and bundlers accept it;
 * - a TypeScript runtime imported from a TypeScript file under a tsconfig
 *   with `moduleResolution` (or `module`) `node16`/`node18`/`node20`/`nodenext`
 *   gets the emitted extension (`.ts` → `.js`, `.mts` → `.mjs`, `.cts` → `.cjs`), as
 *   NodeNext requires; with `allowImportingTsExtensions` it keeps `.ts`;
 *   under `bundler`/`node10` or any other setting it has no extension;
 * - without any tsconfig, the file's package decides: `"type": "module"`
 *   gets `.js` (what tsx, ts-node/esm and Node's type stripping resolve), otherwise no extension.
 */
export function runtimeSpecifierFor(file: string, target: RuntimeTarget, project: ProjectInfo): string {
  if (target.kind === 'module') return target.specifier;
  let specifier = toPosix(relative(dirname(file), target.path));
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  if (target.format !== 'ts') return specifier;
  const extension = extname(specifier);
  const withoutExtension = specifier.slice(0, -extension.length);
  const lowerExtension = extension.toLowerCase();
  const emitted = withoutExtension + (lowerExtension === '.mts' ? '.mjs' : lowerExtension === '.cts' ? '.cjs' : '.js');
  const tsconfig = project.tsconfig(dirname(file));
  if (tsconfig) {
    if (tsconfig.allowImportingTsExtensions) return specifier;
    const nodeResolution = /^node(16|18|20|next)$/.test(tsconfig.moduleResolution ?? '');
    // Node's ESM resolution requires the extension; elsewhere the file's own relative imports decide.
    if (nodeResolution && project.packageType(dirname(file)) === 'module') return emitted;
    const style = relativeImportStyle(file);
    if (style !== null) return style === 'extension' ? emitted : withoutExtension;
    return nodeResolution ? emitted : withoutExtension;
  }
  return project.packageType(dirname(file)) === 'module' ? emitted : withoutExtension;
}

/** Whether the file's relative imports carry an extension (`./db.js`) or not (`./db`); null when it has none or mixes them. */
function relativeImportStyle(file: string): 'extension' | 'none' | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let withExtension = 0;
  let without = 0;
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]*)['"]/gmu)) {
    const specifier = match[1]!;
    if (/\/lifeguard-runtime(\.[mc]?[jt]s)?$/u.test(specifier)) continue;
    if (/\.[mc]?[jt]sx?$|\.json$/u.test(specifier)) withExtension += 1;
    else without += 1;
  }
  if (withExtension > 0 && without === 0) return 'extension';
  if (without > 0 && withExtension === 0) return 'none';
  return null;
}

export type RuntimeSourceLoader = (format: RuntimeFormat) => Promise<string> | string;

/** The text of the vendored runtime, from `runtime/vendor.ts`; called only when a run writes the file. */
export const loadVendoredRuntime: RuntimeSourceLoader = (format) =>
  format === 'ts' ? vendoredRuntimeTypeScript() : vendoredRuntimeJavaScript({ module: format });

export function runtimeFileExists(target: RuntimeTarget): boolean {
  return target.kind === 'file' && existsSync(target.path);
}
