import type { ReactNode } from 'react'
import { Alert, Card, Empty, Skeleton } from 'antd'
import { PageHeader } from '@/components/PageHeader'
import { CyclePicker } from '@/components/CyclePicker'
import { errorMessage } from '@/lib/api'
import type { Cycle } from '../../api/cycles'
import { useCyclesT } from '../../i18n'
import type { useSelectedCycle } from './useSelectedCycle'

/**
 * The frame of a console page that works on one cycle: the header with the cycle picker, the
 * load error (of the cycles or of the page's own list), and the page itself once a cycle is
 * chosen (a skeleton while the cycles load, "no cycle" when there is none).
 */
export function CycleConsolePage({
  title,
  description,
  selection: { cycles, items, selected, select },
  error,
  children,
}: {
  title: string
  description: string
  selection: ReturnType<typeof useSelectedCycle>
  /** The error of the page's own query, if any. */
  error: unknown
  children: (cycle: Cycle) => ReactNode
}) {
  const { t } = useCyclesT()
  return (
    <>
      <PageHeader
        title={title}
        description={description}
        extra={
          <CyclePicker
            label={t('cycles.picker')}
            className="cy-picker"
            items={items}
            selected={selected}
            onSelect={select}
          />
        }
      />
      {(cycles.error || error) && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(cycles.error ?? error)}
          style={{ marginBottom: 16 }}
        />
      )}
      {cycles.isPending ? (
        <Skeleton active />
      ) : !selected ? (
        <Card>
          <Empty description={t('cycles.none')} />
        </Card>
      ) : (
        children(selected)
      )}
    </>
  )
}
