import type { Ctx, Deps } from '../shared/context.js'
import type { Auth } from '../shared/access.js'
import { getJurisdictionRef, hasRole } from '../shared/access.js'
import { ApiError, badRequest, conflict, notFound } from '../shared/errors.js'
import { audit } from '../shared/audit.js'
import { findCycle } from '../cycles/cycles.exports.js'
import {
  findProject,
  listProjects,
  listProjectsOfUnits,
  type ProjectForDownstream,
} from '../projects/projects.exports.js'
import * as repo from './progress.repository.js'
import * as srepo from '../supervision/supervision.repository.js'
import {
  forbid,
  loadProjectAccess,
  requireInProjectWindow,
  type ProjectAccess,
} from './progress.access.js'
import {
  photoUrls,
  progressSummaries,
  publishedIssues,
  type ProgressSummary,
} from './progress.exports.js'
import { processPhoto } from './progress.photos.js'
import {
  chinaToday,
  daysBetween,
  monthOf,
  PHOTO_LIMITS,
  severity,
  STATUS_RULE,
} from './progress.rules.js'
import { DEADLINE_RULE } from '../supervision/supervision.rules.js'
import type {
  BoardQuery,
  CreateMilestoneInput,
  FileReportInput,
  UpdateMilestoneInput,
  UpdateReportInput,
} from './progress.schemas.js'

// ── mapping ─────────────────────────────────────────────────────────────────────────────────────

export function toMilestone(m: repo.MilestoneRow, today: string) {
  const state = m.actual_date ? 'done' : m.planned_date < today ? 'missed' : 'pending'
  const lateDays = m.actual_date
    ? Math.max(0, daysBetween(m.planned_date, m.actual_date))
    : Math.max(0, daysBetween(m.planned_date, today))
  return {
    id: m.id,
    projectId: m.project_id,
    name: m.name,
    plannedDate: m.planned_date,
    actualDate: m.actual_date,
    evidence: m.evidence,
    state: state as 'done' | 'missed' | 'pending',
    lateDays,
  }
}

export function toPhoto(p: repo.PhotoMeta) {
  return {
    id: p.id,
    ...photoUrls(p.id),
    contentType: p.content_type,
    width: p.width,
    height: p.height,
    sizeBytes: p.size_bytes,
    caption: p.caption,
    createdAt: p.created_at.toISOString(),
  }
}

function toReport(r: repo.ReportRow & { submitter?: string | null }, photos: repo.PhotoMeta[]) {
  return {
    id: r.id,
    projectId: r.project_id,
    period: r.period,
    percentComplete: r.percent_complete,
    narrative: r.narrative,
    investmentToDateFen: r.investment_to_date_fen,
    submittedAt: r.submitted_at.toISOString(),
    ...(r.submitter !== undefined ? { submitter: r.submitter } : {}),
    photos: photos.filter((p) => p.report_id === r.id).map(toPhoto),
  }
}

export function toProjectRef(p: ProjectForDownstream) {
  return {
    id: p.id,
    cycleId: p.cycleId,
    jurisdictionId: p.jurisdictionId,
    title: p.title,
    category: p.category,
    responsibleUnit: p.responsibleUnit,
    unitId: p.unitId,
    estimateFen: p.estimateFen,
    plannedCompletion: p.plannedCompletion,
    targets: p.targets,
    location: p.location,
  }
}

function summaryOut(s: ProgressSummary) {
  const { projectId: _p, latestReport: _l, openIssues: _o, overdueIssues: _x, ...rest } = s
  return rest
}

// ── status rule ─────────────────────────────────────────────────────────────────────────────────

export function statusRule() {
  return {
    ...STATUS_RULE,
    thresholds: { ...STATUS_RULE.thresholds },
    issues: { ...DEADLINE_RULE },
  }
}

// ── milestones ──────────────────────────────────────────────────────────────────────────────────

function requireUnitOrStaff(a: ProjectAccess, what: string) {
  if (!a.isStaff && !a.isUnit) forbid(`Only the responsible unit or staff may ${what}`)
}

function notInFuture(date: string, today: string, field: string) {
  if (date > today) throw badRequest('DATE_IN_FUTURE', `${field} cannot be after today (${today})`)
}

