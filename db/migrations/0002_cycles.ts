import { sql, type Kysely } from 'kysely'

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cycle')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('seats', 'integer', (c) => c.notNull().check(sql`seats between 1 and 200`))
    .addColumn('margin_ratio', sql`numeric(5,4)`, (c) =>
      c.notNull().check(sql`margin_ratio >= 0 and margin_ratio <= 1`),
    )
    .addColumn('fund_pool_fen', 'bigint', (c) => c.notNull().check(sql`fund_pool_fen >= 0`))
    .addColumn('fund_pool_doc', 'text')
    .addColumn('threshold_basis', 'text', (c) =>
      c.notNull().check(sql`threshold_basis in ('all','present')`),
    )
    .addColumn('ballot_form', 'text', (c) =>
      c.notNull().check(sql`ballot_form in ('for_against_abstain','approve_up_to_n')`),
    )
    .addColumn('satisfaction_threshold', sql`numeric(5,4)`, (c) => c.notNull().defaultTo('0.8'))
    .addColumn('evaluation_basis', 'text', (c) =>
      c
        .notNull()
        .defaultTo('all')
        .check(sql`evaluation_basis in ('all','valid')`),
    )
    .addColumn('evaluation_comparison', 'text', (c) =>
      c
        .notNull()
        .defaultTo('reach')
        .check(sql`evaluation_comparison in ('reach','exceed')`),
    )
    .addColumn('phase', 'text', (c) =>
      c
        .notNull()
        .defaultTo('solicitation')
        .check(
          sql`phase in ('solicitation','screening','candidates_locked','voting','implementing','evaluating','closed')`,
        ),
    )
    .addColumn('solicitation_notice', 'text')
    .addColumn('solicitation_deadline', 'date')
    .addColumn('candidates_locked_at', 'timestamptz')
    .addColumn('list_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('cycle_year_uq', ['jurisdiction_id', 'year'])
    .execute()

  await db.schema
    .createTable('candidate')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('cycle_id', 'uuid', (c) => c.notNull().references('cycle.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('responsible_unit', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'uuid', (c) => c.references('gov_unit.id'))
    .addColumn('estimate_fen', 'bigint', (c) => c.notNull().check(sql`estimate_fen >= 0`))
    .addColumn('funding_source', 'text', (c) =>
      c.notNull().check(sql`funding_source in ('local','transfer','social','other')`),
    )
    .addColumn('targets', 'text')
    .addColumn('location', 'text')
    .addColumn('planned_completion', 'date')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('withdrawn', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('candidate_cycle_idx')
    .on('candidate')
    .columns(['cycle_id', 'sort_order'])
    .execute()

  await db.schema
    .createTable('suggestion')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('cycle_id', 'uuid', (c) => c.notNull().references('cycle.id'))
    .addColumn('source', 'text', (c) =>
      c.notNull().check(sql`source in ('deputy','public','unit','staff')`),
    )
    .addColumn('submitted_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('deputy_id', 'uuid', (c) => c.references('deputy.id'))
    .addColumn('unit_id', 'uuid', (c) => c.references('gov_unit.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('estimate_fen', 'bigint', (c) =>
      c.check(sql`estimate_fen is null or estimate_fen >= 0`),
    )
    .addColumn('contact', 'text') // personal data: shown to staff only, never published
    .addColumn('tracking_code', 'text', (c) => c.notNull().unique())
    .addColumn('outcome', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`outcome in ('pending','adopted','merged','rejected')`),
    )
    .addColumn('reply', 'text')
    .addColumn('candidate_id', 'uuid', (c) => c.references('candidate.id'))
    .addColumn('merged_into_id', 'uuid', (c) => c.references('suggestion.id'))
    .addColumn('outcome_at', 'timestamptz')
    .addColumn('outcome_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('suggestion_cycle_idx')
    .on('suggestion')
    .columns(['cycle_id', 'created_at'])
    .execute()
  await db.schema
    .createIndex('suggestion_deputy_idx')
    .on('suggestion')
    .column('deputy_id')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('suggestion').ifExists().execute()
  await db.schema.dropTable('candidate').ifExists().execute()
  await db.schema.dropTable('cycle').ifExists().execute()
}
