import { createHash } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'
import type { Ctx, Deps } from '../shared/context.js'
import { findJurisdictionRef, requireRole, type JurisdictionRef } from '../shared/access.js'
import { ApiError, badRequest, conflict, notFound } from '../shared/errors.js'
import { audit } from '../shared/audit.js'
import { writeOnce, type IdempotentRequest } from '../shared/idempotency.js'
import { decodeCursor, toPage } from '../shared/paging.js'
import {
  findCycle,
  getCycleWithJurisdiction,
  type CycleForDownstream,
} from '../cycles/cycles.exports.js'
import {
  findProjectWithJurisdiction,
  hasPublishedSelection,
  requireProjectReader,
  type ProjectForDownstream,
} from '../projects/projects.exports.js'
import * as repo from './budget.repository.js'
import * as rules from './budget.rules.js'
import { cycleFinance, poolView, projectFigures, toFacts } from './budget.figures.js'
import { detectFileType, ATTACHMENT_MAX_BYTES, safeFileName } from './budget.files.js'
import { ledgerWorkbook, summaryWorkbook } from './budget.sheets.js'
import type {
  AdjustmentInput,
  BudgetLine,
  CreateLineInput,
  Disbursement,
  DisbursementInput,
  FinalAccountInput,
  FundPoolInput,
  LedgerQuery,
  ReverseInput,
  UpdateLineInput,
} from './budget.schemas.js'

/** Finance officers keep the books; staff may also fix the pool (it is a cycle setting). */
const FINANCE = ['finance'] as const
const POOL_WRITERS = ['finance', 'staff'] as const

type Q = Kysely<DB> | Transaction<DB>
const iso = (d: Date | null) => (d ? d.toISOString() : null)

// ── loading with access ─────────────────────────────────────────────────────────────────────

async function loadCycle(c: Ctx, cid: string, write?: readonly ('finance' | 'staff')[]) {
  const { cycle, jurisdiction } = await getCycleWithJurisdiction(c.deps.database.db, cid)
  const auth = write
    ? requireRole(c.auth, jurisdiction, write)
    : requireProjectReader(c.auth, jurisdiction)
  if (write) openForWrites(cycle)
  return { cycle, j: jurisdiction, auth }
}

async function loadProject(c: Ctx, pid: string, write?: readonly 'finance'[]) {
  const { db } = c.deps.database
  const found = await findProjectWithJurisdiction(db, pid)
  if (!found) throw notFound('Project')
  const auth = write
    ? requireRole(c.auth, found.jurisdiction, write)
    : requireProjectReader(c.auth, found.jurisdiction)
  const cycle = (await findCycle(db, found.project.cycleId))!
  if (write) openForWrites(cycle)
  return { project: found.project, j: found.jurisdiction, cycle, auth }
}

async function jurisdictionOf(db: Q, id: string): Promise<JurisdictionRef> {
  const j = await findJurisdictionRef(db as Kysely<DB>, id)
  if (!j) throw notFound()
  return j
}

async function loadLine(c: Ctx, lid: string, write?: readonly 'finance'[]) {
  const { db } = c.deps.database
  const line = await repo.findLine(db, lid)
  if (!line) throw notFound('Budget line')
  const j = await jurisdictionOf(db, line.jurisdiction_id)
  const auth = write ? requireRole(c.auth, j, write) : requireProjectReader(c.auth, j)
  const cycle = (await findCycle(db, line.cycle_id))!
  if (write) openForWrites(cycle)
  return { line, j, cycle, auth }
}

async function loadDisbursement(c: Ctx, did: string, write?: readonly 'finance'[]) {
  const { db } = c.deps.database
  const d = await repo.findDisbursement(db, did)
  if (!d) throw notFound('Disbursement')
  const j = await jurisdictionOf(db, d.jurisdiction_id)
  const auth = write ? requireRole(c.auth, j, write) : requireProjectReader(c.auth, j)
  const cycle = (await findCycle(db, d.cycle_id))!
  if (write) openForWrites(cycle)
  return { d, j, cycle, auth }
}

/** The books of a closed cycle are closed too. */
function openForWrites(cycle: CycleForDownstream) {
  if (cycle.phase === 'closed')
    throw conflict('CYCLE_CLOSED', 'The cycle is closed: its budget can no longer change')
}

// ── output mapping ──────────────────────────────────────────────────────────────────────────

