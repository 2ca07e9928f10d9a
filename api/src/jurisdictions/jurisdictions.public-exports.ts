import type { Kysely, Transaction } from 'kysely'
import type { DB, JurisdictionLevel } from '@ms/db'

/** Public (no personal data) reads of the jurisdiction tree, for the public portal. */
type Q = Kysely<DB> | Transaction<DB>

export interface PublicJurisdiction {
  id: string
  name: string
  level: JurisdictionLevel
  parentId: string | null
  path: string
}

const cols = ['id', 'name', 'level', 'parent_id', 'path'] as const
const toJ = (r: {
  id: string
  name: string
  level: JurisdictionLevel
  parent_id: string | null
  path: string
}): PublicJurisdiction => ({
  id: r.id,
  name: r.name,
  level: r.level,
  parentId: r.parent_id,
  path: r.path,
})

export async function findPublicJurisdiction(
  db: Q,
  id: string,
): Promise<PublicJurisdiction | undefined> {
  const r = await db.selectFrom('jurisdiction').select(cols).where('id', '=', id).executeTakeFirst()
  return r ? toJ(r) : undefined
}

/** The jurisdiction and everything below it, in path order (the jurisdiction first). */
export async function listSubtree(db: Q, path: string): Promise<PublicJurisdiction[]> {
  const rows = await db
    .selectFrom('jurisdiction')
    .select(cols)
    .where('path', 'like', `${path}%`)
    .orderBy('path')
    .execute()
  return rows.map(toJ)
}

/** The ancestors named in a path, root first (not the jurisdiction itself). */
export async function listAncestors(db: Q, path: string): Promise<PublicJurisdiction[]> {
  const ids = path.split('/').filter(Boolean).slice(0, -1)
  if (ids.length === 0) return []
  const rows = await db.selectFrom('jurisdiction').select(cols).where('id', 'in', ids).execute()
  return rows.map(toJ).sort((a, b) => a.path.length - b.path.length)
}
