import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'

/** The reports feature's SQL: a jurisdiction's name (and level) for a document's heading. */
type Q = Kysely<DB> | Transaction<DB>

export async function jurisdictionName(db: Q, id: string): Promise<string> {
  const r = await db
    .selectFrom('jurisdiction')
    .select('name')
    .where('id', '=', id)
    .executeTakeFirst()
  return r?.name ?? ''
}

/** The jurisdiction's name and level: who issues the vote's announcement (公告). */
export async function jurisdictionHeading(
  db: Q,
  id: string,
): Promise<{ name: string; level: 'province' | 'city' | 'county' | 'township' }> {
  const r = await db
    .selectFrom('jurisdiction')
    .select(['name', 'level'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return r
}
