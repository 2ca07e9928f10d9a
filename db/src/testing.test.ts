import { expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestDatabase } from './testing.js'

it('gives each test database its own migrated schema, several at once in one file', async () => {
  const [a, b] = [await createTestDatabase(), await createTestDatabase()]
  try {
    await a.db
      .insertInto('jurisdiction')
      .values({ name: '甲', level: 'city', parent_id: null, path: '/a/' })
      .execute()
    const count = async (d: typeof a) =>
      Number(
        (await sql<{ n: number }>`select count(*) as n from jurisdiction`.execute(d.db)).rows[0]!.n,
      )
    expect(await count(a)).toBe(1)
    expect(await count(b)).toBe(0)
  } finally {
    await a.close()
    await b.close()
  }
})

it.runIf(process.env.DATABASE_URL)(
  'migrates while other test files drop their schemas (postgres)',
  async () => {
    // Kysely's migrator reads every schema's tables by name; before the advisory lock in
    // createTestDatabase, a drop landing mid-migration failed it with "schema … does not exist".
    // Schemas held open make each introspection longer, and the window for a drop wider.
    const held = await Promise.all(Array.from({ length: 4 }, () => createTestDatabase()))
    const churn = async () => {
      for (let i = 0; i < 4; i++) await (await createTestDatabase()).close()
    }
    try {
      await Promise.all(Array.from({ length: 4 }, churn))
    } finally {
      await Promise.all(held.map((d) => d.close()))
    }
  },
  120_000,
)
