import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { apiAs, ROOT, screenshot, useApp, signedIn } from './harness'

/**
 * The finance console (issue 5) in Chromium against the demo: the finance officer of 示例市 adds a
 * budget line, approves it and records a disbursement on it; a line that would exceed the fund pool
 * is refused with the overshoot shown; the Excel export and the chart agree with the ledger.
 */

// exceljs is the API's dependency; read the server's spreadsheet with the same library.
interface Sheet {
  rowCount: number
  getRow(n: number): { values: unknown; getCell(c: number): { value: unknown } }
}
const ExcelJS = createRequire(path.join(ROOT, 'api/package.json'))('exceljs') as {
  Workbook: new () => {
    xlsx: { readFile(f: string): Promise<unknown> }
    getWorksheet(name: string): Sheet | undefined
  }
}

const app = useApp()

interface Summary {
  cycleId: string
  pool: { poolFen: number; availableFen: number; committedFen: number }
  totals: { disbursedFen: number; budgetedFen: number }
  projects: { projectId: string; title: string; warning: unknown }[]
  monthly: { month: string; cumulativeFen: number }[]
}

/** ¥1,234.56 from fen, as the console prints money (integer arithmetic only). */
const money = (fen: number) => {
  const abs = Math.abs(fen)
  const yuan = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${fen < 0 ? '-' : ''}¥${yuan}.${String(abs % 100).padStart(2, '0')}`
}

/** 123.45万元 from fen, rounded half up to two decimals of 万元 like the console. */
const wan = (fen: number) => {
  const hundredths = (BigInt(fen) * 2n + 10_000n) / 20_000n
  const int = String(hundredths / 100n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const frac = String(hundredths % 100n)
    .padStart(2, '0')
    .replace(/0+$/, '')
  return `${int}${frac ? `.${frac}` : ''}万元`
}

describe('finance console', () => {
  it('records a line and a disbursement, refuses a line beyond the pool with the overshoot, and exports figures that match the ledger', async () => {
    const finance = await apiAs(app, 'finance')
    const me = await finance.get<{ grants: { jurisdictionId: string }[] }>('/me')
    const jid = me.grants[0]!.jurisdictionId
    const cycles = await finance.get<{ items: { id: string; year: number }[] }>(
      `/jurisdictions/${jid}/cycles`,
    )
    const cycle = cycles.items.find((c) => c.year === 2025)!
    const before = await finance.get<Summary>(`/cycles/${cycle.id}/budget-summary`)
    const target = before.projects.find((p) => p.warning) ?? before.projects.at(-1)!

    await signedIn(app, 'finance', async (s) => {
      const { page } = s
      await page.goto('/budget')
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('预算衔接与资金拨付')
      const projectRow = page.locator('tr', { hasText: target.title }).first()
      await expect.poll(() => projectRow.count(), { timeout: 20_000 }).toBe(1)

      // A new line (本级财政, on the pool): 10万元, well within what is available.
      await projectRow.getByRole('button', { name: '新增指标' }).click()
      const modal = page.getByRole('dialog', { name: /新增预算指标/ })
      await modal.getByLabel('金额').fill('100000')
      await modal.getByLabel('预算科目编码').fill('2130505')
      await modal.getByLabel('指标文号').fill('示财预〔2025〕E2E号')
      await modal.getByRole('button', { name: /新增指标/ }).click()
      await expect.poll(() => modal.isVisible()).toBe(false)
      const lineRow = page.locator('.budget-lines-table tr', { hasText: '示财预〔2025〕E2E号' })
      await expect.poll(() => lineRow.getByText('草稿').count()).toBe(1)

      // Approve it, then record a disbursement with the running balance shown.
      await lineRow.getByRole('button', { name: /批\s*准/ }).click()
      await expect.poll(() => lineRow.getByText('已批准').count()).toBe(1)
      await lineRow.getByRole('button', { name: '登记拨付' }).click()
      const drawer = page.getByRole('dialog', { name: /拨付登记/ })
      await expect
        .poll(() => drawer.getByTestId('line-remaining').textContent())
        .toBe('¥100,000.00')
      // Booked in December of the fiscal year (the picker refuses future dates).
      const date = drawer.getByLabel('日期')
      await date.click()
      await date.fill('2025-12-15')
      await date.press('Enter')
      await drawer.getByLabel('金额').fill('25000.50')
      await expect
        .poll(() => drawer.getByTestId('balance-after').textContent())
        .toContain('¥74,999.50')
      await drawer.getByLabel('凭证号').fill('GK2025E2E0001')
      await drawer.getByLabel('收款单位').fill('示例市总工会')
      await drawer.getByRole('button', { name: '登记拨付' }).click()
      await expect.poll(() => drawer.getByTestId('line-remaining').textContent()).toBe('¥74,999.50')
      const entry = drawer.locator('tr', { hasText: 'GK2025E2E0001' })
      await expect.poll(() => entry.count()).toBe(1)
      expect(await entry.textContent()).toContain('2025年12月15日')
      await drawer
        .getByRole('button', { name: 'Close' })
        .or(drawer.locator('.ant-drawer-close'))
        .first()
        .click()

      // A line beyond the pool: refused, with the overshoot computed by the API.
      const pool = await finance.get<{
        availableFen: number
        poolFen: number
        committedFen: number
      }>(`/cycles/${cycle.id}/fund-pool`)
      const tooMuch = pool.availableFen + 123_45
      await projectRow.getByRole('button', { name: '新增指标' }).click()
      await modal
        .getByLabel('金额')
        .fill(`${Math.trunc(tooMuch / 100)}.${String(tooMuch % 100).padStart(2, '0')}`)
      await modal.getByLabel('预算科目编码').fill('2130505')
      await modal.getByLabel('指标文号').fill('示财预〔2025〕超额号')
      await modal.getByRole('button', { name: /新增指标/ }).click()
      const refusal = modal.getByRole('alert')
      await expect.poll(() => refusal.textContent()).toContain(`超出资金池 ${money(123_45)}`)
      expect(await refusal.textContent()).toContain(`资金池 ${money(pool.poolFen)}`)
      expect(await refusal.textContent()).toContain(`已安排 ${money(pool.committedFen)}`)
      await page.mouse.move(0, 0)
      await screenshot(page, 'finance-console-pool-refused', false)
      await modal.getByRole('button', { name: /取\s*消/ }).click()
      const after = await finance.get<{ committedFen: number }>(`/cycles/${cycle.id}/fund-pool`)
      expect(after.committedFen).toBe(pool.committedFen)

      // The console as the finance officer sees it (once the confirmation toasts have gone).
      await expect
        .poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 })
        .toBe(0)
      await page.evaluate(() => window.scrollTo(0, 0))
      await page.mouse.move(0, 0)
      await screenshot(page, 'finance-console')

      // Execution: the monthly chart's table ends at the ledger's total.
      await page.getByRole('tab', { name: '执行情况' }).click()
      const summary = await finance.get<Summary>(`/cycles/${cycle.id}/budget-summary`)
      let ledgerTotal = 0
      let cursor: string | null = null
      do {
        const p: { items: { amountFen: number }[]; nextCursor: string | null } = await finance.get(
          `/cycles/${cycle.id}/ledger?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        )
        ledgerTotal += p.items.reduce((a, e) => a + e.amountFen, 0)
        cursor = p.nextCursor
      } while (cursor)
      expect(summary.totals.disbursedFen).toBe(ledgerTotal)
      expect(summary.totals.disbursedFen).toBe(before.totals.disbursedFen + 25_000_50)
      expect(summary.monthly.at(-1)!.cumulativeFen).toBe(ledgerTotal)
      // The table view of the chart is always in the page (visually hidden while the chart shows).
      const lastRow = page.locator('.ms-chart__table').nth(1).locator('tbody tr').last()
      await expect.poll(() => lastRow.textContent()).toContain(wan(ledgerTotal))
      await page.evaluate(() => window.scrollTo(0, 0))
      await screenshot(page, 'finance-execution')

      // The Excel ledger, downloaded as the browser does, adds up to the ledger to the fen.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /导出拨付台账/ }).click(),
      ])
      const file = await download.path()
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.readFile(file)
      const ws = wb.getWorksheet('拨付台账')!
      const header = (ws.getRow(1).values as unknown[]).slice(1)
      const fenCol = header.indexOf('金额（分）') + 1
      const totalRow = ws.getRow(ws.rowCount)
      expect(totalRow.getCell(1).value).toBe('合计')
      expect(totalRow.getCell(fenCol).value).toBe(ledgerTotal)

      // The one refusal the test provoked (409 FUND_POOL_EXCEEDED) is logged by Chromium; nothing else.
      expect(s.problems().filter((p) => !/status of 409/.test(p))).toEqual([])
      expect(s.problems().filter((p) => /status of 409/.test(p))).toHaveLength(1)
    })
  })

  it('shows staff a read-only view', async () => {
    await signedIn(app, 'staff', async (s) => {
      const { page } = s
      await page.goto('/budget')
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('预算衔接与资金拨付')
      await expect
        .poll(() => page.locator('.budget-lines-table').count(), { timeout: 20_000 })
        .toBeGreaterThan(0)
      expect(await page.getByRole('button', { name: '新增指标' }).count()).toBe(0)
      expect(await page.getByRole('button', { name: '登记拨付' }).count()).toBe(0)
      expect(s.problems()).toEqual([])
    })
  })
})
