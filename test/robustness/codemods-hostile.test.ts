import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codemods } from '../../codemods/index.js';
import type { FileReport } from '../../src/codemod/engine.js';
import { commitAll, hashTree, makeGitRepo, removeTree } from '../codemod/helpers.js';
import { hugeFile, jsxNamespaces, longChain, nestedArrows, nestedFunctions, sloppyWith, unusualSyntax } from './hostile-sources.js';
import { parseError, runCli } from './codemod-runs.js';

/**
 * The hostile inputs of hostile-inputs.test.ts, as files of a git repository,
 * through every codemod's CLI: no crash; what does not parse or cannot be
 * handled is reported with a reason and left byte-identical; what changes
 * still parses and keeps its BOM and CRLF line ends; a second run changes nothing.
 */

const BOM = '\uFEFF';


/**
 * Inputs each codemod does change, written with a BOM, with CRLF line ends
 * and with both: the edits must land after the BOM and use the file's line
 * ends. `wait.ts` has no import, so the runtime import goes at the very top;
 * `server.cjs` gets a `require` after its own; `connection.ts` gets a line inserted.
 */
const FIXABLE: Record<string, Record<string, string>> = {
  'listener-cleanup': {
    'poller.ts': `export class Poller {
  private timer: ReturnType<typeof setInterval> | undefined;

  start(): void {
    this.timer = setInterval(() => this.poll(), 5000);
  }

  poll(): void {}

  close(): void {
    console.log('closing');
  }
}
`,
  },
  'staged-timeout': {
    'wait.ts': `export async function waitForService(url: string): Promise<void> {
  // Poll until the service answers.
  while (!(await isUp(url))) {
    await sleep(500);
  }
}

declare function isUp(url: string): Promise<boolean>;
declare function sleep(ms: number): Promise<void>;
`,
    'server.cjs': `const mongoose = require('mongoose');

async function start() {
  await mongoose.connect(process.env.MONGO_URL);
}

start().catch(() => process.exit(1));
`,
  },
  'weak-registry': {
    'requests.ts': `export interface Request {
  readonly url: string;
}

interface Meta {
  startedAt: number;
}

const meta: Map<Request, Meta> = new Map();

export function track(request: Request): void {
  meta.set(request, { startedAt: Date.now() });
}

export function elapsed(request: Request): number {
  const entry = meta.get(request);
  return entry ? Date.now() - entry.startedAt : 0;
}
`,
    'connection.ts': `const open = new Map<number, Connection>();
let next = 0;

export class Connection {
  readonly id = ++next;
  private closed = false;

  start(): void {
    open.set(this.id, this);
  }

  close(): void {
    this.closed = true;
  }
}

export function find(id: number): Connection | undefined {
  return open.get(id);
}
`,
  },
};

const VARIANTS = ['bom', 'crlf', 'bom-crlf'] as const;

const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

/** Files that do not parse: reported as failed with the position, never touched. */
const BROKEN = {
  'broken.ts': 'class A { start() { setInterval(',
  'broken.js': 'const a = ;\nsetInterval(() => {}, 1);\n',
};

/** Inputs deeper than the engine's parser can take: they may only fail as unparsable. */
const BEYOND_PARSER_LIMIT = ['deep.js', 'arrows.js', 'chain.ts', 'arrays.js'];

function hostileFiles(): Record<string, string> {
  const files: Record<string, string> = {
    // What typescript-estree (the engine's parser) can take: the codemods must handle it.
    'deep-parseable.js': nestedFunctions(100),
    'arrows-parseable.js': nestedArrows(200),
    'chain-parseable.ts': longChain(100),
    // Beyond typescript-estree's recursion limit (a few hundred levels, depending on the construct): reported as unparsable, untouched.
    'deep.js': nestedFunctions(2_000),
    'arrows.js': nestedArrows(5_000),
    'chain.ts': longChain(10_000),
    'arrays.js': `${'['.repeat(10_000)}${']'.repeat(10_000)};\n`,
    'huge.ts': hugeFile(512 * 1024).text,
    'unusual.ts': unusualSyntax,
    'view.tsx': jsxNamespaces,
    'view.jsx': jsxNamespaces.replace('<svg:rect xlink:href="#a" on:click={() => {}} />', '<svg />'),
    'legacy.js': sloppyWith,
    'empty.ts': '',
    'comments.js': '// nothing\n/* here */\n',
    ...BROKEN,
  };
  for (const [name, inputs] of Object.entries(FIXABLE)) {
    for (const [file, code] of Object.entries(inputs)) {
      files[`fixable/${name}/bom/${file}`] = `${BOM}${code}`;
      files[`fixable/${name}/crlf/${file}`] = crlf(code);
      files[`fixable/${name}/bom-crlf/${file}`] = `${BOM}${crlf(code)}`;
    }
  }
  return files;
}



