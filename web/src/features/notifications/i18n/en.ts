import type { NotificationStrings } from './zh-CN'

export const en: NotificationStrings = {
  bell: {
    label: 'Notifications ({{n}} unread)',
    labelNone: 'Notifications (none unread)',
    title: 'Notifications',
    recent: 'Recent notifications',
    empty: 'No notifications.',
    viewAll: 'All notifications',
    announce: '{{n}} new notifications',
  },
  page: {
    title: 'Notifications',
    intro:
      'Reminders that concern you: issues assigned, answered, due soon or overdue, progress reports overdue, projects lagging. Deadline and overdue reminders are worked out when you open your notifications, and each is sent once.',
    filter: 'Show',
    all: 'All',
    unread: 'Unread',
    more: 'Load more',
    exportName: 'Notifications',
  },
  col: {
    time: 'Time',
    kind: 'Kind',
    title: 'Title',
    body: 'Details',
    state: 'State',
    open: 'Actions',
  },
  state: { unread: 'Unread', read: 'Read' },
  action: {
    markAllRead: 'Mark all read',
    markedAll: '{{n}} notifications marked read',
    markRead: 'Mark read',
    open: 'Open',
    openTitle: 'Open: {{title}}',
  },
  kind: {
    issue_raised: 'New issue',
    issue_assigned: 'Issue assigned',
    issue_answered: 'Issue answered',
    issue_sent_back: 'Issue sent back',
    issue_reopened: 'Issue reopened',
    issue_closed: 'Issue closed',
    issue_due_soon: 'Due soon',
    issue_overdue: 'Overdue',
    report_overdue: 'Report overdue',
    project_lagging: 'Project lagging',
    other: 'Notice',
  },
}
