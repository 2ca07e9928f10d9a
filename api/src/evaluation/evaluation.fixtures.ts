import type { TestApp } from '../testing/harness.js'
import { cycleWithProjects } from '../projects/projects.fixtures.js'
import type { DeputyLogin } from '../ballots/ballots.factory.js'

/**
 * Test data for the evaluation: the projects fixture (a cycle whose selection vote was published
 * through the ballot API and made into 3 projects, 5 deputies), a responsible unit with a login
 * for every project (a direct write standing in for the projects feature), and the cycle moved to
 * implementing through the cycles API.
 */
export async function evaluationWorld(t: TestApp) {
  const s = await cycleWithProjects(t)
  const unit = await t.factory.unit(s.j, '市民政局')
  const unitUser = await t.factory.user(s.j, ['unit'], { unitId: unit.id })
  const otherUnit = await t.factory.unit(s.j, '市教育局')
  const otherUnitUser = await t.factory.user(s.j, ['unit'], { unitId: otherUnit.id })
  await t.database.db
    .updateTable('project')
    .set({ unit_id: unit.id, responsible_unit: unit.name })
    .where('cycle_id', '=', s.cycleId)
    .execute()
  await s.B.api('POST', `/api/cycles/${s.cycleId}/phase`, s.staff.token, { to: 'implementing' })
  const api = s.B.api.bind(s.B)
  /** Creates, checks everyone in and opens an evaluation of all projects. */
  const openEvaluation = async (body: Record<string, unknown> = {}) => {
    const e = await api('POST', `/api/cycles/${s.cycleId}/evaluations`, s.staff.token, body)
    await api('POST', `/api/votes/${e.id}/check-ins`, s.staff.token, {
      deputyIds: s.deputies.map((d) => d.deputyId),
    })
    await api('POST', `/api/evaluations/${e.id}/open`, s.staff.token)
    return e.id as string
  }
  const rate = (eid: string, d: DeputyLogin, ratings: Record<string, string>) =>
    t.call('POST', `/api/evaluations/${eid}/ballots`, { token: d.token, body: { ratings } })
  return { ...s, unit, unitUser, otherUnit, otherUnitUser, api, openEvaluation, rate }
}

/**
 * The hand-calculated ballots of the API tests (5 deputies, basis all members: half is 2.5):
 *   p0 满意 3, 基本满意 1, 不满意 1 → rate 4/5 = 80.0 %, 满意 (3 reaches 2.5); not below 80 %
 *   p1 基本满意 3, 不满意 1, 弃权 1 → rate 3/5 = 60.0 %, 基本满意 (0 + 3 reaches 2.5); below → 整改
 *   p2 满意 1, 基本满意 1, 不满意 3 → rate 2/5 = 40.0 %, 不满意 (1 + 1 < 2.5) → 整改
 */
export function handBallots([p0, p1, p2]: string[]) {
  return [
    { [p0!]: 'satisfied', [p1!]: 'basically', [p2!]: 'dissatisfied' },
    { [p0!]: 'satisfied', [p1!]: 'basically', [p2!]: 'dissatisfied' },
    { [p0!]: 'satisfied', [p1!]: 'basically', [p2!]: 'dissatisfied' },
    { [p0!]: 'basically', [p1!]: 'dissatisfied', [p2!]: 'satisfied' },
    { [p0!]: 'dissatisfied', [p2!]: 'basically' },
  ]
}
