import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ESLint as ESLintApi, Linter } from 'eslint';
import { FLAT_CONFIG_FILES, findUp } from '../adoption/io.js';
import { describeSetupError } from '../adoption/setup-errors.js';
import { toPosix } from '../util/paths.js';
import { UsageError, type PairedRuleOptions } from './types.js';

/** What the project's ESLint config says about one file, for the rules a codemod fixes. */
export interface FileRules {
  /** Each paired rule's options for the file (see `PairedRuleOptions`). */
  readonly rules: PairedRuleOptions;
  /**
   * The config turns at least one paired rule on for this file itself. When it
   * does not, the file is treated the way `lifeguard.configs.recommended` treats
   * it: a test, script, example, benchmark or generated file is left alone.
   */
  readonly configured: boolean;
  /** Set when the configured rules cannot report in this file at all: why (the file is skipped). */
  readonly skip?: string;
}

/** The project's flat config as the codemods read it: the same file and the same ESLint API as `lifeguard scan`. */
export interface RuleConfig {
  /** The config file, relative to the working directory, or null when the project has none. */
  readonly configPath: string | null;
  /** The settings of each file (absolute paths). */
  forFiles(paths: readonly string[]): Promise<Map<string, FileRules>>;
}

const RULE_PREFIX = 'lifeguard/';

/** The settings of a run without a project config: every paired rule with its default options. */
export function defaultFileRules(pairedRules: readonly string[]): FileRules {
  return { rules: Object.fromEntries(pairedRules.map((rule) => [rule, {}])), configured: false };
}

/**
 * Reads the project's flat ESLint config (the nearest `eslint.config.*` from
 * `cwd` up, as ESLint and `lifeguard scan` find it) and answers, per file, the
 * options of the codemod's paired rules there, so that a codemod fixes exactly
 * what those rules, as configured, report:
 * - a file the config ignores is skipped;
 * - when the config turns on Lifeguard rules (in any of the files), a paired rule
 *   it does not turn on for a file is off there, and its options are the ones it sets;
 * - when it turns on none, the run is what `lifeguard scan` runs then: the
 *   config plus `lifeguard.configs.recommended` (the rules' defaults, and no
 *   test, script, example, benchmark or generated files).
 * A config that does not load is a usage error (exit 2), with the cause and
 * the fix, like `lifeguard scan`.
 */
export async function loadRuleConfig(cwd: string, pairedRules: readonly string[]): Promise<RuleConfig> {
  const found = findUp(cwd, FLAT_CONFIG_FILES);
  if (!found) return { configPath: null, forFiles: (paths) => Promise.resolve(new Map(paths.map((path) => [path, defaultFileRules(pairedRules)]))) };
  const configPath = toPosix(relative(cwd, join(found.directory, found.name))) || found.name;
  const fail = (error: unknown): never => {
    const described = describeSetupError(error, { cwd, configPath });
    const message = described instanceof Error ? described.message : String(described);
    throw new UsageError(`cannot read the rule options from ${configPath}: ${message}`);
  };
  let eslint: ESLintApi;
  try {
    const { ESLint } = await import('eslint');
    eslint = new ESLint({ cwd });
  } catch (error) {
    return fail(error);
  }
  let usesLifeguard: boolean | null | undefined;
  return {
    configPath,
    async forFiles(paths) {
      const computed = new Map<string, Linter.Config | 'ignored' | undefined>();
      try {
        for (const path of paths) {
          computed.set(path, (await eslint.isPathIgnored(path)) ? 'ignored' : ((await eslint.calculateConfigForFile(path)) as Linter.Config | undefined));
        }
      } catch (error) {
        return fail(error);
      }
      // Whether the config turns Lifeguard rules on anywhere: read from the config itself when it can be
      // imported as it is (a jscodeshift run sees one file at a time), else from the files of this run.
      usesLifeguard ??= await turnsOnLifeguard(join(found.directory, found.name));
      const inFiles = [...computed.values()].some((config) => typeof config === 'object' && Object.keys(config.rules ?? {}).some((rule) => rule.startsWith(RULE_PREFIX)));
      const lifeguardOn = usesLifeguard ?? inFiles;
      const settings = new Map<string, FileRules>();
      for (const [path, config] of computed) {
        if (config === 'ignored') settings.set(path, { rules: {}, configured: false, skip: `ignored by ${configPath}` });
        else if (!lifeguardOn) settings.set(path, defaultFileRules(pairedRules));
        else if (!config) settings.set(path, { rules: {}, configured: false, skip: `no part of ${configPath} applies to it, so ESLint does not lint it` });
        else settings.set(path, fileRulesOf(config, pairedRules, configPath));
      }
      return settings;
    },
  };
}

/**
 * Whether a flat config turns on any Lifeguard rule, in any of its objects (nested arrays too):
 * null when the module cannot be imported as it is (TypeScript configs, a config that exports a
 * function) or fails to load.
 */
async function turnsOnLifeguard(file: string): Promise<boolean | null> {
  let exported: unknown;
  try {
    const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    exported = await (module.default ?? module);
  } catch {
    return null;
  }
  if (typeof exported === 'function') return null;
  const seen = new Set<unknown>();
  const visit = (value: unknown): boolean => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return false;
    seen.add(value);
    if (Array.isArray(value)) return value.some(visit);
    const rules = (value as { rules?: unknown }).rules;
    if (rules === null || typeof rules !== 'object') return false;
    return Object.entries(rules as Record<string, unknown>).some(([rule, entry]) => {
      if (!rule.startsWith(RULE_PREFIX)) return false;
      const severity = Array.isArray(entry) ? (entry as unknown[])[0] : entry;
      return severity !== 0 && severity !== 'off';
    });
  };
  return visit(exported);
}

/** The paired rules' settings in one file's computed config, in a project whose config turns Lifeguard rules on: a rule it does not set is off. */
export function fileRulesOf(config: Linter.Config, pairedRules: readonly string[], configPath: string): FileRules {
  const rules: Record<string, Readonly<Record<string, unknown>> | null> = {};
  let configured = false;
  for (const rule of pairedRules) {
    const entry = config.rules?.[`${RULE_PREFIX}${rule}`];
    const [severity, options] = entry === undefined ? ['off'] : Array.isArray(entry) ? entry : [entry];
    if (severity === 0 || severity === 'off') {
      rules[rule] = null;
      continue;
    }
    configured = true;
    rules[rule] = options !== null && typeof options === 'object' ? (options as Record<string, unknown>) : {};
  }
  if (!configured) return { rules, configured, skip: `${configPath} does not turn on ${pairedRules.map((rule) => `${RULE_PREFIX}${rule}`).join(', ')} for this file` };
  return { rules, configured };
}
