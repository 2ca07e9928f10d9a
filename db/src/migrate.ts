import { Migrator, type MigrationProvider } from 'kysely/migration'
import type { Kysely } from 'kysely'
import { migrations } from '../migrations/index.js'

const provider: MigrationProvider = { getMigrations: async () => migrations }

/**
 * `schema`: keep the migration bookkeeping in this schema too. Needed when several databases live
 * as schemas of one PostgreSQL database (tests): Kysely's table introspection sees every schema,
 * and would otherwise take another schema's lock table for its own.
 */
export async function migrateToLatest(
  db: Kysely<any>,
  opts: { schema?: string } = {},
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    ...(opts.schema ? { migrationTableSchema: opts.schema } : {}),
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
