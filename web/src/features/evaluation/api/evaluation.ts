import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, ApiError, unwrap, type OkBody } from '@/lib/api'

/**
 * The evaluation feature's requests (满意度测评, 整改, 年度报告): each fetcher with its queryOptions
 * and hook. Keys start with ['evaluation'] and run generic → specific.
 */
const evalApi = api.evaluations[':eid']
const cycleApi = api.cycles[':cid']
const voteApi = api.votes[':vid']
const rectApi = api.rectifications[':rid']

export type Evaluation = OkBody<Awaited<ReturnType<typeof evalApi.$get>>>
export type MyEvaluation = OkBody<
  Awaited<ReturnType<typeof api.me.evaluations.$get>>
>['items'][number]
export type EvaluationBallot = OkBody<Awaited<ReturnType<typeof evalApi.ballot.$get>>>
export type BallotProject = EvaluationBallot['projects'][number]
export type EvaluationResult = OkBody<Awaited<ReturnType<typeof evalApi.result.$get>>>
export type ResultRow = EvaluationResult['rows'][number]
export type Rectification = OkBody<
  Awaited<ReturnType<(typeof cycleApi)['rectifications']['$get']>>
>['items'][number]
export type RectificationDetail = OkBody<Awaited<ReturnType<typeof rectApi.$get>>>
export type YearEnd = OkBody<
  Awaited<ReturnType<(typeof api.public.cycles)[':cid']['year-end']['$get']>>
>
export type PublicEvaluation = OkBody<
  Awaited<ReturnType<typeof api.public.evaluations.$get>>
>['items'][number]
export type CycleItem = OkBody<
  Awaited<ReturnType<(typeof api.jurisdictions)[':jid']['cycles']['$get']>>
>['items'][number]

export type Rating = 'satisfied' | 'basically' | 'dissatisfied' | 'abstain'
export const RATINGS: readonly Rating[] = ['satisfied', 'basically', 'dissatisfied', 'abstain']
export type RectAction = 'assign' | 'answer' | 'verify' | 'send_back' | 'close' | 'reopen'

export const evaluationKeys = {
  all: ['evaluation'] as const,
  mine: ['evaluation', 'mine'] as const,
  ballot: (eid: string) => ['evaluation', 'ballot', eid] as const,
  cycles: (jid: string) => ['evaluation', 'cycles', jid] as const,
  ofCycle: (cid: string) => ['evaluation', 'cycle', cid] as const,
  one: (eid: string) => ['evaluation', 'one', eid] as const,
  result: (eid: string) => ['evaluation', 'result', eid] as const,
  rects: (scope: string, state: string) => ['evaluation', 'rects', scope, state] as const,
  rect: (rid: string) => ['evaluation', 'rect', rid] as const,
  publicList: ['evaluation', 'public'] as const,
  yearEnd: (cid: string) => ['evaluation', 'year-end', cid] as const,
  publicResult: (eid: string) => ['evaluation', 'public-result', eid] as const,
}

// ── deputy ──

export const getMyEvaluations = () => unwrap(api.me.evaluations.$get())
export const myEvaluationsQueryOptions = () =>
  queryOptions({ queryKey: evaluationKeys.mine, queryFn: getMyEvaluations, staleTime: 0 })
export const useMyEvaluations = () =>
  useQuery({ ...myEvaluationsQueryOptions(), refetchInterval: 15_000 })

export const getBallot = (eid: string) => unwrap(evalApi.ballot.$get({ param: { eid } }))
export const ballotQueryOptions = (eid: string) =>
  queryOptions({
    queryKey: evaluationKeys.ballot(eid),
    queryFn: () => getBallot(eid),
    staleTime: 0,
  })
/** Ask again while waiting for the session to move on (checked in, opened). */
export const useBallot = (eid: string) =>
  useQuery({
    ...ballotQueryOptions(eid),
    refetchInterval: (q) => {
      const b = q.state.data
      if (!b || !b.onRoster || b.hasVoted) return false
      return b.state === 'draft' || !b.present ? 5_000 : b.state === 'open' ? 15_000 : false
    },
  })

