import { createTestDatabase, type TestDatabase } from '@ms/db/testing'
import { hashPassword, type Role } from '@ms/db'
import { loadEnv, type Env } from '../env.js'
import { createApp } from '../app.js'
import type { Deps } from '../shared/context.js'
import { createLogger } from '../shared/logger.js'

/**
 * A real app on a real, freshly migrated database (PGlite, or a fresh PostgreSQL schema when
 * DATABASE_URL is set) — no server, no mocks (hono's app.request). Each test builds its data
 * with the factories below.
 */
export interface TestApp {
  app: ReturnType<typeof createApp>
  deps: Deps
  database: TestDatabase
  /** Every log line the app wrote, for secrecy probes. */
  logs: string[]
  clock: { now: Date | null }
  close(): Promise<void>
  request(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>
  /** JSON helper: returns status and parsed body. */
  call<T = any>(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T; headers: Headers }>
  login(username: string, password?: string): Promise<string>
  factory: Factory
}

let passwordHashCache: Promise<string> | undefined
export const TEST_PASSWORD = 'Passw0rd!test'

export async function createTestApp(envOverrides: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase()
  const env: Env = loadEnv({ LOG_LEVEL: 'debug', SEED: 'none', ...envOverrides })
  const logs: string[] = []
  const clock: { now: Date | null } = { now: null }
  const deps: Deps = {
    database,
    env,
    logger: createLogger('debug', (l) => logs.push(l)),
    now: () => clock.now ?? new Date(),
  }
  const app = createApp(deps)
  const request: TestApp['request'] = (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`
    let body: BodyInit | undefined
    if (opts.body !== undefined) {
      if (
        typeof opts.body === 'string' ||
        opts.body instanceof FormData ||
        opts.body instanceof Uint8Array
      )
        body = opts.body as BodyInit
      else {
        body = JSON.stringify(opts.body)
        headers['content-type'] ??= 'application/json'
      }
    }
    return Promise.resolve(app.request(path, { method, headers, body }))
  }
  const call: TestApp['call'] = async (method, path, opts) => {
    const res = await request(method, path, opts)
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as never, headers: res.headers }
  }
  const login = async (username: string, password = TEST_PASSWORD) => {
    const r = await call('POST', '/api/auth/login', { body: { username, password } })
    if (r.status !== 200)
      throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`)
    return (r.body as { token: string }).token
  }
  const t: TestApp = {
    app,
    deps,
    database,
    logs,
    clock,
    request,
    call,
    login,
    close: () => database.close(),
    factory: undefined as never,
  }
  t.factory = new Factory(t)
  return t
}

let counter = 0
const uniq = (p: string) => `${p}${Date.now().toString(36)}${(counter++).toString(36)}`

/** Builder-style factories writing straight to the database (fast); the API is what tests exercise. */
export class Factory {
  constructor(private readonly t: TestApp) {}
  private get db() {
    return this.t.database.db
  }

  async jurisdiction(
    opts: {
      name?: string
      level?: 'province' | 'city' | 'county' | 'township'
      parent?: { id: string; path: string }
    } = {},
  ) {
    const name = opts.name ?? uniq('辖区')
    const { id } = await this.db
      .insertInto('jurisdiction')
      .values({
        name,
        level: opts.level ?? (opts.parent ? 'county' : 'city'),
        parent_id: opts.parent?.id ?? null,
        path: `tmp:${uniq('p')}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const path = `${opts.parent?.path ?? '/'}${id}/`
    await this.db.updateTable('jurisdiction').set({ path }).where('id', '=', id).execute()
    return { id, path, name }
  }

  async user(
    jurisdiction: { id: string },
    roles: Role[],
    opts: { username?: string; displayName?: string; unitId?: string } = {},
  ) {
    passwordHashCache ??= hashPassword(TEST_PASSWORD)
    const username = opts.username ?? uniq('u')
    const u = await this.db
      .insertInto('app_user')
      .values({
        username,
        password_hash: await passwordHashCache,
        display_name: opts.displayName ?? username,
        jurisdiction_id: jurisdiction.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (roles.length)
      await this.db
        .insertInto('role_grant')
        .values(roles.map((role) => ({ user_id: u.id, jurisdiction_id: jurisdiction.id, role })))
        .execute()
    let deputyId: string | undefined
    if (roles.includes('deputy')) {
      const d = await this.db
        .insertInto('deputy')
        .values({
          jurisdiction_id: jurisdiction.id,
          user_id: u.id,
          display_name: opts.displayName ?? username,
          delegation: null,
          constituency: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      deputyId = d.id
    }
    if (opts.unitId)
      await this.db
        .insertInto('unit_account')
        .values({ user_id: u.id, unit_id: opts.unitId, jurisdiction_id: jurisdiction.id })
        .execute()
    const token = await this.t.login(username)
    return { id: u.id, username, token, deputyId }
  }

  async unit(jurisdiction: { id: string }, name = uniq('局')) {
    return this.db
      .insertInto('gov_unit')
      .values({ jurisdiction_id: jurisdiction.id, name })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow()
  }

  async deputies(jurisdiction: { id: string }, count: number) {
    const out: { id: string; username: string; token: string; deputyId: string }[] = []
    for (let i = 0; i < count; i++) {
      const u = await this.user(jurisdiction, ['deputy'])
      out.push({ ...u, deputyId: u.deputyId! })
    }
    return out
  }
}
