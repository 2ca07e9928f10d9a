import { sql, type Kysely } from 'kysely'

// Frozen in time: never import application code here.
// Adds what the suggestion inbox needs beyond 0002: a hash of the submitting address (public
// submissions only, for the DB-backed rate limit that works across API instances) and indexes for
// the staff inbox's filters and the per-user "my suggestions" list.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('suggestion').addColumn('client_hash', 'text').execute()
  await db.schema
    .createIndex('suggestion_client_idx')
    .on('suggestion')
    .columns(['client_hash', 'created_at'])
    .where(sql.ref('client_hash'), 'is not', null)
    .execute()
  await db.schema
    .createIndex('suggestion_submitter_idx')
    .on('suggestion')
    .columns(['submitted_by', 'created_at'])
    .where(sql.ref('submitted_by'), 'is not', null)
    .execute()
  await db.schema
    .createIndex('suggestion_candidate_idx')
    .on('suggestion')
    .column('candidate_id')
    .where(sql.ref('candidate_id'), 'is not', null)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('suggestion_candidate_idx').ifExists().execute()
  await db.schema.dropIndex('suggestion_submitter_idx').ifExists().execute()
  await db.schema.dropIndex('suggestion_client_idx').ifExists().execute()
  await db.schema.alterTable('suggestion').dropColumn('client_hash').execute()
}
