import { sql, type Kysely } from 'kysely'

// Frozen in time: never import application code here.
// Implementation and supervision (DESIGN.md §2 phase 8): milestones and monthly progress reports
// from the responsible unit, photos (stored in the database so any API instance serves them),
// deputy supervision groups, inspections, the issue list (问题清单) with its event trail, public
// feedback and in-app notifications. Every table carries jurisdiction_id as its tenant key.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('milestone')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('planned_date', 'date', (c) => c.notNull())
    .addColumn('actual_date', 'date')
    .addColumn('evidence', 'text')
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('milestone_project_idx')
    .on('milestone')
    .columns(['project_id', 'planned_date'])
    .execute()

  await db.schema
    .createTable('progress_report')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id'))
    .addColumn('period', 'text', (c) =>
      c.notNull().check(sql`period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    )
    .addColumn('percent_complete', 'integer', (c) =>
      c.notNull().check(sql`percent_complete between 0 and 100`),
    )
    .addColumn('narrative', 'text', (c) => c.notNull())
    .addColumn('investment_to_date_fen', 'bigint', (c) =>
      c.notNull().check(sql`investment_to_date_fen >= 0`),
    )
    .addColumn('submitted_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('progress_report_period_uq', ['project_id', 'period'])
    .execute()

  await db.schema
    .createTable('supervision_member')
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id'))
    .addColumn('deputy_id', 'uuid', (c) => c.notNull().references('deputy.id'))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('leader','member')`))
    .addColumn('assigned_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('supervision_member_pk', ['project_id', 'deputy_id'])
    .execute()
  await sql`create unique index supervision_leader_uq on supervision_member (project_id) where role = 'leader'`.execute(
    db,
  )
  await db.schema
    .createIndex('supervision_member_deputy_idx')
    .on('supervision_member')
    .column('deputy_id')
    .execute()

  await db.schema
    .createTable('inspection')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id'))
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('inspection_project_idx')
    .on('inspection')
    .columns(['project_id', 'date'])
    .execute()
  // Who took part: a row per deputy, for the deputy's performance record (履职档案).
  await db.schema
    .createTable('inspection_participant')
    .addColumn('inspection_id', 'uuid', (c) => c.notNull().references('inspection.id'))
    .addColumn('deputy_id', 'uuid', (c) => c.notNull().references('deputy.id'))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addPrimaryKeyConstraint('inspection_participant_pk', ['inspection_id', 'deputy_id'])
    .execute()
  await db.schema
    .createIndex('inspection_participant_deputy_idx')
    .on('inspection_participant')
    .column('deputy_id')
    .execute()

  // Photos of progress reports and inspections. Original (re-encoded without metadata) and
  // thumbnail as bytea: no shared file system between API instances, and backups cover them.
  await db.schema
    .createTable('photo')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id'))
    .addColumn('report_id', 'uuid', (c) => c.references('progress_report.id'))
    .addColumn('inspection_id', 'uuid', (c) => c.references('inspection.id'))
    .addColumn('content_type', 'text', (c) =>
      c.notNull().check(sql`content_type in ('image/jpeg','image/png','image/webp')`),
    )
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('thumb', 'bytea', (c) => c.notNull())
    .addColumn('thumb_type', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('caption', 'text')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('photo_owner_ck', sql`(report_id is null) <> (inspection_id is null)`)
    .execute()
  await db.schema.createIndex('photo_report_idx').on('photo').column('report_id').execute()
  await db.schema.createIndex('photo_inspection_idx').on('photo').column('inspection_id').execute()

  // Public feedback on a project (no login). contact is personal data: staff only, never public.
  await db.schema
    .createTable('project_feedback')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id'))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('contact', 'text')
    .addColumn('client_hash', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('new')
        .check(sql`status in ('new','converted','dismissed')`),
    )
    .addColumn('issue_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('project_feedback_project_idx')
    .on('project_feedback')
    .columns(['project_id', 'created_at'])
    .execute()
  await db.schema
    .createIndex('project_feedback_client_idx')
    .on('project_feedback')
    .columns(['client_hash', 'created_at'])
    .where(sql.ref('client_hash'), 'is not', null)
    .execute()

  // The issue list (问题清单). State changes go through supervision.rules' state machine; every
  // step is also an issue_event row (timestamped trail) and an audit entry.
  await db.schema
    .createTable('issue')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('project.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) =>
      c.notNull().check(sql`source in ('deputy','inspection','public','staff')`),
    )
    .addColumn('inspection_id', 'uuid', (c) => c.references('inspection.id'))
    .addColumn('feedback_id', 'uuid', (c) => c.references('project_feedback.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('raised_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('raised_by_deputy_id', 'uuid', (c) => c.references('deputy.id'))
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('raised','assigned','answered','verified','closed')`),
    )
    .addColumn('unit_id', 'uuid', (c) => c.references('gov_unit.id'))
    .addColumn('deadline', 'date')
    .addColumn('assignment_note', 'text')
    .addColumn('answer', 'text')
    .addColumn('answered_at', 'timestamptz')
    .addColumn('verification_note', 'text')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('published', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('issue_seq_uq', ['project_id', 'seq'])
    .execute()
  await db.schema
    .createIndex('issue_project_idx')
    .on('issue')
    .columns(['project_id', 'state'])
    .execute()
  await db.schema.createIndex('issue_unit_idx').on('issue').columns(['unit_id', 'state']).execute()
  await db.schema.createIndex('issue_raiser_idx').on('issue').column('raised_by').execute()

  await db.schema
    .createTable('issue_event')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('issue_id', 'uuid', (c) => c.notNull().references('issue.id'))
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
    .createIndex('issue_event_issue_idx')
    .on('issue_event')
    .columns(['issue_id', 'id'])
    .execute()

  // In-app notifications. dedupe_key makes the conditions computed on read (deadline near,
  // overdue report, lagging project) idempotent: each is stored once per user, then read/unread.
  await db.schema
    .createTable('notification')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('project_id', 'uuid', (c) => c.references('project.id'))
    .addColumn('issue_id', 'uuid', (c) => c.references('issue.id'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz')
    .addUniqueConstraint('notification_dedupe_uq', ['user_id', 'dedupe_key'])
    .execute()
  await db.schema
    .createIndex('notification_user_idx')
    .on('notification')
    .columns(['user_id', 'created_at'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'notification',
    'issue_event',
    'issue',
    'project_feedback',
    'photo',
    'inspection_participant',
    'inspection',
    'supervision_member',
    'progress_report',
    'milestone',
  ]) {
    await db.schema.dropTable(t).ifExists().execute()
  }
}
