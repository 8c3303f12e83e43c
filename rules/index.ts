import requireTimerCleanup from './require-timer-cleanup.js';

/** Every rule of the plugin, by name. Configs and docs are derived from this table. */
export const rules = {
  'require-timer-cleanup': requireTimerCleanup,
};
