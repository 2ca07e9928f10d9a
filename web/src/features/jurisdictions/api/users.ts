import {
  infiniteQueryOptions,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query'
import type { InferRequestType } from 'hono/client'
import { api, unwrap, type OkBody } from '@/lib/api'
import { sessionKeys } from '@/lib/session'
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

const grantsOf = api.users[':uid'].grants
export type Grant = Account['grants'][number]

/**
 * Replaces the account's grants on every jurisdiction the caller administers (the API's semantics);
 * send the grants outside the edited jurisdiction back unchanged.
 */
export const setGrants = (uid: string, grants: Grant[]) =>
  unwrap(grantsOf.$put({ param: { uid }, json: { grants } }))

export function useSetGrants() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ uid, grants }: { uid: string; grants: Grant[] }) => setGrants(uid, grants),
    meta: { notifyError: false }, // the drawer shows it
    // Grants elsewhere in the tree may change too: refresh every account list, and the session in
    // case the admin edited their own account.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({
          queryKey: jurisdictionKeys.all,
          predicate: (q) => q.queryKey[2] === 'users',
        }),
        queryClient.invalidateQueries({ queryKey: sessionKeys.me }),
      ]),
  })
}
