import type { LifeguardRuleDocs } from './util/create-rule.js';

import { NON_SERVICE_GLOBS } from './lifetime/file-role.js';

export const FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];

/**
 * Files that do not run inside a long-lived process: tests, type tests, examples,
 * benchmarks, scripts and tool configs. The configs leave them out; a team that wants
 * its tests linted too spreads a config with `ignores: []`.
 */
export const NON_SERVICE_FILES: string[] = Object.values(NON_SERVICE_GLOBS).flat();

/** A rule's severity, alone or with its options: the shape ESLint's and typescript-eslint's config types share. */
export type RuleLevel = 'off' | 'warn' | 'error' | 0 | 1 | 2;
export type RuleEntry = RuleLevel | [RuleLevel, ...unknown[]];
interface DerivableRule {
  meta: { docs?: Partial<LifeguardRuleDocs> & { description?: string } };
}

export type ConfigName = 'recommended' | 'strict' | 'all';

/**
 * Derives the three flat configs from each rule's `meta.docs`, so that a rule's
 * membership is stated in exactly one place (its own file):
 * - `recommended`: the rules marked `recommended`, with their default options;
 * - `strict`: everything in `recommended`, each with its strictest options (`strictOptions`),
 *   plus the rules outside `recommended` that have stricter options worth turning on;
 * - `all`: every rule, with its default options (a rule outside `recommended`, such as
 *   `require-worker-cleanup` while it is unmeasured on real code, lands here by itself).
 */
export function deriveConfigRules(rules: Record<string, DerivableRule>, namespace: string): Record<ConfigName, Record<string, RuleEntry>> {
  const result: Record<ConfigName, Record<string, RuleEntry>> = { recommended: {}, strict: {}, all: {} };
  for (const [name, rule] of Object.entries(rules).sort(([a], [b]) => a.localeCompare(b))) {
    const id = `${namespace}/${name}`;
    const docs = rule.meta.docs ?? {};
    result.all[id] = 'error';
    if (docs.recommended || docs.strictOptions) result.strict[id] = docs.strictOptions ? ['error', ...docs.strictOptions] : 'error';
    if (docs.recommended) result.recommended[id] = 'error';
  }
  return result;
}
