import type { Kysely } from 'kysely'
import type { DB, Role } from '@ms/db'
import type { DemoFoundation } from '@ms/db/seed'
import { demoSteps } from '../demo/index.js'
import type { Ctx, Deps } from '../shared/context.js'
import type { Auth } from '../shared/access.js'
import * as ballots from '../ballots/ballots.service.js'
import * as projects from '../projects/projects.service.js'
import * as budget from '../budget/budget.service.js'
import * as progress from '../progress/progress.service.js'
import * as supervision from '../supervision/supervision.service.js'
import { changePhase } from '../cycles/cycles.service.js'

/**
 * A township's small-scale cycle for the public portal's roll-up: 东湖镇 votes on 3 candidates
 * (the township congress's deputies, 2 seats), publishes, makes the 2 projects, budgets and
 * pays part of them, files a report and publishes one issue with its answer. The cycle and its
 * candidate rows are inserted (as the ballot demo does, standing in for the cycles API); every
 * later step goes through the features' own service verbs. Accounts: dhz_staff (staff, finance,
 * unit), password as the other demo accounts.
 */
const YEAR = 2025
const WAN = 1_000_000
const TOWN = '东湖镇'
const CANDIDATES = [
  [
    '东湖镇中心小学食堂改造',
    '教育',
    '社会事务办公室',
    120,
    '改造食堂操作间和就餐区，新增200个座位',
  ],
  [
    '湖滨村生活污水收集管网',
    '生态环境',
    '镇村建设办公室',
    260,
    '铺设污水管网3.2公里，接入镇污水处理站',
  ],
  ['老年助餐点（东湖社区）', '养老服务', '社会事务办公室', 45, '为辖区老人提供午餐助餐服务'],
] as const

async function user(
  db: Kysely<DB>,
  hash: string,
  j: { id: string; path: string },
  username: string,
  displayName: string,
  roles: Role[],
): Promise<Auth> {
  const u = await db
    .insertInto('app_user')
    .values({ username, password_hash: hash, display_name: displayName, jurisdiction_id: j.id })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('role_grant')
    .values(roles.map((role) => ({ user_id: u.id, jurisdiction_id: j.id, role })))
    .execute()
  return {
    userId: u.id,
    username,
    displayName,
    sessionId: 'demo-seed',
    via: 'bearer',
    grants: roles.map((role) => ({ jurisdictionId: j.id, role, path: j.path })),
  }
}

