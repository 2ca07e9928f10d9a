import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { evaluationWorld, handBallots } from './evaluation.fixtures.js'

/**
 * Publishing an evaluation tells the responsible unit's accounts of each rectification item it
 * opens (decisions 047 and 052), in the publish transaction, and nobody else.
 */
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  t.clock.now = new Date('2026-11-22T04:00:00Z')
})
afterAll(async () => {
  await t?.close()
})

interface N {
  kind: string
  title: string
  body: string
  projectId: string | null
  params: Record<string, unknown> | null
}

describe('rectification notices', () => {
  it("tell the unit's users of each item opened by publication, and no one else", async () => {
    const w = await evaluationWorld(t)
    const [, p1, p2] = w.projectIds as [string, string, string]
    // A second account of the same unit is told too.
    const colleague = await t.factory.user(w.j, ['unit'], { unitId: w.unit.id })
    const titles = new Map(
      (await t.database.db.selectFrom('project').select(['id', 'title']).execute()).map((p) => [
        p.id,
        p.title,
      ]),
    )
    const eid = await w.openEvaluation()
    for (const [i, b] of handBallots(w.projectIds).entries()) await w.rate(eid, w.deputies[i]!, b)
    for (const step of ['close', 'certify'])
      await w.api('POST', `/api/evaluations/${eid}/${step}`, w.staff.token)
    const rectNotices = async (token: string) =>
      ((await t.call('GET', '/api/notifications?limit=100', { token })).body.items as N[]).filter(
        (n) => n.kind === 'rectification_opened',
      )
    expect(await rectNotices(w.unitUser.token)).toEqual([])

    await w.api('POST', `/api/evaluations/${eid}/publish`, w.staff.token)
    const deadline = '2027-02-20' // 90 days after 2026-11-22 (China time)
    for (const user of [w.unitUser, colleague]) {
      const got = await rectNotices(user.token)
      const byProject = new Map(got.map((n) => [n.projectId, n]))
      // p1 is below 80 % (60.0 %), p2 graded 不满意 (40.0 %); p0 (80.0 %, 满意) opens nothing.
      expect([...byProject.keys()].sort()).toEqual([p1, p2].sort())
      expect(got).toHaveLength(2)
      expect(byProject.get(p1)!.params).toEqual({
        projectTitle: titles.get(p1),
        grade: 'basically',
        ratePercent: '60.0',
        belowThreshold: true,
        deadline,
      })
      expect(byProject.get(p1)!.title).toBe(
        `满意度测评整改：${titles.get(p1)}，请于${deadline}前整改`,
      )
      expect(byProject.get(p1)!.body).toBe('测评结果基本满意，满意率60.0%，低于满意度标准')
      expect(byProject.get(p2)!.params).toMatchObject({
        grade: 'dissatisfied',
        ratePercent: '40.0',
      })
      expect(byProject.get(p2)!.body).toBe('测评结果不满意，满意率40.0%，低于满意度标准')
    }
    // Another unit of the jurisdiction, staff and the deputies are not told.
    for (const user of [w.otherUnitUser, w.staff, ...w.deputies])
      expect(await rectNotices(user.token)).toEqual([])
  })
})
