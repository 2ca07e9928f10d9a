import type { Deps } from '../shared/context.js'
import { notFound } from '../shared/errors.js'
import {
  findPublicJurisdiction,
  listAncestors,
  listSubtree,
  type PublicJurisdiction,
} from '../jurisdictions/jurisdictions.public-exports.js'
import { listCyclesOf, type PublicCycleRef } from '../cycles/cycles.public-exports.js'
import { getPublishedSelectionDetail } from '../ballots/ballots.exports.js'
import { findProjectWithJurisdiction, listProjects } from '../projects/projects.exports.js'
import { findCycle } from '../cycles/cycles.exports.js'
import { getCycleFinance } from '../budget/budget.exports.js'
import {
  progressSummaries,
  PROJECT_STATUSES,
  type ProjectStatus,
} from '../progress/progress.exports.js'
import { reportPhotos } from '../progress/progress.public-exports.js'
import { publishedIssueCounts } from '../supervision/supervision.public-exports.js'
import { latestRatings, publishedEvaluations } from '../evaluation/evaluation.exports.js'
import { subtreeDataVersion } from './public.repository.js'
// The published result of one vote: the function behind the stable GET /api/public/votes/:vid/result
// (no access check, 404 until published). The ballot feature offers it in this exports file.
import { getPublicVoteResult } from '../ballots/ballots.evaluation-exports.js'

/**
 * The public portal's read model (「阅卷」): per jurisdiction and year, the projects chosen by a
 * PUBLISHED vote with their money, progress, published issues and published satisfaction, and the
 * roll-up of the jurisdictions below. Everything is read through other features' exports; nothing
 * here names a person, a voucher or a payee. Money is integer fen, summed exactly.
 */

type Db = Deps['database']['db']

export interface PublicProjectRow {
  id: string
  cycleId: string
  jurisdictionId: string
  jurisdictionName: string
  rank: number | null
  title: string
  category: string
  responsibleUnit: string
  location: string | null
  plannedCompletion: string | null
  estimateFen: number
  budgetedFen: number
  disbursedFen: number
  /** Disbursed / budgeted in basis points (rounded down), null with no budget. */
  rateBp: number | null
  status: ProjectStatus
  percentComplete: number | null
  delayDays: number
  latestReport: {
    period: string
    percentComplete: number
    narrative: string
    submittedOn: string
    photos: { url: string; thumbUrl: string; caption: string | null }[]
  } | null
  issues: { published: number; answered: number }
  satisfaction: { ratePercent: string | null; grade: string | null; evaluationTitle: string } | null
}

export interface Aggregate {
  projects: number
  budgetedFen: number
  disbursedFen: number
  completed: number
  /** Mean percent complete (no report counts as 0), rounded down; null without projects. */
  avgPercent: number | null
  /** Projects with a published satisfaction grade, and how many of them satisfied/basically. */
  rated: number
  satisfied: number
  statusCounts: Record<ProjectStatus, number>
}

const emptyStatus = () =>
  Object.fromEntries(PROJECT_STATUSES.map((s) => [s, 0])) as Record<ProjectStatus, number>

export function aggregate(rows: readonly PublicProjectRow[]): Aggregate {
  const statusCounts = emptyStatus()
  let budgetedFen = 0
  let disbursedFen = 0
  let percentSum = 0
  let rated = 0
  let satisfied = 0
  for (const r of rows) {
    statusCounts[r.status]++
    budgetedFen += r.budgetedFen
    disbursedFen += r.disbursedFen
    percentSum += r.percentComplete ?? 0
    if (r.satisfaction?.grade) {
      rated++
      if (r.satisfaction.grade === 'satisfied' || r.satisfaction.grade === 'basically') satisfied++
    }
  }
  return {
    projects: rows.length,
    budgetedFen,
    disbursedFen,
    completed: statusCounts.completed,
    avgPercent: rows.length ? Math.floor(percentSum / rows.length) : null,
    rated,
    satisfied,
    statusCounts,
  }
}

interface CycleData {
  cycle: PublicCycleRef
  resultPublished: boolean
  selectionVoteIds: string[]
  evaluationIds: string[]
  projects: PublicProjectRow[]
  units: { responsibleUnit: string; projects: number; budgetedFen: number; disbursedFen: number }[]
  monthly: { month: string; amountFen: number; cumulativeFen: number }[]
}

