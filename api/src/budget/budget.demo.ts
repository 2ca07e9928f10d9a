import type { Kysely } from 'kysely'
import type { DB } from '@ms/db'
import type { DemoFoundation } from '@ms/db/seed'
import { demoSteps } from '../demo/index.js'
import type { Ctx, Deps } from '../shared/context.js'
import type { Auth } from '../shared/access.js'
import { findCycle } from '../cycles/cycles.exports.js'
import { hasPublishedSelection, listProjects } from '../projects/projects.exports.js'
import { createProjectsFromResult } from '../projects/projects.service.js'
import * as budget from './budget.service.js'
import { chinaDate, type Source } from './budget.rules.js'

/**
 * Demo step for phase 7 (预算衔接), after the ballot demo published 示例市's selection: staff turn
 * the chosen candidates into projects; the finance officer (`finance`) fixes the pool from the
 * budget document, adds lines — mostly 本级财政 on the pool, 上级补助 beside it where the candidate
 * was funded so — approves them, and books a year of monthly disbursements at each project's own
 * pace: most finish close to 100 %, one (the drainage-style long works) lags far behind and trips
 * the under-spending warning; one duplicate payment is reversed, one transfer line is topped up,
 * and, once the year is over, final accounts are recorded. All through the service verbs, on a
 * clock that follows the booking dates, so the ledger and the audit log read like a real year.
 */

const SUBJECT: Record<string, string> = {
  education: '2050202',
  health: '2100408',
  elderly: '2081002',
  childcare: '2100799',
  transport: '2140106',
  housing: '2210108',
  environment: '2110302',
  culture: '2070199',
  employment: '2080799',
  rural: '2130505',
  other: '2299999',
}

