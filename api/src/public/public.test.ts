import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import ExcelJS from 'exceljs'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { cycleWithProjects } from '../projects/projects.fixtures.js'
import { BallotFactory } from '../ballots/ballots.factory.js'
import { evaluationWorld, handBallots } from '../evaluation/evaluation.fixtures.js'
import { aggregate } from './public.service.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const NIL = '00000000-0000-4000-8000-000000000000'

async function ok(method: string, path: string, token: string, body?: unknown) {
  const r = await t.call(method, path, { token, body })
  if (r.status !== 200 && r.status !== 201)
    throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

type Scenario = Awaited<ReturnType<typeof cycleWithProjects>>
async function fund(s: Scenario, pid: string, amountFen: number, paidFen: number) {
  const l = await ok('POST', `/api/projects/${pid}/budget-lines`, s.finance.token, {
    amountFen,
    source: 'local',
    fiscalYear: s.year,
    subjectCode: '2130505',
    documentNo: '示财预〔2025〕12号',
  })
  await ok('POST', `/api/budget-lines/${l.id}/approve`, s.finance.token)
  if (paidFen)
    await ok('POST', `/api/budget-lines/${l.id}/disbursements`, s.finance.token, {
      date: `2025-03-15`,
      amountFen: paidFen,
      voucherNo: 'JZ-SECRET-0042',
      payee: '某某建筑有限公司',
    })
  return l.id as string
}

const overview = (jid: string, year?: number) =>
  t.call('GET', `/api/public/jurisdictions/${jid}/overview${year ? `?year=${year}` : ''}`)

describe('public overview', () => {
  it('shows only published data: no projects before publication, no unpublished issues, no vouchers or payees', async () => {
    const B = new BallotFactory(t)
    const j = await t.factory.jurisdiction({ level: 'city' })
    const unpublished = await B.cycle(j, { seats: 2, candidates: 3, year: 2031 })
    const r0 = await overview(j.id, 2031)
    expect(r0.status).toBe(200)
    expect(r0.body.cycles).toEqual([
      expect.objectContaining({ id: unpublished.id, resultPublished: false, selectionVoteIds: [] }),
    ])
    expect(r0.body.projects).toEqual([])
    expect(r0.body.totals.projects).toBe(0)
    const candidate = unpublished.candidateIds[0]
    expect(JSON.stringify(r0.body)).not.toContain(candidate)

    const s = await cycleWithProjects(t, { year: 2025 })
    const [p0, p1] = s.projectIds as [string, string]
    await fund(s, p0, 123_456_789, 1_000_001)
    const staff = s.staff.token
    const issue = await ok('POST', `/api/projects/${p0}/issues`, staff, {
      title: '围挡破损',
      description: '北侧围挡破损，影响通行',
    })
    const hidden = await overview(s.j.id, 2025)
    expect(hidden.status).toBe(200)
    const row0 = hidden.body.projects.find((p: { id: string }) => p.id === p0)
    expect(row0).toMatchObject({
      budgetedFen: 123_456_789,
      disbursedFen: 1_000_001,
      issues: { published: 0 },
    })
    expect(hidden.body.cycles[0]).toMatchObject({
      resultPublished: true,
      selectionVoteIds: [s.voteId],
    })
    await ok('POST', `/api/issues/${issue.id}/publish`, staff, { published: true })
    const shown = await overview(s.j.id, 2025)
    expect(shown.body.projects.find((p: { id: string }) => p.id === p0).issues).toEqual({
      published: 1,
      answered: 0,
    })
    expect(shown.body.projects.map((p: { id: string }) => p.id)).toContain(p1)
    const text =
      JSON.stringify(shown.body) +
      JSON.stringify(
        (await t.call('GET', `/api/public/jurisdictions/${s.j.id}/feed.json?year=2025`)).body,
      )
    for (const secret of ['JZ-SECRET-0042', '某某建筑', s.staff.username, s.finance.username])
      expect(text).not.toContain(secret)
    const sum = await t.call('GET', `/api/public/projects/${p0}/summary`)
    expect(sum.status).toBe(200)
    expect(sum.body.project).toMatchObject({
      id: p0,
      budgetedFen: 123_456_789,
      issues: { published: 1 },
    })
    expect(JSON.stringify(sum.body)).not.toContain('JZ-SECRET')
    const csv = await t.request(
      'GET',
      `/api/public/jurisdictions/${s.j.id}/tables/projects.csv?year=2025`,
    )
    const csvText = await csv.text()
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csvText).toContain('1234567.89')
    expect(csvText).not.toContain('JZ-SECRET')
  })

  it('rolls up the jurisdictions below with exact integer sums and drill-down rows', async () => {
    const city = await t.factory.jurisdiction({ level: 'city' })
    const a = await cycleWithProjects(t, { parent: city, year: 2025 })
    const b = await cycleWithProjects(t, { parent: city, year: 2025 })
    await fund(a, a.projectIds[0]!, 33_333_333, 11_111_111)
    await fund(a, a.projectIds[1]!, 1, 1)
    await fund(b, b.projectIds[2]!, 66_666_667, 22_222_223)
    const r = await overview(city.id, 2025)
    expect(r.status).toBe(200)
    expect(r.body.projects).toEqual([])
    expect(r.body.children.map((c: { id: string }) => c.id).sort()).toEqual([a.j.id, b.j.id].sort())
    const self = r.body.rollup.find(
      (x: { jurisdiction: { id: string } }) => x.jurisdiction.id === city.id,
    )
    expect(self.depth).toBe(0)
    expect(self.own.projects).toBe(0)
    expect(self.total).toMatchObject({
      projects: 6,
      budgetedFen: 33_333_333 + 1 + 66_666_667,
      disbursedFen: 11_111_111 + 1 + 22_222_223,
    })
    const rowA = r.body.rollup.find(
      (x: { jurisdiction: { id: string } }) => x.jurisdiction.id === a.j.id,
    )
    expect(rowA).toMatchObject({
      depth: 1,
      total: { projects: 3, budgetedFen: 33_333_334, disbursedFen: 11_111_112 },
    })
    // The county's own overview has the same figures.
    const ra = await overview(a.j.id, 2025)
    expect(ra.body.totals).toMatchObject({
      projects: 3,
      budgetedFen: 33_333_334,
      disbursedFen: 11_111_112,
    })
    expect(ra.body.ancestors.map((x: { id: string }) => x.id)).toEqual([city.id])
    const rollupCsv = await (
      await t.request('GET', `/api/public/jurisdictions/${city.id}/tables/rollup.csv?year=2025`)
    ).text()
    expect(rollupCsv).toContain('1000000.01')
    const xlsx = await t.request(
      'GET',
      `/api/public/jurisdictions/${city.id}/tables/projects.xlsx?year=2025`,
    )
    expect(xlsx.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await xlsx.arrayBuffer())
    expect(wb.worksheets[0]!.getRow(1).getCell(2).value).toBe('项目名称')
  })

  it('answers 304 on a matching If-None-Match, with a strong ETag and public Cache-Control', async () => {
    const j = await t.factory.jurisdiction({ level: 'city' })
    const first = await t.request('GET', `/api/public/jurisdictions/${j.id}/overview?year=2028`)
    expect(first.status).toBe(200)
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]+"$/)
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+/)
    const again = await t.request('GET', `/api/public/jurisdictions/${j.id}/overview?year=2028`, {
      headers: { 'if-none-match': etag },
    })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
    expect(await again.text()).toBe('')
    const other = await t.request('GET', `/api/public/jurisdictions/${j.id}/overview?year=2027`, {
      headers: { 'if-none-match': etag },
    })
    expect(other.status).toBe(200)
    // The other public routes get the same treatment.
    const list = await t.request('GET', '/api/public/jurisdictions')
    expect(list.headers.get('etag')).toBeTruthy()
    const listAgain = await t.request('GET', '/api/public/jurisdictions', {
      headers: { 'if-none-match': list.headers.get('etag')! },
    })
    expect(listAgain.status).toBe(304)
  })

  it('refuses bad input with 4xx, never 5xx', async () => {
    const j = await t.factory.jurisdiction({ level: 'city' })
    const cases: [string, number][] = [
      [`/api/public/jurisdictions/not-a-uuid/overview`, 404],
      [`/api/public/jurisdictions/${NIL}/overview`, 404],
      [`/api/public/jurisdictions/${NIL}/feed.json`, 404],
      [`/api/public/jurisdictions/${j.id}/overview?year=abcd`, 400],
      [`/api/public/jurisdictions/${j.id}/overview?year=99999`, 400],
      [`/api/public/jurisdictions/${j.id}/overview?year=1900`, 400],
      [`/api/public/jurisdictions/${j.id}/tables/secrets.csv`, 404],
      [`/api/public/jurisdictions/${j.id}/tables/projects.pdf`, 404],
      [`/api/public/jurisdictions/${j.id}/tables/..%2Fprojects.csv`, 404],
      [`/api/public/jurisdictions/'%3B--/overview`, 404],
      [`/api/public/projects/${NIL}/summary`, 404],
      [`/api/public/projects/x/summary`, 404],
    ]
    for (const [path, status] of cases) {
      const r = await t.call('GET', path)
      expect([path, r.status]).toEqual([path, status])
    }
  })
})