async function cycleData(
  db: Db,
  cycle: PublicCycleRef,
  j: PublicJurisdiction,
  now: Date,
): Promise<CycleData> {
  const base: CycleData = {
    cycle,
    resultPublished: false,
    selectionVoteIds: [],
    evaluationIds: [],
    projects: [],
    units: [],
    monthly: [],
  }
  const selection = await getPublishedSelectionDetail(db, cycle.id)
  if (!selection) return base
  const projects = await listProjects(db, cycle.id)
  const ids = projects.map((p) => p.id)
  const [finance, progress, ratings, issues, evaluations] = await Promise.all([
    getCycleFinance(db, cycle.id, now),
    progressSummaries(db, projects, now),
    latestRatings(db, cycle.id),
    publishedIssueCounts(db, ids),
    publishedEvaluations(db, cycle.id),
  ])
  const reportIds = [...progress.values()].flatMap((s) =>
    s.latestReport ? [s.latestReport.id] : [],
  )
  const photos = await reportPhotos(db, reportIds)
  const money = new Map((finance?.projects ?? []).map((f) => [f.projectId, f]))
  const rows: PublicProjectRow[] = projects.map((p) => {
    const f = money.get(p.id)
    const s = progress.get(p.id)!
    const r = ratings.get(p.id)
    const lr = s.latestReport
    return {
      id: p.id,
      cycleId: cycle.id,
      jurisdictionId: j.id,
      jurisdictionName: j.name,
      rank: p.rank,
      title: p.title,
      category: p.category,
      responsibleUnit: p.responsibleUnit,
      location: p.location,
      plannedCompletion: p.plannedCompletion,
      estimateFen: p.estimateFen,
      budgetedFen: f?.budgetedFen ?? 0,
      disbursedFen: f?.disbursedFen ?? 0,
      rateBp: f?.rateBp ?? null,
      status: s.status,
      percentComplete: s.percentComplete,
      delayDays: s.delayDays,
      latestReport: lr
        ? {
            period: lr.period,
            percentComplete: lr.percentComplete,
            narrative: lr.narrative,
            submittedOn: lr.submittedAt.slice(0, 10),
            photos: (photos.get(lr.id) ?? []).map(({ url, thumbUrl, caption }) => ({
              url,
              thumbUrl,
              caption,
            })),
          }
        : null,
      issues: issues.get(p.id) ?? { published: 0, answered: 0 },
      satisfaction: r
        ? { ratePercent: r.ratePercent, grade: r.grade, evaluationTitle: r.evaluationTitle }
        : null,
    }
  })
  return {
    cycle,
    resultPublished: true,
    selectionVoteIds: selection.voteIds,
    evaluationIds: evaluations.map((e) => e.evaluationId),
    projects: rows,
    units: (finance?.units ?? []).map((u) => ({
      responsibleUnit: u.responsibleUnit,
      projects: u.projects,
      budgetedFen: u.budgetedFen,
      disbursedFen: u.disbursedFen,
    })),
    monthly: (finance?.monthly ?? []).map((m) => ({ ...m })),
  }
}

const jView = (j: PublicJurisdiction) => ({
  id: j.id,
  name: j.name,
  level: j.level,
  parentId: j.parentId,
})

function mergeMonthly(lists: CycleData['monthly'][]) {
  const by = new Map<string, number>()
  for (const l of lists) for (const m of l) by.set(m.month, (by.get(m.month) ?? 0) + m.amountFen)
  let cumulativeFen = 0
  return [...by.keys()].sort().map((month) => {
    const amountFen = by.get(month)!
    cumulativeFen += amountFen
    return { month, amountFen, cumulativeFen }
  })
}

function mergeUnits(lists: CycleData['units'][]) {
  const by = new Map<string, CycleData['units'][number]>()
  for (const l of lists)
    for (const u of l) {
      const x = by.get(u.responsibleUnit)
      if (x) {
        x.projects += u.projects
        x.budgetedFen += u.budgetedFen
        x.disbursedFen += u.disbursedFen
      } else by.set(u.responsibleUnit, { ...u })
    }
  return [...by.values()].sort((a, b) => b.budgetedFen - a.budgetedFen)
}

/**
 * Which year to show: the asked one, else the latest year with a cycle past its vote
 * (implementing, evaluating or closed), else the latest year with any cycle, else this year.
 */
const PAST_VOTE = new Set(['implementing', 'evaluating', 'closed'])
function pickYear(cycles: PublicCycleRef[], asked: number | undefined, now: Date) {
  if (asked !== undefined) return asked
  const voted = cycles.filter((c) => PAST_VOTE.has(c.phase)).map((c) => c.year)
  const any = cycles.map((c) => c.year)
  if (voted.length) return Math.max(...voted)
  return any.length ? Math.max(...any) : Number(now.toISOString().slice(0, 4))
}

