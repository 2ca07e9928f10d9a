import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, ApiError, unwrap, type OkBody } from '@/lib/api'
import { i18n } from '@/i18n'
import { ballotKeys } from './votes'

/** The count of a closed vote (staff), and the published result and receipts (anyone). */
const voteApi = api.votes[':vid']

/** What GET …/result answers: a selection/runoff result, or (kind 'evaluation') a rating one. */
export type AnyResult = OkBody<Awaited<ReturnType<typeof voteApi.result.$get>>>
/** The result of a selection or runoff vote: the only kind these pages show. */
export type VoteResult = Exclude<AnyResult, { kind: 'evaluation' }>
export type ResultRow = VoteResult['rows'][number]
export type ResultStatus = VoteResult['status']
export type ReceiptCheck = OkBody<
  Awaited<ReturnType<(typeof api.public.receipts)[':receipt']['$get']>>
>

/** Evaluations (满意度测评) share the ballot machinery but have their own result pages. */
function selectionOnly(r: AnyResult): VoteResult {
  if (r.kind === 'evaluation')
    throw new ApiError({
      status: 409,
      code: 'EVALUATION_VOTE',
      message: i18n.t('ballots:errors.evaluation'),
    })
  return r
}

export const getResult = (vid: string) =>
  unwrap(voteApi.result.$get({ param: { vid } })).then(selectionOnly)
export const resultQueryOptions = (vid: string) =>
  queryOptions({ queryKey: ballotKeys.result(vid), queryFn: () => getResult(vid) })
/** Only ask once the vote is counted: before that the API answers RESULT_SEALED, by design. */
export const useResult = (vid: string, enabled: boolean) =>
  useQuery({ ...resultQueryOptions(vid), enabled })

export const getPublicResult = (vid: string) =>
  unwrap(api.public.votes[':vid'].result.$get({ param: { vid } })).then(selectionOnly)
export const publicResultQueryOptions = (vid: string) =>
  queryOptions({ queryKey: ballotKeys.publicResult(vid), queryFn: () => getPublicResult(vid) })
export const usePublicResult = (vid: string) => useQuery(publicResultQueryOptions(vid))

/** The bulletin board's address: people and the verifier download it as it is. */
export const bulletinUrl = (vid: string) => `/api/public/votes/${encodeURIComponent(vid)}/bulletin`

export const checkReceipt = (receipt: string) =>
  unwrap(api.public.receipts[':receipt'].$get({ param: { receipt } }))
export const receiptQueryOptions = (receipt: string) =>
  queryOptions({
    queryKey: [...ballotKeys.all, 'receipt', receipt] as const,
    queryFn: () => checkReceipt(receipt),
    retry: false,
    staleTime: 60_000,
  })
/** Checks `receipt` once it is given (a submitted form), not while it is being typed. */
export const useReceiptCheck = (receipt: string | undefined) =>
  useQuery({ ...receiptQueryOptions(receipt ?? ''), enabled: !!receipt })
