import type { Kysely, Transaction } from 'kysely'
import type { DB, Role } from '@ms/db'
import type { Ctx, Deps } from '../shared/context.js'
import { hasRole, requireAuth, requireRole } from '../shared/access.js'
import { ApiError, badRequest, conflict, notFound } from '../shared/errors.js'
import { audit } from '../shared/audit.js'
import {
  findCycle,
  getCycleWithJurisdiction,
  registerPhaseGuard,
} from '../cycles/cycles.exports.js'
import { listProjects, type ProjectForDownstream } from '../projects/projects.exports.js'
import { progressSummaries } from '../progress/progress.exports.js'
import * as ballots from '../ballots/ballots.evaluation-exports.js'
import { notify, unitUserIds, type Notice } from '../notifications/notifications.exports.js'
import * as repo from './evaluation.repository.js'
import {
  addDays,
  chinaDate,
  DEFAULT_RECTIFICATION_DAYS,
  gradeEvaluation,
  parseThreshold,
  percentText,
  RATINGS,
  rectificationActions,
  rectificationStep,
  type EvaluationGrades,
  type RectificationAction,
  type RectificationActor,
} from './evaluation.rules.js'

/**
 * The satisfaction evaluation (满意度测评, 「效果代表评」): a secret ballot of kind 'evaluation'
 * run by the ballot feature's own verbs (docs/decisions/050-evaluation-as-a-vote.md). This file
 * maps projects to the ballot's candidates and back, grades the count by the cycle's rule, and
 * runs the rectification loop (整改) that a published result opens.
 *
 * What it never does, like the ballot: log, audit or return anything that ties a deputy to a
 * rating. Casting goes straight to `castBallot`, which writes no audit row.
 */
const STAFF: Role[] = ['staff']
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null)
type Q = Kysely<DB> | Transaction<DB>

async function projectsByCandidate(db: Q, cycleId: string) {
  const ps = await listProjects(db, cycleId)
  return new Map(ps.map((p) => [p.candidateId, p]))
}

type VoteView = Awaited<ReturnType<typeof ballots.getVote>>

function toEvaluation(view: VoteView, byCandidate: Map<string, ProjectForDownstream>) {
  return {
    id: view.id,
    cycleId: view.cycleId,
    jurisdictionId: view.jurisdictionId,
    title: view.title,
    state: view.state,
    rules: {
      basis: view.rules.thresholdBasis,
      comparison: view.rules.gradeComparison,
      satisfactionThreshold: view.rules.satisfactionThreshold,
      frozen: view.rules.frozen,
    },
    projects: view.candidates.map((c) => {
      const p = byCandidate.get(c.id)
      return {
        projectId: p?.id ?? null,
        candidateId: c.id,
        title: p?.title ?? c.title,
        responsibleUnit: p?.responsibleUnit ?? c.responsibleUnit,
        category: c.category,
      }
    }),
    turnout: view.turnout,
    ...('checkInCode' in view && view.checkInCode ? { checkInCode: view.checkInCode } : {}),
    createdAt: view.createdAt,
    openedAt: view.openedAt,
    closedAt: view.closedAt,
    certifiedAt: view.certifiedAt,
    publishedAt: view.publishedAt,
  }
}
export type EvaluationView = ReturnType<typeof toEvaluation>

/** The evaluation vote or 404 (also for ids of other kinds of vote). */
async function loadEvaluation(c: Ctx | Deps, eid: string) {
  const deps = 'deps' in c ? c.deps : c
  const { db } = deps.database
  const vote = await ballots.findEvaluationVote(db, eid)
  if (!vote) throw notFound('Evaluation')
  return { vote, db }
}

// ── the evaluation ─────────────────────────────────────────────────────────────────────────

