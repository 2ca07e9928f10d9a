import { useState } from 'react'
import { App, Button, Space, Tag } from 'antd'
import { CheckOutlined, ReloadOutlined, UndoOutlined } from '@ant-design/icons'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { notifySuccess } from '@/lib/notify'
import { useFormat } from '@/lib/use-format'
import { useCheckIn, useRoster, useUndoCheckIn, type RosterEntry } from '../../api/roster'
import { useRotateCode, type Vote } from '../../api/votes'
import { useBallotsT } from '../../i18n'

/** Groups a six-digit code as "489 444" so it reads aloud and from the back of the hall. */
export const spacedCode = (code: string) => code.replace(/^(\d{3})(\d+)$/, '$1 $2')

/**
 * 签到台: the hall code for self check-in (with "更换" when it leaked), and the roster with
 * search, "签到" per deputy and for a selection at once; undo only before the vote opens.
 */
export function CheckInDesk({ vote }: { vote: Vote }) {
  const { t } = useBallotsT()
  const fmt = useFormat()
  const { modal } = App.useApp()
  const roster = useRoster(vote.id)
  const checkIn = useCheckIn(vote.id)
  const undo = useUndoCheckIn(vote.id)
  const rotate = useRotateCode(vote.id)
  const [selected, setSelected] = useState<string[]>([])
  const [busyId, setBusyId] = useState<string>()
  const open = vote.state === 'draft' || vote.state === 'open'
  const items = roster.data?.items ?? []
  const pendingSelected = selected.filter((id) => !items.find((r) => r.deputyId === id)?.present)

  function markPresent(ids: string[], one?: string) {
    setBusyId(one)
    checkIn.mutate(ids, {
      onSuccess: () => {
        notifySuccess(t('desk.checkedIn', { count: ids.length }))
        setSelected([])
      },
      onSettled: () => setBusyId(undefined),
    })
  }

  const columns: DataTableColumn<RosterEntry>[] = [
    { title: t('desk.col.name'), dataIndex: 'displayName', width: 140 },
    {
      title: t('desk.col.delegation'),
      dataIndex: 'delegation',
      render: (d: string | null) => d ?? '—',
      filters: [...new Set(items.map((r) => r.delegation ?? ''))]
        .filter(Boolean)
        .map((d) => ({ text: d, value: d })),
      onFilter: (value, r) => r.delegation === value,
    },
    {
      title: t('desk.col.present'),
      dataIndex: 'present',
      render: (p: boolean, r) =>
        p ? (
          <Tag color="green" icon={<CheckOutlined />}>
            {t('desk.present')}（{t(`desk.via.${r.checkInVia ?? 'staff'}`)}）
          </Tag>
        ) : (
          <Tag>{t('desk.absent')}</Tag>
        ),
      exportValue: (r) => (r.present ? t('desk.present') : t('desk.absent')),
      searchValue: (r) => (r.present ? t('desk.present') : t('desk.absent')),
      filters: [
        { text: t('desk.present'), value: 'yes' },
        { text: t('desk.absent'), value: 'no' },
      ],
      onFilter: (value, r) => r.present === (value === 'yes'),
    },
    ...(items.some((r) => r.voted !== undefined)
      ? [
          {
            title: t('desk.col.voted'),
            dataIndex: 'voted',
            render: (x: boolean | undefined) => (x ? t('common.yes') : t('common.no')),
            exportValue: (r: RosterEntry) => (r.voted ? t('common.yes') : t('common.no')),
          } satisfies DataTableColumn<RosterEntry>,
        ]
      : []),
    {
      title: t('common.actions'),
      key: 'actions',
      exportValue: false,
      render: (_: unknown, r) =>
        !r.present ? (
          <Button
            size="small"
            type="link"
            disabled={!open}
            loading={checkIn.isPending && busyId === r.deputyId}
            onClick={() => markPresent([r.deputyId], r.deputyId)}
            aria-label={t('desk.checkInOne', { name: r.displayName })}
          >
            {t('desk.checkIn')}
          </Button>
        ) : vote.state === 'draft' ? (
          <Button
            size="small"
            type="link"
            icon={<UndoOutlined />}
            loading={undo.isPending && busyId === r.deputyId}
            onClick={() => {
              setBusyId(r.deputyId)
              undo.mutate(r.deputyId, { onSettled: () => setBusyId(undefined) })
            }}
            aria-label={t('desk.undoOne', { name: r.displayName })}
          >
            {t('desk.undo')}
          </Button>
        ) : null,
    },
  ]

  return (
    <div className="bt-desk">
      {open && vote.checkInCode && (
        <section className="bt-hall-code" aria-labelledby="hall-code-title">
          <div>
            <h3 id="hall-code-title">{t('desk.codeTitle')}</h3>
            <p className="bt-muted">{t('desk.codeText')}</p>
          </div>
          <output className="bt-hall-code__value" data-testid="hall-code">
            {spacedCode(vote.checkInCode)}
          </output>
          <Button
            icon={<ReloadOutlined />}
            loading={rotate.isPending}
            onClick={() =>
              modal.confirm({
                title: t('desk.rotateTitle'),
                content: t('desk.rotateText'),
                okText: t('desk.rotate'),
                cancelText: t('common.cancel'),
                onOk: () => rotate.mutateAsync().then(() => notifySuccess(t('desk.rotated'))),
              })
            }
          >
            {t('desk.rotate')}
          </Button>
        </section>
      )}
      <p className="bt-muted" data-testid="roster-counts">
        {t('desk.counts', {
          entitled: fmt.count(roster.data?.entitled ?? 0),
          present: fmt.count(roster.data?.present ?? 0),
          absent: fmt.count((roster.data?.entitled ?? 0) - (roster.data?.present ?? 0)),
        })}
      </p>
      <DataTable<RosterEntry>
        rowKey="deputyId"
        columns={columns}
        dataSource={items}
        loading={roster.isPending}
        exportName={`${vote.title}-${t('desk.exportName')}`}
        tableProps={
          open
            ? {
                rowSelection: {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys as string[]),
                  getCheckboxProps: (r) => ({
                    disabled: r.present,
                    'aria-label': t('desk.selectOne', { name: r.displayName }),
                  }),
                },
              }
            : undefined
        }
        toolbar={
          open ? (
            <Space wrap>
              <Button
                type="primary"
                icon={<CheckOutlined />}
                disabled={!pendingSelected.length}
                loading={checkIn.isPending && !busyId}
                onClick={() => markPresent(pendingSelected)}
              >
                {t('desk.checkInSelected', { count: pendingSelected.length })}
              </Button>
            </Space>
          ) : undefined
        }
      />
    </div>
  )
}