export async function createMilestone(
  { deps, auth, requestId }: Ctx,
  pid: string,
  input: CreateMilestoneInput,
) {
  const { db } = deps.database
  const a = await loadProjectAccess(db, auth, pid)
  requireUnitOrStaff(a, 'plan milestones')
  await requireInProjectWindow(db, a.project, [{ field: 'plannedDate', value: input.plannedDate }])
  const now = deps.now()
  return db.transaction().execute(async (trx) => {
    const m = await repo.insertMilestone(trx, {
      jurisdictionId: a.jurisdiction.id,
      projectId: pid,
      name: input.name,
      plannedDate: input.plannedDate,
      createdBy: a.auth.userId,
      now,
    })
    const out = toMilestone(m, chinaToday(now))
    await audit(
      trx,
      {
        jurisdictionId: a.jurisdiction.id,
        actorUserId: a.auth.userId,
        action: 'milestone.create',
        entity: 'milestone',
        entityId: m.id,
        after: { projectId: pid, name: m.name, plannedDate: m.planned_date },
        requestId,
      },
      now,
    )
    return out
  })
}

export async function updateMilestone(
  { deps, auth, requestId }: Ctx,
  mid: string,
  input: UpdateMilestoneInput,
) {
  const { db } = deps.database
  const found = await repo.findMilestone(db, mid)
  if (!found) throw notFound('Milestone')
  const a = await loadProjectAccess(db, auth, found.project_id)
  requireUnitOrStaff(a, 'update milestones')
  const now = deps.now()
  const today = chinaToday(now)
  if (input.actualDate) notInFuture(input.actualDate, today, 'actualDate')
  await requireInProjectWindow(db, a.project, [
    { field: 'plannedDate', value: input.plannedDate },
    { field: 'actualDate', value: input.actualDate },
  ])
  return db.transaction().execute(async (trx) => {
    const before = (await repo.lockMilestone(trx, mid))!
    const patch: Parameters<typeof repo.updateMilestone>[2] = {}
    if (input.name !== undefined) patch.name = input.name
    if (input.plannedDate !== undefined) patch.planned_date = input.plannedDate
    if (input.actualDate !== undefined) patch.actual_date = input.actualDate
    if (input.evidence !== undefined) patch.evidence = input.evidence || null
    const m = await repo.updateMilestone(trx, mid, patch, now)
    const pick = (r: repo.MilestoneRow) => ({
      name: r.name,
      plannedDate: r.planned_date,
      actualDate: r.actual_date,
      evidence: r.evidence,
    })
    await audit(
      trx,
      {
        jurisdictionId: a.jurisdiction.id,
        actorUserId: a.auth.userId,
        action: 'milestone.update',
        entity: 'milestone',
        entityId: mid,
        before: pick(before),
        after: pick(m),
        requestId,
      },
      now,
    )
    return toMilestone(m, today)
  })
}

// ── progress reports ────────────────────────────────────────────────────────────────────────────

export async function fileReport(
  { deps, auth, requestId }: Ctx,
  pid: string,
  input: FileReportInput,
) {
  const { db } = deps.database
  const a = await loadProjectAccess(db, auth, pid)
  if (!a.isUnit) forbid('Only an account of the responsible unit may file progress reports')
  const now = deps.now()
  if (input.period > monthOf(chinaToday(now)))
    throw badRequest('PERIOD_IN_FUTURE', 'A report cannot cover a month that has not begun')
  await requireInProjectWindow(db, a.project, [{ field: 'period', value: input.period }])
  return db.transaction().execute(async (trx) => {
    const r = await repo.insertReport(trx, {
      jurisdictionId: a.jurisdiction.id,
      projectId: pid,
      period: input.period,
      percentComplete: input.percentComplete,
      narrative: input.narrative,
      investmentToDateFen: input.investmentToDateFen,
      submittedBy: a.auth.userId,
      now,
    })
    if (!r)
      throw conflict(
        'PERIOD_REPORTED',
        `A report for ${input.period} exists already; correct it instead of filing another`,
      )
    await audit(
      trx,
      {
        jurisdictionId: a.jurisdiction.id,
        actorUserId: a.auth.userId,
        action: 'progress_report.create',
        entity: 'progress_report',
        entityId: r.id,
        after: { projectId: pid, ...input },
        requestId,
      },
      now,
    )
    return toReport(r, [])
  })
}