export async function createEvaluation(
  c: Ctx,
  cid: string,
  input: { title?: string; projectIds?: string[] },
) {
  const { db } = c.deps.database
  const { cycle, jurisdiction } = await getCycleWithJurisdiction(db, cid)
  requireRole(c.auth, jurisdiction, STAFF)
  const projects = await listProjects(db, cid)
  let chosen = projects
  if (input.projectIds) {
    const wanted = new Set(input.projectIds)
    const unknown = [...wanted].filter((id) => !projects.some((p) => p.id === id))
    if (unknown.length)
      throw badRequest('UNKNOWN_PROJECT', 'Some ids are not projects of this cycle', {
        projectIds: unknown,
      })
    chosen = projects.filter((p) => wanted.has(p.id))
  }
  if (chosen.length === 0)
    throw conflict('NO_PROJECTS', 'The cycle has no projects to evaluate yet')
  // A later evaluation of the same cycle is a re-evaluation (复评), e.g. after rectification.
  const earlier = await ballots.listEvaluationVotes(db, cid)
  const title =
    input.title ??
    `${cycle.title}满意度${earlier.some((e) => e.state === 'published') ? '复评' : '测评'}`
  const view = await ballots.createVote(c, cid, {
    kind: 'evaluation',
    candidateIds: chosen.map((p) => p.candidateId),
    title,
  })
  return toEvaluation(view, new Map(projects.map((p) => [p.candidateId, p])))
}

export async function getEvaluation(c: Ctx, eid: string) {
  const { db } = await loadEvaluation(c, eid)
  const view = await ballots.getVote(c, eid)
  return toEvaluation(view, await projectsByCandidate(db, view.cycleId))
}

export async function listEvaluations(c: Ctx, cid: string) {
  const { db } = c.deps.database
  const all = await ballots.listVotes(c, cid, ['evaluation'])
  const byCandidate = await projectsByCandidate(db, cid)
  return {
    items: all.items
      .filter((v) => v.kind === 'evaluation')
      .map((v) => toEvaluation(v, byCandidate)),
  }
}

/** The evaluations the calling deputy is on the roster of, newest first, with hasVoted. */
export async function listMyEvaluations(c: Ctx) {
  const mine = await ballots.listMyVotes(c, ['evaluation'])
  return {
    items: mine.items
      .filter((v) => v.kind === 'evaluation')
      .map((v) => ({
        id: v.id,
        cycleId: v.cycleId,
        jurisdictionId: v.jurisdictionId,
        title: v.title,
        state: v.state,
        present: v.present,
        hasVoted: v.hasVoted,
      })),
  }
}

export async function openEvaluation(c: Ctx, eid: string) {
  const { db } = await loadEvaluation(c, eid)
  const view = await ballots.openVote(c, eid)
  return toEvaluation(view, await projectsByCandidate(db, view.cycleId))
}

export async function closeEvaluation(c: Ctx, eid: string) {
  const { db } = await loadEvaluation(c, eid)
  const view = await ballots.closeVote(c, eid)
  return toEvaluation(view, await projectsByCandidate(db, view.cycleId))
}

// ── the deputy's ballot ────────────────────────────────────────────────────────────────────

/** The rating form for the calling deputy: each project with its targets and how far it got. */
export async function getEvaluationBallot(c: Ctx, eid: string) {
  const { vote, db } = await loadEvaluation(c, eid)
  const b = await ballots.getBallot(c, eid)
  const byCandidate = await projectsByCandidate(db, vote.cycleId)
  const projects = b.candidates
    .map((cand) => ({ cand, p: byCandidate.get(cand.id) }))
    .filter((x): x is { cand: (typeof b.candidates)[number]; p: ProjectForDownstream } => !!x.p)
  const summaries = await progressSummaries(
    db,
    projects.map((x) => x.p),
    c.deps.now(),
  )
  return {
    evaluationId: eid,
    title: b.title,
    state: b.state,
    onRoster: b.onRoster,
    present: b.present,
    hasVoted: b.hasVoted,
    ratings: [...RATINGS],
    projects: projects.map(({ cand, p }) => {
      const s = summaries.get(p.id)
      return {
        projectId: p.id,
        title: p.title,
        description: cand.description,
        responsibleUnit: p.responsibleUnit,
        category: p.category,
        targets: p.targets,
        status: s?.status ?? null,
        percentComplete: s?.percentComplete ?? null,
      }
    }),
  }
}

/**
 * Casts the deputy's ratings through the ballot's own castBallot (one transaction: participation,
 * anonymous ballot, receipt hash). Projects are named by project id here and by candidate id on
 * the ballot; a project not on this evaluation is refused (400 UNKNOWN_PROJECT) before anything
 * is written, without echoing any rating.
 */
