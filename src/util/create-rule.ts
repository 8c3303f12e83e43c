import { ESLintUtils } from '@typescript-eslint/utils';

/** Extra `meta.docs` fields that the plugin's configs are derived from. */
export interface LifeguardRuleDocs {
  /** In `configs.recommended` (and so in `strict`) when true. */
  recommended: boolean;
  /** Options `configs.strict` uses instead of the defaults (stricter settings). */
  strictOptions?: readonly unknown[];
  /** Never needs type information; kept explicit for the docs table. */
  requiresTypeChecking: false;
  /** The codemod that fixes what this rule reports. */
  codemod?: 'staged-timeout' | 'weak-registry' | 'listener-cleanup';
}

export const REPOSITORY_URL = 'https://github.com/lifeguard-dev/eslint-plugin-lifeguard';

export const createRule = ESLintUtils.RuleCreator<LifeguardRuleDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);