export const castRatings = (eid: string, ratings: Record<string, Rating>) =>
  unwrap(evalApi.ballots.$post({ param: { eid }, json: { ratings } }))

/** The receipt lives only in this mutation's data: shown once, stored nowhere. */
export function useCastRatings(eid: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (ratings: Record<string, Rating>) => castRatings(eid, ratings),
    meta: { notifyError: false },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: evaluationKeys.mine }),
        queryClient.invalidateQueries({ queryKey: evaluationKeys.ballot(eid) }),
      ]),
  })
}

export const selfCheckIn = (eid: string, code: string) =>
  unwrap(voteApi['self-check-in'].$post({ param: { vid: eid }, json: { code } }))
export function useSelfCheckIn(eid: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (code: string) => selfCheckIn(eid, code),
    meta: { notifyError: false },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: evaluationKeys.ballot(eid) }),
  })
}

// ── staff ──

export const getCycles = (jid: string) =>
  unwrap(api.jurisdictions[':jid'].cycles.$get({ param: { jid }, query: { limit: '100' } }))
export const useCycles = (jid: string | undefined) =>
  useQuery({
    queryKey: evaluationKeys.cycles(jid ?? ''),
    queryFn: () => getCycles(jid!),
    enabled: !!jid,
  })

export const getCycleEvaluations = (cid: string) =>
  unwrap(cycleApi.evaluations.$get({ param: { cid } }))
export const useCycleEvaluations = (cid: string | undefined) =>
  useQuery({
    queryKey: evaluationKeys.ofCycle(cid ?? ''),
    queryFn: () => getCycleEvaluations(cid!),
    enabled: !!cid,
    refetchInterval: 10_000,
  })

export const getCycleProjects = (cid: string) => unwrap(cycleApi.projects.$get({ param: { cid } }))
export const useCycleProjects = (cid: string | undefined) =>
  useQuery({
    queryKey: ['evaluation', 'projects', cid ?? ''],
    queryFn: () => getCycleProjects(cid!),
    enabled: !!cid,
  })

export const getResult = (eid: string) => unwrap(evalApi.result.$get({ param: { eid } }))
export const useResult = (eid: string, enabled: boolean) =>
  useQuery({ queryKey: evaluationKeys.result(eid), queryFn: () => getResult(eid), enabled })

function useWritten() {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: evaluationKeys.all })
}

export function useCreateEvaluation(cid: string) {
  const written = useWritten()
  return useMutation({
    mutationFn: (body: { title?: string; projectIds?: string[] }) =>
      unwrap(cycleApi.evaluations.$post({ param: { cid }, json: body })),
    onSuccess: () => written(),
  })
}

export type Step = 'open' | 'close' | 'certify' | 'publish'
export function useStep(eid: string) {
  const written = useWritten()
  return useMutation({
    mutationFn: async (step: Step) => {
      const param = { param: { eid } }
      switch (step) {
        case 'open':
          return unwrap(evalApi.open.$post(param))
        case 'close':
          return unwrap(evalApi.close.$post(param))
        case 'certify':
          return unwrap(evalApi.certify.$post(param))
        case 'publish':
          return unwrap(evalApi.publish.$post(param))
      }
    },
    onSuccess: () => written(),
  })
}

/** Check in the whole roster (the ballot feature's check-in desk does it one by one). */
export function useCheckInAll(eid: string) {
  const written = useWritten()
  return useMutation({
    mutationFn: async () => {
      const roster = await unwrap(voteApi.roster.$get({ param: { vid: eid } }))
      const ids = roster.items.filter((r) => !r.present).map((r) => r.deputyId)
      if (ids.length === 0) return null
      return unwrap(voteApi['check-ins'].$post({ param: { vid: eid }, json: { deputyIds: ids } }))
    },
    onSuccess: () => written(),
  })
}

