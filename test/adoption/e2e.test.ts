import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInit } from '../../src/adoption/init.js';
import { captureIO, CLEAN_JS, LEAKY_JS, makeProject, read, removeProjects, REPO_ROOT, writeFiles } from './helpers.js';

/** A real `git commit` runs the hook, and the hook runs the compiled `lifeguard` binary. */
const BUILT_MAIN = join(REPO_ROOT, 'dist/src/cli/main.js');

afterAll(removeProjects);

function requireBuild(): void {
  if (!existsSync(BUILT_MAIN)) {
    throw new Error(`dist/ is missing (${BUILT_MAIN} not found): run npm run build first (npm test does it through its pretest script)`);
  }
}

/** Installs the plugin into the temp project as npm would (a link to this repository) plus its `lifeguard` binary. */
function installLifeguard(root: string): void {
  mkdirSync(join(root, 'node_modules/.bin'), { recursive: true });
  symlinkSync(REPO_ROOT, join(root, 'node_modules/eslint-plugin-lifeguard'), 'dir');
  const bin = join(root, 'node_modules/.bin/lifeguard');
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${join(REPO_ROOT, 'bin/lifeguard.js')}" "$@"\n`);
  chmodSync(bin, 0o755);
}

function run(root: string, command: string, args: readonly string[]): { status: number | null; output: string } {
  const env = { ...process.env, PATH: `${join(root, 'node_modules/.bin')}${delimiter}${process.env['PATH'] ?? ''}`, GIT_CONFIG_NOSYSTEM: '1' };
  const result = spawnSync(command, [...args], { cwd: root, encoding: 'utf8', env });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function commit(root: string, message: string): { status: number | null; output: string } {
  expect(run(root, 'git', ['add', '-A']).status).toBe(0);
  return run(root, 'git', ['commit', '-m', message]);
}

function commitCount(root: string): number {
  const result = run(root, 'git', ['rev-list', '--count', 'HEAD']);
  return result.status === 0 ? Number(result.output.trim()) : 0;
}

describe('end to end: init, then git commit through the hook (needs npm run build)', () => {
  beforeAll(requireBuild);

  it('rejects a commit that adds a leak with Lifeguard’s message, and lets a clean commit through', async () => {
    const root = makeProject({ 'package.json': '{ "name": "app", "type": "module" }\n', '.gitignore': 'node_modules/\n', 'src/math.js': CLEAN_JS });
    const io = captureIO(root);
    expect(await runInit([], io)).toBe(0);
    expect(io.out()).toContain('.git/hooks/pre-commit: runs `lifeguard scan` on staged files');
    // Before `npm install` (a fresh clone): one line saying what to do, not npx's error.
    const fresh = commit(root, 'clean start');
    expect(fresh.status).not.toBe(0);
    expect(fresh.output.trim()).toBe('lifeguard: eslint-plugin-lifeguard is not installed here: run npm install, then commit again');
    installLifeguard(root);

    const clean = commit(root, 'clean start');
    expect(clean.output).not.toContain('lifeguard/');
    expect(clean.status).toBe(0);
    expect(commitCount(root)).toBe(1);

    writeFiles(root, { 'src/heartbeat.js': LEAKY_JS });
    const leaky = commit(root, 'add a heartbeat');
    expect(leaky.status).not.toBe(0);
    expect(leaky.output).toContain('lifeguard scan: 1 finding (1 error) in 1 of 1 file (eslint.config.js)');
    expect(leaky.output).toContain('lifeguard/require-timer-cleanup (1)');
    expect(leaky.output).toContain('src/heartbeat.js:2:3');
    expect(leaky.output).toContain('`npx lifeguard listener-cleanup src/heartbeat.js`');
    expect(commitCount(root)).toBe(1);

    // Fixed (the interval is cleared on close): the same commit now passes.
    writeFiles(root, {
      'src/heartbeat.js': 'export function startHeartbeat(socket) {\n  const timer = setInterval(() => socket.ping(), 30_000);\n  socket.once(\'close\', () => clearInterval(timer));\n}\n',
    });
    const fixed = commit(root, 'add a heartbeat');
    expect(fixed.status).toBe(0);
    expect(commitCount(root)).toBe(2);
  });

  it("runs each hook manager's entry command against staged files (lint-staged, lefthook; the pre-commit framework runs for real in real-hooks.test.ts)", async () => {
    const root = makeProject({ 'package.json': '{ "name": "app", "type": "module" }\n', 'src/heartbeat.js': LEAKY_JS, 'src/math.js': CLEAN_JS });
    installLifeguard(root);
    for (const hook of ['husky', 'lefthook']) expect(await runInit(['--hook', hook], captureIO(root))).toBe(0);

    // lint-staged runs each task with the staged files appended, node_modules/.bin on the PATH.
    const lintStaged = (JSON.parse(read(root, 'package.json')) as { 'lint-staged': Record<string, string> })['lint-staged']['*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'];
    // lefthook substitutes {staged_files} in `run`.
    const lefthookRun = /^ {6}run: (.*)$/m.exec(read(root, 'lefthook.yml'))?.[1];
    const commands = [`${lintStaged} {files}`, lefthookRun?.replace('{staged_files}', '{files}')];
    expect(commands).toEqual(['lifeguard scan {files}', 'npx --no lifeguard scan {files}']);
    for (const command of commands) {
      const leaky = run(root, 'sh', ['-c', command!.replace('{files}', 'src/heartbeat.js src/math.js')]);
      expect(leaky.status, command).toBe(1);
      expect(leaky.output).toContain('lifeguard/require-timer-cleanup (1)');
      const clean = run(root, 'sh', ['-c', command!.replace('{files}', 'src/math.js')]);
      expect(clean.status, command).toBe(0);
      expect(clean.output).toContain('lifeguard scan: no findings in 1 file');
    }
  });

  it("uses the project's own Lifeguard settings and honours --max-warnings", () => {
    const root = makeProject({
      'package.json': '{ "name": "app", "type": "module" }\n',
      'eslint.config.js': "import lifeguard from 'eslint-plugin-lifeguard';\nexport default [lifeguard.configs.recommended, { rules: { 'lifeguard/require-timer-cleanup': 'warn' } }];\n",
      'src/heartbeat.js': LEAKY_JS,
    });
    installLifeguard(root);
    const strict = run(root, 'lifeguard', ['scan', 'src']);
    expect(strict.status).toBe(1);
    expect(strict.output).toContain('lifeguard scan: 1 finding (1 warning) in 1 of 1 file (eslint.config.js)');
    const allowed = run(root, 'lifeguard', ['scan', '--max-warnings', '1', 'src']);
    expect(allowed.status).toBe(0);
    expect(allowed.output).toContain('Passing: 1 warning within --max-warnings 1.');
  });
});
