import type { TSESTree } from '@typescript-eslint/utils';
import { getCalleeName, unwrapExpression } from '../ast/nodes.js';

/**
 * What a file is for, which decides whether its leaks can hurt anyone:
 * - `service`: code that may run inside a long-lived process (the default);
 * - `test`: a test suite or test helper (the test runner exits when it is done);
 * - `type-test`: type-checked, never executed (tsd, expect-type, tstyche);
 * - `script`: a one-shot program (CLI, code generator, CI or release script) that ends the process;
 * - `example` / `benchmark`: demo and measurement code, run by hand;
 * - `generated`: a bundle or build output checked into the tree (linted where it was written).
 */
export type FileRole = 'service' | 'test' | 'type-test' | 'script' | 'example' | 'benchmark' | 'generated';

export interface FileRoleResult {
  readonly role: FileRole;
  /** Why, for messages and debugging: `path`, `content`, or `default`. */
  readonly evidence: 'path' | 'content' | 'default';
  /** What the content alone says (a test-framework import, a shebang, a top-level exit), or null. */
  readonly contentRole: FileRole | null;
}

/**
 * Globs of the files `configs.recommended` leaves out, by role. The rules also
 * recognise these files by their content, so a layout the globs miss is still quiet.
 */
export const NON_SERVICE_GLOBS: Readonly<Record<Exclude<FileRole, 'service'>, readonly string[]>> = {
  'type-test': ['**/*.test-d.{ts,mts,cts,tsx}', '**/*.tst.{ts,mts,cts,tsx}', '**/test-d/**', '**/type-tests/**', '**/*.type-test.{ts,tsx}', '**/*.types.test.{ts,tsx}'],
  test: [
    '**/*.{test,spec}.{js,mjs,cjs,jsx,ts,mts,cts,tsx}',
    '**/{test,tests,__tests__,__mocks__,__fixtures__,fixtures,spec,e2e,test-utils,testing}/**',
    '**/*{test-util,test-utils,test-helper,test-helpers,testUtils,testHelpers}.{js,mjs,cjs,jsx,ts,mts,cts,tsx}',
  ],
  example: ['**/{example,examples,demo,demos,sample,samples,playground,doctests,docs,dev}/**', '**/{example,demo,sample}.{js,mjs,cjs,ts,mts,cts}'],
  generated: ['**/*.{min,bundle}.{js,mjs,cjs}'],
  benchmark: ['**/{bench,benchmark,benchmarks,perf}/**', '**/*.bench.{js,mjs,cjs,ts,mts,cts}'],
  script: ['**/{scripts,script,tools,.github,.husky,ci}/**', '**/*.config.{js,mjs,cjs,ts,mts,cts}', '**/{Gulpfile,gulpfile,Gruntfile,gruntfile,Jakefile}.{js,cjs,mjs,ts}'],
};

