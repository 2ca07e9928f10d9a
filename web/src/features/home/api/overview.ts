import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, unwrap } from '@/lib/api'

/** The staff home's overview of a jurisdiction: its deputies and its responsible units. */
export const overviewKeys = {
  deputies: (jid: string) => ['jurisdictions', jid, 'deputies'] as const,
  units: (jid: string) => ['jurisdictions', jid, 'units'] as const,
}

export const getDeputies = (jid: string) =>
  unwrap(api.jurisdictions[':jid'].deputies.$get({ param: { jid } }))
export const getUnits = (jid: string) =>
  unwrap(api.jurisdictions[':jid'].units.$get({ param: { jid } }))

export const deputiesQueryOptions = (jid: string) =>
  queryOptions({ queryKey: overviewKeys.deputies(jid), queryFn: () => getDeputies(jid) })
export const unitsQueryOptions = (jid: string) =>
  queryOptions({ queryKey: overviewKeys.units(jid), queryFn: () => getUnits(jid) })

export const useDeputies = (jid: string | undefined) =>
  useQuery({ ...deputiesQueryOptions(jid ?? ''), enabled: !!jid })
export const useUnits = (jid: string | undefined) =>
  useQuery({ ...unitsQueryOptions(jid ?? ''), enabled: !!jid })
