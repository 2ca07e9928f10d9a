import { sql, type Kysely } from 'kysely'

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jurisdiction')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('parent_id', 'uuid', (c) => c.references('jurisdiction.id'))
    .addColumn('level', 'text', (c) =>
      c.notNull().check(sql`level in ('province','city','county','township')`),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('jurisdiction_parent_idx')
    .on('jurisdiction')
    .column('parent_id')
    .execute()
  await sql`create index jurisdiction_path_idx on jurisdiction (path text_pattern_ops)`.execute(db)

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create unique index app_user_username_idx on app_user (lower(username))`.execute(db)

  await db.schema
    .createTable('role_grant')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('admin','staff','deputy','finance','unit','teller')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('role_grant_pk', ['user_id', 'jurisdiction_id', 'role'])
    .execute()
  await db.schema
    .createIndex('role_grant_jur_idx')
    .on('role_grant')
    .columns(['jurisdiction_id', 'role'])
    .execute()

  await db.schema
    .createTable('deputy')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('user_id', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('delegation', 'text')
    .addColumn('constituency', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('deputy_user_uq', ['jurisdiction_id', 'user_id'])
    .execute()

  await db.schema
    .createTable('gov_unit')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('gov_unit_name_uq', ['jurisdiction_id', 'name'])
    .execute()

  await db.schema
    .createTable('unit_account')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('unit_id', 'uuid', (c) => c.notNull().references('gov_unit.id'))
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addPrimaryKeyConstraint('unit_account_pk', ['user_id', 'unit_id'])
    .execute()

  await db.schema
    .createTable('user_session')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('login_attempt')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('success', 'boolean', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('login_attempt_user_idx')
    .on('login_attempt')
    .columns(['username', 'at'])
    .execute()
  await db.schema
    .createIndex('login_attempt_ip_idx')
    .on('login_attempt')
    .columns(['ip', 'at'])
    .execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'bigserial', (c) => c.primaryKey())
    .addColumn('jurisdiction_id', 'uuid', (c) => c.notNull().references('jurisdiction.id'))
    .addColumn('actor_user_id', 'uuid')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .execute()
  await db.schema
    .createIndex('audit_log_jur_idx')
    .on('audit_log')
    .columns(['jurisdiction_id', 'seq'])
    .execute()
  // Append-only: the application can never update or delete an audit row.
  await sql`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end $$`.execute(db)
  await sql`create trigger audit_log_no_update before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'audit_log',
    'login_attempt',
    'user_session',
    'unit_account',
    'gov_unit',
    'deputy',
    'role_grant',
    'app_user',
    'jurisdiction',
  ]) {
    await db.schema.dropTable(t).ifExists().execute()
  }
  await sql`drop function if exists audit_log_append_only()`.execute(db)
}
