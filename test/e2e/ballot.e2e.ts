/**
 * The secret ballot end to end (issue 4), in Chromium: staff open the demo's 2026 vote in the
 * console (refused without a quorum first), a deputy checks in with the hall code and votes on a
 * phone in a few taps, is stopped before an (N+1)th 赞成, gets a receipt and cannot vote twice;
 * the hall screen shows turnout rise live, then — after close and certification in the console —
 * the result; the public receipt page confirms the receipt once the result is published. Then a
 * "tick up to N" cycle: a deputy is stopped at N ticks, a tie at the cut-off leads to a runoff
 * started from the result, and the 公告 (announcement) PDF downloads from the console.
 */
import fs from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import {
  apiAs,
  openPage,
  overflowsHorizontally,
  screenshot,
  signedIn,
  useApp,
  type ApiSession,
} from './harness'

interface Vote {
  id: string
  state: string
  checkInCode?: string
  candidates: { id: string; title: string }[]
  rules: { seats: number }
}

const app = useApp()
let staff: ApiSession
let vote: Vote
let receipt = ''

/** deputy001's deputy id (checked in through the phone, not by staff). */
let deputy001Id = ''

beforeAll(async () => {
  staff = await apiAs(app, 'staff')
  const { items: js } = await staff.get<{ items: { id: string; name: string }[] }>('/jurisdictions')
  const city = js.find((j) => j.name === '示例市')!
  const { items: cycles } = await staff.get<{ items: { id: string; year: number }[] }>(
    `/jurisdictions/${city.id}/cycles?limit=100`,
  )
  const cycle = cycles.find((c) => c.year === 2026)!
  // Arranged over HTTP: the demo's 2026 list is locked and a selection vote created over it.
  await staff.post(`/cycles/${cycle.id}/candidates/lock`)
  vote = await staff.post<Vote>(`/cycles/${cycle.id}/votes`, { kind: 'selection' })
  const me = await (await apiAs(app, 'deputy001')).get<{ deputyIds: { deputyId: string }[] }>('/me')
  deputy001Id = me.deputyIds[0]!.deputyId
})

const tag = (page: Page) => page.locator('.ms-page-header .ms-status-tag').first()

/** Waits until antd's toasts are gone (they would otherwise sit in the screenshots). */
const noToasts = (page: Page) =>
  expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0)

/** Confirms the antd confirm dialog that a lifecycle button opened. */
async function confirmDialog(page: Page, ok: RegExp) {
  const dialog = page.locator('.ant-modal-confirm')
  await dialog.getByRole('button', { name: ok }).click()
  await expect.poll(() => dialog.count()).toBe(0)
}

/** A ballot for deputy i of the bulk (deterministic, at most N 赞成, a clear top ten). */
function bulkChoices(i: number, ids: string[]) {
  const out: Record<string, 'for' | 'against' | 'abstain'> = {}
  let n = 0
  ids.forEach((id, k) => {
    const r = (i * 37 + k * 53) % 100
    let c: 'for' | 'against' | 'abstain' =
      k < 10
        ? r < 1 + k * 0.7
          ? 'against'
          : r < 2 + k * 1.3
            ? 'abstain'
            : 'for'
        : i % 7 === k - 9
          ? 'for'
          : (i + k) % 3 === 0
            ? 'against'
            : 'abstain'
    if (c === 'for') {
      if (n >= 10) c = 'abstain'
      else n++
    }
    out[id] = c
  })
  return out
}

async function castAs(username: string, choices: Record<string, string>) {
  const d = await apiAs(app, username)
  return d.post<{ receipt: string }>(`/votes/${vote.id}/ballots`, { choices })
}

