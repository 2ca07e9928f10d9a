import { useEffect, useMemo, useState, type CSSProperties } from 'react'
import { Link } from 'react-router'
import { Alert, Button, Card, Col, Empty, Row, Select, Space } from 'antd'
import { DownloadOutlined } from '@ant-design/icons'
import { PageHeader } from '@/components/PageHeader'
import { pickCycle } from '@/components/CyclePicker'
import { StatusTag } from '@/components/StatusTag'
import { ChartWithTable } from '@/components/ChartWithTable'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { errorMessage } from '@/lib/api'
import { useCurrentJurisdiction } from '@/lib/session'
import { STATUS_KINDS, statusColors, statusLabelKey, TONES } from '@/lib/status'
import { useFormat } from '@/lib/use-format'
import {
  issuesXlsxUrl,
  useBoard,
  useCycles,
  type BoardItem,
  type BoardQuery,
} from '../api/progress'
import { useProgressT } from '../i18n'
import { Flags, Percent } from './bits'
import { StatusLegend } from './StatusLegend'
import './progress.css'

const CYCLE_KEY = 'ms.progress.cycle'
const STATUSES = Object.keys(
  STATUS_KINDS.projectStatus,
) as (keyof typeof STATUS_KINDS.projectStatus)[]
const FLAGS = [
  'report_overdue',
  'missed_milestone',
  'issue_overdue',
  'extended',
  'no_plan',
] as const

