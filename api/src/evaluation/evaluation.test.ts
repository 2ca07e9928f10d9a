import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { evaluationWorld, handBallots } from './evaluation.fixtures.js'

/**
 * The satisfaction evaluation through the API: a vote of kind 'evaluation' with the ballot's
 * guarantees (roster, check-in, one ballot each, sealed while open, receipts, bulletin board),
 * graded by the cycle's rule, and the rectification loop its publication opens.
 */
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t?.close()
})

const RATING_VALUES = ['satisfied', 'basically', 'dissatisfied']

describe('the evaluation', () => {
  it('runs from creation to publication with the hand-calculated rates and grades', async () => {
    const w = await evaluationWorld(t)
    const [p0, p1, p2] = w.projectIds as [string, string, string]

    // Roster: the congress's deputies by default; the generic vote paths work on it.
    const e = await w.api('POST', `/api/cycles/${w.cycleId}/evaluations`, w.staff.token, {})
    expect(e.state).toBe('draft')
    expect(e.title).toMatch(/满意度测评$/)
    expect(e.projects.map((p: { projectId: string }) => p.projectId)).toEqual([p0, p1, p2])
    expect(e.rules).toMatchObject({ basis: 'all', comparison: 'reach', frozen: false })
    expect(e.turnout.entitled).toBe(5)
    const roster = await w.api('GET', `/api/votes/${e.id}/roster`, w.staff.token)
    expect(roster.entitled).toBe(5)
    await w.api('POST', `/api/votes/${e.id}/check-ins`, w.staff.token, {
      deputyIds: w.deputies.map((d) => d.deputyId),
    })
    const opened = await w.api('POST', `/api/evaluations/${e.id}/open`, w.staff.token)
    expect(opened.rules).toMatchObject({ frozen: true, satisfactionThreshold: '0.8000' })
    const cycle = await w.api('GET', `/api/cycles/${w.cycleId}`, w.staff.token)
    expect(cycle.phase).toBe('evaluating')

    // The deputy's form: the projects with their targets and progress, and the four ratings.
    const form = await w.api('GET', `/api/evaluations/${e.id}/ballot`, w.deputies[0]!.token)
    expect(form).toMatchObject({ onRoster: true, present: true, hasVoted: false })
    expect(form.ratings).toEqual(['satisfied', 'basically', 'dissatisfied', 'abstain'])
    expect(form.projects.map((p: { projectId: string }) => p.projectId)).toEqual([p0, p1, p2])

    // Sealed while open: neither path shows a count.
    for (const path of [`/api/evaluations/${e.id}/result`, `/api/votes/${e.id}/result`]) {
      const r = await t.call('GET', path, { token: w.staff.token })
      expect(r.status).toBe(409)
      expect(r.body.error.code).toBe('RESULT_SEALED')
    }

    const receipts: string[] = []
    for (const [i, ratings] of handBallots([p0, p1, p2]).entries()) {
      const r = await w.rate(e.id, w.deputies[i]!, ratings)
      expect(r.status).toBe(201)
      expect(r.body.receipt).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){5}$/)
      receipts.push(r.body.receipt)
    }
    const again = await w.rate(e.id, w.deputies[0]!, { [p0]: 'satisfied' })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('ALREADY_VOTED')
    const turnout = await w.api('GET', `/api/votes/${e.id}/turnout`, w.staff.token)
    expect(turnout).toMatchObject({ entitled: 5, present: 5, voted: 5 })

    await w.api('POST', `/api/evaluations/${e.id}/close`, w.staff.token)
    const result = await w.api('GET', `/api/evaluations/${e.id}/result`, w.staff.token)
    expect(result.rule).toEqual({
      basis: 'all',
      basisCount: 5,
      comparison: 'reach',
      threshold: '0.8000',
      thresholdPercent: '80.0',
      rounding: 'percent-1dp-half-up',
    })
    const brief = result.rows.map((r: Record<string, unknown>) => [
      r.projectId,
      r.satisfied,
      r.basically,
      r.dissatisfied,
      r.abstain,
      r.ratePercent,
      r.grade,
      r.rectify,
    ])
    expect(brief).toEqual([
      [p0, 3, 1, 1, 0, '80.0', 'satisfied', false],
      [p1, 0, 3, 1, 1, '60.0', 'basically', true],
      [p2, 1, 1, 3, 0, '40.0', 'dissatisfied', true],
    ])
    expect(result.rows[1].rate).toEqual({ numerator: 3, denominator: 5 })
    expect(result.summary).toEqual({ satisfied: 1, basically: 1, dissatisfied: 1, rectify: 2 })
    // The generic path shows the same count with the grades attached.
    const generic = await w.api('GET', `/api/votes/${e.id}/result`, w.staff.token)
    expect(generic.kind).toBe('evaluation')
    expect(generic.form).toBe('satisfaction')
    expect(generic.grades.rows.map((g: { grade: string }) => g.grade)).toEqual([
      'satisfied',
      'basically',
      'dissatisfied',
    ])

    // Not public before publication; nothing to rectify yet.
    expect((await t.call('GET', `/api/public/evaluations/${e.id}/result`)).status).toBe(404)
    const certified = await w.api('POST', `/api/evaluations/${e.id}/certify`, w.staff.token)
    expect(certified.state).toBe('certified')
    expect(certified.chainHead).toMatch(/^[0-9a-f]{64}$/)
    expect(
      (await w.api('GET', `/api/cycles/${w.cycleId}/rectifications`, w.staff.token)).items,
    ).toEqual([])
    const published = await w.api('POST', `/api/evaluations/${e.id}/publish`, w.staff.token)
    expect(published.state).toBe('published')

    const pub = await t.call('GET', `/api/public/evaluations/${e.id}/result`)
    expect(pub.status).toBe(200)
    expect(pub.body.rows.map((r: { ratePercent: string }) => r.ratePercent)).toEqual([
      '80.0',
      '60.0',
      '40.0',
    ])
    const list = await t.call('GET', '/api/public/evaluations')
    expect(list.body.items.some((x: { id: string }) => x.id === e.id)).toBe(true)

    // The bulletin board and receipts of the ballot feature, unchanged.
    const board = await t.call('GET', `/api/public/votes/${e.id}/bulletin`)
    expect(board.status).toBe(200)
    expect(board.body.ballots).toHaveLength(5)
    expect(board.body.receiptHashes).toHaveLength(5)
    for (const b of board.body.ballots)
      for (const mark of Object.values(b.choices as Record<string, string>))
        expect([...RATING_VALUES, 'abstain']).toContain(mark)
    const check = await t.call('GET', `/api/public/receipts/${receipts[2]}`)
    expect(check.body).toEqual({ recorded: true, voteId: e.id })

    // Publication opened a rectification item for p1 (below 80 %) and p2 (不满意), for the unit.
    const rect = await w.api('GET', `/api/cycles/${w.cycleId}/rectifications`, w.staff.token)
    expect(
      rect.items.map((r: Record<string, unknown>) => [
        r.projectId,
        r.grade,
        r.ratePercent,
        r.belowThreshold,
        r.gradedDissatisfied,
        r.state,
        r.unitId,
      ]),
    ).toEqual([
      [p1, 'basically', '60.0', true, false, 'open', w.unit.id],
      [p2, 'dissatisfied', '40.0', true, true, 'open', w.unit.id],
    ])
    expect(rect.items[0].deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('refuses bad ballots with clear errors and never echoes a rating', async () => {
    const w = await evaluationWorld(t)
    const [p0] = w.projectIds as [string]
    const eid = await w.openEvaluation()
    const unknown = await w.rate(eid, w.deputies[0]!, { [w.candidateIds[4]!]: 'satisfied' })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.code).toBe('UNKNOWN_PROJECT')
    expect(JSON.stringify(unknown.body)).not.toContain('satisfied')
    const bad = await w.rate(eid, w.deputies[0]!, { [p0]: 'for' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('VALIDATION_FAILED')
    // Through the generic ballot path, 赞成/反对 marks do not exist on a satisfaction ballot.
    const generic = await t.call('POST', `/api/votes/${eid}/ballots`, {
      token: w.deputies[0]!.token,
      body: { choices: { [w.candidateIds[0]!]: 'for' } },
    })
    expect(generic.status).toBe(400)
    expect(generic.body.error.code).toBe('INVALID_CHOICE')
    // Staff cannot rate; a deputy of another congress does not see it.
    const staff = await w.rate(eid, w.staff as never, { [p0]: 'satisfied' })
    expect(staff.status).toBe(403)
    const other = await evaluationWorld(t)
    const foreign = await w.rate(eid, other.deputies[0]!, { [p0]: 'satisfied' })
    expect(foreign.status).toBe(404)
    // A blank ballot is a valid ballot (every project 弃权); nothing was refused above.
    const blank = await w.rate(eid, w.deputies[1]!, {})
    expect(blank.status).toBe(201)
    const turnout = await w.api('GET', `/api/votes/${eid}/turnout`, w.staff.token)
    expect(turnout.voted).toBe(1)
  })

  it('needs the cycle in implementation, one evaluation at a time, and allows a re-evaluation', async () => {
    const w = await evaluationWorld(t)
    const [, p1, p2] = w.projectIds as [string, string, string]
    const eid = await w.openEvaluation()
    const second = await t.call('POST', `/api/cycles/${w.cycleId}/evaluations`, {
      token: w.staff.token,
      body: {},
    })
    expect(second.status).toBe(409)
    expect(second.body.error.code).toBe('VOTE_EXISTS')
    // The cycle cannot be closed while an evaluation is open.
    const close = await t.call('POST', `/api/cycles/${w.cycleId}/phase`, {
      token: w.staff.token,
      body: { to: 'closed' },
    })
    expect(close.status).toBe(409)
    expect(close.body.error.code).toBe('EVALUATION_IN_PROGRESS')
    for (const [i, b] of handBallots(w.projectIds).entries())
      expect((await w.rate(eid, w.deputies[i]!, b)).status).toBe(201)
    for (const step of ['close', 'certify', 'publish'])
      await w.api('POST', `/api/evaluations/${eid}/${step}`, w.staff.token)
    // 复评 of the two projects under rectification.
    const re = await w.api('POST', `/api/cycles/${w.cycleId}/evaluations`, w.staff.token, {
      projectIds: [p1, p2],
    })
    expect(re.title).toMatch(/满意度复评$/)
    expect(re.projects.map((p: { projectId: string }) => p.projectId)).toEqual([p1, p2])
    const wrong = await t.call('POST', `/api/cycles/${w.cycleId}/evaluations`, {
      token: w.staff.token,
      body: { projectIds: [w.candidateIds[4]] },
    })
    expect(wrong.status).toBe(400)

    // Before implementation there is nothing to evaluate.
    const early = await evaluationWorld(t)
    await t.database.db
      .updateTable('cycle')
      .set({ phase: 'voting' })
      .where('id', '=', early.cycleId)
      .execute()
    const r = await t.call('POST', `/api/cycles/${early.cycleId}/evaluations`, {
      token: early.staff.token,
      body: {},
    })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('PHASE_CONFLICT')
  })

  it('lets only staff of the jurisdiction run it (404 for others)', async () => {
    const w = await evaluationWorld(t)
    const other = await evaluationWorld(t)
    const foreign = await t.call('POST', `/api/cycles/${w.cycleId}/evaluations`, {
      token: other.staff.token,
      body: {},
    })
    expect(foreign.status).toBe(404)
    const deputy = await t.call('POST', `/api/cycles/${w.cycleId}/evaluations`, {
      token: w.deputies[0]!.token,
      body: {},
    })
    expect(deputy.status).toBe(403)
    const eid = await w.openEvaluation()
    for (const path of [`/api/evaluations/${eid}`, `/api/evaluations/${eid}/result`]) {
      expect((await t.call('GET', path, { token: other.staff.token })).status).toBe(404)
    }
    // An evaluation id is a vote id, but a selection vote is not an evaluation.
    expect(
      (await t.call('GET', `/api/evaluations/${w.voteId}`, { token: w.staff.token })).status,
    ).toBe(404)
  })
})

describe('rectification', () => {
  async function published() {
    const w = await evaluationWorld(t)
    const eid = await w.openEvaluation()
    for (const [i, b] of handBallots(w.projectIds).entries()) await w.rate(eid, w.deputies[i]!, b)
    for (const step of ['close', 'certify', 'publish'])
      await w.api('POST', `/api/evaluations/${eid}/${step}`, w.staff.token)
    const items = (await w.api('GET', `/api/cycles/${w.cycleId}/rectifications`, w.staff.token))
      .items as { id: string; projectId: string; actions: string[] }[]
    return { w, eid, items }
  }

  it('is answered by the unit, verified and closed by staff, with history, audit and a public view', async () => {
    const { w, items } = await published()
    const item = items[1]!
    expect(item.actions).toEqual(['assign'])
    const mine = await w.api('GET', '/api/me/rectifications', w.unitUser.token)
    expect(mine.items.map((x: { id: string }) => x.id)).toContain(item.id)
    expect(mine.items[0].actions).toEqual(['answer'])
    // Another unit of the jurisdiction neither sees nor answers it.
    expect((await w.api('GET', '/api/me/rectifications', w.otherUnitUser.token)).items).toEqual([])
    const foreign = await t.call('POST', `/api/rectifications/${item.id}/answer`, {
      token: w.otherUnitUser.token,
      body: { measures: '不是我们的项目' },
    })
    expect(foreign.status).toBe(404)
    // Staff cannot answer for the unit; the unit cannot close.
    const staffAnswer = await t.call('POST', `/api/rectifications/${item.id}/answer`, {
      token: w.staff.token,
      body: { measures: '代为填写' },
    })
    expect(staffAnswer.status).toBe(403)
    const early = await t.call('POST', `/api/rectifications/${item.id}/close`, {
      token: w.staff.token,
      body: {},
    })
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('ILLEGAL_TRANSITION')

    const today = new Date().toISOString().slice(0, 10)
    const assigned = await w.api('POST', `/api/rectifications/${item.id}/assign`, w.staff.token, {
      deadline: '2099-06-30',
      requirement: '三个月内完成整改并书面报告',
    })
    expect(assigned).toMatchObject({ state: 'open', deadline: '2099-06-30' })
    const past = await t.call('POST', `/api/rectifications/${item.id}/assign`, {
      token: w.staff.token,
      body: { deadline: '2000-01-01' },
    })
    expect(past.status).toBe(400)
    expect(past.body.error.code).toBe('DEADLINE_IN_PAST')

    const answered = await w.api(
      'POST',
      `/api/rectifications/${item.id}/answer`,
      w.unitUser.token,
      {
        measures: '已增加排水泵站两座，积水点全部消除。',
      },
    )
    expect(answered.state).toBe('answered')
    const sentBack = await w.api(
      'POST',
      `/api/rectifications/${item.id}/send-back`,
      w.staff.token,
      { note: '请补充群众回访情况' },
    )
    expect(sentBack.state).toBe('open')
    await w.api('POST', `/api/rectifications/${item.id}/answer`, w.unitUser.token, {
      measures: '已完成整改，回访群众满意。',
    })
    await w.api('POST', `/api/rectifications/${item.id}/verify`, w.staff.token, {
      note: '现场核实属实',
    })
    const closed = await w.api('POST', `/api/rectifications/${item.id}/close`, w.staff.token, {})
    expect(closed.state).toBe('closed')
    expect(closed.closedAt).not.toBeNull()
    expect(closed.events.map((e: { action: string }) => e.action)).toEqual([
      'open',
      'assign',
      'answer',
      'send_back',
      'answer',
      'verify',
      'close',
    ])
    expect(today <= '2099-06-30').toBe(true)

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', item.id)
      .orderBy('seq')
      .execute()
    expect(audit.map((a) => a.action)).toEqual([
      'rectification.open',
      'rectification.assign',
      'rectification.answer',
      'rectification.send_back',
      'rectification.answer',
      'rectification.verify',
      'rectification.close',
    ])
  })
})

describe('secrecy of the evaluation', () => {
  it('writes no rating, receipt or ballot id to the logs or the audit log', async () => {
    const w = await evaluationWorld(t)
    const eid = await w.openEvaluation()
    const from = t.logs.length
    const receipts: string[] = []
    for (const [i, b] of handBallots(w.projectIds).entries())
      receipts.push((await w.rate(eid, w.deputies[i]!, b)).body.receipt)
    await w.rate(eid, w.deputies[0]!, { [w.projectIds[0]!]: 'dissatisfied' })
    const lines = t.logs.slice(from).join('\n')
    for (const word of [...RATING_VALUES, ...receipts, ...w.projectIds])
      expect(lines).not.toContain(word)
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity_id', '=', eid)
      .execute()
    expect(audit.map((a) => a.action)).not.toContain('vote.cast')
    for (const a of audit)
      for (const word of RATING_VALUES) expect(JSON.stringify(a.after)).not.toContain(`"${word}"`)
  })
})
