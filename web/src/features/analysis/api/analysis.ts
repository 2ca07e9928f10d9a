import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, ApiError, CSRF_COOKIE, CSRF_HEADER, readCookie, unwrap, type OkBody } from '@/lib/api'

/**
 * What-if analysis: the comparison of a closed vote, imported pabulib files and their
 * comparisons, and (read-only, for the index page) the jurisdiction's cycles and their votes.
 * Keys start with ['analysis'].
 */
const instances = api.analysis.instances
const instanceById = api.analysis.instances[':id']
const voteById = api.votes[':vid']

export type VoteWhatIf = OkBody<Awaited<ReturnType<(typeof voteById)['what-if']['$get']>>>
export type InstanceWhatIf = OkBody<Awaited<ReturnType<(typeof instanceById)['what-if']['$get']>>>
export type InstanceSummary = OkBody<Awaited<ReturnType<typeof instanceById.$get>>>
export type WhatIf = VoteWhatIf | InstanceWhatIf
export type RuleOutcome = WhatIf['rules'][number]
export type RuleKey = RuleOutcome['rule']
export type Money = WhatIf['money']
type CycleList = OkBody<Awaited<ReturnType<(typeof api.jurisdictions)[':jid']['cycles']['$get']>>>
export type CycleItem = CycleList['items'][number]
export type CycleVote = OkBody<
  Awaited<ReturnType<(typeof api.cycles)[':cid']['votes']['$get']>>
>['items'][number]

export const analysisKeys = {
  all: ['analysis'] as const,
  instances: (jid: string) => ['analysis', 'instances', jid] as const,
  instance: (id: string) => ['analysis', 'instance', id] as const,
  instanceWhatIf: (id: string) => ['analysis', 'instance', id, 'what-if'] as const,
  voteWhatIf: (vid: string) => ['analysis', 'vote', vid, 'what-if'] as const,
  cycles: (jid: string) => ['analysis', 'cycles', jid] as const,
  cycleVotes: (cid: string) => ['analysis', 'cycle-votes', cid] as const,
}

// ── reads ──

export const getVoteWhatIf = (vid: string) => unwrap(voteById['what-if'].$get({ param: { vid } }))
export const voteWhatIfQueryOptions = (vid: string) =>
  queryOptions({
    queryKey: analysisKeys.voteWhatIf(vid),
    queryFn: () => getVoteWhatIf(vid),
    staleTime: 60_000,
    retry: false,
  })
export const useVoteWhatIf = (vid: string) => useQuery(voteWhatIfQueryOptions(vid))

export const getInstanceWhatIf = (id: string) =>
  unwrap(instanceById['what-if'].$get({ param: { id } }))
export const instanceWhatIfQueryOptions = (id: string) =>
  queryOptions({
    queryKey: analysisKeys.instanceWhatIf(id),
    queryFn: () => getInstanceWhatIf(id),
    // An imported file never changes: its comparison is final once computed.
    staleTime: Infinity,
    retry: false,
  })
export const useInstanceWhatIf = (id: string) => useQuery(instanceWhatIfQueryOptions(id))

export const getInstances = (jid: string) =>
  unwrap(instances.$get({ query: { jurisdictionId: jid, limit: '200' } }))
export const instancesQueryOptions = (jid: string) =>
  queryOptions({ queryKey: analysisKeys.instances(jid), queryFn: () => getInstances(jid) })
export const useInstances = (jid: string | undefined) =>
  useQuery({ ...instancesQueryOptions(jid ?? ''), enabled: !!jid })

export const getCycles = (jid: string) =>
  unwrap(api.jurisdictions[':jid'].cycles.$get({ param: { jid }, query: { limit: '100' } }))
export const useCycles = (jid: string | undefined) =>
  useQuery({
    queryKey: analysisKeys.cycles(jid ?? ''),
    queryFn: () => getCycles(jid!),
    enabled: !!jid,
  })

export const getCycleVotes = (cid: string) =>
  unwrap(api.cycles[':cid'].votes.$get({ param: { cid } }))
export const cycleVotesQueryOptions = (cid: string) =>
  queryOptions({ queryKey: analysisKeys.cycleVotes(cid), queryFn: () => getCycleVotes(cid) })

/** Downloads: plain links (same origin, the session cookie goes along). */
export const voteWhatIfXlsxUrl = (vid: string, lang: string) =>
  `/api/votes/${vid}/what-if.xlsx?lang=${encodeURIComponent(lang)}`
export const votePbUrl = (vid: string) => `/api/votes/${vid}/export.pb`
export const instanceWhatIfXlsxUrl = (id: string, lang: string) =>
  `/api/analysis/instances/${id}/what-if.xlsx?lang=${encodeURIComponent(lang)}`
export const instanceSourceUrl = (id: string) => `/api/analysis/instances/${id}/source.pb`

// ── writes ──

export const MAX_FILE_BYTES = 16 * 1024 * 1024

export type UploadPhase = { phase: 'uploading'; percent: number } | { phase: 'parsing' }

/**
 * Uploads a .pb file with upload progress (fetch cannot report it, so XMLHttpRequest), with the
 * CSRF header every cookie-authenticated write needs. Resolves to the instance summary; rejects
 * with the API's error (400 PABULIB_INVALID carries `line` in `details`).
 */
export function uploadInstance(
  input: { jurisdictionId: string; file: File; name?: string },
  onProgress: (p: UploadPhase) => void,
): Promise<InstanceSummary> {
  return new Promise((resolve, reject) => {
    const form = new FormData()
    form.set('jurisdictionId', input.jurisdictionId)
    if (input.name?.trim()) form.set('name', input.name.trim())
    form.set('file', input.file, input.file.name)
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/api/analysis/instances')
    xhr.withCredentials = true
    xhr.setRequestHeader('accept', 'application/json')
    const csrf = readCookie(CSRF_COOKIE)
    if (csrf) xhr.setRequestHeader(CSRF_HEADER, csrf)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable)
        onProgress({
          phase: 'uploading',
          percent: Math.min(100, Math.round((e.loaded / e.total) * 100)),
        })
    }
    xhr.upload.onload = () => onProgress({ phase: 'parsing' })
    xhr.onerror = () =>
      reject(new ApiError({ status: 0, code: 'NETWORK', message: 'Network error' }))
    xhr.onload = () => {
      let body: unknown
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        body = undefined
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as InstanceSummary)
      const e = (body as { error?: Record<string, unknown> } | undefined)?.error
      if (e && typeof e.code === 'string') {
        const { code, message, requestId, issues, ...details } = e
        reject(
          new ApiError({
            status: xhr.status,
            code,
            message: typeof message === 'string' ? message : code,
            requestId: typeof requestId === 'string' ? requestId : undefined,
            issues: Array.isArray(issues) ? (issues as { path?: string; message: string }[]) : [],
            details,
          }),
        )
      } else
        reject(
          new ApiError({
            status: xhr.status,
            code: xhr.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST',
            message: `HTTP ${xhr.status}`,
          }),
        )
    }
    xhr.send(form)
  })
}

export function useDeleteInstance(jid: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => unwrap(instanceById.$delete({ param: { id } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: analysisKeys.instances(jid) }),
  })
}
