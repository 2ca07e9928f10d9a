import { sql } from 'kysely'
import type { Deps } from '../shared/context.js'

export async function checkHealth(deps: Deps) {
  await sql`select 1`.execute(deps.database.db)
  return { status: 'ok' as const, database: deps.database.backend }
}
