import type { Ctx } from '../shared/context.js'
import { canSee, hasRole, requireRole, type Auth, type JurisdictionRef } from '../shared/access.js'
import { ApiError, conflict, notFound } from '../shared/errors.js'
import { audit } from '../shared/audit.js'
import { findCandidate, getCycleWithJurisdiction } from '../cycles/cycles.exports.js'
import { publishedSelection } from './projects.selection.js'
import * as repo from './projects.repository.js'
import type { Project } from './projects.schemas.js'

/** Roles of the jurisdiction that read its projects (and their money). */
export const PROJECT_READERS = ['staff', 'finance', 'unit', 'deputy'] as const
/** Roles of a jurisdiction above that read its projects too (a city supervises its counties). */
const SUPERVISING = ['staff', 'finance'] as const

/**
 * The read rule for projects and everything hung on them (budget, progress): staff, finance,
 * units and deputies of the jurisdiction, and staff or finance of a jurisdiction above it.
 * Others who can see the jurisdiction get 403; those who cannot, 404.
 */
export function requireProjectReader(auth: Auth | null, j: JurisdictionRef): Auth {
  if (!auth) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first')
  if (hasRole(auth, j, PROJECT_READERS)) return auth
  const above = auth.grants.some(
    (g) =>
      g.jurisdictionId !== j.id &&
      j.path.startsWith(g.path) &&
      (SUPERVISING as readonly string[]).includes(g.role),
  )
  if (above) return auth
  if (canSee(auth, j)) throw new ApiError(403, 'FORBIDDEN', 'You cannot read these projects')
  throw notFound()
}

export function toProject(r: repo.ProjectRow): Project {
  return {
    id: r.id,
    jurisdictionId: r.jurisdiction_id,
    cycleId: r.cycle_id,
    candidateId: r.candidate_id,
    voteId: r.vote_id,
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
    rank: r.rank,
    votesFor: r.votes_for,
    createdAt: r.created_at.toISOString(),
  }
}

/**
 * The explicit downstream step: every candidate selected by the cycle's published selection vote
 * (and its published runoffs) becomes a project, carrying the candidate's unit, estimate, targets
 * and planned completion and the vote's rank and 赞成 count. Idempotent: a candidate that is a
 * project already is left alone (unique candidate_id), so re-running changes nothing.
 */
export async function createProjectsFromResult({ deps, auth, requestId }: Ctx, cid: string) {
  const { db } = deps.database
  const { cycle, jurisdiction } = await getCycleWithJurisdiction(db, cid)
  const a = requireRole(auth, jurisdiction, ['staff'])
  const selection = await publishedSelection(deps, cid)
  if (!selection)
    throw conflict(
      'RESULT_NOT_PUBLISHED',
      'The cycle has no published selection result yet: publish the vote result first',
    )
  const now = deps.now()
  const created = await db.transaction().execute(async (trx) => {
    const made: { id: string; title: string; candidateId: string }[] = []
    for (const s of selection.selected) {
      const c = await findCandidate(trx, s.candidateId)
      if (!c || c.cycleId !== cycle.id) continue
      const row = await repo.insertProjectIfAbsent(trx, {
        jurisdictionId: cycle.jurisdictionId,
        cycleId: cycle.id,
        candidateId: c.id,
        voteId: s.voteId,
        title: c.title,
        description: c.description,
        category: c.category,
        responsibleUnit: c.responsibleUnit,
        unitId: c.unitId,
        estimateFen: c.estimateFen,
        fundingSource: c.fundingSource,
        targets: c.targets,
        location: c.location,
        plannedCompletion: c.plannedCompletion,
        rank: s.rank,
        votesFor: s.votesFor,
        by: a.userId,
        at: now,
      })
      if (row) made.push({ ...row, candidateId: c.id })
    }
    if (made.length > 0)
      await audit(
        trx,
        {
          jurisdictionId: cycle.jurisdictionId,
          actorUserId: a.userId,
          action: 'project.create_from_result',
          entity: 'cycle',
          entityId: cycle.id,
          after: { voteIds: selection.voteIds, projects: made },
          requestId,
        },
        now,
      )
    return made.length
  })
  const items = (await repo.projectsOfCycle(db, cid)).map(toProject)
  return { created, items }
}

export async function listCycleProjects({ deps, auth }: Ctx, cid: string) {
  const { db } = deps.database
  const { jurisdiction } = await getCycleWithJurisdiction(db, cid)
  requireProjectReader(auth, jurisdiction)
  return { items: (await repo.projectsOfCycle(db, cid)).map(toProject) }
}

export async function getProject({ deps, auth }: Ctx, pid: string) {
  const row = await repo.findProjectRow(deps.database.db, pid)
  if (!row) throw notFound('Project')
  requireProjectReader(auth, { id: row.jurisdiction_id, path: row.jurisdiction_path })
  return toProject(row)
}
