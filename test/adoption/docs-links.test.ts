import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { readPackageInfo } from '../../src/util/package-info.js';
import { REPO_ROOT } from './helpers.js';

/**
 * Someone who installed the package has its files and nothing else: every
 * relative link in the README and docs/ must land on a file the package ships
 * (`npm pack --dry-run`), and every rule's `meta.docs.url` (also scan's JSON
 * and SARIF `helpUri`) on its page inside the published package, at this version.
 */
let shipped: Set<string>;

beforeAll(() => {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8' });
  const [pack] = JSON.parse(output) as { files: { path: string }[] }[];
  shipped = new Set(pack!.files.map((file) => file.path));
}, 60_000);

function markdownFiles(directory: string): string[] {
  return readdirSync(join(REPO_ROOT, directory), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? markdownFiles(join(directory, entry.name)) : entry.name.endsWith('.md') ? [join(directory, entry.name)] : [],
  );
}

/** `[text](target)` outside fenced code blocks, with the line it is on. */
function links(text: string): { target: string; line: number }[] {
  const found: { target: string; line: number }[] = [];
  let fenced = false;
  text.split('\n').forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) return;
    for (const match of line.replaceAll(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) found.push({ target: match[1]!, line: index + 1 });
  });
  return found;
}

function isShipped(path: string): boolean {
  return shipped.has(path) || [...shipped].some((file) => file.startsWith(`${path.replace(/\/$/, '')}/`));
}

const documents = ['README.md', ...markdownFiles('docs')].map((path) => relative(REPO_ROOT, join(REPO_ROOT, path)));

describe('docs are reachable from the installed package', () => {
  it('ships the README and every page under docs/', () => {
    for (const document of documents) expect(shipped.has(document.split('\\').join('/')), document).toBe(true);
  });

  it.each(documents)('every relative link in %s resolves to a file the package ships', (document) => {
    const broken: string[] = [];
    const relativeLinks = links(readFileSync(join(REPO_ROOT, document), 'utf8')).filter(({ target }) => !/^[a-z][a-z+.-]*:/i.test(target) && !target.startsWith('#'));
    for (const { target, line } of relativeLinks) {
      const path = posix.normalize(posix.join(posix.dirname(document.split('\\').join('/')), decodeURI(target.split('#')[0]!)));
      if (path.startsWith('../') || !isShipped(path)) broken.push(`${document}:${line} → ${target}`);
    }
    expect(broken).toEqual([]);
  });

  it('can fail: a link to a file outside the package is caught', () => {
    expect(isShipped('examples/chat-service')).toBe(false);
    expect(isShipped('codemods/listener-cleanup/__testfixtures__')).toBe(false);
    expect(isShipped('docs/rules')).toBe(true);
  });

  it('points every rule’s meta.docs.url at its page inside the published package, at this version', () => {
    const { name, version } = readPackageInfo();
    for (const [rule, module] of Object.entries(rules)) {
      const url = module.meta.docs?.url ?? '';
      const prefix = `https://unpkg.com/${name}@${version}/`;
      expect(url.startsWith(prefix), url).toBe(true);
      expect(url.slice(prefix.length)).toBe(`docs/rules/${rule}.md`);
      expect(shipped.has(url.slice(prefix.length)), url).toBe(true);
    }
  });
});
