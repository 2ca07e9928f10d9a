import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'
import { isSelectionPublished } from './projects.selection.js'

/**
 * The narrow surface of the projects feature for downstream features (budget, progress,
 * supervision, evaluation, public). Signatures are a contract: extend, do not change.
 */
type Q = Kysely<DB> | Transaction<DB>

export interface ProjectForDownstream {
  id: string
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
}

function toProject(r: Record<string, unknown>): ProjectForDownstream {
  const p = r as unknown as {
    id: string
    jurisdiction_id: string
    cycle_id: string
    candidate_id: string
    vote_id: string
    title: string
    description: string
    category: string
    responsible_unit: string
    unit_id: string | null
    estimate_fen: number
    funding_source: string
    targets: string | null
    location: string | null
    planned_completion: string | null
    rank: number | null
    votes_for: number | null
  }
  return {
    id: p.id,
    jurisdictionId: p.jurisdiction_id,
    cycleId: p.cycle_id,
    candidateId: p.candidate_id,
    voteId: p.vote_id,
    title: p.title,
    description: p.description,
    category: p.category,
    responsibleUnit: p.responsible_unit,
    unitId: p.unit_id,
    estimateFen: p.estimate_fen,
    fundingSource: p.funding_source,
    targets: p.targets,
    location: p.location,
    plannedCompletion: p.planned_completion,
    rank: p.rank,
    votesFor: p.votes_for,
  }
}

export async function findProject(
  db: Q,
  projectId: string,
): Promise<ProjectForDownstream | undefined> {
  const r = await db
    .selectFrom('project')
    .selectAll()
    .where('id', '=', projectId)
    .executeTakeFirst()
  return r ? toProject(r) : undefined
}

/** The cycle's projects in rank order (the order of the vote result). */
export async function listProjects(db: Q, cycleId: string): Promise<ProjectForDownstream[]> {
  const rows = await db
    .selectFrom('project')
    .selectAll()
    .where('cycle_id', '=', cycleId)
    .orderBy('rank')
    .orderBy('title')
    .execute()
  return rows.map(toProject)
}

/** Projects a unit is responsible for, across cycles (the unit console). */
export async function listProjectsOfUnits(
  db: Q,
  unitIds: string[],
): Promise<ProjectForDownstream[]> {
  if (unitIds.length === 0) return []
  const rows = await db
    .selectFrom('project')
    .selectAll()
    .where('unit_id', 'in', unitIds)
    .orderBy('created_at', 'desc')
    .orderBy('rank')
    .execute()
  return rows.map(toProject)
}

/** Projects of the given jurisdictions (not those below), across cycles (staff notices and digest). */
export async function listProjectsOfJurisdictions(
  db: Q,
  jurisdictionIds: string[],
): Promise<ProjectForDownstream[]> {
  if (jurisdictionIds.length === 0) return []
  const rows = await db
    .selectFrom('project')
    .selectAll()
    .where('jurisdiction_id', 'in', jurisdictionIds)
    .orderBy('created_at', 'desc')
    .orderBy('rank')
    .execute()
  return rows.map(toProject)
}

/** The read rule for a project and what hangs on it (staff, finance, units, deputies; staff/finance above). */
export { requireProjectReader, PROJECT_READERS } from './projects.service.js'

/**
 * The project and the ref of its jurisdiction for access checks; undefined for an unknown id.
 * Callers still decide who may see it.
 */
export async function findProjectWithJurisdiction(
  db: Q,
  projectId: string,
): Promise<
  { project: ProjectForDownstream; jurisdiction: { id: string; path: string } } | undefined
> {
  const r = await db
    .selectFrom('project')
    .innerJoin('jurisdiction', 'jurisdiction.id', 'project.jurisdiction_id')
    .selectAll('project')
    .select('jurisdiction.path as jurisdiction_path')
    .where('project.id', '=', projectId)
    .executeTakeFirst()
  if (!r) return undefined
  return {
    project: toProject(r),
    jurisdiction: { id: r.jurisdiction_id, path: r.jurisdiction_path },
  }
}

/** Whether the cycle's selection result is published (public views of projects depend on it). */
export async function hasPublishedSelection(db: Q, cycleId: string): Promise<boolean> {
  return isSelectionPublished(db, cycleId)
}
