import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { BallotFactory } from '../ballots/ballots.factory.js'
import { publishedCycle } from './projects.fixtures.js'
import { findProject, listProjects } from './projects.exports.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const NIL = '00000000-0000-4000-8000-000000000000'

describe('projects from the published result', () => {
  it('makes one project per selected candidate, copying the candidate and the vote figures, and changes nothing when re-run', async () => {
    const s = await publishedCycle(t)
    const [c0, c1, c2] = s.candidateIds
    const r = await t.call('POST', `/api/cycles/${s.cycleId}/projects/from-result`, {
      token: s.staff.token,
    })
    expect(r.status).toBe(200)
    expect(r.body.created).toBe(3)
    expect(r.body.items.map((p: { candidateId: string }) => p.candidateId)).toEqual([c0, c1, c2])
    expect(r.body.items[0]).toMatchObject({
      cycleId: s.cycleId,
      jurisdictionId: s.j.id,
      voteId: s.voteId,
      title: '免费接种乙肝疫苗',
      responsibleUnit: '市民政局',
      estimateFen: 100_000_000,
      fundingSource: 'local',
      rank: 1,
      votesFor: 5,
    })
    expect(
      r.body.items.map((p: { rank: number; votesFor: number }) => [p.rank, p.votesFor]),
    ).toEqual([
      [1, 5],
      [2, 4],
      [3, 3],
    ])

    const again = await t.call('POST', `/api/cycles/${s.cycleId}/projects/from-result`, {
      token: s.staff.token,
    })
    expect(again.status).toBe(200)
    expect(again.body.created).toBe(0)
    expect(again.body.items).toEqual(r.body.items)

    // Audited once, for the run that created something.
    const log = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('jurisdiction_id', '=', s.j.id)
      .where('action', '=', 'project.create_from_result')
      .execute()
    expect(log).toHaveLength(1)

    // The downstream contract sees the same projects.
    expect((await listProjects(t.database.db, s.cycleId)).map((p) => p.candidateId)).toEqual([
      c0,
      c1,
      c2,
    ])
    expect(await findProject(t.database.db, r.body.items[0].id)).toMatchObject({
      rank: 1,
      votesFor: 5,
    })
  })

  it('refuses with 409 RESULT_NOT_PUBLISHED while the result is not published', async () => {
    const B = new BallotFactory(t)
    const s = await B.scenario({ deputies: 2 })
    const r = await t.call('POST', `/api/cycles/${s.cycle.id}/projects/from-result`, {
      token: s.staff.token,
    })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('RESULT_NOT_PUBLISHED')
  })

  it('runs only for staff of the jurisdiction', async () => {
    const s = await publishedCycle(t)
    const forFinance = await t.call('POST', `/api/cycles/${s.cycleId}/projects/from-result`, {
      token: s.finance.token,
    })
    expect(forFinance.status).toBe(403)
    const other = await t.factory.jurisdiction()
    const foreignStaff = await t.factory.user(other, ['staff'])
    const foreign = await t.call('POST', `/api/cycles/${s.cycleId}/projects/from-result`, {
      token: foreignStaff.token,
    })
    expect(foreign.status).toBe(404)
    expect((await t.call('POST', `/api/cycles/${s.cycleId}/projects/from-result`)).status).toBe(401)
  })
})

describe('reading projects', () => {
  it('lets staff, finance, units and deputies of the jurisdiction read, and staff of the city above; 404 across jurisdictions', async () => {
    const city = await t.factory.jurisdiction()
    const s = await publishedCycle(t, { parent: city })
    await t.call('POST', `/api/cycles/${s.cycleId}/projects/from-result`, { token: s.staff.token })
    const unit = await t.factory.unit(s.j)
    const unitUser = await t.factory.user(s.j, ['unit'], { unitId: unit.id })
    const cityStaff = await t.factory.user(city, ['staff'])
    const cityDeputy = await t.factory.user(city, ['deputy'])
    const teller = await t.factory.user(s.j, ['teller'])
    const strangerJ = await t.factory.jurisdiction()
    const stranger = await t.factory.user(strangerJ, ['staff', 'finance'])

    const list = await t.call('GET', `/api/cycles/${s.cycleId}/projects`, { token: s.staff.token })
    expect(list.status).toBe(200)
    expect(list.body.items).toHaveLength(3)
    const pid = list.body.items[0].id

    for (const token of [
      s.staff.token,
      s.finance.token,
      unitUser.token,
      s.deputies[0]!.token,
      cityStaff.token,
    ]) {
      expect((await t.call('GET', `/api/cycles/${s.cycleId}/projects`, { token })).status).toBe(200)
      const one = await t.call('GET', `/api/projects/${pid}`, { token })
      expect(one.status).toBe(200)
      expect(one.body.id).toBe(pid)
    }
    // Seeing the jurisdiction without a reading role: 403; not seeing it at all: 404.
    expect((await t.call('GET', `/api/projects/${pid}`, { token: teller.token })).status).toBe(403)
    expect((await t.call('GET', `/api/projects/${pid}`, { token: cityDeputy.token })).status).toBe(
      403,
    )
    expect((await t.call('GET', `/api/projects/${pid}`, { token: stranger.token })).status).toBe(
      404,
    )
    expect(
      (await t.call('GET', `/api/cycles/${s.cycleId}/projects`, { token: stranger.token })).status,
    ).toBe(404)
    expect((await t.call('GET', `/api/projects/${pid}`)).status).toBe(401)
  })

  it('answers unknown and malformed ids with 404', async () => {
    const s = await publishedCycle(t)
    for (const path of [
      `/api/projects/${NIL}`,
      '/api/projects/not-an-id',
      `/api/cycles/${NIL}/projects`,
      "/api/cycles/1'or'1/projects",
    ]) {
      const r = await t.call('GET', path, { token: s.staff.token })
      expect([path, r.status]).toEqual([path, 404])
      expect(r.body.error.code).toBe('NOT_FOUND')
    }
    const r = await t.call('POST', `/api/cycles/${NIL}/projects/from-result`, {
      token: s.staff.token,
    })
    expect(r.status).toBe(404)
  })
})
