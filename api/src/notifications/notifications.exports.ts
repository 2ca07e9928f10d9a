import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'
import {
  insertNotifications,
  staffUserIds,
  unitUserIds,
  type NewNotification,
} from './notifications.repository.js'
import {
  zhText,
  type KindWithParams,
  type NotificationKind,
  type NotificationParamsByKind,
} from './notifications.rules.js'

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
  'rectification_opened',
] as const satisfies readonly NotificationKind[]

/**
 * A notice to store: its kind and parameters (decision 047), the rest of `NewNotification`
 * without the text, which is made here from the parameters (zh-CN). `body` is for the user's
 * own text a notice carries (an issue's title), left as written.
 */
export type Notice = Omit<NewNotification, 'kind' | 'title' | 'params'> & KindWithParams

/** The stored row of a notice: the zh-CN title/body made from its parameters, and the parameters. */
export function toNewNotification(n: Notice): NewNotification {
  const text = zhText(n)
  return { ...n, title: text.title, body: n.body ?? text.body, params: n.params }
}

export function notify(db: Q, items: Notice[]) {
  return insertNotifications(db, items.map(toNewNotification))
}

export { staffUserIds, unitUserIds }
export type { NewNotification, NotificationKind, NotificationParamsByKind }
