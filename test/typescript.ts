import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { withInstalledDeclarations } from '../src/codemod/typecheck.js';

/*
 * `tsc -p <project>` in the test process. A spawned tsc parses TypeScript's lib files and @types/node
 * again every time (most of its seconds); here installed declaration files are parsed once per test
 * file and shared by the projects it compiles, through the codemods' own cache. The project's own
 * sources are read afresh on each call.
 */

export interface TscResult {
  /** What tsc prints (`--pretty false`): one line per diagnostic, empty when the project is clean. */
  output: string;
  /** The error diagnostics (what the `error TS…` lines of a tsc run count). */
  errors: number;
}

/**
 * Compiles the project like `tsc -p project` run in `cwd` (`noEmit` in its tsconfig, or
 * `options.noEmit`, skips the emit), with `options` overriding the tsconfig like tsc's
 * command-line flags do. `checks` limits the per-file diagnostics to the files it accepts
 * (the program still reads and resolves every file).
 */
export function tsc(cwd: string, project = '.', options: ts.CompilerOptions = {}, { checks }: { checks?: (fileName: string) => boolean } = {}): TscResult {
  const path = resolve(cwd, project);
  const configPath = ts.sys.directoryExists(path) ? join(path, 'tsconfig.json') : path;
  const configDiagnostics: ts.Diagnostic[] = [];
  const overrides = { ...options, ...(options.rootDir === undefined ? {} : { rootDir: resolve(cwd, options.rootDir) }) };
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, overrides, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => configDiagnostics.push(diagnostic),
  });
  if (!parsed) return report(cwd, configDiagnostics);
  const host = withInstalledDeclarations(ts.createCompilerHost(parsed.options, true), parsed.options);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences, host, configFileParsingDiagnostics: parsed.errors });
  const diagnostics = checks
    ? [
        ...program.getConfigFileParsingDiagnostics(),
        ...program.getOptionsDiagnostics(),
        ...program.getGlobalDiagnostics(),
        ...program.getSourceFiles().flatMap((file) => (checks(file.fileName) ? [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)] : [])),
      ]
    : [...ts.getPreEmitDiagnostics(program)];
  if (!parsed.options.noEmit) diagnostics.push(...program.emit().diagnostics);
  return report(dirname(configPath), ts.sortAndDeduplicateDiagnostics(diagnostics));
}

function report(cwd: string, diagnostics: readonly ts.Diagnostic[]): TscResult {
  const output = ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => cwd, getNewLine: () => '\n' });
  return { output, errors: diagnostics.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error).length };
}
