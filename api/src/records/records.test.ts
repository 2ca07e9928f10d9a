import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { evaluationWorld, handBallots } from '../evaluation/evaluation.fixtures.js'
import { chinaYear, DEFAULT_TARGETS, targetStatus } from './records.rules.js'

/**
 * The deputy performance record (履职档案): activity across the year from suggestions, votes,
 * evaluations and supervision; visible to the deputy and staff; exportable; and never a word
 * about how anyone voted.
 */
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t?.close()
})

const CONTENT = ['for', 'against', 'abstain', 'satisfied', 'basically', 'dissatisfied']

/** Every string value in a JSON tree (not the keys). */
function strings(x: unknown): string[] {
  if (typeof x === 'string') return [x]
  if (Array.isArray(x)) return x.flatMap(strings)
  if (x && typeof x === 'object') return Object.values(x).flatMap(strings)
  return []
}

/** A published selection (the fixture's ballots) and a published evaluation (the hand ballots). */
async function world() {
  const w = await evaluationWorld(t)
  const eid = await w.openEvaluation()
  for (const [i, b] of handBallots(w.projectIds).entries())
    expect((await w.rate(eid, w.deputies[i]!, b)).status).toBe(201)
  for (const step of ['close', 'certify', 'publish'])
    await w.api('POST', `/api/evaluations/${eid}/${step}`, w.staff.token)
  return { ...w, eid }
}

