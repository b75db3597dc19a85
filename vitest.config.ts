import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/{unit,integration,infra}/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default (one worker fewer than the CPUs) is a single worker on a 2-core machine, and the integration
    // tests mostly wait on their local stacks: two workers there take the suite from about 355 s to 216 s.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
})
