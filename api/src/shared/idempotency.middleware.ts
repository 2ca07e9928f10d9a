import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { describeRoute } from 'hono-openapi'
import type { AppEnv } from './context.js'
import { ErrorBody } from './openapi.js'
import { resolver } from 'hono-openapi'
import {
  findStored,
  fingerprint,
  IDEMPOTENCY_HEADER,
  KEY_MAX_LENGTH,
  KEY_TTL_MS,
  parseKey,
  REPLAYED_HEADER,
  type IdempotentRequest,
  type StoredResponse,
} from './idempotency.js'

/** The claim of each request that carries a key, for its handler (see `idempotencyOf`). */
const claims = new WeakMap<Request, IdempotentRequest>()

/** The caller's keyed request on a route behind `idempotent()`, to pass to the service verb. */
export const idempotencyOf = (c: Context): IdempotentRequest | undefined => claims.get(c.req.raw)

const replayResponse = (stored: StoredResponse) =>
  new Response(stored.body, {
    status: stored.status,
    headers: { 'content-type': 'application/json', [REPLAYED_HEADER]: 'true' },
  })

const errorContent = { 'application/json': { schema: resolver(ErrorBody) } }

/**
 * Reads `Idempotency-Key` on a money-writing route (decision 046). Place it after the body
 * validator; the handler passes `idempotencyOf(c)` to the service verb, which claims the key
 * inside its transaction (`writeOnce`). `status` is the route's success status.
 *
 * No header: today's behaviour. A bad header: 400. A retry of a finished request: its stored
 * response, replayed here without touching the service. Unauthenticated: left to the service's 401.
 */
export function idempotent(status: 201 | 200) {
  const mw = createMiddleware<AppEnv>(async (c, next) => {
    const raw = c.req.header(IDEMPOTENCY_HEADER)
    const auth = c.get('auth')
    if (raw === undefined || !auth) return next()
    const key = parseKey(raw)
    const method = c.req.method
    const path = c.req.path
    const req = {
      userId: auth.userId,
      key,
      method,
      path,
      fingerprint: fingerprint(method, path, await c.req.text()),
    }
    const { deps } = c.var
    const stored = await findStored(deps.database.db, req, deps.now())
    if (stored) return replayResponse(stored)
    const claim: IdempotentRequest = { ...req, status }
    claims.set(c.req.raw, claim)
    await next()
    // A concurrent duplicate that waited for the first and found its response: send it as stored.
    if (claim.replay) c.res = replayResponse(claim.replay)
  })
  // The header and its refusals in the OpenAPI document, merged into the route's own doc().
  const described: typeof mw = Object.assign(
    mw,
    describeRoute({
      parameters: [
        {
          name: IDEMPOTENCY_HEADER,
          in: 'header',
          required: false,
          description: `Optional. A fresh UUID per intended write, reused on every retry of it: a retry within ${KEY_TTL_MS / 3_600_000} h returns the first response (header ${REPLAYED_HEADER}: true) and writes nothing again. See decision 046.`,
          schema: { type: 'string', minLength: 1, maxLength: KEY_MAX_LENGTH },
        },
      ],
      responses: {
        422: {
          description:
            'IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was already used for a different request',
          content: errorContent,
        },
      },
    }),
  )
  return described
}