export async function castEvaluationBallot(c: Ctx, eid: string, ratings: Record<string, string>) {
  const { vote, db } = await loadEvaluation(c, eid)
  requireRole(c.auth, vote.jurisdiction, ['deputy'])
  const onBallot = new Set(vote.candidateIds)
  const candidateOf = new Map(
    (await listProjects(db, vote.cycleId)).map((p) => [p.id, p.candidateId]),
  )
  const choices: Record<string, string> = {}
  let unknown = 0
  for (const [projectId, rating] of Object.entries(ratings)) {
    const candidateId = candidateOf.get(projectId)
    if (!candidateId || !onBallot.has(candidateId)) unknown++
    else choices[candidateId] = rating
  }
  if (unknown)
    throw badRequest('UNKNOWN_PROJECT', 'The ballot rates a project that is not on this evaluation')
  const { receipt } = await ballots.castBallot(c, eid, choices)
  return { receipt, evaluationId: eid, voteId: eid }
}

// ── the result ─────────────────────────────────────────────────────────────────────────────

export async function toResult(db: Q, r: ballots.AnyVoteResult) {
  if (r.kind !== 'evaluation') throw notFound('Evaluation')
  const grades = (r.grades as EvaluationGrades | null) ?? gradeEvaluation(r)
  const byCandidate = await projectsByCandidate(db, r.cycleId)
  const gradeOf = new Map(grades.rows.map((g) => [g.candidateId, g]))
  const rows = r.rows.map((row) => {
    const p = byCandidate.get(row.candidateId)
    const g = gradeOf.get(row.candidateId)
    return {
      projectId: p?.id ?? null,
      candidateId: row.candidateId,
      title: p?.title ?? row.title,
      responsibleUnit: p?.responsibleUnit ?? '',
      unitId: p?.unitId ?? null,
      satisfied: row.satisfied,
      basically: row.basically,
      dissatisfied: row.dissatisfied,
      abstain: row.abstain,
      rate: g?.rate ?? null,
      ratePercent: g?.ratePercent ?? null,
      grade: g?.grade ?? null,
      belowThreshold: g?.belowThreshold ?? false,
      rectify: g?.rectify ?? false,
    }
  })
  const threshold = parseThreshold(grades.rule.threshold) ?? 0
  return {
    evaluationId: r.voteId,
    cycleId: r.cycleId,
    title: r.title,
    state: r.state,
    status: r.status,
    voidReason: r.voidReason,
    rule: {
      ...grades.rule,
      thresholdPercent: percentText({ numerator: threshold, denominator: 10_000 }),
    },
    turnout: r.turnout,
    ballots: r.ballots,
    paper: r.paper,
    rows,
    summary: {
      satisfied: rows.filter((x) => x.grade === 'satisfied').length,
      basically: rows.filter((x) => x.grade === 'basically').length,
      dissatisfied: rows.filter((x) => x.grade === 'dissatisfied').length,
      rectify: rows.filter((x) => x.rectify).length,
    },
    chainHead: r.chainHead,
    certifiedAt: r.certifiedAt,
    publishedAt: r.publishedAt,
  }
}
export type EvaluationResultView = Awaited<ReturnType<typeof toResult>>

/** Staff: the counts, rates and grades; 409 RESULT_SEALED before and while it is open. */
export async function getEvaluationResult(c: Ctx, eid: string) {
  const { db } = await loadEvaluation(c, eid)
  return toResult(db, await ballots.getAnyResult(c, eid))
}

export async function certifyEvaluation(c: Ctx, eid: string) {
  const { db } = await loadEvaluation(c, eid)
  return toResult(db, await ballots.certifyVote(c, eid))
}

/** Publishes the result and, in the same transaction, opens the rectification items. */
export async function publishEvaluation(c: Ctx, eid: string) {
  const { db } = await loadEvaluation(c, eid)
  return toResult(db, await ballots.publishVote(c, eid))
}

export async function getPublicEvaluationResult(deps: Deps, eid: string) {
  const { vote, db } = await loadEvaluation(deps, eid)
  if (vote.state !== 'published') throw notFound('Published evaluation')
  return toResult(db, await ballots.getPublicVoteResult(deps, eid))
}