function toLine(
  l: repo.LineRow,
  adjustments: Awaited<ReturnType<typeof repo.adjustmentsOfLines>>,
): BudgetLine {
  const f = rules.figures(l.amount_fen, l.disbursed_fen)
  return {
    id: l.id,
    projectId: l.project_id,
    cycleId: l.cycle_id,
    source: l.source,
    fromPool: l.from_pool,
    fiscalYear: l.fiscal_year,
    subjectCode: l.subject_code,
    documentNo: l.document_no,
    note: l.note,
    status: l.status,
    initialFen: l.initial_fen,
    amountFen: l.amount_fen,
    disbursedFen: l.disbursed_fen,
    remainingFen: f.remainingFen,
    rateBp: f.rateBp,
    rate: f.rate,
    adjustments: adjustments
      .filter((a) => a.line_id === l.id)
      .map((a) => ({
        id: a.id,
        deltaFen: a.delta_fen,
        reason: a.reason,
        createdAt: a.created_at.toISOString(),
        createdBy: a.created_by_name,
      })),
    createdAt: l.created_at.toISOString(),
    createdBy: l.created_by_name,
    approvedAt: iso(l.approved_at),
    approvedBy: l.approved_by_name,
  }
}

async function lineOutput(db: Q, lid: string): Promise<BudgetLine> {
  const l = (await repo.findLine(db, lid))!
  return toLine(l, await repo.adjustmentsOfLines(db, [lid]))
}

