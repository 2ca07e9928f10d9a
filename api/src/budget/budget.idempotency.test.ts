import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { cycleWithProjects } from '../projects/projects.fixtures.js'

/**
 * Idempotency-Key on the money-writing routes (decision 046). Runs on PGlite, and on PostgreSQL
 * when DATABASE_URL is set, where the concurrent duplicates really race on separate connections.
 */
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())
afterEach(() => {
  t.clock.now = null
})

type Scenario = Awaited<ReturnType<typeof cycleWithProjects>>

async function ok(method: string, path: string, token: string, body?: unknown) {
  const r = await t.call(method, path, { token, body })
  if (r.status !== 200 && r.status !== 201)
    throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}
const lineBody = (amountFen: number) => ({
  amountFen,
  source: 'local',
  fiscalYear: 2025,
  subjectCode: '2130505',
  documentNo: '示财预〔2025〕12号',
})
async function approvedLine(s: Scenario, amountFen: number, pid = s.projectIds[0]!) {
  const l = await ok(
    'POST',
    `/api/projects/${pid}/budget-lines`,
    s.finance.token,
    lineBody(amountFen),
  )
  return ok('POST', `/api/budget-lines/${l.id}/approve`, s.finance.token)
}
const payment = (amountFen = 50_000, voucherNo = 'JZ-2025-0001') => ({
  date: '2025-03-15',
  amountFen,
  voucherNo,
  payee: '市民政局',
})
const pay = (token: string, lid: string, body: unknown, key?: string) =>
  t.call('POST', `/api/budget-lines/${lid}/disbursements`, {
    token,
    body,
    headers: key === undefined ? {} : { 'Idempotency-Key': key },
  })
