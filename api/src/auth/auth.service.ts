import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Deps } from '../shared/context.js'
import type { Auth } from '../shared/access.js'
import { ApiError } from '../shared/errors.js'
import * as repo from './auth.repository.js'
import { dummyHash, verifyPassword } from '@ms/db'

export const SESSION_COOKIE = 'ms_session'
export const CSRF_COOKIE = 'ms_csrf'
export const CSRF_HEADER = 'x-csrf-token'

/** Failed attempts tolerated in the window before the account (or address) is refused. */
export const LIMITS = { windowMinutes: 15, perAccount: 5, perAddress: 30 }

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
const token = () => randomBytes(32).toString('base64url')

export async function login(deps: Deps, username: string, password: string, ip: string) {
  const { db } = deps.database
  const now = deps.now()
  const since = new Date(now.getTime() - LIMITS.windowMinutes * 60_000)
  // The lock-out counts failures since the last success (a success clears the slate).
  const success = await repo.lastSuccess(db, username)
  const accountSince = success && success > since ? success : since
  const [byAccount, byAddress] = await Promise.all([
    repo.countRecentFailures(db, 'username', username, accountSince),
    repo.countRecentFailures(db, 'ip', ip, since),
  ])
  if (byAccount >= LIMITS.perAccount || byAddress >= LIMITS.perAddress) {
    throw new ApiError(
      429,
      'TOO_MANY_ATTEMPTS',
      `Too many failed sign-in attempts; try again in ${LIMITS.windowMinutes} minutes`,
      {
        retryAfterSeconds: LIMITS.windowMinutes * 60,
      },
    )
  }
  const user = await repo.findUserByUsername(db, username)
  const ok =
    user && !user.disabled
      ? await verifyPassword(user.password_hash, password)
      : (await verifyPassword(await dummyHash(), password), false)
  await repo.recordAttempt(db, username, ip, !!ok, now)
  if (!ok || !user) throw new ApiError(401, 'INVALID_CREDENTIALS', 'Wrong username or password')

  const raw = token()
  const csrfToken = token()
  const expiresAt = new Date(now.getTime() + deps.env.SESSION_TTL_HOURS * 3_600_000)
  await repo.createSession(db, {
    tokenHash: sha256(raw),
    userId: user.id,
    csrfToken,
    expiresAt,
    now,
  })
  return {
    token: raw,
    csrfToken,
    expiresAt,
    user: { id: user.id, username: user.username, displayName: user.display_name },
  }
}

/** Resolves a raw session token to the caller, or null when missing, unknown, expired or idle too long. */
export async function authenticate(
  deps: Deps,
  raw: string,
  via: Auth['via'],
): Promise<(Auth & { csrfToken: string }) | null> {
  const { db } = deps.database
  const s = await repo.findSessionByTokenHash(deps.database, sha256(raw))
  if (!s || s.disabled) return null
  const now = deps.now()
  const idleLimit = new Date(s.lastSeenAt.getTime() + deps.env.SESSION_IDLE_MINUTES * 60_000)
  if (s.expiresAt <= now || idleLimit <= now) {
    await repo.deleteSession(db, s.sessionId)
    return null
  }
  // Touch at most once a minute, to keep reads cheap.
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000) await repo.touchSession(db, s.sessionId, now)
  return {
    userId: s.userId,
    username: s.username,
    displayName: s.displayName,
    sessionId: s.sessionId,
    via,
    csrfToken: s.csrfToken,
    grants: s.grants,
  }
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

export async function logout(deps: Deps, sessionId: string) {
  await repo.deleteSession(deps.database.db, sessionId)
}

export async function me(deps: Deps, auth: Auth) {
  const { db } = deps.database
  const [grants, deputies, units] = await Promise.all([
    repo.loadGrants(db, auth.userId),
    repo.deputyLinks(db, auth.userId),
    repo.unitLinks(db, auth.userId),
  ])
  return {
    user: { id: auth.userId, username: auth.username, displayName: auth.displayName },
    grants: grants.map((g) => ({
      jurisdictionId: g.jurisdictionId,
      jurisdictionName: g.name,
      level: g.level,
      role: g.role,
    })),
    deputyIds: deputies,
    unitIds: units,
  }
}
