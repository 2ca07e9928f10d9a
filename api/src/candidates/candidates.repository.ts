import type { Kysely, Transaction } from 'kysely'
import type { DB, FundingSource } from '@ms/db'

type Q = Kysely<DB> | Transaction<DB>

export function findCandidateRow(db: Q, id: string) {
  return db
    .selectFrom('candidate')
    .innerJoin('jurisdiction', 'jurisdiction.id', 'candidate.jurisdiction_id')
    .selectAll('candidate')
    .select(['jurisdiction.path as jurisdiction_path'])
    .where('candidate.id', '=', id)
    .executeTakeFirst()
}
export type CandidateRow = Omit<
  NonNullable<Awaited<ReturnType<typeof findCandidateRow>>>,
  'jurisdiction_path'
>

/** The cycle's current candidates in list order. */
export function listCandidateRows(db: Q, cycleId: string) {
  return db
    .selectFrom('candidate')
    .selectAll()
    .where('cycle_id', '=', cycleId)
    .where('withdrawn', '=', false)
    .orderBy('sort_order')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export async function countCurrent(db: Q, cycleId: string) {
  const r = await db
    .selectFrom('candidate')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('cycle_id', '=', cycleId)
    .where('withdrawn', '=', false)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function nextSortOrder(db: Q, cycleId: string) {
  const r = await db
    .selectFrom('candidate')
    .select((eb) => eb.fn.max('sort_order').as('m'))
    .where('cycle_id', '=', cycleId)
    .where('withdrawn', '=', false)
    .executeTakeFirst()
  return r?.m === null || r?.m === undefined ? 1 : Number(r.m) + 1
}

export interface CandidateValues {
  title: string
  description: string
  category: string
  responsibleUnit: string
  unitId: string | null
  estimateFen: number
  fundingSource: FundingSource
  targets: string | null
  location: string | null
  plannedCompletion: string | null
  sortOrder: number
}

export function insertCandidate(
  db: Q,
  c: CandidateValues & { jurisdictionId: string; cycleId: string; now: Date },
) {
  return db
    .insertInto('candidate')
    .values({
      jurisdiction_id: c.jurisdictionId,
      cycle_id: c.cycleId,
      title: c.title,
      description: c.description,
      category: c.category,
      responsible_unit: c.responsibleUnit,
      unit_id: c.unitId,
      estimate_fen: c.estimateFen,
      funding_source: c.fundingSource,
      targets: c.targets,
      location: c.location,
      planned_completion: c.plannedCompletion,
      sort_order: c.sortOrder,
      created_at: c.now,
      updated_at: c.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function updateCandidate(db: Q, id: string, c: Partial<CandidateValues>, now: Date) {
  return db
    .updateTable('candidate')
    .set({
      ...(c.title !== undefined ? { title: c.title } : {}),
      ...(c.description !== undefined ? { description: c.description } : {}),
      ...(c.category !== undefined ? { category: c.category } : {}),
      ...(c.responsibleUnit !== undefined ? { responsible_unit: c.responsibleUnit } : {}),
      ...(c.unitId !== undefined ? { unit_id: c.unitId } : {}),
      ...(c.estimateFen !== undefined ? { estimate_fen: c.estimateFen } : {}),
      ...(c.fundingSource !== undefined ? { funding_source: c.fundingSource } : {}),
      ...(c.targets !== undefined ? { targets: c.targets } : {}),
      ...(c.location !== undefined ? { location: c.location } : {}),
      ...(c.plannedCompletion !== undefined ? { planned_completion: c.plannedCompletion } : {}),
      ...(c.sortOrder !== undefined ? { sort_order: c.sortOrder } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function withdrawCandidate(db: Q, id: string, now: Date) {
  await db
    .updateTable('candidate')
    .set({ withdrawn: true, updated_at: now })
    .where('id', '=', id)
    .execute()
}

export function unitsOf(db: Q, jurisdictionId: string) {
  return db
    .selectFrom('gov_unit')
    .select(['id', 'name'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('name')
    .execute()
}

/** The units a unit account acts for in the jurisdiction. */
export async function unitIdsOfUser(db: Q, userId: string, jurisdictionId: string) {
  const rows = await db
    .selectFrom('unit_account')
    .select('unit_id')
    .where('user_id', '=', userId)
    .where('jurisdiction_id', '=', jurisdictionId)
    .execute()
  return rows.map((r) => r.unit_id)
}