async function entriesOf(lid: string) {
  return t.database.db
    .selectFrom('disbursement')
    .select(['id', 'amount_fen', 'kind'])
    .where('line_id', '=', lid)
    .execute()
}
async function auditCount(jid: string, action: string) {
  const r = await t.database.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('jurisdiction_id', '=', jid)
    .where('action', '=', action)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

describe('Idempotency-Key on disbursements', () => {
  it('replays the first response to a retry with the same key and records one ledger entry', async () => {
    const s = await cycleWithProjects(t)
    const line = await approvedLine(s, 1_000_000)
    const key = randomUUID()
    const first = await pay(s.finance.token, line.id, payment(), key)
    expect(first.status).toBe(201)
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    const again = await pay(s.finance.token, line.id, payment(), key)
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body).toEqual(first.body)
    // Key order in the body does not make it another request.
    const reordered = await pay(
      s.finance.token,
      line.id,
      { payee: '市民政局', voucherNo: 'JZ-2025-0001', amountFen: 50_000, date: '2025-03-15' },
      key,
    )
    expect(reordered.status).toBe(201)
    expect(reordered.body).toEqual(first.body)
    expect(await entriesOf(line.id)).toHaveLength(1)
    expect(await auditCount(s.j.id, 'budget.disbursement')).toBe(1)
    const after = await ok('GET', `/api/budget-lines/${line.id}/disbursements`, s.finance.token)
    expect(after.line.disbursedFen).toBe(50_000)
  })

  it('without the header behaves as before: two submissions are two payments', async () => {
    const s = await cycleWithProjects(t)
    const line = await approvedLine(s, 1_000_000)
    expect((await pay(s.finance.token, line.id, payment())).status).toBe(201)
    expect((await pay(s.finance.token, line.id, payment())).status).toBe(201)
    expect(await entriesOf(line.id)).toHaveLength(2)
  })

  it('refuses the same key for a different request with 422 and writes nothing', async () => {
    const s = await cycleWithProjects(t)
    const line = await approvedLine(s, 1_000_000)
    const other = await approvedLine(s, 1_000_000)
    const key = randomUUID()
    expect((await pay(s.finance.token, line.id, payment(50_000), key)).status).toBe(201)
    const changed = await pay(s.finance.token, line.id, payment(60_000), key)
    expect(changed.status).toBe(422)
    expect(changed.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(changed.body.error.requestId).toEqual(expect.any(String))
    // Same body on another line (another path) is another request too.
    const elsewhere = await pay(s.finance.token, other.id, payment(50_000), key)
    expect(elsewhere.status).toBe(422)
    expect(elsewhere.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(await entriesOf(line.id)).toHaveLength(1)
    expect(await entriesOf(other.id)).toHaveLength(0)
    expect(await auditCount(s.j.id, 'budget.disbursement')).toBe(1)
  })

  it('keeps keys per caller: two officers using the same key make two payments', async () => {
    const s = await cycleWithProjects(t)
    const colleague = await t.factory.user(s.j, ['finance'])
    const line = await approvedLine(s, 1_000_000)
    const key = randomUUID()
    const mine = await pay(s.finance.token, line.id, payment(), key)
    const theirs = await pay(colleague.token, line.id, payment(), key)
    expect(mine.status).toBe(201)
    expect(theirs.status).toBe(201)
    expect(theirs.headers.get('idempotent-replayed')).toBeNull()
    expect(theirs.body.id).not.toBe(mine.body.id)
    expect(theirs.body.createdBy).not.toBe(mine.body.createdBy)
    // And each one's retry replays their own.
    const myRetry = await pay(s.finance.token, line.id, payment(), key)
    const theirRetry = await pay(colleague.token, line.id, payment(), key)
    expect(myRetry.body).toEqual(mine.body)
    expect(theirRetry.body).toEqual(theirs.body)
    expect(await entriesOf(line.id)).toHaveLength(2)
  })

  it('lets concurrent duplicates with one key record exactly one entry, all answered alike', async () => {
    const s = await cycleWithProjects(t)
    const line = await approvedLine(s, 1_000_000)
    const key = randomUUID()
    const results = await Promise.all(
      Array.from({ length: 20 }, () => pay(s.finance.token, line.id, payment(), key)),
    )
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201))
    const ids = new Set(results.map((r) => r.body.id))
    expect(ids.size).toBe(1)
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19)
    for (const r of results) expect(r.body).toEqual(results[0]!.body)
    expect(await entriesOf(line.id)).toHaveLength(1)
    expect(await auditCount(s.j.id, 'budget.disbursement')).toBe(1)
  })

  it('forgets a key after 24 hours: the same key is then a new request', async () => {
    const s = await cycleWithProjects(t)
    const line = await approvedLine(s, 1_000_000)
    const key = randomUUID()
    const start = new Date()
    t.clock.now = start
    const first = await pay(s.finance.token, line.id, payment(), key)
    expect(first.status).toBe(201)
    // Sessions last hours, keys a day: sign in again at each later time.
    const at = async (ms: number) => {
      t.clock.now = new Date(start.getTime() + ms)
      return t.login(s.finance.username)
    }
    const token23h = await at(23 * 3_600_000)
    const within = await pay(token23h, line.id, payment(), key)
    expect(within.headers.get('idempotent-replayed')).toBe('true')
    expect(within.body).toEqual(first.body)
    const token24h = await at(24 * 3_600_000 + 1000)
    // Expired: even a different body is accepted, as a new payment, and the key starts afresh.
    const later = await pay(token24h, line.id, payment(70_000, 'JZ-2025-0002'), key)
    expect(later.status).toBe(201)
    expect(later.headers.get('idempotent-replayed')).toBeNull()
    expect(later.body.id).not.toBe(first.body.id)
    const laterRetry = await pay(token24h, line.id, payment(70_000, 'JZ-2025-0002'), key)
    expect(laterRetry.body).toEqual(later.body)
    expect(await entriesOf(line.id)).toHaveLength(2)
    const rows = await t.database.db
      .selectFrom('idempotency_key')
      .select('fingerprint')
      .where('key', '=', key)
      .execute()
    expect(rows).toHaveLength(1)
  })

  it('refuses a malformed key with 400 and writes nothing', async () => {
    const s = await cycleWithProjects(t)
    const line = await approvedLine(s, 1_000_000)
    for (const bad of ['x'.repeat(256), 'two words', 'clé', '']) {
      const r = await pay(s.finance.token, line.id, payment(), bad)
      expect(r.status, JSON.stringify(bad)).toBe(400)
      expect(r.body.error.code).toBe('IDEMPOTENCY_KEY_INVALID')
    }
    expect((await pay(s.finance.token, line.id, payment(), 'k'.repeat(255))).status).toBe(201)
    expect(await entriesOf(line.id)).toHaveLength(1)
  })

  it('stores only successes: a refused request retried with its key runs again', async () => {
    const s = await cycleWithProjects(t)
    const line = await approvedLine(s, 100_000)
    const key = randomUUID()
    const refused = await pay(s.finance.token, line.id, payment(150_000), key)
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('LINE_OVERDRAWN')
    await ok('POST', `/api/budget-lines/${line.id}/adjustments`, s.finance.token, {
      deltaFen: 100_000,
      reason: '追加预算',
    })
    const retried = await pay(s.finance.token, line.id, payment(150_000), key)
    expect(retried.status).toBe(201)
    expect(retried.headers.get('idempotent-replayed')).toBeNull()
    expect(await entriesOf(line.id)).toHaveLength(1)
  })

  it('lets a caller without a session through to the usual 401', async () => {
    const s = await cycleWithProjects(t)
    const line = await approvedLine(s, 100_000)
    const r = await t.call('POST', `/api/budget-lines/${line.id}/disbursements`, {
      body: payment(),
      headers: { 'Idempotency-Key': randomUUID() },
    })
    expect(r.status).toBe(401)
  })
})