/** Cumulative share (basis points) paid by the end of each month, Jan–Dec, per pace. */
const PACES: Record<'steady' | 'early' | 'late' | 'lagging', number[]> = {
  steady: [0, 0, 800, 1800, 2800, 3800, 4800, 5800, 6800, 7800, 8900, 9800],
  early: [0, 1000, 3000, 5000, 6500, 7500, 8200, 8800, 9300, 9600, 9800, 10000],
  late: [0, 0, 0, 500, 1200, 2000, 3200, 4600, 6000, 7400, 8800, 9600],
  lagging: [0, 0, 0, 300, 600, 1000, 1400, 1800, 2200, 2600, 3000, 3400],
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

/** The city's most recent cycle whose selection result is published, if any. */
async function votedCycle(db: Kysely<DB>, cityId: string) {
  const cycles = await db
    .selectFrom('cycle')
    .select('id')
    .where('jurisdiction_id', '=', cityId)
    .orderBy('year', 'desc')
    .execute()
  for (const c of cycles) if (await hasPublishedSelection(db, c.id)) return findCycle(db, c.id)
  return undefined
}

export async function seedBudgetDemo(realDeps: Deps, f: DemoFoundation) {
  const { db } = realDeps.database
  const cycle = await votedCycle(db, f.cityId)
  if (!cycle || cycle.phase === 'closed') {
    realDeps.logger.info('demo seed: budget skipped (no open cycle with a published selection)')
    return
  }
  const Y = cycle.year
  const today = chinaDate(realDeps.now())
  let clock = new Date(`${Y}-01-06T01:30:00Z`)
  const deps: Deps = { ...realDeps, now: () => clock }
  /** Office hours (Beijing) on a date, never after the real now. */
  const on = (date: string, minutes = 0) => {
    const t = new Date(`${date}T01:30:00Z`).getTime() + minutes * 60_000
    clock = new Date(Math.min(t, realDeps.now().getTime()))
  }
  const staff = await as(deps, db, f.users['staff']!)
  const finance = await as(deps, db, f.users['finance']!)

  // The explicit downstream step: projects from the published result.
  on(`${Y}-01-06`)
  await createProjectsFromResult(staff, cycle.id)
  const projects = await listProjects(db, cycle.id)
  if (projects.length === 0) return

  on(`${Y}-01-08`)
  await budget.setFundPool(finance, cycle.id, {
    fundPoolFen: cycle.fundPoolFen,
    documentRef: `示财预〔${Y - 1}〕86号`,
  })

  // Lines: 本级财政 on the pool while it lasts; 上级补助 where the candidate was funded from
  // above (60 %) and for whatever the pool cannot carry.
  let poolLeft = cycle.fundPoolFen
  const lines: { projectId: string; lineId: string; amountFen: number; source: Source }[] = []
  let doc = 3
  for (const [i, p] of projects.entries()) {
    on(`${Y}-01-${String(10 + Math.min(i, 15)).padStart(2, '0')}`, i * 17)
    const subjectCode = SUBJECT[p.category] ?? SUBJECT.other!
    const transferShare = p.fundingSource === 'transfer' ? Math.floor((p.estimateFen * 6) / 10) : 0
    let local = p.estimateFen - transferShare
    const fromPool = Math.min(local, poolLeft)
    poolLeft -= fromPool
    const extraTransfer = local - fromPool
    local = fromPool
    const add = async (amountFen: number, source: Source, documentNo: string) => {
      if (amountFen <= 0) return
      const l = await budget.createLine(finance, p.id, {
        amountFen,
        source,
        fiscalYear: Y,
        subjectCode,
        documentNo,
        note: source === 'local' ? '民生实事项目资金（票决确定）' : '上级专项转移支付',
      })
      lines.push({ projectId: p.id, lineId: l.id, amountFen, source })
    }
    await add(local, 'local', `示财预〔${Y}〕${doc++}号`)
    await add(transferShare + extraTransfer, 'transfer', `示财预〔${Y}〕${doc++}号`)
  }
  on(`${Y}-02-03`)
  for (const [i, l] of lines.entries()) {
    on(`${Y}-02-03`, i * 9)
    await budget.approveLine(finance, l.lineId)
  }
  // One transfer line topped up by a later allocation from the province.
  const topUp = lines.find((l) => l.source === 'transfer')
  if (topUp) {
    on(`${Y}-06-12`)
    const delta = Math.floor(topUp.amountFen / 10)
    await budget.adjustLine(finance, topUp.lineId, {
      deltaFen: delta,
      reason: `省级补助资金追加下达（示财预〔${Y}〕58号），用于扩大项目覆盖范围`,
    })
    topUp.amountFen += delta
  }

  // A year of disbursements, month by month, each project at its own pace; the third from last
  // lags (长周期工程，前期手续滞后) and so trips the under-spending warning.
  const paceOf = (i: number): keyof typeof PACES =>
    i === Math.max(0, projects.length - 3)
      ? 'lagging'
      : (['steady', 'early', 'late'] as const)[i % 3]!
  const payees = [
    '示例市城建工程有限公司',
    '示例市政建设集团',
    '示例市设备采购中心',
    '示例市恒达建设有限公司',
  ]
  let voucher = 1
  let duplicated = false
  for (let m = 0; m < 12; m++) {
    for (const [i, p] of projects.entries()) {
      const pace = PACES[paceOf(i)]
      for (const l of lines.filter((x) => x.projectId === p.id)) {
        const target = Number((BigInt(l.amountFen) * BigInt(pace[m]!)) / 10000n)
        const before = m === 0 ? 0 : Number((BigInt(l.amountFen) * BigInt(pace[m - 1]!)) / 10000n)
        const amountFen = target - before
        const date = `${Y}-${String(m + 1).padStart(2, '0')}-${String(8 + ((i * 3 + m) % 18)).padStart(2, '0')}`
        if (amountFen <= 0 || date > today) continue
        on(date, i * 11)
        const payee =
          l.source === 'transfer' ? payees[(i + 1) % payees.length]! : `示例市${p.responsibleUnit}`
        const voucherNo = `GK${Y}${String(m + 1).padStart(2, '0')}${String(voucher++).padStart(4, '0')}`
        const d = await budget.recordDisbursement(finance, l.lineId, {
          date,
          amountFen,
          voucherNo,
          payee,
          note: `${m + 1}月拨付`,
        })
        // One payment keyed in twice by mistake, found the next week and reversed.
        if (!duplicated && m === 4 && d.balanceAfterFen > 0 && pace[m + 1]! - pace[m]! >= 500) {
          duplicated = true
          const again = await budget.recordDisbursement(finance, l.lineId, {
            date,
            amountFen: Math.min(amountFen, d.balanceAfterFen),
            voucherNo,
            payee,
            note: `${m + 1}月拨付`,
          })
          const next = `${Y}-${String(m + 1).padStart(2, '0')}-${String(Math.min(28, 8 + ((i * 3 + m) % 18) + 7)).padStart(2, '0')}`
          if (next <= today) {
            on(next)
            await budget.reverseDisbursement(finance, again.id, {
              reason: '同一凭证重复录入，予以红字冲销',
              date: next,
            })
          }
        }
      }
    }
  }

  // Final accounts (决算) once the year is over, for the projects that finished.
  if (today > `${Y}-12-31`) {
    on(`${Y + 1}-03-20`)
    for (const [i, p] of projects.entries()) {
      if (paceOf(i) !== 'early') continue
      const pl = lines.filter((l) => l.projectId === p.id)
      const total = pl.reduce((s, l) => s + l.amountFen, 0)
      on(`${Y + 1}-03-20`, i * 13)
      await budget.submitFinalAccount(finance, p.id, {
        finalAmountFen: total - Math.floor(total / 25),
        explanation: null,
      })
    }
  }
}

demoSteps.push({
  name: 'budget: projects, fund pool, lines, a year of disbursements',
  run: seedBudgetDemo,
})
