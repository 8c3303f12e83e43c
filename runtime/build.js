// Builds lifeguard-runtime twice from the one source file: dist/esm (ES modules)
// and dist/cjs (CommonJS, marked by its own package.json), each with its .d.ts;
// and its leak check for tests (testing.ts) the same two ways.
// Uses the TypeScript compiler of the repository (a build-time tool only: the
// published package has no dependencies).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const dist = join(here, 'dist');
rmSync(dist, { recursive: true, force: true });
for (const [flavour, type] of [
  ['esm', 'module'],
  ['cjs', 'commonjs'],
]) {
  execFileSync(process.execPath, [tsc, '-p', join(here, `tsconfig.${flavour}.json`)], { stdio: 'inherit' });
  // lifeguard-runtime/testing, Node only: compiled with @types/node, apart from the runtime.
  execFileSync(process.execPath, [tsc, '-p', join(here, `tsconfig.testing-${flavour}.json`)], { stdio: 'inherit' });
  const outDir = join(dist, flavour);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify({ type }, null, 2)}\n`);
  keepNodeTypesOptional(join(outDir, 'lifeguard-runtime.d.ts'));
}

// Declaration emit drops the source's `@ts-ignore` above the one type that names
// @types/node (it is never evaluated without it): put it back, so that projects
// without @types/node and without skipLibCheck still compile the .d.ts.
function keepNodeTypesOptional(file) {
  const text = readFileSync(file, 'utf8');
  const line = "type NodeEventEmitter<M> = import('node:events').EventEmitter<M>;";
  if (!text.includes(line)) throw new Error(`build: ${file} no longer declares NodeEventEmitter as expected`);
  writeFileSync(file, text.replace(line, `// @ts-ignore -- resolves only where @types/node is installed\n${line}`));
}
