import type { Kysely, Selectable, Transaction } from 'kysely'
import type { DB, RectificationState, SatisfactionGrade } from '@ms/db'

/** Every SQL statement of the evaluation feature: rectification items (整改) and their history. */
type Q = Kysely<DB> | Transaction<DB>

export type RectificationRow = Selectable<DB['rectification']>

export interface NewRectification {
  jurisdictionId: string
  cycleId: string
  voteId: string
  projectId: string
  unitId: string | null
  responsibleUnit: string
  belowThreshold: boolean
  gradedDissatisfied: boolean
  grade: SatisfactionGrade
  rateNumerator: number
  rateDenominator: number
  deadline: string
  at: Date
}

/** Inserts the items of a published evaluation; one per (evaluation, project), never twice. */
export async function insertRectifications(trx: Transaction<DB>, items: NewRectification[]) {
  if (items.length === 0) return []
  return trx
    .insertInto('rectification')
    .values(
      items.map((i) => ({
        jurisdiction_id: i.jurisdictionId,
        cycle_id: i.cycleId,
        vote_id: i.voteId,
        project_id: i.projectId,
        unit_id: i.unitId,
        responsible_unit: i.responsibleUnit,
        below_threshold: i.belowThreshold,
        graded_dissatisfied: i.gradedDissatisfied,
        grade: i.grade,
        rate_numerator: i.rateNumerator,
        rate_denominator: i.rateDenominator,
        state: 'open' as const,
        deadline: i.deadline,
        created_at: i.at,
        updated_at: i.at,
      })),
    )
    .onConflict((oc) => oc.columns(['vote_id', 'project_id']).doNothing())
    .returningAll()
    .execute()
}

export function findRectificationWithPath(db: Q, id: string) {
  return db
    .selectFrom('rectification')
    .innerJoin('jurisdiction', 'jurisdiction.id', 'rectification.jurisdiction_id')
    .selectAll('rectification')
    .select('jurisdiction.path as jurisdiction_path')
    .where('rectification.id', '=', id)
    .executeTakeFirst()
}

export function lockRectification(trx: Transaction<DB>, id: string) {
  return trx
    .selectFrom('rectification')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow()
}

export function updateRectification(
  trx: Transaction<DB>,
  id: string,
  set: Partial<{
    state: RectificationState
    deadline: string | null
    requirement: string | null
    measures: string | null
    answered_at: Date | null
    verification_note: string | null
    closed_at: Date | null
    updated_at: Date
  }>,
) {
  return trx
    .updateTable('rectification')
    .set(set)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function insertEvent(
  trx: Transaction<DB>,
  e: {
    rectificationId: string
    jurisdictionId: string
    action: string
    from: string | null
    to: string
    note: string | null
    deadline: string | null
    actorUserId: string | null
    actorRole: string
    at: Date
  },
) {
  await trx
    .insertInto('rectification_event')
    .values({
      rectification_id: e.rectificationId,
      jurisdiction_id: e.jurisdictionId,
      action: e.action,
      from_state: e.from,
      to_state: e.to,
      note: e.note,
      deadline: e.deadline,
      actor_user_id: e.actorUserId,
      actor_role: e.actorRole,
      at: e.at,
    })
    .execute()
}

export function listEvents(db: Q, rectificationId: string) {
  return db
    .selectFrom('rectification_event')
    .leftJoin('app_user', 'app_user.id', 'rectification_event.actor_user_id')
    .selectAll('rectification_event')
    .select('app_user.display_name as actor_name')
    .where('rectification_event.rectification_id', '=', rectificationId)
    .orderBy('rectification_event.id')
    .execute()
}

export function listRectifications(
  db: Q,
  f: { cycleId?: string; cycleIds?: string[]; unitIds?: string[]; voteId?: string },
) {
  let q = db.selectFrom('rectification').selectAll()
  if (f.cycleId) q = q.where('cycle_id', '=', f.cycleId)
  if (f.cycleIds) {
    if (f.cycleIds.length === 0) return Promise.resolve([] as RectificationRow[])
    q = q.where('cycle_id', 'in', f.cycleIds)
  }
  if (f.unitIds) {
    if (f.unitIds.length === 0) return Promise.resolve([] as RectificationRow[])
    q = q.where('unit_id', 'in', f.unitIds)
  }
  if (f.voteId) q = q.where('vote_id', '=', f.voteId)
  return q.orderBy('created_at').orderBy('responsible_unit').orderBy('id').execute()
}

/** The government units the user answers for (承办单位账号) in a jurisdiction. */
export async function unitIdsOfUser(db: Q, userId: string, jurisdictionId?: string) {
  let q = db.selectFrom('unit_account').select('unit_id').where('user_id', '=', userId)
  if (jurisdictionId) q = q.where('jurisdiction_id', '=', jurisdictionId)
  return (await q.execute()).map((r) => r.unit_id)
}

/** Every unit account of the user: (unit, jurisdiction). */
export function unitAccountsOf(db: Q, userId: string) {
  return db
    .selectFrom('unit_account')
    .select(['unit_id', 'jurisdiction_id'])
    .where('user_id', '=', userId)
    .execute()
}
