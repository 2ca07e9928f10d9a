import { useSearchParams } from 'react-router'
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
  const [params, setParams] = useSearchParams()
  const items = cycles.data?.items ?? []
  const wanted = params.get('cycle')
  const selected =
    items.find((c) => c.id === wanted) ?? items.find((c) => VOTING.includes(c.phase)) ?? items[0]
  const select = (id: string) =>
    setParams(
      (p) => {
        p.set('cycle', id)
        return p
      },
      { replace: true },
    )
  return { cycles, items, selected, select, jurisdiction: current }
}
