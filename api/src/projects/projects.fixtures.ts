import type { TestApp } from '../testing/harness.js'
import { BallotFactory, type Jur } from '../ballots/ballots.factory.js'

/**
 * Test data for projects and budget: a jurisdiction with staff, finance, unit and deputy accounts
 * and a cycle whose selection vote ran through the ballot API to a published result. The cycle
 * row is inserted by the ballot factory (standing in for the cycles API) and moved to year 2025.
 *
 * Ballots (5 deputies, 3 seats, 5 candidates): 赞成 c0 5, c1 4, c2 3, c3 1, c4 0 → c0, c1, c2
 * selected in that rank order.
 */
export async function publishedCycle(t: TestApp, opts: { parent?: Jur; year?: number } = {}) {
  const B = new BallotFactory(t)
  const j = await t.factory.jurisdiction(opts.parent ? { parent: opts.parent } : {})
  const staff = await t.factory.user(j, ['staff'])
  const finance = await t.factory.user(j, ['finance'])
  const deputies = await B.deputies(j, 5)
  const cycle = await B.cycle(j, { seats: 3, candidates: 5 })
  const year = opts.year ?? 2025
  await t.database.db.updateTable('cycle').set({ year }).where('id', '=', cycle.id).execute()
  const [c0, c1, c2, c3] = cycle.candidateIds as [string, string, string, string]
  const vote = await B.api('POST', `/api/cycles/${cycle.id}/votes`, staff.token, {
    kind: 'selection',
  })
  await B.api('POST', `/api/votes/${vote.id}/check-ins`, staff.token, {
    deputyIds: deputies.map((d) => d.deputyId),
  })
  await B.api('POST', `/api/votes/${vote.id}/open`, staff.token)
  const ballots = [
    { [c0]: 'for', [c1]: 'for', [c2]: 'for' },
    { [c0]: 'for', [c1]: 'for', [c2]: 'for' },
    { [c0]: 'for', [c1]: 'for', [c2]: 'for' },
    { [c0]: 'for', [c1]: 'for', [c3]: 'for' },
    { [c0]: 'for' },
  ]
  for (const [i, b] of ballots.entries()) {
    const r = await B.cast(vote.id, deputies[i]!, b)
    if (r.status !== 201) throw new Error(`ballot: ${r.status} ${JSON.stringify(r.body)}`)
  }
  await B.api('POST', `/api/votes/${vote.id}/close`, staff.token)
  await B.api('POST', `/api/votes/${vote.id}/certify`, staff.token)
  await B.api('POST', `/api/votes/${vote.id}/publish`, staff.token)
  return {
    j,
    staff,
    finance,
    deputies,
    cycleId: cycle.id,
    year,
    voteId: vote.id as string,
    candidateIds: cycle.candidateIds,
    B,
  }
}

/** The same, with the projects made from the result; `projectIds` in rank order. */
export async function cycleWithProjects(t: TestApp, opts: { parent?: Jur; year?: number } = {}) {
  const s = await publishedCycle(t, opts)
  const r = await s.B.api('POST', `/api/cycles/${s.cycleId}/projects/from-result`, s.staff.token)
  return { ...s, projectIds: (r.items as { id: string }[]).map((p) => p.id) }
}