/** Published evaluations (anyone), newest first. */
export async function listPublicEvaluations(deps: Deps) {
  const { db } = deps.database
  const rows = await ballots.listPublishedEvaluationVotes(db)
  const cycles = new Map<string, { year: number; title: string }>()
  for (const cid of new Set(rows.map((r) => r.cycleId))) {
    const c = await findCycle(db, cid)
    if (c) cycles.set(cid, { year: c.year, title: c.title })
  }
  return {
    items: rows.map((r) => ({
      id: r.id,
      cycleId: r.cycleId,
      cycleYear: cycles.get(r.cycleId)?.year ?? null,
      cycleTitle: cycles.get(r.cycleId)?.title ?? '',
      title: r.title,
      jurisdictionId: r.jurisdictionId,
      jurisdictionName: r.jurisdictionName,
      publishedAt: iso(r.publishedAt),
    })),
  }
}

// ── rectification (整改) ───────────────────────────────────────────────────────────────────

/** Opens an item for each project the published result says needs rectification. */
async function openRectifications(
  trx: Transaction<DB>,
  vote: { id: string; jurisdictionId: string; cycleId: string; result: unknown },
  by: { userId: string; requestId: string; now: Date },
) {
  const result = vote.result as ballots.RatingResult
  const grades = (result.grades as EvaluationGrades | null) ?? gradeEvaluation(result)
  const byCandidate = await projectsByCandidate(trx, vote.cycleId)
  const deadline = addDays(chinaDate(by.now), DEFAULT_RECTIFICATION_DAYS)
  const items: repo.NewRectification[] = []
  for (const g of grades.rows) {
    const p = byCandidate.get(g.candidateId)
    if (!g.rectify || !g.rate || !g.grade || !p) continue
    items.push({
      jurisdictionId: vote.jurisdictionId,
      cycleId: vote.cycleId,
      voteId: vote.id,
      projectId: p.id,
      unitId: p.unitId,
      responsibleUnit: p.responsibleUnit,
      belowThreshold: g.belowThreshold,
      gradedDissatisfied: g.grade === 'dissatisfied',
      grade: g.grade,
      rateNumerator: g.rate.numerator,
      rateDenominator: g.rate.denominator,
      deadline,
      at: by.now,
    })
  }
  const inserted = await repo.insertRectifications(trx, items)
  const titles = new Map([...byCandidate.values()].map((p) => [p.id, p.title]))
  const notices: Notice[] = []
  for (const r of inserted) {
    // The unit's accounts are told in the same transaction (decision 047's notices).
    if (r.unit_id)
      for (const userId of await unitUserIds(trx, r.unit_id))
        notices.push({
          jurisdictionId: r.jurisdiction_id,
          userId,
          projectId: r.project_id,
          kind: 'rectification_opened',
          params: {
            projectTitle: titles.get(r.project_id) ?? '',
            grade: r.grade,
            ratePercent: percentText({
              numerator: r.rate_numerator,
              denominator: r.rate_denominator,
            }),
            belowThreshold: r.below_threshold,
            deadline: r.deadline ?? deadline,
          },
          dedupeKey: `rectification_opened:${r.id}`,
          at: by.now,
        })
    await repo.insertEvent(trx, {
      rectificationId: r.id,
      jurisdictionId: r.jurisdiction_id,
      action: 'open',
      from: null,
      to: 'open',
      note: null,
      deadline: r.deadline,
      actorUserId: by.userId,
      actorRole: 'staff',
      at: by.now,
    })
    await audit(
      trx,
      {
        jurisdictionId: r.jurisdiction_id,
        actorUserId: by.userId,
        action: 'rectification.open',
        entity: 'rectification',
        entityId: r.id,
        after: {
          evaluationId: vote.id,
          projectId: r.project_id,
          unitId: r.unit_id,
          grade: r.grade,
          rate: `${r.rate_numerator}/${r.rate_denominator}`,
          belowThreshold: r.below_threshold,
          deadline: r.deadline,
        },
        requestId: by.requestId,
      },
      by.now,
    )
  }
  await notify(trx, notices)
}

ballots.registerVoteKind('evaluation', {
  grades: (base) => gradeEvaluation(base),
  onPublish: openRectifications,
})

