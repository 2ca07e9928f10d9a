import { useId } from 'react'
import { Select } from 'antd'
import type { CycleItem } from '../../api/votes'
import { useBallotsT } from '../../i18n'

/** "年度：[2026年度民生实事项目（票决中） ▾]" */
export function CyclePicker({
  items,
  selected,
  onSelect,
}: {
  items: readonly CycleItem[]
  selected: CycleItem | undefined
  onSelect: (id: string) => void
}) {
  const { t } = useBallotsT()
  const id = useId()
  if (!items.length) return null
  return (
    <span className="bt-picker">
      <label htmlFor={id}>{t('console.cycle')}</label>
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
