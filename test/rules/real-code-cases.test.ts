// Patterns seen on real repositories (test/fixtures/cases): each file's header gives the verdict
// that `configs.recommended` must reach on it, exactly as a user's `eslint .` would apply it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import lifeguard from '../../dist/src/index.js';

const root = fileURLToPath(new URL('../fixtures/cases/', import.meta.url));
/** Cases the detectors do not handle yet: the test fails once they do, so the entry can go. */
const KNOWN_GAPS = new Map<string, string>([
  ['recall/once-on-window-in-effect.tsx', 'once listeners for events that may never come'],
  // Precision first: an owner with no end of its own is taken to live as long as its dependency.
  ['recall/computed-key-injected-target.control.ts', 'an owner without a teardown, listening on a kept dependency'],
  ['recall/computed-key-injected-target.miss.ts', 'an owner without a teardown, listening on a kept dependency'],
  ['recall/bare-global-addeventlistener.control.ts', 'an owner without a teardown, listening on window'],
  ['recall/bare-global-addeventlistener.miss.ts', 'an owner without a teardown, listening on window'],
]);

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

function expected(text: string): Record<string, number> {
  const header = text.split('\n').find((line) => line.startsWith('// expect:'));
  if (!header) throw new Error('case without an "// expect:" header');
  const body = header.slice('// expect:'.length).trim();
  if (body === 'none') return {};
  return Object.fromEntries(body.split(/\s+/).map((pair) => {
    const [rule, count] = pair.split('=');
    return [`lifeguard/${rule}`, Number(count)];
  }));
}

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.{ts,tsx,mts,cts}'],
      languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
    },
    { files: ['**/*.{js,jsx,mjs}'], languageOptions: { sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } } },
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
    lifeguard.configs.recommended as Linter.Config,
  ],
});

for (const kind of ['precision', 'recall']) {
  describe(`${kind} cases`, () => {
    for (const path of filesUnder(join(root, kind))) {
      const name = relative(root, path);
      it(name, async () => {
        const text = readFileSync(path, 'utf8');
        // precision/test/… stands for files under a project's test/ folder.
        const filePath = join(root, name.replace(/^(precision|recall)\//, 'src/').replace(/^src\/test\//, 'test/'));
        const [result] = await eslint.lintText(text, { filePath });
        const fatal = result!.messages.filter((message) => message.fatal);
        expect(fatal).toEqual([]);
        const counts: Record<string, number> = {};
        for (const message of result!.messages) if (message.ruleId?.startsWith('lifeguard/')) counts[message.ruleId] = (counts[message.ruleId] ?? 0) + 1;
        const gap = KNOWN_GAPS.get(name);
        const want = expected(text);
        // A recall case names the finding it must produce; the same pattern may hold another true positive.
        const meets = (got: Record<string, number>): boolean =>
          kind === 'precision' || Object.keys(want).length === 0
            ? JSON.stringify(got) === JSON.stringify(want)
            : Object.entries(want).every(([rule, count]) => (got[rule] ?? 0) >= count);
        if (gap) expect(meets(counts), `known gap (${gap}) now passes: remove it from KNOWN_GAPS`).toBe(false);
        else if (kind === 'precision' || Object.keys(want).length === 0) expect(counts).toEqual(want);
        else expect(meets(counts), `expected at least ${JSON.stringify(want)}, got ${JSON.stringify(counts)}`).toBe(true);
      });
    }
  });
}
