import { existsSync } from 'node:fs';
import { dirname, join, normalize, resolve } from 'node:path';
import { diffLines } from 'diff';
// Loaded through require (TypeScript emits createRequire): an ESM import of TypeScript's 9 MB CommonJS
// file makes Node scan all of it for named exports first, 0.4 s of every codemod run's start.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: require is the point
import ts = require('typescript');

/** One file the codemod would write: its text on disk and the text it would write. */
export interface CheckedChange {
  /** Absolute path. */
  path: string;
  before: string;
  after: string;
}

/** A type error the edit of one file adds. */
export interface TypeRegression {
  /** How many errors the file gains. */
  added: number;
  /** `TS2322`. */
  code: string;
  message: string;
  /** 1-based, in the file as it is on disk (the edit is not written), at the edit the error comes from. */
  line: number;
  column: number;
}

export interface TypeCheckOptions {
  /** Files that do not exist yet but are written with the changes (the vendored runtime), by absolute path. */
  extraFiles?: ReadonlyMap<string, string>;
  /** Rounds of re-checking after a drop (a dropped file can change what another file sees). */
  maxRounds?: number;
  /**
   * A module the edits import that may not be installed yet (`--runtime-module`):
   * "cannot find module" errors naming it do not count (the user installs it).
   */
  pendingModule?: string;
}

/**
 * Installed declaration files (TypeScript's lib files, packages' types), parsed once per process: the
 * packages of a monorepo, each checked under its own tsconfig, share them instead of each parsing
 * lib.dom.d.ts and @types/node again. They do not change while the codemod runs.
 */
const installedDeclarations = new Map<string, ts.SourceFile | undefined>();
const INSTALLED_DECLARATION = /[\\/]node_modules[\\/].*\.d\.[cm]?ts$/;

/** The options that change how a declaration file is parsed or bound (what TypeScript's document registry keys on, in short). */
function parseSettingsKey(options: ts.CompilerOptions): string {
  const { target, module, moduleResolution, moduleDetection, jsx, alwaysStrict, preserveConstEnums, isolatedModules, verbatimModuleSyntax } = options;
  return JSON.stringify([target, module, moduleResolution, moduleDetection, jsx, alwaysStrict, preserveConstEnums, isolatedModules, verbatimModuleSyntax]);
}

/**
 * `host` reading installed declaration files from the process-wide cache; every other file is
 * read as `host` reads it.
 */
export function withInstalledDeclarations(host: ts.CompilerHost, options: ts.CompilerOptions): ts.CompilerHost {
  const settings = parseSettingsKey(options);
  const getSourceFile = host.getSourceFile.bind(host);
  return {
    ...host,
    getSourceFile: (name, languageVersion, onError, shouldCreate) => {
      if (!INSTALLED_DECLARATION.test(name)) return getSourceFile(name, languageVersion, onError, shouldCreate);
      const key = `${name}\0${JSON.stringify(languageVersion)}\0${settings}`;
      if (!installedDeclarations.has(key)) installedDeclarations.set(key, getSourceFile(name, languageVersion, onError, shouldCreate));
      return installedDeclarations.get(key);
    },
  };
}

