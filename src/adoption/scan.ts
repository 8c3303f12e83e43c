import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { styleText } from 'node:util';
import type { ESLint as ESLintApi, Linter } from 'eslint';
import { createProgress } from '../cli/output.js';
import { commonRoot, discoverFiles } from '../codemod/discover.js';
import { SOURCE_EXTENSIONS, toPosix } from '../util/paths.js';
import { UsageError } from '../codemod/types.js';
import { configs, namespace, rules } from '../index.js';
import { REPOSITORY_URL } from '../util/create-rule.js';
import { readPackageInfo } from '../util/package-info.js';
import { describeSetupError, MINIMUM_TYPESCRIPT_ESLINT_MAJOR, ScanSetupError } from './setup-errors.js';
import { AdoptionUsageError, cliCommand, EXIT_FOUND, EXIT_OK, EXIT_USAGE, FLAT_CONFIG_FILES, findUp, parseCommandArgs, plural, type AdoptionIO } from './io.js';

export type ScanFormat = 'text' | 'json' | 'sarif';

export interface ScanOptions {
  cwd: string;
  /** Files, folders or globs relative to `cwd` (the codemods' discovery); `.` when empty. */
  paths: readonly string[];
  ignore?: readonly string[];
  /** Called after each batch of files on long runs. */
  onProgress?: (done: number, total: number) => void;
  /** Lint in batches of this many files so progress can be reported (default: one batch). */
  batchSize?: number;
}

export interface ScanFinding {
  /** Relative to `cwd`, forward slashes. */
  path: string;
  rule: string;
  severity: 'error' | 'warning';
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
}

export interface ScanFixStep {
  codemod: string;
  /** The command a user types, e.g. `npx lifeguard staged-timeout src`. */
  command: string;
  paths: string[];
  rules: { rule: string; count: number }[];
  findings: number;
}

export interface ScanReport {
  tool: { name: string; version: string };
  /** How to run the codemods from here: `npx lifeguard` when the plugin is installed, else `npx eslint-plugin-lifeguard` (npx would fetch an unrelated package named `lifeguard`). */
  cli: string;
  cwd: string;
  /** The project's flat config (path relative to cwd) or the built-in one. */
  config: { kind: 'project'; path: string; addedRecommended: boolean } | { kind: 'built-in' };
  summary: { filesScanned: number; filesWithFindings: number; findings: number; errors: number; warnings: number; parseErrors: number; suppressed: number };
  /** Worst first. */
  rules: { rule: string; count: number; codemod?: string; description?: string; url?: string }[];
  /** Files with findings, worst first. */
  files: { path: string; count: number; rules: Record<string, number> }[];
  findings: ScanFinding[];
  parseErrors: { path: string; line: number; column: number; message: string }[];
  fixPlan: ScanFixStep[];
  skipped: { path: string; reason: string }[];
}

interface RuleDocs {
  description?: string;
  url?: string;
  codemod?: string;
}

const RULE_PREFIX = `${namespace}/`;
const SOURCE_EXTENSIONS_TEXT = SOURCE_EXTENSIONS.map((extension) => `.${extension}`).join(' ');
const SUPPRESSIONS_FILE = 'eslint-suppressions.json';
const TYPESCRIPT_FILE = /\.(ts|mts|cts|tsx)$/i;
/** A progress line is worth drawing only for runs long enough to watch. */
const PROGRESS_MIN_FILES = 50;
const PROGRESS_BATCH = 25;
const WORST_FILES_SHOWN = 5;

const HELP = `Usage: lifeguard scan [paths...] [options]

Runs the Lifeguard rules over the given files and folders (default: .) with
the project's ESLint config (adding lifeguard.configs.recommended when it
lacks the Lifeguard rules), or a built-in config when there is none. Prints
the findings grouped by rule, the worst files and the codemods that fix them.

Options:
  --format <text|json|sarif>  Output format (default: text); sarif is SARIF 2.1.0 for code-scanning UIs
  --max-warnings <n>          Pass with up to n warnings (errors always fail; default: 0)
  --ignore <glob>             Skip files matching this glob (repeatable)
  --quiet                     Report errors only (warnings are neither shown nor counted)
  --color, --no-color         Force colours on or off (default: on when stdout is a terminal)
  --help                      Show this help

Exit codes: 0 nothing found, 1 findings (or files that do not parse), 2 usage or setup error.
`;

