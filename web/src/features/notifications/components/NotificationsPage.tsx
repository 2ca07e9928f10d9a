import { useMemo, useState } from 'react'
import { Link } from 'react-router'
import { Alert, Button, Segmented, Space } from 'antd'
import { PageHeader } from '@/components/PageHeader'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { errorMessage } from '@/lib/api'
import { notifySuccess } from '@/lib/notify'
import { useCurrentJurisdiction } from '@/lib/session'
import { useFormat } from '@/lib/use-format'
import {
  useMarkAllRead,
  useMarkRead,
  useNotificationList,
  useRecentNotifications,
  type Notification,
  type NotificationFilter,
} from '../api/notifications'
import { useNotificationsT } from '../i18n'
import { kindKey, linkOf } from './link'
import { notificationText } from './text'
import './notifications.css'

const FILTERS: NotificationFilter[] = ['unread', 'all']

/** 通知 (every signed-in role): all of the user's notifications, unread or all, with Excel export. */
export default function NotificationsPage() {
  const { t } = useNotificationsT()
  const fmt = useFormat()
  const { current } = useCurrentJurisdiction()
  const roles = current?.roles ?? []
  const [filter, setFilter] = useState<NotificationFilter>('unread')
  const list = useNotificationList(filter)
  // The bell's query carries the unread count; sharing it costs no extra request.
  const unread = useRecentNotifications().data?.unread ?? 0
  const markRead = useMarkRead()
  const markAll = useMarkAllRead()
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data])
  // Each notice's text in the current language, from its parameters (decision 047).
  const textOf = (r: Notification) => notificationText(r, t, fmt.lang)

  const columns: DataTableColumn<Notification>[] = [
    {
      title: t('col.time'),
      dataIndex: 'createdAt',
      width: 170,
      render: (d: string) => <time dateTime={d}>{fmt.dateTime(d)}</time>,
      exportValue: (r) => fmt.dateTime(r.createdAt),
    },
    {
      title: t('col.kind'),
      dataIndex: 'kind',
      width: 110,
      render: (k: string) => t(kindKey(k)),
      exportValue: (r) => t(kindKey(r.kind)),
      searchValue: (r) => t(kindKey(r.kind)),
    },
    {
      title: t('col.title'),
      dataIndex: 'title',
      render: (_: string, r) => {
        const title = textOf(r).title
        const href = linkOf(r, roles)
        const cls = r.readAt ? undefined : 'nt-title-unread'
        return href ? (
          <Link
            to={href}
            className={cls}
            onClick={() => {
              if (!r.readAt) markRead.mutate(r.id)
            }}
          >
            {title}
          </Link>
        ) : (
          <span className={cls}>{title}</span>
        )
      },
      exportValue: (r) => textOf(r).title,
      searchValue: (r) => textOf(r).title,
    },
    {
      title: t('col.body'),
      dataIndex: 'body',
      ellipsis: true,
      render: (_: string, r) => textOf(r).body,
      exportValue: (r) => textOf(r).body,
      searchValue: (r) => textOf(r).body,
    },
    {
      title: t('col.state'),
      dataIndex: 'readAt',
      width: 80,
      render: (r: string | null) => (
        <span className={r ? 'nt-state' : 'nt-state nt-state--unread'}>
          {r ? t('state.read') : t('state.unread')}
        </span>
      ),
      exportValue: (r) => (r.readAt ? t('state.read') : t('state.unread')),
      searchValue: (r) => (r.readAt ? t('state.read') : t('state.unread')),
    },
    {
      title: <span className="ms-visually-hidden">{t('col.open')}</span>,
      key: 'act',
      width: 110,
      exportValue: false,
      render: (_, r) =>
        !r.readAt && (
          <Button
            size="small"
            aria-label={`${t('action.markRead')}：${textOf(r).title}`}
            onClick={() => markRead.mutate(r.id)}
          >
            {t('action.markRead')}
          </Button>
        ),
    },
  ]

  return (
    <div>
      <PageHeader
        title={t('page.title')}
        description={t('page.intro')}
        extra={
          <Button
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
      />
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <DataTable<Notification>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={list.isPending}
        exportName={t('page.exportName')}
        tableProps={{ scroll: { x: 760 }, size: 'middle' }}
        filters={
          <Segmented
            aria-label={t('page.filter')}
            value={filter}
            onChange={(v) => setFilter(v as NotificationFilter)}
            options={FILTERS.map((f) => ({
              value: f,
              label: f === 'unread' ? `${t('page.unread')}（${unread}）` : t('page.all'),
            }))}
          />
        }
      />
      {list.hasNextPage && (
        <Space style={{ marginTop: 12 }}>
          <Button loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('page.more')}
          </Button>
        </Space>
      )}
    </div>
  )
}
