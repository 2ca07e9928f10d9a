import { useMemo, useState, type ReactNode } from 'react'
import { Alert, Button, Skeleton, Space } from 'antd'
import { SaveOutlined } from '@ant-design/icons'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { errorMessage } from '@/lib/api'
import { notifySuccess } from '@/lib/notify'
import { useFormat } from '@/lib/use-format'
import { useDeputies, useRoster, useSetRoster, type Deputy } from '../../api/roster'
import type { Vote } from '../../api/votes'
import { useBallotsT } from '../../i18n'

/**
 * 应到名单: by default every deputy of the congress (set when the vote was created); staff take
 * out those not entitled this time (e.g. 暂停执行代表职务) before the vote opens. Fixed after.
 */
export function RosterEditor({ vote }: { vote: Vote }) {
  const { t } = useBallotsT()
  const roster = useRoster(vote.id)
  const deputies = useDeputies(vote.state === 'draft' ? vote.jurisdictionId : undefined)
  if (roster.isPending || (vote.state === 'draft' && deputies.isPending)) return <Skeleton active />
  if (roster.error || deputies.error)
    return <Alert type="error" showIcon title={errorMessage(roster.error ?? deputies.error)} />
  const onRoster = roster.data.items.map((r) => r.deputyId)
  if (vote.state !== 'draft' || !deputies.data)
    return (
      <>
        <Alert type="info" showIcon title={t('roster.fixed')} className="bt-block-gap" />
        <RosterTable
          rows={roster.data.items.map((r) => ({
            id: r.deputyId,
            displayName: r.displayName,
            delegation: r.delegation,
          }))}
          exportName={`${vote.title}-${t('roster.exportName')}`}
        />
      </>
    )
  return <EditableRoster vote={vote} deputies={deputies.data.items} initial={onRoster} />
}

interface Row {
  id: string
  displayName: string
  delegation?: string | null
}

function RosterTable({
  rows,
  exportName,
  selection,
  toolbar,
}: {
  rows: Row[]
  exportName: string
  selection?: { keys: string[]; onChange: (keys: string[]) => void }
  toolbar?: ReactNode
}) {
  const { t } = useBallotsT()
  const columns: DataTableColumn<Row>[] = [
    { title: t('desk.col.name'), dataIndex: 'displayName', width: 160 },
    {
      title: t('desk.col.delegation'),
      dataIndex: 'delegation',
      render: (d: string | null | undefined) => d ?? '—',
      filters: [...new Set(rows.map((r) => r.delegation ?? ''))]
        .filter(Boolean)
        .map((d) => ({ text: d, value: d })),
      onFilter: (value, r) => r.delegation === value,
    },
  ]
  return (
    <DataTable<Row>
      rowKey="id"
      columns={columns}
      dataSource={rows}
      exportName={exportName}
      toolbar={toolbar}
      tableProps={
        selection
          ? {
              rowSelection: {
                selectedRowKeys: selection.keys,
                onChange: (keys) => selection.onChange(keys as string[]),
                preserveSelectedRowKeys: true,
                getCheckboxProps: (r) => ({
                  'aria-label': t('roster.entitledOne', { name: r.displayName }),
                }),
              },
            }
          : undefined
      }
    />
  )
}

function EditableRoster({
  vote,
  deputies,
  initial,
}: {
  vote: Vote
  deputies: Deputy[]
  initial: string[]
}) {
  const { t } = useBallotsT()
  const fmt = useFormat()
  const save = useSetRoster(vote.id)
  const [keys, setKeys] = useState<string[]>(initial)
  const dirty = useMemo(() => {
    const a = new Set(initial)
    return keys.length !== a.size || keys.some((k) => !a.has(k))
  }, [keys, initial])
  return (
    <>
      <p className="bt-muted">
        {t('roster.help', {
          selected: fmt.count(keys.length),
          total: fmt.count(deputies.length),
        })}
      </p>
      <RosterTable
        rows={deputies}
        exportName={`${vote.title}-${t('roster.exportName')}`}
        selection={{ keys, onChange: setKeys }}
        toolbar={
          <Space wrap>
            <Button onClick={() => setKeys(deputies.map((d) => d.id))}>{t('roster.all')}</Button>
            <Button
              type="primary"
              icon={<SaveOutlined />}
              disabled={!dirty}
              loading={save.isPending}
              onClick={() =>
                save.mutate(keys, {
                  onSuccess: () =>
                    notifySuccess(t('roster.saved', { count: fmt.count(keys.length) })),
                })
              }
            >
              {t('roster.save', { count: fmt.count(keys.length) })}
            </Button>
          </Space>
        }
      />
    </>
  )
}
