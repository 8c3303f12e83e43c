// Codemod trial on real repositories (not a test; see docs/codemods/real-world.md):
//   npm run build && node bench/codemod-trial.js <work-folder> [repo...]
// For each repository of TRIAL (or the ones named), a clone from the local mirror
// (/work/.mirror/<owner>+<name>/repo, or LIFEGUARD_MIRRORS) checked out at the pinned commit in
// <work-folder>/<name>; the dependencies installed (when the entry says how) and the repository's
// own type check run before; then each codemod through the CLI of this build
// (`bin/lifeguard.js <codemod> <paths>`, as `npx lifeguard` runs it) on a clean checkout, its
// report, diff and the type check after it, and a reset. Writes <work-folder>/out/<repo>.<codemod>.diff,
// .json and summary.json; the hunks are then read and judged by hand.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const bin = join(projectRoot, 'bin', 'lifeguard.js');
const mirrors = process.env.LIFEGUARD_MIRRORS ?? '/work/.mirror';
const CODEMODS = ['listener-cleanup', 'staged-timeout', 'weak-registry'];

/** The repositories of the trial: the paths a user would name, and how their own type check runs. */
export const TRIAL = [
  {
    name: 'MQTT.js',
    repo: 'mqttjs/MQTT.js',
    commit: 'aa03369f5f5daf9b8a98339990cc3ced800a5051',
    paths: ['src'],
    install: ['npm', 'ci', '--ignore-scripts', '--no-audit', '--no-fund'],
    typecheck: ['npx', 'tsc', '-p', 'tsconfig.json', '--noEmit', '--pretty', 'false'],
  },
  {
    name: 'graphql-ws',
    repo: 'enisdenjo/graphql-ws',
    commit: 'af4f5c9df60d6b73667d7d90ad1b1c851d22b482',
    paths: ['src'],
    // Not in the trial (docs/codemods/real-world.md): run only when named.
    dropped: 'its dependencies do not install here (Yarn 4, a patched devDependency, one from a git repository)',
    // Yarn 4 with a patched build tool: npm without the patched (build-only) devDependency, restored after.
    install: ['sh', '-c', 'node -e \'const f="package.json",p=JSON.parse(require("fs").readFileSync(f));for(const k in p.devDependencies) if(String(p.devDependencies[k]).startsWith("patch:")) delete p.devDependencies[k]; require("fs").writeFileSync(f,JSON.stringify(p,null,2))\' && npm install --ignore-scripts --no-audit --no-fund --no-package-lock --legacy-peer-deps; s=$?; git checkout package.json; exit $s'],
    typecheck: ['npx', 'tsc', '--noEmit', '--pretty', 'false'],
  },
  {
    name: 'ws',
    repo: 'websockets/ws',
    commit: 'a2f4e7c046c2112bbce6fef39a083dac77d6f0d2',
    paths: ['lib'],
    // Its eslint.config.js (read by the codemods for the rule options) loads @eslint/js, globals and eslint-plugin-prettier.
    install: ['npm', 'install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'],
  },
  { name: 'kafkajs', repo: 'tulios/kafkajs', commit: '55b0b416308b9e597a5a6b97b0a6fd6b846255dc', paths: ['src'] },
  {
    name: 'moleculer',
    repo: 'moleculerjs/moleculer',
    commit: '503273f332892132e6b7e324ca963ec90bf256a1',
    paths: ['src'],
    install: ['npm', 'ci', '--ignore-scripts', '--no-audit', '--no-fund'],
    // Its own `npm run tsc`: checkJs over src/.
    typecheck: ['npx', 'tsc', '--pretty', 'false'],
  },
  { name: 'amqplib', repo: 'amqp-node/amqplib', commit: 'f7503e571a80dacfc863c2690ab797d31667b868', paths: ['lib'] },
  { name: 'pm2', repo: 'Unitech/pm2', commit: '31adee8048dbbc1ee36a7df7cdbcaca2559708df', paths: ['lib', 'modules'] },
  { name: 'primus', repo: 'primus/primus', commit: '7158e36b361c473a915c7df51bfaab199fceeec3', paths: ['.'] },
  {
    name: 'grpc-node',
    repo: 'grpc/grpc-node',
    commit: '2670b37a25dcd1e7b655609b0dc041060b1d8921',
    paths: ['packages/grpc-js/src', 'packages/grpc-js-xds/src'],
    // The package the codemods change (grpc-js-xds), with its published @grpc/grpc-js and committed generated types.
    installDir: 'packages/grpc-js-xds',
    // Its @grpc/grpc-js is a file: link to the unbuilt sibling package: the published 1.13 takes its place (177 errors remain).
    install: ['sh', '-c', 'npm install --ignore-scripts --no-audit --no-fund --no-package-lock && rm -rf node_modules/@grpc/grpc-js && mkdir -p .pack && cd .pack && npm pack @grpc/grpc-js@1.13.7 && tar xzf grpc-grpc-js-1.13.7.tgz && mv package ../node_modules/@grpc/grpc-js && cd .. && rm -rf .pack'],
    typecheck: ['npx', 'tsc', '-p', '.', '--noEmit', '--pretty', 'false'],
  },
  { name: 'eventsource', repo: 'EventSource/eventsource', commit: 'da4e2923df0c306bc6290cbc941a9b53e97ab6c1', paths: ['src'] },
  { name: 'knex', repo: 'knex/knex', commit: 'e25d54bcb707714a17f5a5744eba5c4246bb4d1d', paths: ['lib'] },
  // A pnpm monorepo (biome, no ESLint config): the server and the provider, each its own package.
  { name: 'hocuspocus', repo: 'ueberdosis/hocuspocus', commit: '3ec608445b8e024e15759504cca9ff1f7b09edf8', paths: ['packages/server/src', 'packages/provider/src'] },
];

