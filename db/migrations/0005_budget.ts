import { sql, type Kysely } from 'kysely'

// Frozen in time: never import application code here.
// Budget linkage (预算衔接): the cycle's fund pool as the budget document fixed it, budget lines per
// project, adjustments, disbursements (拨付) with their voucher scans, and final accounts (决算).
// Money is bigint fen. The money ledgers (adjustments, disbursements, final accounts) are
// append-only at the database level: a correction is a new row, never an edit or a delete.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('fund_pool')
    .addColumn('cycle_id', 'uuid', (c) => c.primaryKey().references('cycle.id'))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    // null: not fixed by finance yet, the cycle's planned pool applies.
    .addColumn('pool_fen', 'bigint', (c) => c.check(sql`pool_fen is null or pool_fen >= 0`))
    .addColumn('document_ref', 'text')
    // Final accounts above this variance (basis points of the budget) need an explanation.
    .addColumn('variance_threshold_bp', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1000)
        .check(sql`variance_threshold_bp between 0 and 10000`),
    )
    .addColumn('updated_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('budget_line')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('cycle_id', 'uuid', (c) => c.notNull().references('cycle.id'))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id'))
    .addColumn('source', 'text', (c) =>
      c.notNull().check(sql`source in ('local','transfer','social','other')`),
    )
    .addColumn('from_pool', 'boolean', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) =>
      c.notNull().check(sql`fiscal_year between 2000 and 2100`),
    )
    .addColumn('subject_code', 'text', (c) => c.notNull())
    .addColumn('document_no', 'text', (c) => c.notNull())
    .addColumn('initial_fen', 'bigint', (c) => c.notNull().check(sql`initial_fen > 0`))
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft','approved','withdrawn')`),
    )
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('approved_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('approved_at', 'timestamptz')
    .execute()
  await db.schema
    .createIndex('budget_line_cycle_idx')
    .on('budget_line')
    .columns(['cycle_id', 'project_id'])
    .execute()
  await db.schema
    .createIndex('budget_line_project_idx')
    .on('budget_line')
    .column('project_id')
    .execute()

  await db.schema
    .createTable('budget_adjustment')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('line_id', 'uuid', (c) => c.notNull().references('budget_line.id'))
    .addColumn('delta_fen', 'bigint', (c) => c.notNull().check(sql`delta_fen <> 0`))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`length(reason) > 0`))
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('budget_adjustment_line_idx')
    .on('budget_adjustment')
    .column('line_id')
    .execute()

  await db.schema
    .createTable('disbursement')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Ledger order (and the paging cursor): the order entries were acknowledged in.
    .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('cycle_id', 'uuid', (c) => c.notNull().references('cycle.id'))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id'))
    .addColumn('line_id', 'uuid', (c) => c.notNull().references('budget_line.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('payment','reversal')`))
    // At most one reversal per payment.
    .addColumn('reverses_id', 'uuid', (c) => c.unique().references('disbursement.id'))
    .addColumn('date', 'date', (c) => c.notNull())
    // Signed: payments positive, reversals the negative of the payment they reverse.
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('voucher_no', 'text')
    .addColumn('payee', 'text')
    .addColumn('note', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'disbursement_kind_ck',
      sql`(kind = 'payment' and amount_fen > 0 and reverses_id is null and voucher_no is not null and payee is not null)
       or (kind = 'reversal' and amount_fen < 0 and reverses_id is not null and reason is not null)`,
    )
    .execute()
  await db.schema
    .createIndex('disbursement_line_idx')
    .on('disbursement')
    .column('line_id')
    .execute()
  await db.schema
    .createIndex('disbursement_cycle_idx')
    .on('disbursement')
    .columns(['cycle_id', 'seq'])
    .execute()
  await db.schema
    .createIndex('disbursement_project_idx')
    .on('disbursement')
    .column('project_id')
    .execute()

  // Voucher scans in the database (bytea): every API instance sees them, backups hold them.
  await db.schema
    .createTable('disbursement_attachment')
    .addColumn('disbursement_id', 'uuid', (c) => c.primaryKey().references('disbursement.id'))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) =>
      c.notNull().check(sql`content_type in ('application/pdf','image/jpeg','image/png')`),
    )
    .addColumn('size_bytes', 'integer', (c) => c.notNull().check(sql`size_bytes > 0`))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('final_account')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('cycle_id', 'uuid', (c) => c.notNull().references('cycle.id'))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id'))
    .addColumn('revision', 'integer', (c) => c.notNull().check(sql`revision >= 1`))
    .addColumn('final_amount_fen', 'bigint', (c) => c.notNull().check(sql`final_amount_fen >= 0`))
    .addColumn('budgeted_fen', 'bigint', (c) => c.notNull())
    .addColumn('disbursed_fen', 'bigint', (c) => c.notNull())
    .addColumn('variance_fen', 'bigint', (c) => c.notNull())
    .addColumn('variance_threshold_bp', 'integer', (c) => c.notNull())
    .addColumn('explanation', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('final_account_revision_uq', ['project_id', 'revision'])
    .execute()

  await sql`
    create function budget_ledger_append_only() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name;
    end $$`.execute(db)
  for (const t of ['budget_adjustment', 'disbursement', 'final_account']) {
    await sql`create trigger ${sql.raw(`${t}_no_update`)} before update or delete on ${sql.table(t)}
      for each row execute function budget_ledger_append_only()`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'final_account',
    'disbursement_attachment',
    'disbursement',
    'budget_adjustment',
    'budget_line',
    'fund_pool',
  ]) {
    await db.schema.dropTable(t).ifExists().execute()
  }
  await sql`drop function if exists budget_ledger_append_only()`.execute(db)
}
