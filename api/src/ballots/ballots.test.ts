import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { BallotFactory } from './ballots.factory.js'
import { getPublishedSelection, listDeputyVoteRecord } from './ballots.exports.js'

let t: TestApp
let B: BallotFactory
beforeAll(async () => {
  t = await createTestApp()
  B = new BallotFactory(t)
})
afterAll(() => t.close())

const all = (ids: string[], c: string) => Object.fromEntries(ids.map((id) => [id, c]))

describe('creating a vote and its roster', () => {
  it('creates a selection vote with the active deputies as the default roster', async () => {
    const s = await B.scenario({ deputies: 4, present: 0 })
    const v = await t.call('GET', `/api/votes/${s.voteId}`, { token: s.staff.token })
    expect(v.status).toBe(200)
    expect(v.body).toMatchObject({
      kind: 'selection',
      state: 'draft',
      turnout: { entitled: 4, present: 0, voted: 0 },
      rules: { seats: 3, maxApprovals: 3, ballotForm: 'for_against_abstain', frozen: false },
    })
    expect(v.body.candidates).toHaveLength(5)
    expect(v.body.checkInCode).toMatch(/^\d{6}$/)
    const list = await t.call('GET', `/api/cycles/${s.cycle.id}/votes`, { token: s.staff.token })
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([s.voteId])
  })

  it('refuses a second selection vote for the cycle with 409 VOTE_EXISTS', async () => {
    const s = await B.scenario({ deputies: 2 })
    const r = await t.call('POST', `/api/cycles/${s.cycle.id}/votes`, {
      token: s.staff.token,
      body: { kind: 'selection' },
    })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('VOTE_EXISTS')
  })

  it('refuses a vote before the candidate list is locked with 409 PHASE_CONFLICT', async () => {
    const j = await t.factory.jurisdiction()
    const staff = await t.factory.user(j, ['staff'])
    const cycle = await B.cycle(j, { phase: 'screening' })
    const r = await t.call('POST', `/api/cycles/${cycle.id}/votes`, {
      token: staff.token,
      body: { kind: 'selection' },
    })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('PHASE_CONFLICT')
  })

  it('lets only staff create votes, and hides other jurisdictions (404)', async () => {
    const s = await B.scenario({ deputies: 1 })
    const asDeputy = await t.call('POST', `/api/cycles/${s.cycle.id}/votes`, {
      token: s.deputies[0]!.token,
      body: { kind: 'selection' },
    })
    expect(asDeputy.status).toBe(403)
    const other = await t.factory.jurisdiction()
    const foreign = await t.factory.user(other, ['staff'])
    for (const [m, p] of [
      ['GET', `/api/votes/${s.voteId}`],
      ['GET', `/api/votes/${s.voteId}/turnout`],
      ['POST', `/api/votes/${s.voteId}/open`],
      ['GET', `/api/votes/${s.voteId}/result`],
      ['GET', `/api/cycles/${s.cycle.id}/votes`],
    ] as const) {
      const r = await t.call(m, p, { token: foreign.token })
      expect(r.status, `${m} ${p}`).toBe(404)
    }
    expect((await t.call('GET', `/api/votes/not-an-id`, { token: s.staff.token })).status).toBe(404)
  })

  it('replaces the roster, refuses unknown deputies, and freezes it at open', async () => {
    const s = await B.scenario({ deputies: 4, present: 0 })
    const keep = s.deputies.slice(0, 3).map((d) => d.deputyId)
    const r = await t.call('PUT', `/api/votes/${s.voteId}/roster`, {
      token: s.staff.token,
      body: { deputyIds: keep },
    })
    expect(r.status).toBe(200)
    expect(r.body.entitled).toBe(3)
    const other = await t.factory.jurisdiction()
    const [stranger] = await B.deputies(other, 1)
    const bad = await t.call('PUT', `/api/votes/${s.voteId}/roster`, {
      token: s.staff.token,
      body: { deputyIds: [...keep, stranger!.deputyId] },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('UNKNOWN_DEPUTY')
    await B.api('POST', `/api/votes/${s.voteId}/check-ins`, s.staff.token, { deputyIds: keep })
    await B.api('POST', `/api/votes/${s.voteId}/open`, s.staff.token)
    const late = await t.call('PUT', `/api/votes/${s.voteId}/roster`, {
      token: s.staff.token,
      body: { deputyIds: keep.slice(0, 1) },
    })
    expect(late.status).toBe(409)
    expect(late.body.error.code).toBe('VOTE_NOT_DRAFT')
  })
})

describe('opening and closing', () => {
  it('freezes seats, form, basis and the candidate list when the vote opens', async () => {
    const s = await B.scenario({ deputies: 3 })
    const early = await t.call('POST', `/api/votes/${s.voteId}/close`, { token: s.staff.token })
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('VOTE_NOT_OPEN')
    await B.api('POST', `/api/votes/${s.voteId}/open`, s.staff.token)
    const twice = await t.call('POST', `/api/votes/${s.voteId}/open`, { token: s.staff.token })
    expect(twice.status).toBe(409)
    expect(twice.body.error.code).toBe('VOTE_NOT_DRAFT')
    // Someone changes the cycle and a candidate behind the vote's back: the vote keeps its rules.
    await t.database.db
      .updateTable('cycle')
      .set({ seats: 1, threshold_basis: 'present', ballot_form: 'approve_up_to_n' })
      .where('id', '=', s.cycle.id)
      .execute()
    await t.database.db
      .updateTable('candidate')
      .set({ title: '改过的标题' })
      .where('id', '=', s.candidateIds[0]!)
      .execute()
    const v = await B.api('GET', `/api/votes/${s.voteId}`, s.staff.token)
    expect(v.rules).toEqual({
      seats: 3,
      maxApprovals: 3,
      ballotForm: 'for_against_abstain',
      thresholdBasis: 'all',
      frozen: true,
    })
    expect(v.candidates[0].title).not.toBe('改过的标题')
    const r = await B.cast(s.voteId, s.deputies[0]!, all(s.candidateIds.slice(0, 3), 'for'))
    expect(r.status).toBe(201)
  })

  it('describes the ballot paths in the OpenAPI document', async () => {
    const doc = await t.call('GET', '/api/openapi.json')
    expect(doc.status).toBe(200)
    for (const p of [
      '/api/cycles/{cid}/votes',
      '/api/votes/{vid}/roster',
      '/api/votes/{vid}/ballots',
      '/api/votes/{vid}/turnout/stream',
      '/api/public/votes/{vid}/bulletin',
      '/api/public/receipts/{receipt}',
    ])
      expect(Object.keys(doc.body.paths)).toContain(p)
  })
})

describe('check-in and quorum', () => {
  it('refuses to open without more than half of the roster present (409 QUORUM_NOT_MET)', async () => {
    const s = await B.scenario({ deputies: 4, present: 2 })
    const r = await t.call('POST', `/api/votes/${s.voteId}/open`, { token: s.staff.token })
    expect(r.status).toBe(409)
    expect(r.body.error).toMatchObject({
      code: 'QUORUM_NOT_MET',
      entitled: 4,
      present: 2,
      required: 3,
    })
    await B.api('POST', `/api/votes/${s.voteId}/check-ins`, s.staff.token, {
      deputyId: s.deputies[2]!.deputyId,
    })
    const ok = await t.call('POST', `/api/votes/${s.voteId}/open`, { token: s.staff.token })
    expect(ok.status).toBe(200)
    expect(ok.body.state).toBe('open')
    expect(ok.body.rules.frozen).toBe(true)
    const cycle = await t.database.db
      .selectFrom('cycle')
      .select('phase')
      .where('id', '=', s.cycle.id)
      .executeTakeFirstOrThrow()
    expect(cycle.phase).toBe('voting')
  })

  it('refuses a staff check-in of a deputy who is not on the roster (400 NOT_ON_ROSTER)', async () => {
    const s = await B.scenario({ deputies: 2, present: 0 })
    await B.api('PUT', `/api/votes/${s.voteId}/roster`, s.staff.token, {
      deputyIds: [s.deputies[0]!.deputyId],
    })
    const r = await t.call('POST', `/api/votes/${s.voteId}/check-ins`, {
      token: s.staff.token,
      body: { deputyId: s.deputies[1]!.deputyId },
    })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('NOT_ON_ROSTER')
  })

  it('lets a deputy check in with the hall code, and locks after five wrong codes', async () => {
    const s = await B.scenario({ deputies: 3, present: 0 })
    const code = (await B.api('GET', `/api/votes/${s.voteId}`, s.staff.token)).checkInCode
    const [a, b] = s.deputies
    const ok = await t.call('POST', `/api/votes/${s.voteId}/self-check-in`, {
      token: a!.token,
      body: { code },
    })
    expect(ok.status).toBe(200)
    expect(ok.body.present).toBe(true)
    const wrong = code === '000000' ? '111111' : '000000'
    for (let i = 0; i < 4; i++) {
      const r = await t.call('POST', `/api/votes/${s.voteId}/self-check-in`, {
        token: b!.token,
        body: { code: wrong },
      })
      expect(r.status).toBe(400)
      expect(r.body.error.code).toBe('WRONG_CHECK_IN_CODE')
    }
    const fifth = await t.call('POST', `/api/votes/${s.voteId}/self-check-in`, {
      token: b!.token,
      body: { code: wrong },
    })
    expect(fifth.status).toBe(429)
    const right = await t.call('POST', `/api/votes/${s.voteId}/self-check-in`, {
      token: b!.token,
      body: { code },
    })
    expect(right.status).toBe(429)
    const turnout = await B.api('GET', `/api/votes/${s.voteId}/turnout`, a!.token)
    expect(turnout).toMatchObject({ entitled: 3, present: 1, voted: 0 })
  })

  it('closes check-in with the vote (409 CHECK_IN_CLOSED)', async () => {
    const s = await B.scenario({ deputies: 3, present: 2, open: true })
    await B.api('POST', `/api/votes/${s.voteId}/close`, s.staff.token)
    const r = await t.call('POST', `/api/votes/${s.voteId}/check-ins`, {
      token: s.staff.token,
      body: { deputyId: s.deputies[2]!.deputyId },
    })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('CHECK_IN_CLOSED')
  })
})

describe('casting a ballot', () => {
  it('shows the ballot form, accepts one ballot with a receipt, and answers a retry with 409 ALREADY_VOTED', async () => {
    const s = await B.scenario({ deputies: 3, open: true })
    const d = s.deputies[0]!
    const form = await B.api('GET', `/api/votes/${s.voteId}/ballot`, d.token)
    expect(form).toMatchObject({
      state: 'open',
      form: 'for_against_abstain',
      maxApprovals: 3,
      hasVoted: false,
      onRoster: true,
      present: true,
    })
    expect(form.candidates[0]).toMatchObject({
      title: expect.any(String),
      description: expect.any(String),
      estimateFen: expect.any(Number),
    })
    const r = await B.cast(s.voteId, d, { [s.candidateIds[0]!]: 'for' })
    expect(r.status).toBe(201)
    expect(r.body.receipt).toMatch(/^([A-Z2-7]{4}-){5}[A-Z2-7]{4}$/)
    const again = await B.cast(s.voteId, d, { [s.candidateIds[0]!]: 'for' })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('ALREADY_VOTED')
    expect((await B.api('GET', `/api/votes/${s.voteId}/ballot`, d.token)).hasVoted).toBe(true)
    expect(await B.api('GET', `/api/votes/${s.voteId}/turnout`, s.staff.token)).toMatchObject({
      entitled: 3,
      present: 3,
      voted: 1,
    })
    const mine = await B.api('GET', `/api/me/votes`, d.token)
    expect(mine.items[0]).toMatchObject({ id: s.voteId, hasVoted: true, present: true })
  })

  it('acknowledges a ballot only after its COMMIT: a failed COMMIT leaves no trace and no 201', async () => {
    const s = await B.scenario({ deputies: 3, open: true })
    const d = s.deputies[0]!
    const db = t.database.db
    const count = async (table: 'vote_participation' | 'ballot_box' | 'receipt_box') =>
      (
        await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
          where vote_id = ${s.voteId}`.execute(db)
      ).rows[0]!.n
    // A deferred check that fails at COMMIT, after the cast's statement has written the
    // participation row, the ballot and the receipt hash (and after the checks passed).
    await sql`create function test_refuse_commit() returns trigger language plpgsql
      as $$ begin raise exception 'commit refused (test)'; end $$`.execute(db)
    await sql`create constraint trigger test_refuse_commit after insert on vote_participation
      deferrable initially deferred for each row
      when (new.deputy_id = ${sql.lit(d.deputyId)}::uuid)
      execute function test_refuse_commit()`.execute(db)
    try {
      const r = await B.cast(s.voteId, d, { [s.candidateIds[0]!]: 'for' })
      expect(r.status).toBe(500)
      expect(r.body.receipt).toBeUndefined()
    } finally {
      await sql`drop trigger test_refuse_commit on vote_participation`.execute(db)
      await sql`drop function test_refuse_commit()`.execute(db)
    }
    expect([
      await count('vote_participation'),
      await count('ballot_box'),
      await count('receipt_box'),
    ]).toEqual([0, 0, 0])
    expect((await B.api('GET', `/api/votes/${s.voteId}/ballot`, d.token)).hasVoted).toBe(false)
    // Nothing was recorded, so the deputy can still vote, once.
    expect((await B.cast(s.voteId, d, { [s.candidateIds[0]!]: 'for' })).status).toBe(201)
    expect((await B.cast(s.voteId, d, {})).status).toBe(409)
    expect([
      await count('vote_participation'),
      await count('ballot_box'),
      await count('receipt_box'),
    ]).toEqual([1, 1, 1])
  })

  it('refuses ballots outside the window with 409 VOTE_NOT_OPEN', async () => {
    const s = await B.scenario({ deputies: 3 })
    const before = await B.cast(s.voteId, s.deputies[0]!, {})
    expect(before.status).toBe(409)
    expect(before.body.error.code).toBe('VOTE_NOT_OPEN')
    await B.api('POST', `/api/votes/${s.voteId}/open`, s.staff.token)
    await B.api('POST', `/api/votes/${s.voteId}/close`, s.staff.token)
    const after = await B.cast(s.voteId, s.deputies[0]!, {})
    expect(after.status).toBe(409)
    expect(after.body.error.code).toBe('VOTE_NOT_OPEN')
  })

  it('refuses a deputy who is not on the roster with 403 NOT_ON_ROSTER', async () => {
    const s = await B.scenario({ deputies: 3, present: 0 })
    await B.api('PUT', `/api/votes/${s.voteId}/roster`, s.staff.token, {
      deputyIds: s.deputies.slice(0, 2).map((d) => d.deputyId),
    })
    await B.api('POST', `/api/votes/${s.voteId}/check-ins`, s.staff.token, {
      deputyIds: s.deputies.slice(0, 2).map((d) => d.deputyId),
    })
    await B.api('POST', `/api/votes/${s.voteId}/open`, s.staff.token)
    const r = await B.cast(s.voteId, s.deputies[2]!, {})
    expect(r.status).toBe(403)
    expect(r.body.error.code).toBe('NOT_ON_ROSTER')
    const form = await B.api('GET', `/api/votes/${s.voteId}/ballot`, s.deputies[2]!.token)
    expect(form.onRoster).toBe(false)
  })

  it('refuses more 赞成 than seats with 400 TOO_MANY_APPROVALS', async () => {
    const s = await B.scenario({ deputies: 3, seats: 2, candidates: 4, open: true })
    const r = await B.cast(s.voteId, s.deputies[0]!, all(s.candidateIds.slice(0, 3), 'for'))
    expect(r.status).toBe(400)
    expect(r.body.error).toMatchObject({ code: 'TOO_MANY_APPROVALS', maxApprovals: 2 })
    expect((await B.api('GET', `/api/votes/${s.voteId}/turnout`, s.staff.token)).voted).toBe(0)
  })

  it('refuses a candidate that is not on the vote with 400 UNKNOWN_CANDIDATE', async () => {
    const s = await B.scenario({ deputies: 3, open: true })
    const r = await B.cast(s.voteId, s.deputies[0]!, {
      [crypto.randomUUID()]: 'for',
    })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('UNKNOWN_CANDIDATE')
  })

  it('refuses malformed choices with 400 VALIDATION_FAILED', async () => {
    const s = await B.scenario({ deputies: 3, open: true })
    const r = await B.cast(s.voteId, s.deputies[0]!, { [s.candidateIds[0]!]: 'yes' })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('VALIDATION_FAILED')
  })

  it('needs a check-in before casting (409 NOT_CHECKED_IN)', async () => {
    const s = await B.scenario({ deputies: 3, present: 2, open: true })
    const r = await B.cast(s.voteId, s.deputies[2]!, {})
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('NOT_CHECKED_IN')
  })

  it('on tick-up-to-N ballots counts ticks as 赞成 and refuses 反对', async () => {
    const s = await B.scenario({ deputies: 3, form: 'approve_up_to_n', seats: 2, open: true })
    const bad = await B.cast(s.voteId, s.deputies[0]!, { [s.candidateIds[0]!]: 'against' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('INVALID_CHOICE')
    expect(
      (await B.cast(s.voteId, s.deputies[0]!, all(s.candidateIds.slice(0, 2), 'for'))).status,
    ).toBe(201)
    expect(
      (await B.cast(s.voteId, s.deputies[1]!, all(s.candidateIds.slice(0, 2), 'for'))).status,
    ).toBe(201)
    await B.api('POST', `/api/votes/${s.voteId}/close`, s.staff.token)
    const res = await B.api('GET', `/api/votes/${s.voteId}/result`, s.staff.token)
    expect(res.form).toBe('approve_up_to_n')
    expect(res.rows.slice(0, 3).map((r: { for: number }) => r.for)).toEqual([2, 2, 0])
    expect(res.rows[2]).toMatchObject({ against: 0, abstain: 2 })
  })

  it('does not let staff without the deputy role vote', async () => {
    const s = await B.scenario({ deputies: 3, open: true })
    const r = await t.call('POST', `/api/votes/${s.voteId}/ballots`, {
      token: s.staff.token,
      body: { choices: {} },
    })
    expect(r.status).toBe(403)
  })
})

describe('sealed result, certification and publication', () => {
  it('answers 409 RESULT_SEALED before and while the vote is open, and the full result after close', async () => {
    const s = await B.scenario({ deputies: 5, seats: 2, candidates: 4 })
    const [c0, c1, c2, c3] = s.candidateIds as [string, string, string, string]
    const sealed = await t.call('GET', `/api/votes/${s.voteId}/result`, { token: s.staff.token })
    expect(sealed.status).toBe(409)
    expect(sealed.body.error.code).toBe('RESULT_SEALED')
    await B.api('POST', `/api/votes/${s.voteId}/open`, s.staff.token)
    const ballots = [
      { [c0]: 'for', [c1]: 'for', [c2]: 'against' },
      { [c0]: 'for', [c1]: 'for' },
      { [c0]: 'for', [c2]: 'for', [c3]: 'against' },
      { [c0]: 'for', [c1]: 'for' },
      { [c1]: 'against' },
    ]
    for (const [i, b] of ballots.entries())
      expect((await B.cast(s.voteId, s.deputies[i]!, b)).status).toBe(201)
    const open = await t.call('GET', `/api/votes/${s.voteId}/result`, { token: s.staff.token })
    expect(open.status).toBe(409)
    expect(open.body.error.code).toBe('RESULT_SEALED')
    await B.api('POST', `/api/votes/${s.voteId}/close`, s.staff.token)
    const res = await B.api('GET', `/api/votes/${s.voteId}/result`, s.staff.token)
    expect(res).toMatchObject({
      state: 'closed',
      status: 'decided',
      basis: 'all',
      basisCount: 5,
      threshold: 3,
      ties: [],
      shortfall: 0,
      invalid: 0,
      turnout: { entitled: 5, present: 5, voted: 5 },
      ballots: { electronic: 5, paper: 0, valid: 5, invalid: 0 },
    })
    expect(res.rows).toEqual([
      {
        candidateId: c0,
        title: expect.any(String),
        for: 4,
        against: 0,
        abstain: 1,
        passed: true,
        rank: 1,
        selected: true,
      },
      {
        candidateId: c1,
        title: expect.any(String),
        for: 3,
        against: 1,
        abstain: 1,
        passed: true,
        rank: 2,
        selected: true,
      },
      {
        candidateId: c2,
        title: expect.any(String),
        for: 1,
        against: 1,
        abstain: 3,
        passed: false,
        rank: null,
        selected: false,
      },
      {
        candidateId: c3,
        title: expect.any(String),
        for: 0,
        against: 1,
        abstain: 4,
        passed: false,
        rank: null,
        selected: false,
      },
    ])
  })

  it('certifies only a closed vote and publishes only a certified one; public views wait for publication', async () => {
    const s = await B.scenario({ deputies: 3, open: true })
    const receipts: string[] = []
    for (const d of s.deputies)
      receipts.push((await B.cast(s.voteId, d, { [s.candidateIds[0]!]: 'for' })).body.receipt)
    const early = await t.call('POST', `/api/votes/${s.voteId}/certify`, { token: s.staff.token })
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('VOTE_NOT_CLOSED')
    await B.api('POST', `/api/votes/${s.voteId}/close`, s.staff.token)
    const pubEarly = await t.call('POST', `/api/votes/${s.voteId}/publish`, {
      token: s.staff.token,
    })
    expect(pubEarly.status).toBe(409)
    expect(pubEarly.body.error.code).toBe('VOTE_NOT_CERTIFIED')
    for (const p of [
      `/api/public/votes/${s.voteId}/result`,
      `/api/public/votes/${s.voteId}/bulletin`,
      `/api/public/receipts/${receipts[0]}`,
    ])
      expect((await t.call('GET', p)).status, p).toBe(404)
    const cert = await B.api('POST', `/api/votes/${s.voteId}/certify`, s.staff.token)
    expect(cert).toMatchObject({
      state: 'certified',
      certifiedAt: expect.any(String),
      chainHead: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    const view = await B.api('GET', `/api/votes/${s.voteId}`, s.staff.token)
    expect(view.certifiedBy).toEqual(expect.any(String))
    expect((await t.call('GET', `/api/public/votes/${s.voteId}/result`)).status).toBe(404)
    await B.api('POST', `/api/votes/${s.voteId}/publish`, s.staff.token)
    const pub = await t.call('GET', `/api/public/votes/${s.voteId}/result`)
    expect(pub.status).toBe(200)
    expect(pub.body).toMatchObject({
      state: 'published',
      status: 'shortfall',
      shortfall: 2,
      publishedAt: expect.any(String),
    })
    const board = await t.call('GET', `/api/public/votes/${s.voteId}/bulletin`)
    expect(board.status).toBe(200)
    expect(board.body.ballots).toHaveLength(3)
    expect(board.body.receiptHashes).toHaveLength(3)
    expect([...board.body.receiptHashes].sort()).toEqual(board.body.receiptHashes)
    expect(board.body.chainHead).toBe(cert.chainHead)
    for (const r of receipts) {
      const check = await t.call('GET', `/api/public/receipts/${r.toLowerCase()}`)
      expect(check.status).toBe(200)
      expect(check.body).toEqual({ recorded: true, voteId: s.voteId })
    }
    expect((await t.call('GET', `/api/public/receipts/AAAA-AAAA-AAAA-AAAA-AAAA-AAAA`)).status).toBe(
      404,
    )
    expect((await t.call('GET', `/api/public/receipts/nonsense`)).status).toBe(404)
    // The audit log records who certified and published; casting a ballot writes nothing there.
    const auditRows = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', s.voteId)
      .orderBy('seq')
      .execute()
    expect(auditRows.map((a) => a.action)).toEqual([
      'vote.create',
      'vote.check_in',
      'vote.open',
      'vote.close',
      'vote.certify',
      'vote.publish',
    ])
    const dump = JSON.stringify(auditRows)
    for (const r of receipts) expect(dump).not.toContain(r)
    expect(dump).not.toMatch(/"(for|against|abstain)"/)
  })

  it('counts the threshold on deputies present when the basis is present', async () => {
    const s = await B.scenario({
      deputies: 6,
      present: 4,
      seats: 1,
      candidates: 2,
      basis: 'present',
      open: true,
    })
    for (const d of s.deputies.slice(0, 3))
      await B.cast(s.voteId, d, { [s.candidateIds[0]!]: 'for' })
    await B.api('POST', `/api/votes/${s.voteId}/close`, s.staff.token)
    const res = await B.api('GET', `/api/votes/${s.voteId}/result`, s.staff.token)
    // 3 of 4 present pass; of all 6 entitled they would not.
    expect(res).toMatchObject({ basis: 'present', basisCount: 4, threshold: 3, status: 'decided' })
    expect(res.rows[0]).toMatchObject({ for: 3, passed: true, selected: true })
  })
})

describe('ties and runoffs', () => {
  it('reports a boundary tie, refuses a runoff over other candidates, and completes the selection by runoff', async () => {
    const s = await B.scenario({ deputies: 5, seats: 2, candidates: 4, open: true })
    const [c0, c1, c2] = s.candidateIds as [string, string, string]
    const ballots = [
      { [c0]: 'for', [c1]: 'for' },
      { [c0]: 'for', [c2]: 'for' },
      { [c0]: 'for', [c1]: 'for' },
      { [c1]: 'for', [c2]: 'for' },
      { [c0]: 'for', [c2]: 'for' },
    ]
    for (const [i, b] of ballots.entries()) await B.cast(s.voteId, s.deputies[i]!, b)
    // 赞成: c0 4, c1 3, c2 3 → c0 selected, c1/c2 tied for the last seat.
    const runoffTooEarly = await t.call('POST', `/api/cycles/${s.cycle.id}/votes`, {
      token: s.staff.token,
      body: { kind: 'runoff' },
    })
    expect(runoffTooEarly.status).toBe(409)
    expect(runoffTooEarly.body.error.code).toBe('NO_TIE')
    await B.api('POST', `/api/votes/${s.voteId}/close`, s.staff.token)
    const res = await B.api('GET', `/api/votes/${s.voteId}/result`, s.staff.token)
    expect(res.status).toBe('tie')
    expect(res.ties.sort()).toEqual([c1, c2].sort())
    expect(
      res.rows
        .filter((r: { selected: boolean }) => r.selected)
        .map((r: { candidateId: string }) => r.candidateId),
    ).toEqual([c0])
    const wrong = await t.call('POST', `/api/cycles/${s.cycle.id}/votes`, {
      token: s.staff.token,
      body: { kind: 'runoff', candidateIds: [c0, c1] },
    })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.code).toBe('NOT_TIED')
    await B.api('POST', `/api/votes/${s.voteId}/certify`, s.staff.token)
    await B.api('POST', `/api/votes/${s.voteId}/publish`, s.staff.token)
    expect(await getPublishedSelection(t.database.db, s.cycle.id)).toEqual([c0])

    const runoff = await B.api('POST', `/api/cycles/${s.cycle.id}/votes`, s.staff.token, {
      kind: 'runoff',
      candidateIds: [c2, c1],
    })
    expect(runoff).toMatchObject({ kind: 'runoff', parentVoteId: s.voteId, rules: { seats: 1 } })
    expect(runoff.candidates.map((c: { id: string }) => c.id).sort()).toEqual([c1, c2].sort())
    const again = await t.call('POST', `/api/cycles/${s.cycle.id}/votes`, {
      token: s.staff.token,
      body: { kind: 'runoff' },
    })
    expect(again.body.error.code).toBe('VOTE_EXISTS')
    await B.api('POST', `/api/votes/${runoff.id}/check-ins`, s.staff.token, {
      deputyIds: s.deputies.map((d) => d.deputyId),
    })
    await B.api('POST', `/api/votes/${runoff.id}/open`, s.staff.token)
    const tooMany = await B.cast(runoff.id, s.deputies[0]!, { [c1]: 'for', [c2]: 'for' })
    expect(tooMany.body.error.code).toBe('TOO_MANY_APPROVALS')
    const notInRunoff = await B.cast(runoff.id, s.deputies[0]!, { [c0]: 'for' })
    expect(notInRunoff.body.error.code).toBe('UNKNOWN_CANDIDATE')
    for (const d of s.deputies.slice(0, 3))
      expect((await B.cast(runoff.id, d, { [c2]: 'for' })).status).toBe(201)
    await B.api('POST', `/api/votes/${runoff.id}/close`, s.staff.token)
    const rr = await B.api('POST', `/api/votes/${runoff.id}/certify`, s.staff.token)
    expect(rr.status).toBe('decided')
    await B.api('POST', `/api/votes/${runoff.id}/publish`, s.staff.token)
    expect((await getPublishedSelection(t.database.db, s.cycle.id)).sort()).toEqual([c0, c2].sort())
    const record = await listDeputyVoteRecord(t.database.db, s.deputies[0]!.deputyId)
    expect(record.map((r) => [r.voteId, r.voted])).toEqual([
      [s.voteId, true],
      [runoff.id, true],
    ])
    expect(Object.keys(record[0]!).sort()).toEqual([
      'cycleId',
      'kind',
      'openedAt',
      'present',
      'state',
      'title',
      'voteId',
      'voted',
    ])
  })
})

describe('printable ballot sheet', () => {
  it('returns a PDF with the candidates for staff and tellers', async () => {
    const s = await B.scenario({ deputies: 2 })
    const teller = await t.factory.user(s.j, ['teller'])
    for (const token of [s.staff.token, teller.token]) {
      const res = await t.request('GET', `/api/votes/${s.voteId}/ballot-sheet.pdf`, { token })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/pdf')
      const bytes = Buffer.from(await res.arrayBuffer())
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    }
    expect(
      (
        await t.call('GET', `/api/votes/${s.voteId}/ballot-sheet.pdf`, {
          token: s.deputies[0]!.token,
        })
      ).status,
    ).toBe(403)
  })

  it('answers 503 PDF_FONT_MISSING, not a crash, when no Chinese font is installed', async () => {
    const s = await B.scenario({ deputies: 1 })
    const saved = t.deps.env.PDF_FONT
    t.deps.env.PDF_FONT = '/nonexistent/font.ttc'
    try {
      const r = await t.call('GET', `/api/votes/${s.voteId}/ballot-sheet.pdf`, {
        token: s.staff.token,
      })
      expect(r.status).toBe(503)
      expect(r.body.error.code).toBe('PDF_FONT_MISSING')
    } finally {
      t.deps.env.PDF_FONT = saved
    }
  })
})
