import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { BallotChoices, DB, Role, VoteKind } from '@ms/db'
import type { Ctx, Deps } from '../shared/context.js'
import { getJurisdictionRef, requireAuth, requireRole, type Auth } from '../shared/access.js'
import { ApiError, badRequest, conflict, forbidden, notFound } from '../shared/errors.js'
import { audit } from '../shared/audit.js'
import {
  advanceCyclePhase,
  findCycle,
  listCandidates,
  registerPhaseGuard,
} from '../cycles/cycles.exports.js'
import * as repo from './ballots.repository.js'
import { loadPdfFont, renderBallotSheet } from './ballots.pdf.js'
import { hooksOf, type RatingResultBase } from './ballots.kinds.js'
import {
  bulletinChainHead,
  checkBallot,
  hashReceipt,
  normalizeChoices,
  normalizeReceipt,
  paperVoidReason,
  reconcileSheets,
  tally,
  tallyRatings,
  type BallotForm,
  type BulletinBallot,
  type PaperReading,
  type SheetStatus,
  type Tally,
} from './ballots.rules.js'

/**
 * The secret ballot (DESIGN.md §2 phases 5–6, §4). Use-case verbs: each checks access, then runs
 * in one transaction. What none of them ever does: audit, log or return anything that ties a
 * deputy to the content of a ballot.
 */
const STAFF: Role[] = ['staff']
const STAFF_TELLER: Role[] = ['staff', 'teller']
const TURNOUT_ROLES: Role[] = ['staff', 'teller', 'deputy']
const LIST_ROLES: Role[] = ['staff', 'teller', 'deputy']
const MAX_CODE_ATTEMPTS = 5

type VoteRow = NonNullable<Awaited<ReturnType<typeof repo.findVote>>>

async function loadVote(c: Ctx, vid: string, roles: Role[]) {
  const { db } = c.deps.database
  const found = await repo.findVoteWithPath(db, vid)
  if (!found) throw notFound('Vote')
  const { jurisdiction_path: path, ...vote } = found
  const j = { id: vote.jurisdiction_id, path }
  const auth = requireRole(c.auth, j, roles)
  return { vote: vote as VoteRow, j, auth, db }
}

/**
 * The frozen candidate ids of open votes, cached per process: they never change once a vote has
 * opened (nothing another API instance would need; a miss just reads them again).
 */
const frozenIds = new Map<string, string[]>()
async function frozenCandidateIds(trx: Kysely<DB> | Transaction<DB>, vid: string) {
  let ids = frozenIds.get(vid)
  if (!ids) {
    ids = (await repo.listVoteCandidates(trx, vid)).map((x) => x.id)
    if (frozenIds.size > 500) frozenIds.delete(frozenIds.keys().next().value!)
    frozenIds.set(vid, ids)
  }
  return ids
}

/** A user id that matches no deputy (for the left join of an unauthenticated caller). */
const NO_USER = '00000000-0000-0000-0000-000000000000'

const hasRoleOn = (auth: Auth, jid: string, roles: Role[]) =>
  auth.grants.some((g) => g.jurisdictionId === jid && roles.includes(g.role))

const newCheckInCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0')

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
/** 120 random bits as 24 base32 characters in groups of four: ABCD-EFGH-…. */
function newReceiptCode(): string {
  const bytes = randomBytes(15)
  let bits = 0
  let value = 0
  let out = ''
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  return out.match(/.{4}/g)!.join('-')
}

