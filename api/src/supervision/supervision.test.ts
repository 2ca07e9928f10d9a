import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import ExcelJS from 'exceljs'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { form, png, projectIn, world, type World } from '../progress/progress.fixtures.js'
import {
  transition,
  type IssueAction,
  type IssueActor,
  type IssueState,
} from './supervision.rules.js'

let t: TestApp
let w: World
let other: World
beforeAll(async () => {
  // Long sessions: these tests move the clock by weeks.
  t = await createTestApp({ SESSION_TTL_HOURS: '2000', SESSION_IDLE_MINUTES: '100000' })
  t.clock.now = new Date('2026-11-22T04:00:00Z')
  const city = await t.factory.jurisdiction({ name: '监督市' })
  w = await world(t, 4, city)
  other = await world(t, 1, city)
})
afterAll(() => t.close())

/** A project with a group: deputies[0] leads, deputies[1] is a member; deputies[2] is outside. */
async function supervised(title?: string) {
  const pid = await projectIn(t, w, title ? { title } : {})
  const g = await t.call('PUT', `/api/projects/${pid}/supervision-group`, {
    token: w.staff.token,
    body: { leaderDeputyId: w.deputies[0]!.deputyId, memberDeputyIds: [w.deputies[1]!.deputyId] },
  })
  expect(g.status).toBe(200)
  return pid
}
const leader = () => w.deputies[0]!
const member = () => w.deputies[1]!
const outsider = () => w.deputies[2]!

describe('supervision groups', () => {
  it('lets staff form a group of deputies of the congress, and only staff', async () => {
    const pid = await supervised()
    const g = await t.call('GET', `/api/projects/${pid}/supervision-group`, {
      token: member().token,
    })
    expect(g.body.leader.deputyId).toBe(leader().deputyId)
    expect(g.body.members.map((m: { deputyId: string }) => m.deputyId)).toEqual([member().deputyId])
    const foreign = await t.call('PUT', `/api/projects/${pid}/supervision-group`, {
      token: w.staff.token,
      body: { leaderDeputyId: other.deputies[0]!.deputyId, memberDeputyIds: [] },
    })
    expect([foreign.status, foreign.body.error.code]).toEqual([400, 'UNKNOWN_DEPUTY'])
    const byDeputy = await t.call('PUT', `/api/projects/${pid}/supervision-group`, {
      token: leader().token,
      body: { leaderDeputyId: leader().deputyId, memberDeputyIds: [] },
    })
    expect(byDeputy.status).toBe(403)
    const dup = await t.call('PUT', `/api/projects/${pid}/supervision-group`, {
      token: w.staff.token,
      body: {
        leaderDeputyId: leader().deputyId,
        memberDeputyIds: [member().deputyId, member().deputyId],
      },
    })
    expect(dup.status).toBe(400)
    const mine = await t.call('GET', '/api/me/supervision-projects', { token: leader().token })
    expect(
      mine.body.items.find((i: { project: { id: string } }) => i.project.id === pid),
    ).toMatchObject({
      role: 'leader',
      status: 'not_started',
    })
  })
})

