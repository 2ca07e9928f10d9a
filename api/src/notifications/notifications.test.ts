import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { cycle, project, projectIn, world, type World } from '../progress/progress.fixtures.js'
import { insertNotifications } from './notifications.repository.js'
import { NOTIFICATION_KINDS } from './notifications.exports.js'
import { evaluationWorld, handBallots } from '../evaluation/evaluation.fixtures.js'

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

  it('flags overdue reports, lagging projects and open issues to staff of the jurisdiction only, in notices and the digest', async () => {
    const city = await world(t, 1)
    const county = await world(t, 1, city.j)
    const lagging = async (x: World, title: string) => {
      const pid = await projectIn(t, x, { title })
      await t.call('POST', `/api/projects/${pid}/milestones`, {
        token: x.staff.token,
        body: { name: '开工', plannedDate: '2026-07-01' },
      })
      return pid
    }
    const cityPid = await lagging(city, '市级滞后项目')
    const countyPid = await lagging(county, '县级滞后项目')
    const onTrack = await projectIn(t, city, { title: '市级正常项目' })
    // A closed year's lagging project is not flagged again.
    const old = await cycle(t, city.j.id, 2025)
    await t.database.db
      .updateTable('cycle')
      .set({ phase: 'closed' })
      .where('id', '=', old.cycleId)
      .execute()
    const closedPid = await project(
      t,
      { jurisdictionId: city.j.id, cycleId: old.cycleId, voteId: old.voteId },
      { unitId: city.unit.id, title: '往年滞后项目' },
    )
    await t.database.db
      .insertInto('milestone')
      .values({
        jurisdiction_id: city.j.id,
        project_id: closedPid,
        name: '开工',
        planned_date: '2025-07-01',
        created_by: city.staff.id,
      })
      .execute()
    await t.call('PUT', `/api/projects/${cityPid}/supervision-group`, {
      token: city.staff.token,
      body: { leaderDeputyId: city.deputies[0]!.deputyId, memberDeputyIds: [] },
    })
    const raised = await t.call('POST', `/api/projects/${cityPid}/issues`, {
      token: city.deputies[0]!.token,
      body: { title: '待交办问题', description: '说明' },
    })
    expect(raised.status).toBe(201)
    const projectKinds = async (token: string) => {
      const r = await t.call('GET', '/api/notifications?limit=100', { token })
      expect(r.status).toBe(200)
      return (r.body.items as { kind: string; projectId: string | null }[])
        .filter((n) => n.kind === 'report_overdue' || n.kind === 'project_lagging')
        .map((n) => `${n.kind}:${n.projectId}`)
        .sort()
    }
    // City staff: their own project, not the county's below, nothing for the one on track.
    expect(await projectKinds(city.staff.token)).toEqual(
      [`project_lagging:${cityPid}`, `report_overdue:${cityPid}`].sort(),
    )
    expect(await projectKinds(county.staff.token)).toEqual(
      [`project_lagging:${countyPid}`, `report_overdue:${countyPid}`].sort(),
    )
    // Stored once each: reading again adds nothing.
    const before = (
      await t.call('GET', '/api/notifications?limit=100', { token: city.staff.token })
    ).body.items.length
    const again = await t.call('GET', '/api/notifications?limit=100', { token: city.staff.token })
    expect(again.body.items).toHaveLength(before)
    expect(
      again.body.items.some((n: { projectId: string | null }) => n.projectId === onTrack),
    ).toBe(false)
    const digest = await t.call('GET', '/api/notifications/digest', { token: city.staff.token })
    expect(digest.status).toBe(200)
    expect(digest.body.staff).toEqual({
      projects: 2,
      lagging: 0,
      seriouslyLagging: 1,
      reportsOverdue: 1,
      toAssign: 1,
      issuesOverdue: 0,
      issuesEscalated: 0,
    })
    expect(digest.body.summary).toContain('辖区项目2个，其中严重滞后1个')
    expect(digest.body.summary).toContain('1个问题待交办')
    // Assigned and left past its deadline, the issue counts as overdue for staff.
    await t.call('POST', `/api/issues/${raised.body.id}/assign`, {
      token: city.staff.token,
      body: { deadline: '2026-11-25' },
    })
    const saved = t.clock.now
    t.clock.now = new Date('2026-12-20T04:00:00Z')
    try {
      const later = await t.call('GET', '/api/notifications/digest', { token: city.staff.token })
      expect(later.body.staff).toMatchObject({ toAssign: 0, issuesOverdue: 1, issuesEscalated: 1 })
      expect(later.body.summary).toContain('1个问题办理逾期（其中逾期超过14天1个）')
    } finally {
      t.clock.now = saved
    }
    // Not staff anywhere: an empty staff section.
    const unit = await t.call('GET', '/api/notifications/digest', { token: city.unitUser.token })
    expect(unit.body.staff).toMatchObject({ projects: 0, lagging: 0, toAssign: 0 })
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
  it('stores the parameters of every kind and returns them with the zh-CN text (decision 047)', async () => {
    interface N {
      id: string
      kind: string
      title: string
      body: string
      params: Record<string, unknown> | null
      projectId: string | null
      issueId: string | null
    }
    const projectTitle = '参数测试项目'
    const pid = await projectIn(t, w, { title: projectTitle })
    const leader = w.deputies[0]!
    await t.call('PUT', `/api/projects/${pid}/supervision-group`, {
      token: w.staff.token,
      body: { leaderDeputyId: leader.deputyId, memberDeputyIds: [] },
    })
    const raise = async (title: string) => {
      const r = await t.call('POST', `/api/projects/${pid}/issues`, {
        token: leader.token,
        body: { title, description: '说明' },
      })
      expect(r.status).toBe(201)
      return r.body as { id: string; seq: number }
    }
    const act = async (token: string, iid: string, action: string, body: unknown) =>
      expect((await t.call('POST', `/api/issues/${iid}/${action}`, { token, body })).status).toBe(
        200,
      )
    // A: assigned with a deadline two days off (due soon), later overdue.
    const a = await raise('参数测试问题甲')
    await act(w.staff.token, a.id, 'assign', { deadline: '2026-11-24' })
    // B: assigned, answered, sent back, answered again, closed, reopened.
    const b = await raise('参数测试问题乙')
    await act(w.staff.token, b.id, 'assign', { deadline: '2026-12-31' })
    await act(w.unitUser.token, b.id, 'answer', { answer: '已办理' })
    await act(leader.token, b.id, 'verify', {
      accepted: false,
      note: '未办完',
      deadline: '2027-01-15',
    })
    await act(w.unitUser.token, b.id, 'answer', { answer: '已办完' })
    await act(w.staff.token, b.id, 'close', {})
    await act(leader.token, b.id, 'reopen', { reason: '又出现了', deadline: '2027-02-01' })
    // A milestone long past and no report: the report is overdue and the project lags.
    await t.call('POST', `/api/projects/${pid}/milestones`, {
      token: w.staff.token,
      body: { name: '开工', plannedDate: '2026-07-01' },
    })
    const mine = async (token: string) =>
      (await t.call('GET', '/api/notifications?limit=100', { token })).body.items.filter(
        (n: N) => n.projectId === pid,
      ) as N[]
    const one = (list: N[], kind: string, issueId?: string) => {
      const found = list.filter((n) => n.kind === kind && (!issueId || n.issueId === issueId))
      expect([kind, found.length]).toEqual([kind, 1])
      return found[0]!
    }
    const ref = (i: { seq: number }) => ({ projectTitle, seq: i.seq })

    // A published evaluation opens rectification items for its unit (decision 052).
    const e = await evaluationWorld(t)
    const eid = await e.openEvaluation()
    for (const [i, v] of handBallots(e.projectIds).entries()) await e.rate(eid, e.deputies[i]!, v)
    for (const step of ['close', 'certify', 'publish'])
      await e.api('POST', `/api/evaluations/${eid}/${step}`, e.staff.token)
    const rectified = (
      await t.call('GET', '/api/notifications?limit=100', { token: e.unitUser.token })
    ).body.items.filter((n: N) => n.projectId === e.projectIds[2]) as N[]

    const unitDueSoon = await mine(w.unitUser.token) // 2026-11-22: A is due in two days
    t.clock.now = new Date('2026-11-26T04:00:00Z') // A is overdue
    try {
      const unit = await mine(w.unitUser.token)
      const deputy = await mine(leader.token)
      const staff = await mine(w.staff.token)
      const got: Record<string, N> = {
        issue_raised: one(staff, 'issue_raised', a.id),
        issue_assigned: one(unit, 'issue_assigned', a.id),
        issue_answered: one(deputy, 'issue_answered', b.id),
        issue_sent_back: one(unit, 'issue_sent_back', b.id),
        issue_reopened: one(unit, 'issue_reopened', b.id),
        issue_closed: one(unit, 'issue_closed', b.id),
        issue_due_soon: one(unitDueSoon, 'issue_due_soon', a.id),
        issue_overdue: one(unit, 'issue_overdue', a.id),
        report_overdue: one(unit, 'report_overdue'),
        project_lagging: one(deputy, 'project_lagging'),
        rectification_opened: one(rectified, 'rectification_opened'),
      }
      expect(Object.keys(got).sort()).toEqual([...NOTIFICATION_KINDS].sort())
      expect(got.issue_raised!.params).toEqual(ref(a))
      expect(got.issue_raised!.title).toBe(`新问题待交办：${projectTitle} #${a.seq}`)
      expect(got.issue_raised!.body).toBe('参数测试问题甲')
      expect(got.issue_assigned!.params).toEqual({ ...ref(a), deadline: '2026-11-24' })
      expect(got.issue_assigned!.title).toBe(
        `问题交办：${projectTitle} #${a.seq}，请于2026-11-24前办理`,
      )
      expect(got.issue_answered!.params).toEqual(ref(b))
      expect(got.issue_sent_back!.params).toEqual({ ...ref(b), deadline: '2027-01-15' })
      expect(got.issue_sent_back!.title).toContain('新期限2027-01-15')
      expect(got.issue_reopened!.params).toEqual({ ...ref(b), deadline: '2027-02-01' })
      expect(got.issue_closed!.params).toEqual(ref(b))
      expect(got.issue_closed!.body).toBe('参数测试问题乙')
      expect(got.issue_due_soon!.params).toEqual({ ...ref(a), deadline: '2026-11-24' })
      expect(got.issue_due_soon!.title).toBe(
        `问题办理即将到期（2026-11-24）：${projectTitle} #${a.seq}`,
      )
      expect(got.issue_overdue!.params).toEqual({
        ...ref(a),
        deadline: '2026-11-24',
        audience: 'unit',
      })
      // The raising deputy is told of the same overdue issue in other words.
      const raiser = one(deputy, 'issue_overdue', a.id)
      expect(raiser.params).toEqual({ ...ref(a), deadline: '2026-11-24', audience: 'raiser' })
      expect(raiser.title).toBe(`您提出的问题逾期未办理：${projectTitle} #${a.seq}`)
      const report = got.report_overdue!.params as { projectTitle: string; period: string }
      expect(report).toEqual({ projectTitle, period: expect.stringMatching(/^\d{4}-\d{2}$/) })
      expect(got.report_overdue!.title).toBe(`进度报告逾期：${projectTitle}（${report.period}）`)
      expect(got.report_overdue!.body).toBe(`${report.period}的月度进度报告尚未报送`)
      const lag = got.project_lagging!.params as { delayDays: number; missedMilestones: number }
      expect(lag).toEqual({
        projectTitle,
        status: expect.stringMatching(/^(lagging|seriously_lagging)$/),
        delayDays: expect.any(Number),
        missedMilestones: 1,
      })
      expect(lag.delayDays).toBeGreaterThan(0)
      expect(got.project_lagging!.body).toBe(`逾期${lag.delayDays}天，1个节点未按期完成`)
      const rect = got.rectification_opened!.params as { projectTitle: string }
      expect(rect).toEqual({
        projectTitle: expect.any(String),
        grade: 'dissatisfied',
        ratePercent: '40.0',
        belowThreshold: true,
        deadline: '2027-02-20',
      })
      expect(got.rectification_opened!.title).toBe(
        `满意度测评整改：${rect.projectTitle}，请于2027-02-20前整改`,
      )
      expect(got.rectification_opened!.body).toBe('测评结果不满意，满意率40.0%，低于满意度标准')

      // Marking one read returns its parameters too, and the digest's latest carry them.
      const read = await t.call('POST', `/api/notifications/${got.issue_closed!.id}/read`, {
        token: w.unitUser.token,
      })
      expect(read.body.params).toEqual(ref(b))
      const digest = await t.call('GET', '/api/notifications/digest', { token: w.unitUser.token })
      expect(digest.body.latest.length).toBeGreaterThan(0)
      for (const n of digest.body.latest as N[]) expect(n.params).toEqual(expect.any(Object))
    } finally {
      t.clock.now = new Date('2026-11-22T04:00:00Z')
    }

    // A notice stored before parameters existed is returned with params null and its text.
    await insertNotifications(t.database.db, [
      {
        jurisdictionId: w.j.id,
        userId: w.unitUser.id,
        kind: 'issue_closed',
        title: '旧通知：问题已销号',
        body: '旧的问题',
        projectId: pid,
        dedupeKey: `legacy:${pid}`,
        at: new Date('2026-11-22T05:00:00Z'),
      },
    ])
    const legacy = (await mine(w.unitUser.token)).find((n) => n.title === '旧通知：问题已销号')
    expect(legacy).toMatchObject({ kind: 'issue_closed', params: null, body: '旧的问题' })
  })
})
