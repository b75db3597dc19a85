import { defineConfig } from 'vitest/config'

/** Browser tests against the local stack (`npx tsx local/main.ts`), which the global setup starts and stops. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    // One server and one browser per file; files one after another so they do not compete for the API's throttle.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
