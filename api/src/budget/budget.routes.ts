import { Hono, type Context } from 'hono'
import * as v from 'valibot'
import { ctx, type AppEnv } from '../shared/context.js'
import { ids, json, query } from '../shared/validate.js'
import { doc } from '../shared/openapi.js'
import { ApiError } from '../shared/errors.js'
import { requireAuth } from '../shared/access.js'
import { sendDownload, XLSX_TYPE } from '../shared/download.js'
import { idempotencyOf, idempotent } from '../shared/idempotency.middleware.js'
import * as s from './budget.schemas.js'
import * as service from './budget.service.js'

const TAGS = ['budget']
const WithBalance = v.object({ ...s.Disbursement.entries, balanceAfterFen: v.number() })

/** The voucher scan from a multipart form (field `file`). */
async function uploadedVoucher(c: Context<AppEnv>) {
  const type = (c.req.header('content-type') ?? '').toLowerCase()
  if (!type.startsWith('multipart/form-data'))
    throw new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Upload the scan as multipart/form-data with the file in the field "file"',
    )
  let body: Record<string, unknown>
  try {
    body = await c.req.parseBody()
  } catch {
    throw new ApiError(400, 'MALFORMED_BODY', 'The multipart body could not be read')
  }
  const file = body.file
  if (!(file instanceof File))
    throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid', {}, [
      { path: 'file', message: 'Attach the PDF, JPEG or PNG scan in the form field "file"' },
    ])
  return { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) }
}

const OVERSHOOT =
  'FUND_POOL_EXCEEDED with { overshootFen, poolFen, committedFen, requestedFen }: the pool lines (draft and approved) would exceed the pool'

