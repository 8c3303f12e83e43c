import type { AnyCodemod, CodemodOption } from '../codemod/types.js';

/** Flags every codemod subcommand accepts (names fixed by the product contract). */
export const COMMON_CODEMOD_OPTIONS: readonly CodemodOption[] = [
  { name: 'dry', type: 'boolean', description: 'Write nothing; report what would change (also skips the clean-git check)' },
  { name: 'diff', type: 'boolean', description: 'Print a unified diff of every changed file' },
  { name: 'json', type: 'boolean', description: 'Print one machine-readable JSON report instead of the summary' },
  { name: 'force', type: 'boolean', description: 'Run even when the target paths have uncommitted git changes, or outside a git repository (no way to review or undo)' },
  { name: 'ignore', type: 'string', valueName: '<glob>', description: 'Skip files matching this glob (repeatable); .gitignore, node_modules, dist, build, out, coverage and .d.ts are always skipped' },
  { name: 'cpus', type: 'string', valueName: '<n>', description: 'Worker threads for large trees (default: cores - 1, at least 1)' },
  { name: 'runtime-module', type: 'string', valueName: '<specifier>', description: 'Import the runtime helpers from this module (e.g. lifeguard-runtime, a production dependency) instead of a vendored file' },
  {
    name: 'runtime-file',
    type: 'string',
    valueName: '<path>',
    description:
      'Where the vendored runtime goes (default: lifeguard-runtime.ts, or lifeguard-runtime.js in JavaScript projects, at the common source root); written once, never overwritten',
  },
  { name: 'help', type: 'boolean', description: 'Show this help' },
];

export function formatOptions(options: readonly CodemodOption[]): string[] {
  const labels = options.map((option) => `--${option.name}${option.type === 'string' ? ` ${option.valueName ?? '<value>'}` : ''}`);
  const width = Math.max(0, ...labels.map((label) => label.length)) + 2;
  return options.map((option, index) => {
    const fallback = option.default === undefined ? '' : ` (default: ${String(option.default)})`;
    return `  ${labels[index]!.padEnd(width)}${option.description}${fallback}`;
  });
}

export function codemodHelp(codemod: AnyCodemod): string {
  const lines = [`Usage: lifeguard ${codemod.name} <paths...> [options]`, '', codemod.description];
  if (codemod.pairedRules.length > 0) {
    lines.push(
      '',
      `Fixes what these rules report: ${codemod.pairedRules.map((rule) => `lifeguard/${rule}`).join(', ')}`,
      'with the options your eslint.config.* gives them, in the files it lints (without Lifeguard rules',
      'in it: their defaults, and no test, script, example, benchmark or generated files).',
    );
  }
  if (codemod.options.length > 0) lines.push('', 'Options:', ...formatOptions(codemod.options));
  lines.push('', 'Common options:', ...formatOptions(COMMON_CODEMOD_OPTIONS));
  lines.push('', 'Exit codes: 0 done, 1 some files failed, 2 usage error (or uncommitted changes without --force).');
  return `${lines.join('\n')}\n`;
}

export function toolHelp(codemods: readonly AnyCodemod[]): string {
  const commands: [string, string][] = [
    ...codemods.map((codemod): [string, string] => [`${codemod.name} <paths...>`, codemod.description]),
    ['scan [paths...]', 'Run the Lifeguard rules and print findings grouped by rule, with the codemod that fixes each group'],
    ['init', 'Add the recommended config to the ESLint config and wire a pre-commit hook'],
    ['list', 'List the rules and codemods, one line each'],
  ];
  const width = Math.max(...commands.map(([name]) => name.length)) + 2;
  return [
    'Usage: lifeguard <command> [options]',
    '',
    'Commands:',
    ...commands.map(([name, description]) => `  ${name.padEnd(width)}${description}`),
    '',
    'Options:',
    '  -h, --help     Show help (also: lifeguard <command> --help)',
    '  -v, --version  Show the version',
    '',
  ].join('\n');
}
