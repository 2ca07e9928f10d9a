import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { LIMITS } from './auth.service.js'

let t: TestApp
let city: { id: string; path: string }
beforeAll(async () => {
  t = await createTestApp({ TRUST_PROXY: 'true' })
  city = await t.factory.jurisdiction({ name: '测试市' })
})
afterAll(() => t.close())

describe('login', () => {
  it('answers 401 INVALID_CREDENTIALS for a wrong password and an unknown user alike', async () => {
    const u = await t.factory.user(city, ['staff'])
    const wrong = await t.call('POST', '/api/auth/login', {
      body: { username: u.username, password: 'nope-nope' },
    })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS')
    expect(wrong.body.error.requestId).toEqual(expect.any(String))
    const unknown = await t.call('POST', '/api/auth/login', {
      body: { username: 'nobody-here', password: 'nope-nope' },
    })
    expect(unknown.status).toBe(401)
    expect(unknown.body.error.code).toBe('INVALID_CREDENTIALS')
  })

  it('returns a bearer token that works for /api/me, and an HttpOnly session cookie', async () => {
    const u = await t.factory.user(city, ['staff', 'deputy'], { displayName: '李明' })
    const res = await t.request('POST', '/api/auth/login', {
      body: { username: u.username, password: 'Passw0rd!test' },
    })
    expect(res.status).toBe(200)
    const cookies = res.headers.getSetCookie()
    const session = cookies.find((c) => c.startsWith('ms_session='))!
    expect(session).toMatch(/HttpOnly/i)
    expect(session).toMatch(/SameSite=Lax/i)
    expect(session).not.toMatch(/Secure/i) // plain http in tests
    const body = (await res.json()) as { token: string }
    const me = await t.call('GET', '/api/me', { token: body.token })
    expect(me.status).toBe(200)
    expect(me.body.user).toMatchObject({ id: u.id, username: u.username, displayName: '李明' })
    expect(me.body.grants.map((g: { role: string }) => g.role).sort()).toEqual(['deputy', 'staff'])
    expect(me.body.grants[0]).toMatchObject({ jurisdictionId: city.id })
    expect(me.body.deputyIds).toHaveLength(1)
  })

  it('sets the Secure flag when served over https behind a trusted proxy', async () => {
    const u = await t.factory.user(city, ['staff'])
    const res = await t.request('POST', '/api/auth/login', {
      body: { username: u.username, password: 'Passw0rd!test' },
      headers: { 'x-forwarded-proto': 'https' },
    })
    expect(res.headers.getSetCookie().find((c) => c.startsWith('ms_session='))).toMatch(/Secure/)
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age/)
  })

  it('locks an account out with 429 after repeated failures, even for the right password', async () => {
    const u = await t.factory.user(city, ['staff'])
    for (let i = 0; i < LIMITS.perAccount; i++) {
      const r = await t.call('POST', '/api/auth/login', {
        body: { username: u.username, password: 'wrong-password' },
        headers: { 'x-forwarded-for': `10.0.0.${i}` },
      })
      expect(r.status).toBe(401)
    }
    const locked = await t.call('POST', '/api/auth/login', {
      body: { username: u.username, password: 'Passw0rd!test' },
    })
    expect(locked.status).toBe(429)
    expect(locked.body.error.code).toBe('TOO_MANY_ATTEMPTS')
    expect(locked.headers.get('retry-after')).toBe(String(LIMITS.windowMinutes * 60))
    // After the window the account works again.
    t.clock.now = new Date(Date.now() + (LIMITS.windowMinutes + 1) * 60_000)
    const ok = await t.call('POST', '/api/auth/login', {
      body: { username: u.username, password: 'Passw0rd!test' },
    })
    t.clock.now = null
    expect(ok.status).toBe(200)
  })

  it('limits failures per address across accounts', async () => {
    const ip = '192.0.2.77'
    for (let i = 0; i < LIMITS.perAddress; i++) {
      await t.call('POST', '/api/auth/login', {
        body: { username: `ghost${i}`, password: 'x' },
        headers: { 'x-forwarded-for': ip },
      })
    }
    const u = await t.factory.user(city, ['staff'])
    const r = await t.call('POST', '/api/auth/login', {
      body: { username: u.username, password: 'Passw0rd!test' },
      headers: { 'x-forwarded-for': ip },
    })
    expect(r.status).toBe(429)
  })
})

describe('sessions', () => {
  it('refuses an expired session with 401', async () => {
    const u = await t.factory.user(city, ['staff'])
    expect((await t.call('GET', '/api/me', { token: u.token })).status).toBe(200)
    t.clock.now = new Date(Date.now() + (t.deps.env.SESSION_TTL_HOURS + 1) * 3_600_000)
    const r = await t.call('GET', '/api/me', { token: u.token })
    t.clock.now = null
    expect(r.status).toBe(401)
    expect(r.body.error.code).toBe('UNAUTHENTICATED')
  })

  it('ends a session at logout', async () => {
    const u = await t.factory.user(city, ['staff'])
    expect((await t.call('POST', '/api/auth/logout', { token: u.token })).status).toBe(200)
    expect((await t.call('GET', '/api/me', { token: u.token })).status).toBe(401)
  })
})

describe('CSRF', () => {
  it('refuses a cookie-authenticated write without the CSRF header, and accepts it with the header', async () => {
    const admin = await t.factory.user(city, ['admin'])
    const login = await t.request('POST', '/api/auth/login', {
      body: { username: admin.username, password: 'Passw0rd!test' },
    })
    const { csrfToken, token } = (await login.json()) as { csrfToken: string; token: string }
    const cookie = `ms_session=${token}`
    const body = { name: '新区', level: 'county', parentId: city.id }
    const refused = await t.call('POST', '/api/jurisdictions', { body, headers: { cookie } })
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('CSRF_REJECTED')
    const wrong = await t.call('POST', '/api/jurisdictions', {
      body,
      headers: { cookie, 'x-csrf-token': 'forged' },
    })
    expect(wrong.status).toBe(403)
    const ok = await t.call('POST', '/api/jurisdictions', {
      body,
      headers: { cookie, 'x-csrf-token': csrfToken },
    })
    expect(ok.status).toBe(201)
    // Reads need no token.
    expect((await t.call('GET', '/api/me', { headers: { cookie } })).status).toBe(200)
  })
})
