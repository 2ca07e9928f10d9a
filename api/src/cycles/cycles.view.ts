import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'
import { notFound } from '../shared/errors.js'
import * as repo from './cycles.repository.js'
import * as rules from './cycles.rules.js'
import type { Cycle } from './cycles.schemas.js'

/** A stored numeric(5,4) ratio as ten-thousandths. */
export function storedRatio(decimal: string): number {
  const r = rules.toTenThousandths(decimal)
  if (r === null) throw new Error(`stored ratio ${decimal} is not a 4-decimal ratio`)
  return r
}

export function toCycle(r: repo.CycleRow, candidateCount: number, now: Date): Cycle {
  return {
    id: r.id,
    jurisdictionId: r.jurisdiction_id,
    year: r.year,
    title: r.title,
    seats: r.seats,
    marginRatio: rules.ratioToNumber(storedRatio(r.margin_ratio)),
    requiredCandidates: rules.requiredCandidates(r.seats, r.margin_ratio),
    candidateCount,
    fundPoolFen: r.fund_pool_fen,
    fundPoolDoc: r.fund_pool_doc,
    thresholdBasis: r.threshold_basis,
    ballotForm: r.ballot_form,
    satisfactionThreshold: rules.ratioToNumber(storedRatio(r.satisfaction_threshold)),
    evaluationBasis: r.evaluation_basis,
    evaluationComparison: r.evaluation_comparison,
    phase: r.phase,
    staffTransitions: rules.staffTransitions(r.phase),
    acceptingSuggestions: rules.acceptsSuggestions(r.phase, r.solicitation_deadline, now),
    solicitationNotice: r.solicitation_notice,
    solicitationDeadline: r.solicitation_deadline,
    candidatesLockedAt: r.candidates_locked_at?.toISOString() ?? null,
    listVersion: r.list_version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }
}

/** The cycle as the API shows it (with requiredCandidates and the current candidate count). */
export async function cycleView(
  db: Kysely<DB> | Transaction<DB>,
  cid: string,
  now: Date,
): Promise<Cycle> {
  const row = await repo.findCycleRow(db, cid)
  if (!row) throw notFound('Cycle')
  const counts = await repo.candidateCounts(db, [cid])
  return toCycle(row, counts.get(cid) ?? 0, now)
}
