import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'
import {
  canSee,
  findJurisdictionRef,
  hasRole,
  type Auth,
  type JurisdictionRef,
} from '../shared/access.js'
import { ApiError, notFound } from '../shared/errors.js'
import { findProject, type ProjectForDownstream } from '../projects/projects.exports.js'
import { findCycle } from '../cycles/cycles.exports.js'
import { inProjectWindow, projectDateWindow } from './progress.rules.js'
import * as repo from './progress.repository.js'

type Q = Kysely<DB> | Transaction<DB>

/**
 * What the caller is with respect to one project. Implementation and supervision have one access
 * rule (docs/decisions/035-progress-supervision-access.md):
 * - read: staff, finance, units and deputies of the project's jurisdiction, and staff or finance
 *   of a jurisdiction above it (the same readers as the project itself);
 * - write: staff of the jurisdiction; the project's responsible unit (accounts linked to it);
 *   deputies of its supervision group; each verb says which of these it takes.
 * Callers who cannot see the jurisdiction get 404; those who can but may not read, 403.
 */
export interface ProjectAccess {
  project: ProjectForDownstream
  jurisdiction: JurisdictionRef
  auth: Auth
  isStaff: boolean
  /** An account linked to the project's responsible unit. */
  isUnit: boolean
  /** The caller's deputy id in the project's jurisdiction, when they are a deputy there. */
  deputyId: string | null
  /** A deputy of the project's supervision group. */
  isGroupMember: boolean
  isGroupLeader: boolean
}

const READERS = ['staff', 'finance', 'unit', 'deputy', 'admin'] as const
const SUPERVISING = ['staff', 'finance'] as const

export async function loadProjectAccess(
  db: Q,
  auth: Auth | null,
  projectId: string,
): Promise<ProjectAccess> {
  if (!auth) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first')
  const project = await findProject(db, projectId)
  if (!project) throw notFound('Project')
  const jurisdiction = await findJurisdictionRef(db as Kysely<DB>, project.jurisdictionId)
  if (!jurisdiction) throw notFound('Project')
  const above = auth.grants.some(
    (g) =>
      g.jurisdictionId !== jurisdiction.id &&
      jurisdiction.path.startsWith(g.path) &&
      (SUPERVISING as readonly string[]).includes(g.role),
  )
  if (!hasRole(auth, jurisdiction, READERS) && !above) {
    if (canSee(auth, jurisdiction))
      throw new ApiError(403, 'FORBIDDEN', 'You cannot read this project')
    throw notFound('Project')
  }
  const isStaff = hasRole(auth, jurisdiction, ['staff'])
  let isUnit = false
  if (project.unitId && hasRole(auth, jurisdiction, ['unit'])) {
    isUnit = await repo.isUnitAccount(db, auth.userId, project.unitId)
  }
  let deputyId: string | null = null
  let role: 'leader' | 'member' | undefined
  if (hasRole(auth, jurisdiction, ['deputy'])) {
    const d = await repo.deputyWithGroupRole(db, auth.userId, jurisdiction.id, projectId)
    deputyId = d?.id ?? null
    role = d?.role ?? undefined
  }
  return {
    project,
    jurisdiction,
    auth,
    isStaff,
    isUnit,
    deputyId,
    isGroupMember: role !== undefined,
    isGroupLeader: role === 'leader',
  }
}

export function forbid(message: string): never {
  throw new ApiError(403, 'FORBIDDEN', message)
}

/**
 * Refuses (400 DATE_OUT_OF_RANGE, naming the field) a date or month outside the window around
 * the project's cycle year (progress.rules.ts, projectDateWindow).
 */
export async function requireInProjectWindow(
  db: Q,
  project: ProjectForDownstream,
  checks: { field: string; value: string | null | undefined }[],
) {
  const present = checks.filter((c): c is { field: string; value: string } => !!c.value)
  if (present.length === 0) return
  const cycle = await findCycle(db, project.cycleId)
  if (!cycle) return
  const bad = present.filter((c) => !inProjectWindow(c.value, cycle.year))
  if (bad.length === 0) return
  const { from, to } = projectDateWindow(cycle.year)
  const message = `Must lie between ${from} and ${to} (the ${cycle.year} cycle’s years)`
  throw new ApiError(
    400,
    'DATE_OUT_OF_RANGE',
    `${bad.map((b) => b.field).join(', ')}: ${message}`,
    { from, to },
    bad.map((b) => ({ path: b.field, message })),
  )
}
