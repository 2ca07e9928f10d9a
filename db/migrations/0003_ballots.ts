import { sql, type Kysely } from 'kysely'

// Frozen in time: never import application code here.
//
// Secrecy by construction (DESIGN.md §4, docs/ballot-secrecy.md): the tables that say *who* voted
// (vote_participation) and the tables that say *what* was voted (ballot_box → ballot,
// receipt_box → receipt) share no column but the vote and the tenant, have no foreign key
// between them and carry no timestamp. ballot_box/receipt_box hold ballots only while a vote is
// open; the close transaction rewrites them into ballot/receipt in a shuffled order with fresh ids.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('vote')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('cycle_id', 'uuid', (c) => c.notNull().references('cycle.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('selection','runoff')`))
    .addColumn('parent_vote_id', 'uuid', (c) => c.references('vote.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`state in ('draft','open','closed','certified','published')`),
    )
    // Runoffs fix their candidates and seats when created; the rules below are frozen at open.
    .addColumn('runoff_candidate_ids', 'jsonb')
    .addColumn('seats', 'integer', (c) => c.check(sql`seats is null or seats between 1 and 200`))
    .addColumn('ballot_form', 'text', (c) =>
      c.check(sql`ballot_form is null or ballot_form in ('for_against_abstain','approve_up_to_n')`),
    )
    .addColumn('threshold_basis', 'text', (c) =>
      c.check(sql`threshold_basis is null or threshold_basis in ('all','present')`),
    )
    .addColumn('check_in_code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('opened_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('opened_at', 'timestamptz')
    .addColumn('closed_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('certified_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('certified_at', 'timestamptz')
    .addColumn('published_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('published_at', 'timestamptz')
    // The certified result and the bulletin board's chain head, frozen at certification.
    .addColumn('result', 'jsonb')
    .addColumn('chain_head', 'text')
    .execute()
  await db.schema
    .createIndex('vote_cycle_idx')
    .on('vote')
    .columns(['cycle_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('vote_candidate')
    .addColumn('vote_id', 'uuid', (c) => c.notNull().references('vote.id'))
    .addColumn('candidate_id', 'uuid', (c) => c.notNull().references('candidate.id'))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('responsible_unit', 'text', (c) => c.notNull())
    .addColumn('estimate_fen', 'bigint', (c) => c.notNull())
    .addColumn('funding_source', 'text', (c) => c.notNull())
    .addColumn('location', 'text')
    .addPrimaryKeyConstraint('vote_candidate_pk', ['vote_id', 'candidate_id'])
    .execute()

  await db.schema
    .createTable('vote_roster')
    .addColumn('vote_id', 'uuid', (c) => c.notNull().references('vote.id'))
    .addColumn('deputy_id', 'uuid', (c) => c.notNull().references('deputy.id'))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('present', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('check_in_via', 'text', (c) =>
      c.check(sql`check_in_via is null or check_in_via in ('staff','self')`),
    )
    .addColumn('checked_in_at', 'timestamptz')
    .addColumn('failed_code_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('vote_roster_pk', ['vote_id', 'deputy_id'])
    .execute()

  // Who has voted. The primary key is the database's guarantee of one ballot per deputy per vote.
  // No timestamp, no link to the ballot.
  await db.schema
    .createTable('vote_participation')
    .addColumn('vote_id', 'uuid', (c) => c.notNull().references('vote.id'))
    .addColumn('deputy_id', 'uuid', (c) => c.notNull().references('deputy.id'))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('sealed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('vote_participation_pk', ['vote_id', 'deputy_id'])
    .execute()
  await db.schema
    .createIndex('vote_participation_deputy_idx')
    .on('vote_participation')
    .column('deputy_id')
    .execute()

  // Anonymous ballots and receipt hashes while the vote is open (random ids, no timestamps).
  for (const name of ['ballot_box', 'ballot']) {
    await db.schema
      .createTable(name)
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('vote_id', 'uuid', (c) => c.notNull().references('vote.id'))
      .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
      .addColumn('choices', 'jsonb', (c) => c.notNull())
      .execute()
    await db.schema.createIndex(`${name}_vote_idx`).on(name).column('vote_id').execute()
  }
  // Only the SHA-256 of each receipt code is stored; the code itself is shown once to the voter.
  for (const name of ['receipt_box', 'receipt']) {
    await db.schema
      .createTable(name)
      .addColumn('receipt_hash', 'text', (c) => c.primaryKey())
      .addColumn('vote_id', 'uuid', (c) => c.notNull().references('vote.id'))
      .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
      .execute()
    await db.schema.createIndex(`${name}_vote_idx`).on(name).column('vote_id').execute()
  }

  // Paper ballots: each sheet entered twice by different tellers; staff resolve mismatches.
  // Sheets are anonymous (numbered when the box is opened), so entry times reveal nothing.
  await db.schema
    .createTable('paper_entry')
    .addColumn('vote_id', 'uuid', (c) => c.notNull().references('vote.id'))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('sheet_no', 'integer', (c) => c.notNull().check(sql`sheet_no >= 1`))
    .addColumn('round', 'smallint', (c) => c.notNull().check(sql`round in (1, 2)`))
    .addColumn('choices', 'jsonb')
    .addColumn('invalid', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('entered_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('entered_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('paper_entry_pk', ['vote_id', 'sheet_no', 'round'])
    .execute()
  await db.schema
    .createTable('paper_resolution')
    .addColumn('vote_id', 'uuid', (c) => c.notNull().references('vote.id'))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('sheet_no', 'integer', (c) => c.notNull())
    .addColumn('choices', 'jsonb')
    .addColumn('invalid', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('resolved_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('resolved_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('paper_resolution_pk', ['vote_id', 'sheet_no'])
    .execute()
  await db.schema
    .createTable('paper_count')
    .addColumn('vote_id', 'uuid', (c) => c.primaryKey().references('vote.id'))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('issued', 'integer', (c) => c.notNull().check(sql`issued >= 0`))
    .addColumn('returned', 'integer', (c) => c.notNull().check(sql`returned >= 0`))
    .addColumn('recorded_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'paper_count',
    'paper_resolution',
    'paper_entry',
    'receipt',
    'receipt_box',
    'ballot',
    'ballot_box',
    'vote_participation',
    'vote_roster',
    'vote_candidate',
    'vote',
  ]) {
    await db.schema.dropTable(t).ifExists().execute()
  }
}
