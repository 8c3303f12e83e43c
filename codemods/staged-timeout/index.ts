import type { Codemod } from '../../src/codemod/types.js';
import { DEFAULT_BUDGETS, parseStagedTimeoutOptions, type StagedTimeoutOptions } from './options.js';
import { transformStagedTimeout } from './transform.js';

/**
 * `npx lifeguard staged-timeout <paths...>`: bounds every startup step that
 * `require-startup-timeout` reports with `withTimeout`, stages the calls into
 * other startup functions and the entry call with `stage`, and gives every
 * wait loop `no-unbounded-wait-loop` reports a `deadline` checked on each turn.
 */
export const stagedTimeout: Codemod<StagedTimeoutOptions> = {
  name: 'staged-timeout',
  description: 'Wraps timeout-less startup steps in withTimeout(...) inside staged budgets and bounds wait loops with a deadline',
  pairedRules: ['require-startup-timeout', 'no-unbounded-wait-loop', 'consistent-timeout-stages'],
  options: [
    {
      name: 'budgets',
      type: 'string',
      valueName: '<level=ms,...>',
      description: 'Budgets of the startup stage, each phase, each step and each probe (must shrink in that order); levels not given keep their default',
      default: Object.entries(DEFAULT_BUDGETS)
        .map(([level, ms]) => `${level}=${ms}`)
        .join(','),
    },
  ],
  parseOptions: parseStagedTimeoutOptions,
  transform: transformStagedTimeout,
};

export default stagedTimeout;
