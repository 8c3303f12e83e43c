import type { TSESLint } from '@typescript-eslint/utils';
import { rules } from '../rules/index.js';
import { deriveConfigRules, FILES, NON_SERVICE_FILES, type ConfigName } from './configs.js';
import { readPackageInfo } from './util/package-info.js';

const { name, version } = readPackageInfo();

export const namespace = 'lifeguard';

type FlatConfig = TSESLint.FlatConfig.Config;

interface LifeguardPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: Record<ConfigName, FlatConfig>;
}

const configs = {} as Record<ConfigName, FlatConfig>;

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
    plugins: { [namespace]: plugin as unknown as TSESLint.FlatConfig.Plugin },
    rules: derived[config],
  };
}

export { rules, configs };
export default plugin;
