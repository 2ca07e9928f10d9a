import { createHash, randomBytes } from 'node:crypto'
import type { TestApp } from '../testing/harness.js'

/**
 * Test data for the ballot feature, written straight to the database (cycles and candidates
 * belong to another feature; these inserts only stand in for its API), plus helpers that drive
 * the ballot API itself the way a client would.
 */
let n = 0
const uniq = (p: string) => `${p}${Date.now().toString(36)}${(n++).toString(36)}`

export interface Jur {
  id: string
  path: string
}
export interface DeputyLogin {
  deputyId: string
  userId: string
  token: string
}

export const PROJECTS = [
  '免费接种乙肝疫苗',
  '增加婴幼儿托育托位数量',
  '困难妇女两癌救助',
  '中小学教室空调配置',
  '改善农村出行条件',
  '孤独症儿童数字疗法干预',
  '困难家庭残疾儿童康复补助',
  '精神障碍患者社区康复服务',
  '户外劳动者服务站建设',
  '老年幸福餐桌',
  '老旧小区改造',
  '城区排水提质增效',
]

export class BallotFactory {
  constructor(private readonly t: TestApp) {}
  private get db() {
    return this.t.database.db
  }

  async cycle(
    j: Jur,
    opts: {
      seats?: number
      candidates?: number
      form?: 'for_against_abstain' | 'approve_up_to_n'
      basis?: 'all' | 'present'
      phase?: 'screening' | 'candidates_locked' | 'voting'
      year?: number
    } = {},
  ) {
    const seats = opts.seats ?? 3
    const cycle = await this.db
      .insertInto('cycle')
      .values({
        jurisdiction_id: j.id,
        year: opts.year ?? 2000 + (n++ % 100),
        title: uniq('年度民生实事项目'),
        seats,
        margin_ratio: '0.2',
        fund_pool_fen: 1_000_000_000,
        fund_pool_doc: null,
        threshold_basis: opts.basis ?? 'all',
        ballot_form: opts.form ?? 'for_against_abstain',
        phase: opts.phase ?? 'candidates_locked',
        solicitation_notice: null,
        solicitation_deadline: null,
        candidates_locked_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const count = opts.candidates ?? seats + 2
    const candidateIds: string[] = []
    for (let i = 0; i < count; i++) {
      const c = await this.db
        .insertInto('candidate')
        .values({
          jurisdiction_id: j.id,
          cycle_id: cycle.id,
          title: PROJECTS[i % PROJECTS.length]! + (i >= PROJECTS.length ? `（${i}）` : ''),
          description: '项目简介',
          category: '民生',
          responsible_unit: '市民政局',
          unit_id: null,
          estimate_fen: 100_000_000 * (i + 1),
          funding_source: 'local',
          targets: null,
          location: null,
          planned_completion: null,
          sort_order: i,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      candidateIds.push(c.id)
    }
    return { id: cycle.id, candidateIds, seats }
  }

  /** Deputies with a session each, inserted directly (no password hashing: fast for 150). */
  async deputies(j: Jur, count: number): Promise<DeputyLogin[]> {
    const out: DeputyLogin[] = []
    for (let i = 0; i < count; i++) {
      const username = uniq('d')
      const u = await this.db
        .insertInto('app_user')
        .values({
          username,
          password_hash: 'not-a-hash',
          display_name: username,
          jurisdiction_id: j.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await this.db
        .insertInto('role_grant')
        .values({ user_id: u.id, jurisdiction_id: j.id, role: 'deputy' })
        .execute()
      const d = await this.db
        .insertInto('deputy')
        .values({
          jurisdiction_id: j.id,
          user_id: u.id,
          display_name: username,
          delegation: null,
          constituency: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      out.push({ deputyId: d.id, userId: u.id, token: await this.session(u.id) })
    }
    return out
  }

  async session(userId: string) {
    const token = randomBytes(32).toString('base64url')
    const now = new Date()
    await this.db
      .insertInto('user_session')
      .values({
        token_hash: createHash('sha256').update(token).digest('hex'),
        user_id: userId,
        csrf_token: randomBytes(16).toString('hex'),
        created_at: now,
        expires_at: new Date(now.getTime() + 86_400_000),
        last_seen_at: now,
      })
      .execute()
    return token
  }

  /** A city with staff, deputies and a locked cycle; a vote created through the API. */
  async scenario(
    opts: {
      deputies?: number
      seats?: number
      candidates?: number
      form?: 'for_against_abstain' | 'approve_up_to_n'
      basis?: 'all' | 'present'
      /** How many deputies to check in (default all). */
      present?: number
      open?: boolean
    } = {},
  ) {
    const j = await this.t.factory.jurisdiction()
    const staff = await this.t.factory.user(j, ['staff'])
    const deputies = await this.deputies(j, opts.deputies ?? 5)
    const cycle = await this.cycle(j, opts)
    const vote = await this.api('POST', `/api/cycles/${cycle.id}/votes`, staff.token, {
      kind: 'selection',
    })
    const voteId = vote.id as string
    const present = deputies.slice(0, opts.present ?? deputies.length)
    if (present.length)
      await this.api('POST', `/api/votes/${voteId}/check-ins`, staff.token, {
        deputyIds: present.map((d) => d.deputyId),
      })
    if (opts.open) await this.api('POST', `/api/votes/${voteId}/open`, staff.token)
    return { j, staff, deputies, cycle, voteId, candidateIds: cycle.candidateIds }
  }

  /** Calls the API and fails loudly on an unexpected status. */
  async api(method: string, path: string, token: string, body?: unknown, expect = [200, 201]) {
    const r = await this.t.call(method, path, { token, body })
    if (!expect.includes(r.status))
      throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`)
    return r.body
  }

  cast(voteId: string, d: DeputyLogin, choices: Record<string, string>) {
    return this.t.call('POST', `/api/votes/${voteId}/ballots`, {
      token: d.token,
      body: { choices },
    })
  }
}