/** Fisher–Yates with a cryptographic source: the sealed order must not be predictable. */
function shuffle<T>(items: T[]): T[] {
  const a = [...items]
  for (let i = a.length - 1; i > 0; i--) {
    const k = randomInt(0, i + 1)
    ;[a[i], a[k]] = [a[k]!, a[i]!]
  }
  return a
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

// ── views ──────────────────────────────────────────────────────────────────────────────────

/**
 * The candidates of a vote: the frozen snapshot once open, else a preview of the locked list.
 * Runoffs and evaluations fix their candidates when created (`runoff_candidate_ids`): a runoff
 * the tied ones, in list order; an evaluation the candidates the cycle's projects came from, in
 * the order it was given (project rank).
 */
async function fixedCandidates(db: Kysely<DB> | Transaction<DB>, vote: VoteRow) {
  const list = await listCandidates(db, vote.cycle_id)
  const only = vote.runoff_candidate_ids
  if (!only) return list
  if (vote.kind === 'evaluation')
    return only.map((id) => list.find((c) => c.id === id)).filter((c) => c !== undefined)
  return list.filter((c) => only.includes(c.id))
}

async function candidatesOf(db: Kysely<DB> | Transaction<DB>, vote: VoteRow) {
  if (vote.state !== 'draft') return repo.listVoteCandidates(db, vote.id)
  const filtered = await fixedCandidates(db, vote)
  return filtered.map((c) => ({
    id: c.id,
    title: c.title,
    description: c.description,
    category: c.category,
    responsibleUnit: c.responsibleUnit,
    estimateFen: c.estimateFen,
    fundingSource: c.fundingSource as string,
    location: c.location,
  }))
}

export interface VoteRules {
  seats: number
  maxApprovals: number
  ballotForm: BallotForm
  thresholdBasis: 'all' | 'present' | 'valid'
  frozen: boolean
  /** Evaluations: the grading rule's comparison and the rectification threshold ("0.8000"). */
  gradeComparison?: 'reach' | 'exceed'
  satisfactionThreshold?: string
}

/** An evaluation's rules: the cycle's satisfaction settings until open, then frozen on the vote. */
async function evaluationRulesOf(
  db: Kysely<DB> | Transaction<DB>,
  vote: VoteRow,
): Promise<VoteRules> {
  const seats = vote.seats ?? vote.runoff_candidate_ids?.length ?? 0
  if (vote.state !== 'draft' && vote.grade_comparison && vote.satisfaction_threshold)
    return {
      seats,
      maxApprovals: 0,
      ballotForm: 'satisfaction',
      thresholdBasis: vote.threshold_basis!,
      frozen: true,
      gradeComparison: vote.grade_comparison,
      satisfactionThreshold: vote.satisfaction_threshold,
    }
  const cycle = await findCycle(db, vote.cycle_id)
  if (!cycle) throw notFound('Cycle')
  return {
    seats,
    maxApprovals: 0,
    ballotForm: 'satisfaction',
    thresholdBasis: cycle.evaluationBasis,
    frozen: false,
    gradeComparison: cycle.evaluationComparison,
    satisfactionThreshold: cycle.satisfactionThreshold,
  }
}

async function rulesOf(db: Kysely<DB> | Transaction<DB>, vote: VoteRow): Promise<VoteRules> {
  if (vote.kind === 'evaluation') return evaluationRulesOf(db, vote)
  if (vote.state !== 'draft' && vote.seats && vote.ballot_form && vote.threshold_basis) {
    return {
      seats: vote.seats,
      maxApprovals: vote.seats,
      ballotForm: vote.ballot_form,
      thresholdBasis: vote.threshold_basis,
      frozen: true,
    }
  }
  const cycle = await findCycle(db, vote.cycle_id)
  if (!cycle) throw notFound('Cycle')
  const seats = vote.seats ?? cycle.seats
  return {
    seats,
    maxApprovals: seats,
    ballotForm: cycle.ballotForm,
    thresholdBasis: cycle.thresholdBasis,
    frozen: false,
  }
}

async function voteView(db: Kysely<DB>, vote: VoteRow, opts: { staff: boolean }) {
  const [rules, candidates, turnout, certifier] = await Promise.all([
    rulesOf(db, vote),
    candidatesOf(db, vote),
    repo.turnoutCounts(db, vote.id),
    repo.displayNameOf(db, vote.certified_by),
  ])
  return {
    id: vote.id,
    cycleId: vote.cycle_id,
    jurisdictionId: vote.jurisdiction_id,
    kind: vote.kind,
    parentVoteId: vote.parent_vote_id,
    title: vote.title,
    state: vote.state,
    rules,
    candidates,
    turnout,
    ...(opts.staff ? { checkInCode: vote.check_in_code } : {}),
    createdAt: vote.created_at.toISOString(),
    openedAt: iso(vote.opened_at),
    closedAt: iso(vote.closed_at),
    certifiedAt: iso(vote.certified_at),
    certifiedBy: certifier?.display_name ?? null,
    publishedAt: iso(vote.published_at),
  }
}

export async function getVote(c: Ctx, vid: string) {
  const { vote, db, auth } = await loadVote(c, vid, STAFF_TELLER)
  return voteView(db, vote, { staff: hasRoleOn(auth, vote.jurisdiction_id, STAFF) })
}

/**
 * The cycle's votes of the given kinds. Evaluations (kind 'evaluation') have their own list
 * (GET /cycles/:cid/evaluations), so the vote paths list selections and runoffs by default.
 */
export async function listVotes(
  c: Ctx,
  cid: string,
  kinds: readonly VoteKind[] = ['selection', 'runoff'],
) {
  const { db } = c.deps.database
  const cycle = await findCycle(db, cid)
  if (!cycle) throw notFound('Cycle')
  const j = await getJurisdictionRef(db, cycle.jurisdictionId)
  const auth = requireRole(c.auth, j, LIST_ROLES)
  const staff = hasRoleOn(auth, j.id, STAFF)
  const votes = (await repo.listVotesOfCycle(db, cid)).filter((v) => kinds.includes(v.kind))
  return { items: await Promise.all(votes.map((v) => voteView(db, v, { staff }))) }
}

/** The caller's votes as a deputy (any jurisdiction), newest first: what the deputy portal lists. */
export async function listMyVotes(c: Ctx, kinds: readonly VoteKind[] = ['selection', 'runoff']) {
  const auth = requireAuth(c.auth)
  const { db } = c.deps.database
  const deputies = await repo.deputiesOfUser(db, auth.userId)
  const rows = await repo.votesOnRoster(
    db,
    deputies.map((d) => d.id),
    ['draft', 'open', 'closed', 'certified', 'published'],
  )
  return {
    items: rows
      .filter((r) => kinds.includes(r.kind))
      .slice(0, 100)
      .map((r) => ({
        id: r.id,
        cycleId: r.cycle_id,
        jurisdictionId: r.jurisdiction_id,
        kind: r.kind,
        title: r.title,
        state: r.state,
        present: r.present,
        hasVoted: r.voted_as !== null,
      })),
  }
}

// ── creating a vote ────────────────────────────────────────────────────────────────────────

export async function createVote(
  c: Ctx,
  cid: string,
  input: {
    /** 'evaluation' only from the evaluation feature (its candidateIds: the projects' candidates). */
    kind: 'selection' | 'runoff' | 'evaluation'
    candidateIds?: string[]
    parentVoteId?: string
    title?: string
  },
) {
  const { db } = c.deps.database
  const cycle = await findCycle(db, cid)
  if (!cycle) throw notFound('Cycle')
  const j = await getJurisdictionRef(db, cycle.jurisdictionId)
  const auth = requireRole(c.auth, j, STAFF)
  const now = c.deps.now()
  const vote = await db.transaction().execute(async (trx) => {
    await repo.lockCycleVotes(trx, cid)
    const votes = await repo.listVotesOfCycle(trx, cid)
    let parent: VoteRow | undefined
    let runoffIds: string[] | null = null
    let seats: number | null = null
    let title = input.title
    if (input.kind === 'selection') {
      if (input.candidateIds || input.parentVoteId)
        throw badRequest('VALIDATION_FAILED', 'A selection vote covers the whole locked list')
      if (cycle.phase !== 'candidates_locked' && cycle.phase !== 'voting')
        throw conflict(
          'PHASE_CONFLICT',
          `A vote needs the candidate list locked; the cycle is in phase ${cycle.phase}`,
          { phase: cycle.phase },
        )
      for (const v of votes.filter((v) => v.kind === 'selection')) {
        if (!(await isVoid(trx, v)))
          throw conflict('VOTE_EXISTS', 'This cycle already has a selection vote', {
            voteId: v.id,
          })
      }
      title ??= `${cycle.title}票决`
    } else if (input.kind === 'evaluation') {
      if (input.parentVoteId)
        throw badRequest('VALIDATION_FAILED', 'An evaluation follows no other vote')
      if (cycle.phase !== 'implementing' && cycle.phase !== 'evaluating')
        throw conflict(
          'PHASE_CONFLICT',
          `An evaluation rates the projects of a cycle being implemented; the cycle is in phase ${cycle.phase}`,
          { phase: cycle.phase },
        )
      const ids = [...new Set(input.candidateIds ?? [])]
      if (ids.length === 0) throw conflict('NO_CANDIDATES', 'There is nothing to evaluate')
      if (ids.length > 200) throw badRequest('VALIDATION_FAILED', 'At most 200 items per ballot')
      const known = new Set((await listCandidates(trx, cid)).map((x) => x.id))
      const unknown = ids.filter((id) => !known.has(id))
      if (unknown.length)
        throw badRequest('UNKNOWN_CANDIDATE', 'Not candidates of this cycle', {
          candidateIds: unknown,
        })
      // One evaluation at a time; a later one (a re-evaluation after rectification) may follow.
      const busy = votes.find(
        (v) => v.kind === 'evaluation' && (v.state === 'draft' || v.state === 'open'),
      )
      if (busy)
        throw conflict('VOTE_EXISTS', 'An evaluation of this cycle is still in progress', {
          voteId: busy.id,
        })
      runoffIds = ids
      seats = ids.length
      title ??= `${cycle.title}满意度测评`
    } else {
      // Ties are decided among the selection's candidates: evaluations are never a parent.
      const decisions = votes.filter((v) => v.kind !== 'evaluation')
      parent = input.parentVoteId
        ? decisions.find((v) => v.id === input.parentVoteId)
        : [...decisions]
            .reverse()
            .find((v) => ['closed', 'certified', 'published'].includes(v.state))
      if (input.parentVoteId && !parent) throw notFound('Parent vote')
      if (!parent || !['closed', 'certified', 'published'].includes(parent.state))
        throw conflict('NO_TIE', 'A runoff follows a closed vote whose result has a tie')
      const parentResult = await selectionResultOf(trx, parent)
      if (parentResult.paper.pending > 0)
        throw conflict(
          'PAPER_NOT_RECONCILED',
          'Reconcile the paper ballots of the vote before deciding its tie',
        )
      if (parentResult.ties.length === 0)
        throw conflict('NO_TIE', 'The result of that vote has no tie at the boundary')
      if (votes.some((v) => v.parent_vote_id === parent!.id))
        throw conflict('VOTE_EXISTS', 'A runoff for this tie exists already')
      const ties = parentResult.ties
      if (
        input.candidateIds &&
        (input.candidateIds.length !== ties.length ||
          !input.candidateIds.every((id) => ties.includes(id)))
      )
        throw badRequest('NOT_TIED', 'A runoff is held among exactly the tied candidates', {
          ties,
        })
      runoffIds = ties
      seats = parentResult.seats - parentResult.rows.filter((r) => r.selected).length
      title ??= `${cycle.title}票决（同票候选项目再次投票）`
    }
    const created = await repo.insertVote(trx, {
      jurisdictionId: j.id,
      cycleId: cid,
      kind: input.kind,
      parentVoteId: parent?.id ?? null,
      title,
      runoffCandidateIds: runoffIds,
      seats,
      checkInCode: newCheckInCode(),
      createdBy: auth.userId,
      at: now,
    })
    const roster = await repo.activeDeputyIds(trx, j.id)
    await repo.addToRoster(trx, created.id, j.id, roster)
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: auth.userId,
        action: 'vote.create',
        entity: 'vote',
        entityId: created.id,
        after: {
          kind: created.kind,
          title,
          cycleId: cid,
          parentVoteId: created.parent_vote_id,
          candidateIds: runoffIds,
          seats,
          entitled: roster.length,
        },
        requestId: c.requestId,
      },
      now,
    )
    return created
  })
  return voteView(db, vote, { staff: true })
}

