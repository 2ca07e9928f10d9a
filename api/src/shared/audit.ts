import type { Transaction } from 'kysely'
import type { DB } from '@ms/db'
import { appendAudit, type AuditEntry } from '../audit/audit.repository.js'

/**
 * Every feature records its writes through this one function, inside the transaction of the
 * change itself (so the log and the change commit together, or neither does).
 */
export function audit(
  trx: Transaction<DB>,
  entry: AuditEntry,
  at: Date = new Date(),
): Promise<void> {
  return appendAudit(trx, entry, at)
}
export type { AuditEntry }
