import type { Kysely, Transaction } from 'kysely'
import type { DB, SuggestionOutcome } from '@ms/db'
import { badRequest, conflict } from '../shared/errors.js'
import * as repo from './suggestions.repository.js'
import { normalizeTrackingCode } from './suggestions.rules.js'

/**
 * What the suggestions feature offers other features. The candidates feature: the origin links
 * between a candidate and the suggestions it came from (suggestion.candidate_id). A link alone does
 * not decide the suggestion's outcome; staff record 采纳 with a reply separately (or the link stays
 * "pending"). The deputy performance record (履职档案, api/src/records): the suggestions a deputy
 * made and their visible outcomes.
 */
type Q = Kysely<DB> | Transaction<DB>

export interface OriginRef {
  id: string
  trackingCode: string
  title: string
  outcome: string
}

/** The origin suggestions of each candidate. */
export async function originsOf(db: Q, candidateIds: string[]): Promise<Map<string, OriginRef[]>> {
  const rows = await repo.linkedTo(db, candidateIds)
  const out = new Map<string, OriginRef[]>()
  for (const r of rows) {
    const list = out.get(r.candidate_id!) ?? []
    list.push({ id: r.id, trackingCode: r.tracking_code, title: r.title, outcome: r.outcome })
    out.set(r.candidate_id!, list)
  }
  return out
}

/**
 * Makes `suggestionIds` exactly the origins of the candidate: each must belong to the cycle and
 * not be adopted into another candidate (400 INVALID_SUGGESTION); an adopted origin cannot be
 * dropped (409 SUGGESTION_ADOPTED: change its outcome first, so no reply silently goes stale).
 */
export async function setOrigins(
  trx: Transaction<DB>,
  cycleId: string,
  candidateId: string,
  suggestionIds: string[],
): Promise<void> {
  const ids = [...new Set(suggestionIds)]
  const found = await repo.findManyInCycle(trx, cycleId, ids)
  const byId = new Map(found.map((f) => [f.id, f]))
  const bad = ids.filter((id) => {
    const f = byId.get(id)
    return (
      !f || (f.outcome === 'adopted' && f.candidate_id !== null && f.candidate_id !== candidateId)
    )
  })
  if (bad.length) {
    throw badRequest(
      'INVALID_SUGGESTION',
      'Origin suggestions must belong to this cycle and not be adopted into another candidate',
      { suggestionIds: bad },
    )
  }
  const current = await repo.linkedTo(trx, [candidateId])
  const droppedAdopted = current.filter((c) => c.outcome === 'adopted' && !ids.includes(c.id))
  if (droppedAdopted.length) {
    throw conflict(
      'SUGGESTION_ADOPTED',
      'A suggestion adopted into this candidate stays linked; record another outcome for it first',
      { suggestionIds: droppedAdopted.map((c) => c.id) },
    )
  }
  await repo.unlinkPending(trx, candidateId, ids)
  await repo.linkToCandidate(trx, ids, candidateId)
}

/**
 * Before a candidate is withdrawn: refuses (409 SUGGESTION_ADOPTED) while suggestions are adopted
 * into it, else drops its pending origin links.
 */
export async function releaseCandidate(trx: Transaction<DB>, candidateId: string): Promise<void> {
  const linked = await repo.linkedTo(trx, [candidateId])
  const adopted = linked.filter((l) => l.outcome === 'adopted')
  if (adopted.length) {
    throw conflict(
      'SUGGESTION_ADOPTED',
      'Suggestions are adopted into this candidate; record another outcome for them before removing it',
      { suggestionIds: adopted.map((a) => a.id) },
    )
  }
  await repo.unlinkPending(trx, candidateId)
}

/** Resolves tracking codes (as typed in a spreadsheet) to suggestion ids of the cycle. */
export async function suggestionIdsByTrackingCode(
  db: Q,
  cycleId: string,
  codes: string[],
): Promise<Map<string, string>> {
  const canonical = codes.map((c) => normalizeTrackingCode(c)).filter((c): c is string => !!c)
  const rows = await repo.findByTrackingCodes(db, cycleId, [...new Set(canonical)])
  const byCode = new Map(rows.map((r) => [r.tracking_code, r.id]))
  const out = new Map<string, string>()
  for (const c of codes) {
    const n = normalizeTrackingCode(c)
    const id = n ? byCode.get(n) : undefined
    if (id) out.set(c, id)
  }
  return out
}

export interface DeputySuggestion {
  id: string
  cycleId: string
  title: string
  category: string
  trackingCode: string
  outcome: SuggestionOutcome
  reply: string | null
  submittedAt: Date
  outcomeAt: Date | null
}

/** Every suggestion submitted as this deputy (source 'deputy'), oldest first. */
export async function listDeputySuggestions(db: Q, deputyId: string): Promise<DeputySuggestion[]> {
  const rows = await repo.listOfDeputy(db, deputyId)
  return rows.map((r) => ({
    id: r.id,
    cycleId: r.cycle_id,
    title: r.title,
    category: r.category,
    trackingCode: r.tracking_code,
    outcome: r.outcome,
    reply: r.reply,
    submittedAt: r.created_at,
    outcomeAt: r.outcome_at,
  }))
}
