import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query'
import { useState } from 'react'
import type { InferRequestType } from 'hono/client'
import { api, ApiError, CSRF_COOKIE, CSRF_HEADER, readCookie, unwrap, type OkBody } from '@/lib/api'
import { IDEMPOTENCY_HEADER, SubmissionKeys } from '../utils/idempotency'

/**
 * The budget feature's requests (预算衔接): each fetcher with its queryOptions and hook. Keys run
 * from generic to specific and all start with ['budget', cycleId], so one invalidation after a
 * write refreshes every figure of the cycle.
 */

const cycleApi = api.cycles[':cid']
const lineApi = api['budget-lines'][':lid']
const disbursementApi = api.disbursements[':did']
const projectApi = api.projects[':pid']

export type BudgetSummary = OkBody<Awaited<ReturnType<(typeof cycleApi)['budget-summary']['$get']>>>
export type ProjectFigures = BudgetSummary['projects'][number]
export type FundPool = OkBody<Awaited<ReturnType<(typeof cycleApi)['fund-pool']['$get']>>>
export type BudgetLine = OkBody<
  Awaited<ReturnType<(typeof cycleApi)['budget-lines']['$get']>>
>['items'][number]
export type LedgerPage = OkBody<Awaited<ReturnType<(typeof cycleApi)['ledger']['$get']>>>
export type LedgerEntry = LedgerPage['items'][number]
export type LineLedger = OkBody<Awaited<ReturnType<(typeof lineApi)['disbursements']['$get']>>>
export type LineEntry = LineLedger['items'][number]
export type Project = OkBody<
  Awaited<ReturnType<(typeof cycleApi)['projects']['$get']>>
>['items'][number]
export type CycleItem = OkBody<
  Awaited<ReturnType<(typeof api.jurisdictions)[':jid']['cycles']['$get']>>
>['items'][number]

export type CreateLineInput = InferRequestType<(typeof projectApi)['budget-lines']['$post']>['json']
export type DisbursementInput = InferRequestType<(typeof lineApi)['disbursements']['$post']>['json']
export type FundPoolInput = InferRequestType<(typeof cycleApi)['fund-pool']['$put']>['json']
export type LedgerFilters = {
  projectId?: string
  kind?: 'payment' | 'reversal'
  from?: string
  to?: string
}

export const budgetKeys = {
  all: ['budget'] as const,
  cycles: (jid: string) => ['budget', 'cycles', jid] as const,
  cycle: (cid: string) => ['budget', cid] as const,
  summary: (cid: string) => ['budget', cid, 'summary'] as const,
  pool: (cid: string) => ['budget', cid, 'pool'] as const,
  lines: (cid: string) => ['budget', cid, 'lines'] as const,
  projects: (cid: string) => ['budget', cid, 'projects'] as const,
  ledger: (cid: string, f: LedgerFilters) => ['budget', cid, 'ledger', f] as const,
  line: (cid: string, lid: string) => ['budget', cid, 'line', lid] as const,
}

// ── reads ──

export const getCycles = (jid: string) =>
  unwrap(api.jurisdictions[':jid'].cycles.$get({ param: { jid }, query: { limit: '100' } }))
export const cyclesQueryOptions = (jid: string) =>
  queryOptions({ queryKey: budgetKeys.cycles(jid), queryFn: () => getCycles(jid) })
export const useCycles = (jid: string | undefined) =>
  useQuery({ ...cyclesQueryOptions(jid ?? ''), enabled: !!jid })

export const getSummary = (cid: string) =>
  unwrap(cycleApi['budget-summary'].$get({ param: { cid } }))
export const summaryQueryOptions = (cid: string) =>
  queryOptions({ queryKey: budgetKeys.summary(cid), queryFn: () => getSummary(cid) })
export const useSummary = (cid: string | undefined) =>
  useQuery({ ...summaryQueryOptions(cid ?? ''), enabled: !!cid })

export const getPool = (cid: string) => unwrap(cycleApi['fund-pool'].$get({ param: { cid } }))
export const poolQueryOptions = (cid: string) =>
  queryOptions({ queryKey: budgetKeys.pool(cid), queryFn: () => getPool(cid) })
export const usePool = (cid: string | undefined) =>
  useQuery({ ...poolQueryOptions(cid ?? ''), enabled: !!cid })

export const getLines = (cid: string) => unwrap(cycleApi['budget-lines'].$get({ param: { cid } }))
export const linesQueryOptions = (cid: string) =>
  queryOptions({ queryKey: budgetKeys.lines(cid), queryFn: () => getLines(cid) })
export const useLines = (cid: string | undefined) =>
  useQuery({ ...linesQueryOptions(cid ?? ''), enabled: !!cid })

export const getProjects = (cid: string) => unwrap(cycleApi.projects.$get({ param: { cid } }))
export const projectsQueryOptions = (cid: string) =>
  queryOptions({ queryKey: budgetKeys.projects(cid), queryFn: () => getProjects(cid) })
export const useProjects = (cid: string | undefined) =>
  useQuery({ ...projectsQueryOptions(cid ?? ''), enabled: !!cid })

export const getLedger = (cid: string, f: LedgerFilters, cursor?: string) =>
  unwrap(cycleApi.ledger.$get({ param: { cid }, query: { limit: '200', cursor, ...f } }))