/**
 * `lifeguard scan [paths...]`: returns the exit code (0 clean, 1 findings,
 * 2 usage or setup error) instead of exiting, like the CLI's `main`.
 */
export async function runScan(args: readonly string[], io: AdoptionIO): Promise<number> {
  let format: ScanFormat;
  let maxWarnings: number;
  let paths: string[];
  let ignore: string[];
  let quiet: boolean;
  let colour: boolean;
  try {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        format: { type: 'string', short: 'f' },
        'max-warnings': { type: 'string' },
        ignore: { type: 'string', multiple: true },
        quiet: { type: 'boolean', short: 'q' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      true,
    );
    if (values['help']) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    const formatValue = (values['format'] as string | undefined) ?? 'text';
    if (formatValue !== 'text' && formatValue !== 'json' && formatValue !== 'sarif') {
      throw new AdoptionUsageError(`--format must be text, json or sarif, got ${formatValue}`);
    }
    format = formatValue;
    const maxValue = values['max-warnings'] as string | undefined;
    if (maxValue !== undefined && !/^\d+$/.test(maxValue)) throw new AdoptionUsageError(`--max-warnings must be a non-negative integer, got ${maxValue}`);
    maxWarnings = maxValue === undefined ? 0 : Number(maxValue);
    paths = positionals.length > 0 ? positionals : ['.'];
    ignore = (values['ignore'] as string[] | undefined) ?? [];
    quiet = values['quiet'] === true;
    colour = values['no-color'] === true ? false : values['color'] === true ? true : useColour(io.stdout);
  } catch (error) {
    return usageFailure(error, io);
  }

  const progress = createProgress({ write: (chunk) => io.stderr.write(chunk), isTTY: io.isTTY ?? io.stderr.isTTY === true }, 'lifeguard scan', PROGRESS_MIN_FILES);
  let report: ScanReport;
  try {
    report = await scanFiles({
      cwd: io.cwd,
      paths,
      ignore,
      ...((io.isTTY ?? io.stderr.isTTY) ? { batchSize: PROGRESS_BATCH, onProgress: (done: number, total: number) => progress.update(done, total) } : {}),
    });
  } catch (error) {
    return usageFailure(error, io);
  } finally {
    progress.clear();
  }

  if (quiet) dropWarnings(report);
  if (format === 'json') io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (format === 'sarif') io.stdout.write(`${JSON.stringify(toSarif(report), null, 2)}\n`);
  else io.stdout.write(formatScanText(report, maxWarnings, { colour }));
  const { errors, warnings, parseErrors } = report.summary;
  return errors > 0 || parseErrors > 0 || warnings > maxWarnings ? EXIT_FOUND : EXIT_OK;
}

/** Colour like ESLint's stylish formatter: on a terminal, unless NO_COLOR; FORCE_COLOR turns it on anywhere. */
function useColour(stream: { isTTY?: boolean }): boolean {
  const force = process.env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  return stream.isTTY === true;
}

/** `--quiet`: the report as if the warnings had not been found (ESLint's meaning of the flag). */
function dropWarnings(report: ScanReport): void {
  const kept = report.findings.filter((finding) => finding.severity === 'error');
  if (kept.length === report.findings.length) return;
  const rebuilt = summarise(report.cwd, kept);
  report.findings = kept;
  report.rules = rebuilt.rules;
  report.files = rebuilt.files;
  report.fixPlan = rebuilt.fixPlan;
  report.summary = { ...report.summary, findings: kept.length, warnings: 0, filesWithFindings: rebuilt.files.length };
}

