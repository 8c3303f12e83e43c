// The real-code corpus: pinned packages installed into bench/.corpus (never the
// project's own dependencies), and which of their files count.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

const IGNORE = ['**/*.d.ts', '**/*.min.js', '**/node_modules/**', '**/*.test.*', '**/*.spec.*', '**/test/**', '**/tests/**'];

function stamp() {
  return JSON.stringify(Object.fromEntries(Object.entries(corpusPackages).map(([name, { version }]) => [name, version])));
}

/** Installs the corpus once; a later call is a no-op while the pins are unchanged. */
export function prepareCorpus({ log = console.error } = {}) {
  const stampFile = join(corpusDirectory, '.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp()) return;
  mkdirSync(corpusDirectory, { recursive: true });
  const dependencies = Object.fromEntries(Object.entries(corpusPackages).map(([name, { version }]) => [name, version]));
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
