import { useMemo, useState, type Key } from 'react'
import { Button, Empty, Popconfirm, Progress, Space, Table, Tag, Tooltip } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import {
  AuditOutlined,
  CheckOutlined,
  DiffOutlined,
  PlusOutlined,
  RollbackOutlined,
  WalletOutlined,
} from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { StatusTag } from '@/components/StatusTag'
import { notifySuccess } from '@/lib/notify'
import { useFormat } from '@/lib/use-format'
import {
  useApproveLine,
  useWithdrawLine,
  type BudgetLine,
  type BudgetSummary,
  type ProjectFigures,
} from '../api/budget'
import { bpText } from '../utils/money'
import { AddLineModal } from './AddLineModal'
import { AdjustModal } from './AdjustModal'
import { FinalAccountModal } from './FinalAccountModal'
import { LineDrawer } from './LineDrawer'

/** A rate as a slim bar with its exact figure beside it. */
export function RateBar({ bp }: { bp: number | null }) {
  const pct = bp === null ? 0 : Math.min(100, Math.floor(bp / 100))
  return (
    <div className="budget-rate">
      <Progress
        percent={pct}
        showInfo={false}
        size="small"
        strokeColor={bp !== null && bp >= 10000 ? '#1E6B34' : '#1D4E89'}
      />
      <span className="budget-rate__text">{bpText(bp)}</span>
    </div>
  )
}