describe('the secret ballot in the browser', () => {
  it('staff open the vote in the console, refused until a quorum has checked in', async () => {
    await signedIn(app, 'staff', async (s) => {
      const { page } = s
      await page.getByRole('menuitem', { name: /票决管理/ }).click()
      await page.waitForURL('**/console/votes**')
      await page.getByRole('link', { name: '2026年度民生实事项目票决' }).click()
      await page.waitForURL(`**/console/votes/${vote.id}`)
      await expect.poll(() => tag(page).textContent()).toContain('未开始')
      await expect.poll(() => page.getByTestId('hall-code').textContent()).toMatch(/\d{3} \d{3}/)

      // Nobody checked in yet: opening is refused with the numbers.
      await page.getByRole('button', { name: '开始投票' }).click()
      await confirmDialog(page, /开始投票/)
      const refusal = page.getByTestId('transition-error')
      await expect.poll(() => refusal.textContent()).toContain('到会代表未过半数')
      expect(await refusal.textContent()).toContain('应到 150 人，实到 0 人，至少需要 76 人')

      // The desk checks in everyone but deputy001 (who uses the hall code on the phone); the
      // console's turnout follows live.
      const { items } = await staff.get<{ items: { deputyId: string }[] }>(
        `/votes/${vote.id}/roster`,
      )
      const others = items.map((r) => r.deputyId).filter((id) => id !== deputy001Id)
      await staff.post(`/votes/${vote.id}/check-ins`, { deputyIds: others })
      await expect
        .poll(() => page.getByTestId('turnout-present').first().textContent(), { timeout: 20_000 })
        .toBe('149')

      await page.getByRole('button', { name: '开始投票' }).click()
      await confirmDialog(page, /开始投票/)
      await expect.poll(() => tag(page).textContent()).toContain('投票中')
      await expect.poll(() => page.getByTestId('transition-error').count()).toBe(0)
      await expect.poll(() => page.getByTestId('turnout-voted').first().textContent()).toBe('0')
      await page.mouse.move(0, 0)
      await noToasts(page)
      await screenshot(page, 'staff-vote-console', false)
      // Only the expected 409 of the refused opening.
      expect(s.problems().filter((p) => !/409/.test(p))).toEqual([])
    })
    vote = await staff.get<Vote>(`/votes/${vote.id}`)
    expect(vote.state).toBe('open')
  })

  it('a deputy checks in with the hall code and votes on a phone in a few taps, once', async () => {
    await signedIn(
      app,
      'deputy001',
      async (s) => {
        const { page } = s
        await page.waitForURL('**/deputy')
        await page.getByRole('link', { name: /参加票决/ }).click()
        await page.waitForURL('**/deputy/votes')
        await page.getByRole('link', { name: /2026年度民生实事项目票决/ }).click()
        await page.waitForURL(`**/deputy/votes/${vote.id}`)

        // 签到 with the code shown in the hall.
        await page.getByLabel('签到码').fill(vote.checkInCode!)
        await page.getByRole('button', { name: /签\s*到/ }).click()
        const counter = page.getByTestId('approval-counter')
        await expect.poll(() => counter.textContent()).toBe('已选赞成 0 / 10')

        // Every choice is tied to its candidate: a radio group named by the title.
        const titles = vote.candidates.map((c) => c.title)
        expect(await page.getByRole('radiogroup').count()).toBe(13)
        const group = (i: number) => page.getByRole('radiogroup', { name: titles[i], exact: true })
        const option = (i: number, name: '赞成' | '反对' | '弃权') =>
          group(i).getByRole('radio', { name: new RegExp(`^${name}`) })
        expect(await option(0, '赞成').getAttribute('aria-label')).toBeNull()
        expect(
          await option(0, '赞成').evaluate(
            (el) => (el as HTMLInputElement).labels?.[0]?.textContent,
          ),
        ).toBe(`赞成：${titles[0]}`)
        // Large touch targets, one column, no sideways scrolling.
        const box = await group(0).locator('label').first().boundingBox()
        expect(box!.height).toBeGreaterThanOrEqual(44)
        expect(await overflowsHorizontally(page)).toBe(false)

        // The (N+1)th 赞成 is stopped before anything is sent.
        for (let i = 0; i < 10; i++) await option(i, '赞成').click()
        await expect.poll(() => counter.textContent()).toBe('已选赞成 10 / 10')
        expect(await option(10, '赞成').isDisabled()).toBe(true)
        expect(await option(10, '反对').isDisabled()).toBe(false)
        expect(await page.getByText('赞成已达 10 项上限').count()).toBe(1)
        await option(10, '赞成').click({ force: true }) // a tap on the disabled option does nothing
        await expect.poll(() => counter.textContent()).toBe('已选赞成 10 / 10')
        expect(await option(10, '赞成').isChecked()).toBe(false)

        // Start over (nothing was sent, nothing is kept) and vote in a few taps.
        await page.reload()
        await expect.poll(() => counter.textContent()).toBe('已选赞成 0 / 10')
        await option(0, '赞成').click()
        await option(1, '赞成').click()
        await option(2, '赞成').click()
        await option(3, '反对').click()
        await expect.poll(() => counter.textContent()).toBe('已选赞成 3 / 10')
        await page.evaluate(() => window.scrollTo(0, 0))
        await screenshot(page, 'ballot-phone', false)

        // A second tab holding the same ballot form, to try voting twice later.
        const second = await s.context.newPage()
        await second.goto(`/deputy/votes/${vote.id}`)
        await second.getByRole('radiogroup').first().waitFor()
        await second
          .getByRole('radiogroup', { name: titles[5], exact: true })
          .getByRole('radio', { name: /^赞成/ })
          .click()
        await second.getByRole('button', { name: '下一步：核对选票' }).click()

        await page.getByRole('button', { name: '下一步：核对选票' }).click()
        await expect
          .poll(() => page.getByTestId('review-summary').textContent())
          .toBe('赞成 3 项 · 反对 1 项 · 弃权 9 项（其中未选择 9 项）')
        await page.getByRole('button', { name: '确认投票' }).click()
        const code = page.getByTestId('receipt-code')
        await expect.poll(() => code.textContent()).toMatch(/^([A-Z2-7]{4}-){5}[A-Z2-7]{4}$/)
        receipt = (await code.textContent())!
        await screenshot(page, 'ballot-receipt')

        // The other tab tries to cast a second ballot: the API's ALREADY_VOTED is shown, then 已投票.
        await second.getByRole('button', { name: '确认投票' }).click()
        await expect
          .poll(() => second.getByRole('alert').filter({ hasText: '您已投过票' }).count())
          .toBe(1)
        await expect.poll(() => second.getByTestId('already-voted').count()).toBe(1)
        expect(await second.getByRole('radiogroup').count()).toBe(0)

        // Back on the ballot: the form is gone for good.
        await page.reload()
        await expect.poll(() => page.getByTestId('already-voted').textContent()).toBe('您已投票')
        expect(await page.getByRole('radiogroup').count()).toBe(0)
        await page.goto('/deputy/votes')
        await expect
          .poll(() => page.getByRole('link', { name: /2026年度民生实事项目票决/ }).textContent())
          .toContain('已投票')
        expect(s.problems().filter((p) => !/409/.test(p))).toEqual([])
      },
      { device: 'phone' },
    )
    // And over HTTP: the one-ballot rule is the server's.
    await expect(castAs('deputy001', {})).rejects.toThrow(/409.*ALREADY_VOTED/)
  })

  it('the hall screen shows turnout rise live, then the result once closed and certified', async () => {
    await signedIn(app, 'staff', async (s) => {
      const { page: screen, context } = s
      await screen.setViewportSize({ width: 1920, height: 1080 })
      await screen.goto(`/bigscreen/votes/${vote.id}`)
      const voted = screen.getByTestId('turnout-voted')
      await expect.poll(() => voted.textContent()).toBe('1')
      await expect.poll(() => screen.getByText('实时').count()).toBe(1)

      // A second deputy votes (over HTTP): the screen follows without a reload.
      const ids = vote.candidates.map((c) => c.id)
      await castAs('deputy002', Object.fromEntries(ids.slice(0, 10).map((id) => [id, 'for'])))
      await expect.poll(() => voted.textContent()).toBe('2')

      // Most of the hall votes.
      const users = Array.from({ length: 90 }, (_, k) => k + 3)
      for (let k = 0; k < users.length; k += 6)
        await Promise.all(
          users
            .slice(k, k + 6)
            .map((i) => castAs(`deputy${String(i).padStart(3, '0')}`, bulkChoices(i, ids))),
        )
      await expect.poll(() => voted.textContent(), { timeout: 20_000 }).toBe('92')
      expect(await screen.getByTestId('bs-percent').textContent()).toBe('61%')
      await screenshot(screen, 'bigscreen-turnout', false)

      // Close and certify in the console, in another tab.
      const consolePage = await context.newPage()
      await consolePage.goto(`/console/votes/${vote.id}`)
      await expect.poll(() => tag(consolePage).textContent()).toContain('投票中')
      await consolePage.getByRole('button', { name: '结束投票' }).click()
      await confirmDialog(consolePage, /结束投票/)
      await expect.poll(() => tag(consolePage).textContent()).toContain('已结束')
      await expect
        .poll(() => consolePage.getByTestId('result-status').textContent())
        .toBe('票决结果：确定 10 个民生实事项目')

      // Closed but not certified: the hall screen says so and shows no count yet.
      await expect
        .poll(() => screen.getByRole('heading', { name: '投票已结束' }).count(), {
          timeout: 20_000,
        })
        .toBe(1)
      expect(await screen.getByTestId('bs-result').count()).toBe(0)

      // A paper sheet from the hall's paper box, entered twice: teller1 by keyboard in round 1,
      // teller2 (over HTTP) in round 2 with one mark read differently; staff resolve it.
      await signedIn(app, 'teller1', async (teller) => {
        const { page } = teller
        await page.getByRole('menuitem', { name: /纸质计票/ }).click()
        await page.getByRole('link', { name: '2026年度民生实事项目票决' }).click()
        await page.waitForURL(`**/teller/votes/${vote.id}`)
        const sheetNo = page.getByRole('spinbutton', { name: '选票编号' })
        await sheetNo.fill('1')
        await sheetNo.press('Enter')
        // One digit per row moves to the next row; Enter saves.
        await page.keyboard.type('1111111111333')
        await page.keyboard.press('Enter')
        await expect
          .poll(() => page.getByTestId('paper-progress').textContent())
          .toContain('已录入 1 张')
        await expect.poll(() => sheetNo.inputValue()).toBe('2')
        await noToasts(page)
        await screenshot(page, 'paper-entry')
        expect(teller.problems()).toEqual([])
      })
      const round2 = Object.fromEntries(
        ids.map((id, k) => [id, k < 10 ? 'for' : k === 12 ? 'against' : 'abstain']),
      )
      await (
        await apiAs(app, 'teller2')
      ).post(`/votes/${vote.id}/paper-ballots`, {
        sheetNo: 1,
        round: 2,
        choices: round2,
      })
      await consolePage.goto(`/teller/votes/${vote.id}`)
      const row = consolePage.getByRole('row', { name: /两轮不一致/ })
      await expect.poll(() => row.textContent()).toContain('第一轮 弃权，第二轮 反对')
      await row.getByRole('button', { name: /裁\s*定/ }).click()
      const resolve = consolePage.getByRole('dialog', { name: /裁定第 1 号选票/ })
      await resolve.getByRole('button', { name: /保存裁定/ }).click()
      await expect
        .poll(() => consolePage.getByTestId('paper-progress').textContent())
        .toContain('两轮一致或已裁定 1 张 · 待处理 0 张')
      await consolePage.getByRole('spinbutton', { name: '发出张数' }).fill('1')
      await consolePage.getByRole('spinbutton', { name: '收回张数' }).fill('1')
      await consolePage.getByRole('button', { name: /^保\s*存$/ }).click()
      await expect.poll(() => consolePage.getByText('发出与收回张数已保存').count()).toBe(1)

      await consolePage.goto(`/console/votes/${vote.id}`)
      await expect
        .poll(() => consolePage.getByTestId('result-status').textContent())
        .toBe('票决结果：确定 10 个民生实事项目')
      await consolePage.getByRole('button', { name: '确认结果' }).click()
      await confirmDialog(consolePage, /确认结果/)
      await expect.poll(() => tag(consolePage).textContent()).toContain('已确认')
      await consolePage.mouse.move(0, 0)
      await noToasts(consolePage)
      await screenshot(consolePage, 'staff-vote-result')

      const result = screen.getByTestId('bs-result')
      await expect.poll(() => result.count(), { timeout: 30_000 }).toBe(1)
      expect(await result.textContent()).toContain('票决结果：确定 10 个民生实事项目')
      // The chart has its table for screen readers.
      expect(await screen.locator('.ms-chart__table tbody tr').count()).toBe(13)
      await screen.mouse.move(0, 0)
      await screenshot(screen, 'bigscreen-result', false)

      // Publish, also from the console.
      await consolePage.getByRole('button', { name: '公布结果' }).click()
      await confirmDialog(consolePage, /公\s*布/)
      await expect.poll(() => tag(consolePage).textContent()).toContain('已公布')
      expect(s.problems()).toEqual([])
    })
  })

  it('the public receipt page confirms the receipt, and the result is public', async () => {
    expect(receipt).not.toBe('')
    const s = await openPage(app, { device: 'phone', path: '/public/receipt' })
    try {
      const { page } = s
      await page.getByLabel('回执码').fill(receipt.toLowerCase().replace(/-/g, ' '))
      await page.getByRole('button', { name: '核验' }).click()
      await expect
        .poll(() => page.getByTestId('receipt-recorded').textContent())
        .toContain('已记录')
      expect(await overflowsHorizontally(page)).toBe(false)
      await screenshot(page, 'receipt-check')

      await page.getByRole('link', { name: '查看该次票决的结果' }).click()
      await page.waitForURL(`**/public/votes/${vote.id}`)
      await expect
        .poll(() => page.getByTestId('public-status').textContent())
        .toContain('确定 10 个民生实事项目')
      expect(await page.locator('.bt-pub-table tbody tr').count()).toBe(13)
      expect(await overflowsHorizontally(page)).toBe(false)
      // Public pages stay light: no antd.
      expect(await page.locator('style[data-css-hash], style[data-rc-order]').count()).toBe(0)
      expect(s.problems()).toEqual([])
    } finally {
      await s.close()
    }
  })
})

