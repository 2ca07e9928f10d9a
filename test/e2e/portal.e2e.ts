import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import {
  axe,
  openPage,
  overflowsHorizontally,
  screenshot,
  signedIn,
  step,
  useApp,
  type AppServer,
  type Device,
} from './harness'

/**
 * The public portal (issue 8) in Chromium against the demo: a visitor goes from the city page to a
 * township project in at most three clicks (phone and desktop) and sees its money, progress,
 * issues and satisfaction; the overview answers 304 on repeat; axe finds no serious or critical
 * violation on the public pages and the deputy ballot pages; screenshots → docs/screenshots/portal-*.png.
 *
 * PORTAL_E2E_URL=http://127.0.0.1:<port> reuses a running demo server instead of starting one.
 */

const reuse = process.env.PORTAL_E2E_URL
const app: AppServer = reuse
  ? {
      url: reuse,
      port: Number(new URL(reuse).port),
      dataDir: '',
      output: () => '',
      stop: async () => {},
    }
  : useApp()

async function jurisdictionId(name: string): Promise<string> {
  const r = await fetch(`${app.url}/api/public/jurisdictions`)
  const body = (await r.json()) as { items: { id: string; name: string }[] }
  const j = body.items.find((x) => x.name === name)
  if (!j) throw new Error(`no jurisdiction ${name}`)
  return j.id
}

