import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SEEDED_DIR_ENV, startApp } from './harness.js'

/**
 * vitest globalSetup for the e2e run: seed the demo data once into a folder that every file's
 * default server then starts from as a copy (harness.ts startApp). The server is stopped with
 * SIGTERM, so the embedded database closes cleanly before its folder is copied.
 */
export default async function setup(): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-e2e-seeded-'))
  const started = Date.now()
  const app = await startApp({ dataDir: dir })
  await app.stop()
  process.env[SEEDED_DIR_ENV] = dir
  console.log(`e2e: demo data seeded once in ${Date.now() - started} ms (${dir})`)
  return () => fs.rmSync(dir, { recursive: true, force: true })
}