/** 预算指标: the projects in rank order, each with its budget lines and what finance can do with them. */
export function ProjectsLines({
  cycleId,
  year,
  summary,
  lines,
  loading,
  canWrite,
}: {
  cycleId: string
  year: number
  summary: BudgetSummary
  lines: BudgetLine[]
  loading: boolean
  canWrite: boolean
}) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const approve = useApproveLine(cycleId)
  const withdraw = useWithdrawLine(cycleId)
  const [adding, setAdding] = useState<ProjectFigures>()
  const [adjusting, setAdjusting] = useState<BudgetLine>()
  const [closing, setClosing] = useState<ProjectFigures>()
  const [open, setOpen] = useState<BudgetLine>()
  // Open at first: the projects that need attention (a warning, or lines awaiting approval).
  const [expanded, setExpanded] = useState<readonly Key[]>(() =>
    summary.projects.filter((p) => p.warning || p.draftFen > 0).map((p) => p.projectId),
  )
  const allKeys = summary.projects.map((p) => p.projectId)
  const byProject = useMemo(() => {
    const m = new Map<string, BudgetLine[]>()
    for (const l of lines) m.set(l.projectId, [...(m.get(l.projectId) ?? []), l])
    return m
  }, [lines])
  const titleOf = (pid: string) => summary.projects.find((p) => p.projectId === pid)?.title ?? ''

  const projectColumns: ColumnsType<ProjectFigures> = [
    { title: t('budget.col.rank'), dataIndex: 'rank', width: 56, align: 'center' },
    {
      title: t('budget.col.project'),
      dataIndex: 'title',
      width: 260,
      render: (title: string, p) => (
        <div>
          <div className="budget-project-title">
            {title}
            {p.warning && <StatusTag kind="spendingWarning" value={p.warning.level} />}
          </div>
          <div className="budget-muted">{p.responsibleUnit}</div>
        </div>
      ),
    },
    {
      title: t('budget.col.estimate'),
      dataIndex: 'estimateFen',
      align: 'right',
      width: 90,
      className: 'budget-nowrap',
      render: (v: number) => fmt.wan(v),
    },
    {
      title: t('budget.col.budgeted'),
      dataIndex: 'budgetedFen',
      align: 'right',
      className: 'budget-nowrap',
      render: (v: number, p) => (
        <div>
          <div>{fmt.money(v)}</div>
          {p.draftFen > 0 && (
            <div className="budget-muted">
              {t('budget.draftPending', { amount: fmt.money(p.draftFen) })}
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('budget.col.disbursed'),
      dataIndex: 'disbursedFen',
      align: 'right',
      className: 'budget-nowrap',
      render: (v: number) => fmt.money(v),
    },
    {
      title: t('budget.col.rate'),
      dataIndex: 'rateBp',
      width: 140,
      render: (bp: number | null) => <RateBar bp={bp} />,
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 180,
            render: (_: unknown, p: ProjectFigures) => (
              <Space size={4}>
                <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(p)}>
                  {t('budget.addLine')}
                </Button>
                <Button size="small" icon={<AuditOutlined />} onClick={() => setClosing(p)}>
                  {t('budget.finalAccount')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ]

  const lineColumns: ColumnsType<BudgetLine> = [
    {
      title: t('budget.col.source'),
      dataIndex: 'source',
      width: 130,
      className: 'budget-nowrap',
      render: (s: BudgetLine['source'], l) => (
        <Space size={4}>
          <span>{t(`budget.source.${s}`)}</span>
          {l.fromPool && <Tag color="blue">{t('budget.onPool')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('budget.col.documentYearSubject'),
      dataIndex: 'documentNo',
      className: 'budget-nowrap',
      render: (doc: string, l) => (
        <div>
          <div>{doc}</div>
          <div className="budget-muted">
            {t('budget.yearSubject', { year: l.fiscalYear, code: l.subjectCode })}
          </div>
        </div>
      ),
    },
    {
      title: t('budget.col.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: string) => <StatusTag kind="budgetLine" value={s} />,
    },
    {
      title: t('budget.col.amount'),
      dataIndex: 'amountFen',
      align: 'right',
      className: 'budget-nowrap',
      render: (v: number, l) =>
        l.adjustments.length ? (
          <Tooltip
            title={t('budget.adjustedFrom', {
              amount: fmt.money(l.initialFen),
              count: l.adjustments.length,
            })}
          >
            <span className="budget-adjusted">{fmt.money(v)}</span>
          </Tooltip>
        ) : (
          fmt.money(v)
        ),
    },
    {
      title: t('budget.col.disbursed'),
      dataIndex: 'disbursedFen',
      align: 'right',
      className: 'budget-nowrap',
      render: (v: number) => fmt.money(v),
    },
    {
      title: t('budget.col.remaining'),
      dataIndex: 'remainingFen',
      align: 'right',
      className: 'budget-nowrap',
      render: (v: number) => fmt.money(v),
    },
    {
      title: t('budget.col.rate'),
      dataIndex: 'rateBp',
      width: 120,
      render: (bp: number | null) => <RateBar bp={bp} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 180,
      render: (_: unknown, l) => (
        <Space size={4}>
          {canWrite && l.status === 'draft' && (
            <>
              <Button
                size="small"
                type="primary"
                ghost
                icon={<CheckOutlined />}
                loading={approve.isPending && approve.variables === l.id}
                onClick={() =>
                  approve.mutate(l.id, { onSuccess: () => notifySuccess(t('budget.approved')) })
                }
              >
                {t('budget.approve')}
              </Button>
              <Popconfirm
                title={t('budget.withdrawConfirm')}
                okText={t('budget.withdraw')}
                cancelText={t('common.cancel')}
                onConfirm={() => withdraw.mutate(l.id)}
              >
                <Button size="small" icon={<RollbackOutlined />}>
                  {t('budget.withdraw')}
                </Button>
              </Popconfirm>
            </>
          )}
          {l.status === 'approved' && (
            <Button
              size="small"
              type={canWrite ? 'primary' : 'default'}
              icon={<WalletOutlined />}
              onClick={() => setOpen(l)}
            >
              {canWrite ? t('budget.disburse') : t('budget.entries')}
            </Button>
          )}
          {canWrite && l.status === 'approved' && (
            <Button size="small" icon={<DiffOutlined />} onClick={() => setAdjusting(l)}>
              {t('budget.adjust')}
            </Button>
          )}
        </Space>
      ),
    },
  ]

  return (
    <>
      <div className="budget-table-toolbar">
        <span className="budget-muted">{t('budget.linesHint')}</span>
        <Space size={4}>
          <Button size="small" type="link" onClick={() => setExpanded(allKeys)}>
            {t('budget.expandAll')}
          </Button>
          <Button size="small" type="link" onClick={() => setExpanded([])}>
            {t('budget.collapseAll')}
          </Button>
        </Space>
      </div>
      <Table<ProjectFigures>
        rowKey="projectId"
        size="middle"
        loading={loading}
        columns={projectColumns}
        dataSource={summary.projects}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowKeys: expanded,
          onExpandedRowsChange: setExpanded,
          rowExpandable: () => true,
          expandedRowRender: (p) => {
            const ls = byProject.get(p.projectId) ?? []
            return ls.length ? (
              <Table<BudgetLine>
                rowKey="id"
                size="small"
                className="budget-lines-table"
                columns={lineColumns}
                dataSource={ls}
                pagination={false}
                scroll={{ x: 'max-content' }}
                rowClassName={(l) => (l.status === 'withdrawn' ? 'budget-row-withdrawn' : '')}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('budget.noLines')} />
            )
          },
        }}
      />
      <AddLineModal
        cycleId={cycleId}
        year={year}
        project={adding}
        pool={summary.pool}
        onClose={() => setAdding(undefined)}
        onAdded={(pid) => setExpanded((keys) => (keys.includes(pid) ? keys : [...keys, pid]))}
      />
      <AdjustModal
        cycleId={cycleId}
        line={adjusting}
        title={adjusting ? titleOf(adjusting.projectId) : ''}
        onClose={() => setAdjusting(undefined)}
      />
      <FinalAccountModal
        cycleId={cycleId}
        project={closing}
        thresholdBp={summary.pool.varianceThresholdBp}
        onClose={() => setClosing(undefined)}
      />
      <LineDrawer
        cycleId={cycleId}
        lineId={open?.id}
        projectTitle={open ? titleOf(open.projectId) : ''}
        canWrite={canWrite}
        onClose={() => setOpen(undefined)}
      />
    </>
  )
}
