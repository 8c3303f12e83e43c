import {
  captureOf,
  listenerRegistrationVisitors,
  mayRegisterListeners,
  describeCapture,
  describeHandlerKind,
  describeListener,
  describeRepeatingContext,
  type ListenerRegistrationFinding,
  type ListenerRegistrationOptions,
} from '../src/detectors/listener-registrations.js';
import { detectorSourceOf } from '../src/lifetime/index.js';
import { createRule } from '../src/util/create-rule.js';
import { LISTENER_DEFAULT_OPTIONS, listenerOptionsOf, listenerOptionsSchema, skipFilesWithout } from '../src/util/rule-options.js';

export type Options = [Partial<ListenerRegistrationOptions>];
export type MessageIds = 'accumulatingListener' | 'accumulatingUnmatchedListener' | 'accumulatingOnceListener' | 'accumulatingSubscription';

const rule = createRule<Options, MessageIds>({
  name: 'no-listener-accumulation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow adding listeners to longer-lived targets from event callbacks, request handlers and loops without removing them there',
      recommended: true,
      requiresTypeChecking: false,
      codemod: 'listener-cleanup',
    },
    schema: listenerOptionsSchema({
      registrationMethods: '; their callbacks also count as event callbacks',
      cleanupMethods: 'Extra method names that count as a class cleanup method; kept in step with require-listener-cleanup so both rules classify registrations alike.',
    }),
    defaultOptions: [LISTENER_DEFAULT_OPTIONS],
    messages: {
      accumulatingListener: "{{listener}} on '{{target}}' is added {{context}} and never removed there, so listeners pile up; remove it there, use `{ once: true }` or add it once.",
      accumulatingUnmatchedListener: "{{listener}} on '{{target}}' is added {{context}}, but {{mismatch}}, so listeners pile up; remove the same handler with the same capture flag there.",
      accumulatingOnceListener: "{{listener}} on '{{target}}' is added {{context}}; `once` keeps it until '{{event}}', which comes only at the end, so listeners pile up; remove it there.",
      accumulatingSubscription: "A subscription to '{{target}}' is made {{context}} and never unsubscribed there, so subscriptions pile up; unsubscribe there or use switchMap()/takeUntil().",
    },
  },
  create(context, [options]) {
    const { sourceCode } = context;
    return listenerRegistrationVisitors(detectorSourceOf(context), listenerOptionsOf(options), (findings) => {
      for (const finding of findings) {
        if (finding.kind !== 'accumulation' || !finding.repeatingContext) continue;
        const data = {
          listener: describeListener(finding, sourceCode.text),
          target: finding.targetPath,
          context: describeRepeatingContext(finding.repeatingContext),
          mismatch: describeMismatch(finding),
          event: finding.event ?? '',
        };
        const messageId: MessageIds =
          finding.onceUntilTheEnd && (finding.problem === 'noRemoval' || finding.problem === 'unmatchableHandler')
            ? 'accumulatingOnceListener'
            : finding.problem === 'noRemoval'
            ? 'accumulatingListener'
            : finding.problem === 'discardedSubscription' || finding.problem === 'unsubscribedSubscription'
              ? 'accumulatingSubscription'
              : 'accumulatingUnmatchedListener';
        context.report({ node: finding.node, messageId, data });
      }
    });
  },
});

// Most files never spell a registration method.
export default skipFilesWithout(rule, (text, options) => mayRegisterListeners(text, options[0]?.additionalRegistrationMethods));

function describeMismatch(finding: ListenerRegistrationFinding): string {
  const removal = finding.mismatchedRemoval;
  const line = removal ? removal.loc.start.line : 0;
  switch (finding.problem) {
    case 'handlerMismatch':
      return `its removal on line ${line} uses a different handler`;
    case 'unmatchableHandler':
      return `its handler is ${describeHandlerKind(finding.handlerKind)}, which no removal can match`;
    case 'captureMismatch':
      return `its removal on line ${line} uses capture ${describeCapture(removal ? captureOf(removal.arguments[2] ?? null, 'removeEventListener') : null)} instead of ${describeCapture(finding.capture)}`;
    case 'removedOnlyWhenFired':
      return `only its own handler removes it, not the timeout on line ${line}`;
    case 'addedAgainInTeardown':
      return `the teardown on line ${line} adds it again instead of removing it`;
    case 'signalNeverAborted':
      return `the AbortController '${finding.controllerPath ?? 'signal'}' is never aborted there`;
    default:
      return 'it is never removed there';
  }
}
