import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { AppEnv } from '../shared/context.js'
import { ApiError } from '../shared/errors.js'
import { authenticate, csrfMatches, CSRF_HEADER, SESSION_COOKIE } from './auth.service.js'

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Resolves the caller from `Authorization: Bearer` (scripts) or the session cookie (browser).
 * Cookie-authenticated writes must echo the session's CSRF token in X-CSRF-Token; bearer
 * requests are not exposed to CSRF (browsers never attach them on their own).
 */
export const authMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  const deps = c.get('deps')
  const header = c.req.header('authorization')
  let auth = null
  if (header?.toLowerCase().startsWith('bearer ')) {
    auth = await authenticate(deps, header.slice(7).trim(), 'bearer')
    if (!auth) throw new ApiError(401, 'UNAUTHENTICATED', 'The token is invalid or has expired')
  } else {
    const cookie = getCookie(c, SESSION_COOKIE)
    if (cookie) {
      auth = await authenticate(deps, cookie, 'cookie')
      if (
        auth &&
        !SAFE.has(c.req.method) &&
        !csrfMatches(auth.csrfToken, c.req.header(CSRF_HEADER))
      ) {
        throw new ApiError(
          403,
          'CSRF_REJECTED',
          'Missing or wrong X-CSRF-Token header for a cookie-authenticated write',
        )
      }
    }
  }
  c.set('auth', auth)
  await next()
}
