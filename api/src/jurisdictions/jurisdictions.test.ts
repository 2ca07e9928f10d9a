import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'

let t: TestApp
let city: { id: string; path: string }
let countyA: { id: string; path: string }
let countyB: { id: string; path: string }
let admin: { token: string; id: string }
beforeAll(async () => {
  t = await createTestApp()
  city = await t.factory.jurisdiction({ name: '甲市' })
  countyA = await t.factory.jurisdiction({ name: '甲县', parent: city })
  countyB = await t.factory.jurisdiction({ name: '乙县', parent: city })
  admin = await t.factory.user(city, ['admin'])
})
afterAll(() => t.close())

describe('jurisdictions and accounts (admin)', () => {
  it('creates a township below a county and lists it to the admin above', async () => {
    const r = await t.call('POST', '/api/jurisdictions', {
      token: admin.token,
      body: { name: '新镇', level: 'township', parentId: countyA.id },
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ name: '新镇', level: 'township', parentId: countyA.id })
    const list = await t.call('GET', '/api/jurisdictions', { token: admin.token })
    expect(list.body.items.map((j: { name: string }) => j.name)).toEqual(
      expect.arrayContaining(['甲市', '甲县', '乙县', '新镇']),
    )
  })

  it('refuses a level that does not sit below its parent', async () => {
    const r = await t.call('POST', '/api/jurisdictions', {
      token: admin.token,
      body: { name: '错级', level: 'city', parentId: countyA.id },
    })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('INVALID_LEVEL')
  })

  it('creates a deputy account that can sign in and appears among the deputies', async () => {
    const r = await t.call('POST', `/api/jurisdictions/${countyA.id}/users`, {
      token: admin.token,
      body: {
        username: 'dep.zhang',
        password: 'long-enough-pw',
        displayName: '张三',
        roles: ['deputy'],
        delegation: '城关代表组',
      },
    })
    expect(r.status).toBe(201)
    expect(r.body.deputyId).toEqual(expect.any(String))
    const token = await t.login('dep.zhang', 'long-enough-pw')
    const me = await t.call('GET', '/api/me', { token })
    expect(me.body.deputyIds).toEqual([{ jurisdictionId: countyA.id, deputyId: r.body.deputyId }])
    const staff = await t.factory.user(countyA, ['staff'])
    const deputies = await t.call('GET', `/api/jurisdictions/${countyA.id}/deputies`, {
      token: staff.token,
    })
    expect(deputies.body.items).toContainEqual(
      expect.objectContaining({
        id: r.body.deputyId,
        displayName: '张三',
        delegation: '城关代表组',
      }),
    )
    const dup = await t.call('POST', `/api/jurisdictions/${countyA.id}/users`, {
      token: admin.token,
      body: {
        username: 'DEP.ZHANG',
        password: 'long-enough-pw',
        displayName: '重名',
        roles: ['staff'],
      },
    })
    expect(dup.status).toBe(409)
    expect(dup.body.error.code).toBe('USERNAME_TAKEN')
  })

  it('replaces grants only within what the admin administers', async () => {
    const u = await t.factory.user(countyA, ['staff'])
    const r = await t.call('PUT', `/api/users/${u.id}/grants`, {
      token: admin.token,
      body: {
        grants: [
          { jurisdictionId: countyA.id, role: 'finance' },
          { jurisdictionId: countyB.id, role: 'staff' },
        ],
      },
    })
    expect(r.status).toBe(200)
    expect(r.body.grants).toHaveLength(2)
    const countyAdmin = await t.factory.user(countyA, ['admin'])
    const foreign = await t.call('PUT', `/api/users/${u.id}/grants`, {
      token: countyAdmin.token,
      body: { grants: [{ jurisdictionId: countyB.id, role: 'staff' }] },
    })
    expect(foreign.status).toBe(404)
  })

  it('lists accounts with their roles there and their grants within what the admin administers', async () => {
    const u = await t.factory.user(countyB, ['staff', 'teller'])
    const other = await t.factory.user(city, ['admin'])
    const unrelated = await t.factory.jurisdiction({ name: '丙市' })
    await t.call('PUT', `/api/users/${u.id}/grants`, {
      token: admin.token,
      body: {
        grants: [
          { jurisdictionId: countyB.id, role: 'staff' },
          { jurisdictionId: countyB.id, role: 'teller' },
          { jurisdictionId: countyA.id, role: 'finance' },
        ],
      },
    })
    // A grant elsewhere, outside what the county admin (below) administers.
    await t.database.db
      .insertInto('role_grant')
      .values({ user_id: u.id, jurisdiction_id: unrelated.id, role: 'staff' })
      .execute()
    const r = await t.call('GET', `/api/jurisdictions/${countyB.id}/users?limit=500`, {
      token: admin.token,
    })
    expect(r.status).toBe(200)
    const item = r.body.items.find((x: { id: string }) => x.id === u.id)
    expect([...item.roles].sort()).toEqual(['staff', 'teller'])
    expect(item.grants).toHaveLength(3)
    expect(item.grants).toEqual(
      expect.arrayContaining([{ jurisdictionId: countyA.id, role: 'finance' }]),
    )
    expect(item.grants).not.toContainEqual({ jurisdictionId: unrelated.id, role: 'staff' })
    // Only accounts whose home is the jurisdiction.
    expect(r.body.items.map((x: { id: string }) => x.id)).not.toContain(other.id)

    const countyBAdmin = await t.factory.user(countyB, ['admin'])
    const narrow = await t.call('GET', `/api/jurisdictions/${countyB.id}/users?limit=500`, {
      token: countyBAdmin.token,
    })
    expect(
      narrow.body.items
        .find((x: { id: string }) => x.id === u.id)
        .grants.map((g: { jurisdictionId: string }) => g.jurisdictionId),
    ).toEqual([countyB.id, countyB.id])

    // Tenant isolation: another county's admin, or staff, or a stranger.
    const countyAAdmin = await t.factory.user(countyA, ['admin'])
    const foreign = await t.call('GET', `/api/jurisdictions/${countyB.id}/users`, {
      token: countyAAdmin.token,
    })
    expect(foreign.status).toBe(404)
    expect(foreign.body.error.code).toBe('NOT_FOUND')
    const staff = await t.factory.user(countyB, ['staff'])
    const notAdmin = await t.call('GET', `/api/jurisdictions/${countyB.id}/users`, {
      token: staff.token,
    })
    expect(notAdmin.status).toBe(403)
    expect((await t.call('GET', `/api/jurisdictions/${countyB.id}/users`)).status).toBe(401)

    // Bad input.
    expect(
      (await t.call('GET', '/api/jurisdictions/not-a-uuid/users', { token: admin.token })).status,
    ).toBe(404)
    for (const q of ['limit=abc', 'limit=0', 'limit=501']) {
      const bad = await t.call('GET', `/api/jurisdictions/${countyB.id}/users?${q}`, {
        token: admin.token,
      })
      expect(bad.status).toBe(400)
      expect(bad.body.error).toBeDefined()
    }
  })

  it('refuses non-admins', async () => {
    const staff = await t.factory.user(city, ['staff'])
    const r = await t.call('POST', `/api/jurisdictions/${city.id}/users`, {
      token: staff.token,
      body: { username: 'x.y.z', password: 'long-enough-pw', displayName: 'X', roles: ['staff'] },
    })
    expect(r.status).toBe(403)
    expect(r.body.error.code).toBe('FORBIDDEN')
  })
})

