import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
} from '@tanstack/react-query'
import type { InferRequestType } from 'hono/client'
import { api, unwrap, type OkBody } from '@/lib/api'

/** The public portal's reads and the no-login suggestion form. No session, no antd. */
export const publicKeys = {
  all: ['public', 'solicitation'] as const,
  jurisdictions: () => [...publicKeys.all, 'jurisdictions'] as const,
  cycle: (cid: string) => [...publicKeys.all, 'cycle', cid] as const,
  outcomes: (cid: string, filters: PublicOutcomeFilters) =>
    [...publicKeys.all, 'outcomes', cid, filters] as const,
  tracked: (code: string) => [...publicKeys.all, 'tracked', code] as const,
}

const pub = api.public
const publicCycle = pub.cycles[':cid']

export type PublicJurisdiction = OkBody<
  Awaited<ReturnType<typeof pub.jurisdictions.$get>>
>['items'][number]
export type PublicCycle = OkBody<Awaited<ReturnType<typeof publicCycle.$get>>>
export type PublicCandidate = NonNullable<PublicCycle['candidates']>[number]
export type PublicSuggestionInput = InferRequestType<typeof publicCycle.suggestions.$post>['json']
export type PublicOutcomePage = OkBody<Awaited<ReturnType<typeof publicCycle.suggestions.$get>>>
export type PublicOutcome = PublicOutcomePage['items'][number]
export type PublicOutcomeFilters = Omit<
  NonNullable<InferRequestType<typeof publicCycle.suggestions.$get>['query']>,
  'limit' | 'cursor'
>
export type TrackedSuggestion = OkBody<
  Awaited<ReturnType<(typeof pub.suggestions)[':trackingCode']['$get']>>
>

export const getPublicJurisdictions = () => unwrap(pub.jurisdictions.$get())

export const publicJurisdictionsQueryOptions = () =>
  queryOptions({
    queryKey: publicKeys.jurisdictions(),
    queryFn: getPublicJurisdictions,
    staleTime: 5 * 60_000,
  })

export const usePublicJurisdictions = () => useQuery(publicJurisdictionsQueryOptions())

export const getPublicCycle = (cid: string) => unwrap(publicCycle.$get({ param: { cid } }))

export const publicCycleQueryOptions = (cid: string) =>
  queryOptions({ queryKey: publicKeys.cycle(cid), queryFn: () => getPublicCycle(cid) })

export const usePublicCycle = (cid: string | undefined) =>
  useQuery({ ...publicCycleQueryOptions(cid ?? ''), enabled: !!cid })

export const submitPublicSuggestion = (cid: string, input: PublicSuggestionInput) =>
  unwrap(publicCycle.suggestions.$post({ param: { cid }, json: input }))

export const useSubmitPublicSuggestion = (cid: string) =>
  useMutation({
    mutationFn: (input: PublicSuggestionInput) => submitPublicSuggestion(cid, input),
    meta: { notifyError: false }, // the form shows it (public pages have no toasts)
  })

const PAGE = 50

export const getPublicOutcomes = (cid: string, filters: PublicOutcomeFilters, cursor?: string) =>
  unwrap(
    publicCycle.suggestions.$get({
      param: { cid },
      query: { ...filters, limit: String(PAGE), cursor },
    }),
  )

/** The 公示 list of decided suggestions, page by page, with the counts by outcome. */
export const publicOutcomesQueryOptions = (cid: string, filters: PublicOutcomeFilters) =>
  infiniteQueryOptions({
    queryKey: publicKeys.outcomes(cid, filters),
    queryFn: ({ pageParam }) => getPublicOutcomes(cid, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })

export const usePublicOutcomes = (cid: string | undefined, filters: PublicOutcomeFilters) =>
  useInfiniteQuery({ ...publicOutcomesQueryOptions(cid ?? '', filters), enabled: !!cid })

export const trackSuggestion = (code: string) =>
  unwrap(pub.suggestions[':trackingCode'].$get({ param: { trackingCode: code } }))

export const trackedQueryOptions = (code: string) =>
  queryOptions({
    queryKey: publicKeys.tracked(code),
    queryFn: () => trackSuggestion(code),
    retry: false,
  })

export const useTrackedSuggestion = (code: string | undefined) =>
  useQuery({ ...trackedQueryOptions(code ?? ''), enabled: !!code })
