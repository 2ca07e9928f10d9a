import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { screenshot, ROOT, useApp, signedIn } from './harness'

/**
 * What-if analysis in Chromium: staff compare a closed vote, then upload Warsaw 2026 (3.2 MB,
 * 61,668 ballots) and see the rules side by side. Screenshots go to docs/screenshots/what-if.png
 * (Warsaw) and what-if-vote.png (the vote).
 *
 * The app starts empty (SEED=none) and the vote is built through the API as a county would run
 * one — accounts, cycle, eight candidates, lock, check-in, fifteen ballots, close — so the test
 * does not depend on the demo data of other features.
 */
const WARSAW = path.resolve(ROOT, '../shared/data/pabulib/Poland_Warszawa_2026.pb')
const PASSWORD = 'Analysis@2026'

const app = useApp({
  seed: 'none',
  env: { ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: PASSWORD },
})

async function call(method: string, url: string, token?: string, body?: unknown) {
  const res = await fetch(`${app.url}${url}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text}`)
  return text ? JSON.parse(text) : null
}

const signIn = async (username: string, password = PASSWORD) =>
  (await call('POST', '/api/auth/login', undefined, { username, password })).token as string

/** 万元 → fen. */
const wan = (n: number) => n * 1_000_000

/**
 * Eight candidates (4,900万元) for a 3,000万元 pool, and who marks each 赞成: deputies 1–10 favour
 * the large urban projects, deputies 11–15 (a third of the congress) the smaller ones — the case
 * where the Method of Equal Shares gives the minority its proportional share of the money.
 */
const PROJECTS = [
  {
    title: '城区排水防涝改造',
    category: 'environment',
    unit: '县住房和城乡建设局',
    wan: 1200,
    by: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  },
  {
    title: '老旧小区加装电梯',
    category: 'housing',
    unit: '县住房和城乡建设局',
    wan: 900,
    by: [1, 2, 3, 4, 5, 6, 7, 8, 9],
  },
  {
    title: '农村公路提档升级',
    category: 'rural',
    unit: '县交通运输局',
    wan: 800,
    by: [1, 2, 3, 4, 5, 6, 7, 8, 11],
  },
  {
    title: '社区养老服务中心',
    category: 'elderly',
    unit: '县民政局',
    wan: 600,
    by: [3, 4, 5, 6, 7, 8, 9, 10, 12, 13],
  },
  {
    title: '基层医疗卫生服务能力提升',
    category: 'health',
    unit: '县卫生健康局',
    wan: 500,
    by: [10, 11, 12, 13, 14, 15],
  },
  {
    title: '中小学校园安全提升',
    category: 'education',
    unit: '县教育局',
    wan: 400,
    by: [11, 12, 13, 14, 15],
  },
  {
    title: '婴幼儿托育服务点',
    category: 'childcare',
    unit: '县卫生健康局',
    wan: 300,
    by: [11, 12, 13, 14],
  },
  {
    title: '全民健身步道',
    category: 'culture',
    unit: '县文化广电和旅游局',
    wan: 200,
    by: [9, 12, 13, 14, 15],
  },
]

/** A county's 2025 vote: 15 deputies, 5 seats, the candidates above. */
async function closedVote() {
  const admin = await signIn('admin')
  const me = await call('GET', '/api/me', admin)
  const jid = me.grants[0].jurisdictionId as string
  await call('POST', `/api/jurisdictions/${jid}/users`, admin, {
    username: 'staff',
    password: PASSWORD,
    displayName: '代表工委 王敏',
    roles: ['staff'],
  })
  const usernames = Array.from({ length: 15 }, (_, i) => `deputy${String(i + 1).padStart(2, '0')}`)
  for (const username of usernames)
    await call('POST', `/api/jurisdictions/${jid}/users`, admin, {
      username,
      password: PASSWORD,
      displayName: `代表${username.slice(-2)}`,
      roles: ['deputy'],
    })
  const staff = await signIn('staff')
  const cycle = await call('POST', `/api/jurisdictions/${jid}/cycles`, staff, {
    year: 2025,
    title: '2025年度民生实事项目',
    seats: 5,
    marginRatio: 0.5,
    fundPoolFen: wan(3000),
    thresholdBasis: 'all',
    ballotForm: 'for_against_abstain',
  })
  for (const unit of new Set(PROJECTS.map((p) => p.unit)))
    await call('POST', `/api/jurisdictions/${jid}/units`, staff, { name: unit })
  await call('POST', `/api/cycles/${cycle.id}/phase`, staff, { to: 'screening' })
  const ids: string[] = []
  for (const p of PROJECTS) {
    const c = await call('POST', `/api/cycles/${cycle.id}/candidates`, staff, {
      title: p.title,
      description: `${p.title}（示例）`,
      category: p.category,
      responsibleUnit: p.unit,
      estimateFen: wan(p.wan),
      fundingSource: 'local',
    })
    ids.push(c.id)
  }
  await call('POST', `/api/cycles/${cycle.id}/candidates/lock`, staff)
  const vote = await call('POST', `/api/cycles/${cycle.id}/votes`, staff, { kind: 'selection' })
  const deputies = (await call('GET', `/api/jurisdictions/${jid}/deputies`, staff)).items as {
    id: string
    userId: string
  }[]
  await call('POST', `/api/votes/${vote.id}/check-ins`, staff, {
    deputyIds: deputies.map((d) => d.id),
  })
  await call('POST', `/api/votes/${vote.id}/open`, staff)
  const ballots: Record<string, string>[] = usernames.map((_, i) =>
    Object.fromEntries(
      PROJECTS.flatMap((p, k) => (p.by.includes(i + 1) ? [[ids[k]!, 'for']] : [])),
    ),
  )
  for (const [i, username] of usernames.entries())
    await call('POST', `/api/votes/${vote.id}/ballots`, await signIn(username), {
      choices: ballots[i],
    })
  await call('POST', `/api/votes/${vote.id}/close`, staff)
  return vote.id as string
}

