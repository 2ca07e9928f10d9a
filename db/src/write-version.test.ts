import { afterAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestDatabase } from './testing.js'
import { statementKind } from './write-version.js'

const database = await createTestDatabase()
afterAll(() => database.close())

describe('statementKind', () => {
  it('calls a statement a read only when it starts as one and names no write', () => {
    for (const s of [
      'select 1',
      '  /* c */ -- x\n WITH a AS (select 1) select * from a',
      'select "updated_at" from "cycle" where "id" = $1',
      'select pg_notify($1, $2)',
      'set local statement_timeout = 1000',
      'savepoint sp1',
      'release savepoint sp1',
    ])
      expect(statementKind(s), s).toBe('read')
    for (const s of [
      'insert into t values (1)',
      'UPDATE t SET x = 1',
      'delete from t',
      'with d as (delete from t returning *) select * from d',
      'select * from t for update',
      'select nextval($1)',
      'select * into t2 from t',
      'create table t (x int)',
      'do $$ begin perform 1; end $$',
      'call p()',
      'truncate t',
      '/* select */ insert into t values (1)',
      'explain analyze delete from t',
      'vacuum',
    ])
      expect(statementKind(s), s).toBe('write')
    expect(statementKind('BEGIN')).toBe('begin')
    expect(statementKind('start transaction isolation level serializable')).toBe('begin')
    for (const s of ['commit', 'ROLLBACK', 'end', 'abort', 'rollback transaction'])
      expect(statementKind(s), s).toBe('end')
    expect(statementKind('rollback to savepoint sp1')).toBe('other')
    expect(statementKind('rollback to sp1')).toBe('other')
  })
})

describe.runIf(database.backend === 'pglite')('the embedded write version', () => {
  const v = () => database.writeVersion!()

  it('grows after each write that ends, and only after it is committed', async () => {
    const db = database.db
    await sql`create table if not exists wv_t (x int)`.execute(db)
    let v0 = v()
    await sql`select count(*) from wv_t`.execute(db)
    await db
      .selectFrom('wv_t' as never)
      .selectAll()
      .execute()
    expect(v()).toBe(v0)

    // Outside a transaction: after the statement.
    await sql`insert into wv_t values (1)`.execute(db)
    expect(v()).toBe(v0 + 1)
    v0 = v()

    // Inside one: not before COMMIT (a reader in between must not see a new version).
    await db.transaction().execute(async (trx) => {
      await sql`insert into wv_t values (2)`.execute(trx)
      await sql`update wv_t set x = x + 1`.execute(trx)
      expect(v()).toBe(v0)
    })
    expect(v()).toBe(v0 + 1)
    v0 = v()

    // A read-only transaction does not bump; a failed one that wrote does (harmless).
    await db.transaction().execute((trx) => sql`select 1`.execute(trx))
    expect(v()).toBe(v0)
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into wv_t values (3)`.execute(trx)
        throw new Error('abandon')
      }),
    ).rejects.toThrow('abandon')
    expect(v()).toBe(v0 + 1)
    v0 = v()

    // Savepoints, and a connection with its own BEGIN … COMMIT.
    const trx = await db.startTransaction().execute()
    const sp = await trx.savepoint('a').execute()
    await sql`insert into wv_t values (4)`.execute(sp)
    await sp.rollbackToSavepoint('a').execute()
    expect(v()).toBe(v0)
    await trx.commit().execute()
    expect(v()).toBe(v0 + 1)
    v0 = v()
    await db.connection().execute(async (c) => {
      await sql`begin`.execute(c)
      await sql`insert into wv_t values (5)`.execute(c)
      expect(v()).toBe(v0)
      await sql`commit`.execute(c)
    })
    expect(v()).toBe(v0 + 1)
    v0 = v()

    // A BEGIN that fails opens nothing: the next write outside a transaction still counts.
    await expect(sql`begin isolation level bogus`.execute(db)).rejects.toThrow()
    await sql`insert into wv_t values (7)`.execute(db)
    expect(v()).toBe(v0 + 1)
    await sql`delete from wv_t where x = 7`.execute(db)
    v0 = v()

    // The Database's own pipelined transaction goes through the same driver.
    await database.transactionPipeline([sql`insert into wv_t values (6)`.compile(db)] as const)
    expect(v()).toBe(v0 + 1)
    const rows = await sql<{ n: number }>`select count(*)::int as n from wv_t`.execute(db)
    expect(rows.rows[0]!.n).toBe(4) // 1, 2, 5, 6: 3 rolled back, 4 rolled back to the savepoint
  })
})

describe('the schema', () => {
  it('has no function a SELECT could call to write (only triggers), so a read never hides a write', async () => {
    const r = await sql<{ name: string }>`
      select p.proname as name
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = current_schema() and p.prorettype <> 'trigger'::regtype`.execute(
      database.db,
    )
    expect(r.rows).toEqual([])
  })
})

describe.runIf(database.backend === 'postgres')('on PostgreSQL', () => {
  it('has no in-process write version (other processes may write)', () => {
    expect(database.writeVersion).toBeUndefined()
  })
})
