import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { BallotFactory } from './ballots.factory.js'

/** Paper ballots: double entry by two tellers, discrepancies, reconciliation, void votes. */
let t: TestApp
let B: BallotFactory
beforeAll(async () => {
  t = await createTestApp()
  B = new BallotFactory(t)
})
afterAll(() => t.close())

async function paperHall(opts: { deputies?: number; seats?: number; candidates?: number } = {}) {
  const s = await B.scenario({
    deputies: opts.deputies ?? 5,
    seats: opts.seats ?? 2,
    candidates: opts.candidates ?? 3,
    open: true,
  })
  const t1 = await t.factory.user(s.j, ['teller'])
  const t2 = await t.factory.user(s.j, ['teller'])
  await B.api('POST', `/api/votes/${s.voteId}/close`, s.staff.token)
  const enter = (token: string, sheetNo: number, round: 1 | 2, body: Record<string, unknown>) =>
    t.call('POST', `/api/votes/${s.voteId}/paper-ballots`, {
      token,
      body: { sheetNo, round, ...body },
    })
  return { ...s, t1, t2, enter }
}

describe('paper ballots', () => {
  it('counts a sheet once both tellers agree, lists a planted discrepancy until staff resolve it', async () => {
    const h = await paperHall()
    const [c0, c1, c2] = h.candidateIds as [string, string, string]
    const sheets: Record<number, Record<string, string>> = {
      1: { [c0]: 'for', [c1]: 'for' },
      2: { [c0]: 'for', [c2]: 'against' },
      3: { [c0]: 'for', [c1]: 'for' },
      4: { [c1]: 'for' },
    }
    for (const [no, choices] of Object.entries(sheets)) {
      const r1 = await h.enter(h.t1.token, Number(no), 1, { choices })
      expect(r1.status).toBe(201)
      expect(r1.body.state).toBe('single')
    }
    // The second teller misreads sheet 2 (the planted discrepancy).
    for (const [no, choices] of Object.entries(sheets)) {
      const body = no === '2' ? { choices: { [c0]: 'for', [c2]: 'for' } } : { choices }
      const r2 = await h.enter(h.t2.token, Number(no), 2, body)
      expect(r2.status).toBe(201)
      expect(r2.body.state).toBe(no === '2' ? 'mismatch' : 'agreed')
    }
    // A spoiled sheet, entered invalid by both.
    await h.enter(h.t1.token, 5, 1, { invalid: true })
    await h.enter(h.t2.token, 5, 2, { invalid: true })
    await B.api('POST', `/api/votes/${h.voteId}/paper-count`, h.staff.token, {
      issued: 5,
      returned: 5,
    })

    const disc = await B.api(
      'GET',
      `/api/votes/${h.voteId}/paper-ballots/discrepancies`,
      h.t1.token,
    )
    expect(disc).toMatchObject({ sheets: 5, reconciled: 4 })
    expect(disc.items).toEqual([
      {
        sheetNo: 2,
        state: 'mismatch',
        round1: { invalid: false, choices: { [c0]: 'for', [c1]: 'abstain', [c2]: 'against' } },
        round2: { invalid: false, choices: { [c0]: 'for', [c1]: 'abstain', [c2]: 'for' } },
      },
    ])
    const blocked = await t.call('POST', `/api/votes/${h.voteId}/certify`, { token: h.staff.token })
    expect(blocked.status).toBe(409)
    expect(blocked.body.error.code).toBe('PAPER_NOT_RECONCILED')
    const before = await B.api('GET', `/api/votes/${h.voteId}/result`, h.staff.token)
    expect(before.paper).toMatchObject({
      issued: 5,
      returned: 5,
      sheets: 5,
      reconciled: 4,
      pending: 1,
    })
    expect(before.ballots.paper).toBe(4)

    // A teller cannot resolve; staff do, after looking at the paper.
    const byTeller = await t.call('POST', `/api/votes/${h.voteId}/paper-ballots/2/resolve`, {
      token: h.t1.token,
      body: { choices: sheets[2] },
    })
    expect(byTeller.status).toBe(403)
    await B.api('POST', `/api/votes/${h.voteId}/paper-ballots/2/resolve`, h.staff.token, {
      choices: sheets[2],
    })
    const after = await B.api(
      'GET',
      `/api/votes/${h.voteId}/paper-ballots/discrepancies`,
      h.staff.token,
    )
    expect(after).toMatchObject({ items: [], sheets: 5, reconciled: 5 })

    const res = await B.api('POST', `/api/votes/${h.voteId}/certify`, h.staff.token)
    expect(res).toMatchObject({
      invalid: 1,
      ballots: { electronic: 0, paper: 5, valid: 4, invalid: 1 },
    })
    expect(res.rows.map((r: { for: number; against: number }) => [r.for, r.against])).toEqual([
      [3, 0],
      [3, 0],
      [0, 1],
    ])
    await B.api('POST', `/api/votes/${h.voteId}/publish`, h.staff.token)
    const board = await B.api('GET', `/api/public/votes/${h.voteId}/bulletin`, h.staff.token)
    expect(board.ballots.filter((b: { source: string }) => b.source === 'paper')).toHaveLength(5)
    expect(board.ballots.find((b: { sheetNo: number }) => b.sheetNo === 5)).toMatchObject({
      invalid: true,
      choices: null,
    })
  })

  it('counts an over-marked sheet as invalid instead of refusing it', async () => {
    const h = await paperHall({ seats: 1 })
    const over = { [h.candidateIds[0]!]: 'for', [h.candidateIds[1]!]: 'for' }
    expect((await h.enter(h.t1.token, 1, 1, { choices: over })).status).toBe(201)
    expect((await h.enter(h.t2.token, 1, 2, { choices: over })).status).toBe(201)
    await B.api('POST', `/api/votes/${h.voteId}/paper-count`, h.staff.token, {
      issued: 1,
      returned: 1,
    })
    const res = await B.api('GET', `/api/votes/${h.voteId}/result`, h.staff.token)
    expect(res.invalid).toBe(1)
    expect(res.rows.every((r: { for: number }) => r.for === 0)).toBe(true)
  })

  it('refuses entries before close, twice the same round, and both rounds by one teller', async () => {
    const s = await B.scenario({ deputies: 3, open: true })
    const teller = await t.factory.user(s.j, ['teller'])
    const open = await t.call('POST', `/api/votes/${s.voteId}/paper-ballots`, {
      token: teller.token,
      body: { sheetNo: 1, round: 1, choices: {} },
    })
    expect(open.status).toBe(409)
    expect(open.body.error.code).toBe('VOTE_NOT_CLOSED')

    const h = await paperHall()
    expect((await h.enter(h.t1.token, 7, 1, { choices: {} })).status).toBe(201)
    const dup = await h.enter(h.t2.token, 7, 1, { choices: {} })
    expect(dup.status).toBe(409)
    expect(dup.body.error.code).toBe('SHEET_ALREADY_ENTERED')
    const same = await h.enter(h.t1.token, 7, 2, { choices: {} })
    expect(same.status).toBe(409)
    expect(same.body.error.code).toBe('SAME_TELLER')
    const unknown = await h.enter(h.t2.token, 8, 1, { choices: { [crypto.randomUUID()]: 'for' } })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.code).toBe('UNKNOWN_CANDIDATE')
    const neither = await h.enter(h.t2.token, 8, 1, {})
    expect(neither.status).toBe(400)
    expect(neither.body.error.code).toBe('VALIDATION_FAILED')
    // The second teller sees that sheet 7 waits for round 2, but not what round 1 read.
    const disc = await B.api(
      'GET',
      `/api/votes/${h.voteId}/paper-ballots/discrepancies`,
      h.t2.token,
    )
    expect(disc.items).toEqual([{ sheetNo: 7, state: 'single', round1: null, round2: null }])
    // A sheet typed under a wrong number is removed by staff.
    await B.api('DELETE', `/api/votes/${h.voteId}/paper-ballots/7`, h.staff.token)
    expect(
      (await B.api('GET', `/api/votes/${h.voteId}/paper-ballots/discrepancies`, h.t2.token)).sheets,
    ).toBe(0)
    // Deputies are not tellers.
    const byDeputy = await t.call('POST', `/api/votes/${h.voteId}/paper-ballots`, {
      token: h.deputies[0]!.token,
      body: { sheetNo: 9, round: 1, choices: {} },
    })
    expect(byDeputy.status).toBe(403)
  })

  it('needs every returned sheet entered before certifying', async () => {
    const h = await paperHall()
    await h.enter(h.t1.token, 1, 1, { choices: {} })
    await h.enter(h.t2.token, 1, 2, { choices: {} })
    const noCount = await t.call('POST', `/api/votes/${h.voteId}/certify`, { token: h.staff.token })
    expect(noCount.body.error.code).toBe('PAPER_NOT_RECONCILED')
    await B.api('POST', `/api/votes/${h.voteId}/paper-count`, h.staff.token, {
      issued: 3,
      returned: 2,
    })
    const missing = await t.call('POST', `/api/votes/${h.voteId}/certify`, { token: h.staff.token })
    expect(missing.body.error.code).toBe('PAPER_NOT_RECONCILED')
    expect(missing.body.error.paper).toMatchObject({ sheets: 1, returned: 2, pending: 1 })
  })

  it('voids the vote when more ballots are returned than issued (Election Law), and allows a new vote', async () => {
    const h = await paperHall({ deputies: 5 })
    for (const no of [1, 2, 3]) {
      await h.enter(h.t1.token, no, 1, { choices: { [h.candidateIds[0]!]: 'for' } })
      await h.enter(h.t2.token, no, 2, { choices: { [h.candidateIds[0]!]: 'for' } })
    }
    const count = await B.api('POST', `/api/votes/${h.voteId}/paper-count`, h.staff.token, {
      issued: 2,
      returned: 3,
    })
    expect(count).toMatchObject({ void: true, voidReason: 'RETURNED_EXCEEDS_ISSUED' })
    const res = await B.api('GET', `/api/votes/${h.voteId}/result`, h.staff.token)
    expect(res).toMatchObject({ status: 'void', voidReason: 'RETURNED_EXCEEDS_ISSUED' })
    expect(res.rows.some((r: { selected: boolean }) => r.selected)).toBe(false)
    const cert = await t.call('POST', `/api/votes/${h.voteId}/certify`, { token: h.staff.token })
    expect(cert.status).toBe(409)
    expect(cert.body.error.code).toBe('VOTE_VOID')
    const again = await t.call('POST', `/api/cycles/${h.cycle.id}/votes`, {
      token: h.staff.token,
      body: { kind: 'selection' },
    })
    expect(again.status).toBe(201)
  })
})