beforeAll(async () => {
  await closedVote()
})

describe('what-if analysis', () => {
  it('compares a closed vote and an uploaded Warsaw 2026 file, with charts, matrix and explanations', async () => {
    await signedIn(app, { username: 'staff', password: PASSWORD }, async (s) => {
      const { page } = s
      await page.waitForURL('**/console')

      // Reachable from the staff menu.
      await page.getByRole('menuitem', { name: /方案比较/ }).click()
      await page.waitForURL('**/console/analysis')
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('票决方案比较')

      // The closed 2025 vote: the legal rule beside the budget rules.
      const compare = page.getByRole('link', { name: /^比较各规则/ }).first()
      await compare.waitFor({ timeout: 30_000 })
      await compare.click()
      await page.waitForURL(/\/console\/analysis\/votes\//)
      const rulesTable = page.locator('.ms-data-table table').first()
      await expect
        .poll(() => rulesTable.locator('tbody tr.ant-table-row').count(), { timeout: 60_000 })
        .toBe(8)
      expect(await rulesTable.textContent()).toContain('法定规则')
      expect(await page.getByRole('heading', { name: '各规则如何选择' }).count()).toBe(1)
      await page.mouse.move(0, 0)
      await screenshot(page, 'what-if-vote')

      // Upload Warsaw 2026 with progress, then the comparison computes and renders.
      await page.goto('/console/analysis')
      await page.locator('.analysis-upload input[type=file]').setInputFiles(WARSAW)
      await page.getByLabel('名称（可选）').fill('华沙 2026 全市参与式预算')
      const started = Date.now()
      await page.getByRole('button', { name: /上传并比较/ }).click()
      await page.waitForURL(/\/console\/analysis\/instances\//, { timeout: 60_000 })
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 120_000 })
        .toBe('华沙 2026 全市参与式预算')
      const renderedMs = Date.now() - started
      const table = page.locator('.ms-data-table table').first()
      await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(8)
      const text = (await table.textContent()) ?? ''
      for (const label of [
        '公布的实际结果',
        '资金池贪心法',
        '门槛 + 资金池贪心法',
        '均等份额法（MES）',
      ])
        expect(text).toContain(label)
      // Every chart has its table; the matrix lists the projects the rules disagree on.
      expect(await page.locator('figure.ms-chart').count()).toBe(2)
      expect(await page.locator('.analysis-matrix tbody tr').count()).toBeGreaterThan(10)
      expect(await page.getByText('24,186,815 PLN').count()).toBeGreaterThan(0)
      // The Excel export is a plain link to the API.
      const href = await page.getByRole('link', { name: /导出比较表/ }).getAttribute('href')
      expect(href).toMatch(/\/what-if\.xlsx\?lang=zh-CN$/)
      const xlsx = await page.request.get(href!)
      expect(xlsx.status()).toBe(200)
      expect(xlsx.headers()['content-type']).toContain('spreadsheetml')

      await page.mouse.move(0, 0)
      await screenshot(page, 'what-if')
      console.info(`Warsaw 2026: upload to rendered comparison in ${renderedMs} ms`)
      expect(s.problems()).toEqual([])
    })
  })
})
