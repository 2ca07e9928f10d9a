import type { Kysely } from 'kysely'
import type { DB } from '@ms/db'
import { DEMO_PASSWORD, type DemoFoundation } from '@ms/db/seed'
import { demoSteps } from '../demo/index.js'
import type { Ctx, Deps } from '../shared/context.js'
import type { Auth } from '../shared/access.js'
import { listProjects, type ProjectForDownstream } from '../projects/projects.exports.js'
import { createUser } from '../jurisdictions/jurisdictions.service.js'
import * as progress from './progress.service.js'
import * as supervision from '../supervision/supervision.service.js'
import { generatePng } from './progress.photos.js'
import { addMonths, chinaToday } from './progress.rules.js'

/**
 * Demo step for phase 8 (实施与监督) on the projects the budget step made from 示例市's published
 * vote: milestones and monthly reports from the responsible units (a few with generated photos),
 * supervision groups of city deputies (deputy001 leads two), inspections, and issues in every state
 * of the closed loop — most projects finished on time, one behind a missed milestone (lagging), one
 * seriously lagging, one on track in an extended second phase. Dates near "today" are relative to
 * the real clock so the statuses read right whenever the demo is created. All through the service
 * verbs, executed in date order on a clock that follows them, so the audit log reads like a year.
 */

type Scenario = 'completed' | 'lagging' | 'serious' | 'on_track'

/** Logins for responsible units the foundation gave no account (so every project can report). */
const UNIT_LOGINS: Record<string, string> = {
  交通运输局: 'unit.transport',
  住房和城乡建设局: 'unit.housing',
  生态环境局: 'unit.env',
  水务局: 'unit.water',
  文化广电旅游体育局: 'unit.culture',
  人力资源和社会保障局: 'unit.hrss',
  农业农村局: 'unit.agri',
  市场监督管理局: 'unit.market',
  城市管理局: 'unit.urban',
}

async function as(deps: Deps, db: Kysely<DB>, userId: string): Promise<Ctx> {
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
  const auth: Auth = {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    sessionId: 'demo-seed',
    via: 'bearer',
    grants: grants.map((g) => ({ jurisdictionId: g.jurisdiction_id, role: g.role, path: g.path })),
  }
  return { deps, auth, requestId: 'demo-seed' }
}

const DAY = 86_400_000
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10)
const PALETTE: [number, number, number][] = [
  [62, 110, 160],
  [96, 140, 92],
  [170, 120, 70],
  [120, 100, 150],
  [80, 140, 150],
]

async function projectsOfCity(db: Kysely<DB>, cityId: string) {
  const cycles = await db
    .selectFrom('cycle')
    .select(['id', 'year'])
    .where('jurisdiction_id', '=', cityId)
    .orderBy('year', 'desc')
    .execute()
  for (const c of cycles) {
    const ps = await listProjects(db, c.id)
    if (ps.length) return { year: c.year, projects: ps }
  }
  return undefined
}

