import { dirname, extname, relative } from 'node:path';
import { analyze } from '@typescript-eslint/scope-manager';
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { ProjectInfo } from './project.js';
import { toPosix } from '../util/paths.js';
import { detectCodeStyle } from './style.js';
import type { ModuleKind, ParsedFile } from './types.js';

const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);
/** `.ts` files cannot contain JSX (`<T>value` is a type assertion there); every other extension is parsed with JSX. */
const NO_JSX_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);

export type ParseOutcome = { ok: true; file: ParsedFile } | { ok: false; reason: string };

/**
 * Parses a file the way ESLint parses it with typescript-eslint, and runs
 * scope analysis so detectors get the same `DetectorSource` as in a rule.
 * Never throws: a syntax error becomes `{ ok: false, reason }` with the
 * position (`3:10 ')' expected.`).
 */
export function parseSourceFile(path: string, text: string, cwd: string, project: ProjectInfo): ParseOutcome {
  const extension = extname(path).toLowerCase();
  const jsx = !NO_JSX_EXTENSIONS.has(extension);
  let ast: TSESTree.Program;
  try {
    ast = parse(text, { jsx, range: true, loc: true, comment: true, tokens: true, filePath: path });
  } catch (error) {
    return { ok: false, reason: describeParseError(error) };
  }
  setParents(ast);
  const moduleKind = detectModuleKind(ast, extension, dirname(path), project);
  let scopeManager: TSESLint.Scope.ScopeManager;
  try {
    scopeManager = analyze(ast, {
      sourceType: moduleKind === 'esm' ? 'module' : 'script',
      // CommonJS modules run inside Node's function wrapper: top-level `return` is legal and top-level bindings are not globals.
      globalReturn: moduleKind === 'cjs',
      jsxPragma: null,
    }) as unknown as TSESLint.Scope.ScopeManager;
  } catch (error) {
    return { ok: false, reason: `scope analysis failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  return {
    ok: true,
    file: {
      path,
      relativePath: toPosix(relative(cwd, path)),
      text,
      ast,
      scopeManager,
      language: TYPESCRIPT_EXTENSIONS.has(extension) ? 'ts' : 'js',
      jsx,
      moduleKind,
      style: detectCodeStyle(ast, text),
    },
  };
}

/** Whether `text` parses with the parser settings for `path` (used to check every output before writing it). */
export function checkParses(path: string, text: string): string | null {
  const extension = extname(path).toLowerCase();
  try {
    parse(text, { jsx: !NO_JSX_EXTENSIONS.has(extension), range: true, filePath: path });
    return null;
  } catch (error) {
    return describeParseError(error);
  }
}

/**
 * typescript-estree leaves `parent` unset (ESLint fills it in during its
 * traversal); detectors and codemods navigate upwards, so the engine sets it
 * on every node before anything runs. Iterative: deep nesting cannot overflow.
 */
function setParents(program: TSESTree.Program): void {
  const stack: TSESTree.Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const key of visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) {
        if (typeof child === 'object' && child !== null && typeof (child as { type?: unknown }).type === 'string') {
          (child as { parent: TSESTree.Node }).parent = node;
          stack.push(child as TSESTree.Node);
        }
      }
    }
  }
}

function describeParseError(error: unknown): string {
  if (error instanceof Error) {
    const location = (error as { location?: { start?: { line?: number; column?: number } } }).location?.start;
    const message = error.message.split('\n')[0] ?? error.message;
    return location?.line ? `${location.line}:${(location.column ?? 0) + 1} ${message}` : message;
  }
  return String(error);
}

/**
 * ESM or CommonJS, for the kind of import a codemod adds. The extension
 * decides for `.mjs/.mts/.cjs/.cts`; otherwise the file's own syntax
 * (`import`/`export`/`import.meta` → ESM, `require()`/`module.exports` →
 * CommonJS); otherwise the nearest package.json `type`. A TypeScript file
 * with neither is ESM: TS sources are written with `import` whatever they compile to.
 */
export function detectModuleKind(ast: TSESTree.Program, extension: string, directory: string, project: ProjectInfo): ModuleKind {
  if (extension === '.mjs' || extension === '.mts') return 'esm';
  if (extension === '.cjs' || extension === '.cts') return 'cjs';
  let usesRequire = false;
  for (const statement of ast.body) {
    switch (statement.type) {
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
      case 'ExportDefaultDeclaration':
        return 'esm';
      case 'ExportNamedDeclaration':
        if (statement.exportKind !== 'type' || statement.declaration) return 'esm';
        break;
      case 'TSImportEqualsDeclaration':
        usesRequire = true;
        break;
      default:
        usesRequire ||= mentionsCommonJs(statement);
    }
  }
  if (ast.tokens?.some((token, index) => token.value === 'import' && ast.tokens?.[index + 1]?.value === '.' && ast.tokens?.[index + 2]?.value === 'meta')) {
    return 'esm';
  }
  if (usesRequire) return 'cjs';
  const packageType = project.packageType(directory);
  if (packageType === 'module') return 'esm';
  return TYPESCRIPT_EXTENSIONS.has(extension) ? 'esm' : 'cjs';
}

/** A top-level statement that calls `require(...)` or assigns `module.exports`/`exports.x` (a shallow look, enough for module headers). */
function mentionsCommonJs(statement: TSESTree.ProgramStatement): boolean {
  if (statement.type === 'VariableDeclaration') {
    return statement.declarations.some((declarator) => isRequireLike(declarator.init));
  }
  if (statement.type === 'ExpressionStatement') {
    const expression = statement.expression;
    if (isRequireLike(expression)) return true;
    if (expression.type === 'AssignmentExpression') {
      const target = expression.left;
      if (target.type === 'MemberExpression') {
        const object = target.object;
        if (object.type === 'Identifier' && (object.name === 'module' || object.name === 'exports')) return true;
        if (object.type === 'MemberExpression' && object.object.type === 'Identifier' && object.object.name === 'module') return true;
      }
    }
  }
  return false;
}

function isRequireLike(node: TSESTree.Node | null | undefined): boolean {
  let current = node;
  while (current && (current.type === 'MemberExpression' || current.type === 'AwaitExpression')) {
    current = current.type === 'MemberExpression' ? current.object : current.argument;
  }
  return current?.type === 'CallExpression' && current.callee.type === 'Identifier' && current.callee.name === 'require';
}

