import { lifetimeModelOf } from '../lifetime/index.js';
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, unwrapExpression } from '../ast/nodes.js';
import type { Detector, DetectorSource } from '../ast/traverse.js';
import { createTimeoutHelperMatcher, isUsableBudget, type TimeoutHelperCall } from './timeout-helpers.js';

export interface TimeoutStagesOptions {
  /** Timeout helper names, in addition to the built-in ones. */
  readonly timeoutHelpers: readonly string[];
}

export type TimeoutStagesFinding =
  /**
   * A budget lexically inside another helper's work that is not strictly smaller
   * than the enclosing budget: the outer one always fires first and blames the
   * wrong step (a dead budget).
   */
  | { readonly problem: 'innerBudgetNotSmaller'; readonly inner: TimeoutHelperCall; readonly outer: TimeoutHelperCall; readonly node: TSESTree.Node }
  /** A budget of `0`, a negative number, `NaN` or `Infinity`: it times out at once or never. */
  | { readonly problem: 'invalidBudget'; readonly inner: TimeoutHelperCall; readonly outer: null; readonly node: TSESTree.Node };

/**
 * Finds nested timeout budgets that do not shrink, and budgets that cannot
 * work. Nesting follows the work argument of the outer helper, through the
 * async callback it is given (`stage('db', 20_000, async () => …)`) and
 * immediately invoked async functions; any other function boundary (a handler
 * registered inside a stage) runs at another time and ends the nesting.
 */
export function createTimeoutStagesDetector(source: DetectorSource, options: TimeoutStagesOptions): Detector<TimeoutStagesFinding> {
  const matchHelper = createTimeoutHelperMatcher(source.scopeManager, options.timeoutHelpers);
  const helperCalls = new Map<TSESTree.CallExpression, TimeoutHelperCall>();

  /** The nearest enclosing helper whose budget is known and usable. */
  function enclosingBudgetedHelper(inner: TimeoutHelperCall): TimeoutHelperCall | null {
    let child: TSESTree.Node = inner.node;
    let node: TSESTree.Node | undefined = inner.node.parent;
    while (node) {
      if (node.type === 'CallExpression') {
        const outer = helperCalls.get(node);
        if (outer && outer.work && unwrapExpression(outer.work) === unwrapExpression(child as TSESTree.Expression)) {
          if (outer.budgetMs !== null && isUsableBudget(outer.budgetMs)) return outer;
        }
      }
      if (isFunctionNode(node)) {
        let wrapper: TSESTree.Node = node;
        while (wrapper.parent && (wrapper.parent.type === 'TSAsExpression' || wrapper.parent.type === 'TSNonNullExpression')) wrapper = wrapper.parent;
        const parent = wrapper.parent;
        const isIife = parent?.type === 'CallExpression' && parent.callee === wrapper;
        const isHelperWork = parent?.type === 'CallExpression' && helperCalls.get(parent)?.work === wrapper;
        if (!isIife && !isHelperWork) return null;
      }
      child = node;
      node = node.parent;
    }
    return null;
  }

  return {
    visitors: {
      CallExpression(node) {
        const helper = matchHelper(node);
        if (helper) helperCalls.set(node, helper);
      },
    },
    finish() {
      const findings: TimeoutStagesFinding[] = [];
      for (const helper of helperCalls.values()) {
        if (helper.budgetMs === null) continue;
        const node = helper.budgetNode ?? helper.node;
        if (!isUsableBudget(helper.budgetMs)) {
          findings.push({ problem: 'invalidBudget', inner: helper, outer: null, node });
          continue;
        }
        const outer = enclosingBudgetedHelper(helper);
        if (outer && outer.budgetMs !== null && helper.budgetMs >= outer.budgetMs) {
          findings.push({ problem: 'innerBudgetNotSmaller', inner: helper, outer, node });
        }
      }
      // Test code, type tests and one-shot scripts end with their process.
      const model = lifetimeModelOf(source);
      return findings.filter((finding) => !model.isInertCode(finding.node)).sort((a, b) => a.node.range[0] - b.node.range[0]);
    },
  };
}
