import type { Codemod } from '../../src/codemod/types.js';
import { transformListenerCleanup, type ListenerCleanupOptions } from './transform.js';

/**
 * `npx lifeguard listener-cleanup <paths...>`: makes handlers removable and
 * adds their removal (and timer clearing) to the owner's cleanup method, a
 * returned effect cleanup, or the end of the per-event object that repeats them.
 */
export const listenerCleanup: Codemod<ListenerCleanupOptions> = {
  name: 'listener-cleanup',
  description: 'Makes handlers removable and removes them (and clears timers, ends workers) in the owner\'s cleanup method, effect cleanup or a ListenerScope',
  pairedRules: ['require-listener-cleanup', 'no-listener-accumulation', 'require-timer-cleanup', 'require-worker-cleanup'],
  options: [
    {
      name: 'scope',
      type: 'boolean',
      description: 'Migrate classes to a ListenerScope field (from the runtime) disposed in the cleanup method, instead of pairing each registration with its removal',
      default: false,
    },
  ],
  parseOptions(raw) {
    return { scope: raw['scope'] === true };
  },
  transform: transformListenerCleanup,
};

export default listenerCleanup;
