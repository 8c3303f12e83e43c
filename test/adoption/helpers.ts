import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdoptionIO } from '../../src/adoption/io.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

/** A leak every recommended config reports: an interval nobody clears. */
/** One more interval per connection, never cleared (reported at 2:3). */
export const LEAKY_JS = `export const startHeartbeat = (wss) => wss.on('connection', (socket) => {
  setInterval(() => socket.ping(), 30_000);
});
`;

export const LEAKY_TS = `export class Presence {
  private heartbeat = setInterval(() => this.publish(), 5000);
  publish(): void {}
  dispose(): void {}
}
`;

export const CLEAN_JS = `export function add(a, b) {
  return a + b;
}
`;

const created: string[] = [];

/** A temp project with the given files (paths relative to its root). */
export function makeProject(files: Record<string, string>, options: { git?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'lifeguard-adoption-'));
  created.push(root);
  writeFiles(root, files);
  if (options.git !== false) {
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
    execFileSync('git', ['config', 'user.email', 'test@example.com'], { cwd: root });
    execFileSync('git', ['config', 'user.name', 'Lifeguard Test'], { cwd: root });
    execFileSync('git', ['config', 'commit.gpgsign', 'false'], { cwd: root });
  }
  return root;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

export function read(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

export function removeProjects(): void {
  for (const root of created.splice(0)) rmSync(root, { recursive: true, force: true });
}

export interface CapturedIO extends AdoptionIO {
  out(): string;
  err(): string;
}

export function captureIO(cwd: string, isTTY = false): CapturedIO {
  let out = '';
  let err = '';
  return {
    cwd,
    isTTY,
    stdout: { write: (chunk: string) => (out += chunk) },
    stderr: { write: (chunk: string) => (err += chunk), isTTY },
    out: () => out,
    err: () => err,
  };
}

/** A hash of every file under `root` (names, modes and contents), `.git/objects` excluded: proves a run wrote nothing. */
export function hashTree(root: string): string {
  const hash = createHash('sha256');
  const walk = (directory: string): void => {
    for (const name of readdirSync(directory).sort()) {
      const path = join(directory, name);
      const relativePath = relative(root, path);
      if (relativePath === join('.git', 'objects') || relativePath === 'node_modules') continue;
      const stats = statSync(path);
      hash.update(`${relativePath}\0${stats.mode}\0`);
      if (stats.isDirectory()) walk(path);
      else hash.update(readFileSync(path));
    }
  };
  walk(root);
  return hash.digest('hex');
}

export function isExecutable(path: string): boolean {
  return existsSync(path) && (statSync(path).mode & 0o111) !== 0;
}