async function isVoid(db: Kysely<DB> | Transaction<DB>, v: VoteRow) {
  if (v.state !== 'closed') return false
  const count = await repo.findPaperCount(db, v.id)
  if (!count) return false
  const t = await repo.turnoutCounts(db, v.id)
  return (
    paperVoidReason({
      issued: count.issued,
      returned: count.returned,
      electronicVoted: t.voted,
      present: t.present,
    }) !== null
  )
}

// ── roster and check-in ────────────────────────────────────────────────────────────────────

export async function setRoster(c: Ctx, vid: string, deputyIds: string[]) {
  const { j, auth, db } = await loadVote(c, vid, STAFF)
  const ids = [...new Set(deputyIds)]
  const known = await repo.deputiesAmong(db, j.id, ids)
  const unknown = ids.filter((id) => !known.has(id))
  if (unknown.length)
    throw badRequest('UNKNOWN_DEPUTY', 'Some ids are not active deputies of this congress', {
      deputyIds: unknown,
    })
  const now = c.deps.now()
  await db.transaction().execute(async (trx) => {
    const v = await repo.lockVote(trx, vid, 'update')
    if (v!.state !== 'draft')
      throw conflict('VOTE_NOT_DRAFT', 'The roster is fixed once the vote has opened')
    const before = await repo.turnoutCounts(trx, vid)
    await repo.removeFromRosterExcept(trx, vid, ids)
    await repo.addToRoster(trx, vid, j.id, ids)
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: auth.userId,
        action: 'vote.roster',
        entity: 'vote',
        entityId: vid,
        before: { entitled: before.entitled },
        after: { entitled: ids.length, deputyIds: ids },
        requestId: c.requestId,
      },
      now,
    )
    await repo.notifyTurnout(trx, vid)
  })
  return getRoster(c, vid)
}

export async function getRoster(c: Ctx, vid: string) {
  const { vote, db } = await loadVote(c, vid, STAFF_TELLER)
  const rows = await repo.listRoster(db, vid)
  // Who has voted is shown only after the close (not content, but no reason to watch it live).
  const showVoted = ['closed', 'certified', 'published'].includes(vote.state)
  const voted = showVoted ? await repo.participantsOf(db, vid) : new Set<string>()
  return {
    items: rows.map((r) => ({
      deputyId: r.deputy_id,
      displayName: r.display_name,
      delegation: r.delegation,
      present: r.present,
      checkInVia: r.check_in_via,
      ...(showVoted ? { voted: voted.has(r.deputy_id) } : {}),
    })),
    entitled: rows.length,
    present: rows.filter((r) => r.present).length,
  }
}

const checkInOpen = (state: string) => state === 'draft' || state === 'open'

export async function checkIn(c: Ctx, vid: string, deputyIds: string[]) {
  const { j, auth, db } = await loadVote(c, vid, STAFF)
  const ids = [...new Set(deputyIds)]
  const now = c.deps.now()
  await db.transaction().execute(async (trx) => {
    const v = await repo.lockVote(trx, vid, 'share')
    if (!checkInOpen(v!.state))
      throw conflict('CHECK_IN_CLOSED', 'Check-in ends when the vote closes')
    const members = await repo.rosterMembers(trx, vid, ids)
    const outside = ids.filter((id) => !members.has(id))
    if (outside.length)
      throw badRequest('NOT_ON_ROSTER', 'Some deputies are not on the roster of this vote', {
        deputyIds: outside,
      })
    const changed = await repo.markPresent(trx, vid, ids, 'staff', now)
    if (changed.length) {
      await audit(
        trx,
        {
          jurisdictionId: j.id,
          actorUserId: auth.userId,
          action: 'vote.check_in',
          entity: 'vote',
          entityId: vid,
          after: { deputyIds: changed },
          requestId: c.requestId,
        },
        now,
      )
      await repo.notifyTurnout(trx, vid)
    }
  })
  return turnoutOf(db, vid)
}

export async function undoCheckIn(c: Ctx, vid: string, deputyId: string) {
  const { j, auth, db } = await loadVote(c, vid, STAFF)
  const now = c.deps.now()
  await db.transaction().execute(async (trx) => {
    const v = await repo.lockVote(trx, vid, 'update')
    if (v!.state !== 'draft')
      throw conflict('VOTE_NOT_DRAFT', 'A check-in can be undone only before the vote opens')
    if (!(await repo.findRosterEntry(trx, vid, deputyId))) throw notFound('Roster entry')
    if (await repo.markAbsent(trx, vid, deputyId)) {
      await audit(
        trx,
        {
          jurisdictionId: j.id,
          actorUserId: auth.userId,
          action: 'vote.check_in_undo',
          entity: 'vote',
          entityId: vid,
          after: { deputyId },
          requestId: c.requestId,
        },
        now,
      )
      await repo.notifyTurnout(trx, vid)
    }
  })
  return turnoutOf(db, vid)
}

export async function rotateCheckInCode(c: Ctx, vid: string) {
  const { j, auth, db } = await loadVote(c, vid, STAFF)
  const now = c.deps.now()
  const code = newCheckInCode()
  await db.transaction().execute(async (trx) => {
    const v = await repo.lockVote(trx, vid, 'update')
    if (!checkInOpen(v!.state))
      throw conflict('CHECK_IN_CLOSED', 'Check-in ends when the vote closes')
    await repo.updateVote(trx, vid, { check_in_code: code })
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: auth.userId,
        action: 'vote.check_in_code',
        entity: 'vote',
        entityId: vid,
        requestId: c.requestId,
      },
      now,
    )
  })
  return { code }
}

