import { createHash, getRandomValues } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { DB, SuggestionOutcome } from '@ms/db'
import type { Ctx, Deps } from '../shared/context.js'
import { hasRole, requireAuth, requireRole } from '../shared/access.js'
import { ApiError, badRequest, conflict, forbidden, notFound } from '../shared/errors.js'
import { audit } from '../shared/audit.js'
import { decodeCursor, encodeCursor } from '../shared/paging.js'
import {
  acceptsSuggestions,
  findCandidate,
  getCycleWithJurisdiction,
  lockCycle,
} from '../cycles/cycles.exports.js'
import * as repo from './suggestions.repository.js'
import * as rules from './suggestions.rules.js'
import type {
  OutcomeInput,
  PublicSuggestionInput,
  SubmitSuggestionInput,
} from './suggestions.schemas.js'
import type { Category } from '../cycles/cycles.schemas.js'

type Row = repo.SuggestionRow

/** Staff see everything, contact included; units see the inbox without personal data. */
function toSuggestion(r: Row, withContact: boolean) {
  return {
    id: r.id,
    cycleId: r.cycle_id,
    trackingCode: r.tracking_code,
    source: r.source,
    title: r.title,
    category: r.category as Category,
    location: r.location,
    reason: r.reason,
    estimateFen: r.estimate_fen,
    ...(withContact ? { contact: r.contact } : {}),
    deputy: r.deputy_id ? { id: r.deputy_id, displayName: r.deputy_name ?? '' } : null,
    unit: r.unit_id ? { id: r.unit_id, name: r.unit_name ?? '' } : null,
    outcome: r.outcome,
    reply: r.reply,
    candidate:
      r.candidate_id && r.outcome === 'adopted'
        ? { id: r.candidate_id, title: r.candidate_title ?? '' }
        : null,
    mergedInto: r.merged_into_id ? { id: r.merged_into_id, title: r.merged_title ?? '' } : null,
    outcomeAt: r.outcome_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  }
}

/** The 公示 view: what was suggested and what became of it — no names, contacts or codes. */
function toPublic(r: Row) {
  return {
    id: r.id,
    source: r.source,
    title: r.title,
    category: r.category as Category,
    location: r.location,
    outcome: r.outcome,
    reply: r.reply,
    candidateTitle: r.outcome === 'adopted' ? (r.candidate_title ?? null) : null,
    mergedIntoTitle: r.outcome === 'merged' ? (r.merged_title ?? null) : null,
    submittedOn: r.created_at.toISOString().slice(0, 10),
  }
}

const trackingCode = () => rules.newTrackingCode((b) => getRandomValues(b))

function solicitationClosed() {
  return conflict(
    'SOLICITATION_CLOSED',
    'This cycle does not take suggestions now (the solicitation phase is over or its deadline has passed)',
  )
}

/** Locks the cycle row (share) and checks it takes suggestions from this kind of submitter. */
async function openCycleFor(
  trx: Transaction<DB>,
  cid: string,
  source: 'deputy' | 'public' | 'unit' | 'staff',
  now: Date,
) {
  const cycle = await lockCycle(trx, cid, 'share')
  if (!cycle) throw notFound('Cycle')
  // Staff also record letters and paper forms that arrive during screening.
  const open =
    source === 'staff'
      ? cycle.phase === 'solicitation' || cycle.phase === 'screening'
      : acceptsSuggestions(cycle.phase, cycle.solicitationDeadline, now)
  if (!open) throw solicitationClosed()
  return cycle
}