describe('tenant isolation', () => {
  it("gives a county's staff 404 on another county's ids, and read-only sight downward only", async () => {
    const staffA = await t.factory.user(countyA, ['staff'])
    const unitB = await t.factory.unit(countyB, '乙县教育局')
    expect(
      (await t.call('GET', `/api/jurisdictions/${countyB.id}/deputies`, { token: staffA.token }))
        .status,
    ).toBe(404)
    expect(
      (await t.call('GET', `/api/jurisdictions/${countyB.id}/units`, { token: staffA.token }))
        .status,
    ).toBe(404)
    expect(
      (await t.call('GET', `/api/jurisdictions/${countyB.id}/audit`, { token: staffA.token }))
        .status,
    ).toBe(404)
    expect(
      (
        await t.call('POST', `/api/jurisdictions/${countyB.id}/units`, {
          token: staffA.token,
          body: { name: '入侵局' },
        })
      ).status,
    ).toBe(404)
    // The county cannot see its parent city's data either.
    expect(
      (await t.call('GET', `/api/jurisdictions/${city.id}/units`, { token: staffA.token })).status,
    ).toBe(404)
    const visible = await t.call('GET', '/api/jurisdictions', { token: staffA.token })
    const ids = visible.body.items.map((j: { id: string }) => j.id)
    expect(ids).toContain(countyA.id)
    expect(ids).not.toContain(countyB.id)
    expect(ids).not.toContain(city.id)
    // City staff see the county's published data (units) but cannot write there.
    const cityStaff = await t.factory.user(city, ['staff'])
    const units = await t.call('GET', `/api/jurisdictions/${countyB.id}/units`, {
      token: cityStaff.token,
    })
    expect(units.body.items).toContainEqual({ id: unitB.id, name: '乙县教育局' })
    expect(
      (
        await t.call('POST', `/api/jurisdictions/${countyB.id}/units`, {
          token: cityStaff.token,
          body: { name: '越权局' },
        })
      ).status,
    ).toBe(403)
  })

  it('answers 404 for ids that cannot exist', async () => {
    const r = await t.call('GET', '/api/jurisdictions/not-a-uuid/deputies', { token: admin.token })
    expect(r.status).toBe(404)
    expect(r.body.error.code).toBe('NOT_FOUND')
    expect(
      (
        await t.call('GET', '/api/jurisdictions/00000000-0000-4000-8000-000000000000/deputies', {
          token: admin.token,
        })
      ).status,
    ).toBe(404)
  })
})

