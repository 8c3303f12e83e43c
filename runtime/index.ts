/**
 * The runtime for code inside this repository (bench, scripts) that imports
 * dist/runtime. Published code imports the `lifeguard-runtime` package, whose
 * builds (runtime/dist, made by runtime/build.js) the plugin's `./runtime`
 * export points at. The implementation is one self-contained file so that the
 * codemods can vendor it verbatim (see `./vendor.ts`).
 */
export {
  collectStatistics,
  deadline,
  ListenerScope,
  stage,
  StepTimeoutError,
  WeakRegistry,
  withTimeout,
} from './lifeguard-runtime.js';
export type {
  RegistryPruneMessage,
  ResourceStatistics,
  RuntimeStatistics,
  ScopeEntry,
  ScopeEntryKind,
  ScopeMessage,
  ScopeStatistics,
  StatisticsCollector,
  StepEndMessage,
  StepMessage,
  StepStartMessage,
  StepStatistics,
  StepTimeoutMessage,
  Deadline,
  DisposableLike,
  EventEmitterLike,
  EventNameOf,
  EventTargetLike,
  LateOutcome,
  Listener,
  ListenerFor,
  ListenerOptions,
  StepOptions,
  StepTimeoutDetails,
  WeakRegistryOptions,
} from './lifeguard-runtime.js';
