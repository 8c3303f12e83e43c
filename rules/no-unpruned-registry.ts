import {
  createUnprunedRegistryDetector,
  type RegistryGrowthSite,
  type UnprunedRegistryFinding,
  type UnprunedRegistryOptions,
} from '../src/detectors/unpruned-registries.js';
import { detectorSourceOf } from '../src/lifetime/index.js';
import { createRule } from '../src/util/create-rule.js';
import { flagOption, namesOption, optionsSchema, reportFindings, registryDetectorOptions } from '../src/util/rule-options.js';

export type Options = [Partial<UnprunedRegistryOptions>];
export type MessageIds = 'unprunedRegistry';

export default createRule<Options, MessageIds>({
  name: 'no-unpruned-registry',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow long-lived collections that grow at run time and are never pruned',
      recommended: false,
      strictOptions: [{ checkAllInstanceFields: true }],
      requiresTypeChecking: false,
      codemod: 'weak-registry',
    },
    schema: optionsSchema({
      checkExported: flagOption('Also report collections exported for other modules to manage (by default an exported collection is assumed to be pruned by its importers).'),
      checkArrays: flagOption('Report arrays that only grow (push/unshift), not only Maps, Sets and dictionaries.'),
      checkAllInstanceFields: flagOption('Report collection fields of every class that grow outside the constructor, not only those of singletons (classes instantiated once at module load).'),
      weakCollections: namesOption('Extra constructor names whose instances hold entries weakly (WeakMap, WeakSet, WeakRef, WeakRegistry and FinalizationRegistry always are).'),
      removalMethods: namesOption('Extra method names that remove entries (delete, clear, pop, shift, splice, remove, evict and prune always do).'),
    }),
    defaultOptions: [{ checkExported: false, checkArrays: true, checkAllInstanceFields: false, weakCollections: [], removalMethods: [] }],
    messages: {
      unprunedRegistry: "'{{name}}' grows in {{growthPlaces}} and is never pruned; delete entries when their owner closes, bound the {{kind}}, or {{weakAlternative}}.",
    },
  },
  create(context, [options]) {
    const detector = createUnprunedRegistryDetector(detectorSourceOf(context), registryDetectorOptions(options));
    return reportFindings(detector, (finding) => {
      context.report({
        // Where the entries go in (the leak's source), not the declaration: the first run-time growth site.
        node: finding.growthSites[0]?.node ?? finding.node,
        messageId: 'unprunedRegistry',
        data: {
          name: finding.name,
          growthPlaces: describeGrowthPlaces(finding.growthSites),
          kind: finding.collection.kind,
          weakAlternative: weakAlternative(finding),
        },
      });
    });
  },
});

/** `register()`, `register() and connect()`, `register(), connect() and 2 other places`. */
function describeGrowthPlaces(sites: readonly RegistryGrowthSite[]): string {
  const places: string[] = [];
  for (const site of sites) {
    const place = site.functionName ? `${site.functionName}()` : `the callback on line ${site.node.loc.start.line}`;
    if (!places.includes(place)) places.push(place);
  }
  if (places.length === 1) return places[0]!;
  if (places.length === 2) return `${places[0]} and ${places[1]}`;
  const others = places.length - 2;
  return `${places[0]}, ${places[1]} and ${others} other place${others === 1 ? '' : 's'}`;
}

function weakAlternative(finding: UnprunedRegistryFinding): string {
  switch (finding.collection.kind) {
    case 'Set':
      return 'use a WeakSet when the members are objects';
    case 'array':
      return 'use a Set you delete from (or a WeakSet when the elements are objects)';
    default:
      return 'use a WeakMap when the keys are objects';
  }
}
