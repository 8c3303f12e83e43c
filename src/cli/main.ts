import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { toPosix } from '../util/paths.js';
import type { RunReport } from '../codemod/engine.js';
import type { RuntimeSourceLoader } from '../codemod/runtime.js';
import { UsageError, type AnyCodemod, type RawCodemodOptions } from '../codemod/types.js';
import { readPackageInfo } from '../util/package-info.js';
import { parseCommandArgs } from './args.js';
import { codemodHelp, COMMON_CODEMOD_OPTIONS, toolHelp } from './help.js';
import { createProgress, formatSummary, type OutputStream } from './output.js';
import { closest } from './suggest.js';

/** The shape of a rule that `list` reads. */
interface ListedRule {
  meta: { docs?: { description?: string; recommended?: boolean; codemod?: string } };
}

export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  cwd: string;
  /** The codemods offered as subcommands (tests inject their own). */
  codemods?: readonly AnyCodemod[];
  rules?: Readonly<Record<string, ListedRule>>;
  /** Where the vendored runtime text comes from (tests inject one). */
  loadRuntime?: RuntimeSourceLoader;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A progress line is worth drawing only for runs long enough to watch. */
const PROGRESS_MIN_FILES = 50;

/**
 * The `lifeguard` command line. Returns the exit code instead of exiting, so
 * tests run it in-process with their own streams and working directory.
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    // Each command loads what it needs and nothing else: `lifeguard scan` runs in every pre-commit
    // hook, and neither it nor `--version` should wait for TypeScript and ts-morph, which only the
    // codemods use (loading all of it took 1.6 s before anything ran).
    switch (command) {
      case undefined:
        io.stderr.write(toolHelp(await loadCodemods(io)));
        return EXIT_USAGE;
      case '--help':
      case '-h':
        io.stdout.write(toolHelp(await loadCodemods(io)));
        return EXIT_OK;
      case '--version':
      case '-v':
        io.stdout.write(`${readPackageInfo().version}\n`);
        return EXIT_OK;
      case 'help':
        return await help(rest[0], await loadCodemods(io), io);
      case 'list':
        return await list(rest, io);
      case 'scan':
        return await (await import('../adoption/scan.js')).runScan(rest, io);
      case 'init':
        return await (await import('../adoption/init.js')).runInit(rest, io);
      default: {
        const codemods = await loadCodemods(io);
        const codemod = codemods.find((candidate) => candidate.name === command);
        if (!codemod) throw unknownCommand(command, codemods);
        return await runCodemodCommand(codemod, rest, io);
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`lifeguard: ${error.message}\nRun \`lifeguard --help\` for usage.\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`lifeguard: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_FAILED;
  }
}

const COMMANDS = ['scan', 'init', 'list', 'help'];

async function loadCodemods(io: CliIO): Promise<readonly AnyCodemod[]> {
  return io.codemods ?? (await import('../../codemods/index.js')).codemods;
}

function unknownCommand(command: string, codemods: readonly AnyCodemod[]): UsageError {
  if (command.startsWith('-')) {
    const option = closest(command, ['--help', '--version', '-h', '-v']);
    return new UsageError(`unknown option ${command}${option ? ` (did you mean ${option}?)` : ''}`);
  }
  const suggestion = closest(command, [...COMMANDS, ...codemods.map((codemod) => codemod.name)]);
  return new UsageError(`unknown command: ${command}${suggestion ? ` (did you mean \`lifeguard ${suggestion}\`?)` : ''}`);
}

async function help(topic: string | undefined, codemods: readonly AnyCodemod[], io: CliIO): Promise<number> {
  if (topic === undefined) {
    io.stdout.write(toolHelp(codemods));
    return EXIT_OK;
  }
  if (topic === 'scan' || topic === 'init' || topic === 'list') return main([topic, '--help'], io);
  const codemod = codemods.find((candidate) => candidate.name === topic);
  if (!codemod) throw unknownCommand(topic, codemods);
  io.stdout.write(codemodHelp(codemod));
  return EXIT_OK;
}

async function list(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs(args, { help: { type: 'boolean' } }, false);
  if (values['help']) {
    io.stdout.write('Usage: lifeguard list\n\nLists the rules and codemods, one line each.\n');
    return EXIT_OK;
  }
  const codemods = await loadCodemods(io);
  const rules = io.rules ?? ((await import('../../rules/index.js')).rules as unknown as Record<string, ListedRule>);
  const ruleNames = Object.keys(rules).sort();
  const codemodNames = codemods.map((codemod) => codemod.name).sort();
  const width = Math.max(0, ...ruleNames.map((name) => `lifeguard/${name}`.length), ...codemodNames.map((name) => name.length)) + 2;
  const lines: string[] = ['Rules:'];
  for (const name of ruleNames) {
    const docs = rules[name]!.meta.docs;
    const notes = [docs?.recommended ? 'recommended' : '', docs?.codemod ? `fix: lifeguard ${docs.codemod}` : ''].filter(Boolean).join('; ');
    lines.push(`  ${`lifeguard/${name}`.padEnd(width)}${docs?.description ?? ''}${notes ? ` (${notes})` : ''}`);
  }
  lines.push('Codemods:');
  if (codemodNames.length === 0) lines.push('  (none yet)');
  for (const name of codemodNames) {
    const codemod = codemods.find((candidate) => candidate.name === name)!;
    lines.push(`  ${name.padEnd(width)}${codemod.description}`);
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

async function runCodemodCommand(codemod: AnyCodemod, args: readonly string[], io: CliIO): Promise<number> {
  const clash = codemod.options.find((option) => COMMON_CODEMOD_OPTIONS.some((common) => common.name === option.name));
  if (clash) throw new Error(`codemod ${codemod.name} redefines the common option --${clash.name}`);
  const config: NonNullable<ParseArgsConfig['options']> = {};
  for (const option of [...COMMON_CODEMOD_OPTIONS, ...codemod.options]) config[option.name] = { type: option.type };
  config['ignore'] = { type: 'string', multiple: true };
  config['help'] = { type: 'boolean', short: 'h' };
  const { values, positionals } = parseCommandArgs(args, config, true);
  if (values['help']) {
    io.stdout.write(codemodHelp(codemod));
    return EXIT_OK;
  }
  if (positionals.length === 0) throw new UsageError(`${codemod.name}: give the files or folders to transform, e.g. \`lifeguard ${codemod.name} src/\``);
  if (values['runtime-module'] !== undefined && values['runtime-file'] !== undefined) {
    throw new UsageError('--runtime-module and --runtime-file cannot be used together');
  }
  const dry = values['dry'] === true;
  if (!dry && values['force'] !== true && !insideGitWorkTree(io.cwd)) {
    throw new UsageError(
      `${codemod.name} edits files in place, and ${io.cwd} is not in a git repository, so there would be no way to review or undo the edits: commit the project to git first, preview with --dry --diff, or pass --force`,
    );
  }
  const runtimeFile = values['runtime-file'];
  if (typeof runtimeFile === 'string' && !dry) {
    const folder = dirname(resolve(io.cwd, runtimeFile));
    if (!existsSync(folder)) throw new UsageError(`--runtime-file ${runtimeFile}: the folder ${toPosix(relative(io.cwd, folder)) || '.'} does not exist: create it first, or choose a path in an existing folder`);
    if (!statSync(folder).isDirectory()) throw new UsageError(`--runtime-file ${runtimeFile}: ${toPosix(relative(io.cwd, folder))} is not a folder`);
  }
  let cpus: number | undefined;
  if (values['cpus'] !== undefined) {
    cpus = Number(values['cpus']);
    if (!/^\d+$/.test(String(values['cpus'])) || cpus < 1) throw new UsageError(`--cpus must be a positive integer, got ${String(values['cpus'])}`);
  }
  const codemodOptions: RawCodemodOptions = {};
  for (const option of codemod.options) {
    const value = values[option.name];
    if (typeof value === 'string' || typeof value === 'boolean') codemodOptions[option.name] = value;
  }
  const json = values['json'] === true;
  const progress = createProgress(io.stderr, `lifeguard ${codemod.name}`, PROGRESS_MIN_FILES);
  let report: RunReport;
  try {
    const { runCodemod } = await import('../codemod/engine.js');
    report = await runCodemod(codemod, {
      cwd: io.cwd,
      paths: positionals,
      ignore: (values['ignore'] as string[] | undefined) ?? [],
      dry,
      force: values['force'] === true,
      diff: values['diff'] === true,
      ...(cpus === undefined ? {} : { cpus }),
      ...(typeof values['runtime-module'] === 'string' ? { runtimeModule: values['runtime-module'] } : {}),
      ...(typeof values['runtime-file'] === 'string' ? { runtimeFile: values['runtime-file'] } : {}),
      codemodOptions,
      onProgress: (done, total) => progress.update(done, total),
      ...(io.loadRuntime ? { loadRuntime: io.loadRuntime } : {}),
    });
  } finally {
    progress.clear();
  }
  if (json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    if (values['diff'] === true) {
      for (const file of report.files) if (file.diff) io.stdout.write(file.diff);
    }
    io.stdout.write(formatSummary(report));
  }
  return report.summary.failed > 0 ? EXIT_FAILED : EXIT_OK;
}

/** Whether `cwd` is inside a git work tree (false without git installed). */
function insideGitWorkTree(cwd: string): boolean {
  const result = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd, encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() === 'true';
}

