import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, ApiError, unwrap, type OkBody } from '@/lib/api'

/** The deputy record's requests (履职档案). Keys start with ['records']. */
const deputyApi = api.deputies[':did']
const targetsApi = api.jurisdictions[':jid']['record-targets']

export type DeputyRecord = OkBody<Awaited<ReturnType<typeof deputyApi.record.$get>>>
export type Profile = OkBody<
  Awaited<ReturnType<(typeof api.me)['deputy-profiles']['$get']>>
>['items'][number]
export type Deputy = OkBody<
  Awaited<ReturnType<(typeof api.jurisdictions)[':jid']['deputies']['$get']>>
>['items'][number]
export type Targets = OkBody<Awaited<ReturnType<typeof targetsApi.$get>>>

export const recordKeys = {
  all: ['records'] as const,
  record: (did: string, year: number | undefined) =>
    ['records', 'record', did, year ?? 'latest'] as const,
  profiles: ['records', 'profiles'] as const,
  deputies: (jid: string) => ['records', 'deputies', jid] as const,
  targets: (jid: string) => ['records', 'targets', jid] as const,
}

export const getRecord = (did: string, year?: number) =>
  unwrap(deputyApi.record.$get({ param: { did }, query: year ? { year: String(year) } : {} }))
export const recordQueryOptions = (did: string, year?: number) =>
  queryOptions({ queryKey: recordKeys.record(did, year), queryFn: () => getRecord(did, year) })
export const useRecord = (did: string | undefined, year?: number) =>
  useQuery({ ...recordQueryOptions(did ?? '', year), enabled: !!did })

export const useProfiles = () =>
  useQuery({
    queryKey: recordKeys.profiles,
    queryFn: () => unwrap(api.me['deputy-profiles'].$get()),
  })

export const useDeputies = (jid: string | undefined) =>
  useQuery({
    queryKey: recordKeys.deputies(jid ?? ''),
    queryFn: () => unwrap(api.jurisdictions[':jid'].deputies.$get({ param: { jid: jid! } })),
    enabled: !!jid,
  })

export const useTargets = (jid: string | undefined) =>
  useQuery({
    queryKey: recordKeys.targets(jid ?? ''),
    queryFn: () => unwrap(targetsApi.$get({ param: { jid: jid! } })),
    enabled: !!jid,
  })

export function useSaveTargets(jid: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (json: {
      minSuggestions: number
      minInspections: number
      minVoteParticipationBp: number
    }) => unwrap(targetsApi.$put({ param: { jid }, json })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recordKeys.all }),
  })
}

export const recordFileUrl = (did: string, ext: 'xlsx' | 'pdf', year: number) =>
  `/api/deputies/${did}/record.${ext}?year=${year}`

/** Downloads a file the API makes (cookies sent), named as the API names it. */
export async function download(url: string, fallbackName: string) {
  const res = await fetch(url, { credentials: 'include' })
  if (!res.ok) {
    let body: { error?: { code?: string; message?: string } } = {}
    try {
      body = await res.json()
    } catch {
      /* not JSON */
    }
    throw new ApiError({
      status: res.status,
      code: body.error?.code ?? 'INTERNAL',
      message: body.error?.message ?? `HTTP ${res.status}`,
    })
  }
  const star = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1]
  const blob = await res.blob()
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = star ? decodeURIComponent(star) : fallbackName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
}
