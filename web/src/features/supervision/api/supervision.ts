import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferRequestType } from 'hono/client'
import { api, ApiError, CSRF_COOKIE, CSRF_HEADER, readCookie, unwrap, type OkBody } from '@/lib/api'

/**
 * Requests of deputy supervision (进度代表督): my supervision projects, inspections, the issue
 * loop and the staff issue list. Keys start with ['supervision'].
 */

const projectApi = api.projects[':pid']
const issueApi = api.issues[':iid']
const cycleApi = api.cycles[':cid']

export type SupervisionProjects = OkBody<
  Awaited<ReturnType<(typeof api.me)['supervision-projects']['$get']>>
>
export type RaisedIssues = OkBody<Awaited<ReturnType<(typeof api.me)['raised-issues']['$get']>>>
export type Issue = RaisedIssues['items'][number]
export type ProjectProgress = OkBody<Awaited<ReturnType<(typeof projectApi)['progress']['$get']>>>
export type Group = OkBody<Awaited<ReturnType<(typeof projectApi)['supervision-group']['$get']>>>
export type Inspection = OkBody<
  Awaited<ReturnType<(typeof projectApi)['inspections']['$get']>>
>['items'][number]
export type CycleIssues = OkBody<Awaited<ReturnType<(typeof cycleApi)['issues']['$get']>>>
export type IssueQuery = InferRequestType<(typeof cycleApi)['issues']['$get']>['query']
export type InspectionInput = InferRequestType<(typeof projectApi)['inspections']['$post']>['json']
export type RaiseInput = InferRequestType<(typeof projectApi)['issues']['$post']>['json']
export type VerifyInput = InferRequestType<(typeof issueApi)['verify']['$post']>['json']
export type CycleItem = OkBody<
  Awaited<ReturnType<(typeof api.jurisdictions)[':jid']['cycles']['$get']>>
>['items'][number]

export const supervisionKeys = {
  all: ['supervision'] as const,
  mine: () => ['supervision', 'mine'] as const,
  raised: () => ['supervision', 'raised'] as const,
  project: (pid: string) => ['supervision', 'project', pid] as const,
  group: (pid: string) => ['supervision', 'project', pid, 'group'] as const,
  inspections: (pid: string) => ['supervision', 'project', pid, 'inspections'] as const,
  issues: (pid: string) => ['supervision', 'project', pid, 'issues'] as const,
  cycles: (jid: string) => ['supervision', 'cycles', jid] as const,
  cycleIssues: (cid: string, q: IssueQuery) => ['supervision', 'cycle', cid, 'issues', q] as const,
}

export const useMySupervision = () =>
  useQuery({
    queryKey: supervisionKeys.mine(),
    queryFn: () => unwrap(api.me['supervision-projects'].$get()),
  })
export const useRaisedIssues = () =>
  useQuery({
    queryKey: supervisionKeys.raised(),
    queryFn: () => unwrap(api.me['raised-issues'].$get({ query: { state: 'all' } })),
  })
export const useProject = (pid: string | undefined) =>
  useQuery({
    queryKey: supervisionKeys.project(pid ?? ''),
    queryFn: () => unwrap(projectApi.progress.$get({ param: { pid: pid! } })),
    enabled: !!pid,
  })
export const useGroup = (pid: string | undefined) =>
  useQuery({
    queryKey: supervisionKeys.group(pid ?? ''),
    queryFn: () => unwrap(projectApi['supervision-group'].$get({ param: { pid: pid! } })),
    enabled: !!pid,
  })
export const useInspections = (pid: string | undefined) =>
  useQuery({
    queryKey: supervisionKeys.inspections(pid ?? ''),
    queryFn: () => unwrap(projectApi.inspections.$get({ param: { pid: pid! } })),
    enabled: !!pid,
  })
export const useProjectIssues = (pid: string | undefined) =>
  useQuery({
    queryKey: supervisionKeys.issues(pid ?? ''),
    queryFn: () => unwrap(projectApi.issues.$get({ param: { pid: pid! }, query: {} })),
    enabled: !!pid,
  })
export const useCycles = (jid: string | undefined) =>
  useQuery({
    queryKey: supervisionKeys.cycles(jid ?? ''),
    queryFn: () =>
      unwrap(
        api.jurisdictions[':jid'].cycles.$get({ param: { jid: jid! }, query: { limit: '100' } }),
      ),
    enabled: !!jid,
  })
export const useCycleIssues = (cid: string | undefined, query: IssueQuery) =>
  useQuery({
    queryKey: supervisionKeys.cycleIssues(cid ?? '', query),
    queryFn: () => unwrap(cycleApi.issues.$get({ param: { cid: cid! }, query })),
    enabled: !!cid,
    placeholderData: (prev) => prev,
  })

function useSupervisionMutation<V, R>(fn: (v: V) => Promise<R>, notifyError = true) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: fn,
    meta: { notifyError },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: supervisionKeys.all }),
  })
}

export const useRecordInspection = (pid: string) =>
  useSupervisionMutation(
    (json: InspectionInput) => unwrap(projectApi.inspections.$post({ param: { pid }, json })),
    false,
  )
export const useRaiseIssue = (pid: string) =>
  useSupervisionMutation(
    (json: RaiseInput) => unwrap(projectApi.issues.$post({ param: { pid }, json })),
    false,
  )
export const useVerify = () =>
  useSupervisionMutation(({ iid, ...json }: VerifyInput & { iid: string }) =>
    unwrap(issueApi.verify.$post({ param: { iid }, json })),
  )
export const useClose = () =>
  useSupervisionMutation(({ iid, note }: { iid: string; note?: string }) =>
    unwrap(issueApi.close.$post({ param: { iid }, json: note ? { note } : {} })),
  )
export const useAssign = () =>
  useSupervisionMutation(({ iid, ...json }: { iid: string; deadline: string; note?: string }) =>
    unwrap(issueApi.assign.$post({ param: { iid }, json })),
  )
export const usePublish = () =>
  useSupervisionMutation(({ iid, published }: { iid: string; published: boolean }) =>
    unwrap(issueApi.publish.$post({ param: { iid }, json: { published } })),
  )

/** Inspection photos (multipart; the typed client speaks JSON). */
export async function uploadInspectionPhoto(iid: string, file: File) {
  const body = new FormData()
  body.set('file', file)
  const headers: Record<string, string> = { accept: 'application/json' }
  const token = readCookie(CSRF_COOKIE)
  if (token) headers[CSRF_HEADER] = token
  const res = await fetch(`/api/inspections/${iid}/photos`, {
    method: 'POST',
    body,
    headers,
    credentials: 'include',
  })
  const json = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } }
  if (!res.ok)
    throw new ApiError({
      status: res.status,
      code: json.error?.code ?? 'INTERNAL',
      message: json.error?.message ?? `HTTP ${res.status}`,
    })
  return json
}

export const issuesXlsxUrl = (cid: string, state?: string) =>
  `/api/cycles/${cid}/issues.xlsx${state ? `?state=${state}` : ''}`
