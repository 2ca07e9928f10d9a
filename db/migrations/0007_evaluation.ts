import { sql, type Kysely } from 'kysely'

// Frozen in time: never import application code here.
//
// Satisfaction evaluation (满意度测评, DESIGN.md §2 phase 9) is a secret ballot of its own kind on
// the ballot tables (docs/decisions/050-evaluation-as-a-vote.md): a vote of kind 'evaluation'
// whose "candidates" are the candidates the cycle's projects came from, on the 'satisfaction'
// form (满意/基本满意/不满意/弃权). The grading rule's basis ('all' members or 'valid' ballots),
// comparison ('reach' ≥ half or 'exceed' > half) and the rectification threshold are frozen on the
// vote row when it opens, like the selection's seats and basis.
//
// Rectification (整改) items and their history, and per-jurisdiction targets of the deputy
// performance record (履职档案), are new tables.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table vote drop constraint if exists vote_kind_check`.execute(db)
  await sql`alter table vote add constraint vote_kind_check
    check (kind in ('selection','runoff','evaluation'))`.execute(db)
  await sql`alter table vote drop constraint if exists vote_ballot_form_check`.execute(db)
  await sql`alter table vote add constraint vote_ballot_form_check
    check (ballot_form is null or ballot_form in ('for_against_abstain','approve_up_to_n','satisfaction'))`.execute(
    db,
  )
  await sql`alter table vote drop constraint if exists vote_threshold_basis_check`.execute(db)
  await sql`alter table vote add constraint vote_threshold_basis_check
    check (threshold_basis is null or threshold_basis in ('all','present','valid'))`.execute(db)
  await db.schema
    .alterTable('vote')
    .addColumn('grade_comparison', 'text', (c) =>
      c.check(sql`grade_comparison is null or grade_comparison in ('reach','exceed')`),
    )
    .execute()
  await db.schema
    .alterTable('vote')
    .addColumn('satisfaction_threshold', sql`numeric(5,4)`, (c) =>
      c.check(sql`satisfaction_threshold is null or satisfaction_threshold between 0 and 1`),
    )
    .execute()
  // An evaluation vote is either of the whole form or of no form at all.
  await sql`alter table vote add constraint vote_evaluation_rules_check check (
    kind <> 'evaluation' or state = 'draft' or (
      ballot_form = 'satisfaction' and threshold_basis in ('all','valid')
      and grade_comparison is not null and satisfaction_threshold is not null))`.execute(db)

  await db.schema
    .createTable('rectification')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('cycle_id', 'uuid', (c) => c.notNull().references('cycle.id'))
    .addColumn('vote_id', 'uuid', (c) => c.notNull().references('vote.id'))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id'))
    .addColumn('unit_id', 'uuid', (c) => c.references('gov_unit.id'))
    .addColumn('responsible_unit', 'text', (c) => c.notNull())
    // Why it was opened, and the figures at publication (exact: numerator / denominator).
    .addColumn('below_threshold', 'boolean', (c) => c.notNull())
    .addColumn('graded_dissatisfied', 'boolean', (c) => c.notNull())
    .addColumn('grade', 'text', (c) =>
      c.notNull().check(sql`grade in ('satisfied','basically','dissatisfied')`),
    )
    .addColumn('rate_numerator', 'integer', (c) => c.notNull().check(sql`rate_numerator >= 0`))
    .addColumn('rate_denominator', 'integer', (c) => c.notNull().check(sql`rate_denominator > 0`))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`state in ('open','answered','verified','closed')`),
    )
    .addColumn('deadline', 'date')
    .addColumn('requirement', 'text')
    .addColumn('measures', 'text')
    .addColumn('answered_at', 'timestamptz')
    .addColumn('verification_note', 'text')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('rectification_vote_project_uq', ['vote_id', 'project_id'])
    .execute()
  await db.schema
    .createIndex('rectification_cycle_idx')
    .on('rectification')
    .columns(['cycle_id', 'state'])
    .execute()
  await db.schema
    .createIndex('rectification_unit_idx')
    .on('rectification')
    .column('unit_id')
    .execute()

  await db.schema
    .createTable('rectification_event')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('rectification_id', 'uuid', (c) => c.notNull().references('rectification.id'))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('deadline', 'date')
    .addColumn('actor_user_id', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('rectification_event_item_idx')
    .on('rectification_event')
    .column('rectification_id')
    .execute()

  // Targets of the deputy performance record, per jurisdiction (defaults live in the code).
  await db.schema
    .createTable('record_target')
    .addColumn('jurisdiction_id', 'uuid', (c) => c.primaryKey().references('jurisdiction.id'))
    .addColumn('min_suggestions', 'integer', (c) =>
      c.notNull().check(sql`min_suggestions between 0 and 100`),
    )
    .addColumn('min_inspections', 'integer', (c) =>
      c.notNull().check(sql`min_inspections between 0 and 100`),
    )
    // Share of the votes and evaluations a deputy was entitled to that they took part in.
    .addColumn('min_vote_participation_bp', 'integer', (c) =>
      c.notNull().check(sql`min_vote_participation_bp between 0 and 10000`),
    )
    .addColumn('updated_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('record_target').ifExists().execute()
  await db.schema.dropTable('rectification_event').ifExists().execute()
  await db.schema.dropTable('rectification').ifExists().execute()
  await sql`alter table vote drop constraint if exists vote_evaluation_rules_check`.execute(db)
  await db.schema.alterTable('vote').dropColumn('satisfaction_threshold').execute()
  await db.schema.alterTable('vote').dropColumn('grade_comparison').execute()
  // Refuses (constraint violation) while evaluation votes exist: they are ballots, never dropped.
  await sql`alter table vote drop constraint if exists vote_threshold_basis_check`.execute(db)
  await sql`alter table vote add constraint vote_threshold_basis_check
    check (threshold_basis is null or threshold_basis in ('all','present'))`.execute(db)
  await sql`alter table vote drop constraint if exists vote_ballot_form_check`.execute(db)
  await sql`alter table vote add constraint vote_ballot_form_check
    check (ballot_form is null or ballot_form in ('for_against_abstain','approve_up_to_n'))`.execute(
    db,
  )
  await sql`alter table vote drop constraint if exists vote_kind_check`.execute(db)
  await sql`alter table vote add constraint vote_kind_check
    check (kind in ('selection','runoff'))`.execute(db)
}
