import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferRequestType } from 'hono/client'
import { api, unwrap, type OkBody } from '@/lib/api'

/** The annual cycles (年度票决工作) of a jurisdiction: list, one cycle, settings, phase. */
export const cycleKeys = {
  all: ['cycles'] as const,
  list: (jid: string) => [...cycleKeys.all, 'list', jid] as const,
  detail: (cid: string) => [...cycleKeys.all, 'detail', cid] as const,
}

const cyclesOf = api.jurisdictions[':jid'].cycles
const cycleById = api.cycles[':cid']

export type Cycle = OkBody<Awaited<ReturnType<typeof cycleById.$get>>>
export type Phase = Cycle['phase']
export type CreateCycleInput = InferRequestType<typeof cyclesOf.$post>['json']
export type UpdateCycleInput = InferRequestType<typeof cycleById.$patch>['json']

/** A jurisdiction holds one cycle a year, so one page of 100 is every cycle it will ever have. */
export const getCycles = (jid: string) =>
  unwrap(cyclesOf.$get({ param: { jid }, query: { limit: '100' } }))

export const cyclesQueryOptions = (jid: string) =>
  queryOptions({ queryKey: cycleKeys.list(jid), queryFn: () => getCycles(jid) })

export const useCycles = (jid: string | undefined) =>
  useQuery({ ...cyclesQueryOptions(jid ?? ''), enabled: !!jid })

export const getCycle = (cid: string) => unwrap(cycleById.$get({ param: { cid } }))

export const cycleQueryOptions = (cid: string) =>
  queryOptions({ queryKey: cycleKeys.detail(cid), queryFn: () => getCycle(cid) })

export const useCycle = (cid: string | undefined) =>
  useQuery({ ...cycleQueryOptions(cid ?? ''), enabled: !!cid })

/** After any change to a cycle: the new answer in its detail, and the lists refetched. */
export function useCycleWritten() {
  const queryClient = useQueryClient()
  return (cycle: Cycle) => {
    queryClient.setQueryData(cycleKeys.detail(cycle.id), cycle)
    return queryClient.invalidateQueries({ queryKey: cycleKeys.list(cycle.jurisdictionId) })
  }
}

export const createCycle = (jid: string, input: CreateCycleInput) =>
  unwrap(cyclesOf.$post({ param: { jid }, json: input }))

export function useCreateCycle(jid: string) {
  const written = useCycleWritten()
  return useMutation({
    mutationFn: (input: CreateCycleInput) => createCycle(jid, input),
    meta: { notifyError: false }, // the form shows it
    onSuccess: written,
  })
}

export const updateCycle = (cid: string, input: UpdateCycleInput) =>
  unwrap(cycleById.$patch({ param: { cid }, json: input }))

export function useUpdateCycle(cid: string) {
  const written = useCycleWritten()
  return useMutation({
    mutationFn: (input: UpdateCycleInput) => updateCycle(cid, input),
    meta: { notifyError: false }, // the form shows it
    onSuccess: written,
  })
}

export const changePhase = (cid: string, to: Phase) =>
  unwrap(cycleById.phase.$post({ param: { cid }, json: { to } }))

export function useChangePhase(cid: string) {
  const written = useCycleWritten()
  return useMutation({
    mutationFn: (to: Phase) => changePhase(cid, to),
    onSuccess: written,
  })
}
