import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { BallotFactory } from '../ballots/ballots.factory.js'
import type { PublishedVoteFigures } from '../ballots/ballots.exports.js'
import { buildAnnouncement, chinaDateCn, issuerOf } from './reports.announcement.js'

/** The 公告 (announcement) of a published selection vote, as data and as a PDF. */
let t: TestApp
let B: BallotFactory
beforeAll(async () => {
  t = await createTestApp()
  B = new BallotFactory(t)
})
afterAll(async () => {
  await t?.close()
})

/**
 * The text a PDF shows, read back the way a viewer would: pdfkit writes CJK text as hex glyph
 * ids of the embedded subset and a ToUnicode CMap that maps them back; this inflates every
 * stream, reads the CMap, and decodes each TJ run. Returns the page count and the text runs.
 */
function pdfText(bytes: Buffer): { pages: number; runs: string[] } {
  const s = bytes.toString('latin1')
  const streams: string[] = []
  const re = /stream\r?\n/g
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const start = m.index + m[0].length
    const raw = bytes.subarray(start, s.indexOf('endstream', start))
    try {
      streams.push(zlib.inflateSync(raw).toString('latin1'))
    } catch {
      streams.push('') // the embedded font program is compressed differently; not text
    }
  }
  const cmap = new Map<number, string>()
  for (const st of streams.filter((x) => x.includes('begincmap'))) {
    for (const r of st.matchAll(/<([0-9a-f]{4})>\s*<([0-9a-f]{4})>\s*\[([^\]]*)\]/gi)) {
      const from = parseInt(r[1]!, 16)
      const targets = [...r[3]!.matchAll(/<([0-9a-f]+)>/gi)].map((x) => x[1]!)
      targets.forEach((hex, i) => {
        const units = hex.match(/.{4}/g)!.map((u) => parseInt(u, 16))
        cmap.set(from + i, String.fromCharCode(...units))
      })
    }
  }
  const runs: string[] = []
  for (const st of streams)
    for (const tj of st.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const text = [...tj[1]!.matchAll(/<([0-9a-f]+)>/gi)]
        .map((h) =>
          h[1]!
            .match(/.{4}/g)!
            .map((g) => cmap.get(parseInt(g, 16)) ?? '\uFFFD')
            .join(''),
        )
        .join('')
      runs.push(text)
    }
  return { pages: (s.match(/\/Type \/Page\b/g) ?? []).length, runs }
}

/** Justified lines place words apart instead of writing spaces: compare without whitespace. */
const flat = (x: string) => x.replace(/\s+/g, '')

const download = (cid: string, token?: string) =>
  t.request('GET', `/api/cycles/${cid}/reports/announcement.pdf`, { token })

