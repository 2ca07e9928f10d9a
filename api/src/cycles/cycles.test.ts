import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { conflict } from '../shared/errors.js'
import { advanceCyclePhase, registerPhaseGuard } from './cycles.exports.js'
import {
  addCandidates,
  auditRows,
  createCycle,
  forcePhase,
  nextYear,
  world,
  type World,
} from './cycles.fixtures.js'

let t: TestApp
let w: World
beforeAll(async () => {
  t = await createTestApp()
  w = await world(t)
})
afterAll(() => t.close())

const validBody = () => ({
  year: nextYear(),
  title: '2026年度民生实事项目',
  seats: 10,
  marginRatio: 0.2,
  fundPoolFen: 1_000_000_000,
  thresholdBasis: 'all',
  ballotForm: 'for_against_abstain',
})

describe('creating a cycle', () => {
  it('creates a cycle in solicitation with the margin-implied candidate count, audited', async () => {
    const body = {
      ...validBody(),
      solicitationDeadline: '2030-11-15',
      solicitationNotice: '征集公告',
    }
    const r = await t.call('POST', `/api/jurisdictions/${w.county.id}/cycles`, {
      token: w.staff.token,
      body,
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({
      jurisdictionId: w.county.id,
      seats: 10,
      marginRatio: 0.2,
      requiredCandidates: 12,
      candidateCount: 0,
      fundPoolFen: 1_000_000_000,
      phase: 'solicitation',
      staffTransitions: ['screening'],
      satisfactionThreshold: 0.8,
      evaluationBasis: 'all',
      listVersion: 0,
      solicitationDeadline: '2030-11-15',
    })
    const audit = await auditRows(t, r.body.id)
    expect(audit.map((a) => a.action)).toEqual(['cycle.create'])
    expect(audit[0]!.actor_user_id).toBe(w.staff.id)
    // The stored ratio is the exact decimal.
    const row = await t.database.db
      .selectFrom('cycle')
      .select('margin_ratio')
      .where('id', '=', r.body.id)
      .executeTakeFirstOrThrow()
    expect(row.margin_ratio).toBe('0.2000')
  })

  it('answers requiredCandidates 15 for N = 10 at 50 %', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id, { marginRatio: 0.5 })
    expect(c.requiredCandidates).toBe(15)
  })

  it('refuses a second cycle for the same year with 409 CYCLE_EXISTS', async () => {
    const body = validBody()
    await t.call('POST', `/api/jurisdictions/${w.county.id}/cycles`, { token: w.staff.token, body })
    const r = await t.call('POST', `/api/jurisdictions/${w.county.id}/cycles`, {
      token: w.staff.token,
      body,
    })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('CYCLE_EXISTS')
  })

  it('is for staff of the jurisdiction only: 401, 403, and 404 across counties', async () => {
    const path = `/api/jurisdictions/${w.county.id}/cycles`
    expect((await t.call('POST', path, { body: validBody() })).status).toBe(401)
    const asDeputy = await t.call('POST', path, { token: w.deputy.token, body: validBody() })
    expect(asDeputy.status).toBe(403)
    const asAdmin = await t.call('POST', path, { token: w.admin.token, body: validBody() })
    expect(asAdmin.status).toBe(403)
    const foreign = await t.call('POST', path, { token: w.otherStaff.token, body: validBody() })
    expect(foreign.status).toBe(404)
    expect(foreign.body.error.code).toBe('NOT_FOUND')
    // City staff read county data but do not write it.
    const city = await t.call('POST', path, { token: w.cityStaff.token, body: validBody() })
    expect(city.status).toBe(403)
  })

  it.each([
    ['a missing field', (b: any) => ({ ...b, seats: undefined })],
    ['an unknown field', (b: any) => ({ ...b, colour: 'red' })],
    ['a string for a number', (b: any) => ({ ...b, seats: '10' })],
    ['fractional seats', (b: any) => ({ ...b, seats: 10.5 })],
    ['zero seats', (b: any) => ({ ...b, seats: 0 })],
    ['a margin above 1', (b: any) => ({ ...b, marginRatio: 1.2 })],
    ['a negative margin', (b: any) => ({ ...b, marginRatio: -0.1 })],
    ['a margin finer than 1/10000', (b: any) => ({ ...b, marginRatio: 0.12345 })],
    ['a margin as a string', (b: any) => ({ ...b, marginRatio: '0.2' })],
    ['a fractional fen amount', (b: any) => ({ ...b, fundPoolFen: 100.5 })],
    ['a negative fund pool', (b: any) => ({ ...b, fundPoolFen: -1 })],
    ['an unsafe fund pool', (b: any) => ({ ...b, fundPoolFen: 2 ** 60 })],
    ['an unknown threshold basis', (b: any) => ({ ...b, thresholdBasis: 'most' })],
    ['an unknown ballot form', (b: any) => ({ ...b, ballotForm: 'rank' })],
    ['a year out of range', (b: any) => ({ ...b, year: 1999 })],
    ['a huge title', (b: any) => ({ ...b, title: '项'.repeat(10_000) })],
    ['an empty title', (b: any) => ({ ...b, title: '   ' })],
    ['an impossible deadline', (b: any) => ({ ...b, solicitationDeadline: '2030-02-30' })],
    ['a huge notice', (b: any) => ({ ...b, solicitationNotice: 'x'.repeat(20_001) })],
    ['an array body', () => [1, 2]],
    ['null', () => null],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_, mutate) => {
    const r = await t.call('POST', `/api/jurisdictions/${w.county.id}/cycles`, {
      token: w.staff.token,
      body: JSON.stringify(mutate(validBody())),
      headers: { 'content-type': 'application/json' },
    })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('VALIDATION_FAILED')
  })

  it('refuses non-JSON and malformed JSON bodies, and malformed ids', async () => {
    const path = `/api/jurisdictions/${w.county.id}/cycles`
    const text = await t.call('POST', path, {
      token: w.staff.token,
      body: 'year=2030',
      headers: { 'content-type': 'text/plain' },
    })
    expect(text.status).toBe(415)
    const broken = await t.call('POST', path, {
      token: w.staff.token,
      body: '{"year":',
      headers: { 'content-type': 'application/json' },
    })
    expect(broken.status).toBe(400)
    expect(broken.body.error.code).toBe('MALFORMED_JSON')
    const badId = await t.call('POST', '/api/jurisdictions/not-an-id/cycles', {
      token: w.staff.token,
      body: validBody(),
    })
    expect(badId.status).toBe(404)
  })
})

