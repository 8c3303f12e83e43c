import { getFunctionName } from '../src/ast/nodes.js';
import { createTimerCleanupDetector, mayStartTimers, type TimerCleanupFinding, type TimerCleanupOptions } from '../src/detectors/timer-cleanup.js';
import { detectorSourceOf } from '../src/lifetime/index.js';
import { createRule } from '../src/util/create-rule.js';
import { flagOption, optionsSchema, reportFindings, skipFilesWithout, timerDetectorOptions } from '../src/util/rule-options.js';

export type Options = [Partial<TimerCleanupOptions>];
export type MessageIds = 'discardedInterval' | 'unclearedInterval' | 'unclearedTimeoutField' | 'unclearedRaceTimer' | 'overwrittenTimeout' | 'selfClearedInterval' | 'unkeptTimeout' | 'clearedOnlyOnSuccess';

const rule = createRule<Options, MessageIds>({
  name: 'require-timer-cleanup',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require intervals, timeouts kept on long-lived objects and Promise.race timers to be cleared',
      recommended: true,
      strictOptions: [{ checkModuleScope: true, assumeOwnersEnd: true }],
      requiresTypeChecking: false,
      codemod: 'listener-cleanup',
    },
    schema: optionsSchema({
      checkModuleScope: flagOption('Also report intervals started at module level (outside any function), which usually run for the life of the process by design.'),
      checkTimeoutFields: flagOption('Report setTimeout handles kept in class fields that are never cleared.'),
      checkRaceTimers: flagOption('Report the timer of a Promise.race timeout branch that is never cleared.'),
      assumeOwnersEnd: flagOption(
        'Also report intervals of code whose end the file does not show: a start() of an instance without a stop, or a plain function that nothing in the file calls per event. `configs.strict` turns it on.',
      ),
    }),
    defaultOptions: [{ checkModuleScope: false, checkTimeoutFields: true, checkRaceTimers: true, assumeOwnersEnd: false }],
    messages: {
      discardedInterval: "The handle of this setInterval() is discarded, so it can never be stopped; keep it and pass it to clearInterval() in {{cleanupPlace}}.",
      unclearedInterval: "Interval '{{handle}}' is never cleared, so it runs for the life of the process; call clearInterval({{handle}}) in {{cleanupPlace}}.",
      unclearedTimeoutField: "Timeout '{{handle}}' is never cleared in {{className}}, so it fires after dispose; call clearTimeout({{handle}}) in the cleanup method.",
      overwrittenTimeout: "Timeout '{{handle}}' is replaced while the previous one may be pending, which then fires anyway; clearTimeout({{handle}}) before setting it again.",
      selfClearedInterval: "Interval '{{handle}}' is cleared only by its own callback, so it runs on after '{{event}}'; clearInterval({{handle}}) in the '{{event}}' listener.",
      unkeptTimeout: "The handle of this setTimeout() is discarded, so {{unkeptWhy}}; keep it and clearTimeout() it in {{cleanupPlace}}.",
      clearedOnlyOnSuccess: "Timeout '{{handle}}' is cleared only when the awaited call after it succeeds; when that throws, it still fires; clearTimeout({{handle}}) in a finally block.",
      unclearedRaceTimer: "The timer of this Promise.race() timeout is never cleared, so it outlives the race; clearTimeout() it in a finally block, or use withTimeout().",
    },
  },
  create(context, [options]) {
    const detector = createTimerCleanupDetector(detectorSourceOf(context), timerDetectorOptions(options));
    return reportFindings(detector, (finding) => {
      context.report({
        node: finding.node,
        messageId: finding.problem,
        data: {
          handle: handleText(finding),
          cleanupPlace: cleanupPlace(finding),
          className: finding.ownerName ?? 'this class',
          event: finding.callbackEvent ?? 'close',
          unkeptWhy: finding.unkept?.kind === 'afterTeardown'
            ? `it holds the process (and this object) for its whole delay after ${finding.unkept.name}()`
            : `stopping cannot cancel it and it runs ${finding.unkept?.name ?? 'the loop'}() again`,
        },
      });
    });
  },
});

export default skipFilesWithout(rule, (text) => mayStartTimers(text));

function handleText(finding: TimerCleanupFinding): string {
  switch (finding.storage.kind) {
    case 'variable':
      return finding.storage.name;
    case 'field':
      return finding.storage.path;
    case 'discarded':
      return 'the handle';
  }
}

function cleanupPlace(finding: TimerCleanupFinding): string {
  if (finding.problem === 'unkeptTimeout') return finding.unkept?.kind === 'afterTeardown' ? 'the cleanup it starts, once that completes' : 'the stop or close path';
  if (finding.callbackEvent !== null) {
    return `the '${finding.callbackEvent}' callback, when its per-event object closes (e.g. socket.once('close', () => clearInterval(handle)))`;
  }
  if (finding.ownerClass) return `the cleanup method of ${finding.ownerClass.id?.name ?? 'this class'} (dispose, close, stop…)`;
  if (finding.ownerFunction) {
    const name = getFunctionName(finding.ownerFunction);
    return name ? `the cleanup that ${name}() returns or registers` : 'the cleanup this function returns or registers';
  }
  return 'the shutdown path';
}
