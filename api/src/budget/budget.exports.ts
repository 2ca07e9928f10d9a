import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'
import { findCycle } from '../cycles/cycles.exports.js'
import { findProject } from '../projects/projects.exports.js'
import * as repo from './budget.repository.js'
import { chinaDate } from './budget.rules.js'
import {
  cycleFinance,
  projectFigures,
  toFacts,
  type CycleFinance,
  type ProjectFiguresView,
} from './budget.figures.js'

/**
 * The narrow surface of the budget feature for downstream features (progress, supervision,
 * evaluation, public portal, reports). No access checks: callers decide who may see what. None of
 * these returns voucher numbers or payees. Signatures are a contract: extend, do not change.
 *
 * Money is integer fen; rates are basis points rounded down (rateBp) and the same as a
 * two-decimal percentage string (rate).
 */
type Q = Kysely<DB> | Transaction<DB>

export type { CycleFinance, ProjectFiguresView as ProjectFinance }
export { bpToPercent, fenToYuan, rateBp, SOURCE_LABELS } from './budget.rules.js'

/**
 * One project's budget and execution: budgeted (approved lines), draft, disbursed (net of
 * reversals), remaining, rate, pool/other-source split, per source, the latest final accounts,
 * the under-spending warning as of `now`, and the date of the last entry. undefined for an
 * unknown project.
 */
export async function getProjectFinance(
  db: Q,
  projectId: string,
  now: Date = new Date(),
): Promise<ProjectFiguresView | undefined> {
  const project = await findProject(db, projectId)
  if (!project) return undefined
  const cycle = await findCycle(db, project.cycleId)
  if (!cycle) return undefined
  const [lines, dates, finals] = await Promise.all([
    repo.linesOfProject(db, projectId),
    repo.datedAmounts(db, { projectId }),
    repo.finalAccountsOf(db, { projectId }),
  ])
  return projectFigures(project, lines.map(toFacts), dates, finals, cycle.year, chinaDate(now))
}

/**
 * The cycle's figures: pool, totals, per project (as getProjectFinance), per unit, per source,
 * the monthly disbursement curve and the warnings as of `now`. undefined for an unknown cycle.
 */
export async function getCycleFinance(
  db: Q,
  cycleId: string,
  now: Date = new Date(),
): Promise<CycleFinance | undefined> {
  const cycle = await findCycle(db, cycleId)
  if (!cycle) return undefined
  return cycleFinance(db, cycle, now)
}
