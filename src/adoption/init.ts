import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/utils';
import { createTwoFilesPatch } from 'diff';
import { Document, isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { toPosix } from '../util/paths.js';
import { detectQuoteStyle } from '../codemod/style.js';
import { REPOSITORY_URL } from '../util/create-rule.js';
import { readPackageInfo } from '../util/package-info.js';
import { AdoptionUsageError, cliCommand, EXIT_FOUND, EXIT_OK, EXIT_USAGE, FLAT_CONFIG_FILES, findUp, parseCommandArgs, type AdoptionIO } from './io.js';

export type HookKind = 'husky' | 'lefthook' | 'pre-commit' | 'git';
const HOOK_KINDS: readonly HookKind[] = ['husky', 'lefthook', 'pre-commit', 'git'];

const PLUGIN_PACKAGE = 'eslint-plugin-lifeguard';
/** Every extension the rules apply to (`configs.recommended`'s files). */
export const SOURCE_GLOB = '*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}';
export const LINT_STAGED_COMMAND = 'lifeguard scan';
/** `--no`: never let npx download some other package named `lifeguard` when the plugin is not installed. */
export const HOOK_COMMAND = 'npx --no lifeguard scan';
/**
 * A shell guard for hooks that run in a fresh clone before any install (the plain git hook, the pre-commit
 * framework): resolves the plugin as Node would from the working directory (hoisted workspaces included) and
 * otherwise stops with the one thing to do, instead of npx's "canceled due to missing packages".
 */
export function notInstalledGuard(packageManager = 'npm'): string {
  return `node -e "require.resolve(process.argv[1])" ${PLUGIN_PACKAGE}/package.json 2>/dev/null || { echo "lifeguard: ${PLUGIN_PACKAGE} is not installed here: run ${packageManager} install, then commit again" >&2; exit 1; }`;
}
const LEGACY_CONFIG_FILES = ['.eslintrc', '.eslintrc.js', '.eslintrc.cjs', '.eslintrc.mjs', '.eslintrc.yaml', '.eslintrc.yml', '.eslintrc.json'];
const LEFTHOOK_FILES = ['lefthook.yml', 'lefthook.yaml', '.lefthook.yml', '.lefthook.yaml'];
const LINT_STAGED_JSON_FILES = ['.lintstagedrc', '.lintstagedrc.json'];
const LINT_STAGED_OTHER_FILES = ['.lintstagedrc.js', '.lintstagedrc.cjs', '.lintstagedrc.mjs', '.lintstagedrc.yaml', '.lintstagedrc.yml', 'lint-staged.config.js', 'lint-staged.config.cjs', 'lint-staged.config.mjs'];
const PRE_COMMIT_CONFIG = '.pre-commit-config.yaml';
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/** Ranges for the packages init adds (the majors this version is tested with). */
const DEPENDENCY_RANGES: Record<string, string> = {
  eslint: '^10.0.0',
  'typescript-eslint': '^8.0.0',
  husky: '^9.0.0',
  // lint-staged 17 needs Node 22.22.1+ while Lifeguard supports Node 20.19+: npm (and pnpm, yarn) pick the newest
  // line the user's Node runs instead of warning (or, with engine-strict and yarn 1, failing) on 17.
  'lint-staged': '^16.0.0 || ^17.0.0',
  lefthook: '^2.0.0',
};

const HELP = `Usage: lifeguard init [options]

Adds lifeguard.configs.recommended to the project's ESLint flat config
(creating eslint.config.js when there is none), adds eslint-plugin-lifeguard
to devDependencies and wires a pre-commit hook that runs \`lifeguard scan\` on
the staged files. Running it again changes nothing.

Options:
  --hook <kind>  husky (with lint-staged), lefthook, pre-commit (the framework) or git (.git/hooks/pre-commit);
                 detected from the project when not given, git when nothing else is set up
  --dry          Print what would change (as diffs) and write nothing
  --install      Run the package manager's install after adding devDependencies
  --help         Show this help

Exit codes: 0 done (or nothing to do), 1 refused (legacy config, content it cannot edit safely), 2 usage error.
`;

interface PlannedFile {
  path: string;
  before: string | null;
  after: string;
  executable?: boolean;
  /** What the change does, for the summary. */
  summary: string;
}

/** A reason to stop before writing anything, with what the user can do instead. */
class InitRefusal extends Error {}

interface InitContext {
  cwd: string;
  projectRoot: string;
  gitRoot: string | null;
  manifest: PackageManifest;
}

/**
 * `lifeguard init`: returns the exit code (0 done or nothing to do, 1
 * refused, 2 usage error). Every change is planned first; a refusal anywhere
 * writes nothing at all.
 */
export async function runInit(args: readonly string[], io: AdoptionIO): Promise<number> {
  let hook: HookKind | undefined;
  let dry: boolean;
  let install: boolean;
  try {
    const { values } = parseCommandArgs(args, { hook: { type: 'string' }, dry: { type: 'boolean' }, install: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, false);
    if (values['help']) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    const hookValue = values['hook'] as string | undefined;
    if (hookValue !== undefined && !HOOK_KINDS.includes(hookValue as HookKind)) {
      throw new AdoptionUsageError(`--hook must be one of ${HOOK_KINDS.join(', ')}, got ${hookValue}`);
    }
    hook = hookValue as HookKind | undefined;
    dry = values['dry'] === true;
    install = values['install'] === true;
  } catch (error) {
    if (!(error instanceof AdoptionUsageError)) throw error;
    io.stderr.write(`lifeguard init: ${error.message}\n`);
    return EXIT_USAGE;
  }

  const cwd = resolve(io.cwd);
  const planned: PlannedFile[] = [];
  const upToDate: string[] = [];
  const notes: string[] = [];
  let context: InitContext;
  let addedPackages: string[];
  try {
    const manifestLocation = findUp(cwd, ['package.json']);
    if (!manifestLocation) throw new InitRefusal(`no package.json in this folder or above: run \`npm init -y\` first, then \`${cliCommand(cwd)} init\` again`);
    const gitRoot = gitTopLevel(cwd);
    const workspaceRoot = findWorkspaceRoot(manifestLocation.directory, gitRoot);
    const projectRoot = workspaceRoot ?? manifestLocation.directory;
    if (workspaceRoot && workspaceRoot !== manifestLocation.directory) {
      notes.push(`${toPosix(relative(cwd, manifestLocation.directory)) || '.'} is a package of the workspace at ${toPosix(relative(cwd, workspaceRoot))}: Lifeguard was set up there, for every package (the ESLint config, the hook and the devDependency live at the workspace root).`);
    }
    context = { cwd, projectRoot, gitRoot, manifest: PackageManifest.read(join(projectRoot, 'package.json')) };

    const config = planEslintConfig(context);
    if (config.file) planned.push(config.file);
    else upToDate.push(`${display(context, config.path)} already enables Lifeguard`);

    const kind = hook ?? detectHookKind(context);
    if (!context.gitRoot) {
      notes.push(`Not a git repository: no pre-commit hook was wired (run \`git init\`, then \`${cliCommand(cwd)} init\` again).`);
    } else {
      const hookResult = planHook(kind, context, hook !== undefined);
      planned.push(...hookResult.files);
      upToDate.push(...hookResult.upToDate);
      notes.push(...hookResult.notes);
    }

    addedPackages = context.manifest.addedDependencies();
    const manifestFile = context.manifest.plannedFile();
    if (manifestFile) planned.push(manifestFile);
  } catch (error) {
    if (!(error instanceof InitRefusal)) throw error;
    io.stderr.write(`lifeguard init: ${error.message}\nNothing was changed.\n`);
    return EXIT_FOUND;
  }

  if (planned.length === 0) {
    io.stdout.write(`lifeguard init: nothing to change, Lifeguard is already set up:\n${upToDate.map((line) => `  ${line}\n`).join('')}`);
    for (const note of notes) io.stdout.write(`${note}\n`);
    return EXIT_OK;
  }

  const packageManager = detectPackageManager(context.projectRoot);
  if (dry) {
    io.stdout.write(`lifeguard init --dry: would change ${planned.length} file${planned.length === 1 ? '' : 's'} (nothing written):\n`);
    for (const file of planned) io.stdout.write(`  ${display(context, file.path)}: ${file.summary}\n`);
    for (const file of planned) {
      const name = display(context, file.path);
      io.stdout.write(`\n${createTwoFilesPatch(file.before === null ? '/dev/null' : `a/${name}`, `b/${name}`, file.before ?? '', file.after, undefined, undefined, { context: 3 })}`);
    }
    for (const note of notes) io.stdout.write(`${note}\n`);
    return EXIT_OK;
  }

  for (const file of planned) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.after);
    if (file.executable) chmodSync(file.path, statSync(file.path).mode | 0o111);
  }
  io.stdout.write(`lifeguard init: changed ${planned.length} file${planned.length === 1 ? '' : 's'}:\n`);
  for (const file of planned) io.stdout.write(`  ${display(context, file.path)}: ${file.summary}\n`);
  for (const line of upToDate) io.stdout.write(`  ${line}\n`);
  for (const note of notes) io.stdout.write(`${note}\n`);
  if (addedPackages.length > 0) {
    const command = `${packageManager} install`;
    if (install) {
      io.stdout.write(`Running \`${command}\`…\n`);
      const result = spawnSync(packageManager, ['install'], { cwd: context.projectRoot, encoding: 'utf8', shell: process.platform === 'win32' });
      io.stdout.write(result.stdout ?? '');
      io.stderr.write(result.stderr ?? '');
      if (result.status !== 0) {
        io.stderr.write(`lifeguard init: \`${command}\` failed (${result.error?.message ?? `exit code ${String(result.status)}`}); run it yourself.\n`);
        return EXIT_FOUND;
      }
    } else {
      io.stdout.write(`Next: run \`${command}\` to install ${addedPackages.join(', ')} (added to devDependencies).\n`);
    }
  }
  return EXIT_OK;
}

