import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api, unwrap, type OkBody } from '@/lib/api'

/** The portal's reads: all public, all cacheable (ETag) on the server. */
export type Overview = OkBody<
  Awaited<ReturnType<(typeof api.public.jurisdictions)[':jid']['overview']['$get']>>
>
export type ProjectRow = Overview['projects'][number]
export type Summary = OkBody<
  Awaited<ReturnType<(typeof api.public.projects)[':pid']['summary']['$get']>>
>
export type JurisdictionList = OkBody<Awaited<ReturnType<typeof api.public.jurisdictions.$get>>>
export type VoteResult = OkBody<
  Awaited<ReturnType<(typeof api.public.votes)[':vid']['result']['$get']>>
>
export type PublishedResults = OkBody<
  Awaited<ReturnType<(typeof api.public.jurisdictions)[':jid']['results']['$get']>>
>
export type PublicProgress = OkBody<
  Awaited<ReturnType<(typeof api.public.projects)[':pid']['progress']['$get']>>
>

export const portalKeys = {
  jurisdictions: ['portal', 'jurisdictions'] as const,
  overview: (jid: string, year?: number) => ['portal', 'overview', jid, year ?? null] as const,
  summary: (pid: string) => ['portal', 'summary', pid] as const,
  progress: (pid: string) => ['portal', 'progress', pid] as const,
  vote: (vid: string) => ['portal', 'vote', vid] as const,
  results: (jid: string, year?: number) => ['portal', 'results', jid, year ?? null] as const,
}

export const useJurisdictions = () =>
  useQuery({
    queryKey: portalKeys.jurisdictions,
    queryFn: () => unwrap(api.public.jurisdictions.$get()),
    staleTime: 60_000,
  })

export const useOverview = (jid: string, year?: number, refetchInterval?: number) =>
  useQuery({
    queryKey: portalKeys.overview(jid, year),
    queryFn: () =>
      unwrap(
        api.public.jurisdictions[':jid'].overview.$get({
          param: { jid },
          query: year ? { year: String(year) } : {},
        }),
      ),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
    ...(refetchInterval ? { refetchInterval, refetchIntervalInBackground: true } : {}),
  })

export const useSummary = (pid: string) =>
  useQuery({
    queryKey: portalKeys.summary(pid),
    queryFn: () => unwrap(api.public.projects[':pid'].summary.$get({ param: { pid } })),
  })

export const useProgress = (pid: string) =>
  useQuery({
    queryKey: portalKeys.progress(pid),
    queryFn: () => unwrap(api.public.projects[':pid'].progress.$get({ param: { pid } })),
  })

export const useVoteResult = (vid: string | undefined) =>
  useQuery({
    queryKey: portalKeys.vote(vid ?? ''),
    queryFn: () => unwrap(api.public.votes[':vid'].result.$get({ param: { vid: vid! } })),
    enabled: !!vid,
    staleTime: 5 * 60_000,
  })

export const useResults = (jid: string | undefined, year?: number) =>
  useQuery({
    queryKey: portalKeys.results(jid ?? '', year),
    queryFn: () =>
      unwrap(
        api.public.jurisdictions[':jid'].results.$get({
          param: { jid: jid! },
          query: year ? { year: String(year) } : {},
        }),
      ),
    enabled: !!jid,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  })

/** Download links of the open data (plain hrefs: the browser saves them). */
export const downloadUrl = (jid: string, table: string, format: 'csv' | 'xlsx', year: number) =>
  `/api/public/jurisdictions/${jid}/tables/${table}.${format}?year=${year}`
export const feedUrl = (jid: string, year: number) =>
  `/api/public/jurisdictions/${jid}/feed.json?year=${year}`
