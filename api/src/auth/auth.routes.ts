import { Hono } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import type { AppEnv } from '../shared/context.js'
import { json } from '../shared/validate.js'
import { doc } from '../shared/openapi.js'
import { requireAuth } from '../shared/access.js'
import { clientIp, isHttps } from '../shared/request.js'
import { LoginInput, LoginOutput, MeOutput } from './auth.schemas.js'
import * as service from './auth.service.js'
import * as v from 'valibot'

export const authRoutes = new Hono<AppEnv>()
  .post(
    '/auth/login',
    doc({
      summary: 'Sign in; sets the session cookie and returns a bearer token',
      tags: ['auth'],
      ok: LoginOutput,
      security: false,
      errors: { 401: 'INVALID_CREDENTIALS', 429: 'TOO_MANY_ATTEMPTS' },
    }),
    json(LoginInput),
    async (c) => {
      const { username, password } = c.req.valid('json')
      const r = await service.login(c.get('deps'), username, password, clientIp(c))
      const secure = isHttps(c)
      setCookie(c, service.SESSION_COOKIE, r.token, {
        httpOnly: true,
        sameSite: 'Lax',
        secure,
        path: '/',
        expires: r.expiresAt,
      })
      setCookie(c, service.CSRF_COOKIE, r.csrfToken, {
        httpOnly: false,
        sameSite: 'Strict',
        secure,
        path: '/',
        expires: r.expiresAt,
      })
      return c.json({
        token: r.token,
        csrfToken: r.csrfToken,
        expiresAt: r.expiresAt.toISOString(),
        user: r.user,
      })
    },
  )
  .post(
    '/auth/logout',
    doc({ summary: 'End the session', tags: ['auth'], ok: v.object({ ok: v.boolean() }) }),
    async (c) => {
      const auth = requireAuth(c.get('auth'))
      await service.logout(c.get('deps'), auth.sessionId)
      deleteCookie(c, service.SESSION_COOKIE, { path: '/' })
      deleteCookie(c, service.CSRF_COOKIE, { path: '/' })
      return c.json({ ok: true })
    },
  )
  .get(
    '/me',
    doc({
      summary: 'The signed-in user, their grants, deputy and unit links',
      tags: ['auth'],
      ok: MeOutput,
    }),
    async (c) => {
      const auth = requireAuth(c.get('auth'))
      const me = await service.me(c.get('deps'), auth)
      return c.json({
        ...me,
        csrfToken: auth.via === 'cookie' ? (auth as { csrfToken?: string }).csrfToken : undefined,
      })
    },
  )
