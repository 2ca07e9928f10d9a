import { useId } from 'react'
import { useSearchParams } from 'react-router'
import { Select } from 'antd'
import { useTranslation } from 'react-i18next'

type CycleLike = { id: string; title: string; phase: string }

/**
 * The cycle with id `wanted` if it is among `items`, else the newest one in a `preferred` phase,
 * else the newest (items come newest first).
 */
export function pickCycle<T extends Pick<CycleLike, 'id' | 'phase'>>(
  items: readonly T[],
  wanted: string | null | undefined,
  preferred: readonly string[],
): T | undefined {
  return (
    items.find((c) => c.id === wanted) ?? items.find((c) => preferred.includes(c.phase)) ?? items[0]
  )
}

/**
 * The cycle a page works on, kept in `?cycle=`: `pickCycle` of the one it names. `select`
 * replaces the parameter (no new history entry).
 */
export function useCycleParam<T extends CycleLike>(
  items: readonly T[],
  preferred: readonly string[],
) {
  const [params, setParams] = useSearchParams()
  const wanted = params.get('cycle')
  const selected = pickCycle(items, wanted, preferred)
  const select = (id: string) =>
    setParams(
      (p) => {
        p.set('cycle', id)
        return p
      },
      { replace: true },
    )
  return { selected, select }
}

/** "年度：[2026年度民生实事项目（票决中） ▾]" — switches the page to another cycle. */
export function CyclePicker<T extends CycleLike>({
  label,
  className,
  items,
  selected,
  onSelect,
}: {
  label: string
  /** The feature's class for the label and select pair. */
  className: string
  items: readonly T[]
  selected: T | undefined
  onSelect: (id: string) => void
}) {
  const { t } = useTranslation()
  const id = useId()
  if (!items.length) return null
  return (
    <span className={className}>
      <label htmlFor={id}>{label}</label>
      <Select
        id={id}
        value={selected?.id}
        onChange={onSelect}
        options={items.map((c) => ({
          value: c.id,
          label: `${c.title}（${t(`status.cyclePhase.${c.phase}`, { defaultValue: c.phase })}）`,
        }))}
        style={{ minWidth: 300 }}
        popupMatchSelectWidth={false}
      />
    </span>
  )
}
