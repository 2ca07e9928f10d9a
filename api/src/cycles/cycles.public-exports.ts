import type { Kysely, Transaction } from 'kysely'
import type { CyclePhase, DB } from '@ms/db'

/** Public reads of cycles for the public portal (overview, roll-up). */
type Q = Kysely<DB> | Transaction<DB>

export interface PublicCycleRef {
  id: string
  jurisdictionId: string
  year: number
  title: string
  phase: CyclePhase
}

/** The cycles of the given jurisdictions (optionally of one year), oldest year first. */
export async function listCyclesOf(
  db: Q,
  jurisdictionIds: string[],
  year?: number,
): Promise<PublicCycleRef[]> {
  if (jurisdictionIds.length === 0) return []
  let q = db
    .selectFrom('cycle')
    .select(['id', 'jurisdiction_id', 'year', 'title', 'phase'])
    .where('jurisdiction_id', 'in', jurisdictionIds)
  if (year !== undefined) q = q.where('year', '=', year)
  const rows = await q.orderBy('year').orderBy('created_at').execute()
  return rows.map((r) => ({
    id: r.id,
    jurisdictionId: r.jurisdiction_id,
    year: r.year,
    title: r.title,
    phase: r.phase,
  }))
}
