import { deflateRawSync } from 'node:zlib'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { advanceCyclePhase } from '../cycles/cycles.exports.js'
import {
  addCandidates,
  auditRows,
  candidateBody,
  createCycle,
  forcePhase,
  publicBody,
  world,
  type World,
} from '../cycles/cycles.fixtures.js'
import { parseAmount, parseDate } from './candidates.rules.js'

let t: TestApp
let w: World
beforeAll(async () => {
  t = await createTestApp({ TRUST_PROXY: 'true' })
  w = await world(t)
})
afterAll(() => t.close())

/** A cycle in screening, ready for candidates. */
async function screeningCycle(overrides: Record<string, unknown> = {}) {
  const c = await createCycle(t, w.staff.token, w.county.id, overrides)
  const r = await t.call('POST', `/api/cycles/${c.id}/phase`, {
    token: w.staff.token,
    body: { to: 'screening' },
  })
  expect(r.status).toBe(200)
  return c
}
const lock = (cid: string, token = w.staff.token) =>
  t.call('POST', `/api/cycles/${cid}/candidates/lock`, { token })
const reopen = (cid: string, body: unknown, token = w.staff.token) =>
  t.call('POST', `/api/cycles/${cid}/candidates/reopen`, { token, body })

function upload(cid: string, bytes: Uint8Array, name: string, token = w.staff.token) {
  const form = new FormData()
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name)
  return t.call('POST', `/api/cycles/${cid}/candidates/import`, { token, body: form })
}
const csv = (text: string) => new TextEncoder().encode(text)
async function xlsx(rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Sheet1')
  for (const r of rows) ws.addRow(r)
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer)
}
const HEADER = '项目名称,类别,责任单位,估算金额（万元）,资金来源,绩效目标,计划完成时间'
const count = async (cid: string) =>
  (await t.call('GET', `/api/cycles/${cid}/candidates`, { token: w.staff.token })).body.items.length

describe('the margin rule at lock (审定)', () => {
  it('refuses to lock N = 10 at 50 % with 14 candidates (409 MARGIN_NOT_MET 15/14) and locks at 15', async () => {
    const c = await screeningCycle({ seats: 10, marginRatio: 0.5 })
    await addCandidates(t, w.staff.token, c.id, w.edu.name, 14)
    const refused = await lock(c.id)
    expect(refused.status).toBe(409)
    expect(refused.body.error).toMatchObject({ code: 'MARGIN_NOT_MET', required: 15, actual: 14 })
    expect(refused.body.error.requestId).toEqual(expect.any(String))
    expect((await t.call('GET', `/api/cycles/${c.id}`, { token: w.staff.token })).body.phase).toBe(
      'screening',
    )

    await addCandidates(t, w.staff.token, c.id, w.edu.name, 1, 15)
    const locked = await lock(c.id)
    expect(locked.status).toBe(200)
    expect(locked.body).toMatchObject({
      phase: 'candidates_locked',
      listVersion: 1,
      candidateCount: 15,
      requiredCandidates: 15,
    })
    expect(locked.body.candidatesLockedAt).toEqual(expect.any(String))
    const audit = (await auditRows(t, c.id)).find((a) => a.action === 'candidates.lock')!
    expect(audit.actor_user_id).toBe(w.staff.id)
    expect(audit.after).toMatchObject({
      phase: 'candidates_locked',
      listVersion: 1,
      required: 15,
      actual: 15,
    })
    expect((audit.after as { candidates: unknown[] }).candidates).toHaveLength(15)
    const list = await t.call('GET', `/api/cycles/${c.id}/candidates`, { token: w.staff.token })
    expect(list.body).toMatchObject({ locked: true, listVersion: 1, requiredCandidates: 15 })
  })

  it('locks only from screening, and only once', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id, { seats: 1, marginRatio: 0 })
    await addCandidates(t, w.staff.token, c.id, w.edu.name, 1)
    const early = await lock(c.id)
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('PHASE_CONFLICT')
    await t.call('POST', `/api/cycles/${c.id}/phase`, {
      token: w.staff.token,
      body: { to: 'screening' },
    })
    expect((await lock(c.id)).status).toBe(200)
    const again = await lock(c.id)
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('ALREADY_LOCKED')
  })

  it('is for staff of the jurisdiction only', async () => {
    const c = await screeningCycle({ seats: 1, marginRatio: 0 })
    expect((await lock(c.id, w.unitUser.token)).status).toBe(403)
    expect((await lock(c.id, w.cityStaff.token)).status).toBe(403)
    expect((await lock(c.id, w.otherStaff.token)).status).toBe(404)
    expect((await t.call('POST', `/api/cycles/${c.id}/candidates/lock`)).status).toBe(401)
    expect((await lock('not-a-cycle')).status).toBe(404)
  })
})

