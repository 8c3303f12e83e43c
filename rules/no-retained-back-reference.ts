import {
  createRetainedBackReferenceDetector,
  type RetainedBackReferenceFinding,
  type RetainedBackReferenceOptions,
} from '../src/detectors/retained-back-references.js';
import { detectorSourceOf } from '../src/lifetime/index.js';
import { createRule } from '../src/util/create-rule.js';
import { flagOption, namesOption, optionsSchema, reportFindings, backReferenceDetectorOptions } from '../src/util/rule-options.js';

export type Options = [Partial<RetainedBackReferenceOptions>];
export type MessageIds = 'storedInRoot' | 'registeredOnRoot';

export default createRule<Options, MessageIds>({
  name: 'no-retained-back-reference',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow storing objects that hold a strong reference back to their creator in long-lived registries',
      recommended: true,
      requiresTypeChecking: false,
      codemod: 'weak-registry',
    },
    schema: optionsSchema({
      checkListeners: flagOption('Also report objects holding `this` that are registered as listeners or subscribers on a long-lived target.'),
      weakCollections: namesOption('Extra constructor names whose instances hold entries weakly (WeakMap, WeakSet, WeakRef, WeakRegistry and FinalizationRegistry always are).'),
    }),
    defaultOptions: [{ checkListeners: true, weakCollections: [] }],
    messages: {
      storedInRoot: "{{child}} holds this {{className}} and is stored in the longer-lived '{{root}}'; hold it with WeakRef, or remove the {{childNoun}} on dispose.",
      registeredOnRoot: "{{child}} holds this {{className}} and listens on the longer-lived '{{root}}'; hold it with WeakRef, or remove the listener on dispose.",
    },
  },
  create(context, [options]) {
    const detector = createRetainedBackReferenceDetector(detectorSourceOf(context), backReferenceDetectorOptions(options));
    return reportFindings(detector, (finding) => {
      context.report({
        node: finding.node,
        messageId: finding.retention === 'listener' ? 'registeredOnRoot' : 'storedInRoot',
        data: {
          child: childText(finding),
          childNoun: childNoun(finding),
          className: finding.className ?? 'object',
          root: finding.root.name,
        },
      });
    });
  },
});

function childText(finding: RetainedBackReferenceFinding): string {
  if (finding.child.type === 'ObjectExpression') return 'This object literal';
  if (finding.child.type === 'AssignmentExpression' && finding.childName !== null && !/^[A-Z]/.test(finding.childName)) return `'${finding.childName}'`;
  return finding.childName ?? 'This object';
}

/** `player` for a `Player`, `entry` otherwise. */
function childNoun(finding: RetainedBackReferenceFinding): string {
  const name = finding.childName;
  if (name === null || finding.child.type === 'ObjectExpression' || !/^[A-Z]/.test(name)) return 'entry';
  return name.charAt(0).toLowerCase() + name.slice(1);
}
