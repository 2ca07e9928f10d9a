import { useMemo, useState } from 'react'
import { useLocation } from 'react-router'
import { Alert, Button, Card, Popconfirm, Space, Tooltip } from 'antd'
import { FileExcelOutlined, PlusOutlined } from '@ant-design/icons'
import { useCyclesT } from '../../i18n'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { notifySuccess } from '@/lib/notify'
import { useMe } from '@/lib/session'
import { useFormat } from '@/lib/use-format'
import { useCandidates, useWithdrawCandidate, type Candidate } from '../../api/candidates'
import { CATEGORIES } from '../../lib/labels'
import { fenToWan } from '../../lib/numbers'
import { CandidateDrawer } from './CandidateDrawer'
import { CycleConsolePage } from './CycleConsolePage'
import { useSelectedCycle } from './useSelectedCycle'
import { ImportModal } from './ImportModal'
import { LockPanel } from './LockPanel'
import './console.css'

/**
 * 候选项目: the candidate list of a cycle — edit, import/export, and lock (审定) under the margin
 * rule. Under /unit/candidates a unit account sees the same list and writes only its own unit's
 * candidates (the API's rule); locking, reopening and import stay with staff.
 */
export default function CandidatesPage() {
  const { t } = useCyclesT()
  const fmt = useFormat()
  const selection = useSelectedCycle()
  const { selected: cycle, jurisdiction } = selection
  const asUnit = useLocation().pathname.startsWith('/unit/')
  const me = useMe()
  const ownUnits = useMemo(
    () =>
      asUnit
        ? (me.data?.unitIds ?? [])
            .filter((u) => u.jurisdictionId === jurisdiction?.id)
            .map((u) => u.unitId)
        : undefined,
    [asUnit, me.data, jurisdiction?.id],
  )
  const mayWrite = (c: Candidate) => !ownUnits || (!!c.unitId && ownUnits.includes(c.unitId))
  const list = useCandidates(cycle?.id)
  const withdraw = useWithdrawCandidate(cycle?.id ?? '')
  const [editing, setEditing] = useState<Candidate | 'new'>()
  const [importing, setImporting] = useState(false)
  const items = useMemo(() => list.data?.items ?? [], [list.data])
  const editable = !!cycle && (cycle.phase === 'solicitation' || cycle.phase === 'screening')
  const total = items.reduce((sum, c) => sum + BigInt(c.estimateFen), 0n)

  const columns: DataTableColumn<Candidate>[] = [
    {
      title: t('candidates.fields.no'),
      key: 'no',
      width: 56,
      render: (_: unknown, _c, i) => <span className="ms-num">{i + 1}</span>,
      exportTitle: '序号',
      exportValue: (c) => items.indexOf(c) + 1,
    },
    {
      title: t('candidates.fields.title'),
      dataIndex: 'title',
      exportTitle: '项目名称',
      render: (title: string, c) =>
        editable && mayWrite(c) ? (
          <button
            type="button"
            className="ms-link-button cy-row-link"
            onClick={() => setEditing(c)}
          >
            {title}
          </button>
        ) : (
          title
        ),
    },
    {
      title: t('candidates.fields.category'),
      dataIndex: 'category',
      width: 84,
      exportTitle: '类别',
      render: (c: string) => t(`cycles.category.${c}`),
      exportValue: (c) => t(`cycles.category.${c.category}`, { lng: 'zh-CN' }),
      searchValue: (c) => t(`cycles.category.${c.category}`),
      filters: CATEGORIES.map((c) => ({ text: t(`cycles.category.${c}`), value: c })),
      onFilter: (v, c) => c.category === v,
    },
    {
      title: t('candidates.fields.responsibleUnit'),
      dataIndex: 'responsibleUnit',
      width: 140,
      exportTitle: '责任单位',
    },
    {
      title: t('candidates.fields.estimateShort'),
      dataIndex: 'estimateFen',
      align: 'right',
      width: 100,
      exportTitle: '估算金额（万元）',
      render: (fen: number) => <span className="ms-num">{fmt.wan(fen, 6)}</span>,
      // The import reads this column back: the exact 万元 figure as a number.
      exportValue: (c) => Number(fenToWan(c.estimateFen)),
      sorter: (a, b) => a.estimateFen - b.estimateFen,
    },
    {
      title: t('candidates.fields.fundingSource'),
      dataIndex: 'fundingSource',
      width: 90,
      exportTitle: '资金来源',
      render: (f: string) => t(`cycles.fundingSource.${f}`),
      exportValue: (c) => t(`cycles.fundingSource.${c.fundingSource}`, { lng: 'zh-CN' }),
    },
    {
      title: t('candidates.fields.description'),
      dataIndex: 'description',
      hidden: true,
      exportTitle: '项目内容',
    },
    {
      title: t('candidates.fields.targets'),
      dataIndex: 'targets',
      hidden: true,
      exportTitle: '绩效目标',
    },
    {
      title: t('candidates.fields.location'),
      dataIndex: 'location',
      hidden: true,
      exportTitle: '实施地点',
    },
    {
      title: t('candidates.fields.plannedCompletion'),
      dataIndex: 'plannedCompletion',
      width: 124,
      exportTitle: '计划完成时间',
      render: (d: string | null) => fmt.date(d),
      exportValue: (c) => c.plannedCompletion ?? '',
    },
    {
      title: t('candidates.fields.origins'),
      dataIndex: 'originSuggestions',
      exportTitle: '来源建议编号',
      width: 90,
      render: (o: Candidate['originSuggestions']) =>
        o.length ? (
          <Tooltip title={o.map((s) => s.title).join('；')}>
            <span className="ms-num">{t('candidates.originsCount', { n: o.length })}</span>
          </Tooltip>
        ) : (
          '—'
        ),
      exportValue: (c) => c.originSuggestions.map((s) => s.trackingCode).join('、'),
      searchValue: (c) => c.originSuggestions.map((s) => `${s.title} ${s.trackingCode}`).join(' '),
    },
    ...(editable
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 130,
            exportValue: false as const,
            render: (_: unknown, c: Candidate) =>
              mayWrite(c) && (
                <Space size={4}>
                  <Button
                    size="small"
                    onClick={() => setEditing(c)}
                    aria-label={t('candidates.editOne', { title: c.title })}
                  >
                    {t('candidates.editShort')}
                  </Button>
                  <Popconfirm
                    title={t('candidates.withdrawTitle')}
                    description={t('candidates.withdrawText', { title: c.title })}
                    okText={t('candidates.withdraw')}
                    cancelText={t('common.cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() =>
                      withdraw
                        .mutateAsync(c.id)
                        .then(() => notifySuccess(t('candidates.withdrawn')))
                    }
                  >
                    <Button
                      size="small"
                      danger
                      aria-label={t('candidates.withdrawOne', { title: c.title })}
                    >
                      {t('candidates.withdraw')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          } satisfies DataTableColumn<Candidate>,
        ]
      : []),
  ]

  return (
    <CycleConsolePage
      title={t('candidates.title')}
      description={t(asUnit ? 'candidates.unitIntro' : 'candidates.intro')}
      selection={selection}
      error={list.error}
    >
      {(cycle) => (
        <>
          <Card className="cy-gap">
            <LockPanel
              cycle={cycle}
              count={list.data ? items.length : cycle.candidateCount}
              readOnly={asUnit}
            />
          </Card>
          {!editable && (
            <Alert
              type="info"
              showIcon
              className="cy-gap cy-info"
              title={t('candidates.readOnly')}
              description={
                cycle.phase === 'candidates_locked'
                  ? t(asUnit ? 'candidates.readOnlyReopenUnit' : 'candidates.readOnlyReopen')
                  : t('candidates.readOnlyVoted')
              }
            />
          )}
          <Card
            title={
              <h2 className="cy-card-title">
                {t('candidates.listTitle')}
                <span className="cy-card-sub ms-num">
                  {t('candidates.totalEstimate', { amount: fmt.wan(total, 2) })}
                </span>
              </h2>
            }
          >
            <DataTable<Candidate>
              rowKey="id"
              columns={columns}
              dataSource={items}
              loading={list.isPending}
              exportName={`${cycle.title}-${t('candidates.title')}`}
              tableProps={{
                scroll: { x: 1000 },
                expandable: {
                  expandedRowRender: (c) => (
                    <dl className="cy-details">
                      <dt>{t('candidates.fields.description')}</dt>
                      <dd>{c.description || '—'}</dd>
                      <dt>{t('candidates.fields.targets')}</dt>
                      <dd>{c.targets || '—'}</dd>
                      <dt>{t('candidates.fields.location')}</dt>
                      <dd>{c.location || '—'}</dd>
                      <dt>{t('candidates.fields.origins')}</dt>
                      <dd>
                        {c.originSuggestions.length
                          ? c.originSuggestions
                              .map((s) => `${s.title}（${s.trackingCode}）`)
                              .join('；')
                          : '—'}
                      </dd>
                    </dl>
                  ),
                },
              }}
              toolbar={
                editable && (
                  <>
                    <Button
                      type="primary"
                      icon={<PlusOutlined />}
                      onClick={() => setEditing('new')}
                    >
                      {t('candidates.new')}
                    </Button>
                    {!asUnit && (
                      <Button icon={<FileExcelOutlined />} onClick={() => setImporting(true)}>
                        {t('candidates.import.button')}
                      </Button>
                    )}
                  </>
                )
              }
            />
          </Card>
          {jurisdiction && (
            <CandidateDrawer
              cycleId={cycle.id}
              jurisdictionId={jurisdiction.id}
              editing={editing === 'new' ? undefined : editing}
              open={!!editing && editable}
              onClose={() => setEditing(undefined)}
              unitIds={ownUnits}
            />
          )}
          <ImportModal
            cycleId={cycle.id}
            exportName={`${cycle.title}-${t('candidates.title')}`}
            open={importing}
            onClose={() => setImporting(false)}
          />
        </>
      )}
    </CycleConsolePage>
  )
}