describe('audit log', () => {
  it('records admin and staff writes with before/after and a verifiable chain', async () => {
    const staff = await t.factory.user(countyB, ['staff'])
    await t.call('POST', `/api/jurisdictions/${countyB.id}/units`, {
      token: staff.token,
      body: { name: '审计测试局' },
    })
    const log = await t.call('GET', `/api/jurisdictions/${countyB.id}/audit`, {
      token: staff.token,
    })
    expect(log.status).toBe(200)
    expect(log.body.items[0]).toMatchObject({
      action: 'unit.create',
      entity: 'gov_unit',
      after: { name: '审计测试局' },
    })
    const v = await t.call('GET', '/api/audit/verify', { token: admin.token })
    expect(v.body.ok).toBe(true)
  })

  it('is append-only for the application', async () => {
    await expect(
      t.database.db.updateTable('audit_log').set({ action: 'x' }).execute(),
    ).rejects.toThrow(/append-only/)
    await expect(t.database.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/)
  })

  it('names the one altered row when someone with database rights edits history', async () => {
    for (let i = 0; i < 5; i++) {
      await t.call('POST', `/api/jurisdictions/${city.id}/units`, {
        token: admin.token,
        body: { name: `局${i}` },
      })
    }
    const rows = await t.database.db
      .selectFrom('audit_log')
      .select(['seq'])
      .where('jurisdiction_id', '=', city.id)
      .orderBy('seq')
      .execute()
    const victim = rows[2]!.seq
    // A DBA bypasses the trigger; the chain still catches it.
    const { sql } = await import('kysely')
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(t.database.db)
    await sql`update audit_log set after = '{"name":"篡改"}'::jsonb where seq = ${victim}`.execute(
      t.database.db,
    )
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(t.database.db)
    const v = await t.call('GET', '/api/audit/verify', { token: admin.token })
    expect(v.body.ok).toBe(false)
    const broken = v.body.chains.find(
      (c: { jurisdictionId: string }) => c.jurisdictionId === city.id,
    )
    expect(broken).toMatchObject({ ok: false, brokenSeq: victim, reason: 'hash' })
  })
})

describe('the API edge', () => {
  it('answers unknown fields, wrong types, non-JSON, malformed JSON and oversized bodies with 4xx in the error shape', async () => {
    const cases: [string, RequestInit, number, string][] = [
      [
        'unknown field',
        {
          body: JSON.stringify({ name: 'a', level: 'county', parentId: city.id, extra: 1 }),
          headers: { 'content-type': 'application/json' },
        },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'wrong type',
        {
          body: JSON.stringify({ name: 5, level: 'county' }),
          headers: { 'content-type': 'application/json' },
        },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'not JSON',
        { body: 'name=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'malformed JSON',
        { body: '{"name":', headers: { 'content-type': 'application/json' } },
        400,
        'MALFORMED_JSON',
      ],
      [
        'oversized',
        {
          body: JSON.stringify({ name: 'x'.repeat(2_000_000), level: 'county' }),
          headers: { 'content-type': 'application/json' },
        },
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        'JSON array',
        { body: '[]', headers: { 'content-type': 'application/json' } },
        400,
        'VALIDATION_FAILED',
      ],
    ]
    for (const [name, init, status, code] of cases) {
      const res = await t.app.request('/api/jurisdictions', {
        method: 'POST',
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          authorization: `Bearer ${admin.token}`,
        },
      })
      const body = (await res.json()) as {
        error: { code: string; message: string; requestId: string }
      }
      expect([name, res.status]).toEqual([name, status])
      expect(body.error.code).toBe(code)
      expect(body.error.requestId).toEqual(expect.any(String))
    }
  })

  it('names a missing field and an unknown field in words a caller can act on', async () => {
    const res = await t.app.request('/api/jurisdictions', {
      method: 'POST',
      body: JSON.stringify({ level: 'county', parentId: city.id, extra: 1 }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
    })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { issues: { path: string; message: string }[] } }
    expect(body.error.issues).toEqual(
      expect.arrayContaining([
        { path: 'name', message: 'Required field "name" is missing' },
        { path: 'extra', message: 'Unknown field "extra": remove it' },
      ]),
    )
  })

  it('answers unknown API routes with 404 in the error shape, and sets security headers', async () => {
    const res = await t.app.request('/api/nope')
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/)
  })

  it('documents every API route in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as {
      openapi: string
      paths: Record<string, Record<string, unknown>>
    }
    expect(doc.openapi).toBe('3.1.0')
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ms]) =>
        Object.keys(ms).map((m) => `${m.toUpperCase()} ${p}`),
      ),
    )
    const routes = t.app.routes
      .filter(
        (r) =>
          r.path.startsWith('/api/') &&
          r.method !== 'ALL' &&
          !['/api/openapi.json', '/api/docs', '/api/docs/scalar.js'].includes(r.path),
      )
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
    const missing = [...new Set(routes)].filter((r) => !documented.has(r))
    expect(missing).toEqual([])
    expect(routes.length).toBeGreaterThan(10)
  })

  it('reports health and the backend', async () => {
    const r = await t.call('GET', '/api/health')
    expect(r.body).toEqual({
      status: 'ok',
      database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    })
  })
})