describe('a locked list', () => {
  it('refuses every edit with 409 CANDIDATES_LOCKED', async () => {
    const c = await screeningCycle({ seats: 1, marginRatio: 0 })
    const [id] = await addCandidates(t, w.staff.token, c.id, w.edu.name, 1)
    await lock(c.id)
    const add = await t.call('POST', `/api/cycles/${c.id}/candidates`, {
      token: w.staff.token,
      body: candidateBody(w.edu.name, 9),
    })
    expect(add.status).toBe(409)
    expect(add.body.error.code).toBe('CANDIDATES_LOCKED')
    const edit = await t.call('PATCH', `/api/candidates/${id}`, {
      token: w.staff.token,
      body: { title: '改' },
    })
    expect(edit.status).toBe(409)
    expect(edit.body.error.code).toBe('CANDIDATES_LOCKED')
    const del = await t.call('DELETE', `/api/candidates/${id}`, { token: w.staff.token })
    expect(del.status).toBe(409)
    const unitEdit = await t.call('PATCH', `/api/candidates/${id}`, {
      token: w.unitUser.token,
      body: { title: '改' },
    })
    expect(unitEdit.status).toBe(409)
    const imp = await upload(
      c.id,
      csv(`${HEADER}\n新项目,教育,${w.edu.name},100,本级财政,,\n`),
      'a.csv',
    )
    expect(imp.status).toBe(409)
    expect(imp.body.error.code).toBe('CANDIDATES_LOCKED')
    const after = await t.call('GET', `/api/candidates/${id}`, { token: w.staff.token })
    expect(after.body.title).toBe('候选项目1')
  })

  it('reopens with a reason, audited; edits work again and a new lock bumps the list version', async () => {
    const c = await screeningCycle({ seats: 1, marginRatio: 0 })
    const [id] = await addCandidates(t, w.staff.token, c.id, w.edu.name, 1)
    await lock(c.id)
    for (const body of [
      {},
      { reason: '   ' },
      { reason: 'x'.repeat(2001) },
      { reason: 5 },
      { reason: 'ok', more: 1 },
    ]) {
      const r = await reopen(c.id, body)
      expect(r.status).toBe(400)
    }
    expect((await reopen(c.id, { reason: '理由' }, w.unitUser.token)).status).toBe(403)
    expect((await reopen(c.id, { reason: '理由' }, w.otherStaff.token)).status).toBe(404)
    const r = await reopen(c.id, { reason: '主任会议要求补充城区排水项目' })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ phase: 'screening', candidatesLockedAt: null, listVersion: 1 })
    const audit = (await auditRows(t, c.id)).filter((a) => a.action === 'candidates.reopen')
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actor_user_id).toBe(w.staff.id)
    expect(audit[0]!.before).toMatchObject({ phase: 'candidates_locked', listVersion: 1 })
    expect(audit[0]!.after).toMatchObject({
      phase: 'screening',
      reason: '主任会议要求补充城区排水项目',
    })
    const edit = await t.call('PATCH', `/api/candidates/${id}`, {
      token: w.staff.token,
      body: { title: '改后' },
    })
    expect(edit.status).toBe(200)
    const again = await lock(c.id)
    expect(again.body).toMatchObject({ phase: 'candidates_locked', listVersion: 2 })
    const chain = await t.call('GET', '/api/audit/verify', { token: w.staff.token })
    expect(chain.body.ok).toBe(true)
  })

  it('cannot be reopened once a vote has opened (409 VOTE_STARTED), nor when it is not locked', async () => {
    const c = await screeningCycle({ seats: 1, marginRatio: 0 })
    const notLocked = await reopen(c.id, { reason: '理由' })
    expect(notLocked.status).toBe(409)
    expect(notLocked.body.error.code).toBe('NOT_LOCKED')
    await addCandidates(t, w.staff.token, c.id, w.edu.name, 1)
    await lock(c.id)
    await t.database.db
      .transaction()
      .execute((trx) => advanceCyclePhase(trx, c.id, ['candidates_locked'], 'voting', new Date()))
    const r = await reopen(c.id, { reason: '理由' })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('VOTE_STARTED')
    for (const phase of ['implementing', 'evaluating', 'closed'] as const) {
      await forcePhase(t, c.id, phase)
      expect((await reopen(c.id, { reason: '理由' })).body.error.code).toBe('VOTE_STARTED')
    }
    expect((await auditRows(t, c.id)).some((a) => a.action === 'candidates.reopen')).toBe(false)
  })
})