function usageFailure(error: unknown, io: AdoptionIO): number {
  if (error instanceof AdoptionUsageError || error instanceof UsageError || error instanceof ScanSetupError) {
    io.stderr.write(`lifeguard scan: ${error.message}\n`);
    return EXIT_USAGE;
  }
  throw error;
}

export { ScanSetupError };

/** Discovers the files, lints them with the Lifeguard rules and builds the report. */
export async function scanFiles(options: ScanOptions): Promise<ScanReport> {
  const cwd = resolve(options.cwd);
  const paths = options.paths.length > 0 ? options.paths : ['.'];
  for (const input of paths) {
    const inside = toPosix(relative(cwd, resolve(cwd, input)));
    if (inside === '..' || inside.startsWith('../') || isAbsolute(inside)) {
      throw new ScanSetupError(`${input} is outside the working directory, and ESLint lints only files under it: run \`lifeguard scan\` from a folder that contains ${input}`);
    }
  }
  const discovered = await discoverFiles({ cwd, paths, ignore: options.ignore ?? [] });
  const { files } = discovered;
  const projectConfig = findUp(cwd, FLAT_CONFIG_FILES);
  const configPath = projectConfig ? toPosix(relative(cwd, join(projectConfig.directory, projectConfig.name))) : undefined;
  if (files.length === 0) {
    const problem = nothingToLint(cwd, paths, discovered.skipped);
    if (problem) throw problem;
    return buildReport(cwd, [], 0, configPath ? { kind: 'project', path: configPath, addedRecommended: false } : { kind: 'built-in' }, discovered.skipped);
  }
  try {
    return await lintDiscovered(cwd, files, discovered.skipped, configPath, options);
  } catch (error) {
    throw describeSetupError(error, { cwd, ...(configPath ? { configPath } : {}) });
  }
}

/**
 * Why there is nothing to lint, as a setup error: a scan that checks nothing
 * must not pass a hook as "no findings". Files named explicitly but ignored
 * (node_modules, build output) are not an error: a hook passes them on.
 */
function nothingToLint(cwd: string, paths: readonly string[], skipped: readonly { path: string; reason: string }[]): ScanSetupError | undefined {
  const ignoredNamed = skipped.filter((entry) => entry.reason.startsWith('ignored'));
  if (ignoredNamed.length > 0 && ignoredNamed.length === skipped.length) return undefined;
  const link = skipped.find((entry) => entry.reason.startsWith('symbolic link'));
  if (link) {
    const shown = toPosix(relative(cwd, link.path));
    return existsSync(link.path)
      ? new ScanSetupError(`nothing to lint: ${shown} is a symbolic link, which scan does not follow: scan the file or folder it points to`)
      : new ScanSetupError(`nothing to lint: ${shown} is a broken symbolic link: fix or remove it`);
  }
  return new ScanSetupError(
    `nothing to lint: no JavaScript or TypeScript files (${SOURCE_EXTENSIONS_TEXT}) in ${paths.join(', ')} outside node_modules and build output: check the path`,
  );
}

