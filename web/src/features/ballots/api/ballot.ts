import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap, type OkBody } from '@/lib/api'
import { ballotKeys } from './votes'

/** The deputy's side: the ballot form, self check-in with the hall code, casting. */
const voteApi = api.votes[':vid']

export type BallotForm = OkBody<Awaited<ReturnType<typeof voteApi.ballot.$get>>>
export type BallotCandidate = BallotForm['candidates'][number]
export type Choice = 'for' | 'against' | 'abstain'
export type Choices = Record<string, Choice>

export const getBallot = (vid: string) => unwrap(voteApi.ballot.$get({ param: { vid } }))
export const ballotQueryOptions = (vid: string) =>
  queryOptions({ queryKey: ballotKeys.ballot(vid), queryFn: () => getBallot(vid), staleTime: 0 })
/** How often to ask again while waiting for the session to move on (opened, closed). */
function pollFor(b: BallotForm | undefined): number | false {
  if (!b || !b.onRoster || b.hasVoted) return false
  if (b.state === 'draft') return 5_000
  if (b.state === 'open') return 15_000
  return false
}

export const useBallot = (vid: string) =>
  useQuery({ ...ballotQueryOptions(vid), refetchInterval: (q) => pollFor(q.state.data) })

export const selfCheckIn = (vid: string, code: string) =>
  unwrap(voteApi['self-check-in'].$post({ param: { vid }, json: { code } }))

export function useSelfCheckIn(vid: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (code: string) => selfCheckIn(vid, code),
    meta: { notifyError: false }, // shown under the code field
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ballotKeys.all }),
  })
}

export const castBallot = (vid: string, choices: Choices) =>
  unwrap(voteApi.ballots.$post({ param: { vid }, json: { choices } }))

/**
 * Casting. The receipt lives in this mutation's data (shown once, never stored anywhere); the
 * ballot query is refetched afterwards so every other view says 已投票.
 */
export function useCastBallot(vid: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (choices: Choices) => castBallot(vid, choices),
    meta: { notifyError: false }, // the review screen shows it
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ballotKeys.mine }),
        queryClient.invalidateQueries({ queryKey: ballotKeys.ballot(vid) }),
      ]),
  })
}