describe('writing candidates', () => {
  it('creates a candidate with its unit by name or id, origin suggestions, audited', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    const s = await t.call('POST', `/api/public/cycles/${c.id}/suggestions`, {
      body: publicBody(),
      headers: { 'x-forwarded-for': '192.0.2.1' },
    })
    const inbox = await t.call('GET', `/api/cycles/${c.id}/suggestions`, { token: w.staff.token })
    const sid = inbox.body.items[0].id
    await forcePhase(t, c.id, 'screening')
    const r = await t.call('POST', `/api/cycles/${c.id}/candidates`, {
      token: w.staff.token,
      body: {
        ...candidateBody(w.edu.id, 1),
        targets: '在27所学校门口安装防冲撞设施',
        location: '城区',
        plannedCompletion: '2026-11-30',
        originSuggestionIds: [sid],
      },
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({
      responsibleUnit: w.edu.name,
      unitId: w.edu.id,
      targets: '在27所学校门口安装防冲撞设施',
      plannedCompletion: '2026-11-30',
      originSuggestionIds: [sid],
      originSuggestions: [{ id: sid, trackingCode: s.body.trackingCode, outcome: 'pending' }],
      sortOrder: 1,
    })
    const byName = await t.call('POST', `/api/cycles/${c.id}/candidates`, {
      token: w.staff.token,
      body: candidateBody(w.health.name, 2),
    })
    expect(byName.body).toMatchObject({ unitId: w.health.id, sortOrder: 2 })
    const audit = await auditRows(t, r.body.id)
    expect(audit.map((a) => a.action)).toEqual(['candidate.create'])
    expect(audit[0]!.after).toMatchObject({ title: '候选项目1', originSuggestionIds: [sid] })
    // Changing it is audited with before and after.
    const patched = await t.call('PATCH', `/api/candidates/${r.body.id}`, {
      token: w.staff.token,
      body: { estimateFen: 5, originSuggestionIds: [] },
    })
    expect(patched.status).toBe(200)
    expect(patched.body.originSuggestionIds).toEqual([])
    const upd = (await auditRows(t, r.body.id)).find((a) => a.action === 'candidate.update')!
    expect(upd.before).toMatchObject({ estimateFen: 300_000_001 })
    expect(upd.after).toMatchObject({ estimateFen: 5 })
  })

  it('lets a unit account write its own unit’s candidates only', async () => {
    const c = await screeningCycle()
    const own = await t.call('POST', `/api/cycles/${c.id}/candidates`, {
      token: w.unitUser.token,
      body: candidateBody(w.edu.name, 1),
    })
    expect(own.status).toBe(201)
    const notOwn = await t.call('POST', `/api/cycles/${c.id}/candidates`, {
      token: w.unitUser.token,
      body: candidateBody(w.health.name, 2),
    })
    expect(notOwn.status).toBe(403)
    const [staffMade] = await addCandidates(t, w.staff.token, c.id, w.health.name, 1, 3)
    expect(
      (
        await t.call('PATCH', `/api/candidates/${staffMade}`, {
          token: w.unitUser.token,
          body: { title: 'x' },
        })
      ).status,
    ).toBe(403)
    expect(
      (await t.call('DELETE', `/api/candidates/${staffMade}`, { token: w.unitUser.token })).status,
    ).toBe(403)
    const move = await t.call('PATCH', `/api/candidates/${own.body.id}`, {
      token: w.unitUser.token,
      body: { responsibleUnit: w.health.name },
    })
    expect(move.status).toBe(403)
    const edit = await t.call('PATCH', `/api/candidates/${own.body.id}`, {
      token: w.unitUser.token,
      body: { targets: '新增托位200个' },
    })
    expect(edit.status).toBe(200)
    for (const u of [w.deputy, w.finance, w.cityStaff]) {
      const r = await t.call('POST', `/api/cycles/${c.id}/candidates`, {
        token: u.token,
        body: candidateBody(w.edu.name, 4),
      })
      expect(r.status).toBe(403)
    }
    const foreign = await t.call('POST', `/api/cycles/${c.id}/candidates`, {
      token: w.otherStaff.token,
      body: candidateBody(w.edu.name, 4),
    })
    expect(foreign.status).toBe(404)
  })

  it('refuses a responsible unit that is not a unit of the jurisdiction', async () => {
    const c = await screeningCycle()
    for (const unit of ['不存在的局', w.otherUnit.id, w.otherUnit.name]) {
      const r = await t.call('POST', `/api/cycles/${c.id}/candidates`, {
        token: w.staff.token,
        body: candidateBody(unit, 1),
      })
      expect(r.status).toBe(400)
      expect(r.body.error.issues[0].path).toBe('responsibleUnit')
    }
  })

  it.each([
    ['a missing title', { title: undefined }],
    ['a huge title', { title: '项'.repeat(201) }],
    ['a huge description', { description: 'x'.repeat(4001) }],
    ['an unknown category', { category: '教育' }],
    ['an unknown funding source', { fundingSource: '本级财政' }],
    ['a negative estimate', { estimateFen: -1 }],
    ['an estimate in yuan with decimals', { estimateFen: 12.5 }],
    ['an estimate as text', { estimateFen: '100' }],
    ['an impossible date', { plannedCompletion: '2026-13-01' }],
    ['a date in another format', { plannedCompletion: '2026/11/30' }],
    ['malformed origin ids', { originSuggestionIds: ['x'] }],
    ['an unknown field', { status: 'approved' }],
    ['a huge unit name', { responsibleUnit: 'x'.repeat(201) }],
  ])('refuses %s with 400', async (_, patch) => {
    const c = await screeningCycle()
    const r = await t.call('POST', `/api/cycles/${c.id}/candidates`, {
      token: w.staff.token,
      body: { ...candidateBody(w.edu.name, 1), ...patch },
    })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('VALIDATION_FAILED')
  })

  it('refuses origin suggestions of another cycle, and bad patches', async () => {
    const other = await createCycle(t, w.staff.token, w.county.id)
    await t.call('POST', `/api/public/cycles/${other.id}/suggestions`, {
      body: publicBody(),
      headers: { 'x-forwarded-for': '192.0.2.2' },
    })
    const sid = (
      await t.call('GET', `/api/cycles/${other.id}/suggestions`, { token: w.staff.token })
    ).body.items[0].id
    const c = await screeningCycle()
    const r = await t.call('POST', `/api/cycles/${c.id}/candidates`, {
      token: w.staff.token,
      body: { ...candidateBody(w.edu.name, 1), originSuggestionIds: [sid] },
    })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('INVALID_SUGGESTION')
    expect(await count(c.id)).toBe(0) // nothing half-applied
    const [id] = await addCandidates(t, w.staff.token, c.id, w.edu.name, 1)
    for (const body of [{}, { title: '' }, { sortOrder: -1 }, { withdrawn: true }])
      expect(
        (await t.call('PATCH', `/api/candidates/${id}`, { token: w.staff.token, body })).status,
      ).toBe(400)
    expect(
      (await t.call('PATCH', '/api/candidates/zzz', { token: w.staff.token, body: { title: 'x' } }))
        .status,
    ).toBe(404)
    expect(
      (
        await t.call('PATCH', `/api/candidates/${crypto.randomUUID()}`, {
          token: w.staff.token,
          body: { title: 'x' },
        })
      ).status,
    ).toBe(404)
  })

  it('removes a candidate (withdrawn, audited); refuses while a suggestion is adopted into it', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    await t.call('POST', `/api/public/cycles/${c.id}/suggestions`, {
      body: publicBody(),
      headers: { 'x-forwarded-for': '192.0.2.3' },
    })
    const sid = (await t.call('GET', `/api/cycles/${c.id}/suggestions`, { token: w.staff.token }))
      .body.items[0].id
    await forcePhase(t, c.id, 'screening')
    const [a, b] = await addCandidates(t, w.staff.token, c.id, w.edu.name, 2)
    await t.call('POST', `/api/suggestions/${sid}/outcome`, {
      token: w.staff.token,
      body: { outcome: 'adopted', candidateId: a },
    })
    const refused = await t.call('DELETE', `/api/candidates/${a}`, { token: w.staff.token })
    expect(refused.status).toBe(409)
    expect(refused.body.error).toMatchObject({ code: 'SUGGESTION_ADOPTED', suggestionIds: [sid] })
    const dropAdopted = await t.call('PATCH', `/api/candidates/${a}`, {
      token: w.staff.token,
      body: { originSuggestionIds: [] },
    })
    expect(dropAdopted.status).toBe(409)
    const del = await t.call('DELETE', `/api/candidates/${b}`, { token: w.staff.token })
    expect(del.status).toBe(204)
    expect(await count(c.id)).toBe(1)
    expect((await t.call('GET', `/api/candidates/${b}`, { token: w.staff.token })).status).toBe(404)
    expect((await t.call('DELETE', `/api/candidates/${b}`, { token: w.staff.token })).status).toBe(
      404,
    )
    expect((await auditRows(t, b!)).map((x) => x.action)).toEqual([
      'candidate.create',
      'candidate.delete',
    ])
    // Adopting into a removed candidate is refused.
    const stale = await t.call('POST', `/api/suggestions/${sid}/outcome`, {
      token: w.staff.token,
      body: { outcome: 'adopted', candidateId: b },
    })
    expect(stale.status).toBe(400)
  })
})

