import { sql, type Kysely } from 'kysely'

// Frozen in time: never import application code here.
// A project is a candidate chosen by a published selection vote: what budget, progress,
// supervision and evaluation hang on. One per candidate; created by an explicit staff step.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('project')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('cycle_id', 'uuid', (c) => c.notNull().references('cycle.id'))
    .addColumn('candidate_id', 'uuid', (c) => c.notNull().unique().references('candidate.id'))
    .addColumn('vote_id', 'uuid', (c) => c.notNull().references('vote.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('responsible_unit', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'uuid', (c) => c.references('gov_unit.id'))
    .addColumn('estimate_fen', 'bigint', (c) => c.notNull().check(sql`estimate_fen >= 0`))
    .addColumn('funding_source', 'text', (c) => c.notNull())
    .addColumn('targets', 'text')
    .addColumn('location', 'text')
    .addColumn('planned_completion', 'date')
    .addColumn('rank', 'integer')
    .addColumn('votes_for', 'integer')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('project_cycle_idx')
    .on('project')
    .columns(['cycle_id', 'rank'])
    .execute()
  await db.schema.createIndex('project_unit_idx').on('project').column('unit_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('project').ifExists().execute()
}
