import type { AnyCodemod } from '../src/codemod/types.js';

/**
 * Every codemod of the CLI, sorted by name. Each one is a subcommand
 * (`npx lifeguard <name> <paths...>`), listed by `lifeguard list`, and
 * looked up by name in the worker threads.
 */
export const codemods: readonly AnyCodemod[] = [];