describe('who sees the list', () => {
  it('shows the draft to staff and units, and to everyone who can see the county once locked', async () => {
    const c = await screeningCycle({ seats: 1, marginRatio: 0 })
    const [id] = await addCandidates(t, w.staff.token, c.id, w.edu.name, 1)
    const get = (token: string) => t.call('GET', `/api/cycles/${c.id}/candidates`, { token })
    expect((await get(w.unitUser.token)).body.items).toHaveLength(1)
    const deputyBefore = await get(w.deputy.token)
    expect(deputyBefore.body).toMatchObject({ items: [], locked: false, draftVisible: false })
    expect((await t.call('GET', `/api/candidates/${id}`, { token: w.deputy.token })).status).toBe(
      404,
    )
    const exportBefore = await t.call('GET', `/api/cycles/${c.id}/candidates/export`, {
      token: w.deputy.token,
    })
    expect(exportBefore.status).toBe(403)
    await lock(c.id)
    for (const u of [w.deputy, w.finance, w.cityStaff]) {
      const r = await get(u.token)
      expect(r.body).toMatchObject({ locked: true })
      expect(r.body.items).toHaveLength(1)
      expect((await t.call('GET', `/api/candidates/${id}`, { token: u.token })).status).toBe(200)
    }
  })

  it('answers 404 to other counties for every candidate route', async () => {
    const c = await screeningCycle({ seats: 1, marginRatio: 0 })
    const [id] = await addCandidates(t, w.staff.token, c.id, w.edu.name, 1)
    const token = w.otherStaff.token
    const calls: [string, string, unknown?][] = [
      ['GET', `/api/cycles/${c.id}/candidates`],
      ['GET', `/api/cycles/${c.id}/candidates/export`],
      ['GET', `/api/candidates/${id}`],
      ['PATCH', `/api/candidates/${id}`, { title: 'x' }],
      ['DELETE', `/api/candidates/${id}`],
      ['POST', `/api/cycles/${c.id}/candidates/reopen`, { reason: 'x' }],
    ]
    for (const [method, path, body] of calls) {
      const r = await t.call(method, path, { token, body })
      expect(r.status, `${method} ${path}`).toBe(404)
      expect(r.body.error.code).toBe('NOT_FOUND')
    }
    const imp = await upload(c.id, csv(`${HEADER}\n`), 'a.csv', token)
    expect(imp.status).toBe(404)
    expect(
      (await t.call('GET', '/api/cycles/bad/candidates', { token: w.staff.token })).status,
    ).toBe(404)
    expect((await t.call('GET', `/api/cycles/${c.id}/candidates`)).status).toBe(401)
  })
})

