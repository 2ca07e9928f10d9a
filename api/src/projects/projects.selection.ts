import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'
import type { Deps } from '../shared/context.js'
// The chosen set, then per vote the published (public) rank and 赞成 to copy onto the projects.
import {
  getPublishedCandidateFigures,
  getPublishedSelectionDetail,
} from '../ballots/ballots.exports.js'

type Q = Kysely<DB> | Transaction<DB>

/** What the projects step needs of a published selection: who was chosen, by which vote. */
export interface Selection {
  voteIds: string[]
  selected: { candidateId: string; voteId: string; rank: number | null; votesFor: number | null }[]
}

export async function isSelectionPublished(db: Q, cycleId: string): Promise<boolean> {
  return (await getPublishedSelectionDetail(db, cycleId)) !== undefined
}

/**
 * The chosen candidates with the vote that chose them, their rank and 赞成 count. Runoff winners
 * rank after the seats the selection filled (a runoff's own rank 1 is the next seat).
 */
export async function publishedSelection(
  deps: Deps,
  cycleId: string,
): Promise<Selection | undefined> {
  const detail = await getPublishedSelectionDetail(deps.database.db, cycleId)
  if (!detail) return undefined
  const chosen = new Set(detail.candidateIds)
  const selected: Selection['selected'] = []
  for (const voteId of detail.voteIds) {
    const figures = await getPublishedCandidateFigures(deps, voteId)
    const offset = selected.length
    const rows = figures
      .filter((r) => r.selected && chosen.has(r.candidateId))
      .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))
    for (const r of rows)
      selected.push({
        candidateId: r.candidateId,
        voteId,
        rank: r.rank === null ? null : offset + r.rank,
        votesFor: r.votesFor,
      })
  }
  return { voteIds: detail.voteIds, selected }
}
