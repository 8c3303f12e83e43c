import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { codemods } from '../../codemods/index.js';
import { addImport } from './imports.js';
import { checkParses, parseSourceFile } from './parse.js';
import { toPosix } from '../util/paths.js';
import { roleSkipReason } from './process.js';
import { ProjectInfo } from './project.js';
import { loadRuleConfig, type RuleConfig } from './rule-config.js';
import { loadVendoredRuntime, resolveRuntimeTarget, runtimeSpecifierFor, type RuntimeTarget } from './runtime.js';
import type { AnyCodemod, RawCodemodOptions, TransformResult } from './types.js';
import { writeFileAtomic } from './write.js';

/** What jscodeshift hands a transform: the file (path as given on its command line, relative to the working directory) and its text. */
export interface JscodeshiftFile {
  readonly path: string;
  readonly source: string;
}

/** The part of jscodeshift's `api` used here: `report` prints `file: message` in its run summary. */
export interface JscodeshiftApi {
  report?(message: string): void;
}

/** jscodeshift's options: its own flags (`dry`, `print`, …) and every unknown `--flag[=value]`, values JSON-parsed. */
export type JscodeshiftOptions = Readonly<Record<string, unknown>>;

/** One file sent to the transform thread (see jscodeshift-client.cts). */
export interface TransformRequest {
  readonly id: number;
  readonly codemod: string;
  readonly file: JscodeshiftFile;
  readonly options: Record<string, unknown>;
}

/** Sent back: the new text (null: leave the file alone) or the error, and the review items to report. */
export interface TransformResponse {
  readonly id: number;
  readonly reports: string[];
  readonly output?: string | null;
  readonly error?: string;
}

/** Where changed files import the runtime from when neither `--runtime-module` nor `--runtime-file` is given: the runtime package. */
export const DEFAULT_TRANSFORM_RUNTIME = 'lifeguard-runtime';

const projects = new Map<string, ProjectInfo>();
/** The project's ESLint config, read once per working directory and codemod. */
const ruleConfigs = new Map<string, Promise<RuleConfig>>();

/**
 * One codemod as a jscodeshift transform: the same detector and byte-precise
 * edits as `npx lifeguard <codemod> <file>`, one file at a time. Review items
 * go to `api.report`. Returns the new text, the input text when nothing
 * changed, or `undefined` when the file is left alone (skipped, or the change
 * would reach other files, which a per-file transform cannot write). Throws
 * for a file that does not parse and for an output that would not parse, so
 * jscodeshift counts them as errors and writes nothing.
 *
 * A transform cannot vendor a file next to the sources on its own (jscodeshift
 * runs files in parallel workers and may be a dry run), so helpers come from
 * the runtime package (`lifeguard-runtime`) unless `--runtime-module=<specifier>`
 * or `--runtime-file=<path>` says otherwise; the latter writes the vendored file
 * when it is missing (never with `--dry`).
 */
