import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { openDatabase, type Database } from './client.js'
import { migrateToLatest } from './migrate.js'

/**
 * Test databases. Against PostgreSQL (DATABASE_URL set) each call makes a fresh schema, migrates
 * it and drops it on close. On the embedded default each call starts an in-memory PGlite from a
 * migrated template dumped once per test run (initdb costs ~7 s; loading the dump ~1 s).
 */
export const TEMPLATE_ENV = 'MS_PGLITE_TEMPLATE'

/**
 * Kysely's migrator introspects the tables of every schema in the database, calling
 * pg_get_serial_sequence('<schema>.<table>') by name; a schema dropped meanwhile by another test
 * file fails that call ("schema t_… does not exist"). Migrations hold this advisory lock shared,
 * drops take it exclusively, so a drop never lands in the middle of another file's migration.
 */
const SCHEMA_DDL_LOCK = 7_240_001

export async function buildPgliteTemplate(file: string): Promise<void> {
  const database = await openDatabase({ memory: true })
  await migrateToLatest(database.db)
  const dump = await database.pglite!.dumpDataDir('gzip')
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  await database.close()
}

export interface TestDatabase extends Database {
  /** postgres only: the schema this database lives in. */
  schema?: string
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL
  if (url) {
    const schema = `t_${randomBytes(6).toString('hex')}`
    const admin = postgres(url, { max: 1, onnotice: () => {} })
    await admin.unsafe(`create schema ${schema}`)
    const database = await openDatabase({ databaseUrl: url, schema, max: 20 })
    try {
      await admin`select pg_advisory_lock_shared(${SCHEMA_DDL_LOCK})`
      await migrateToLatest(database.db, { schema })
    } finally {
      await admin.end() // ends the session, which releases the lock
    }
    const close = database.close
    return {
      ...database,
      schema,
      async close() {
        await close()
        const a = postgres(url, { max: 1, onnotice: () => {} })
        await a`select pg_advisory_lock(${SCHEMA_DDL_LOCK})`
        await a.unsafe(`drop schema if exists ${schema} cascade`)
        await a.end()
      },
    }
  }
  let templateFile = process.env[TEMPLATE_ENV]
  if (!templateFile || !fs.existsSync(templateFile)) {
    templateFile = path.join(os.tmpdir(), `ms-template-${process.pid}-${Date.now()}.tgz`)
    await buildPgliteTemplate(templateFile)
    process.env[TEMPLATE_ENV] = templateFile
  }
  const blob = new Blob([fs.readFileSync(templateFile)])
  const database = await openDatabase({ memory: true, loadDataDir: blob })
  // A template built before a new migration was added is brought up to date here.
  await migrateToLatest(database.db)
  return database
}
