import { useId } from 'react'
import { useSearchParams } from 'react-router'
import { Select } from 'antd'
import { useCyclesT } from '../../i18n'
import { useCurrentJurisdiction } from '@/lib/session'
import { useCycles, type Cycle } from '../../api/cycles'

/** Phases in which the inbox and the candidate list are the work of the day. */
const WORKING = ['solicitation', 'screening', 'candidates_locked']

/**
 * The cycle a console page works on: `?cycle=` when it names one of the jurisdiction's cycles,
 * else the newest one still in phases 1–4, else the newest.
 */
export function useSelectedCycle() {
  const { current } = useCurrentJurisdiction()
  const cycles = useCycles(current?.id)
  const [params, setParams] = useSearchParams()
  const items = cycles.data?.items ?? []
  const wanted = params.get('cycle')
  const selected =
    items.find((c) => c.id === wanted) ?? items.find((c) => WORKING.includes(c.phase)) ?? items[0]
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

/** "年度：[2026年度民生实事项目 ▾]" — switches the page to another cycle of the jurisdiction. */
export function CyclePicker({
  items,
  selected,
  onSelect,
}: {
  items: readonly Cycle[]
  selected: Cycle | undefined
  onSelect: (id: string) => void
}) {
  const { t } = useCyclesT()
  const id = useId()
  if (!items.length) return null
  return (
    <span className="cy-picker">
      <label htmlFor={id}>{t('cycles.picker')}</label>
      <Select
        id={id}
        value={selected?.id}
        onChange={onSelect}
        options={items.map((c) => ({
          value: c.id,
          label: `${c.title}（${t(`status.cyclePhase.${c.phase}`)}）`,
        }))}
        style={{ minWidth: 280 }}
        popupMatchSelectWidth={false}
      />
    </span>
  )
}
