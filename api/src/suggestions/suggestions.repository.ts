import { sql, type Kysely, type Transaction } from 'kysely'
import type { DB, SuggestionOutcome, SuggestionSource } from '@ms/db'

type Q = Kysely<DB> | Transaction<DB>

/** The suggestion with everything its views show: cycle, deputy, unit, candidate, merge target. */
function base(db: Q) {
  return db
    .selectFrom('suggestion as s')
    .innerJoin('cycle', 'cycle.id', 's.cycle_id')
    .innerJoin('jurisdiction as j', 'j.id', 's.jurisdiction_id')
    .leftJoin('deputy as d', 'd.id', 's.deputy_id')
    .leftJoin('gov_unit as u', 'u.id', 's.unit_id')
    .leftJoin('candidate as c', 'c.id', 's.candidate_id')
    .leftJoin('suggestion as m', 'm.id', 's.merged_into_id')
    .select([
      's.id',
      's.jurisdiction_id',
      's.cycle_id',
      's.source',
      's.submitted_by',
      's.deputy_id',
      's.unit_id',
      's.title',
      's.category',
      's.location',
      's.reason',
      's.estimate_fen',
      's.contact',
      's.tracking_code',
      's.outcome',
      's.reply',
      's.candidate_id',
      's.merged_into_id',
      's.outcome_at',
      's.created_at',
      'j.path as jurisdiction_path',
      'j.name as jurisdiction_name',
      'cycle.year as cycle_year',
      'cycle.title as cycle_title',
      'cycle.phase as cycle_phase',
      'd.display_name as deputy_name',
      'u.name as unit_name',
      'c.title as candidate_title',
      'm.title as merged_title',
      'm.outcome as merged_outcome',
      'm.reply as merged_reply',
    ])
}
export type SuggestionRow = NonNullable<Awaited<ReturnType<typeof findSuggestion>>>

export function findSuggestion(db: Q, id: string) {
  return base(db).where('s.id', '=', id).executeTakeFirst()
}

export function findByTrackingCode(db: Q, code: string) {
  return base(db).where('s.tracking_code', '=', code).executeTakeFirst()
}

export function findManyInCycle(db: Q, cycleId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db
    .selectFrom('suggestion')
    .select(['id', 'title', 'outcome', 'candidate_id', 'merged_into_id', 'tracking_code'])
    .where('cycle_id', '=', cycleId)
    .where('id', 'in', ids)
    .execute()
}

export function findByTrackingCodes(db: Q, cycleId: string, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([])
  return db
    .selectFrom('suggestion')
    .select(['id', 'tracking_code', 'outcome', 'candidate_id'])
    .where('cycle_id', '=', cycleId)
    .where('tracking_code', 'in', codes)
    .execute()
}

export function insertSuggestion(
  db: Q,
  s: {
    jurisdictionId: string
    cycleId: string
    source: SuggestionSource
    submittedBy: string | null
    deputyId: string | null
    unitId: string | null
    title: string
    category: string
    location: string | null
    reason: string
    estimateFen: number | null
    contact: string | null
    trackingCode: string
    clientHash: string | null
    now: Date
  },
) {
  return db
    .insertInto('suggestion')
    .values({
      jurisdiction_id: s.jurisdictionId,
      cycle_id: s.cycleId,
      source: s.source,
      submitted_by: s.submittedBy,
      deputy_id: s.deputyId,
      unit_id: s.unitId,
      title: s.title,
      category: s.category,
      location: s.location,
      reason: s.reason,
      estimate_fen: s.estimateFen,
      contact: s.contact,
      tracking_code: s.trackingCode,
      client_hash: s.clientHash,
      created_at: s.now,
    })
    .returning(['id', 'tracking_code'])
    .executeTakeFirstOrThrow()
}

export async function countSince(
  db: Q,
  by: { clientHash: string } | { cycleId: string; publicOnly: true },
  since: Date,
) {
  let q = db
    .selectFrom('suggestion')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('created_at', '>', since)
  q =
    'clientHash' in by
      ? q.where('client_hash', '=', by.clientHash)
      : q.where('cycle_id', '=', by.cycleId).where('source', '=', 'public')
  const r = await q.executeTakeFirstOrThrow()
  return Number(r.n)
}

/**
 * Serialises submissions from one address for the rest of the transaction, so concurrent requests
 * (on any API instance) cannot all pass the count before any of them is inserted.
 */
export async function lockAddress(trx: Transaction<DB>, clientHash: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${'suggestion:' + clientHash}, 0))`.execute(
    trx,
  )
}

/** Erases address hashes older than `before` (they only serve the rate limit). */
export async function forgetClientHashes(db: Q, before: Date) {
  await db
    .updateTable('suggestion')
    .set({ client_hash: null })
    .where('client_hash', 'is not', null)
    .where('created_at', '<', before)
    .execute()
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`)

