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

export type Options = [Partial<ListenerRegistrationOptions>];
export type MessageIds =
  | 'missingRemoval'
  | 'handlerMismatch'
  | 'unmatchableHandler'
  | 'captureMismatch'
  | 'signalNeverAborted'
  | 'discardedSubscription'
  | 'unsubscribedSubscription';

const MESSAGE_IDS: Record<ListenerProblem, MessageIds> = {
  noRemoval: 'missingRemoval',
  handlerMismatch: 'handlerMismatch',
  unmatchableHandler: 'unmatchableHandler',
  captureMismatch: 'captureMismatch',
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
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          additionalRegistrationMethods: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Extra method names that add a listener, called as `target.method(event, handler)` or `target.method(handler)`.',
          },
          additionalRemovalMethods: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Extra method names that remove a listener, called as `target.method(event, handler)`.',
          },
          additionalGlobalTargets: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Extra global names or dotted paths (unshadowed) that live for the whole process or page, such as `chrome` or `io`.',
          },
          cleanupMethods: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Extra method names that count as a class cleanup method, where messages and the codemod put the removal.',
          },
        },
      },
    ],
    defaultOptions: [{ additionalRegistrationMethods: [], additionalRemovalMethods: [], additionalGlobalTargets: [], cleanupMethods: [] }],
    messages: {
      missingRemoval:
        "{{listener}} on '{{target}}' ({{lifetime}}) is never removed, so '{{target}}' keeps the handler and everything it captures alive. Remove it with the same handler in {{cleanupPlace}}, or pass `{ once: true }` or an AbortSignal that is aborted there (fix: `npx lifeguard listener-cleanup`).",
      handlerMismatch:
        "{{listener}} on '{{target}}' is added with handler '{{handler}}' but removed on line {{removalLine}} with a different handler, so the removal does nothing and the listener stays. Remove the same function reference that was added (fix: `npx lifeguard listener-cleanup`).",
      unmatchableHandler:
        "{{listener}} on '{{target}}' ({{lifetime}}) uses {{handlerKind}} as its handler, which no removal can ever match (each evaluation creates a new function). Keep the handler in a field or variable and remove that same reference in {{cleanupPlace}} (fix: `npx lifeguard listener-cleanup`).",
      captureMismatch:
        "{{listener}} on '{{target}}' is added with capture {{addedCapture}} but removed on line {{removalLine}} with capture {{removedCapture}}; removeEventListener only matches the same capture flag, so the listener stays. Pass the same capture flag to both (fix: `npx lifeguard listener-cleanup`).",
      signalNeverAborted:
        "{{listener}} on '{{target}}' is bound to the signal of '{{controller}}', but {{controller}}.abort() is never called, so the listener is never removed. Call {{controller}}.abort() in {{cleanupPlace}} (fix: `npx lifeguard listener-cleanup`).",
      discardedSubscription:
        "The subscription to '{{target}}' ({{lifetime}}) is discarded, so it can never be unsubscribed and '{{target}}' keeps its callback alive. Keep it and call .unsubscribe() (or the returned function) in {{cleanupPlace}}, or complete the stream with takeUntil() (fix: `npx lifeguard listener-cleanup`).",
      unsubscribedSubscription:
        "Subscription '{{handle}}' to '{{target}}' ({{lifetime}}) is kept but never unsubscribed, so '{{target}}' keeps its callback alive. Call {{handle}}.unsubscribe() (or {{handle}}()) in {{cleanupPlace}} (fix: `npx lifeguard listener-cleanup`).",
    },
  },
  create(context, [options]) {
    const { sourceCode } = context;
    return listenerRegistrationVisitors(detectorSourceOf(context), {
      additionalRegistrationMethods: options.additionalRegistrationMethods ?? [],
      additionalRemovalMethods: options.additionalRemovalMethods ?? [],
      additionalGlobalTargets: options.additionalGlobalTargets ?? [],
      cleanupMethods: options.cleanupMethods ?? [],
    }, (findings) => {
      for (const finding of findings) {
        // Registrations that pile up in repeated code belong to no-listener-accumulation.
        if (finding.kind !== 'missingCleanup') continue;
        const removal = finding.mismatchedRemoval;
        context.report({
          node: finding.node,
          messageId: MESSAGE_IDS[finding.problem],
          data: {
            listener: describeListener(finding, sourceCode.text),
            target: finding.targetPath,
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

// Checked before createRule's wrapper merges the options (a structured clone per file): most files
// never spell a registration method, and then the rule costs one scan of the text.
const createWithOptions = rule.create;
rule.create = (context) => (mayRegisterListeners(context.sourceCode.text, context.options[0]?.additionalRegistrationMethods) ? createWithOptions(context) : {});

export default rule;