export const resultXlsxUrl = (eid: string) => `/api/evaluations/${eid}/result.xlsx`
export const yearEndUrl = (cid: string, ext: 'pdf' | 'xlsx') =>
  `/api/cycles/${cid}/reports/year-end.${ext}`
/** The public year-end report (no sign-in): Excel, PDF or the project table as CSV. */
export const publicYearEndUrl = (cid: string, ext: 'pdf' | 'xlsx' | 'csv') =>
  `/api/public/cycles/${cid}/reports/year-end.${ext}`

// ── rectification ──

export type RectScope = { kind: 'cycle'; cid: string } | { kind: 'mine' }

export const getRectifications = (scope: RectScope, state: string) => {
  const query = { state: state as 'all' }
  return scope.kind === 'cycle'
    ? unwrap(cycleApi.rectifications.$get({ param: { cid: scope.cid }, query }))
    : unwrap(api.me.rectifications.$get({ query }))
}
export const useRectifications = (scope: RectScope | undefined, state: string) =>
  useQuery({
    queryKey: evaluationKeys.rects(scope?.kind === 'cycle' ? scope.cid : 'mine', state),
    queryFn: () => getRectifications(scope!, state),
    enabled: !!scope,
  })

export const getRectification = (rid: string) => unwrap(rectApi.$get({ param: { rid } }))
export const useRectification = (rid: string | undefined) =>
  useQuery({
    queryKey: evaluationKeys.rect(rid ?? ''),
    queryFn: () => getRectification(rid!),
    enabled: !!rid,
  })

export interface ActBody {
  note?: string
  deadline?: string
  requirement?: string
  measures?: string
}

export function actOnRectification(rid: string, action: RectAction, body: ActBody) {
  const param = { rid }
  switch (action) {
    case 'assign':
      return unwrap(
        rectApi.assign.$post({
          param,
          json: { deadline: body.deadline, requirement: body.requirement },
        }),
      )
    case 'answer':
      return unwrap(rectApi.answer.$post({ param, json: { measures: body.measures ?? '' } }))
    case 'verify':
      return unwrap(rectApi.verify.$post({ param, json: { note: body.note } }))
    case 'send_back':
      return unwrap(
        rectApi['send-back'].$post({
          param,
          json: { note: body.note ?? '', deadline: body.deadline },
        }),
      )
    case 'close':
      return unwrap(rectApi.close.$post({ param, json: { note: body.note } }))
    case 'reopen':
      return unwrap(
        rectApi.reopen.$post({ param, json: { note: body.note ?? '', deadline: body.deadline } }),
      )
  }
}

export function useActOnRectification(rid: string) {
  const written = useWritten()
  return useMutation({
    mutationFn: ({ action, body }: { action: RectAction; body: ActBody }) =>
      actOnRectification(rid, action, body),
    meta: { notifyError: false },
    onSuccess: () => written(),
  })
}

// ── public ──

export const getPublicEvaluations = () => unwrap(api.public.evaluations.$get())
export const usePublicEvaluations = () =>
  useQuery({ queryKey: evaluationKeys.publicList, queryFn: getPublicEvaluations })

export const getYearEnd = (cid: string) =>
  unwrap(api.public.cycles[':cid']['year-end'].$get({ param: { cid } }))
export const useYearEnd = (cid: string | undefined) =>
  useQuery({
    queryKey: evaluationKeys.yearEnd(cid ?? ''),
    queryFn: () => getYearEnd(cid!),
    enabled: !!cid,
  })

/** Downloads a file the API makes (cookies sent), as the browser's save dialog would. */
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
  const disposition = res.headers.get('content-disposition') ?? ''
  const star = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1]
  const name = star ? decodeURIComponent(star) : fallbackName
  const blob = await res.blob()
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
}
