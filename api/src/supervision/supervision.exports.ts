import type { Kysely, Transaction } from 'kysely'
import type { DB, IssueState } from '@ms/db'
import * as repo from './supervision.repository.js'

/**
 * What the supervision feature offers other features. The deputy performance record (履职档案,
 * api/src/records): the supervision groups a deputy served in, the inspections (视察) they took
 * part in and the issues they raised, with their state. Project titles come from projects.exports,
 * not from here. (The public portal still reads supervision.public-exports.ts.)
 */
type Q = Kysely<DB> | Transaction<DB>

export interface DeputyGroupMembership {
  projectId: string
  role: 'leader' | 'member'
  assignedAt: Date
}

export interface DeputyInspection {
  id: string
  projectId: string
  /** YYYY-MM-DD */
  date: string
  findings: string
}

export interface DeputyIssue {
  id: string
  projectId: string
  title: string
  state: IssueState
  raisedAt: Date
  closedAt: Date | null
}

export async function listDeputyGroups(db: Q, deputyId: string): Promise<DeputyGroupMembership[]> {
  const rows = await repo.groupsOfDeputy(db, deputyId)
  return rows.map((r) => ({
    projectId: r.project_id,
    role: r.role as 'leader' | 'member',
    assignedAt: r.assigned_at,
  }))
}

export async function listDeputyInspections(db: Q, deputyId: string): Promise<DeputyInspection[]> {
  const rows = await repo.inspectionsOfDeputy(db, deputyId)
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    date: r.date,
    findings: r.findings,
  }))
}

export async function listDeputyIssues(db: Q, deputyId: string): Promise<DeputyIssue[]> {
  const rows = await repo.issuesRaisedByDeputy(db, deputyId)
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    title: r.title,
    state: r.state,
    raisedAt: r.created_at,
    closedAt: r.closed_at,
  }))
}
