import { useCycleParam } from '@/components/CyclePicker'
import { useCurrentJurisdiction } from '@/lib/session'
import { useCycles } from '../../api/cycles'

/** Phases in which the inbox and the candidate list are the work of the day. */
const WORKING = ['solicitation', 'screening', 'candidates_locked']

/**
 * The cycle a console page works on: `?cycle=` when it names one of the jurisdiction's cycles,
 * else the newest one still in phases 1–4, else the newest.
 */
export function useSelectedCycle() {
  const { current } = useCurrentJurisdiction()
  const cycles = useCycles(current?.id)
  const items = cycles.data?.items ?? []
  return { cycles, items, ...useCycleParam(items, WORKING), jurisdiction: current }
}
