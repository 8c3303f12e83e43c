import { ESLintUtils } from '@typescript-eslint/utils';
import { readPackageInfo } from './package-info.js';

/** Extra `meta.docs` fields that the plugin's configs are derived from. */
export interface LifeguardRuleDocs {
  /** In `configs.recommended` when true (every rule is in `strict` and `all`). */
  recommended: boolean;
  /** Options `configs.strict` uses instead of the defaults (stricter settings). */
  strictOptions?: readonly unknown[];
  /** Never needs type information; kept explicit for the docs table. */
  requiresTypeChecking: false;
  /** The codemod that fixes what this rule reports. */
  codemod?: 'staged-timeout' | 'weak-registry' | 'listener-cleanup';
}

export const REPOSITORY_URL = 'https://github.com/lifeguard-dev/eslint-plugin-lifeguard';

/**
 * Where the docs of this very version are readable: the files inside the
 * published package (`docs/` is in its `files`), served by a package CDN at a
 * pinned version — so a link from an editor, `lifeguard scan --format json`
 * or SARIF's `helpUri` opens the page that matches the installed rules, with
 * no repository access needed.
 */
export function packageFileUrl(path: string): string {
  const { name, version } = readPackageInfo();
  return `https://unpkg.com/${name}@${version}/${path}`;
}

/**
 * The languages the rules lint, in ESLint's `plugin/language` form (ESLint 10
 * reads a rule's `meta.languages` and refuses the rule on, say, JSON or
 * Markdown with a clear error; ESLint 9 ignores the field). Every rule walks an
 * ESTree program, which JavaScript and TypeScript (through typescript-eslint's
 * parser) both produce under the `js/js` language.
 */
export const RULE_LANGUAGES = ['js/js'];

const createRuleWithDocs = ESLintUtils.RuleCreator<LifeguardRuleDocs>((name) => packageFileUrl(`docs/rules/${name}.md`));

export const createRule: typeof createRuleWithDocs = (definition) => {
  const rule = createRuleWithDocs(definition);
  Object.assign(rule.meta, { languages: RULE_LANGUAGES });
  return rule;
};
