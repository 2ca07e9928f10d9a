import { sql, type Kysely, type Transaction } from 'kysely'
import type { BudgetSource, DB, DisbursementKind } from '@ms/db'

/** Every SQL statement of the budget feature. Sums come back as int8 (exact numbers). */
type Q = Kysely<DB> | Transaction<DB>

// ── fund pool ───────────────────────────────────────────────────────────────────────────────

export function findPool(db: Q, cycleId: string) {
  return db.selectFrom('fund_pool').selectAll().where('cycle_id', '=', cycleId).executeTakeFirst()
}

/**
 * Locks the cycle's pool row for the rest of the transaction, creating it first if need be.
 * Every write that changes what the pool lines add up to (and the pool itself) takes this lock,
 * so two finance officers adding lines at once are checked one after the other.
 */
export async function lockPool(trx: Transaction<DB>, cycleId: string, jurisdictionId: string) {
  await trx
    .insertInto('fund_pool')
    .values({ cycle_id: cycleId, jurisdiction_id: jurisdictionId, pool_fen: null })
    .onConflict((oc) => oc.column('cycle_id').doNothing())
    .execute()
  return trx
    .selectFrom('fund_pool')
    .selectAll()
    .where('cycle_id', '=', cycleId)
    .forUpdate()
    .executeTakeFirstOrThrow()
}

export async function updatePool(
  trx: Q,
  cycleId: string,
  set: { poolFen: number; documentRef: string; varianceThresholdBp?: number },
  by: string,
  at: Date,
) {
  await trx
    .updateTable('fund_pool')
    .set({
      pool_fen: set.poolFen,
      document_ref: set.documentRef,
      ...(set.varianceThresholdBp !== undefined
        ? { variance_threshold_bp: set.varianceThresholdBp }
        : {}),
      updated_by: by,
      updated_at: at,
    })
    .where('cycle_id', '=', cycleId)
    .execute()
}

// ── lines ───────────────────────────────────────────────────────────────────────────────────

/** A line with its current amount (initial + adjustments) and what is paid on it (net). */
function linesWithAmounts(db: Q) {
  return db
    .selectFrom('budget_line as l')
    .leftJoin('app_user as cu', 'cu.id', 'l.created_by')
    .leftJoin('app_user as au', 'au.id', 'l.approved_by')
    .selectAll('l')
    .select([
      'cu.display_name as created_by_name',
      'au.display_name as approved_by_name',
      sql<number>`cast(l.initial_fen + coalesce((select sum(a.delta_fen) from budget_adjustment a where a.line_id = l.id), 0) as bigint)`.as(
        'amount_fen',
      ),
      sql<number>`cast(coalesce((select sum(d.amount_fen) from disbursement d where d.line_id = l.id), 0) as bigint)`.as(
        'disbursed_fen',
      ),
    ])
}
export type LineRow = Awaited<ReturnType<typeof findLine>> & {}

export function findLine(db: Q, lineId: string) {
  return linesWithAmounts(db).where('l.id', '=', lineId).executeTakeFirst()
}

export function linesOfCycle(db: Q, cycleId: string) {
  return linesWithAmounts(db)
    .where('l.cycle_id', '=', cycleId)
    .orderBy('l.created_at')
    .orderBy('l.id')
    .execute()
}

export function linesOfProject(db: Q, projectId: string) {
  return linesWithAmounts(db)
    .where('l.project_id', '=', projectId)
    .orderBy('l.created_at')
    .orderBy('l.id')
    .execute()
}

/** Locks one line for the rest of the transaction (disbursements, reversals, adjustments). */
export function lockLine(trx: Transaction<DB>, lineId: string) {
  return trx
    .selectFrom('budget_line')
    .selectAll()
    .where('id', '=', lineId)
    .forUpdate()
    .executeTakeFirst()
}