/** A signed-in deputy, unit or staff member submits (as a deputy by default when they are one). */
export async function submitSuggestion(
  { deps, auth, requestId }: Ctx,
  cid: string,
  input: SubmitSuggestionInput,
) {
  const { db } = deps.database
  const { jurisdiction: j } = await getCycleWithJurisdiction(db, cid)
  const a = requireRole(auth, j, ['deputy', 'unit', 'staff'])
  const [deputy, units] = await Promise.all([
    hasRole(a, j, ['deputy']) ? repo.deputyOf(db, a.userId, j.id) : undefined,
    hasRole(a, j, ['unit']) ? repo.unitsOf(db, a.userId, j.id) : [],
  ])
  const isStaff = hasRole(a, j, ['staff'])
  const as = input.as ?? (deputy ? 'deputy' : units.length ? 'unit' : isStaff ? 'staff' : undefined)
  if (
    !as ||
    (as === 'deputy' && !deputy) ||
    (as === 'unit' && units.length === 0) ||
    (as === 'staff' && !isStaff)
  ) {
    throw forbidden(
      as === 'deputy'
        ? 'You are not a deputy of this congress'
        : as === 'unit'
          ? 'Your account is not linked to a unit here'
          : 'This needs a deputy, unit or staff account here',
    )
  }
  const now = deps.now()
  return db.transaction().execute(async (trx) => {
    await openCycleFor(trx, cid, as, now)
    const s = await repo.insertSuggestion(trx, {
      jurisdictionId: j.id,
      cycleId: cid,
      source: as,
      submittedBy: a.userId,
      deputyId: as === 'deputy' ? deputy!.id : null,
      unitId: as === 'unit' ? units[0]!.id : null,
      title: input.title,
      category: input.category,
      location: input.location || null,
      reason: input.reason,
      estimateFen: input.estimateFen ?? null,
      contact: null,
      trackingCode: trackingCode(),
      clientHash: null,
      now,
    })
    const row = (await repo.findSuggestion(trx, s.id))!
    const out = toSuggestion(row, false)
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: a.userId,
        action: 'suggestion.create',
        entity: 'suggestion',
        entityId: s.id,
        after: {
          source: as,
          title: out.title,
          category: out.category,
          trackingCode: out.trackingCode,
        },
        requestId,
      },
      now,
    )
    return out
  })
}

const addressHash = (address: string) =>
  createHash('sha256').update(`ms-suggestion-rate\n${address}`).digest('hex').slice(0, 32)

/**
 * The public form (no login): spam screen, DB-backed rate limits, then the suggestion with a
 * tracking code. Not audited: the audit chain is append-only and would keep the contact data
 * forever; staff actions on it are audited.
 */
export async function submitPublicSuggestion(
  deps: Deps,
  cid: string,
  input: PublicSuggestionInput,
  clientAddress: string,
) {
  const verdict = rules.screenSubmission(input)
  if (!verdict.ok) throw badRequest(verdict.code, verdict.message)
  const { db } = deps.database
  await getCycleWithJurisdiction(db, cid)
  const now = deps.now()
  const hash = addressHash(clientAddress)
  const hourAgo = new Date(now.getTime() - 3_600_000)
  const dayAgo = new Date(now.getTime() - 86_400_000)
  return db.transaction().execute(async (trx) => {
    const cycle = await openCycleFor(trx, cid, 'public', now)
    await repo.lockAddress(trx, hash)
    const [addressLastHour, addressLastDay, cycleLastHour] = await Promise.all([
      repo.countSince(trx, { clientHash: hash }, hourAgo),
      repo.countSince(trx, { clientHash: hash }, dayAgo),
      repo.countSince(trx, { cycleId: cid, publicOnly: true }, hourAgo),
    ])
    const breach = rules.rateLimitBreach({ addressLastHour, addressLastDay, cycleLastHour })
    if (breach) {
      throw new ApiError(
        429,
        'TOO_MANY_SUGGESTIONS',
        'Too many suggestions from this address for now; please try again later',
        breach,
      )
    }
    const s = await repo.insertSuggestion(trx, {
      jurisdictionId: cycle.jurisdictionId,
      cycleId: cid,
      source: 'public',
      submittedBy: null,
      deputyId: null,
      unitId: null,
      title: input.title,
      category: input.category,
      location: input.location,
      reason: input.reason,
      estimateFen: input.estimateFen ?? null,
      contact: input.contact || null,
      trackingCode: trackingCode(),
      clientHash: hash,
      now,
    })
    await repo.forgetClientHashes(
      trx,
      new Date(now.getTime() - rules.PUBLIC_LIMITS.hashRetentionHours * 3_600_000),
    )
    return { trackingCode: s.tracking_code }
  })
}

/** Outcome lookup by tracking code: the submitter's own text, the outcome and reply; never contact. */
export async function trackSuggestion(deps: Deps, code: string) {
  const canonical = rules.normalizeTrackingCode(code)
  if (!canonical) throw notFound('Suggestion')
  const r = await repo.findByTrackingCode(deps.database.db, canonical)
  if (!r) throw notFound('Suggestion')
  return {
    trackingCode: r.tracking_code,
    cycle: {
      id: r.cycle_id,
      year: r.cycle_year,
      title: r.cycle_title,
      jurisdiction: r.jurisdiction_name,
    },
    title: r.title,
    category: r.category as Category,
    location: r.location,
    reason: r.reason,
    submittedAt: r.created_at.toISOString(),
    outcome: r.outcome,
    reply: r.reply,
    outcomeAt: r.outcome_at?.toISOString() ?? null,
    candidate:
      r.outcome === 'adopted' && r.candidate_id
        ? { id: r.candidate_id, title: r.candidate_title ?? '' }
        : null,
    mergedInto:
      r.outcome === 'merged' && r.merged_into_id
        ? { title: r.merged_title ?? '', outcome: r.merged_outcome!, reply: r.merged_reply ?? null }
        : null,
  }
}