async function lintDiscovered(
  cwd: string,
  files: readonly string[],
  discoveredSkipped: readonly { path: string; reason: string }[],
  configPath: string | undefined,
  options: ScanOptions,
): Promise<ScanReport> {
  const { ESLint } = await import('eslint');

  let eslint: ESLintApi;
  let config: ScanReport['config'];
  // Only Lifeguard's rules run: the project's other rules are its own business and would only slow a hook down.
  const ruleFilter = ({ ruleId }: { ruleId: string }): boolean => ruleId.startsWith(RULE_PREFIX);
  // Other rules are filtered out, so their disable comments would look unused.
  const quietDirectives: Linter.Config = { linterOptions: { reportUnusedDisableDirectives: 'off' } };
  if (configPath) {
    const probe = new ESLint({ cwd, ruleFilter, warnIgnored: false, overrideConfig: quietDirectives });
    const sample = files[0] ? ((await probe.calculateConfigForFile(files[0])) as Linter.Config | undefined) : undefined;
    const hasLifeguardRules = Object.keys(sample?.rules ?? {}).some((rule) => rule.startsWith(RULE_PREFIX));
    const addedRecommended = files.length > 0 && !hasLifeguardRules;
    if (addedRecommended) {
      // The project may register the plugin (its own copy) without enabling rules; registering ours under the same name would throw.
      const registersPlugin = pluginNames(sample?.plugins).includes(namespace);
      const recommended = configs.recommended as unknown as Linter.Config;
      const addition: Linter.Config = registersPlugin ? { files: recommended.files, rules: recommended.rules } : recommended;
      eslint = new ESLint({ cwd, ruleFilter, warnIgnored: false, overrideConfig: [addition, quietDirectives] });
    } else {
      eslint = probe;
    }
    config = { kind: 'project', path: configPath, addedRecommended };
  } else {
    const typescriptParser = files.some((file) => TYPESCRIPT_FILE.test(file)) ? await loadTypeScriptParser(cwd) : undefined;
    eslint = new ESLint({ cwd, overrideConfigFile: true, ruleFilter, warnIgnored: false, overrideConfig: builtInConfig(typescriptParser) });
    config = { kind: 'built-in' };
  }

  const results: ESLintApi.LintResult[] = [];
  const batchSize = options.batchSize ?? Math.max(1, files.length);
  for (let start = 0; start < files.length; start += batchSize) {
    results.push(...(await eslint.lintFiles(files.slice(start, start + batchSize))));
    options.onProgress?.(Math.min(files.length, start + batchSize), files.length);
  }
  await relintEslintEnvFiles(eslint, results);
  const suppressed = applyBulkSuppressions(results, cwd);
  // A file the ESLint config ignores yields no result (warnIgnored is off): say so, or a scan of an ignored folder looks clean.
  const linted = new Set(results.map((result) => resolve(result.filePath)));
  const ignoredBy = config.kind === 'project' ? `ignored by ${config.path}` : 'ignored by the ESLint config';
  const ignored = files.filter((file) => !linted.has(resolve(file))).map((file) => ({ path: file, reason: ignoredBy }));
  return buildReport(cwd, results, suppressed, config, [...discoveredSkipped, ...ignored]);
}

const ESLINT_ENV_UNSUPPORTED = /eslint-env \*\/ comments are no longer supported/;

/**
 * ESLint 10 refuses a file with an `/* eslint-env *\/` comment as a whole (a
 * fatal message, no rule runs), though it parses fine: ESLint 9 ignores the
 * comment. Such files are linted again with the comment's keyword blanked
 * (same length, so every position stays), which is what ESLint 9 does.
 */
async function relintEslintEnvFiles(eslint: ESLintApi, results: ESLintApi.LintResult[]): Promise<void> {
  for (const [index, result] of results.entries()) {
    const fatal = result.messages.filter((message) => message.fatal);
    if (fatal.length === 0 || !fatal.every((message) => ESLINT_ENV_UNSUPPORTED.test(message.message))) continue;
    const text = readFileSync(result.filePath, 'utf8').replace(/\/\*(\s*)eslint-env\b/g, (_match, space: string) => `/*${space}${' '.repeat('eslint-env'.length)}`);
    const [relinted] = await eslint.lintText(text, { filePath: result.filePath });
    if (relinted) results[index] = relinted;
  }
}

/**
 * The config for projects without one: ESLint's defaults for JavaScript
 * (with JSX, which React projects write in `.js` files too), typescript-eslint's
 * parser for TypeScript, and the recommended rules.
 */
