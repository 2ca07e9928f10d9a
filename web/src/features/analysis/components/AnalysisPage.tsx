import { useMemo } from 'react'
import { Alert, Button, Card, Col, Popconfirm, Row, Tag } from 'antd'
import { DeleteOutlined } from '@ant-design/icons'
import { useQueries } from '@tanstack/react-query'
import { Link } from 'react-router'
import { PageHeader } from '@/components/PageHeader'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { notifySuccess } from '@/lib/notify'
import { useCurrentJurisdiction } from '@/lib/session'
import { useFormat } from '@/lib/use-format'
import { useAnalysisT } from '../i18n'
import {
  cycleVotesQueryOptions,
  useCycles,
  useDeleteInstance,
  useInstances,
  type CycleItem,
  type CycleVote,
  type InstanceSummary,
} from '../api/analysis'
import { formatAmount } from '../lib/view'
import { UploadCard } from './UploadCard'
import './analysis.css'

const COUNTED = ['closed', 'certified', 'published']

interface VoteRow extends CycleVote {
  cycle: CycleItem
}

/** 票决方案比较: the jurisdiction's closed votes and imported pabulib files, each to compare. */
export default function AnalysisPage() {
  const { t } = useAnalysisT()
  const fmt = useFormat()
  const { current } = useCurrentJurisdiction()
  const jid = current?.id
  const cycles = useCycles(jid)
  const cycleItems = useMemo(() => cycles.data?.items ?? [], [cycles.data])
  const voteQueries = useQueries({
    queries: cycleItems.map((c) => cycleVotesQueryOptions(c.id)),
  })
  // A few cycles with a vote or two each: cheap enough to rebuild on every render.
  const votes: VoteRow[] = voteQueries.flatMap((q, i) =>
    (q.data?.items ?? [])
      .filter((v) => COUNTED.includes(v.state) && v.kind !== 'evaluation')
      .map((v) => ({ ...v, cycle: cycleItems[i]! })),
  )
  const instances = useInstances(jid)
  const remove = useDeleteInstance(jid ?? '')

  const voteColumns: DataTableColumn<VoteRow>[] = [
    {
      title: t('index.cycle'),
      key: 'cycle',
      exportValue: (v) => v.cycle.title,
      render: (_, v) => `${v.cycle.year} · ${v.cycle.title}`,
    },
    {
      title: t('index.vote'),
      dataIndex: 'title',
      render: (title: string, v) => <Link to={`/console/analysis/votes/${v.id}`}>{title}</Link>,
    },
    {
      title: t('index.state'),
      dataIndex: 'state',
      render: (state: string) => <StatusTag kind="voteStatus" value={state} />,
    },
    {
      title: t('index.closedAt'),
      dataIndex: 'closedAt',
      exportValue: (v) => v.closedAt ?? '',
      render: (d: string | null) => fmt.dateTime(d),
    },
    {
      title: '',
      key: 'open',
      exportValue: false,
      render: (_, v) => (
        <Link to={`/console/analysis/votes/${v.id}`} aria-label={`${t('index.open')}：${v.title}`}>
          {t('index.open')}
        </Link>
      ),
    },
  ]

  const instanceColumns: DataTableColumn<InstanceSummary>[] = [
    {
      title: t('index.name'),
      dataIndex: 'name',
      render: (name: string, i) => <Link to={`/console/analysis/instances/${i.id}`}>{name}</Link>,
    },
    {
      title: t('index.projects'),
      dataIndex: 'projects',
      align: 'right',
      render: (n: number) => fmt.count(n),
    },
    {
      title: t('index.voters'),
      dataIndex: 'voters',
      align: 'right',
      render: (n: number) => fmt.count(n),
    },
    {
      title: t('index.budget'),
      dataIndex: 'budget',
      align: 'right',
      exportValue: (i) => i.budget,
      render: (_: number, i) =>
        formatAmount(i.budget, { unit: 'unit', currency: i.currency }, fmt.lang),
    },
    {
      title: t('index.importedAt'),
      dataIndex: 'createdAt',
      render: (d: string) => fmt.dateTime(d),
    },
    { title: t('index.importedBy'), dataIndex: 'createdBy' },
    {
      title: t('index.computed'),
      dataIndex: 'computed',
      exportValue: (i) => (i.computed ? t('common.yes') : t('common.no')),
      render: (c: boolean) =>
        c ? (
          <Tag color="green">{t('index.computed')}</Tag>
        ) : (
          <span className="analysis-muted">{t('index.notComputed')}</span>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      exportValue: false,
      render: (_, i) => (
        <Popconfirm
          title={t('index.deleteConfirm', { name: i.name })}
          okText={t('index.delete')}
          cancelText={t('common.cancel')}
          onConfirm={() => remove.mutateAsync(i.id).then(() => notifySuccess(t('index.deleted')))}
        >
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            aria-label={`${t('index.delete')}：${i.name}`}
          >
            {t('index.delete')}
          </Button>
        </Popconfirm>
      ),
    },
  ]

  const error = cycles.error ?? instances.error
  return (
    <div className="analysis-page">
      <PageHeader title={t('index.title')} description={t('index.intro')} />
      {error && (
        <Alert type="error" showIcon title={errorMessage(error)} className="analysis-gap" />
      )}
      <Row gutter={[16, 16]} className="analysis-gap">
        <Col xs={24} xl={14}>
          <Card
            title={<h2 className="analysis-card-title">{t('index.votesTitle')}</h2>}
            style={{ height: '100%' }}
          >
            <p className="analysis-muted analysis-matrix-help">{t('index.votesHelp')}</p>
            <DataTable
              columns={voteColumns}
              dataSource={votes}
              rowKey="id"
              exportName={t('index.votesTitle')}
              searchable={false}
              pageSize={10}
              loading={cycles.isPending || voteQueries.some((q) => q.isPending)}
              tableProps={{ size: 'small' }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card
            title={<h2 className="analysis-card-title">{t('index.importTitle')}</h2>}
            style={{ height: '100%' }}
          >
            <p className="analysis-muted analysis-matrix-help">{t('index.importHelp')}</p>
            {jid && <UploadCard jurisdictionId={jid} />}
          </Card>
        </Col>
      </Row>
      <Card title={<h2 className="analysis-card-title">{t('index.instancesTitle')}</h2>}>
        <DataTable
          columns={instanceColumns}
          dataSource={instances.data?.items}
          rowKey="id"
          exportName={t('index.exportName')}
          loading={instances.isPending}
          tableProps={{ size: 'small', scroll: { x: 900 } }}
        />
      </Card>
    </div>
  )
}
