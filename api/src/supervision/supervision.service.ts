import { createHash } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'
import ExcelJS from 'exceljs'
import type { Ctx, Deps } from '../shared/context.js'
import { getJurisdictionRef, hasRole } from '../shared/access.js'
import { ApiError, badRequest, conflict, notFound } from '../shared/errors.js'
import { audit } from '../shared/audit.js'
import { findCycle } from '../cycles/cycles.exports.js'
import { findProject } from '../projects/projects.exports.js'
import {
  forbid,
  loadProjectAccess,
  requireInProjectWindow,
  type ProjectAccess,
} from '../progress/progress.access.js'
import * as prepo from '../progress/progress.repository.js'
import { progressSummaries } from '../progress/progress.exports.js'
import { toMilestone, toPhoto, toProjectRef, summaryOut } from '../progress/progress.service.js'
import { chinaToday, daysBetween } from '../progress/progress.rules.js'
import { notify, staffUserIds, unitUserIds } from '../notifications/notifications.exports.js'
import * as repo from './supervision.repository.js'
import {
  actionsFrom,
  deadlineFlag,
  feedbackLimitBreach,
  FEEDBACK_LIMITS,
  OPEN_STATES,
  screenFeedback,
  transition,
  type IssueAction,
  type IssueActor,
  type IssueState,
} from './supervision.rules.js'
import {
  ISSUE_SOURCE_LABELS,
  ISSUE_STATE_LABELS,
  type AnswerInput,
  type AssignInput,
  type CloseInput,
  type CreateInspectionInput,
  type FeedbackInput,
  type IssueListQuery,
  type RaiseIssueInput,
  type ReopenInput,
  type SetGroupInput,
  type VerifyInput,
} from './supervision.schemas.js'

// ── supervision groups ──────────────────────────────────────────────────────────────────────────

type MemberRow = Awaited<ReturnType<typeof repo.listGroup>>[number]
const toMember = (m: MemberRow) => ({
  deputyId: m.deputy_id,
  displayName: m.display_name,
  delegation: m.delegation,
  role: m.role,
})
function toGroup(projectId: string, members: MemberRow[]) {
  const mine = members.filter((m) => m.project_id === projectId)
  const leader = mine.find((m) => m.role === 'leader')
  return {
    projectId,
    leader: leader ? toMember(leader) : null,
    members: mine.filter((m) => m.role === 'member').map(toMember),
  }
}

export async function getGroup({ deps, auth }: Ctx, pid: string) {
  const { db } = deps.database
  await loadProjectAccess(db, auth, pid)
  return toGroup(pid, await repo.listGroup(db, [pid]))
}

export async function setGroup({ deps, auth, requestId }: Ctx, pid: string, input: SetGroupInput) {
  const { db } = deps.database
  const a = await loadProjectAccess(db, auth, pid)
  if (!a.isStaff) forbid('Only staff form supervision groups')
  const wanted = [...new Set([input.leaderDeputyId, ...input.memberDeputyIds])]
  const found = await repo.deputiesIn(db, a.jurisdiction.id, wanted)
  const missing = wanted.filter((id) => !found.some((d) => d.id === id))
  if (missing.length)
    throw badRequest('UNKNOWN_DEPUTY', 'Every member must be a deputy of this congress', {
      deputyIds: missing,
    })
  const now = deps.now()
  return db.transaction().execute(async (trx) => {
    const before = toGroup(pid, await repo.listGroup(trx, [pid]))
    await repo.replaceGroup(trx, {
      projectId: pid,
      jurisdictionId: a.jurisdiction.id,
      leader: input.leaderDeputyId,
      members: input.memberDeputyIds,
      now,
    })
    const after = toGroup(pid, await repo.listGroup(trx, [pid]))
    const brief = (g: ReturnType<typeof toGroup>) => ({
      leader: g.leader?.deputyId ?? null,
      members: g.members.map((m) => m.deputyId),
    })
    await audit(
      trx,
      {
        jurisdictionId: a.jurisdiction.id,
        actorUserId: a.auth.userId,
        action: 'supervision_group.set',
        entity: 'project',
        entityId: pid,
        before: brief(before),
        after: brief(after),
        requestId,
      },
      now,
    )
    return after
  })
}

// ── inspections ─────────────────────────────────────────────────────────────────────────────────