describe('the announcement PDF of a published selection', () => {
  it('is refused before publication, then states the result with the runoff that decided a place', async () => {
    const s = await B.scenario({ deputies: 5, seats: 2, candidates: 4, open: true })
    const [c0, c1, c2, c3] = s.candidateIds as [string, string, string, string]
    const ballots = [
      { [c0]: 'for', [c1]: 'for', [c3]: 'against' },
      { [c0]: 'for', [c2]: 'for', [c3]: 'against' },
      { [c0]: 'for', [c1]: 'for' },
      { [c1]: 'for', [c2]: 'for', [c0]: 'abstain' },
      { [c0]: 'for', [c2]: 'for' },
    ]
    for (const [i, b] of ballots.entries())
      expect((await B.cast(s.voteId, s.deputies[i]!, b)).status).toBe(201)
    // 赞成: c0 4, c1 3, c2 3 (threshold 3 of 5) → c0 selected, c1/c2 tied for the second seat.
    const early = await download(s.cycle.id, s.staff.token)
    expect(early.status).toBe(409)
    expect((await early.json()).error.code).toBe('RESULT_NOT_PUBLISHED')
    await B.api('POST', `/api/votes/${s.voteId}/close`, s.staff.token)
    await B.api('POST', `/api/votes/${s.voteId}/certify`, s.staff.token)
    // Certified is not published: still 409, with a message that says why.
    const certified = await t.call('GET', `/api/cycles/${s.cycle.id}/reports/announcement.pdf`, {
      token: s.staff.token,
    })
    expect(certified.status).toBe(409)
    expect(certified.body.error.message).toMatch(/published/)
    await B.api('POST', `/api/votes/${s.voteId}/publish`, s.staff.token)

    const { name } = await t.database.db
      .selectFrom('jurisdiction')
      .select('name')
      .where('id', '=', s.j.id)
      .executeTakeFirstOrThrow()
    const year = (
      await t.database.db
        .selectFrom('cycle')
        .select('year')
        .where('id', '=', s.cycle.id)
        .executeTakeFirstOrThrow()
    ).year
    const title = `${name}${year}年民生实事项目人大代表票决结果公告`

    // Published with the tie still open: the announcement says the last place awaits a runoff.
    const first = await download(s.cycle.id, s.staff.token)
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBe('application/pdf')
    expect(first.headers.get('content-disposition')).toContain(encodeURIComponent(title))
    const firstBytes = Buffer.from(await first.arrayBuffer())
    expect(firstBytes.subarray(0, 5).toString()).toBe('%PDF-')
    const firstText = flat(pdfText(firstBytes).runs.join(''))
    expect(firstText).toContain(flat(`${name}人民代表大会常务委员会`))
    expect(firstText).toContain('剩余1个名额须经决选确定')
    expect(firstText).not.toContain('经决选确定（')

    const vote = await B.api('GET', `/api/votes/${s.voteId}`, s.staff.token)
    const runoff = await B.api('POST', `/api/cycles/${s.cycle.id}/votes`, s.staff.token, {
      kind: 'runoff',
      candidateIds: [c1, c2],
    })
    await B.api('POST', `/api/votes/${runoff.id}/check-ins`, s.staff.token, {
      deputyIds: s.deputies.map((d) => d.deputyId),
    })
    await B.api('POST', `/api/votes/${runoff.id}/open`, s.staff.token)
    for (const d of s.deputies.slice(0, 4))
      expect((await B.cast(runoff.id, d, { [c2]: 'for', [c1]: 'against' })).status).toBe(201)
    await B.api('POST', `/api/votes/${runoff.id}/close`, s.staff.token)
    await B.api('POST', `/api/votes/${runoff.id}/certify`, s.staff.token)
    const published = await B.api('POST', `/api/votes/${runoff.id}/publish`, s.staff.token)

    // A deputy of the jurisdiction may read it too (the year-end report's readers).
    const res = await download(s.cycle.id, s.deputies[0]!.token)
    expect(res.status).toBe(200)
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    const { pages, runs } = pdfText(bytes)
    // Every page carries its footer, and the document ends with the issuer and the date.
    expect(pages).toBeGreaterThanOrEqual(1)
    for (let p = 1; p <= pages; p++) expect(runs).toContain(`第 ${p} 页 / 共 ${pages} 页`)
    const closing = runs.indexOf('特此公告。')
    expect(runs.slice(closing + 1, closing + 3)).toEqual([
      `${name}人民代表大会常务委员会`,
      chinaDateCn(published.publishedAt),
    ])
    const text = flat(runs.join(''))
    const titles = (await B.api('GET', `/api/votes/${s.voteId}`, s.staff.token)).candidates as {
      id: string
      title: string
    }[]
    const titleOf = (id: string) => titles.find((x) => x.id === id)!.title
    expect(text).toContain(title)
    expect(text).toContain(flat(`${name}人民代表大会常务委员会`))
    expect(text).toContain(flat('应到代表 5 名，实到代表 5 名，参加投票 5 名'))
    expect(text).toContain(flat('其中有效票 5 张，无效票 0 张'))
    expect(text).toContain(flat('超过全体代表（5 名）的半数，即不少于 3 票的为通过'))
    expect(text).toContain(flat('确定以下 2 个项目为'))
    expect(text).toContain(flat('经决选确定（决选赞成 4 票）'))
    expect(text).toContain(flat(`“${titleOf(c2)}”获赞成票 4 票`))
    expect(text).toContain(flat('特此公告。'))
    expect(text).toContain(chinaDateCn(vote.openedAt))
    expect(text).toContain(chinaDateCn(published.publishedAt))
    // The chosen table in order: place 1 is c0 with 4/0/1, place 2 is c2 (3/0/2 in the main vote: an unmarked line is 弃权).
    const i0 = runs.indexOf(titleOf(c0))
    const i2 = runs.indexOf(titleOf(c2))
    expect(i0).toBeGreaterThan(-1)
    expect(i2).toBeGreaterThan(i0)
    expect(runs.slice(i0 - 1, i0 + 5)).toEqual(['1', titleOf(c0), '市民政局', '4', '0', '1'])
    expect(runs.slice(i2 - 1, i2 + 5)).toEqual(['2', titleOf(c2), '市民政局', '3', '0', '2'])
    expect(text).not.toContain('剩余1个名额')

    // Who may not: anonymous 401, a teller of the same jurisdiction 403, another congress 404.
    expect((await download(s.cycle.id)).status).toBe(401)
    const teller = await t.factory.user(s.j, ['teller'])
    const forbidden = await download(s.cycle.id, teller.token)
    expect(forbidden.status).toBe(403)
    const other = await B.scenario({ deputies: 1 })
    const foreign = await t.call('GET', `/api/cycles/${s.cycle.id}/reports/announcement.pdf`, {
      token: other.staff.token,
    })
    const unknown = await t.call(
      'GET',
      `/api/cycles/${crypto.randomUUID()}/reports/announcement.pdf`,
      { token: other.staff.token },
    )
    expect(foreign.status).toBe(404)
    expect(unknown.status).toBe(404)
    const { requestId: _a, ...foreignError } = foreign.body.error
    const { requestId: _b, ...unknownError } = unknown.body.error
    expect(foreignError).toEqual(unknownError)
    expect(
      (
        await t.call('GET', `/api/cycles/not-a-uuid/reports/announcement.pdf`, {
          token: s.staff.token,
        })
      ).status,
    ).toBe(404)
  })

  it('answers 503 PDF_FONT_MISSING, not a crash, without a Chinese font', async () => {
    const s = await B.scenario({ deputies: 3, seats: 1, candidates: 2, open: true })
    for (const d of s.deputies) await B.cast(s.voteId, d, { [s.candidateIds[0]!]: 'for' })
    for (const step of ['close', 'certify', 'publish'])
      await B.api('POST', `/api/votes/${s.voteId}/${step}`, s.staff.token)
    const saved = t.deps.env.PDF_FONT
    t.deps.env.PDF_FONT = '/nonexistent/announcement-font.ttc'
    try {
      const r = await t.call('GET', `/api/cycles/${s.cycle.id}/reports/announcement.pdf`, {
        token: s.staff.token,
      })
      expect(r.status).toBe(503)
      expect(r.body.error.code).toBe('PDF_FONT_MISSING')
    } finally {
      t.deps.env.PDF_FONT = saved
    }
    expect((await download(s.cycle.id, s.staff.token)).status).toBe(200)
  })
})

