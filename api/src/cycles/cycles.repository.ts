import type { Kysely, Transaction } from 'kysely'
import type { CyclePhase, DB } from '@ms/db'

type Q = Kysely<DB> | Transaction<DB>

export type CycleRow = NonNullable<Awaited<ReturnType<typeof findCycleRow>>>

/** The cycle with its jurisdiction's path (for access checks). */
export function findCycleRow(db: Q, id: string) {
  return db
    .selectFrom('cycle')
    .innerJoin('jurisdiction', 'jurisdiction.id', 'cycle.jurisdiction_id')
    .selectAll('cycle')
    .select(['jurisdiction.path as jurisdiction_path'])
    .where('cycle.id', '=', id)
    .executeTakeFirst()
}

/** Locks the cycle row for the rest of the transaction: `update` for phase/setting changes,
 *  `share` for candidate writes (many may run at once, but not alongside a lock or reopen). */
export function lockCycleRow(trx: Transaction<DB>, id: string, mode: 'update' | 'share') {
  const q = trx.selectFrom('cycle').selectAll().where('id', '=', id)
  return (mode === 'update' ? q.forUpdate() : q.forShare()).executeTakeFirst()
}

export function findCycleByYear(db: Q, jurisdictionId: string, year: number) {
  return db
    .selectFrom('cycle')
    .select('id')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('year', '=', year)
    .executeTakeFirst()
}

export function insertCycle(
  trx: Q,
  c: {
    jurisdictionId: string
    year: number
    title: string
    seats: number
    marginRatio: string
    fundPoolFen: number
    fundPoolDoc: string | null
    thresholdBasis: 'all' | 'present'
    ballotForm: 'for_against_abstain' | 'approve_up_to_n'
    satisfactionThreshold?: string
    evaluationBasis?: 'all' | 'valid'
    evaluationComparison?: 'reach' | 'exceed'
    solicitationNotice: string | null
    solicitationDeadline: string | null
    now: Date
  },
) {
  return trx
    .insertInto('cycle')
    .values({
      jurisdiction_id: c.jurisdictionId,
      year: c.year,
      title: c.title,
      seats: c.seats,
      margin_ratio: c.marginRatio,
      fund_pool_fen: c.fundPoolFen,
      fund_pool_doc: c.fundPoolDoc,
      threshold_basis: c.thresholdBasis,
      ballot_form: c.ballotForm,
      satisfaction_threshold: c.satisfactionThreshold,
      evaluation_basis: c.evaluationBasis,
      evaluation_comparison: c.evaluationComparison,
      solicitation_notice: c.solicitationNotice,
      solicitation_deadline: c.solicitationDeadline,
      created_at: c.now,
      updated_at: c.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export type CycleUpdate = Partial<{
  year: number
  title: string
  seats: number
  margin_ratio: string
  fund_pool_fen: number
  fund_pool_doc: string | null
  threshold_basis: 'all' | 'present'
  ballot_form: 'for_against_abstain' | 'approve_up_to_n'
  satisfaction_threshold: string
  evaluation_basis: 'all' | 'valid'
  evaluation_comparison: 'reach' | 'exceed'
  solicitation_notice: string | null
  solicitation_deadline: string | null
}>

export async function updateCycle(trx: Q, id: string, patch: CycleUpdate, now: Date) {
  await trx
    .updateTable('cycle')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .execute()
}

export async function setPhase(
  trx: Q,
  id: string,
  to: CyclePhase,
  now: Date,
  list: 'lock' | 'unlock' | 'keep',
) {
  await trx
    .updateTable('cycle')
    .set((eb) => ({
      phase: to,
      updated_at: now,
      ...(list === 'lock'
        ? { candidates_locked_at: now, list_version: eb('list_version', '+', 1) }
        : list === 'unlock'
          ? { candidates_locked_at: null }
          : {}),
    }))
    .where('id', '=', id)
    .execute()
}

export function listCycles(db: Q, jurisdictionId: string, limit: number, beforeYear?: number) {
  let q = db
    .selectFrom('cycle')
    .innerJoin('jurisdiction', 'jurisdiction.id', 'cycle.jurisdiction_id')
    .selectAll('cycle')
    .select(['jurisdiction.path as jurisdiction_path'])
    .where('cycle.jurisdiction_id', '=', jurisdictionId)
    .orderBy('cycle.year', 'desc')
    .limit(limit + 1)
  if (beforeYear !== undefined) q = q.where('cycle.year', '<', beforeYear)
  return q.execute()
}

/** Current (not withdrawn) candidates per cycle. */
export async function candidateCounts(db: Q, cycleIds: string[]): Promise<Map<string, number>> {
  if (cycleIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('candidate')
    .select(['cycle_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('cycle_id', 'in', cycleIds)
    .where('withdrawn', '=', false)
    .groupBy('cycle_id')
    .execute()
  return new Map(rows.map((r) => [r.cycle_id, Number(r.n)]))
}

export function findJurisdiction(db: Q, id: string) {
  return db
    .selectFrom('jurisdiction')
    .select(['id', 'name', 'level', 'parent_id'])
    .where('id', '=', id)
    .executeTakeFirst()
}

/** Every jurisdiction with its cycles, for the public portal's chooser. */
export async function publicJurisdictions(db: Q) {
  const [js, cycles] = await Promise.all([
    db
      .selectFrom('jurisdiction')
      .select(['id', 'name', 'level', 'parent_id'])
      .orderBy('path')
      .execute(),
    db
      .selectFrom('cycle')
      .select(['id', 'jurisdiction_id', 'year', 'title', 'phase'])
      .orderBy('year', 'desc')
      .execute(),
  ])
  return { js, cycles }
}