/**
 * The root of the npm/yarn/bun (`"workspaces"` in package.json) or pnpm
 * (`pnpm-workspace.yaml`) workspace that `packageDirectory` belongs to, from
 * it upwards but not above the git repository: the ESLint config, the hook and
 * the devDependencies of a monorepo belong there.
 */
export function findWorkspaceRoot(packageDirectory: string, gitRoot: string | null): string | undefined {
  for (let directory = packageDirectory; ; directory = dirname(directory)) {
    if (existsSync(join(directory, 'pnpm-workspace.yaml'))) return directory;
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      try {
        const workspaces = (JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown }).workspaces;
        if (Array.isArray(workspaces) || (typeof workspaces === 'object' && workspaces !== null)) return directory;
      } catch {
        // An unreadable manifest above the package is not a workspace root.
      }
    }
    if (directory === gitRoot || dirname(directory) === directory || (gitRoot === null && directory !== packageDirectory)) return undefined;
  }
}

function display(context: InitContext, path: string): string {
  return toPosix(relative(context.cwd, path)) || '.';
}

// ---------------------------------------------------------------------------
// ESLint config

function planEslintConfig(context: InitContext): { path: string; file?: PlannedFile } {
  const stopAt = context.gitRoot ?? context.projectRoot;
  const flat = findUp(context.cwd, FLAT_CONFIG_FILES, stopAt);
  if (!flat) {
    const legacy = LEGACY_CONFIG_FILES.find((name) => existsSync(join(context.projectRoot, name)));
    const legacyName = legacy ?? (context.manifest.data['eslintConfig'] !== undefined ? 'package.json "eslintConfig"' : undefined);
    if (legacyName) {
      const migrateFrom = legacy ?? 'package.json';
      throw new InitRefusal(
        [
          `found a legacy ESLint config (${legacyName}) and no eslint.config.js.`,
          'ESLint 9 and later read only flat config, which Lifeguard needs. Migrate first:',
          `  npx @eslint/migrate-config ${legacy ?? '.eslintrc.json'}${legacy ? '' : `   (after moving the "eslintConfig" of ${migrateFrom} into .eslintrc.json)`}`,
          'then check the generated eslint.config.mjs, delete the old config, and run `npx lifeguard init` again.',
          'Guide: https://eslint.org/docs/latest/use/configure/migration-guide',
        ].join('\n'),
      );
    }
    return { path: '', file: createEslintConfig(context) };
  }
  const path = join(flat.directory, flat.name);
  const text = readFileSync(path, 'utf8');
  // The plugin's peer dependency: a config can exist while ESLint is only installed globally or not at all.
  context.manifest.requireDevDependency('eslint', DEPENDENCY_RANGES['eslint']!);
  const edited = addRecommendedToConfig(text, path);
  if (edited.status === 'configured') {
    context.manifest.requireDevDependency(PLUGIN_PACKAGE, `^${readPackageInfo().version}`);
    return { path };
  }
  if (edited.status === 'refused') throw new InitRefusal(`${display(context, path)}: ${edited.reason}`);
  context.manifest.requireDevDependency(PLUGIN_PACKAGE, `^${readPackageInfo().version}`);
  return { path, file: { path, before: text, after: edited.text, summary: `added ${edited.element}${edited.addedImport ? ' and its import' : ''}` } };
}

