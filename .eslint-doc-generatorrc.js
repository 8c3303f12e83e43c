/** @type {import('eslint-doc-generator').GenerateOptions} */
const groups = {
  'staged-timeout': 'Startup hangs',
  'weak-registry': 'Retention (registries and back-references)',
  'listener-cleanup': 'Handler cleanup (listeners and timers)',
};

export default {
  ignoreConfig: ['all'],
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
  ],
  ruleDocTitleFormat: 'desc-parens-prefix-name',
  ruleDocSectionInclude: ['Rule details', 'When not to use it'],
  ruleListColumns: ['name', 'description', 'configsError', 'hasSuggestions', 'options'],
  ruleListSplit: (rules) =>
    Object.entries(groups)
      .map(([codemod, title]) => ({
        title,
        rules: rules.filter(([, rule]) => rule.meta?.docs?.codemod === codemod),
      }))
      .filter((group) => group.rules.length > 0),
  urlConfigs: 'https://github.com/lifeguard-dev/eslint-plugin-lifeguard#configs',
};