export async function seedTownshipDemo(realDeps: Deps, f: DemoFoundation) {
  const { db } = realDeps.database
  const town = await db
    .selectFrom('jurisdiction')
    .select(['id', 'path'])
    .where('name', '=', TOWN)
    .where('id', 'in', f.townshipIds)
    .executeTakeFirst()
  if (!town) return
  const existing = await db
    .selectFrom('cycle')
    .select('id')
    .where('jurisdiction_id', '=', town.id)
    .executeTakeFirst()
  if (existing) return
  let clock = new Date('2025-01-10T01:00:00Z')
  const at = (iso: string) => (clock = new Date(iso))
  const deps: Deps = { ...realDeps, now: () => new Date(clock) }
  const hash = (
    await db
      .selectFrom('app_user')
      .select('password_hash')
      .where('id', '=', f.users.staff!)
      .executeTakeFirstOrThrow()
  ).password_hash
  const ctx = (auth: Auth): Ctx => ({ deps, auth, requestId: 'demo-seed' })

  const unitIds = {
    social: f.units[`${TOWN}/社会事务办公室`] ?? null,
    build: f.units[`${TOWN}/镇村建设办公室`] ?? null,
  }
  const staffAuth = await user(db, hash, town, 'dhz_staff', '东湖镇人大主席团办公室', [
    'staff',
    'finance',
    'unit',
  ])
  if (unitIds.social)
    await db
      .insertInto('unit_account')
      .values({ user_id: staffAuth.userId, unit_id: unitIds.social, jurisdiction_id: town.id })
      .execute()
  if (unitIds.build)
    await db
      .insertInto('unit_account')
      .values({ user_id: staffAuth.userId, unit_id: unitIds.build, jurisdiction_id: town.id })
      .execute()
  const staff = ctx(staffAuth)
  // The township congress's deputies from the foundation; those without an account get one
  // (dhz_deputyNN) so they can cast their ballot; five are added if the township has none.
  const townDeputies = await db
    .selectFrom('deputy')
    .select(['id', 'user_id', 'display_name'])
    .where('jurisdiction_id', '=', town.id)
    .orderBy('display_name')
    .execute()
  const deputies: { auth: Auth; deputyId: string }[] = []
  let n = 0
  for (const d of townDeputies) {
    n++
    if (d.user_id) {
      const u = await db
        .selectFrom('app_user')
        .select(['id', 'username', 'display_name'])
        .where('id', '=', d.user_id)
        .executeTakeFirstOrThrow()
      deputies.push({
        deputyId: d.id,
        auth: {
          userId: u.id,
          username: u.username,
          displayName: u.display_name,
          sessionId: 'demo-seed',
          via: 'bearer',
          grants: [{ jurisdictionId: town.id, role: 'deputy', path: town.path }],
        },
      })
    } else {
      const auth = await user(
        db,
        hash,
        town,
        `dhz_deputy${String(n).padStart(2, '0')}`,
        d.display_name,
        ['deputy'],
      )
      await db.updateTable('deputy').set({ user_id: auth.userId }).where('id', '=', d.id).execute()
      deputies.push({ auth, deputyId: d.id })
    }
  }
  for (let i = deputies.length + 1; i <= 5; i++) {
    const auth = await user(
      db,
      hash,
      town,
      `dhz_deputy${String(i).padStart(2, '0')}`,
      `东湖镇代表${i}`,
      ['deputy'],
    )
    const d = await db
      .insertInto('deputy')
      .values({
        jurisdiction_id: town.id,
        user_id: auth.userId,
        display_name: `东湖镇代表${i}`,
        delegation: null,
        constituency: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    deputies.push({ auth, deputyId: d.id })
  }

  const lockedAt = new Date('2025-01-05T02:00:00Z')
  const cycle = await db
    .insertInto('cycle')
    .values({
      jurisdiction_id: town.id,
      year: YEAR,
      title: `${TOWN}${YEAR}年民生实事项目`,
      seats: 2,
      margin_ratio: '0.2',
      fund_pool_fen: 400 * WAN,
      fund_pool_doc: '东财预〔2025〕3号',
      threshold_basis: 'all',
      ballot_form: 'for_against_abstain',
      phase: 'candidates_locked',
      solicitation_notice: null,
      solicitation_deadline: '2024-12-15',
      candidates_locked_at: lockedAt,
      list_version: 1,
      created_at: new Date('2024-11-20T01:00:00Z'),
      updated_at: lockedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const [i, [title, category, unit, wan, description]] of CANDIDATES.entries()) {
    await db
      .insertInto('candidate')
      .values({
        jurisdiction_id: town.id,
        cycle_id: cycle.id,
        title,
        description,
        category,
        responsible_unit: `${TOWN}${unit}`,
        unit_id: unit === '社会事务办公室' ? unitIds.social : unitIds.build,
        estimate_fen: wan * WAN,
        funding_source: 'local',
        targets: null,
        location: TOWN,
        planned_completion: `${YEAR}-12-31`,
        sort_order: i + 1,
        created_at: lockedAt,
        updated_at: lockedAt,
      })
      .execute()
  }

  const vote = await ballots.createVote(staff, cycle.id, { kind: 'selection' })
  at('2025-01-10T01:10:00Z')
  await ballots.checkIn(
    staff,
    vote.id,
    deputies.map((d) => d.deputyId),
  )
  await ballots.openVote(staff, vote.id)
  const [c0, c1, c2] = vote.candidates.map((c) => c.id) as [string, string, string]
  // Every present deputy votes: c0 and c1 carry a clear majority, c2 does not.
  for (const [i, d] of deputies.entries()) {
    const choices: Record<string, string> = { [c0]: 'for' }
    // At most `seats` (2) may get 赞成.
    choices[c1] = i % 5 === 3 ? 'against' : 'for'
    choices[c2] = i % 5 === 3 ? 'for' : i % 3 === 0 ? 'against' : 'abstain'
    if (choices[c2] === 'abstain') delete choices[c2]
    at(
      `2025-01-10T01:${String(15 + Math.floor(i / 2)).padStart(2, '0')}:${String((i % 2) * 30).padStart(2, '0')}Z`,
    )
    await ballots.castBallot(ctx(d.auth), vote.id, choices)
  }
  at('2025-01-10T01:40:00Z')
  await ballots.closeVote(staff, vote.id)
  await ballots.certifyVote(staff, vote.id)
  at('2025-01-10T02:00:00Z')
  await ballots.publishVote(staff, vote.id)
  at('2025-01-12T02:00:00Z')
  await changePhase(staff, cycle.id, 'implementing')
  const made = await projects.createProjectsFromResult(staff, cycle.id)
  const pids = (made.items as { id: string }[]).map((p) => p.id)

  const money = [
    [120 * WAN, 80 * WAN, '2025-03-20'],
    [260 * WAN, 95 * WAN, '2025-05-15'],
  ] as const
  for (const [i, pid] of pids.entries()) {
    const [amount, paid, date] = money[i] ?? money[0]
    at('2025-02-01T02:00:00Z')
    const line = await budget.createLine(staff, pid, {
      amountFen: amount,
      source: 'local',
      fiscalYear: YEAR,
      subjectCode: '2130505',
      documentNo: '东财预〔2025〕3号',
      note: undefined,
    } as never)
    await budget.approveLine(staff, line.id)
    at(`${date}T02:00:00Z`)
    await budget.recordDisbursement(staff, line.id, {
      date,
      amountFen: paid,
      voucherNo: `DH-2025-${String(i + 1).padStart(4, '0')}`,
      payee: '东湖镇建设工程有限公司',
    } as never)
  }
  at('2025-02-05T02:00:00Z')
  await progress.createMilestone(staff, pids[0]!, { name: '完成设计', plannedDate: '2025-03-31' })
  await progress.createMilestone(staff, pids[0]!, { name: '竣工验收', plannedDate: '2025-09-30' })
  at('2025-06-05T02:00:00Z')
  await progress.fileReport(staff, pids[0]!, {
    period: '2025-05',
    percentComplete: 70,
    narrative: '操作间改造完成，就餐区桌椅已进场安装。',
    investmentToDateFen: 80 * WAN,
  })
  await progress.fileReport(staff, pids[1]!, {
    period: '2025-05',
    percentComplete: 35,
    narrative: '主管网已铺设1.1公里，支管网正在施工。',
    investmentToDateFen: 95 * WAN,
  })
  at('2025-06-10T02:00:00Z')
  const issue = await supervision.raiseIssue(staff, pids[1]!, {
    title: '施工路段夜间照明不足',
    description: '湖滨村施工路段夜间缺少警示灯，群众反映出行不便。',
  } as never)
  await supervision.publishIssue(staff, (issue as { id: string }).id, true)
}

demoSteps.push({
  name: 'public: 东湖镇 small-scale cycle for the portal roll-up',
  run: seedTownshipDemo,
})
