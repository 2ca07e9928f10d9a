import { sql, type Kysely, type Transaction } from 'kysely'
import { jsonb, type DB } from '@ms/db'
import { chainHash, findBrokenLink, GENESIS, type ChainLink } from './audit.rules.js'

export interface AuditEntry {
  jurisdictionId: string
  actorUserId: string | null
  action: string
  entity: string
  entityId?: string | null
  before?: unknown
  after?: unknown
  requestId?: string | null
}

type Row = {
  seq: number
  jurisdiction_id: string
  actor_user_id: string | null
  action: string
  entity: string
  entity_id: string | null
  before: unknown
  after: unknown
  at: Date
  request_id: string | null
  prev_hash: string
  hash: string
}

/** What the hash covers: everything but seq (assigned by the database) and the hashes themselves. */
export function auditContent(r: Omit<Row, 'seq' | 'prev_hash' | 'hash'>) {
  return {
    jurisdictionId: r.jurisdiction_id,
    actorUserId: r.actor_user_id,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before ?? null,
    after: r.after ?? null,
    at: r.at.toISOString(),
    requestId: r.request_id,
  }
}

/** Round-trips through JSON so the hashed value is exactly what jsonb gives back (no Dates, no undefined). */
const plain = (v: unknown) => (v === undefined ? null : JSON.parse(JSON.stringify(v)))

/**
 * Appends to the jurisdiction's chain. Must run inside the caller's transaction, so the audit
 * row commits (or not) with the change it describes. One chain per jurisdiction (the tenant key),
 * serialised by a transaction-scoped advisory lock.
 */
export async function appendAudit(trx: Transaction<DB>, e: AuditEntry, at: Date): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${'audit:' + e.jurisdictionId}, 0))`.execute(
    trx,
  )
  const last = await trx
    .selectFrom('audit_log')
    .select('hash')
    .where('jurisdiction_id', '=', e.jurisdictionId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  const prev = last?.hash ?? GENESIS
  const row = {
    jurisdiction_id: e.jurisdictionId,
    actor_user_id: e.actorUserId,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId ?? null,
    before: plain(e.before),
    after: plain(e.after),
    at,
    request_id: e.requestId ?? null,
  }
  const hash = chainHash(prev, auditContent(row))
  await trx
    .insertInto('audit_log')
    .values({
      ...row,
      before: row.before === null ? null : jsonb(row.before),
      after: row.after === null ? null : jsonb(row.after),
      prev_hash: prev,
      hash,
    })
    .execute()
}

export interface ChainReport {
  jurisdictionId: string
  rows: number
  ok: boolean
  brokenSeq?: number
  reason?: 'prev_hash' | 'hash'
}

/** Verifies every chain (or one jurisdiction's), reading in pages so 100k+ rows stay cheap in memory. */
export async function verifyAuditChains(
  db: Kysely<DB>,
  jurisdictionIds?: string[],
): Promise<ChainReport[]> {
  let q = db.selectFrom('audit_log').select('jurisdiction_id').distinct()
  if (jurisdictionIds) {
    if (jurisdictionIds.length === 0) return []
    q = q.where('jurisdiction_id', 'in', jurisdictionIds)
  }
  const jids = (await q.execute()).map((r) => r.jurisdiction_id)
  const reports: ChainReport[] = []
  for (const jid of jids) {
    let prev = GENESIS
    let after = 0
    let rows = 0
    let broken: { id: string | number; reason: 'prev_hash' | 'hash' } | null = null
    for (;;) {
      const page = (await db
        .selectFrom('audit_log')
        .selectAll()
        .where('jurisdiction_id', '=', jid)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(5000)
        .execute()) as Row[]
      if (page.length === 0) break
      const links: ChainLink[] = page.map((r) => ({
        id: r.seq,
        prevHash: r.prev_hash,
        hash: r.hash,
        content: auditContent(r),
      }))
      broken = findBrokenLink(links, prev)
      rows += page.length
      if (broken) break
      prev = page[page.length - 1]!.hash
      after = page[page.length - 1]!.seq
    }
    reports.push(
      broken
        ? {
            jurisdictionId: jid,
            rows,
            ok: false,
            brokenSeq: Number(broken.id),
            reason: broken.reason,
          }
        : { jurisdictionId: jid, rows, ok: true },
    )
  }
  return reports
}
