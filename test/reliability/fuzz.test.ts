/**
 * Schema-driven fuzzing of every route in the OpenAPI document (issue #9): wrong types, missing and
 * extra fields, huge strings, bad ids, bad JSON, wrong content types, unauthenticated and
 * wrong-role callers, against a database seeded with the full demo. Asserts: never a 5xx, and every
 * non-2xx body in the documented error shape. FUZZ_RUNS sets the number of requests (CI: 2,000 per
 * backend; `pnpm test:reliability`: 10,000). FUZZ_SEED reproduces a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { body, ids, isErrorShape, operationsOf, type Operation } from './openapi-gen.js'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../../api/src/testing/harness.js'
import { seedDemo, DEMO_PASSWORD } from '../../api/src/demo/index.js'
import '../../api/src/demo/steps.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000)
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000)

let t: TestApp
let ops: Operation[] = []
const tokens: Record<string, string | undefined> = {}
let idPool: string[] = []
const idsByParam: Record<string, string[]> = {}

/** Which table a path parameter most likely names; anything else draws from every id we have. */
const PARAM_TABLES: Record<string, string[]> = {
  jid: ['jurisdiction'],
  cid: ['cycle'],
  vid: ['vote'],
  pid: ['project'],
  sid: ['suggestion'],
  uid: ['app_user'],
  id: ['candidate'],
  lid: ['budget_line'],
  did: ['disbursement'],
  mid: ['milestone'],
  rid: ['progress_report'],
  iid: ['supervision_issue', 'issue'],
  eid: ['evaluation'],
}

beforeAll(async () => {
  t = await createTestApp()
  await seedDemo(t.deps)
  const doc = await (await t.app.request('/api/openapi.json')).json()
  ops = operationsOf(doc)
  for (const u of [
    'admin',
    'staff',
    'finance',
    'unit.edu',
    'teller1',
    'deputy001',
    'deputy002',
    'staff.dc',
    'staff.dh',
  ]) {
    const r = await t.call('POST', '/api/auth/login', {
      body: { username: u, password: DEMO_PASSWORD },
    })
    tokens[u] = r.status === 200 ? r.body.token : undefined
  }
  tokens.none = undefined
  const tables = await sql<{
    table_name: string
  }>`select table_name from information_schema.columns where column_name = 'id' and data_type = 'uuid' and table_schema = current_schema()`.execute(
    t.database.db,
  )
  for (const { table_name } of tables.rows) {
    const rows = await sql<{
      id: string
    }>`select id from ${sql.table(table_name)} limit 50`.execute(t.database.db)
    const ids = rows.rows.map((r) => r.id)
    idPool.push(...ids)
    for (const [param, names] of Object.entries(PARAM_TABLES))
      if (names.includes(table_name)) (idsByParam[param] ??= []).push(...ids)
  }
  idPool = [...new Set(idPool)]
  ids.pool = idPool
}, 300_000)
afterAll(() => t?.close())

function paramValue(name: string): fc.Arbitrary<string> {
  const known = idsByParam[name] ?? []
  return fc.oneof(
    { weight: 5, arbitrary: known.length ? fc.constantFrom(...known) : fc.uuid() },
    { weight: 2, arbitrary: idPool.length ? fc.constantFrom(...idPool) : fc.uuid() },
    { weight: 1, arbitrary: fc.uuid() },
    {
      weight: 1,
      arbitrary: fc.constantFrom('not-an-id', '0', '-1', '%20', 'null', 'x'.repeat(300), 'ABC123'),
    },
  )
}

function request() {
  return fc.constantFrom(...ops).chain((op) =>
    fc.record({
      op: fc.constant(op),
      params: fc.tuple(...op.params.map(paramValue), fc.constant('')),
      query: fc.array(
        fc.tuple(
          fc.constantFrom(...(op.query.length ? op.query : ['limit', 'cursor', 'q'])),
          fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('-1', '100000', '1e9', 'abc', '')),
        ),
        { maxLength: 3 },
      ),
      body:
        op.body || ['POST', 'PUT', 'PATCH'].includes(op.method)
          ? body(op.body).map((b) => b as { raw: string; type: string } | null)
          : fc.constant(null),
      caller: fc.constantFrom(...Object.keys(tokens)),
    }),
  )
}

describe('fuzz', () => {
  it(`sends ${RUNS} generated requests over every documented route without a 5xx or a malformed error (seed ${SEED})`, async () => {
    expect(ops.length).toBeGreaterThan(10)
    const samples = fc.sample(request(), { numRuns: RUNS, seed: SEED })
    const failures: string[] = []
    const statuses: Record<number, number> = {}
    const hit = new Set<string>()
    for (const s of samples) {
      let path = s.op.path
      s.op.params.forEach(
        (p, i) => (path = path.replace(`{${p}}`, encodeURIComponent(s.params[i]!))),
      )
      const qs = new URLSearchParams(s.query).toString()
      const url = qs ? `${path}?${qs}` : path
      const token = tokens[s.caller]
      if (s.op.path === '/api/auth/logout' && token) continue // would end the session the rest of the run uses
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
      if (s.body) headers['content-type'] = s.body.type
      const res = await t.app.request(url, {
        method: s.op.method,
        headers,
        body: s.body && s.op.method !== 'GET' ? s.body.raw : undefined,
      })
      statuses[res.status] = (statuses[res.status] ?? 0) + 1
      hit.add(`${s.op.method} ${s.op.path}`)
      const text = await res.text()
      const where = `${s.op.method} ${url} as ${s.caller} body=${s.body?.raw.slice(0, 200)} → ${res.status} ${text.slice(0, 300)}`
      if (res.status >= 500) failures.push(where)
      else if (res.status >= 400) {
        const ok = isErrorShape(text)
        if (!ok) failures.push(`malformed error: ${where}`)
      }
    }
    console.log(
      `fuzz: ${samples.length} requests over ${hit.size}/${ops.length} operations, statuses ${JSON.stringify(statuses)}, seed ${SEED}`,
    )
    expect(failures.slice(0, 10)).toEqual([])
  }, 900_000)
})