describe('inspections', () => {
  it('are recorded by group deputies with photos that only readers of the project see', async () => {
    const pid = await supervised()
    const r = await t.call('POST', `/api/projects/${pid}/inspections`, {
      token: member().token,
      body: {
        date: '2026-11-20',
        participants: [leader().deputyId, member().deputyId],
        findings: '工地围挡不规范，进度略慢',
      },
    })
    expect(r.status).toBe(201)
    expect(r.body.participants).toHaveLength(2)
    const photo = await t.call('POST', `/api/inspections/${r.body.id}/photos`, {
      token: member().token,
      body: form(await png(), 'image/png'),
    })
    expect(photo.status).toBe(201)
    expect((await t.request('GET', photo.body.url)).status).toBe(404)
    expect((await t.request('GET', photo.body.url, { token: other.staff.token })).status).toBe(404)
    expect((await t.request('GET', photo.body.url, { token: w.unitUser.token })).status).toBe(200)
    const list = await t.call('GET', `/api/projects/${pid}/inspections`, { token: w.staff.token })
    expect(list.body.items[0].photos).toHaveLength(1)
    expect(
      (
        await t.call('POST', `/api/inspections/${r.body.id}/photos`, {
          token: outsider().token,
          body: form(await png(), 'image/png'),
        })
      ).status,
    ).toBe(403)
  })

  it('refuses outsiders, future dates and unknown participants', async () => {
    const pid = await supervised()
    const body = { date: '2026-11-20', participants: [outsider().deputyId], findings: '看了看' }
    expect(
      (await t.call('POST', `/api/projects/${pid}/inspections`, { token: outsider().token, body }))
        .status,
    ).toBe(403)
    expect(
      (await t.call('POST', `/api/projects/${pid}/inspections`, { token: w.unitUser.token, body }))
        .status,
    ).toBe(403)
    const future = await t.call('POST', `/api/projects/${pid}/inspections`, {
      token: leader().token,
      body: { ...body, date: '2026-11-30' },
    })
    expect([future.status, future.body.error.code]).toEqual([400, 'DATE_IN_FUTURE'])
    const unknown = await t.call('POST', `/api/projects/${pid}/inspections`, {
      token: leader().token,
      body: { ...body, participants: [other.deputies[0]!.deputyId] },
    })
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'UNKNOWN_DEPUTY'])
    // A date years before the cycle (a typo) is refused, naming the field.
    const ancient = await t.call('POST', `/api/projects/${pid}/inspections`, {
      token: leader().token,
      body: { ...body, date: '2016-11-20' },
    })
    expect([ancient.status, ancient.body.error.code]).toEqual([400, 'DATE_OUT_OF_RANGE'])
    expect(ancient.body.error.issues).toEqual([{ path: 'date', message: expect.any(String) }])
    const listed = await t.call('GET', `/api/projects/${pid}/inspections`, {
      token: leader().token,
    })
    expect(listed.body.items).toEqual([])
    for (const bad of [
      { ...body, participants: [] },
      { ...body, findings: '' },
      { ...body, date: '20261120' },
      { ...body, participants: ['x'] },
    ]) {
      expect(
        (
          await t.call('POST', `/api/projects/${pid}/inspections`, {
            token: leader().token,
            body: bad,
          })
        ).status,
      ).toBe(400)
    }
  })
})

