import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import {
  axe,
  apiAs,
  openPage,
  overflowsHorizontally,
  screenshot,
  type ApiSession,
  step,
  useApp,
  signedIn,
} from './harness'

/**
 * 满意度测评 (issue 7) in Chromium against the demo, whose 2025 evaluation is already published:
 * staff hold a re-evaluation (复评) of the 2025 projects with 25 deputies; deputy001 rates every
 * project on a phone (rate, review, confirm, receipt), the other 24 through the API; staff close,
 * certify and publish in the console; the public page shows the rates and grades and the
 * rectification item of the project under the threshold; its unit (unit.edu) answers it; the
 * deputy's record lists the activity and exports it.
 */

const app = useApp({ timeoutMs: 240_000 })

interface Project {
  projectId: string
  title: string
  responsibleUnit: string
}

describe('satisfaction evaluation, rectification and the deputy record', () => {
  it('deputies rate on a phone; published rates and grades; the unit answers; the record exports', async () => {
    const staff = await apiAs(app, 'staff')
    const me = await staff.get<{ grants: { jurisdictionId: string; role: string }[] }>('/me')
    const jid = me.grants.find((g) => g.role === 'staff')!.jurisdictionId
    const cycles = await staff.get<{ items: { id: string; year: number }[] }>(
      `/jurisdictions/${jid}/cycles?limit=100`,
    )
    const cid = cycles.items.find((c) => c.year === 2025)!.id
    // The demo's evaluation of 2025 is published, with its rectification item.
    const before = await staff.get<{ items: { state: string }[] }>(`/cycles/${cid}/evaluations`)
    expect(before.items.map((e) => e.state)).toEqual(['published'])

    // A re-evaluation (复评) of every project by 25 deputies (deputy001 … deputy025).
    const created = await staff.post<{ id: string; title: string; projects: Project[] }>(
      `/cycles/${cid}/evaluations`,
      {},
    )
    expect(created.title).toMatch(/复评$/)
    const eid = created.id
    const projects = created.projects
    const target =
      projects.find((p) => p.responsibleUnit.includes('教育局')) ??
      projects.find((p) => /卫生健康|民政/.test(p.responsibleUnit))!
    const unitLogin = target.responsibleUnit.includes('教育局')
      ? 'unit.edu'
      : target.responsibleUnit.includes('民政')
        ? 'unit.civil'
        : 'unit.health'
    const deputies: { username: string; session: ApiSession; deputyId: string }[] = []
    for (let i = 1; i <= 25; i++) {
      const username = `deputy${String(i).padStart(3, '0')}`
      const session = await apiAs(app, username)
      const profiles = await session.get<{ items: { deputyId: string }[] }>('/me/deputy-profiles')
      deputies.push({ username, session, deputyId: profiles.items[0]!.deputyId })
    }
    await staff.put(`/votes/${eid}/roster`, { deputyIds: deputies.map((d) => d.deputyId) })
    await staff.post(`/votes/${eid}/check-ins`, { deputyIds: deputies.map((d) => d.deputyId) })
    await staff.post(`/evaluations/${eid}/open`)

    // deputy001 rates on a phone: every project 满意 except the target, 不满意.
    await signedIn(
      app,
      'deputy001',
      async (phone) => {
        const { page } = phone
        await page.goto('/deputy/evaluations')
        await step(phone, 'deputy-evaluations', async () => {
          await page.getByTestId('my-evaluation').filter({ hasText: '复评' }).click()
          await page.waitForURL(`**/deputy/evaluations/${eid}`)
          await expect.poll(() => page.getByTestId('rate-project').count()).toBe(projects.length)
        })
        await axe(page, 'evaluation ballot (phone)')
        await step(phone, 'deputy-rate', async () => {
          for (const p of projects) {
            const rating = p.projectId === target.projectId ? '不满意' : '满意'
            await page
              .getByRole('radiogroup', { name: p.title })
              .getByRole('radio', { name: new RegExp(`^${rating}`) })
              .check()
          }
          await expect
            .poll(() => page.getByTestId('rating-counter').textContent())
            .toContain(`已选择 ${projects.length} / ${projects.length}`)
        })
        expect(await overflowsHorizontally(page)).toBe(false)
        await page.evaluate(() => window.scrollTo(0, 0))
        await screenshot(page, 'evaluation-rate-phone', false)
        await page.getByRole('button', { name: '下一步：核对' }).click()
        const review = page.getByTestId('review-list')
        await expect.poll(() => review.textContent()).toContain(`${target.title}不满意`)
        await screenshot(page, 'evaluation-review-phone')
        await axe(page, 'evaluation review (phone)')
        await page.getByRole('button', { name: '确认提交' }).click()
        await step(phone, 'deputy-receipt', () =>
          expect
            .poll(() => page.getByTestId('receipt-code').textContent())
            .toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){5}$/),
        )
        await screenshot(page, 'evaluation-receipt-phone')
        expect(phone.problems()).toEqual([])
      },
      { device: 'phone' },
    )

    // The other 24 through the API: the target project mostly 不满意 / 基本满意.
    for (const [i, d] of deputies.slice(1).entries()) {
      const ratings: Record<string, string> = {}
      for (const [k, p] of projects.entries())
        ratings[p.projectId] =
          p.projectId === target.projectId
            ? i < 4
              ? 'satisfied'
              : i < 12
                ? 'basically'
                : 'dissatisfied'
            : (i + k) % 7 === 0
              ? 'dissatisfied'
              : (i + 2 * k) % 3 === 0
                ? 'basically'
                : 'satisfied'
      const r = await d.session.post<{ receipt: string }>(`/evaluations/${eid}/ballots`, {
        ratings,
      })
      expect(r.receipt).toBeTruthy()
    }

    // Staff close, certify and publish in the console.
    await signedIn(app, 'staff', async (desk) => {
      const { page } = desk
      await page.goto(`/console/evaluation?cycle=${cid}&evaluation=${eid}`)
      await expect
        .poll(() => page.getByTestId('evaluation-turnout').textContent())
        .toContain('已投票 25 人')
      for (const [button, ok] of [
        ['结束测评', '结束测评'],
        ['确认结果', '确认结果'],
        ['公布结果', '公布结果'],
      ] as const) {
        await step(desk, `console-${button}`, async () => {
          await page.getByRole('button', { name: button }).first().click()
          await page.locator('.ant-modal-confirm').getByRole('button', { name: ok }).click()
          await expect.poll(() => page.locator('.ant-modal-confirm').count()).toBe(0)
        })
      }
      await expect.poll(() => page.getByRole('link', { name: /查看公开页面/ }).count()).toBe(1)
      await expect.poll(() => page.getByTestId('result-summary').textContent()).toContain('需整改')
      await page.mouse.move(0, 0)
      await screenshot(page, 'evaluation-console-result')
      expect(desk.problems()).toEqual([])
    })
    const result = await staff.get<{
      rows: { projectId: string; ratePercent: string; grade: string; rectify: boolean }[]
    }>(`/evaluations/${eid}/result`)
    const low = result.rows.find((r) => r.projectId === target.projectId)!
    // 24 ballots + deputy001: 满意 4, 基本满意 8, 不满意 13 → 12/25 = 48.0 %, 不满意 (12 < 12.5).
    expect(low).toMatchObject({ ratePercent: '48.0', grade: 'dissatisfied', rectify: true })

    // The public page: rates, grades and the rectification item (no sign-in).
    const pub = await openPage(app, { device: 'desktop', path: `/public/year-end/${cid}` })
    try {
      const { page } = pub
      const table = page.getByTestId('year-end-table')
      await step(pub, 'public-year-end', async () => {
        await expect.poll(() => table.textContent()).toContain(target.title)
        const row = table.getByRole('row').filter({ hasText: target.title })
        await expect.poll(() => row.textContent()).toContain('48.0%')
        await expect.poll(() => row.textContent()).toContain('不满意')
        await expect
          .poll(() => page.getByTestId('rectification-table').textContent())
          .toContain(target.title)
      })
      await screenshot(page, 'public-year-end')
      await axe(page, 'public year-end')
      // Its tables as open data: the Excel holds the same grade as the page.
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /^Excel/ }).click(),
      ])
      expect(file.suggestedFilename()).toMatch(/完成情况\.xlsx$/)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.readFile((await file.path())!)
      const line = wb
        .getWorksheet('项目完成情况')!
        .getSheetValues()
        .find((r) => Array.isArray(r) && r[2] === target.title) as unknown[]
      expect(line.slice(15, 18)).toEqual(['48.0', '不满意', '整改中'])
      expect(pub.problems()).toEqual([])
    } finally {
      await pub.close()
    }
    // On a phone the tables scroll sideways inside the page (keyboard-reachable regions).
    const phone = await openPage(app, { device: 'phone', path: `/public/year-end/${cid}` })
    try {
      await phone.page.getByTestId('rectification-table').waitFor()
      expect(await overflowsHorizontally(phone.page)).toBe(false)
      await axe(phone.page, 'public year-end (phone)')
      expect(phone.problems()).toEqual([])
    } finally {
      await phone.close()
    }

    // The unit answers its rectification item.
    await signedIn(app, unitLogin, async (unit) => {
      const { page } = unit
      await page.goto('/unit/rectifications')
      await step(unit, 'unit-rectification', async () => {
        const row = page.getByRole('row').filter({ hasText: target.title }).first()
        await row.getByRole('button', { name: '报告整改情况' }).click()
        await page
          .getByLabel('整改措施和结果')
          .fill('已对全市学校空调用电线路完成增容改造，新增空调全部投入使用，回访师生满意。')
        await screenshot(page, 'unit-rectification-answer')
        await page.locator('.ant-drawer').getByRole('button', { name: '报告整改情况' }).click()
        await expect.poll(() => page.locator('.ant-drawer-open').count()).toBe(0)
        await expect
          .poll(() => page.getByRole('row').filter({ hasText: target.title }).first().textContent())
          .toContain('已报告')
      })
      expect(unit.problems()).toEqual([])
    })
    const items = await staff.get<{
      items: { projectId: string; state: string; evaluationId: string }[]
    }>(`/cycles/${cid}/rectifications?state=all`)
    expect(
      items.items.find((r) => r.evaluationId === eid && r.projectId === target.projectId)?.state,
    ).toBe('answered')

    // deputy001's record: the year's votes and evaluations, exported for 述职.
    await signedIn(
      app,
      'deputy001',
      async (rec) => {
        const { page } = rec
        await page.goto('/deputy/record')
        await step(rec, 'deputy-record', async () => {
          await expect.poll(() => page.getByTestId('tile-evaluations').textContent()).toBe('2 / 2')
          await expect
            .poll(() => page.getByTestId('record-ballots').textContent())
            .toContain('复评')
        })
        expect(await overflowsHorizontally(page)).toBe(false)
        await screenshot(page, 'deputy-record-phone')
        const [file] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: '导出 Excel' }).click(),
        ])
        expect(file.suggestedFilename()).toMatch(/履职档案\.xlsx$/)
        // The year before: the 2025 selection vote and supervision.
        await page.getByRole('combobox', { name: '年度' }).click()
        await page
          .locator('.ant-select-dropdown:visible .ant-select-item-option[title="2025"]')
          .click()
        await expect.poll(() => page.getByTestId('tile-votes').textContent()).toBe('1 / 1')
        expect(rec.problems()).toEqual([])
      },
      { device: 'phone' },
    )
  })
})