/** The ledger in booking order, 200 entries a page. */
export const ledgerQueryOptions = (cid: string, f: LedgerFilters) =>
  infiniteQueryOptions({
    queryKey: budgetKeys.ledger(cid, f),
    queryFn: ({ pageParam }) => getLedger(cid, f, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
export const useLedger = (cid: string | undefined, f: LedgerFilters) =>
  useInfiniteQuery({ ...ledgerQueryOptions(cid ?? '', f), enabled: !!cid })

export const getLineLedger = (lid: string) => unwrap(lineApi.disbursements.$get({ param: { lid } }))
export const lineLedgerQueryOptions = (cid: string, lid: string) =>
  queryOptions({ queryKey: budgetKeys.line(cid, lid), queryFn: () => getLineLedger(lid) })
export const useLineLedger = (cid: string, lid: string | undefined) =>
  useQuery({ ...lineLedgerQueryOptions(cid, lid ?? ''), enabled: !!lid })

/** Server-made spreadsheets (the session cookie authorises the download). */
export const ledgerXlsxUrl = (cid: string) => `/api/cycles/${cid}/ledger.xlsx`
export const summaryXlsxUrl = (cid: string) => `/api/cycles/${cid}/budget-summary.xlsx`
export const voucherUrl = (did: string) => `/api/disbursements/${did}/attachment`

// ── writes ── every one refreshes the whole cycle's budget queries

function useCycleMutation<V, R>(cid: string, fn: (vars: V) => Promise<R>, notifyError = true) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: fn,
    meta: { notifyError },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: budgetKeys.cycle(cid) }),
  })
}

/** Statuses after which a keyed write may have happened or not: network error, gateway, busy. */
const UNANSWERED = new Set([0, 502, 503, 504])

/** What a keyed write sends besides its body: the submission's Idempotency-Key. */
type Keyed = { headers: Record<string, string> }

/**
 * A money write (budget line, adjustment, payment, reversal, final accounts) sent with an
 * Idempotency-Key: the same values resend the same key until they succeed, so a retry after a lost
 * answer is answered from the first attempt instead of being recorded twice (decision 046).
 */
function useMoneyMutation<V, R>(cid: string, fn: (vars: V, opts: Keyed) => Promise<R>) {
  const queryClient = useQueryClient()
  const [submissions] = useState(() => new SubmissionKeys())
  return useMutation({
    mutationFn: (vars: V) =>
      fn(vars, { headers: { [IDEMPOTENCY_HEADER]: submissions.keyFor(vars) } }),
    meta: { notifyError: false }, // each form shows the refusal itself
    // No answer, or a gateway's: safe to send again, with the same key (at most twice).
    retry: (failures, error) =>
      failures < 2 && error instanceof ApiError && UNANSWERED.has(error.status),
    onSuccess: (_data, vars) => {
      submissions.succeeded(vars)
      return queryClient.invalidateQueries({ queryKey: budgetKeys.cycle(cid) })
    },
  })
}

export const useSetFundPool = (cid: string) =>
  useCycleMutation(
    cid,
    (json: FundPoolInput) => unwrap(cycleApi['fund-pool'].$put({ param: { cid }, json })),
    false,
  )

export const useCreateLine = (cid: string) =>
  useMoneyMutation(cid, ({ pid, json }: { pid: string; json: CreateLineInput }, opts) =>
    unwrap(projectApi['budget-lines'].$post({ param: { pid }, json }, opts)),
  )

export const useApproveLine = (cid: string) =>
  useCycleMutation(cid, (lid: string) => unwrap(lineApi.approve.$post({ param: { lid } })))

export const useWithdrawLine = (cid: string) =>
  useCycleMutation(cid, (lid: string) => unwrap(lineApi.withdraw.$post({ param: { lid } })))

export const useAdjustLine = (cid: string) =>
  useMoneyMutation(
    cid,
    ({ lid, deltaFen, reason }: { lid: string; deltaFen: number; reason: string }, opts) =>
      unwrap(lineApi.adjustments.$post({ param: { lid }, json: { deltaFen, reason } }, opts)),
  )

export const useRecordDisbursement = (cid: string) =>
  useMoneyMutation(cid, ({ lid, json }: { lid: string; json: DisbursementInput }, opts) =>
    unwrap(lineApi.disbursements.$post({ param: { lid }, json }, opts)),
  )

export const useReverseDisbursement = (cid: string) =>
  useMoneyMutation(cid, ({ did, reason }: { did: string; reason: string }, opts) =>
    unwrap(disbursementApi.reverse.$post({ param: { did }, json: { reason } }, opts)),
  )

export const useFinalAccount = (cid: string) =>
  useMoneyMutation(
    cid,
    (
      {
        pid,
        finalAmountFen,
        explanation,
      }: {
        pid: string
        finalAmountFen: number
        explanation?: string
      },
      opts,
    ) =>
      unwrap(
        projectApi['final-accounts'].$post(
          { param: { pid }, json: { finalAmountFen, explanation } },
          opts,
        ),
      ),
  )

export const useCreateProjects = (cid: string) =>
  useCycleMutation(cid, () => unwrap(cycleApi.projects['from-result'].$post({ param: { cid } })))

/** The scan goes as multipart (the typed client speaks JSON), with the same CSRF echo. */
export async function uploadVoucher(did: string, file: File) {
  const form = new FormData()
  form.append('file', file)
  const headers: Record<string, string> = { accept: 'application/json' }
  const csrf = readCookie(CSRF_COOKIE)
  if (csrf) headers[CSRF_HEADER] = csrf
  const res = await fetch(voucherUrl(did), {
    method: 'POST',
    body: form,
    headers,
    credentials: 'include',
  })
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as
      { error?: { code?: string; message?: string; requestId?: string } } | undefined
    throw new ApiError({
      status: res.status,
      code: body?.error?.code ?? 'BAD_REQUEST',
      message: body?.error?.message ?? `HTTP ${res.status}`,
      requestId: body?.error?.requestId,
    })
  }
  return res.json() as Promise<LedgerEntry>
}

export const useUploadVoucher = (cid: string) =>
  useCycleMutation(cid, ({ did, file }: { did: string; file: File }) => uploadVoucher(did, file))
