import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Vitest's default is one worker per CPU minus one: a single worker on a 2-core machine, while
    // most test time waits on a database. Two workers took the PGlite suite from 450 s to 345 s.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          name: 'db',
          root: './db',
          include: ['src/**/*.test.ts', 'seed/**/*.test.ts'],
          globalSetup: ['./src/test-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'api',
          root: './api',
          include: ['src/**/*.test.ts'],
          globalSetup: ['../db/src/test-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Cross-package reliability suites (fuzz, tenant matrix, secrecy probe, audit tamper); the
        // long forms run under `pnpm test:reliability`.
        test: {
          name: 'reliability',
          root: './test',
          include: ['reliability/**/*.test.ts'],
          globalSetup: ['../db/src/test-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
      {
        // The web's pure logic (formats, palettes); component tests may add a jsdom project later.
        extends: './web/vite.config.ts', // the @/ alias
        test: {
          name: 'web',
          root: './web',
          include: ['src/**/*.test.ts'],
          environment: 'node',
        },
      },
    ],
  },
})