/**
 * A second cycle of the demo city, arranged over HTTP: 2027, "tick up to N" (限额打勾) with N = 2,
 * four candidates and a roster of five deputies (deputy001–005), so one hand-made set of ballots
 * ties two candidates at the cut-off. The decisive steps run in the browser: the ticking, the
 * close, the tie, certifying and publishing, starting the runoff, deciding it, and the 公告.
 */
describe('tick up to N, a tie at the cut-off, its runoff and the announcement', () => {
  const TITLES = ['社区助餐点扩面', '公园无障碍改造', '背街小巷路灯补亮', '社区卫生服务站提升']
  let cycleId = ''
  let selection: Vote
  let roster: string[] = []
  let ids: string[] = []

  async function castIn(voteId: string, username: string, choices: Record<string, string>) {
    return (await apiAs(app, username)).post<{ receipt: string }>(`/votes/${voteId}/ballots`, {
      choices,
    })
  }

  beforeAll(async () => {
    const { items: js } = await staff.get<{ items: { id: string; name: string }[] }>(
      '/jurisdictions',
    )
    const jid = js.find((j) => j.name === '示例市')!.id
    const cycle = await staff.post<{ id: string }>(`/jurisdictions/${jid}/cycles`, {
      year: 2027,
      title: '2027年度民生实事项目',
      seats: 2,
      marginRatio: 0.5,
      fundPoolFen: 500_000_000,
      thresholdBasis: 'all',
      ballotForm: 'approve_up_to_n',
    })
    cycleId = cycle.id
    const { items: units } = await staff.get<{ items: { name: string }[] }>(
      `/jurisdictions/${jid}/units`,
    )
    await staff.post(`/cycles/${cycleId}/phase`, { to: 'screening' })
    for (const [k, title] of TITLES.entries())
      await staff.post(`/cycles/${cycleId}/candidates`, {
        title,
        description: `${title}（2027 年候选项目）`,
        category: 'elderly',
        responsibleUnit: units[0]!.name,
        estimateFen: 100_000_000 * (k + 1),
        fundingSource: 'local',
      })
    await staff.post(`/cycles/${cycleId}/candidates/lock`)
    selection = await staff.post<Vote>(`/cycles/${cycleId}/votes`, { kind: 'selection' })
    roster = []
    for (let i = 1; i <= 5; i++) {
      const me = await (
        await apiAs(app, `deputy00${i}`)
      ).get<{ deputyIds: { deputyId: string }[] }>('/me')
      roster.push(me.deputyIds[0]!.deputyId)
    }
    await staff.put(`/votes/${selection.id}/roster`, { deputyIds: roster })
    await staff.post(`/votes/${selection.id}/check-ins`, { deputyIds: roster })
    await staff.post(`/votes/${selection.id}/open`)
    selection = await staff.get<Vote>(`/votes/${selection.id}`)
    const byTitle = new Map(selection.candidates.map((c) => [c.title, c.id]))
    ids = TITLES.map((t) => byTitle.get(t)!)
  })

  it('a deputy ticks up to N on a phone and is stopped at N; the server refuses N + 1 too', async () => {
    expect(selection.rules.seats).toBe(2)
    await signedIn(
      app,
      'deputy001',
      async (s) => {
        const { page } = s
        await page.waitForURL('**/deputy')
        await page.goto(`/deputy/votes/${selection.id}`)
        const counter = page.getByTestId('approval-counter')
        await expect.poll(() => counter.textContent()).toBe('已选赞成 0 / 2')
        // Ticks, not three-way choices; each tick's label names its candidate.
        expect(await page.getByRole('radiogroup').count()).toBe(0)
        const tick = (i: number) =>
          page.getByRole('checkbox', { name: new RegExp(`^赞成.*${TITLES[i]}$`) })
        expect(await page.getByRole('checkbox').count()).toBe(4)
        await tick(0).check()
        await tick(2).check()
        await expect.poll(() => counter.textContent()).toBe('已选赞成 2 / 2')
        // The third tick is refused before anything is sent.
        expect(await tick(1).isDisabled()).toBe(true)
        expect(await tick(3).isDisabled()).toBe(true)
        expect(await page.getByText('赞成已达 2 项上限').count()).toBe(1)
        await tick(1).click({ force: true })
        expect(await tick(1).isChecked()).toBe(false)
        await expect.poll(() => counter.textContent()).toBe('已选赞成 2 / 2')
        // Changing one's mind: untick one, tick another.
        await tick(2).uncheck()
        expect(await tick(1).isDisabled()).toBe(false)
        await tick(1).check()
        await expect.poll(() => counter.textContent()).toBe('已选赞成 2 / 2')

        await page.getByRole('button', { name: '下一步：核对选票' }).click()
        await expect
          .poll(() => page.getByTestId('review-summary').textContent())
          .toBe('打勾 2 项 · 未打勾 2 项（按弃权计）')
        await page.getByRole('button', { name: '确认投票' }).click()
        await expect
          .poll(() => page.getByTestId('receipt-code').textContent())
          .toMatch(/^([A-Z2-7]{4}-){5}[A-Z2-7]{4}$/)
        expect(await overflowsHorizontally(page)).toBe(false)
        expect(s.problems()).toEqual([])
      },
      { device: 'phone' },
    )
    // The server's own rule: three ticks for N = 2 are refused, and nothing is recorded.
    await expect(
      castIn(selection.id, 'deputy002', { [ids[0]!]: 'for', [ids[1]!]: 'for', [ids[2]!]: 'for' }),
    ).rejects.toThrow(/400.*TOO_MANY_APPROVALS/)
    // The rest of the roster: 0 gets 4 ticks, 1 and 2 get 3 each (threshold 3 of 5) → a tie.
    await castIn(selection.id, 'deputy002', { [ids[0]!]: 'for', [ids[2]!]: 'for' })
    await castIn(selection.id, 'deputy003', { [ids[0]!]: 'for', [ids[1]!]: 'for' })
    await castIn(selection.id, 'deputy004', { [ids[1]!]: 'for', [ids[2]!]: 'for' })
    await castIn(selection.id, 'deputy005', { [ids[0]!]: 'for', [ids[2]!]: 'for' })
    const turnout = await staff.get<{ voted: number }>(`/votes/${selection.id}/turnout`)
    expect(turnout.voted).toBe(5)
  })

  it('the tie at the cut-off is reported, a runoff decides the place, and the 公告 downloads', async () => {
    await signedIn(app, 'staff', async (s) => {
      const { page } = s
      await page.goto(`/console/votes/${selection.id}`)
      await expect.poll(() => tag(page).textContent()).toContain('投票中')
      await page.getByRole('button', { name: '结束投票' }).click()
      await confirmDialog(page, /结束投票/)
      const status = page.getByTestId('result-status')
      await expect
        .poll(() => status.textContent())
        .toContain('已确定 1 个项目；剩余 1 个名额出现同票，需就同票项目再次投票')
      expect(await status.textContent()).toContain(`${TITLES[1]}、${TITLES[2]}`)
      // No announcement before the result is published.
      expect(await page.getByTestId('announcement-pdf').count()).toBe(0)
      await page.getByRole('button', { name: '确认结果' }).click()
      await confirmDialog(page, /确认结果/)
      await expect.poll(() => tag(page).textContent()).toContain('已确认')
      await page.getByRole('button', { name: '公布结果' }).click()
      await confirmDialog(page, /公\s*布/)
      await expect.poll(() => tag(page).textContent()).toContain('已公布')

      // The runoff among the tied two, started from the result.
      await page.getByRole('button', { name: '发起同票再次投票' }).click()
      const dialog = page.locator('.ant-modal-confirm')
      await expect
        .poll(() => dialog.locator('li').allTextContents())
        .toEqual([TITLES[1], TITLES[2]])
      await dialog.getByRole('button', { name: '创建再次投票' }).click()
      await page.waitForURL(
        (u) =>
          /\/console\/votes\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.endsWith(selection.id),
      )
      const runoffId = page.url().split('/').pop()!
      const runoff = await staff.get<Vote & { kind: string; parentVoteId: string }>(
        `/votes/${runoffId}`,
      )
      expect(runoff).toMatchObject({
        kind: 'runoff',
        parentVoteId: selection.id,
        rules: { seats: 1 },
      })
      expect(runoff.candidates.map((c) => c.title).sort()).toEqual([TITLES[1], TITLES[2]].sort())

      // The hall: same five deputies; four tick candidate 2, one ticks candidate 1.
      await staff.put(`/votes/${runoffId}/roster`, { deputyIds: roster })
      await staff.post(`/votes/${runoffId}/check-ins`, { deputyIds: roster })
      await staff.post(`/votes/${runoffId}/open`)
      for (const u of ['deputy001', 'deputy002', 'deputy003', 'deputy005'])
        await castIn(runoffId, u, { [ids[2]!]: 'for' })
      await castIn(runoffId, 'deputy004', { [ids[1]!]: 'for' })

      await page.reload()
      await expect.poll(() => tag(page).textContent()).toContain('投票中')
      await page.getByRole('button', { name: '结束投票' }).click()
      await confirmDialog(page, /结束投票/)
      await expect.poll(() => status.textContent()).toBe('票决结果：确定 1 个民生实事项目')
      const chosenRow = page.locator('.ant-table-tbody tr', { hasText: TITLES[2] })
      await expect.poll(() => chosenRow.textContent()).toContain('确定')
      await page.getByRole('button', { name: '确认结果' }).click()
      await confirmDialog(page, /确认结果/)
      await expect.poll(() => tag(page).textContent()).toContain('已确认')
      await page.getByRole('button', { name: '公布结果' }).click()
      await confirmDialog(page, /公\s*布/)
      await expect.poll(() => tag(page).textContent()).toContain('已公布')

      // The 公告 of the cycle, downloaded as the browser does.
      const button = page.getByRole('button', { name: /下载结果公告 \(PDF\)/ })
      const [download] = await Promise.all([page.waitForEvent('download'), button.click()])
      expect(download.suggestedFilename()).toBe('示例市2027年民生实事项目人大代表票决结果公告.pdf')
      const bytes = fs.readFileSync(await download.path())
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      expect(bytes.length).toBeGreaterThan(10_000) // the embedded CJK subset alone is larger
      await page.mouse.move(0, 0)
      await noToasts(page)
      await screenshot(page, 'staff-vote-runoff-result')
      expect(s.problems()).toEqual([])
    })
  })
})