export const budgetRoutes = new Hono<AppEnv>()
  // ── fund pool ──
  .get(
    '/cycles/:cid/fund-pool',
    ids('cid'),
    doc({
      summary: 'The fund pool of a cycle: pool, committed, available, variance threshold',
      tags: TAGS,
      ok: s.FundPool,
      errors: { 403: 'FORBIDDEN' },
    }),
    async (c) => c.json(await service.getFundPool(ctx(c), c.req.param('cid'))),
  )
  .put(
    '/cycles/:cid/fund-pool',
    ids('cid'),
    doc({
      summary: 'Fix the fund pool from the budget document (finance, staff; audited)',
      tags: TAGS,
      ok: s.FundPool,
      errors: {
        403: 'FORBIDDEN',
        409: 'FUND_POOL_EXCEEDED (the lines on the pool add up to more than the new pool) · CYCLE_CLOSED',
      },
      description:
        'Until finance fixes it, the cycle’s planned pool (fundPoolFen of the cycle settings) applies. varianceThresholdBp (basis points, default 1000 = 10 %) sets when final accounts need an explanation.',
    }),
    json(s.FundPoolInput),
    async (c) => c.json(await service.setFundPool(ctx(c), c.req.param('cid'), c.req.valid('json'))),
  )
  // ── budget lines ──
  .get(
    '/cycles/:cid/budget-lines',
    ids('cid'),
    doc({
      summary: 'Every budget line of the cycle with its adjustments and execution',
      tags: TAGS,
      ok: s.BudgetLineList,
      errors: { 403: 'FORBIDDEN' },
    }),
    async (c) => c.json(await service.listCycleLines(ctx(c), c.req.param('cid'))),
  )
  .post(
    '/projects/:pid/budget-lines',
    ids('pid'),
    doc({
      summary: 'Add a budget line to a project (finance; starts as a draft)',
      tags: TAGS,
      ok: s.BudgetLine,
      status: 201,
      errors: {
        400: 'VALIDATION_FAILED · FISCAL_YEAR_OUT_OF_RANGE · AMOUNT_TOO_LARGE · IDEMPOTENCY_KEY_INVALID',
        403: 'FORBIDDEN',
        409: `${OVERSHOOT} · CYCLE_CLOSED`,
      },
      description:
        'source: local (本级财政) | transfer (上级补助) | social (社会资金) | other (其他). fromPool defaults to source === "local"; lines not on the pool are shown apart and not checked against it.',
    }),
    json(s.CreateLineInput),
    idempotent(201),
    async (c) =>
      c.json(
        await service.createLine(ctx(c), c.req.param('pid'), c.req.valid('json'), idempotencyOf(c)),
        201,
      ),
  )
  .patch(
    '/budget-lines/:lid',
    ids('lid'),
    doc({
      summary: 'Edit a draft line (finance; audited). Approved lines change only by adjustments',
      tags: TAGS,
      ok: s.BudgetLine,
      errors: { 403: 'FORBIDDEN', 409: `LINE_NOT_DRAFT · ${OVERSHOOT}` },
    }),
    json(s.UpdateLineInput),
    async (c) => c.json(await service.updateLine(ctx(c), c.req.param('lid'), c.req.valid('json'))),
  )
  .post(
    '/budget-lines/:lid/approve',
    ids('lid'),
    doc({
      summary: 'Approve a draft line (finance); payments can then be made against it',
      tags: TAGS,
      ok: s.BudgetLine,
      errors: { 403: 'FORBIDDEN', 409: 'LINE_NOT_DRAFT · CYCLE_CLOSED' },
    }),
    async (c) => c.json(await service.approveLine(ctx(c), c.req.param('lid'))),
  )
  .post(
    '/budget-lines/:lid/withdraw',
    ids('lid'),
    doc({
      summary: 'Withdraw a draft line entered by mistake (finance); it stays on record',
      tags: TAGS,
      ok: s.BudgetLine,
      errors: { 403: 'FORBIDDEN', 409: 'LINE_NOT_DRAFT · CYCLE_CLOSED' },
    }),
    async (c) => c.json(await service.withdrawLine(ctx(c), c.req.param('lid'))),
  )
  .post(
    '/budget-lines/:lid/adjustments',
    ids('lid'),
    doc({
      summary: 'Adjust an approved line up or down with a reason (调整; finance; audited)',
      tags: TAGS,
      ok: s.BudgetLine,
      status: 201,
      errors: {
        400: 'VALIDATION_FAILED · IDEMPOTENCY_KEY_INVALID',
        403: 'FORBIDDEN',
        409: `LINE_NOT_APPROVED · LINE_BELOW_DISBURSED · ${OVERSHOOT} · CYCLE_CLOSED`,
      },
    }),
    json(s.AdjustmentInput),
    idempotent(201),
    async (c) =>
      c.json(
        await service.adjustLine(ctx(c), c.req.param('lid'), c.req.valid('json'), idempotencyOf(c)),
        201,
      ),
  )
  // ── disbursements ──
  .get(
    '/budget-lines/:lid/disbursements',
    ids('lid'),
    doc({
      summary: 'The entries of one line, oldest first, with the running balance',
      tags: TAGS,
      ok: s.LineDisbursements,
      errors: { 403: 'FORBIDDEN' },
    }),
    async (c) => c.json(await service.listLineDisbursements(ctx(c), c.req.param('lid'))),
  )
  .post(
    '/budget-lines/:lid/disbursements',
    ids('lid'),
    doc({
      summary: 'Record a disbursement (拨付) against an approved line (finance; audited)',
      tags: TAGS,
      ok: WithBalance,
      status: 201,
      errors: {
        400: 'VALIDATION_FAILED · DATE_IN_FUTURE · IDEMPOTENCY_KEY_INVALID',
        403: 'FORBIDDEN',
        409: 'LINE_OVERDRAWN with { remainingFen, requestedFen, amountFen } · LINE_NOT_APPROVED · CYCLE_CLOSED',
      },
      description:
        'Concurrent disbursements on one line are serialised on the line row: the line is never overdrawn.',
    }),
    json(s.DisbursementInput),
    idempotent(201),
    async (c) =>
      c.json(
        await service.recordDisbursement(
          ctx(c),
          c.req.param('lid'),
          c.req.valid('json'),
          idempotencyOf(c),
        ),
        201,
      ),
  )
  .post(
    '/disbursements/:did/reverse',
    ids('did'),
    doc({
      summary: 'Reverse a payment by a reversing entry with a reason (冲销; finance; audited)',
      tags: TAGS,
      ok: WithBalance,
      status: 201,
      errors: {
        400: 'VALIDATION_FAILED · DATE_IN_FUTURE · DATE_BEFORE_PAYMENT · IDEMPOTENCY_KEY_INVALID',
        403: 'FORBIDDEN',
        409: 'ALREADY_REVERSED · NOT_A_PAYMENT · CYCLE_CLOSED',
      },
    }),
    json(s.ReverseInput),
    idempotent(201),
    async (c) =>
      c.json(
        await service.reverseDisbursement(
          ctx(c),
          c.req.param('did'),
          c.req.valid('json'),
          idempotencyOf(c),
        ),
        201,
      ),
  )
  .post(
    '/disbursements/:did/attachment',
    ids('did'),
    doc({
      summary: 'Attach the scanned voucher of an entry: PDF, JPEG or PNG (finance; audited)',
      tags: TAGS,
      ok: s.Disbursement,
      status: 201,
      errors: {
        403: 'FORBIDDEN',
        409: 'ATTACHMENT_EXISTS · CYCLE_CLOSED',
        413: 'PAYLOAD_TOO_LARGE',
        415: 'UNSUPPORTED_MEDIA_TYPE · UNSUPPORTED_FILE_TYPE',
      },
      description:
        'multipart/form-data with the file in the field "file". The type is recognised from the file’s first bytes; the request is also bound by the server’s body limit (BODY_LIMIT_BYTES).',
    }),
    async (c) => {
      requireAuth(c.get('auth'))
      const file = await uploadedVoucher(c)
      return c.json(await service.attachVoucher(ctx(c), c.req.param('did'), file), 201)
    },
  )
  .get(
    '/disbursements/:did/attachment',
    ids('did'),
    doc({
      summary: 'Download the scanned voucher of an entry',
      tags: TAGS,
      errors: { 403: 'FORBIDDEN' },
    }),
    async (c) => {
      const f = await service.getVoucher(ctx(c), c.req.param('did'))
      c.header('x-content-sha256', f.sha256)
      return sendDownload(c, {
        bytes: f.bytes,
        type: f.contentType,
        name: f.fileName,
        ascii: 'voucher' + f.fileName.slice(f.fileName.lastIndexOf('.')),
      })
    },
  )
  // ── execution ──
  .get(
    '/cycles/:cid/budget-summary',
    ids('cid'),
    doc({
      summary:
        'Budget execution per project, unit, source and for the cycle, the monthly curve and warnings',
      tags: TAGS,
      ok: s.BudgetSummary,
      errors: { 403: 'FORBIDDEN' },
      description:
        'budgetedFen counts approved lines; draftFen lines awaiting approval. Rates are basis points (rateBp, rounded down) and the same as a percentage string (rate).',
    }),
    async (c) => c.json(await service.getBudgetSummary(ctx(c), c.req.param('cid'))),
  )
  .get(
    '/cycles/:cid/ledger',
    ids('cid'),
    doc({
      summary: 'The ledger of the cycle: payments and reversals in booking order (paged)',
      tags: TAGS,
      ok: s.LedgerPage,
      errors: { 403: 'FORBIDDEN' },
    }),
    query(s.LedgerQuery),
    async (c) => c.json(await service.getLedger(ctx(c), c.req.param('cid'), c.req.valid('query'))),
  )
  .get(
    '/cycles/:cid/ledger.xlsx',
    ids('cid'),
    doc({
      summary: 'The ledger, budget lines and adjustments as .xlsx',
      tags: TAGS,
      errors: { 403: 'FORBIDDEN' },
    }),
    async (c) => {
      const { bytes, filename } = await service.ledgerXlsx(ctx(c), c.req.param('cid'))
      return sendDownload(c, { bytes, type: XLSX_TYPE, name: filename, ascii: 'ledger.xlsx' })
    },
  )
  .get(
    '/cycles/:cid/budget-summary.xlsx',
    ids('cid'),
    doc({
      summary: 'The execution summary as .xlsx',
      tags: TAGS,
      errors: { 403: 'FORBIDDEN' },
    }),
    async (c) => {
      const { bytes, filename } = await service.summaryXlsx(ctx(c), c.req.param('cid'))
      return sendDownload(c, {
        bytes,
        type: XLSX_TYPE,
        name: filename,
        ascii: 'budget-summary.xlsx',
      })
    },
  )
  .get(
    '/projects/:pid/budget',
    ids('pid'),
    doc({
      summary: 'A project’s lines, entries, final accounts and figures',
      tags: TAGS,
      ok: s.ProjectBudget,
      errors: { 403: 'FORBIDDEN' },
    }),
    async (c) => c.json(await service.getProjectBudget(ctx(c), c.req.param('pid'))),
  )
  // ── final accounts ──
  .post(
    '/projects/:pid/final-accounts',
    ids('pid'),
    doc({
      summary: 'Record the final accounts (决算) of a project (finance; each call a new revision)',
      tags: TAGS,
      ok: s.FinalAccount,
      status: 201,
      errors: {
        400: 'VALIDATION_FAILED · EXPLANATION_REQUIRED with { varianceFen, varianceBp, varianceThresholdBp, budgetedFen } · IDEMPOTENCY_KEY_INVALID',
        403: 'FORBIDDEN',
        409: 'CYCLE_CLOSED',
      },
    }),
    json(s.FinalAccountInput),
    idempotent(201),
    async (c) =>
      c.json(
        await service.submitFinalAccount(
          ctx(c),
          c.req.param('pid'),
          c.req.valid('json'),
          idempotencyOf(c),
        ),
        201,
      ),
  )
  // ── public ──
  .get(
    '/public/projects/:pid/budget',
    ids('pid'),
    doc({
      summary: 'A project’s budget and execution for the public (no vouchers, no payees)',
      tags: ['public'],
      ok: s.PublicProjectBudget,
      security: false,
    }),
    async (c) => c.json(await service.getPublicProjectBudget(c.get('deps'), c.req.param('pid'))),
  )
  .get(
    '/public/cycles/:cid/budget-summary',
    ids('cid'),
    doc({
      summary: 'The cycle’s budget execution for the public (no voucher details)',
      tags: ['public'],
      ok: s.PublicBudgetSummary,
      security: false,
    }),
    async (c) => c.json(await service.getPublicCycleSummary(c.get('deps'), c.req.param('cid'))),
  )