async function deputyOf(db: Kysely<DB>, jid: string, auth: Auth) {
  const d = await repo.findDeputyOfUser(db, jid, auth.userId)
  if (!d) throw forbidden('Your account is not linked to a deputy of this congress')
  return d
}

/** A deputy checks in with the code shown in the hall (5 wrong tries lock it for this vote). */
export async function selfCheckIn(c: Ctx, vid: string, code: string) {
  const { j, auth, db } = await loadVote(c, vid, ['deputy'])
  const deputy = await deputyOf(db, j.id, auth)
  const now = c.deps.now()
  const outcome = await db.transaction().execute(async (trx) => {
    const v = await repo.lockVote(trx, vid, 'share')
    if (!checkInOpen(v!.state))
      throw conflict('CHECK_IN_CLOSED', 'Check-in ends when the vote closes')
    const entry = await repo.findRosterEntry(trx, vid, deputy.id)
    if (!entry) throw new ApiError(403, 'NOT_ON_ROSTER', 'You are not on the roster of this vote')
    if (entry.present) return 'present' as const
    if (entry.failed_code_attempts >= MAX_CODE_ATTEMPTS) return 'locked' as const
    const a = Buffer.from(code.replace(/\s/g, ''))
    const b = Buffer.from(v!.check_in_code)
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      // Committed (not thrown here), so failed tries count even though the request fails.
      const n = await repo.countFailedCode(trx, vid, deputy.id)
      return n >= MAX_CODE_ATTEMPTS ? ('locked' as const) : ('wrong' as const)
    }
    await repo.markPresent(trx, vid, [deputy.id], 'self', now)
    await repo.notifyTurnout(trx, vid)
    return 'present' as const
  })
  if (outcome === 'locked')
    throw new ApiError(
      429,
      'TOO_MANY_ATTEMPTS',
      'Too many wrong codes; ask the staff at the desk to check you in',
    )
  if (outcome === 'wrong')
    throw badRequest('WRONG_CHECK_IN_CODE', 'The check-in code is not the one shown in the hall')
  return { voteId: vid, present: true }
}

// ── open and close ─────────────────────────────────────────────────────────────────────────

export async function openVote(c: Ctx, vid: string) {
  const { j, auth, db } = await loadVote(c, vid, STAFF)
  const now = c.deps.now()
  const vote = await db.transaction().execute(async (trx) => {
    const v = (await repo.lockVote(trx, vid, 'update'))!
    if (v.state !== 'draft') throw conflict('VOTE_NOT_DRAFT', `The vote is ${v.state}, not draft`)
    const t = await repo.turnoutCounts(trx, vid)
    // 过半数: more than half of the roster must be present.
    if (t.present * 2 <= t.entitled || t.entitled === 0)
      throw conflict(
        'QUORUM_NOT_MET',
        `More than half of the ${t.entitled} entitled deputies must be present; ${t.present} are`,
        { entitled: t.entitled, present: t.present, required: Math.floor(t.entitled / 2) + 1 },
      )
    const cycle = await findCycle(trx, v.cycle_id)
    if (!cycle) throw notFound('Cycle')
    const evaluation = v.kind === 'evaluation'
    // An evaluation moves the cycle to 'evaluating', which also freezes its satisfaction settings.
    await advanceCyclePhase(
      trx,
      v.cycle_id,
      evaluation
        ? ['implementing', 'evaluating']
        : v.kind === 'selection'
          ? ['candidates_locked', 'voting']
          : ['voting'],
      evaluation ? 'evaluating' : 'voting',
      now,
    )
    const only = v.runoff_candidate_ids
    const candidates = await fixedCandidates(trx, v)
    if (only && candidates.length !== only.length)
      throw conflict(
        'CANDIDATES_CHANGED',
        evaluation
          ? 'A project to evaluate is no longer on the list'
          : 'A tied candidate is no longer on the list',
      )
    if (candidates.length === 0) throw conflict('NO_CANDIDATES', 'The list has no candidates')
    const seats = v.seats ?? cycle.seats
    await repo.insertVoteCandidates(trx, vid, j.id, candidates)
    const rules = evaluation
      ? {
          ballot_form: 'satisfaction' as const,
          threshold_basis: cycle.evaluationBasis,
          grade_comparison: cycle.evaluationComparison,
          satisfaction_threshold: cycle.satisfactionThreshold,
        }
      : { ballot_form: cycle.ballotForm, threshold_basis: cycle.thresholdBasis }
    const opened = await repo.updateVote(trx, vid, {
      state: 'open',
      seats,
      ...rules,
      opened_by: auth.userId,
      opened_at: now,
    })
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: auth.userId,
        action: 'vote.open',
        entity: 'vote',
        entityId: vid,
        before: { state: 'draft' },
        after: {
          state: 'open',
          seats,
          ballotForm: rules.ballot_form,
          thresholdBasis: rules.threshold_basis,
          ...(evaluation
            ? {
                gradeComparison: cycle.evaluationComparison,
                satisfactionThreshold: cycle.satisfactionThreshold,
              }
            : {}),
          candidateIds: candidates.map((x) => x.id),
          entitled: t.entitled,
          present: t.present,
        },
        requestId: c.requestId,
      },
      now,
    )
    await repo.notifyTurnout(trx, vid)
    return opened
  })
  return voteView(db, vote, { staff: true })
}

/**
 * Closes the window and seals the ballots: in the same transaction the ballots and receipt
 * hashes are rewritten, in a fresh cryptographic shuffle and with fresh ids, into the sealed
 * tables, the boxes are emptied, and every participation row is rewritten, so that insertion
 * order, ctid and xmin no longer line up with who voted. The FOR UPDATE lock waits for every
 * cast in flight (they hold FOR SHARE), so an accepted ballot is always sealed and counted.
 */
export async function closeVote(c: Ctx, vid: string) {
  const { j, auth, db } = await loadVote(c, vid, STAFF)
  const now = c.deps.now()
  const vote = await db.transaction().execute(async (trx) => {
    const v = (await repo.lockVote(trx, vid, 'update'))!
    if (v.state !== 'open') throw conflict('VOTE_NOT_OPEN', `The vote is ${v.state}, not open`)
    const box = await repo.boxContents(trx, vid)
    await repo.sealBoxes(trx, vid, j.id, shuffle(box.ballots), shuffle(box.receipts))
    const closed = await repo.updateVote(trx, vid, {
      state: 'closed',
      closed_by: auth.userId,
      closed_at: now,
    })
    const t = await repo.turnoutCounts(trx, vid)
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: auth.userId,
        action: 'vote.close',
        entity: 'vote',
        entityId: vid,
        before: { state: 'open' },
        after: { state: 'closed', ...t },
        requestId: c.requestId,
      },
      now,
    )
    await repo.notifyTurnout(trx, vid)
    return closed
  })
  try {
    await repo.vacuumBoxes(db)
  } catch (e) {
    c.deps.logger.warn('vacuum after close failed', {
      voteId: vid,
      error: e instanceof Error ? e.message : String(e),
    })
  }
  return voteView(db, vote, { staff: true })
}

// ── the electronic ballot ──────────────────────────────────────────────────────────────────

const invalidChoiceMessage = (form: BallotForm) =>
  form === 'satisfaction'
    ? 'Each project is rated satisfied, basically, dissatisfied or abstain'
    : form === 'approve_up_to_n'
      ? 'This ballot form only has ticks (for) and blanks'
      : 'Each candidate is marked for, against or abstain'

