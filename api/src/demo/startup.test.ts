import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { DEMO_PASSWORD, prepareData } from './index.js'

/**
 * Start-up's data step (API.md "Starting empty"). Only the foundation of the demo runs here: the
 * later demo steps register themselves from `./steps.js`, which this file does not import.
 */
let t: TestApp | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const ADMIN = { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'Root@2026-start' }

async function login(app: TestApp, username: string, password: string) {
  return app.call('POST', '/api/auth/login', { body: { username, password } })
}

describe('start-up data', () => {
  it('with SEED=none and an admin: only that admin, on a new root 示例市', async () => {
    t = await createTestApp({ SEED: 'none', ...ADMIN })
    expect(await prepareData(t.deps)).toEqual({ logins: null, adminCreated: true })
    const r = await login(t, 'root', ADMIN.ADMIN_PASSWORD)
    expect(r.status).toBe(200)
    const me = await t.call('GET', '/api/me', { token: r.body.token })
    expect(me.body.grants).toMatchObject([{ jurisdictionName: '示例市', role: 'admin' }])
    const js = await t.call('GET', '/api/jurisdictions', { token: r.body.token })
    expect(js.body.items).toHaveLength(1)
    expect((await login(t, 'staff', DEMO_PASSWORD)).status).toBe(401)
  })

  it('with the demo and an admin: seeds the demo first, then grants the admin on its 示例市', async () => {
    t = await createTestApp({ SEED: 'demo', ...ADMIN })
    const first = await prepareData(t.deps)
    expect(first.adminCreated).toBe(true)
    expect(first.logins?.map((l) => l.username)).toContain('staff')
    expect((await login(t, 'staff', DEMO_PASSWORD)).status).toBe(200)
    const root = await login(t, 'root', ADMIN.ADMIN_PASSWORD)
    const me = await t.call('GET', '/api/me', { token: root.body.token })
    const staff = await t.call('GET', '/api/me', {
      token: (await login(t, 'staff', DEMO_PASSWORD)).body.token,
    })
    expect(me.body.grants).toEqual([
      expect.objectContaining({
        jurisdictionId: staff.body.grants[0].jurisdictionId,
        role: 'admin',
      }),
    ])
    // A second start finds data: nothing seeded again, the admin not created twice.
    expect(await prepareData(t.deps)).toEqual({ logins: null, adminCreated: false })
    const js = await t.call('GET', '/api/jurisdictions', { token: root.body.token })
    expect(js.body.items.filter((j: { name: string }) => j.name === '示例市')).toHaveLength(1)
  })
})
