import { defineConfig } from 'vitest/config';

/** Unit, integration and HTTP tests: PGlite by default, PostgreSQL when TEST_DATABASE_URL is set. */
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'contracts/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
