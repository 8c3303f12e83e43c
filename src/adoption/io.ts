import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OutputStream } from '../cli/output.js';
import { readPackageInfo } from '../util/package-info.js';

/** What `lifeguard scan` and `lifeguard init` need from the process (the CLI's `CliIO` fits). */
export interface AdoptionIO {
  stdout: OutputStream;
  stderr: OutputStream;
  cwd: string;
  /** Whether to draw progress; defaults to `stderr.isTTY`. */
  isTTY?: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FOUND = 1;
export const EXIT_USAGE = 2;

/** A mistake in the command line: printed with the command's name, exit code 2 (the CLI's one usage error). */
export { UsageError as AdoptionUsageError } from '../codemod/types.js';

export { parseCommandArgs, type ParsedValues } from '../cli/args.js';

/** The first directory from `start` upwards (inclusive) that holds one of `names`, with the name found. */
export function findUp(start: string, names: readonly string[], stopAt?: string): { directory: string; name: string } | undefined {
  for (let directory = start; ; directory = dirname(directory)) {
    const name = names.find((candidate) => existsSync(join(directory, candidate)));
    if (name) return { directory, name };
    if (directory === stopAt || dirname(directory) === directory) return undefined;
  }
}

/** The flat config file names ESLint looks for, in its own order of preference. */
export const FLAT_CONFIG_FILES = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'];

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * How a user runs this CLI from `cwd`: `npx lifeguard` where the plugin
 * resolves (installed), `npx eslint-plugin-lifeguard` where it does not —
 * there `npx lifeguard` would fetch an unrelated package named `lifeguard`.
 */
export function cliCommand(cwd: string): string {
  const { name } = readPackageInfo();
  try {
    createRequire(join(cwd, 'package.json')).resolve(`${name}/package.json`);
    return 'npx lifeguard';
  } catch {
    return `npx ${name}`;
  }
}