function createEslintConfig(context: InitContext): PlannedFile {
  const { manifest } = context;
  const esm = manifest.data['type'] === 'module';
  const path = join(context.projectRoot, esm ? 'eslint.config.js' : 'eslint.config.mjs');
  manifest.requireDevDependency(PLUGIN_PACKAGE, `^${readPackageInfo().version}`);
  manifest.requireDevDependency('eslint', DEPENDENCY_RANGES['eslint']!);
  const typescript = manifest.has('typescript') || existsSync(join(context.projectRoot, 'tsconfig.json'));
  const lines = ["import lifeguard from 'eslint-plugin-lifeguard';"];
  let parserLine: string | undefined;
  if (typescript) {
    if (manifest.has('@typescript-eslint/parser') && !manifest.has('typescript-eslint')) {
      lines.push("import tsParser from '@typescript-eslint/parser';");
      parserLine = "  { files: ['**/*.{ts,mts,cts,tsx}'], languageOptions: { parser: tsParser } },";
    } else {
      manifest.requireDevDependency('typescript-eslint', DEPENDENCY_RANGES['typescript-eslint']!);
      lines.push("import tseslint from 'typescript-eslint';");
      parserLine = "  { files: ['**/*.{ts,mts,cts,tsx}'], languageOptions: { parser: tseslint.parser } },";
    }
  }
  // `**/`: build output of every workspace package too, not only the root's.
  lines.push('', 'export default [', "  { ignores: ['**/dist/', '**/build/', '**/coverage/'] },");
  if (parserLine) lines.push("  // typescript-eslint's parser reads TypeScript; Lifeguard's rules need no type information.", parserLine);
  lines.push('  lifeguard.configs.recommended,', '];', '');
  return { path, before: null, after: lines.join('\n'), summary: `created with lifeguard.configs.recommended${typescript ? " and typescript-eslint's parser" : ''}` };
}

export type ConfigEdit =
  | { status: 'edited'; text: string; element: string; addedImport: boolean }
  | { status: 'configured' }
  | { status: 'refused'; reason: string };

interface Insertion {
  at: number;
  text: string;
}

/**
 * Adds `lifeguard.configs.recommended` (and the plugin's import) to a flat
 * config with text insertions only: every existing byte, comment and blank
 * line stays where it was. Understands the shapes ESLint's docs and
 * typescript-eslint's generate: `export default [...]`, `export default
 * tseslint.config(...)`, `defineConfig([...])`, `module.exports = [...]`, and
 * an identifier bound to one of them. Anything else is refused, not guessed.
 */
export function addRecommendedToConfig(text: string, path: string): ConfigEdit {
  let ast: TSESTree.Program;
  try {
    ast = parse(text, { range: true, loc: true, tokens: true, comment: true, jsx: false, filePath: path });
  } catch (error) {
    return { status: 'refused', reason: `cannot parse it (${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}); fix it, or add \`lifeguard.configs.recommended\` by hand.` };
  }
  const tokens = ast.tokens ?? [];
  const identifierNames = new Set(tokens.filter((token) => token.type === 'Identifier').map((token) => token.value));
  const moduleKind = configModuleKind(ast, path);
  const existing = findPluginBinding(ast);
  if (existing.mentioned && !existing.binding) return { status: 'configured' };
  if (existing.binding) {
    const uses = tokens.filter((token) => token.type === 'Identifier' && token.value === existing.binding).length;
    // More than the declaration itself: the binding is used (configs.recommended, strict, or its rules by hand).
    if (uses > 1) return { status: 'configured' };
  }

  const target = findExportedConfig(ast, moduleKind);
  if (typeof target === 'string') return { status: 'refused', reason: `${target}; add \`lifeguard.configs.recommended\` to the exported config array by hand.` };

  const binding = existing.binding ?? (identifierNames.has('lifeguard') ? 'lifeguardPlugin' : 'lifeguard');
  const element = `${binding}.configs.recommended`;
  const insertions = insertIntoList(text, tokens, target.items, target.close, element);
  let addedImport = false;
  if (!existing.binding) {
    insertions.push(importInsertion(text, ast, moduleKind, binding));
    addedImport = true;
  }
  let result = text;
  for (const insertion of insertions.sort((a, b) => b.at - a.at)) result = result.slice(0, insertion.at) + insertion.text + result.slice(insertion.at);
  return { status: 'edited', text: result, element, addedImport };
}

function configModuleKind(ast: TSESTree.Program, path: string): 'esm' | 'cjs' {
  const extension = extname(path);
  if (extension === '.cjs' || extension === '.cts') return 'cjs';
  if (extension === '.mjs' || extension === '.mts') return 'esm';
  const esm = ast.body.some((statement) => statement.type === 'ImportDeclaration' || statement.type === 'ExportDefaultDeclaration' || statement.type === 'ExportNamedDeclaration');
  if (esm) return 'esm';
  return ast.body.some((statement) => moduleExportsValue(statement) !== undefined) ? 'cjs' : 'esm';
}

function findPluginBinding(ast: TSESTree.Program): { binding?: string; mentioned: boolean } {
  let mentioned = false;
  let binding: string | undefined;
  for (const statement of ast.body) {
    if (statement.type === 'ImportDeclaration' && statement.source.value === PLUGIN_PACKAGE) {
      mentioned = true;
      const specifier = statement.specifiers.find((candidate) => candidate.type === 'ImportDefaultSpecifier' || candidate.type === 'ImportNamespaceSpecifier');
      if (specifier) binding = specifier.local.name;
    } else if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        if (isRequireOf(declarator.init) && declarator.id.type === 'Identifier') {
          mentioned = true;
          binding = declarator.id.name;
        } else if (isRequireOf(declarator.init)) {
          mentioned = true;
        }
      }
    }
  }
  // `import('eslint-plugin-lifeguard')`, a re-export or a destructured require: set up some way this edit does not understand.
  if (!mentioned) mentioned = (ast.tokens ?? []).some((token) => token.type === 'String' && token.value.slice(1, -1) === PLUGIN_PACKAGE);
  return binding ? { binding, mentioned } : { mentioned };
}

function isRequireOf(node: TSESTree.Node | null | undefined): boolean {
  let current = node;
  while (current?.type === 'MemberExpression') current = current.object;
  return (
    current?.type === 'CallExpression' &&
    current.callee.type === 'Identifier' &&
    current.callee.name === 'require' &&
    current.arguments[0]?.type === 'Literal' &&
    current.arguments[0].value === PLUGIN_PACKAGE
  );
}

