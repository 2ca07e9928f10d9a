import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { cycleWithProjects, publishedCycle } from '../projects/projects.fixtures.js'
import { getCycleFinance, getProjectFinance } from './budget.exports.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

type Scenario = Awaited<ReturnType<typeof cycleWithProjects>>
const NIL = '00000000-0000-4000-8000-000000000000'
const POOL = 1_000_000_000 // the fixture cycle's planned pool: ¥10,000,000

async function ok(method: string, path: string, token: string, body?: unknown) {
  const r = await t.call(method, path, { token, body })
  if (r.status !== 200 && r.status !== 201)
    throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}
const lineBody = (amountFen: number, extra: Record<string, unknown> = {}) => ({
  amountFen,
  source: 'local',
  fiscalYear: 2025,
  subjectCode: '2130505',
  documentNo: '示财预〔2025〕12号',
  ...extra,
})
async function approvedLine(s: Scenario, pid: string, amountFen: number, extra = {}) {
  const l = await ok(
    'POST',
    `/api/projects/${pid}/budget-lines`,
    s.finance.token,
    lineBody(amountFen, extra),
  )
  return ok('POST', `/api/budget-lines/${l.id}/approve`, s.finance.token)
}
const pay = (s: Scenario, lid: string, amountFen: number, extra: Record<string, unknown> = {}) =>
  t.call('POST', `/api/budget-lines/${lid}/disbursements`, {
    token: s.finance.token,
    body: { date: '2025-03-15', amountFen, voucherNo: 'JZ-2025-0001', payee: '市民政局', ...extra },
  })
async function auditActions(jid: string) {
  const rows = await t.database.db
    .selectFrom('audit_log')
    .select('action')
    .where('jurisdiction_id', '=', jid)
    .orderBy('seq')
    .execute()
  return rows.map((r) => r.action)
}

describe('the fund pool', () => {
  it('starts from the cycle’s planned pool; finance or staff fix it from the budget document (audited)', async () => {
    const s = await cycleWithProjects(t)
    const before = await ok('GET', `/api/cycles/${s.cycleId}/fund-pool`, s.staff.token)
    expect(before).toMatchObject({
      poolFen: POOL,
      plannedPoolFen: POOL,
      fixed: false,
      documentRef: null,
      committedFen: 0,
      availableFen: POOL,
      varianceThresholdBp: 1000,
    })
    const put = await t.call('PUT', `/api/cycles/${s.cycleId}/fund-pool`, {
      token: s.finance.token,
      body: { fundPoolFen: 1_200_000_000, documentRef: '示财预〔2025〕3号' },
    })
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({
      poolFen: 1_200_000_000,
      fixed: true,
      documentRef: '示财预〔2025〕3号',
    })
    const byStaff = await t.call('PUT', `/api/cycles/${s.cycleId}/fund-pool`, {
      token: s.staff.token,
      body: {
        fundPoolFen: 1_100_000_000,
        documentRef: '示财预〔2025〕4号',
        varianceThresholdBp: 500,
      },
    })
    expect(byStaff.body).toMatchObject({ poolFen: 1_100_000_000, varianceThresholdBp: 500 })
    const deputy = await t.call('PUT', `/api/cycles/${s.cycleId}/fund-pool`, {
      token: s.deputies[0]!.token,
      body: { fundPoolFen: 1, documentRef: 'x' },
    })
    expect(deputy.status).toBe(403)
    expect(await auditActions(s.j.id)).toEqual(
      expect.arrayContaining(['budget.fund_pool', 'budget.fund_pool']),
    )
  })

  it('refuses a pool smaller than the lines already on it, with the overshoot', async () => {
    const s = await cycleWithProjects(t)
    await ok(
      'POST',
      `/api/projects/${s.projectIds[0]}/budget-lines`,
      s.finance.token,
      lineBody(600_000_000),
    )
    const r = await t.call('PUT', `/api/cycles/${s.cycleId}/fund-pool`, {
      token: s.finance.token,
      body: { fundPoolFen: 500_000_000, documentRef: '示财预〔2025〕3号' },
    })
    expect(r.status).toBe(409)
    expect(r.body.error).toMatchObject({
      code: 'FUND_POOL_EXCEEDED',
      overshootFen: 100_000_000,
      poolFen: 500_000_000,
      committedFen: 600_000_000,
    })
  })
})

