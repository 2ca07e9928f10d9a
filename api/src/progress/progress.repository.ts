import { type Kysely, type Selectable, type Transaction } from 'kysely'
import type { DB } from '@ms/db'

type Q = Kysely<DB> | Transaction<DB>

export type MilestoneRow = Selectable<DB['milestone']>
export type ReportRow = Selectable<DB['progress_report']>
export type PhotoMeta = Omit<Selectable<DB['photo']>, 'bytes' | 'thumb'>

// ── access lookups ──────────────────────────────────────────────────────────────────────────────

export async function isUnitAccount(db: Q, userId: string, unitId: string) {
  const r = await db
    .selectFrom('unit_account')
    .select('unit_id')
    .where('user_id', '=', userId)
    .where('unit_id', '=', unitId)
    .executeTakeFirst()
  return !!r
}

export function deputyWithGroupRole(
  db: Q,
  userId: string,
  jurisdictionId: string,
  projectId: string,
) {
  return db
    .selectFrom('deputy')
    .leftJoin('supervision_member', (j) =>
      j
        .onRef('supervision_member.deputy_id', '=', 'deputy.id')
        .on('supervision_member.project_id', '=', projectId),
    )
    .select(['deputy.id', 'supervision_member.role'])
    .where('deputy.user_id', '=', userId)
    .where('deputy.jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst()
}

/** The units the user's account is linked to (unit console). */
export function unitsOfUser(db: Q, userId: string) {
  return db
    .selectFrom('unit_account')
    .innerJoin('gov_unit', 'gov_unit.id', 'unit_account.unit_id')
    .select(['gov_unit.id', 'gov_unit.name', 'gov_unit.jurisdiction_id'])
    .where('unit_account.user_id', '=', userId)
    .orderBy('gov_unit.name')
    .execute()
}

/** The user's deputy rows (one per congress they sit in). */
export function deputiesOfUser(db: Q, userId: string) {
  return db
    .selectFrom('deputy')
    .select(['id', 'jurisdiction_id', 'display_name'])
    .where('user_id', '=', userId)
    .where('active', '=', true)
    .execute()
}

export function unitName(db: Q, unitId: string) {
  return db
    .selectFrom('gov_unit')
    .select(['id', 'name', 'jurisdiction_id'])
    .where('id', '=', unitId)
    .executeTakeFirst()
}

// ── milestones ──────────────────────────────────────────────────────────────────────────────────

export function insertMilestone(
  trx: Q,
  m: {
    jurisdictionId: string
    projectId: string
    name: string
    plannedDate: string
    createdBy: string
    now: Date
  },
) {
  return trx
    .insertInto('milestone')
    .values({
      jurisdiction_id: m.jurisdictionId,
      project_id: m.projectId,
      name: m.name,
      planned_date: m.plannedDate,
      created_by: m.createdBy,
      created_at: m.now,
      updated_at: m.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function findMilestone(db: Q, id: string) {
  return db.selectFrom('milestone').selectAll().where('id', '=', id).executeTakeFirst()
}

export function lockMilestone(trx: Transaction<DB>, id: string) {
  return trx.selectFrom('milestone').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export function updateMilestone(
  trx: Q,
  id: string,
  patch: {
    name?: string
    planned_date?: string
    actual_date?: string | null
    evidence?: string | null
  },
  now: Date,
) {
  return trx
    .updateTable('milestone')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function listMilestones(db: Q, projectIds: string[]) {
  if (projectIds.length === 0) return Promise.resolve([] as MilestoneRow[])
  return db
    .selectFrom('milestone')
    .selectAll()
    .where('project_id', 'in', projectIds)
    .orderBy('planned_date')
    .orderBy('created_at')
    .execute()
}

// ── progress reports ────────────────────────────────────────────────────────────────────────────

export function insertReport(
  trx: Q,
  r: {
    jurisdictionId: string
    projectId: string
    period: string
    percentComplete: number
    narrative: string
    investmentToDateFen: number
    submittedBy: string
    now: Date
  },
) {
  return trx
    .insertInto('progress_report')
    .values({
      jurisdiction_id: r.jurisdictionId,
      project_id: r.projectId,
      period: r.period,
      percent_complete: r.percentComplete,
      narrative: r.narrative,
      investment_to_date_fen: r.investmentToDateFen,
      submitted_by: r.submittedBy,
      submitted_at: r.now,
      updated_at: r.now,
    })
    .onConflict((oc) => oc.columns(['project_id', 'period']).doNothing())
    .returningAll()
    .executeTakeFirst()
}

export function findReport(db: Q, id: string) {
  return db.selectFrom('progress_report').selectAll().where('id', '=', id).executeTakeFirst()
}

export function lockReport(trx: Transaction<DB>, id: string) {
  return trx
    .selectFrom('progress_report')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

export function updateReport(
  trx: Q,
  id: string,
  patch: { percent_complete?: number; narrative?: string; investment_to_date_fen?: number },
  now: Date,
) {
  return trx
    .updateTable('progress_report')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function listReports(db: Q, projectId: string) {
  return db
    .selectFrom('progress_report')
    .leftJoin('app_user', 'app_user.id', 'progress_report.submitted_by')
    .selectAll('progress_report')
    .select('app_user.display_name as submitter')
    .where('project_id', '=', projectId)
    .orderBy('period', 'desc')
    .execute()
}

/** Per project: the latest report and the first period reported. */
export async function reportSummaries(db: Q, projectIds: string[]) {
  if (projectIds.length === 0)
    return new Map<string, { latest: ReportRow; firstPeriod: string; count: number }>()
  const rows = await db
    .selectFrom('progress_report')
    .selectAll()
    .where('project_id', 'in', projectIds)
    .orderBy('project_id')
    .orderBy('period')
    .execute()
  const out = new Map<string, { latest: ReportRow; firstPeriod: string; count: number }>()
  for (const r of rows) {
    const cur = out.get(r.project_id)
    if (!cur) out.set(r.project_id, { latest: r, firstPeriod: r.period, count: 1 })
    else {
      cur.latest = r
      cur.count++
    }
  }
  return out
}

// ── photos ──────────────────────────────────────────────────────────────────────────────────────

const META = [
  'id',
  'jurisdiction_id',
  'project_id',
  'report_id',
  'inspection_id',
  'content_type',
  'thumb_type',
  'width',
  'height',
  'size_bytes',
  'caption',
  'sha256',
  'uploaded_by',
  'created_at',
] as const

export function countPhotos(db: Q, owner: { reportId?: string; inspectionId?: string }) {
  let q = db.selectFrom('photo').select((eb) => eb.fn.countAll<number>().as('n'))
  if (owner.reportId) q = q.where('report_id', '=', owner.reportId)
  if (owner.inspectionId) q = q.where('inspection_id', '=', owner.inspectionId)
  return q.executeTakeFirstOrThrow().then((r) => Number(r.n))
}

export function insertPhoto(
  trx: Q,
  p: {
    jurisdictionId: string
    projectId: string
    reportId: string | null
    inspectionId: string | null
    contentType: 'image/jpeg' | 'image/png' | 'image/webp'
    bytes: Uint8Array
    thumb: Uint8Array
    thumbType: string
    width: number
    height: number
    caption: string | null
    sha256: string
    uploadedBy: string
    now: Date
  },
) {
  return trx
    .insertInto('photo')
    .values({
      jurisdiction_id: p.jurisdictionId,
      project_id: p.projectId,
      report_id: p.reportId,
      inspection_id: p.inspectionId,
      content_type: p.contentType,
      bytes: p.bytes,
      thumb: p.thumb,
      thumb_type: p.thumbType,
      width: p.width,
      height: p.height,
      size_bytes: p.bytes.byteLength,
      caption: p.caption,
      sha256: p.sha256,
      uploaded_by: p.uploadedBy,
      created_at: p.now,
    })
    .returning(META)
    .executeTakeFirstOrThrow()
}

export function findPhotoMeta(db: Q, id: string) {
  return db.selectFrom('photo').select(META).where('id', '=', id).executeTakeFirst()
}

export function photoBytes(db: Q, id: string, which: 'bytes' | 'thumb') {
  return db
    .selectFrom('photo')
    .select(
      which === 'bytes'
        ? ['bytes as data', 'content_type as type']
        : ['thumb as data', 'thumb_type as type'],
    )
    .where('id', '=', id)
    .executeTakeFirst()
}

export function photosOf(db: Q, owner: { reportIds?: string[]; inspectionIds?: string[] }) {
  const reportIds = owner.reportIds ?? []
  const inspectionIds = owner.inspectionIds ?? []
  if (reportIds.length === 0 && inspectionIds.length === 0)
    return Promise.resolve([] as PhotoMeta[])
  return db
    .selectFrom('photo')
    .select(META)
    .where((eb) =>
      eb.or([
        ...(reportIds.length ? [eb('report_id', 'in', reportIds)] : []),
        ...(inspectionIds.length ? [eb('inspection_id', 'in', inspectionIds)] : []),
      ]),
    )
    .orderBy('created_at')
    .execute()
}
