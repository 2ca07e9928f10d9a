import { sql, type Kysely } from 'kysely'

// Frozen in time: never import application code here.
//
// What-if analysis (issue 10): imported pabulib elections, stored per jurisdiction (the tenant),
// with the raw file (so a newer engine can recompute) and the computed comparison as a cache.
// Nothing here refers to a vote or a ballot: what-ifs of our own votes are computed on demand.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('analysis_instance')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    // The .pb text as uploaded (a few MB at most; TOASTed and compressed by PostgreSQL).
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    // The cached comparison and the engine version that computed it (null: not computed yet).
    .addColumn('comparison', 'jsonb')
    .addColumn('comparison_version', 'integer')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('analysis_instance_jurisdiction_idx')
    .on('analysis_instance')
    .columns(['jurisdiction_id', 'created_at', 'id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('analysis_instance').ifExists().execute()
}