/** The pool lines' current total for the cycle (draft and approved), and the approved part. */
export async function poolTotals(db: Q, cycleId: string) {
  const r = await db
    .selectFrom('budget_line as l')
    .select([
      sql<number>`cast(coalesce(sum(l.initial_fen + coalesce((select sum(a.delta_fen) from budget_adjustment a where a.line_id = l.id), 0)), 0) as bigint)`.as(
        'committed',
      ),
      sql<number>`cast(coalesce(sum(l.initial_fen + coalesce((select sum(a.delta_fen) from budget_adjustment a where a.line_id = l.id), 0)) filter (where l.status = 'approved'), 0) as bigint)`.as(
        'approved',
      ),
    ])
    .where('l.cycle_id', '=', cycleId)
    .where('l.from_pool', '=', true)
    .where('l.status', '<>', 'withdrawn')
    .executeTakeFirstOrThrow()
  return { committedFen: r.committed, approvedFen: r.approved }
}

/** All the project's lines (any source, not withdrawn) together: bounded by MAX_PROJECT_FEN. */
export async function projectLinesTotal(db: Q, projectId: string) {
  const r = await db
    .selectFrom('budget_line as l')
    .select(
      sql<number>`cast(coalesce(sum(l.initial_fen + coalesce((select sum(a.delta_fen) from budget_adjustment a where a.line_id = l.id), 0)), 0) as bigint)`.as(
        'total',
      ),
    )
    .where('l.project_id', '=', projectId)
    .where('l.status', '<>', 'withdrawn')
    .executeTakeFirstOrThrow()
  return r.total
}

/** The line's current amount and net paid, read inside the caller's transaction (after its lock). */
export async function lineAmounts(db: Q, lineId: string) {
  const r = await db
    .selectFrom('budget_line as l')
    .select([
      sql<number>`cast(l.initial_fen + coalesce((select sum(a.delta_fen) from budget_adjustment a where a.line_id = l.id), 0) as bigint)`.as(
        'amount_fen',
      ),
      sql<number>`cast(coalesce((select sum(d.amount_fen) from disbursement d where d.line_id = l.id), 0) as bigint)`.as(
        'disbursed_fen',
      ),
    ])
    .where('l.id', '=', lineId)
    .executeTakeFirstOrThrow()
  return { amountFen: r.amount_fen, disbursedFen: r.disbursed_fen }
}

