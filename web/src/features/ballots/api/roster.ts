import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap, type OkBody } from '@/lib/api'
import { ballotKeys } from './votes'

/** 应到 (roster) and 实到 (check-in) of a vote, and the jurisdiction's deputies to pick from. */
const voteApi = api.votes[':vid']

export type Roster = OkBody<Awaited<ReturnType<typeof voteApi.roster.$get>>>
export type RosterEntry = Roster['items'][number]
export type Deputy = OkBody<
  Awaited<ReturnType<(typeof api.jurisdictions)[':jid']['deputies']['$get']>>
>['items'][number]

export const getRoster = (vid: string) => unwrap(voteApi.roster.$get({ param: { vid } }))
export const rosterQueryOptions = (vid: string) =>
  queryOptions({ queryKey: ballotKeys.roster(vid), queryFn: () => getRoster(vid) })
export const useRoster = (vid: string) => useQuery(rosterQueryOptions(vid))

export const getDeputies = (jid: string) =>
  unwrap(api.jurisdictions[':jid'].deputies.$get({ param: { jid } }))
export const deputiesQueryOptions = (jid: string) =>
  queryOptions({ queryKey: ballotKeys.deputies(jid), queryFn: () => getDeputies(jid) })
export const useDeputies = (jid: string | undefined) =>
  useQuery({ ...deputiesQueryOptions(jid ?? ''), enabled: !!jid })

function useRosterWritten(vid: string) {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: ballotKeys.vote(vid) })
}

export const setRoster = (vid: string, deputyIds: string[]) =>
  unwrap(voteApi.roster.$put({ param: { vid }, json: { deputyIds } }))

export function useSetRoster(vid: string) {
  const written = useRosterWritten(vid)
  return useMutation({
    mutationFn: (deputyIds: string[]) => setRoster(vid, deputyIds),
    onSuccess: written,
  })
}

export const checkIn = (vid: string, deputyIds: string[]) =>
  unwrap(voteApi['check-ins'].$post({ param: { vid }, json: { deputyIds } }))

export function useCheckIn(vid: string) {
  const written = useRosterWritten(vid)
  return useMutation({
    mutationFn: (deputyIds: string[]) => checkIn(vid, deputyIds),
    onSuccess: written,
  })
}

export const undoCheckIn = (vid: string, did: string) =>
  unwrap(voteApi['check-ins'][':did'].$delete({ param: { vid, did } }))

export function useUndoCheckIn(vid: string) {
  const written = useRosterWritten(vid)
  return useMutation({
    mutationFn: (deputyId: string) => undoCheckIn(vid, deputyId),
    onSuccess: written,
  })
}
