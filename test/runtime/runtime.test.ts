import { vi } from 'vitest';
import type { RuntimeFlavour, RuntimeModule } from './harness.js';
import { withScaleEnv } from './harness.js';
import { listenerScopeScenarios } from './scenarios/listener-scope.js';
import { statisticsScenarios } from './scenarios/statistics.js';
import { timeoutScenarios } from './scenarios/timeouts.js';
import { weakRegistryScenarios } from './scenarios/weak-registry.js';

async function freshSource(): Promise<RuntimeModule> {
  vi.resetModules();
  return import('../../runtime/lifeguard-runtime.js');
}

let shared: Promise<RuntimeModule> | undefined;

/** The TypeScript source, as `eslint-plugin-lifeguard/runtime` and the vendored .ts file run it. */
const source: RuntimeFlavour = {
  name: 'TypeScript source',
  // Pinned to scale 1 whatever the environment says, so exact messages hold.
  load: () =>
    (shared ??= withScaleEnv(undefined, async () => {
      const runtime = await freshSource();
      runtime.deadline(0, 'pin LIFEGUARD_TIMEOUT_SCALE');
      return runtime;
    })),
  fresh: freshSource,
};

timeoutScenarios(source);
weakRegistryScenarios(source);
listenerScopeScenarios(source);
statisticsScenarios(source);
