import { defineConfig } from 'vitest/config';

/**
 * Tests whose claims are about wall-clock time (the demo's "fails fast", the commit hooks'
 * end-to-end runs, the runtime's leak measurements): each group runs after the one before it, so
 * they never share the 2 cores with the parser- and type-check-heavy files.
 */
const TIMED = ['test/adoption/e2e.test.ts', 'test/adoption/real-hooks.test.ts', 'test/runtime/leaks.test.ts'];
const DEMO = ['test/demo/demo.test.ts'];

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
    projects: [
      { test: { ...shared, name: 'main', include: ['test/**/*.test.ts'], exclude: [...TIMED, ...DEMO], sequence: { groupOrder: 0 } } },
      { test: { ...shared, name: 'timed', include: TIMED, sequence: { groupOrder: 1 } } },
      { test: { ...shared, name: 'demo', include: DEMO, sequence: { groupOrder: 2 } } },
    ],
  },
});
