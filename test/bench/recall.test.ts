// The recall benchmark's engine on a real git repository made in a temp folder: a leak, its fix,
// and the verdicts the benchmark must reach (detected on the bug lines, gone after the fix).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import lifeguard from '../../dist/src/index.js';
// @ts-expect-error -- plain JavaScript benchmark module without declarations
import { lint, mapRange, runCase, summarise } from '../../bench/recall/lib.js';

const buggy = `export class Widget {
  constructor() {
    this.onResize = () => this.layout();
    window.addEventListener('resize', this.onResize);
  }
  layout() {}
  destroy() {}
}
`;
const fixed = buggy.replace('  destroy() {}', "  destroy() {\n    window.removeEventListener('resize', this.onResize);\n  }");

let root: string;
let buggyCommit: string;
let fixedCommit: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: join(root, 'acme+widgets', 'work'), encoding: 'utf8' }).trim();

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lifeguard-recall-'));
  const work = join(root, 'acme+widgets', 'work');
  execFileSync('git', ['init', '--quiet', work]);
  git('config', 'user.email', 'test@example.invalid');
  git('config', 'user.name', 'test');
  writeFileSync(join(work, 'widget.js'), buggy);
  git('add', 'widget.js');
  git('commit', '--quiet', '-m', 'widget');
  buggyCommit = git('rev-parse', 'HEAD');
  writeFileSync(join(work, 'widget.js'), fixed);
  git('commit', '--quiet', '-am', 'remove the resize listener');
  fixedCommit = git('rev-parse', 'HEAD');
  // The benchmark reads <owner>+<name>/repo as a git directory.
  execFileSync('git', ['clone', '--quiet', '--bare', work, join(root, 'acme+widgets', 'repo')]);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const entry = (overrides: Record<string, unknown> = {}) => ({
  id: 'widget-resize',
  repo: 'acme/widgets',
  buggyCommit,
  fixedCommit,
  file: 'widget.js',
  bugLines: [4, 4],
  category: 'listener',
  rule: 'lifeguard/require-listener-cleanup',
  singleFile: true,
  ...overrides,
});
const roots = () => ({ mirrorRoot: root, cacheRoot: join(root, 'cache') });

describe('recall benchmark', () => {
  it('detects the leak on its bug lines and finds it gone after the fix', () => {
    const result = runCase(entry(), lifeguard, roots());
    expect(result.fatal).toBeNull();
    expect(result.detected).toBe(true);
    expect(result.gone).toBe(true);
  });

  it('does not count a finding outside the bug lines, or one that does not name the expected event', () => {
    expect(runCase(entry({ bugLines: [6, 7] }), lifeguard, roots()).detected).toBe(false);
    expect(runCase(entry({ mentions: ['scroll'] }), lifeguard, roots()).detected).toBe(false);
    expect(runCase(entry({ mentions: ['resize'] }), lifeguard, roots()).detected).toBe(true);
  });

  it('reports a finding that stays after the "fix" as not gone', () => {
    const result = runCase(entry({ fixedCommit: buggyCommit }), lifeguard, roots());
    expect(result.detected).toBe(true);
    expect(result.gone).toBe(false);
  });

  it('lints TypeScript files too (a universal `files` pattern alone matches none)', () => {
    const code = "export class Widget {\n  private onResize = (): void => this.layout();\n  constructor() {\n    window.addEventListener('resize', () => this.layout());\n  }\n  layout(): void {}\n  destroy(): void {}\n}\n";
    for (const path of ['src/widget.ts', 'src/widget.tsx', 'src/widget.mts']) {
      const { fatal, findings } = lint(code, path, lifeguard);
      expect(fatal).toBeNull();
      expect(findings.map((finding: { line: number; ruleId: string }) => `${finding.line}:${finding.ruleId}`)).toContain('4:lifeguard/require-listener-cleanup');
    }
  });

  it('maps bug lines through the diff and totals per category', () => {
    expect(mapRange('a\nb\nc\n', 'a\nx\ny\nb\nc\n', [2, 2])).toEqual([4, 4]);
    expect(mapRange('a\nb\nc\n', 'a\nB1\nB2\nc\n', [2, 2])).toEqual([2, 3]);
    const summary = summarise([
      { category: 'timer', singleFile: true, detected: true, gone: true },
      { category: 'timer', singleFile: false, detected: false, gone: false },
    ]);
    expect(summary.totals.detected).toEqual({ count: 1, of: 2, percent: 50 });
    expect(summary.totals.detectedSingleFile).toEqual({ count: 1, of: 1, percent: 100 });
    expect(summary.byCategory.timer).toEqual({ cases: 2, singleFile: 1, detected: 1, detectedSingleFile: 1, gone: 1 });
  });
});