async function linesOutput(db: Q, rows: repo.LineRow[]) {
  const adj = await repo.adjustmentsOfLines(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((r) => toLine(r, adj))
}

function toDisbursement(d: repo.DisbursementRow): Disbursement {
  return {
    id: d.id,
    seq: d.seq,
    cycleId: d.cycle_id,
    projectId: d.project_id,
    projectTitle: d.project_title,
    lineId: d.line_id,
    source: d.source,
    kind: d.kind,
    reversesId: d.reverses_id,
    reversedById: d.reversed_by_id,
    date: d.date,
    amountFen: d.amount_fen,
    voucherNo: d.voucher_no,
    payee: d.payee,
    note: d.note,
    reason: d.reason,
    createdAt: d.created_at.toISOString(),
    createdBy: d.created_by_name,
    attachment:
      d.att_file_name && d.att_content_type && d.att_size_bytes !== null && d.att_sha256
        ? {
            fileName: d.att_file_name,
            contentType: d.att_content_type,
            sizeBytes: d.att_size_bytes,
            sha256: d.att_sha256,
            uploadedAt: d.att_uploaded_at!.toISOString(),
          }
        : null,
  }
}

/** What the audit log keeps of a line (no derived figures). */
const lineAudit = (l: {
  project_id: string
  source: string
  from_pool: boolean
  fiscal_year: number
  subject_code: string
  document_no: string
  initial_fen: number
  note: string | null
  status: string
}) => ({
  projectId: l.project_id,
  source: l.source,
  fromPool: l.from_pool,
  fiscalYear: l.fiscal_year,
  subjectCode: l.subject_code,
  documentNo: l.document_no,
  amountFen: l.initial_fen,
  note: l.note,
  status: l.status,
})

// ── guards shared by the writes ─────────────────────────────────────────────────────────────

/** Inside the pool lock: refuses a change of `deltaFen` to the pool lines that would exceed the pool. */
async function checkPoolDelta(
  trx: Transaction<DB>,
  cycle: CycleForDownstream,
  pool: { pool_fen: number | null },
  deltaFen: number,
) {
  if (deltaFen <= 0) return
  const { committedFen } = await repo.poolTotals(trx, cycle.id)
  const poolFen = pool.pool_fen ?? cycle.fundPoolFen
  const check = rules.checkPool(poolFen, committedFen, deltaFen)
  if (!check.ok)
    throw conflict(
      'FUND_POOL_EXCEEDED',
      `This exceeds the fund pool by ${rules.fenToYuan(check.overshootFen)} yuan`,
      { overshootFen: check.overshootFen, poolFen, committedFen, requestedFen: deltaFen },
    )
}

/** Inside the pool lock: refuses growing a project's lines beyond MAX_PROJECT_FEN. */
async function checkProjectCap(trx: Transaction<DB>, projectId: string, deltaFen: number) {
  if (deltaFen <= 0) return
  const total = await repo.projectLinesTotal(trx, projectId)
  if (total + deltaFen > rules.MAX_PROJECT_FEN)
    throw badRequest(
      'AMOUNT_TOO_LARGE',
      `A project's budget lines may add up to at most ${rules.fenToYuan(rules.MAX_PROJECT_FEN)} yuan`,
      { maxFen: rules.MAX_PROJECT_FEN, currentFen: total },
    )
}

function checkFiscalYear(cycle: CycleForDownstream, fiscalYear: number) {
  if (fiscalYear < cycle.year - 1 || fiscalYear > cycle.year + 4)
    throw badRequest(
      'FISCAL_YEAR_OUT_OF_RANGE',
      `The fiscal year must be between ${cycle.year - 1} and ${cycle.year + 4} for the ${cycle.year} cycle`,
    )
}

function checkNotFuture(date: string, now: Date, field = 'date') {
  const today = rules.chinaDate(now)
  if (date > today)
    throw new ApiError(400, 'DATE_IN_FUTURE', `The ${field} cannot be after today (${today})`, {}, [
      { path: field, message: `Must not be after ${today}` },
    ])
}

/**
 * A payment is made from the money of its line's fiscal year (预算年度), which starts on 1 January:
 * an earlier date is a typo, and would also stretch the monthly curve back over empty years.
 */
function checkInFiscalYear(date: string, fiscalYear: number, now: Date) {
  const from = `${String(fiscalYear).padStart(4, '0')}-01-01`
  if (date < from) {
    const to = rules.chinaDate(now)
    throw new ApiError(
      400,
      'DATE_OUT_OF_RANGE',
      `A payment from the ${fiscalYear} budget cannot be dated before ${from}`,
      { from, to },
      [{ path: 'date', message: `Must be between ${from} and ${to}` }],
    )
  }
}

// ── fund pool ───────────────────────────────────────────────────────────────────────────────

export async function getFundPool(c: Ctx, cid: string) {
  const { cycle } = await loadCycle(c, cid)
  return poolView(c.deps.database.db, cycle)
}

export async function setFundPool(c: Ctx, cid: string, input: FundPoolInput) {
  const { cycle, auth } = await loadCycle(c, cid, POOL_WRITERS)
  const { db } = c.deps.database
  const now = c.deps.now()
  await db.transaction().execute(async (trx) => {
    const pool = await repo.lockPool(trx, cycle.id, cycle.jurisdictionId)
    const { committedFen } = await repo.poolTotals(trx, cycle.id)
    if (input.fundPoolFen < committedFen)
      throw conflict(
        'FUND_POOL_EXCEEDED',
        `The budget lines on the pool add up to ${rules.fenToYuan(committedFen)} yuan, more than the new pool`,
        {
          overshootFen: committedFen - input.fundPoolFen,
          poolFen: input.fundPoolFen,
          committedFen,
        },
      )
    await repo.updatePool(
      trx,
      cycle.id,
      {
        poolFen: input.fundPoolFen,
        documentRef: input.documentRef,
        varianceThresholdBp: input.varianceThresholdBp,
      },
      auth.userId,
      now,
    )
    await audit(
      trx,
      {
        jurisdictionId: cycle.jurisdictionId,
        actorUserId: auth.userId,
        action: 'budget.fund_pool',
        entity: 'fund_pool',
        entityId: cycle.id,
        before: {
          poolFen: pool.pool_fen ?? cycle.fundPoolFen,
          documentRef: pool.document_ref,
          fixed: pool.pool_fen != null,
          varianceThresholdBp: pool.variance_threshold_bp,
        },
        after: {
          poolFen: input.fundPoolFen,
          documentRef: input.documentRef,
          fixed: true,
          varianceThresholdBp: input.varianceThresholdBp ?? pool.variance_threshold_bp,
        },
        requestId: c.requestId,
      },
      now,
    )
  })
  return poolView(db, cycle)
}

// ── budget lines ────────────────────────────────────────────────────────────────────────────

export async function listCycleLines(c: Ctx, cid: string) {
  await loadCycle(c, cid)
  const { db } = c.deps.database
  return { items: await linesOutput(db, await repo.linesOfCycle(db, cid)) }
}

export async function createLine(
  c: Ctx,
  pid: string,
  input: CreateLineInput,
  idem?: IdempotentRequest,
) {
  const { project, cycle, auth } = await loadProject(c, pid, FINANCE)
  checkFiscalYear(cycle, input.fiscalYear)
  const fromPool = input.fromPool ?? rules.defaultFromPool(input.source)
  const { db } = c.deps.database
  const now = c.deps.now()
  return writeOnce(db, idem, now, async (trx) => {
    const pool = await repo.lockPool(trx, cycle.id, cycle.jurisdictionId)
    await checkProjectCap(trx, project.id, input.amountFen)
    if (fromPool) await checkPoolDelta(trx, cycle, pool, input.amountFen)
    const row = {
      project_id: project.id,
      source: input.source,
      from_pool: fromPool,
      fiscal_year: input.fiscalYear,
      subject_code: input.subjectCode,
      document_no: input.documentNo,
      initial_fen: input.amountFen,
      note: input.note || null,
      status: 'draft',
    }
    const { id } = await repo.insertLine(trx, {
      jurisdictionId: project.jurisdictionId,
      cycleId: cycle.id,
      projectId: project.id,
      source: input.source,
      fromPool,
      fiscalYear: input.fiscalYear,
      subjectCode: input.subjectCode,
      documentNo: input.documentNo,
      amountFen: input.amountFen,
      note: row.note,
      by: auth.userId,
      at: now,
    })
    await audit(
      trx,
      {
        jurisdictionId: project.jurisdictionId,
        actorUserId: auth.userId,
        action: 'budget.line.create',
        entity: 'budget_line',
        entityId: id,
        after: lineAudit(row),
        requestId: c.requestId,
      },
      now,
    )
    return lineOutput(trx, id)
  })
}

export async function updateLine(c: Ctx, lid: string, patch: UpdateLineInput) {
  const { line, cycle, auth } = await loadLine(c, lid, FINANCE)
  if (patch.fiscalYear !== undefined) checkFiscalYear(cycle, patch.fiscalYear)
  const { db } = c.deps.database
  const now = c.deps.now()
  await db.transaction().execute(async (trx) => {
    const pool = await repo.lockPool(trx, cycle.id, cycle.jurisdictionId)
    const before = (await repo.lockLine(trx, lid))!
    if (before.status !== 'draft')
      throw conflict(
        'LINE_NOT_DRAFT',
        before.status === 'approved'
          ? 'The line is approved: change it by an adjustment with a reason'
          : 'The line was withdrawn',
        { status: before.status },
      )
    const source = patch.source ?? before.source
    const fromPool =
      patch.fromPool ??
      (patch.source !== undefined ? rules.defaultFromPool(patch.source) : before.from_pool)
    const amount = patch.amountFen ?? before.initial_fen
    const after = {
      ...before,
      source,
      from_pool: fromPool,
      fiscal_year: patch.fiscalYear ?? before.fiscal_year,
      subject_code: patch.subjectCode ?? before.subject_code,
      document_no: patch.documentNo ?? before.document_no,
      initial_fen: amount,
      note: patch.note !== undefined ? patch.note || null : before.note,
    }
    await checkProjectCap(trx, line.project_id, amount - before.initial_fen)
    const poolDelta = (fromPool ? amount : 0) - (before.from_pool ? before.initial_fen : 0)
    await checkPoolDelta(trx, cycle, pool, poolDelta)
    await repo.updateDraftLine(trx, lid, {
      source: after.source,
      from_pool: after.from_pool,
      fiscal_year: after.fiscal_year,
      subject_code: after.subject_code,
      document_no: after.document_no,
      initial_fen: after.initial_fen,
      note: after.note,
    })
    await audit(
      trx,
      {
        jurisdictionId: line.jurisdiction_id,
        actorUserId: auth.userId,
        action: 'budget.line.update',
        entity: 'budget_line',
        entityId: lid,
        before: lineAudit(before),
        after: lineAudit(after),
        requestId: c.requestId,
      },
      now,
    )
  })
  return lineOutput(db, lid)
}

async function changeStatus(c: Ctx, lid: string, to: 'approved' | 'withdrawn') {
  const { line, cycle, auth } = await loadLine(c, lid, FINANCE)
  const { db } = c.deps.database
  const now = c.deps.now()
  await db.transaction().execute(async (trx) => {
    // Withdrawing frees pool room: take the pool lock like every pool change.
    if (to === 'withdrawn') await repo.lockPool(trx, cycle.id, cycle.jurisdictionId)
    const before = (await repo.lockLine(trx, lid))!
    if (before.status !== 'draft')
      throw conflict(
        'LINE_NOT_DRAFT',
        `Only a draft line can be ${to === 'approved' ? 'approved' : 'withdrawn'}; this one is ${before.status}`,
        { status: before.status },
      )
    await repo.setLineStatus(trx, lid, to, auth.userId, now)
    await audit(
      trx,
      {
        jurisdictionId: line.jurisdiction_id,
        actorUserId: auth.userId,
        action: to === 'approved' ? 'budget.line.approve' : 'budget.line.withdraw',
        entity: 'budget_line',
        entityId: lid,
        before: { status: 'draft' },
        after: { status: to, amountFen: before.initial_fen, fromPool: before.from_pool },
        requestId: c.requestId,
      },
      now,
    )
  })
  return lineOutput(db, lid)
}

export const approveLine = (c: Ctx, lid: string) => changeStatus(c, lid, 'approved')
export const withdrawLine = (c: Ctx, lid: string) => changeStatus(c, lid, 'withdrawn')

export async function adjustLine(
  c: Ctx,
  lid: string,
  input: AdjustmentInput,
  idem?: IdempotentRequest,
) {
  const { line, cycle, auth } = await loadLine(c, lid, FINANCE)
  const { db } = c.deps.database
  const now = c.deps.now()
  return writeOnce(db, idem, now, async (trx) => {
    // Pool lock first, then the line: the one lock order every write follows.
    const pool = await repo.lockPool(trx, cycle.id, cycle.jurisdictionId)
    const l = (await repo.lockLine(trx, lid))!
    if (l.status !== 'approved')
      throw conflict(
        'LINE_NOT_APPROVED',
        l.status === 'draft'
          ? 'The line is still a draft: edit it directly; adjustments are for approved lines'
          : 'The line was withdrawn',
        { status: l.status },
      )
    const { amountFen, disbursedFen } = await repo.lineAmounts(trx, lid)
    const newAmount = amountFen + input.deltaFen
    if (newAmount < disbursedFen)
      throw conflict(
        'LINE_BELOW_DISBURSED',
        `The line would fall below what has been paid on it (${rules.fenToYuan(disbursedFen)} yuan)`,
        { amountFen, disbursedFen, newAmountFen: newAmount },
      )
    await checkProjectCap(trx, l.project_id, input.deltaFen)
    if (l.from_pool) await checkPoolDelta(trx, cycle, pool, input.deltaFen)
    const a = await repo.insertAdjustment(trx, {
      jurisdictionId: l.jurisdiction_id,
      lineId: lid,
      deltaFen: input.deltaFen,
      reason: input.reason,
      by: auth.userId,
      at: now,
    })
    await audit(
      trx,
      {
        jurisdictionId: line.jurisdiction_id,
        actorUserId: auth.userId,
        action: 'budget.line.adjust',
        entity: 'budget_line',
        entityId: lid,
        before: { amountFen },
        after: {
          amountFen: newAmount,
          deltaFen: input.deltaFen,
          reason: input.reason,
          adjustmentId: a.id,
        },
        requestId: c.requestId,
      },
      now,
    )
    return lineOutput(trx, lid)
  })
}

// ── disbursements ───────────────────────────────────────────────────────────────────────────

async function disbursementOutput(db: Q, did: string) {
  return toDisbursement((await repo.findDisbursement(db, did))!)
}

/**
 * Records a payment (拨付) against an approved line. The line row is locked for the whole
 * transaction, so concurrent payments on one line are checked one after another against what
 * is really left: the line can never be overdrawn (LINE_OVERDRAWN with what remains).
 */
export async function recordDisbursement(
  c: Ctx,
  lid: string,
  input: DisbursementInput,
  idem?: IdempotentRequest,
) {
  const { line, auth } = await loadLine(c, lid, FINANCE)
  const now = c.deps.now()
  checkNotFuture(input.date, now)
  checkInFiscalYear(input.date, line.fiscal_year, now)
  const { db } = c.deps.database
  return writeOnce(db, idem, now, async (trx) => {
    const l = (await repo.lockLine(trx, lid))!
    if (l.status !== 'approved')
      throw conflict('LINE_NOT_APPROVED', 'Payments are made only against an approved line', {
        status: l.status,
      })
    const { amountFen, disbursedFen } = await repo.lineAmounts(trx, lid)
    const remaining = rules.lineRemaining(amountFen, disbursedFen)
    if (input.amountFen > remaining)
      throw conflict(
        'LINE_OVERDRAWN',
        `Only ${rules.fenToYuan(remaining)} yuan remain on this line`,
        { remainingFen: remaining, requestedFen: input.amountFen, amountFen },
      )
    const { id } = await repo.insertDisbursement(trx, {
      jurisdictionId: l.jurisdiction_id,
      cycleId: l.cycle_id,
      projectId: l.project_id,
      lineId: lid,
      kind: 'payment',
      reversesId: null,
      date: input.date,
      amountFen: input.amountFen,
      voucherNo: input.voucherNo,
      payee: input.payee,
      note: input.note || null,
      reason: null,
      by: auth.userId,
      at: now,
    })
    await audit(
      trx,
      {
        jurisdictionId: line.jurisdiction_id,
        actorUserId: auth.userId,
        action: 'budget.disbursement',
        entity: 'disbursement',
        entityId: id,
        after: {
          lineId: lid,
          projectId: l.project_id,
          date: input.date,
          amountFen: input.amountFen,
          voucherNo: input.voucherNo,
          payee: input.payee,
          note: input.note || null,
          remainingFen: remaining - input.amountFen,
        },
        requestId: c.requestId,
      },
      now,
    )
    return { ...(await disbursementOutput(trx, id)), balanceAfterFen: remaining - input.amountFen }
  })
}

/** A correction is a reversing entry (红字冲销): the negative of the payment, with a reason. */
export async function reverseDisbursement(
  c: Ctx,
  did: string,
  input: ReverseInput,
  idem?: IdempotentRequest,
) {
  const { d, auth } = await loadDisbursement(c, did, FINANCE)
  if (d.kind !== 'payment')
    throw conflict('NOT_A_PAYMENT', 'Only a payment can be reversed; this entry is a reversal')
  const now = c.deps.now()
  const date = input.date ?? rules.chinaDate(now)
  checkNotFuture(date, now)
  if (date < d.date)
    throw badRequest(
      'DATE_BEFORE_PAYMENT',
      `A reversal cannot be dated before its payment (${d.date})`,
    )
  const { db } = c.deps.database
  return writeOnce(db, idem, now, async (trx) => {
    await repo.lockLine(trx, d.line_id)
    const already = await repo.findReversalOf(trx, did)
    if (already)
      throw conflict('ALREADY_REVERSED', 'This payment has been reversed already', {
        reversalId: already.id,
      })
    const { id } = await repo.insertDisbursement(trx, {
      jurisdictionId: d.jurisdiction_id,
      cycleId: d.cycle_id,
      projectId: d.project_id,
      lineId: d.line_id,
      kind: 'reversal',
      reversesId: did,
      date,
      amountFen: -d.amount_fen,
      voucherNo: d.voucher_no,
      payee: d.payee,
      note: null,
      reason: input.reason,
      by: auth.userId,
      at: now,
    })
    const { amountFen, disbursedFen } = await repo.lineAmounts(trx, d.line_id)
    await audit(
      trx,
      {
        jurisdictionId: d.jurisdiction_id,
        actorUserId: auth.userId,
        action: 'budget.disbursement.reverse',
        entity: 'disbursement',
        entityId: id,
        before: { disbursementId: did, amountFen: d.amount_fen, date: d.date },
        after: { reversesId: did, amountFen: -d.amount_fen, date, reason: input.reason },
        requestId: c.requestId,
      },
      now,
    )
    return { ...(await disbursementOutput(trx, id)), balanceAfterFen: amountFen - disbursedFen }
  })
}

export async function listLineDisbursements(c: Ctx, lid: string) {
  const { line } = await loadLine(c, lid)
  const { db } = c.deps.database
  const rows = await repo.disbursementsOfLine(db, lid)
  let paid = 0
  const items = rows.map((r) => {
    paid += r.amount_fen
    return { ...toDisbursement(r), balanceAfterFen: line.amount_fen - paid }
  })
  return { line: (await linesOutput(db, [line]))[0]!, items }
}

export async function attachVoucher(
  c: Ctx,
  did: string,
  file: { name: string; type: string; bytes: Uint8Array },
) {
  const { d, auth } = await loadDisbursement(c, did, FINANCE)
  if (file.bytes.length === 0) throw badRequest('FILE_EMPTY', 'The file is empty')
  if (file.bytes.length > ATTACHMENT_MAX_BYTES)
    throw new ApiError(
      413,
      'PAYLOAD_TOO_LARGE',
      `A voucher scan may be at most ${ATTACHMENT_MAX_BYTES} bytes`,
    )
  const detected = detectFileType(file.bytes)
  if (!detected)
    throw new ApiError(
      415,
      'UNSUPPORTED_FILE_TYPE',
      'A voucher scan must be a PDF, JPEG or PNG file',
    )
  const declared = file.type.toLowerCase().split(';')[0]!.trim()
  if (declared && declared !== 'application/octet-stream' && declared !== detected)
    throw new ApiError(
      415,
      'UNSUPPORTED_FILE_TYPE',
      `The file's content is ${detected}, not ${declared}`,
    )
  const sha256 = createHash('sha256').update(file.bytes).digest('hex')
  const fileName = safeFileName(file.name, detected)
  const { db } = c.deps.database
  const now = c.deps.now()
  await db.transaction().execute(async (trx) => {
    await repo.lockLine(trx, d.line_id)
    if (await repo.findAttachment(trx, did))
      throw conflict('ATTACHMENT_EXISTS', 'This entry has its voucher scan already')
    await repo.insertAttachment(trx, {
      disbursementId: did,
      jurisdictionId: d.jurisdiction_id,
      fileName,
      contentType: detected,
      content: file.bytes,
      sha256,
      by: auth.userId,
      at: now,
    })
    await audit(
      trx,
      {
        jurisdictionId: d.jurisdiction_id,
        actorUserId: auth.userId,
        action: 'budget.disbursement.attach',
        entity: 'disbursement',
        entityId: did,
        after: { fileName, contentType: detected, sizeBytes: file.bytes.length, sha256 },
        requestId: c.requestId,
      },
      now,
    )
  })
  return disbursementOutput(db, did)
}

export async function getVoucher(c: Ctx, did: string) {
  await loadDisbursement(c, did)
  const a = await repo.findAttachment(c.deps.database.db, did)
  if (!a) throw notFound('Attachment')
  return {
    bytes: new Uint8Array(a.content),
    contentType: a.content_type,
    fileName: a.file_name,
    sha256: a.sha256,
  }
}

// ── execution ───────────────────────────────────────────────────────────────────────────────

export async function getBudgetSummary(c: Ctx, cid: string) {
  const { cycle } = await loadCycle(c, cid)
  return cycleFinance(c.deps.database.db, cycle, c.deps.now())
}

export async function getProjectBudget(c: Ctx, pid: string) {
  const { project, cycle } = await loadProject(c, pid)
  const { db } = c.deps.database
  return projectBudget(db, project, cycle, c.deps.now())
}

async function projectBudget(
  db: Q,
  project: ProjectForDownstream,
  cycle: CycleForDownstream,
  now: Date,
) {
  const [lineRows, disb, finals, dates] = await Promise.all([
    repo.linesOfProject(db, project.id),
    repo.disbursementsOfProject(db, project.id),
    repo.finalAccountsOf(db, { projectId: project.id }),
    repo.datedAmounts(db, { projectId: project.id }),
  ])
  return {
    project: {
      id: project.id,
      cycleId: project.cycleId,
      title: project.title,
      responsibleUnit: project.responsibleUnit,
      estimateFen: project.estimateFen,
    },
    figures: projectFigures(
      project,
      lineRows.map(toFacts),
      dates,
      finals,
      cycle.year,
      rules.chinaDate(now),
    ),
    lines: await linesOutput(db, lineRows),
    disbursements: disb.map(toDisbursement),
    finalAccounts: finals.map(toFinal),
  }
}

function toFinal(f: Awaited<ReturnType<typeof repo.finalAccountsOf>>[number]) {
  return {
    id: f.id,
    projectId: f.project_id,
    revision: f.revision,
    finalAmountFen: f.final_amount_fen,
    budgetedFen: f.budgeted_fen,
    disbursedFen: f.disbursed_fen,
    varianceFen: f.variance_fen,
    varianceBp: rules.checkVariance(f.budgeted_fen, f.final_amount_fen, f.variance_threshold_bp)
      .varianceBp,
    varianceThresholdBp: f.variance_threshold_bp,
    explanation: f.explanation,
    createdAt: f.created_at.toISOString(),
    createdBy: f.created_by_name,
  }
}

export async function getLedger(c: Ctx, cid: string, q: LedgerQuery) {
  await loadCycle(c, cid)
  const rows = await repo.ledgerPage(c.deps.database.db, cid, {
    limit: q.limit,
    afterSeq: decodeCursor<number>(q.cursor),
    projectId: q.projectId,
    lineId: q.lineId,
    kind: q.kind,
    from: q.from,
    to: q.to,
  })
  const page = toPage(rows, q.limit, (r) => r.seq)
  return { items: page.items.map(toDisbursement), nextCursor: page.nextCursor }
}

export async function ledgerXlsx(c: Ctx, cid: string) {
  const { cycle } = await loadCycle(c, cid)
  const { db } = c.deps.database
  const [rows, lineRows] = await Promise.all([
    repo.disbursementsOfCycle(db, cid),
    repo.linesOfCycle(db, cid),
  ])
  const lines = await linesOutput(db, lineRows)
  const titles = new Map(
    (await cycleFinance(db, cycle, c.deps.now())).projects.map((p) => [p.projectId, p.title]),
  )
  const bytes = await ledgerWorkbook(cycle, rows.map(toDisbursement), lines, titles)
  return { bytes, filename: `${cycle.year}年度民生实事项目资金拨付台账.xlsx` }
}

export async function summaryXlsx(c: Ctx, cid: string) {
  const { cycle } = await loadCycle(c, cid)
  const summary = await cycleFinance(c.deps.database.db, cycle, c.deps.now())
  const bytes = await summaryWorkbook(cycle, summary)
  return { bytes, filename: `${cycle.year}年度民生实事项目预算执行情况.xlsx` }
}

// ── final accounts ──────────────────────────────────────────────────────────────────────────

export async function submitFinalAccount(
  c: Ctx,
  pid: string,
  input: FinalAccountInput,
  idem?: IdempotentRequest,
) {
  const { project, cycle, auth } = await loadProject(c, pid, FINANCE)
  const { db } = c.deps.database
  const now = c.deps.now()
  return writeOnce(db, idem, now, async (trx) => {
    // The pool lock orders revisions and keeps the lines still while the variance is computed.
    const pool = await repo.lockPool(trx, cycle.id, cycle.jurisdictionId)
    const lines = (await repo.linesOfProject(trx, project.id)).map(toFacts)
    const budgeted = rules.sumFen(
      lines.filter((l) => l.status === 'approved').map((l) => l.amountFen),
    )
    const disbursed = rules.sumFen(lines.map((l) => l.disbursedFen))
    const threshold = pool.variance_threshold_bp
    const v = rules.checkVariance(budgeted, input.finalAmountFen, threshold)
    const explanation = input.explanation?.trim() || null
    if (v.explanationRequired && !explanation)
      throw new ApiError(
        400,
        'EXPLANATION_REQUIRED',
        `The final amount differs from the budget by more than ${rules.bpToPercent(threshold)}%: explain the variance`,
        {
          varianceFen: v.varianceFen,
          varianceBp: v.varianceBp,
          varianceThresholdBp: threshold,
          budgetedFen: budgeted,
        },
        [{ path: 'explanation', message: 'Required above the variance threshold' }],
      )
    const { id } = await repo.insertFinalAccount(trx, {
      jurisdictionId: project.jurisdictionId,
      cycleId: cycle.id,
      projectId: project.id,
      finalAmountFen: input.finalAmountFen,
      budgetedFen: budgeted,
      disbursedFen: disbursed,
      varianceFen: v.varianceFen,
      varianceThresholdBp: threshold,
      explanation,
      by: auth.userId,
      at: now,
    })
    await audit(
      trx,
      {
        jurisdictionId: project.jurisdictionId,
        actorUserId: auth.userId,
        action: 'budget.final_account',
        entity: 'final_account',
        entityId: id,
        after: {
          projectId: project.id,
          finalAmountFen: input.finalAmountFen,
          budgetedFen: budgeted,
          disbursedFen: disbursed,
          varianceFen: v.varianceFen,
          explanation,
        },
        requestId: c.requestId,
      },
      now,
    )
    const f = (await repo.finalAccountsOf(trx, { projectId: project.id })).find((x) => x.id === id)!
    return toFinal(f)
  })
}

// ── public ──────────────────────────────────────────────────────────────────────────────────

/** Public figures exist only for cycles whose selection result is published. */
async function publicCycle(deps: Deps, cycleId: string) {
  const { db } = deps.database
  const cycle = await findCycle(db, cycleId)
  if (!cycle || !(await hasPublishedSelection(db, cycleId))) throw notFound('Cycle')
  return cycle
}

export async function getPublicProjectBudget(deps: Deps, pid: string) {
  const { db } = deps.database
  const found = await findProjectWithJurisdiction(db, pid)
  if (!found) throw notFound('Project')
  const cycle = await publicCycle(deps, found.project.cycleId)
  const b = await projectBudget(db, found.project, cycle, deps.now())
  const dated = await repo.datedAmounts(db, { projectId: pid })
  const f = b.figures
  return {
    projectId: pid,
    cycleId: cycle.id,
    title: found.project.title,
    responsibleUnit: found.project.responsibleUnit,
    estimateFen: found.project.estimateFen,
    budgetedFen: f.budgetedFen,
    disbursedFen: f.disbursedFen,
    remainingFen: f.remainingFen,
    rateBp: f.rateBp,
    rate: f.rate,
    bySource: f.bySource,
    monthly: rules.monthlyCurve(
      dated.map((d) => ({ date: d.date, amountFen: d.amount_fen })),
      cycle.year,
    ),
    disbursements: dated.map((d) => ({ date: d.date, amountFen: d.amount_fen })),
    finalAccount: f.finalAccount
      ? {
          finalAmountFen: f.finalAccount.finalAmountFen,
          varianceFen: f.finalAccount.varianceFen,
          explanation: f.finalAccount.explanation,
        }
      : null,
  }
}

export async function getPublicCycleSummary(deps: Deps, cid: string) {
  const cycle = await publicCycle(deps, cid)
  const s = await cycleFinance(deps.database.db, cycle, deps.now())
  const pick = (f: rules.Figures) => ({
    budgetedFen: f.budgetedFen,
    disbursedFen: f.disbursedFen,
    remainingFen: f.remainingFen,
    rateBp: f.rateBp,
    rate: f.rate,
  })
  return {
    cycleId: cycle.id,
    year: cycle.year,
    poolFen: s.pool.poolFen,
    committedFen: s.pool.committedFen,
    totals: pick(s.totals),
    projects: s.projects.map((p) => ({
      projectId: p.projectId,
      title: p.title,
      responsibleUnit: p.responsibleUnit,
      ...pick(p),
    })),
    sources: s.sources,
    monthly: s.monthly,
  }
}