export async function getBallot(c: Ctx, vid: string) {
  const { vote, j, auth, db } = await loadVote(c, vid, ['deputy'])
  const deputy = await deputyOf(db, j.id, auth)
  const [rules, candidates, entry, voted] = await Promise.all([
    rulesOf(db, vote),
    candidatesOf(db, vote),
    repo.findRosterEntry(db, vid, deputy.id),
    repo.hasParticipated(db, vid, deputy.id),
  ])
  return {
    voteId: vid,
    title: vote.title,
    kind: vote.kind,
    state: vote.state,
    form: rules.ballotForm,
    seats: rules.seats,
    maxApprovals: rules.maxApprovals,
    onRoster: !!entry,
    present: !!entry?.present,
    hasVoted: voted,
    candidates,
  }
}

/**
 * Casts a deputy's ballot. One transaction writes the participation row (who) and the anonymous
 * ballot and receipt hash (what), with nothing in common but the vote. The participation row's
 * primary key refuses a second ballot, also under concurrent or retried submissions. Returns the
 * receipt code, which exists nowhere else (only its hash is stored).
 */
export async function castBallot(c: Ctx, vid: string, choices: Record<string, string>) {
  // Casting is the hot path of a session: one query before the transaction (vote, access,
  // deputy), then a transaction of the lock and one statement that checks and writes
  // (repo.castInOneStatement), sent together (Database.transactionPipeline: two round trips).
  const { database } = c.deps
  const { db } = database
  const found = await repo.findVoteForCaster(database, vid, c.auth?.userId ?? NO_USER)
  if (!found) throw notFound('Vote')
  requireRole(c.auth, { id: found.jurisdiction_id, path: found.jurisdiction_path }, ['deputy'])
  if (!found.deputy_id) throw forbidden('Your account is not linked to a deputy of this congress')
  // The state only moves forward (draft → open → closed → …) and the form, seats and candidate
  // list are fixed when the vote opens, so a vote not open here cannot take this ballot; an
  // open one is checked again under the lock.
  if (found.state !== 'open')
    throw conflict('VOTE_NOT_OPEN', 'Ballots are accepted only while the vote is open', {
      state: found.state,
    })
  const form = found.ballot_form!
  const ids = await frozenCandidateIds(db, vid)
  const problem = checkBallot(choices, ids, form, found.seats!)
  const receipt = newReceiptCode()
  // The statement runs after the lock is granted (a close holds it exclusive), with a snapshot
  // taken then. It writes nothing unless every check below passes, so the transaction commits
  // before they are read: a refused cast has committed nothing.
  const [, [r]] = await database.transactionPipeline([
    repo.lockVoteSharedStatement(db, vid),
    repo.castInOneStatement(db, {
      voteId: vid,
      deputyId: found.deputy_id,
      jurisdictionId: found.jurisdiction_id,
      valid: !problem,
      choices: problem ? {} : normalizeChoices(choices, ids, form),
      receiptHash: hashReceipt(receipt),
    }),
  ] as const)
  // The same checks, in the same order, as before the statement was folded into one.
  if (!r || r.state !== 'open')
    throw conflict('VOTE_NOT_OPEN', 'Ballots are accepted only while the vote is open', {
      state: r?.state,
    })
  if (!r.on_roster)
    throw new ApiError(403, 'NOT_ON_ROSTER', 'You are not on the roster of this vote')
  if (r.voted)
    throw conflict('ALREADY_VOTED', 'Your ballot for this vote has been recorded already')
  if (!r.present) throw conflict('NOT_CHECKED_IN', 'Check in (签到) before casting your ballot')
  if (problem) {
    switch (problem.code) {
      case 'UNKNOWN_CANDIDATE':
        throw badRequest('UNKNOWN_CANDIDATE', 'The ballot names a candidate not on this vote')
      case 'INVALID_CHOICE':
        throw badRequest('INVALID_CHOICE', invalidChoiceMessage(form))
      case 'TOO_MANY_APPROVALS':
        throw badRequest(
          'TOO_MANY_APPROVALS',
          `At most ${problem.maxApprovals} candidates may get 赞成`,
          { maxApprovals: problem.maxApprovals },
        )
    }
  }
  // Present, not voted, valid, yet nothing inserted: a concurrent cast of the same deputy won.
  if (!r.recorded)
    throw conflict('ALREADY_VOTED', 'Your ballot for this vote has been recorded already')
  announceTurnout(c.deps, vid)
  return { receipt, voteId: vid }
}

/**
 * Live-turnout notifications for casts, sent after commit and coalesced per vote (at most one per
 * 100 ms per process). A NOTIFY inside each cast transaction made every commit queue behind a
 * database-wide lock PostgreSQL takes to enqueue notifications. The timers are ephemeral: a lost
 * one only delays a turnout refresh, never a ballot.
 */
const pendingTurnout = new Map<string, ReturnType<typeof setTimeout>>()
function announceTurnout(deps: Ctx['deps'], vid: string) {
  if (pendingTurnout.has(vid)) return
  const timer = setTimeout(() => {
    pendingTurnout.delete(vid)
    deps.database.notify(repo.TURNOUT_CHANNEL, vid).catch((e: unknown) =>
      deps.logger.warn('turnout notify failed', {
        voteId: vid,
        error: e instanceof Error ? e.message : String(e),
      }),
    )
  }, 100)
  timer.unref?.()
  pendingTurnout.set(vid, timer)
}

// ── turnout ────────────────────────────────────────────────────────────────────────────────

async function turnoutOf(db: Kysely<DB>, vid: string) {
  const [vote, t] = await Promise.all([repo.findVote(db, vid), repo.turnoutCounts(db, vid)])
  return { voteId: vid, state: vote!.state, ...t }
}

export async function getTurnout(c: Ctx, vid: string) {
  const { db } = await loadVote(c, vid, TURNOUT_ROLES)
  return turnoutOf(db, vid)
}

export type TurnoutSnapshot = Awaited<ReturnType<typeof turnoutOf>>

/**
 * Live turnout for a server-sent-event stream. Changes arrive through PostgreSQL NOTIFY (from
 * whichever API process made them); each one triggers a fresh read, coalesced while a read is
 * in flight. Returns the unsubscribe function.
 */
export async function watchTurnout(
  c: Ctx,
  vid: string,
  send: (t: TurnoutSnapshot) => Promise<void>,
): Promise<() => Promise<void>> {
  const { db } = await loadVote(c, vid, TURNOUT_ROLES)
  let running = false
  let dirty = false
  let last = ''
  let stopped = false
  const push = async () => {
    if (running) {
      dirty = true
      return
    }
    running = true
    try {
      do {
        dirty = false
        const t = await turnoutOf(db, vid)
        const key = JSON.stringify(t)
        if (key !== last && !stopped) {
          last = key
          await send(t)
        }
      } while (dirty && !stopped)
    } catch (e) {
      c.deps.logger.warn('turnout stream read failed', {
        voteId: vid,
        error: e instanceof Error ? e.message : String(e),
      })
    } finally {
      running = false
    }
  }
  const unlisten = await c.deps.database.listen(repo.TURNOUT_CHANNEL, (payload) => {
    if (payload === vid) void push()
  })
  await push()
  return async () => {
    stopped = true
    await unlisten()
  }
}

