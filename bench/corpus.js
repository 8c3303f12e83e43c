// The real-code corpus: pinned packages installed into bench/.corpus (never the
// project's own dependencies), and which of their files count.
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { globSync } from 'tinyglobby';

export const corpusDirectory = join(dirname(fileURLToPath(import.meta.url)), '.corpus');

/** Package → pinned version and the globs of its own sources (TypeScript where it ships them). */
export const corpusPackages = {
  rxjs: { version: '7.8.2', globs: ['src/**/*.ts'] },
  effect: { version: '4.1.0', globs: ['src/**/*.ts'] },
  fastify: { version: '5.12.8', globs: ['fastify.js', 'lib/**/*.js'] },
  kafkajs: { version: '2.2.4', globs: ['src/**/*.js'] },
  bullmq: { version: '6.7.0', globs: ['dist/esm/**/*.js'] },
  mqtt: { version: '5.16.0', globs: ['build/**/*.js'] },
  ws: { version: '8.23.0', globs: ['index.js', 'lib/**/*.js'] },
};

/**
 * Packages the benchmarks compare against, installed with the corpus but not
 * part of it (`corpusFiles()` does not list their files).
 */
export const peerPackages = {
  'eslint-plugin-listeners': '1.6.0',
};

const IGNORE = ['**/*.d.ts', '**/*.min.js', '**/node_modules/**', '**/*.test.*', '**/*.spec.*', '**/test/**', '**/tests/**'];

function pins() {
  return { ...Object.fromEntries(Object.entries(corpusPackages).map(([name, { version }]) => [name, version])), ...peerPackages };
}

function stamp() {
  return JSON.stringify(pins());
}

/** Installs the corpus once; a later call is a no-op while the pins are unchanged. */
export function prepareCorpus({ log = console.error } = {}) {
  const stampFile = join(corpusDirectory, '.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp()) return;
  mkdirSync(corpusDirectory, { recursive: true });
  const dependencies = pins();
  writeFileSync(join(corpusDirectory, 'package.json'), JSON.stringify({ name: 'lifeguard-corpus', private: true, dependencies }, null, 2));
  log(`Installing the benchmark corpus into ${corpusDirectory} …`);
  execFileSync('npm', ['install', '--ignore-scripts', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: corpusDirectory,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  writeFileSync(stampFile, stamp());
}

/** The corpus files, per package, as absolute paths in a stable order. */
export function corpusFiles() {
  return Object.entries(corpusPackages).map(([name, { globs }]) => {
    const cwd = join(corpusDirectory, 'node_modules', name);
    const files = globSync(globs, { cwd, ignore: IGNORE, absolute: true }).sort();
    return { name, files };
  });
}

/** Per-package byte cap of the bench sample: the full corpus (25 MB, mostly `effect`) takes minutes per lint pass on a small machine. */
export const SAMPLE_CAPS = { full: 2_500_000, quick: 300_000 };

/**
 * A deterministic sample of the corpus, copied outside `node_modules` (which
 * ESLint ignores) into `bench/.corpus/sample-<kind>/files/<package>/…`: every
 * file of a package under the cap, else every k-th file of its sorted list
 * with k = ceil(bytes / cap). Each JavaScript package is marked CommonJS when
 * none of its files has a top-level import/export (how its users configure
 * ESLint). Returns the manifest; cached until the pins or the cap change.
 */
export async function prepareSample(kind = 'full') {
  const cap = SAMPLE_CAPS[kind];
  const root = join(corpusDirectory, `sample-${kind}`);
  const manifestFile = join(root, 'sample.json');
  const key = JSON.stringify({ pins: pins(), cap });
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    if (manifest.key === key) return { ...manifest, root, filesDirectory: join(root, 'files') };
  }
  const espree = await import('espree');
  rmSync(root, { recursive: true, force: true });
  const packages = [];
  for (const { name, files } of corpusFiles()) {
    const packageDirectory = join(corpusDirectory, 'node_modules', name);
    const sizes = files.map((file) => statSync(file).size);
    const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
    const step = Math.max(1, Math.ceil(totalBytes / cap));
    const chosen = files.filter((_, index) => index % step === 0);
    const language = chosen.every((file) => /\.[cm]?tsx?$/.test(file)) ? 'ts' : 'js';
    let esm = false;
    const relativeFiles = [];
    let bytes = 0;
    for (const file of chosen) {
      const text = readFileSync(file, 'utf8');
      bytes += Buffer.byteLength(text);
      if (language === 'js' && !esm) {
        const ast = espree.parse(text, { ecmaVersion: 'latest', sourceType: 'module' });
        esm = ast.body.some((node) => node.type === 'ImportDeclaration' || node.type.startsWith('Export'));
      }
      const relativePath = relative(packageDirectory, file).split(sep).join('/');
      const target = join(root, 'files', name, relativePath);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
      relativeFiles.push(relativePath);
    }
    packages.push({ name, version: corpusPackages[name].version, language, sourceType: language === 'ts' || esm ? 'module' : 'commonjs', step, totalFiles: files.length, totalBytes, bytes, files: relativeFiles });
  }
  const manifest = { key, kind, cap, packages };
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 1)}\n`);
  return { ...manifest, root, filesDirectory: join(root, 'files') };
}
