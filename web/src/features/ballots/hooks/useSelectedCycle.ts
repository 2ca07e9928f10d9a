import { useCycleParam } from '@/components/CyclePicker'
import { useCurrentJurisdiction } from '@/lib/session'
import { useCycles } from '../api/votes'

/** Phases in which a cycle has, or is about to have, a vote. */
const VOTING = ['candidates_locked', 'voting']

/**
 * The cycle a ballot page works on: `?cycle=` when it names one of the jurisdiction's cycles,
 * else the newest one whose list is locked or being voted on, else the newest.
 */
export function useSelectedCycle() {
  const { current } = useCurrentJurisdiction()
  const cycles = useCycles(current?.id)
  const items = cycles.data?.items ?? []
  return { cycles, items, ...useCycleParam(items, VOTING), jurisdiction: current }
}