async function inspectionsOut(db: Kysely<DB> | Transaction<DB>, rows: repo.InspectionRow[]) {
  const ids = rows.map((r) => r.id)
  const [participants, photos] = await Promise.all([
    repo.participantsOf(db, ids),
    prepo.photosOf(db, { inspectionIds: ids }),
  ])
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    date: r.date,
    findings: r.findings,
    participants: participants
      .filter((p) => p.inspection_id === r.id)
      .map((p) => ({ id: p.id, displayName: p.display_name })),
    recorder: r.recorder,
    createdAt: r.created_at.toISOString(),
    photos: photos.filter((p) => p.inspection_id === r.id).map(toPhoto),
  }))
}

export async function recordInspection(
  { deps, auth, requestId }: Ctx,
  pid: string,
  input: CreateInspectionInput,
) {
  const { db } = deps.database
  const a = await loadProjectAccess(db, auth, pid)
  if (!a.isStaff && !a.isGroupMember)
    forbid('Only deputies of the supervision group or staff record inspections')
  const now = deps.now()
  if (input.date > chinaToday(now))
    throw badRequest('DATE_IN_FUTURE', 'An inspection cannot be dated after today')
  await requireInProjectWindow(db, a.project, [{ field: 'date', value: input.date }])
  const found = await repo.deputiesIn(db, a.jurisdiction.id, input.participants)
  const missing = input.participants.filter((id) => !found.some((d) => d.id === id))
  if (missing.length)
    throw badRequest('UNKNOWN_DEPUTY', 'Every participant must be a deputy of this congress', {
      deputyIds: missing,
    })
  return db.transaction().execute(async (trx) => {
    const i = await repo.insertInspection(trx, {
      jurisdictionId: a.jurisdiction.id,
      projectId: pid,
      date: input.date,
      findings: input.findings,
      recordedBy: a.auth.userId,
      now,
    })
    await repo.insertParticipants(trx, i.id, a.jurisdiction.id, input.participants)
    await audit(
      trx,
      {
        jurisdictionId: a.jurisdiction.id,
        actorUserId: a.auth.userId,
        action: 'inspection.create',
        entity: 'inspection',
        entityId: i.id,
        after: { projectId: pid, ...input },
        requestId,
      },
      now,
    )
    const [out] = await inspectionsOut(trx, [{ ...i, recorder: null }])
    return out!
  })
}

export async function listInspections({ deps, auth }: Ctx, pid: string) {
  const { db } = deps.database
  await loadProjectAccess(db, auth, pid)
  return { items: await inspectionsOut(db, await repo.listInspections(db, pid)) }
}

// ── issues ──────────────────────────────────────────────────────────────────────────────────────

/** The parts the caller plays on an issue, given their access to its project. */
async function actorsOn(
  db: Kysely<DB> | Transaction<DB>,
  a: ProjectAccess,
  issue: { unit_id: string | null; raised_by: string },
) {
  const out: IssueActor[] = []
  if (a.isStaff) out.push('staff')
  if (issue.raised_by === a.auth.userId) out.push('raiser')
  if (
    issue.unit_id &&
    hasRole(a.auth, a.jurisdiction, ['unit']) &&
    (await prepo.isUnitAccount(db, a.auth.userId, issue.unit_id))
  )
    out.push('unit')
  return out
}

function allowedActions(state: IssueState, actors: IssueActor[]) {
  const acts: (IssueAction | 'publish')[] = actionsFrom(state).filter(
    (x) => transition(state, x, actors).ok,
  )
  if (actors.includes('staff')) acts.push('publish')
  return acts
}

export function toIssue(
  r: repo.IssueRow,
  today: string,
  actions: (IssueAction | 'publish')[] = [],
) {
  return {
    id: r.id,
    projectId: r.project_id,
    projectTitle: r.project_title,
    seq: r.seq,
    source: r.source,
    inspectionId: r.inspection_id,
    feedbackId: r.feedback_id,
    title: r.title,
    description: r.description,
    state: r.state,
    unit: r.unit_id ? { id: r.unit_id, name: r.unit_name ?? '' } : null,
    deadline: r.deadline,
    deadlineFlag: deadlineFlag(r.state, r.deadline, today),
    daysLeft: r.deadline && r.state === 'assigned' ? daysBetween(today, r.deadline) : null,
    assignmentNote: r.assignment_note,
    answer: r.answer,
    answeredAt: r.answered_at?.toISOString() ?? null,
    verificationNote: r.verification_note,
    closedAt: r.closed_at?.toISOString() ?? null,
    published: r.published,
    publishedAt: r.published_at?.toISOString() ?? null,
    raisedBy: {
      name: r.raiser_deputy_name ?? r.raiser_name,
      deputy: r.raised_by_deputy_id !== null,
    },
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    actions,
  }
}

