import { createTimeoutStagesDetector } from '../src/detectors/timeout-stages.js';
import { detectorSourceOf } from '../src/lifetime/index.js';
import { createRule } from '../src/util/create-rule.js';
import { namesOption, optionsSchema, reportFindings } from '../src/util/rule-options.js';

export interface ConsistentTimeoutStagesOptions {
  timeoutHelpers?: string[];
}
export type Options = [ConsistentTimeoutStagesOptions];
export type MessageIds = 'innerBudgetNotSmaller' | 'invalidBudget';

export default createRule<Options, MessageIds>({
  name: 'consistent-timeout-stages',
  meta: {
    type: 'problem',
    docs: {
      description: 'Enforce that nested timeout budgets are smaller than the stage that contains them',
      recommended: true,
      requiresTypeChecking: false,
      codemod: 'staged-timeout',
    },
    schema: optionsSchema({
      timeoutHelpers: namesOption('Names of your own timeout helpers called as (work, ms, step?), in addition to withTimeout, stage, deadline, pTimeout, promiseTimeout and the like.'),
    }),
    defaultOptions: [{ timeoutHelpers: [] }],
    messages: {
      innerBudgetNotSmaller: "'{{step}}' gets {{budget}} ms inside '{{outerStep}}' ({{outerBudget}} ms), so the outer stage fires first; give '{{step}}' less than {{outerBudget}} ms.",
      invalidBudget: "'{{step}}' has a budget of {{budget}} ms ({{consequence}}); use a positive, finite number of milliseconds.",
    },
  },
  create(context, [options]) {
    const detector = createTimeoutStagesDetector(detectorSourceOf(context), { timeoutHelpers: options.timeoutHelpers ?? [] });
    return reportFindings(detector, (finding) => {
      const budget = finding.inner.budgetMs ?? NaN;
      context.report({
        node: finding.node,
        messageId: finding.problem,
        data: {
          step: finding.inner.step,
          budget: String(budget),
          outerStep: finding.outer?.step ?? '',
          outerBudget: String(finding.outer?.budgetMs ?? ''),
          consequence: Number.isFinite(budget)
            ? 'it fires at once, before the step can run'
            : 'depending on the helper it disables the timeout (a hang stays a hang) or, reaching setTimeout, fires after 1 ms',
        },
      });
    });
  },
});