describe('reading cycles', () => {
  it('shows a cycle to staff, deputies and units of the county and to city staff; 404 elsewhere', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    for (const u of [w.staff, w.deputy, w.unitUser, w.finance, w.cityStaff]) {
      const r = await t.call('GET', `/api/cycles/${c.id}`, { token: u.token })
      expect(r.status).toBe(200)
      expect(r.body).toMatchObject({ id: c.id, phase: 'solicitation', requiredCandidates: 12 })
    }
    const foreign = await t.call('GET', `/api/cycles/${c.id}`, { token: w.otherStaff.token })
    expect(foreign.status).toBe(404)
    expect((await t.call('GET', `/api/cycles/${c.id}`)).status).toBe(401)
    expect((await t.call('GET', '/api/cycles/123', { token: w.staff.token })).status).toBe(404)
    expect(
      (await t.call('GET', `/api/cycles/${crypto.randomUUID()}`, { token: w.staff.token })).status,
    ).toBe(404)
  })

  it('lists a jurisdiction’s cycles newest first, in pages', async () => {
    const j = await t.factory.jurisdiction({ name: '丙县', parent: w.city })
    const staff = await t.factory.user(j, ['staff'])
    for (const year of [2027, 2029, 2028]) await createCycle(t, staff.token, j.id, { year })
    const first = await t.call('GET', `/api/jurisdictions/${j.id}/cycles?limit=2`, {
      token: staff.token,
    })
    expect(first.status).toBe(200)
    expect(first.body.items.map((c: { year: number }) => c.year)).toEqual([2029, 2028])
    const second = await t.call(
      'GET',
      `/api/jurisdictions/${j.id}/cycles?limit=2&cursor=${first.body.nextCursor}`,
      { token: staff.token },
    )
    expect(second.body.items.map((c: { year: number }) => c.year)).toEqual([2027])
    expect(second.body.nextCursor).toBeNull()
    const foreign = await t.call('GET', `/api/jurisdictions/${j.id}/cycles`, {
      token: w.otherStaff.token,
    })
    expect(foreign.status).toBe(404)
    const bad = await t.call('GET', `/api/jurisdictions/${j.id}/cycles?limit=zero`, {
      token: staff.token,
    })
    expect(bad.status).toBe(400)
  })
})