export async function runJscodeshiftTransform(name: string, file: JscodeshiftFile, api: JscodeshiftApi, options: JscodeshiftOptions = {}): Promise<string | undefined> {
  const codemod = codemods.find((candidate) => candidate.name === name);
  if (!codemod) throw new Error(`no codemod named ${name}`);
  const cwd = process.cwd();
  const path = resolve(cwd, file.path);
  const project = projects.get(cwd) ?? new ProjectInfo();
  projects.set(cwd, project);
  const report = (message: string): void => api.report?.(message);
  const parsedOptions: unknown = codemod.parseOptions(rawOptionsOf(codemod, options));
  const runtime = runtimeTargetOf(options, cwd, path, project);

  // The paired rules' options from the project's ESLint config, as `npx lifeguard <codemod>` reads them.
  const configKey = `${cwd}\0${name}`;
  let ruleConfig = ruleConfigs.get(configKey);
  if (!ruleConfig) ruleConfigs.set(configKey, (ruleConfig = loadRuleConfig(cwd, codemod.pairedRules)));
  const settings = (await (await ruleConfig).forFiles([path])).get(path)!;
  if (settings.skip) {
    report(`skipped: ${settings.skip}`);
    return undefined;
  }

  const parsed = parseSourceFile(path, file.source, cwd, project);
  if (!parsed.ok) throw new Error(`cannot parse: ${parsed.reason}`);
  const source = parsed.file;
  const roleSkip = roleSkipReason(source, settings, cwd);
  if (roleSkip) {
    report(`skipped: ${roleSkip}`);
    return undefined;
  }
  const specifier = runtimeSpecifierFor(path, runtime, project);
  let usesRuntime = false;
  let result: TransformResult;
  if (codemod.transformProject) {
    const results = codemod.transformProject([source], {
      options: parsedOptions,
      rulesFor: () => settings.rules,
      cwd,
      runtime: runtime.kind === 'module' ? { kind: 'module', specifier: runtime.specifier } : { kind: 'file', path: runtime.path },
      runtimeSpecifier: (other) => runtimeSpecifierFor(other, runtime, project),
      runtimeImport(target, names) {
        if (target.path === path) usesRuntime = true;
        return addImport(target, { source: runtimeSpecifierFor(target.path, runtime, project), names });
      },
    });
    const elsewhere = [...results].filter(([other, entry]) => other !== path && entry.output !== undefined).map(([other]) => toPosix(relative(cwd, other)));
    result = results.get(path) ?? { manualReview: [] };
    if (elsewhere.length > 0) {
      for (const item of result.manualReview) report(`${item.line}:${item.column} ${item.message}`);
      report(`not changed: the fix also rewrites ${elsewhere.join(', ')}, which a per-file transform cannot write; run \`npx lifeguard ${name} ${toPosix(relative(cwd, path))} ${elsewhere.join(' ')}\``);
      return undefined;
    }
  } else {
    result = codemod.transform(source, {
      options: parsedOptions,
      rules: settings.rules,
      runtimeSpecifier: specifier,
      runtimeImport(names) {
        usesRuntime = true;
        return addImport(source, { source: specifier, names });
      },
    });
  }
  // A transform sees one file: what needs the others is the CLI's, over the project.
  const acrossFiles = codemod.transformProject ? ` (one file at a time here: \`npx lifeguard ${name} <paths>\` fixes it across files)` : '';
  for (const item of [...result.manualReview].sort((a, b) => a.line - b.line || a.column - b.column)) {
    report(`${item.line}:${item.column} ${item.message}${item.message.includes('outside the paths given') ? acrossFiles : ''}`);
  }
  if (result.skipped) {
    report(`skipped: ${result.skipped}`);
    return undefined;
  }
  const output = result.output;
  if (output === undefined || output === file.source) return file.source;
  const parseError = checkParses(path, output);
  if (parseError) throw new Error(`the output does not parse (not written): ${parseError}`);
  if (usesRuntime && runtime.kind === 'file' && !existsSync(runtime.path) && options['dry'] !== true) {
    const text = loadVendoredRuntime(runtime.format);
    if (typeof text !== 'string') throw new Error('cannot vendor the runtime');
    writeFileAtomic(runtime.path, text);
  }
  return output;
}

/** The codemod's own flags from jscodeshift's options (`--budgets=…`, `--scope`), spelt kebab-case or camelCase. */
function rawOptionsOf(codemod: AnyCodemod, options: JscodeshiftOptions): RawCodemodOptions {
  const raw: RawCodemodOptions = {};
  for (const option of codemod.options) {
    const camel = option.name.replace(/-([a-z])/gu, (_, letter: string) => letter.toUpperCase());
    const value = options[option.name] ?? options[camel];
    if (value === undefined || value === null) continue;
    raw[option.name] = typeof value === 'boolean' ? value : Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return raw;
}

function runtimeTargetOf(options: JscodeshiftOptions, cwd: string, path: string, project: ProjectInfo): RuntimeTarget {
  const runtimeModule = options['runtime-module'] ?? options['runtimeModule'];
  const runtimeFile = options['runtime-file'] ?? options['runtimeFile'];
  if (typeof runtimeModule === 'string' && runtimeModule !== '') return { kind: 'module', specifier: runtimeModule };
  if (typeof runtimeFile === 'string' && runtimeFile !== '') return resolveRuntimeTarget({ cwd, sourceRoot: cwd, files: [path], project, runtimeFile });
  return { kind: 'module', specifier: DEFAULT_TRANSFORM_RUNTIME };
}
