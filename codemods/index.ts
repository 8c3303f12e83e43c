import type { AnyCodemod } from '../src/codemod/types.js';
import { listenerCleanup } from './listener-cleanup/index.js';
import { stagedTimeout } from './staged-timeout/index.js';
import { weakRegistryCodemod } from './weak-registry/index.js';

/**
 * Every codemod of the CLI, sorted by name. Each one is a subcommand
 * (`npx lifeguard <name> <paths...>`), listed by `lifeguard list`, and
 * looked up by name in the worker threads.
 */
export const codemods: readonly AnyCodemod[] = [listenerCleanup, stagedTimeout, weakRegistryCodemod];
