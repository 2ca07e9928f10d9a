import type { Kysely } from 'kysely'
import type { DB } from '@ms/db'
import type { DemoFoundation } from '@ms/db/seed'
import { demoSteps } from '../demo/index.js'
import type { Ctx, Deps } from '../shared/context.js'
import type { Auth } from '../shared/access.js'
import { listProjects, type ProjectForDownstream } from '../projects/projects.exports.js'
import { progressSummaries, type ProjectStatus } from '../progress/progress.exports.js'
import { changePhase } from '../cycles/cycles.service.js'
import * as ballots from '../ballots/ballots.evaluation-exports.js'
import * as evaluation from './evaluation.service.js'
import { addDays, chinaDate } from './evaluation.rules.js'

/**
 * Demo step for phase 9 (满意度测评): after the progress step, 示例市's 2025 projects are rated at
 * the congress session in January 2026. Everything goes through the service verbs: the cycle
 * moves to implementing (cycles), the evaluation is created with the 150 city deputies on the
 * roster, 142 check in, 140 rate every project through the ballot's castBallot (how each project
 * is rated follows how it went — finished projects mostly 满意, the seriously lagging one far
 * less, so it falls under the 80 % threshold), and it is closed, certified and published, which
 * opens the rectification item (整改) for that project's unit; staff then set its deadline and
 * requirement (交办). The receipts are thrown away: nobody holds them.
 */
const SESSION_DAY = '2026-01-14'

/** Shares of 满意 / 基本满意 / 不满意 (the rest 弃权) by how the project stood at the session. */
const PROFILE: Record<ProjectStatus, [number, number, number]> = {
  completed: [0.63, 0.3, 0.04],
  on_track: [0.49, 0.39, 0.08],
  lagging: [0.36, 0.47, 0.13],
  seriously_lagging: [0.17, 0.45, 0.33],
  not_started: [0.12, 0.4, 0.42],
}

/** A small seeded generator (mulberry32), so every install gets the same result. */
function rng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = a
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

async function authOf(db: Kysely<DB>, userId: string): Promise<Auth> {
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow()
  const grants = await db
    .selectFrom('role_grant')
    .innerJoin('jurisdiction', 'jurisdiction.id', 'role_grant.jurisdiction_id')
    .select(['role_grant.jurisdiction_id', 'role_grant.role', 'jurisdiction.path'])
    .where('role_grant.user_id', '=', userId)
    .execute()
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    sessionId: 'demo-seed',
    via: 'bearer',
    grants: grants.map((g) => ({ jurisdictionId: g.jurisdiction_id, role: g.role, path: g.path })),
  }
}

async function cycleWithProjects(db: Kysely<DB>, cityId: string) {
  const cycles = await db
    .selectFrom('cycle')
    .select(['id', 'year', 'phase'])
    .where('jurisdiction_id', '=', cityId)
    .orderBy('year', 'desc')
    .execute()
  for (const c of cycles) {
    const projects = await listProjects(db, c.id)
    if (projects.length) return { cycle: c, projects }
  }
  return undefined
}

export async function seedEvaluationDemo(realDeps: Deps, f: DemoFoundation) {
  const { db } = realDeps.database
  const found = await cycleWithProjects(db, f.cityId)
  if (!found || !['voting', 'implementing'].includes(found.cycle.phase)) {
    realDeps.logger.info('demo seed: evaluation skipped (no cycle with projects to evaluate)')
    return
  }
  const { cycle, projects } = found
  const realNow = realDeps.now()
  const today = chinaDate(realNow)
  const day = SESSION_DAY <= today ? SESSION_DAY : today
  let clock = new Date(`${day}T00:20:00Z`)
  const at = (hhmm: string) => (clock = new Date(`${day}T${hhmm}:00Z`))
  const tick = (ms: number) => (clock = new Date(clock.getTime() + ms))
  const deps: Deps = { ...realDeps, now: () => new Date(clock) }
  const staff: Ctx = { deps, auth: await authOf(db, f.users['staff']!), requestId: 'demo-seed' }

  // The year's work is done: the cycle moves on to implementation's end and the evaluation.
  if (cycle.phase === 'voting') await changePhase(staff, cycle.id, 'implementing')

  // How each project stood (the progress step's story), for realistic ratings.
  const status = await progressSummaries(db, projects, realNow)
  const statusOf = (p: ProjectForDownstream): ProjectStatus =>
    status.get(p.id)?.status ?? 'completed'

  const e = await evaluation.createEvaluation(staff, cycle.id, {
    title: `示例市${cycle.year}年民生实事项目满意度测评`,
  })
  const deputies = await db
    .selectFrom('deputy')
    .innerJoin('app_user', 'app_user.id', 'deputy.user_id')
    .select(['deputy.id as deputyId', 'app_user.id as userId', 'app_user.username'])
    .where('deputy.id', 'in', f.deputyIds)
    .orderBy('app_user.username')
    .execute()
  // deputy001 … deputy142 check in; the last eight are away. 140 rate (two present do not).
  const present = deputies.slice(0, 142)
  at('00:40')
  await ballots.checkIn(
    staff,
    e.id,
    present.map((d) => d.deputyId),
  )
  at('01:00')
  await evaluation.openEvaluation(staff, e.id)

  const random = rng(20260114)
  const voters = present.filter((_, i) => i !== 57 && i !== 118)
  for (const d of voters) {
    tick(1200 + Math.floor(random() * 2500))
    const ratings: Record<string, string> = {}
    for (const p of projects) {
      const [s, b, dis] = PROFILE[statusOf(p)]
      const r = random()
      ratings[p.id] =
        r < s ? 'satisfied' : r < s + b ? 'basically' : r < s + b + dis ? 'dissatisfied' : 'abstain'
    }
    const ctx: Ctx = { deps, auth: await authOf(db, d.userId), requestId: 'demo-seed' }
    await evaluation.castEvaluationBallot(ctx, e.id, ratings)
  }
  at('01:45')
  await evaluation.closeEvaluation(staff, e.id)
  at('02:05')
  await evaluation.certifyEvaluation(staff, e.id)
  at('02:20')
  await evaluation.publishEvaluation(staff, e.id)

  // 交办: staff set the deadline (two months from today, so the demo is never stale) and the
  // requirement of each item.
  const items = await evaluation.listCycleRectifications(staff, cycle.id, {})
  tick(3_600_000)
  for (const item of items.items)
    await evaluation.actOnRectification(staff, item.id, 'assign', {
      deadline: addDays(today, 60),
      requirement: `测评满意率${item.ratePercent}%，低于整改线。请${item.responsibleUnit}针对代表意见制定整改方案，限期整改并书面报告整改情况。`,
    })
}

demoSteps.push({
  name: 'evaluation: 2025 projects rated by 140 deputies, certified, published, rectification',
  run: seedEvaluationDemo,
})