function builtInConfig(typescriptParser: Linter.Parser | undefined): Linter.Config[] {
  return [
    { files: ['**/*.{js,mjs,cjs,jsx}'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
    ...(typescriptParser ? [{ files: ['**/*.{ts,mts,cts,tsx}'], languageOptions: { parser: typescriptParser } }] : []),
    configs.recommended as unknown as Linter.Config,
    { linterOptions: { reportUnusedDisableDirectives: 'off' } },
  ];
}

/**
 * typescript-eslint's parser, from the scanned project first (its version
 * matches the project's TypeScript), then from wherever this plugin can
 * resolve it. Loaded only when there are TypeScript files to scan.
 */
export async function loadTypeScriptParser(cwd: string): Promise<Linter.Parser> {
  const bases = [join(cwd, 'package.json'), import.meta.url];
  for (const base of bases) {
    const require = createRequire(base);
    for (const [specifier, pick] of [
      ['@typescript-eslint/parser', (module: Record<string, unknown>) => module],
      ['typescript-eslint', (module: Record<string, unknown>) => module['parser'] as Record<string, unknown> | undefined],
    ] as const) {
      let path: string;
      try {
        path = require.resolve(specifier);
      } catch {
        continue;
      }
      const outdated = outdatedParser(path, specifier, cwd);
      if (outdated) throw new ScanSetupError(outdated);
      const loaded = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
      for (const candidate of [pick(loaded), pick((loaded['default'] ?? {}) as Record<string, unknown>)]) {
        if (candidate && typeof candidate['parseForESLint'] === 'function') return candidate as unknown as Linter.Parser;
      }
    }
  }
  throw new ScanSetupError(
    'scanning TypeScript files needs typescript-eslint\'s parser, which is not installed: run `npm install --save-dev @typescript-eslint/parser` (or add an eslint.config.js that sets a parser; `npx lifeguard init` writes one)',
  );
}

/** Why the parser at `entry` cannot run here (a typescript-eslint major before 8), or undefined. */
function outdatedParser(entry: string, specifier: string, cwd: string): string | undefined {
  const manifest = findUp(dirname(entry), ['package.json']);
  if (!manifest) return undefined;
  let version: string | undefined;
  try {
    version = (JSON.parse(readFileSync(join(manifest.directory, manifest.name), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
  const major = Number(version?.split('.')[0]);
  if (!Number.isInteger(major) || major >= MINIMUM_TYPESCRIPT_ESLINT_MAJOR) return undefined;
  return `the project's ${specifier} is ${version} (in ${toPosix(relative(cwd, manifest.directory)) || '.'}), too old for this ESLint and TypeScript: run \`npm install --save-dev ${specifier}@^${MINIMUM_TYPESCRIPT_ESLINT_MAJOR}\``;
}

function pluginNames(plugins: unknown): string[] {
  if (Array.isArray(plugins)) return plugins.map((entry) => String(entry).split(':')[0]!);
  return plugins && typeof plugins === 'object' ? Object.keys(plugins) : [];
}

/**
 * ESLint's bulk suppressions (`eslint --suppress-all` writes
 * `eslint-suppressions.json` in the working directory): a file's errors of a
 * rule are hidden while there are no more of them than were suppressed, the
 * same test ESLint applies, so `lifeguard scan` only reports new problems.
 * Done here because ESLint 9's Node API cannot apply them.
 */
function applyBulkSuppressions(results: ESLintApi.LintResult[], cwd: string): number {
  const location = join(cwd, SUPPRESSIONS_FILE);
  if (!existsSync(location)) return 0;
  let suppressions: Record<string, Record<string, { count?: number }>>;
  try {
    suppressions = JSON.parse(readFileSync(location, 'utf8')) as typeof suppressions;
  } catch (error) {
    throw new ScanSetupError(`cannot read ${SUPPRESSIONS_FILE}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let suppressed = 0;
  for (const result of results) {
    const entries = suppressions[toPosix(relative(cwd, result.filePath))];
    if (!entries) continue;
    const counts = new Map<string, number>();
    for (const message of result.messages) {
      if (message.severity === 2 && message.ruleId) counts.set(message.ruleId, (counts.get(message.ruleId) ?? 0) + 1);
    }
    for (const [ruleId, count] of counts) {
      if (count > (entries[ruleId]?.count ?? 0)) continue;
      result.messages = result.messages.filter((message) => message.ruleId !== ruleId);
      suppressed += count;
    }
  }
  return suppressed;
}

function buildReport(cwd: string, results: readonly ESLintApi.LintResult[], suppressed: number, config: ScanReport['config'], skipped: readonly { path: string; reason: string }[]): ScanReport {
  const findings: ScanFinding[] = [];
  const parseErrors: ScanReport['parseErrors'] = [];
  for (const result of results) {
    const path = toPosix(relative(cwd, result.filePath));
    for (const message of result.messages) {
      if (message.fatal) {
        parseErrors.push({ path, line: message.line ?? 0, column: message.column ?? 0, message: message.message });
      } else if (message.ruleId?.startsWith(RULE_PREFIX)) {
        findings.push({
          path,
          rule: message.ruleId,
          severity: message.severity === 2 ? 'error' : 'warning',
          line: message.line,
          column: message.column,
          ...(message.endLine === undefined ? {} : { endLine: message.endLine }),
          ...(message.endColumn === undefined ? {} : { endColumn: message.endColumn }),
          message: message.message,
        });
      }
    }
  }

  const { rules: ruleEntries, files: fileEntries, fixPlan } = summarise(cwd, findings);

  return {
    tool: { name: readPackageInfo().name, version: readPackageInfo().version },
    cli: cliCommand(cwd),
    cwd,
    config,
    summary: {
      filesScanned: results.length,
      filesWithFindings: fileEntries.length,
      findings: findings.length,
      errors: findings.filter((finding) => finding.severity === 'error').length,
      warnings: findings.filter((finding) => finding.severity === 'warning').length,
      parseErrors: parseErrors.length,
      suppressed,
    },
    rules: ruleEntries,
    files: fileEntries,
    findings,
    parseErrors,
    fixPlan,
    skipped: skipped.map((entry) => ({ path: toPosix(relative(cwd, entry.path)), reason: entry.reason })),
  };
}

/** The per-rule and per-file counts and the fix plan, worst first. */
function summarise(cwd: string, findings: readonly ScanFinding[]): Pick<ScanReport, 'rules' | 'files' | 'fixPlan'> {
  const ruleCounts = countBy(findings, (finding) => finding.rule);
  const ruleEntries = [...ruleCounts].sort(worstFirst).map(([rule, count]) => {
    const docs = ruleDocs(rule);
    return { rule, count, ...(docs.codemod ? { codemod: docs.codemod } : {}), ...(docs.description ? { description: docs.description } : {}), ...(docs.url ? { url: docs.url } : {}) };
  });
  const fileEntries = [...countBy(findings, (finding) => finding.path)].sort(worstFirst).map(([path, count]) => ({
    path,
    count,
    rules: Object.fromEntries([...countBy(findings.filter((finding) => finding.path === path), (finding) => finding.rule)].sort(worstFirst)),
  }));

  return { rules: ruleEntries, files: fileEntries, fixPlan: buildFixPlan(cwd, findings, ruleEntries) };
}

/**
 * One step per codemod, naming the files (up to three) or their common
 * folder, so the command can be pasted as is. Until the codemods report which
 * findings they can fix, a step says which findings it addresses.
 */
function buildFixPlan(cwd: string, findings: readonly ScanFinding[], ruleEntries: ScanReport['rules']): ScanFixStep[] {
  const steps = new Map<string, ScanFixStep>();
  for (const entry of ruleEntries) {
    if (!entry.codemod) continue;
    let step = steps.get(entry.codemod);
    if (!step) {
      step = { codemod: entry.codemod, command: '', paths: [], rules: [], findings: 0 };
      steps.set(entry.codemod, step);
    }
    step.rules.push({ rule: entry.rule, count: entry.count });
    step.findings += entry.count;
  }
  for (const step of steps.values()) {
    const files = [...new Set(findings.filter((finding) => step.rules.some((rule) => rule.rule === finding.rule)).map((finding) => finding.path))];
    step.paths = files.length <= 3 ? files : [toPosix(relative(cwd, commonRoot(files.map((file) => resolve(cwd, file)), cwd))) || '.'];
    step.command = `${cliCommand(cwd)} ${step.codemod} ${step.paths.map(shellQuote).join(' ')}`;
  }
  return [...steps.values()].sort((a, b) => b.findings - a.findings || a.codemod.localeCompare(b.codemod));
}

/** The human-readable report: findings grouped by rule, the worst files, the fix plan. */
export function formatScanText(report: ScanReport, maxWarnings = 0, { colour = false }: { colour?: boolean } = {}): string {
  const { summary } = report;
  const lines: string[] = [];
  const paint = (format: Parameters<typeof styleText>[0], text: string): string => (colour ? styleText(format, text) : text);
  const suppressedNote = summary.suppressed > 0 ? ` (${summary.suppressed} suppressed by ${SUPPRESSIONS_FILE})` : '';
  const configNote =
    report.config.kind === 'built-in'
      ? 'built-in config'
      : `${report.config.path}${report.config.addedRecommended ? ' + lifeguard.configs.recommended (not in the config yet)' : ''}`;
  if (summary.findings === 0 && summary.parseErrors === 0) {
    lines.push(`lifeguard scan: ${paint('green', 'no findings')} in ${plural(summary.filesScanned, 'file')}${suppressedNote} (${configNote})`);
    const ignored = report.skipped.filter((entry) => entry.reason.startsWith('ignored by'));
    if (ignored.length > 0) lines.push(`  ${plural(ignored.length, 'file')} ${ignored[0]!.reason} (e.g. ${ignored[0]!.path}) and not linted`);
    return `${lines.join('\n')}\n`;
  }
  const severities = [summary.errors > 0 ? plural(summary.errors, 'error') : '', summary.warnings > 0 ? plural(summary.warnings, 'warning') : ''].filter(Boolean).join(', ');
  lines.push(
    `lifeguard scan: ${paint(['bold', summary.errors > 0 || summary.parseErrors > 0 ? 'red' : 'yellow'], plural(summary.findings, 'finding'))}${severities ? ` (${severities})` : ''} in ${summary.filesWithFindings} of ${plural(summary.filesScanned, 'file')}${suppressedNote} (${configNote})`,
  );
  for (const entry of report.rules) {
    lines.push('', `${paint('bold', entry.rule)} (${entry.count})${entry.codemod ? `  ${paint('cyan', `fix: ${report.cli} ${entry.codemod}`)}` : ''}`);
    for (const finding of report.findings.filter((candidate) => candidate.rule === entry.rule)) {
      lines.push(`  ${paint('dim', `${finding.path}:${finding.line}:${finding.column}`)}  ${finding.severity === 'warning' ? `${paint('yellow', 'warning')}  ` : ''}${finding.message}`);
    }
  }
  if (report.parseErrors.length > 0) {
    lines.push('', paint(['bold', 'red'], `Could not parse (${report.parseErrors.length}):`));
    for (const error of report.parseErrors) lines.push(`  ${error.path}:${error.line}:${error.column}  ${error.message}`);
  }
  if (report.files.length > 0) {
    lines.push('', 'Worst files:');
    const shown = report.files.slice(0, WORST_FILES_SHOWN);
    const width = Math.max(...shown.map((file) => file.path.length)) + 2;
    for (const file of shown) {
      const breakdown = Object.entries(file.rules).map(([rule, count]) => `${rule.slice(RULE_PREFIX.length)} ${count}`).join(', ');
      lines.push(`  ${file.path.padEnd(width)}${String(file.count).padStart(4)}  (${breakdown})`);
    }
    if (report.files.length > shown.length) lines.push(`  … and ${plural(report.files.length - shown.length, 'more file')}`);
  }
  if (report.fixPlan.length > 0) {
    lines.push('', 'Fix plan:');
    for (const step of report.fixPlan) {
      const addressed = step.rules.map((rule) => `the ${rule.count} \`${rule.rule.slice(RULE_PREFIX.length)}\` ${rule.count === 1 ? 'finding' : 'findings'}`);
      lines.push(`  \`${paint('cyan', step.command)}\` addresses ${joinWords(addressed)}`);
    }
    lines.push('  Each codemod lists what it leaves for manual review; run `lifeguard scan` again afterwards.');
  }
  if (summary.warnings > 0 && summary.errors === 0 && summary.parseErrors === 0 && summary.warnings <= maxWarnings) {
    lines.push('', `Passing: ${plural(summary.warnings, 'warning')} within --max-warnings ${maxWarnings}.`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * SARIF 2.1.0 (OASIS), the format GitHub code scanning and other UIs read.
 * Written here rather than through `@microsoft/eslint-formatter-sarif`: the
 * subset needed (one run, rules, results with physical locations) is small,
 * and the plugin keeps its dependency list short.
 */
export function toSarif(report: ScanReport): Record<string, unknown> {
  const ruleIds = report.rules.map((entry) => entry.rule);
  const results = [
    ...report.findings.map((finding) => ({
      ruleId: finding.rule,
      ruleIndex: ruleIds.indexOf(finding.rule),
      level: finding.severity === 'error' ? 'error' : 'warning',
      message: { text: finding.message },
      locations: [sarifLocation(finding.path, finding.line, finding.column, finding.endLine, finding.endColumn)],
    })),
    // A file that does not parse was not checked: reported as a result (without a rule) so the upload is not silently green.
    ...report.parseErrors.map((error) => ({
      level: 'error',
      message: { text: `Parsing error: ${error.message}` },
      locations: [sarifLocation(error.path, error.line, error.column)],
    })),
  ];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'lifeguard',
            semanticVersion: report.tool.version,
            version: report.tool.version,
            informationUri: REPOSITORY_URL,
            rules: report.rules.map((entry) => ({
              id: entry.rule,
              ...(entry.description ? { shortDescription: { text: entry.description } } : {}),
              ...(entry.url ? { helpUri: entry.url } : {}),
              ...(entry.codemod ? { help: { text: `Fix with \`npx lifeguard ${entry.codemod} <paths>\`.` } } : {}),
              properties: { ...(entry.codemod ? { codemod: entry.codemod } : {}) },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(report.cwd.endsWith('/') ? report.cwd : `${report.cwd}/`).href } },
        artifacts: [...new Set([...report.findings.map((finding) => finding.path), ...report.parseErrors.map((error) => error.path)])].map((path) => ({
          location: { uri: encodeUriPath(path), uriBaseId: '%SRCROOT%' },
        })),
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

function sarifLocation(path: string, line: number, column: number, endLine?: number, endColumn?: number): Record<string, unknown> {
  // SARIF regions are 1-based and reject 0; a parse error without a position points at the start of the file.
  const region: Record<string, number> = { startLine: Math.max(1, line), startColumn: Math.max(1, column) };
  if (endLine !== undefined) region['endLine'] = endLine;
  if (endColumn !== undefined) region['endColumn'] = endColumn;
  return { physicalLocation: { artifactLocation: { uri: encodeUriPath(path), uriBaseId: '%SRCROOT%' }, region } };
}

function encodeUriPath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function ruleDocs(ruleId: string): RuleDocs {
  const rule = (rules as Record<string, { meta: { docs?: RuleDocs } }>)[ruleId.slice(RULE_PREFIX.length)];
  return rule?.meta.docs ?? {};
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function worstFirst([nameA, countA]: [string, number], [nameB, countB]: [string, number]): number {
  return countB - countA || nameA.localeCompare(nameB);
}

function joinWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

function shellQuote(value: string): string {
  return /^[\w./@%+=:,-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

