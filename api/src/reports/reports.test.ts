import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { evaluationWorld, handBallots } from '../evaluation/evaluation.fixtures.js'
import { wan, yuan } from './reports.documents.js'

/** The year-end report: JSON for the console and the public page, Excel and PDF. */
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t?.close()
})

describe('the year-end report', () => {
  it('shows per project progress, budget and the published satisfaction, with rectification', async () => {
    const w = await evaluationWorld(t)
    const [p0, p1, p2] = w.projectIds as [string, string, string]
    // Before an evaluation is published the report has no satisfaction figures.
    const before = await w.api('GET', `/api/cycles/${w.cycleId}/year-end`, w.staff.token)
    expect(before.evaluation).toBeNull()
    expect(before.projects.map((p: { satisfaction: unknown }) => p.satisfaction)).toEqual([
      null,
      null,
      null,
    ])

    const eid = await w.openEvaluation()
    for (const [i, b] of handBallots(w.projectIds).entries()) await w.rate(eid, w.deputies[i]!, b)
    await w.api('POST', `/api/evaluations/${eid}/close`, w.staff.token)
    await w.api('POST', `/api/evaluations/${eid}/certify`, w.staff.token)
    // Certified but not published: still nothing public about satisfaction.
    const pending = await t.call('GET', `/api/public/cycles/${w.cycleId}/year-end`)
    expect(pending.status).toBe(200)
    expect(pending.body.evaluation).toBeNull()
    await w.api('POST', `/api/evaluations/${eid}/publish`, w.staff.token)

    const pub = await t.call('GET', `/api/public/cycles/${w.cycleId}/year-end`)
    expect(pub.status).toBe(200)
    const y = pub.body
    expect(y.cycle).toMatchObject({ id: w.cycleId, year: 2025 })
    expect(
      y.projects.map(
        (p: { projectId: string; satisfaction: { ratePercent: string; grade: string } }) => [
          p.projectId,
          p.satisfaction.ratePercent,
          p.satisfaction.grade,
        ],
      ),
    ).toEqual([
      [p0, '80.0', 'satisfied'],
      [p1, '60.0', 'basically'],
      [p2, '40.0', 'dissatisfied'],
    ])
    expect(y.totals.graded).toEqual({ satisfied: 1, basically: 1, dissatisfied: 1 })
    expect(y.totals.rectifications).toBe(2)
    expect(
      y.rectifications.map((r: { projectId: string; state: string }) => [r.projectId, r.state]),
    ).toEqual([
      [p1, 'open'],
      [p2, 'open'],
    ])
    expect(y.projects[1].rectification).toMatchObject({ state: 'open' })
    // The public page names no person.
    expect(JSON.stringify(y)).not.toContain(w.staff.username)

    const xlsx = await t.request('GET', `/api/cycles/${w.cycleId}/reports/year-end.xlsx`, {
      token: w.staff.token,
    })
    expect(xlsx.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await xlsx.arrayBuffer())
    const sheet = wb.getWorksheet('项目完成情况')!
    expect(sheet.getRow(3).getCell(16).value).toBe('基本满意')
    expect(wb.getWorksheet('整改事项')!.rowCount).toBe(3)
    const pdf = await t.request('GET', `/api/cycles/${w.cycleId}/reports/year-end.pdf`, {
      token: w.staff.token,
    })
    expect(pdf.status).toBe(200)
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-')

    // The same report for anyone, once published: Excel, PDF and the project table as CSV.
    const pubXlsx = await t.request('GET', `/api/public/cycles/${w.cycleId}/reports/year-end.xlsx`)
    expect(pubXlsx.status).toBe(200)
    expect(pubXlsx.headers.get('content-disposition')).toContain('year-end-2025.xlsx')
    const pwb = new ExcelJS.Workbook()
    await pwb.xlsx.load(await pubXlsx.arrayBuffer())
    expect(pwb.getWorksheet('项目完成情况')!.getRow(3).getCell(16).value).toBe('基本满意')
    expect(pwb.getWorksheet('整改事项')!.rowCount).toBe(3)
    const csv = await t.request('GET', `/api/public/cycles/${w.cycleId}/reports/year-end.csv`)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const bytes = new Uint8Array(await csv.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // the UTF-8 BOM
    const lines = new TextDecoder().decode(bytes).split('\r\n')
    expect(lines).toHaveLength(5) // header, 3 projects, the final CRLF
    expect(lines[0]).toContain('"满意率（%）","测评等次","整改"')
    expect(lines[2]).toMatch(/"60\.0","基本满意","整改中"$/)
    expect(lines[3]).toMatch(/"40\.0","不满意","整改中"$/)
    const pubPdf = await t.request('GET', `/api/public/cycles/${w.cycleId}/reports/year-end.pdf`)
    expect(pubPdf.status).toBe(200)
    expect(
      Buffer.from(await pubPdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-')
    for (const path of [
      `/api/public/cycles/${w.cycleId}/reports/year-end.docx`,
      `/api/public/cycles/${w.cycleId}/reports/announcement.pdf`,
      `/api/public/cycles/${crypto.randomUUID()}/reports/year-end.xlsx`,
    ])
      expect([path, (await t.call('GET', path)).status]).toEqual([path, 404])
    expect((await t.call('GET', `/api/public/cycles/nope/reports/year-end.csv`)).status).toBe(404)

    // Readers only; other congresses do not see it.
    const other = await evaluationWorld(t)
    expect(
      (await t.call('GET', `/api/cycles/${w.cycleId}/year-end`, { token: other.staff.token }))
        .status,
    ).toBe(404)
    expect((await t.call('GET', `/api/public/cycles/${crypto.randomUUID()}/year-end`)).status).toBe(
      404,
    )
  })

  it('writes money exactly', () => {
    expect(yuan(123_456)).toBe('1234.56')
    expect(yuan(-5)).toBe('-0.05')
    expect(wan(1_234_500)).toBe('1.23')
    expect(wan(1_235_000)).toBe('1.24')
    expect(wan(2_400_000_000)).toBe('2400.00')
  })
})