/** 进度看板: every project of a cycle by status, with warnings, filters and the legend. */
export default function ProgressBoardPage() {
  const { t } = useProgressT()
  const fmt = useFormat()
  const { current } = useCurrentJurisdiction()
  const cycles = useCycles(current?.id)
  const items = useMemo(() => cycles.data?.items ?? [], [cycles.data])
  const [cid, setCid] = useState<string | undefined>(() => {
    try {
      return localStorage.getItem(CYCLE_KEY) ?? undefined
    } catch {
      return undefined
    }
  })
  const cycle = pickCycle(items, cid, ['implementing', 'evaluating', 'voting'])
  useEffect(() => {
    if (cycle)
      try {
        localStorage.setItem(CYCLE_KEY, cycle.id)
      } catch {
        // not remembered
      }
  }, [cycle])
  const [status, setStatus] = useState<BoardQuery['status']>()
  const [flag, setFlag] = useState<BoardQuery['flag']>()
  const [unitId, setUnitId] = useState<string>()
  const query: BoardQuery = {
    ...(status ? { status } : {}),
    ...(flag ? { flag } : {}),
    ...(unitId ? { unitId } : {}),
  }
  const board = useBoard(cycle?.id, query)
  const all = useBoard(cycle?.id, {})
  const units = useMemo(() => {
    const m = new Map<string, string>()
    for (const i of all.data?.items ?? [])
      if (i.project.unitId) m.set(i.project.unitId, i.project.responsibleUnit)
    return [...m].map(([value, label]) => ({ value, label }))
  }, [all.data])

  const columns: DataTableColumn<BoardItem>[] = [
    {
      title: t('col.project'),
      dataIndex: ['project', 'title'],
      width: 230,
      render: (_, r) => <Link to={`/projects/${r.project.id}`}>{r.project.title}</Link>,
      searchValue: (r) => `${r.project.title} ${r.project.responsibleUnit}`,
    },
    { title: t('col.unit'), dataIndex: ['project', 'responsibleUnit'], width: 170 },
    {
      title: t('col.status'),
      dataIndex: 'status',
      render: (_, r) => <StatusTag kind="projectStatus" value={r.status} />,
      exportValue: (r) => t(statusLabelKey('projectStatus', r.status), { ns: 'translation' }),
      sorter: (a, b) => STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status),
    },
    {
      title: t('col.percent'),
      dataIndex: 'percentComplete',
      render: (_, r) => <Percent value={r.percentComplete} />,
      sorter: (a, b) => (a.percentComplete ?? -1) - (b.percentComplete ?? -1),
    },
    {
      title: t('col.milestones'),
      dataIndex: 'milestonesDone',
      width: 64,
      render: (_, r) => `${r.milestonesDone}/${r.milestonesTotal}`,
      exportValue: (r) => `${r.milestonesDone}/${r.milestonesTotal}`,
    },
    {
      title: t('col.delay'),
      dataIndex: 'delayDays',
      width: 96,
      render: (v: number) => (
        <span style={{ whiteSpace: 'nowrap' }}>{v ? t('project.days', { n: v }) : '—'}</span>
      ),
      exportValue: (r) => r.delayDays,
      sorter: (a, b) => a.delayDays - b.delayDays,
    },
    {
      title: t('col.latest'),
      dataIndex: 'latestPeriod',
      width: 96,
      render: (v: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{v ?? '—'}</span>,
    },
    {
      title: t('col.flags'),
      dataIndex: 'flags',
      render: (_, r) => <Flags flags={r.flags} />,
      exportValue: (r) => r.flags.map((f) => t(`flag.${f}`)).join('、'),
    },
    {
      title: t('col.issues'),
      dataIndex: 'openIssues',
      render: (_, r) =>
        r.openIssues ? (
          <span>
            {t('issuesCount', { open: r.openIssues })}
            {r.overdueIssues > 0 && <Flags flags={['issue_overdue']} />}
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: t('col.group'),
      dataIndex: ['group', 'leader'],
      width: 96,
      render: (v: string | null) => v ?? '—',
    },
  ]

  const counts = all.data?.counts ?? {}
  const colors = statusColors('projectStatus')
  return (
    <>
      <PageHeader
        title={t('board.title')}
        description={`${current?.name ?? ''} · ${t('board.intro')}`}
        extra={
          <Space wrap>
            <label htmlFor="pg-cycle" className="ms-visually-hidden">
              {t('board.cycle')}
            </label>
            <Select
              id="pg-cycle"
              style={{ minWidth: 240 }}
              loading={cycles.isPending}
              value={cycle?.id}
              onChange={setCid}
              placeholder={t('board.chooseCycle')}
              options={items.map((c) => ({ value: c.id, label: `${c.year} · ${c.title}` }))}
            />
            {cycle && (
              <Button icon={<DownloadOutlined />} href={issuesXlsxUrl(cycle.id)}>
                {t('board.issuesExport')}
              </Button>
            )}
          </Space>
        }
      />
      {cycles.isSuccess && !cycle && <Empty description={t('board.noCycle')} />}
      {board.isError && <Alert type="error" showIcon message={errorMessage(board.error)} />}
      {cycle && (
        <>
          <div className="pg-counts" role="group" aria-label={t('board.statusFilter')}>
            {STATUSES.map((s) => (
              <button
                key={s}
                type="button"
                className="pg-count"
                aria-pressed={status === s}
                style={{ '--pg-tone': TONES[STATUS_KINDS.projectStatus[s]].color } as CSSProperties}
                onClick={() => setStatus(status === s ? undefined : s)}
              >
                <StatusTag kind="projectStatus" value={s} />
                <span className="pg-count__n">{fmt.count(counts[s] ?? 0)}</span>
              </button>
            ))}
          </div>
          <Card style={{ marginBottom: 16 }}>
            <DataTable
              columns={columns}
              dataSource={board.data?.items}
              loading={board.isFetching}
              rowKey={(r) => r.project.id}
              exportName={t('board.exportName')}
              filters={
                <Space wrap>
                  <Select
                    allowClear
                    aria-label={t('board.statusFilter')}
                    placeholder={t('board.statusFilter')}
                    style={{ width: 130 }}
                    value={status}
                    onChange={setStatus}
                    options={STATUSES.map((s) => ({
                      value: s,
                      label: t(statusLabelKey('projectStatus', s), { ns: 'translation' }),
                    }))}
                  />
                  <Select
                    allowClear
                    aria-label={t('board.flagFilter')}
                    placeholder={t('board.flagFilter')}
                    style={{ width: 130 }}
                    value={flag}
                    onChange={setFlag}
                    options={FLAGS.map((f) => ({ value: f, label: t(`flag.${f}`) }))}
                  />
                  <Select
                    allowClear
                    aria-label={t('board.unitFilter')}
                    placeholder={t('board.unitFilter')}
                    style={{ width: 200 }}
                    value={unitId}
                    onChange={setUnitId}
                    options={units}
                  />
                </Space>
              }
            />
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={14}>
              <StatusLegend />
            </Col>
            <Col xs={24} lg={10}>
              <Card size="small">
                <ChartWithTable
                  title={t('board.chart')}
                  type="doughnut"
                  height={220}
                  labelHeader={t('board.chartLabel')}
                  labels={STATUSES.map((s) =>
                    t(statusLabelKey('projectStatus', s), { ns: 'translation' }),
                  )}
                  series={[
                    {
                      label: t('board.projects'),
                      data: STATUSES.map((s) => counts[s] ?? 0),
                      color: STATUSES.map((s) => colors[s]!),
                    },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </>
  )
}
