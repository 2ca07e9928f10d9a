import type { ColumnType } from 'kysely'

/** One money-writing request sent with an Idempotency-Key, and the response it got (decision 046). */
export interface IdempotencyKeyTable {
  user_id: string
  key: string
  fingerprint: string
  method: string
  path: string
  /** Null only inside the transaction that claims the key; filled before it commits. */
  response_status: number | null
  response_body: string | null
  created_at: ColumnType<Date, Date | undefined, never>
  expires_at: Date
}

export interface IdempotencyTables {
  idempotency_key: IdempotencyKeyTable
}
