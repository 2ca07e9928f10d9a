import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'
import type { CycleForDownstream } from '../cycles/cycles.exports.js'
import { listProjects, type ProjectForDownstream } from '../projects/projects.exports.js'
import * as repo from './budget.repository.js'
import {
  chinaDate,
  committedOf,
  DEFAULT_VARIANCE_THRESHOLD_BP,
  figures,
  groupFigures,
  monthlyCurve,
  SOURCES,
  spendingWarning,
  sumFen,
  type CurvePoint,
  type Figures,
  type LineFacts,
  type Source,
  type SpendingWarning,
} from './budget.rules.js'

/**
 * The execution figures of a cycle, built once from its lines, ledger and final accounts and shared
 * by the console summary, the exports, the public views and downstream features. Reads only; the
 * caller has checked access.
 */
type Q = Kysely<DB> | Transaction<DB>

export interface PoolView {
  cycleId: string
  poolFen: number
  documentRef: string | null
  fixed: boolean
  plannedPoolFen: number
  committedFen: number
  approvedFen: number
  availableFen: number
  varianceThresholdBp: number
}

export interface ProjectFiguresView extends Figures {
  projectId: string
  title: string
  rank: number | null
  category: string
  responsibleUnit: string
  unitId: string | null
  estimateFen: number
  draftFen: number
  /** Approved lines drawn on the pool. */
  poolFen: number
  /** Approved lines from other sources (shown apart from the pool). */
  otherSourcesFen: number
  bySource: ({ source: Source } & Figures)[]
  finalAccount: {
    revision: number
    finalAmountFen: number
    varianceFen: number
    varianceBp: number | null
    explanation: string | null
  } | null
  warning: (SpendingWarning & { projectId: string; title: string }) | null
  lastDisbursementDate: string | null
}

export interface CycleFinance {
  cycleId: string
  year: number
  asOf: string
  pool: PoolView
  totals: Figures & { draftFen: number; otherSourcesFen: number }
  projects: ProjectFiguresView[]
  units: ({ unitId: string | null; responsibleUnit: string; projects: number } & Figures)[]
  sources: ({ source: Source } & Figures)[]
  monthly: CurvePoint[]
  warnings: (SpendingWarning & { projectId: string; title: string })[]
}

export const toFacts = (l: repo.LineRow): LineFacts => ({
  projectId: l.project_id,
  source: l.source,
  fromPool: l.from_pool,
  status: l.status,
  amountFen: l.amount_fen,
  disbursedFen: l.disbursed_fen,
})

export async function poolView(
  db: Q,
  cycle: Pick<CycleForDownstream, 'id' | 'fundPoolFen'>,
): Promise<PoolView> {
  const [row, totals] = await Promise.all([
    repo.findPool(db, cycle.id),
    repo.poolTotals(db, cycle.id),
  ])
  const poolFen = row?.pool_fen ?? cycle.fundPoolFen
  return {
    cycleId: cycle.id,
    poolFen,
    documentRef: row?.document_ref ?? null,
    fixed: row?.pool_fen != null,
    plannedPoolFen: cycle.fundPoolFen,
    committedFen: totals.committedFen,
    approvedFen: totals.approvedFen,
    availableFen: poolFen - totals.committedFen,
    varianceThresholdBp: row?.variance_threshold_bp ?? DEFAULT_VARIANCE_THRESHOLD_BP,
  }
}

const bySourceOf = (lines: readonly LineFacts[]) => {
  const g = groupFigures(lines, (l) => l.source)
  return SOURCES.filter((s) => g.has(s)).map((source) => {
    const x = g.get(source)!
    return { source, ...figures(x.budgetedFen, x.disbursedFen) }
  })
}

