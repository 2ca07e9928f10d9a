import { sql, type Kysely, type Transaction } from 'kysely'
import type { DB } from '@ms/db'

type Q = Kysely<DB> | Transaction<DB>

/**
 * The data version of a jurisdiction's subtree, for the overview body cache: how many
 * jurisdictions it holds and the sum, over them, of the head (max seq) of each one's audit chain.
 *
 * Every write that changes public data is audited in the same transaction as the change, under the
 * jurisdiction it belongs to (docs/decisions/044-public-overview-body-cache.md). Within one
 * jurisdiction the chain is appended under an advisory lock held until commit, so its head only
 * grows, in commit order; a sum of heads that only grow changes whenever any of them does. One
 * index probe per jurisdiction (audit_log_jur_idx is (jurisdiction_id, seq)), no table scan.
 * `undefined` when the jurisdiction does not exist.
 */
export async function subtreeDataVersion(db: Q, jid: string): Promise<string | undefined> {
  const r = await sql<{ n: number | string; heads: string | number | null }>`
    select count(*) as n,
           coalesce(sum((select max(a.seq) from audit_log a where a.jurisdiction_id = j.id)), 0)::text as heads
      from jurisdiction j
     where j.path like (select p.path from jurisdiction p where p.id = ${jid}) || '%'`.execute(db)
  const row = r.rows[0]
  if (!row || Number(row.n) === 0) return undefined
  return `${row.n}:${row.heads}`
}