describe('budget lines', () => {
  it('adds draft lines, checks the pool lines against the pool with the exact overshoot, and keeps other sources apart', async () => {
    const s = await cycleWithProjects(t)
    const [p0, p1, p2] = s.projectIds as [string, string, string]
    const a = await t.call('POST', `/api/projects/${p0}/budget-lines`, {
      token: s.finance.token,
      body: lineBody(600_000_000),
    })
    expect(a.status).toBe(201)
    expect(a.body).toMatchObject({
      projectId: p0,
      source: 'local',
      fromPool: true,
      status: 'draft',
      amountFen: 600_000_000,
      initialFen: 600_000_000,
      disbursedFen: 0,
      remainingFen: 600_000_000,
      rateBp: 0,
      rate: '0.00',
    })
    // 上级补助 defaults to outside the pool: not checked against it.
    const transfer = await ok(
      'POST',
      `/api/projects/${p1}/budget-lines`,
      s.finance.token,
      lineBody(900_000_000, { source: 'transfer' }),
    )
    expect(transfer.fromPool).toBe(false)
    // A social-funds line may be put on the pool explicitly, and then it counts.
    const social = await ok(
      'POST',
      `/api/projects/${p1}/budget-lines`,
      s.finance.token,
      lineBody(300_000_000, { source: 'social', fromPool: true }),
    )
    expect(social.fromPool).toBe(true)

    const over = await t.call('POST', `/api/projects/${p2}/budget-lines`, {
      token: s.finance.token,
      body: lineBody(100_000_001),
    })
    expect(over.status).toBe(409)
    expect(over.body.error).toMatchObject({
      code: 'FUND_POOL_EXCEEDED',
      overshootFen: 1,
      poolFen: POOL,
      committedFen: 900_000_000,
      requestedFen: 100_000_001,
    })
    expect(over.body.error.message).toMatch(/0\.01 yuan/)
    // Exactly what is left fits.
    const exact = await t.call('POST', `/api/projects/${p2}/budget-lines`, {
      token: s.finance.token,
      body: lineBody(100_000_000),
    })
    expect(exact.status).toBe(201)
    const pool = await ok('GET', `/api/cycles/${s.cycleId}/fund-pool`, s.finance.token)
    expect(pool).toMatchObject({ committedFen: POOL, approvedFen: 0, availableFen: 0 })

    // Withdrawing a draft frees its room; the line stays on record.
    const w = await ok('POST', `/api/budget-lines/${exact.body.id}/withdraw`, s.finance.token)
    expect(w.status).toBe('withdrawn')
    expect(
      (await ok('GET', `/api/cycles/${s.cycleId}/fund-pool`, s.finance.token)).availableFen,
    ).toBe(100_000_000)
    const all = await ok('GET', `/api/cycles/${s.cycleId}/budget-lines`, s.staff.token)
    expect(all.items).toHaveLength(4)
    expect(await auditActions(s.j.id)).toEqual(
      expect.arrayContaining(['budget.line.create', 'budget.line.withdraw']),
    )
  })

  it('edits drafts, approves them, then allows only adjustments with a reason that respect the pool and what is paid', async () => {
    const s = await cycleWithProjects(t)
    const [p0, p1] = s.projectIds as [string, string]
    const l = await ok(
      'POST',
      `/api/projects/${p0}/budget-lines`,
      s.finance.token,
      lineBody(400_000_000),
    )
    const edited = await ok('PATCH', `/api/budget-lines/${l.id}`, s.finance.token, {
      amountFen: 500_000_000,
      note: '按批复调整',
    })
    expect(edited).toMatchObject({
      amountFen: 500_000_000,
      initialFen: 500_000_000,
      note: '按批复调整',
      status: 'draft',
    })
    const editOver = await t.call('PATCH', `/api/budget-lines/${l.id}`, {
      token: s.finance.token,
      body: { amountFen: POOL + 1 },
    })
    expect(editOver.body.error).toMatchObject({ code: 'FUND_POOL_EXCEEDED', overshootFen: 1 })
    const adjustDraft = await t.call('POST', `/api/budget-lines/${l.id}/adjustments`, {
      token: s.finance.token,
      body: { deltaFen: 1, reason: '测试' },
    })
    expect(adjustDraft.body.error.code).toBe('LINE_NOT_APPROVED')

    const approved = await ok('POST', `/api/budget-lines/${l.id}/approve`, s.finance.token)
    expect(approved).toMatchObject({
      status: 'approved',
      approvedBy: expect.any(String),
      approvedAt: expect.any(String),
    })
    const again = await t.call('POST', `/api/budget-lines/${l.id}/approve`, {
      token: s.finance.token,
    })
    expect(again.body.error.code).toBe('LINE_NOT_DRAFT')
    const silentEdit = await t.call('PATCH', `/api/budget-lines/${l.id}`, {
      token: s.finance.token,
      body: { amountFen: 1 },
    })
    expect(silentEdit.status).toBe(409)
    expect(silentEdit.body.error.code).toBe('LINE_NOT_DRAFT')
    const withdraw = await t.call('POST', `/api/budget-lines/${l.id}/withdraw`, {
      token: s.finance.token,
    })
    expect(withdraw.body.error.code).toBe('LINE_NOT_DRAFT')

    const up = await t.call('POST', `/api/budget-lines/${l.id}/adjustments`, {
      token: s.finance.token,
      body: { deltaFen: 50_000_000, reason: '追加设备采购' },
    })
    expect(up.status).toBe(201)
    expect(up.body).toMatchObject({ initialFen: 500_000_000, amountFen: 550_000_000 })
    expect(up.body.adjustments).toEqual([
      expect.objectContaining({
        deltaFen: 50_000_000,
        reason: '追加设备采购',
        createdBy: expect.any(String),
      }),
    ])
    const noReason = await t.call('POST', `/api/budget-lines/${l.id}/adjustments`, {
      token: s.finance.token,
      body: { deltaFen: 1, reason: '   ' },
    })
    expect(noReason.status).toBe(400)
    expect(noReason.body.error.code).toBe('VALIDATION_FAILED')
    const missingReason = await t.call('POST', `/api/budget-lines/${l.id}/adjustments`, {
      token: s.finance.token,
      body: { deltaFen: 1 },
    })
    expect(missingReason.status).toBe(400)
    // Adjustments also respect the pool: 1000万 − 550万 left.
    await ok('POST', `/api/projects/${p1}/budget-lines`, s.finance.token, lineBody(400_000_000))
    const overPool = await t.call('POST', `/api/budget-lines/${l.id}/adjustments`, {
      token: s.finance.token,
      body: { deltaFen: 50_000_001, reason: '再追加' },
    })
    expect(overPool.status).toBe(409)
    expect(overPool.body.error).toMatchObject({
      code: 'FUND_POOL_EXCEEDED',
      overshootFen: 1,
      committedFen: 950_000_000,
    })
    // Never below what has been paid.
    expect((await pay(s, l.id, 300_000_000)).status).toBe(201)
    const below = await t.call('POST', `/api/budget-lines/${l.id}/adjustments`, {
      token: s.finance.token,
      body: { deltaFen: -250_000_001, reason: '压减' },
    })
    expect(below.status).toBe(409)
    expect(below.body.error).toMatchObject({
      code: 'LINE_BELOW_DISBURSED',
      disbursedFen: 300_000_000,
      amountFen: 550_000_000,
    })
    const down = await ok('POST', `/api/budget-lines/${l.id}/adjustments`, s.finance.token, {
      deltaFen: -250_000_000,
      reason: '压减',
    })
    expect(down).toMatchObject({
      amountFen: 300_000_000,
      remainingFen: 0,
      rateBp: 10000,
      rate: '100.00',
    })
    expect(await auditActions(s.j.id)).toEqual(
      expect.arrayContaining([
        'budget.line.update',
        'budget.line.approve',
        'budget.line.adjust',
        'budget.disbursement',
      ]),
    )
    // The adjustment ledger is append-only in the database itself.
    await expect(
      t.database.db.updateTable('budget_adjustment').set({ delta_fen: 1 }).execute(),
    ).rejects.toThrow(/append-only/)
    await expect(t.database.db.deleteFrom('budget_adjustment').execute()).rejects.toThrow(
      /append-only/,
    )
  })

  it('refuses a fiscal year far from the cycle and a project total beyond the limit', async () => {
    const s = await cycleWithProjects(t)
    const p = s.projectIds[0]!
    const far = await t.call('POST', `/api/projects/${p}/budget-lines`, {
      token: s.finance.token,
      body: lineBody(1, { fiscalYear: 2031 }),
    })
    expect(far.status).toBe(400)
    expect(far.body.error.code).toBe('FISCAL_YEAR_OUT_OF_RANGE')
    await ok(
      'POST',
      `/api/projects/${p}/budget-lines`,
      s.finance.token,
      lineBody(10_000_000_000_000, { source: 'transfer' }),
    )
    const more = await t.call('POST', `/api/projects/${p}/budget-lines`, {
      token: s.finance.token,
      body: lineBody(1, { source: 'transfer' }),
    })
    expect(more.status).toBe(400)
    expect(more.body.error.code).toBe('AMOUNT_TOO_LARGE')
  })
})

