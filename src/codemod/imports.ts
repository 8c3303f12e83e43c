import type { TSESTree } from '@typescript-eslint/utils';
import type { ImportResult, ParsedFile, TextEdit } from './types.js';

export interface ImportRequest {
  /** The module specifier: `./lifeguard-runtime.js`, `eslint-plugin-lifeguard/runtime`. */
  source: string;
  /** Named exports to import, in the order they should be added. */
  names: readonly string[];
}

type Named = TSESTree.ImportSpecifier | TSESTree.Property;

/**
 * Imports `names` from `source` by a precise splice, idempotently:
 * - names already imported are reused (with their alias, or as
 *   `ns.name` through an existing namespace import / `const ns = require()`);
 * - missing names are merged into an existing value import from the same
 *   module (`import { a } from 'x'` → `import { a, b } from 'x'`, or the
 *   destructuring of `require('x')` in CommonJS);
 * - otherwise one new declaration is added after the last import (or
 *   require), else at the top after the shebang, directives and a header comment.
 * Quotes and semicolons follow the file's style.
 */
export function addImport(file: ParsedFile, request: ImportRequest): ImportResult {
  const locals: Record<string, string> = {};
  const existing = file.moduleKind === 'esm' ? findEsmImports(file.ast, request.source) : findRequires(file.ast, request.source);
  for (const name of request.names) {
    const local = existing.named.get(name) ?? (existing.namespace ? `${existing.namespace}.${name}` : undefined);
    if (local !== undefined) locals[name] = local;
  }
  const missing = request.names.filter((name) => locals[name] === undefined);
  for (const name of missing) locals[name] = name;
  if (missing.length === 0) return { edit: null, locals };

  if (existing.mergeTarget) return { edit: mergeInto(file, existing.mergeTarget, missing), locals };

  const quote = file.style.quote;
  const semicolon = file.style.semicolons ? ';' : '';
  const specifier = `${quote}${escapeString(request.source, quote)}${quote}`;
  const declaration =
    file.moduleKind === 'esm'
      ? `import { ${missing.join(', ')} } from ${specifier}${semicolon}`
      : `const { ${missing.join(', ')} } = require(${specifier})${semicolon}`;
  const anchor = existing.lastDeclaration;
  if (anchor) return { edit: { start: anchor.range[1], end: anchor.range[1], text: `\n${declaration}` }, locals };
  const top = topInsertionPoint(file);
  return { edit: { start: top.offset, end: top.offset, text: top.prefix + declaration + top.suffix }, locals };
}

interface ExistingImports {
  /** Imported name → local expression. */
  named: Map<string, string>;
  namespace?: string;
  /** A declaration whose `{ … }` can take more names. */
  mergeTarget?: { braces: TSESTree.Node | null; specifiers: Named[]; anchorAfter: TSESTree.Node };
  /** The last import/require declaration at the top level, where a new one goes. */
  lastDeclaration?: TSESTree.Node;
}

function findEsmImports(program: TSESTree.Program, source: string): ExistingImports {
  const result: ExistingImports = { named: new Map() };
  for (const statement of program.body) {
    if (statement.type !== 'ImportDeclaration') continue;
    result.lastDeclaration = statement;
    if (statement.source.value !== source || statement.importKind === 'type') continue;
    const named: TSESTree.ImportSpecifier[] = [];
    let defaultSpecifier: TSESTree.ImportDefaultSpecifier | undefined;
    let isNamespace = false;
    for (const specifier of statement.specifiers) {
      if (specifier.type === 'ImportNamespaceSpecifier') {
        result.namespace ??= specifier.local.name;
        isNamespace = true;
      } else if (specifier.type === 'ImportDefaultSpecifier') {
        defaultSpecifier = specifier;
      } else {
        named.push(specifier);
        if (specifier.importKind === 'type') continue;
        const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
        result.named.set(imported, specifier.local.name);
      }
    }
    // `import * as ns, { a }` is not valid syntax, so a namespace import cannot take more names.
    if (!isNamespace && !result.mergeTarget) {
      const anchorAfter = named.at(-1) ?? defaultSpecifier;
      const braces = named.length > 0 || !defaultSpecifier ? statement : null;
      if (anchorAfter || statement.specifiers.length === 0) {
        result.mergeTarget = { braces, specifiers: named, anchorAfter: anchorAfter ?? statement };
      }
    }
  }
  return result;
}