describe('import and export', () => {
  it('imports a CSV: all rows, in order, with units, amounts in 万元 and dates', async () => {
    const c = await screeningCycle()
    const file = csv(
      `\uFEFF${HEADER},来源建议编号\n` +
        `老年幸福餐桌,养老,${w.health.name},"1,280.5",本级财政,新建老年助餐点30个,2026年12月,\n` +
        `普惠性托育,托育,${w.edu.name},350,上级补助,新增普惠托位500个,2027-06-30,\n`,
    )
    const r = await upload(c.id, file, 'candidates.csv')
    expect(r.status).toBe(201)
    expect(r.body.imported).toBe(2)
    expect(
      r.body.items.map((x: any) => [
        x.title,
        x.category,
        x.unitId,
        x.estimateFen,
        x.fundingSource,
        x.plannedCompletion,
      ]),
    ).toEqual([
      ['老年幸福餐桌', 'elderly', w.health.id, 1_280_500_000, 'local', '2026-12-31'],
      ['普惠性托育', 'childcare', w.edu.id, 350_000_000, 'transfer', '2027-06-30'],
    ])
    const audit = await auditRows(t, r.body.items[0].id)
    expect(audit.map((a) => a.action)).toEqual(['candidate.import'])
  })

  it('imports nothing when one row is bad, and reports the row and the reason', async () => {
    const c = await screeningCycle()
    await addCandidates(t, w.staff.token, c.id, w.edu.name, 1)
    const file = csv(
      `${HEADER}\n` +
        `城区排水提质增效,环境,${w.edu.name},500,本级财政,,\n` +
        `老旧小区改造,住房,不存在的单位,800,本级财政,,\n` +
        `农村道路,农村,${w.edu.name},三百,本级财政,,2026-02-30\n` +
        `候选项目1,教育,${w.edu.name},1,本级财政,,\n`,
    )
    const r = await upload(c.id, file, 'bad.csv')
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('IMPORT_INVALID')
    expect(r.body.error.rows.map((x: any) => [x.row, x.field, x.code])).toEqual([
      [3, 'responsibleUnit', 'UNKNOWN_UNIT'],
      [4, 'estimateFen', 'BAD_AMOUNT'],
      [4, 'plannedCompletion', 'BAD_DATE'],
      [5, 'title', 'DUPLICATE_TITLE'],
    ])
    expect(r.body.error.rows[0]).toMatchObject({ column: '责任单位', value: '不存在的单位' })
    expect(r.body.error.rows[0].message).toEqual(expect.any(String))
    expect(await count(c.id)).toBe(1)
  })

  it('does the same for .xlsx, and reports missing columns', async () => {
    const c = await screeningCycle()
    const bad = await xlsx([
      ['项目名称', '类别', '责任单位', '估算金额（万元）', '资金来源'],
      ['校园安全', '教育', w.edu.name, 120, '本级财政'],
      ['', '教育', w.edu.name, 120, '财政'],
    ])
    const r = await upload(c.id, bad, 'bad.xlsx')
    expect(r.status).toBe(400)
    expect(r.body.error.rows.map((x: any) => [x.row, x.field, x.code])).toEqual([
      [3, 'title', 'REQUIRED'],
      [3, 'fundingSource', 'UNKNOWN_FUNDING_SOURCE'],
    ])
    expect(await count(c.id)).toBe(0)
    const noUnit = await upload(c.id, csv('项目名称,类别\n甲,教育\n'), 'x.csv')
    expect(noUnit.status).toBe(400)
    expect(noUnit.body.error.rows.map((x: any) => x.code)).toEqual([
      'MISSING_COLUMN',
      'MISSING_COLUMN',
      'MISSING_COLUMN',
    ])
    const empty = await upload(c.id, csv(`${HEADER}\n`), 'x.csv')
    expect(empty.body.error.rows[0].code).toBe('EMPTY_FILE')
  })

  it('exports .xlsx that imports back unchanged, origin suggestions included', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    await t.call('POST', `/api/public/cycles/${c.id}/suggestions`, {
      body: publicBody(),
      headers: { 'x-forwarded-for': '192.0.2.4' },
    })
    const sid = (await t.call('GET', `/api/cycles/${c.id}/suggestions`, { token: w.staff.token }))
      .body.items[0].id
    await forcePhase(t, c.id, 'screening')
    const bodies = [
      {
        ...candidateBody(w.edu.name, 1),
        estimateFen: 1_234_567,
        targets: '在27所学校门口安装防冲撞设施',
        plannedCompletion: '2026-11-30',
        location: '城区',
        originSuggestionIds: [sid],
      },
      {
        ...candidateBody(w.health.name, 2),
        category: 'health',
        fundingSource: 'social',
        description: '含"引号",逗号\n和换行',
      },
    ]
    for (const body of bodies)
      expect(
        (await t.call('POST', `/api/cycles/${c.id}/candidates`, { token: w.staff.token, body }))
          .status,
      ).toBe(201)
    const res = await t.request('GET', `/api/cycles/${c.id}/candidates/export`, {
      token: w.staff.token,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/)
    expect(res.headers.get('content-disposition')).toMatch(/attachment/)
    const bytes = new Uint8Array(await res.arrayBuffer())
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(bytes) as never)
    expect(wb.worksheets[0]!.getRow(1).getCell(2).value).toBe('项目名称')

    // Into the same cycle: refused as duplicates. Into another cycle of the county: identical.
    const dup = await upload(c.id, bytes, 'export.xlsx')
    expect(dup.body.error.rows.map((x: any) => x.code)).toEqual([
      'DUPLICATE_TITLE',
      'DUPLICATE_TITLE',
    ])
    const target = await screeningCycle()
    const unknownOrigin = await upload(target.id, bytes, 'export.xlsx')
    expect(unknownOrigin.status).toBe(400)
    expect(unknownOrigin.body.error.rows).toEqual([
      expect.objectContaining({ row: 2, field: 'originSuggestions', code: 'UNKNOWN_SUGGESTION' }),
    ])
    // Without the suggestion link (another cycle has other suggestions), the rest round-trips exactly.
    await t.call(
      'PATCH',
      `/api/candidates/${(await t.call('GET', `/api/cycles/${c.id}/candidates`, { token: w.staff.token })).body.items[0].id}`,
      {
        token: w.staff.token,
        body: { originSuggestionIds: [] },
      },
    )
    const plain = new Uint8Array(
      await (
        await t.request('GET', `/api/cycles/${c.id}/candidates/export`, { token: w.staff.token })
      ).arrayBuffer(),
    )
    const imported = await upload(target.id, plain, 'export.xlsx')
    expect(imported.status).toBe(201)
    const pick = (x: any) => [
      x.title,
      x.description,
      x.category,
      x.responsibleUnit,
      x.unitId,
      x.estimateFen,
      x.fundingSource,
      x.targets,
      x.location,
      x.plannedCompletion,
    ]
    const original = (
      await t.call('GET', `/api/cycles/${c.id}/candidates`, { token: w.staff.token })
    ).body.items
    expect(imported.body.items.map(pick)).toEqual(original.map(pick))
  })

  it('reads a CSV saved by Excel on Chinese Windows (GB18030)', async () => {
    const c = await screeningCycle()
    // "项目名称,类别,责任单位,估算金额（万元）,资金来源\n国标编码项目,教育,甲县教育局,12.5,本级财政\n"
    const gbk = Buffer.from(
      'cfeec4bfc3fbb3c62cc0e0b1f02cd4f0c8ceb5a5cebb2cb9c0cbe3bdf0b6eea3a8cdf2d4aaa3a92cd7cabdf0c0b4d4b40ab9fab1eab1e0c2ebcfeec4bf2cbdccd3fd2cbcd7cfd8bdccd3fdbed62c31322e352cb1bebcb6b2c6d5fe0a',
      'hex',
    )
    const r = await upload(c.id, new Uint8Array(gbk), 'gbk.csv')
    expect(r.status).toBe(201)
    expect(r.body.items[0]).toMatchObject({
      title: '国标编码项目',
      estimateFen: 12_500_000,
      unitId: w.edu.id,
    })
  })

  it('resolves origin tracking codes of the cycle on import', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    const s = await t.call('POST', `/api/public/cycles/${c.id}/suggestions`, {
      body: publicBody(),
      headers: { 'x-forwarded-for': '192.0.2.5' },
    })
    await forcePhase(t, c.id, 'screening')
    const code = s.body.trackingCode.toLowerCase()
    const r = await upload(
      c.id,
      csv(
        `项目名称,类别,责任单位,估算金额（元）,资金来源,来源建议编号\n红绿灯,交通,${w.edu.name},"12,345.67",其他,${code}\n`,
      ),
      'x.csv',
    )
    expect(r.status).toBe(201)
    expect(r.body.items[0]).toMatchObject({ estimateFen: 1_234_567, fundingSource: 'other' })
    expect(r.body.items[0].originSuggestions[0].trackingCode).toBe(s.body.trackingCode)
  })

  it('accepts the raw file as the body, and refuses what it cannot read', async () => {
    const c = await screeningCycle()
    const raw = await t.call('POST', `/api/cycles/${c.id}/candidates/import`, {
      token: w.staff.token,
      body: csv(`${HEADER}\n甲项目,教育,${w.edu.name},1,本级财政,,\n`),
      headers: { 'content-type': 'text/csv' },
    })
    expect(raw.status).toBe(201)
    const json = await t.call('POST', `/api/cycles/${c.id}/candidates/import`, {
      token: w.staff.token,
      body: { rows: [] },
    })
    expect(json.status).toBe(415)
    const noFile = new FormData()
    noFile.append('other', 'x')
    const missing = await t.call('POST', `/api/cycles/${c.id}/candidates/import`, {
      token: w.staff.token,
      body: noFile,
    })
    expect(missing.status).toBe(400)
    expect(missing.body.error.issues[0].path).toBe('file')
    expect((await upload(c.id, new Uint8Array(), 'empty.csv')).status).toBe(400)
    const zipJunk = await upload(
      c.id,
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]),
      'x.xlsx',
    )
    expect(zipJunk.status).toBe(400)
    expect(zipJunk.body.error.code).toBe('IMPORT_UNREADABLE')
    const xls = await upload(
      c.id,
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      'old.xls',
    )
    expect(xls.body.error.code).toBe('IMPORT_UNREADABLE')
    const binary = await upload(c.id, new Uint8Array([0, 1, 2, 0, 255, 0]), 'x.bin')
    expect(binary.status).toBe(400)
    expect((await upload(c.id, zipBomb(), 'bomb.xlsx')).body.error.code).toBe('IMPORT_UNREADABLE')
    expect((await upload(c.id, csv('项目名称\n"unterminated'), 'x.csv')).status).toBe(400)
    expect(
      (
        await upload(
          c.id,
          csv(`${HEADER}\n甲,教育,${w.edu.name},1,本级财政,,\n`),
          'a.csv',
          w.unitUser.token,
        )
      ).status,
    ).toBe(403)
    const big = new Uint8Array(t.deps.env.BODY_LIMIT_BYTES + 10).fill(65)
    expect((await upload(c.id, big, 'big.csv')).status).toBe(413)
    expect(await count(c.id)).toBe(1)
  })
})

