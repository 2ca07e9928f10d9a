import { Hono } from 'hono'
import * as v from 'valibot'
import { ctx, type AppEnv } from '../shared/context.js'
import { ids, query } from '../shared/validate.js'
import { doc } from '../shared/openapi.js'
import { PageQuery } from '../shared/paging.js'
import * as service from './notifications.service.js'

const Notification = v.object({
  id: v.string(),
  kind: v.string(),
  title: v.string(),
  body: v.string(),
  projectId: v.nullable(v.string()),
  issueId: v.nullable(v.string()),
  /**
   * The kind's parameters (decision 047), e.g. `{ projectTitle, seq, deadline }`; null on notices
   * stored before them. `title`/`body` are the same notice in zh-CN.
   */
  params: v.nullable(v.record(v.string(), v.unknown())),
  createdAt: v.string(),
  readAt: v.nullable(v.string()),
})

const ListQuery = v.object({
  ...PageQuery.entries,
  /** `unread`: only the ones not yet read (the bell's and the page's filter); default `all`. */
  state: v.optional(v.picklist(['all', 'unread'], 'state must be all or unread'), 'all'),
})

export const notificationRoutes = new Hono<AppEnv>()
  .get(
    '/notifications',
    doc({
      summary: 'The caller’s notifications, newest first, with the unread count',
      tags: ['notifications'],
      ok: v.object({
        items: v.array(Notification),
        nextCursor: v.nullable(v.string()),
        unread: v.number(),
      }),
      description:
        'Deadline-near, overdue-report and lagging-project notices are computed when read (no background job) and stored once each. `state=unread` lists only unread ones; `unread` always counts all unread. Each item carries `params`, the kind-specific facts (project title, issue number, deadline, period, status, …) from which a client renders the text in its own language; `title`/`body` are the zh-CN text (decision 047).',
    }),
    query(ListQuery),
    async (c) => {
      const q = c.req.valid('query')
      return c.json(await service.listMine(ctx(c), q.limit, q.cursor, q.state === 'unread'))
    },
  )
  .get(
    '/notifications/digest',
    doc({
      summary: 'A per-user digest: unread by kind, what needs doing now, a short summary',
      tags: ['notifications'],
      ok: v.object({
        today: v.string(),
        unread: v.number(),
        unreadByKind: v.record(v.string(), v.number()),
        unit: v.record(v.string(), v.number()),
        deputy: v.record(v.string(), v.number()),
        /**
         * For staff, their jurisdictions' projects (`projects`, `lagging`, `seriouslyLagging`,
         * `reportsOverdue`) and open issues (`toAssign`, `issuesOverdue`, `issuesEscalated`).
         */
        staff: v.record(v.string(), v.number()),
        latest: v.array(Notification),
        summary: v.string(),
      }),
    }),
    async (c) => c.json(await service.digest(ctx(c))),
  )
  .post(
    '/notifications/read-all',
    doc({
      summary: 'Mark all of the caller’s notifications read',
      tags: ['notifications'],
      ok: v.object({ marked: v.number() }),
    }),
    async (c) => c.json(await service.markAllRead(ctx(c))),
  )
  .post(
    '/notifications/:id/read',
    ids('id'),
    doc({
      summary: 'Mark one of the caller’s notifications read',
      tags: ['notifications'],
      ok: Notification,
    }),
    async (c) => c.json(await service.markRead(ctx(c), c.req.param('id'))),
  )
