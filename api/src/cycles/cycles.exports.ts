import type { Kysely, Selectable, Transaction } from 'kysely'
import type { CyclePhase, DB } from '@ms/db'
import { conflict, notFound } from '../shared/errors.js'
import type { JurisdictionRef } from '../shared/access.js'
import { checkTransition, type PhaseVia } from './cycles.rules.js'
import * as repo from './cycles.repository.js'

export {
  acceptsSuggestions,
  candidatesEditable,
  listLocked,
  requiredCandidates,
  voteStarted,
} from './cycles.rules.js'
export type { PhaseVia } from './cycles.rules.js'
/** The cycle as the API shows it (settings, phase, requiredCandidates, candidateCount). */
export { cycleView } from './cycles.view.js'

/**
 * The narrow surface the cycles feature offers downstream features (ballots, budget, …).
 * Downstream code calls these, never the cycle tables directly. Signatures are a contract:
 * extend, do not change.
 */
type Q = Kysely<DB> | Transaction<DB>

export interface CycleForDownstream {
  id: string
  jurisdictionId: string
  year: number
  title: string
  seats: number
  /** Exact decimal string, e.g. "0.2000". */
  marginRatio: string
  fundPoolFen: number
  thresholdBasis: 'all' | 'present'
  ballotForm: 'for_against_abstain' | 'approve_up_to_n'
  satisfactionThreshold: string
  evaluationBasis: 'all' | 'valid'
  evaluationComparison: 'reach' | 'exceed'
  phase: CyclePhase
  /** Bumped each time the candidate list is locked (审定); a vote can pin the version it used. */
  listVersion: number
  /** Last day (China time, inclusive) suggestions are taken, or null. */
  solicitationDeadline: string | null
}

export interface CandidateForDownstream {
  id: string
  title: string
  description: string
  category: string
  responsibleUnit: string
  unitId: string | null
  estimateFen: number
  fundingSource: 'local' | 'transfer' | 'social' | 'other'
  targets: string | null
  location: string | null
  plannedCompletion: string | null
  sortOrder: number
}

export async function findCycle(db: Q, cycleId: string): Promise<CycleForDownstream | undefined> {
  const r = await db.selectFrom('cycle').selectAll().where('id', '=', cycleId).executeTakeFirst()
  if (!r) return undefined
  return toDownstream(r)
}

function toDownstream(r: Selectable<DB['cycle']>): CycleForDownstream {
  return {
    id: r.id,
    jurisdictionId: r.jurisdiction_id,
    year: r.year,
    title: r.title,
    seats: r.seats,
    marginRatio: r.margin_ratio,
    fundPoolFen: r.fund_pool_fen,
    thresholdBasis: r.threshold_basis,
    ballotForm: r.ballot_form,
    satisfactionThreshold: r.satisfaction_threshold,
    evaluationBasis: r.evaluation_basis,
    evaluationComparison: r.evaluation_comparison,
    phase: r.phase,
    listVersion: r.list_version,
    solicitationDeadline: r.solicitation_deadline,
  }
}

/**
 * The cycle and the ref of its jurisdiction for access checks (requireRole/canSee); 404 NOT_FOUND
 * for an unknown id. Callers still decide who may see it.
 */
export async function getCycleWithJurisdiction(
  db: Q,
  cycleId: string,
): Promise<{ cycle: CycleForDownstream; jurisdiction: JurisdictionRef }> {
  const r = await repo.findCycleRow(db, cycleId)
  if (!r) throw notFound('Cycle')
  return {
    cycle: toDownstream(r),
    jurisdiction: { id: r.jurisdiction_id, path: r.jurisdiction_path },
  }
}

/** The cycle's current (not withdrawn) candidates in list order. */
export async function listCandidates(db: Q, cycleId: string): Promise<CandidateForDownstream[]> {
  const rows = await db
    .selectFrom('candidate')
    .selectAll()
    .where('cycle_id', '=', cycleId)
    .where('withdrawn', '=', false)
    .orderBy('sort_order')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    category: r.category,
    responsibleUnit: r.responsible_unit,
    unitId: r.unit_id,
    estimateFen: r.estimate_fen,
    fundingSource: r.funding_source,
    targets: r.targets,
    location: r.location,
    plannedCompletion: r.planned_completion,
    sortOrder: r.sort_order,
  }))
}