describe('spreadsheet cells', () => {
  it('reads amounts exactly, to the fen', () => {
    expect(parseAmount('320', 1_000_000)).toBe(320_000_000)
    expect(parseAmount('1,280.5', 1_000_000)).toBe(1_280_500_000)
    expect(parseAmount('0.000001', 1_000_000)).toBe(1)
    expect(parseAmount('0.0000001', 1_000_000)).toBeNull()
    expect(parseAmount('12.345', 100)).toBeNull()
    expect(parseAmount('12.30', 100)).toBe(1230)
    expect(parseAmount('-5', 100)).toBeNull()
    expect(parseAmount('1e5', 100)).toBeNull()
    expect(parseAmount('350万元', 1_000_000)).toBe(350_000_000)
  })
  it('reads the date forms people type', () => {
    expect(parseDate('2026/6/30')).toBe('2026-06-30')
    expect(parseDate('2026年11月')).toBe('2026-11-30')
    expect(parseDate('2028-02')).toBe('2028-02-29')
    expect(parseDate('2026-13')).toBeNull()
    expect(parseDate('明年')).toBeNull()
  })
})

/** A tiny .xlsx-looking zip whose one entry inflates to 64 MB of zeros. */
function zipBomb(): Uint8Array {
  const name = new TextEncoder().encode('xl/worksheets/sheet1.xml')
  const data = deflateRawSync(Buffer.alloc(64 * 1024 * 1024))
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt16LE(8, 8)
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(1000, 22) // a lie: the real size is 64 MB
  local.writeUInt16LE(name.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt16LE(8, 10)
  central.writeUInt32LE(data.length, 20)
  central.writeUInt32LE(1000, 24)
  central.writeUInt16LE(name.length, 28)
  central.writeUInt32LE(0, 42)
  const cdOffset = 30 + name.length + data.length
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(46 + name.length, 12)
  end.writeUInt32LE(cdOffset, 16)
  return new Uint8Array(Buffer.concat([local, name, data, central, name, end]))
}

describe.runIf(!!process.env.DATABASE_URL)('locking under concurrency (PostgreSQL)', () => {
  it('keeps every acknowledged addition in the locked list and refuses the ones after the lock', async () => {
    const c = await screeningCycle({ seats: 1, marginRatio: 0 })
    await addCandidates(t, w.staff.token, c.id, w.edu.name, 1)
    const adds = Array.from({ length: 8 }, (_, i) =>
      t.call('POST', `/api/cycles/${c.id}/candidates`, {
        token: w.staff.token,
        body: candidateBody(w.edu.name, 100 + i),
      }),
    )
    const [locked, ...added] = await Promise.all([lock(c.id), ...adds])
    expect(locked.status).toBe(200)
    for (const r of added)
      expect(
        r.status === 201 || (r.status === 409 && r.body.error.code === 'CANDIDATES_LOCKED'),
      ).toBe(true)
    const audit = (await auditRows(t, c.id)).find((a) => a.action === 'candidates.lock')!
    const lockedIds = (audit.after as { candidates: { id: string }[] }).candidates
      .map((x) => x.id)
      .sort()
    const list = await t.call('GET', `/api/cycles/${c.id}/candidates`, { token: w.staff.token })
    expect(list.body.items.map((x: { id: string }) => x.id).sort()).toEqual(lockedIds)
    expect(locked.body.candidateCount).toBe(lockedIds.length)
    for (const r of added.filter((x) => x.status === 201)) expect(lockedIds).toContain(r.body.id)
  })
})