export async function updateReport(
  { deps, auth, requestId }: Ctx,
  rid: string,
  input: UpdateReportInput,
) {
  const { db } = deps.database
  const found = await repo.findReport(db, rid)
  if (!found) throw notFound('Report')
  const a = await loadProjectAccess(db, auth, found.project_id)
  if (!a.isUnit) forbid('Only an account of the responsible unit may correct its reports')
  const now = deps.now()
  return db.transaction().execute(async (trx) => {
    const before = (await repo.lockReport(trx, rid))!
    const r = await repo.updateReport(
      trx,
      rid,
      {
        ...(input.percentComplete !== undefined ? { percent_complete: input.percentComplete } : {}),
        ...(input.narrative !== undefined ? { narrative: input.narrative } : {}),
        ...(input.investmentToDateFen !== undefined
          ? { investment_to_date_fen: input.investmentToDateFen }
          : {}),
      },
      now,
    )
    const pick = (x: repo.ReportRow) => ({
      percentComplete: x.percent_complete,
      narrative: x.narrative,
      investmentToDateFen: x.investment_to_date_fen,
    })
    await audit(
      trx,
      {
        jurisdictionId: a.jurisdiction.id,
        actorUserId: a.auth.userId,
        action: 'progress_report.update',
        entity: 'progress_report',
        entityId: rid,
        before: pick(before),
        after: pick(r),
        requestId,
      },
      now,
    )
    return toReport(r, await repo.photosOf(trx, { reportIds: [rid] }))
  })
}

// ── photos ──────────────────────────────────────────────────────────────────────────────────────

export type PhotoOwner = { kind: 'report' | 'inspection'; id: string }

export async function uploadPhoto(
  { deps, auth, requestId }: Ctx,
  owner: PhotoOwner,
  file: { type: string; size: number; bytes: Uint8Array },
  caption: string | null,
) {
  const { db } = deps.database
  let projectId: string
  if (owner.kind === 'report') {
    const r = await repo.findReport(db, owner.id)
    if (!r) throw notFound('Report')
    projectId = r.project_id
  } else {
    const i = await srepo.findInspection(db, owner.id)
    if (!i) throw notFound('Inspection')
    projectId = i.project_id
  }
  const a = await loadProjectAccess(db, auth, projectId)
  if (owner.kind === 'report' && !a.isUnit)
    forbid('Only an account of the responsible unit may add photos to its reports')
  if (owner.kind === 'inspection' && !a.isStaff && !a.isGroupMember)
    forbid('Only deputies of the supervision group or staff may add inspection photos')
  const processed = await processPhoto(file)
  const now = deps.now()
  const ownerKey = owner.kind === 'report' ? { reportId: owner.id } : { inspectionId: owner.id }
  return db.transaction().execute(async (trx) => {
    // Serialise uploads to one owner so the per-owner cap holds under concurrency.
    if (owner.kind === 'report') await repo.lockReport(trx, owner.id)
    else await srepo.lockInspection(trx, owner.id)
    if ((await repo.countPhotos(trx, ownerKey)) >= PHOTO_LIMITS.maxPerOwner)
      throw conflict(
        'TOO_MANY_PHOTOS',
        `At most ${PHOTO_LIMITS.maxPerOwner} photos per ${owner.kind}`,
      )
    const p = await repo.insertPhoto(trx, {
      jurisdictionId: a.jurisdiction.id,
      projectId,
      reportId: owner.kind === 'report' ? owner.id : null,
      inspectionId: owner.kind === 'inspection' ? owner.id : null,
      contentType: processed.contentType,
      bytes: processed.bytes,
      thumb: processed.thumb,
      thumbType: processed.thumbType,
      width: processed.width,
      height: processed.height,
      caption: caption || null,
      sha256: processed.sha256,
      uploadedBy: a.auth.userId,
      now,
    })
    await audit(
      trx,
      {
        jurisdictionId: a.jurisdiction.id,
        actorUserId: a.auth.userId,
        action: 'photo.upload',
        entity: 'photo',
        entityId: p.id,
        after: {
          projectId,
          [owner.kind === 'report' ? 'reportId' : 'inspectionId']: owner.id,
          contentType: p.content_type,
          sizeBytes: p.size_bytes,
          sha256: p.sha256,
        },
        requestId,
      },
      now,
    )
    return toPhoto(p)
  })
}

