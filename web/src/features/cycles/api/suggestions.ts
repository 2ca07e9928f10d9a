import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query'
import type { InferRequestType } from 'hono/client'
import { api, unwrap, type OkBody } from '@/lib/api'
import { cycleKeys } from './cycles'

/** Suggestions (征集): the staff inbox, outcomes and merges, and a signed-in user's own. */
export const suggestionKeys = {
  all: ['suggestions'] as const,
  inbox: (cid: string) => [...suggestionKeys.all, 'inbox', cid] as const,
  inboxFiltered: (cid: string, filters: InboxFilters) =>
    [...suggestionKeys.inbox(cid), filters] as const,
  detail: (sid: string) => [...suggestionKeys.all, 'detail', sid] as const,
  mine: () => [...suggestionKeys.all, 'mine'] as const,
}

const inboxOf = api.cycles[':cid'].suggestions
const byId = api.suggestions[':sid']

export type Suggestion = OkBody<Awaited<ReturnType<typeof byId.$get>>>
export type Outcome = Suggestion['outcome']
export type Source = Suggestion['source']
export type InboxFilters = Omit<
  NonNullable<InferRequestType<typeof inboxOf.$get>['query']>,
  'limit' | 'cursor'
>
export type OutcomeInput = InferRequestType<(typeof byId)['outcome']['$post']>['json']
export type MergeInput = InferRequestType<(typeof inboxOf)['merge']['$post']>['json']
export type SubmitSuggestionInput = InferRequestType<typeof inboxOf.$post>['json']

const PAGE = 200

export const getInbox = (cid: string, filters: InboxFilters, cursor?: string) =>
  unwrap(inboxOf.$get({ param: { cid }, query: { ...filters, limit: String(PAGE), cursor } }))

/** The inbox with server-side filters and search, page by page (`?cursor=`). */
export const inboxQueryOptions = (cid: string, filters: InboxFilters) =>
  infiniteQueryOptions({
    queryKey: suggestionKeys.inboxFiltered(cid, filters),
    queryFn: ({ pageParam }) => getInbox(cid, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })

export const useInbox = (cid: string | undefined, filters: InboxFilters) =>
  useInfiniteQuery({ ...inboxQueryOptions(cid ?? '', filters), enabled: !!cid })

export const getSuggestion = (sid: string) => unwrap(byId.$get({ param: { sid } }))

export const suggestionQueryOptions = (sid: string) =>
  queryOptions({ queryKey: suggestionKeys.detail(sid), queryFn: () => getSuggestion(sid) })

export const useSuggestion = (sid: string | undefined) =>
  useQuery({ ...suggestionQueryOptions(sid ?? ''), enabled: !!sid })

/** Outcomes change the inbox, the candidates' origin lists and the submitter's own view. */
function useSuggestionsChanged() {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: suggestionKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['candidates'] }),
    ])
}

export const recordOutcome = (sid: string, input: OutcomeInput) =>
  unwrap(byId.outcome.$post({ param: { sid }, json: input }))

export function useRecordOutcome() {
  const changed = useSuggestionsChanged()
  return useMutation({
    mutationFn: ({ sid, input }: { sid: string; input: OutcomeInput }) => recordOutcome(sid, input),
    meta: { notifyError: false }, // the form shows it
    onSuccess: changed,
  })
}

export const mergeSuggestions = (cid: string, input: MergeInput) =>
  unwrap(inboxOf.merge.$post({ param: { cid }, json: input }))

export function useMergeSuggestions(cid: string) {
  const changed = useSuggestionsChanged()
  return useMutation({
    mutationFn: (input: MergeInput) => mergeSuggestions(cid, input),
    meta: { notifyError: false }, // the dialog shows it
    onSuccess: changed,
  })
}

export const getMySuggestions = (cursor?: string) =>
  unwrap(api.me.suggestions.$get({ query: { limit: '100', cursor } }))

/** What the signed-in user submitted, newest first, with outcomes and replies. */
export const mySuggestionsQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: suggestionKeys.mine(),
    queryFn: ({ pageParam }) => getMySuggestions(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })

export const useMySuggestions = () => useInfiniteQuery(mySuggestionsQueryOptions())

export const submitSuggestion = (cid: string, input: SubmitSuggestionInput) =>
  unwrap(inboxOf.$post({ param: { cid }, json: input }))

export function useSubmitSuggestion(cid: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: SubmitSuggestionInput) => submitSuggestion(cid, input),
    meta: { notifyError: false }, // the form shows it
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: suggestionKeys.all }),
        queryClient.invalidateQueries({ queryKey: cycleKeys.detail(cid) }),
      ]),
  })
}
