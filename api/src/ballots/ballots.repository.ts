import { sql, type Kysely, type Transaction } from 'kysely'
import type { BallotChoices, DB, VoteKind, VoteState } from '@ms/db'
import { jsonb, precompiled, toNumber, type Database } from '@ms/db'

type Q = Kysely<DB> | Transaction<DB>

/**
 * A jsonb parameter that both drivers store as the same JSON value: sent as text and cast in SQL
 * (postgres.js would otherwise JSON-encode a string a second time into a jsonb string scalar).
 */

/** The one NOTIFY channel of live turnout; the payload is the vote id, never a count or a name. */
export const TURNOUT_CHANNEL = 'ms_vote_turnout'

export type VoteRow = Awaited<ReturnType<typeof findVote>> & {}

export function findVote(db: Q, id: string) {
  return db.selectFrom('vote').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The vote with its jurisdiction's path (for the access check) in one query. */
export function findVoteWithPath(db: Q, id: string) {
  return db
    .selectFrom('vote')
    .innerJoin('jurisdiction', 'jurisdiction.id', 'vote.jurisdiction_id')
    .selectAll('vote')
    .select('jurisdiction.path as jurisdiction_path')
    .where('vote.id', '=', id)
    .executeTakeFirst()
}

/**
 * What a cast needs before its transaction, in one query: the vote, its jurisdiction's path (for
 * the access check) and the calling user's active deputy of that jurisdiction (null if none).
 * Compiled once and sent through the pool (`Database.query`): it runs on every cast.
 */
const voteForCaster = precompiled((db: Kysely<DB>, id: string, userId: string) =>
  db
    .selectFrom('vote')
    .innerJoin('jurisdiction', 'jurisdiction.id', 'vote.jurisdiction_id')
    .leftJoin('deputy', (j) =>
      j
        .onRef('deputy.jurisdiction_id', '=', 'vote.jurisdiction_id')
        .on('deputy.user_id', '=', userId)
        .on('deputy.active', '=', true),
    )
    .selectAll('vote')
    .select(['jurisdiction.path as jurisdiction_path', 'deputy.id as deputy_id'])
    .where('vote.id', '=', id),
)

export async function findVoteForCaster(database: Database, id: string, userId: string) {
  const [row] = await database.query(voteForCaster(database.db, id, userId))
  return row
}

/**
 * Locks the vote row for the rest of the transaction. Casting and check-in take FOR SHARE (they
 * run side by side); open, close and the later transitions take FOR UPDATE, so a close waits for
 * every cast in flight to commit and a cast that arrives after the close sees the closed state.
 */
/**
 * Serialises casting against every change of a vote's state: casts hold the vote's advisory lock
 * shared, state changes (open, close, certify, …) hold it exclusive, so a close waits for the casts
 * in flight and a cast after it sees the vote closed. An advisory lock rather than `FOR SHARE` on
 * the vote row: hundreds of concurrent sharers of one row make PostgreSQL build a new MultiXact
 * for every one of them, which cut a ballot storm's throughput below that of sequential casts.
 */
export async function lockVote(trx: Transaction<DB>, id: string, mode: 'share' | 'update') {
  const key = sql`hashtextextended(${'vote-state:' + id}, 0)`
  if (mode === 'share') await sql`select pg_advisory_xact_lock_shared(${key})`.execute(trx)
  else await sql`select pg_advisory_xact_lock(${key})`.execute(trx)
  const q = trx.selectFrom('vote').selectAll().where('id', '=', id)
  return (mode === 'share' ? q : q.forUpdate()).executeTakeFirst()
}

/**
 * The cast's side of lockVote, as a statement for `Database.transactionPipeline`: the advisory
 * lock shared, without reading the row (the same key as lockVote's).
 */
const lockShared = precompiled(
  (_db: Kysely<DB>, key: string) =>
    sql`select pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))`,
)
export const lockVoteSharedStatement = (db: Kysely<DB>, id: string) =>
  lockShared(db, 'vote-state:' + id)

/** Serialises vote creation per cycle (one selection vote, one runoff per tie). */
export async function lockCycleVotes(trx: Transaction<DB>, cycleId: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${'vote:' + cycleId}, 0))`.execute(trx)
}

export function listVotesOfCycle(db: Q, cycleId: string) {
  return db
    .selectFrom('vote')
    .selectAll()
    .where('cycle_id', '=', cycleId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export function insertVote(
  trx: Q,
  v: {
    jurisdictionId: string
    cycleId: string
    kind: 'selection' | 'runoff' | 'evaluation'
    parentVoteId: string | null
    title: string
    runoffCandidateIds: string[] | null
    seats: number | null
    checkInCode: string
    createdBy: string
    at: Date
  },
) {
  return trx
    .insertInto('vote')
    .values({
      jurisdiction_id: v.jurisdictionId,
      cycle_id: v.cycleId,
      kind: v.kind,
      parent_vote_id: v.parentVoteId,
      title: v.title,
      runoff_candidate_ids: v.runoffCandidateIds ? jsonb(v.runoffCandidateIds) : null,
      seats: v.seats,
      check_in_code: v.checkInCode,
      created_by: v.createdBy,
      created_at: v.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function updateVote(
  trx: Q,
  id: string,
  set: Partial<{
    state: VoteState
    seats: number
    ballot_form: 'for_against_abstain' | 'approve_up_to_n' | 'satisfaction'
    threshold_basis: 'all' | 'present' | 'valid'
    grade_comparison: 'reach' | 'exceed'
    satisfaction_threshold: string
    check_in_code: string
    opened_by: string
    opened_at: Date
    closed_by: string
    closed_at: Date
    certified_by: string
    certified_at: Date
    published_by: string
    published_at: Date
    result: unknown
    chain_head: string
  }>,
) {
  const { result, ...rest } = set
  return trx
    .updateTable('vote')
    .set(result === undefined ? rest : { ...rest, result: jsonb(result) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function notifyTurnout(trx: Q, voteId: string) {
  // Transactional: PostgreSQL delivers it at commit, to every API process that listens.
  return sql`select pg_notify(${TURNOUT_CHANNEL}, ${voteId})`.execute(trx)
}

// ── candidates (frozen at open) ────────────────────────────────────────────────────────────

export async function insertVoteCandidates(
  trx: Q,
  voteId: string,
  jurisdictionId: string,
  cs: {
    id: string
    title: string
    description: string
    category: string
    responsibleUnit: string
    estimateFen: number
    fundingSource: string
    location: string | null
  }[],
) {
  if (cs.length === 0) return
  await trx
    .insertInto('vote_candidate')
    .values(
      cs.map((c, i) => ({
        vote_id: voteId,
        candidate_id: c.id,
        jurisdiction_id: jurisdictionId,
        position: i + 1,
        title: c.title,
        description: c.description,
        category: c.category,
        responsible_unit: c.responsibleUnit,
        estimate_fen: c.estimateFen,
        funding_source: c.fundingSource,
        location: c.location,
      })),
    )
    .execute()
}

export async function listVoteCandidates(db: Q, voteId: string) {
  const rows = await db
    .selectFrom('vote_candidate')
    .selectAll()
    .where('vote_id', '=', voteId)
    .orderBy('position')
    .execute()
  return rows.map((r) => ({
    id: r.candidate_id,
    title: r.title,
    description: r.description,
    category: r.category,
    responsibleUnit: r.responsible_unit,
    estimateFen: r.estimate_fen,
    fundingSource: r.funding_source,
    location: r.location,
  }))
}

// ── roster and check-in ────────────────────────────────────────────────────────────────────

export async function activeDeputyIds(db: Q, jurisdictionId: string) {
  const rows = await db
    .selectFrom('deputy')
    .select('id')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('active', '=', true)
    .execute()
  return rows.map((r) => r.id)
}

/** Of the given ids, the ones that are active deputies of the jurisdiction. */
export async function deputiesAmong(db: Q, jurisdictionId: string, ids: string[]) {
  if (ids.length === 0) return new Set<string>()
  const rows = await db
    .selectFrom('deputy')
    .select('id')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('active', '=', true)
    .where('id', 'in', ids)
    .execute()
  return new Set(rows.map((r) => r.id))
}

export function findDeputyOfUser(db: Q, jurisdictionId: string, userId: string) {
  return db
    .selectFrom('deputy')
    .select(['id', 'display_name'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('user_id', '=', userId)
    .where('active', '=', true)
    .executeTakeFirst()
}

export function deputiesOfUser(db: Q, userId: string) {
  return db
    .selectFrom('deputy')
    .select(['id', 'jurisdiction_id'])
    .where('user_id', '=', userId)
    .where('active', '=', true)
    .execute()
}

export async function addToRoster(trx: Q, voteId: string, jurisdictionId: string, ids: string[]) {
  for (let i = 0; i < ids.length; i += 1000) {
    await trx
      .insertInto('vote_roster')
      .values(
        ids
          .slice(i, i + 1000)
          .map((d) => ({ vote_id: voteId, deputy_id: d, jurisdiction_id: jurisdictionId })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute()
  }
}

export async function removeFromRosterExcept(trx: Q, voteId: string, keep: string[]) {
  let q = trx.deleteFrom('vote_roster').where('vote_id', '=', voteId)
  if (keep.length) q = q.where('deputy_id', 'not in', keep)
  await q.execute()
}

export function listRoster(db: Q, voteId: string) {
  return db
    .selectFrom('vote_roster')
    .innerJoin('deputy', 'deputy.id', 'vote_roster.deputy_id')
    .select([
      'vote_roster.deputy_id',
      'vote_roster.present',
      'vote_roster.check_in_via',
      'vote_roster.checked_in_at',
      'deputy.display_name',
      'deputy.delegation',
    ])
    .where('vote_roster.vote_id', '=', voteId)
    .orderBy('deputy.delegation')
    .orderBy('deputy.display_name')
    .orderBy('deputy.id')
    .execute()
}

export function findRosterEntry(db: Q, voteId: string, deputyId: string) {
  return db
    .selectFrom('vote_roster')
    .selectAll()
    .where('vote_id', '=', voteId)
    .where('deputy_id', '=', deputyId)
    .executeTakeFirst()
}

export async function rosterMembers(db: Q, voteId: string, deputyIds: string[]) {
  if (deputyIds.length === 0) return new Set<string>()
  const rows = await db
    .selectFrom('vote_roster')
    .select('deputy_id')
    .where('vote_id', '=', voteId)
    .where('deputy_id', 'in', deputyIds)
    .execute()
  return new Set(rows.map((r) => r.deputy_id))
}

/** Marks deputies present; returns the ids that were not present before. */
export async function markPresent(
  trx: Q,
  voteId: string,
  deputyIds: string[],
  via: 'staff' | 'self',
  at: Date,
) {
  if (deputyIds.length === 0) return []
  const rows = await trx
    .updateTable('vote_roster')
    .set({ present: true, check_in_via: via, checked_in_at: at })
    .where('vote_id', '=', voteId)
    .where('deputy_id', 'in', deputyIds)
    .where('present', '=', false)
    .returning('deputy_id')
    .execute()
  return rows.map((r) => r.deputy_id)
}

export async function markAbsent(trx: Q, voteId: string, deputyId: string) {
  const r = await trx
    .updateTable('vote_roster')
    .set({ present: false, check_in_via: null, checked_in_at: null })
    .where('vote_id', '=', voteId)
    .where('deputy_id', '=', deputyId)
    .where('present', '=', true)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

export async function countFailedCode(trx: Q, voteId: string, deputyId: string) {
  const r = await trx
    .updateTable('vote_roster')
    .set((eb) => ({ failed_code_attempts: eb('failed_code_attempts', '+', 1) }))
    .where('vote_id', '=', voteId)
    .where('deputy_id', '=', deputyId)
    .returning('failed_code_attempts')
    .executeTakeFirst()
  return r?.failed_code_attempts ?? 0
}

export async function turnoutCounts(db: Q, voteId: string) {
  const r = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('vote_roster')
        .select((e) => e.fn.countAll().as('n'))
        .where('vote_id', '=', voteId)
        .as('entitled'),
      eb
        .selectFrom('vote_roster')
        .select((e) => e.fn.countAll().as('n'))
        .where('vote_id', '=', voteId)
        .where('present', '=', true)
        .as('present'),
      eb
        .selectFrom('vote_participation')
        .select((e) => e.fn.countAll().as('n'))
        .where('vote_id', '=', voteId)
        .as('voted'),
    ])
    .executeTakeFirstOrThrow()
  return {
    entitled: toNumber(r.entitled),
    present: toNumber(r.present),
    voted: toNumber(r.voted),
  }
}

// ── casting ────────────────────────────────────────────────────────────────────────────────

/** What the cast statement saw, and whether it recorded the ballot. */
export interface CastOutcome {
  state: VoteState
  on_roster: boolean
  present: boolean | null
  voted: boolean
  recorded: boolean
}

const castStatement = precompiled(
  (
    _db: Kysely<DB>,
    voteId: string,
    deputyId: string,
    jurisdictionId: string,
    valid: boolean,
    choicesJson: string,
    receiptHash: string,
  ) => sql<CastOutcome>`
    with v as (select state from vote where id = ${voteId}),
    r as (
      select r.present, p.deputy_id is not null as voted
      from vote_roster r
      left join vote_participation p on p.vote_id = r.vote_id and p.deputy_id = r.deputy_id
      where r.vote_id = ${voteId} and r.deputy_id = ${deputyId}
    ),
    p as (
      insert into vote_participation (vote_id, deputy_id, jurisdiction_id)
      select cast(${voteId} as uuid), cast(${deputyId} as uuid), cast(${jurisdictionId} as uuid)
      where cast(${valid} as boolean)
        and exists (select 1 from v where state = 'open')
        and exists (select 1 from r where present and not voted)
      on conflict do nothing
      returning 1 as ok
    ),
    b as (
      insert into ballot_box (vote_id, jurisdiction_id, choices)
      select cast(${voteId} as uuid), cast(${jurisdictionId} as uuid),
        cast(${choicesJson}::text as jsonb) from p
    ),
    h as (
      insert into receipt_box (receipt_hash, vote_id, jurisdiction_id)
      select ${receiptHash}, cast(${voteId} as uuid), cast(${jurisdictionId} as uuid) from p
    )
    select v.state, r.present is not null as on_roster, r.present, coalesce(r.voted, false) as voted,
      exists (select 1 from p) as recorded
    from v left join r on true`,
)

/**
 * The cast itself, one statement for the cast's transaction (run after lockVoteSharedStatement,
 * so the state read here is the committed one): reads the vote's state and the deputy's roster
 * entry and — only when `valid`, the vote is open, the deputy is present and has not voted —
 * inserts the participation row (who) and, only if that row was inserted, the anonymous ballot
 * and the receipt hash (what). Nothing links the two but the vote. A concurrent or retried second
 * cast inserts no participation (primary key, ON CONFLICT DO NOTHING) and so no ballot either.
 * Its one row tells what the checks saw and whether the ballot was recorded; when it was not,
 * the statement wrote nothing.
 */
export function castInOneStatement(
  db: Kysely<DB>,
  c: {
    voteId: string
    deputyId: string
    jurisdictionId: string
    valid: boolean
    choices: BallotChoices
    receiptHash: string
  },
) {
  return castStatement(
    db,
    c.voteId,
    c.deputyId,
    c.jurisdictionId,
    c.valid,
    // As `jsonb()` sends it: text, cast in SQL, identical on both drivers.
    JSON.stringify(c.choices),
    c.receiptHash,
  )
}

export async function participantsOf(db: Q, voteId: string) {
  const rows = await db
    .selectFrom('vote_participation')
    .select('deputy_id')
    .where('vote_id', '=', voteId)
    .execute()
  return new Set(rows.map((r) => r.deputy_id))
}

export async function hasParticipated(db: Q, voteId: string, deputyId: string) {
  const r = await db
    .selectFrom('vote_participation')
    .select('deputy_id')
    .where('vote_id', '=', voteId)
    .where('deputy_id', '=', deputyId)
    .executeTakeFirst()
  return r !== undefined
}

// ── sealing at close ───────────────────────────────────────────────────────────────────────

export async function boxContents(trx: Transaction<DB>, voteId: string) {
  const ballots = await trx
    .selectFrom('ballot_box')
    .select('choices')
    .where('vote_id', '=', voteId)
    .execute()
  const receipts = await trx
    .selectFrom('receipt_box')
    .select('receipt_hash')
    .where('vote_id', '=', voteId)
    .execute()
  return { ballots: ballots.map((b) => b.choices), receipts: receipts.map((r) => r.receipt_hash) }
}

/**
 * Writes the ballots and receipt hashes, in the order given (already shuffled), into the sealed
 * tables with fresh ids, empties the boxes, and rewrites every participation row, all in the
 * caller's (close) transaction: afterwards every ballot, receipt and participation row of the
 * vote carries the same xmin, and physical order no longer follows the order of casting.
 */
export async function sealBoxes(
  trx: Transaction<DB>,
  voteId: string,
  jurisdictionId: string,
  ballots: BallotChoices[],
  receiptHashes: string[],
) {
  for (let i = 0; i < ballots.length; i += 500) {
    await trx
      .insertInto('ballot')
      .values(
        ballots.slice(i, i + 500).map((choices) => ({
          vote_id: voteId,
          jurisdiction_id: jurisdictionId,
          choices: jsonb(choices),
        })),
      )
      .execute()
  }
  for (let i = 0; i < receiptHashes.length; i += 1000) {
    await trx
      .insertInto('receipt')
      .values(
        receiptHashes
          .slice(i, i + 1000)
          .map((h) => ({ receipt_hash: h, vote_id: voteId, jurisdiction_id: jurisdictionId })),
      )
      .execute()
  }
  await trx.deleteFrom('ballot_box').where('vote_id', '=', voteId).execute()
  await trx.deleteFrom('receipt_box').where('vote_id', '=', voteId).execute()
  await trx
    .updateTable('vote_participation')
    .set({ sealed: true })
    .where('vote_id', '=', voteId)
    .execute()
}

/**
 * Best effort after the close commits: reclaims the dead tuples of the boxes and of the old
 * participation versions, which still carry the shared xmin of each cast until vacuumed.
 */
export async function vacuumBoxes(db: Kysely<DB>) {
  await sql`vacuum ballot_box, receipt_box, vote_participation`.execute(db)
}

export async function listSealedBallots(db: Q, voteId: string) {
  const rows = await db
    .selectFrom('ballot')
    .select(['id', 'choices'])
    .where('vote_id', '=', voteId)
    .orderBy('id')
    .execute()
  return rows
}

export async function listReceiptHashes(db: Q, voteId: string) {
  const rows = await db
    .selectFrom('receipt')
    .select('receipt_hash')
    .where('vote_id', '=', voteId)
    .orderBy('receipt_hash')
    .execute()
  return rows.map((r) => r.receipt_hash)
}

export function findPublishedReceipt(db: Q, receiptHash: string) {
  return db
    .selectFrom('receipt')
    .innerJoin('vote', 'vote.id', 'receipt.vote_id')
    .select('vote.id as vote_id')
    .where('receipt.receipt_hash', '=', receiptHash)
    .where('vote.state', '=', 'published')
    .executeTakeFirst()
}

// ── paper ballots ──────────────────────────────────────────────────────────────────────────

export function findPaperEntry(db: Q, voteId: string, sheetNo: number, round: number) {
  return db
    .selectFrom('paper_entry')
    .selectAll()
    .where('vote_id', '=', voteId)
    .where('sheet_no', '=', sheetNo)
    .where('round', '=', round)
    .executeTakeFirst()
}

export function findPaperEntries(db: Q, voteId: string, sheetNo: number) {
  return db
    .selectFrom('paper_entry')
    .selectAll()
    .where('vote_id', '=', voteId)
    .where('sheet_no', '=', sheetNo)
    .orderBy('round')
    .execute()
}

export async function insertPaperEntry(
  trx: Q,
  e: {
    voteId: string
    jurisdictionId: string
    sheetNo: number
    round: number
    choices: BallotChoices | null
    invalid: boolean
    enteredBy: string
    at: Date
  },
) {
  const r = await trx
    .insertInto('paper_entry')
    .values({
      vote_id: e.voteId,
      jurisdiction_id: e.jurisdictionId,
      sheet_no: e.sheetNo,
      round: e.round,
      choices: e.choices ? jsonb(e.choices) : null,
      invalid: e.invalid,
      entered_by: e.enteredBy,
      entered_at: e.at,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('sheet_no')
    .executeTakeFirst()
  return r !== undefined
}

export function listPaperEntries(db: Q, voteId: string) {
  return db
    .selectFrom('paper_entry')
    .select(['sheet_no', 'round', 'choices', 'invalid', 'entered_by'])
    .where('vote_id', '=', voteId)
    .orderBy('sheet_no')
    .orderBy('round')
    .execute()
}

export function listPaperResolutions(db: Q, voteId: string) {
  return db
    .selectFrom('paper_resolution')
    .select(['sheet_no', 'choices', 'invalid'])
    .where('vote_id', '=', voteId)
    .execute()
}

export async function upsertResolution(
  trx: Q,
  r: {
    voteId: string
    jurisdictionId: string
    sheetNo: number
    choices: BallotChoices | null
    invalid: boolean
    by: string
    at: Date
  },
) {
  await trx
    .insertInto('paper_resolution')
    .values({
      vote_id: r.voteId,
      jurisdiction_id: r.jurisdictionId,
      sheet_no: r.sheetNo,
      choices: r.choices ? jsonb(r.choices) : null,
      invalid: r.invalid,
      resolved_by: r.by,
      resolved_at: r.at,
    })
    .onConflict((oc) =>
      oc.columns(['vote_id', 'sheet_no']).doUpdateSet({
        choices: r.choices ? jsonb(r.choices) : null,
        invalid: r.invalid,
        resolved_by: r.by,
        resolved_at: r.at,
      }),
    )
    .execute()
}

export async function deletePaperSheet(trx: Q, voteId: string, sheetNo: number) {
  await trx
    .deleteFrom('paper_resolution')
    .where('vote_id', '=', voteId)
    .where('sheet_no', '=', sheetNo)
    .execute()
  const r = await trx
    .deleteFrom('paper_entry')
    .where('vote_id', '=', voteId)
    .where('sheet_no', '=', sheetNo)
    .executeTakeFirst()
  return Number(r.numDeletedRows)
}

export function findPaperCount(db: Q, voteId: string) {
  return db.selectFrom('paper_count').selectAll().where('vote_id', '=', voteId).executeTakeFirst()
}

export async function upsertPaperCount(
  trx: Q,
  p: {
    voteId: string
    jurisdictionId: string
    issued: number
    returned: number
    by: string
    at: Date
  },
) {
  await trx
    .insertInto('paper_count')
    .values({
      vote_id: p.voteId,
      jurisdiction_id: p.jurisdictionId,
      issued: p.issued,
      returned: p.returned,
      recorded_by: p.by,
      recorded_at: p.at,
    })
    .onConflict((oc) =>
      oc.column('vote_id').doUpdateSet({
        issued: p.issued,
        returned: p.returned,
        recorded_by: p.by,
        recorded_at: p.at,
      }),
    )
    .execute()
}

export function displayNameOf(db: Q, userId: string | null) {
  if (!userId) return Promise.resolve(undefined)
  return db
    .selectFrom('app_user')
    .select('display_name')
    .where('id', '=', userId)
    .executeTakeFirst()
}

// ── for other features ─────────────────────────────────────────────────────────────────────

export function publishedVotesOfCycle(db: Q, cycleId: string) {
  return db
    .selectFrom('vote')
    .select(['id', 'kind', 'parent_vote_id', 'result', 'published_at'])
    .where('cycle_id', '=', cycleId)
    .where('state', '=', 'published')
    .orderBy('published_at')
    .execute()
}

/** Published votes of one kind anywhere, newest first, with their jurisdiction's name. */
export function publishedVotesOfKind(db: Q, kind: VoteKind, limit: number) {
  return db
    .selectFrom('vote')
    .innerJoin('jurisdiction', 'jurisdiction.id', 'vote.jurisdiction_id')
    .select([
      'vote.id',
      'vote.cycle_id',
      'vote.title',
      'vote.published_at',
      'vote.jurisdiction_id',
      'jurisdiction.name as jurisdiction_name',
    ])
    .where('vote.kind', '=', kind)
    .where('vote.state', '=', 'published')
    .orderBy('vote.published_at', 'desc')
    .limit(limit)
    .execute()
}

/**
 * The votes in `states` each deputy was entitled to, with whether they were present and voted —
 * never anything about content. Newest first.
 */
export function votesOnRoster(db: Q, deputyIds: string[], states: VoteState[]) {
  if (deputyIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('vote_roster')
    .innerJoin('vote', 'vote.id', 'vote_roster.vote_id')
    .leftJoin('vote_participation', (j) =>
      j
        .onRef('vote_participation.vote_id', '=', 'vote_roster.vote_id')
        .onRef('vote_participation.deputy_id', '=', 'vote_roster.deputy_id'),
    )
    .select([
      'vote.id',
      'vote.cycle_id',
      'vote.jurisdiction_id',
      'vote.kind',
      'vote.title',
      'vote.state',
      'vote.opened_at',
      'vote_roster.present',
      'vote_participation.deputy_id as voted_as',
    ])
    .where('vote_roster.deputy_id', 'in', deputyIds)
    .where('vote.state', 'in', states)
    .orderBy('vote.created_at', 'desc')
    .execute()
}