describe('changing settings', () => {
  it('changes any setting before the list is locked, audited with before and after', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    const r = await t.call('PATCH', `/api/cycles/${c.id}`, {
      token: w.staff.token,
      body: { seats: 8, marginRatio: 0.25, thresholdBasis: 'present' },
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ seats: 8, marginRatio: 0.25, requiredCandidates: 10 })
    const audit = await auditRows(t, c.id)
    const upd = audit.find((a) => a.action === 'cycle.update')!
    expect(upd.before).toMatchObject({ seats: 10, marginRatio: 0.2, thresholdBasis: 'all' })
    expect(upd.after).toMatchObject({ seats: 8, marginRatio: 0.25, thresholdBasis: 'present' })
  })

  it('freezes the vote settings once the list is locked (409 SETTINGS_LOCKED), other settings stay editable', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id, { seats: 2, marginRatio: 0.5 })
    await t.call('POST', `/api/cycles/${c.id}/phase`, {
      token: w.staff.token,
      body: { to: 'screening' },
    })
    await addCandidates(t, w.staff.token, c.id, w.edu.name, 3)
    const lock = await t.call('POST', `/api/cycles/${c.id}/candidates/lock`, {
      token: w.staff.token,
    })
    expect(lock.status).toBe(200)
    for (const body of [
      { seats: 3 },
      { marginRatio: 0.2 },
      { thresholdBasis: 'present' },
      { ballotForm: 'approve_up_to_n' },
    ]) {
      const r = await t.call('PATCH', `/api/cycles/${c.id}`, { token: w.staff.token, body })
      expect(r.status).toBe(409)
      expect(r.body.error.code).toBe('SETTINGS_LOCKED')
      expect(r.body.error.fields).toEqual(Object.keys(body))
    }
    // Re-sending the current values (a settings form sends every field) is not a change.
    const same = await t.call('PATCH', `/api/cycles/${c.id}`, {
      token: w.staff.token,
      body: { seats: 2, marginRatio: 0.5, title: '改名后的标题', fundPoolFen: 5 },
    })
    expect(same.status).toBe(200)
    expect(same.body).toMatchObject({ title: '改名后的标题', fundPoolFen: 5, seats: 2 })
  })

  it('refuses changes to a closed cycle and bad patches', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    const empty = await t.call('PATCH', `/api/cycles/${c.id}`, { token: w.staff.token, body: {} })
    expect(empty.status).toBe(400)
    const unknown = await t.call('PATCH', `/api/cycles/${c.id}`, {
      token: w.staff.token,
      body: { phase: 'closed' },
    })
    expect(unknown.status).toBe(400)
    const deputy = await t.call('PATCH', `/api/cycles/${c.id}`, {
      token: w.deputy.token,
      body: { title: 'x' },
    })
    expect(deputy.status).toBe(403)
    const foreign = await t.call('PATCH', `/api/cycles/${c.id}`, {
      token: w.otherStaff.token,
      body: { title: 'x' },
    })
    expect(foreign.status).toBe(404)
    await forcePhase(t, c.id, 'closed')
    const closed = await t.call('PATCH', `/api/cycles/${c.id}`, {
      token: w.staff.token,
      body: { title: '新标题' },
    })
    expect(closed.status).toBe(409)
    expect(closed.body.error.code).toBe('CYCLE_CLOSED')
  })

  it('refuses moving a cycle onto a year that is taken', async () => {
    const a = await createCycle(t, w.staff.token, w.county.id)
    const b = await createCycle(t, w.staff.token, w.county.id)
    const r = await t.call('PATCH', `/api/cycles/${b.id}`, {
      token: w.staff.token,
      body: { year: a.year },
    })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('CYCLE_EXISTS')
  })
})

