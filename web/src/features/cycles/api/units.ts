import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, unwrap, type OkBody } from '@/lib/api'

/** The jurisdiction's responsible units (承办单位): the choices of a candidate's 责任单位. */
export const unitKeys = {
  of: (jid: string) => ['jurisdictions', jid, 'units'] as const,
}

const unitsOf = api.jurisdictions[':jid'].units
export type Unit = OkBody<Awaited<ReturnType<typeof unitsOf.$get>>>['items'][number]

export const getUnits = (jid: string) => unwrap(unitsOf.$get({ param: { jid } }))

export const unitsQueryOptions = (jid: string) =>
  queryOptions({ queryKey: unitKeys.of(jid), queryFn: () => getUnits(jid) })

export const useUnits = (jid: string | undefined) =>
  useQuery({ ...unitsQueryOptions(jid ?? ''), enabled: !!jid })
