import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Child processes rather than worker threads: several tests spawn node, git and npm, and
    // the runtime tests need --expose-gc and their own process-wide listeners.
    pool: 'forks',
    // Vitest 4 runs `availableParallelism() - 1` files at once by default: one on the 2-core CI
    // machine. Most of the suite waits on parsers, type checks and child processes, so two files
    // at once is what halves its wall time there (VITEST_MAX_WORKERS overrides this).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