describe('the issue closed loop', () => {
  it('goes raised → assigned → answered → closed (销号) with every step stamped, audited and notified', async () => {
    const pid = await supervised('闭环测试项目')
    const insp = await t.call('POST', `/api/projects/${pid}/inspections`, {
      token: leader().token,
      body: { date: '2026-11-21', participants: [leader().deputyId], findings: '消防通道堵塞' },
    })
    const raised = await t.call('POST', `/api/projects/${pid}/issues`, {
      token: leader().token,
      body: {
        title: '消防通道堵塞',
        description: '工地北侧消防通道被建材堵塞',
        inspectionId: insp.body.id,
      },
    })
    expect(raised.status).toBe(201)
    expect(raised.body).toMatchObject({
      seq: 1,
      state: 'raised',
      source: 'inspection',
      raisedBy: { deputy: true },
    })
    const iid = raised.body.id

    t.clock.now = new Date('2026-11-22T05:00:00Z')
    const assigned = await t.call('POST', `/api/issues/${iid}/assign`, {
      token: w.staff.token,
      body: { deadline: '2026-12-05', note: '请两周内整改' },
    })
    expect(assigned.status).toBe(200)
    expect(assigned.body).toMatchObject({
      state: 'assigned',
      unit: { id: w.unit.id },
      deadline: '2026-12-05',
    })
    const unitInbox = await t.call('GET', '/api/me/unit-issues', { token: w.unitUser.token })
    expect(unitInbox.body.items.find((i: { id: string }) => i.id === iid)).toMatchObject({
      state: 'assigned',
      actions: ['answer'],
      daysLeft: 13,
    })
    const unitNotes = await t.call('GET', '/api/notifications', { token: w.unitUser.token })
    expect(
      unitNotes.body.items.some(
        (n: { kind: string; issueId: string }) => n.kind === 'issue_assigned' && n.issueId === iid,
      ),
    ).toBe(true)

    t.clock.now = new Date('2026-11-23T02:00:00Z')
    const answered = await t.call('POST', `/api/issues/${iid}/answer`, {
      token: w.unitUser.token,
      body: { answer: '已清理建材，设置专人巡查' },
    })
    expect(answered.body.state).toBe('answered')
    const depNotes = await t.call('GET', '/api/notifications', { token: leader().token })
    expect(depNotes.body.items.some((n: { kind: string }) => n.kind === 'issue_answered')).toBe(
      true,
    )

    t.clock.now = new Date('2026-11-24T02:00:00Z')
    const closed = await t.call('POST', `/api/issues/${iid}/close`, {
      token: leader().token,
      body: { note: '现场核实已整改' },
    })
    expect(closed.status).toBe(200)
    expect(closed.body).toMatchObject({ state: 'closed', verificationNote: '现场核实已整改' })
    expect(closed.body.actions).toEqual(['reopen'])

    const detail = await t.call('GET', `/api/issues/${iid}`, { token: w.staff.token })
    expect(detail.body.events.map((e: { action: string }) => e.action)).toEqual([
      'raise',
      'assign',
      'answer',
      'close',
    ])
    expect(detail.body.events.map((e: { at: string }) => e.at)).toEqual([
      '2026-11-22T04:00:00.000Z',
      '2026-11-22T05:00:00.000Z',
      '2026-11-23T02:00:00.000Z',
      '2026-11-24T02:00:00.000Z',
    ])
    const log = await t.call('GET', `/api/jurisdictions/${w.j.id}/audit?limit=100`, {
      token: w.staff.token,
    })
    const issueAudit = log.body.items
      .filter((i: { entityId: string }) => i.entityId === iid)
      .map((i: { action: string }) => i.action)
    expect(issueAudit.sort()).toEqual([
      'issue.answer',
      'issue.assign',
      'issue.close',
      'issue.raise',
    ])

    const timeline = await t.call('GET', `/api/projects/${pid}/timeline`, { token: w.staff.token })
    const kinds = timeline.body.items.map(
      (e: { kind: string; issueAction?: string }) => e.issueAction ?? e.kind,
    )
    expect(kinds).toEqual(['inspection', 'raise', 'assign', 'answer', 'close'])
    t.clock.now = new Date('2026-11-22T04:00:00Z')
  })

  it('refuses illegal transitions with 409 and the wrong callers with 403', async () => {
    const pid = await supervised()
    const r = await t.call('POST', `/api/projects/${pid}/issues`, {
      token: member().token,
      body: { title: '路面破损', description: '施工车辆压坏路面' },
    })
    const iid = r.body.id
    const early = await t.call('POST', `/api/issues/${iid}/answer`, {
      token: w.unitUser.token,
      body: { answer: '已修' },
    })
    expect(early.status).toBe(403) // the unit has no part before it is assigned
    const closeRaised = await t.call('POST', `/api/issues/${iid}/close`, {
      token: w.staff.token,
      body: {},
    })
    expect([closeRaised.status, closeRaised.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION'])
    const assignByDeputy = await t.call('POST', `/api/issues/${iid}/assign`, {
      token: member().token,
      body: { deadline: '2026-12-01' },
    })
    expect(assignByDeputy.status).toBe(403)
    const past = await t.call('POST', `/api/issues/${iid}/assign`, {
      token: w.staff.token,
      body: { deadline: '2026-11-01' },
    })
    expect([past.status, past.body.error.code]).toEqual([400, 'DEADLINE_IN_PAST'])
    await t.call('POST', `/api/issues/${iid}/assign`, {
      token: w.staff.token,
      body: { deadline: '2026-12-01' },
    })
    const verifyEarly = await t.call('POST', `/api/issues/${iid}/verify`, {
      token: member().token,
      body: { accepted: true },
    })
    expect([verifyEarly.status, verifyEarly.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION'])
    await t.call('POST', `/api/issues/${iid}/answer`, {
      token: w.unitUser.token,
      body: { answer: '已修复' },
    })
    const twice = await t.call('POST', `/api/issues/${iid}/answer`, {
      token: w.unitUser.token,
      body: { answer: '再答' },
    })
    expect([twice.status, twice.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION'])
    // Another deputy of the group did not raise it: no part in verifying.
    expect(
      (await t.call('POST', `/api/issues/${iid}/close`, { token: leader().token, body: {} }))
        .status,
    ).toBe(403)
    const noDeadline = await t.call('POST', `/api/issues/${iid}/verify`, {
      token: member().token,
      body: { accepted: false, note: '未修复完' },
    })
    expect([noDeadline.status, noDeadline.body.error.code]).toEqual([400, 'DEADLINE_REQUIRED'])
    const back = await t.call('POST', `/api/issues/${iid}/verify`, {
      token: member().token,
      body: { accepted: false, note: '只修了一半', deadline: '2026-12-10' },
    })
    expect(back.body).toMatchObject({ state: 'assigned', deadline: '2026-12-10' })
    await t.call('POST', `/api/issues/${iid}/answer`, {
      token: w.unitUser.token,
      body: { answer: '全部修复' },
    })
    const verified = await t.call('POST', `/api/issues/${iid}/verify`, {
      token: member().token,
      body: { accepted: true },
    })
    expect(verified.body.state).toBe('verified')
    await t.call('POST', `/api/issues/${iid}/close`, { token: member().token, body: {} })
    const reopened = await t.call('POST', `/api/issues/${iid}/reopen`, {
      token: member().token,
      body: { reason: '雨后再次破损', deadline: '2026-12-20' },
    })
    expect(reopened.body).toMatchObject({
      state: 'assigned',
      closedAt: null,
      deadline: '2026-12-20',
    })
    for (const [path, body] of [
      ['assign', { deadline: 'soon' }],
      ['assign', { deadline: '2026-12-01', unitId: 'x' }],
      ['answer', { answer: '' }],
      ['verify', { accepted: 'yes' }],
      ['close', { note: 5 }],
      ['reopen', { reason: 'x' }],
      ['publish', {}],
    ] as const) {
      const res = await t.call('POST', `/api/issues/${iid}/${path}`, { token: w.staff.token, body })
      expect([path, res.status, res.body.error.code]).toEqual([path, 400, 'VALIDATION_FAILED'])
    }
  })

  it('matches the state machine under random sequences of steps through the API', async () => {
    const pid = await supervised()
    const callers: Record<IssueActor, () => string> = {
      staff: () => w.staff.token,
      unit: () => w.unitUser.token,
      raiser: () => member().token,
    }
    const bodies: Record<IssueAction, unknown> = {
      assign: { deadline: '2026-12-31' },
      answer: { answer: '已办理' },
      verify: { accepted: true },
      send_back: { accepted: false, note: '不满意', deadline: '2026-12-31' },
      close: {},
      reopen: { reason: '问题复发', deadline: '2026-12-31' },
    }
    const path = (a: IssueAction) => (a === 'send_back' ? 'verify' : a)
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.constantFrom<IssueAction>(
              'assign',
              'answer',
              'verify',
              'send_back',
              'close',
              'reopen',
            ),
            fc.constantFrom<IssueActor>('staff', 'unit', 'raiser'),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        async (steps) => {
          const r = await t.call('POST', `/api/projects/${pid}/issues`, {
            token: member().token,
            body: { title: '随机', description: '随机序列' },
          })
          let state: IssueState = 'raised'
          let assignedOnce = false
          for (const [action, who] of steps) {
            // The unit only has a part once the issue names it.
            const parts: IssueActor[] = who === 'unit' && !assignedOnce ? [] : [who]
            const expected: ReturnType<typeof transition> | null = parts.length
              ? transition(state, action, parts)
              : null
            const res = await t.call('POST', `/api/issues/${r.body.id}/${path(action)}`, {
              token: callers[who](),
              body: bodies[action],
            })
            if (expected?.ok) {
              expect(res.status).toBe(200)
              state = expected.to
              if (state === 'assigned') assignedOnce = true
            } else if (expected && expected.code === 'ILLEGAL_TRANSITION') {
              expect([res.status, res.body.error.code]).toEqual([409, 'ILLEGAL_TRANSITION'])
            } else expect(res.status).toBe(403)
            expect(res.status === 200 ? res.body.state : state).toBe(state)
          }
          const final = await t.call('GET', `/api/issues/${r.body.id}`, { token: w.staff.token })
          expect(final.body.state).toBe(state)
        },
      ),
      { numRuns: 8 },
    )
  })

  it('publishes issues with answers on the public page without personal data', async () => {
    const pid = await supervised()
    const r = await t.call('POST', `/api/projects/${pid}/issues`, {
      token: leader().token,
      body: { title: '噪音扰民', description: '夜间施工噪音' },
    })
    const hidden = await t.call('POST', `/api/projects/${pid}/issues`, {
      token: leader().token,
      body: { title: '未公示问题', description: '内部' },
    })
    await t.call('POST', `/api/issues/${r.body.id}/assign`, {
      token: w.staff.token,
      body: { deadline: '2026-12-01' },
    })
    await t.call('POST', `/api/issues/${r.body.id}/answer`, {
      token: w.unitUser.token,
      body: { answer: '22点后停止施工' },
    })
    expect(
      (
        await t.call('POST', `/api/issues/${r.body.id}/publish`, {
          token: leader().token,
          body: { published: true },
        })
      ).status,
    ).toBe(403)
    const pub = await t.call('POST', `/api/issues/${r.body.id}/publish`, {
      token: w.staff.token,
      body: { published: true },
    })
    expect(pub.body.published).toBe(true)
    const page = await t.call('GET', `/api/public/projects/${pid}/progress`)
    expect(page.body.issues).toHaveLength(1)
    expect(page.body.issues[0]).toMatchObject({
      title: '噪音扰民',
      answer: '22点后停止施工',
      state: 'answered',
      source: 'deputy',
    })
    const text = JSON.stringify(page.body)
    expect(text).not.toContain('未公示问题')
    const name = (
      await t.database.db
        .selectFrom('deputy')
        .select('display_name')
        .where('id', '=', leader().deputyId)
        .executeTakeFirstOrThrow()
    ).display_name
    expect(text).not.toContain(name)
    expect(hidden.body.published).toBe(false)
  })

  it('exports the issue list of a cycle to Excel with its status', async () => {
    const pid = await supervised('导出项目')
    const r = await t.call('POST', `/api/projects/${pid}/issues`, {
      token: w.staff.token,
      body: { title: '导出测试问题', description: '说明' },
    })
    await t.call('POST', `/api/issues/${r.body.id}/assign`, {
      token: w.staff.token,
      body: { deadline: '2026-11-25' },
    })
    const res = await t.request('GET', `/api/cycles/${w.cycleId}/issues.xlsx?state=open`, {
      token: w.staff.token,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await res.arrayBuffer())
    const ws = wb.getWorksheet('问题清单')!
    expect(ws.getRow(1).values).toEqual(
      expect.arrayContaining(['项目', '问题', '状态', '办理期限', '期限提示']),
    )
    const rows: unknown[][] = []
    ws.eachRow((row, n) => n > 1 && rows.push(row.values as unknown[]))
    const mine = rows.find((row) => row.includes('导出测试问题'))!
    expect(mine).toEqual(expect.arrayContaining(['导出项目', '已交办', '2026-11-25', '即将到期']))
    expect(
      (await t.request('GET', `/api/cycles/${w.cycleId}/issues.xlsx`, { token: w.unitUser.token }))
        .status,
    ).toBe(403)
    expect(
      (await t.request('GET', `/api/cycles/${w.cycleId}/issues.xlsx`, { token: other.staff.token }))
        .status,
    ).toBe(404)
    const list = await t.call('GET', `/api/cycles/${w.cycleId}/issues?flag=due_soon`, {
      token: w.staff.token,
    })
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(r.body.id)
    expect(
      (await t.call('GET', `/api/cycles/${w.cycleId}/issues?state=nope`, { token: w.staff.token }))
        .status,
    ).toBe(400)
  })

  it('flags overdue issues and escalates them on the board as time passes', async () => {
    const pid = await supervised()
    const r = await t.call('POST', `/api/projects/${pid}/issues`, {
      token: leader().token,
      body: { title: '逾期问题', description: '说明' },
    })
    await t.call('POST', `/api/issues/${r.body.id}/assign`, {
      token: w.staff.token,
      body: { deadline: '2026-11-25' },
    })
    t.clock.now = new Date('2026-11-27T04:00:00Z')
    let i = await t.call('GET', `/api/issues/${r.body.id}`, { token: w.staff.token })
    expect(i.body.deadlineFlag).toBe('overdue')
    t.clock.now = new Date('2026-12-20T04:00:00Z')
    i = await t.call('GET', `/api/issues/${r.body.id}`, { token: w.staff.token })
    expect(i.body.deadlineFlag).toBe('escalated')
    const board = await t.call(
      'GET',
      `/api/cycles/${w.cycleId}/progress-board?flag=issue_overdue`,
      { token: w.staff.token },
    )
    expect(board.body.items.map((x: { project: { id: string } }) => x.project.id)).toContain(pid)
    t.clock.now = new Date('2026-11-22T04:00:00Z')
  })
})

describe('public feedback', () => {
  it('takes feedback without login, screens bots, limits per address and lets staff turn it into an issue', async () => {
    const pid = await supervised()
    const body = { content: '工地晚上太吵', contact: '13800000000', fillMs: 9000 }
    const ok = await t.call('POST', `/api/public/projects/${pid}/feedback`, {
      body,
      headers: { 'x-forwarded-for': '1.2.3.4' },
    })
    expect(ok.status).toBe(201)
    const bot = await t.call('POST', `/api/public/projects/${pid}/feedback`, {
      body: { ...body, website: 'http://spam' },
    })
    expect([bot.status, bot.body.error.code]).toEqual([400, 'SPAM_SUSPECTED'])
    const fast = await t.call('POST', `/api/public/projects/${pid}/feedback`, {
      body: { ...body, fillMs: 200 },
    })
    expect([fast.status, fast.body.error.code]).toEqual([400, 'SPAM_SUSPECTED'])
    const bad = await t.call('POST', `/api/public/projects/${pid}/feedback`, {
      body: { content: '', fillMs: 9000 },
    })
    expect(bad.status).toBe(400)
    let last = ok
    for (let i = 0; i < 6; i++)
      last = await t.call('POST', `/api/public/projects/${pid}/feedback`, { body })
    expect([last.status, last.body.error.code]).toEqual([429, 'TOO_MANY_FEEDBACK'])
    expect(last.headers.get('retry-after')).toBe('3600')
    expect(
      (
        await t.call('POST', `/api/public/projects/00000000-0000-4000-8000-000000000000/feedback`, {
          body,
        })
      ).status,
    ).toBe(404)

    const list = await t.call('GET', `/api/projects/${pid}/feedback`, { token: w.staff.token })
    expect(list.body.items[0]).toMatchObject({
      content: '工地晚上太吵',
      contact: '13800000000',
      status: 'new',
    })
    expect(
      (await t.call('GET', `/api/projects/${pid}/feedback`, { token: leader().token })).status,
    ).toBe(403)
    const fid = list.body.items[0].id
    const issue = await t.call('POST', `/api/projects/${pid}/issues`, {
      token: w.staff.token,
      body: { title: '夜间施工噪音', description: '群众反映夜间施工', feedbackId: fid },
    })
    expect(issue.body).toMatchObject({ source: 'public', feedbackId: fid })
    const again = await t.call('POST', `/api/projects/${pid}/issues`, {
      token: w.staff.token,
      body: { title: 'x', description: 'y', feedbackId: fid },
    })
    expect([again.status, again.body.error.code]).toEqual([409, 'FEEDBACK_HANDLED'])
    const byDeputy = await t.call('POST', `/api/projects/${pid}/issues`, {
      token: leader().token,
      body: { title: 'x', description: 'y', feedbackId: list.body.items[1].id },
    })
    expect(byDeputy.status).toBe(403)
    const dismissed = await t.call('POST', `/api/feedback/${list.body.items[1].id}/dismiss`, {
      token: w.staff.token,
    })
    expect(dismissed.body.status).toBe('dismissed')
  })
})

describe('dismissing public feedback', () => {
  it('lets staff dismiss new feedback once, audited, and refuses others, twice, converted and foreign', async () => {
    const pid = await supervised()
    // Two hours on, so the previous test's messages no longer count against this address's hour.
    const start = t.clock.now
    t.clock.now = new Date((start ?? new Date()).getTime() + 2 * 3_600_000)
    const send = (content: string) =>
      t.call('POST', `/api/public/projects/${pid}/feedback`, {
        body: { content, fillMs: 9000 },
      })
    try {
      expect((await send('路边垃圾没人清')).status).toBe(201)
      expect((await send('希望增加座椅')).status).toBe(201)
    } finally {
      t.clock.now = start
    }
    const list = await t.call('GET', `/api/projects/${pid}/feedback`, { token: w.staff.token })
    const byContent = (c: string) =>
      list.body.items.find((f: { content: string }) => f.content === c) as { id: string }
    const fid = byContent('路边垃圾没人清').id
    const other2 = byContent('希望增加座椅').id

    // Only staff of the project's jurisdiction: a deputy of the group or the unit is refused,
    // another jurisdiction's staff does not find it, an unknown or malformed id is 404.
    for (const who of [leader(), w.unitUser]) {
      const r = await t.call('POST', `/api/feedback/${fid}/dismiss`, { token: who.token })
      expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN'])
    }
    expect(
      (await t.call('POST', `/api/feedback/${fid}/dismiss`, { token: other.staff.token })).status,
    ).toBe(404)
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope'])
      expect(
        (await t.call('POST', `/api/feedback/${id}/dismiss`, { token: w.staff.token })).status,
      ).toBe(404)
    expect((await t.call('POST', `/api/feedback/${fid}/dismiss`)).status).toBe(401)

    const ok = await t.call('POST', `/api/feedback/${fid}/dismiss`, { token: w.staff.token })
    expect([ok.status, ok.body]).toEqual([200, { id: fid, status: 'dismissed' }])
    const twice = await t.call('POST', `/api/feedback/${fid}/dismiss`, { token: w.staff.token })
    expect([twice.status, twice.body.error.code]).toEqual([409, 'FEEDBACK_HANDLED'])
    // Dismissed feedback can no longer become an issue; converted feedback cannot be dismissed.
    const raise = await t.call('POST', `/api/projects/${pid}/issues`, {
      token: w.staff.token,
      body: { title: 'x', description: 'y', feedbackId: fid },
    })
    expect([raise.status, raise.body.error.code]).toEqual([409, 'FEEDBACK_HANDLED'])
    await t.call('POST', `/api/projects/${pid}/issues`, {
      token: w.staff.token,
      body: { title: '座椅', description: '群众希望增加座椅', feedbackId: other2 },
    })
    const conv = await t.call('POST', `/api/feedback/${other2}/dismiss`, { token: w.staff.token })
    expect([conv.status, conv.body.error.code]).toEqual([409, 'FEEDBACK_HANDLED'])

    const after = await t.call('GET', `/api/projects/${pid}/feedback`, { token: w.staff.token })
    const statusOf = (id: string) =>
      after.body.items.find((f: { id: string }) => f.id === id).status as string
    expect([statusOf(fid), statusOf(other2)]).toEqual(['dismissed', 'converted'])
    const rows = await t.database.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity_id', '=', fid)
      .execute()
    expect(rows.map((r) => r.action)).toEqual(['feedback.dismiss'])
  })
})

describe('tenant isolation and access', () => {
  it('answers 404 for every supervision route to another jurisdiction', async () => {
    const pid = await supervised()
    const r = await t.call('POST', `/api/projects/${pid}/issues`, {
      token: leader().token,
      body: { title: 'a', description: 'b' },
    })
    const insp = await t.call('POST', `/api/projects/${pid}/inspections`, {
      token: leader().token,
      body: { date: '2026-11-20', participants: [leader().deputyId], findings: 'f' },
    })
    const iid = r.body.id
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/projects/${pid}/supervision-group`],
      [
        'PUT',
        `/api/projects/${pid}/supervision-group`,
        { leaderDeputyId: other.deputies[0]!.deputyId, memberDeputyIds: [] },
      ],
      ['GET', `/api/projects/${pid}/inspections`],
      [
        'POST',
        `/api/projects/${pid}/inspections`,
        { date: '2026-11-20', participants: [other.deputies[0]!.deputyId], findings: 'f' },
      ],
      ['POST', `/api/projects/${pid}/issues`, { title: 'a', description: 'b' }],
      ['GET', `/api/projects/${pid}/issues`],
      ['GET', `/api/issues/${iid}`],
      ['POST', `/api/issues/${iid}/assign`, { deadline: '2026-12-01' }],
      ['POST', `/api/issues/${iid}/answer`, { answer: 'x' }],
      ['POST', `/api/issues/${iid}/verify`, { accepted: true }],
      ['POST', `/api/issues/${iid}/close`, {}],
      ['POST', `/api/issues/${iid}/reopen`, { reason: 'x', deadline: '2026-12-01' }],
      ['POST', `/api/issues/${iid}/publish`, { published: true }],
      ['GET', `/api/projects/${pid}/timeline`],
      ['GET', `/api/projects/${pid}/feedback`],
      ['GET', `/api/cycles/${w.cycleId}/issues`],
      ['POST', `/api/inspections/${insp.body.id}/photos`, undefined],
    ]
    for (const who of [other.staff, other.unitUser, other.deputies[0]!]) {
      for (const [method, path, body] of routes) {
        const res = path.endsWith('/photos')
          ? await t.call(method, path, { token: who.token, body: form(await png(), 'image/png') })
          : await t.call(method, path, {
              token: who.token,
              ...(body !== undefined ? { body } : {}),
            })
        expect([method, path, res.status]).toEqual([method, path, 404])
      }
    }
    const theirs = await t.call('GET', '/api/me/unit-issues?state=all', {
      token: other.unitUser.token,
    })
    expect(theirs.body.items).toEqual([])
    expect(
      (await t.call('GET', '/api/me/unit-issues?state=bogus', { token: other.unitUser.token }))
        .status,
    ).toBe(400)
    expect((await t.call('GET', '/api/me/supervision-projects')).status).toBe(401)
  })
})
