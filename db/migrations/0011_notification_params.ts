import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.
//
// Notification parameters (decision 047): the kind-specific facts of a notice (project title,
// issue number, deadline, period, status, …) as structured data, so the web renders the text in
// the reader's language. title/body stay as the zh-CN text (older rows have no params).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notification').addColumn('params', 'jsonb').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notification').dropColumn('params').execute()
}