describe('the overview body cache', () => {
  it('serves repeat requests from the cache (304 on the same ETag) and shows a publication at once', async () => {
    const embedded = t.database.writeVersion !== undefined
    const B = new BallotFactory(t)
    const j = await t.factory.jurisdiction({ level: 'city' })
    const staff = await t.factory.user(j, ['staff'])
    const deputies = await B.deputies(j, 3)
    const cycle = await B.cycle(j, { seats: 1, candidates: 3, year: 2033 })
    const [c0] = cycle.candidateIds as [string]
    const vote = await B.api('POST', `/api/cycles/${cycle.id}/votes`, staff.token, {
      kind: 'selection',
    })
    await B.api('POST', `/api/votes/${vote.id}/check-ins`, staff.token, {
      deputyIds: deputies.map((d) => d.deputyId),
    })
    await B.api('POST', `/api/votes/${vote.id}/open`, staff.token)
    for (const d of deputies) expect((await B.cast(vote.id, d, { [c0]: 'for' })).status).toBe(201)
    await B.api('POST', `/api/votes/${vote.id}/close`, staff.token)
    await B.api('POST', `/api/votes/${vote.id}/certify`, staff.token)

    const url = `/api/public/jurisdictions/${j.id}/overview?year=2033`
    const [a, b] = await Promise.all([t.request('GET', url), t.request('GET', url)])
    const etag = a.headers.get('etag')!
    expect(b.headers.get('etag')).toBe(etag)
    const before = await a.json()
    expect(before.cycles[0]).toMatchObject({ resultPublished: false, selectionVoteIds: [] })
    expect((await t.request('GET', url, { headers: { 'if-none-match': etag } })).status).toBe(304)
    // A write that bypasses the services (and so the audit log): on PostgreSQL not seen — the body
    // stays cached; on the embedded PGlite every committed write counts, so it is seen at once.
    await t.database.db
      .updateTable('cycle')
      .set({ title: '不经审计的改名' })
      .where('id', '=', cycle.id)
      .execute()
    const cached = await t.request('GET', url, { headers: { 'if-none-match': etag } })
    expect(cached.status).toBe(embedded ? 200 : 304)
    const current = embedded ? cached.headers.get('etag')! : etag

    // Publication is an audited write in the subtree: the very next request recomputes.
    await B.api('POST', `/api/votes/${vote.id}/publish`, staff.token)
    const after = await t.request('GET', url, { headers: { 'if-none-match': current } })
    expect(after.status).toBe(200)
    expect(after.headers.get('etag')).not.toBe(current)
    const body = await after.json()
    expect(body.cycles[0]).toMatchObject({
      title: '不经审计的改名',
      resultPublished: true,
      selectionVoteIds: [vote.id],
    })
    // So does a write in a jurisdiction below (its own audit chain).
    const county = await t.factory.jurisdiction({ level: 'county', parent: j })
    const countyStaff = await t.factory.user(county, ['staff'])
    const again = await t.request('GET', url, {
      headers: { 'if-none-match': after.headers.get('etag')! },
    })
    expect(again.status).toBe(200) // a new jurisdiction in the subtree changes the version too
    expect((await again.json()).children.map((c: { id: string }) => c.id)).toEqual([county.id])
    // On PostgreSQL an unaudited change stays unseen until an audited write anywhere in the
    // subtree — here a cycle created in the county, under the county's own audit chain.
    await t.database.db
      .updateTable('cycle')
      .set({ title: '第二次改名' })
      .where('id', '=', cycle.id)
      .execute()
    expect((await overview(j.id, 2033)).body.cycles[0].title).toBe(
      embedded ? '第二次改名' : '不经审计的改名',
    )
    await B.api('POST', `/api/jurisdictions/${county.id}/cycles`, countyStaff.token, {
      year: 2033,
      title: '乡镇民生实事',
      seats: 2,
      marginRatio: 0.2,
      fundPoolFen: 100_000,
      thresholdBasis: 'all',
      ballotForm: 'for_against_abstain',
    })
    expect((await overview(j.id, 2033)).body.cycles[0].title).toBe('第二次改名')
  })

  it('recomputes when the day changes (statuses and 「截至」 depend on it)', async () => {
    const j = await t.factory.jurisdiction({ level: 'city' })
    t.clock.now = new Date('2034-06-01T12:00:00Z')
    try {
      const first = await overview(j.id, 2034)
      expect(first.body.asOf).toBe('2034-06-01')
      t.clock.now = new Date('2034-06-02T12:00:00Z')
      const next = await overview(j.id, 2034)
      expect(next.body.asOf).toBe('2034-06-02')
    } finally {
      t.clock.now = null
    }
  })
})

