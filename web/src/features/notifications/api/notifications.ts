import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query'
import { api, unwrap, type OkBody } from '@/lib/api'

/**
 * In-app notifications (站内通知) of the signed-in user. The bell polls one small page once a
 * minute (and on window focus, after the 30 s stale time), only while the tab is visible; the
 * page lists everything, page by page. Every write invalidates ['notifications'], so the bell's
 * count and the page agree at once.
 */

export type NotificationList = OkBody<Awaited<ReturnType<typeof api.notifications.$get>>>
export type Notification = NotificationList['items'][number]
export type NotificationFilter = 'all' | 'unread'

/** How often the bell asks (ms): notices are not urgent, and each read recomputes a few rules. */
export const POLL_MS = 60_000
const RECENT = 10
const PAGE = 100

export const notificationKeys = {
  all: ['notifications'] as const,
  recent: () => ['notifications', 'recent'] as const,
  list: (state: NotificationFilter) => ['notifications', 'list', state] as const,
}

export const getNotifications = (state: NotificationFilter, limit: number, cursor?: string) =>
  unwrap(api.notifications.$get({ query: { state, limit: String(limit), cursor } }))

/** The bell: the latest few and the unread count. */
export const recentQueryOptions = () =>
  queryOptions({
    queryKey: notificationKeys.recent(),
    queryFn: () => getNotifications('all', RECENT),
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
  })

export const useRecentNotifications = () => useQuery(recentQueryOptions())

/** The page: all (or unread) notifications, newest first, `?cursor=` page by page. */
export const listQueryOptions = (state: NotificationFilter) =>
  infiniteQueryOptions({
    queryKey: notificationKeys.list(state),
    queryFn: ({ pageParam }) => getNotifications(state, PAGE, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })

export const useNotificationList = (state: NotificationFilter) =>
  useInfiniteQuery(listQueryOptions(state))

function useNotificationMutation<V, R>(fn: (v: V) => Promise<R>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  })
}

export const useMarkRead = () =>
  useNotificationMutation((id: string) =>
    unwrap(api.notifications[':id'].read.$post({ param: { id } })),
  )

export const useMarkAllRead = () =>
  useNotificationMutation(() => unwrap(api.notifications['read-all'].$post()))
