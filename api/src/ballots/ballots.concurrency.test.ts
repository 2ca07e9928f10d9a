import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { BallotFactory } from './ballots.factory.js'

/**
 * Races that only a multi-connection server really shows. On PostgreSQL (DATABASE_URL) they run
 * at full size over a pool of 20 connections; on the embedded PGlite (one connection, so the
 * transactions serialise) they run smaller and check the same outcome: still meaningful for the
 * retry and state checks, not for lock behaviour.
 */
const PG = !!process.env.DATABASE_URL
let t: TestApp
let B: BallotFactory
beforeAll(async () => {
  t = await createTestApp()
  B = new BallotFactory(t)
})
afterAll(() => t.close())

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const count = async (
  table: 'vote_participation' | 'ballot_box' | 'receipt_box' | 'ballot' | 'receipt',
  voteId: string,
) =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('vote_id', '=', voteId)
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('concurrent casting', () => {
  it(`accepts exactly one ballot per deputy under ${PG ? '500' : '100'} concurrent submissions`, async () => {
    const deputies = PG ? 50 : 20
    const each = PG ? 10 : 5
    const s = await B.scenario({ deputies, seats: 3, candidates: 5, open: true })
    const submissions = s.deputies.flatMap((d) =>
      Array.from({ length: each }, (_, k) => ({ d, k })),
    )
    submissions.sort(() => Math.random() - 0.5)
    const results = await Promise.all(
      submissions.map(({ d, k }) =>
        B.cast(s.voteId, d, {
          [s.candidateIds[k % 5]!]: 'for',
          [s.candidateIds[(k + 1) % 5]!]: 'against',
        }),
      ),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((x) => x === 201)).toHaveLength(deputies)
    expect(statuses.filter((x) => x !== 201).every((x) => x === 409)).toBe(true)
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.error.code))).toEqual(
      new Set(['ALREADY_VOTED']),
    )
    expect(await count('vote_participation', s.voteId)).toBe(deputies)
    expect(await count('ballot_box', s.voteId)).toBe(deputies)
    expect(await count('receipt_box', s.voteId)).toBe(deputies)
    await B.api('POST', `/api/votes/${s.voteId}/close`, s.staff.token)
    const res = await B.api('GET', `/api/votes/${s.voteId}/result`, s.staff.token)
    expect(res.ballots.electronic).toBe(deputies)
    expect(res.turnout.voted).toBe(deputies)
  })

  it('counts every accepted ballot when casts race the close (5 runs)', async () => {
    const deputies = PG ? 40 : 15
    for (let run = 0; run < 5; run++) {
      const s = await B.scenario({ deputies, seats: 2, candidates: 4, open: true })
      const casts = s.deputies.map(async (d, i) => {
        await sleep((i * 7) % 25)
        return B.cast(s.voteId, d, { [s.candidateIds[i % 4]!]: 'for' })
      })
      const close = (async () => {
        await sleep(8 + run * 3)
        return t.call('POST', `/api/votes/${s.voteId}/close`, { token: s.staff.token })
      })()
      const [results, closed] = await Promise.all([Promise.all(casts), close])
      expect(closed.status).toBe(200)
      const accepted = results.filter((r) => r.status === 201).length
      const refused = results.filter((r) => r.status !== 201)
      expect(refused.every((r) => r.status === 409 && r.body.error.code === 'VOTE_NOT_OPEN')).toBe(
        true,
      )
      const res = await B.api('GET', `/api/votes/${s.voteId}/result`, s.staff.token)
      expect(res.ballots.electronic, `run ${run}`).toBe(accepted)
      expect(res.turnout.voted, `run ${run}`).toBe(accepted)
      expect(res.rows.reduce((n: number, r: { for: number }) => n + r.for, 0)).toBe(accepted)
      expect(await count('ballot', s.voteId)).toBe(accepted)
      expect(await count('receipt', s.voteId)).toBe(accepted)
      expect(await count('ballot_box', s.voteId)).toBe(0)
    }
  })
})
