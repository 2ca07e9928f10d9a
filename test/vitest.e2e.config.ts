import { defineConfig } from 'vitest/config'

/**
 * End-to-end tests: real Chromium (Debian's, never a downloaded one) against the built app.
 * Separate from the root `pnpm test`; run with `pnpm --filter @ms/test e2e` after
 * `pnpm --filter @ms/web build` (root `pnpm test:e2e` does both).
 */
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.e2e.ts'],
    // Seeds the demo data once; each file's server starts from a copy of that folder.
    globalSetup: ['e2e/global-setup.ts'],
    // One file at a time: each starts its own server and browser, and the machine is small.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default'],
    // On CI a failed browser test runs once more (as Playwright's own CI default does): Chromium
    // on a loaded 2-core box occasionally drops a key press or a navigation. A real bug fails
    // twice; the report still lists the retry, and locally nothing is retried.
    retry: process.env.CI ? 1 : 0,
    // A page waits on a real server (argon2 hashing on a busy 2-core box): be patient.
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
})
