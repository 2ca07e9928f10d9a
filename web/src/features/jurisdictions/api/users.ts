import {
  infiniteQueryOptions,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query'
import type { InferRequestType } from 'hono/client'
import { api, unwrap, type OkBody } from '@/lib/api'
import { jurisdictionKeys } from './jurisdictions'

export const userKeys = {
  of: (jid: string) => [...jurisdictionKeys.all, jid, 'users'] as const,
}

const usersOf = api.jurisdictions[':jid'].users
export type Account = OkBody<Awaited<ReturnType<typeof usersOf.$get>>>['items'][number]
export type CreateUserInput = InferRequestType<typeof usersOf.$post>['json']

const PAGE = 200

export const getUsers = (jid: string, cursor?: string) =>
  unwrap(usersOf.$get({ param: { jid }, query: { limit: String(PAGE), cursor } }))

/** The accounts of a jurisdiction, page by page (`?cursor=`). */
export const usersQueryOptions = (jid: string) =>
  infiniteQueryOptions({
    queryKey: userKeys.of(jid),
    queryFn: ({ pageParam }) => getUsers(jid, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })

export const useUsers = (jid: string | undefined) =>
  useInfiniteQuery({ ...usersQueryOptions(jid ?? ''), enabled: !!jid })

export const createUser = (jid: string, input: CreateUserInput) =>
  unwrap(usersOf.$post({ param: { jid }, json: input }))

export function useCreateUser(jid: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: CreateUserInput) => createUser(jid, input),
    meta: { notifyError: false }, // the form shows it
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.of(jid) }),
  })
}
