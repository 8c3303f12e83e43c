import consistentTimeoutStages from './consistent-timeout-stages.js';
import noListenerAccumulation from './no-listener-accumulation.js';
import noRetainedBackReference from './no-retained-back-reference.js';
import noUnboundedWaitLoop from './no-unbounded-wait-loop.js';
import noUnprunedRegistry from './no-unpruned-registry.js';
import requireListenerCleanup from './require-listener-cleanup.js';
import requireStartupTimeout from './require-startup-timeout.js';
import requireTimerCleanup from './require-timer-cleanup.js';
import requireWorkerCleanup from './require-worker-cleanup.js';

/** Every rule of the plugin, by name. Configs and docs are derived from this table. */
export const rules = {
  'consistent-timeout-stages': consistentTimeoutStages,
  'no-listener-accumulation': noListenerAccumulation,
  'no-retained-back-reference': noRetainedBackReference,
  'no-unbounded-wait-loop': noUnboundedWaitLoop,
  'no-unpruned-registry': noUnprunedRegistry,
  'require-listener-cleanup': requireListenerCleanup,
  'require-startup-timeout': requireStartupTimeout,
  'require-timer-cleanup': requireTimerCleanup,
  'require-worker-cleanup': requireWorkerCleanup,
};