describe('Idempotency-Key on the other money writes', () => {
  it('replays budget lines, adjustments, reversals and final accounts without writing twice', async () => {
    const s = await cycleWithProjects(t)
    const pid = s.projectIds[1]!
    const send = (path: string, body: unknown, key: string) =>
      t.call('POST', path, { token: s.finance.token, body, headers: { 'Idempotency-Key': key } })
    const twice = async (path: string, body: unknown) => {
      const key = randomUUID()
      const a = await send(path, body, key)
      const b = await send(path, body, key)
      expect(a.status, JSON.stringify(a.body)).toBe(201)
      expect(b.status).toBe(201)
      expect(b.headers.get('idempotent-replayed')).toBe('true')
      expect(b.body).toEqual(a.body)
      return a.body
    }
    const line = await twice(`/api/projects/${pid}/budget-lines`, lineBody(800_000))
    const lines = await t.database.db
      .selectFrom('budget_line')
      .select('id')
      .where('project_id', '=', pid)
      .execute()
    expect(lines).toHaveLength(1)
    await ok('POST', `/api/budget-lines/${line.id}/approve`, s.finance.token)

    const adjusted = await twice(`/api/budget-lines/${line.id}/adjustments`, {
      deltaFen: 200_000,
      reason: '追加预算',
    })
    expect(adjusted.amountFen).toBe(1_000_000)
    expect(adjusted.adjustments).toHaveLength(1)

    const paid = await pay(s.finance.token, line.id, payment(300_000))
    const reversal = await twice(`/api/disbursements/${paid.body.id}/reverse`, {
      reason: '凭证号错误',
    })
    expect(reversal.kind).toBe('reversal')
    expect(await entriesOf(line.id)).toHaveLength(2)

    const final = await twice(`/api/projects/${pid}/final-accounts`, { finalAmountFen: 1_000_000 })
    expect(final.revision).toBe(1)
    const finals = await t.database.db
      .selectFrom('final_account')
      .select('id')
      .where('project_id', '=', pid)
      .execute()
    expect(finals).toHaveLength(1)
    const after = await ok('GET', `/api/budget-lines/${line.id}/disbursements`, s.finance.token)
    expect(after.line.amountFen).toBe(1_000_000)
    expect(after.line.adjustments).toHaveLength(1)
  })

  it('documents the header on every money-writing route in the OpenAPI document', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json()
    const keyed = (path: string) =>
      (doc.paths[path].post.parameters ?? []).some(
        (p: { name: string; in: string }) => p.name === 'Idempotency-Key' && p.in === 'header',
      )
    for (const path of [
      '/api/projects/{pid}/budget-lines',
      '/api/budget-lines/{lid}/adjustments',
      '/api/budget-lines/{lid}/disbursements',
      '/api/disbursements/{did}/reverse',
      '/api/projects/{pid}/final-accounts',
    ]) {
      expect(keyed(path), path).toBe(true)
      expect(doc.paths[path].post.responses['422'], path).toBeDefined()
    }
    expect(keyed('/api/budget-lines/{lid}/approve')).toBe(false)
  })
})
