/**
 * Audit tamper (issue #9): a chain of AUDIT_ROWS rows (CI: 20,000 per backend;
 * `pnpm test:reliability`: 100,000) built with the production chain function, one row altered the
 * way a DBA would (trigger disabled), and the verifier must name exactly that row. Also prints the
 * verification rate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { jsonb } from '@ms/db'
import { createTestApp, type TestApp } from '../../api/src/testing/harness.js'
import { auditContent, verifyAuditChains } from '../../api/src/audit/audit.repository.js'
import { chainHash, GENESIS } from '../../api/src/audit/audit.rules.js'

const ROWS = Number(process.env.AUDIT_ROWS ?? 20_000)
let t: TestApp
let jid: string

beforeAll(async () => {
  t = await createTestApp()
  jid = (await t.factory.jurisdiction({ name: '审计市' })).id
  let prev = GENESIS
  const base = Date.parse('2026-01-01T00:00:00Z')
  const batch: Record<string, unknown>[] = []
  const flush = async () => {
    if (!batch.length) return
    await t.database.db
      .insertInto('audit_log')
      .values(batch as never)
      .execute()
    batch.length = 0
  }
  for (let i = 0; i < ROWS; i++) {
    const row = {
      jurisdiction_id: jid,
      actor_user_id: null,
      action: i % 3 ? 'disbursement.create' : 'candidate.update',
      entity: 'thing',
      entity_id: String(i),
      before: i % 3 ? null : { amountFen: i },
      after: { amountFen: i * 100, note: `第${i}笔` },
      at: new Date(base + i * 1000),
      request_id: null,
    }
    const hash = chainHash(prev, auditContent(row))
    batch.push({
      ...row,
      before: row.before === null ? null : jsonb(row.before),
      after: jsonb(row.after),
      prev_hash: prev,
      hash,
    })
    prev = hash
    if (batch.length === 1000) await flush()
  }
  await flush()
}, 600_000)
afterAll(() => t?.close())

describe('audit tamper', () => {
  it(`verifies an intact chain of ${ROWS} rows, then names the one row altered in it`, async () => {
    let started = performance.now()
    const intact = await verifyAuditChains(t.database.db, [jid])
    const ms = performance.now() - started
    expect(intact).toEqual([{ jurisdictionId: jid, rows: ROWS, ok: true }])
    console.log(
      `audit verify: ${ROWS} rows in ${ms.toFixed(0)} ms (${Math.round(ROWS / (ms / 1000))} rows/s) on ${t.database.backend}`,
    )

    const victim = await t.database.db
      .selectFrom('audit_log')
      .select('seq')
      .where('jurisdiction_id', '=', jid)
      .orderBy('seq')
      .offset(Math.floor(ROWS * 0.73))
      .limit(1)
      .executeTakeFirstOrThrow()
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(t.database.db)
    await sql`update audit_log set after = jsonb_set(after, '{amountFen}', '1') where seq = ${victim.seq}`.execute(
      t.database.db,
    )
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(t.database.db)
    started = performance.now()
    const tampered = await verifyAuditChains(t.database.db, [jid])
    expect(tampered).toEqual([
      {
        jurisdictionId: jid,
        rows: expect.any(Number),
        ok: false,
        brokenSeq: victim.seq,
        reason: 'hash',
      },
    ])
  })
})
