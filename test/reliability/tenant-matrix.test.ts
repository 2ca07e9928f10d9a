/**
 * Tenant matrix (issue #9): jurisdictions × roles × every documented route. For a caller with no
 * sight of a jurisdiction, its ids must be indistinguishable from ids that do not exist (same
 * status: API.md's "foreign ids are 404, never 403"), and nothing may succeed. A city's staff may
 * read what counties publish but never write there. Public routes (/api/public/*) are for everyone
 * and are left out; their own suites check they reveal only what is published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { sql } from 'kysely'
import type { Role } from '@ms/db'
import { createTestApp, type TestApp } from '../../api/src/testing/harness.js'
import { seedDemo, DEMO_PASSWORD } from '../../api/src/demo/index.js'
import '../../api/src/demo/steps.js'
import { ids, operationsOf, valid, type Operation } from './openapi-gen.js'

/** Which table a path parameter names. */
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
const ROLES: Role[] = ['admin', 'staff', 'deputy', 'finance', 'unit', 'teller']

let t: TestApp
let ops: Operation[] = []
/** table → rows with their jurisdiction path */
const rowsByTable: Record<string, { id: string; path: string }[]> = {}
const callers: { name: string; token: string; paths: string[] }[] = []
let cityStaff: { token: string }
let countyPaths: string[] = []

beforeAll(async () => {
  t = await createTestApp()
  await seedDemo(t.deps)
  ops = operationsOf(await (await t.app.request('/api/openapi.json')).json()).filter(
    (o) => !o.path.startsWith('/api/public/') && o.params.length > 0,
  )
  const js = await t.database.db.selectFrom('jurisdiction').select(['id', 'name', 'path']).execute()
  const byName = Object.fromEntries(js.map((j) => [j.name, j]))
  countyPaths = [byName['东城区']!.path, byName['西江县']!.path]
  const tables = await sql<{
    table_name: string
  }>`select c.table_name from information_schema.columns c join information_schema.columns j on j.table_name = c.table_name and j.table_schema = c.table_schema and j.column_name = 'jurisdiction_id' where c.column_name = 'id' and c.data_type = 'uuid' and c.table_schema = current_schema()`.execute(
    t.database.db,
  )
  for (const { table_name } of tables.rows) {
    const rows = await sql<{
      id: string
      path: string
    }>`select x.id, j.path from ${sql.table(table_name)} x join jurisdiction j on j.id = x.jurisdiction_id limit 400`.execute(
      t.database.db,
    )
    rowsByTable[table_name] = rows.rows
  }
  rowsByTable.jurisdiction = js.map((j) => ({ id: j.id, path: j.path }))
  ids.pool = Object.values(rowsByTable)
    .flat()
    .map((r) => r.id)

  // Every role in a county (西江县) and in a township (东湖镇), plus the demo's district staff.
  for (const [jname, j] of [
    ['西江县', byName['西江县']!],
    ['东湖镇', byName['东湖镇']!],
  ] as const) {
    for (const role of ROLES) {
      const u = await t.factory.user(j, [role])
      callers.push({ name: `${role}@${jname}`, token: u.token, paths: [j.path] })
    }
  }
  const dc = await t.call('POST', '/api/auth/login', {
    body: { username: 'staff.dc', password: DEMO_PASSWORD },
  })
  callers.push({ name: 'staff@东城区', token: dc.body.token, paths: [byName['东城区']!.path] })
  const cs = await t.call('POST', '/api/auth/login', {
    body: { username: 'staff', password: DEMO_PASSWORD },
  })
  cityStaff = { token: cs.body.token }
}, 300_000)
afterAll(() => t?.close())

async function send(op: Operation, values: string[], token: string, seed: number) {
  let path = op.path
  op.params.forEach((p, i) => (path = path.replace(`{${p}}`, values[i]!)))
  const body = op.body
    ? JSON.stringify(fc.sample(valid(op.body), { numRuns: 1, seed })[0])
    : ['POST', 'PUT', 'PATCH'].includes(op.method)
      ? '{}'
      : undefined
  const res = await t.app.request(path, {
    method: op.method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body,
  })
  return { status: res.status, text: await res.text(), path }
}

describe('tenant matrix', () => {
  it('makes foreign ids indistinguishable from unknown ids for every role and route, and lets nothing through', async () => {
    const failures: string[] = []
    let checked = 0
    for (const caller of callers) {
      for (const op of ops) {
        if (op.path === '/api/auth/logout') continue
        const foreign = op.params.map((p) => {
          const rows = (PARAM_TABLES[p] ?? []).flatMap((tb) => rowsByTable[tb] ?? [])
          return rows.find((r) => !caller.paths.some((cp) => r.path.startsWith(cp)))?.id
        })
        if (foreign.some((f) => !f)) continue // no such rows in the demo (yet)
        const seed = checked
        const a = await send(op, foreign as string[], caller.token, seed)
        const b = await send(
          op,
          op.params.map(() => crypto.randomUUID()),
          caller.token,
          seed,
        )
        checked++
        if (a.status < 300)
          failures.push(`${caller.name} ${op.method} ${a.path} → ${a.status} (foreign id accepted)`)
        else if (a.status !== b.status)
          failures.push(
            `${caller.name} ${op.method} ${a.path} → ${a.status}, but ${b.status} for an unknown id: ${a.text.slice(0, 160)}`,
          )
      }
    }
    console.log(
      `tenant matrix: ${checked} foreign-id requests over ${callers.length} callers × ${ops.length} routes`,
    )
    expect(checked).toBeGreaterThan(50)
    expect(failures.slice(0, 15)).toEqual([])
  })

  it("lets a city's staff read down but never write into a county", async () => {
    const failures: string[] = []
    let checked = 0
    for (const op of ops.filter((o) => o.method !== 'GET' && o.path !== '/api/auth/logout')) {
      const values = op.params.map(
        (p) =>
          (PARAM_TABLES[p] ?? [])
            .flatMap((tb) => rowsByTable[tb] ?? [])
            .find((r) => countyPaths.some((cp) => r.path.startsWith(cp)))?.id,
      )
      if (values.some((v) => !v)) continue
      const r = await send(op, values as string[], cityStaff.token, checked++)
      if (r.status < 300) failures.push(`city staff ${op.method} ${r.path} → ${r.status}`)
    }
    console.log(`tenant matrix: ${checked} city→county writes tried`)
    expect(failures).toEqual([])
  })
})
