import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFoundation, type DemoFoundation } from '@ms/db/seed'
import { hashPassword } from '@ms/db'
import { createTestApp, TEST_PASSWORD, type TestApp } from '../testing/harness.js'
import { seedCycleDemo } from './cycles.demo.js'
import { verifyAuditChains } from '../audit/audit.repository.js'

let t: TestApp
let f: DemoFoundation
beforeAll(async () => {
  t = await createTestApp()
  f = await seedFoundation(t.database.db, await hashPassword(TEST_PASSWORD))
  await seedCycleDemo(t.deps, f)
})
afterAll(() => t.close())

describe('the cycles demo step', () => {
  it('leaves 示例市 a 2026 cycle in screening with enough candidates to lock at 20 %', async () => {
    const staff = await t.login('staff')
    const cycles = await t.call('GET', `/api/jurisdictions/${f.cityId}/cycles`, { token: staff })
    expect(cycles.body.items).toHaveLength(1)
    const c = cycles.body.items[0]
    expect(c).toMatchObject({
      year: 2026,
      title: '2026年度民生实事项目',
      seats: 10,
      marginRatio: 0.2,
      requiredCandidates: 12,
      fundPoolFen: 1_000_000_000,
      thresholdBasis: 'all',
      phase: 'screening',
      candidateCount: 13,
    })
    const list = await t.call('GET', `/api/cycles/${c.id}/candidates`, { token: staff })
    expect(list.body.items.map((x: { title: string }) => x.title)).toContain('老年幸福餐桌')
    for (const x of list.body.items) {
      expect(x.estimateFen).toBeGreaterThan(0)
      expect(x.unitId).toEqual(expect.any(String))
      expect(x.plannedCompletion).toMatch(/^202[67]-/)
      expect(x.targets).toMatch(/\d/)
    }
    const inbox = await t.call('GET', `/api/cycles/${c.id}/suggestions?limit=500`, { token: staff })
    const items = inbox.body.items as { source: string; outcome: string; reply: string | null }[]
    expect(items.length).toBeGreaterThanOrEqual(30)
    expect(new Set(items.map((s) => s.source))).toEqual(new Set(['deputy', 'public', 'unit']))
    expect(new Set(items.map((s) => s.outcome))).toEqual(
      new Set(['adopted', 'merged', 'rejected', 'pending']),
    )
    for (const s of items) if (s.outcome !== 'pending') expect(s.reply).toBeTruthy()
    // The list meets the margin rule: locking works.
    const lock = await t.call('POST', `/api/cycles/${c.id}/candidates/lock`, { token: staff })
    expect(lock.status).toBe(200)
  })

  it('shows a deputy their suggestions with replies, and keeps the audit chain whole', async () => {
    const deputy = await t.login('deputy001')
    const mine = await t.call('GET', '/api/me/suggestions', { token: deputy })
    expect(mine.body.items[0]).toMatchObject({ source: 'deputy', outcome: 'adopted' })
    const chains = await verifyAuditChains(t.database.db, [f.cityId])
    expect(chains[0]).toMatchObject({ ok: true })
    expect(chains[0]!.rows).toBeGreaterThan(50)
  })
})