/**
 * The overview body cache (docs/decisions/044-public-overview-body-cache.md): per database,
 * jurisdiction and asked year, the computed overview and its JSON text, valid while the data
 * version and the date (status and 「截至」 depend on the day) are the ones it was computed under.
 * On PostgreSQL the version is the subtree's (one cheap query: jurisdiction count and audit-chain
 * heads, see public.repository.ts): a publication, a disbursement, a report — any audited write in
 * the subtree — changes it, so the next request recomputes, in every API process (the version
 * lives in the database). On the embedded PGlite, which only this process writes, it is the
 * database's in-process write version (`Database.writeVersion`, bumped after every committed
 * write): no query per hit. Concurrent requests share one computation. As a safety net for a write
 * the PostgreSQL version cannot see (not audited), an entry is also recomputed after MAX_AGE_MS.
 * Public data only, so sharing it between visitors is safe.
 */
interface CacheEntry {
  version: string
  day: string
  at: number
  value: Promise<OverviewData>
  json?: Promise<string>
}
const memo = new WeakMap<object, Map<string, CacheEntry>>()
const MAX_AGE_MS = 5 * 60_000
const MAX_ENTRIES = 500
/** The day in UTC (asOf) and in China (UTC+8, when 「今天」 turns over for statuses and delays). */
const dayKey = (d: Date) =>
  `${d.toISOString().slice(0, 10)}/${new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)}`

/**
 * The subtree's data version, with at most one query in flight per jurisdiction: a request that
 * arrives while one runs waits for the *next* one (started after it arrived, so it still sees
 * every write committed before it came), and all requests waiting share that next query. Under 50
 * concurrent visitors this is two queries per round instead of fifty.
 */
type Version = string | undefined
const checks = new WeakMap<
  object,
  Map<string, { running?: Promise<Version>; queued?: Promise<Version> }>
>()
function dataVersion(deps: Deps, jid: string): Promise<Version> {
  // The embedded database has one writer, this process, which counts its committed writes: no
  // query needed (decision 044, addendum). Unknown jurisdictions then fail in the computation
  // (404), whose entry is dropped, so they are not cached either.
  const local = deps.database.writeVersion
  if (local) return Promise.resolve(`w${local()}`)
  let bySubtree = checks.get(deps.database)
  if (!bySubtree) checks.set(deps.database, (bySubtree = new Map()))
  let slot = bySubtree.get(jid)
  if (!slot) bySubtree.set(jid, (slot = {}))
  const s = slot
  const run = () => {
    const p: Promise<Version> = subtreeDataVersion(deps.database.db, jid).finally(() => {
      if (s.running === p) s.running = undefined
      if (!s.running && !s.queued) bySubtree.delete(jid)
    })
    s.running = p
    return p
  }
  if (!s.running) return run()
  s.queued ??= s.running
    .catch(() => undefined)
    .then(() => {
      s.queued = undefined
      return run()
    })
  return s.queued
}

async function cachedEntry(deps: Deps, jid: string, askedYear?: number): Promise<CacheEntry> {
  const version = await dataVersion(deps, jid)
  const day = dayKey(deps.now())
  const fresh = () => ({
    version: version ?? '',
    day,
    at: Date.now(),
    value: computeOverview(deps, jid, askedYear),
  })
  if (version === undefined) return fresh() // unknown jurisdiction: 404, never cached
  let byKey = memo.get(deps.database)
  if (!byKey) memo.set(deps.database, (byKey = new Map()))
  const key = `${jid}:${askedYear ?? ''}`
  const hit = byKey.get(key)
  if (hit && hit.version === version && hit.day === day && Date.now() - hit.at < MAX_AGE_MS)
    return hit
  const entry: CacheEntry = fresh()
  byKey.delete(key) // re-insert at the end: the map's order is least recently computed first
  byKey.set(key, entry)
  // Evict once the entry has proved to be a real overview: a run of unknown jurisdictions (404,
  // dropped below) must not push real entries out.
  entry.value.then(
    () => {
      while (byKey.size > MAX_ENTRIES) byKey.delete(byKey.keys().next().value!)
    },
    () => {
      if (byKey.get(key) === entry) byKey.delete(key)
    },
  )
  return entry
}

/** A jurisdiction's year for the portal (cached, see above). */
export async function overview(deps: Deps, jid: string, askedYear?: number): Promise<OverviewData> {
  return (await cachedEntry(deps, jid, askedYear)).value
}

