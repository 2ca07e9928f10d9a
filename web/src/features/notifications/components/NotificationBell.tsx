import { useState } from 'react'
import { Link } from 'react-router'
import { Alert, Badge, Button, Drawer, Empty, Grid, Skeleton } from 'antd'
import { BellOutlined } from '@ant-design/icons'
import { errorMessage } from '@/lib/api'
import { notifySuccess } from '@/lib/notify'
import { useCurrentJurisdiction } from '@/lib/session'
import { useFormat } from '@/lib/use-format'
import {
  useMarkAllRead,
  useMarkRead,
  useRecentNotifications,
  type Notification,
} from '../api/notifications'
import { useNotificationsT } from '../i18n'
import { kindKey, linkOf } from './link'
import { notificationText } from './text'
import './notifications.css'

/**
 * The bell in the console header: the unread count in a badge and in the button's accessible
 * name; it opens a drawer (a dialog: focus moves in, Esc closes) with the latest notifications,
 * each opening what it concerns and marking itself read, and 「全部标为已读」.
 */
export function NotificationBell() {
  const { t } = useNotificationsT()
  const screens = Grid.useBreakpoint()
  const phone = !screens.md
  const [open, setOpen] = useState(false)
  const recent = useRecentNotifications()
  const markAll = useMarkAllRead()
  const unread = recent.data?.unread ?? 0
  const label = unread > 0 ? t('bell.label', { n: unread }) : t('bell.labelNone')

  return (
    <>
      <Badge count={unread} overflowCount={99} size="small" offset={[-6, 6]}>
        <Button
          type="text"
          size="large"
          icon={<BellOutlined />}
          aria-label={label}
          aria-haspopup="dialog"
          aria-expanded={open}
          aria-controls="notification-drawer"
          title={label}
          data-testid="notification-bell"
          onClick={() => setOpen(true)}
        />
      </Badge>
      {/* Read out when the count changes (a new notice arrives, or they are read). */}
      <span className="ms-visually-hidden" role="status">
        {unread > 0 ? label : ''}
      </span>
      <Drawer
        id="notification-drawer"
        open={open}
        onClose={() => setOpen(false)}
        title={t('bell.title')}
        placement="right"
        size={phone ? '100%' : 420}
        destroyOnHidden
        extra={
          <Button
            size="small"
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={async () => {
              const r = await markAll.mutateAsync()
              notifySuccess(t('action.markedAll', { n: r.marked }))
            }}
          >
            {t('action.markAllRead')}
          </Button>
        }
        footer={
          <Link to="/notifications" onClick={() => setOpen(false)}>
            {t('bell.viewAll')}
          </Link>
        }
      >
        {recent.isPending && <Skeleton active />}
        {recent.isError && <Alert type="error" showIcon title={errorMessage(recent.error)} />}
        {recent.data && recent.data.items.length === 0 && <Empty description={t('bell.empty')} />}
        {recent.data && recent.data.items.length > 0 && (
          <NotificationList items={recent.data.items} onNavigate={() => setOpen(false)} />
        )}
      </Drawer>
    </>
  )
}

/** The drawer's list: one item per notification, unread ones marked in text as well as colour. */
function NotificationList({
  items,
  onNavigate,
}: {
  items: Notification[]
  onNavigate: () => void
}) {
  const { t } = useNotificationsT()
  const fmt = useFormat()
  const { current } = useCurrentJurisdiction()
  const markRead = useMarkRead()
  return (
    <ul className="nt-list" aria-label={t('bell.recent')}>
      {items.map((n) => {
        const href = linkOf(n, current?.roles ?? [])
        const unread = !n.readAt
        const text = notificationText(n, t, fmt.lang)
        return (
          <li
            key={n.id}
            className={unread ? 'nt-item nt-item--unread' : 'nt-item'}
            data-testid="notification-item"
          >
            <div className="nt-item__meta">
              <span className="nt-kind">{t(kindKey(n.kind))}</span>
              <time dateTime={n.createdAt}>{fmt.dateTime(n.createdAt)}</time>
              <span className={unread ? 'nt-state nt-state--unread' : 'nt-state'}>
                {unread ? t('state.unread') : t('state.read')}
              </span>
            </div>
            {href ? (
              <Link
                to={href}
                className="nt-item__title"
                onClick={() => {
                  if (unread) markRead.mutate(n.id)
                  onNavigate()
                }}
              >
                {text.title}
              </Link>
            ) : (
              <span className="nt-item__title">{text.title}</span>
            )}
            {text.body && <p className="nt-item__body">{text.body}</p>}
            {unread && !href && (
              <Button size="small" type="link" onClick={() => markRead.mutate(n.id)}>
                {t('action.markRead')}
              </Button>
            )}
          </li>
        )
      })}
    </ul>
  )
}
