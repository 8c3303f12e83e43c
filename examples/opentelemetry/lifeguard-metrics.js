// OpenTelemetry metrics from lifeguard-runtime's statistics: step and stage
// durations and timeouts from the `lifeguard:step` / `lifeguard:stage`
// diagnostics channels, and live scopes, listeners, timers, workers and child
// processes from collectStatistics(). Only @opentelemetry/api is needed here;
// your service's SDK (MeterProvider, exporter) does the rest. docs/runtime.md.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { metrics } from '@opentelemetry/api';
import { collectStatistics } from 'lifeguard-runtime';

/**
 * Starts recording into `meter`; returns `stop()`. Call it once at startup,
 * before `stage('startup', …)`, so that startup steps are measured too.
 */
export function instrumentLifeguard(meter = metrics.getMeter('lifeguard-runtime')) {
  const statistics = collectStatistics();
  const duration = meter.createHistogram('lifeguard.step.duration', {
    unit: 'ms',
    description: 'Time from the start of a withTimeout step or stage until it settled or timed out',
  });
  const timeouts = meter.createCounter('lifeguard.step.timeouts', {
    description: 'Steps and stages that ran out of budget, by the budget that ran out',
  });
  const onStep = (message) => {
    if (message.event === 'start') return;
    const outcome = message.event === 'timeout' ? 'timeout' : message.outcome;
    duration.record(message.elapsedMs, { 'lifeguard.kind': message.kind, 'lifeguard.path': message.path, 'lifeguard.outcome': outcome });
    if (message.event === 'timeout') {
      timeouts.add(1, { 'lifeguard.kind': message.kind, 'lifeguard.path': message.path, 'lifeguard.budget_path': message.budgetPath });
    }
  };
  subscribe('lifeguard:step', onStep);
  subscribe('lifeguard:stage', onStep);

  const gauge = (name, description) => meter.createObservableGauge(name, { description });
  const live = {
    scopes: gauge('lifeguard.scopes.live', 'ListenerScopes created and not disposed'),
    listeners: gauge('lifeguard.scope.listeners', 'Listeners held by live ListenerScopes'),
    timers: gauge('lifeguard.scope.timers', 'Timers held by live ListenerScopes'),
    workers: gauge('lifeguard.workers.live', 'Worker threads in scopes, still running'),
    childProcesses: gauge('lifeguard.child_processes.live', 'Child processes in scopes, still running'),
    steps: gauge('lifeguard.steps.running', 'withTimeout steps and stages still running'),
  };
  const pruned = meter.createObservableCounter('lifeguard.registry.pruned', {
    description: 'WeakRegistry entries removed because their value was garbage-collected',
  });
  const observe = (result) => {
    const now = statistics.read();
    result.observe(live.scopes, now.scopes.live);
    result.observe(live.listeners, now.scopes.listeners);
    result.observe(live.timers, now.scopes.timers);
    result.observe(live.workers, now.workers.live);
    result.observe(live.childProcesses, now.childProcesses.live);
    result.observe(live.steps, now.steps.running + now.stages.running);
    result.observe(pruned, now.registries.pruned);
  };
  meter.addBatchObservableCallback(observe, [...Object.values(live), pruned]);

  return {
    stop() {
      meter.removeBatchObservableCallback(observe, [...Object.values(live), pruned]);
      unsubscribe('lifeguard:step', onStep);
      unsubscribe('lifeguard:stage', onStep);
      statistics.stop();
    },
  };
}
