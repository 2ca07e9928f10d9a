import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedFoundation, type DemoFoundation } from '@ms/db/seed'
import { hashPassword } from '@ms/db'
import { createTestApp, TEST_PASSWORD, type TestApp } from '../testing/harness.js'
import { verifyAuditChains } from '../audit/audit.repository.js'
import { seedBallotDemo } from './ballots.demo.js'
import { getPublishedSelection } from './ballots.exports.js'
import { verify } from '../../../test/verifier/verify-vote.js'

let t: TestApp
let f: DemoFoundation
beforeAll(async () => {
  t = await createTestApp()
  f = await seedFoundation(t.database.db, await hashPassword(TEST_PASSWORD))
  await seedBallotDemo(t.deps, f)
})
afterAll(() => t.close())

describe('the ballot demo step', () => {
  it('publishes 示例市’s 2025 selection: 150 entitled, 140 present, 138 voted, 10 chosen', async () => {
    const vote = await t.database.db
      .selectFrom('vote')
      .innerJoin('cycle', 'cycle.id', 'vote.cycle_id')
      .select(['vote.id', 'vote.state', 'cycle.id as cycle_id', 'cycle.year'])
      .where('cycle.jurisdiction_id', '=', f.cityId)
      .executeTakeFirstOrThrow()
    expect(vote).toMatchObject({ state: 'published', year: 2025 })
    const result = await t.call('GET', `/api/public/votes/${vote.id}/result`)
    expect(result.status).toBe(200)
    expect(result.body).toMatchObject({
      status: 'decided',
      basis: 'all',
      basisCount: 150,
      threshold: 76,
      turnout: { entitled: 150, present: 140, voted: 138 },
      ballots: { electronic: 138, paper: 0, valid: 138, invalid: 0 },
      ties: [],
      shortfall: 0,
    })
    expect(result.body.rows).toHaveLength(12)
    expect(result.body.rows.filter((r: { selected: boolean }) => r.selected)).toHaveLength(10)
    // Varied choices: every candidate got some 反对 and some 弃权.
    for (const r of result.body.rows) expect(r.against > 0 && r.abstain > 0).toBe(true)
    expect(await getPublishedSelection(t.database.db, vote.cycle_id)).toHaveLength(10)

    // The published vote passes the independent verifier.
    const board = await t.call('GET', `/api/public/votes/${vote.id}/bulletin`)
    const checks = verify(result.body, board.body)
    expect(checks.filter((c) => !c.ok)).toEqual([])

    // A demo deputy sees the vote in their history as cast.
    const token = await t.login('deputy001', TEST_PASSWORD)
    const mine = await t.call('GET', '/api/me/votes', { token })
    expect(mine.body.items[0]).toMatchObject({ id: vote.id, state: 'published' })
    expect((await verifyAuditChains(t.database.db, [f.cityId]))[0]!.ok).toBe(true)
  })
})