describe('disbursements', () => {
  it('pays only against approved lines, never beyond what remains, and shows the running balance', async () => {
    const s = await cycleWithProjects(t)
    const draft = await ok(
      'POST',
      `/api/projects/${s.projectIds[0]}/budget-lines`,
      s.finance.token,
      lineBody(100_000),
    )
    const onDraft = await pay(s, draft.id, 1)
    expect(onDraft.status).toBe(409)
    expect(onDraft.body.error.code).toBe('LINE_NOT_APPROVED')

    const l = await approvedLine(s, s.projectIds[1]!, 100_000)
    const first = await pay(s, l.id, 30_000, { note: '首笔' })
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({
      kind: 'payment',
      amountFen: 30_000,
      voucherNo: 'JZ-2025-0001',
      payee: '市民政局',
      note: '首笔',
      balanceAfterFen: 70_000,
      lineId: l.id,
      projectId: s.projectIds[1],
      source: 'local',
      attachment: null,
      reversedById: null,
    })
    const over = await pay(s, l.id, 70_001)
    expect(over.status).toBe(409)
    expect(over.body.error).toMatchObject({
      code: 'LINE_OVERDRAWN',
      remainingFen: 70_000,
      requestedFen: 70_001,
    })
    expect(
      (await pay(s, l.id, 70_000, { date: '2025-04-01', voucherNo: 'JZ-2025-0002' })).body
        .balanceAfterFen,
    ).toBe(0)
    expect((await pay(s, l.id, 1)).body.error).toMatchObject({
      code: 'LINE_OVERDRAWN',
      remainingFen: 0,
    })

    const listed = await ok('GET', `/api/budget-lines/${l.id}/disbursements`, s.deputies[0]!.token)
    expect(listed.line).toMatchObject({ amountFen: 100_000, disbursedFen: 100_000, rateBp: 10000 })
    expect(
      listed.items.map((d: { amountFen: number; balanceAfterFen: number }) => [
        d.amountFen,
        d.balanceAfterFen,
      ]),
    ).toEqual([
      [30_000, 70_000],
      [70_000, 0],
    ])
  })

  it('refuses a payment dated in the future (China time) or before its fiscal year', async () => {
    const s = await cycleWithProjects(t)
    const l = await approvedLine(s, s.projectIds[0]!, 100_000)
    t.clock.now = new Date('2025-06-30T16:30:00Z') // 2025-07-01 00:30 in China
    try {
      expect((await pay(s, l.id, 1, { date: '2025-07-01' })).status).toBe(201)
      const r = await pay(s, l.id, 1, { date: '2025-07-02' })
      expect(r.status).toBe(400)
      expect(r.body.error.code).toBe('DATE_IN_FUTURE')
      // Nor before its line's fiscal year begins (a typo that would also stretch the curve).
      expect((await pay(s, l.id, 1, { date: '2025-01-01' })).status).toBe(201)
      const early = await pay(s, l.id, 1, { date: '2024-12-31' })
      expect([early.status, early.body.error.code]).toEqual([400, 'DATE_OUT_OF_RANGE'])
      expect(early.body.error).toMatchObject({ from: '2025-01-01', to: '2025-07-01' })
      expect(early.body.error.issues).toEqual([{ path: 'date', message: expect.any(String) }])
      expect((await pay(s, l.id, 1, { date: '1999-01-01' })).status).toBe(400)
      const ledger = await t.call('GET', `/api/budget-lines/${l.id}/disbursements`, {
        token: s.finance.token,
      })
      expect(ledger.body.items.map((d: { date: string }) => d.date)).toEqual([
        '2025-07-01',
        '2025-01-01',
      ])
    } finally {
      t.clock.now = null
    }
  })

  it('corrects by a reversing entry with a reason: the ledger only grows and the money is available again', async () => {
    const s = await cycleWithProjects(t)
    const l = await approvedLine(s, s.projectIds[0]!, 100_000)
    const p = (await pay(s, l.id, 60_000)).body
    const noReason = await t.call('POST', `/api/disbursements/${p.id}/reverse`, {
      token: s.finance.token,
      body: {},
    })
    expect(noReason.status).toBe(400)
    const early = await t.call('POST', `/api/disbursements/${p.id}/reverse`, {
      token: s.finance.token,
      body: { reason: '金额录错', date: '2025-03-14' },
    })
    expect(early.body.error.code).toBe('DATE_BEFORE_PAYMENT')
    const rev = await t.call('POST', `/api/disbursements/${p.id}/reverse`, {
      token: s.finance.token,
      body: { reason: '金额录错', date: '2025-03-20' },
    })
    expect(rev.status).toBe(201)
    expect(rev.body).toMatchObject({
      kind: 'reversal',
      amountFen: -60_000,
      reversesId: p.id,
      reason: '金额录错',
      date: '2025-03-20',
      balanceAfterFen: 100_000,
    })
    const twice = await t.call('POST', `/api/disbursements/${p.id}/reverse`, {
      token: s.finance.token,
      body: { reason: '再冲' },
    })
    expect(twice.status).toBe(409)
    expect(twice.body.error).toMatchObject({ code: 'ALREADY_REVERSED', reversalId: rev.body.id })
    const ofReversal = await t.call('POST', `/api/disbursements/${rev.body.id}/reverse`, {
      token: s.finance.token,
      body: { reason: 'x' },
    })
    expect(ofReversal.body.error.code).toBe('NOT_A_PAYMENT')
    expect((await pay(s, l.id, 100_000, { voucherNo: 'JZ-2025-0003' })).status).toBe(201)

    const ledger = await ok('GET', `/api/cycles/${s.cycleId}/ledger`, s.staff.token)
    expect(
      ledger.items.map((d: { kind: string; amountFen: number }) => [d.kind, d.amountFen]),
    ).toEqual([
      ['payment', 60_000],
      ['reversal', -60_000],
      ['payment', 100_000],
    ])
    expect(ledger.items[0].reversedById).toBe(rev.body.id)
    await expect(
      t.database.db.updateTable('disbursement').set({ amount_fen: 1 }).execute(),
    ).rejects.toThrow(/append-only/)
    await expect(t.database.db.deleteFrom('disbursement').execute()).rejects.toThrow(/append-only/)
    expect(await auditActions(s.j.id)).toEqual(
      expect.arrayContaining(['budget.disbursement.reverse']),
    )
  })

  it('pages and filters the ledger', async () => {
    const s = await cycleWithProjects(t)
    const a = await approvedLine(s, s.projectIds[0]!, 1_000_000)
    const b = await approvedLine(s, s.projectIds[1]!, 1_000_000)
    for (let i = 1; i <= 3; i++) await pay(s, a.id, i * 100, { date: `2025-0${i}-10` })
    for (let i = 1; i <= 2; i++) await pay(s, b.id, i * 1000, { date: `2025-0${i + 3}-10` })
    const seen: number[] = []
    let cursor: string | null = null
    do {
      const page: { items: { amountFen: number }[]; nextCursor: string | null } = await ok(
        'GET',
        `/api/cycles/${s.cycleId}/ledger?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        s.finance.token,
      )
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((i) => i.amountFen))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual([100, 200, 300, 1000, 2000])
    const onlyB = await ok(
      'GET',
      `/api/cycles/${s.cycleId}/ledger?projectId=${s.projectIds[1]}`,
      s.finance.token,
    )
    expect(onlyB.items.map((i: { amountFen: number }) => i.amountFen)).toEqual([1000, 2000])
    const range = await ok(
      'GET',
      `/api/cycles/${s.cycleId}/ledger?from=2025-02-01&to=2025-04-30`,
      s.finance.token,
    )
    expect(range.items.map((i: { amountFen: number }) => i.amountFen)).toEqual([200, 300, 1000])
    const bad = await t.call('GET', `/api/cycles/${s.cycleId}/ledger?limit=0`, {
      token: s.finance.token,
    })
    expect(bad.status).toBe(400)
    const unknown = await t.call('GET', `/api/cycles/${s.cycleId}/ledger?sort=amount`, {
      token: s.finance.token,
    })
    expect(unknown.status).toBe(400)
  })
})

describe('voucher scans', () => {
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3])
  const PDF = new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\n%%EOF')
  const form = (bytes: Uint8Array, name: string, type: string) => {
    const f = new FormData()
    f.append('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type }))
    return f
  }

  it('stores a PDF, JPEG or PNG recognised by its bytes and serves it back unchanged', async () => {
    const s = await cycleWithProjects(t)
    const l = await approvedLine(s, s.projectIds[0]!, 100_000)
    const p1 = (await pay(s, l.id, 1)).body
    const p2 = (await pay(s, l.id, 1)).body
    const up = await t.call('POST', `/api/disbursements/${p1.id}/attachment`, {
      token: s.finance.token,
      body: form(PNG, '../../etc/凭证 001.png', 'image/png'),
    })
    expect(up.status).toBe(201)
    expect(up.body.attachment).toMatchObject({
      fileName: '凭证 001.png',
      contentType: 'image/png',
      sizeBytes: PNG.length,
    })
    const dl = await t.request('GET', `/api/disbursements/${p1.id}/attachment`, {
      token: s.staff.token,
    })
    expect(dl.status).toBe(200)
    expect(dl.headers.get('content-type')).toBe('image/png')
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment;/)
    expect(new Uint8Array(await dl.arrayBuffer())).toEqual(PNG)
    const second = await t.call('POST', `/api/disbursements/${p1.id}/attachment`, {
      token: s.finance.token,
      body: form(PNG, 'x.png', 'image/png'),
    })
    expect(second.body.error.code).toBe('ATTACHMENT_EXISTS')
    const pdf = await t.call('POST', `/api/disbursements/${p2.id}/attachment`, {
      token: s.finance.token,
      body: form(PDF, 'scan', ''),
    })
    expect(pdf.status).toBe(201)
    expect(pdf.body.attachment).toMatchObject({
      fileName: 'scan.pdf',
      contentType: 'application/pdf',
    })
    expect(await auditActions(s.j.id)).toEqual(
      expect.arrayContaining(['budget.disbursement.attach']),
    )
  })

  it('refuses other files, lying types, empty files, non-multipart bodies and oversized uploads', async () => {
    const s = await cycleWithProjects(t)
    const l = await approvedLine(s, s.projectIds[0]!, 100_000)
    const p = (await pay(s, l.id, 1)).body
    const path = `/api/disbursements/${p.id}/attachment`
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>')
    const cases: [string, BodyInit | FormData, number, string][] = [
      ['html', form(html, 'a.pdf', 'application/pdf'), 415, 'UNSUPPORTED_FILE_TYPE'],
      ['png declared as pdf', form(PNG, 'a.pdf', 'application/pdf'), 415, 'UNSUPPORTED_FILE_TYPE'],
      ['empty', form(new Uint8Array(), 'a.png', 'image/png'), 400, 'FILE_EMPTY'],
      ['no file field', new FormData(), 400, 'VALIDATION_FAILED'],
      [
        'too large',
        form(new Uint8Array(6 * 1024 * 1024).fill(0xff), 'big.jpg', 'image/jpeg'),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
    ]
    for (const [name, body, status, code] of cases) {
      const r = await t.call('POST', path, { token: s.finance.token, body })
      expect([name, r.status, r.body.error?.code]).toEqual([name, status, code])
    }
    const raw = await t.call('POST', path, {
      token: s.finance.token,
      body: PNG,
      headers: { 'content-type': 'image/png' },
    })
    expect(raw.status).toBe(415)
    expect((await t.call('GET', path, { token: s.finance.token })).status).toBe(404)
  })
})

describe('execution figures and exports', () => {
  async function books(s: Scenario) {
    const [p0, p1, p2] = s.projectIds as [string, string, string]
    const a = await approvedLine(s, p0, 300_000_00) // ¥300,000 local
    const b = await approvedLine(s, p0, 100_000_00, { source: 'transfer', subjectCode: '2130599' })
    const c = await approvedLine(s, p1, 500_000_00)
    await ok('POST', `/api/projects/${p2}/budget-lines`, s.finance.token, lineBody(123_45)) // draft
    await pay(s, a.id, 100_000_00, { date: '2025-02-10' })
    await pay(s, a.id, 50_000_33, { date: '2025-05-20' })
    const wrong = (await pay(s, c.id, 77_777_77, { date: '2025-05-21' })).body
    await t.call('POST', `/api/disbursements/${wrong.id}/reverse`, {
      token: s.finance.token,
      body: { reason: '重复录入', date: '2025-06-02' },
    })
    await pay(s, b.id, 100_000_00, { date: '2025-10-08' })
    await pay(s, c.id, 12_345_67, { date: '2025-11-30' })
    return { a, b, c }
  }

  it('sums per project, unit, source and cycle to the fen, with the monthly curve and warnings', async () => {
    const s = await cycleWithProjects(t)
    await books(s)
    t.clock.now = new Date('2025-12-01T04:00:00Z')
    let sum
    try {
      sum = await ok('GET', `/api/cycles/${s.cycleId}/budget-summary`, s.deputies[0]!.token)
    } finally {
      t.clock.now = null
    }
    expect(sum.asOf).toBe('2025-12-01')
    expect(sum.pool).toMatchObject({
      poolFen: POOL,
      committedFen: 800_000_00 + 123_45,
      approvedFen: 800_000_00,
    })
    expect(sum.totals).toMatchObject({
      budgetedFen: 900_000_00,
      disbursedFen: 100_000_00 + 50_000_33 + 100_000_00 + 12_345_67,
      draftFen: 123_45,
      otherSourcesFen: 100_000_00,
    })
    expect(sum.totals.remainingFen).toBe(sum.totals.budgetedFen - sum.totals.disbursedFen)
    expect(sum.totals.rateBp).toBe(Math.floor((262_346_00 * 10000) / 900_000_00))
    const [x0, x1, x2] = sum.projects
    expect(x0).toMatchObject({
      budgetedFen: 400_000_00,
      disbursedFen: 250_000_33,
      poolFen: 300_000_00,
      otherSourcesFen: 100_000_00,
      rateBp: 6250,
      rate: '62.50',
      warning: null,
    })
    expect(x0.bySource).toEqual([
      expect.objectContaining({
        source: 'local',
        budgetedFen: 300_000_00,
        disbursedFen: 150_000_33,
      }),
      expect.objectContaining({
        source: 'transfer',
        budgetedFen: 100_000_00,
        disbursedFen: 100_000_00,
        rate: '100.00',
      }),
    ])
    expect(x1).toMatchObject({ budgetedFen: 500_000_00, disbursedFen: 12_345_67, rateBp: 246 })
    expect(x1.warning).toMatchObject({
      level: 'warning',
      code: 'UNDER_SPENDING',
      since: '2025-09-30',
    })
    expect(x2).toMatchObject({ budgetedFen: 0, draftFen: 123_45 })
    expect(x2.warning).toMatchObject({ code: 'NOT_BUDGETED' })
    expect(sum.warnings.map((w: { projectId: string }) => w.projectId)).toEqual([
      s.projectIds[1],
      s.projectIds[2],
    ])
    // All fixture candidates share one unit: one row with everything.
    expect(sum.units).toEqual([
      expect.objectContaining({
        responsibleUnit: '市民政局',
        projects: 3,
        budgetedFen: 900_000_00,
        disbursedFen: sum.totals.disbursedFen,
      }),
    ])
    expect(
      sum.sources.map((x: { source: string; budgetedFen: number }) => [x.source, x.budgetedFen]),
    ).toEqual([
      ['local', 800_000_00],
      ['transfer', 100_000_00],
    ])
    const months = Object.fromEntries(
      sum.monthly.map((m: { month: string; amountFen: number }) => [m.month, m.amountFen]),
    )
    expect(sum.monthly).toHaveLength(12)
    expect(months).toMatchObject({
      '2025-02': 100_000_00,
      '2025-05': 50_000_33 + 77_777_77,
      '2025-06': -77_777_77,
      '2025-10': 100_000_00,
      '2025-11': 12_345_67,
      '2025-01': 0,
    })
    expect(sum.monthly.at(-1).cumulativeFen).toBe(sum.totals.disbursedFen)

    // The downstream exports give the same figures.
    const cf = await getCycleFinance(t.database.db, s.cycleId, new Date('2025-12-01T04:00:00Z'))
    expect(cf!.totals.disbursedFen).toBe(sum.totals.disbursedFen)
    const pf = await getProjectFinance(t.database.db, s.projectIds[0]!)
    expect(pf).toMatchObject({
      budgetedFen: 400_000_00,
      disbursedFen: 250_000_33,
      rateBp: 6250,
      lastDisbursementDate: '2025-10-08',
    })
    expect(await getProjectFinance(t.database.db, NIL)).toBeUndefined()
  })

  it('exports the ledger and the summary as .xlsx that match the ledger to the fen', async () => {
    const s = await cycleWithProjects(t)
    await books(s)
    const res = await t.request('GET', `/api/cycles/${s.cycleId}/ledger.xlsx`, {
      token: s.finance.token,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/)
    expect(res.headers.get('content-disposition')).toMatch(/filename\*=UTF-8''/)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never)
    const ws = wb.getWorksheet('拨付台账')!
    const header = (ws.getRow(1).values as unknown[]).slice(1)
    const col = (name: string) => header.indexOf(name) + 1
    const ledger = await ok('GET', `/api/cycles/${s.cycleId}/ledger?limit=500`, s.finance.token)
    const rows = ledger.items.length
    for (let i = 0; i < rows; i++) {
      const r = ws.getRow(i + 2)
      const e = ledger.items[i]
      expect(r.getCell(col('金额（分）')).value).toBe(e.amountFen)
      // The yuan cell is the fen figure with two decimals, no drift.
      expect((r.getCell(col('金额（元）')).value as number).toFixed(2)).toBe(
        `${e.amountFen < 0 ? '-' : ''}${Math.trunc(Math.abs(e.amountFen) / 100)}.${String(Math.abs(e.amountFen) % 100).padStart(2, '0')}`,
      )
      expect(r.getCell(col('凭证号')).value).toBe(e.voucherNo)
    }
    const total = ws.getRow(rows + 2)
    expect(total.getCell(1).value).toBe('合计')
    expect(total.getCell(col('金额（分）')).value).toBe(
      ledger.items.reduce((s2: number, e: { amountFen: number }) => s2 + e.amountFen, 0),
    )
    expect(wb.getWorksheet('预算指标')!.rowCount).toBe(1 + 4)

    const sres = await t.request('GET', `/api/cycles/${s.cycleId}/budget-summary.xlsx`, {
      token: s.staff.token,
    })
    expect(sres.status).toBe(200)
    const swb = new ExcelJS.Workbook()
    await swb.xlsx.load(Buffer.from(await sres.arrayBuffer()) as never)
    const sum = await ok('GET', `/api/cycles/${s.cycleId}/budget-summary`, s.staff.token)
    const ps = swb.getWorksheet('项目执行')!
    const sh = (ps.getRow(1).values as unknown[]).slice(1)
    const last = ps.getRow(sum.projects.length + 2)
    expect(last.getCell(sh.indexOf('已拨付（分）') + 1).value).toBe(sum.totals.disbursedFen)
    expect(last.getCell(sh.indexOf('预算（分）') + 1).value).toBe(sum.totals.budgetedFen)
    expect(swb.getWorksheet('月度拨付')!.rowCount).toBe(1 + sum.monthly.length)
  })
})

describe('final accounts', () => {
  it('records the variance and requires an explanation above the cycle’s threshold', async () => {
    const s = await cycleWithProjects(t)
    const p = s.projectIds[0]!
    const l = await approvedLine(s, p, 1_000_000)
    await pay(s, l.id, 900_000)
    const within = await t.call('POST', `/api/projects/${p}/final-accounts`, {
      token: s.finance.token,
      body: { finalAmountFen: 900_000 },
    })
    expect(within.status).toBe(201)
    expect(within.body).toMatchObject({
      revision: 1,
      finalAmountFen: 900_000,
      budgetedFen: 1_000_000,
      disbursedFen: 900_000,
      varianceFen: -100_000,
      varianceBp: 1000,
      varianceThresholdBp: 1000,
      explanation: null,
    })
    const beyond = await t.call('POST', `/api/projects/${p}/final-accounts`, {
      token: s.finance.token,
      body: { finalAmountFen: 899_999 },
    })
    expect(beyond.status).toBe(400)
    expect(beyond.body.error).toMatchObject({
      code: 'EXPLANATION_REQUIRED',
      varianceFen: -100_001,
      varianceThresholdBp: 1000,
      budgetedFen: 1_000_000,
    })
    const blank = await t.call('POST', `/api/projects/${p}/final-accounts`, {
      token: s.finance.token,
      body: { finalAmountFen: 899_999, explanation: '  ' },
    })
    expect(blank.body.error.code).toBe('EXPLANATION_REQUIRED')
    const explained = await t.call('POST', `/api/projects/${p}/final-accounts`, {
      token: s.finance.token,
      body: { finalAmountFen: 899_999, explanation: '招标节约资金' },
    })
    expect(explained.status).toBe(201)
    expect(explained.body).toMatchObject({ revision: 2, explanation: '招标节约资金' })
    // A stricter threshold set with the pool.
    await ok('PUT', `/api/cycles/${s.cycleId}/fund-pool`, s.finance.token, {
      fundPoolFen: POOL,
      documentRef: '示财预〔2025〕3号',
      varianceThresholdBp: 0,
    })
    const strict = await t.call('POST', `/api/projects/${p}/final-accounts`, {
      token: s.finance.token,
      body: { finalAmountFen: 1_000_001 },
    })
    expect(strict.body.error.code).toBe('EXPLANATION_REQUIRED')
    const budget = await ok('GET', `/api/projects/${p}/budget`, s.staff.token)
    expect(budget.finalAccounts).toHaveLength(2)
    expect(budget.figures.finalAccount).toMatchObject({ revision: 2, finalAmountFen: 899_999 })
    await expect(t.database.db.deleteFrom('final_account').execute()).rejects.toThrow(/append-only/)
    expect(await auditActions(s.j.id)).toEqual(expect.arrayContaining(['budget.final_account']))
  })
})

describe('public views', () => {
  it('show per-project and cycle figures without voucher numbers or payees, only for published results', async () => {
    const s = await cycleWithProjects(t)
    const l = await approvedLine(s, s.projectIds[0]!, 1_000_000)
    const p = (
      await pay(s, l.id, 400_000, {
        voucherNo: 'SECRET-VOUCHER-9',
        payee: '某某建设有限公司',
        note: '内部备注',
      })
    ).body
    await t.call('POST', `/api/disbursements/${p.id}/reverse`, {
      token: s.finance.token,
      body: { reason: '内部原因' },
    })
    await pay(s, l.id, 250_000, { voucherNo: 'SECRET-VOUCHER-10', payee: '某某建设有限公司' })
    const proj = await t.call('GET', `/api/public/projects/${s.projectIds[0]}/budget`)
    expect(proj.status).toBe(200)
    expect(proj.body).toMatchObject({
      budgetedFen: 1_000_000,
      disbursedFen: 250_000,
      rateBp: 2500,
      rate: '25.00',
    })
    expect(proj.body.disbursements).toHaveLength(3)
    const cyc = await t.call('GET', `/api/public/cycles/${s.cycleId}/budget-summary`)
    expect(cyc.status).toBe(200)
    expect(cyc.body.totals).toMatchObject({ budgetedFen: 1_000_000, disbursedFen: 250_000 })
    for (const body of [proj.body, cyc.body]) {
      const text = JSON.stringify(body)
      for (const secret of ['SECRET-VOUCHER', '某某建设', '内部', 'voucherNo', 'payee'])
        expect(text).not.toContain(secret)
    }
    // A cycle whose selection is not published has no public budget.
    const unpublished = await t.factory.jurisdiction()
    const { BallotFactory } = await import('../ballots/ballots.factory.js')
    const sc = await new BallotFactory(t).cycle(unpublished)
    expect((await t.call('GET', `/api/public/cycles/${sc.id}/budget-summary`)).status).toBe(404)
    expect((await t.call('GET', `/api/public/projects/${NIL}/budget`)).status).toBe(404)
    expect((await t.call('GET', `/api/public/cycles/not-an-id/budget-summary`)).status).toBe(404)
  })
})

describe('closed cycles', () => {
  it('refuses budget writes once the cycle is closed', async () => {
    const s = await cycleWithProjects(t)
    const l = await approvedLine(s, s.projectIds[0]!, 1_000)
    await t.database.db
      .updateTable('cycle')
      .set({ phase: 'closed' })
      .where('id', '=', s.cycleId)
      .execute()
    const r = await pay(s, l.id, 1)
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('CYCLE_CLOSED')
    const line = await t.call('POST', `/api/projects/${s.projectIds[0]}/budget-lines`, {
      token: s.finance.token,
      body: lineBody(1),
    })
    expect(line.body.error.code).toBe('CYCLE_CLOSED')
    expect(
      (await t.call('GET', `/api/cycles/${s.cycleId}/budget-summary`, { token: s.finance.token }))
        .status,
    ).toBe(200)
  })
})

describe('tenant isolation and roles', () => {
  let s: Scenario
  let ids: { lid: string; did: string; pid: string; cid: string }
  beforeAll(async () => {
    s = await cycleWithProjects(t)
    const l = await approvedLine(s, s.projectIds[0]!, 1_000_000)
    const d = (await pay(s, l.id, 1_000)).body
    ids = { lid: l.id, did: d.id, pid: s.projectIds[0]!, cid: s.cycleId }
  })

  const routes = (i: {
    lid: string
    did: string
    pid: string
    cid: string
  }): [string, string, unknown?][] => [
    ['GET', `/api/cycles/${i.cid}/fund-pool`],
    ['PUT', `/api/cycles/${i.cid}/fund-pool`, { fundPoolFen: 1, documentRef: 'x' }],
    ['GET', `/api/cycles/${i.cid}/budget-lines`],
    ['POST', `/api/projects/${i.pid}/budget-lines`, lineBody(1)],
    ['PATCH', `/api/budget-lines/${i.lid}`, { amountFen: 1 }],
    ['POST', `/api/budget-lines/${i.lid}/approve`],
    ['POST', `/api/budget-lines/${i.lid}/withdraw`],
    ['POST', `/api/budget-lines/${i.lid}/adjustments`, { deltaFen: 1, reason: 'x' }],
    ['GET', `/api/budget-lines/${i.lid}/disbursements`],
    [
      'POST',
      `/api/budget-lines/${i.lid}/disbursements`,
      { date: '2025-01-01', amountFen: 1, voucherNo: 'v', payee: 'p' },
    ],
    ['POST', `/api/disbursements/${i.did}/reverse`, { reason: 'x' }],
    ['GET', `/api/disbursements/${i.did}/attachment`],
    ['GET', `/api/cycles/${i.cid}/budget-summary`],
    ['GET', `/api/cycles/${i.cid}/ledger`],
    ['GET', `/api/cycles/${i.cid}/ledger.xlsx`],
    ['GET', `/api/cycles/${i.cid}/budget-summary.xlsx`],
    ['GET', `/api/projects/${i.pid}/budget`],
    ['POST', `/api/projects/${i.pid}/final-accounts`, { finalAmountFen: 1, explanation: 'x' }],
  ]

  it('answers 404 on every route to finance and staff of another jurisdiction, and changes nothing', async () => {
    const other = await t.factory.jurisdiction()
    const foreign = await t.factory.user(other, ['finance', 'staff', 'deputy', 'unit'])
    const before = await t.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('jurisdiction_id', '=', s.j.id)
      .executeTakeFirstOrThrow()
    for (const [method, path, body] of routes(ids)) {
      const r = await t.call(method, path, { token: foreign.token, body })
      expect([method, path, r.status]).toEqual([method, path, 404])
      expect(r.body.error.code).toBe('NOT_FOUND')
    }
    const after = await t.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('jurisdiction_id', '=', s.j.id)
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
    for (const [method, path, body] of routes(ids)) {
      const r = await t.call(method, path, { body })
      expect([method, path, r.status]).toEqual([method, path, 401])
    }
  })

  it('lets the city above read a county’s books but not write them; deputies and staff read only', async () => {
    const city = await t.factory.jurisdiction()
    const county = await cycleWithProjects(t, { parent: city })
    const l = await approvedLine(county, county.projectIds[0]!, 1_000)
    const cityStaff = await t.factory.user(city, ['staff', 'finance'])
    expect(
      (
        await t.call('GET', `/api/cycles/${county.cycleId}/budget-summary`, {
          token: cityStaff.token,
        })
      ).status,
    ).toBe(200)
    expect(
      (await t.call('GET', `/api/cycles/${county.cycleId}/ledger`, { token: cityStaff.token }))
        .status,
    ).toBe(200)
    const w = await t.call('POST', `/api/budget-lines/${l.id}/disbursements`, {
      token: cityStaff.token,
      body: { date: '2025-01-01', amountFen: 1, voucherNo: 'v', payee: 'p' },
    })
    expect(w.status).toBe(403)
    for (const token of [county.staff.token, county.deputies[0]!.token]) {
      expect(
        (await t.call('GET', `/api/projects/${county.projectIds[0]}/budget`, { token })).status,
      ).toBe(200)
      const r = await t.call('POST', `/api/budget-lines/${l.id}/disbursements`, {
        token,
        body: { date: '2025-01-01', amountFen: 1, voucherNo: 'v', payee: 'p' },
      })
      expect(r.status).toBe(403)
    }
  })

  it('answers unknown and malformed ids with 404', async () => {
    const bad = { lid: NIL, did: NIL, pid: NIL, cid: NIL }
    for (const [method, path, body] of routes(bad)) {
      const r = await t.call(method, path, { token: s.finance.token, body })
      expect([method, path, r.status]).toEqual([method, path, 404])
    }
    const malformed = { lid: 'x', did: '1;drop', pid: '%27', cid: '123' }
    for (const [method, path, body] of routes(malformed)) {
      const r = await t.call(method, path, { token: s.finance.token, body })
      expect([method, path, r.status]).toEqual([method, path, 404])
    }
  })
})

describe('bad input', () => {
  let s: Scenario
  let lid: string
  let did: string
  beforeAll(async () => {
    s = await cycleWithProjects(t)
    const l = await approvedLine(s, s.projectIds[0]!, 1_000_000)
    lid = l.id
    did = (await pay(s, lid, 1_000)).body.id
  })

  const HUGE = Number.MAX_SAFE_INTEGER + 2
  const cases = (): [string, string, unknown[]][] => [
    [
      'PUT',
      `/api/cycles/${s.cycleId}/fund-pool`,
      [
        {},
        { fundPoolFen: '100', documentRef: 'x' },
        { fundPoolFen: -1, documentRef: 'x' },
        { fundPoolFen: 1.5, documentRef: 'x' },
        { fundPoolFen: HUGE, documentRef: 'x' },
        { fundPoolFen: 1e20, documentRef: 'x' },
        { fundPoolFen: 1, documentRef: '' },
        { fundPoolFen: 1, documentRef: 'x', extra: true },
        { fundPoolFen: 1, documentRef: 'x', varianceThresholdBp: 10001 },
        [],
        null,
      ],
    ],
    [
      'POST',
      `/api/projects/${s.projectIds[1]}/budget-lines`,
      [
        {},
        lineBody(0),
        lineBody(-100),
        lineBody(HUGE),
        lineBody(10_000_000_000_001),
        lineBody(1.01),
        lineBody(1, { source: 'central' }),
        lineBody(1, { fiscalYear: '2025' }),
        lineBody(1, { fiscalYear: 1999 }),
        lineBody(1, { subjectCode: '21-305' }),
        lineBody(1, { subjectCode: 2130505 }),
        lineBody(1, { documentNo: '' }),
        lineBody(1, { documentNo: 'x'.repeat(101) }),
        lineBody(1, { fromPool: 'yes' }),
        lineBody(1, { status: 'approved' }),
        lineBody(1, { projectId: s.projectIds[0] }),
        { ...lineBody(1), amountFen: '1' },
      ],
    ],
    [
      'PATCH',
      `/api/budget-lines/${lid}`,
      [{}, { amountFen: -1 }, { amountFen: HUGE }, { status: 'draft' }, { source: 1 }],
    ],
    [
      'POST',
      `/api/budget-lines/${lid}/adjustments`,
      [
        {},
        { deltaFen: 0, reason: 'x' },
        { deltaFen: HUGE, reason: 'x' },
        { deltaFen: -HUGE, reason: 'x' },
        { deltaFen: 1.5, reason: 'x' },
        { deltaFen: 1, reason: 'x'.repeat(501) },
        { deltaFen: 1, reason: 'x', at: 'now' },
      ],
    ],
    [
      'POST',
      `/api/budget-lines/${lid}/disbursements`,
      [
        {},
        { date: '2025-02-30', amountFen: 1, voucherNo: 'v', payee: 'p' },
        { date: '2025/01/01', amountFen: 1, voucherNo: 'v', payee: 'p' },
        { date: '2025-01-01', amountFen: 0, voucherNo: 'v', payee: 'p' },
        { date: '2025-01-01', amountFen: -5, voucherNo: 'v', payee: 'p' },
        { date: '2025-01-01', amountFen: HUGE, voucherNo: 'v', payee: 'p' },
        { date: '2025-01-01', amountFen: 1e300, voucherNo: 'v', payee: 'p' },
        { date: '2025-01-01', amountFen: 1, voucherNo: '', payee: 'p' },
        { date: '2025-01-01', amountFen: 1, voucherNo: 'v' },
        { date: '2025-01-01', amountFen: 1, voucherNo: 'v', payee: 'p', lineId: lid },
        { date: 20250101, amountFen: 1, voucherNo: 'v', payee: 'p' },
      ],
    ],
    [
      'POST',
      `/api/disbursements/${did}/reverse`,
      [
        {},
        { reason: '' },
        { reason: 1 },
        { reason: 'x', date: 'yesterday' },
        { reason: 'x', amountFen: 1 },
      ],
    ],
    [
      'POST',
      `/api/projects/${s.projectIds[0]}/final-accounts`,
      [
        {},
        { finalAmountFen: -1 },
        { finalAmountFen: HUGE },
        { finalAmountFen: '1' },
        { finalAmountFen: 1, explanation: 5 },
        { finalAmountFen: 1, revision: 3 },
      ],
    ],
  ]

  it('answers wrong types, negative and huge amounts, unknown fields and non-JSON with 4xx and changes nothing', async () => {
    const before = await t.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('jurisdiction_id', '=', s.j.id)
      .executeTakeFirstOrThrow()
    for (const [method, path, bodies] of cases()) {
      for (const body of bodies) {
        const r = await t.call(method, path, {
          token: s.finance.token,
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        })
        expect([method, path, body, r.status]).toEqual([method, path, body, 400])
        expect(r.body.error.code).toBe('VALIDATION_FAILED')
        expect(r.body.error.requestId).toEqual(expect.any(String))
      }
      const notJson = await t.call(method, path, {
        token: s.finance.token,
        body: 'amountFen=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      expect(notJson.status).toBe(415)
      const malformed = await t.call(method, path, {
        token: s.finance.token,
        body: '{"amountFen":',
        headers: { 'content-type': 'application/json' },
      })
      expect(malformed.status).toBe(400)
      expect(malformed.body.error.code).toBe('MALFORMED_JSON')
    }
    // A huge number written in JSON beyond what a double holds exactly.
    const raw = await t.call('POST', `/api/budget-lines/${lid}/disbursements`, {
      token: s.finance.token,
      body: '{"date":"2025-01-01","amountFen":9007199254740993,"voucherNo":"v","payee":"p"}',
      headers: { 'content-type': 'application/json' },
    })
    expect(raw.status).toBe(400)
    const after = await t.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('jurisdiction_id', '=', s.j.id)
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
    const figures = await ok('GET', `/api/projects/${s.projectIds[0]}/budget`, s.finance.token)
    expect(figures.figures).toMatchObject({ budgetedFen: 1_000_000, disbursedFen: 1_000 })
  })

  it('keeps the audit chain verifiable after all of the above', async () => {
    const admin = await t.factory.user(s.j, ['admin'])
    const v = await t.call('GET', '/api/audit/verify', { token: admin.token })
    expect(v.body.ok).toBe(true)
  })
})

describe('a cycle before its projects are made', () => {
  it('shows empty figures, not an error', async () => {
    const s = await publishedCycle(t)
    const list = await ok('GET', `/api/cycles/${s.cycleId}/projects`, s.finance.token)
    expect(list.items).toEqual([])
    const sum = await ok('GET', `/api/cycles/${s.cycleId}/budget-summary`, s.finance.token)
    expect(sum.projects).toEqual([])
    expect(sum.totals).toMatchObject({ budgetedFen: 0, disbursedFen: 0, rateBp: null, rate: null })
  })
})

describe('the API document', () => {
  it('documents every projects and budget route', async () => {
    const res = await t.app.request('/api/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> }
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ms]) =>
        Object.keys(ms).map((m) => `${m.toUpperCase()} ${p}`),
      ),
    )
    const mine = [
      'POST /api/cycles/{cid}/projects/from-result',
      'GET /api/cycles/{cid}/projects',
      'GET /api/projects/{pid}',
      'GET /api/cycles/{cid}/fund-pool',
      'PUT /api/cycles/{cid}/fund-pool',
      'GET /api/cycles/{cid}/budget-lines',
      'POST /api/projects/{pid}/budget-lines',
      'PATCH /api/budget-lines/{lid}',
      'POST /api/budget-lines/{lid}/approve',
      'POST /api/budget-lines/{lid}/withdraw',
      'POST /api/budget-lines/{lid}/adjustments',
      'GET /api/budget-lines/{lid}/disbursements',
      'POST /api/budget-lines/{lid}/disbursements',
      'POST /api/disbursements/{did}/reverse',
      'POST /api/disbursements/{did}/attachment',
      'GET /api/disbursements/{did}/attachment',
      'GET /api/cycles/{cid}/budget-summary',
      'GET /api/cycles/{cid}/ledger',
      'GET /api/cycles/{cid}/ledger.xlsx',
      'GET /api/cycles/{cid}/budget-summary.xlsx',
      'GET /api/projects/{pid}/budget',
      'POST /api/projects/{pid}/final-accounts',
      'GET /api/public/projects/{pid}/budget',
      'GET /api/public/cycles/{cid}/budget-summary',
    ]
    expect(mine.filter((r) => !documented.has(r))).toEqual([])
  })
})
