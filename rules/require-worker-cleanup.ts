import { createWorkerCleanupDetector, mayStartWorkers, type WorkerCleanupFinding, type WorkerCleanupOptions } from '../src/detectors/worker-cleanup.js';
import { detectorSourceOf } from '../src/lifetime/index.js';
import { createRule } from '../src/util/create-rule.js';
import { flagOption, namesOption, optionsSchema, reportFindings, skipFilesWithout, workerDetectorOptions } from '../src/util/rule-options.js';

export type Options = [Partial<WorkerCleanupOptions>];
export type MessageIds = 'unterminatedField' | 'unterminatedLocal' | 'unterminatedStream' | 'growingPool' | 'enterWith';

const rule = createRule<Options, MessageIds>({
  name: 'require-worker-cleanup',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require workers, child processes and message ports started by code that can end to be terminated, killed or closed by their owner',
      recommended: false,
      requiresTypeChecking: false,
      codemod: 'listener-cleanup',
    },
    schema: optionsSchema({
      checkLocalWorkers: flagOption('Report a worker, forked child or port started per call, sent messages (so it stays alive listening) and never ended, watched for its exit or handed on.'),
      checkEnterWith: flagOption('Report AsyncLocalStorage#enterWith() outside run-once code, in favour of run().'),
      teardownMethods: namesOption('Extra names of methods that end an owner for good, besides dispose, destroy, close, terminate, shutdown and the framework hooks.'),
    }),
    defaultOptions: [{ checkLocalWorkers: true, checkEnterWith: true, teardownMethods: [] }],
    messages: {
      unterminatedField: "{{what}} '{{handle}}' outlives its owner: {{className}}.{{teardown}}() never ends it; call {{handle}}.{{end}}() there.",
      unterminatedLocal: "{{what}} '{{handle}}' is started per call and never ended, so each call leaves one running; call {{handle}}.{{end}}() when it is done.",
      unterminatedStream: "{{what}} '{{handle}}' is spawned per call and piped into '{{destination}}', but nothing kills it when that closes; kill it on 'close'.",
      growingPool: "A {{what}} is added to '{{handle}}' per task and never removed or ended, so the pool only grows; reuse workers, or end and remove them.",
      enterWith: "{{handle}}.enterWith() leaks the store into unrelated async work started later; use {{handle}}.run(store, callback) instead.",
    },
  },
  create(context, [options]) {
    const detector = createWorkerCleanupDetector(detectorSourceOf(context), workerDetectorOptions(options));
    return reportFindings(detector, (finding) => {
      context.report({
        node: finding.node,
        messageId: finding.problem,
        data: {
          what: describe(finding),
          handle: finding.handle,
          end: finding.resource?.kind === 'channel' ? 'port1.close' : (finding.resource?.end ?? 'close'),
          className: finding.ownerClass?.id?.name ?? 'this class',
          teardown: finding.teardown?.name ?? 'dispose',
          destination: finding.pipedInto?.name ?? 'its destination',
        },
      });
    });
  },
});

export default skipFilesWithout(rule, (text) => mayStartWorkers(text));

function describe(finding: WorkerCleanupFinding): string {
  switch (finding.resource?.kind) {
    case 'worker':
      return 'Worker';
    case 'child':
      return 'Child process';
    case 'channel':
      return 'MessageChannel';
    case 'broadcast':
      return 'BroadcastChannel';
    default:
      return 'Resource';
  }
}
