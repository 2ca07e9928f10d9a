import sharp from 'sharp'
import type { TestApp } from '../testing/harness.js'

/**
 * Test-only builders for implementation and supervision: a project needs a cycle, a candidate and
 * a vote, inserted minimally here (the budget/projects features own the real way to make them).
 */
let n = 0

export interface World {
  j: { id: string; path: string; name: string }
  cycleId: string
  voteId: string
  unit: { id: string; name: string }
  staff: { id: string; token: string }
  unitUser: { id: string; token: string }
  deputies: { id: string; token: string; deputyId: string }[]
}

export async function cycle(t: TestApp, jurisdictionId: string, year = 2026) {
  const c = await t.database.db
    .insertInto('cycle')
    .values({
      jurisdiction_id: jurisdictionId,
      // Each world has its own jurisdiction, so the year can stay the one the dates are about.
      year,
      title: `测试年度民生实事${n++}`,
      seats: 3,
      margin_ratio: '0.2',
      fund_pool_fen: 100_000_000,
      threshold_basis: 'all',
      ballot_form: 'for_against_abstain',
      phase: 'implementing',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const v = await t.database.db
    .insertInto('vote')
    .values({
      jurisdiction_id: jurisdictionId,
      cycle_id: c.id,
      kind: 'selection',
      title: '票决',
      state: 'published',
      check_in_code: 'X',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { cycleId: c.id, voteId: v.id }
}

export async function project(
  t: TestApp,
  c: { jurisdictionId: string; cycleId: string; voteId: string },
  opts: {
    title?: string
    unitId?: string | null
    plannedCompletion?: string | null
    category?: string
  } = {},
) {
  const title = opts.title ?? `测试项目${n++}`
  const unitName = opts.unitId
    ? ((
        await t.database.db
          .selectFrom('gov_unit')
          .select('name')
          .where('id', '=', opts.unitId)
          .executeTakeFirst()
      )?.name ?? '局')
    : '未定单位'
  const cand = await t.database.db
    .insertInto('candidate')
    .values({
      jurisdiction_id: c.jurisdictionId,
      cycle_id: c.cycleId,
      title,
      category: opts.category ?? '教育',
      responsible_unit: unitName,
      unit_id: opts.unitId ?? null,
      estimate_fen: 1_000_000,
      funding_source: 'local',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const p = await t.database.db
    .insertInto('project')
    .values({
      jurisdiction_id: c.jurisdictionId,
      cycle_id: c.cycleId,
      candidate_id: cand.id,
      vote_id: c.voteId,
      title,
      category: opts.category ?? '教育',
      responsible_unit: unitName,
      unit_id: opts.unitId ?? null,
      estimate_fen: 1_000_000,
      funding_source: 'local',
      planned_completion:
        opts.plannedCompletion === undefined ? '2026-12-31' : opts.plannedCompletion,
      targets: '新增学位600个',
      rank: n,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return p.id
}

/** A jurisdiction with a unit (and its account), staff, deputies and a cycle in implementation. */
export async function world(
  t: TestApp,
  deputies = 3,
  parent?: { id: string; path: string },
): Promise<World> {
  const j = await t.factory.jurisdiction(parent ? { parent } : {})
  const unit = await t.factory.unit(j, `教育局${n++}`)
  const staff = await t.factory.user(j, ['staff'])
  const unitUser = await t.factory.user(j, ['unit'], { unitId: unit.id })
  const deps = await t.factory.deputies(j, deputies)
  const c = await cycle(t, j.id)
  return { j, cycleId: c.cycleId, voteId: c.voteId, unit, staff, unitUser, deputies: deps }
}

export const projectIn = (t: TestApp, w: World, opts: Parameters<typeof project>[2] = {}) =>
  project(
    t,
    { jurisdictionId: w.j.id, cycleId: w.cycleId, voteId: w.voteId },
    {
      unitId: w.unit.id,
      ...opts,
    },
  )

export const png = (w = 64, h = 48) =>
  sharp({ create: { width: w, height: h, channels: 3, background: { r: 40, g: 110, b: 190 } } })
    .png()
    .toBuffer()
    .then((b) => new Uint8Array(b))

export const jpeg = (w = 64, h = 48) =>
  sharp({ create: { width: w, height: h, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .toBuffer()
    .then((b) => new Uint8Array(b))

export function form(bytes: Uint8Array, type: string, name = 'photo.png', caption?: string) {
  const f = new FormData()
  f.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name)
  if (caption) f.set('caption', caption)
  return f
}