describe('the deputy record', () => {
  it("lists a year's suggestions, votes, evaluations and supervision, with targets", async () => {
    const w = await world()
    const d = w.deputies[0]!
    const year = chinaYear(new Date())
    // A suggestion of the deputy (a direct write standing in for the suggestions feature).
    await t.database.db
      .insertInto('suggestion')
      .values({
        jurisdiction_id: w.j.id,
        cycle_id: w.cycleId,
        source: 'deputy',
        submitted_by: d.userId,
        deputy_id: d.deputyId,
        unit_id: null,
        title: '增设社区老年食堂',
        category: 'elderly',
        location: null,
        reason: '老年人就餐难',
        estimate_fen: null,
        contact: null,
        tracking_code: `JY${Date.now().toString(36).toUpperCase()}`,
        outcome: 'adopted',
        reply: '已纳入候选项目',
      })
      .execute()
    // Supervision through its API: the deputy leads the group of p0, inspects and raises an issue.
    const p0 = w.projectIds[0]!
    await w.api('PUT', `/api/projects/${p0}/supervision-group`, w.staff.token, {
      leaderDeputyId: d.deputyId,
      memberDeputyIds: [w.deputies[1]!.deputyId],
    })
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    await w.api('POST', `/api/projects/${p0}/inspections`, d.token, {
      date: today,
      participants: [d.deputyId],
      findings: '施工现场安全措施到位',
    })
    await w.api('POST', `/api/projects/${p0}/issues`, d.token, {
      title: '围挡影响通行',
      description: '东侧围挡占用人行道',
    })

    const r = await w.api('GET', `/api/deputies/${d.deputyId}/record?year=${year}`, d.token)
    expect(r.deputy.id).toBe(d.deputyId)
    expect(r.year).toBe(year)
    expect(r.summary).toEqual({
      suggestions: 1,
      suggestionsAdopted: 1,
      votesEntitled: 1,
      votesCast: 1,
      evaluationsEntitled: 1,
      evaluationsCast: 1,
      supervisionGroups: 1,
      inspections: 1,
      issuesRaised: 1,
      issuesClosed: 0,
    })
    expect(r.suggestions[0]).toMatchObject({ title: '增设社区老年食堂', outcome: 'adopted' })
    expect(r.votes[0]).toMatchObject({ kind: 'selection', present: true, voted: true })
    expect(r.evaluations[0]).toMatchObject({ voteId: w.eid, present: true, voted: true })
    expect(r.supervision.groups[0]).toMatchObject({ projectId: p0, role: 'leader' })
    expect(r.supervision.inspections[0]).toMatchObject({ projectId: p0, date: today })
    expect(r.supervision.issues[0]).toMatchObject({ title: '围挡影响通行' })
    expect(r.targets.custom).toBe(false)
    expect(r.targets.status.map((s: { key: string; met: boolean }) => [s.key, s.met])).toEqual([
      ['suggestions', true],
      ['inspections', true],
      ['participation', true],
    ])

    // Staff may read it; another deputy may not; staff of another congress do not see it.
    expect(
      (await t.call('GET', `/api/deputies/${d.deputyId}/record`, { token: w.staff.token })).status,
    ).toBe(200)
    expect(
      (await t.call('GET', `/api/deputies/${d.deputyId}/record`, { token: w.deputies[1]!.token }))
        .status,
    ).toBe(403)
    const other = await evaluationWorld(t)
    expect(
      (await t.call('GET', `/api/deputies/${d.deputyId}/record`, { token: other.staff.token }))
        .status,
    ).toBe(404)

    // Stricter targets set by staff show as missed (a second suggestion is now needed).
    await w.api('PUT', `/api/jurisdictions/${w.j.id}/record-targets`, w.staff.token, {
      minSuggestions: 2,
      minInspections: 1,
      minVoteParticipationBp: 10_000,
    })
    const strict = await w.api('GET', `/api/deputies/${d.deputyId}/record?year=${year}`, d.token)
    expect(strict.targets.custom).toBe(true)
    expect(strict.targets.status[0]).toMatchObject({
      key: 'suggestions',
      target: 2,
      actual: 1,
      met: false,
    })
    const profiles = await w.api('GET', '/api/me/deputy-profiles', d.token)
    expect(profiles.items).toEqual([
      expect.objectContaining({ deputyId: d.deputyId, jurisdictionId: w.j.id }),
    ])

    // Exports for the report to constituents (述职).
    const xlsx = await t.request('GET', `/api/deputies/${d.deputyId}/record.xlsx?year=${year}`, {
      token: d.token,
    })
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await xlsx.arrayBuffer())
    expect(wb.worksheets.map((s) => s.name)).toEqual(['概况', '建议', '票决与测评', '监督'])
    expect(String(wb.getWorksheet('建议')!.getRow(2).getCell(2).value)).toBe('增设社区老年食堂')
    const pdf = await t.request('GET', `/api/deputies/${d.deputyId}/record.pdf?year=${year}`, {
      token: d.token,
    })
    expect(pdf.status).toBe(200)
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-')
  })

  it('never reveals a ballot: deputies who voted differently have the same record', async () => {
    const w = await world()
    // In the fixture's selection vote deputy 3 marked c0, c1, c3 and deputy 4 only c0; in the
    // evaluation deputy 3 rated p0 基本满意, p1 不满意, p2 满意 and deputy 4 p0 不满意, p2 基本满意.
    const [a, b] = [w.deputies[3]!, w.deputies[4]!]
    const ra = await w.api('GET', `/api/deputies/${a.deputyId}/record`, w.staff.token)
    const rb = await w.api('GET', `/api/deputies/${b.deputyId}/record`, w.staff.token)
    const strip = (r: { deputy: unknown }) => ({ ...r, deputy: null })
    expect(strip(ra)).toEqual(strip(rb))
    expect(ra.votes).toHaveLength(1)
    expect(ra.evaluations).toHaveLength(1)
    for (const r of [ra, rb]) {
      const values = strings(r)
      for (const word of CONTENT) expect(values).not.toContain(word)
      const text = JSON.stringify(r)
      expect(text).not.toMatch(/receipt|ballotId|choices|ratings/i)
    }
    // The workbook says no more than the JSON.
    const res = await t.request('GET', `/api/deputies/${a.deputyId}/record.xlsx`, {
      token: w.staff.token,
    })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await res.arrayBuffer())
    const cells: string[] = []
    wb.eachSheet((s) => s.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))))
    for (const word of [...CONTENT, '赞成', '反对', '满意', '不满意'])
      expect(cells.filter((c) => c === word)).toEqual([])
  })
})

describe('record targets', () => {
  it('meet exactly at the target, and do not apply without a group or a vote', () => {
    const s = targetStatus(DEFAULT_TARGETS, {
      suggestions: 1,
      inspections: 0,
      inGroup: false,
      votesEntitled: 3,
      votesCast: 2,
    })
    expect(s).toEqual([
      { key: 'suggestions', target: 1, actual: 1, applicable: true, met: true },
      { key: 'inspections', target: 1, actual: 0, applicable: false, met: true },
      { key: 'participation', target: 10_000, actual: 6666, of: 3, applicable: true, met: false },
    ])
    const two = targetStatus(
      { ...DEFAULT_TARGETS, minVoteParticipationBp: 6667 },
      { suggestions: 0, inspections: 0, inGroup: true, votesEntitled: 3, votesCast: 2 },
    )
    // 2/3 = 6666.67 bp: below 6667 exactly, though it rounds to it.
    expect(two.map((x) => x.met)).toEqual([false, false, false])
  })
  it('counts a date in the year China reads it', () => {
    expect(chinaYear(new Date('2025-12-31T16:30:00Z'))).toBe(2026)
    expect(chinaYear('2025-12-31')).toBe(2025)
  })
})
