import type { Transaction } from 'kysely'
import type { DB } from '@ms/db'

/**
 * What a downstream feature attaches to a vote kind it builds on the secret ballot (decision 050:
 * the satisfaction evaluation is a vote of kind 'evaluation'). The ballot feature stays the only
 * code that casts, seals, counts and publishes; a kind adds the meaning of its counts and what
 * publication sets off, without the ballot feature importing it (like `registerPhaseGuard`).
 */
export interface RatingResultBase {
  voteId: string
  cycleId: string
  state: string
  status: 'decided' | 'void'
  /** 'all': entitled deputies (应到); 'valid': valid ballots. */
  basis: 'all' | 'valid'
  basisCount: number
  comparison: 'reach' | 'exceed'
  /** numeric(5,4) text, e.g. "0.8000". */
  satisfactionThreshold: string
  rows: {
    candidateId: string
    title: string
    satisfied: number
    basically: number
    dissatisfied: number
    abstain: number
  }[]
  turnout: { entitled: number; present: number; voted: number }
  ballots: { electronic: number; paper: number; valid: number; invalid: number }
}

export interface VoteKindHooks {
  /**
   * Figures derived from a closed vote's counts (e.g. rate and grade per project), merged into
   * the result as `grades`: computed on every read until certification, frozen with the result
   * after it. Pure: no I/O.
   */
  grades?(result: RatingResultBase): unknown
  /**
   * Runs inside the publish transaction, after the vote row is published (so what it writes
   * commits with the publication, or neither does). Throw an ApiError to refuse.
   */
  onPublish?(
    trx: Transaction<DB>,
    vote: { id: string; jurisdictionId: string; cycleId: string; result: unknown },
    by: { userId: string; requestId: string; now: Date },
  ): Promise<void>
}

const hooks = new Map<string, VoteKindHooks>()

export function registerVoteKind(kind: 'evaluation', h: VoteKindHooks): void {
  hooks.set(kind, h)
}

export const hooksOf = (kind: string): VoteKindHooks | undefined => hooks.get(kind)
