import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'
import * as repo from './ballots.repository.js'

/**
 * What the satisfaction evaluation (api/src/evaluation, issue 7) uses of the secret ballot. An
 * evaluation *is* a vote of kind 'evaluation' (docs/decisions/050-evaluation-as-a-vote.md): the
 * verbs below are the ballot feature's own, so roster, check-in, one ballot per deputy, the
 * participation/ballot split, sealing at close, receipts, the bulletin board and its chain hold
 * for it unchanged. Owned by the evaluation feature; kept in this folder because it names the
 * ballot feature's internals.
 */
type Q = Kysely<DB> | Transaction<DB>

export {
  createVote,
  getVote,
  listVotes,
  listMyVotes,
  checkIn,
  openVote,
  closeVote,
  getBallot,
  castBallot,
  getAnyResult,
  certifyVote,
  publishVote,
  getPublicVoteResult,
  type RatingResult,
  type AnyVoteResult,
} from './ballots.service.js'
export { registerVoteKind, type RatingResultBase, type VoteKindHooks } from './ballots.kinds.js'

/** The evaluation vote with its jurisdiction's path (for access checks); undefined otherwise. */
export async function findEvaluationVote(db: Q, voteId: string) {
  const v = await repo.findVoteWithPath(db, voteId)
  if (!v || v.kind !== 'evaluation') return undefined
  return {
    id: v.id,
    cycleId: v.cycle_id,
    jurisdiction: { id: v.jurisdiction_id, path: v.jurisdiction_path },
    state: v.state,
    title: v.title,
    /** The candidates (of the cycle's projects) it rates, in ballot order. */
    candidateIds: v.runoff_candidate_ids ?? [],
    result: v.result,
    openedAt: v.opened_at,
    publishedAt: v.published_at,
  }
}

/** The cycle's evaluations in the order they were created. */
export async function listEvaluationVotes(db: Q, cycleId: string) {
  const rows = await repo.listVotesOfCycle(db, cycleId)
  return rows
    .filter((v) => v.kind === 'evaluation')
    .map((v) => ({
      id: v.id,
      cycleId: v.cycle_id,
      jurisdictionId: v.jurisdiction_id,
      title: v.title,
      state: v.state,
      candidateIds: v.runoff_candidate_ids ?? [],
      result: v.result,
      openedAt: v.opened_at,
      publishedAt: v.published_at,
    }))
}

/** Published evaluations anywhere, newest first (the public portal's list). */
export async function listPublishedEvaluationVotes(db: Q, limit = 200) {
  const rows = await repo.publishedVotesOfKind(db, 'evaluation', limit)
  return rows.map((r) => ({
    id: r.id,
    cycleId: r.cycle_id,
    title: r.title,
    publishedAt: r.published_at,
    jurisdictionId: r.jurisdiction_id,
    jurisdictionName: r.jurisdiction_name,
  }))
}
