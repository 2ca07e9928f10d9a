import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { projectIn, world, type World } from '../progress/progress.fixtures.js'

let t: TestApp
let w: World
beforeAll(async () => {
  // Long sessions: these tests move the clock by days.
  t = await createTestApp({ SESSION_TTL_HOURS: '2000', SESSION_IDLE_MINUTES: '100000' })
  t.clock.now = new Date('2026-11-22T04:00:00Z')
  w = await world(t, 2)
})
afterAll(() => t.close())

async function assignedIssue(deadline: string) {
  const pid = await projectIn(t, w)
  await t.call('PUT', `/api/projects/${pid}/supervision-group`, {
    token: w.staff.token,
    body: { leaderDeputyId: w.deputies[0]!.deputyId, memberDeputyIds: [] },
  })
  const r = await t.call('POST', `/api/projects/${pid}/issues`, {
    token: w.deputies[0]!.token,
    body: { title: '通知测试问题', description: '说明' },
  })
  await t.call('POST', `/api/issues/${r.body.id}/assign`, {
    token: w.staff.token,
    body: { deadline },
  })
  return { pid, iid: r.body.id as string }
}

describe('notifications', () => {
  it('tells the unit of an assigned issue, counts it unread and marks it read', async () => {
    const { iid } = await assignedIssue('2026-12-31')
    const list = await t.call('GET', '/api/notifications', { token: w.unitUser.token })
    expect(list.status).toBe(200)
    const n = list.body.items.find(
      (x: { kind: string; issueId: string }) => x.kind === 'issue_assigned' && x.issueId === iid,
    )
    expect(n).toMatchObject({ readAt: null })
    expect(n.title).toContain('2026-12-31')
    const unread = list.body.unread
    expect(unread).toBeGreaterThanOrEqual(1)
    const read = await t.call('POST', `/api/notifications/${n.id}/read`, {
      token: w.unitUser.token,
    })
    expect(read.body.readAt).toEqual(expect.any(String))
    const after = await t.call('GET', '/api/notifications', { token: w.unitUser.token })
    expect(after.body.unread).toBe(unread - 1)
    // Someone else's notification is not found.
    expect(
      (await t.call('POST', `/api/notifications/${n.id}/read`, { token: w.staff.token })).status,
    ).toBe(404)
    expect(
      (await t.call('POST', `/api/notifications/not-an-id/read`, { token: w.staff.token })).status,
    ).toBe(404)
    // Staff heard of the raised issue.
    const staff = await t.call('GET', '/api/notifications', { token: w.staff.token })
    expect(
      staff.body.items.some(
        (x: { kind: string; issueId: string }) => x.kind === 'issue_raised' && x.issueId === iid,
      ),
    ).toBe(true)
  })

  it('computes deadline-near and overdue notices on read, once each, without any background job', async () => {
    const { iid } = await assignedIssue('2026-11-30')
    const kinds = async () =>
      (await t.call('GET', '/api/notifications?limit=100', { token: w.unitUser.token })).body.items
        .filter((x: { issueId: string }) => x.issueId === iid)
        .map((x: { kind: string }) => x.kind)
        .sort()
    expect(await kinds()).toEqual(['issue_assigned'])
    t.clock.now = new Date('2026-11-28T04:00:00Z')
    expect(await kinds()).toEqual(['issue_assigned', 'issue_due_soon'])
    expect(await kinds()).toEqual(['issue_assigned', 'issue_due_soon'])
    t.clock.now = new Date('2026-12-02T04:00:00Z')
    expect(await kinds()).toEqual(['issue_assigned', 'issue_due_soon', 'issue_overdue'])
    // The raising deputy hears of it too.
    const dep = await t.call('GET', '/api/notifications?limit=100', { token: w.deputies[0]!.token })
    expect(
      dep.body.items.some(
        (x: { kind: string; issueId: string }) => x.kind === 'issue_overdue' && x.issueId === iid,
      ),
    ).toBe(true)
    t.clock.now = new Date('2026-11-22T04:00:00Z')
  })

  it('warns the unit and the group of an overdue report and a lagging project, and sums it up in a digest', async () => {
    const pid = await projectIn(t, w, { title: '报告逾期项目' })
    await t.call('PUT', `/api/projects/${pid}/supervision-group`, {
      token: w.staff.token,
      body: { leaderDeputyId: w.deputies[1]!.deputyId, memberDeputyIds: [] },
    })
    await t.call('POST', `/api/projects/${pid}/milestones`, {
      token: w.staff.token,
      body: { name: '开工', plannedDate: '2026-07-01' },
    })
    const unit = await t.call('GET', '/api/notifications?limit=100', { token: w.unitUser.token })
    expect(
      unit.body.items.some(
        (x: { kind: string; projectId: string }) =>
          x.kind === 'report_overdue' && x.projectId === pid,
      ),
    ).toBe(true)
    const dep = await t.call('GET', '/api/notifications?limit=100', { token: w.deputies[1]!.token })
    const kinds = dep.body.items
      .filter((x: { projectId: string }) => x.projectId === pid)
      .map((x: { kind: string }) => x.kind)
    expect(kinds).toEqual(expect.arrayContaining(['report_overdue', 'project_lagging']))
    const digest = await t.call('GET', '/api/notifications/digest', { token: w.unitUser.token })
    expect(digest.status).toBe(200)
    expect(digest.body.unit.reportsOverdue).toBeGreaterThanOrEqual(1)
    expect(digest.body.summary).toContain('进度报告逾期')
    const d2 = await t.call('GET', '/api/notifications/digest', { token: w.deputies[1]!.token })
    expect(d2.body.deputy).toMatchObject({ supervisedProjects: 1, lagging: 1 })
    const all = await t.call('POST', '/api/notifications/read-all', { token: w.deputies[1]!.token })
    expect(all.body.marked).toBeGreaterThanOrEqual(2)
    expect(
      (await t.call('GET', '/api/notifications', { token: w.deputies[1]!.token })).body.unread,
    ).toBe(0)
    expect((await t.call('GET', '/api/notifications')).status).toBe(401)
    expect(
      (await t.call('GET', '/api/notifications?limit=0', { token: w.staff.token })).status,
    ).toBe(400)
  })

  it('lists only unread ones with state=unread, while the count stays the total unread', async () => {
    await assignedIssue('2026-12-30')
    const all = await t.call('GET', '/api/notifications?limit=100', { token: w.unitUser.token })
    const items = all.body.items as { id: string; readAt: string | null }[]
    const unreadIds = items.filter((n) => n.readAt === null).map((n) => n.id)
    expect(unreadIds.length).toBeGreaterThanOrEqual(1)
    expect(items.some((n) => n.readAt !== null)).toBe(true) // read in the first test
    const only = await t.call('GET', '/api/notifications?limit=100&state=unread', {
      token: w.unitUser.token,
    })
    expect(only.status).toBe(200)
    expect(only.body.items.map((n: { id: string }) => n.id)).toEqual(unreadIds)
    expect(only.body.unread).toBe(all.body.unread)
    // Reading one takes it off the unread list; reading all empties it.
    await t.call('POST', `/api/notifications/${unreadIds[0]}/read`, { token: w.unitUser.token })
    const fewer = await t.call('GET', '/api/notifications?limit=100&state=unread', {
      token: w.unitUser.token,
    })
    expect(fewer.body.items.map((n: { id: string }) => n.id)).toEqual(unreadIds.slice(1))
    expect(fewer.body.unread).toBe(all.body.unread - 1)
    await t.call('POST', '/api/notifications/read-all', { token: w.unitUser.token })
    const none = await t.call('GET', '/api/notifications?state=unread', { token: w.unitUser.token })
    expect(none.body).toMatchObject({ items: [], unread: 0, nextCursor: null })
    // A second read-all marks nothing; the full list still has them, read.
    expect(
      (await t.call('POST', '/api/notifications/read-all', { token: w.unitUser.token })).body,
    ).toEqual({ marked: 0 })
    const after = await t.call('GET', '/api/notifications?limit=100', { token: w.unitUser.token })
    expect(after.body.items).toHaveLength(items.length)
    // A bad filter is refused and changes nothing.
    const bad = await t.call('GET', '/api/notifications?state=new', { token: w.unitUser.token })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('VALIDATION_FAILED')
  })

  it('pages with a cursor', async () => {
    const first = await t.call('GET', '/api/notifications?limit=1', { token: w.unitUser.token })
    expect(first.body.items).toHaveLength(1)
    expect(first.body.nextCursor).toEqual(expect.any(String))
    const second = await t.call(
      'GET',
      `/api/notifications?limit=1&cursor=${first.body.nextCursor}`,
      {
        token: w.unitUser.token,
      },
    )
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id)
  })
})
