import type { Kysely, Selectable, Transaction } from 'kysely'
import type { DB } from '@ms/db'

type Q = Kysely<DB> | Transaction<DB>
export type ProjectRow = Selectable<DB['project']>

/** The project with its jurisdiction's path (for access checks). */
export function findProjectRow(db: Q, id: string) {
  return db
    .selectFrom('project')
    .innerJoin('jurisdiction', 'jurisdiction.id', 'project.jurisdiction_id')
    .selectAll('project')
    .select('jurisdiction.path as jurisdiction_path')
    .where('project.id', '=', id)
    .executeTakeFirst()
}

export function projectsOfCycle(db: Q, cycleId: string) {
  return db
    .selectFrom('project')
    .selectAll()
    .where('cycle_id', '=', cycleId)
    .orderBy('rank')
    .orderBy('title')
    .orderBy('id')
    .execute()
}

/** Inserts the project of a candidate unless it exists (unique candidate_id): idempotent. */
export function insertProjectIfAbsent(
  trx: Q,
  p: {
    jurisdictionId: string
    cycleId: string
    candidateId: string
    voteId: string
    title: string
    description: string
    category: string
    responsibleUnit: string
    unitId: string | null
    estimateFen: number
    fundingSource: string
    targets: string | null
    location: string | null
    plannedCompletion: string | null
    rank: number | null
    votesFor: number | null
    by: string
    at: Date
  },
) {
  return trx
    .insertInto('project')
    .values({
      jurisdiction_id: p.jurisdictionId,
      cycle_id: p.cycleId,
      candidate_id: p.candidateId,
      vote_id: p.voteId,
      title: p.title,
      description: p.description,
      category: p.category,
      responsible_unit: p.responsibleUnit,
      unit_id: p.unitId,
      estimate_fen: p.estimateFen,
      funding_source: p.fundingSource,
      targets: p.targets,
      location: p.location,
      planned_completion: p.plannedCompletion,
      rank: p.rank,
      votes_for: p.votesFor,
      created_by: p.by,
      created_at: p.at,
    })
    .onConflict((oc) => oc.column('candidate_id').doNothing())
    .returning(['id', 'title'])
    .executeTakeFirst()
}