function moduleExportsValue(statement: TSESTree.ProgramStatement): TSESTree.Expression | undefined {
  if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') return undefined;
  const { left, right } = statement.expression;
  const isModuleExports =
    left.type === 'MemberExpression' && left.object.type === 'Identifier' && left.object.name === 'module' && left.property.type === 'Identifier' && left.property.name === 'exports';
  return isModuleExports ? right : undefined;
}

/** The list to add an element to: an array's elements or a call's arguments, and the index of the closing bracket. */
interface ConfigList {
  items: TSESTree.Node[];
  close: number;
}

function findExportedConfig(ast: TSESTree.Program, moduleKind: 'esm' | 'cjs'): ConfigList | string {
  let exported: TSESTree.Node | undefined;
  for (const statement of ast.body) {
    if (moduleKind === 'esm' && statement.type === 'ExportDefaultDeclaration') exported = statement.declaration;
    if (moduleKind === 'cjs') exported = moduleExportsValue(statement) ?? exported;
  }
  if (!exported) return moduleKind === 'esm' ? 'it has no `export default`' : 'it has no `module.exports = ...`';
  let expression = unwrap(exported);
  if (expression.type === 'Identifier') {
    const name = expression.name;
    const declarator = ast.body
      .flatMap((statement) => (statement.type === 'VariableDeclaration' ? statement.declarations : []))
      .find((candidate) => candidate.id.type === 'Identifier' && candidate.id.name === name);
    if (!declarator?.init) return `it exports \`${name}\`, which is not a top-level variable with a value`;
    expression = unwrap(declarator.init);
  }
  if (expression.type === 'ArrayExpression') {
    return { items: expression.elements.filter((element): element is NonNullable<typeof element> => element !== null), close: expression.range[1] - 1 };
  }
  if (expression.type === 'CallExpression' && isConfigHelper(expression.callee)) {
    const [first] = expression.arguments;
    // defineConfig([...]) / tseslint.config([...]): one array argument, the elements go inside it.
    if (expression.arguments.length === 1 && first?.type === 'ArrayExpression') {
      return { items: first.elements.filter((element): element is NonNullable<typeof element> => element !== null), close: first.range[1] - 1 };
    }
    return { items: [...expression.arguments], close: expression.range[1] - 1 };
  }
  return `its export is a ${expression.type}, not a config array, \`defineConfig(...)\` or \`tseslint.config(...)\``;
}

function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.type === 'TSAsExpression' || current.type === 'TSSatisfiesExpression' || current.type === 'TSNonNullExpression') current = current.expression;
  return current;
}

/** `defineConfig` (eslint/config), `tseslint.config` / `ts.config`, `defineFlatConfig` (eslint-define-config). */
function isConfigHelper(callee: TSESTree.Node): boolean {
  if (callee.type === 'Identifier') return callee.name === 'defineConfig' || callee.name === 'defineFlatConfig';
  return callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && (callee.property.name === 'config' || callee.property.name === 'defineConfig');
}

/**
 * Appends `element` to a bracketed list, in the list's own layout: one item
 * per line gets a new line at the items' indentation (before the closing
 * bracket's line, so trailing comments stay put); a one-line list gets `, element`;
 * the trailing-comma habit is kept either way.
 */
function insertIntoList(text: string, tokens: readonly TSESTree.Token[], items: readonly TSESTree.Node[], close: number, element: string): Insertion[] {
  const closeLineStart = text.lastIndexOf('\n', close - 1) + 1;
  const closeOnOwnLine = text.slice(closeLineStart, close).trim() === '';
  const last = items.at(-1);
  if (!last) {
    if (!closeOnOwnLine) return [{ at: close, text: element }];
    const indent = leadingWhitespace(text, closeLineStart);
    return [{ at: closeLineStart, text: `${indent}  ${element},\n` }];
  }
  const after = tokens.find((token) => token.range[0] >= last.range[1]);
  const trailingComma = after !== undefined && after.value === ',' && after.range[0] < close;
  const multiline = text.slice(last.range[1], close).includes('\n');
  const indent = leadingWhitespace(text, text.lastIndexOf('\n', last.range[0] - 1) + 1);
  if (multiline && closeOnOwnLine) {
    return [...(trailingComma ? [] : [{ at: last.range[1], text: ',' }]), { at: closeLineStart, text: `${indent}${element}${trailingComma ? ',' : ''}\n` }];
  }
  if (multiline) {
    return trailingComma ? [{ at: after.range[1], text: `\n${indent}${element},` }] : [{ at: last.range[1], text: `,\n${indent}${element}` }];
  }
  return trailingComma ? [{ at: after.range[1], text: ` ${element},` }] : [{ at: last.range[1], text: `, ${element}` }];
}

