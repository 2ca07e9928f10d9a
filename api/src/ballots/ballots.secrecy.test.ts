import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { BallotFactory } from './ballots.factory.js'

/**
 * DESIGN.md §4 secrecy: nothing stored, logged or returned links a deputy to their ballot.
 * These tests take the view of a database operator and of whoever reads the logs.
 */
let t: TestApp
let B: BallotFactory
beforeAll(async () => {
  t = await createTestApp()
  B = new BallotFactory(t)
})
afterAll(() => t.close())

type Row = Record<string, unknown>
const q = async (text: string, ...params: unknown[]) => {
  const parts = text.split('?')
  const query = sql.join(
    parts.flatMap((p, i) =>
      i < parts.length - 1 ? [sql.raw(p), sql`${params[i]}`] : [sql.raw(p)],
    ),
    sql``,
  )
  return (await query.execute(t.database.db)).rows as Row[]
}

/** A distinct pattern per deputy, so a recovered pairing would be visible. */
const patterns = (ids: string[], n: number) =>
  Array.from({ length: n }, (_, i) =>
    Object.fromEntries(
      ids.map((id, k) => [id, ['for', 'against', 'abstain'][Math.floor(i / 3 ** k) % 3]!]),
    ),
  )

describe('ballot secrecy', () => {
  it('never writes a ballot choice, a receipt or a ballot id to the logs (canary)', async () => {
    const s = await B.scenario({ deputies: 6, seats: 3, candidates: 5, open: true })
    const [c0, c1, c2, c3, c4] = s.candidateIds as [string, string, string, string, string]
    const canary = { [c0]: 'against', [c1]: 'abstain', [c2]: 'for', [c3]: 'against', [c4]: 'for' }
    const cast = await B.cast(s.voteId, s.deputies[0]!, canary)
    expect(cast.status).toBe(201)
    const receipt: string = cast.body.receipt
    // A refused ballot carrying a canary key must not end up in a log line either.
    const canaryKey = 'canary-7f3a9c1e-do-not-log'
    const refused = await B.cast(s.voteId, s.deputies[1]!, { [canaryKey]: 'against' })
    expect(refused.status).toBe(400)
    const malformed = await t.call('POST', `/api/votes/${s.voteId}/ballots`, {
      token: s.deputies[1]!.token,
      body: { choices: { [c0]: canaryKey } },
    })
    expect(malformed.status).toBe(400)
    for (const d of s.deputies.slice(1)) await B.cast(s.voteId, d, { [c0]: 'for' })
    await B.api('POST', `/api/votes/${s.voteId}/close`, s.staff.token)
    await B.api('POST', `/api/votes/${s.voteId}/certify`, s.staff.token)
    await B.api('POST', `/api/votes/${s.voteId}/publish`, s.staff.token)
    const board = await B.api('GET', `/api/public/votes/${s.voteId}/bulletin`, s.staff.token)
    expect((await t.call('GET', `/api/public/receipts/${receipt}`)).status).toBe(200)

    expect(t.logs.length).toBeGreaterThan(10)
    const logs = t.logs.join('\n')
    expect(logs).not.toContain(receipt)
    expect(logs).not.toContain(receipt.replace(/-/g, ''))
    expect(logs).not.toContain(canaryKey)
    for (const [id, choice] of Object.entries(canary))
      expect(logs).not.toContain(`"${id}":"${choice}"`)
    expect(logs).not.toMatch(/"(for|against|abstain)"/)
    for (const b of board.ballots as { id: string }[]) expect(logs).not.toContain(b.id)
    for (const h of board.receiptHashes as string[]) expect(logs).not.toContain(h)
    // Request lines carry the route pattern, never ids from the path or the body.
    const castLines = t.logs.filter((l) => l.includes('/votes/:vid/ballots'))
    expect(castLines.length).toBeGreaterThan(0)
    for (const l of castLines)
      expect(Object.keys(JSON.parse(l)).sort()).toEqual([
        'level',
        'method',
        'ms',
        'msg',
        'requestId',
        'route',
        'status',
        't',
      ])
  })

  it('after close, no join on any column or system column recovers a deputy↔ballot pair', async () => {
    const n = 12
    const s = await B.scenario({ deputies: n, seats: 4, candidates: 4, open: true })
    const ps = patterns(s.candidateIds, n)
    const key = (c: unknown) => JSON.stringify(Object.entries(c as Row).sort())
    const patternOf = new Map<string, string>()
    for (const [i, d] of s.deputies.entries()) {
      // Every deputy marks all four, so the stored ballot equals the pattern.
      expect((await B.cast(s.voteId, d, ps[i]!)).status).toBe(201)
      patternOf.set(d.deputyId, key(ps[i]!))
    }

    // While open (docs/ballot-secrecy.md says so): an operator can pair rows by xmin, because
    // the participation row and the ballot are written in one transaction.
    const openBallots = await q(
      `select id::text as id, xmin::text as xmin, choices from ballot_box where vote_id = ?`,
      s.voteId,
    )
    const openPart = await q(
      `select deputy_id::text as deputy_id, xmin::text as xmin from vote_participation where vote_id = ?`,
      s.voteId,
    )
    expect(openBallots).toHaveLength(n)
    const byXmin = new Map(openBallots.map((b) => [b.xmin, key(b.choices)]))
    expect(openPart.every((p) => byXmin.get(p.xmin) === patternOf.get(p.deputy_id as string))).toBe(
      true,
    )

    await B.api('POST', `/api/votes/${s.voteId}/close`, s.staff.token)

    // The dead tuples of the boxes were vacuumed after the close committed.
    expect(t.logs.filter((l) => l.includes('vacuum after close failed'))).toEqual([])

    // The boxes are empty; the sealed rows are new.
    expect(await q(`select 1 from ballot_box where vote_id = ?`, s.voteId)).toHaveLength(0)
    expect(await q(`select 1 from receipt_box where vote_id = ?`, s.voteId)).toHaveLength(0)
    const ballots = await q(
      `select id::text as id, xmin::text as xmin, ctid::text as ctid, choices from ballot where vote_id = ? order by ctid`,
      s.voteId,
    )
    const receipts = await q(
      `select xmin::text as xmin, ctid::text as ctid from receipt where vote_id = ? order by ctid`,
      s.voteId,
    )
    const part = await q(
      `select deputy_id::text as deputy_id, xmin::text as xmin, ctid::text as ctid from vote_participation where vote_id = ? order by ctid`,
      s.voteId,
    )
    expect(ballots).toHaveLength(n)
    expect(receipts).toHaveLength(n)
    expect(part).toHaveLength(n)

    // xmin: one transaction (the close) wrote every ballot, receipt and participation version.
    const xmins = new Set([...ballots, ...receipts, ...part].map((r) => r.xmin))
    expect(xmins.size).toBe(1)

    // ids: nothing carried over from the open box.
    const oldIds = new Set(openBallots.map((b) => b.id))
    expect(ballots.some((b) => oldIds.has(b.id))).toBe(false)

    // Physical order: pairing the k-th ballot with the k-th participation row is not the truth
    // (the sealed order is a fresh cryptographic shuffle; 1 in 12! to fail by chance).
    const pairedByOrder = part.filter(
      (p, k) => patternOf.get(p.deputy_id as string) === key(ballots[k]!.choices),
    ).length
    expect(pairedByOrder).toBeLessThan(n)
    // Nor is the order of casting.
    const castOrder = s.deputies.map((d) => patternOf.get(d.deputyId))
    expect(ballots.map((b) => key(b.choices))).not.toEqual(castOrder)

    // Columns: no timestamp anywhere in who-voted or what-was-voted, no deputy column on ballots.
    const cols = await q(
      `select table_name, column_name, data_type from information_schema.columns
        where table_schema = current_schema() and table_name in ('ballot','ballot_box','receipt','receipt_box','vote_participation')`,
    )
    expect(cols.filter((c) => /time|date/.test(String(c.data_type)))).toEqual([])
    const ballotCols = cols
      .filter((c) => String(c.table_name).match(/^(ballot|receipt)/))
      .map((c) => c.column_name)
    expect(new Set(ballotCols)).toEqual(
      new Set(['id', 'vote_id', 'jurisdiction_id', 'choices', 'receipt_hash']),
    )
    // No foreign key from a ballot or receipt table to participation or deputy.
    const fks = await q(
      `select conrelid::regclass::text as t, confrelid::regclass::text as ref from pg_constraint
        where contype = 'f' and conrelid::regclass::text in ('ballot','ballot_box','receipt','receipt_box')`,
    )
    expect(fks.map((f) => f.ref).sort()).toEqual([
      'jurisdiction',
      'jurisdiction',
      'jurisdiction',
      'jurisdiction',
      'vote',
      'vote',
      'vote',
      'vote',
    ])
    // Values: the only values a ballot row shares with a participation row are the vote and tenant.
    const partValues = new Set(part.flatMap((p) => Object.values(p)).map(String))
    for (const b of ballots)
      expect([b.id, key(b.choices), b.ctid].filter((x) => partValues.has(String(x)))).toEqual([])
  })

  it('no endpoint shows a count of 赞成/反对/弃权 while the vote is open', async () => {
    const s = await B.scenario({ deputies: 5, seats: 2, candidates: 3, open: true })
    const teller = await t.factory.user(s.j, ['teller'])
    for (const d of s.deputies.slice(0, 4))
      await B.cast(s.voteId, d, { [s.candidateIds[0]!]: 'for', [s.candidateIds[1]!]: 'against' })
    const d = s.deputies[0]!
    const paths = [
      `/api/votes/${s.voteId}`,
      `/api/votes/${s.voteId}/roster`,
      `/api/votes/${s.voteId}/turnout`,
      `/api/votes/${s.voteId}/ballot`,
      `/api/votes/${s.voteId}/result`,
      `/api/votes/${s.voteId}/paper-ballots/discrepancies`,
      `/api/cycles/${s.cycle.id}/votes`,
      `/api/me/votes`,
      `/api/public/votes/${s.voteId}/result`,
      `/api/public/votes/${s.voteId}/bulletin`,
    ]
    for (const token of [s.staff.token, teller.token, d.token, undefined]) {
      for (const p of paths) {
        const r = await t.call('GET', p, { token })
        const text = JSON.stringify(r.body)
        expect(text, p).not.toMatch(/"(for|against|abstain)":\d/)
        expect(text, p).not.toMatch(/"rows"|"ballots"|"valid"/)
        expect(r.status, p).not.toBe(500)
      }
    }
    const res = await t.call('GET', `/api/votes/${s.voteId}/result`, { token: s.staff.token })
    expect(res.body.error.code).toBe('RESULT_SEALED')
    // Who has voted is not listed per deputy while open either.
    const roster = await B.api('GET', `/api/votes/${s.voteId}/roster`, s.staff.token)
    expect(roster.items.some((x: Row) => 'voted' in x)).toBe(false)
  })
})
