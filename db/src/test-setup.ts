import os from 'node:os'
import path from 'node:path'
import fs from 'node:fs'
import { buildPgliteTemplate, TEMPLATE_ENV } from './testing.js'

/** vitest globalSetup: migrate one PGlite template for the whole run (embedded backend only). */
export default async function setup(): Promise<() => void> {
  if (process.env.DATABASE_URL) return () => {}
  const file = path.join(os.tmpdir(), `ms-template-${process.pid}.tgz`)
  await buildPgliteTemplate(file)
  process.env[TEMPLATE_ENV] = file
  return () => fs.rmSync(file, { force: true })
}
