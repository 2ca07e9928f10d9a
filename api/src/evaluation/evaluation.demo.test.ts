import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFoundation, type DemoFoundation } from '@ms/db/seed'
import { hashPassword } from '@ms/db'
import { createTestApp, TEST_PASSWORD, type TestApp } from '../testing/harness.js'
import { verifyAuditChains } from '../audit/audit.repository.js'
import { seedBallotDemo } from '../ballots/ballots.demo.js'
import { seedBudgetDemo } from '../budget/budget.demo.js'
import { seedProgressDemo } from '../progress/progress.demo.js'
import { seedEvaluationDemo } from './evaluation.demo.js'
import { verify } from '../../../test/verifier/verify-vote.js'

/** The demo step after the ballot, budget and progress steps it builds on. */
let t: TestApp
let f: DemoFoundation
beforeAll(async () => {
  t = await createTestApp()
  f = await seedFoundation(t.database.db, await hashPassword(TEST_PASSWORD))
  await seedBallotDemo(t.deps, f)
  await seedBudgetDemo(t.deps, f)
  await seedProgressDemo(t.deps, f)
  await seedEvaluationDemo(t.deps, f)
}, 600_000)
afterAll(() => t.close())

describe('the evaluation demo step', () => {
  it('publishes 示例市’s 2025 evaluation: 150 entitled, 142 present, 140 rated; one project to rectify', async () => {
    const list = await t.call('GET', '/api/public/evaluations')
    expect(list.body.items).toHaveLength(1)
    const eid = list.body.items[0].id as string
    const r = await t.call('GET', `/api/public/evaluations/${eid}/result`)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      state: 'published',
      status: 'decided',
      turnout: { entitled: 150, present: 142, voted: 140 },
      ballots: { electronic: 140, valid: 140, invalid: 0 },
      rule: { basis: 'all', basisCount: 150, comparison: 'reach', threshold: '0.8000' },
    })
    expect(r.body.rows.length).toBeGreaterThanOrEqual(8)
    const rectify = r.body.rows.filter((x: { rectify: boolean }) => x.rectify)
    expect(rectify).toHaveLength(1)
    expect(Number(rectify[0].ratePercent)).toBeLessThan(80)
    expect(r.body.rows.some((x: { grade: string }) => x.grade === 'satisfied')).toBe(true)

    // One rectification item, assigned to the project's unit, open with a deadline ahead.
    const y = await t.call('GET', `/api/public/cycles/${r.body.cycleId}/year-end`)
    expect(y.body.rectifications).toHaveLength(1)
    expect(y.body.rectifications[0]).toMatchObject({
      state: 'open',
      projectId: rectify[0].projectId,
    })
    expect(y.body.rectifications[0].deadline > new Date().toISOString().slice(0, 10)).toBe(true)
    const cycle = await t.database.db
      .selectFrom('cycle')
      .select('phase')
      .where('id', '=', r.body.cycleId)
      .executeTakeFirstOrThrow()
    expect(cycle.phase).toBe('evaluating')

    // The independent verifier agrees, and the audit chain holds.
    const [result, board] = await Promise.all([
      t.call('GET', `/api/public/votes/${eid}/result`),
      t.call('GET', `/api/public/votes/${eid}/bulletin`),
    ])
    const checks = verify(result.body, board.body)
    expect(checks.filter((c) => !c.ok)).toEqual([])
    expect((await verifyAuditChains(t.database.db, [f.cityId]))[0]!.ok).toBe(true)
  })
})