export async function seedProgressDemo(realDeps: Deps, f: DemoFoundation) {
  const { db } = realDeps.database
  const found = await projectsOfCity(db, f.cityId)
  if (!found) {
    realDeps.logger.info('demo seed: progress skipped (no projects yet)')
    return
  }
  const { year: Y, projects } = found
  const realNow = realDeps.now()
  const today = chinaToday(realNow)
  let clock = new Date(`${Y}-02-20T01:30:00Z`)
  const deps: Deps = { ...realDeps, now: () => clock }

  // Accounts for responsible units without one, through the accounts verb (as the admin).
  const admin = await as(deps, db, f.users['admin']!)
  const unitUser = new Map<string, string>()
  const links = await db.selectFrom('unit_account').select(['unit_id', 'user_id']).execute()
  for (const l of links) if (!unitUser.has(l.unit_id)) unitUser.set(l.unit_id, l.user_id)
  for (const p of projects) {
    if (!p.unitId || unitUser.has(p.unitId)) continue
    const unitName =
      Object.entries(f.units)
        .find(([, id]) => id === p.unitId)?.[0]
        .split('/')[1] ?? ''
    const username = UNIT_LOGINS[unitName] ?? `unit.${p.unitId.slice(0, 6)}`
    const u = await createUser(admin, p.jurisdictionId, {
      username,
      password: DEMO_PASSWORD,
      displayName: `${unitName}联络员`,
      roles: ['unit'],
      unitId: p.unitId,
    })
    unitUser.set(p.unitId, u.id)
    f.logins.push({
      username,
      role: 'unit',
      jurisdiction: '示例市',
      note: `承办单位：市${unitName}`,
    })
  }

  const staff = await as(deps, db, f.users['staff']!)
  const ctxOf = new Map<string, Ctx>()
  const ctx = async (userId: string) => {
    if (!ctxOf.has(userId)) ctxOf.set(userId, await as(deps, db, userId))
    return ctxOf.get(userId)!
  }
  const deputyUser = async (deputyId: string) =>
    (
      await db
        .selectFrom('deputy')
        .select('user_id')
        .where('id', '=', deputyId)
        .executeTakeFirstOrThrow()
    ).user_id!

  // Scenarios: the drainage-style long works seriously behind, rural transport behind a missed
  // milestone, one extended second phase on track, the rest finished in the year.
  const pick = (pred: (p: ProjectForDownstream) => boolean, fallback: number) =>
    projects.find(pred) ?? projects[Math.min(fallback, projects.length - 1)]!
  const serious = pick((p) => p.title.includes('排水'), projects.length - 3)
  const lagging = pick((p) => p.title.includes('出行') && p.id !== serious.id, 4)
  const onTrack = pick(
    (p) => p.title.includes('托育') && p.id !== serious.id && p.id !== lagging.id,
    2,
  )
  const scenarioOf = (p: ProjectForDownstream): Scenario =>
    p.id === serious.id
      ? 'serious'
      : p.id === lagging.id
        ? 'lagging'
        : p.id === onTrack.id
          ? 'on_track'
          : 'completed'

  // Timed actions, run in date order on the clock.
  const actions: { at: string; minutes: number; run: () => Promise<unknown> }[] = []
  const at = (date: string, minutes: number, run: () => Promise<unknown>) => {
    if (date <= today) actions.push({ at: date, minutes, run })
  }

  const deputies = f.deputyIds
  const issues = new Map<string, string>()
  const inspections = new Map<string, string>()
  const reports = new Map<string, string>()

  for (const [i, p] of projects.entries()) {
    const scenario = scenarioOf(p)
    const unit = p.unitId ? unitUser.get(p.unitId) : undefined
    // deputy001 leads the first project and the lagging one; the others rotate through the roster.
    const leaderIdx = i === 0 || p.id === lagging.id ? 0 : 1 + ((i * 7) % 40)
    const leaderId = deputies[leaderIdx]!
    const memberIds = [
      ...new Set([2, 3, 4].map((k) => deputies[(leaderIdx + k * 11 + i) % 150]!)),
    ].filter((d) => d !== leaderId)
    at(`${Y}-02-25`, i, () =>
      supervision.setGroup(staff, p.id, { leaderDeputyId: leaderId, memberDeputyIds: memberIds }),
    )

    // Milestones: planned in February, done (or not) as the scenario goes.
    const plan: { name: string; planned: string; actual: string | null }[] =
      scenario === 'completed'
        ? [
            {
              name: '完成立项与实施方案',
              planned: `${Y}-03-31`,
              actual: `${Y}-03-${String(20 + (i % 8)).padStart(2, '0')}`,
            },
            {
              name: '完成招标采购',
              planned: `${Y}-05-31`,
              actual: `${Y}-05-${String(18 + (i % 12)).padStart(2, '0')}`,
            },
            {
              name: '主体建设完成',
              planned: `${Y}-09-30`,
              actual: `${Y}-09-${String(15 + (i % 14)).padStart(2, '0')}`,
            },
            {
              name: '竣工验收并投入使用',
              planned: `${Y}-12-15`,
              actual: `${Y}-12-${String(1 + (i % 12)).padStart(2, '0')}`,
            },
          ]
        : scenario === 'on_track'
          ? [
              { name: '完成立项与实施方案', planned: `${Y}-03-31`, actual: `${Y}-03-28` },
              { name: '一期托位建成', planned: `${Y}-10-31`, actual: `${Y}-10-25` },
              { name: '二期站点选址完成', planned: shift(today, -40), actual: shift(today, -44) },
              { name: '二期托位建成', planned: shift(today, 45), actual: null },
              { name: '竣工验收', planned: shift(today, 100), actual: null },
            ]
          : scenario === 'lagging'
            ? [
                { name: '完成立项与实施方案', planned: `${Y}-03-31`, actual: `${Y}-04-08` },
                { name: '完成招标采购', planned: `${Y}-06-30`, actual: `${Y}-07-20` },
                { name: '农村公路主体完工', planned: shift(today, -12), actual: null },
                { name: '交工验收', planned: shift(today, 50), actual: null },
              ]
            : [
                { name: '完成立项与实施方案', planned: `${Y}-03-31`, actual: `${Y}-04-25` },
                { name: '完成招标采购', planned: `${Y}-07-31`, actual: `${Y}-10-10` },
                { name: '主干管网改造完成', planned: shift(today, -75), actual: null },
                { name: '竣工验收', planned: shift(today, 40), actual: null },
              ]
    const ids: string[] = []
    const author = scenario === 'completed' && i % 2 ? unit : undefined
    for (const [k, m] of plan.entries()) {
      at(`${Y}-02-26`, i * 5 + k, async () => {
        const c = author ? await ctx(author) : staff
        const r = await progress.createMilestone(c, p.id, { name: m.name, plannedDate: m.planned })
        ids[k] = r.id
      })
      if (m.actual && unit)
        at(shift(m.actual, 1), 30 + i, async () =>
          progress.updateMilestone(await ctx(unit), ids[k]!, {
            actualDate: m.actual,
            evidence: `${m.name}：相关批复、合同及验收资料已归档备查`,
          }),
        )
    }

    // Monthly reports from March, filed in the first days of the following month.
    if (unit) {
      const last =
        scenario === 'completed'
          ? `${Y}-12`
          : scenario === 'serious'
            ? addMonths(today.slice(0, 7), -4)
            : addMonths(today.slice(0, 7), -1)
      const months: string[] = []
      for (let m = `${Y}-03`; m <= last; m = addMonths(m, 1)) months.push(m)
      const target =
        scenario === 'completed'
          ? 100
          : scenario === 'on_track'
            ? 82
            : scenario === 'lagging'
              ? 64
              : 41
      months.forEach((period, k) => {
        const pct = Math.min(target, Math.round((target * (k + 1)) / months.length))
        const fen = Math.round((p.estimateFen * pct) / 100 / 100) * 100
        const narrative =
          pct >= 100
            ? '项目已全部完成并通过验收，投入使用，群众反映良好。'
            : k === 0
              ? '完成实施方案编制，启动前期手续办理。'
              : scenario === 'serious' && k > 4
                ? '管网改造受地下管线迁改和雨季影响，施工进度滞后，正协调相关单位加快推进。'
                : `按计划推进，本月完成工程量约${Math.max(3, Math.round(target / months.length))}%。`
        at(`${addMonths(period, 1)}-0${3 + (i % 5)}`, 60 + i, async () => {
          const r = await progress.fileReport(await ctx(unit), p.id, {
            period,
            percentComplete: pct,
            narrative,
            investmentToDateFen: fen,
          })
          reports.set(`${p.id}:${period}`, r.id)
          // A photo on a few reports: the latest months of the first projects and every fourth month.
          if ((i < 4 && k >= months.length - 2) || (k % 4 === 3 && i % 3 === 0)) {
            const bytes = await generatePng(480, 320, PALETTE[(i + k) % PALETTE.length]!)
            await progress.uploadPhoto(
              await ctx(unit),
              { kind: 'report', id: r.id },
              { type: 'image/png', size: bytes.byteLength, bytes },
              `${period} 施工现场`,
            )
          }
        })
      })
    }

    // An inspection by the group in the summer (and a recent one for the troubled projects).
    const inspDates =
      scenario === 'completed'
        ? [`${Y}-07-${String(8 + (i % 15)).padStart(2, '0')}`]
        : [`${Y}-07-16`, shift(today, -9)]
    inspDates.forEach((date, k) =>
      at(date, 120 + i, async () => {
        const r = await supervision.recordInspection(await ctx(await deputyUser(leaderId)), p.id, {
          date,
          participants: [leaderId, ...memberIds.slice(0, 2)],
          findings:
            scenario === 'completed'
              ? '现场查看施工进度和质量，工程按计划推进，安全文明施工措施到位。'
              : k === 0
                ? '现场查看发现施工组织不够紧凑，部分工作面未开工，建议加强统筹。'
                : scenario === 'on_track'
                  ? '二期托位装修进展顺利，建议提前准备消防验收，开园前做好家长宣传。'
                  : '节点已逾期，现场施工人员不足，群众对施工围挡占道有意见。',
        })
        inspections.set(`${p.id}:${k}`, r.id)
        if (k === inspDates.length - 1 && i % 2 === 0) {
          const bytes = await generatePng(480, 320, PALETTE[(i + 2) % PALETTE.length]!)
          await progress.uploadPhoto(
            await ctx(await deputyUser(leaderId)),
            { kind: 'inspection', id: r.id },
            { type: 'image/png', size: bytes.byteLength, bytes },
            '代表视察现场',
          )
        }
      }),
    )

    // Issues: closed and published ones on finished projects; every state on the troubled ones.
    const leaderCtx = async () => ctx(await deputyUser(leaderId))
    const raise = (
      key: string,
      date: string,
      title: string,
      description: string,
      fromInspection?: number,
    ) =>
      at(date, 180 + i, async () => {
        const inspectionId =
          fromInspection !== undefined ? inspections.get(`${p.id}:${fromInspection}`) : undefined
        const r = await supervision.raiseIssue(await leaderCtx(), p.id, {
          title,
          description,
          ...(inspectionId ? { inspectionId } : {}),
        })
        issues.set(key, r.id)
      })
    const step = (
      key: string,
      date: string,
      minutes: number,
      run: (iid: string) => Promise<unknown>,
    ) => at(date, minutes, async () => run(issues.get(key)!))
    if (!unit) continue
    if (scenario === 'completed' && i % 3 === 0) {
      const k = `${p.id}:a`
      const d0 = `${Y}-07-${String(9 + (i % 15)).padStart(2, '0')}`
      raise(
        k,
        d0,
        '施工围挡占用人行道',
        '视察发现施工围挡占用人行道，行人被迫走机动车道，存在安全隐患。',
        0,
      )
      step(k, shift(d0, 1), 200, (iid) =>
        supervision.actOnIssue(staff, iid, {
          action: 'assign',
          input: { deadline: shift(d0, 15), note: '请立即整改并书面反馈' },
        }),
      )
      step(k, shift(d0, 8), 210, async (iid) =>
        supervision.actOnIssue(await ctx(unit), iid, {
          action: 'answer',
          input: { answer: '已调整围挡位置，恢复1.5米人行通道，并设置警示标志和夜间照明。' },
        }),
      )
      step(k, shift(d0, 12), 220, async (iid) =>
        supervision.actOnIssue(await leaderCtx(), iid, {
          action: 'close',
          input: { note: '经现场核实已整改到位，同意销号。' },
        }),
      )
      step(k, shift(d0, 13), 230, (iid) => supervision.publishIssue(staff, iid, true))
    }
    if (scenario === 'lagging') {
      // raised (awaiting assignment), answered (awaiting deputy001's verification), verified.
      raise(
        `${p.id}:r`,
        shift(today, -8),
        '施工人员和机械投入不足',
        '节点已逾期，现场仅一个作业面施工，建议增加人员机械投入，倒排工期。',
        1,
      )
      const kb = `${p.id}:b`
      raise(
        kb,
        shift(today, -30),
        '村道施工期间群众出行不便',
        '施工路段未设置临时便道，沿线村民出行困难。',
      )
      step(kb, shift(today, -29), 200, (iid) =>
        supervision.actOnIssue(staff, iid, {
          action: 'assign',
          input: { deadline: shift(today, -10), note: '请落实临时便道' },
        }),
      )
      step(kb, shift(today, -12), 210, async (iid) =>
        supervision.actOnIssue(await ctx(unit), iid, {
          action: 'answer',
          input: { answer: '已在施工路段两侧设置临时便道和夜间警示灯，安排专人疏导。' },
        }),
      )
      const kc = `${p.id}:c`
      raise(kc, `${Y}-07-17`, '部分路段路基压实度不足', '视察发现部分路段路基压实度检测不合格。', 0)
      step(kc, `${Y}-07-18`, 200, (iid) =>
        supervision.actOnIssue(staff, iid, { action: 'assign', input: { deadline: `${Y}-08-15` } }),
      )
      step(kc, `${Y}-08-10`, 210, async (iid) =>
        supervision.actOnIssue(await ctx(unit), iid, {
          action: 'answer',
          input: { answer: '已对不合格路段返工重新碾压，第三方检测合格。' },
        }),
      )
      step(kc, `${Y}-08-20`, 220, async (iid) =>
        supervision.actOnIssue(await leaderCtx(), iid, {
          action: 'verify',
          input: { accepted: true, note: '检测报告已核实' },
        }),
      )
      step(kc, `${Y}-08-21`, 230, (iid) => supervision.publishIssue(staff, iid, true))
    }
    if (scenario === 'serious') {
      // assigned and escalated (overdue), sent back, reopened, and one from public feedback.
      const ka = `${p.id}:a`
      raise(
        ka,
        shift(today, -40),
        '主干管网施工严重滞后',
        '主干管网改造节点逾期，雨季内涝风险突出，请责任单位制定赶工计划。',
        1,
      )
      step(ka, shift(today, -39), 200, (iid) =>
        supervision.actOnIssue(staff, iid, {
          action: 'assign',
          input: { deadline: shift(today, -20), note: '请报送赶工计划' },
        }),
      )
      const kb = `${p.id}:b`
      raise(kb, `${Y}-07-17`, '管网开挖路段未及时回填', '开挖后长时间未回填，影响通行。', 0)
      step(kb, `${Y}-07-18`, 200, (iid) =>
        supervision.actOnIssue(staff, iid, { action: 'assign', input: { deadline: `${Y}-08-10` } }),
      )
      step(kb, `${Y}-08-05`, 210, async (iid) =>
        supervision.actOnIssue(await ctx(unit), iid, {
          action: 'answer',
          input: { answer: '已安排回填。' },
        }),
      )
      step(kb, `${Y}-08-08`, 220, async (iid) =>
        supervision.actOnIssue(await leaderCtx(), iid, {
          action: 'verify',
          input: {
            accepted: false,
            note: '现场仍有两处未回填，答复不实。',
            deadline: `${Y}-08-31`,
          },
        }),
      )
      step(kb, `${Y}-08-28`, 230, async (iid) =>
        supervision.actOnIssue(await ctx(unit), iid, {
          action: 'answer',
          input: { answer: '两处开挖点已全部回填并恢复路面，附照片。' },
        }),
      )
      step(kb, `${Y}-09-02`, 240, async (iid) =>
        supervision.actOnIssue(await leaderCtx(), iid, {
          action: 'close',
          input: { note: '复查已整改' },
        }),
      )
      step(kb, `${Y}-10-20`, 250, async (iid) =>
        supervision.actOnIssue(await leaderCtx(), iid, {
          action: 'reopen',
          input: { reason: '雨后回填路面再次沉陷', deadline: `${Y}-11-15` },
        }),
      )
      step(kb, `${Y}-11-10`, 260, async (iid) =>
        supervision.actOnIssue(await ctx(unit), iid, {
          action: 'answer',
          input: { answer: '已对沉陷路面重新夯实并加铺沥青，纳入日常巡查。' },
        }),
      )
      step(kb, `${Y}-11-20`, 270, async (iid) =>
        supervision.actOnIssue(await leaderCtx(), iid, {
          action: 'close',
          input: { note: '复查合格，销号' },
        }),
      )
      step(kb, `${Y}-11-21`, 280, (iid) => supervision.publishIssue(staff, iid, true))
      at(shift(today, -6), 300, async () => {
        const fb = await supervision.submitFeedback(
          deps,
          p.id,
          {
            content: '我家门口的排水管道挖开两个多月了，下雨天积水严重，希望尽快完工。',
            contact: '手机139****8812',
            fillMs: 42_000,
          },
          '203.0.113.7',
        )
        const r = await supervision.raiseIssue(staff, p.id, {
          title: '群众反映：开挖路段积水严重',
          description: '群众来信反映管道开挖两个多月未完工，雨天积水严重。',
          feedbackId: fb.id,
        })
        await supervision.actOnIssue(staff, r.id, {
          action: 'assign',
          input: { deadline: shift(today, 2), note: '请优先处理' },
        })
      })
      at(shift(today, -2), 310, () =>
        supervision.submitFeedback(
          deps,
          p.id,
          { content: '施工单位晚上十点后还在施工，噪音很大。', contact: null, fillMs: 30_000 },
          '198.51.100.23',
        ),
      )
    }
  }

  actions.sort((a, b) => a.at.localeCompare(b.at) || a.minutes - b.minutes)
  for (const a of actions) {
    const t = new Date(`${a.at}T01:30:00Z`).getTime() + a.minutes * 60_000
    clock = new Date(Math.min(t, realNow.getTime()))
    await a.run()
  }
  realDeps.logger.info('demo seed: progress', {
    projects: projects.length,
    issues: issues.size,
    reports: reports.size,
  })
}

demoSteps.push({
  name: 'progress: milestones, reports, supervision groups, inspections, issues',
  run: seedProgressDemo,
})
