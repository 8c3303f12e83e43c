import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkParses, parseSourceFile } from '../../src/codemod/parse.js';
import { ProjectInfo } from '../../src/codemod/project.js';
import { resolveRuntimeTarget, runtimeSpecifierFor } from '../../src/codemod/runtime.js';
import { makeTree, parseForTest, removeTree } from './helpers.js';

const trees: string[] = [];
afterAll(() => trees.forEach(removeTree));
function tree(files: Record<string, string>): string {
  const root = makeTree(files);
  trees.push(root);
  return root;
}

describe('parsing', () => {
  it('parses TypeScript without JSX in .ts, so `<T>value` assertions work', () => {
    const file = parseForTest('const a = <string>b;\n', 'a.ts');
    expect(file.language).toBe('ts');
    expect(file.jsx).toBe(false);
  });

  it('parses JSX in .tsx, .jsx and .js', () => {
    for (const name of ['a.tsx', 'a.jsx', 'a.js']) {
      expect(parseForTest('export const A = () => <div />;\n', name).jsx).toBe(true);
    }
  });

  it('turns a syntax error into a reason with its position, without throwing', () => {
    const outcome = parseSourceFile('/tmp/broken.ts', 'const a = ;\nfunction (\n', '/tmp', new ProjectInfo());
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.reason).toMatch(/^1:\d+ /);
  });

  it('gives detectors a scope manager and comments/tokens', () => {
    const file = parseForTest(`// note\nimport { a } from 'a';\na();\n`, 'a.ts');
    expect(file.scopeManager.globalScope).not.toBeNull();
    expect(file.ast.comments).toHaveLength(1);
    expect(file.ast.tokens?.length).toBeGreaterThan(0);
    expect(file.ast.range).toEqual([0, file.text.length]);
  });

  it('checks that an output parses', () => {
    expect(checkParses('a.ts', 'const a = 1;')).toBeNull();
    expect(checkParses('a.ts', 'const a = ;')).toMatch(/expression expected/i);
  });
});

describe('ESM vs CommonJS', () => {
  it('decides by extension, then syntax, then package type', () => {
    const root = tree({ 'esm/package.json': '{"type":"module"}', 'cjs/package.json': '{}' });
    const project = new ProjectInfo();
    const kind = (name: string, text: string): string => {
      const outcome = parseSourceFile(join(root, name), text, root, project);
      if (!outcome.ok) throw new Error(outcome.reason);
      return outcome.file.moduleKind;
    };
    expect(kind('cjs/a.mjs', 'x();')).toBe('esm');
    expect(kind('esm/a.cjs', 'x();')).toBe('cjs');
    expect(kind('cjs/a.js', `import x from 'x';`)).toBe('esm');
    expect(kind('cjs/b.js', `console.log(import.meta.url);`)).toBe('esm');
    expect(kind('esm/a.js', `const x = require('x');`)).toBe('cjs');
    expect(kind('esm/b.js', `module.exports.a = 1;`)).toBe('cjs');
    expect(kind('esm/c.js', 'x();')).toBe('esm');
    expect(kind('cjs/c.js', 'x();')).toBe('cjs');
    expect(kind('cjs/a.ts', 'x();')).toBe('esm');
  });
});

describe('runtime import specifier', () => {
  it('uses .js for TypeScript under NodeNext, no extension under bundler', () => {
    const root = tree({
      'node/tsconfig.json': '{ // comment\n "compilerOptions": { "module": "NodeNext", }\n}',
      'bundler/tsconfig.json': '{"extends": "./base.json"}',
      'bundler/base.json': '{"compilerOptions": {"moduleResolution": "Bundler"}}',
      'tsext/tsconfig.json': '{"compilerOptions": {"moduleResolution": "bundler", "allowImportingTsExtensions": true}}',
    });
    const project = new ProjectInfo();
    const target = (directory: string) => ({ kind: 'file' as const, path: join(root, directory, 'lifeguard-runtime.ts'), format: 'ts' as const });
    expect(runtimeSpecifierFor(join(root, 'node/src/deep/a.ts'), target('node'), project)).toBe('../../lifeguard-runtime.js');
    expect(runtimeSpecifierFor(join(root, 'bundler/a.ts'), target('bundler'), project)).toBe('./lifeguard-runtime');
    expect(runtimeSpecifierFor(join(root, 'tsext/a.ts'), target('tsext'), project)).toBe('./lifeguard-runtime.ts');
  });

  it('keeps the extension of a JavaScript runtime file and passes a module specifier through', () => {
    const project = new ProjectInfo();
    expect(runtimeSpecifierFor('/p/src/a/b.js', { kind: 'file', path: '/p/src/lifeguard-runtime.mjs', format: 'esm' }, project)).toBe('../lifeguard-runtime.mjs');
    expect(runtimeSpecifierFor('/p/src/a.ts', { kind: 'module', specifier: 'eslint-plugin-lifeguard/runtime' }, project)).toBe('eslint-plugin-lifeguard/runtime');
  });

  it('defaults to lifeguard-runtime.ts in TypeScript projects and lifeguard-runtime.js (ESM or CommonJS by package type) in JavaScript ones', () => {
    const root = tree({ 'ts/tsconfig.json': '{}', 'esm/package.json': '{"type":"module"}', 'cjs/package.json': '{}' });
    const project = new ProjectInfo();
    const resolveFor = (directory: string, files: string[]) =>
      resolveRuntimeTarget({ cwd: root, sourceRoot: join(root, directory), files, project });
    expect(resolveFor('ts', [])).toEqual({ kind: 'file', path: join(root, 'ts/lifeguard-runtime.ts'), format: 'ts' });
    expect(resolveFor('esm', [join(root, 'esm/a.js')])).toEqual({ kind: 'file', path: join(root, 'esm/lifeguard-runtime.js'), format: 'esm' });
    expect(resolveFor('cjs', [join(root, 'cjs/a.js')])).toEqual({ kind: 'file', path: join(root, 'cjs/lifeguard-runtime.js'), format: 'commonjs' });
    expect(resolveFor('cjs', [join(root, 'cjs/a.ts')])).toMatchObject({ format: 'ts' });
    const explicit = resolveRuntimeTarget({ cwd: root, sourceRoot: root, files: [], project, runtimeFile: 'cjs/vendor/rt.mjs' });
    expect(explicit).toEqual({ kind: 'file', path: join(root, 'cjs/vendor/rt.mjs'), format: 'esm' });
  });
});