export function insertLine(
  trx: Q,
  l: {
    jurisdictionId: string
    cycleId: string
    projectId: string
    source: BudgetSource
    fromPool: boolean
    fiscalYear: number
    subjectCode: string
    documentNo: string
    amountFen: number
    note: string | null
    by: string
    at: Date
  },
) {
  return trx
    .insertInto('budget_line')
    .values({
      jurisdiction_id: l.jurisdictionId,
      cycle_id: l.cycleId,
      project_id: l.projectId,
      source: l.source,
      from_pool: l.fromPool,
      fiscal_year: l.fiscalYear,
      subject_code: l.subjectCode,
      document_no: l.documentNo,
      initial_fen: l.amountFen,
      note: l.note,
      created_by: l.by,
      created_at: l.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export async function updateDraftLine(
  trx: Q,
  lineId: string,
  set: Partial<{
    source: BudgetSource
    from_pool: boolean
    fiscal_year: number
    subject_code: string
    document_no: string
    initial_fen: number
    note: string | null
  }>,
) {
  await trx
    .updateTable('budget_line')
    .set(set)
    .where('id', '=', lineId)
    .where('status', '=', 'draft')
    .execute()
}

export async function setLineStatus(
  trx: Q,
  lineId: string,
  status: 'approved' | 'withdrawn',
  by: string,
  at: Date,
) {
  await trx
    .updateTable('budget_line')
    .set(status === 'approved' ? { status, approved_by: by, approved_at: at } : { status })
    .where('id', '=', lineId)
    .execute()
}

// ── adjustments ─────────────────────────────────────────────────────────────────────────────

export function insertAdjustment(
  trx: Q,
  a: {
    jurisdictionId: string
    lineId: string
    deltaFen: number
    reason: string
    by: string
    at: Date
  },
) {
  return trx
    .insertInto('budget_adjustment')
    .values({
      jurisdiction_id: a.jurisdictionId,
      line_id: a.lineId,
      delta_fen: a.deltaFen,
      reason: a.reason,
      created_by: a.by,
      created_at: a.at,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow()
}

export function adjustmentsOfLines(db: Q, lineIds: string[]) {
  if (lineIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('budget_adjustment as a')
    .leftJoin('app_user as u', 'u.id', 'a.created_by')
    .select([
      'a.id',
      'a.line_id',
      'a.delta_fen',
      'a.reason',
      'a.created_at',
      'u.display_name as created_by_name',
    ])
    .where('a.line_id', 'in', lineIds)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute()
}

// ── disbursements ───────────────────────────────────────────────────────────────────────────

export function insertDisbursement(
  trx: Q,
  d: {
    jurisdictionId: string
    cycleId: string
    projectId: string
    lineId: string
    kind: DisbursementKind
    reversesId: string | null
    date: string
    amountFen: number
    voucherNo: string | null
    payee: string | null
    note: string | null
    reason: string | null
    by: string
    at: Date
  },
) {
  return trx
    .insertInto('disbursement')
    .values({
      jurisdiction_id: d.jurisdictionId,
      cycle_id: d.cycleId,
      project_id: d.projectId,
      line_id: d.lineId,
      kind: d.kind,
      reverses_id: d.reversesId,
      date: d.date,
      amount_fen: d.amountFen,
      voucher_no: d.voucherNo,
      payee: d.payee,
      note: d.note,
      reason: d.reason,
      created_by: d.by,
      created_at: d.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

function disbursementsQuery(db: Q) {
  return db
    .selectFrom('disbursement as d')
    .innerJoin('project as p', 'p.id', 'd.project_id')
    .innerJoin('budget_line as l', 'l.id', 'd.line_id')
    .leftJoin('app_user as u', 'u.id', 'd.created_by')
    .leftJoin('disbursement as r', 'r.reverses_id', 'd.id')
    .leftJoin('disbursement_attachment as f', 'f.disbursement_id', 'd.id')
    .selectAll('d')
    .select([
      'p.title as project_title',
      'l.source as source',
      'u.display_name as created_by_name',
      'r.id as reversed_by_id',
      'f.file_name as att_file_name',
      'f.content_type as att_content_type',
      'f.size_bytes as att_size_bytes',
      'f.sha256 as att_sha256',
      'f.uploaded_at as att_uploaded_at',
    ])
}
export type DisbursementRow = Awaited<ReturnType<typeof findDisbursement>> & {}

export function findDisbursement(db: Q, id: string) {
  return disbursementsQuery(db).where('d.id', '=', id).executeTakeFirst()
}

export function disbursementsOfLine(db: Q, lineId: string) {
  return disbursementsQuery(db).where('d.line_id', '=', lineId).orderBy('d.seq').execute()
}

export function disbursementsOfProject(db: Q, projectId: string) {
  return disbursementsQuery(db).where('d.project_id', '=', projectId).orderBy('d.seq').execute()
}

export function disbursementsOfCycle(db: Q, cycleId: string) {
  return disbursementsQuery(db).where('d.cycle_id', '=', cycleId).orderBy('d.seq').execute()
}

/** Dated amounts only (the curve): no voucher data leaves this query. */
export function datedAmounts(db: Q, by: { cycleId: string } | { projectId: string }) {
  let q = db.selectFrom('disbursement').select(['date', 'amount_fen', 'project_id'])
  q =
    'cycleId' in by
      ? q.where('cycle_id', '=', by.cycleId)
      : q.where('project_id', '=', by.projectId)
  return q.orderBy('date').orderBy('seq').execute()
}

export function ledgerPage(
  db: Q,
  cycleId: string,
  f: {
    limit: number
    afterSeq?: number
    projectId?: string
    lineId?: string
    kind?: DisbursementKind
    from?: string
    to?: string
  },
) {
  let q = disbursementsQuery(db).where('d.cycle_id', '=', cycleId)
  if (f.afterSeq !== undefined) q = q.where('d.seq', '>', f.afterSeq)
  if (f.projectId) q = q.where('d.project_id', '=', f.projectId)
  if (f.lineId) q = q.where('d.line_id', '=', f.lineId)
  if (f.kind) q = q.where('d.kind', '=', f.kind)
  if (f.from) q = q.where('d.date', '>=', f.from)
  if (f.to) q = q.where('d.date', '<=', f.to)
  return q
    .orderBy('d.seq')
    .limit(f.limit + 1)
    .execute()
}

export function findReversalOf(db: Q, disbursementId: string) {
  return db
    .selectFrom('disbursement')
    .select('id')
    .where('reverses_id', '=', disbursementId)
    .executeTakeFirst()
}

// ── attachments ─────────────────────────────────────────────────────────────────────────────

export function findAttachment(db: Q, disbursementId: string) {
  return db
    .selectFrom('disbursement_attachment')
    .selectAll()
    .where('disbursement_id', '=', disbursementId)
    .executeTakeFirst()
}

export async function insertAttachment(
  trx: Q,
  a: {
    disbursementId: string
    jurisdictionId: string
    fileName: string
    contentType: 'application/pdf' | 'image/jpeg' | 'image/png'
    content: Uint8Array
    sha256: string
    by: string
    at: Date
  },
) {
  await trx
    .insertInto('disbursement_attachment')
    .values({
      disbursement_id: a.disbursementId,
      jurisdiction_id: a.jurisdictionId,
      file_name: a.fileName,
      content_type: a.contentType,
      size_bytes: a.content.length,
      sha256: a.sha256,
      content: a.content,
      uploaded_by: a.by,
      uploaded_at: a.at,
    })
    .execute()
}

// ── final accounts ──────────────────────────────────────────────────────────────────────────

export function finalAccountsOf(db: Q, by: { projectId: string } | { cycleId: string }) {
  let q = db
    .selectFrom('final_account as f')
    .leftJoin('app_user as u', 'u.id', 'f.created_by')
    .selectAll('f')
    .select('u.display_name as created_by_name')
  q =
    'projectId' in by
      ? q.where('f.project_id', '=', by.projectId)
      : q.where('f.cycle_id', '=', by.cycleId)
  return q.orderBy('f.project_id').orderBy('f.revision').execute()
}

export async function insertFinalAccount(
  trx: Q,
  f: {
    jurisdictionId: string
    cycleId: string
    projectId: string
    finalAmountFen: number
    budgetedFen: number
    disbursedFen: number
    varianceFen: number
    varianceThresholdBp: number
    explanation: string | null
    by: string
    at: Date
  },
) {
  // Revisions serialise on the project's pool lock taken by the caller.
  const last = await trx
    .selectFrom('final_account')
    .select((eb) => eb.fn.max('revision').as('rev'))
    .where('project_id', '=', f.projectId)
    .executeTakeFirst()
  const revision = Number(last?.rev ?? 0) + 1
  return trx
    .insertInto('final_account')
    .values({
      jurisdiction_id: f.jurisdictionId,
      cycle_id: f.cycleId,
      project_id: f.projectId,
      revision,
      final_amount_fen: f.finalAmountFen,
      budgeted_fen: f.budgetedFen,
      disbursed_fen: f.disbursedFen,
      variance_fen: f.varianceFen,
      variance_threshold_bp: f.varianceThresholdBp,
      explanation: f.explanation,
      created_by: f.by,
      created_at: f.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}
