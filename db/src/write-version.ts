import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  Kysely,
  QueryResult,
  TransactionSettings,
} from 'kysely'

/**
 * A write version kept in process: a number that grows after every statement or transaction that
 * may have changed data has ended. Only meaningful where this process is the database's only
 * writer — the embedded PGlite, which one process owns (lockDataDir) and which every statement of
 * this process reaches through one Kysely instance — so that a reader can tell whether anything
 * changed since it last looked without asking the database
 * (docs/decisions/044-public-overview-body-cache.md, addendum).
 *
 * It sits at the driver, under every Kysely path: query builders, raw `sql`, transactions (also
 * `transactionPipeline`, the migrator and seeds), savepoints, a `db.connection()` with its own
 * BEGIN/COMMIT. A statement counts as a possible write unless it is plainly a read (see
 * `mayWrite`); the version is bumped AFTER the write is visible: after the statement for one
 * outside a transaction, after COMMIT (or ROLLBACK — a needless bump costs one recomputation,
 * never staleness) for one inside. A reader that takes the version before it reads therefore never
 * files data older than the version it took: either it took the old version (and the bump will
 * make its result stale), or the bump came first and so did the commit.
 *
 * Not seen: statements sent through the raw PGlite handle (`Database.pglite`) or another Kysely
 * instance built on it. Nothing in the project writes that way (the handle dumps test templates).
 */
export interface WriteCounter {
  dialect: Dialect
  /** The current version: 0 at open, +1 per ended write (transaction or single statement). */
  version(): number
}

export function countWrites(inner: Dialect): WriteCounter {
  let version = 0
  const bump = () => {
    version++
  }
  return {
    version: () => version,
    dialect: {
      createAdapter: () => inner.createAdapter(),
      createIntrospector: (db: Kysely<any>) => inner.createIntrospector(db),
      createQueryCompiler: () => inner.createQueryCompiler(),
      createDriver: () => new CountingDriver(inner.createDriver(), bump),
    },
  }
}

/** Whether a connection is inside a transaction and whether that transaction may have written. */
interface TxState {
  inTx: boolean
  dirty: boolean
}

class CountingConnection implements DatabaseConnection {
  readonly state: TxState = { inTx: false, dirty: false }
  constructor(
    readonly inner: DatabaseConnection,
    private readonly bump: () => void,
  ) {}

  /** Ends the transaction (after COMMIT/ROLLBACK returned or failed): bump if it may have written. */
  endTx() {
    const dirty = this.state.dirty
    this.state.inTx = false
    this.state.dirty = false
    if (dirty) this.bump()
  }

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const kind = statementKind(q.sql)
    if (kind === 'begin') this.state.inTx = true
    if (kind === 'write' && this.state.inTx) this.state.dirty = true
    let done = false
    try {
      const result = await this.inner.executeQuery<R>(q)
      done = true
      return result
    } finally {
      if (kind === 'end') this.endTx()
      else if (kind === 'write' && !this.state.inTx) this.bump()
      // A BEGIN that failed opened nothing: later writes must not wait for a COMMIT.
      else if (kind === 'begin' && !done) this.state.inTx = false
    }
  }

  streamQuery<R>(q: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    const kind = statementKind(q.sql)
    if (kind === 'write' && this.state.inTx) this.state.dirty = true
    return this.#counted(this.inner.streamQuery<R>(q, chunkSize as number), kind)
  }

  async *#counted<R>(rows: AsyncIterableIterator<QueryResult<R>>, kind: StatementKind) {
    try {
      yield* rows
    } finally {
      if (kind === 'write' && !this.state.inTx) this.bump()
    }
  }
}

class CountingDriver implements Driver {
  /** One wrapper per driver connection, so Kysely sees the same object each time it gets it. */
  readonly #wrapped = new WeakMap<DatabaseConnection, CountingConnection>()
  constructor(
    private readonly inner: Driver,
    private readonly bump: () => void,
  ) {}

