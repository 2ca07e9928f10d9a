import {
  createQueryId,
  Kysely,
  PGliteDialect,
  sql,
  type CompiledQuery,
  type RawBuilder,
  type RootOperationNode,
} from 'kysely'
import { PGlite } from '@electric-sql/pglite'
import postgres from 'postgres'
import { PostgresJSDialect } from 'kysely-postgres-js'
import path from 'node:path'
import type { DB } from './schema/index.js'
import { OID, parseDate, parseInt8, parseNumeric } from './types.js'
import { lockDataDir } from './lock.js'
import { countWrites } from './write-version.js'

export type Backend = 'pglite' | 'postgres'

export interface Database {
  db: Kysely<DB>
  backend: Backend
  /** Listen on a PostgreSQL channel; returns an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>
  notify(channel: string, payload: string): Promise<void>
  close(): Promise<void>
  /**
   * One compiled statement (see `precompiled`), outside any transaction; returns its rows. On
   * PostgreSQL it goes straight to postgres.js's pool, which may pipeline it on a connection with
   * other requests' statements (one socket write for several), where a kysely query reserves a
   * connection for itself. For hot reads; anything that takes locks belongs in a transaction.
   */
  query<R>(q: CompiledQuery<R>): Promise<R[]>
  /**
   * The statements as one transaction, in two round trips on PostgreSQL: BEGIN and every
   * statement leave in one socket write, and once all have answered, COMMIT (or ROLLBACK if any
   * failed; its error is thrown). Each statement still runs after the one before it has finished,
   * with its own snapshot (READ COMMITTED), so a statement after a lock sees what the lock's
   * holder committed; but none can use an earlier one's result. On PGlite: one kysely transaction
   * running them in turn. Returns each statement's rows.
   */
  transactionPipeline<Q extends readonly CompiledQuery[]>(qs: Q): Promise<RowsOf<Q>>
  /** The raw PGlite instance (embedded only), e.g. to dump a test template. */
  pglite?: PGlite
  /**
   * Embedded only, where this process is the only writer: a number that grows after every
   * committed write through `db` (db/src/write-version.ts). Absent on PostgreSQL.
   */
  writeVersion?: () => number
}

/** The rows of each statement of a `transactionPipeline`. */
export type RowsOf<Q extends readonly CompiledQuery[]> = {
  -readonly [K in keyof Q]: Q[K] extends CompiledQuery<infer R> ? R[] : never
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
  const writes = countWrites(new PGliteDialect({ pglite: pg }))
  const db = new Kysely<DB>({ dialect: writes.dialect })
  return {
    db,
    backend: 'pglite',
    pglite: pg,
    writeVersion: writes.version,
    async listen(channel, onPayload) {
      const unsub = await pg.listen(channel, onPayload)
      return async () => unsub()
    },
    async notify(channel, payload) {
      await sql`select pg_notify(${channel}, ${payload})`.execute(db)
    },
    async query<R>(q: CompiledQuery<R>) {
      return (await db.executeQuery(q)).rows
    },
    transactionPipeline<Q extends readonly CompiledQuery[]>(qs: Q) {
      return db.transaction().execute(async (trx) => {
        const out: unknown[][] = []
        for (const q of qs) out.push((await trx.executeQuery(q)).rows)
        return out as RowsOf<Q>
      })
    },
    async close() {
      await db.destroy()
      release?.()
    },
  }
}

/**
 * libpq's way of naming a Unix-domain socket in a URL: `?host=/var/run/postgresql` (a directory;
 * the socket is `<dir>/.s.PGSQL.<port>`), with the URL's own host empty or any name. postgres.js
 * does not read that parameter (it would send it to the server as a setting), so it is taken out
 * here and handed over as the `host` option. Returns the URL without it and the socket directory.
 */
export function socketDirOf(url: string): { url: string; host?: string } {
  const u = new URL(url)
  const host = u.searchParams.get('host')
  if (!host) return { url }
  if (!host.startsWith('/'))
    throw new Error(
      `DATABASE_URL: ?host= must be a socket directory (an absolute path), got "${host}"`,
    )
  u.searchParams.delete('host')
  // postgres.js needs a host in the URL; the socket path replaces it.
  if (!u.hostname) u.hostname = 'localhost'
  return { url: u.toString(), host }
}