/**
 * A photo's bytes. Photos of progress reports are public (the public progress page shows them);
 * inspection photos are for readers of the project only. Unknown and hidden ids are both 404.
 */
export async function readPhoto(
  deps: Deps,
  auth: Auth | null,
  id: string,
  which: 'bytes' | 'thumb',
) {
  const { db } = deps.database
  const meta = await repo.findPhotoMeta(db, id)
  if (!meta) throw notFound('Photo')
  const isPublic = meta.report_id !== null
  if (!isPublic) {
    if (!auth) throw notFound('Photo')
    try {
      await loadProjectAccess(db, auth, meta.project_id)
    } catch (e) {
      if (e instanceof ApiError && (e.status === 403 || e.status === 404)) throw notFound('Photo')
      throw e
    }
  }
  const row = (await repo.photoBytes(db, id, which))!
  return {
    data: new Uint8Array(row.data),
    type: row.type,
    isPublic,
    etag: `"${meta.sha256.slice(0, 32)}-${which}"`,
  }
}

// ── reads ───────────────────────────────────────────────────────────────────────────────────────

function abilities(a: ProjectAccess) {
  return {
    editMilestones: a.isStaff || a.isUnit,
    fileReports: a.isUnit,
    manageGroup: a.isStaff,
    recordInspections: a.isStaff || a.isGroupMember,
    raiseIssues: a.isStaff || a.isGroupMember,
  }
}

export async function getProjectProgress({ deps, auth }: Ctx, pid: string) {
  const { db } = deps.database
  const a = await loadProjectAccess(db, auth, pid)
  const now = deps.now()
  const today = chinaToday(now)
  const [summaries, milestones, reports] = await Promise.all([
    progressSummaries(db, [a.project], now),
    repo.listMilestones(db, [pid]),
    repo.listReports(db, pid),
  ])
  const photos = await repo.photosOf(db, { reportIds: reports.map((r) => r.id) })
  return {
    project: toProjectRef(a.project),
    summary: summaryOut(summaries.get(pid)!),
    milestones: milestones.map((m) => toMilestone(m, today)),
    reports: reports.map((r) => toReport(r, photos)),
    can: abilities(a),
  }
}

function boardItem(
  p: ProjectForDownstream,
  s: ProgressSummary,
  group: { leader: string | null; size: number },
) {
  return {
    project: toProjectRef(p),
    ...summaryOut(s),
    openIssues: s.openIssues,
    overdueIssues: s.overdueIssues,
    latestReportAt: s.latestReport?.submittedAt ?? null,
    group,
  }
}

async function groupsOf(deps: Deps, ids: string[]) {
  const members = await srepo.listGroup(deps.database.db, ids)
  const out = new Map<string, { leader: string | null; size: number }>()
  for (const id of ids) {
    const mine = members.filter((m) => m.project_id === id)
    out.set(id, {
      leader: mine.find((m) => m.role === 'leader')?.display_name ?? null,
      size: mine.length,
    })
  }
  return out
}