/** The cycle leaves 'evaluating' only when no evaluation is still being prepared or cast. */
registerPhaseGuard(async (trx, step) => {
  if (step.from !== 'evaluating') return
  const busy = (await ballots.listEvaluationVotes(trx, step.cycleId)).find(
    (v) => v.state === 'draft' || v.state === 'open',
  )
  if (busy)
    throw conflict('EVALUATION_IN_PROGRESS', 'An evaluation of this cycle is still in progress', {
      evaluationId: busy.id,
    })
})

type RectRow = repo.RectificationRow

export async function rectificationViews(
  db: Q,
  rows: RectRow[],
  actorsOf: (r: RectRow) => RectificationActor[],
  today: string,
) {
  const cycles = [...new Set(rows.map((r) => r.cycle_id))]
  const titles = new Map<string, string>()
  const order = new Map<string, number>()
  for (const cid of cycles)
    for (const p of await listProjects(db, cid)) {
      titles.set(p.id, p.title)
      order.set(p.id, order.size)
    }
  // Oldest evaluation first, then in project (rank) order.
  const sorted = [...rows].sort(
    (a, b) =>
      a.created_at.getTime() - b.created_at.getTime() ||
      (order.get(a.project_id) ?? 0) - (order.get(b.project_id) ?? 0),
  )
  return sorted.map((r) => ({
    id: r.id,
    cycleId: r.cycle_id,
    evaluationId: r.vote_id,
    projectId: r.project_id,
    projectTitle: titles.get(r.project_id) ?? '',
    unitId: r.unit_id,
    responsibleUnit: r.responsible_unit,
    belowThreshold: r.below_threshold,
    gradedDissatisfied: r.graded_dissatisfied,
    grade: r.grade,
    ratePercent: percentText({ numerator: r.rate_numerator, denominator: r.rate_denominator }),
    state: r.state,
    deadline: r.deadline,
    overdue: r.state === 'open' && r.deadline !== null && r.deadline < today,
    requirement: r.requirement,
    measures: r.measures,
    answeredAt: iso(r.answered_at),
    verificationNote: r.verification_note,
    closedAt: iso(r.closed_at),
    createdAt: r.created_at.toISOString(),
    actions: rectificationActions(r.state, actorsOf(r)) as string[],
  }))
}

const stateFilter = (state: string | undefined) => (r: RectRow) =>
  !state || state === 'all'
    ? true
    : state === 'unfinished'
      ? r.state !== 'closed'
      : r.state === state

/** Staff: every item of the cycle; a unit: its own items of the cycle. */
export async function listCycleRectifications(c: Ctx, cid: string, q: { state?: string }) {
  const { db } = c.deps.database
  const { jurisdiction } = await getCycleWithJurisdiction(db, cid)
  const auth = requireRole(c.auth, jurisdiction, ['staff', 'unit'])
  const staff = hasRole(auth, jurisdiction, STAFF)
  const units = staff ? [] : await repo.unitIdsOfUser(db, auth.userId, jurisdiction.id)
  const rows = await repo.listRectifications(
    db,
    staff ? { cycleId: cid } : { cycleId: cid, unitIds: units },
  )
  const actors = (r: RectRow): RectificationActor[] => [
    ...(staff ? (['staff'] as const) : []),
    ...(r.unit_id && units.includes(r.unit_id) ? (['unit'] as const) : []),
  ]
  return {
    items: await rectificationViews(
      db,
      rows.filter(stateFilter(q.state)),
      actors,
      chinaDate(c.deps.now()),
    ),
  }
}

/** A unit's own items across cycles and jurisdictions (the unit console). */
export async function listMyRectifications(c: Ctx, q: { state?: string }) {
  const auth = requireAuth(c.auth)
  const { db } = c.deps.database
  const unitGrants = new Set(
    auth.grants.filter((g) => g.role === 'unit').map((g) => g.jurisdictionId),
  )
  const accounts = await repo.unitAccountsOf(db, auth.userId)
  const units = accounts.filter((a) => unitGrants.has(a.jurisdiction_id)).map((a) => a.unit_id)
  const rows = await repo.listRectifications(db, { unitIds: units })
  return {
    items: await rectificationViews(
      db,
      rows.filter(stateFilter(q.state)),
      () => ['unit'],
      chinaDate(c.deps.now()),
    ),
  }
}

