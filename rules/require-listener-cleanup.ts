import {
  captureOf,
  listenerRegistrationVisitors,
  mayRegisterListeners,
  describeCapture,
  describeCleanupPlace,
  describeHandlerKind,
  describeLifetime,
  describeListener,
  type ListenerProblem,
  type ListenerRegistrationOptions,
} from '../src/detectors/listener-registrations.js';
import { detectorSourceOf } from '../src/lifetime/index.js';
import { createRule } from '../src/util/create-rule.js';
import { flagOption, LISTENER_DEFAULT_OPTIONS, listenerOptionsOf, listenerOptionsSchema, skipFilesWithout } from '../src/util/rule-options.js';

export type Options = [Partial<ListenerRegistrationOptions>];
export type MessageIds =
  | 'missingRemoval'
  | 'handlerMismatch'
  | 'unmatchableHandler'
  | 'captureMismatch'
  | 'addedAgainInTeardown'
  | 'removedOnlyWhenFired'
  | 'removedOnlyOnMatch'
  | 'missingTeardownRemoval'
  | 'callerSignalListener'
  | 'signalNeverAborted'
  | 'discardedSubscription'
  | 'unsubscribedSubscription' | 'onceUntilTheEnd';

const MESSAGE_IDS: Record<ListenerProblem, MessageIds> = {
  noRemoval: 'missingRemoval',
  handlerMismatch: 'handlerMismatch',
  unmatchableHandler: 'unmatchableHandler',
  captureMismatch: 'captureMismatch',
  addedAgainInTeardown: 'addedAgainInTeardown',
  removedOnlyWhenFired: 'removedOnlyWhenFired',
  removedOnlyOnMatch: 'removedOnlyOnMatch',
  notRemovedAtTeardown: 'missingTeardownRemoval',
  signalNeverAborted: 'signalNeverAborted',
  discardedSubscription: 'discardedSubscription',
  unsubscribedSubscription: 'unsubscribedSubscription',
};

const rule = createRule<Options, MessageIds>({
  name: 'require-listener-cleanup',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require listeners and subscriptions on long-lived targets to be removed with a matching call, once, or an aborted signal',
      recommended: true,
      requiresTypeChecking: false,
      codemod: 'listener-cleanup',
      strictOptions: [{ assumeOwnersEnd: true }],
    },
    schema: listenerOptionsSchema(
      { cleanupMethods: 'Extra method names that count as a class cleanup method, where messages and the codemod put the removal.' },
      {
        assumeOwnersEnd: flagOption(
          'Also report a listener on a long-lived target when the file shows no end of what adds it (no teardown that removes other listeners, no framework lifecycle): for code whose objects are made per request or connection in other files. `configs.strict` turns it on.',
        ),
      },
    ),
    defaultOptions: [{ ...LISTENER_DEFAULT_OPTIONS, assumeOwnersEnd: false }],
    messages: {
      missingRemoval: "{{listener}} on '{{target}}' ({{lifetime}}) is never removed; remove it in {{cleanupPlace}}, or use `{ once: true }` or an AbortSignal aborted there.",
      handlerMismatch: "{{listener}} on '{{target}}' is removed on line {{removalLine}} with a different handler than '{{handler}}', so it stays; remove the same function.",
      unmatchableHandler: "{{listener}} on '{{target}}' ({{lifetime}}) uses {{handlerKind}}, which no removal can match; keep it in a variable and remove it in {{cleanupPlace}}.",
      captureMismatch: "{{listener}} on '{{target}}' is added with capture {{addedCapture}} but removed on line {{removalLine}} with capture {{removedCapture}}, so it stays; use the same flag.",
      addedAgainInTeardown: "{{listener}} on '{{target}}' is added again on line {{removalLine}} in the teardown instead of removed, so it stays; remove it there with the same handler.",
      removedOnlyWhenFired: "{{listener}} on '{{target}}' is removed only when it fires; when the timeout on line {{removalLine}} settles first, it stays; remove it there too.",
      removedOnlyOnMatch: "{{listener}} on '{{target}}' ({{lifetime}}) is removed only when the event it waits for arrives; if that never comes it stays; add a timeout that removes it.",
      missingTeardownRemoval: "{{listener}} on '{{target}}' ({{lifetime}}) is removed when that object is dropped, not when {{cleanupPlace}} ends the owner; remove it there too.",
      onceUntilTheEnd: "{{listener}} on '{{target}}' ({{lifetime}}) waits for '{{event}}', which comes only at its end, so `once` keeps it; remove it in {{cleanupPlace}}.",
      callerSignalListener: "{{listener}} on the caller's signal '{{target}}' stays after the call ends, with all it holds, until the signal aborts; remove it when the call ends.",
      signalNeverAborted: "{{listener}} on '{{target}}' is bound to the signal of '{{controller}}', which is never aborted; call {{controller}}.abort() in {{cleanupPlace}}.",
      discardedSubscription: "The subscription to '{{target}}' ({{lifetime}}) is discarded, so it can never end; keep it and unsubscribe in {{cleanupPlace}}, or use takeUntil().",
      unsubscribedSubscription: "Subscription '{{handle}}' to '{{target}}' ({{lifetime}}) is never unsubscribed; call {{handle}}.unsubscribe() (or {{handle}}()) in {{cleanupPlace}}.",
    },
  },
  create(context, [options]) {
    const { sourceCode } = context;
    return listenerRegistrationVisitors(detectorSourceOf(context), listenerOptionsOf(options), (findings) => {
      for (const finding of findings) {
        // Registrations that pile up in repeated code belong to no-listener-accumulation.
        if (finding.kind !== 'missingCleanup') continue;
        const removal = finding.mismatchedRemoval;
        context.report({
          node: finding.node,
          messageId:
            finding.targetLifetime === 'caller-signal' && (finding.problem === 'noRemoval' || finding.problem === 'unmatchableHandler')
              ? 'callerSignalListener'
              : finding.onceUntilTheEnd && (finding.problem === 'noRemoval' || finding.problem === 'unmatchableHandler')
                ? 'onceUntilTheEnd'
                : MESSAGE_IDS[finding.problem],
          data: {
            listener: describeListener(finding, sourceCode.text),
            target: finding.targetPath,
            event: finding.event ?? '',
            lifetime: describeLifetime(finding.targetLifetime),
            cleanupPlace: describeCleanupPlace(finding.owner),
            handler: finding.handler ? sourceCode.getText(finding.handler) : '',
            handlerKind: describeHandlerKind(finding.handlerKind),
            removalLine: removal ? String(removal.loc.start.line) : '',
            addedCapture: describeCapture(finding.capture),
            removedCapture: removal ? describeCapture(captureOf(removal.arguments[2] ?? null, 'removeEventListener')) : '',
            controller: finding.controllerPath ?? '',
            handle: finding.subscriptionHandle ?? '',
          },
        });
      }
    });
  },
});

// Most files never spell a registration method.
export default skipFilesWithout(rule, (text, options) => mayRegisterListeners(text, options[0]?.additionalRegistrationMethods));