const toEvent = (e: repo.IssueEventRow) => ({
  action: e.action,
  from: e.from_state,
  to: e.to_state,
  note: e.note,
  deadline: e.deadline,
  actor: e.actor_name,
  actorRole: e.actor_role,
  at: e.at.toISOString(),
})

export async function raiseIssue(
  { deps, auth, requestId }: Ctx,
  pid: string,
  input: RaiseIssueInput,
) {
  const { db } = deps.database
  const a = await loadProjectAccess(db, auth, pid)
  if (!a.isStaff && !a.isGroupMember)
    forbid('Only deputies of the supervision group or staff raise issues')
  if (input.feedbackId && !a.isStaff) forbid('Only staff turn public feedback into issues')
  if (input.inspectionId) {
    const i = await repo.findInspection(db, input.inspectionId)
    if (!i || i.project_id !== pid)
      throw badRequest('UNKNOWN_INSPECTION', 'The inspection is not one of this project')
  }
  // A deputy of the group raises as a deputy; staff raise from feedback or on their own account.
  const asDeputy = a.isGroupMember && !input.feedbackId
  const source = input.feedbackId
    ? 'public'
    : input.inspectionId
      ? 'inspection'
      : asDeputy
        ? 'deputy'
        : 'staff'
  const now = deps.now()
  return db.transaction().execute(async (trx) => {
    if (input.feedbackId) {
      const f = await repo.lockFeedback(trx, input.feedbackId)
      if (!f || f.project_id !== pid)
        throw badRequest('UNKNOWN_FEEDBACK', 'The feedback is not one of this project')
      if (f.status !== 'new')
        throw conflict(
          'FEEDBACK_HANDLED',
          'This feedback was already turned into an issue or dismissed',
        )
    }
    const seq = await repo.nextIssueSeq(trx, pid)
    const { id } = await repo.insertIssue(trx, {
      jurisdictionId: a.jurisdiction.id,
      projectId: pid,
      seq,
      source,
      inspectionId: input.inspectionId ?? null,
      feedbackId: input.feedbackId ?? null,
      title: input.title,
      description: input.description,
      raisedBy: a.auth.userId,
      raisedByDeputyId: asDeputy ? a.deputyId : null,
      now,
    })
    if (input.feedbackId) await repo.setFeedbackStatus(trx, input.feedbackId, 'converted', id)
    await repo.insertEvent(trx, {
      issueId: id,
      jurisdictionId: a.jurisdiction.id,
      action: 'raise',
      from: null,
      to: 'raised',
      note: null,
      deadline: null,
      actorUserId: a.auth.userId,
      actorRole: asDeputy ? 'deputy' : 'staff',
      at: now,
    })
    await audit(
      trx,
      {
        jurisdictionId: a.jurisdiction.id,
        actorUserId: a.auth.userId,
        action: 'issue.raise',
        entity: 'issue',
        entityId: id,
        after: {
          projectId: pid,
          seq,
          source,
          title: input.title,
          inspectionId: input.inspectionId ?? null,
          feedbackId: input.feedbackId ?? null,
        },
        requestId,
      },
      now,
    )
    const staff = (await staffUserIds(trx, a.jurisdiction.id)).filter((u) => u !== a.auth.userId)
    await notify(
      trx,
      staff.map((userId) => ({
        jurisdictionId: a.jurisdiction.id,
        userId,
        kind: 'issue_raised' as const,
        params: { projectTitle: a.project.title, seq },
        body: input.title,
        projectId: pid,
        issueId: id,
        dedupeKey: `issue_raised:${id}`,
        at: now,
      })),
    )
    const row = (await repo.findIssue(trx, id))!
    return toIssue(
      row,
      chinaToday(now),
      allowedActions('raised', asDeputy ? ['raiser'] : ['staff', 'raiser']),
    )
  })
}

type ActInput =
  | { action: 'assign'; input: AssignInput }
  | { action: 'answer'; input: AnswerInput }
  | { action: 'verify'; input: VerifyInput }
  | { action: 'close'; input: CloseInput }
  | { action: 'reopen'; input: ReopenInput }

/**
 * One step of the closed loop: the caller's parts on the issue, the state machine's verdict
 * (409 ILLEGAL_TRANSITION / 403 FORBIDDEN), then the change, its event row, the audit entry and
 * the notifications — all in one transaction under a row lock, so concurrent steps serialise.
 */
