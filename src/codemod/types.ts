import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { DetectorSource } from '../ast/traverse.js';

/** Whether a file is written with `import`/`export` or with `require`/`module.exports`. */
export type ModuleKind = 'esm' | 'cjs';

export type QuoteStyle = "'" | '"';

/** The code style a codemod matches when it inserts code. */
export interface CodeStyle {
  quote: QuoteStyle;
  semicolons: boolean;
}

/**
 * One source file, parsed the way ESLint parses it with typescript-eslint
 * (`range`, `loc`, `comments`, `tokens` on) and scope-analysed, so that a
 * detector runs over it with `runDetector(file, create…Detector)`.
 */
export interface ParsedFile extends DetectorSource {
  /** Absolute path. */
  readonly path: string;
  /** Path relative to the working directory, with `/` separators (for messages). */
  readonly relativePath: string;
  readonly text: string;
  readonly ast: TSESTree.Program;
  readonly scopeManager: TSESLint.Scope.ScopeManager;
  /** `ts` for `.ts/.tsx/.mts/.cts`, `js` otherwise. */
  readonly language: 'ts' | 'js';
  readonly jsx: boolean;
  readonly moduleKind: ModuleKind;
  readonly style: CodeStyle;
}

/** A precise text splice over the original text: replace `[start, end)` by `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Something the codemod found but could not fix safely; printed as `file:line:column — message`. */
export interface ManualReviewItem {
  /** 1-based. */
  line: number;
  /** 1-based (as editors show it). */
  column: number;
  message: string;
}

export interface TransformResult {
  /** The new text; `undefined` (or the input text) means the file is unchanged. */
  output?: string;
  manualReview: ManualReviewItem[];
  /** Set when the codemod decided not to process this file at all (e.g. a generated file); the reason is reported. */
  skipped?: string;
}

/** The result of adding an import: the splice to apply (null when nothing is missing) and the local name of each import. */
export interface ImportResult {
  edit: TextEdit | null;
  /**
   * The expression to use in code for each requested name: the name itself,
   * an alias from an existing import (`withTimeout as wt` → `wt`) or a
   * member of an existing namespace import / require (`rt.withTimeout`).
   */
  locals: Record<string, string>;
}

/**
 * The options of each of a codemod's paired rules (by name, without `lifeguard/`) for one file,
 * as the project's ESLint config sets them: the rule's options object (`{}` when the config leaves
 * them at the rule's defaults or does not mention the rule), or `null` when the config turns the
 * rule off for that file. A codemod fixes only what its rules would report with these options.
 */
export type PairedRuleOptions = Readonly<Record<string, Readonly<Record<string, unknown>> | null>>;

export interface TransformContext<Options> {
  /** The codemod's options, as returned by its `parseOptions`. */
  readonly options: Options;
  /** The paired rules' options for this file, from the project's ESLint config (absent: every paired rule with its defaults). */
  readonly rules?: PairedRuleOptions;
  /** The module specifier this file must import the runtime from (relative path to the vendored file, or `--runtime-module`). */
  readonly runtimeSpecifier: string;
  /**
   * An import (or `require` in CommonJS) of `names` from the runtime, merged
   * into an existing import of the runtime when there is one. Idempotent.
   * Calling it marks the file as using the runtime, so the engine vendors
   * the runtime file when the file is written.
   */
  runtimeImport(names: readonly string[]): ImportResult;
}

/**
 * What a project-level codemod gets: the same facts as `TransformContext`,
 * per file, plus where the run is and where the runtime will be.
 */
export interface ProjectTransformContext<Options> {
  readonly options: Options;
  /** The paired rules' options for one file of the run, from the project's ESLint config (absent: every paired rule with its defaults). */
  rulesFor?(file: ParsedFile): PairedRuleOptions;
  /** The working directory of the run. */
  readonly cwd: string;
  /** Where changed files import the runtime from; for `file`, the vendored file may not exist yet. */
  readonly runtime: { readonly kind: 'module'; readonly specifier: string } | { readonly kind: 'file'; readonly path: string };
  /** The module specifier `path` must import the runtime from. */
  runtimeSpecifier(path: string): string;
  /** `TransformContext.runtimeImport` for one file: merges into its runtime import and marks it as using the runtime. */
  runtimeImport(file: ParsedFile, names: readonly string[]): ImportResult;
}

/** A codemod-specific command-line option (`--budgets startup=30000,...`). */
export interface CodemodOption {
  /** The flag without dashes, kebab-case. */
  name: string;
  type: 'string' | 'boolean';
  description: string;
  /** Shown in `--help`, e.g. `<name=ms,...>`. */
  valueName?: string;
  /** Shown in `--help`. */
  default?: string | boolean;
}

/** Raw values of the codemod's own options as given on the command line (absent when not given). */
export type RawCodemodOptions = Record<string, string | boolean | undefined>;

export interface Codemod<Options = unknown> {
  /** The subcommand name, kebab-case: `staged-timeout`. */
  readonly name: string;
  /** One sentence, shown by `list` and `--help`. */
  readonly description: string;
  /** The rules whose findings this codemod fixes (`require-startup-timeout`, without the `lifeguard/` prefix). */
  readonly pairedRules: readonly string[];
  readonly options: readonly CodemodOption[];
  /**
   * Validates and converts the raw option values. Throw a `UsageError`
   * (exit 2) for an invalid value. Runs once in the main thread and once in
   * each worker, so it must be pure.
   */
  parseOptions(raw: RawCodemodOptions): Options;
  /**
   * Transforms one file. Pure: read only `file` and `context`, never touch
   * the file system. Return the input unchanged (or no `output`) when nothing
   * applies, so untouched files keep every byte.
   */
  transform(file: ParsedFile, context: TransformContext<Options>): TransformResult;
  /**
   * Optional: transforms every file of the run at once (codemods that rewrite
   * use sites across files). When present the engine calls it instead of
   * `transform`, in-process (no workers), with every file that parsed; files
   * missing from the returned map are unchanged. Pure like `transform`: it
   * may read other files of the project (types), but never writes.
   */
  transformProject?(files: readonly ParsedFile[], context: ProjectTransformContext<Options>): Map<string, TransformResult>;
}

/** A codemod whose option type has been erased, as stored in a registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCodemod = Codemod<any>;

/** An invalid invocation: the CLI prints the message and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