describe('codemods on hostile inputs', () => {
  let files: Record<string, string>;
  const repos: string[] = [];

  beforeAll(() => {
    files = hostileFiles();
  });

  afterAll(() => repos.forEach(removeTree));

  it('has inputs for every codemod', () => {
    expect(Object.keys(FIXABLE).sort()).toEqual(codemods.map((codemod) => codemod.name).sort());
  });

  it.each(codemods.map((codemod) => codemod.name))(
    '%s: no crash; failures reported and untouched; changes parse and keep BOM and CRLF; a second run changes nothing',
    async (name) => {
      const root = makeGitRepo(files);
      repos.push(root);
      const { code, report, stderr } = await runCli(name, root);
      const byPath = new Map<string, FileReport>(report.files.map((file) => [file.path, file]));
      console.log(
        `${name}: ${JSON.stringify(report.summary)}\n${report.files
          .filter((file) => file.status !== 'unchanged' || file.manualReview.length > 0)
          .map((file) => `  ${file.path}: ${file.status}${file.reason ? ` (${file.reason.slice(0, 160)})` : ''}${file.manualReview.length > 0 ? `, ${file.manualReview.length} for review` : ''}`)
          .join('\n')}`,
      );

      // No crash: a JSON report, and exit 1 only because of per-file failures.
      expect(stderr).not.toMatch(/^lifeguard:/m);
      expect(code).toBe(report.summary.failed > 0 ? 1 : 0);
      expect([...byPath.keys()].sort()).toEqual(Object.keys(files).sort());

      const problems: string[] = [];
      for (const [path, original] of Object.entries(files)) {
        const entry = byPath.get(path)!;
        const now = readFileSync(join(root, path), 'utf8');
        if (entry.status !== 'changed') {
          expect(now === original, `${path} (${entry.status}) was modified`).toBe(true);
          if (entry.status === 'failed' || entry.status === 'skipped') expect(entry.reason, `${path} ${entry.status} without a reason`).toBeTruthy();
          continue;
        }
        expect(now).not.toBe(original);
        expect(parseError(path, now), `${path} no longer parses`).toBeNull();
        if (original.startsWith(BOM) && (!now.startsWith(BOM) || now.includes(BOM, 1))) problems.push(`${path}: BOM no longer at the start`);
        if (original.includes('\r\n') && /(?<!\r)\n/.test(now)) problems.push(`${path}: LF line ends inserted into a CRLF file`);
      }
      expect(problems.sort()).toEqual([]);

      // Syntax errors: failed with the position, untouched (checked above).
      for (const path of Object.keys(BROKEN)) {
        expect(byPath.get(path)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^cannot parse: \d+:\d+ /) });
      }
      // The codemod's own inputs are fixed, whatever the BOM and line ends.
      for (const file of Object.keys(FIXABLE[name]!)) {
        for (const variant of VARIANTS) expect(byPath.get(`fixable/${name}/${variant}/${file}`)?.status, `fixable/${name}/${variant}/${file}`).toBe('changed');
      }
      // The large file's leaking timers are cleaned up by listener-cleanup; the other codemods have nothing in it to change.
      expect(byPath.get('huge.ts')?.status).toBe(name === 'listener-cleanup' ? 'changed' : 'unchanged');
      // The parseable deep inputs are handled, not given up on.
      for (const path of ['deep-parseable.js', 'arrows-parseable.js', 'chain-parseable.ts']) expect(byPath.get(path)?.status, path).not.toBe('failed');
      // Nothing else fails: a transform that throws (or whose output does not parse) on unusual input is a codemod bug.
      const unexpected = report.files.filter((file) => file.status === 'failed' && !(file.path in BROKEN) && !(BEYOND_PARSER_LIMIT.includes(file.path) && /^cannot parse: /.test(file.reason ?? '')));
      expect(unexpected.map((file) => `${file.path}: ${file.reason}`)).toEqual([]);

      // A second run over the committed result changes nothing.
      commitAll(root);
      const hash = hashTree(root);
      const second = await runCli(name, root);
      expect(second.stderr).not.toMatch(/^lifeguard:/m);
      expect(second.code).toBe(second.report.summary.failed > 0 ? 1 : 0);
      expect(second.report.summary.changed).toBe(0);
      expect(hashTree(root)).toBe(hash);
    },
    240_000,
  );
});