// ── result ─────────────────────────────────────────────────────────────────────────────────

async function paperSheets(
  db: Kysely<DB> | Transaction<DB>,
  vid: string,
  ids: string[],
  form: BallotForm | null,
) {
  const [entries, resolutions] = await Promise.all([
    repo.listPaperEntries(db, vid),
    repo.listPaperResolutions(db, vid),
  ])
  const reading = (r: { choices: BallotChoices | null; invalid: boolean }): PaperReading => ({
    invalid: r.invalid,
    choices:
      r.invalid || !r.choices
        ? null
        : normalizeChoices(r.choices, ids, form ?? 'for_against_abstain'),
  })
  return reconcileSheets(
    entries.map((e) => ({ sheetNo: e.sheet_no, round: e.round, reading: reading(e) })),
    resolutions.map((r) => ({ sheetNo: r.sheet_no, reading: reading(r) })),
  )
}

/** The bulletin board of a closed vote: sealed ballots by (random) id, then reconciled sheets. */
async function bulletinOf(db: Kysely<DB> | Transaction<DB>, vote: VoteRow, sheets: SheetStatus[]) {
  const sealed = await repo.listSealedBallots(db, vote.id)
  const ballots: BulletinBallot[] = [
    ...sealed.map((b) => ({ id: b.id, source: 'electronic' as const, choices: b.choices })),
    ...sheets
      .filter((s) => s.final)
      .map((s) => ({
        id: `paper-${s.sheetNo}`,
        source: 'paper' as const,
        sheetNo: s.sheetNo,
        choices: s.final!.invalid ? null : s.final!.choices,
        invalid: s.final!.invalid,
      })),
  ]
  const receiptHashes = await repo.listReceiptHashes(db, vote.id)
  return { ballots, receiptHashes }
}

/** What every count reads: the frozen list, turnout, the board and the paper reconciliation. */
async function countInputs(db: Kysely<DB> | Transaction<DB>, vote: VoteRow) {
  const candidates = await repo.listVoteCandidates(db, vote.id)
  const ids = candidates.map((x) => x.id)
  const [turnout, sheets, count] = await Promise.all([
    repo.turnoutCounts(db, vote.id),
    paperSheets(db, vote.id, ids, vote.ballot_form),
    repo.findPaperCount(db, vote.id),
  ])
  const board = await bulletinOf(db, vote, sheets)
  const electronic = board.ballots.filter((b) => b.source === 'electronic').length
  const voidReason = count
    ? paperVoidReason({
        issued: count.issued,
        returned: count.returned,
        electronicVoted: turnout.voted,
        present: turnout.present,
      })
    : null
  const unreconciled = sheets.filter((s) => !s.final).length
  // Every returned sheet is entered (no more, no fewer), and sheets need issued/returned recorded.
  const countGap = count ? Math.abs(count.returned - sheets.length) : sheets.length > 0 ? 1 : 0
  return {
    ids,
    titles: new Map(candidates.map((x) => [x.id, x.title])),
    turnout,
    electronic,
    paperCounted: board.ballots.length - electronic,
    voidReason,
    ballots: board.ballots.map((b) => ({
      choices: b.choices as Record<string, string> | null,
      invalid: b.source === 'paper' ? b.invalid : false,
    })),
    paper: {
      issued: count?.issued ?? null,
      returned: count?.returned ?? null,
      sheets: sheets.length,
      reconciled: sheets.length - unreconciled,
      pending: unreconciled + countGap,
    },
    chainHead: vote.chain_head ?? bulletinChainHead(board.ballots, board.receiptHashes),
  }
}

export type VoteResult = Awaited<ReturnType<typeof selectionResultOf>>
export type RatingResult = Awaited<ReturnType<typeof ratingResultOf>>
/** The result of any vote: a selection or runoff, or an evaluation (kind 'evaluation'). */
export type AnyVoteResult = VoteResult | RatingResult

/** The tally of a closed selection or runoff, from the sealed ballots and the reconciled paper sheets. */
async function selectionResultOf(db: Kysely<DB> | Transaction<DB>, vote: VoteRow) {
  const x = await countInputs(db, vote)
  const seats = vote.seats!
  const t: Tally = tally({
    seats,
    basis: vote.threshold_basis as 'all' | 'present',
    entitled: x.turnout.entitled,
    present: x.turnout.present,
    candidateIds: x.ids,
    form: vote.ballot_form as BallotForm,
    maxApprovals: seats,
    ballots: x.ballots,
    voidReason: x.voidReason,
  })
  return {
    voteId: vote.id,
    cycleId: vote.cycle_id,
    kind: vote.kind as 'selection' | 'runoff',
    title: vote.title,
    state: vote.state,
    status: t.status,
    voidReason: t.voidReason,
    basis: t.basis,
    basisCount: t.basisCount,
    threshold: t.threshold,
    seats,
    maxApprovals: seats,
    form: vote.ballot_form as 'for_against_abstain' | 'approve_up_to_n',
    rows: t.rows.map((r) => ({ ...r, title: x.titles.get(r.candidateId) ?? '' })),
    ties: t.ties,
    shortfall: t.shortfall,
    turnout: x.turnout,
    ballots: {
      electronic: x.electronic,
      paper: x.paperCounted,
      valid: t.valid,
      invalid: t.invalid,
    },
    invalid: t.invalid,
    paper: x.paper,
    chainHead: x.chainHead,
    certifiedAt: iso(vote.certified_at),
    publishedAt: iso(vote.published_at),
  }
}

/**
 * The count of a closed evaluation: per project (candidate) the 满意/基本满意/不满意/弃权 marks of
 * the valid ballots, the basis of the grading rule (entitled deputies or valid ballots) and the
 * rule frozen at open; `grades` is what the evaluation feature derives from them (registered
 * with registerVoteKind), frozen with the result at certification.
 */
async function ratingResultOf(db: Kysely<DB> | Transaction<DB>, vote: VoteRow) {
  const x = await countInputs(db, vote)
  const t = tallyRatings({ candidateIds: x.ids, ballots: x.ballots })
  const basis = vote.threshold_basis as 'all' | 'valid'
  const base: RatingResultBase = {
    voteId: vote.id,
    cycleId: vote.cycle_id,
    state: vote.state,
    status: x.voidReason ? 'void' : 'decided',
    basis,
    basisCount: basis === 'all' ? x.turnout.entitled : t.valid,
    comparison: vote.grade_comparison!,
    satisfactionThreshold: vote.satisfaction_threshold!,
    rows: t.rows.map((r) => ({ ...r, title: x.titles.get(r.candidateId) ?? '' })),
    turnout: x.turnout,
    ballots: {
      electronic: x.electronic,
      paper: x.paperCounted,
      valid: t.valid,
      invalid: t.invalid,
    },
  }
  return {
    ...base,
    kind: 'evaluation' as const,
    title: vote.title,
    state: vote.state,
    voidReason: x.voidReason,
    form: 'satisfaction' as const,
    invalid: t.invalid,
    paper: x.paper,
    chainHead: x.chainHead,
    certifiedAt: iso(vote.certified_at),
    publishedAt: iso(vote.published_at),
    grades: hooksOf('evaluation')?.grades?.(base) ?? null,
  }
}

