import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferRequestType } from 'hono/client'
import { api, ApiError, CSRF_COOKIE, CSRF_HEADER, readCookie, unwrap, type OkBody } from '@/lib/api'

/**
 * Requests of implementation progress (实施进度): the staff board, a project's progress and
 * timeline, the unit console; each fetcher with its queryOptions and hook. Keys start with
 * ['progress'] so one invalidation after a write refreshes every figure.
 */

const projectApi = api.projects[':pid']
const cycleApi = api.cycles[':cid']
const issueApi = api.issues[':iid']

export type Board = OkBody<Awaited<ReturnType<(typeof cycleApi)['progress-board']['$get']>>>
export type BoardItem = Board['items'][number]
export type StatusRule = OkBody<Awaited<ReturnType<(typeof api.progress)['status-rule']['$get']>>>
export type ProjectProgress = OkBody<Awaited<ReturnType<(typeof projectApi)['progress']['$get']>>>
export type Milestone = ProjectProgress['milestones'][number]
export type Report = ProjectProgress['reports'][number]
export type Photo = Report['photos'][number]
export type Timeline = OkBody<Awaited<ReturnType<(typeof projectApi)['timeline']['$get']>>>
export type TimelineEntry = Timeline['items'][number]
export type Issue = OkBody<
  Awaited<ReturnType<(typeof projectApi)['issues']['$get']>>
>['items'][number]
export type Group = OkBody<Awaited<ReturnType<(typeof projectApi)['supervision-group']['$get']>>>
export type Inspection = OkBody<
  Awaited<ReturnType<(typeof projectApi)['inspections']['$get']>>
>['items'][number]
export type UnitProjects = OkBody<Awaited<ReturnType<(typeof api.me)['unit-projects']['$get']>>>
export type UnitIssues = OkBody<Awaited<ReturnType<(typeof api.me)['unit-issues']['$get']>>>
export type CycleItem = OkBody<
  Awaited<ReturnType<(typeof api.jurisdictions)[':jid']['cycles']['$get']>>
>['items'][number]
export type Deputy = OkBody<
  Awaited<ReturnType<(typeof api.jurisdictions)[':jid']['deputies']['$get']>>
>['items'][number]
export type BoardQuery = InferRequestType<(typeof cycleApi)['progress-board']['$get']>['query']
export type ReportInput = InferRequestType<(typeof projectApi)['progress-reports']['$post']>['json']
export type AssignInput = InferRequestType<(typeof issueApi)['assign']['$post']>['json']

export const progressKeys = {
  all: ['progress'] as const,
  cycles: (jid: string) => ['progress', 'cycles', jid] as const,
  rule: () => ['progress', 'rule'] as const,
  board: (cid: string, q: BoardQuery) => ['progress', 'board', cid, q] as const,
  project: (pid: string) => ['progress', 'project', pid] as const,
  timeline: (pid: string) => ['progress', 'project', pid, 'timeline'] as const,
  issues: (pid: string) => ['progress', 'project', pid, 'issues'] as const,
  group: (pid: string) => ['progress', 'project', pid, 'group'] as const,
  inspections: (pid: string) => ['progress', 'project', pid, 'inspections'] as const,
  feedback: (pid: string) => ['progress', 'project', pid, 'feedback'] as const,
  unitProjects: () => ['progress', 'unit', 'projects'] as const,
  unitIssues: () => ['progress', 'unit', 'issues'] as const,
  deputies: (jid: string) => ['progress', 'deputies', jid] as const,
}

// ── reads ──

export const getCycles = (jid: string) =>
  unwrap(api.jurisdictions[':jid'].cycles.$get({ param: { jid }, query: { limit: '100' } }))
export const useCycles = (jid: string | undefined) =>
  useQuery({
    queryKey: progressKeys.cycles(jid ?? ''),
    queryFn: () => getCycles(jid!),
    enabled: !!jid,
  })

export const getStatusRule = () => unwrap(api.progress['status-rule'].$get())
export const statusRuleQueryOptions = () =>
  queryOptions({ queryKey: progressKeys.rule(), queryFn: getStatusRule, staleTime: 60 * 60_000 })
export const useStatusRule = () => useQuery(statusRuleQueryOptions())

export const getBoard = (cid: string, query: BoardQuery) =>
  unwrap(cycleApi['progress-board'].$get({ param: { cid }, query }))
export const boardQueryOptions = (cid: string, query: BoardQuery) =>
  queryOptions({ queryKey: progressKeys.board(cid, query), queryFn: () => getBoard(cid, query) })
export const useBoard = (cid: string | undefined, query: BoardQuery) =>
  useQuery({
    ...boardQueryOptions(cid ?? '', query),
    enabled: !!cid,
    placeholderData: (prev) => prev,
  })

export const getProjectProgress = (pid: string) =>
  unwrap(projectApi.progress.$get({ param: { pid } }))
export const projectQueryOptions = (pid: string) =>
  queryOptions({ queryKey: progressKeys.project(pid), queryFn: () => getProjectProgress(pid) })
export const useProjectProgress = (pid: string | undefined) =>
  useQuery({ ...projectQueryOptions(pid ?? ''), enabled: !!pid })

export const getTimeline = (pid: string) => unwrap(projectApi.timeline.$get({ param: { pid } }))
export const useTimeline = (pid: string | undefined) =>
  useQuery({
    queryKey: progressKeys.timeline(pid ?? ''),
    queryFn: () => getTimeline(pid!),
    enabled: !!pid,
  })

export const getProjectIssues = (pid: string) =>
  unwrap(projectApi.issues.$get({ param: { pid }, query: {} }))