export interface ListFilters {
  outcome?: SuggestionOutcome
  category?: string
  source?: SuggestionSource
  q?: string
  /** Public view: decided suggestions only. */
  decidedOnly?: boolean
  submittedBy?: string
  cycleId?: string
}

/** Newest first, keyset-paged on (created_at, id). */
export function list(db: Q, f: ListFilters, limit: number, after?: [string, string]) {
  let q = base(db)
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit + 1)
  if (f.cycleId) q = q.where('s.cycle_id', '=', f.cycleId)
  if (f.submittedBy) q = q.where('s.submitted_by', '=', f.submittedBy)
  if (f.outcome) q = q.where('s.outcome', '=', f.outcome)
  if (f.decidedOnly) q = q.where('s.outcome', '!=', 'pending')
  if (f.category) q = q.where('s.category', '=', f.category)
  if (f.source) q = q.where('s.source', '=', f.source)
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`
    const code = f.q.toUpperCase()
    q = q.where((eb) =>
      eb.or([
        eb('s.title', 'ilike', like),
        eb('s.reason', 'ilike', like),
        eb('s.location', 'ilike', like),
        eb('s.tracking_code', '=', code),
      ]),
    )
  }
  if (after) {
    const [at, id] = after
    q = q.where((eb) =>
      eb.or([
        eb('s.created_at', '<', new Date(at)),
        eb.and([eb('s.created_at', '=', new Date(at)), eb('s.id', '<', id)]),
      ]),
    )
  }
  return q.execute()
}

export async function outcomeCounts(db: Q, cycleId: string) {
  const rows = await db
    .selectFrom('suggestion')
    .select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
    .where('cycle_id', '=', cycleId)
    .groupBy('outcome')
    .execute()
  const out = { total: 0, pending: 0, adopted: 0, merged: 0, rejected: 0 }
  for (const r of rows) {
    out[r.outcome] = Number(r.n)
    out.total += Number(r.n)
  }
  return out
}

export async function setOutcome(
  db: Q,
  id: string,
  o: {
    outcome: SuggestionOutcome
    reply: string | null
    candidateId: string | null
    mergedIntoId: string | null
    by: string
    at: Date
  },
) {
  await db
    .updateTable('suggestion')
    .set({
      outcome: o.outcome,
      reply: o.reply,
      candidate_id: o.candidateId,
      merged_into_id: o.mergedIntoId,
      outcome_by: o.by,
      outcome_at: o.at,
    })
    .where('id', '=', id)
    .execute()
}

/** Suggestions merged into `id` (its duplicates). */
export function mergedInto(db: Q, id: string) {
  return db.selectFrom('suggestion').select('id').where('merged_into_id', '=', id).execute()
}

export async function repointMerged(db: Q, fromId: string, toId: string) {
  await db
    .updateTable('suggestion')
    .set({ merged_into_id: toId })
    .where('merged_into_id', '=', fromId)
    .execute()
}

export async function linkToCandidate(db: Q, ids: string[], candidateId: string) {
  if (ids.length === 0) return
  await db
    .updateTable('suggestion')
    .set({ candidate_id: candidateId })
    .where('id', 'in', ids)
    .execute()
}

/** Drops the origin link of suggestions not adopted into the candidate (optionally only some). */
export async function unlinkPending(db: Q, candidateId: string, keep: string[] = []) {
  let q = db
    .updateTable('suggestion')
    .set({ candidate_id: null })
    .where('candidate_id', '=', candidateId)
    .where('outcome', '!=', 'adopted')
  if (keep.length) q = q.where('id', 'not in', keep)
  await q.execute()
}

export function linkedTo(db: Q, candidateIds: string[]) {
  if (candidateIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('suggestion')
    .select(['id', 'candidate_id', 'tracking_code', 'title', 'outcome'])
    .where('candidate_id', 'in', candidateIds)
    .orderBy('created_at')
    .execute()
}

export function deputyOf(db: Q, userId: string, jurisdictionId: string) {
  return db
    .selectFrom('deputy')
    .select('id')
    .where('user_id', '=', userId)
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('active', '=', true)
    .executeTakeFirst()
}

export function unitsOf(db: Q, userId: string, jurisdictionId: string) {
  return db
    .selectFrom('unit_account')
    .innerJoin('gov_unit', 'gov_unit.id', 'unit_account.unit_id')
    .select(['gov_unit.id', 'gov_unit.name'])
    .where('unit_account.user_id', '=', userId)
    .where('unit_account.jurisdiction_id', '=', jurisdictionId)
    .orderBy('gov_unit.name')
    .execute()
}

/** Every suggestion submitted as this deputy (source 'deputy'), oldest first (履职档案). */
export function listOfDeputy(db: Q, deputyId: string) {
  return db
    .selectFrom('suggestion')
    .select([
      'id',
      'cycle_id',
      'title',
      'category',
      'tracking_code',
      'outcome',
      'reply',
      'created_at',
      'outcome_at',
    ])
    .where('deputy_id', '=', deputyId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}