function resultOf(db: Kysely<DB> | Transaction<DB>, vote: VoteRow): Promise<AnyVoteResult> {
  return vote.kind === 'evaluation' ? ratingResultOf(db, vote) : selectionResultOf(db, vote)
}

const SEALED = () =>
  conflict('RESULT_SEALED', 'No count is shown while the vote is open (or before it opens)')

function frozenResult(vote: VoteRow): AnyVoteResult {
  const r = vote.result as AnyVoteResult
  return {
    ...r,
    state: vote.state,
    certifiedAt: iso(vote.certified_at),
    publishedAt: iso(vote.published_at),
  }
}

/** The result of any closed vote (the stable GET /votes/:vid/result): selection or evaluation. */
export async function getAnyResult(c: Ctx, vid: string): Promise<AnyVoteResult> {
  const { vote, db } = await loadVote(c, vid, STAFF)
  if (vote.state === 'draft' || vote.state === 'open') throw SEALED()
  if (vote.result) return frozenResult(vote)
  return resultOf(db, vote)
}

/** The result of a selection or runoff (what the analysis compares against). */
export async function getResult(c: Ctx, vid: string): Promise<VoteResult> {
  const r = await getAnyResult(c, vid)
  if (r.kind === 'evaluation')
    throw conflict('NOT_A_SELECTION', 'This vote is an evaluation, not a selection')
  return r
}

export async function certifyVote(c: Ctx, vid: string) {
  const { j, auth, db } = await loadVote(c, vid, STAFF)
  const now = c.deps.now()
  const vote = await db.transaction().execute(async (trx) => {
    const v = (await repo.lockVote(trx, vid, 'update'))!
    if (v.state !== 'closed')
      throw conflict(
        'VOTE_NOT_CLOSED',
        `Only a closed vote can be certified; this one is ${v.state}`,
      )
    const r = await resultOf(trx, v)
    if (r.paper.pending > 0)
      throw conflict(
        'PAPER_NOT_RECONCILED',
        'Every returned paper sheet must be entered twice and agree (or be resolved), and ballots issued and returned recorded',
        { paper: r.paper },
      )
    if (r.status === 'void')
      throw conflict('VOTE_VOID', 'More ballots were returned than voters: the vote is void', {
        voidReason: r.voidReason,
      })
    const snapshot = { ...r, state: 'certified' as const, certifiedAt: now.toISOString() }
    const certified = await repo.updateVote(trx, vid, {
      state: 'certified',
      certified_by: auth.userId,
      certified_at: now,
      chain_head: r.chainHead!,
      result: snapshot,
    })
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: auth.userId,
        action: 'vote.certify',
        entity: 'vote',
        entityId: vid,
        before: { state: 'closed' },
        after:
          r.kind === 'evaluation'
            ? { state: 'certified', status: r.status, grades: r.grades, chainHead: r.chainHead }
            : {
                state: 'certified',
                status: r.status,
                selected: r.rows.filter((x) => x.selected).map((x) => x.candidateId),
                ties: r.ties,
                shortfall: r.shortfall,
                chainHead: r.chainHead,
              },
        requestId: c.requestId,
      },
      now,
    )
    return certified
  })
  return frozenResult(vote)
}

export async function publishVote(c: Ctx, vid: string) {
  const { j, auth, db } = await loadVote(c, vid, STAFF)
  const now = c.deps.now()
  const vote = await db.transaction().execute(async (trx) => {
    const v = (await repo.lockVote(trx, vid, 'update'))!
    if (v.state !== 'certified')
      throw conflict(
        'VOTE_NOT_CERTIFIED',
        `Only a certified vote can be published; this one is ${v.state}`,
      )
    const published = await repo.updateVote(trx, vid, {
      state: 'published',
      published_by: auth.userId,
      published_at: now,
    })
    // What the kind sets off (an evaluation opens rectification items) commits with it.
    await hooksOf(v.kind)?.onPublish?.(
      trx,
      { id: vid, jurisdictionId: j.id, cycleId: v.cycle_id, result: v.result },
      { userId: auth.userId, requestId: c.requestId, now },
    )
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: auth.userId,
        action: 'vote.publish',
        entity: 'vote',
        entityId: vid,
        before: { state: 'certified' },
        after: { state: 'published', chainHead: v.chain_head },
        requestId: c.requestId,
      },
      now,
    )
    return published
  })
  return frozenResult(vote)
}

// ── public: result, bulletin board, receipts ───────────────────────────────────────────────

async function publishedVote(deps: Deps, vid: string) {
  const vote = await repo.findVote(deps.database.db, vid)
  if (!vote || vote.state !== 'published') throw notFound('Published vote')
  return vote
}

/** The published result of any vote (the stable public path). */
export async function getPublicVoteResult(deps: Deps, vid: string): Promise<AnyVoteResult> {
  return frozenResult(await publishedVote(deps, vid))
}

/** The published result of a selection or runoff (404 for an evaluation). */
export async function getPublicResult(deps: Deps, vid: string): Promise<VoteResult> {
  const r = await getPublicVoteResult(deps, vid)
  if (r.kind === 'evaluation') throw notFound('Published vote')
  return r
}

export async function getBulletin(deps: Deps, vid: string) {
  const vote = await publishedVote(deps, vid)
  const { db } = deps.database
  const ids = (await repo.listVoteCandidates(db, vid)).map((x) => x.id)
  const board = await bulletinOf(db, vote, await paperSheets(db, vid, ids, vote.ballot_form))
  // The head frozen at certification, not a fresh one: a ballot altered since shows as a mismatch.
  return { voteId: vid, ...board, chainHead: vote.chain_head! }
}

export async function checkReceipt(deps: Deps, receipt: string) {
  const code = normalizeReceipt(receipt)
  if (!/^[A-Z2-7]{24}$/.test(code)) throw notFound('Receipt')
  const r = await repo.findPublishedReceipt(deps.database.db, hashReceipt(code))
  if (!r) throw notFound('Receipt')
  return { recorded: true as const, voteId: r.vote_id }
}

// ── paper ballots ──────────────────────────────────────────────────────────────────────────

async function closedForPaper(trx: Transaction<DB>, vid: string) {
  const v = (await repo.lockVote(trx, vid, 'share'))!
  if (v.state !== 'closed')
    throw conflict(
      'VOTE_NOT_CLOSED',
      v.state === 'draft' || v.state === 'open'
        ? 'Paper ballots are counted after the vote closes'
        : 'The result is certified; paper ballots can no longer change',
    )
  return v
}

async function checkSheetChoices(
  trx: Transaction<DB>,
  v: VoteRow,
  choices: Record<string, string> | undefined,
): Promise<BallotChoices | null> {
  if (!choices) return null
  const ids = (await repo.listVoteCandidates(trx, v.id)).map((x) => x.id)
  // Over-marked sheets are entered as they are and counted invalid; only typing errors refused.
  const problem = checkBallot(choices, ids, v.ballot_form!, Number.MAX_SAFE_INTEGER)
  if (problem?.code === 'UNKNOWN_CANDIDATE')
    throw badRequest('UNKNOWN_CANDIDATE', 'The sheet names a candidate not on this vote')
  if (problem?.code === 'INVALID_CHOICE')
    throw badRequest('INVALID_CHOICE', invalidChoiceMessage(v.ballot_form!))
  return normalizeChoices(choices, ids, v.ballot_form!)
}