function findRequires(program: TSESTree.Program, source: string): ExistingImports {
  const result: ExistingImports = { named: new Map() };
  for (const statement of program.body) {
    if (statement.type !== 'VariableDeclaration') continue;
    let isRequire = false;
    for (const declarator of statement.declarations) {
      const call = requireCallSource(declarator.init);
      if (call === undefined) continue;
      isRequire = true;
      if (call !== source) continue;
      if (declarator.id.type === 'Identifier') {
        result.namespace ??= declarator.id.name;
      } else if (declarator.id.type === 'ObjectPattern') {
        const properties: Named[] = [];
        let mergeable = true;
        for (const property of declarator.id.properties) {
          if (property.type === 'RestElement') {
            mergeable = false;
            continue;
          }
          properties.push(property);
          const key = property.key.type === 'Identifier' && !property.computed ? property.key.name : undefined;
          if (key !== undefined && property.value.type === 'Identifier') result.named.set(key, property.value.name);
        }
        if (mergeable && !result.mergeTarget) {
          result.mergeTarget = { braces: declarator.id, specifiers: properties, anchorAfter: properties.at(-1) ?? declarator.id };
        }
      }
    }
    if (isRequire) result.lastDeclaration = statement;
  }
  return result;
}

function requireCallSource(node: TSESTree.Expression | null | undefined): string | undefined {
  if (node?.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'require') return undefined;
  const argument = node.arguments[0];
  return argument?.type === 'Literal' && typeof argument.value === 'string' ? argument.value : undefined;
}

function mergeInto(file: ParsedFile, target: NonNullable<ExistingImports['mergeTarget']>, names: string[]): TextEdit {
  const text = file.text;
  const last = target.specifiers.at(-1);
  if (!target.braces) {
    // `import def from 'x'` → `import def, { a } from 'x'`.
    const end = target.anchorAfter.range[1];
    return { start: end, end, text: `, { ${names.join(', ')} }` };
  }
  if (!last) {
    // `import {} from 'x'`, `import 'x'` or `const {} = require('x')`.
    const start = target.braces.range[0];
    const open = text.indexOf('{', start);
    if (open !== -1 && open < target.braces.range[1]) {
      const close = text.indexOf('}', open);
      return { start: open + 1, end: close, text: ` ${names.join(', ')} ` };
    }
    // A bare side-effect `import 'x'`.
    const afterImport = start + 'import'.length;
    return { start: afterImport, end: afterImport, text: ` { ${names.join(', ')} } from` };
  }
  const lastLine = last.loc.start.line;
  const multiline = target.specifiers.length > 0 && target.specifiers[0]!.loc.start.line !== target.braces.loc.start.line && lastLine !== target.braces.loc.start.line;
  if (multiline) {
    const lineStart = text.lastIndexOf('\n', last.range[0] - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart, last.range[0]))?.[0] ?? '  ';
    return { start: last.range[1], end: last.range[1], text: names.map((name) => `,\n${indent}${name}`).join('') };
  }
  return { start: last.range[1], end: last.range[1], text: names.map((name) => `, ${name}`).join('') };
}

/** Where a first import goes: after a shebang, the directive prologue (`'use strict'`, `'use client'`) and a header comment separated by a blank line. */
function topInsertionPoint(file: ParsedFile): { offset: number; prefix: string; suffix: string } {
  const { text, ast } = file;
  // After a byte-order mark, which must stay the file's first character, and a shebang.
  let offset = text.startsWith('\uFEFF') ? 1 : 0;
  if (text.startsWith('#!', offset)) {
    const newline = text.indexOf('\n', offset);
    offset = newline === -1 ? text.length : newline + 1;
  }
  let lastDirective: TSESTree.Node | undefined;
  for (const statement of ast.body) {
    if (statement.type === 'ExpressionStatement' && statement.directive !== undefined) lastDirective = statement;
    else break;
  }
  if (lastDirective) return { offset: lastDirective.range[1], prefix: '\n', suffix: '' };
  for (const comment of ast.comments ?? []) {
    if (comment.range[0] < offset) continue;
    if (text.slice(offset, comment.range[0]).trim() !== '') break;
    const after = text.slice(comment.range[1]);
    // A license/header comment is followed by a blank line; a comment glued to the first statement belongs to it.
    if (/^[ \t]*\r?\n[ \t]*\r?\n/.test(after)) {
      const lineEnd = text.indexOf('\n', comment.range[1]);
      return { offset: lineEnd + 1, prefix: '\n', suffix: '\n' };
    }
    break;
  }
  const rest = text.slice(offset);
  return { offset, prefix: '', suffix: rest.length === 0 ? '\n' : rest.startsWith('\n') ? '\n' : '\n\n' };
}

function escapeString(value: string, quote: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`);
}
