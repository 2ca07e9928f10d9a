import type { Ctx, Deps } from '../shared/context.js'
import { ApiError, notFound } from '../shared/errors.js'
import type { Auth } from '../shared/access.js'
import { decodeCursor, encodeCursor } from '../shared/paging.js'
import {
  findProject,
  listProjectsOfJurisdictions,
  listProjectsOfUnits,
  type ProjectForDownstream,
} from '../projects/projects.exports.js'
import { findCycle } from '../cycles/cycles.exports.js'
import { progressSummaries } from '../progress/progress.exports.js'
import { chinaToday } from '../progress/progress.rules.js'
import * as prepo from '../progress/progress.repository.js'
import * as srepo from '../supervision/supervision.repository.js'
import {
  DEADLINE_RULE,
  deadlineFlag,
  OPEN_STATES,
  type IssueState,
} from '../supervision/supervision.rules.js'
import * as repo from './notifications.repository.js'
import { toNewNotification, type Notice } from './notifications.exports.js'

interface Situation {
  today: string
  unitIssues: srepo.IssueRow[]
  unitProjects: ProjectForDownstream[]
  groupProjects: ProjectForDownstream[]
  raisedIssues: srepo.IssueRow[]
  /** Projects and open issues of the jurisdictions where the user is staff (not those below). */
  staffProjects: ProjectForDownstream[]
  staffIssues: srepo.IssueRow[]
  summaries: Awaited<ReturnType<typeof progressSummaries>>
}

/**
 * Keeps the projects of cycles still under way (implementing, evaluating): a closed year's
 * projects need no fresh flags, and leaving them out keeps the cost of a read bounded as years
 * accumulate.
 */
const underWay = (db: Deps['database']['db']) => async (projects: ProjectForDownstream[]) => {
  const cycleIds = [...new Set(projects.map((p) => p.cycleId))]
  const cycles = await Promise.all(cycleIds.map((id) => findCycle(db, id)))
  const open = new Set(
    cycles
      .filter((c) => c && (c.phase === 'implementing' || c.phase === 'evaluating'))
      .map((c) => c!.id),
  )
  return projects.filter((p) => open.has(p.cycleId))
}

/** What concerns the user now: their units' issues and projects, the groups they sit in, what they raised. */
async function situation(deps: Deps, auth: Auth): Promise<Situation> {
  const { db } = deps.database
  const now = deps.now()
  const units = (await prepo.unitsOfUser(db, auth.userId)).filter((u) =>
    auth.grants.some((g) => g.jurisdictionId === u.jurisdiction_id && g.role === 'unit'),
  )
  const deputies = await prepo.deputiesOfUser(db, auth.userId)
  const groups = await srepo.groupsOfDeputies(
    db,
    deputies.map((d) => d.id),
  )
  const staffJurisdictionIds = [
    ...new Set(auth.grants.filter((g) => g.role === 'staff').map((g) => g.jurisdictionId)),
  ]
  const [unitIssues, unitProjects, raisedIssues, groupProjects, staffProjects, staffIssues] =
    await Promise.all([
      srepo.listIssues(db, {
        unitIds: units.map((u) => u.id),
        states: ['assigned', 'answered', 'verified'],
      }),
      listProjectsOfUnits(
        db,
        units.map((u) => u.id),
      ),
      srepo.listIssues(db, {
        raisedBy: auth.userId,
        states: ['raised', 'assigned', 'answered', 'verified'],
      }),
      Promise.all(groups.map((g) => findProject(db, g.project_id))).then((ps) =>
        ps.filter((p): p is ProjectForDownstream => !!p),
      ),
      listProjectsOfJurisdictions(db, staffJurisdictionIds).then(underWay(db)),
      srepo.listIssues(db, { jurisdictionIds: staffJurisdictionIds, states: [...OPEN_STATES] }),
    ])
  const all = [
    ...new Map(
      [...unitProjects, ...groupProjects, ...staffProjects].map((p) => [p.id, p]),
    ).values(),
  ]
  return {
    today: chinaToday(now),
    unitIssues,
    unitProjects,
    groupProjects,
    raisedIssues,
    staffProjects,
    staffIssues,
    summaries: await progressSummaries(db, all, now),
  }
}

/**
 * Conditions that arise with the passing of time (a deadline near or past, a report overdue, a
 * project lagging) are computed when the user looks, and stored once each (dedupe key), so they
 * have read/unread state without any background job: docs/decisions/034-notifications-on-read.md.
 */