describe('phase transitions', () => {
  it('walks the whole cycle one step at a time, each step audited', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id, { seats: 1, marginRatio: 0 })
    const step = (to: string) =>
      t.call('POST', `/api/cycles/${c.id}/phase`, { token: w.staff.token, body: { to } })
    expect((await step('screening')).body.phase).toBe('screening')
    expect((await step('solicitation')).body.phase).toBe('solicitation')
    expect((await step('screening')).status).toBe(200)
    await addCandidates(t, w.staff.token, c.id, w.edu.name, 1)
    expect(
      (await t.call('POST', `/api/cycles/${c.id}/candidates/lock`, { token: w.staff.token }))
        .status,
    ).toBe(200)
    // Only opening a vote moves a locked cycle to voting.
    await t.database.db
      .transaction()
      .execute((trx) => advanceCyclePhase(trx, c.id, ['candidates_locked'], 'voting', new Date()))
    // Leaving voting is the ballot feature's business (its guard wants a published result).
    await forcePhase(t, c.id, 'implementing')
    expect((await step('evaluating')).body.phase).toBe('evaluating')
    const closed = await step('closed')
    expect(closed.body).toMatchObject({ phase: 'closed', staffTransitions: [] })
    const audit = await auditRows(t, c.id)
    expect(
      audit
        .filter((a) => a.action === 'cycle.phase')
        .map((a) => [(a.before as { phase: string }).phase, (a.after as { phase: string }).phase]),
    ).toEqual([
      ['solicitation', 'screening'],
      ['screening', 'solicitation'],
      ['solicitation', 'screening'],
      ['implementing', 'evaluating'],
      ['evaluating', 'closed'],
    ])
    expect(audit.some((a) => a.action === 'candidates.lock')).toBe(true)
  })

  it.each([
    ['solicitation', 'voting', 'PHASE_TRANSITION_NOT_ALLOWED'],
    ['solicitation', 'closed', 'PHASE_TRANSITION_NOT_ALLOWED'],
    ['screening', 'candidates_locked', 'PHASE_TRANSITION_NOT_ALLOWED'],
    ['candidates_locked', 'voting', 'PHASE_TRANSITION_NOT_ALLOWED'],
    ['candidates_locked', 'screening', 'PHASE_TRANSITION_NOT_ALLOWED'],
    ['implementing', 'voting', 'PHASE_TRANSITION_NOT_ALLOWED'],
    ['closed', 'solicitation', 'PHASE_TRANSITION_NOT_ALLOWED'],
    ['screening', 'screening', 'PHASE_CONFLICT'],
  ] as const)('refuses %s → %s by hand (409 %s), unaudited', async (from, to, code) => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    await forcePhase(t, c.id, from)
    const r = await t.call('POST', `/api/cycles/${c.id}/phase`, {
      token: w.staff.token,
      body: { to },
    })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe(code)
    expect((await auditRows(t, c.id)).filter((a) => a.action === 'cycle.phase')).toEqual([])
    const after = await t.call('GET', `/api/cycles/${c.id}`, { token: w.staff.token })
    expect(after.body.phase).toBe(from)
  })

  it('runs the guards other features register, and a refusal changes nothing', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    registerPhaseGuard(async (_trx, step) => {
      if (step.cycleId === c.id && step.to === 'evaluating')
        throw conflict('TEST_GUARD', 'Refused by a downstream guard')
    })
    await forcePhase(t, c.id, 'implementing')
    const r = await t.call('POST', `/api/cycles/${c.id}/phase`, {
      token: w.staff.token,
      body: { to: 'evaluating' },
    })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('TEST_GUARD')
    expect((await t.call('GET', `/api/cycles/${c.id}`, { token: w.staff.token })).body.phase).toBe(
      'implementing',
    )
  })

  it('refuses bad input and the wrong people', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    const path = `/api/cycles/${c.id}/phase`
    for (const body of [{}, { to: 'done' }, { to: 'screening', force: true }, { to: 3 }]) {
      const r = await t.call('POST', path, { token: w.staff.token, body })
      expect(r.status).toBe(400)
    }
    expect(
      (await t.call('POST', path, { token: w.deputy.token, body: { to: 'screening' } })).status,
    ).toBe(403)
    expect(
      (await t.call('POST', path, { token: w.cityStaff.token, body: { to: 'screening' } })).status,
    ).toBe(403)
    expect(
      (await t.call('POST', path, { token: w.otherStaff.token, body: { to: 'screening' } })).status,
    ).toBe(404)
    expect(
      (
        await t.call('POST', '/api/cycles/nope/phase', {
          token: w.staff.token,
          body: { to: 'screening' },
        })
      ).status,
    ).toBe(404)
  })
})

