import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { bodyLimit } from 'hono/body-limit'
import { compress } from 'hono/compress'
import { secureHeaders } from 'hono/secure-headers'
import { openAPIRouteHandler } from 'hono-openapi'
import { Scalar } from '@scalar/hono-api-reference'
import { createHash, randomUUID } from 'node:crypto'
import type { AppEnv, Deps } from './shared/context.js'
import { ApiError } from './shared/errors.js'
import { authMiddleware } from './auth/auth.middleware.js'
import { apiRoutes } from './routes.js'
import { isHttps } from './shared/request.js'
import { serveWeb } from './shared/static.js'
import { isUploadPath } from './shared/upload.js'
import { publicCache } from './shared/cache.js'

/** PostgreSQL error classes that are the caller's fault, never a 5xx (a safety net under validation). */
function mapDatabaseError(e: unknown): ApiError | undefined {
  const code = (e as { code?: unknown })?.code
  if (typeof code !== 'string' || code.length !== 5) return undefined
  if (code === '23505')
    return new ApiError(409, 'CONFLICT', 'This conflicts with an existing record')
  if (code === '23503')
    return new ApiError(
      409,
      'CONFLICT',
      'This refers to a record that does not exist or is still in use',
    )
  if (code === '40001' || code === '40P01')
    return new ApiError(503, 'RETRY', 'The database was busy; please retry')
  if (code.startsWith('22'))
    return new ApiError(400, 'VALIDATION_FAILED', 'A value is out of range or malformed')
  return undefined
}

export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>()

  app.use('*', async (c, next) => {
    c.set('deps', deps)
    c.set('auth', null)
    const incoming = c.req.header('x-request-id')
    const requestId = incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID()
    c.set('requestId', requestId)
    c.header('x-request-id', requestId)
    const started = performance.now()
    await next()
    // Never bodies, never query strings: route pattern, status, duration.
    deps.logger.info('request', {
      requestId,
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    })
  })

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
      strictTransportSecurity: false,
      xFrameOptions: 'DENY',
      referrerPolicy: 'same-origin',
      // A handler may set a stricter or page-specific header itself (the API docs page does).
      overwrite: false,
    }),
  )
  app.use('*', async (c, next) => {
    await next()
    if (isHttps(c)) c.header('strict-transport-security', 'max-age=31536000; includeSubDomains')
  })

  const payloadTooLarge = () =>
    new ApiError(
      413,
      'PAYLOAD_TOO_LARGE',
      `The request body exceeds ${deps.env.BODY_LIMIT_BYTES} bytes`,
    )
  const apiBodyLimit = bodyLimit({
    maxSize: deps.env.BODY_LIMIT_BYTES,
    onError: () => {
      throw payloadTooLarge()
    },
  })
  // Upload routes apply their own, larger limit (shared/upload.ts); every other route keeps this one.
  // hono's bodyLimit reads `c.req.raw.body`, which makes @hono/node-server build a web Request
  // and a ReadableStream for every request (a GET too) instead of reading the body straight from
  // the socket (5–7 % of a cast's API CPU in a profile). So the limit is checked here from the headers
  // whenever it can be (GET and HEAD carry no body; Node's parser delivers no more bytes than a
  // Content-Length declares); only a chunked body goes through bodyLimit's counting stream.
  app.use('/api/*', (c, next) => {
    if (isUploadPath(c.req.path)) return next()
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const length = c.req.header('content-length')
    if (length === undefined || c.req.header('transfer-encoding') !== undefined)
      return apiBodyLimit(c, next)
    if (parseInt(length || '0', 10) > deps.env.BODY_LIMIT_BYTES) throw payloadTooLarge()
    return next()
  })
  app.use('/api/*', authMiddleware)
  app.use('/api/public/*', publicCache())
  app.route('/api', apiRoutes)

  app.get(
    '/api/openapi.json',
    openAPIRouteHandler(app, {
      documentation: {
        openapi: '3.1.0',
        info: {
          title: '民生实事票决平台 API',
          version: '0.1.0',
          description:
            'Livelihood-project voting platform for local people’s congresses. See API.md for the stable contract.',
        },
        servers: [{ url: '/' }],
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer' },
            cookie: { type: 'apiKey', in: 'cookie', name: 'ms_session' },
          },
        },
        security: [{ bearer: [] }, { cookie: [] }],
      },
      exclude: ['/api/openapi.json', '/api/docs', /^\/(?!api\/)/],
    }),
  )
  const scalar = Scalar({
    url: '/api/openapi.json',
    pageTitle: '民生实事票决平台 API',
    cdn: '/api/docs/scalar.js',
  })
  app.get('/api/docs', async (c, next) => {
    const res = (await scalar(c as never, next)) as Response
    // The reference page boots with one inline script: allow exactly that script by its hash
    // instead of loosening script-src for the whole site.
    const html = await res.text()
    const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
      (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
    )
    const csp = `default-src 'self'; script-src 'self' ${hashes.join(' ')}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'`
    return c.html(html, 200, { 'content-security-policy': csp })
  })
  app.get('/api/docs/scalar.js', serveWeb.scalarBundle)

  app.all('/api/*', () => {
    throw new ApiError(404, 'NOT_FOUND', 'No such API route')
  })
  // The web app's files are gzip-compressed (JS/CSS shrink ~3-4x); API routes are not, so the
  // server-sent turnout stream is never buffered by a compressor.
  app.get('*', compress(), serveWeb.spa(deps.env.WEB_DIST))

  app.onError((err, c) => {
    const requestId = c.get('requestId') ?? randomUUID()
    let e: ApiError | undefined
    if (err instanceof ApiError) e = err
    else if (err instanceof HTTPException) {
      const status = err.status
      e = new ApiError(
        status as never,
        status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 401 ? 'UNAUTHENTICATED' : 'BAD_REQUEST',
        err.message || 'Bad request',
      )
    } else e = mapDatabaseError(err)
    if (!e) {
      deps.logger.error('unhandled error', {
        requestId,
        route: c.req.routePath,
        error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
        stack: err instanceof Error ? err.stack : undefined,
      })
      return c.json({ error: { code: 'INTERNAL', message: 'Internal error', requestId } }, 500)
    }
    if (e.status === 429 && typeof e.extra.retryAfterSeconds === 'number')
      c.header('retry-after', String(e.extra.retryAfterSeconds))
    return c.json(
      {
        error: {
          code: e.code,
          message: e.message,
          requestId,
          ...e.extra,
          ...(e.issues ? { issues: e.issues } : {}),
        },
      },
      e.status,
    )
  })
  app.notFound((c) =>
    c.json(
      { error: { code: 'NOT_FOUND', message: 'Not found', requestId: c.get('requestId') } },
      404,
    ),
  )

  return app
}

export type App = ReturnType<typeof createApp>
export type { AppType } from './routes.js'
