import { defineConfig } from 'vitest/config';

/** Browser tests: playwright-core driving Debian's Chromium against the real server. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    globalSetup: ['e2e/global-setup.ts'],
  },
});
