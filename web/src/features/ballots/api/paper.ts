import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferRequestType } from 'hono/client'
import { api, unwrap, type OkBody } from '@/lib/api'
import { ballotKeys } from './votes'

/** Paper ballots: double entry by two tellers, discrepancies, issued/returned reconciliation. */
const voteApi = api.votes[':vid']
const paperApi = voteApi['paper-ballots']

export type PaperBallotInput = InferRequestType<typeof paperApi.$post>['json']
export type ResolveInput = InferRequestType<
  (typeof paperApi)[':sheetNo']['resolve']['$post']
>['json']
export type Discrepancies = OkBody<Awaited<ReturnType<typeof paperApi.discrepancies.$get>>>
export type Sheet = Discrepancies['items'][number]
export type PaperCount = InferRequestType<(typeof voteApi)['paper-count']['$post']>['json']

export const getDiscrepancies = (vid: string) =>
  unwrap(paperApi.discrepancies.$get({ param: { vid } }))
export const discrepanciesQueryOptions = (vid: string) =>
  queryOptions({ queryKey: ballotKeys.discrepancies(vid), queryFn: () => getDiscrepancies(vid) })
export const useDiscrepancies = (vid: string, enabled = true) =>
  useQuery({ ...discrepanciesQueryOptions(vid), enabled })

/** Paper changes the count: the discrepancies and the result are both refetched. */
function usePaperWritten(vid: string) {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: ballotKeys.vote(vid) })
}

export const enterPaperBallot = (vid: string, input: PaperBallotInput) =>
  unwrap(paperApi.$post({ param: { vid }, json: input }))

export function useEnterPaperBallot(vid: string) {
  const written = usePaperWritten(vid)
  return useMutation({
    mutationFn: (input: PaperBallotInput) => enterPaperBallot(vid, input),
    meta: { notifyError: false }, // the entry form shows it beside the sheet number
    onSuccess: written,
  })
}

/**
 * `:vid` and `:sheetNo` both go in the URL, but the route's param validator names only sheetNo,
 * so the inferred param type lacks vid: widen it here (hc fills every `:name` it is given).
 */
const sheetParam = (vid: string, sheetNo: number) =>
  ({ vid, sheetNo: String(sheetNo) }) as unknown as { sheetNo: string }

export const resolveSheet = (vid: string, sheetNo: number, input: ResolveInput) =>
  unwrap(paperApi[':sheetNo'].resolve.$post({ param: sheetParam(vid, sheetNo), json: input }))

export function useResolveSheet(vid: string) {
  const written = usePaperWritten(vid)
  return useMutation({
    mutationFn: ({ sheetNo, input }: { sheetNo: number; input: ResolveInput }) =>
      resolveSheet(vid, sheetNo, input),
    onSuccess: written,
  })
}

export const deleteSheet = (vid: string, sheetNo: number) =>
  unwrap(paperApi[':sheetNo'].$delete({ param: sheetParam(vid, sheetNo) }))

export function useDeleteSheet(vid: string) {
  const written = usePaperWritten(vid)
  return useMutation({
    mutationFn: (sheetNo: number) => deleteSheet(vid, sheetNo),
    onSuccess: written,
  })
}

export const recordPaperCount = (vid: string, input: PaperCount) =>
  unwrap(voteApi['paper-count'].$post({ param: { vid }, json: input }))

export function useRecordPaperCount(vid: string) {
  const written = usePaperWritten(vid)
  return useMutation({
    mutationFn: (input: PaperCount) => recordPaperCount(vid, input),
    onSuccess: written,
  })
}
