import type { Kysely } from 'kysely'
import type { DB } from '@ms/db'
import type { DemoFoundation } from '@ms/db/seed'
import { demoSteps } from '../demo/index.js'
import type { Ctx, Deps } from '../shared/context.js'
import type { Auth } from '../shared/access.js'
import { findCycle } from '../cycles/cycles.exports.js'
import * as ballots from './ballots.service.js'

/**
 * Demo step for phases 5–6: 示例市's 2025 cycle, voted at the congress session in January 2025.
 * The cycle and its 12 candidates (names from lists real congresses published, see
 * shared/data/published-projects.md) are inserted as they stood when the list was locked — the
 * cycle feature's own demo runs the 2026 cycle through phases 1–4 — and everything from the vote
 * on goes through the ballot service: a selection vote with the 150 city deputies on the roster,
 * 140 checked in, 138 ballots cast through castBallot with varied choices, closed, certified and
 * published. The receipts are thrown away: nobody holds them.
 */

const WAN = 1_000_000 // fen per 万元
const YEAR = 2025

/** title, category, unit, 万元, and how popular it is with the deputies (share of 赞成). */
const CANDIDATES: [string, string, string, number, number, string][] = [
  [
    '免费接种乙肝疫苗',
    'health',
    '卫生健康委员会',
    85,
    0.95,
    '为全市18周岁以上未完成全程接种的常住居民免费接种乙肝疫苗。',
  ],
  [
    '老年幸福餐桌',
    'elderly',
    '民政局',
    150,
    0.93,
    '在城乡社区建设老年助餐点，为高龄、独居老人提供助餐服务。',
  ],
  [
    '增加婴幼儿托育托位数量',
    'childcare',
    '卫生健康委员会',
    120,
    0.9,
    '新增普惠性托育托位，支持社区嵌入式托育点建设。',
  ],
  [
    '公办中小学教室（功能室）空调配置',
    'education',
    '教育局',
    180,
    0.88,
    '为公办中小学普通教室和功能室配置空调并增容电力。',
  ],
  [
    '改善农村出行条件',
    'transport',
    '交通运输局',
    240,
    0.86,
    '实施农村公路提质改造和农村客运站点建设。',
  ],
  [
    '关爱困难妇女宫颈癌和乳腺癌救助计划',
    'health',
    '卫生健康委员会',
    60,
    0.83,
    '为困难妇女提供两癌筛查和患病救助。',
  ],
  [
    '户外劳动者服务站（工会驿站）建设',
    'employment',
    '人力资源和社会保障局',
    40,
    0.8,
    '为环卫工人、快递员等户外劳动者建设歇脚服务站点。',
  ],
  [
    '精神障碍患者社区康复服务',
    'health',
    '卫生健康委员会',
    60,
    0.76,
    '建设社区精神康复服务站，开展康复训练与家属支持。',
  ],
  [
    '0—6岁孤独症谱系障碍儿童数字疗法干预',
    'health',
    '卫生健康委员会',
    55,
    0.72,
    '为0—6岁孤独症儿童提供数字疗法干预和康复指导。',
  ],
  [
    '免费残疾评定和困难家庭残疾儿童康复补助',
    'other',
    '民政局',
    70,
    0.69,
    '免费开展残疾评定，为困难家庭残疾儿童发放康复训练生活补助。',
  ],
  [
    '城区排水提质增效',
    'environment',
    '水务局',
    260,
    0.46,
    '开展城区雨污分流改造，治理易涝积水点。',
  ],
  [
    '困难老人家庭适老化改造',
    'elderly',
    '民政局',
    72,
    0.33,
    '为特殊困难老年人家庭实施居家适老化改造。',
  ],
]

/** What each 2025 project committed to deliver (the year-end report sets it against the result). */
const TARGETS: Record<string, string> = {
  免费接种乙肝疫苗: '为符合条件的常住居民免费接种乙肝疫苗5万人次；全程接种率达到90%以上。',
  老年幸福餐桌: '新建社区老年助餐点60个；全年为高龄、独居老人提供助餐服务30万人次。',
  增加婴幼儿托育托位数量: '新增普惠性托育托位800个；建成社区嵌入式托育点10个。',
  '公办中小学教室（功能室）空调配置':
    '为120所公办中小学3000间普通教室和功能室配置空调；同步完成电力增容。',
  改善农村出行条件: '提质改造农村公路120公里；新建、改造农村客运候车亭50个。',
  关爱困难妇女宫颈癌和乳腺癌救助计划:
    '为1000名患宫颈癌、乳腺癌的困难妇女发放救助金，当年发放到位。',
  '户外劳动者服务站（工会驿站）建设':
    '新建户外劳动者服务站50个，提供休息、饮水、加热、如厕等服务。',
  精神障碍患者社区康复服务: '建成精神障碍社区康复服务站点15个；服务患者1500人以上。',
  '0—6岁孤独症谱系障碍儿童数字疗法干预':
    '为300名0—6岁孤独症谱系障碍儿童提供数字疗法干预，建立评估随访档案。',
  免费残疾评定和困难家庭残疾儿童康复补助:
    '免费开展残疾评定2000人次；为500名困难家庭残疾儿童发放康复补助。',
  城区排水提质增效: '改造雨污混接点位40处；新建、改造排水管网5公里；消除易涝积水点6处。',
  困难老人家庭适老化改造: '为1000户困难老人家庭实施居家适老化改造。',
}