type Cursor = [string, string]
const cursorOf = (r: Row): Cursor => [r.created_at.toISOString(), r.id]
function readCursor(cursor?: string): Cursor | undefined {
  const c = decodeCursor<unknown>(cursor)
  return Array.isArray(c) &&
    c.length === 2 &&
    typeof c[0] === 'string' &&
    !Number.isNaN(new Date(c[0]).getTime()) &&
    typeof c[1] === 'string' &&
    /^[0-9a-f-]{36}$/i.test(c[1])
    ? [c[0], c[1]]
    : undefined
}
function page(rows: Row[], limit: number) {
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null }
}

/** The 公示 list: every decided suggestion with its outcome, and how many are still pending. */
export async function listPublicSuggestions(
  deps: Deps,
  cid: string,
  q: {
    outcome?: 'adopted' | 'merged' | 'rejected'
    category?: string
    limit: number
    cursor?: string
  },
) {
  const { db } = deps.database
  await getCycleWithJurisdiction(db, cid)
  const [rows, summary] = await Promise.all([
    repo.list(
      db,
      { cycleId: cid, decidedOnly: true, outcome: q.outcome, category: q.category },
      q.limit,
      readCursor(q.cursor),
    ),
    repo.outcomeCounts(db, cid),
  ])
  const p = page(rows, q.limit)
  return { items: p.items.map(toPublic), nextCursor: p.nextCursor, summary }
}

/** The staff inbox (staff; units read it without contact data). */
export async function listSuggestions(
  { deps, auth }: Ctx,
  cid: string,
  q: {
    outcome?: SuggestionOutcome
    category?: string
    source?: 'deputy' | 'public' | 'unit' | 'staff'
    q?: string
    limit: number
    cursor?: string
  },
) {
  const { db } = deps.database
  const { jurisdiction: j } = await getCycleWithJurisdiction(db, cid)
  const a = requireRole(auth, j, ['staff', 'unit'])
  const withContact = hasRole(a, j, ['staff'])
  const rows = await repo.list(
    db,
    {
      cycleId: cid,
      outcome: q.outcome,
      category: q.category,
      source: q.source,
      q: q.q || undefined,
    },
    q.limit,
    readCursor(q.cursor),
  )
  const p = page(rows, q.limit)
  return { items: p.items.map((r) => toSuggestion(r, withContact)), nextCursor: p.nextCursor }
}

/** One suggestion: staff and units of the jurisdiction, or the person who submitted it. */
export async function getSuggestion({ deps, auth }: Ctx, sid: string) {
  const a = requireAuth(auth)
  const r = await repo.findSuggestion(deps.database.db, sid)
  if (!r) throw notFound('Suggestion')
  const j = { id: r.jurisdiction_id, path: r.jurisdiction_path }
  const isStaff = hasRole(a, j, ['staff'])
  if (!isStaff && !hasRole(a, j, ['unit']) && r.submitted_by !== a.userId)
    throw notFound('Suggestion')
  return toSuggestion(r, isStaff)
}

/** "My suggestions": what the caller submitted (as deputy, unit or staff), with outcomes. */
export async function listMySuggestions(
  { deps, auth }: Ctx,
  q: { cycleId?: string; limit: number; cursor?: string },
) {
  const a = requireAuth(auth)
  const rows = await repo.list(
    deps.database.db,
    { submittedBy: a.userId, cycleId: q.cycleId },
    q.limit,
    readCursor(q.cursor),
  )
  const p = page(rows, q.limit)
  return { items: p.items.map((r) => toSuggestion(r, false)), nextCursor: p.nextCursor }
}

function outcomeAudit(before: Row, after: Row) {
  const pick = (r: Row) => ({
    outcome: r.outcome,
    reply: r.reply,
    candidateId: r.outcome === 'adopted' ? r.candidate_id : null,
    mergedIntoId: r.merged_into_id,
  })
  return { before: pick(before), after: pick(after) }
}

/**
 * Records (or corrects) a suggestion's outcome with its reply: 采纳 links a candidate of the same
 * cycle, 合并 points at the suggestion it duplicates (its own duplicates follow), 不予采纳 needs a
 * reason. Staff only; audited.
 */
