/**
 * `eslint-plugin-lifeguard/runtime`: the helpers the codemods migrate code to.
 * The implementation is one self-contained file so that the codemods can
 * vendor it verbatim (see `./vendor.ts`); this entry only re-exports it.
 */
export {
  deadline,
  ListenerScope,
  stage,
  StepTimeoutError,
  WeakRegistry,
  withTimeout,
} from './lifeguard-runtime.js';
export type {
  Deadline,
  DisposableLike,
  EventEmitterLike,
  EventTargetLike,
  LateOutcome,
  Listener,
  ListenerOptions,
  StepOptions,
  StepTimeoutDetails,
  WeakRegistryOptions,
} from './lifeguard-runtime.js';