export function projectFigures(
  p: ProjectForDownstream,
  lines: readonly LineFacts[],
  dates: readonly { date: string; amount_fen: number; project_id: string }[],
  finals: Awaited<ReturnType<typeof repo.finalAccountsOf>>,
  year: number,
  today: string,
): ProjectFiguresView {
  const mine = lines.filter((l) => l.projectId === p.id && l.status !== 'withdrawn')
  const approved = mine.filter((l) => l.status === 'approved')
  const budgeted = sumFen(approved.map((l) => l.amountFen))
  const disbursed = sumFen(mine.map((l) => l.disbursedFen))
  const latest = finals.filter((f) => f.project_id === p.id).at(-1)
  const f = figures(budgeted, disbursed)
  const w = spendingWarning({ budgetedFen: budgeted, disbursedFen: disbursed }, year, today)
  const lastDate = dates.filter((d) => d.project_id === p.id).at(-1)?.date ?? null
  return {
    projectId: p.id,
    title: p.title,
    rank: p.rank,
    category: p.category,
    responsibleUnit: p.responsibleUnit,
    unitId: p.unitId,
    estimateFen: p.estimateFen,
    ...f,
    draftFen: sumFen(mine.filter((l) => l.status === 'draft').map((l) => l.amountFen)),
    poolFen: sumFen(approved.filter((l) => l.fromPool).map((l) => l.amountFen)),
    otherSourcesFen: sumFen(approved.filter((l) => !l.fromPool).map((l) => l.amountFen)),
    bySource: bySourceOf(mine),
    finalAccount: latest
      ? {
          revision: latest.revision,
          finalAmountFen: latest.final_amount_fen,
          varianceFen: latest.variance_fen,
          varianceBp:
            latest.budgeted_fen > 0
              ? Number(
                  (BigInt(Math.abs(latest.variance_fen)) * 10000n) / BigInt(latest.budgeted_fen),
                )
              : null,
          explanation: latest.explanation,
        }
      : null,
    warning: w ? { ...w, projectId: p.id, title: p.title } : null,
    lastDisbursementDate: lastDate,
  }
}

export async function cycleFinance(
  db: Q,
  cycle: Pick<CycleForDownstream, 'id' | 'year' | 'fundPoolFen'>,
  now: Date,
): Promise<CycleFinance> {
  const [projects, lineRows, dates, finals, pool] = await Promise.all([
    listProjects(db, cycle.id),
    repo.linesOfCycle(db, cycle.id),
    repo.datedAmounts(db, { cycleId: cycle.id }),
    repo.finalAccountsOf(db, { cycleId: cycle.id }),
    poolView(db, cycle),
  ])
  const today = chinaDate(now)
  const lines = lineRows.map(toFacts)
  const perProject = projects.map((p) => projectFigures(p, lines, dates, finals, cycle.year, today))
  const live = lines.filter((l) => l.status !== 'withdrawn')
  const budgeted = sumFen(perProject.map((p) => p.budgetedFen))
  const disbursed = sumFen(perProject.map((p) => p.disbursedFen))

  const unitMap = new Map<
    string,
    { unitId: string | null; responsibleUnit: string; ids: string[] }
  >()
  for (const p of projects) {
    const key = p.unitId ?? `name:${p.responsibleUnit}`
    const u = unitMap.get(key) ?? { unitId: p.unitId, responsibleUnit: p.responsibleUnit, ids: [] }
    u.ids.push(p.id)
    unitMap.set(key, u)
  }
  const units = [...unitMap.values()].map((u) => {
    const ps = perProject.filter((p) => u.ids.includes(p.projectId))
    return {
      unitId: u.unitId,
      responsibleUnit: u.responsibleUnit,
      projects: ps.length,
      ...figures(sumFen(ps.map((p) => p.budgetedFen)), sumFen(ps.map((p) => p.disbursedFen))),
    }
  })
  units.sort(
    (a, b) => b.budgetedFen - a.budgetedFen || a.responsibleUnit.localeCompare(b.responsibleUnit),
  )

  const warnings = perProject.flatMap((p) => (p.warning ? [p.warning] : []))
  return {
    cycleId: cycle.id,
    year: cycle.year,
    asOf: today,
    pool: {
      ...pool,
      committedFen: committedOf(lines),
      availableFen: pool.poolFen - committedOf(lines),
    },
    totals: {
      ...figures(budgeted, disbursed),
      draftFen: sumFen(perProject.map((p) => p.draftFen)),
      otherSourcesFen: sumFen(perProject.map((p) => p.otherSourcesFen)),
    },
    projects: perProject,
    units,
    sources: bySourceOf(live),
    monthly: monthlyCurve(
      dates.map((d) => ({ date: d.date, amountFen: d.amount_fen })),
      cycle.year,
    ),
    warnings,
  }
}
