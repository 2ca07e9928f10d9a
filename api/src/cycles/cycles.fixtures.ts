import type { CyclePhase } from '@ms/db'
import type { TestApp } from '../testing/harness.js'

/**
 * Test builders shared by the cycles, suggestions and candidates tests: a city with two counties,
 * their staff, deputies and unit accounts, and helpers that go through the API.
 */
export async function world(t: TestApp) {
  const city = await t.factory.jurisdiction({ name: '测试市' })
  const county = await t.factory.jurisdiction({ name: '甲县', parent: city })
  const other = await t.factory.jurisdiction({ name: '乙县', parent: city })
  const edu = await t.factory.unit(county, '甲县教育局')
  const health = await t.factory.unit(county, '甲县卫生健康局')
  const otherUnit = await t.factory.unit(other, '乙县教育局')
  const [staff, cityStaff, otherStaff, deputy, deputy2, finance, unitUser, admin] =
    await Promise.all([
      t.factory.user(county, ['staff']),
      t.factory.user(city, ['staff']),
      t.factory.user(other, ['staff']),
      t.factory.user(county, ['deputy'], { displayName: '王代表' }),
      t.factory.user(county, ['deputy'], { displayName: '李代表' }),
      t.factory.user(county, ['finance']),
      t.factory.user(county, ['unit'], { unitId: edu.id }),
      t.factory.user(county, ['admin']),
    ])
  return {
    city,
    county,
    other,
    edu,
    health,
    otherUnit,
    staff,
    cityStaff,
    otherStaff,
    deputy,
    deputy2,
    finance,
    unitUser,
    admin,
  }
}
export type World = Awaited<ReturnType<typeof world>>

let years = 2030
/** A fresh year per cycle, so tests in one file never collide on (jurisdiction, year). */
export const nextYear = () => years++

export async function createCycle(
  t: TestApp,
  token: string,
  jid: string,
  overrides: Record<string, unknown> = {},
) {
  const r = await t.call('POST', `/api/jurisdictions/${jid}/cycles`, {
    token,
    body: {
      year: nextYear(),
      title: '年度民生实事项目',
      seats: 10,
      marginRatio: 0.2,
      fundPoolFen: 1_000_000_000,
      thresholdBasis: 'all',
      ballotForm: 'for_against_abstain',
      ...overrides,
    },
  })
  if (r.status !== 201) throw new Error(`createCycle: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body as { id: string; year: number; requiredCandidates: number; phase: CyclePhase }
}

export const candidateBody = (
  unit: string,
  i: number,
  overrides: Record<string, unknown> = {},
) => ({
  title: `候选项目${i}`,
  description: `项目${i}的主要内容`,
  category: 'education',
  responsibleUnit: unit,
  estimateFen: 300_000_000 + i,
  fundingSource: 'local',
  ...overrides,
})

export async function addCandidates(
  t: TestApp,
  token: string,
  cid: string,
  unit: string,
  n: number,
  from = 1,
) {
  const ids: string[] = []
  for (let i = from; i < from + n; i++) {
    const r = await t.call('POST', `/api/cycles/${cid}/candidates`, {
      token,
      body: candidateBody(unit, i),
    })
    if (r.status !== 201) throw new Error(`addCandidates: ${r.status} ${JSON.stringify(r.body)}`)
    ids.push(r.body.id)
  }
  return ids
}

/** Sets a phase directly (e.g. voting, which only the ballot feature reaches). */
export async function forcePhase(t: TestApp, cid: string, phase: CyclePhase) {
  await t.database.db.updateTable('cycle').set({ phase }).where('id', '=', cid).execute()
}

export async function auditRows(t: TestApp, entityId: string) {
  return t.database.db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity_id', '=', entityId)
    .orderBy('seq')
    .execute()
}

export const publicBody = (overrides: Record<string, unknown> = {}) => ({
  title: '小区门口增设红绿灯',
  category: 'transport',
  location: '城关镇幸福路与建设路交叉口',
  reason: '上下学高峰车流量大，学生过马路不安全。',
  contact: '张女士 13800001234',
  website: '',
  fillMs: 45_000,
  ...overrides,
})