/** A small seeded generator (mulberry32), so the demo result is the same on every install. */
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

function authOf(
  user: { id: string; username: string; display_name: string },
  grants: Auth['grants'],
): Auth {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    sessionId: 'demo-seed',
    via: 'bearer',
    grants,
  }
}

async function insertLockedCycle(db: Kysely<DB>, f: DemoFoundation, lockedAt: Date) {
  const cycle = await db
    .insertInto('cycle')
    .values({
      jurisdiction_id: f.cityId,
      year: YEAR,
      title: `示例市${YEAR}年民生实事项目`,
      seats: 10,
      margin_ratio: '0.2',
      fund_pool_fen: 1000 * WAN,
      fund_pool_doc: '示财预〔2024〕91号',
      threshold_basis: 'all',
      ballot_form: 'for_against_abstain',
      phase: 'candidates_locked',
      solicitation_notice: null,
      solicitation_deadline: '2024-11-15',
      candidates_locked_at: lockedAt,
      list_version: 1,
      created_at: new Date('2024-10-08T01:00:00Z'),
      updated_at: lockedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const [i, [title, category, unit, wan, , description]] of CANDIDATES.entries()) {
    await db
      .insertInto('candidate')
      .values({
        jurisdiction_id: f.cityId,
        cycle_id: cycle.id,
        title,
        description,
        category,
        responsible_unit: `示例市${unit}`,
        unit_id: f.units[`示例市/${unit}`] ?? null,
        estimate_fen: wan * WAN,
        funding_source: i % 4 === 3 ? 'transfer' : 'local',
        targets: TARGETS[title] ?? null,
        location: null,
        planned_completion: `${YEAR}-12-31`,
        sort_order: i + 1,
        created_at: lockedAt,
        updated_at: lockedAt,
      })
      .execute()
  }
  return cycle.id
}

async function seedBallotDemo(deps: Deps, f: DemoFoundation) {
  const { db } = deps.database
  const existing = await db
    .selectFrom('cycle')
    .select('id')
    .where('jurisdiction_id', '=', f.cityId)
    .where('year', '=', YEAR)
    .executeTakeFirst()
  if (existing) return
  // The session day: 2025-01-15, Beijing morning; each action moves the clock on a little.
  let clock = new Date('2025-01-15T00:30:00Z')
  const at = (iso: string) => (clock = new Date(iso))
  const tick = (ms: number) => (clock = new Date(clock.getTime() + ms))
  const timed: Deps = { ...deps, now: () => new Date(clock) }
  const cycleId = await insertLockedCycle(db, f, new Date('2024-12-20T02:00:00Z'))
  const cycle = await findCycle(db, cycleId)
  if (!cycle) return

  const city = await db
    .selectFrom('jurisdiction')
    .select(['id', 'path'])
    .where('id', '=', f.cityId)
    .executeTakeFirstOrThrow()
  const staffUser = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name'])
    .where('id', '=', f.users.staff!)
    .executeTakeFirstOrThrow()
  const staff: Ctx = {
    deps: timed,
    auth: authOf(staffUser, [{ jurisdictionId: city.id, role: 'staff', path: city.path }]),
    requestId: 'demo-seed',
  }

  const vote = await ballots.createVote(staff, cycleId, { kind: 'selection' })
  // 150 entitled; 10 on leave (every 15th deputy) → 140 present.
  const deputies = await db
    .selectFrom('deputy')
    .innerJoin('app_user', 'app_user.id', 'deputy.user_id')
    .select(['deputy.id as deputyId', 'app_user.id', 'app_user.username', 'app_user.display_name'])
    .where('deputy.id', 'in', f.deputyIds)
    .orderBy('app_user.username')
    .execute()
  const present = deputies.filter((_, i) => i % 15 !== 14)
  at('2025-01-15T00:40:00Z')
  await ballots.checkIn(
    staff,
    vote.id,
    present.map((d) => d.deputyId),
  )
  at('2025-01-15T01:05:00Z')
  await ballots.openVote(staff, vote.id)

  const random = rng(20250115)
  // Two deputies present do not vote (a phone left in the car, a call from home).
  const voters = present.filter((_, i) => i !== 17 && i !== 101)
  for (const d of voters) {
    tick(1500 + Math.floor(random() * 2000))
    let approvals = 0
    const choices: Record<string, string> = {}
    for (const [i, c] of vote.candidates.entries()) {
      const popularity = CANDIDATES[i]![4]
      const r = random()
      if (r < popularity && approvals < vote.rules.maxApprovals) {
        choices[c.id] = 'for'
        approvals++
      } else if (r < popularity + (1 - popularity) * 0.55) choices[c.id] = 'against'
      // Otherwise unmarked: 弃权.
    }
    const ctx: Ctx = {
      deps: timed,
      auth: authOf(d, [{ jurisdictionId: city.id, role: 'deputy', path: city.path }]),
      requestId: 'demo-seed',
    }
    await ballots.castBallot(ctx, vote.id, choices)
  }
  at('2025-01-15T01:40:00Z')
  await ballots.closeVote(staff, vote.id)
  at('2025-01-15T02:10:00Z')
  await ballots.certifyVote(staff, vote.id)
  at('2025-01-15T02:30:00Z')
  await ballots.publishVote(staff, vote.id)
}

demoSteps.push({
  name: 'ballots: 2025 selection vote, cast, certified, published',
  run: seedBallotDemo,
})
export { seedBallotDemo }