export async function actOnIssue({ deps, auth, requestId }: Ctx, iid: string, step: ActInput) {
  const { db } = deps.database
  const found = await repo.findIssue(db, iid)
  if (!found) throw notFound('Issue')
  const a = await loadProjectAccess(db, auth, found.project_id)
  const now = deps.now()
  const today = chinaToday(now)
  const action: IssueAction =
    step.action === 'verify' && !step.input.accepted ? 'send_back' : step.action
  // Validate the step's own data before the transaction.
  let unitId: string | null = null
  let deadline: string | null = null
  if (step.action === 'assign') {
    unitId = step.input.unitId ?? found.unit_id ?? a.project.unitId
    if (!unitId)
      throw badRequest(
        'UNIT_REQUIRED',
        'Name the responsible unit (the project has none on record)',
      )
    const u = await prepo.unitName(db, unitId)
    if (!u || u.jurisdiction_id !== a.jurisdiction.id)
      throw badRequest('UNKNOWN_UNIT', 'The unit is not one of this jurisdiction')
    deadline = step.input.deadline
  }
  if (action === 'send_back') {
    if (step.action !== 'verify' || !step.input.deadline)
      throw badRequest('DEADLINE_REQUIRED', 'Sending an issue back needs a new deadline')
    if (!step.input.note) throw badRequest('NOTE_REQUIRED', 'Say why the answer is not accepted')
    deadline = step.input.deadline
  }
  if (step.action === 'reopen') deadline = step.input.deadline
  if (deadline && deadline < today)
    throw badRequest('DEADLINE_IN_PAST', 'The deadline cannot be before today')

  return db.transaction().execute(async (trx) => {
    const cur = (await repo.lockIssue(trx, iid))!
    const actors = await actorsOn(trx, a, cur)
    if (actors.length === 0) forbid('You have no part in this issue')
    const verdict = transition(cur.state, action, actors)
    if (!verdict.ok) {
      if (verdict.code === 'ILLEGAL_TRANSITION')
        throw conflict('ILLEGAL_TRANSITION', verdict.message, { state: cur.state, action })
      forbid(verdict.message)
    }
    const to = verdict.to
    let note: string | null = null
    const patch: Parameters<typeof repo.updateIssue>[2] = { state: to }
    switch (step.action) {
      case 'assign':
        patch.unit_id = unitId
        patch.deadline = deadline
        patch.assignment_note = step.input.note || null
        note = step.input.note || null
        break
      case 'answer':
        patch.answer = step.input.answer
        patch.answered_at = now
        note = step.input.answer
        break
      case 'verify':
        note = step.input.note || null
        patch.verification_note = note
        if (action === 'send_back') patch.deadline = deadline
        break
      case 'close':
        note = step.input.note || null
        if (note) patch.verification_note = note
        patch.closed_at = now
        break
      case 'reopen':
        note = step.input.reason
        patch.deadline = deadline
        patch.closed_at = null
        break
    }
    await repo.updateIssue(trx, iid, patch, now)
    const actorRole =
      actors.includes('unit') && action === 'answer'
        ? 'unit'
        : actors.includes('staff')
          ? 'staff'
          : actors[0]!
    await repo.insertEvent(trx, {
      issueId: iid,
      jurisdictionId: a.jurisdiction.id,
      action,
      from: cur.state,
      to,
      note,
      deadline: patch.deadline ?? null,
      actorUserId: a.auth.userId,
      actorRole:
        actorRole === 'raiser' ? (cur.raised_by_deputy_id ? 'deputy' : 'staff') : actorRole,
      at: now,
    })
    await audit(
      trx,
      {
        jurisdictionId: a.jurisdiction.id,
        actorUserId: a.auth.userId,
        action: `issue.${action}`,
        entity: 'issue',
        entityId: iid,
        before: { state: cur.state, unitId: cur.unit_id, deadline: cur.deadline },
        after: {
          state: to,
          unitId: patch.unit_id ?? cur.unit_id,
          deadline: patch.deadline ?? cur.deadline,
          note,
        },
        requestId,
      },
      now,
    )
    const ref = { projectTitle: a.project.title, seq: cur.seq }
    const base = {
      jurisdictionId: a.jurisdiction.id,
      projectId: cur.project_id,
      issueId: iid,
      at: now,
    }
    const stamp = now.toISOString()
    const targetUnit = patch.unit_id ?? cur.unit_id
    if ((action === 'assign' || action === 'send_back' || action === 'reopen') && targetUnit) {
      const kind =
        action === 'assign'
          ? 'issue_assigned'
          : action === 'send_back'
            ? 'issue_sent_back'
            : 'issue_reopened'
      const users = await unitUserIds(trx, targetUnit)
      await notify(
        trx,
        users.map((userId) => ({
          ...base,
          userId,
          kind,
          params: { ...ref, deadline: deadline ?? '' },
          body: cur.title,
          dedupeKey: `${kind}:${iid}:${stamp}`,
        })),
      )
    }
    if (action === 'answer' && cur.raised_by !== a.auth.userId) {
      await notify(trx, [
        {
          ...base,
          userId: cur.raised_by,
          kind: 'issue_answered',
          params: ref,
          body: cur.title,
          dedupeKey: `issue_answered:${iid}:${stamp}`,
        },
      ])
    }
    if (action === 'close' && targetUnit) {
      const users = await unitUserIds(trx, targetUnit)
      await notify(
        trx,
        users.map((userId) => ({
          ...base,
          userId,
          kind: 'issue_closed' as const,
          params: ref,
          body: cur.title,
          dedupeKey: `issue_closed:${iid}:${stamp}`,
        })),
      )
    }
    const row = (await repo.findIssue(trx, iid))!
    return toIssue(row, today, allowedActions(to, actors))
  })
}