const SEGMENT_ROLES: readonly [RegExp, FileRole][] = [
  [/(?:^|\/)(?:test-d|type-tests)\//, 'type-test'],
  [/(?:^|\/)(?:test|tests|__tests__|__mocks__|__fixtures__|fixtures|spec|e2e|test-utils|testing)\//, 'test'],
  [/(?:^|\/)(?:example|examples|demo|demos|sample|samples|playground|doctests|docs|dev)\//, 'example'],
  [/(?:^|\/)(?:bench|benchmark|benchmarks|perf)\//, 'benchmark'],
  [/(?:^|\/)(?:scripts|script|tools|\.github|\.husky|ci)\//, 'script'],
];

const NAME_ROLES: readonly [RegExp, FileRole][] = [
  [/\.(?:test-d|tst|type-test|types\.test)\.[cm]?tsx?$/, 'type-test'],
  [/\.(?:test|spec)\.[cm]?[jt]sx?$/, 'test'],
  [/(?:test[-_]?utils?|test[-_]?helpers?|testUtils|testHelpers?)\.[cm]?[jt]sx?$/, 'test'],
  [/\.bench\.[cm]?[jt]s$/, 'benchmark'],
  [/(?:^|\/)(?:example|demo|sample)\.[cm]?[jt]s$/, 'example'],
  [/\.(?:min|bundle)\.[cm]?js$/, 'generated'],
  [/(?:^|\/)[^/]+\.config\.[cm]?[jt]s$/, 'script'],
  [/(?:^|\/)(?:gulpfile|gruntfile|jakefile)\.[cm]?[jt]s$/i, 'script'],
];

/** The role a path alone gives, relative to the working directory where possible. */
export function fileRoleFromPath(filename: string | undefined, cwd?: string): FileRole | null {
  if (!filename || filename.startsWith('<')) return null;
  let path = filename.replaceAll('\\', '/');
  const base = cwd?.replaceAll('\\', '/').replace(/\/+$/, '');
  if (base && path.startsWith(`${base}/`)) path = path.slice(base.length + 1);
  // A folder above the project (`/home/me/tests/app/…`) says nothing about the file.
  for (const [pattern, role] of NAME_ROLES) if (pattern.test(path)) return role;
  for (const [pattern, role] of SEGMENT_ROLES) if (pattern.test(path)) return role;
  return null;
}

const TEST_FRAMEWORK_MODULES = new Set(['vitest', 'node:test', 'test', 'mocha', 'ava', 'tap', 'uvu', '@jest/globals', 'bun:test', '@playwright/test', 'jest', 'chai', 'sinon', 'supertest', 'expect']);
const TYPE_TEST_MODULES = new Set(['tsd', 'expect-type', 'tstyche', 'conditional-type-checks', 'tsd-lite', '@ark/attest']);
/** Test-framework entry points whose callbacks are test code. */
export const TEST_CALLBACK_CALLEES = new Set([
  'describe', 'it', 'test', 'suite', 'context', 'specify', 'bench',
  'beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'before', 'after', 'setup', 'teardown', 'suiteSetup', 'suiteTeardown',
  'fdescribe', 'xdescribe', 'fit', 'xit',
]);
/** Only these count at the top of a file as evidence that the whole file is a test suite. */
const SUITE_CALLEES = new Set(['describe', 'it', 'test', 'suite', 'fdescribe', 'xdescribe', 'fit', 'xit']);

/**
 * The role of a file: its path first (the conventional folders and suffixes),
 * then its content: a test-framework or type-test import, top-level suites, a
 * shebang, or a process that ends itself at top level.
 */
export function fileRoleOf(filename: string | undefined, program: TSESTree.Program, text: string, cwd?: string): FileRoleResult {
  const byPath = fileRoleFromPath(filename, cwd);
  const byContent = fileRoleFromContent(program, text);
  if (byPath === 'type-test') return { role: byPath, evidence: 'path', contentRole: byContent };
  if (byContent === 'type-test') return { role: byContent, evidence: 'content', contentRole: byContent };
  if (byPath) return { role: byPath, evidence: 'path', contentRole: byContent };
  if (byContent) return { role: byContent, evidence: 'content', contentRole: byContent };
  return { role: 'service', evidence: 'default', contentRole: null };
}

/** Bundler output: webpack's runtime, a UMD wrapper, or a huge file of a few very long lines. */
function isGenerated(text: string): boolean {
  if (text.length < 50_000) return false;
  if (text.includes('__webpack_require__') || text.includes('__vite__') || text.includes('@babel/helpers - ') || text.includes('function _classCallCheck(instance, Constructor)') || /^\s*(?:\/\*[\s\S]*?\*\/\s*)?[!(]\s*function\s*\(\s*(?:global|root|e|t)\s*,\s*(?:factory|t|e)\s*\)/.test(text)) return true;
  const lines = text.split('\n').length;
  return text.length / lines > 300;
}

function fileRoleFromContent(program: TSESTree.Program, text: string): FileRole | null {
  if (isGenerated(text)) return 'generated';
  let testImports = false;
  let suites = false;
  let endsProcess = false;
  let entryCloses = false;
  let exports = false;
  /** Names the file exports by plain reference (`module.exports = { main }`), or null once it exports anything else. */
  let exportedNames: string[] | null = [];
  const entryNames: string[] = [];
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration') {
      const source = String(statement.source.value);
      if (TYPE_TEST_MODULES.has(source)) return 'type-test';
      if (TEST_FRAMEWORK_MODULES.has(source)) testImports = true;
      continue;
    }
    if (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' || statement.type === 'ExportAllDeclaration') {
      exports = true;
      const names = statement.type === 'ExportNamedDeclaration' && !statement.declaration && !statement.source ? statement.specifiers.map((specifier) => (specifier.local.type === 'Identifier' ? specifier.local.name : null)) : [null];
      exportedNames = names.every((name) => name !== null) && exportedNames ? [...exportedNames, ...(names as string[])] : null;
    }
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        const init = declarator.init ? unwrapExpression(declarator.init) : null;
        const required = init?.type === 'CallExpression' ? requiredModule(init) : null;
        if (required && TYPE_TEST_MODULES.has(required)) return 'type-test';
        if (required && TEST_FRAMEWORK_MODULES.has(required)) testImports = true;
      }
      continue;
    }
    const entryEnd = entryEndOf(statement, program);
    if (entryEnd?.end === 'exit') endsProcess = true;
    else if (entryEnd?.end === 'close') entryCloses = true;
    if (entryEnd?.name) entryNames.push(entryEnd.name);
    if (statement.type !== 'ExpressionStatement') continue;
    const expression = unwrapExpression(statement.expression);
    if (expression.type === 'AwaitExpression' || expression.type === 'CallExpression') {
      const call = expression.type === 'AwaitExpression' ? unwrapExpression(expression.argument) : expression;
      if (call.type !== 'CallExpression') continue;
      const root = chainRoot(call);
      const name = root.type === 'Identifier' ? root.name : root.type === 'MemberExpression' && root.object.type === 'Identifier' ? root.object.name : null;
      if (name && SUITE_CALLEES.has(name)) suites = true;
      if (endsTheProcess(call)) endsProcess = true;
    }
    if (isModuleExportsAssignment(expression)) {
      exports = true;
      const names = exportedReferences(expression as TSESTree.AssignmentExpression);
      exportedNames = names && exportedNames ? [...exportedNames, ...names] : null;
    }
  }
  if (suites || testImports) return 'test';
  // A program may export its own entry for its tests (`module.exports = { main }`) and still be a program.
  const exportsOnlyEntry = exportedNames !== null && exportedNames.every((name) => entryNames.includes(name));
  if (text.startsWith('#!') || endsProcess || ((!exports || exportsOnlyEntry) && entryCloses) || (!exports && endsByClosing(program))) return 'script';
  return null;
}

/** `describe.only(...)`, `test.each([...])(...)`, `it.only(...)`: the identifier the call chain starts from. */
function chainRoot(call: TSESTree.CallExpression): TSESTree.Node {
  let callee = unwrapExpression(call.callee);
  for (;;) {
    if (callee.type === 'CallExpression') callee = unwrapExpression(callee.callee);
    else if (callee.type === 'MemberExpression' && (callee.object.type === 'MemberExpression' || callee.object.type === 'CallExpression')) callee = unwrapExpression(callee.object);
    else if (callee.type === 'TaggedTemplateExpression') callee = unwrapExpression(callee.tag);
    else return callee;
  }
}

function requiredModule(call: TSESTree.CallExpression): string | null {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== 'Identifier' || callee.name !== 'require') return null;
  const argument = call.arguments[0];
  return argument?.type === 'Literal' && typeof argument.value === 'string' ? argument.value : null;
}

function isModuleExportsAssignment(expression: TSESTree.Node): boolean {
  if (expression.type !== 'AssignmentExpression') return false;
  const left = unwrapExpression(expression.left);
  if (left.type !== 'MemberExpression') return false;
  const object = unwrapExpression(left.object);
  if (object.type === 'Identifier' && object.name === 'exports') return true;
  return object.type === 'Identifier' && object.name === 'module' || (object.type === 'MemberExpression' && unwrapExpression(object.object).type === 'Identifier' && (unwrapExpression(object.object) as TSESTree.Identifier).name === 'module');
}

/** `process.exit(…)` */
export function isProcessExit(node: TSESTree.Node): boolean {
  const current = unwrapExpression(node);
  if (current.type !== 'CallExpression') return false;
  const callee = unwrapExpression(current.callee);
  return callee.type === 'MemberExpression' && unwrapExpression(callee.object).type === 'Identifier' && (unwrapExpression(callee.object) as TSESTree.Identifier).name === 'process' && getCalleeName(current) === 'exit';
}

/**
 * A statement-level call that ends the process when it is done: `process.exit(…)`,
 * or a promise chain that exits once it has succeeded (`main().then(() => process.exit(0))`).
 */
export function endsTheProcess(call: TSESTree.CallExpression): boolean {
  if (isProcessExit(call)) return true;
  let current: TSESTree.Node = call;
  while (current.type === 'CallExpression') {
    const callee = unwrapExpression(current.callee);
    if (callee.type !== 'MemberExpression') return false;
    const method = getCalleeName(current);
    if (method !== 'then' && method !== 'catch' && method !== 'finally') return false;
    // A service exits on failure too (`main().catch(() => process.exit(1))`): only an exit on success
    // (`.then(() => process.exit(0))`, `.finally(…)`) makes a one-shot program.
    const onSuccess = method === 'then' ? current.arguments.slice(0, 1) : method === 'finally' ? current.arguments : [];
    for (const argument of onSuccess) {
      if (isProcessExit(argument)) return true;
      if ((argument.type === 'ArrowFunctionExpression' || argument.type === 'FunctionExpression') && callbackExits(argument)) return true;
      // `.then(process.exit)`
      if (argument.type === 'MemberExpression' && unwrapExpression(argument.object).type === 'Identifier' && (unwrapExpression(argument.object) as TSESTree.Identifier).name === 'process') return true;
    }
    current = unwrapExpression(callee.object);
  }
  return false;
}

function callbackExits(fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): boolean {
  if (fn.body.type !== 'BlockStatement') return isProcessExit(fn.body);
  return fn.body.body.some((statement) => statement.type === 'ExpressionStatement' && isProcessExit(statement.expression));
}

/**
 * How the program's entry ends, when a top-level statement runs one: an IIFE
 * (`(async () => { …; process.exit(0) })()`) or a module function called at top level, also behind
 * an `if` (`if (require.main === module) main()`). `exit` when the entry's last statement (after
 * any trailing `console.*` lines) ends the process, `close` when it closes what it opened
 * (`await db.close()`, `rl.close()`): a one-shot program either way.
 */
function entryEndOf(statement: TSESTree.Node, program: TSESTree.Program): { end: 'exit' | 'close'; name: string | null } | null {
  if (statement.type === 'IfStatement') {
    const branch = statement.consequent.type === 'BlockStatement' ? statement.consequent.body : [statement.consequent];
    return branch.length === 1 ? entryEndOf(branch[0]!, program) : null;
  }
  if (statement.type !== 'ExpressionStatement') return null;
  let expression = unwrapExpression(statement.expression);
  if (expression.type === 'UnaryExpression' && expression.operator === 'void') expression = unwrapExpression(expression.argument);
  if (expression.type === 'AwaitExpression') expression = unwrapExpression(expression.argument);
  // `main().catch(onError)`: the entry is the call the chain starts from.
  while (expression.type === 'CallExpression' && unwrapExpression(expression.callee).type === 'MemberExpression' && ['then', 'catch', 'finally'].includes(getCalleeName(expression) ?? '')) {
    expression = unwrapExpression((unwrapExpression(expression.callee) as TSESTree.MemberExpression).object);
  }
  if (expression.type !== 'CallExpression') return null;
  const callee = unwrapExpression(expression.callee);
  const entry = callee.type === 'ArrowFunctionExpression' || callee.type === 'FunctionExpression' ? callee : callee.type === 'Identifier' ? moduleFunction(program, callee.name) : null;
  const name = callee.type === 'Identifier' ? callee.name : null;
  if (!entry || entry.body.type !== 'BlockStatement') return null;
  const body = [...entry.body.body];
  while (body.length > 0 && isConsoleCall(body.at(-1)!)) body.pop();
  const last = body.at(-1);
  if (last?.type !== 'ExpressionStatement') return null;
  const lastExpression = unwrapExpression(last.expression);
  const call = lastExpression.type === 'AwaitExpression' ? unwrapExpression(lastExpression.argument) : lastExpression;
  if (call.type !== 'CallExpression') return null;
  if (isProcessExit(call)) return { end: 'exit', name };
  const method = unwrapExpression(call.callee).type === 'MemberExpression' ? getCalleeName(call) : null;
  return method !== null && CLOSING_METHODS.has(method) ? { end: 'close', name } : null;
}

/** `module.exports = { main }`, `module.exports = main`, `exports.main = main`: the names, or null for anything else. */
function exportedReferences(assignment: TSESTree.AssignmentExpression): string[] | null {
  const right = unwrapExpression(assignment.right);
  if (right.type === 'Identifier') return [right.name];
  if (right.type !== 'ObjectExpression') return null;
  const names: string[] = [];
  for (const property of right.properties) {
    if (property.type !== 'Property' || property.computed) return null;
    const value = unwrapExpression(property.value);
    if (value.type !== 'Identifier') return null;
    names.push(value.name);
  }
  return names;
}

/** `function main() {…}` or `const main = async () => {…}` at the top of the program. */
function moduleFunction(program: TSESTree.Program, name: string): TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression | null {
  for (const statement of program.body) {
    if (statement.type === 'FunctionDeclaration' && statement.id?.name === name) return statement;
    if (statement.type !== 'VariableDeclaration') continue;
    for (const declarator of statement.declarations) {
      if (declarator.id.type !== 'Identifier' || declarator.id.name !== name || !declarator.init) continue;
      const init = unwrapExpression(declarator.init);
      if (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression') return init;
    }
  }
  return null;
}

function isConsoleCall(statement: TSESTree.Statement): boolean {
  if (statement.type !== 'ExpressionStatement') return false;
  const expression = unwrapExpression(statement.expression);
  if (expression.type !== 'CallExpression') return false;
  const callee = unwrapExpression(expression.callee);
  return callee.type === 'MemberExpression' && unwrapExpression(callee.object).type === 'Identifier' && (unwrapExpression(callee.object) as TSESTree.Identifier).name === 'console';
}

const CLOSING_METHODS = new Set(['close', 'quit', 'disconnect', 'end', 'destroy', 'stop', 'terminate', 'shutdown']);

/** A top-level-await program whose last statement closes what it opened (`await client.close()`): it runs, then ends. */
function endsByClosing(program: TSESTree.Program): boolean {
  const last = program.body.at(-1);
  if (last?.type !== 'ExpressionStatement') return false;
  const expression = unwrapExpression(last.expression);
  const call = expression.type === 'AwaitExpression' ? unwrapExpression(expression.argument) : expression;
  if (call.type !== 'CallExpression' || unwrapExpression(call.callee).type !== 'MemberExpression') return false;
  const method = getCalleeName(call);
  return method !== null && CLOSING_METHODS.has(method);
}
