import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The demo claims wall-clock time (the migrated service fails within half of a 2 s bound, process
 * start-up included), so it runs last and alone, never sharing the 2 cores with the parser- and
 * type-check-heavy files. The commit-hook and leak-measurement tests used to wait with it: they make
 * no timing claim (the leak tests count bytes), and running them beside the main files took about
 * 20 s off the suite's wall time.
 */
const DEMO = ['test/demo/demo.test.ts'];

/**
 * Pure tests (ESTree in, findings out; no processes, no process-wide state): their files share one
 * process per worker (`isolate: false`), so the plugin, the parsers and TypeScript load once per
 * worker instead of once per file (about 30 s of a 40 s run went to imports). `npm run test:unit`.
 */
const UNIT = ['test/rules/**/*.test.ts', 'test/detectors/**/*.test.ts', 'test/lifetime/**/*.test.ts', 'test/ast/**/*.test.ts', 'test/codemod/**/*.test.ts', 'test/docs/**/*.test.ts'];

/**
 * The files that take most of the suite's time, slowest first (from a per-file profile of the whole
 * suite on 2 cores: from about a minute down to 10 s each there). Without timings from an earlier run
 * (a clean clone, CI) vitest starts the largest files first, and these are small files: they would
 * start last and leave one core idle while the other finishes them. With timings, vitest already
 * starts the slowest first; this order agrees with it.
 */
const SLOWEST = [
  'test/adoption/packed.test.ts',
  'test/robustness/codemods-corpus.test.ts',
  'test/robustness/corpus.test.ts',
  'test/codemods/weak-registry.test.ts',
  'test/codemods/jscodeshift.test.ts',
  'test/robustness/codemods-hostile.test.ts',
  'test/robustness/hostile-inputs.test.ts',
  'test/codemods/cases.test.ts',
  'test/adoption/real-hooks.test.ts',
  'test/runtime/tsconfig-matrix.test.ts',
  'test/adoption/e2e.test.ts',
];

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification): number => {
      const index = SLOWEST.findIndex((path) => file.moduleId.endsWith(path));
      return index === -1 ? SLOWEST.length : index;
    };
    // Stable: groups keep their order (groupOrder first), and files outside the list keep vitest's.
    return sorted.sort((a, b) => a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder || rank(a) - rank(b));
  }
}

const shared = {
  // Child processes rather than worker threads: several tests spawn node, git and npm, and
  // the runtime tests need --expose-gc and their own process-wide listeners.
  pool: 'forks' as const,
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    // Vitest 4 runs `availableParallelism() - 1` files at once by default: one on the 2-core CI
    // machine. Most of the suite waits on parsers, type checks and child processes, so two files
    // at once is what halves its wall time there (VITEST_MAX_WORKERS overrides this).
    maxWorkers: 2,
    sequence: { sequencer: SlowestFirst },
    projects: [
      { test: { ...shared, name: 'unit', include: UNIT, isolate: false, sequence: { groupOrder: 0 } } },
      { test: { ...shared, name: 'main', include: ['test/**/*.test.ts'], exclude: [...UNIT, ...DEMO], sequence: { groupOrder: 0 } } },
      { test: { ...shared, name: 'demo', include: DEMO, sequence: { groupOrder: 1 } } },
    ],
  },
});
