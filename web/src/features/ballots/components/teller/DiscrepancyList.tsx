import { useId, useState } from 'react'
import { Alert, App, Button, Checkbox, Modal, Space, Tag } from 'antd'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { errorMessage } from '@/lib/api'
import { notifySuccess } from '@/lib/notify'
import { useFormat } from '@/lib/use-format'
import { useDeleteSheet, useDiscrepancies, useResolveSheet, type Sheet } from '../../api/paper'
import type { Vote } from '../../api/votes'
import { useBallotsT } from '../../i18n'
import type { Mark, Marks } from '../../lib/ballot-form'
import { PaperChoicesGrid } from './PaperChoicesGrid'

type Reading = Sheet['round1']

/**
 * 差异核对: sheets whose two rounds differ, or that were typed once only. Staff look at the paper
 * and record its reading (an audited act), or delete a sheet typed under a wrong number.
 */
export function DiscrepancyList({ vote, canResolve }: { vote: Vote; canResolve: boolean }) {
  const { t } = useBallotsT()
  const fmt = useFormat()
  const { modal } = App.useApp()
  const list = useDiscrepancies(vote.id, vote.state !== 'draft' && vote.state !== 'open')
  const remove = useDeleteSheet(vote.id)
  const [resolving, setResolving] = useState<Sheet>()
  const titleOf = (cid: string) => vote.candidates.find((c) => c.id === cid)?.title ?? cid
  const items = list.data?.items ?? []
  const pending = (list.data?.sheets ?? 0) - (list.data?.reconciled ?? 0)

  const describe = (r: Reading) =>
    !r
      ? t('paper.notEntered')
      : r.invalid
        ? t('paper.invalidShort')
        : t('paper.readingShort', {
            for: Object.values(r.choices ?? {}).filter((c) => c === 'for').length,
            against: Object.values(r.choices ?? {}).filter((c) => c === 'against').length,
          })

  const differences = (s: Sheet) => {
    if (!s.round1 || !s.round2) return [t('paper.singleRound')]
    if (s.round1.invalid !== s.round2.invalid) return [t('paper.invalidDiffers')]
    return vote.candidates
      .filter(
        (c) =>
          (s.round1?.choices?.[c.id] ?? 'abstain') !== (s.round2?.choices?.[c.id] ?? 'abstain'),
      )
      .map((c) =>
        t('paper.differs', {
          title: titleOf(c.id),
          a: t(`choice.${s.round1?.choices?.[c.id] ?? 'abstain'}`),
          b: t(`choice.${s.round2?.choices?.[c.id] ?? 'abstain'}`),
        }),
      )
  }

  const columns: DataTableColumn<Sheet>[] = [
    {
      title: t('paper.sheetNo'),
      dataIndex: 'sheetNo',
      width: 100,
      sorter: (a, b) => a.sheetNo - b.sheetNo,
    },
    {
      title: t('paper.state'),
      dataIndex: 'state',
      render: (s: Sheet['state']) => (
        <Tag color={s === 'mismatch' ? 'red' : 'orange'}>{t(`paper.states.${s}`)}</Tag>
      ),
      exportValue: (s) => t(`paper.states.${s.state}`),
    },
    {
      title: t('paper.round1'),
      key: 'r1',
      render: (_: unknown, s) => describe(s.round1),
      exportValue: (s) => describe(s.round1),
    },
    {
      title: t('paper.round2'),
      key: 'r2',
      render: (_: unknown, s) => describe(s.round2),
      exportValue: (s) => describe(s.round2),
    },
    {
      title: t('paper.differences'),
      key: 'diff',
      render: (_: unknown, s) => (
        <ul className="bt-diff-list">
          {differences(s).map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      ),
      exportValue: (s) => differences(s).join('；'),
    },
    ...(canResolve
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            exportValue: false as const,
            render: (_: unknown, s: Sheet) => (
              <Space size={4}>
                <Button size="small" type="link" onClick={() => setResolving(s)}>
                  {t('paper.resolve')}
                </Button>
                <Button
                  size="small"
                  type="link"
                  danger
                  onClick={() =>
                    modal.confirm({
                      title: t('paper.deleteTitle', { sheetNo: s.sheetNo }),
                      content: t('paper.deleteText'),
                      okText: t('paper.delete'),
                      okButtonProps: { danger: true },
                      cancelText: t('common.cancel'),
                      onOk: () =>
                        remove
                          .mutateAsync(s.sheetNo)
                          .then(() => notifySuccess(t('paper.deleted', { sheetNo: s.sheetNo }))),
                    })
                  }
                >
                  {t('paper.delete')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ]

  return (
    <section aria-labelledby="paper-diff-title">
      <h3 id="paper-diff-title" className="bt-section-title">
        {t('paper.diffTitle')}
      </h3>
      <p className="bt-muted" data-testid="paper-progress">
        {t('paper.progress', {
          sheets: fmt.count(list.data?.sheets ?? 0),
          reconciled: fmt.count(list.data?.reconciled ?? 0),
          pending: fmt.count(pending),
        })}
      </p>
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <DataTable<Sheet>
        rowKey={(s) => String(s.sheetNo)}
        columns={columns}
        dataSource={items}
        loading={list.isPending && list.fetchStatus !== 'idle'}
        exportName={`${vote.title}-${t('paper.diffTitle')}`}
      />
      {resolving && (
        <ResolveModal vote={vote} sheet={resolving} onClose={() => setResolving(undefined)} />
      )}
    </section>
  )
}

function ResolveModal({ vote, sheet, onClose }: { vote: Vote; sheet: Sheet; onClose: () => void }) {
  const { t } = useBallotsT()
  const id = useId()
  const resolve = useResolveSheet(vote.id)
  const start = sheet.round1 ?? sheet.round2
  const [marks, setMarks] = useState<Marks>(() => {
    const c: Marks = { ...(start?.choices ?? {}) } as Record<string, Mark>
    // Stored readings spell every candidate out; abstain is shown as unmarked here.
    for (const k of Object.keys(c)) if (c[k] === 'abstain') delete c[k]
    return c
  })
  const [invalid, setInvalid] = useState(!!start?.invalid)
  const submit = () =>
    resolve.mutate(
      { sheetNo: sheet.sheetNo, input: invalid ? { invalid: true } : { choices: marks } },
      {
        onSuccess: () => {
          notifySuccess(t('paper.resolved', { sheetNo: sheet.sheetNo }))
          onClose()
        },
      },
    )
  return (
    <Modal
      open
      width={720}
      title={t('paper.resolveTitle', { sheetNo: sheet.sheetNo })}
      okText={t('paper.resolveOk')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      okButtonProps={{ loading: resolve.isPending }}
    >
      <p className="bt-muted">{t('paper.resolveText')}</p>
      <Checkbox checked={invalid} onChange={(e) => setInvalid(e.target.checked)}>
        {t('paper.invalid')}
      </Checkbox>
      <PaperChoicesGrid
        idPrefix={`${id}-resolve`}
        candidates={vote.candidates}
        form={vote.rules.ballotForm}
        marks={marks}
        onChange={setMarks}
        disabled={invalid}
        onSubmit={submit}
      />
    </Modal>
  )
}
