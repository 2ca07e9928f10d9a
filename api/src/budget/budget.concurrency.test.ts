import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { cycleWithProjects } from '../projects/projects.fixtures.js'

/**
 * Races that only a multi-connection server can show: run against real PostgreSQL
 * (DATABASE_URL); the embedded PGlite has a single connection and serialises everything anyway.
 */
const pg = !!process.env.DATABASE_URL

describe.skipIf(!pg)('concurrent finance officers (PostgreSQL)', () => {
  let t: TestApp
  let s: Awaited<ReturnType<typeof cycleWithProjects>>
  beforeAll(async () => {
    t = await createTestApp()
    s = await cycleWithProjects(t)
  })
  afterAll(() => t?.close())

  it('never overdraws a line under 100 concurrent disbursements', async () => {
    const LINE = 1_000_000
    const other = await t.factory.user(s.j, ['finance'])
    const l = await t.call('POST', `/api/projects/${s.projectIds[0]}/budget-lines`, {
      token: s.finance.token,
      body: {
        amountFen: LINE,
        source: 'local',
        fiscalYear: 2025,
        subjectCode: '2130505',
        documentNo: '示财预〔2025〕1号',
      },
    })
    await t.call('POST', `/api/budget-lines/${l.body.id}/approve`, { token: s.finance.token })
    // 100 payments of 13,337 fen would need 1,333,700: about a quarter must be refused.
    const amounts = Array.from({ length: 100 }, (_, i) => 13_337 + (i % 7))
    const results = await Promise.all(
      amounts.map((amountFen, i) =>
        t.call('POST', `/api/budget-lines/${l.body.id}/disbursements`, {
          token: i % 2 ? s.finance.token : other.token,
          body: { date: '2025-05-05', amountFen, voucherNo: `RACE-${i}`, payee: '施工单位' },
        }),
      ),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((x) => x !== 201 && x !== 409)).toEqual([])
    const accepted = results.filter((r) => r.status === 201)
    const refused = results.filter((r) => r.status === 409)
    expect(refused.every((r) => r.body.error.code === 'LINE_OVERDRAWN')).toBe(true)
    const paid = accepted.reduce((sum, r) => sum + (r.body.amountFen as number), 0)
    expect(paid).toBeLessThanOrEqual(LINE)
    expect(accepted.length).toBeGreaterThan(60)
    expect(refused.length).toBeGreaterThan(0)
    // Each refusal saw what was really left, and once refused nothing smaller than a payment remained.
    expect(LINE - paid).toBeLessThan(Math.max(...amounts))
    const row = await t.database.db
      .selectFrom('disbursement')
      .select((eb) => [eb.fn.sum<string>('amount_fen').as('sum'), eb.fn.countAll<number>().as('n')])
      .where('line_id', '=', l.body.id)
      .executeTakeFirstOrThrow()
    expect(Number(row.sum)).toBe(paid)
    expect(Number(row.n)).toBe(accepted.length)
    // Every acknowledged entry is in the audit log.
    const audited = await t.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('jurisdiction_id', '=', s.j.id)
      .where('action', '=', 'budget.disbursement')
      .executeTakeFirstOrThrow()
    expect(Number(audited.n)).toBe(accepted.length)
  })

  it('never lets concurrent new lines exceed the fund pool', async () => {
    const pool = await t.call('GET', `/api/cycles/${s.cycleId}/fund-pool`, {
      token: s.finance.token,
    })
    const room = pool.body.availableFen as number
    const each = Math.floor(room / 20) + 1 // 20 would overshoot by 20 fen: at most 19 fit
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.call('POST', `/api/projects/${s.projectIds[1 + (i % 2)]}/budget-lines`, {
          token: s.finance.token,
          body: {
            amountFen: each,
            source: 'local',
            fiscalYear: 2025,
            subjectCode: '2130505',
            documentNo: `示财预〔2025〕${i}号`,
          },
        }),
      ),
    )
    const ok = results.filter((r) => r.status === 201)
    expect(results.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([])
    expect(
      results
        .filter((r) => r.status === 409)
        .every((r) => r.body.error.code === 'FUND_POOL_EXCEEDED'),
    ).toBe(true)
    expect(ok.length).toBe(19)
    const after = await t.call('GET', `/api/cycles/${s.cycleId}/fund-pool`, {
      token: s.finance.token,
    })
    expect(after.body.committedFen).toBeLessThanOrEqual(after.body.poolFen)
  })
})