/** The overview as JSON text, serialised once per cache entry (the route sends it as is). */
export async function overviewJson(deps: Deps, jid: string, askedYear?: number): Promise<string> {
  const entry = await cachedEntry(deps, jid, askedYear)
  entry.json ??= entry.value.then((o) => JSON.stringify(o))
  return entry.json
}

async function computeOverview(deps: Deps, jid: string, askedYear?: number) {
  const db = deps.database.db
  const now = deps.now()
  const j = await findPublicJurisdiction(db, jid)
  if (!j) throw notFound('Jurisdiction')
  const [ancestors, subtree] = await Promise.all([
    listAncestors(db, j.path),
    listSubtree(db, j.path),
  ])
  const allCycles = await listCyclesOf(
    db,
    subtree.map((x) => x.id),
  )
  const years = [...new Set(allCycles.map((c) => c.year))].sort((a, b) => b - a)
  const year = pickYear(allCycles, askedYear, now)
  const byId = new Map(subtree.map((x) => [x.id, x]))
  const cycles = allCycles.filter((c) => c.year === year)
  const data: CycleData[] = []
  for (const c of cycles) data.push(await cycleData(db, c, byId.get(c.jurisdictionId)!, now))

  const own = data.filter((d) => d.cycle.jurisdictionId === j.id)
  const ownProjects = own.flatMap((d) => d.projects)
  const projectsBy = new Map<string, PublicProjectRow[]>()
  for (const d of data) {
    const l = projectsBy.get(d.cycle.jurisdictionId) ?? []
    l.push(...d.projects)
    projectsBy.set(d.cycle.jurisdictionId, l)
  }
  const rollup = subtree.map((x) => {
    const inTree = subtree.filter((y) => y.path.startsWith(x.path))
    return {
      jurisdiction: jView(x),
      depth: x.path.split('/').filter(Boolean).length - j.path.split('/').filter(Boolean).length,
      own: aggregate(projectsBy.get(x.id) ?? []),
      total: aggregate(inTree.flatMap((y) => projectsBy.get(y.id) ?? [])),
    }
  })
  return {
    jurisdiction: jView(j),
    ancestors: ancestors.map(jView),
    children: subtree.filter((x) => x.parentId === j.id).map(jView),
    year,
    years,
    asOf: now.toISOString().slice(0, 10),
    cycles: own.map((d) => ({
      id: d.cycle.id,
      title: d.cycle.title,
      year: d.cycle.year,
      phase: d.cycle.phase,
      resultPublished: d.resultPublished,
      selectionVoteIds: d.selectionVoteIds,
      evaluationIds: d.evaluationIds,
    })),
    projects: ownProjects,
    totals: aggregate(ownProjects),
    units: mergeUnits(own.map((d) => d.units)),
    monthly: mergeMonthly(own.map((d) => d.monthly)),
    rollup,
  }
}

export type OverviewData = Awaited<ReturnType<typeof computeOverview>>
export type Overview = OverviewData

/** The open-data feed: the same facts, flat, with a licence line and the download links. */
export async function feed(deps: Deps, jid: string, year?: number) {
  const o = await overview(deps, jid, year)
  const base = `/api/public/jurisdictions/${o.jurisdiction.id}`
  return {
    version: 1,
    title: `${o.jurisdiction.name}${o.year}年民生实事项目公开数据`,
    jurisdiction: o.jurisdiction,
    year: o.year,
    asOf: o.asOf,
    moneyUnit: 'fen (1/100 CNY), integers',
    cycles: o.cycles,
    projects: o.projects,
    totals: o.totals,
    units: o.units,
    monthly: o.monthly,
    rollup: o.rollup.map((r) => ({
      jurisdiction: r.jurisdiction,
      depth: r.depth,
      ...r.total,
    })),
    downloads: TABLES.flatMap((t) =>
      (['csv', 'xlsx'] as const).map((f) => ({
        table: t,
        format: f,
        url: `${base}/tables/${t}.${f}?year=${o.year}`,
      })),
    ),
  }
}

/** Tables built from the overview, then those built from the published results. */
export const OVERVIEW_TABLES = ['projects', 'rollup', 'units', 'monthly'] as const
export const RESULT_TABLES = ['votes', 'satisfaction'] as const
export const TABLES = [...OVERVIEW_TABLES, ...RESULT_TABLES] as const
export type OverviewTableName = (typeof OVERVIEW_TABLES)[number]
export type ResultTableName = (typeof RESULT_TABLES)[number]
export type TableName = (typeof TABLES)[number]
export const isOverviewTable = (n: TableName): n is OverviewTableName =>
  (OVERVIEW_TABLES as readonly string[]).includes(n)

