import type { Kysely, Selectable, Transaction } from 'kysely'
import { jsonb, type DB } from '@ms/db'

type Q = Kysely<DB> | Transaction<DB>

export type NotificationRow = Selectable<DB['notification']>

export interface NewNotification {
  jurisdictionId: string
  userId: string
  kind: string
  title: string
  body?: string
  projectId?: string | null
  issueId?: string | null
  /** The kind's parameters (notifications.rules.ts), from which the web renders the text. */
  params?: object | null
  /** One notification per user and key: the same condition is never stored twice. */
  dedupeKey: string
  at: Date
}

export async function insertNotifications(db: Q, items: NewNotification[]) {
  if (items.length === 0) return
  await db
    .insertInto('notification')
    .values(
      items.map((n) => ({
        jurisdiction_id: n.jurisdictionId,
        user_id: n.userId,
        kind: n.kind,
        title: n.title,
        body: n.body ?? '',
        project_id: n.projectId ?? null,
        issue_id: n.issueId ?? null,
        params: n.params ? jsonb(n.params) : null,
        dedupe_key: n.dedupeKey,
        created_at: n.at,
      })),
    )
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .execute()
}

export function listForUser(
  db: Q,
  userId: string,
  limit: number,
  before?: { at: string; id: string },
  unreadOnly = false,
) {
  let q = db
    .selectFrom('notification')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
  if (unreadOnly) q = q.where('read_at', 'is', null)
  if (before)
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', new Date(before.at)),
        eb.and([eb('created_at', '=', new Date(before.at)), eb('id', '<', before.id)]),
      ]),
    )
  return q.execute()
}

export async function unreadCounts(db: Q, userId: string) {
  const rows = await db
    .selectFrom('notification')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .groupBy('kind')
    .execute()
  return rows.map((r) => ({ kind: r.kind, n: Number(r.n) }))
}

export function markRead(db: Q, userId: string, id: string, at: Date) {
  return db
    .updateTable('notification')
    .set({ read_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
}

export function findForUser(db: Q, userId: string, id: string) {
  return db
    .selectFrom('notification')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst()
}

export async function markAllRead(db: Q, userId: string, at: Date) {
  const r = await db
    .updateTable('notification')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/** User accounts linked to a unit (its unit logins), told what the unit must handle. */
export function unitUserIds(db: Q, unitId: string) {
  return db
    .selectFrom('unit_account')
    .select('user_id')
    .where('unit_id', '=', unitId)
    .execute()
    .then((rows) => rows.map((r) => r.user_id))
}

/** Staff accounts of a jurisdiction (told of newly raised issues and feedback). */
export function staffUserIds(db: Q, jurisdictionId: string) {
  return db
    .selectFrom('role_grant')
    .select('user_id')
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('role', '=', 'staff')
    .execute()
    .then((rows) => rows.map((r) => r.user_id))
}