async function materialise(deps: Deps, auth: Auth, s: Situation) {
  const now = deps.now()
  const items: Notice[] = []
  const base = { userId: auth.userId, at: now }
  const issue = (i: srepo.IssueRow) => ({
    ...base,
    jurisdictionId: i.jurisdiction_id,
    body: i.title,
    projectId: i.project_id,
    issueId: i.id,
  })
  const ref = (i: srepo.IssueRow) => ({ projectTitle: i.project_title, seq: i.seq })
  for (const i of s.unitIssues) {
    const f = deadlineFlag(i.state as IssueState, i.deadline, s.today)
    if (!i.deadline) continue
    if (f === 'due_soon')
      items.push({
        ...issue(i),
        kind: 'issue_due_soon',
        params: { ...ref(i), deadline: i.deadline },
        dedupeKey: `issue_due_soon:${i.id}:${i.deadline}`,
      })
    if (f === 'overdue' || f === 'escalated')
      items.push({
        ...issue(i),
        kind: 'issue_overdue',
        params: { ...ref(i), deadline: i.deadline, audience: 'unit' },
        dedupeKey: `issue_overdue:${i.id}:${i.deadline}`,
      })
  }
  for (const i of s.raisedIssues) {
    const f = deadlineFlag(i.state as IssueState, i.deadline, s.today)
    if (!i.deadline) continue
    if (f === 'overdue' || f === 'escalated')
      items.push({
        ...issue(i),
        kind: 'issue_overdue',
        params: { ...ref(i), deadline: i.deadline, audience: 'raiser' },
        dedupeKey: `issue_overdue:${i.id}:${i.deadline}`,
      })
  }
  // Overdue reports go to the unit, the group and staff; lagging projects to the group and staff.
  const watched = [...s.unitProjects, ...s.groupProjects, ...s.staffProjects]
  const seen = new Set<string>()
  for (const p of watched) {
    if (seen.has(p.id)) continue
    seen.add(p.id)
    const sum = s.summaries.get(p.id)
    if (!sum) continue
    const project = { ...base, jurisdictionId: p.jurisdictionId, projectId: p.id }
    if (sum.reportOverdue)
      items.push({
        ...project,
        kind: 'report_overdue',
        params: { projectTitle: p.title, period: sum.duePeriod },
        dedupeKey: `report_overdue:${p.id}:${sum.duePeriod}`,
      })
    if (
      (sum.status === 'lagging' || sum.status === 'seriously_lagging') &&
      (s.groupProjects.some((g) => g.id === p.id) || s.staffProjects.some((g) => g.id === p.id))
    )
      items.push({
        ...project,
        kind: 'project_lagging',
        params: {
          projectTitle: p.title,
          status: sum.status,
          delayDays: sum.delayDays,
          missedMilestones: sum.missedMilestones,
        },
        dedupeKey: `project_lagging:${p.id}:${sum.status}`,
      })
  }
  await repo.insertNotifications(deps.database.db, items.map(toNewNotification))
}

const toNotification = (n: repo.NotificationRow) => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  projectId: n.project_id,
  issueId: n.issue_id,
  /** The kind's parameters (decision 047); null on notices stored before them. */
  params: n.params ?? null,
  createdAt: n.created_at.toISOString(),
  readAt: n.read_at?.toISOString() ?? null,
})

function requireSignedIn(auth: Auth | null): Auth {
  if (!auth) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first')
  return auth
}

export async function listMine(
  { deps, auth }: Ctx,
  limit: number,
  cursor?: string,
  unreadOnly = false,
) {
  const a = requireSignedIn(auth)
  await materialise(deps, a, await situation(deps, a))
  const { db } = deps.database
  const c = decodeCursor<{ at: string; id: string }>(cursor)
  const before = c && typeof c.at === 'string' && typeof c.id === 'string' ? c : undefined
  const rows = await repo.listForUser(db, a.userId, limit, before, unreadOnly)
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  const counts = await repo.unreadCounts(db, a.userId)
  return {
    items: items.map(toNotification),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ at: last.created_at.toISOString(), id: last.id })
        : null,
    unread: counts.reduce((s, c) => s + c.n, 0),
  }
}

export async function markRead({ deps, auth }: Ctx, id: string) {
  const a = requireSignedIn(auth)
  const { db } = deps.database
  const n = await repo.findForUser(db, a.userId, id)
  if (!n) throw notFound('Notification')
  if (!n.read_at) await repo.markRead(db, a.userId, id, deps.now())
  return toNotification((await repo.findForUser(db, a.userId, id))!)
}

