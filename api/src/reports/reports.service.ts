import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'
import type { Ctx, Deps } from '../shared/context.js'
import { ApiError, conflict, notFound } from '../shared/errors.js'
import { jurisdictionHeading, jurisdictionName } from './reports.repository.js'
import {
  getCycleWithJurisdiction,
  listCandidates,
  type CycleForDownstream,
} from '../cycles/cycles.exports.js'
import { getPublishedSelectionFigures } from '../ballots/ballots.exports.js'
import { buildAnnouncement } from './reports.announcement.js'
import {
  hasPublishedSelection,
  listProjects,
  requireProjectReader,
} from '../projects/projects.exports.js'
import { projectAchievement } from '../progress/progress.exports.js'
import { getCycleFinance } from '../budget/budget.exports.js'
import {
  latestRatings,
  publicRectifications,
  publishedEvaluations,
} from '../evaluation/evaluation.exports.js'

/**
 * The year-end report (年度民生实事项目完成情况): per project its targets against what was achieved
 * (progress), its budget against what was paid and the final accounts (budget), and how the
 * deputies rated it (evaluation) with any rectification. Read only, from the upstream features'
 * exports; the public page shows the same figures (nothing here is more than the portal shows:
 * no voucher numbers or payees, no names, no ballot content).
 */
type Q = Kysely<DB> | Transaction<DB>

async function buildYearEnd(db: Q, cycle: CycleForDownstream, jurisdictionName: string, now: Date) {
  const projects = await listProjects(db, cycle.id)
  const [finance, ratings, rectifications, evaluations] = await Promise.all([
    getCycleFinance(db, cycle.id, now),
    latestRatings(db, cycle.id),
    publicRectifications(db, cycle.id, now),
    publishedEvaluations(db, cycle.id),
  ])
  const money = new Map((finance?.projects ?? []).map((p) => [p.projectId, p]))
  const rows = []
  for (const p of projects) {
    const a = await projectAchievement(db, p.id, now)
    const f = money.get(p.id)
    const r = ratings.get(p.id)
    const rect = [...rectifications].reverse().find((x) => x.projectId === p.id)
    rows.push({
      projectId: p.id,
      rank: p.rank,
      title: p.title,
      category: p.category,
      responsibleUnit: p.responsibleUnit,
      targets: p.targets,
      plannedCompletion: p.plannedCompletion,
      achievement: a
        ? {
            status: a.status,
            percentComplete: a.percentComplete,
            milestonesDone: a.milestonesDone,
            milestonesTotal: a.milestonesTotal,
            completedOn: a.completedOn,
          }
        : null,
      budget: f
        ? {
            budgetedFen: f.budgetedFen,
            disbursedFen: f.disbursedFen,
            rate: f.rate,
            finalAmountFen: f.finalAccount?.finalAmountFen ?? null,
            varianceFen: f.finalAccount?.varianceFen ?? null,
          }
        : null,
      satisfaction: r
        ? {
            evaluationId: r.evaluationId,
            satisfied: r.satisfied,
            basically: r.basically,
            dissatisfied: r.dissatisfied,
            abstain: r.abstain,
            rate: r.rate,
            ratePercent: r.ratePercent,
            grade: r.grade,
            belowThreshold: r.belowThreshold,
            rectify: r.rectify,
          }
        : null,
      rectification: rect
        ? { id: rect.id, state: rect.state, deadline: rect.deadline, overdue: rect.overdue }
        : null,
    })
  }
  const latest = evaluations.at(-1)
  const sum = (xs: (number | null | undefined)[]) => xs.reduce<number>((s, x) => s + (x ?? 0), 0)
  return {
    cycle: {
      id: cycle.id,
      year: cycle.year,
      title: cycle.title,
      phase: cycle.phase,
      jurisdictionId: cycle.jurisdictionId,
      jurisdictionName,
      satisfactionThreshold: cycle.satisfactionThreshold,
    },
    asOf: now.toISOString(),
    totals: {
      projects: rows.length,
      completed: rows.filter((r) => r.achievement?.status === 'completed').length,
      budgetedFen: sum(rows.map((r) => r.budget?.budgetedFen)),
      disbursedFen: sum(rows.map((r) => r.budget?.disbursedFen)),
      executionRate: finance?.totals.rate ?? null,
      finalAccountFen: rows.every((r) => r.budget?.finalAmountFen != null)
        ? sum(rows.map((r) => r.budget?.finalAmountFen))
        : null,
      graded: {
        satisfied: rows.filter((r) => r.satisfaction?.grade === 'satisfied').length,
        basically: rows.filter((r) => r.satisfaction?.grade === 'basically').length,
        dissatisfied: rows.filter((r) => r.satisfaction?.grade === 'dissatisfied').length,
      },
      rectifications: rectifications.length,
      rectificationsClosed: rectifications.filter((r) => r.state === 'closed').length,
    },
    evaluation: latest
      ? {
          evaluationId: latest.evaluationId,
          title: latest.title,
          publishedAt: latest.publishedAt,
          rule: latest.rule,
          turnout: latest.turnout,
          ballots: latest.ballots,
          count: evaluations.length,
        }
      : null,
    projects: rows,
    rectifications,
  }
}
export type YearEnd = Awaited<ReturnType<typeof buildYearEnd>>

/** Signed in: staff, finance, units and deputies of the jurisdiction (and supervising staff above). */
export async function getYearEnd(c: Ctx, cid: string) {
  const { db } = c.deps.database
  const { cycle, jurisdiction } = await getCycleWithJurisdiction(db, cid)
  requireProjectReader(c.auth, jurisdiction)
  return buildYearEnd(db, cycle, await jurisdictionName(db, jurisdiction.id), c.deps.now())
}

/** The public page: once the cycle's selection is published (404 before, like the portal). */
export async function getPublicYearEnd(deps: Deps, cid: string) {
  const { db } = deps.database
  const found = await getCycleWithJurisdiction(db, cid).catch(() => undefined)
  if (!found || !(await hasPublishedSelection(db, cid))) throw notFound('Cycle')
  return buildYearEnd(
    db,
    found.cycle,
    await jurisdictionName(db, found.jurisdiction.id),
    deps.now(),
  )
}

/**
 * The 公告 of the cycle's published selection vote (and the runoffs that completed it), for the
 * same readers as the year-end report. 409 RESULT_NOT_PUBLISHED until a selection is published.
 */
export async function getAnnouncement(c: Ctx, cid: string) {
  const { db } = c.deps.database
  const { cycle, jurisdiction } = await getCycleWithJurisdiction(db, cid)
  try {
    requireProjectReader(c.auth, jurisdiction)
  } catch (e) {
    // A foreign cycle answers exactly like an unknown one (the reader rule says "Resource").
    throw e instanceof ApiError && e.status === 404 ? notFound('Cycle') : e
  }
  const votes = await getPublishedSelectionFigures(db, cycle.id)
  if (!votes.length)
    throw conflict(
      'RESULT_NOT_PUBLISHED',
      'The announcement is issued once the result of the selection vote is certified and published; it is not published yet',
    )
  const [heading, candidates] = await Promise.all([
    jurisdictionHeading(db, jurisdiction.id),
    listCandidates(db, cycle.id),
  ])
  return buildAnnouncement({
    jurisdiction: heading,
    cycle: { year: cycle.year, title: cycle.title },
    votes,
    units: new Map(candidates.map((x) => [x.id, x.responsibleUnit])),
  })
}
