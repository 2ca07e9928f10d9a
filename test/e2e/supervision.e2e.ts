import { deflateSync, crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
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
 * Implementation and supervision (issue 6) in Chromium against the demo: a unit files a progress
 * report with a photo; a deputy (on a phone) records an inspection and raises an issue; staff
 * assign it; the unit answers; the deputy closes it (销号); the project page's timeline shows each
 * step; a project with a missed milestone shows as lagging on the staff board and the public page.
 */

const app = useApp()

/** A small PNG made here (no files): a blue field with a lighter band. */
function png(width = 96, height = 64): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(td) >>> 0)
    return Buffer.concat([len, td, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  const rows: Buffer[] = []
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3)
    for (let x = 0; x < width; x++) {
      const band = y > height * 0.6
      row.set(band ? [150, 180, 210] : [40, 90, 160], 1 + x * 3)
    }
    rows.push(row)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

interface BoardItem {
  project: { id: string; title: string; responsibleUnit: string }
  status: string
  nextPeriod: string
}

describe('implementation and supervision', () => {
  it('runs the closed loop from a unit report to 销号, visible on the timeline, and shows a lagging project', async () => {
    const staff: ApiSession = await apiAs(app, 'staff')
    const me = await staff.get<{ grants: { jurisdictionId: string }[] }>('/me')
    const jid = me.grants[0]!.jurisdictionId
    const cycles = await staff.get<{ items: { id: string; year: number }[] }>(
      `/jurisdictions/${jid}/cycles`,
    )
    const cycle = cycles.items.find((c) => c.year === 2025)!
    const board = await staff.get<{ items: BoardItem[] }>(`/cycles/${cycle.id}/progress-board`)
    // A project of 卫生健康委员会 still under way (unit.health reports on it), and a lagging one.
    const target = board.items.find(
      (i) => i.project.responsibleUnit.includes('卫生健康') && i.status !== 'completed',
    )!
    const lagging = board.items.find((i) => i.status === 'lagging')!
    expect(target).toBeDefined()
    expect(lagging).toBeDefined()
    // deputy001 leads the target's supervision group for this test.
    const dep = await apiAs(app, 'deputy001')
    const depMe = await dep.get<{
      user: { displayName: string }
      deputyIds: { deputyId: string }[]
    }>('/me')
    await staff.put(`/projects/${target.project.id}/supervision-group`, {
      leaderDeputyId: depMe.deputyIds[0]!.deputyId,
      memberDeputyIds: [],
    })
    const title = target.project.title

    // 1. The unit files its monthly report with a photo.
    await signedIn(app, 'unit.health', async (unit) => {
      const { page } = unit
      await page.goto('/unit/projects')
      await step(unit, 'unit-report', async () => {
        const item = page.locator('.ant-list-item', { hasText: title }).first()
        await item.getByRole('button', { name: '填报进度' }).click()
        const dialog = page.getByRole('dialog')
        await dialog.getByLabel('完成进度（%）').fill('88')
        await dialog.getByLabel('进展情况').fill('二期托位装修完成，消防验收材料已报送。')
        await dialog.locator('input[type=file]').setInputFiles({
          name: 'site.png',
          mimeType: 'image/png',
          buffer: png(),
        })
        await screenshot(page, 'progress-unit-report', false)
        await dialog.getByRole('button', { name: /提交报告/ }).click()
        await expect.poll(() => page.getByText('进度报告已提交').count()).toBeGreaterThan(0)
      })
      const progress = await staff.get<{ reports: { period: string; photos: unknown[] }[] }>(
        `/projects/${target.project.id}/progress`,
      )
      expect(progress.reports[0]!.period).toBe(target.nextPeriod)
      expect(progress.reports[0]!.photos).toHaveLength(1)
      await screenshot(page, 'progress-unit-console')
      expect(unit.problems()).toEqual([])
    })

    // 2. The deputy, on a phone, records an inspection and raises an issue from it.
    const issueTitle = '托育点楼梯护栏高度不足'
    await signedIn(
      app,
      'deputy001',
      async (deputy) => {
        const { page } = deputy
        await page.goto('/deputy/supervision')
        await step(deputy, 'deputy-list', async () => {
          await expect
            .poll(() => page.getByRole('link', { name: new RegExp(title) }).count())
            .toBeGreaterThan(0)
        })
        await screenshot(page, 'supervision-deputy-list')
        await step(deputy, 'deputy-inspect', async () => {
          await page.getByRole('link', { name: new RegExp(title) }).click()
          await page.getByRole('button', { name: /记录视察/ }).click()
          const drawer = page.getByRole('dialog')
          await drawer
            .getByLabel('视察发现')
            .fill('二期托位已基本建成，楼梯护栏高度不足1.1米，存在安全隐患。')
          await drawer.getByRole('button', { name: /保存视察记录/ }).click()
          await expect.poll(() => page.getByText('视察记录已保存').count()).toBeGreaterThan(0)
          await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
        })
        await step(deputy, 'deputy-raise', async () => {
          await page.getByRole('button', { name: /提出问题/ }).click()
          const drawer = page.getByRole('dialog')
          await drawer.getByLabel('问题', { exact: true }).fill(issueTitle)
          await drawer
            .getByLabel('具体情况')
            .fill('二期托育点楼梯护栏高度不足1.1米，请按规范整改。')
          await drawer.getByRole('button', { name: /提交问题/ }).click()
          await expect
            .poll(() => page.getByText('问题已提出', { exact: false }).count())
            .toBeGreaterThan(0)
          await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
          await expect
            .poll(() => page.locator('.sv-issue', { hasText: issueTitle }).count())
            .toBe(1)
        })
        expect(await overflowsHorizontally(page)).toBe(false)
        await screenshot(page, 'supervision-deputy-project')
        expect(deputy.problems()).toEqual([])
      },
      { device: 'phone' },
    )

    // 3. Staff assign it (交办) from the issue list.
    await signedIn(app, 'staff', async (console_) => {
      const { page } = console_
      await page.goto('/console/issues')
      await step(console_, 'staff-assign', async () => {
        const row = page.locator('tr', { hasText: issueTitle }).first()
        await row.getByRole('button', { name: /交\s*办/ }).click()
        await page.getByRole('dialog').getByLabel('交办意见').fill('请一周内整改到位')
        await page
          .getByRole('dialog')
          .getByRole('button', { name: /OK|确\s*定/ })
          .click()
        await expect.poll(() => row.getByText('已交办').count()).toBeGreaterThan(0)
      })
      await screenshot(page, 'supervision-issue-list')
    })

    // 4. The unit answers (办理).
    await signedIn(app, 'unit.health', async (unit2) => {
      const { page } = unit2
      await page.goto('/unit/projects')
      await step(unit2, 'unit-answer', async () => {
        const item = page.locator('.ant-list-item', { hasText: issueTitle }).first()
        await item.getByRole('button', { name: /答\s*复/ }).click()
        await page
          .getByRole('dialog')
          .getByLabel('办理情况和整改措施')
          .fill('已将护栏加高至1.2米，并增设防攀爬网。')
        await page
          .getByRole('dialog')
          .getByRole('button', { name: /保\s*存/ })
          .click()
        await expect.poll(() => page.getByText('答复已提交').count()).toBeGreaterThan(0)
      })
    })

    // 5. The deputy verifies and closes it (销号).
    await signedIn(
      app,
      'deputy001',
      async (deputy2) => {
        const { page } = deputy2
        await page.goto(`/deputy/supervision/${target.project.id}`)
        await step(deputy2, 'deputy-close', async () => {
          const card = page.locator('.sv-issue', { hasText: issueTitle })
          await expect
            .poll(() => card.getByText('加高至1.2米', { exact: false }).count())
            .toBeGreaterThan(0)
          await card.getByRole('button', { name: '核实销号' }).click()
          await expect.poll(() => card.getByText('已销号').count()).toBeGreaterThan(0)
        })
      },
      { device: 'phone' },
    )

    // 6. The project page shows every step on the timeline; the board shows the lagging project.
    const issues = await staff.get<{ items: { id: string; title: string }[] }>(
      `/projects/${target.project.id}/issues`,
    )
    await staff.post(`/issues/${issues.items.find((i) => i.title === issueTitle)!.id}/publish`, {
      published: true,
    })
    await signedIn(app, 'staff', async (review) => {
      const { page } = review
      await page.goto(`/projects/${target.project.id}`)
      await step(review, 'timeline', async () => {
        const timeline = page.getByTestId('timeline')
        for (const text of [
          `${target.nextPeriod} 进度报告`,
          '代表视察',
          `提出问题：${issueTitle}`,
          `交办：${issueTitle}`,
          `办理答复：${issueTitle}`,
          `销号：${issueTitle}`,
        ])
          await expect
            .poll(() => timeline.getByText(text, { exact: false }).count(), { message: text })
            .toBeGreaterThan(0)
      })
      await screenshot(page, 'progress-project-timeline')

      await page.goto('/console/progress')
      await step(review, 'board', async () => {
        const row = page.locator('tr', { hasText: lagging.project.title }).first()
        await expect.poll(() => row.getByText('进度滞后').count()).toBeGreaterThan(0)
        await expect.poll(() => page.getByText('五色状态说明').count()).toBeGreaterThan(0)
      })
      await screenshot(page, 'progress-staff-board')
      expect(review.problems()).toEqual([])
    })

    // 7. The public pages: the lagging project says so; the closed issue is published with its answer.
    const pub = await openPage(app, {
      device: 'desktop',
      path: `/public/projects/${lagging.project.id}`,
    })
    try {
      const { page } = pub
      await step(pub, 'public-lagging', async () => {
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).textContent())
          .toBe(lagging.project.title)
        await expect.poll(() => page.getByText('进度滞后').count()).toBeGreaterThan(0)
      })
      await screenshot(page, 'progress-public-lagging')
      await page.goto(`/public/projects/${target.project.id}`)
      await step(pub, 'public-issue', async () => {
        await expect
          .poll(() => page.getByText(issueTitle, { exact: false }).count())
          .toBeGreaterThan(0)
        await expect
          .poll(() => page.getByText('加高至1.2米', { exact: false }).count())
          .toBeGreaterThan(0)
        // No names on the public page.
        expect(await page.getByText(depMe.user.displayName).count()).toBe(0)
      })
      await screenshot(page, 'progress-public-project')
      expect(pub.problems()).toEqual([])
    } finally {
      await pub.close()
    }
  })
})
