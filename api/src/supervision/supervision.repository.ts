import { sql, type Kysely, type Selectable, type Transaction } from 'kysely'
import type { DB, IssueSource, IssueState } from '@ms/db'

type Q = Kysely<DB> | Transaction<DB>

export type IssueRow = Selectable<DB['issue']> & {
  project_title: string
  unit_name: string | null
  raiser_name: string | null
  raiser_deputy_name: string | null
}
export type IssueEventRow = Selectable<DB['issue_event']> & { actor_name: string | null }
export type InspectionRow = Selectable<DB['inspection']> & { recorder: string | null }

// ── supervision groups ──────────────────────────────────────────────────────────────────────────

export function listGroup(db: Q, projectIds: string[]) {
  if (projectIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('supervision_member')
    .innerJoin('deputy', 'deputy.id', 'supervision_member.deputy_id')
    .select([
      'supervision_member.project_id',
      'supervision_member.deputy_id',
      'supervision_member.role',
      'supervision_member.assigned_at',
      'deputy.display_name',
      'deputy.user_id',
      'deputy.delegation',
    ])
    .where('supervision_member.project_id', 'in', projectIds)
    .orderBy('supervision_member.role')
    .orderBy('deputy.display_name')
    .execute()
}

export async function replaceGroup(
  trx: Transaction<DB>,
  g: { projectId: string; jurisdictionId: string; leader: string; members: string[]; now: Date },
) {
  await trx.deleteFrom('supervision_member').where('project_id', '=', g.projectId).execute()
  await trx
    .insertInto('supervision_member')
    .values([
      {
        project_id: g.projectId,
        deputy_id: g.leader,
        jurisdiction_id: g.jurisdictionId,
        role: 'leader',
        assigned_at: g.now,
      },
      ...g.members
        .filter((m) => m !== g.leader)
        .map((m) => ({
          project_id: g.projectId,
          deputy_id: m,
          jurisdiction_id: g.jurisdictionId,
          role: 'member' as const,
          assigned_at: g.now,
        })),
    ])
    .execute()
}

/** Active deputies of a jurisdiction among the given ids. */
export function deputiesIn(db: Q, jurisdictionId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db
    .selectFrom('deputy')
    .select(['id', 'display_name', 'user_id'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('active', '=', true)
    .where('id', 'in', ids)
    .execute()
}

/** Projects whose group the given deputies sit in, with their role. */
export function groupsOfDeputies(db: Q, deputyIds: string[]) {
  if (deputyIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('supervision_member')
    .select(['project_id', 'deputy_id', 'role'])
    .where('deputy_id', 'in', deputyIds)
    .execute()
}

/** User accounts of a project's group (for notifications). */
export function groupUserIds(db: Q, projectId: string) {
  return db
    .selectFrom('supervision_member')
    .innerJoin('deputy', 'deputy.id', 'supervision_member.deputy_id')
    .select('deputy.user_id')
    .where('supervision_member.project_id', '=', projectId)
    .where('deputy.user_id', 'is not', null)
    .execute()
    .then((rows) => rows.map((r) => r.user_id!))
}

// ── inspections ─────────────────────────────────────────────────────────────────────────────────

export function insertInspection(
  trx: Q,
  i: {
    jurisdictionId: string
    projectId: string
    date: string
    findings: string
    recordedBy: string
    now: Date
  },
) {
  return trx
    .insertInto('inspection')
    .values({
      jurisdiction_id: i.jurisdictionId,
      project_id: i.projectId,
      date: i.date,
      findings: i.findings,
      recorded_by: i.recordedBy,
      created_at: i.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function insertParticipants(
  trx: Q,
  inspectionId: string,
  jurisdictionId: string,
  deputyIds: string[],
) {
  if (deputyIds.length === 0) return
  await trx
    .insertInto('inspection_participant')
    .values(
      deputyIds.map((d) => ({
        inspection_id: inspectionId,
        deputy_id: d,
        jurisdiction_id: jurisdictionId,
      })),
    )
    .execute()
}

export function findInspection(db: Q, id: string) {
  return db.selectFrom('inspection').selectAll().where('id', '=', id).executeTakeFirst()
}

export function lockInspection(trx: Transaction<DB>, id: string) {
  return trx
    .selectFrom('inspection')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

export function listInspections(db: Q, projectId: string): Promise<InspectionRow[]> {
  return db
    .selectFrom('inspection')
    .leftJoin('app_user', 'app_user.id', 'inspection.recorded_by')
    .selectAll('inspection')
    .select('app_user.display_name as recorder')
    .where('inspection.project_id', '=', projectId)
    .orderBy('inspection.date', 'desc')
    .orderBy('inspection.created_at', 'desc')
    .execute()
}

export function participantsOf(db: Q, inspectionIds: string[]) {
  if (inspectionIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('inspection_participant')
    .innerJoin('deputy', 'deputy.id', 'inspection_participant.deputy_id')
    .select(['inspection_participant.inspection_id', 'deputy.id', 'deputy.display_name'])
    .where('inspection_participant.inspection_id', 'in', inspectionIds)
    .orderBy('deputy.display_name')
    .execute()
}

// ── issues ──────────────────────────────────────────────────────────────────────────────────────

function issueQuery(db: Q) {
  return db
    .selectFrom('issue')
    .innerJoin('project', 'project.id', 'issue.project_id')
    .leftJoin('gov_unit', 'gov_unit.id', 'issue.unit_id')
    .leftJoin('app_user as raiser', 'raiser.id', 'issue.raised_by')
    .leftJoin('deputy as rd', 'rd.id', 'issue.raised_by_deputy_id')
    .selectAll('issue')
    .select([
      'project.title as project_title',
      'gov_unit.name as unit_name',
      'raiser.display_name as raiser_name',
      'rd.display_name as raiser_deputy_name',
    ])
}

/** Serialises issue numbering per project (a transaction-scoped advisory lock on the project). */
export async function nextIssueSeq(trx: Transaction<DB>, projectId: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`issue-seq:${projectId}`}))`.execute(trx)
  const r = await trx
    .selectFrom('issue')
    .select((eb) => eb.fn.max('seq').as('m'))
    .where('project_id', '=', projectId)
    .executeTakeFirst()
  return Number(r?.m ?? 0) + 1
}

export function insertIssue(
  trx: Q,
  i: {
    jurisdictionId: string
    projectId: string
    seq: number
    source: IssueSource
    inspectionId: string | null
    feedbackId: string | null
    title: string
    description: string
    raisedBy: string
    raisedByDeputyId: string | null
    now: Date
  },
) {
  return trx
    .insertInto('issue')
    .values({
      jurisdiction_id: i.jurisdictionId,
      project_id: i.projectId,
      seq: i.seq,
      source: i.source,
      inspection_id: i.inspectionId,
      feedback_id: i.feedbackId,
      title: i.title,
      description: i.description,
      raised_by: i.raisedBy,
      raised_by_deputy_id: i.raisedByDeputyId,
      state: 'raised',
      created_at: i.now,
      updated_at: i.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export function findIssue(db: Q, id: string): Promise<IssueRow | undefined> {
  return issueQuery(db).where('issue.id', '=', id).executeTakeFirst()
}

export function lockIssue(trx: Transaction<DB>, id: string) {
  return trx.selectFrom('issue').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function updateIssue(
  trx: Q,
  id: string,
  patch: Partial<{
    state: IssueState
    unit_id: string | null
    deadline: string | null
    assignment_note: string | null
    answer: string | null
    answered_at: Date | null
    verification_note: string | null
    closed_at: Date | null
    published: boolean
    published_at: Date | null
  }>,
  now: Date,
) {
  await trx
    .updateTable('issue')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .execute()
}

export async function insertEvent(
  trx: Q,
  e: {
    issueId: string
    jurisdictionId: string
    action: string
    from: IssueState | null
    to: IssueState
    note: string | null
    deadline: string | null
    actorUserId: string
    actorRole: string
    at: Date
  },
) {
  await trx
    .insertInto('issue_event')
    .values({
      issue_id: e.issueId,
      jurisdiction_id: e.jurisdictionId,
      action: e.action,
      from_state: e.from,
      to_state: e.to,
      note: e.note,
      deadline: e.deadline,
      actor_user_id: e.actorUserId,
      actor_role: e.actorRole,
      at: e.at,
    })
    .execute()
}

export function listEvents(db: Q, issueIds: string[]): Promise<IssueEventRow[]> {
  if (issueIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('issue_event')
    .leftJoin('app_user', 'app_user.id', 'issue_event.actor_user_id')
    .selectAll('issue_event')
    .select('app_user.display_name as actor_name')
    .where('issue_event.issue_id', 'in', issueIds)
    .orderBy('issue_event.id')
    .execute()
}

export interface IssueFilter {
  projectIds?: string[]
  jurisdictionIds?: string[]
  cycleId?: string
  unitIds?: string[]
  raisedBy?: string
  states?: IssueState[]
  published?: boolean
  q?: string
}

export function listIssues(db: Q, f: IssueFilter): Promise<IssueRow[]> {
  let q = issueQuery(db)
  if (f.projectIds) {
    if (f.projectIds.length === 0) return Promise.resolve([])
    q = q.where('issue.project_id', 'in', f.projectIds)
  }
  if (f.jurisdictionIds) {
    if (f.jurisdictionIds.length === 0) return Promise.resolve([])
    q = q.where('issue.jurisdiction_id', 'in', f.jurisdictionIds)
  }
  if (f.cycleId) q = q.where('project.cycle_id', '=', f.cycleId)
  if (f.unitIds) {
    if (f.unitIds.length === 0) return Promise.resolve([])
    q = q.where('issue.unit_id', 'in', f.unitIds)
  }
  if (f.raisedBy) q = q.where('issue.raised_by', '=', f.raisedBy)
  if (f.states) {
    if (f.states.length === 0) return Promise.resolve([])
    q = q.where('issue.state', 'in', f.states)
  }
  if (f.published !== undefined) q = q.where('issue.published', '=', f.published)
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
    q = q.where((eb) =>
      eb.or([eb('issue.title', 'ilike', like), eb('issue.description', 'ilike', like)]),
    )
  }
  return q.orderBy('issue.created_at', 'desc').orderBy('issue.seq', 'desc').execute()
}

/** Minimal issue facts of many projects, for the board's counts and flags. */
export function issueFactsOf(db: Q, projectIds: string[]) {
  if (projectIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('issue')
    .select(['project_id', 'state', 'deadline'])
    .where('project_id', 'in', projectIds)
    .execute()
}

// ── public feedback ─────────────────────────────────────────────────────────────────────────────

export function insertFeedback(
  trx: Q,
  f: {
    jurisdictionId: string
    projectId: string
    content: string
    contact: string | null
    clientHash: string
    now: Date
  },
) {
  return trx
    .insertInto('project_feedback')
    .values({
      jurisdiction_id: f.jurisdictionId,
      project_id: f.projectId,
      content: f.content,
      contact: f.contact,
      client_hash: f.clientHash,
      created_at: f.now,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow()
}

export async function countFeedbackSince(
  db: Q,
  by: { clientHash?: string; projectId?: string },
  since: Date,
) {
  let q = db
    .selectFrom('project_feedback')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('created_at', '>=', since)
  if (by.clientHash) q = q.where('client_hash', '=', by.clientHash)
  if (by.projectId) q = q.where('project_id', '=', by.projectId)
  const r = await q.executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Data minimisation: address hashes are only kept as long as the limits look back. */
export async function forgetFeedbackHashes(trx: Q, before: Date) {
  await trx
    .updateTable('project_feedback')
    .set({ client_hash: null })
    .where('created_at', '<', before)
    .where('client_hash', 'is not', null)
    .execute()
}

export function listFeedback(db: Q, projectId: string) {
  return db
    .selectFrom('project_feedback')
    .select(['id', 'project_id', 'content', 'contact', 'status', 'issue_id', 'created_at'])
    .where('project_id', '=', projectId)
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute()
}

export function findFeedback(db: Q, id: string) {
  return db.selectFrom('project_feedback').selectAll().where('id', '=', id).executeTakeFirst()
}

export function lockFeedback(trx: Transaction<DB>, id: string) {
  return trx
    .selectFrom('project_feedback')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

export async function setFeedbackStatus(
  trx: Q,
  id: string,
  status: 'converted' | 'dismissed',
  issueId: string | null,
) {
  await trx
    .updateTable('project_feedback')
    .set({ status, issue_id: issueId })
    .where('id', '=', id)
    .execute()
}

// ── the deputy performance record (履职档案) ───────────────────────────────────────────────────

/** The supervision groups the deputy served in, oldest assignment first. */
export function groupsOfDeputy(db: Q, deputyId: string) {
  return db
    .selectFrom('supervision_member')
    .select(['project_id', 'role', 'assigned_at'])
    .where('deputy_id', '=', deputyId)
    .orderBy('assigned_at')
    .execute()
}

/** The inspections (视察) the deputy took part in, by date. */
export function inspectionsOfDeputy(db: Q, deputyId: string) {
  return db
    .selectFrom('inspection_participant')
    .innerJoin('inspection', 'inspection.id', 'inspection_participant.inspection_id')
    .select(['inspection.id', 'inspection.project_id', 'inspection.date', 'inspection.findings'])
    .where('inspection_participant.deputy_id', '=', deputyId)
    .orderBy('inspection.date')
    .orderBy('inspection.id')
    .execute()
}

/** The issues the deputy raised, oldest first. */
export function issuesRaisedByDeputy(db: Q, deputyId: string) {
  return db
    .selectFrom('issue')
    .select(['id', 'project_id', 'title', 'state', 'created_at', 'closed_at'])
    .where('raised_by_deputy_id', '=', deputyId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}
