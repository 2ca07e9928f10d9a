import { describe, expect, it, afterAll } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { createTestDatabase } from './testing.js'
import { lockDataDir, DataDirLockedError } from './lock.js'
import { jsonb, toNumber } from './client.js'

const database = await createTestDatabase()
afterAll(() => database.close())

describe('connection factory', () => {
  it('returns int8, numeric, date and timestamptz as the same JS types on both backends', async () => {
    const r = await sql<{
      c: number
      big: number
      n: string
      d: string
      t: Date
    }>`select count(*) as c, 9007199254740991::int8 as big, 12.30::numeric as n, '2026-11-22'::date as d, '2026-11-22T08:00:00Z'::timestamptz as t`.execute(
      database.db,
    )
    const row = r.rows[0]!
    expect(row.c).toBe(1)
    expect(row.big).toBe(9007199254740991)
    expect(row.n).toBe('12.30')
    expect(row.d).toBe('2026-11-22')
    expect(row.t).toBeInstanceOf(Date)
    expect(row.t.toISOString()).toBe('2026-11-22T08:00:00.000Z')
  })

  it('refuses an int8 beyond the safe integer range instead of rounding it', async () => {
    await expect(sql`select 9007199254740993::int8 as x`.execute(database.db)).rejects.toThrow(
      /safe integer/,
    )
  })

  it('stores jsonb values as objects, not JSON strings, on both backends', async () => {
    const r = await sql<{
      v: unknown
      t: string
    }>`select ${jsonb({ a: [1, '二'], b: null })} as v, jsonb_typeof(${jsonb({ a: 1 })}) as t`.execute(
      database.db,
    )
    expect(r.rows[0]!.v).toEqual({ a: [1, '二'], b: null })
    expect(r.rows[0]!.t).toBe('object')
  })

  it('normalises counts that arrive as strings', () => {
    expect(toNumber('42')).toBe(42)
    expect(toNumber(42)).toBe(42)
  })
})

describe('embedded data folder lock', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-lock-'))
  it('refuses a second holder with a clear message and frees the folder on release', () => {
    const release = lockDataDir(dir)
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError)
    expect(() => lockDataDir(dir)).toThrow(/in use by another process/)
    release()
    const again = lockDataDir(dir)
    again()
  })
  it('takes over a stale lock left by a dead process', () => {
    fs.writeFileSync(path.join(dir, '.ms-lock'), '999999999')
    const release = lockDataDir(dir)
    release()
  })
})