/** The staff board (进度看板): every project of a cycle with status, percent, flags; filters. */
export async function progressBoard({ deps, auth }: Ctx, cid: string, q: BoardQuery) {
  const { db } = deps.database
  const cycle = await findCycle(db, cid)
  if (!cycle) throw notFound('Cycle')
  const j = await getJurisdictionRef(db, cycle.jurisdictionId)
  if (!auth) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first')
  const above = auth.grants.some(
    (g) => g.jurisdictionId !== j.id && j.path.startsWith(g.path) && g.role === 'staff',
  )
  if (!hasRole(auth, j, ['staff', 'admin']) && !above) {
    if (auth.grants.some((g) => j.path.startsWith(g.path)))
      forbid('The progress board is for staff')
    throw notFound('Cycle')
  }
  const projects = await listProjects(db, cid)
  const now = deps.now()
  const [summaries, groups] = await Promise.all([
    progressSummaries(db, projects, now),
    groupsOf(
      deps,
      projects.map((p) => p.id),
    ),
  ])
  const all = projects.map((p) => boardItem(p, summaries.get(p.id)!, groups.get(p.id)!))
  const counts = Object.fromEntries(
    STATUS_RULE.statuses.map((s) => [s.status, all.filter((i) => i.status === s.status).length]),
  ) as Record<string, number>
  const needle = q.q?.toLowerCase()
  const items = all
    .filter((i) => !q.status || i.status === q.status)
    .filter((i) => !q.flag || (i.flags as string[]).includes(q.flag))
    .filter((i) => !q.unitId || i.project.unitId === q.unitId)
    .filter((i) => !q.category || i.project.category === q.category)
    .filter(
      (i) =>
        !needle ||
        i.project.title.toLowerCase().includes(needle) ||
        i.project.responsibleUnit.toLowerCase().includes(needle),
    )
    .sort((x, y) => severity(y.status) - severity(x.status) || y.delayDays - x.delayDays)
  return {
    cycle: {
      id: cycle.id,
      year: cycle.year,
      title: cycle.title,
      jurisdictionId: cycle.jurisdictionId,
    },
    today: chinaToday(now),
    counts,
    total: all.length,
    items,
  }
}

/** The unit console: the projects of the caller's units, with status and what is due. */
export async function myUnitProjects({ deps, auth }: Ctx) {
  if (!auth) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first')
  const { db } = deps.database
  const units = await repo.unitsOfUser(db, auth.userId)
  // A unit account acts only where it holds the unit role.
  const active = units.filter((u) =>
    auth.grants.some((g) => g.jurisdictionId === u.jurisdiction_id && g.role === 'unit'),
  )
  const projects = await listProjectsOfUnits(
    db,
    active.map((u) => u.id),
  )
  const now = deps.now()
  const [summaries, groups] = await Promise.all([
    progressSummaries(db, projects, now),
    groupsOf(
      deps,
      projects.map((p) => p.id),
    ),
  ])
  return {
    units: active.map((u) => ({ id: u.id, name: u.name, jurisdictionId: u.jurisdiction_id })),
    today: chinaToday(now),
    items: projects.map((p) => boardItem(p, summaries.get(p.id)!, groups.get(p.id)!)),
  }
}

// ── public ──────────────────────────────────────────────────────────────────────────────────────

/**
 * The public progress page of a project (no login): milestones, reports with photos, status and
 * the issues staff published with the answers — no personal data. Projects exist only for
 * candidates chosen by a published vote, so every project is public.
 */
export async function publicProgress(deps: Deps, pid: string) {
  const { db } = deps.database
  const p = await findProject(db, pid)
  if (!p) throw notFound('Project')
  const now = deps.now()
  const today = chinaToday(now)
  const [summaries, milestones, reports, issues] = await Promise.all([
    progressSummaries(db, [p], now),
    repo.listMilestones(db, [pid]),
    repo.listReports(db, pid),
    publishedIssues(db, pid),
  ])
  const photos = await repo.photosOf(db, { reportIds: reports.map((r) => r.id) })
  const s = summaries.get(pid)!
  return {
    project: toProjectRef(p),
    today,
    summary: {
      status: s.status,
      delayDays: s.delayDays,
      missedMilestones: s.missedMilestones,
      milestonesDone: s.milestonesDone,
      milestonesTotal: s.milestonesTotal,
      percentComplete: s.percentComplete,
      investmentToDateFen: s.investmentToDateFen,
      latestPeriod: s.latestPeriod,
      reportOverdue: s.reportOverdue,
    },
    milestones: milestones.map((m) => {
      const { evidence: _e, ...rest } = toMilestone(m, today)
      return rest
    }),
    // The unit's official statements; who typed them in is not published.
    reports: reports.map((r) => {
      const { submitter: _s, ...rest } = toReport({ ...r, submitter: undefined }, photos)
      return rest
    }),
    issues,
  }
}

export { summaryOut, abilities }