describe('public portal', () => {
  for (const device of ['phone', 'desktop'] as Device[]) {
    it(`finds a township project from the city page in three clicks (${device})`, async () => {
      const cityId = await jurisdictionId('示例市')
      const s = await openPage(app, { device, path: `/public/j/${cityId}?year=2025` })
      const { page } = s
      try {
        await step(s, `portal-${device}`, async () => {
          await expect
            .poll(() => page.getByRole('heading', { level: 1 }).textContent())
            .toContain('示例市')
          await page.getByRole('heading', { name: '下级汇总' }).waitFor()
          // The project cards and charts are in before the width is checked (a card wider than
          // its column once pushed the phone page sideways).
          await page.locator('.portal-project').first().waitFor()
          await page.getByRole('figure').first().locator('canvas').waitFor()
          if (device === 'desktop') await screenshot(page, 'portal-city')
          else await screenshot(page, 'portal-city-phone')
          expect(await overflowsHorizontally(page)).toBe(false)
          // Click 1: the township in the roll-up.
          await page.getByRole('table').getByRole('link', { name: '东湖镇' }).click()
          await page.waitForURL(/\/public\/j\/[0-9a-f-]+/)
          await page.getByRole('heading', { level: 1, name: /东湖镇2025年民生实事项目/ }).waitFor()
          const project = page.getByRole('link', { name: '湖滨村生活污水收集管网' })
          await project.waitFor()
          if (device === 'desktop') await screenshot(page, 'portal-township')
          // Click 2: the project.
          await project.click()
          await page.waitForURL(/\/public\/portal\/projects\//)
          await page.getByRole('heading', { level: 1, name: '湖滨村生活污水收集管网' }).waitFor()
          const main = page.locator('main')
          await expect.poll(() => main.textContent()).toContain('资金安排与执行')
          const text = (await main.textContent()) ?? ''
          expect(text).toContain('¥2,600,000.00') // budget
          expect(text).toContain('¥950,000.00') // disbursed
          expect(text).toContain('35%') // progress
          await expect.poll(() => main.textContent()).toContain('施工路段夜间照明不足') // published issue
          expect(text).toContain('满意度测评')
          expect(text).not.toContain('DH-2025-') // no voucher numbers
          expect(text).not.toContain('东湖镇建设工程有限公司') // no payee
          await screenshot(page, device === 'desktop' ? 'portal-project' : 'portal-project-phone')
          expect(await overflowsHorizontally(page)).toBe(false)
          expect(s.problems()).toEqual([])
        })
      } finally {
        await s.close()
      }
    })
  }

  it('shows a visitor on a phone the published vote results with chart and table, and downloads the Excel', async () => {
    const cityId = await jurisdictionId('示例市')
    const api = (await (
      await fetch(`${app.url}/api/public/jurisdictions/${cityId}/results?year=2025`)
    ).json()) as {
      votes: {
        title: string
        rows: { title: string; for: number; against: number; abstain: number; selected: boolean }[]
      }[]
    }
    const vote = api.votes[0]!
    const chosen = vote.rows.find((r) => r.selected)!
    const s = await openPage(app, { device: 'phone', path: '/' })
    const { page } = s
    try {
      await step(s, 'portal-results-phone', async () => {
        // From the landing page's public entry, no sign-in.
        await page
          .getByRole('link', { name: /票决结果/ })
          .first()
          .click()
        await page.waitForURL(/\/public\/results/)
        await page.getByLabel('辖区').selectOption({ label: '示例市（市）' })
        await page.getByLabel('年度').selectOption('2025')
        await page.getByRole('heading', { level: 1, name: '示例市2025年票决结果' }).waitFor()
        // The chart (a canvas hidden from assistive technology, with its table alternative)…
        const figure = page.getByRole('figure').first()
        await figure.locator('canvas').waitFor()
        // …and the results table: rank, 赞成/反对/弃权, chosen.
        const table = page.getByRole('table', { name: `${vote.title}：逐项得票` })
        const row = table.getByRole('row').filter({ hasText: chosen.title })
        await expect
          .poll(async () => (await row.first().textContent()) ?? '')
          .toContain(`${chosen.for}${chosen.against}${chosen.abstain}入选`)
        expect(await table.getByRole('row').count()).toBe(vote.rows.length + 1)
        expect(await overflowsHorizontally(page)).toBe(false)
        await screenshot(page, 'public-results-phone')
        await axe(page, 'results (phone)')

        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page
            .getByRole('listitem')
            .filter({ hasText: '票决结果（逐项）' })
            .getByRole('link', { name: 'Excel' })
            .click(),
        ])
        expect(download.suggestedFilename()).toMatch(/2025-votes\.xlsx$/)
        const wb = new ExcelJS.Workbook()
        await wb.xlsx.readFile((await download.path())!)
        const ws = wb.worksheets[0]!
        expect(ws.getRow(1).getCell(3).value).toBe('候选项目')
        const total = api.votes.reduce((n, v) => n + v.rows.length, 0)
        expect(ws.rowCount).toBe(total + 1)
        const line = ws
          .getSheetValues()
          .find((r) => Array.isArray(r) && r[3] === chosen.title) as unknown[]
        expect(line.slice(4, 7)).toEqual([chosen.for, chosen.against, chosen.abstain])
        expect(line[10]).toBe('是')

        // English, same page.
        await page.getByTestId('lang-switch').first().click()
        await page.getByRole('heading', { level: 1, name: /示例市 2025: vote results/ }).waitFor()
        await page.getByRole('columnheader', { name: 'Outcome' }).first().waitFor()
        await axe(page, 'results (phone, English)')
        expect(s.problems()).toEqual([])
      })
    } finally {
      await s.close()
    }
    const d = await openPage(app, {
      device: 'desktop',
      path: `/public/results?j=${cityId}&year=2025`,
    })
    try {
      await d.page.getByRole('heading', { level: 1, name: '示例市2025年票决结果' }).waitFor()
      await d.page.getByRole('figure').first().locator('canvas').waitFor()
      await screenshot(d.page, 'public-results')
      await axe(d.page, 'results (desktop)')
    } finally {
      await d.close()
    }
  })

  it('answers the overview from cache on repeat: ETag, Cache-Control, 304', async () => {
    const cityId = await jurisdictionId('示例市')
    const url = `${app.url}/api/public/jurisdictions/${cityId}/overview?year=2025`
    const first = await fetch(url)
    expect(first.status).toBe(200)
    const etag = first.headers.get('etag')
    expect(etag).toMatch(/^"[\w-]+"$/)
    expect(first.headers.get('cache-control')).toContain('public')
    const again = await fetch(url, { headers: { 'if-none-match': etag! } })
    expect(again.status).toBe(304)
    const feed = await fetch(`${app.url}/api/public/jurisdictions/${cityId}/feed.json?year=2025`)
    expect(feed.status).toBe(200)
    const csv = await fetch(
      `${app.url}/api/public/jurisdictions/${cityId}/tables/rollup.csv?year=2025`,
    )
    expect(await csv.text()).toContain('东湖镇')
  })

  it('passes axe (no serious or critical violation) on the public pages and the deputy ballot pages; big screen and index screenshots', async () => {
    const cityId = await jurisdictionId('示例市')
    const townId = await jurisdictionId('东湖镇')
    const s = await openPage(app, { device: 'desktop', path: '/public/portal' })
    const { page } = s
    try {
      await page
        .getByRole('link', { name: /示例市/ })
        .first()
        .waitFor()
      await screenshot(page, 'portal-index')
      await axe(page, 'index')
      await page.goto(`/public/j/${cityId}?year=2025`)
      await page.getByRole('heading', { name: '下级汇总' }).waitFor()
      await axe(page, 'city')
      // The year-end page (rates, grades, rectification) is one click from the city page.
      await page.getByRole('link', { name: '年度完成情况与满意度测评' }).click()
      await page.getByTestId('rectification-table').waitFor()
      await axe(page, 'year-end')
      // The other public pages a visitor reaches from the city page: the vote's bulletin-board
      // result and the candidate list.
      await page.goto(`/public/j/${cityId}?year=2025`)
      await page.getByRole('link', { name: '票决结果已公布' }).first().click()
      await page.waitForURL(/\/public\/votes\//)
      await page.getByRole('heading', { level: 1 }).waitFor()
      await page.getByRole('table').first().waitFor()
      await screenshot(page, 'public-vote-result')
      await axe(page, 'vote result')
      await page.goto(`/public/j/${cityId}?year=2025`)
      await page.getByRole('link', { name: '候选项目清单' }).first().click()
      await page.waitForURL(/\/candidates/)
      await page.getByRole('heading', { level: 1 }).waitFor()
      await axe(page, 'candidate list')
      await page.goto(`/public/j/${townId}?year=2025`)
      await page.getByRole('link', { name: '湖滨村生活污水收集管网' }).waitFor()
      await axe(page, 'township')
      await page.getByRole('link', { name: '湖滨村生活污水收集管网' }).click()
      await page.getByRole('heading', { name: '满意度测评' }).waitFor()
      await axe(page, 'project')
      // The project's progress page (full reports, feedback form).
      await page.getByRole('link', { name: '查看完整进度、照片并提交意见' }).click()
      await page.waitForURL(/\/public\/projects\//)
      await page.getByRole('heading', { level: 1 }).waitFor()
      await axe(page, 'project progress')
      await page.goto(`/public/j/${cityId}/screen?year=2025`)
      await page.getByText('每 30 秒自动刷新').waitFor()
      await screenshot(page, 'portal-screen', false)
      await axe(page, 'big screen')
      expect(s.problems()).toEqual([])
    } finally {
      await s.close()
    }
    await signedIn(
      app,
      'deputy001',
      async (d) => {
        await d.page.goto('/deputy/votes')
        await d.page.getByRole('heading', { level: 1 }).waitFor()
        await axe(d.page, 'deputy votes')
        // deputy001 is on the roster of the demo's 2025 vote: wait for its card (the heading
        // renders before the list arrives), then check the vote's own page.
        const ballot = d.page.locator('a[href^="/deputy/votes/"]').first()
        await ballot.waitFor()
        await axe(d.page, 'deputy votes (listed)')
        await ballot.click()
        await d.page.waitForURL(/\/deputy\/votes\/[0-9a-f-]+$/)
        await d.page.getByRole('heading', { level: 1 }).waitFor()
        await axe(d.page, 'deputy ballot')
      },
      { device: 'phone' },
    )
  })

  it('renders a generated 300-project overview: each project listed once, every chart drawn, time recorded', async () => {
    const cityId = await jurisdictionId('示例市')
    const real = (await (
      await fetch(`${app.url}/api/public/jurisdictions/${cityId}/overview?year=2025`)
    ).json()) as { projects: Record<string, unknown>[]; totals: Record<string, unknown> }
    const statuses = ['not_started', 'on_track', 'lagging', 'seriously_lagging', 'completed']
    const template = real.projects[0]!
    const projects = Array.from({ length: 300 }, (_, i) => ({
      ...template,
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      title: `生成项目${i + 1}`,
      responsibleUnit: `单位${i % 40}`,
      status: statuses[i % 5],
      percentComplete: (i * 7) % 101,
      budgetedFen: 1_000_000 + i * 10_000,
      disbursedFen: 500_000 + i * 5_000,
      latestReport: null,
    }))
    const synthetic = {
      ...real,
      projects,
      units: Array.from({ length: 40 }, (_, i) => ({
        responsibleUnit: `单位${i}`,
        projects: 8,
        budgetedFen: 9_000_000,
        disbursedFen: 4_000_000,
      })),
    }
    const s = await openPage(app, { device: 'desktop', path: '/public/portal' })
    try {
      await s.page.route('**/api/public/jurisdictions/*/overview*', (route) =>
        route.fulfill({ json: synthetic }),
      )
      const t0 = Date.now()
      await s.page.goto(`/public/j/${cityId}?year=2025`)
      await s.page.getByRole('link', { name: '生成项目300', exact: true }).waitFor()
      const ms = Date.now() - t0
      const lcp = await s.page.evaluate(() =>
        performance.getEntriesByType('navigation')[0]?.toJSON(),
      )
      // The time is measured and recorded (docs/benchmarks.md), not asserted: the machine's load
      // decides it. What is asserted: every project is listed once and every chart is drawn.
      console.log(`300-project overview: list and charts rendered in ${ms} ms`, JSON.stringify(lcp))
      expect(await s.page.getByRole('link', { name: /^生成项目\d+$/ }).count()).toBe(300)
      expect(await s.page.locator('canvas').count()).toBeGreaterThanOrEqual(5)
      expect(s.problems()).toEqual([])
    } finally {
      await s.close()
    }
  })

  it('shows staff of the city the roll-up of their area in the console', async () => {
    await signedIn(app, 'staff', async (s) => {
      await s.page.goto('/console/dashboard')
      await s.page.getByRole('button', { name: '东湖镇' }).waitFor()
      await screenshot(s.page, 'portal-dashboard')
      await s.page.getByRole('button', { name: '东城区' }).click()
      await expect
        .poll(() => s.page.getByRole('heading', { level: 1 }).textContent())
        .toContain('东城区')
      // Labels, table headers, legend and axis titles come from the dashboard's i18n.
      await s.page.getByTestId('lang-switch').first().click()
      await expect
        .poll(() => s.page.getByRole('heading', { level: 1 }).textContent())
        .toContain('Roll-up · 东城区')
      await s.page.getByRole('columnheader', { name: 'Satisfied / rated' }).waitFor()
      await s.page
        .getByRole('table', { name: /Project status by jurisdiction \(projects\)/ })
        .getByRole('columnheader', { name: 'Jurisdiction' })
        .waitFor({ state: 'attached' })
      await s.page.getByTestId('lang-switch').first().click()
      expect(s.problems()).toEqual([])
    })
  })
})
