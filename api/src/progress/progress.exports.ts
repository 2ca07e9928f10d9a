import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'
import { findProject, type ProjectForDownstream } from '../projects/projects.exports.js'
import * as repo from './progress.repository.js'
import * as srepo from '../supervision/supervision.repository.js'
import {
  chinaToday,
  deriveStatus,
  progressFlags,
  reportDue,
  reportingFrom,
  type ProgressFlag,
  type ProjectStatus,
} from './progress.rules.js'
import { deadlineFlag, type IssueState } from '../supervision/supervision.rules.js'

/**
 * The narrow surface of implementation and supervision (progress + supervision, one feature node
 * in the dependency chain) for downstream features: evaluation, the public portal, reports.
 * Signatures are a contract: extend, do not change.
 */
type Q = Kysely<DB> | Transaction<DB>

export { STATUS_RULE, PROJECT_STATUSES, deriveStatus } from './progress.rules.js'
export type { ProjectStatus } from './progress.rules.js'

export interface ProgressSummary {
  projectId: string
  status: ProjectStatus
  /** Days since the earliest missed date still open (0 when none). */
  delayDays: number
  missedMilestones: number
  milestonesDone: number
  milestonesTotal: number
  /** Percent of the latest report, or null when none was filed. */
  percentComplete: number | null
  investmentToDateFen: number | null
  latestPeriod: string | null
  latestReport: {
    id: string
    period: string
    percentComplete: number
    narrative: string
    investmentToDateFen: number
    submittedAt: string
  } | null
  reportOverdue: boolean
  /** The last month whose report is due today. */
  duePeriod: string
  /** The month the unit should report next. */
  nextPeriod: string
  openIssues: number
  overdueIssues: number
  flags: (ProgressFlag | 'issue_overdue')[]
}

/** Status, percent, latest report and flags of each project, as of `now`. */
export async function progressSummaries(
  db: Q,
  projects: readonly Pick<ProjectForDownstream, 'id' | 'plannedCompletion'>[],
  now: Date,
): Promise<Map<string, ProgressSummary>> {
  const ids = projects.map((p) => p.id)
  const today = chinaToday(now)
  const [milestones, reports, issues] = await Promise.all([
    repo.listMilestones(db, ids),
    repo.reportSummaries(db, ids),
    srepo.issueFactsOf(db, ids),
  ])
  const out = new Map<string, ProgressSummary>()
  for (const p of projects) {
    const ms = milestones
      .filter((m) => m.project_id === p.id)
      .map((m) => ({ plannedDate: m.planned_date, actualDate: m.actual_date }))
    const rep = reports.get(p.id)
    const status = deriveStatus({
      today,
      milestones: ms,
      percentComplete: rep?.latest.percent_complete ?? null,
      plannedCompletion: p.plannedCompletion,
    })
    const due = reportDue({
      today,
      reportingFrom: reportingFrom(ms, rep?.firstPeriod ?? null),
      latestPeriod: rep?.latest.period ?? null,
      completed: status.status === 'completed',
    })
    const mine = issues.filter((i) => i.project_id === p.id)
    const open = mine.filter((i) => i.state !== 'closed')
    const overdue = open.filter((i) => {
      const f = deadlineFlag(i.state as IssueState, i.deadline, today)
      return f === 'overdue' || f === 'escalated'
    })
    const lastPlanned = ms.reduce<string | null>(
      (x, m) => (x && x > m.plannedDate ? x : m.plannedDate),
      null,
    )
    const flags: ProgressSummary['flags'] = progressFlags(status, due, {
      lastPlanned,
      plannedCompletion: p.plannedCompletion,
    })
    if (overdue.length) flags.push('issue_overdue')
    out.set(p.id, {
      projectId: p.id,
      status: status.status,
      delayDays: status.delayDays,
      missedMilestones: status.missedMilestones,
      milestonesDone: status.milestonesDone,
      milestonesTotal: status.milestonesTotal,
      percentComplete: rep?.latest.percent_complete ?? null,
      investmentToDateFen: rep?.latest.investment_to_date_fen ?? null,
      latestPeriod: rep?.latest.period ?? null,
      latestReport: rep
        ? {
            id: rep.latest.id,
            period: rep.latest.period,
            percentComplete: rep.latest.percent_complete,
            narrative: rep.latest.narrative,
            investmentToDateFen: rep.latest.investment_to_date_fen,
            submittedAt: rep.latest.submitted_at.toISOString(),
          }
        : null,
      reportOverdue: due.overdue,
      duePeriod: due.duePeriod,
      nextPeriod: due.nextPeriod,
      openIssues: open.length,
      overdueIssues: overdue.length,
      flags,
    })
  }
  return out
}

/** One project's summary, or undefined for an unknown id. */
export async function findProgressSummary(
  db: Q,
  projectId: string,
  now: Date,
): Promise<ProgressSummary | undefined> {
  const p = await findProject(db, projectId)
  if (!p) return undefined
  return (await progressSummaries(db, [p], now)).get(p.id)
}

/**
 * What evaluation (满意度测评) shows beside each project: its targets (绩效目标) and how far it got —
 * milestones achieved, the latest percent, the actual completion date (the last milestone done
 * once completed) and the status.
 */
export async function projectAchievement(db: Q, projectId: string, now: Date) {
  const p = await findProject(db, projectId)
  if (!p) return undefined
  const summary = (await progressSummaries(db, [p], now)).get(p.id)!
  const milestones = await repo.listMilestones(db, [p.id])
  const completedOn =
    summary.status === 'completed'
      ? (milestones
          .map((m) => m.actual_date)
          .filter((d): d is string => d !== null)
          .sort()
          .pop() ??
        summary.latestReport?.submittedAt.slice(0, 10) ??
        null)
      : null
  return {
    projectId: p.id,
    targets: p.targets,
    plannedCompletion: p.plannedCompletion,
    status: summary.status,
    percentComplete: summary.percentComplete,
    milestonesDone: summary.milestonesDone,
    milestonesTotal: summary.milestonesTotal,
    completedOn,
    investmentToDateFen: summary.investmentToDateFen,
    milestones: milestones.map((m) => ({
      name: m.name,
      plannedDate: m.planned_date,
      actualDate: m.actual_date,
    })),
  }
}

/**
 * The issues staff published (公示) for a project, with the unit's answer; no personal data (no
 * names of deputies or staff, no contacts): docs/decisions/032-issue-loop-and-publication.md.
 */
export async function publishedIssues(db: Q, projectId: string) {
  const rows = await srepo.listIssues(db, { projectIds: [projectId], published: true })
  return rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    source: r.source,
    title: r.title,
    description: r.description,
    state: r.state,
    unitName: r.unit_name,
    deadline: r.deadline,
    answer: r.state === 'raised' || r.state === 'assigned' ? null : r.answer,
    answeredAt: r.answered_at?.toISOString() ?? null,
    closedAt: r.closed_at?.toISOString() ?? null,
    raisedOn: r.created_at.toISOString().slice(0, 10),
    publishedAt: r.published_at?.toISOString() ?? null,
  }))
}

export const photoUrls = (id: string) => ({
  url: `/api/photos/${id}`,
  thumbUrl: `/api/photos/${id}/thumb`,
})