export async function markAllRead({ deps, auth }: Ctx) {
  const a = requireSignedIn(auth)
  return { marked: await repo.markAllRead(deps.database.db, a.userId, deps.now()) }
}

/** A per-user digest: unread by kind and what needs doing now, with a short text summary. */
export async function digest({ deps, auth }: Ctx) {
  const a = requireSignedIn(auth)
  const s = await situation(deps, a)
  await materialise(deps, a, s)
  const { db } = deps.database
  const counts = await repo.unreadCounts(db, a.userId)
  const flags = s.unitIssues.map((i) => deadlineFlag(i.state as IssueState, i.deadline, s.today))
  const unitOpen = s.unitIssues.filter((i) => i.state === 'assigned').length
  const dueSoon = flags.filter((f) => f === 'due_soon').length
  const overdue = flags.filter((f) => f === 'overdue' || f === 'escalated').length
  const reportsOverdue = s.unitProjects.filter((p) => s.summaries.get(p.id)?.reportOverdue).length
  const lagging = s.groupProjects.filter((p) => {
    const st = s.summaries.get(p.id)?.status
    return st === 'lagging' || st === 'seriously_lagging'
  }).length
  const toVerify = s.raisedIssues.filter(
    (i) => i.state === 'answered' || i.state === 'verified',
  ).length
  const staffStatus = s.staffProjects.map((p) => s.summaries.get(p.id))
  const staffFlags = s.staffIssues.map((i) =>
    deadlineFlag(i.state as IssueState, i.deadline, s.today),
  )
  const staff = {
    projects: s.staffProjects.length,
    lagging: staffStatus.filter((x) => x?.status === 'lagging').length,
    seriouslyLagging: staffStatus.filter((x) => x?.status === 'seriously_lagging').length,
    reportsOverdue: staffStatus.filter((x) => x?.reportOverdue).length,
    toAssign: s.staffIssues.filter((i) => i.state === 'raised').length,
    issuesOverdue: staffFlags.filter((f) => f === 'overdue' || f === 'escalated').length,
    issuesEscalated: staffFlags.filter((f) => f === 'escalated').length,
  }
  const latest = await repo.listForUser(db, a.userId, 5)
  const lines: string[] = []
  if (unitOpen)
    lines.push(
      `待办理问题${unitOpen}个${overdue ? `，其中逾期${overdue}个` : ''}${dueSoon ? `，即将到期${dueSoon}个` : ''}`,
    )
  if (reportsOverdue) lines.push(`${reportsOverdue}个项目的月度进度报告逾期未报`)
  if (s.groupProjects.length)
    lines.push(`监督项目${s.groupProjects.length}个${lagging ? `，其中滞后${lagging}个` : ''}`)
  if (toVerify) lines.push(`${toVerify}个您提出的问题已办理，待核实销号`)
  if (staff.lagging || staff.seriouslyLagging)
    lines.push(
      `辖区项目${staff.projects}个，其中${[
        staff.lagging ? `进度滞后${staff.lagging}个` : '',
        staff.seriouslyLagging ? `严重滞后${staff.seriouslyLagging}个` : '',
      ]
        .filter(Boolean)
        .join('、')}`,
    )
  if (staff.reportsOverdue) lines.push(`${staff.reportsOverdue}个项目月度进度报告逾期未报`)
  if (staff.toAssign) lines.push(`${staff.toAssign}个问题待交办`)
  if (staff.issuesOverdue)
    lines.push(
      `${staff.issuesOverdue}个问题办理逾期${staff.issuesEscalated ? `（其中逾期超过${DEADLINE_RULE.escalateAfterDays}天${staff.issuesEscalated}个）` : ''}`,
    )
  const unread = counts.reduce((x, c) => x + c.n, 0)
  return {
    today: s.today,
    unread,
    unreadByKind: Object.fromEntries(counts.map((c) => [c.kind, c.n])),
    unit: {
      openIssues: unitOpen,
      dueSoon,
      overdue,
      reportsOverdue,
      projects: s.unitProjects.length,
    },
    deputy: { supervisedProjects: s.groupProjects.length, lagging, toVerify },
    staff,
    latest: latest.slice(0, 5).map(toNotification),
    summary: lines.length ? lines.join('；') + '。' : '暂无待办事项。',
  }
}