/** The nearest tsconfig.json at or above `directory`, or null. */
export function nearestTsconfig(directory: string): string | null {
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
 * Type-checks what a per-file codemod would write, the way the project's own
 * `tsc` would: for every tsconfig that one of the changed files falls under,
 * the project's program before and after the edits (the second reuses the
 * first's unchanged files), and the errors of each changed file compared.
 * A file whose edit adds errors is dropped (left as it is) and returned with
 * the first new error; the rest is checked again without it, since a dropped
 * file changes what the others see. Files under no tsconfig, and JavaScript
 * files the project does not check (`checkJs`), are not checked. Errors
 * are matched by code and message, and more uses of a name the file already
 * could not resolve (a dependency not installed) do not count as new.
 *
 * Only the changed files are checked, not their importers: the edits of the
 * per-file codemods stay inside function bodies and add private members.
 */
export function typeRegressions(changes: readonly CheckedChange[], options: TypeCheckOptions = {}): Map<string, TypeRegression> {
  const dropped = new Map<string, TypeRegression>();
  const byConfig = new Map<string, CheckedChange[]>();
  for (const change of changes) {
    const config = nearestTsconfig(dirname(change.path));
    if (!config) continue;
    const list = byConfig.get(config) ?? [];
    list.push(change);
    byConfig.set(config, list);
  }
  for (const [config, list] of byConfig) {
    for (const [path, regression] of checkProject(config, list, options)) dropped.set(path, regression);
  }
  return dropped;
}

function checkProject(configPath: string, changes: readonly CheckedChange[], options: TypeCheckOptions): Map<string, TypeRegression> {
  const dropped = new Map<string, TypeRegression>();
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, { noEmit: true, skipLibCheck: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!parsed) return dropped;
  const compilerOptions = parsed.options;
  const checksJs = compilerOptions.allowJs === true && compilerOptions.checkJs === true;
  const checked = changes.filter((change) => /\.[mc]?tsx?$/.test(change.path) || (checksJs && /\.[mc]?jsx?$/.test(change.path)));
  if (checked.length === 0) return dropped;
  const roots = [...new Set([...parsed.fileNames.map((name) => normalize(resolve(name))), ...checked.map((change) => change.path)])];
  const extra = new Map([...(options.extraFiles ?? [])].map(([path, text]) => [normalize(path), text]));

  const base = withInstalledDeclarations(ts.createCompilerHost(compilerOptions, true), compilerOptions);
  const cache = new Map<string, ts.SourceFile | undefined>();
  const hostFor = (texts: ReadonlyMap<string, string>): ts.CompilerHost => ({
    ...base,
    fileExists: (name) => texts.has(normalize(name)) || extra.has(normalize(name)) || base.fileExists(name),
    readFile: (name) => texts.get(normalize(name)) ?? extra.get(normalize(name)) ?? base.readFile(name),
    getSourceFile: (name, languageVersion, onError) => {
      const override = texts.get(normalize(name)) ?? extra.get(normalize(name));
      if (override !== undefined) return ts.createSourceFile(name, override, languageVersion, true);
      const key = `${name}\0${typeof languageVersion === 'object' ? JSON.stringify(languageVersion) : languageVersion}`;
      if (!cache.has(key)) cache.set(key, base.getSourceFile(name, languageVersion, onError));
      return cache.get(key);
    },
  });

  const before = ts.createProgram({ rootNames: roots, options: compilerOptions, host: hostFor(new Map(checked.map((change) => [change.path, change.before]))) });
  const errorsOf = (program: ts.Program, path: string): ts.Diagnostic[] => errorsIn(program, path, options.pendingModule);
  const baseline = new Map(checked.map((change) => [change.path, errorsOf(before, change.path)]));
  let remaining = checked;
  let previous: ts.Program = before;
  for (let round = 0; round < (options.maxRounds ?? 3) && remaining.length > 0; round++) {
    const texts = new Map(checked.map((change) => [change.path, change.before]));
    for (const change of remaining) texts.set(change.path, change.after);
    const after = ts.createProgram({ rootNames: roots, options: compilerOptions, host: hostFor(texts), oldProgram: previous });
    previous = after;
    const worse: CheckedChange[] = [];
    for (const change of remaining) {
      const added = newErrors(errorsOf(after, change.path), baseline.get(change.path) ?? []);
      if (added.length === 0) continue;
      worse.push(change);
      dropped.set(change.path, describe(change, added));
    }
    if (worse.length === 0) break;
    remaining = remaining.filter((change) => !worse.includes(change));
  }
  return dropped;
}

/** "Cannot find module" and its variants (no types, not under this resolution). */
const MISSING_MODULE = new Set([2307, 2792, 7016]);

function errorsIn(program: ts.Program, path: string, pendingModule: string | undefined): ts.Diagnostic[] {
  const sourceFile = program.getSourceFile(path);
  if (!sourceFile) return [];
  return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].filter(
    (diagnostic) =>
      diagnostic.category === ts.DiagnosticCategory.Error &&
      !(pendingModule !== undefined && MISSING_MODULE.has(diagnostic.code) && ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ').includes(`'${pendingModule}'`)),
  );
}

/**
 * Names the project cannot resolve (a dependency or its types missing, as when
 * it is not installed): more uses of a name the file already could not find
 * are the same problem, not a new one.
 */
const MISSING_DECLARATION = new Set([2304, 2307, 2503, 2580, 2591, 2592, 2792, 7016]);

/** The errors of `errors` beyond those of `old` (matched by code and message), less repeats of a missing declaration. */
function newErrors(errors: readonly ts.Diagnostic[], old: readonly ts.Diagnostic[]): ts.Diagnostic[] {
  const keyOf = (diagnostic: ts.Diagnostic): string => `${diagnostic.code}\0${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  const seen = new Map<string, number>();
  for (const diagnostic of old) seen.set(keyOf(diagnostic), (seen.get(keyOf(diagnostic)) ?? 0) + 1);
  const known = new Set(seen.keys());
  return errors.filter((diagnostic) => {
    const key = keyOf(diagnostic);
    const count = seen.get(key) ?? 0;
    if (count > 0) {
      seen.set(key, count - 1);
      return false;
    }
    return !(MISSING_DECLARATION.has(diagnostic.code) && known.has(key));
  });
}

/** The first of the new errors, placed on the original text. */
function describe(change: CheckedChange, added: readonly ts.Diagnostic[]): TypeRegression {
  const fresh = added[0]!;
  const position = fresh.file && fresh.start !== undefined ? fresh.file.getLineAndCharacterOfPosition(fresh.start) : { line: 0, character: 0 };
  const { line, exact } = originalLine(change.before, change.after, position.line + 1);
  return {
    added: added.length,
    code: `TS${fresh.code}`,
    message: (typeof fresh.messageText === 'string' ? fresh.messageText : fresh.messageText.messageText).replace(/\s+/g, ' ').replace(/\.$/, ''),
    line,
    column: exact ? position.character + 1 : 1,
  };
}

/**
 * The line of `before` that line `afterLine` (1-based) of `after` comes from
 * (`exact`), or, for an inserted or rewritten line, the line it took the place of.
 */
export function originalLine(before: string, after: string, afterLine: number): { line: number; exact: boolean } {
  const lastLine = Math.max(1, before.split('\n').length - (before.endsWith('\n') ? 1 : 0));
  let oldLine = 1;
  let newLine = 1;
  /** The lines the part before removed, which an added part right after it rewrites. */
  let removed: { start: number; count: number } | null = null;
  for (const part of diffLines(before, after)) {
    const count = part.count ?? part.value.split('\n').length - 1;
    if (part.added) {
      if (afterLine < newLine + count) {
        const line = removed ? removed.start + Math.min(afterLine - newLine, removed.count - 1) : oldLine;
        return { line: Math.min(line, lastLine), exact: false };
      }
      newLine += count;
      removed = null;
    } else if (part.removed) {
      removed = { start: oldLine, count };
      oldLine += count;
    } else {
      if (afterLine < newLine + count) return { line: oldLine + (afterLine - newLine), exact: true };
      oldLine += count;
      newLine += count;
      removed = null;
    }
  }
  return { line: Math.min(oldLine, lastLine), exact: false };
}