/**
 * The published results (「票决结果」) of a jurisdiction's own cycles in a year: every published
 * selection vote and the runoffs that decided its ties — per candidate 赞成/反对/弃权, passed,
 * rank, chosen, and the project it became — and every published satisfaction evaluation, per
 * project 满意/基本满意/不满意/弃权 with rate and grade. Only counts of anonymous ballots.
 */
export async function publishedResults(deps: Deps, jid: string, askedYear?: number) {
  const db = deps.database.db
  const now = deps.now()
  const j = await findPublicJurisdiction(db, jid)
  if (!j) throw notFound('Jurisdiction')
  const [ancestors, cycles] = await Promise.all([
    listAncestors(db, j.path),
    listCyclesOf(db, [j.id]),
  ])
  const years = [...new Set(cycles.map((c) => c.year))].sort((a, b) => b - a)
  const year = pickYear(cycles, askedYear, now)
  const votes = []
  const evaluations = []
  for (const c of cycles.filter((x) => x.year === year)) {
    const selection = await getPublishedSelectionDetail(db, c.id)
    if (!selection) continue
    const projects = await listProjects(db, c.id)
    const projectOf = new Map(projects.map((p) => [p.candidateId, p.id]))
    for (const vid of selection.voteIds) {
      const r = await getPublicVoteResult(deps, vid)
      if (r.kind === 'evaluation') continue
      votes.push({
        voteId: r.voteId,
        cycleId: c.id,
        cycleTitle: c.title,
        kind: r.kind,
        title: r.title,
        status: r.status,
        basis: r.basis,
        basisCount: r.basisCount,
        threshold: r.threshold,
        seats: r.seats,
        form: r.form,
        turnout: r.turnout,
        ballots: r.ballots,
        ties: r.ties,
        shortfall: r.shortfall,
        publishedAt: r.publishedAt,
        rows: r.rows.map((x) => ({
          candidateId: x.candidateId,
          title: x.title,
          for: x.for,
          against: x.against,
          abstain: x.abstain,
          passed: x.passed,
          rank: x.rank,
          selected: x.selected,
          projectId: projectOf.get(x.candidateId) ?? null,
        })),
      })
    }
    for (const e of await publishedEvaluations(db, c.id))
      evaluations.push({
        evaluationId: e.evaluationId,
        cycleId: c.id,
        title: e.title,
        status: e.status,
        thresholdPercent: e.rule.thresholdPercent,
        turnout: e.turnout,
        publishedAt: e.publishedAt,
        rows: e.rows.map((x) => ({
          projectId: x.projectId,
          title: x.title,
          responsibleUnit: x.responsibleUnit,
          satisfied: x.satisfied,
          basically: x.basically,
          dissatisfied: x.dissatisfied,
          abstain: x.abstain,
          ratePercent: x.ratePercent,
          grade: x.grade,
          rectify: x.rectify,
        })),
      })
  }
  return {
    jurisdiction: jView(j),
    ancestors: ancestors.map(jView),
    year,
    years,
    votes,
    evaluations,
  }
}
export type PublishedResults = Awaited<ReturnType<typeof publishedResults>>

/**
 * One project as the portal shows it (money, status, percent, latest report, published issue
 * counts, satisfaction) with its jurisdiction's breadcrumbs; 404 unless its cycle's selection is
 * published.
 */
export async function projectSummary(deps: Deps, pid: string) {
  const db = deps.database.db
  const found = await findProjectWithJurisdiction(db, pid)
  if (!found) throw notFound('Project')
  const [j, cycle] = await Promise.all([
    findPublicJurisdiction(db, found.jurisdiction.id),
    findCycle(db, found.project.cycleId),
  ])
  if (!j || !cycle) throw notFound('Project')
  const d = await cycleData(
    db,
    {
      id: cycle.id,
      jurisdictionId: j.id,
      year: cycle.year,
      title: cycle.title,
      phase: cycle.phase,
    },
    j,
    deps.now(),
  )
  const row = d.projects.find((p) => p.id === pid)
  if (!d.resultPublished || !row) throw notFound('Project')
  const ancestors = await listAncestors(db, j.path)
  return {
    project: {
      ...row,
      description: found.project.description,
      targets: found.project.targets,
      votesFor: found.project.votesFor,
    },
    jurisdiction: jView(j),
    ancestors: ancestors.map(jView),
    cycle: {
      id: cycle.id,
      title: cycle.title,
      year: cycle.year,
      selectionVoteIds: d.selectionVoteIds,
    },
  }
}
