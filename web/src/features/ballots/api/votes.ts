import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferRequestType } from 'hono/client'
import { api, unwrap, type OkBody } from '@/lib/api'

/**
 * Ballot sessions (票决) as staff and tellers see them: the votes of a cycle, one vote with its
 * rules, frozen candidates and turnout, and the verbs that move it draft → open → closed →
 * certified → published. Keys start with ['ballots'] so one invalidation refreshes the feature.
 */
const voteApi = api.votes[':vid']
const cycleVotesApi = api.cycles[':cid'].votes

export type Vote = OkBody<Awaited<ReturnType<typeof voteApi.$get>>>
export type VoteState = Vote['state']
export type VoteCandidate = Vote['candidates'][number]
export type Turnout = OkBody<Awaited<ReturnType<typeof voteApi.turnout.$get>>>
export type MyVote = OkBody<Awaited<ReturnType<typeof api.me.votes.$get>>>['items'][number]
export type CreateVoteInput = InferRequestType<typeof cycleVotesApi.$post>['json']
export type CycleItem = OkBody<
  Awaited<ReturnType<(typeof api.jurisdictions)[':jid']['cycles']['$get']>>
>['items'][number]

export const ballotKeys = {
  all: ['ballots'] as const,
  cycles: (jid: string) => ['ballots', 'cycles', jid] as const,
  cycleVotes: (cid: string) => ['ballots', 'cycle-votes', cid] as const,
  mine: ['ballots', 'mine'] as const,
  vote: (vid: string) => ['ballots', 'vote', vid] as const,
  turnout: (vid: string) => ['ballots', 'vote', vid, 'turnout'] as const,
  roster: (vid: string) => ['ballots', 'vote', vid, 'roster'] as const,
  ballot: (vid: string) => ['ballots', 'vote', vid, 'ballot'] as const,
  result: (vid: string) => ['ballots', 'vote', vid, 'result'] as const,
  discrepancies: (vid: string) => ['ballots', 'vote', vid, 'discrepancies'] as const,
  deputies: (jid: string) => ['ballots', 'deputies', jid] as const,
  publicResult: (vid: string) => ['ballots', 'public', vid, 'result'] as const,
}

/** The states in which a count exists (GET …/result answers; before that it is sealed). */
export const COUNTED_STATES: readonly VoteState[] = ['closed', 'certified', 'published']
export const isCounted = (state: VoteState | undefined) => !!state && COUNTED_STATES.includes(state)

// ── reads ──

export const getCycles = (jid: string) =>
  unwrap(api.jurisdictions[':jid'].cycles.$get({ param: { jid }, query: { limit: '100' } }))
export const cyclesQueryOptions = (jid: string) =>
  queryOptions({ queryKey: ballotKeys.cycles(jid), queryFn: () => getCycles(jid) })
export const useCycles = (jid: string | undefined) =>
  useQuery({ ...cyclesQueryOptions(jid ?? ''), enabled: !!jid })

export const getCycleVotes = (cid: string) => unwrap(cycleVotesApi.$get({ param: { cid } }))
export const cycleVotesQueryOptions = (cid: string) =>
  queryOptions({ queryKey: ballotKeys.cycleVotes(cid), queryFn: () => getCycleVotes(cid) })
export const useCycleVotes = (cid: string | undefined) =>
  useQuery({ ...cycleVotesQueryOptions(cid ?? ''), enabled: !!cid })

export const getVote = (vid: string) => unwrap(voteApi.$get({ param: { vid } }))
export const voteQueryOptions = (vid: string) =>
  queryOptions({ queryKey: ballotKeys.vote(vid), queryFn: () => getVote(vid) })
export const useVote = (vid: string, options: { refetchInterval?: number | false } = {}) =>
  useQuery({ ...voteQueryOptions(vid), ...options })

export const getMyVotes = () => unwrap(api.me.votes.$get())
export const myVotesQueryOptions = () =>
  queryOptions({ queryKey: ballotKeys.mine, queryFn: getMyVotes, staleTime: 5_000 })
/** While a session of the deputy's is on (draft/open), the list keeps itself current. */
export const useMyVotes = () =>
  useQuery({
    ...myVotesQueryOptions(),
    refetchInterval: (q) =>
      q.state.data?.items.some((v) => v.state === 'draft' || v.state === 'open') ? 10_000 : false,
  })

export const getTurnout = (vid: string) => unwrap(voteApi.turnout.$get({ param: { vid } }))
export const turnoutQueryOptions = (vid: string) =>
  queryOptions({ queryKey: ballotKeys.turnout(vid), queryFn: () => getTurnout(vid), staleTime: 0 })

// ── writes ──

/** After any change to a vote: the new answer cached, everything else about it refetched. */
export function useVoteWritten() {
  const queryClient = useQueryClient()
  return async (vote?: Vote) => {
    if (vote) queryClient.setQueryData(ballotKeys.vote(vote.id), vote)
    await queryClient.invalidateQueries({ queryKey: ballotKeys.all })
  }
}

export const createVote = (cid: string, input: CreateVoteInput) =>
  unwrap(cycleVotesApi.$post({ param: { cid }, json: input }))

export function useCreateVote(cid: string) {
  const written = useVoteWritten()
  return useMutation({
    mutationFn: (input: CreateVoteInput) => createVote(cid, input),
    meta: { notifyError: false }, // the dialog shows it
    onSuccess: written,
  })
}

export type Transition = 'open' | 'close'
export const openVote = (vid: string) => unwrap(voteApi.open.$post({ param: { vid } }))
export const closeVote = (vid: string) => unwrap(voteApi.close.$post({ param: { vid } }))

/** Open or close: the caller shows refusals (QUORUM_NOT_MET needs its numbers on the page). */
export function useTransition(vid: string) {
  const written = useVoteWritten()
  return useMutation({
    mutationFn: (to: Transition) => (to === 'open' ? openVote(vid) : closeVote(vid)),
    meta: { notifyError: false },
    onSuccess: written,
  })
}

export const certifyVote = (vid: string) => unwrap(voteApi.certify.$post({ param: { vid } }))
export const publishVote = (vid: string) => unwrap(voteApi.publish.$post({ param: { vid } }))

export function useCertify(vid: string) {
  const written = useVoteWritten()
  return useMutation({
    mutationFn: () => certifyVote(vid),
    meta: { notifyError: false },
    onSuccess: () => written(),
  })
}

export function usePublish(vid: string) {
  const written = useVoteWritten()
  return useMutation({
    mutationFn: () => publishVote(vid),
    meta: { notifyError: false },
    onSuccess: () => written(),
  })
}

export const rotateCheckInCode = (vid: string) =>
  unwrap(voteApi['check-in-code'].$post({ param: { vid } }))

export function useRotateCode(vid: string) {
  const written = useVoteWritten()
  return useMutation({ mutationFn: () => rotateCheckInCode(vid), onSuccess: () => written() })
}

/** The printable paper ballot (表决票) as a Blob; 503 PDF_FONT_MISSING surfaces as an ApiError. */
export async function downloadBallotSheet(vid: string): Promise<Blob> {
  const res = await voteApi['ballot-sheet.pdf'].$get({ param: { vid } })
  if (!res.ok) await unwrap(res) // throws the ApiError
  return res.blob()
}
