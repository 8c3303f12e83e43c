import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commonRoot, discoverFiles } from '../../src/codemod/discover.js';
import { makeTree, removeTree } from './helpers.js';

const trees: string[] = [];
afterAll(() => trees.forEach(removeTree));

function tree(files: Record<string, string>): string {
  const root = makeTree(files);
  trees.push(root);
  return root;
}

async function discover(root: string, paths: string[], ignore: string[] = []) {
  const result = await discoverFiles({ cwd: root, paths, ignore });
  return {
    files: result.files.map((file) => file.slice(root.length + 1)),
    skipped: result.skipped.map((entry) => `${entry.path.slice(root.length + 1)}: ${entry.reason}`),
  };
}

describe('discoverFiles', () => {
  const files = {
    'src/a.ts': '',
    'src/b.tsx': '',
    'src/c.js': '',
    'src/d.mjs': '',
    'src/e.cjs': '',
    'src/f.mts': '',
    'src/g.cts': '',
    'src/h.jsx': '',
    'src/types.d.ts': '',
    'src/data.json': '',
    'src/node_modules/pkg/index.js': '',
    'src/dist/out.js': '',
    'build/x.js': '',
    'coverage/y.js': '',
    'out/z.js': '',
    'lib/keep.ts': '',
  };

  it('finds every supported extension in folders and skips .d.ts, dependencies and build output', async () => {
    const root = tree(files);
    expect((await discover(root, ['.'])).files).toEqual([
      'lib/keep.ts',
      'src/a.ts',
      'src/b.tsx',
      'src/c.js',
      'src/d.mjs',
      'src/e.cjs',
      'src/f.mts',
      'src/g.cts',
      'src/h.jsx',
    ]);
  });

  it('expands globs and applies --ignore', async () => {
    const root = tree(files);
    expect((await discover(root, ['src/*.ts'])).files).toEqual(['src/a.ts']);
    expect((await discover(root, ['src'], ['**/*.{js,jsx,mjs,cjs}', 'src/f.mts'])).files).toEqual(['src/a.ts', 'src/b.tsx', 'src/g.cts']);
  });

  it('respects root and nested .gitignore files, with negation', async () => {
    const root = tree({
      '.gitignore': 'generated/\n*.gen.ts\n',
      'src/.gitignore': 'legacy.ts\n!keep.gen.ts\n',
      'src/app.ts': '',
      'src/legacy.ts': '',
      'src/schema.gen.ts': '',
      'src/keep.gen.ts': '',
      'src/generated/api.ts': '',
      'other/legacy.ts': '',
    });
    mkdirSync(join(root, '.git'));
    expect((await discover(root, ['.'])).files).toEqual(['other/legacy.ts', 'src/app.ts', 'src/keep.gen.ts']);
  });

  it('reports named files it will not process, and fails on a missing path', async () => {
    const root = tree(files);
    const result = await discover(root, ['src/types.d.ts', 'src/data.json', 'src/node_modules/pkg/index.js', 'src/a.ts']);
    expect(result.files).toEqual(['src/a.ts']);
    expect(result.skipped).toEqual([
      'src/node_modules/pkg/index.js: ignored (node_modules, build output or --ignore)',
      'src/data.json: not a JavaScript/TypeScript source file',
      'src/types.d.ts: declaration file',
    ]);
    await expect(discoverFiles({ cwd: root, paths: ['nope'] })).rejects.toThrow(/no such file or directory: nope/);
  });

  it('never returns symbolic links or what they point to', async () => {
    const root = tree({ 'src/a.ts': '', 'outside/secret.ts': '' });
    symlinkSync(join(root, 'outside/secret.ts'), join(root, 'src/link.ts'));
    symlinkSync(join(root, 'outside'), join(root, 'src/linked-dir'));
    // Folder scans do not see links at all; a link named explicitly is reported.
    expect(await discover(root, ['src'])).toEqual({ files: ['src/a.ts'], skipped: [] });
    expect(await discover(root, ['src/link.ts', 'src/linked-dir', 'src/a.ts'])).toEqual({
      files: ['src/a.ts'],
      skipped: ['src/link.ts: symbolic link (never written)', 'src/linked-dir: symbolic link (never written)'],
    });
  });

  it('computes the common source root', () => {
    const root = tree({ 'src/a/x.ts': '', 'src/b/y.ts': '' });
    expect(commonRoot([join(root, 'src/a'), join(root, 'src/b/y.ts')], root)).toBe(join(root, 'src'));
    expect(commonRoot([join(root, 'src')], root)).toBe(join(root, 'src'));
  });
});
