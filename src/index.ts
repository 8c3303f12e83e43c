import { rules } from '../rules/index.js';
import { deriveConfigRules, FILES, NON_SERVICE_FILES, type ConfigName, type RuleEntry } from './configs.js';
import { readPackageInfo } from './util/package-info.js';

const { name, version } = readPackageInfo();

export const namespace = 'lifeguard';

/**
 * A flat config object of this plugin. Declared structurally (plain strings,
 * arrays and records) rather than as typescript-eslint's `FlatConfig.Config`
 * or ESLint's `Linter.Config`, so that it is assignable to both — and to
 * `defineConfig()` and typescript-eslint's `config()` — under ESLint 9 and 10
 * (`test/adoption/types.test.ts` checks each with tsc).
 */
export interface LifeguardConfig {
  name: string;
  files: string[];
  ignores: string[];
  plugins: { lifeguard: LifeguardPlugin };
  rules: Record<string, RuleEntry>;
}

/**
 * A rule as the plugin exposes it: typescript-eslint's `LooseRuleDefinition`
 * shape. typescript-eslint's `RuleModule` (what the rules are built as) is not
 * assignable to ESLint 10's `RuleDefinition`, whose `create` takes ESLint's
 * own context type; a loose `create` fits ESLint 9, ESLint 10 and
 * typescript-eslint alike. The full types stay available from `rules/`.
 */
export interface LifeguardRule {
  meta: object;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one type both ESLint's and typescript-eslint's rule contexts fit
  create: (context: any) => any;
}

export type LifeguardRuleName = keyof typeof rules;

export interface LifeguardPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<LifeguardRuleName, LifeguardRule>;
  configs: Record<ConfigName, LifeguardConfig>;
}

const configs = {} as Record<ConfigName, LifeguardConfig>;

const plugin: LifeguardPlugin = {
  meta: { name, version, namespace },
  rules,
  configs,
};

const derived = deriveConfigRules(rules, namespace);
for (const config of ['recommended', 'strict', 'all'] as const) {
  configs[config] = {
    name: `lifeguard/${config}`,
    files: FILES,
    ignores: NON_SERVICE_FILES,
    plugins: { lifeguard: plugin },
    rules: derived[config],
  };
}

export { rules, configs };
export default plugin;
