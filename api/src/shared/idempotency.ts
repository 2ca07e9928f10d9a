import { createHash } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'
import { ApiError } from './errors.js'

/**
 * Idempotency keys for money-writing requests (decision 046), after Stripe's model and the IETF
 * `Idempotency-Key` draft. The client sends `Idempotency-Key: <uuid>`; the first request with a
 * key claims it *inside its own write transaction* and stores its response there, so the write
 * and its stored response commit together or not at all (a crash in between cannot leave a
 * payment without its key, nor a key without its payment). A retry with the same key and the
 * same request gets the stored response back (`Idempotent-Replayed: true`) and writes nothing.
 *
 * - Same key, different request (method, path or body): 422 IDEMPOTENCY_KEY_REUSED.
 * - Same key while the first request is still running: the retry waits on the key's row (the
 *   database's unique-index lock) and then replays the first one's response; if the first failed,
 *   nothing was stored and the retry runs as a new request.
 * - Only successes are stored: a refused request rolled back its transaction, claim included, so
 *   retrying it with the same key simply tries again (it wrote nothing that could be duplicated).
 * - Keys are the caller's own (one user's key never meets another's) and live 24 hours.
 *
 * This file is the storage side (no Hono); `idempotency.middleware.ts` reads the header.
 */

export const IDEMPOTENCY_HEADER = 'Idempotency-Key'
export const REPLAYED_HEADER = 'Idempotent-Replayed'
export const KEY_TTL_MS = 24 * 60 * 60 * 1000
export const KEY_MAX_LENGTH = 255
/** Visible ASCII, no spaces: a UUID fits, and so does any reasonable client's key. */
const KEY_PATTERN = /^[\x21-\x7e]+$/

type Q = Kysely<DB> | Transaction<DB>

/** A request that carries a key: who sent it, the key, and what it asked for. */
export interface IdempotentRequest {
  userId: string
  key: string
  fingerprint: string
  method: string
  path: string
  /** The status the route answers a success with (stored with the body). */
  status: number
  /** Set when the service found the key already used by a finished request: replay this. */
  replay?: StoredResponse
}

export interface StoredResponse {
  status: number
  body: string
}

/** Validates the header value: 400 IDEMPOTENCY_KEY_INVALID for an empty, long or unprintable key. */
export function parseKey(raw: string): string {
  if (raw.length === 0 || raw.length > KEY_MAX_LENGTH || !KEY_PATTERN.test(raw))
    throw new ApiError(
      400,
      'IDEMPOTENCY_KEY_INVALID',
      `The ${IDEMPOTENCY_HEADER} header must be 1–${KEY_MAX_LENGTH} visible ASCII characters (a UUID is best)`,
      { maxLength: KEY_MAX_LENGTH },
    )
  return raw
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  return JSON.stringify(value) ?? 'null'
}

/** What makes two requests "the same": method, path and body (JSON compared by value). */
export function fingerprint(method: string, path: string, body: string): string {
  let normal = body
  try {
    normal = canonical(JSON.parse(body))
  } catch {
    // Not JSON: the raw bytes are the request.
  }
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${normal}`).digest('hex')
}

const reused = () =>
  new ApiError(
    422,
    'IDEMPOTENCY_KEY_REUSED',
    `This ${IDEMPOTENCY_HEADER} was already used for a different request; send a new key for a new request`,
  )

/**
 * The finished request stored under the caller's key, if there is a live one. Throws 422 when the
 * key was used for a different request. Outside any transaction: the quick path for a retry of a
 * request that completed long ago (an in-flight one is not visible yet and is caught by `claim`).
 */
export async function findStored(
  db: Q,
  req: Omit<IdempotentRequest, 'status' | 'replay'>,
  now: Date,
): Promise<StoredResponse | undefined> {
  const row = await db
    .selectFrom('idempotency_key')
    .select(['fingerprint', 'response_status', 'response_body'])
    .where('user_id', '=', req.userId)
    .where('key', '=', req.key)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  if (!row) return undefined
  if (row.fingerprint !== req.fingerprint) throw reused()
  if (row.response_status === null || row.response_body === null) return undefined
  return { status: row.response_status, body: row.response_body }
}

/**
 * Inside the write transaction, first thing: claims the key, or returns the response of the
 * request that already holds it. A concurrent holder blocks this insert until it commits (then we
 * replay it) or rolls back (then we go on and write).
 */
async function claim(
  trx: Transaction<DB>,
  req: IdempotentRequest,
  now: Date,
): Promise<StoredResponse | undefined> {
  // An expired key is free again: its old row gives way (waiting if another request holds it).
  await trx
    .deleteFrom('idempotency_key')
    .where('user_id', '=', req.userId)
    .where('key', '=', req.key)
    .where('expires_at', '<=', now)
    .execute()
  const claimed = await trx
    .insertInto('idempotency_key')
    .values({
      user_id: req.userId,
      key: req.key,
      fingerprint: req.fingerprint,
      method: req.method,
      path: req.path,
      response_status: null,
      response_body: null,
      created_at: now,
      expires_at: new Date(now.getTime() + KEY_TTL_MS),
    })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst()
  if (claimed) {
    // Housekeeping: the caller's other expired keys, skipping any row another request holds.
    await trx
      .deleteFrom('idempotency_key')
      .where('user_id', '=', req.userId)
      .where('key', 'in', (eb) =>
        eb
          .selectFrom('idempotency_key')
          .select('key')
          .where('user_id', '=', req.userId)
          .where('expires_at', '<=', now)
          .limit(100)
          .forUpdate()
          .skipLocked(),
      )
      .execute()
    return undefined
  }
  // Someone else holds the key and has committed: read what it stored (a new snapshot sees it).
  const stored = await findStored(trx, req, now)
  if (!stored)
    // Committed rows always carry their response; only a clock moved past expiry lands here.
    throw new ApiError(
      409,
      'IDEMPOTENCY_KEY_IN_USE',
      `A request with this ${IDEMPOTENCY_HEADER} is still being processed; retry shortly`,
    )
  return stored
}

/**
 * Runs a money write in one transaction, once per idempotency key: without a key it is just the
 * transaction; with one it claims the key first, and stores `work`'s result as the response in the
 * same transaction. A replay returns the stored body (and marks `req.replay` for the route).
 */
export async function writeOnce<T>(
  db: Kysely<DB>,
  req: IdempotentRequest | undefined,
  now: Date,
  work: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    if (!req) return work(trx)
    const stored = await claim(trx, req, now)
    if (stored) {
      req.replay = stored
      return JSON.parse(stored.body) as T
    }
    const result = await work(trx)
    await trx
      .updateTable('idempotency_key')
      .set({ response_status: req.status, response_body: JSON.stringify(result) })
      .where('user_id', '=', req.userId)
      .where('key', '=', req.key)
      .execute()
    return result
  })
}