describe.skipIf(!!process.env.DATABASE_URL)(
  'the overview body cache on the embedded PGlite',
  () => {
    /** Every statement this process sends to PGlite while `f` runs (instrumented, not replaced). */
    async function statementsDuring(f: () => Promise<unknown>) {
      const pg = t.database.pglite!
      const seen: string[] = []
      const spies = [
        vi.spyOn(pg, 'query').mockName('query'),
        vi.spyOn(pg, 'exec').mockName('exec'),
        vi.spyOn(pg, 'transaction').mockName('transaction'),
      ]
      try {
        await f()
      } finally {
        for (const spy of spies) {
          for (const call of spy.mock.calls) seen.push(`${spy.getMockName()}: ${String(call[0])}`)
          spy.mockRestore()
        }
      }
      return seen
    }

    it('answers a hit without a single query, and shows each kind of committed write at once', async () => {
      expect(t.database.writeVersion).toBeTypeOf('function')
      const s = await cycleWithProjects(t, { year: 2025 })
      const [p0] = s.projectIds as [string]
      const url = `/api/public/jurisdictions/${s.j.id}/overview?year=2025`
      let etag = ''
      /** The next request must recompute (a new body), and the one after it must be a free hit. */
      async function next() {
        const r = await t.request('GET', url, { headers: { 'if-none-match': etag } })
        expect(r.status).toBe(200)
        expect(r.headers.get('etag')).not.toBe(etag)
        etag = r.headers.get('etag')!
        const body = await r.json()
        const hits = await statementsDuring(async () => {
          expect((await t.request('GET', url, { headers: { 'if-none-match': etag } })).status).toBe(
            304,
          )
          expect((await t.request('GET', url)).status).toBe(200)
        })
        expect(hits).toEqual([]) // no version query, nothing: the computation did not bump either
        return body as { projects: Array<Record<string, unknown> & { id: string }> }
      }
      const row = (b: Awaited<ReturnType<typeof next>>) => b.projects.find((p) => p.id === p0)!

      expect(row(await next())).toMatchObject({
        budgetedFen: 0,
        disbursedFen: 0,
        latestReport: null,
      })

      // Budget: a line, its approval, a disbursement — service transactions.
      const line = await fund(s, p0, 500_000, 0)
      expect(row(await next())).toMatchObject({ budgetedFen: 500_000, disbursedFen: 0 })
      await ok('POST', `/api/budget-lines/${line}/disbursements`, s.finance.token, {
        date: '2025-04-01',
        amountFen: 120_000,
        voucherNo: 'JZ-0001',
        payee: '某公司',
      })
      expect(row(await next())).toMatchObject({ budgetedFen: 500_000, disbursedFen: 120_000 })

      // A progress report from the responsible unit.
      const unit = await t.factory.unit(s.j, '住建局')
      await t.database.db
        .updateTable('project')
        .set({ unit_id: unit.id })
        .where('id', '=', p0)
        .execute()
      const unitUser = await t.factory.user(s.j, ['unit'], { unitId: unit.id })
      await ok('POST', `/api/projects/${p0}/progress-reports`, unitUser.token, {
        period: '2025-10',
        percentComplete: 35,
        narrative: '基础施工完成',
        investmentToDateFen: 100_000,
      })
      expect(row(await next())).toMatchObject({
        percentComplete: 35,
        latestReport: expect.objectContaining({ period: '2025-10', narrative: '基础施工完成' }),
      })

      // Writes outside the services: a plain statement, and a jurisdiction below.
      await t.database.db
        .updateTable('project')
        .set({ title: '直接改名的项目' })
        .where('id', '=', p0)
        .execute()
      expect(row(await next()).title).toBe('直接改名的项目')
      const county = await t.factory.jurisdiction({ level: 'county', parent: s.j })
      expect((await next()) as unknown).toMatchObject({
        children: [expect.objectContaining({ id: county.id })],
      })

      // A read in between — the results page, a staff list — bumps nothing: still a free hit.
      await ok('GET', `/api/cycles/${s.cycleId}/budget-lines`, s.finance.token)
      await ok('GET', `/api/public/jurisdictions/${s.j.id}/results?year=2025`, '')
      const quiet = await statementsDuring(() =>
        t.request('GET', url, { headers: { 'if-none-match': etag } }).then((r) => {
          expect(r.status).toBe(304)
        }),
      )
      expect(quiet).toEqual([])
    })

    it('never caches an unknown jurisdiction (404 each time)', async () => {
      for (let i = 0; i < 2; i++)
        expect((await overview('00000000-0000-4000-8000-00000000abcd')).status).toBe(404)
    })
  },
)

