import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_PASSWORD, type TestApp } from './testing/harness.js'

/**
 * The API body limit (BODY_LIMIT_BYTES → 413 PAYLOAD_TOO_LARGE) on both of its paths: a body that
 * declares its length is judged by Content-Length without being read; a body without one (chunked)
 * is counted as it streams.
 */
describe('API body limit', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
    const j = await t.factory.jurisdiction()
    await t.factory.user(j, ['staff'], { username: 'limit.user' })
  })
  afterAll(() => t.close())

  const login = (body: string, headers: Record<string, string> = {}) =>
    t.app.request('/api/auth/login', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    })

  it('refuses a declared Content-Length above the limit with 413, before reading the body', async () => {
    const body = JSON.stringify({ username: 'limit.user', password: TEST_PASSWORD })
    const res = await login(body, { 'content-length': String(t.deps.env.BODY_LIMIT_BYTES + 1) })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('accepts a body whose declared length is within the limit', async () => {
    const body = JSON.stringify({ username: 'limit.user', password: TEST_PASSWORD })
    const res = await login(body, { 'content-length': String(Buffer.byteLength(body)) })
    expect(res.status).toBe(200)
  })

  it('counts a body that declares no length and refuses it past the limit', async () => {
    const big = JSON.stringify({ username: 'x'.repeat(t.deps.env.BODY_LIMIT_BYTES), password: 'p' })
    const res = await login(big)
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE')
  })
})