describe('the announcement text', () => {
  const row = (id: string, f: number, a: number, ab: number, extra: object = {}) => ({
    candidateId: id,
    title: `项目${id}`,
    for: f,
    against: a,
    abstain: ab,
    passed: false,
    rank: null,
    selected: false,
    ...extra,
  })
  const figures = (over: Partial<PublishedVoteFigures>): PublishedVoteFigures => ({
    voteId: 'v1',
    kind: 'selection',
    title: '票决',
    openedAt: '2026-01-14T16:30:00.000Z',
    closedAt: '2026-01-14T17:00:00.000Z',
    certifiedAt: '2026-01-14T17:10:00.000Z',
    publishedAt: '2026-01-15T03:00:00.000Z',
    seats: 2,
    form: 'approve_up_to_n',
    basis: 'present',
    basisCount: 40,
    threshold: 21,
    status: 'decided',
    rows: [],
    ties: [],
    shortfall: 0,
    turnout: { entitled: 50, present: 40, voted: 39 },
    ballots: { electronic: 30, paper: 9, valid: 37, invalid: 2 },
    paper: { issued: 10, returned: 9 },
    ...over,
  })

  it('dates in China time and names the issuer by level', () => {
    expect(chinaDateCn('2026-01-14T16:30:00.000Z')).toBe('2026年1月15日')
    expect(chinaDateCn('2026-01-14T15:59:59.000Z')).toBe('2026年1月14日')
    expect(chinaDateCn(null)).toBe('')
    expect(issuerOf({ name: '示例市', level: 'city' })).toBe('示例市人民代表大会常务委员会')
    expect(issuerOf({ name: '河东镇', level: 'township' })).toBe('河东镇人民代表大会主席团')
  })

  it('states a tick-up-to-N vote with paper ballots, a shortfall, and every candidate', () => {
    const a = buildAnnouncement({
      jurisdiction: { name: '河东镇', level: 'township' },
      cycle: { year: 2026, title: '2026年民生实事项目' },
      units: new Map([['A', '镇民政办']]),
      votes: [
        figures({
          status: 'shortfall',
          shortfall: 1,
          rows: [
            row('A', 30, 0, 7, { passed: true, rank: 1, selected: true }),
            row('B', 12, 0, 25),
            row('C', 20, 0, 17),
          ],
        }),
      ],
    })
    expect(a.issuer).toBe('河东镇人民代表大会主席团')
    expect(a.title).toBe('河东镇2026年民生实事项目人大代表票决结果公告')
    expect(a.sessionDate).toBe('2026年1月15日')
    expect(a.issuedDate).toBe('2026年1月15日')
    expect(a.turnout).toBe(
      '应到代表 50 名，实到代表 40 名，参加投票 39 名，出席代表超过应到代表的半数。收到电子表决票 30 张；发出纸质表决票 10 张，收回 9 张。共计票 39 张，其中有效票 37 张，无效票 2 张。',
    )
    expect(a.rule).toContain('每张表决票同意的项目不得超过 2 个')
    expect(a.rule).toContain('同意票超过出席代表（40 名）的半数，即不少于 21 票的为通过')
    expect(a.chosen).toEqual([
      {
        place: 1,
        candidateId: 'A',
        title: '项目A',
        unit: '镇民政办',
        for: 30,
        against: 0,
        abstain: 7,
        runoff: null,
      },
    ])
    expect(a.remarks).toEqual([
      '获得过半数赞成票的项目少于拟确定数，尚缺 1 个项目，按规定另行确定。',
    ])
    expect(a.candidates.map((c) => [c.title, c.rank, c.outcome])).toEqual([
      ['项目A', 1, '确定'],
      ['项目C', null, '未过半数'],
      ['项目B', null, '未过半数'],
    ])
  })

  it('refuses to build without the selection vote', () => {
    expect(() =>
      buildAnnouncement({
        jurisdiction: { name: '示例市', level: 'city' },
        cycle: { year: 2026, title: 'x' },
        units: new Map(),
        votes: [figures({ kind: 'runoff' })],
      }),
    ).toThrow(/selection/)
  })
})