async function loadRectification(c: Ctx, rid: string) {
  const { db } = c.deps.database
  const row = await repo.findRectificationWithPath(db, rid)
  if (!row) throw notFound('Rectification')
  const { jurisdiction_path: path, ...rect } = row
  const j = { id: rect.jurisdiction_id, path }
  const auth = requireRole(c.auth, j, ['staff', 'unit'])
  const actors: RectificationActor[] = []
  if (hasRole(auth, j, STAFF)) actors.push('staff')
  if (
    hasRole(auth, j, ['unit']) &&
    rect.unit_id &&
    (await repo.unitIdsOfUser(db, auth.userId, j.id)).includes(rect.unit_id)
  )
    actors.push('unit')
  // Another unit's item is not confirmed to exist.
  if (actors.length === 0) throw notFound('Rectification')
  return { rect: rect as RectRow, j, auth, actors, db }
}

export async function getRectification(c: Ctx, rid: string) {
  const { rect, actors, db } = await loadRectification(c, rid)
  const [view] = await rectificationViews(db, [rect], () => actors, chinaDate(c.deps.now()))
  const events = await repo.listEvents(db, rid)
  return {
    ...view!,
    events: events.map((e) => ({
      action: e.action,
      fromState: e.from_state,
      toState: e.to_state,
      note: e.note,
      deadline: e.deadline,
      actorRole: e.actor_role,
      actorName: e.actor_name,
      at: e.at.toISOString(),
    })),
  }
}

export interface ActInput {
  note?: string
  deadline?: string
  requirement?: string
  measures?: string
}

/** One step of the loop, by the state machine (409 ILLEGAL_TRANSITION, 403 for the wrong party). */
export async function actOnRectification(
  c: Ctx,
  rid: string,
  action: RectificationAction,
  input: ActInput,
) {
  const { j, auth, actors, db } = await loadRectification(c, rid)
  const now = c.deps.now()
  const today = chinaDate(now)
  if (input.deadline && input.deadline < today)
    throw badRequest('DEADLINE_IN_PAST', 'The deadline must be today or later')
  await db.transaction().execute(async (trx) => {
    const cur = await repo.lockRectification(trx, rid)
    const verdict = rectificationStep(cur.state, action, actors)
    if (!verdict.ok)
      throw verdict.code === 'NOT_ALLOWED'
        ? new ApiError(403, 'FORBIDDEN', verdict.message)
        : conflict('ILLEGAL_TRANSITION', verdict.message, { state: cur.state })
    const set: Parameters<typeof repo.updateRectification>[2] = {
      state: verdict.to,
      updated_at: now,
    }
    if (input.deadline) set.deadline = input.deadline
    switch (action) {
      case 'assign':
        if (input.requirement !== undefined) set.requirement = input.requirement
        break
      case 'answer':
        set.measures = input.measures ?? null
        set.answered_at = now
        break
      case 'verify':
      case 'send_back':
        set.verification_note = input.note ?? null
        break
      case 'close':
        set.closed_at = now
        if (input.note) set.verification_note = input.note
        break
      case 'reopen':
        set.closed_at = null
        break
    }
    await repo.updateRectification(trx, rid, set)
    await repo.insertEvent(trx, {
      rectificationId: rid,
      jurisdictionId: j.id,
      action,
      from: cur.state,
      to: verdict.to,
      note: input.note ?? input.measures ?? input.requirement ?? null,
      deadline: input.deadline ?? null,
      actorUserId: auth.userId,
      actorRole: action === 'answer' ? 'unit' : 'staff',
      at: now,
    })
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: auth.userId,
        action: `rectification.${action}`,
        entity: 'rectification',
        entityId: rid,
        before: { state: cur.state, deadline: cur.deadline },
        after: {
          state: verdict.to,
          ...(input.deadline ? { deadline: input.deadline } : {}),
          ...(input.note ? { note: input.note } : {}),
          ...(input.measures ? { measures: input.measures } : {}),
          ...(input.requirement ? { requirement: input.requirement } : {}),
        },
        requestId: c.requestId,
      },
      now,
    )
  })
  return getRectification(c, rid)
}