describe('published results and their open data', () => {
  it('lists each published vote per candidate and each published evaluation per project, as JSON, CSV and Excel', async () => {
    const w = await evaluationWorld(t)
    const [c0, c1, c2, c3, c4] = w.candidateIds as [string, string, string, string, string]
    const [p0, p1, p2] = w.projectIds as [string, string, string]
    const eid = await w.openEvaluation()
    const url = `/api/public/jurisdictions/${w.j.id}/results?year=2025`
    const pending = await t.call('GET', url)
    expect(pending.status).toBe(200)
    expect(pending.body.evaluations).toEqual([])
    for (const [i, b] of handBallots(w.projectIds).entries()) await w.rate(eid, w.deputies[i]!, b)
    await w.api('POST', `/api/evaluations/${eid}/close`, w.staff.token)
    await w.api('POST', `/api/evaluations/${eid}/certify`, w.staff.token)
    expect((await t.call('GET', url)).body.evaluations).toEqual([]) // certified, not published
    await w.api('POST', `/api/evaluations/${eid}/publish`, w.staff.token)

    const r = await t.call('GET', url)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ jurisdiction: { id: w.j.id }, year: 2025, years: [2025] })
    expect(r.body.votes).toHaveLength(1)
    const v = r.body.votes[0]
    expect(v).toMatchObject({ voteId: w.voteId, kind: 'selection', cycleId: w.cycleId, seats: 3 })
    expect(v.turnout).toEqual({ entitled: 5, present: 5, voted: 5 })
    const byCandidate = Object.fromEntries(
      v.rows.map((x: Record<string, unknown>) => [
        x.candidateId,
        [x.for, x.against, x.abstain, x.rank, x.selected, x.projectId],
      ]),
    )
    expect(byCandidate).toEqual({
      [c0]: [5, 0, 0, 1, true, p0],
      [c1]: [4, 0, 1, 2, true, p1],
      [c2]: [3, 0, 2, 3, true, p2],
      [c3]: [1, 0, 4, null, false, null],
      [c4]: [0, 0, 5, null, false, null],
    })
    expect(r.body.evaluations).toHaveLength(1)
    expect(
      r.body.evaluations[0].rows.map((x: Record<string, unknown>) => [
        x.projectId,
        x.satisfied,
        x.basically,
        x.dissatisfied,
        x.abstain,
        x.ratePercent,
        x.grade,
        x.rectify,
      ]),
    ).toEqual([
      [p0, 3, 1, 1, 0, '80.0', 'satisfied', false],
      [p1, 0, 3, 1, 1, '60.0', 'basically', true],
      [p2, 1, 1, 3, 0, '40.0', 'dissatisfied', true],
    ])
    // Nothing about who voted how.
    const text = JSON.stringify(r.body)
    for (const d of w.deputies) expect(text).not.toContain(d.deputyId)

    // CSV: UTF-8 with a BOM (Excel reads the Chinese), CRLF, an attachment with both file names.
    const csv = await t.request(
      'GET',
      `/api/public/jurisdictions/${w.j.id}/tables/votes.csv?year=2025`,
    )
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(csv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="2025-votes\.csv"; filename\*=UTF-8''.+-2025-votes\.csv$/,
    )
    const bytes = new Uint8Array(await csv.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n')
    expect(lines[0]).toBe(
      '"表决","类型","候选项目","赞成","反对","弃权","通过所需赞成票","是否通过","名次","是否入选","应到","实到","有效票"',
    )
    expect(lines).toHaveLength(6)
    const cells = (line: string) => line.slice(1, -1).split('","')
    expect(cells(lines[1]!).slice(3, 10)).toEqual(['5', '0', '0', '3', '是', '1', '是'])
    expect(cells(lines[5]!).slice(3, 10)).toEqual(['0', '0', '5', '3', '否', '', '否'])

    // Excel: parsed back with exceljs, numbers as numbers.
    const xlsx = await t.request(
      'GET',
      `/api/public/jurisdictions/${w.j.id}/tables/satisfaction.xlsx?year=2025`,
    )
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    expect(xlsx.headers.get('content-disposition')).toContain('2025-satisfaction.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await xlsx.arrayBuffer())
    const ws = wb.worksheets[0]!
    expect(ws.name).toBe('satisfaction')
    expect(ws.getRow(1).values).toEqual([
      undefined,
      '测评',
      '项目名称',
      '承办单位',
      '满意',
      '基本满意',
      '不满意',
      '弃权',
      '满意率',
      '测评等次',
      '需整改',
    ])
    expect(ws.rowCount).toBe(4)
    expect((ws.getRow(3).values as unknown[]).slice(3)).toEqual([
      '市民政局',
      0,
      3,
      1,
      1,
      '60.0',
      '基本满意',
      '是',
    ])
    const votesXlsx = new ExcelJS.Workbook()
    await votesXlsx.xlsx.load(
      await (
        await t.request('GET', `/api/public/jurisdictions/${w.j.id}/tables/votes.xlsx?year=2025`)
      ).arrayBuffer(),
    )
    expect(votesXlsx.worksheets[0]!.getRow(2).getCell(4).value).toBe(5)

    // The feed lists the new downloads.
    const feed = await t.call('GET', `/api/public/jurisdictions/${w.j.id}/feed.json?year=2025`)
    expect(feed.body.downloads.map((d: { table: string }) => d.table)).toEqual(
      expect.arrayContaining(['votes', 'satisfaction']),
    )
  })

  it('is empty before publication and refuses bad input with 4xx', async () => {
    const B = new BallotFactory(t)
    const j = await t.factory.jurisdiction({ level: 'city' })
    await B.cycle(j, { seats: 2, candidates: 3, year: 2035 })
    const r = await t.call('GET', `/api/public/jurisdictions/${j.id}/results?year=2035`)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ year: 2035, votes: [], evaluations: [] })
    const csv = await t.request(
      'GET',
      `/api/public/jurisdictions/${j.id}/tables/votes.csv?year=2035`,
    )
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer())).toBe(
      '\uFEFF"表决","类型","候选项目","赞成","反对","弃权","通过所需赞成票","是否通过","名次","是否入选","应到","实到","有效票"\r\n',
    )
    for (const [path, status] of [
      [`/api/public/jurisdictions/${NIL}/results`, 404],
      [`/api/public/jurisdictions/nope/results`, 404],
      [`/api/public/jurisdictions/${j.id}/results?year=20x5`, 400],
      [`/api/public/jurisdictions/${NIL}/tables/votes.csv`, 404],
      [`/api/public/jurisdictions/${j.id}/tables/votes.pdf`, 404],
      [`/api/public/jurisdictions/${j.id}/tables/satisfaction.xlsx?year=1`, 400],
    ] as const) {
      const x = await t.call('GET', path)
      expect([path, x.status]).toEqual([path, status])
    }
  })
})

describe('aggregate', () => {
  it('counts statuses, averages percent rounding down and counts satisfied grades', () => {
    const row = (status: string, percent: number | null, grade: string | null, fen: number) =>
      ({
        status,
        percentComplete: percent,
        budgetedFen: fen,
        disbursedFen: fen - 1,
        satisfaction: grade ? { grade, ratePercent: '90.00', evaluationTitle: 'x' } : null,
      }) as never
    const a = aggregate([
      row('completed', 100, 'satisfied', 10),
      row('lagging', 33, 'dissatisfied', 20),
      row('not_started', null, null, 30),
    ])
    expect(a).toMatchObject({
      projects: 3,
      budgetedFen: 60,
      disbursedFen: 57,
      completed: 1,
      avgPercent: 44,
      rated: 2,
      satisfied: 1,
    })
    expect(a.statusCounts).toMatchObject({ completed: 1, lagging: 1, not_started: 1, on_track: 0 })
    expect(aggregate([]).avgPercent).toBeNull()
  })
})