async function openPostgres(rawUrl: string, opts: OpenOptions): Promise<Database> {
  const { url, host } = socketDirOf(rawUrl)
  const client = postgres(url, {
    ...(host ? { host } : {}),
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
    async query<R>(q: CompiledQuery<R>) {
      // The same call kysely-postgres-js makes, minus the reservation of a connection.
      return (await client.unsafe(q.sql, [...q.parameters] as never[], {
        prepare: true,
      })) as unknown as R[]
    },
    async transactionPipeline<Q extends readonly CompiledQuery[]>(qs: Q) {
      const conn = await client.reserve()
      try {
        // BEGIN as a simple query, never a prepared statement: postgres.js re-sends a prepared
        // statement the server no longer knows (e.g. after a pooler's DISCARD) at the end of the
        // pipeline, which would run the statements sent after it outside the transaction. A
        // statement re-sent after BEGIN has succeeded fails inside the then aborted transaction.
        const begin = conn.unsafe('begin')
        const sent = qs.map((q) =>
          conn.unsafe(q.sql, [...q.parameters] as never[], { prepare: true }),
        )
        // Awaiting them together sends them in order, in one write (postgres.js queues the
        // queries of a reserved connection and flushes its buffer once per event-loop turn).
        const settled = await Promise.allSettled([begin, ...sent])
        const failed = settled.find((s) => s.status === 'rejected')
        await conn.unsafe(failed ? 'rollback' : 'commit')
        if (failed) throw failed.reason
        return settled
          .slice(1)
          .map((s) => [...(s as PromiseFulfilledResult<unknown[]>).value]) as RowsOf<Q>
      } finally {
        conn.release()
      }
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

const HOLE = '\u0000ms-precompiled-argument:'

/**
 * A kysely query built and compiled once, then reused with new argument values: `build` runs on
 * the first call with a placeholder for each argument, and every call returns the compiled SQL
 * with the real values put where the placeholders landed among the parameters. For hot paths,
 * where building and compiling the query cost more Node CPU than the database spends on it.
 *
 * Only for queries whose SQL does not depend on the values: each argument must reach the query
 * as a parameter unchanged (not lower-cased, concatenated, JSON-encoded or spread into a list);
 * that is checked on the first call. The SQL is the same on both backends (both compile with
 * kysely's PostgreSQL compiler, and no plugin rewrites queries), so one compilation serves both.
 */
export function precompiled<A extends unknown[], R>(
  build: (db: Kysely<DB>, ...args: A) => { compile(db: Kysely<DB>): CompiledQuery<R> },
): (db: Kysely<DB>, ...args: A) => CompiledQuery<R> {
  let template:
    | { sql: string; query: RootOperationNode; slots: ({ arg: number } | { value: unknown })[] }
    | undefined
  return (db, ...args) => {
    if (!template) {
      const holes = args.map((_, i) => `${HOLE}${i}`) as A
      const c = build(db, ...holes).compile(db)
      const used = new Set<number>()
      const slots = c.parameters.map((p) => {
        if (typeof p === 'string' && p.includes(HOLE)) {
          const arg = Number(p.slice(HOLE.length))
          if (!p.startsWith(HOLE) || `${HOLE}${arg}` !== p)
            throw new Error(`precompiled: argument ${arg} reaches the query altered`)
          used.add(arg)
          return { arg }
        }
        return { value: p }
      })
      if (used.size !== args.length || c.sql.includes(HOLE))
        throw new Error('precompiled: every argument must reach the query as a parameter')
      template = { sql: c.sql, query: c.query, slots }
    }
    const t = template
    return {
      sql: t.sql,
      query: t.query,
      queryId: createQueryId(),
      parameters: t.slots.map((s) => ('arg' in s ? args[s.arg] : s.value)),
    } as CompiledQuery<R>
  }
}