  init() {
    return this.inner.init()
  }
  destroy() {
    return this.inner.destroy()
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const c = await this.inner.acquireConnection()
    let w = this.#wrapped.get(c)
    if (!w) this.#wrapped.set(c, (w = new CountingConnection(c, this.bump)))
    return w
  }
  releaseConnection(c: DatabaseConnection) {
    return this.inner.releaseConnection(unwrap(c))
  }
  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings) {
    const w = c as CountingConnection
    w.state.inTx = true
    try {
      await this.inner.beginTransaction(w.inner, settings)
    } catch (e) {
      // Kysely neither commits nor rolls back a transaction whose BEGIN failed.
      w.state.inTx = false
      throw e
    }
  }
  async commitTransaction(c: DatabaseConnection) {
    const w = c as CountingConnection
    try {
      await this.inner.commitTransaction(w.inner)
    } finally {
      w.endTx()
    }
  }
  async rollbackTransaction(c: DatabaseConnection) {
    const w = c as CountingConnection
    try {
      await this.inner.rollbackTransaction(w.inner)
    } finally {
      w.endTx()
    }
  }
  // Savepoints neither write nor end the transaction; a rollback to one keeps it dirty (what ran
  // before the savepoint may still commit).
  async savepoint(c: DatabaseConnection, name: string, compile: SavepointCompile) {
    await this.inner.savepoint?.(unwrap(c), name, compile)
  }
  async rollbackToSavepoint(c: DatabaseConnection, name: string, compile: SavepointCompile) {
    await this.inner.rollbackToSavepoint?.(unwrap(c), name, compile)
  }
  async releaseSavepoint(c: DatabaseConnection, name: string, compile: SavepointCompile) {
    await this.inner.releaseSavepoint?.(unwrap(c), name, compile)
  }
}

type SavepointCompile = Parameters<NonNullable<Driver['savepoint']>>[2]
const unwrap = (c: DatabaseConnection) => (c instanceof CountingConnection ? c.inner : c)

export type StatementKind = 'read' | 'write' | 'begin' | 'end' | 'other'

/** Leading whitespace and comments. */
const LEAD = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/
/** Statements that read: a query, or a session command that changes no data. */
const READ = /^(?:select|with|values|table|show|set|reset|lock|savepoint|release|listen|unlisten)\b/
const BEGIN = /^(?:begin|start\s+transaction)\b/
const ROLLBACK_TO = /^rollback\s+(?:(?:work|transaction)\s+)?to\b/
const END = /^(?:commit|end|abort|rollback)\b/
/**
 * Words that make a read a possible write: a data-modifying CTE, SELECT … INTO (creates a table),
 * sequence changes, FOR UPDATE (only in write transactions anyway), COPY. A false alarm costs a
 * needless bump, never staleness, so the test is on whole words anywhere in the text.
 */
const WRITE_WORD = /\b(?:insert|update|delete|merge|truncate|into|copy|call|nextval|setval)\b/i

const kinds = new Map<string, StatementKind>()

/**
 * What a statement does to the write version. 'read' only for a statement that starts as a read
 * and names no write; anything else that is not transaction control (DDL, INSERT/UPDATE/DELETE,
 * DO, CALL, an unknown command) is a 'write'. A SELECT can still write by calling a user-defined
 * function that writes; the schema has none (db.test.ts checks that every function in it returns
 * trigger), and a new one must be added to WRITE_WORD.
 */
export function statementKind(text: string): StatementKind {
  const cached = kinds.get(text)
  if (cached) return cached
  const s = text.replace(LEAD, '').toLowerCase()
  const kind: StatementKind = BEGIN.test(s)
    ? 'begin'
    : ROLLBACK_TO.test(s)
      ? 'other'
      : END.test(s)
        ? 'end'
        : READ.test(s) && !WRITE_WORD.test(s)
          ? 'read'
          : 'write'
  if (kinds.size >= 2_000) kinds.clear() // precompiled and builder SQL repeats; bound the memo
  kinds.set(text, kind)
  return kind
}