export async function recordOutcome(
  { deps, auth, requestId }: Ctx,
  sid: string,
  input: OutcomeInput,
) {
  const { db } = deps.database
  const found = await repo.findSuggestion(db, sid)
  if (!found) throw notFound('Suggestion')
  const j = { id: found.jurisdiction_id, path: found.jurisdiction_path }
  const a = requireRole(auth, j, ['staff'])
  const now = deps.now()
  return db.transaction().execute(async (trx) => {
    const cycle = await lockCycle(trx, found.cycle_id, 'share')
    if (cycle?.phase === 'closed') throw conflict('CYCLE_CLOSED', 'A closed cycle cannot change')
    const before = (await repo.findSuggestion(trx, sid))!
    await applyOutcome(trx, before, input, a.userId, now)
    const after = (await repo.findSuggestion(trx, sid))!
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: a.userId,
        action: 'suggestion.outcome',
        entity: 'suggestion',
        entityId: sid,
        ...outcomeAudit(before, after),
        requestId,
      },
      now,
    )
    return toSuggestion(after, true)
  })
}

async function applyOutcome(
  trx: Transaction<DB>,
  s: Row,
  input: OutcomeInput,
  by: string,
  now: Date,
) {
  switch (input.outcome) {
    case 'adopted': {
      const c = await findCandidate(trx, input.candidateId)
      if (!c || c.cycleId !== s.cycle_id || c.withdrawn) {
        throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid', {}, [
          { path: 'candidateId', message: 'Not a candidate of this cycle' },
        ])
      }
      await repo.setOutcome(trx, s.id, {
        outcome: 'adopted',
        reply: input.reply || rules.defaultReply('adopted', c),
        candidateId: c.id,
        mergedIntoId: null,
        by,
        at: now,
      })
      return
    }
    case 'merged': {
      const target =
        input.mergedIntoId === s.id ? undefined : await repo.findSuggestion(trx, input.mergedIntoId)
      if (!target || target.cycle_id !== s.cycle_id) {
        throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid', {}, [
          { path: 'mergedIntoId', message: 'Not another suggestion of this cycle' },
        ])
      }
      if (target.outcome === 'merged') {
        throw badRequest(
          'MERGE_TARGET_MERGED',
          'That suggestion is itself merged into another; merge into the one it was merged into',
          { mergedIntoId: target.merged_into_id },
        )
      }
      // Duplicates of this one follow it into the target (no chains of merges).
      await repo.repointMerged(trx, s.id, target.id)
      await repo.setOutcome(trx, s.id, {
        outcome: 'merged',
        reply: input.reply || rules.defaultReply('merged', target),
        candidateId: null,
        mergedIntoId: target.id,
        by,
        at: now,
      })
      return
    }
    case 'rejected':
      await repo.setOutcome(trx, s.id, {
        outcome: 'rejected',
        reply: input.reply,
        candidateId: null,
        mergedIntoId: null,
        by,
        at: now,
      })
      return
  }
}

/** Merges duplicates into one suggestion in one step (each gets the 合并 outcome; audited). */
export async function mergeSuggestions(
  { deps, auth, requestId }: Ctx,
  cid: string,
  input: { intoId: string; ids: string[]; reply?: string },
) {
  const { db } = deps.database
  const { jurisdiction: j } = await getCycleWithJurisdiction(db, cid)
  const a = requireRole(auth, j, ['staff'])
  const ids = [...new Set(input.ids)].filter((id) => id !== input.intoId)
  if (ids.length === 0) throw badRequest('VALIDATION_FAILED', 'Name at least one other suggestion')
  const now = deps.now()
  return db.transaction().execute(async (trx) => {
    const cycle = await lockCycle(trx, cid, 'share')
    if (cycle?.phase === 'closed') throw conflict('CYCLE_CLOSED', 'A closed cycle cannot change')
    const found = await repo.findManyInCycle(trx, cid, [input.intoId, ...ids])
    const missing = [input.intoId, ...ids].filter((id) => !found.some((f) => f.id === id))
    if (missing.length) {
      throw new ApiError(
        400,
        'VALIDATION_FAILED',
        'The request is not valid',
        { suggestionIds: missing },
        [{ path: 'ids', message: 'Some ids are not suggestions of this cycle' }],
      )
    }
    const out = []
    for (const id of ids) {
      const before = (await repo.findSuggestion(trx, id))!
      await applyOutcome(
        trx,
        before,
        { outcome: 'merged', mergedIntoId: input.intoId, reply: input.reply },
        a.userId,
        now,
      )
      const after = (await repo.findSuggestion(trx, id))!
      await audit(
        trx,
        {
          jurisdictionId: j.id,
          actorUserId: a.userId,
          action: 'suggestion.outcome',
          entity: 'suggestion',
          entityId: id,
          ...outcomeAudit(before, after),
          requestId,
        },
        now,
      )
      out.push(toSuggestion(after, true))
    }
    return { items: out }
  })
}