export async function publishIssue(
  { deps, auth, requestId }: Ctx,
  iid: string,
  published: boolean,
) {
  const { db } = deps.database
  const found = await repo.findIssue(db, iid)
  if (!found) throw notFound('Issue')
  const a = await loadProjectAccess(db, auth, found.project_id)
  if (!a.isStaff) forbid('Only staff publish issues (公示)')
  const now = deps.now()
  return db.transaction().execute(async (trx) => {
    const cur = (await repo.lockIssue(trx, iid))!
    if (cur.published !== published) {
      await repo.updateIssue(trx, iid, { published, published_at: published ? now : null }, now)
      await repo.insertEvent(trx, {
        issueId: iid,
        jurisdictionId: a.jurisdiction.id,
        action: published ? 'publish' : 'unpublish',
        from: cur.state,
        to: cur.state,
        note: null,
        deadline: null,
        actorUserId: a.auth.userId,
        actorRole: 'staff',
        at: now,
      })
      await audit(
        trx,
        {
          jurisdictionId: a.jurisdiction.id,
          actorUserId: a.auth.userId,
          action: published ? 'issue.publish' : 'issue.unpublish',
          entity: 'issue',
          entityId: iid,
          before: { published: cur.published },
          after: { published },
          requestId,
        },
        now,
      )
    }
    const row = (await repo.findIssue(trx, iid))!
    const actors = await actorsOn(trx, a, cur)
    return toIssue(row, chinaToday(now), allowedActions(row.state, actors))
  })
}

export async function getIssue({ deps, auth }: Ctx, iid: string) {
  const { db } = deps.database
  const r = await repo.findIssue(db, iid)
  if (!r) throw notFound('Issue')
  const a = await loadProjectAccess(db, auth, r.project_id)
  const actors = await actorsOn(db, a, r)
  const events = await repo.listEvents(db, [iid])
  return {
    ...toIssue(r, chinaToday(deps.now()), allowedActions(r.state, actors)),
    events: events.map(toEvent),
  }
}

function filterIssues(rows: repo.IssueRow[], q: IssueListQuery, today: string) {
  return rows.filter((r) => {
    if (q.flag) {
      const f = deadlineFlag(r.state, r.deadline, today)
      if (q.flag === 'late' ? f !== 'overdue' && f !== 'escalated' : f !== q.flag) return false
    }
    return true
  })
}

function listFilter(q: IssueListQuery): repo.IssueFilter {
  return {
    ...(q.state ? { states: q.state === 'open' ? [...OPEN_STATES] : [q.state] } : {}),
    ...(q.unitId ? { unitIds: [q.unitId] } : {}),
    ...(q.published ? { published: q.published === 'true' } : {}),
    ...(q.q ? { q: q.q } : {}),
  }
}

export async function listProjectIssues({ deps, auth }: Ctx, pid: string, q: IssueListQuery) {
  const { db } = deps.database
  const a = await loadProjectAccess(db, auth, pid)
  const today = chinaToday(deps.now())
  const rows = filterIssues(
    await repo.listIssues(db, { ...listFilter(q), projectIds: [pid] }),
    q,
    today,
  )
  const out = []
  for (const r of rows)
    out.push(toIssue(r, today, allowedActions(r.state, await actorsOn(db, a, r))))
  return { items: out }
}

