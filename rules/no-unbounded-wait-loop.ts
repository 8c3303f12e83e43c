import { createWaitLoopDetector } from '../src/detectors/wait-loops.js';
import { detectorSourceOf } from '../src/lifetime/index.js';
import { createRule } from '../src/util/create-rule.js';
import { namesOption, optionsSchema, reportFindings, waitLoopDetectorOptions } from '../src/util/rule-options.js';

export interface NoUnboundedWaitLoopOptions {
  delayFunctions?: string[];
  timeoutHelpers?: string[];
}
export type Options = [NoUnboundedWaitLoopOptions];
export type MessageIds = 'unboundedWaitLoop' | 'unboundedProbeLoop';

export default createRule<Options, MessageIds>({
  name: 'no-unbounded-wait-loop',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow loops that wait or poll for a condition without a deadline, an attempt cap or an abort signal',
      recommended: true,
      requiresTypeChecking: false,
      codemod: 'staged-timeout',
    },
    schema: optionsSchema({
      delayFunctions: namesOption('Names of your own delay functions, in addition to sleep, delay, wait, pause, timers/promises and new Promise(r => setTimeout(r, ms)).'),
      timeoutHelpers: namesOption('Names of your own timeout helpers, in addition to the built-in ones; a deadline() object checked in the loop bounds it.'),
    }),
    defaultOptions: [{ delayFunctions: [], timeoutHelpers: [] }],
    messages: {
      unboundedWaitLoop: "This loop awaits `{{wait}}` until a condition holds, with nothing to bound it; check a deadline(), cap the attempts or check `signal.aborted`.",
      unboundedProbeLoop: "This loop retries `{{wait}}` until it succeeds, with nothing to bound it; check a deadline(), cap the attempts or check `signal.aborted`.",
    },
  },
  create(context, [options]) {
    const detector = createWaitLoopDetector(detectorSourceOf(context), waitLoopDetectorOptions(options));
    return reportFindings(detector, (finding) => {
      context.report({
        node: finding.node,
        messageId: finding.kind === 'delay' ? 'unboundedWaitLoop' : 'unboundedProbeLoop',
        data: {
          wait: finding.waitText,
          where: finding.enclosingFunctionName ? `${finding.enclosingFunctionName}()` : 'the caller',
        },
      });
    });
  },
});