function git(cwd, ...args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** The repository's own type check, run where its dependencies are installed (npx finds their tsc there). */
function typeErrors(entry, directory) {
  if (!entry.typecheck) return null;
  const [command, ...args] = entry.typecheck;
  const result = spawnSync(command, args, { cwd: join(directory, entry.installDir ?? '.'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0 && !/error TS\d+/.test(result.stdout + result.stderr)) throw new Error(`${entry.name}: the type check did not run: ${(result.stdout + result.stderr).slice(0, 400)}`);
  const codes = (result.stdout + result.stderr).match(/error TS\d+/g) ?? [];
  return { exit: result.status, errors: codes.length };
}

function countBy(values) {
  const counts = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** Hunks of a unified diff, per file. */
function countHunks(diff) {
  return (diff.match(/^@@ /gm) ?? []).length;
}

function main() {
  const [workArg, ...names] = process.argv.slice(2);
  if (!workArg) {
    console.error('usage: node bench/codemod-trial.js <work-folder> [repo...]');
    process.exit(2);
  }
  const work = resolve(workArg);
  const out = join(work, 'out');
  mkdirSync(out, { recursive: true });
  const summary = [];
  for (const entry of TRIAL.filter((candidate) => (names.length === 0 ? !candidate.dropped : names.includes(candidate.name)))) {
    const directory = join(work, entry.name);
    if (!existsSync(directory)) {
      const mirror = join(mirrors, entry.repo.replace('/', '+'), 'repo');
      git(work, 'clone', '--quiet', mirror, directory);
    }
    git(directory, 'checkout', '--quiet', '--force', entry.commit);
    git(directory, 'clean', '-fdq', '-e', 'node_modules');
    const installDir = join(directory, entry.installDir ?? '.');
    if (entry.install && !existsSync(join(installDir, 'node_modules'))) {
      const [command, ...args] = entry.install;
      const installed = spawnSync(command, args, { cwd: installDir, encoding: 'utf8', stdio: 'inherit' });
      if (installed.status !== 0) console.error(`${entry.name}: install failed (${installed.status})`);
    }
    const before = typeErrors(entry, directory);
    for (const codemod of CODEMODS) {
      const run = spawnSync(process.execPath, [bin, codemod, ...entry.paths, '--json'], { cwd: directory, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      const diff = git(directory, 'diff');
      const after = typeErrors(entry, directory);
      writeFileSync(join(out, `${entry.name}.${codemod}.diff`), diff);
      writeFileSync(join(out, `${entry.name}.${codemod}.json`), run.stdout || run.stderr);
      let report = null;
      try {
        report = JSON.parse(run.stdout);
      } catch {
        // Printed a usage error instead: kept in the .json file as text.
      }
      const row = {
        repo: entry.name,
        commit: entry.commit,
        codemod,
        exit: run.status,
        changedFiles: report?.summary.changed ?? null,
        failedFiles: report?.summary.failed ?? null,
        skippedFiles: report?.summary.skipped ?? null,
        // Why files were skipped (the ESLint config, or a role the rules do not lint by default), by reason with the path's tail cut.
        skipReasons: report ? countBy(report.files.filter((file) => file.status === 'skipped').map((file) => file.reason ?? '')) : null,
        reviewItems: report?.summary.manualReview ?? null,
        hunks: countHunks(diff),
        typeErrorsBefore: before?.errors ?? null,
        typeErrorsAfter: after?.errors ?? null,
      };
      summary.push(row);
      console.log(JSON.stringify(row));
      git(directory, 'checkout', '--quiet', '--force', entry.commit);
      git(directory, 'clean', '-fdq', '-e', 'node_modules');
    }
  }
  writeFileSync(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
}

main();