function leadingWhitespace(text: string, lineStart: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** The import on its own line after the last import (or require), in the file's quote and semicolon style. */
function importInsertion(text: string, ast: TSESTree.Program, moduleKind: 'esm' | 'cjs', binding: string): Insertion {
  const quote = detectQuoteStyle(ast.tokens);
  const imports = ast.body.filter((statement) =>
    moduleKind === 'esm' ? statement.type === 'ImportDeclaration' : statement.type === 'VariableDeclaration' && statement.declarations.some((declarator) => requireCall(declarator.init)),
  );
  const styleSample = imports.at(-1) ?? ast.body.find((statement) => !('directive' in statement && statement.directive)) ?? ast.body[0];
  const semicolon = styleSample ? text[styleSample.range[1] - 1] === ';' : true;
  const statement =
    moduleKind === 'esm'
      ? `import ${binding} from ${quote}${PLUGIN_PACKAGE}${quote}${semicolon ? ';' : ''}`
      : `const ${binding} = require(${quote}${PLUGIN_PACKAGE}${quote})${semicolon ? ';' : ''}`;
  const lastImport = imports.at(-1);
  if (lastImport) {
    const lineEnd = text.indexOf('\n', lastImport.range[1]);
    return lineEnd === -1 ? { at: text.length, text: `\n${statement}` } : { at: lineEnd + 1, text: `${statement}\n` };
  }
  // After a 'use strict' prologue, otherwise before the first statement (below header comments such as // @ts-check).
  const directives = ast.body.filter((candidate) => 'directive' in candidate && typeof candidate.directive === 'string');
  const anchor = directives.at(-1);
  if (anchor) {
    const lineEnd = text.indexOf('\n', anchor.range[1]);
    return lineEnd === -1 ? { at: text.length, text: `\n${statement}\n` } : { at: lineEnd + 1, text: `${statement}\n` };
  }
  const first = ast.body[0];
  if (!first) return { at: 0, text: `${statement}\n` };
  const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
  return { at: lineStart, text: `${statement}\n\n` };
}

function requireCall(node: TSESTree.Node | null | undefined): boolean {
  let current = node;
  while (current?.type === 'MemberExpression') current = current.object;
  return current?.type === 'CallExpression' && current.callee.type === 'Identifier' && current.callee.name === 'require';
}

// ---------------------------------------------------------------------------
// Hooks

interface HookPlan {
  files: PlannedFile[];
  upToDate: string[];
  notes: string[];
}

/** husky when `.husky/` or the dependency is there, lefthook when its config or dependency is, pre-commit when its config is, else a plain git hook. */
export function detectHookKind(context: Pick<InitContext, 'projectRoot' | 'gitRoot' | 'manifest'>): HookKind {
  const roots = [...new Set([context.projectRoot, context.gitRoot ?? context.projectRoot])];
  if (context.manifest.has('husky') || roots.some((root) => existsSync(join(root, '.husky')))) return 'husky';
  if (context.manifest.has('lefthook') || roots.some((root) => LEFTHOOK_FILES.some((name) => existsSync(join(root, name))))) return 'lefthook';
  if (roots.some((root) => existsSync(join(root, PRE_COMMIT_CONFIG)))) return 'pre-commit';
  return 'git';
}

function planHook(kind: HookKind, context: InitContext, chosen: boolean): HookPlan {
  const plan: HookPlan = { files: [], upToDate: [], notes: [] };
  const how = chosen ? '' : ' (detected; choose another with --hook)';
  switch (kind) {
    case 'husky':
      planHusky(context, plan, how);
      break;
    case 'lefthook':
      planLefthook(context, plan, how);
      break;
    case 'pre-commit':
      planPreCommit(context, plan, how);
      break;
    case 'git':
      planGitHook(context, plan);
      break;
  }
  return plan;
}

/** Adds a file change to the plan, or notes that the file already has what it needs. */
function planText(plan: HookPlan, context: InitContext, path: string, before: string | null, after: string, summary: string, executable = false): void {
  if (before === after) plan.upToDate.push(`${display(context, path)} already runs Lifeguard`);
  else plan.files.push({ path, before, after, summary, ...(executable ? { executable } : {}) });
}

function readIfExists(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

function planHusky(context: InitContext, plan: HookPlan, how: string): void {
  const { manifest, projectRoot } = context;
  manifest.requireDevDependency('husky', DEPENDENCY_RANGES['husky']!);
  manifest.requireDevDependency('lint-staged', DEPENDENCY_RANGES['lint-staged']!);
  const scripts = manifest.object('scripts');
  const prepare = scripts?.['prepare'];
  if (prepare === undefined) manifest.set(['scripts', 'prepare'], 'husky', 'added the "prepare": "husky" script (installs the hooks on npm install)');
  else if (typeof prepare !== 'string' || !prepare.includes('husky')) plan.notes.push('Your "prepare" script does not run husky: add `husky` to it so the hooks are installed with `npm install`.');

  const hookPath = join(projectRoot, '.husky', 'pre-commit');
  const hook = readIfExists(hookPath);
  if (hook === null) {
    planText(plan, context, hookPath, null, 'npx lint-staged\n', `runs lint-staged before each commit${how}`, true);
  } else if (/\blint-staged\b/.test(hook)) {
    plan.upToDate.push(`${display(context, hookPath)} already runs lint-staged`);
  } else if (/^\s*exit\b/m.test(hook)) {
    throw new InitRefusal(`${display(context, hookPath)} exits before a line added at its end would run: add \`npx lint-staged\` to it where it belongs.`);
  } else {
    planText(plan, context, hookPath, hook, `${hook}${hook.endsWith('\n') || hook === '' ? '' : '\n'}npx lint-staged\n`, 'runs lint-staged after its existing commands', true);
  }

  // lint-staged's config: package.json "lint-staged", a JSON .lintstagedrc, or (refused) a script or YAML config.
  const jsonFile = LINT_STAGED_JSON_FILES.map((name) => join(projectRoot, name)).find((path) => existsSync(path));
  const otherFile = LINT_STAGED_OTHER_FILES.map((name) => join(projectRoot, name)).find((path) => existsSync(path));
  if (jsonFile) {
    const before = readFileSync(jsonFile, 'utf8');
    let data: unknown;
    try {
      data = JSON.parse(before);
    } catch {
      throw new InitRefusal(`${display(context, jsonFile)} is not JSON (YAML?): add \`"${SOURCE_GLOB}": "${LINT_STAGED_COMMAND}"\` to it by hand.`);
    }
    const updated = addLintStagedEntry(data, display(context, jsonFile));
    if (updated === 'present') plan.upToDate.push(`${display(context, jsonFile)} already runs Lifeguard`);
    else if (updated === 'eslint') plan.upToDate.push(eslintTaskNote(display(context, jsonFile)));
    else planText(plan, context, jsonFile, before, formatJsonLike(before, updated), `lint-staged runs \`${LINT_STAGED_COMMAND}\` on staged files`);
  } else if (otherFile) {
    const text = readFileSync(otherFile, 'utf8');
    if (text.includes('lifeguard')) plan.upToDate.push(`${display(context, otherFile)} already runs Lifeguard`);
    else if (/['"`]\s*(?:npx\s+)?eslint(?:\s|['"`])/.test(text)) plan.upToDate.push(eslintTaskNote(display(context, otherFile)));
    else throw new InitRefusal(`${display(context, otherFile)} is code or YAML that init does not edit: add \`'${SOURCE_GLOB}': '${LINT_STAGED_COMMAND}'\` to it by hand.`);
  } else {
    const current = manifest.data['lint-staged'];
    const updated = addLintStagedEntry(current ?? {}, 'package.json "lint-staged"');
    if (updated === 'present') plan.upToDate.push('package.json "lint-staged" already runs Lifeguard');
    else if (updated === 'eslint') plan.upToDate.push(eslintTaskNote('package.json "lint-staged"'));
    else manifest.set(['lint-staged'], updated, `lint-staged runs \`${LINT_STAGED_COMMAND}\` on staged files`);
  }
}

/** A lint-staged command that runs ESLint itself (`eslint --fix`, `npx eslint --cache`), not a wrapper named after it. */
const ESLINT_TASK = /(?:^|[\s;&|/])eslint(?:\s|$)/;

/**
 * The lint-staged config with Lifeguard's entry; 'present' when a task already
 * runs Lifeguard; 'eslint' when a task already runs ESLint on JavaScript or
 * TypeScript files: with lifeguard.configs.recommended in the ESLint config
 * that task reports Lifeguard's findings, and a second task over the same
 * files would lint them twice, concurrently with `eslint --fix` rewriting them.
 */
export function addLintStagedEntry(config: unknown, where: string): Record<string, unknown> | 'present' | 'eslint' {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new InitRefusal(`${where} is not an object of glob → command(s): add \`"${SOURCE_GLOB}": "${LINT_STAGED_COMMAND}"\` by hand.`);
  const entries = config as Record<string, unknown>;
  const commands = Object.values(entries).flatMap((value) => (Array.isArray(value) ? value : [value]));
  if (commands.some((command) => typeof command === 'string' && /\blifeguard\b/.test(command))) return 'present';
  const lintsScripts = Object.entries(entries).some(
    ([glob, value]) => /\b(?:js|jsx|mjs|cjs|ts|tsx|mts|cts)\b|^\*$|^\*\*\/\*$/.test(glob) && (Array.isArray(value) ? value : [value]).some((command) => typeof command === 'string' && ESLINT_TASK.test(command)),
  );
  if (lintsScripts) return 'eslint';
  const existing = entries[SOURCE_GLOB];
  if (existing === undefined) return { ...entries, [SOURCE_GLOB]: LINT_STAGED_COMMAND };
  if (typeof existing === 'string') return { ...entries, [SOURCE_GLOB]: [existing, LINT_STAGED_COMMAND] };
  if (Array.isArray(existing) && existing.every((command) => typeof command === 'string')) return { ...entries, [SOURCE_GLOB]: [...existing, LINT_STAGED_COMMAND] };
  throw new InitRefusal(`${where} runs a function or an object for "${SOURCE_GLOB}": add \`${LINT_STAGED_COMMAND}\` to it by hand.`);
}

function eslintTaskNote(where: string): string {
  return `${where} already runs ESLint on staged files, which now reports Lifeguard's findings (lifeguard.configs.recommended is in the ESLint config): no second task added`;
}

function planLefthook(context: InitContext, plan: HookPlan, how: string): void {
  const root = context.gitRoot!;
  if (!context.manifest.has('lefthook') && !LEFTHOOK_FILES.some((name) => existsSync(join(root, name)))) {
    context.manifest.requireDevDependency('lefthook', DEPENDENCY_RANGES['lefthook']!);
  }
  const existing = LEFTHOOK_FILES.map((name) => join(root, name)).find((path) => existsSync(path));
  const path = existing ?? join(root, 'lefthook.yml');
  const before = existing ? readFileSync(existing, 'utf8') : null;
  const subfolder = toPosix(relative(root, context.projectRoot));
  const result = addLefthookCommand(before ?? '', subfolder);
  if (result === 'present') plan.upToDate.push(`${display(context, path)} already runs Lifeguard`);
  else if (typeof result === 'object') planText(plan, context, path, before, result.text, `pre-commit command \`lifeguard\` runs \`lifeguard scan\` on staged files${how}`);
  else throw new InitRefusal(`${display(context, path)}: ${result}. Add this under pre-commit → commands by hand:\n${lefthookCommandBlock('    ', '  ', subfolder)}`);
  // lefthook's postinstall runs `lefthook install`, but pnpm 10 and `--ignore-scripts` skip dependency install scripts
  // (npm 11 warns that it will too): without the hooks in .git/hooks, lefthook.yml does nothing.
  if (before === null) plan.notes.push('After installing, run `npx lefthook install` once to activate lefthook in this clone (harmless if its install script already did).');
}

function lefthookCommandBlock(indent: string, unit: string, subfolder: string): string {
  return [
    `${indent}lifeguard:`,
    `${indent}${unit}glob: "${SOURCE_GLOB}"`,
    ...(subfolder ? [`${indent}${unit}root: "${subfolder}/"`] : []),
    `${indent}${unit}run: ${HOOK_COMMAND} {staged_files}`,
    '',
  ].join('\n');
}

interface YamlLine {
  index: number;
  indent: number;
  /** Blank or a comment: never ends a block. */
  insignificant: boolean;
  content: string;
}

/**
 * Adds Lifeguard's pre-commit command to a lefthook config with line
 * insertions only. There is no YAML library among the dependencies, so only
 * plain block mappings are edited: flow style, anchors, tabs, multiple
 * documents or an unexpected shape around `pre-commit` return a reason to
 * refuse instead of an edit that could change what the file means.
 */
export function addLefthookCommand(text: string, subfolder = ''): { text: string } | 'present' | string {
  if (/\blifeguard\s+scan\b/.test(text)) return 'present';
  const unsafe = unsafeYaml(text);
  if (unsafe) return unsafe;
  const lines = yamlLines(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const unit = indentUnit(lines) ?? '  ';
  const hookLine = lines.find((line) => line.indent === 0 && /^pre-commit\s*:/.test(line.content));
  if (!hookLine) {
    const block = `pre-commit:\n${unit}commands:\n${lefthookCommandBlock(unit + unit, unit, subfolder)}`;
    const separator = text === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    return { text: `${text}${separator}${block.replaceAll('\n', eol)}` };
  }
  if (!/^pre-commit\s*:\s*(#.*)?$/.test(hookLine.content)) return 'its `pre-commit:` has an inline value';
  const hookBlock = childLines(lines, hookLine);
  const childIndent = hookBlock.find((line) => !line.insignificant)?.indent;
  if (childIndent === undefined) return '`pre-commit:` is empty';
  const commandsLine = hookBlock.find((line) => line.indent === childIndent && /^commands\s*:/.test(line.content));
  const textLines = text.split('\n');
  if (!commandsLine) {
    if (hookBlock.some((line) => line.indent === childIndent && /^jobs\s*:/.test(line.content))) return 'its pre-commit hook uses `jobs:`, which init does not edit';
    const at = lastSignificant(hookBlock, hookLine).index + 1;
    const block = `${' '.repeat(childIndent)}commands:\n${lefthookCommandBlock(' '.repeat(childIndent) + unit, unit, subfolder)}`;
    return { text: spliceLines(textLines, at, block, eol) };
  }
  if (!/^commands\s*:\s*(#.*)?$/.test(commandsLine.content)) return 'its `commands:` has an inline value';
  const commandsBlock = childLines(lines, commandsLine);
  const commandIndent = commandsBlock.find((line) => !line.insignificant)?.indent;
  if (commandIndent === undefined) return '`commands:` is empty';
  if (commandsBlock.some((line) => line.indent === commandIndent && /^lifeguard\s*:/.test(line.content))) return 'it already has a command named `lifeguard` that does not run `lifeguard scan`';
  const at = lastSignificant(commandsBlock, commandsLine).index + 1;
  return { text: spliceLines(textLines, at, lefthookCommandBlock(' '.repeat(commandIndent), ' '.repeat(commandIndent - childIndent), subfolder), eol) };
}

/** The pre-commit framework's hook for this package, as `.pre-commit-hooks.yaml` defines it and `init` writes it under `repo: local`. */
export function preCommitHook(packageManager = 'npm'): { id: string; name: string; entry: string; language: 'system'; types_or: string[]; require_serial: true } {
  return {
    id: 'lifeguard',
    name: 'lifeguard scan',
    entry: `sh -c '${notInstalledGuard(packageManager)}; exec ${HOOK_COMMAND} "$@"' --`,
    language: 'system',
    types_or: ['javascript', 'jsx', 'ts', 'tsx'],
    require_serial: true,
  };
}

/**
 * Adds Lifeguard's hook to a pre-commit framework config as a `repo: local`
 * item: the hook runs the project's own installed plugin (`language: system`),
 * so nothing is fetched from a remote repository and the scan uses the same
 * ESLint, parser and plugin versions as the project. Edited through the `yaml`
 * library's Document API, which keeps comments, key order and quoting.
 * A `lifeguard` hook anywhere in the file is recognised (never a second one);
 * the remote `repo:` item earlier versions wrote, which cannot be fetched, is
 * replaced by the local one.
 */
export function addPreCommitRepo(text: string | null, packageManager = 'npm'): { text: string } | 'present' | string {
  const document = text === null || text.trim() === '' ? new Document({ repos: [] }) : parseDocument(text);
  if (document.errors.length > 0) return `it is not valid YAML (${document.errors[0]!.message.split('\n')[0]})`;
  if (text !== null && text.trim() !== '' && !isMap(document.contents)) return 'it is not a mapping with a `repos:` list';
  const repos = document.get('repos', true);
  if (repos === undefined || repos === null) document.set('repos', document.createNode([]));
  const list = document.get('repos', true);
  if (!isSeq(list)) return 'its `repos:` is not a list';
  const items = list.items.filter(isMap);
  const ownHook = (item: (typeof items)[number]): boolean => {
    const hooks = item.get('hooks', true);
    return isSeq(hooks) && hooks.items.some((hook) => isMap(hook) && (hook.get('id') === 'lifeguard' || /\blifeguard\s+scan\b/.test(String(hook.get('entry') ?? ''))));
  };
  const local = items.find((item) => item.get('repo') === 'local' && ownHook(item));
  const stale = items.filter((item) => item.get('repo') === REPOSITORY_URL || (item.get('repo') !== 'local' && String(item.get('repo') ?? '').includes(PLUGIN_PACKAGE)));
  if (local && stale.length === 0) return 'present';
  // Any other shape that already runs `lifeguard scan` (a hand-written hook) is the user's: leave it alone.
  if (!local && stale.length === 0 && items.some(ownHook)) return 'present';
  const firstStale = stale[0] ? list.items.indexOf(stale[0]) : -1;
  for (const item of stale) list.items.splice(list.items.indexOf(item), 1);
  if (!local) {
    const node = document.createNode({ repo: 'local', hooks: [preCommitHook(packageManager)] });
    const typesOr = (node.get('hooks') as YAMLSeq<YAMLMap>).items[0]!.get('types_or', true);
    if (isSeq(typesOr)) typesOr.flow = true;
    list.items.splice(firstStale === -1 ? list.items.length : firstStale, 0, node);
  }
  if (list.flow && list.items.length > 0) list.flow = false;
  // Keep the file's own list indentation: `- repo:` at column 0 or indented under `repos:`.
  const indentSeq = text === null || !/^repos\s*:\s*(#.*)?\r?\n(\s*(#.*)?\r?\n)*- /m.test(text);
  const eol = text?.includes('\r\n') ? '\r\n' : '\n';
  return { text: document.toString({ indentSeq, lineWidth: 0 }).replaceAll('\n', eol) };
}

function unsafeYaml(text: string): string | undefined {
  if (/^\t/m.test(text)) return 'it is indented with tabs';
  if (/^(---|\.\.\.)\s*$/m.test(text.replace(/^---\s*\n/, ''))) return 'it holds several YAML documents';
  if (/^\s*[{[]/.test(text.replace(/^(\s*#.*\n|\s*\n|---\s*\n)*/, ''))) return 'it is written in flow style';
  if (/(^|\s)[&*][\w-]+/m.test(text.replace(/#.*$/gm, '').replace(/(["'])(?:(?!\1).)*\1/g, '""'))) return 'it uses YAML anchors or aliases';
  if (/^<<\s*:/m.test(text.trimStart())) return 'it uses YAML merge keys';
  return undefined;
}

function yamlLines(text: string): YamlLine[] {
  return text.split('\n').map((raw, index) => {
    const line = raw.replace(/\r$/, '');
    const content = line.trimStart();
    return { index, indent: line.length - content.length, insignificant: content === '' || content.startsWith('#'), content };
  });
}

/** The lines nested under `parent` (more indented), up to the next line at its level or above. */
function childLines(lines: readonly YamlLine[], parent: YamlLine): YamlLine[] {
  const result: YamlLine[] = [];
  for (const line of lines.slice(lines.indexOf(parent) + 1)) {
    if (!line.insignificant && line.indent <= parent.indent) break;
    result.push(line);
  }
  return result;
}

function lastSignificant(block: readonly YamlLine[], fallback: YamlLine): YamlLine {
  return [...block].reverse().find((line) => !line.insignificant) ?? fallback;
}

function indentUnit(lines: readonly YamlLine[]): string | undefined {
  const first = lines.find((line) => !line.insignificant && line.indent > 0);
  return first ? ' '.repeat(first.indent) : undefined;
}

function spliceLines(textLines: string[], at: number, block: string, eol: string): string {
  const inserted = block.replace(/\n$/, '').split('\n').map((line) => (eol === '\r\n' ? `${line}\r` : line));
  // A file without a final newline: the line the block follows needs one first.
  if (at === textLines.length && textLines.length > 0 && textLines.at(-1) !== '') {
    return [...textLines, ...inserted].join('\n') + (eol === '\r\n' ? '\r\n' : '\n');
  }
  return [...textLines.slice(0, at), ...inserted, ...textLines.slice(at)].join('\n');
}

function planPreCommit(context: InitContext, plan: HookPlan, how: string): void {
  const path = join(context.gitRoot!, PRE_COMMIT_CONFIG);
  const before = readIfExists(path);
  const result = addPreCommitRepo(before, detectPackageManager(context.projectRoot));
  if (result === 'present') plan.upToDate.push(`${display(context, path)} already runs Lifeguard`);
  else if (typeof result === 'object') planText(plan, context, path, before, result.text, `a \`repo: local\` hook runs the project's installed \`lifeguard scan\` on staged files${how}`);
  else throw new InitRefusal(`${display(context, path)}: ${result}. Add this to its repos: by hand:\n${preCommitRepoItem()}`);
  if (before === null) plan.notes.push('Run `pre-commit install` once to activate the pre-commit framework in this clone.');
  if (context.projectRoot !== context.gitRoot) {
    plan.notes.push(`The package is in ${toPosix(relative(context.gitRoot!, context.projectRoot))}/: the pre-commit hook runs from the repository root, so make \`lifeguard\` resolvable there (or use --hook git).`);
  }
}

function preCommitRepoItem(): string {
  const result = addPreCommitRepo(null);
  return typeof result === 'object' ? result.text.replace(/^repos:\n/, '') : '';
}

/** The plain git hook: scans the staged JavaScript/TypeScript files (as they are in the working tree). */
export function gitHookScript(subfolder: string, packageManager = 'npm'): string {
  const patterns = SOURCE_GLOB.slice(3, -1)
    .split(',')
    .map((extension) => `'*.${extension}'`)
    .join(' ');
  return [
    '#!/bin/sh',
    '# lifeguard: block commits that add startup hangs or leaks (written by `lifeguard init`).',
    "# Scans the staged JavaScript/TypeScript files with Lifeguard's rules; `git commit --no-verify` skips it once.",
    ...(subfolder ? [`cd "$(git rev-parse --show-toplevel)/${subfolder}" || exit 1`] : []),
    `set -- ${patterns}`,
    'if git diff --cached --quiet --relative --diff-filter=ACMR -- "$@"; then exit 0; fi',
    notInstalledGuard(packageManager),
    `git diff --cached --name-only -z --relative --diff-filter=ACMR -- "$@" | xargs -0 ${HOOK_COMMAND}`,
    '',
  ].join('\n');
}

function planGitHook(context: InitContext, plan: HookPlan): void {
  const hooksDirectory = resolve(context.cwd, gitOutput(context.cwd, ['rev-parse', '--git-path', 'hooks']) ?? join(context.gitRoot!, '.git', 'hooks'));
  const path = join(hooksDirectory, 'pre-commit');
  const before = readIfExists(path);
  if (before !== null) {
    if (before.includes('lifeguard')) {
      plan.upToDate.push(`${display(context, path)} already runs Lifeguard`);
      return;
    }
    throw new InitRefusal(
      `${display(context, path)} already exists and is not Lifeguard's: add this line to it where it belongs, or choose a hook manager with --hook husky|lefthook|pre-commit:\n  ${HOOK_COMMAND} $(git diff --cached --name-only --diff-filter=ACMR)`,
    );
  }
  planText(plan, context, path, null, gitHookScript(toPosix(relative(context.gitRoot!, context.projectRoot)), detectPackageManager(context.projectRoot)), 'runs `lifeguard scan` on staged files before each commit (not versioned: each clone runs `npx lifeguard init` once)', true);
}

function gitTopLevel(cwd: string): string | null {
  const top = gitOutput(cwd, ['rev-parse', '--show-toplevel']);
  return top ? resolve(top) : null;
}

function gitOutput(cwd: string, args: readonly string[]): string | null {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

function detectPackageManager(projectRoot: string): string {
  const lockfiles: [string, string][] = [
    ['pnpm-lock.yaml', 'pnpm'],
    ['yarn.lock', 'yarn'],
    ['bun.lock', 'bun'],
    ['bun.lockb', 'bun'],
  ];
  const found = findUp(projectRoot, lockfiles.map(([file]) => file));
  return lockfiles.find(([file]) => file === found?.name)?.[1] ?? 'npm';
}

// ---------------------------------------------------------------------------
// package.json

/**
 * package.json, edited as npm edits it: parsed, changed, written back with
 * the file's own indentation, line endings and final newline, key order kept
 * (a new dependency goes in alphabetically when the list was sorted).
 */
class PackageManifest {
  readonly path: string;
  readonly text: string;
  readonly data: Record<string, unknown>;
  readonly #added: string[] = [];
  readonly #settings: string[] = [];

  private constructor(path: string, text: string, data: Record<string, unknown>) {
    this.path = path;
    this.text = text;
    this.data = data;
  }

  static read(path: string): PackageManifest {
    const text = readFileSync(path, 'utf8');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new InitRefusal(`${basename(path)} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new InitRefusal(`${basename(path)} is not a JSON object`);
    return new PackageManifest(path, text, data as Record<string, unknown>);
  }

  has(name: string): boolean {
    return DEPENDENCY_FIELDS.some((field) => this.object(field)?.[name] !== undefined);
  }

  object(field: string): Record<string, unknown> | undefined {
    const value = this.data[field];
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  }

  requireDevDependency(name: string, range: string): void {
    if (this.has(name)) return;
    const current = this.object('devDependencies') ?? {};
    const keys = Object.keys(current);
    const sorted = keys.every((key, index) => index === 0 || keys[index - 1]!.localeCompare(key) <= 0);
    const next = { ...current, [name]: range };
    this.data['devDependencies'] = sorted ? Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b))) : next;
    this.#added.push(name);
  }

  /** Sets a nested field; `description` says what it is for in the summary. */
  set(path: readonly string[], value: unknown, description: string): void {
    let target = this.data;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    target[path.at(-1)!] = value;
    this.#settings.push(description);
  }

  addedDependencies(): string[] {
    return [...this.#added];
  }

  plannedFile(): PlannedFile | undefined {
    if (this.#added.length === 0 && this.#settings.length === 0) return undefined;
    const after = formatJsonLike(this.text, this.data);
    if (after === this.text) return undefined;
    const summary = [this.#added.length > 0 ? `added ${this.#added.join(', ')} to devDependencies` : '', ...this.#settings].filter(Boolean).join('; ');
    return { path: this.path, before: this.text, after, summary };
  }
}

/** `value` as JSON in the indentation, line endings and final newline of `original`. */
function formatJsonLike(original: string, value: unknown): string {
  const indent = /^[{[][^\S\n]*\r?\n([ \t]+)/.exec(original)?.[1] ?? '  ';
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const finalNewline = /\n$/.test(original) || original === '' ? eol : '';
  return JSON.stringify(value, null, indent).replaceAll('\n', eol) + finalNewline;
}
