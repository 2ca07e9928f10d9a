import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'
import {
  insertNotifications,
  staffUserIds,
  type NewNotification,
} from './notifications.repository.js'

/**
 * The surface other features use to tell people something in the app. `notify` is called inside
 * the transaction of the change it reports, so a notification exists exactly when its change does.
 */
type Q = Kysely<DB> | Transaction<DB>

export const NOTIFICATION_KINDS = [
  'issue_raised',
  'issue_assigned',
  'issue_answered',
  'issue_sent_back',
  'issue_reopened',
  'issue_closed',
  'issue_due_soon',
  'issue_overdue',
  'report_overdue',
  'project_lagging',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

export function notify(db: Q, items: (NewNotification & { kind: NotificationKind })[]) {
  return insertNotifications(db, items)
}

export { staffUserIds }
export type { NewNotification }