export const useProjectIssues = (pid: string | undefined) =>
  useQuery({
    queryKey: progressKeys.issues(pid ?? ''),
    queryFn: () => getProjectIssues(pid!),
    enabled: !!pid,
  })

export const getGroup = (pid: string) =>
  unwrap(projectApi['supervision-group'].$get({ param: { pid } }))
export const useGroup = (pid: string | undefined) =>
  useQuery({
    queryKey: progressKeys.group(pid ?? ''),
    queryFn: () => getGroup(pid!),
    enabled: !!pid,
  })

export const getInspections = (pid: string) =>
  unwrap(projectApi.inspections.$get({ param: { pid } }))
export const useInspections = (pid: string | undefined) =>
  useQuery({
    queryKey: progressKeys.inspections(pid ?? ''),
    queryFn: () => getInspections(pid!),
    enabled: !!pid,
  })

export const getFeedback = (pid: string) => unwrap(projectApi.feedback.$get({ param: { pid } }))
export const useFeedback = (pid: string | undefined, enabled: boolean) =>
  useQuery({
    queryKey: progressKeys.feedback(pid ?? ''),
    queryFn: () => getFeedback(pid!),
    enabled: !!pid && enabled,
  })

export const getUnitProjects = () => unwrap(api.me['unit-projects'].$get())
export const useUnitProjects = () =>
  useQuery({ queryKey: progressKeys.unitProjects(), queryFn: getUnitProjects })

export const getUnitIssues = () => unwrap(api.me['unit-issues'].$get({ query: { state: 'open' } }))
export const useUnitIssues = () =>
  useQuery({ queryKey: progressKeys.unitIssues(), queryFn: getUnitIssues })

export const getDeputies = (jid: string) =>
  unwrap(api.jurisdictions[':jid'].deputies.$get({ param: { jid } }))
export const useDeputies = (jid: string | undefined, enabled: boolean) =>
  useQuery({
    queryKey: progressKeys.deputies(jid ?? ''),
    queryFn: () => getDeputies(jid!),
    enabled: !!jid && enabled,
  })

// ── writes ──

function useProgressMutation<V, R>(fn: (v: V) => Promise<R>, notifyError = true) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: fn,
    meta: { notifyError },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: progressKeys.all }),
  })
}

export const useFileReport = (pid: string) =>
  useProgressMutation(
    (json: ReportInput) => unwrap(projectApi['progress-reports'].$post({ param: { pid }, json })),
    false,
  )

export const useCreateMilestone = (pid: string) =>
  useProgressMutation((json: { name: string; plannedDate: string }) =>
    unwrap(projectApi.milestones.$post({ param: { pid }, json })),
  )

export const useUpdateMilestone = () =>
  useProgressMutation(
    ({ mid, ...json }: { mid: string; actualDate?: string | null; evidence?: string | null }) =>
      unwrap(api.milestones[':mid'].$patch({ param: { mid }, json })),
  )

export const useAnswerIssue = () =>
  useProgressMutation(({ iid, answer }: { iid: string; answer: string }) =>
    unwrap(issueApi.answer.$post({ param: { iid }, json: { answer } })),
  )

export const useAssignIssue = () =>
  useProgressMutation(({ iid, ...json }: AssignInput & { iid: string }) =>
    unwrap(issueApi.assign.$post({ param: { iid }, json })),
  )

export const usePublishIssue = () =>
  useProgressMutation(({ iid, published }: { iid: string; published: boolean }) =>
    unwrap(issueApi.publish.$post({ param: { iid }, json: { published } })),
  )

export const useSetGroup = (pid: string) =>
  useProgressMutation((json: { leaderDeputyId: string; memberDeputyIds: string[] }) =>
    unwrap(projectApi['supervision-group'].$put({ param: { pid }, json })),
  )

export const useRaiseFromFeedback = (pid: string) =>
  useProgressMutation((json: { title: string; description: string; feedbackId: string }) =>
    unwrap(projectApi.issues.$post({ param: { pid }, json })),
  )

/** 不转为问题: staff close a piece of public feedback that needs no issue (audited). */
export const useDismissFeedback = () =>
  useProgressMutation((fid: string) =>
    unwrap(api.feedback[':fid'].dismiss.$post({ param: { fid } })),
  )

/**
 * Multipart upload (the typed client speaks JSON): the same cookie and CSRF header as every
 * write, and the API's error shape on refusal.
 */
export async function uploadPhoto(path: string, file: File, caption?: string) {
  const body = new FormData()
  body.set('file', file)
  if (caption) body.set('caption', caption)
  const headers: Record<string, string> = { accept: 'application/json' }
  const token = readCookie(CSRF_COOKIE)
  if (token) headers[CSRF_HEADER] = token
  const res = await fetch(path, { method: 'POST', body, headers, credentials: 'include' })
  const json = (await res.json().catch(() => ({}))) as {
    error?: { code: string; message: string; requestId?: string }
  }
  if (!res.ok)
    throw new ApiError({
      status: res.status,
      code: json.error?.code ?? 'INTERNAL',
      message: json.error?.message ?? `HTTP ${res.status}`,
      requestId: json.error?.requestId,
    })
  return json as unknown as Photo
}

export const useUploadReportPhoto = () =>
  useProgressMutation(({ rid, file, caption }: { rid: string; file: File; caption?: string }) =>
    uploadPhoto(`/api/progress-reports/${rid}/photos`, file, caption),
  )

export const issuesXlsxUrl = (cid: string) => `/api/cycles/${cid}/issues.xlsx`
