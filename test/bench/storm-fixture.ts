/**
 * Shared set-up of the ballot storm (bench) and the cluster test: a jurisdiction with N deputies
 * holding live bearer sessions, a staff session and a locked candidate list, written straight
 * into the database; then, over HTTP, a vote with all of them on the roster, checked in and open.
 */
import { createHash, randomBytes } from 'node:crypto'
import { openDatabase, migrateToLatest, hashPassword } from '@ms/db'
import { api } from '../reliability/server-process.js'

export const CANDIDATES = 12
export const SEATS = 10

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/** Jurisdiction, N deputies with live sessions, a staff session and a locked candidate list. */
export async function prepare(env: Record<string, string>, n: number) {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR })
  await migrateToLatest(database.db)
  const db = database.db
  const hash = await hashPassword('bench-password')
  const j = await db
    .insertInto('jurisdiction')
    .values({ name: '压测市', level: 'city', parent_id: null, path: 'tmp' })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .updateTable('jurisdiction')
    .set({ path: `/${j.id}/` })
    .where('id', '=', j.id)
    .execute()
  const expires = new Date(Date.now() + 6 * 3600_000)
  const session = async (userId: string) => {
    const token = randomBytes(24).toString('base64url')
    await db
      .insertInto('user_session')
      .values({
        token_hash: sha256(token),
        user_id: userId,
        csrf_token: 'x',
        expires_at: expires,
        last_seen_at: new Date(),
      })
      .execute()
    return token
  }
  const staff = await db
    .insertInto('app_user')
    .values({
      username: 'bench.staff',
      password_hash: hash,
      display_name: '压测工作人员',
      jurisdiction_id: j.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('role_grant')
    .values({ user_id: staff.id, jurisdiction_id: j.id, role: 'staff' })
    .execute()
  const staffToken = await session(staff.id)
  const tokens: string[] = []
  const deputyIds: string[] = []
  for (let i = 0; i < n; i += 500) {
    const batch = Array.from({ length: Math.min(500, n - i) }, (_, k) => ({
      username: `bench.d${i + k}`,
      password_hash: hash,
      display_name: `代表${i + k}`,
      jurisdiction_id: j.id,
    }))
    const users = await db.insertInto('app_user').values(batch).returning('id').execute()
    await db
      .insertInto('role_grant')
      .values(users.map((u) => ({ user_id: u.id, jurisdiction_id: j.id, role: 'deputy' as const })))
      .execute()
    const ds = await db
      .insertInto('deputy')
      .values(
        users.map((u, k) => ({
          jurisdiction_id: j.id,
          user_id: u.id,
          display_name: `代表${i + k}`,
          delegation: null,
          constituency: null,
        })),
      )
      .returning('id')
      .execute()
    deputyIds.push(...ds.map((d) => d.id))
    const sessions = users.map((u) => {
      const token = randomBytes(24).toString('base64url')
      tokens.push(token)
      return {
        token_hash: sha256(token),
        user_id: u.id,
        csrf_token: 'x',
        expires_at: expires,
        last_seen_at: new Date(),
      }
    })
    await db.insertInto('user_session').values(sessions).execute()
  }
  const cycle = await db
    .insertInto('cycle')
    .values({
      jurisdiction_id: j.id,
      year: 2026,
      title: '压测年度',
      seats: SEATS,
      margin_ratio: '0.2',
      fund_pool_fen: 1_000_000_000,
      threshold_basis: 'all',
      ballot_form: 'for_against_abstain',
      phase: 'candidates_locked',
      candidates_locked_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('candidate')
    .values(
      Array.from({ length: CANDIDATES }, (_, k) => ({
        jurisdiction_id: j.id,
        cycle_id: cycle.id,
        title: `候选项目${k + 1}`,
        category: 'education',
        responsible_unit: '教育局',
        estimate_fen: 3_000_000_00,
        funding_source: 'local' as const,
        sort_order: k,
      })),
    )
    .execute()
  await database.close()
  return { staffToken, tokens, deputyIds, cycleId: cycle.id, jurisdictionId: j.id }
}

/** Creates the vote, puts every deputy on the roster, checks them all in and opens it. */
export async function openVote(base: string, p: Awaited<ReturnType<typeof prepare>>) {
  const vote = await api(base, 'POST', `/api/cycles/${p.cycleId}/votes`, p.staffToken, {
    kind: 'selection',
  })
  if (vote.status !== 201) throw new Error(`create vote: ${JSON.stringify(vote.body)}`)
  const vid = vote.body.id as string
  await api(base, 'PUT', `/api/votes/${vid}/roster`, p.staffToken, { deputyIds: p.deputyIds })
  await pool(
    p.deputyIds,
    20,
    async (deputyId) =>
      void (await api(base, 'POST', `/api/votes/${vid}/check-ins`, p.staffToken, { deputyId })),
  )
  const opened = await api(base, 'POST', `/api/votes/${vid}/open`, p.staffToken)
  if (opened.status !== 200) throw new Error(`open: ${JSON.stringify(opened.body)}`)
  const form = await api(base, 'GET', `/api/votes/${vid}/ballot`, p.tokens[0])
  const candidateIds = (form.body.candidates as { id: string }[]).map((c) => c.id)
  return { vid, candidateIds }
}

/** A valid for/against/abstain ballot, varied by i, with at most SEATS - 1 "for". */
export function ballotFor(candidateIds: string[], i: number) {
  return Object.fromEntries(
    candidateIds.map((id, k) => [
      id,
      (k + i) % 4 === 0 ? 'against' : k < SEATS - 1 ? 'for' : 'abstain',
    ]),
  )
}

export async function pool<T>(items: T[], limit: number, fn: (t: T) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]!)
    }),
  )
}