describe('the public portal', () => {
  it('shows the notice without login, and the candidate list only once locked', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id, {
      seats: 1,
      marginRatio: 0,
      solicitationNotice: '现面向社会公开征集民生实事项目建议。',
    })
    const before = await t.call('GET', `/api/public/cycles/${c.id}`)
    expect(before.status).toBe(200)
    expect(before.body).toMatchObject({
      jurisdiction: { id: w.county.id, name: '甲县' },
      solicitationNotice: '现面向社会公开征集民生实事项目建议。',
      acceptingSuggestions: true,
      candidates: null,
    })
    await t.call('POST', `/api/cycles/${c.id}/phase`, {
      token: w.staff.token,
      body: { to: 'screening' },
    })
    await addCandidates(t, w.staff.token, c.id, w.edu.name, 1)
    expect((await t.call('GET', `/api/public/cycles/${c.id}`)).body.candidates).toBeNull()
    await t.call('POST', `/api/cycles/${c.id}/candidates/lock`, { token: w.staff.token })
    const after = await t.call('GET', `/api/public/cycles/${c.id}`)
    expect(after.body.candidates).toHaveLength(1)
    expect(after.body.candidates[0]).toMatchObject({
      title: '候选项目1',
      responsibleUnit: w.edu.name,
    })
    expect((await t.call('GET', '/api/public/cycles/bad-id')).status).toBe(404)
    expect((await t.call('GET', `/api/public/cycles/${crypto.randomUUID()}`)).status).toBe(404)
  })

  it('lists jurisdictions with their cycles for the portal', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    const r = await t.call('GET', '/api/public/jurisdictions')
    expect(r.status).toBe(200)
    const county = r.body.items.find((j: { id: string }) => j.id === w.county.id)
    expect(county).toMatchObject({ name: '甲县', level: 'county', parentId: w.city.id })
    expect(county.cycles.map((x: { year: number }) => x.year)).toContain(c.year)
  })
})

describe('the API document', () => {
  it('describes every route of phases 1–4', async () => {
    const r = await t.call('GET', '/api/openapi.json')
    expect(r.status).toBe(200)
    expect(Object.keys(r.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/jurisdictions/{jid}/cycles',
        '/api/cycles/{cid}',
        '/api/cycles/{cid}/phase',
        '/api/cycles/{cid}/suggestions',
        '/api/public/cycles/{cid}/suggestions',
        '/api/public/suggestions/{trackingCode}',
        '/api/suggestions/{sid}/outcome',
        '/api/cycles/{cid}/candidates/lock',
        '/api/cycles/{cid}/candidates/import',
        '/api/candidates/{id}',
      ]),
    )
  })
})
