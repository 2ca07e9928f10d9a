import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'
import * as ballots from '../ballots/ballots.evaluation-exports.js'
import * as repo from './evaluation.repository.js'
import { rectificationViews, toResult, type EvaluationResultView } from './evaluation.service.js'
import { chinaDate } from './evaluation.rules.js'

/**
 * The narrow surface of the evaluation feature for downstream readers (reports, the public
 * portal, the deputy record). No access checks: callers decide who may see what. Nothing here
 * says how anyone rated anything — only counts of anonymous ballots. Signatures are a contract:
 * extend, do not change.
 */
type Q = Kysely<DB> | Transaction<DB>

export type { EvaluationResultView }
export { GRADES, percentText, type Grade, type RectificationState } from './evaluation.rules.js'

/** The cycle's published evaluations, oldest first, each as its (frozen) result view. */
export async function publishedEvaluations(
  db: Q,
  cycleId: string,
): Promise<EvaluationResultView[]> {
  const votes = (await ballots.listEvaluationVotes(db, cycleId)).filter(
    (v) => v.state === 'published' && v.result,
  )
  const out: EvaluationResultView[] = []
  for (const v of votes) {
    const frozen = v.result as ballots.RatingResult
    out.push(
      await toResult(db, {
        ...frozen,
        state: 'published',
        publishedAt: v.publishedAt ? v.publishedAt.toISOString() : null,
      }),
    )
  }
  return out
}

export type LatestRating = EvaluationResultView['rows'][number] & {
  evaluationId: string
  evaluationTitle: string
}

/** Per project, its row in the latest published evaluation that rated it (a 复评 supersedes). */
export async function latestRatings(db: Q, cycleId: string): Promise<Map<string, LatestRating>> {
  const out = new Map<string, LatestRating>()
  for (const e of await publishedEvaluations(db, cycleId))
    for (const row of e.rows)
      if (row.projectId)
        out.set(row.projectId, { ...row, evaluationId: e.evaluationId, evaluationTitle: e.title })
  return out
}

/**
 * The cycle's rectification items as the public sees them: project, unit, grade and rate, state,
 * deadline and — once the unit has answered — its measures. No names of people.
 */
export async function publicRectifications(db: Q, cycleId: string, now: Date) {
  const rows = await repo.listRectifications(db, { cycleId })
  const views = await rectificationViews(db, rows, () => [], chinaDate(now))
  return views.map((r) => ({
    id: r.id,
    evaluationId: r.evaluationId,
    projectId: r.projectId,
    projectTitle: r.projectTitle,
    responsibleUnit: r.responsibleUnit,
    grade: r.grade,
    ratePercent: r.ratePercent,
    belowThreshold: r.belowThreshold,
    state: r.state,
    deadline: r.deadline,
    overdue: r.overdue,
    measures: r.state === 'open' ? null : r.measures,
    answeredAt: r.answeredAt,
    closedAt: r.closedAt,
  }))
}