async function requireCycleStaff({ deps, auth }: Ctx, cid: string) {
  const { db } = deps.database
  const cycle = await findCycle(db, cid)
  if (!cycle) throw notFound('Cycle')
  const j = await getJurisdictionRef(db, cycle.jurisdictionId)
  if (!auth) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first')
  if (!hasRole(auth, j, ['staff'])) {
    if (auth.grants.some((g) => j.path.startsWith(g.path)))
      forbid('The issue list of a cycle is for staff')
    throw notFound('Cycle')
  }
  return cycle
}

/** The staff issue list of a cycle (问题清单), with filters. */
export async function listCycleIssues(c: Ctx, cid: string, q: IssueListQuery) {
  await requireCycleStaff(c, cid)
  const today = chinaToday(c.deps.now())
  const rows = filterIssues(
    await repo.listIssues(c.deps.database.db, {
      ...listFilter(q),
      cycleId: cid,
      ...(q.projectId ? { projectIds: [q.projectId] } : {}),
    }),
    q,
    today,
  )
  return { items: rows.map((r) => toIssue(r, today, allowedActions(r.state, ['staff']))) }
}

const FLAG_LABELS = { due_soon: '即将到期', overdue: '已逾期', escalated: '逾期督办' } as const

/** The issue list as an Excel workbook (问题清单.xlsx). */
export async function exportCycleIssues(c: Ctx, cid: string, q: IssueListQuery) {
  const cycle = await requireCycleStaff(c, cid)
  const { items } = await listCycleIssues(c, cid, q)
  const wb = new ExcelJS.Workbook()
  wb.creator = '民生实事票决平台'
  wb.created = c.deps.now()
  const ws = wb.addWorksheet('问题清单', { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = [
    { header: '项目', key: 'project', width: 28 },
    { header: '编号', key: 'seq', width: 6 },
    { header: '问题', key: 'title', width: 36 },
    { header: '具体情况', key: 'description', width: 48 },
    { header: '来源', key: 'source', width: 10 },
    { header: '状态', key: 'state', width: 10 },
    { header: '承办单位', key: 'unit', width: 18 },
    { header: '办理期限', key: 'deadline', width: 12 },
    { header: '期限提示', key: 'flag', width: 10 },
    { header: '提出人', key: 'raiser', width: 12 },
    { header: '提出日期', key: 'raised', width: 12 },
    { header: '办理情况', key: 'answer', width: 48 },
    { header: '办理日期', key: 'answered', width: 12 },
    { header: '销号日期', key: 'closed', width: 12 },
    { header: '公示', key: 'published', width: 6 },
  ]
  const d = (iso: string | null) => (iso ? chinaToday(new Date(iso)) : '')
  for (const i of items) {
    ws.addRow({
      project: i.projectTitle,
      seq: i.seq,
      title: i.title,
      description: i.description,
      source: ISSUE_SOURCE_LABELS[i.source],
      state: ISSUE_STATE_LABELS[i.state],
      unit: i.unit?.name ?? '',
      deadline: i.deadline ?? '',
      flag: i.deadlineFlag ? FLAG_LABELS[i.deadlineFlag] : '',
      raiser: i.raisedBy.name ?? '',
      raised: d(i.createdAt),
      answer: i.answer ?? '',
      answered: d(i.answeredAt),
      closed: d(i.closedAt),
      published: i.published ? '是' : '否',
    })
  }
  const header = ws.getRow(1)
  header.font = { bold: true }
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF6' } }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ws.columns.length } }
  ws.eachRow((row, n) => {
    if (n > 1) row.alignment = { vertical: 'top', wrapText: true }
  })
  const buf = await wb.xlsx.writeBuffer()
  return {
    data: new Uint8Array(buf as ArrayBuffer),
    filename: `${cycle.year}年民生实事问题清单.xlsx`,
  }
}

/** The unit console: issues assigned to the caller's units (open by default), deadlines first. */
export async function myUnitIssues({ deps, auth }: Ctx, state: 'open' | 'all') {
  if (!auth) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first')
  const { db } = deps.database
  const units = (await prepo.unitsOfUser(db, auth.userId)).filter((u) =>
    auth.grants.some((g) => g.jurisdictionId === u.jurisdiction_id && g.role === 'unit'),
  )
  const rows = await repo.listIssues(db, {
    unitIds: units.map((u) => u.id),
    ...(state === 'open' ? { states: ['assigned', 'answered', 'verified'] as IssueState[] } : {}),
  })
  const today = chinaToday(deps.now())
  const items = rows.map((r) => toIssue(r, today, r.state === 'assigned' ? ['answer'] : []))
  // Waiting on the unit first, by deadline; then the rest.
  items.sort(
    (x, y) =>
      Number(y.state === 'assigned') - Number(x.state === 'assigned') ||
      (x.deadline ?? '9999').localeCompare(y.deadline ?? '9999'),
  )
  return { today, items }
}

/** The deputy portal: projects whose supervision group the caller sits in, with status. */
export async function mySupervisionProjects({ deps, auth }: Ctx) {
  if (!auth) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first')
  const { db } = deps.database
  const deputies = await prepo.deputiesOfUser(db, auth.userId)
  const groups = await repo.groupsOfDeputies(
    db,
    deputies.map((d) => d.id),
  )
  const projects = (await Promise.all(groups.map((g) => findProject(db, g.project_id)))).filter(
    (p): p is NonNullable<typeof p> => !!p,
  )
  const now = deps.now()
  const today = chinaToday(now)
  const [summaries, mine] = await Promise.all([
    progressSummaries(db, projects, now),
    repo.listIssues(db, { raisedBy: auth.userId }),
  ])
  return {
    today,
    items: projects.map((p) => {
      const s = summaries.get(p.id)!
      const raised = mine.filter((i) => i.project_id === p.id)
      return {
        project: toProjectRef(p),
        role: groups.find((g) => g.project_id === p.id)!.role,
        ...summaryOut(s),
        openIssues: s.openIssues,
        overdueIssues: s.overdueIssues,
        myIssuesAwaitingVerification: raised.filter(
          (i) => i.state === 'answered' || i.state === 'verified',
        ).length,
      }
    }),
  }
}

/** Issues the caller raised (deputy portal: to verify and close). */
export async function myRaisedIssues({ deps, auth }: Ctx, state: 'open' | 'all') {
  if (!auth) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first')
  const rows = await repo.listIssues(deps.database.db, {
    raisedBy: auth.userId,
    ...(state === 'open' ? { states: [...OPEN_STATES] } : {}),
  })
  const today = chinaToday(deps.now())
  return {
    today,
    items: rows.map((r) => toIssue(r, today, allowedActions(r.state, ['raiser']))),
  }
}

// ── timeline ────────────────────────────────────────────────────────────────────────────────────

const ACTION_TITLES: Record<string, string> = {
  raise: '提出问题',
  assign: '交办',
  answer: '办理答复',
  verify: '核实',
  send_back: '退回重办',
  close: '销号',
  reopen: '重新打开',
  publish: '公示',
  unpublish: '撤回公示',
}

/** Milestones, reports, inspections and every issue step of a project, in date order. */
export async function projectTimeline({ deps, auth }: Ctx, pid: string) {
  const { db } = deps.database
  await loadProjectAccess(db, auth, pid)
  const today = chinaToday(deps.now())
  const [milestones, reports, inspections, issues] = await Promise.all([
    prepo.listMilestones(db, [pid]),
    prepo.listReports(db, pid),
    repo.listInspections(db, pid),
    repo.listIssues(db, { projectIds: [pid] }),
  ])
  const events = await repo.listEvents(
    db,
    issues.map((i) => i.id),
  )
  type Entry = {
    date: string
    at: string | null
    kind:
      | 'milestone_done'
      | 'milestone_missed'
      | 'milestone_planned'
      | 'report'
      | 'inspection'
      | 'issue'
    title: string
    detail: string | null
    refId: string
    issueAction?: string
    state?: string
  }
  const out: Entry[] = []
  for (const m of milestones) {
    const ms = toMilestone(m, today)
    out.push({
      date: ms.actualDate ?? ms.plannedDate,
      at: null,
      kind:
        ms.state === 'done'
          ? 'milestone_done'
          : ms.state === 'missed'
            ? 'milestone_missed'
            : 'milestone_planned',
      title: m.name,
      detail:
        ms.state === 'done'
          ? `计划${ms.plannedDate}，实际${ms.actualDate}${ms.lateDays ? `（延后${ms.lateDays}天）` : ''}`
          : ms.state === 'missed'
            ? `计划${ms.plannedDate}，已逾期${ms.lateDays}天`
            : `计划${ms.plannedDate}`,
      refId: m.id,
    })
  }
  for (const r of reports)
    out.push({
      date: chinaToday(r.submitted_at),
      at: r.submitted_at.toISOString(),
      kind: 'report',
      title: `${r.period} 进度报告：完成${r.percent_complete}%`,
      detail: r.narrative,
      refId: r.id,
    })
  for (const i of inspections)
    out.push({
      date: i.date,
      at: i.created_at.toISOString(),
      kind: 'inspection',
      title: '代表视察',
      detail: i.findings,
      refId: i.id,
    })
  for (const e of events) {
    const issue = issues.find((i) => i.id === e.issue_id)!
    out.push({
      date: chinaToday(e.at),
      at: e.at.toISOString(),
      kind: 'issue',
      title: `问题 #${issue.seq} ${ACTION_TITLES[e.action] ?? e.action}：${issue.title}`,
      detail: e.note,
      refId: issue.id,
      issueAction: e.action,
      state: e.to_state,
    })
  }
  out.sort((x, y) => x.date.localeCompare(y.date) || (x.at ?? '').localeCompare(y.at ?? ''))
  return { today, items: out }
}

// ── public feedback ─────────────────────────────────────────────────────────────────────────────

const addressHash = (address: string) =>
  createHash('sha256').update(`ms-feedback-rate\n${address}`).digest('hex').slice(0, 32)

/**
 * Feedback on a project from anyone (no login): honeypot and fill-time screen, then DB-backed
 * rate limits per address hash (so they hold across API instances). Not audited (it would keep
 * the contact forever in the append-only log); staff actions on it are.
 */
export async function submitFeedback(
  deps: Deps,
  pid: string,
  input: FeedbackInput,
  clientAddress: string,
) {
  const verdict = screenFeedback(input)
  if (!verdict.ok) throw badRequest('SPAM_SUSPECTED', verdict.message)
  const { db } = deps.database
  const p = await findProject(db, pid)
  if (!p) throw notFound('Project')
  const now = deps.now()
  const hash = addressHash(clientAddress)
  return db.transaction().execute(async (trx: Transaction<DB>) => {
    const hourAgo = new Date(now.getTime() - 3_600_000)
    const dayAgo = new Date(now.getTime() - 86_400_000)
    const [addressLastHour, addressLastDay, projectLastHour] = await Promise.all([
      repo.countFeedbackSince(trx, { clientHash: hash }, hourAgo),
      repo.countFeedbackSince(trx, { clientHash: hash }, dayAgo),
      repo.countFeedbackSince(trx, { projectId: pid }, hourAgo),
    ])
    const breach = feedbackLimitBreach({ addressLastHour, addressLastDay, projectLastHour })
    if (breach)
      throw new ApiError(
        429,
        'TOO_MANY_FEEDBACK',
        'Too many messages from this address for now; please try again later',
        breach,
      )
    const f = await repo.insertFeedback(trx, {
      jurisdictionId: p.jurisdictionId,
      projectId: pid,
      content: input.content,
      contact: input.contact || null,
      clientHash: hash,
      now,
    })
    await repo.forgetFeedbackHashes(
      trx,
      new Date(now.getTime() - FEEDBACK_LIMITS.hashRetentionHours * 3_600_000),
    )
    return { received: true, id: f.id }
  })
}

export async function listFeedback({ deps, auth }: Ctx, pid: string) {
  const { db } = deps.database
  const a = await loadProjectAccess(db, auth, pid)
  if (!a.isStaff) forbid('Public feedback is read by staff')
  const rows = await repo.listFeedback(db, pid)
  return {
    items: rows.map((r) => ({
      id: r.id,
      content: r.content,
      contact: r.contact,
      status: r.status,
      issueId: r.issue_id,
      createdAt: r.created_at.toISOString(),
    })),
  }
}

export async function dismissFeedback({ deps, auth, requestId }: Ctx, fid: string) {
  const { db } = deps.database
  const f0 = await repo.findFeedback(db, fid)
  if (!f0) throw notFound('Feedback')
  const a = await loadProjectAccess(db, auth, f0.project_id)
  if (!a.isStaff) forbid('Public feedback is handled by staff')
  const now = deps.now()
  return db.transaction().execute(async (trx) => {
    const f = (await repo.lockFeedback(trx, fid))!
    if (f.status !== 'new') throw conflict('FEEDBACK_HANDLED', 'This feedback was already handled')
    await repo.setFeedbackStatus(trx, fid, 'dismissed', null)
    await audit(
      trx,
      {
        jurisdictionId: a.jurisdiction.id,
        actorUserId: a.auth.userId,
        action: 'feedback.dismiss',
        entity: 'project_feedback',
        entityId: fid,
        before: { status: f.status },
        after: { status: 'dismissed' },
        requestId,
      },
      now,
    )
    return { id: fid, status: 'dismissed' as const }
  })
}