export async function enterPaperBallot(
  c: Ctx,
  vid: string,
  input: { sheetNo: number; round: 1 | 2; choices?: Record<string, string>; invalid?: boolean },
) {
  const { j, auth, db } = await loadVote(c, vid, STAFF_TELLER)
  const now = c.deps.now()
  return db.transaction().execute(async (trx) => {
    const v = await closedForPaper(trx, vid)
    const choices = input.invalid ? null : await checkSheetChoices(trx, v, input.choices)
    const existing = await repo.findPaperEntries(trx, vid, input.sheetNo)
    if (existing.some((e) => e.round === input.round))
      throw conflict(
        'SHEET_ALREADY_ENTERED',
        `Sheet ${input.sheetNo} has its round ${input.round} entry already; staff resolve a mismatch`,
      )
    // Independence: the second round is typed by someone else than the first.
    if (existing.some((e) => e.entered_by === auth.userId))
      throw conflict('SAME_TELLER', 'The other round of this sheet was entered by you')
    const inserted = await repo.insertPaperEntry(trx, {
      voteId: vid,
      jurisdictionId: j.id,
      sheetNo: input.sheetNo,
      round: input.round,
      choices,
      invalid: !!input.invalid,
      enteredBy: auth.userId,
      at: now,
    })
    if (!inserted)
      throw conflict('SHEET_ALREADY_ENTERED', `Sheet ${input.sheetNo} round ${input.round} exists`)
    // The audit records that a sheet was entered, never what it says.
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: auth.userId,
        action: 'paper.enter',
        entity: 'vote',
        entityId: vid,
        after: { sheetNo: input.sheetNo, round: input.round },
        requestId: c.requestId,
      },
      now,
    )
    const ids = (await repo.listVoteCandidates(trx, vid)).map((x) => x.id)
    const sheet = (await paperSheets(trx, vid, ids, v.ballot_form)).find(
      (s) => s.sheetNo === input.sheetNo,
    )!
    return { sheetNo: input.sheetNo, round: input.round, state: sheet.state }
  })
}

export async function listDiscrepancies(c: Ctx, vid: string) {
  const { vote, db } = await loadVote(c, vid, STAFF_TELLER)
  if (vote.state === 'draft' || vote.state === 'open')
    return { items: [], sheets: 0, reconciled: 0 }
  const ids = (await repo.listVoteCandidates(db, vid)).map((x) => x.id)
  const sheets = await paperSheets(db, vid, ids, vote.ballot_form)
  return {
    items: sheets
      .filter((s) => s.state === 'mismatch' || s.state === 'single')
      .map((s) => ({
        sheetNo: s.sheetNo,
        state: s.state,
        // A sheet with one round only shows no reading, so the second teller types blind.
        round1: s.state === 'mismatch' ? s.round1 : null,
        round2: s.state === 'mismatch' ? s.round2 : null,
      })),
    sheets: sheets.length,
    reconciled: sheets.filter((s) => s.final).length,
  }
}

/** Staff read the physical sheet and record the reading that counts. */
export async function resolvePaperSheet(
  c: Ctx,
  vid: string,
  sheetNo: number,
  input: { choices?: Record<string, string>; invalid?: boolean },
) {
  const { j, auth, db } = await loadVote(c, vid, STAFF)
  const now = c.deps.now()
  return db.transaction().execute(async (trx) => {
    const v = await closedForPaper(trx, vid)
    if ((await repo.findPaperEntries(trx, vid, sheetNo)).length === 0) throw notFound('Sheet')
    const choices = input.invalid ? null : await checkSheetChoices(trx, v, input.choices)
    await repo.upsertResolution(trx, {
      voteId: vid,
      jurisdictionId: j.id,
      sheetNo,
      choices,
      invalid: !!input.invalid,
      by: auth.userId,
      at: now,
    })
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: auth.userId,
        action: 'paper.resolve',
        entity: 'vote',
        entityId: vid,
        after: { sheetNo },
        requestId: c.requestId,
      },
      now,
    )
    return { sheetNo, state: 'resolved' as const }
  })
}

/** Removes a sheet entered under a wrong number (both rounds and any resolution). */
export async function deletePaperSheet(c: Ctx, vid: string, sheetNo: number) {
  const { j, auth, db } = await loadVote(c, vid, STAFF)
  const now = c.deps.now()
  await db.transaction().execute(async (trx) => {
    await closedForPaper(trx, vid)
    const n = await repo.deletePaperSheet(trx, vid, sheetNo)
    if (n === 0) throw notFound('Sheet')
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: auth.userId,
        action: 'paper.delete',
        entity: 'vote',
        entityId: vid,
        before: { sheetNo, entries: n },
        requestId: c.requestId,
      },
      now,
    )
  })
  return { sheetNo, deleted: true }
}

export async function recordPaperCount(
  c: Ctx,
  vid: string,
  input: { issued: number; returned: number },
) {
  const { j, auth, db } = await loadVote(c, vid, STAFF)
  const now = c.deps.now()
  return db.transaction().execute(async (trx) => {
    await closedForPaper(trx, vid)
    const before = await repo.findPaperCount(trx, vid)
    await repo.upsertPaperCount(trx, {
      voteId: vid,
      jurisdictionId: j.id,
      ...input,
      by: auth.userId,
      at: now,
    })
    const t = await repo.turnoutCounts(trx, vid)
    const voidReason = paperVoidReason({ ...input, electronicVoted: t.voted, present: t.present })
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: auth.userId,
        action: 'paper.count',
        entity: 'vote',
        entityId: vid,
        before: before ? { issued: before.issued, returned: before.returned } : null,
        after: { ...input, voidReason },
        requestId: c.requestId,
      },
      now,
    )
    return { ...input, void: voidReason !== null, voidReason }
  })
}

/** The printable paper ballot: title, rules and candidates (never a count). */
export async function ballotSheetPdf(c: Ctx, vid: string) {
  const { vote, db } = await loadVote(c, vid, STAFF_TELLER)
  const [rules, candidates] = await Promise.all([rulesOf(db, vote), candidatesOf(db, vote)])
  const buffer = loadPdfFont(c.deps.env.PDF_FONT)
  return renderBallotSheet(
    { title: vote.title, kind: vote.kind, seats: rules.seats, form: rules.ballotForm, candidates },
    { buffer, face: c.deps.env.PDF_FONT_FACE },
  )
}

// ── the cycle's phase ──────────────────────────────────────────────────────────────────────

/** The cycle leaves 'voting' only when no vote is in progress and a selection is published. */
registerPhaseGuard(async (trx, step) => {
  if (step.from !== 'voting') return
  const votes = await repo.listVotesOfCycle(trx, step.cycleId)
  const busy = votes.find((v) => v.state === 'draft' || v.state === 'open')
  if (busy) throw conflict('VOTE_IN_PROGRESS', 'A vote of this cycle is still in progress')
  if (!votes.some((v) => v.kind === 'selection' && v.state === 'published'))
    throw conflict('RESULT_NOT_PUBLISHED', 'Publish the result of the vote first')
})