/**
 * Moves the cycle from one of `from` to `to` inside the caller's transaction (e.g. the ballot
 * feature moves candidates_locked → voting when a vote opens). Locks the cycle row, so
 * concurrent transitions serialise; 409 PHASE_CONFLICT when the cycle is elsewhere.
 */
export async function advanceCyclePhase(
  trx: Transaction<DB>,
  cycleId: string,
  from: CyclePhase[],
  to: CyclePhase,
  at: Date,
): Promise<void> {
  const row = await trx
    .selectFrom('cycle')
    .select('phase')
    .where('id', '=', cycleId)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw conflict('PHASE_CONFLICT', 'The cycle does not exist')
  if (row.phase === to) return
  if (!from.includes(row.phase)) {
    throw conflict(
      'PHASE_CONFLICT',
      `The cycle is in phase ${row.phase}; this needs ${from.join(' or ')}`,
      { phase: row.phase, required: from },
    )
  }
  await trx
    .updateTable('cycle')
    .set({ phase: to, updated_at: at })
    .where('id', '=', cycleId)
    .execute()
}

/**
 * A check another feature registers on a phase step it knows about (e.g. the ballot feature:
 * "no leaving voting before the result is published"). It runs inside the transition's
 * transaction with the cycle row locked, and refuses by throwing an ApiError (409).
 */
export type PhaseGuard = (
  trx: Transaction<DB>,
  step: { cycleId: string; from: CyclePhase; to: CyclePhase; via: PhaseVia },
) => Promise<void>
const guards: PhaseGuard[] = []
export function registerPhaseGuard(guard: PhaseGuard): void {
  if (!guards.includes(guard)) guards.push(guard)
}

/**
 * Locks the cycle row for the rest of the caller's transaction and returns it: `update` before a
 * phase or settings change, `share` around candidate writes (so a lock waits for them and they see
 * the phase the lock left).
 */
export async function lockCycle(
  trx: Transaction<DB>,
  cycleId: string,
  mode: 'update' | 'share',
): Promise<CycleForDownstream | undefined> {
  const r = await repo.lockCycleRow(trx, cycleId, mode)
  return r ? toDownstream(r) : undefined
}

/**
 * Moves the cycle one step by `via`, following the phase rule (cycles.rules.ts) and every
 * registered guard, inside the caller's transaction. A lock also stamps candidates_locked_at and
 * bumps list_version; a reopen clears the stamp. The caller audits. 409 PHASE_CONFLICT when the
 * step is not allowed from where the cycle is.
 */
export async function transitionCycle(
  trx: Transaction<DB>,
  cycleId: string,
  to: CyclePhase,
  via: PhaseVia,
  at: Date,
): Promise<{ before: CycleForDownstream; after: CycleForDownstream }> {
  const row = await repo.lockCycleRow(trx, cycleId, 'update')
  if (!row) throw conflict('PHASE_CONFLICT', 'The cycle does not exist')
  const before = toDownstream(row)
  const check = checkTransition(before.phase, to, via)
  if (!check.ok) {
    throw conflict(
      check.code === 'PHASE_UNCHANGED' ? 'PHASE_CONFLICT' : check.code,
      check.message,
      {
        phase: before.phase,
      },
    )
  }
  for (const guard of guards) await guard(trx, { cycleId, from: before.phase, to, via })
  await repo.setPhase(
    trx,
    cycleId,
    to,
    at,
    via === 'lock' ? 'lock' : via === 'reopen' ? 'unlock' : 'keep',
  )
  const after = await repo.lockCycleRow(trx, cycleId, 'update')
  return { before, after: toDownstream(after!) }
}

export interface CandidateRef extends CandidateForDownstream {
  cycleId: string
  jurisdictionId: string
  withdrawn: boolean
}

/** One candidate by id (withdrawn ones too, flagged), or undefined. */
export async function findCandidate(db: Q, candidateId: string): Promise<CandidateRef | undefined> {
  const r = await db
    .selectFrom('candidate')
    .selectAll()
    .where('id', '=', candidateId)
    .executeTakeFirst()
  if (!r) return undefined
  return {
    id: r.id,
    cycleId: r.cycle_id,
    jurisdictionId: r.jurisdiction_id,
    withdrawn: r.withdrawn,
    title: r.title,
    description: r.description,
    category: r.category,
    responsibleUnit: r.responsible_unit,
    unitId: r.unit_id,
    estimateFen: r.estimate_fen,
    fundingSource: r.funding_source,
    targets: r.targets,
    location: r.location,
    plannedCompletion: r.planned_completion,
    sortOrder: r.sort_order,
  }
}
