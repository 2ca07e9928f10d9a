import { Kysely, PGliteDialect, sql, type RawBuilder } from 'kysely'
import { PGlite } from '@electric-sql/pglite'
import postgres from 'postgres'
import { PostgresJSDialect } from 'kysely-postgres-js'
import path from 'node:path'
import type { DB } from './schema/index.js'
import { OID, parseDate, parseInt8, parseNumeric } from './types.js'
import { lockDataDir } from './lock.js'

export type Backend = 'pglite' | 'postgres'

export interface Database {
  db: Kysely<DB>
  backend: Backend
  /** Listen on a PostgreSQL channel; returns an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>
  notify(channel: string, payload: string): Promise<void>
  close(): Promise<void>
  /** The raw PGlite instance (embedded only), e.g. to dump a test template. */
  pglite?: PGlite
}

export interface OpenOptions {
  databaseUrl?: string
  dataDir?: string
  /** postgres only: a schema to use as search_path (tests). */
  schema?: string
  /** pglite only: start from a dumped data folder (tests). */
  loadDataDir?: Blob
  /** pglite only: skip the folder lock (in-memory test databases). */
  memory?: boolean
  max?: number
}

export const pgliteParsers = {
  [OID.int8]: parseInt8,
  [OID.numeric]: parseNumeric,
  [OID.date]: parseDate,
}

export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts)
  return openPglite(opts)
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  let release: (() => void) | undefined
  let dataDir: string | undefined
  if (!opts.memory) {
    dataDir = path.resolve(opts.dataDir ?? './data')
    release = lockDataDir(dataDir)
  }
  let pg: PGlite
  try {
    pg = await PGlite.create(dataDir ? path.join(dataDir, 'pgdata') : undefined, {
      parsers: pgliteParsers,
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    })
  } catch (e) {
    release?.()
    throw e
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: pg }) })
  return {
    db,
    backend: 'pglite',
    pglite: pg,
    async listen(channel, onPayload) {
      const unsub = await pg.listen(channel, onPayload)
      return async () => unsub()
    },
    async notify(channel, payload) {
      await sql`select pg_notify(${channel}, ${payload})`.execute(db)
    },
    async close() {
      await db.destroy()
      release?.()
    },
  }
}

async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  const client = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    types: {
      int8: {
        to: OID.int8,
        from: [OID.int8],
        serialize: (x: number) => String(x),
        parse: parseInt8,
      },
      numeric: {
        to: OID.numeric,
        from: [OID.numeric],
        serialize: (x: string) => x,
        parse: parseNumeric,
      },
      date: { to: OID.date, from: [OID.date], serialize: (x: string) => x, parse: parseDate },
    },
    ...(opts.schema ? { connection: { search_path: opts.schema } } : {}),
  })
  const db = new Kysely<DB>({ dialect: new PostgresJSDialect({ postgres: client }) })
  return {
    db,
    backend: 'postgres',
    async listen(channel, onPayload) {
      const sub = await client.listen(channel, onPayload)
      return async () => sub.unlisten()
    },
    async notify(channel, payload) {
      await client.notify(channel, payload)
    },
    async close() {
      await db.destroy()
    },
  }
}

/** Normalises a value that may arrive as number or string (e.g. count(*) in raw SQL). */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'string') return parseInt8(value)
  if (value == null) return 0
  throw new TypeError(`not a number: ${String(value)}`)
}

/**
 * A JSON value for a jsonb column, identical on both drivers. (Bound directly, postgres.js
 * stringifies strings again and PGlite does not, so an already-stringified value would be stored
 * as a JSON string on one and an object on the other.) Casting from text sidesteps both.
 */
// `any`: it is a SQL expression usable for a jsonb column however that column is typed.
export function jsonb(value: unknown): RawBuilder<any> {
  return sql`cast(${JSON.stringify(value ?? null)}::text as jsonb)`
}
