import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Rule tests are CPU-bound; two workers match the CI machine.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
