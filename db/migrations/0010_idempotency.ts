import { sql, type Kysely } from 'kysely'

// Frozen in time: never import application code here.
//
// Idempotency keys (decision 046): a money-writing request sent with `Idempotency-Key` leaves one
// row per caller and key, written in the same transaction as the write itself, with a hash of the
// request and the response it got. A retry with the same key gets that response back instead of
// writing again. Rows live 24 h (expires_at); an expired row is replaced when its key is reused.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('idempotency_key')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('key', 'text', (c) => c.notNull().check(sql`length(key) between 1 and 255`))
    // sha256 (hex) of method, path and the canonical JSON body.
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    // The response as sent. Null only inside the claiming transaction, which fills it before it
    // commits: no other transaction ever sees a row without its response.
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_key_pkey', ['user_id', 'key'])
    .execute()
  await db.schema
    .createIndex('idempotency_key_expires_idx')
    .on('idempotency_key')
    .column('expires_at')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_key').ifExists().execute()
}
