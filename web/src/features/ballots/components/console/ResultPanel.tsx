import { useNavigate } from 'react-router'
import { Alert, App, Button, Descriptions, Result, Skeleton, Tag } from 'antd'
import { CheckCircleFilled, LockOutlined, StarFilled } from '@ant-design/icons'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { errorMessage } from '@/lib/api'
import { useFormat } from '@/lib/use-format'
import { useResult, type ResultRow, type VoteResult } from '../../api/result'
import { isCounted, useCreateVote, type Vote } from '../../api/votes'
import { useBallotsT } from '../../i18n'
import { orderedRows, passedCount, selectedCount, tiedTitles } from '../../lib/result'
import { ResultChart } from '../shared/ResultChart'
import { AnnouncementButton } from './AnnouncementButton'

/**
 * 计票结果, after the vote closes (sealed before: not even asked for). The headline says whether
 * the result is decided, a tie at the boundary (with the runoff button), a shortfall, or void;
 * then the chart with its table view, and the full table with Excel export.
 */
export function ResultPanel({ vote }: { vote: Vote }) {
  const { t } = useBallotsT()
  const counted = isCounted(vote.state)
  const result = useResult(vote.id, counted)
  if (!counted)
    return (
      <Result
        icon={<LockOutlined />}
        title={t('result.sealedTitle')}
        subTitle={t('result.sealedText')}
      />
    )
  if (result.isPending) return <Skeleton active paragraph={{ rows: 8 }} />
  if (result.error) return <Alert type="error" showIcon title={errorMessage(result.error)} />
  return <ResultView vote={vote} result={result.data} />
}

export function ResultHeadline({ result: r }: { result: VoteResult }) {
  const { t } = useBallotsT()
  switch (r.status) {
    case 'decided':
      return (
        <Alert
          type="success"
          showIcon
          data-testid="result-status"
          title={t('result.status.decided', { count: selectedCount(r) })}
        />
      )
    case 'tie':
      return (
        <Alert
          type="warning"
          showIcon
          data-testid="result-status"
          title={t('result.status.tie', {
            selected: selectedCount(r),
            open: r.seats - selectedCount(r),
          })}
          description={t('result.tiedList', { names: tiedTitles(r).join('、') })}
        />
      )
    case 'shortfall':
      return (
        <Alert
          type="warning"
          showIcon
          data-testid="result-status"
          title={t('result.status.shortfall', { passed: passedCount(r), shortfall: r.shortfall })}
          description={t('result.shortfallText')}
        />
      )
    case 'void':
      return (
        <Alert
          type="error"
          showIcon
          data-testid="result-status"
          title={t('result.status.void')}
          description={r.voidReason ?? undefined}
        />
      )
  }
}

function ResultView({ vote, result: r }: { vote: Vote; result: VoteResult }) {
  const { t } = useBallotsT()
  const fmt = useFormat()
  const navigate = useNavigate()
  const { modal } = App.useApp()
  const createRunoff = useCreateVote(vote.cycleId)

  const columns: DataTableColumn<ResultRow>[] = [
    {
      title: t('result.rank'),
      dataIndex: 'rank',
      width: 72,
      render: (rank: number | null) => rank ?? '—',
      exportValue: (row) => row.rank ?? '',
      sorter: (a, b) => (a.rank ?? 999) - (b.rank ?? 999),
    },
    { title: t('result.candidate'), dataIndex: 'title' },
    ...(['for', 'against', 'abstain'] as const).map((k): DataTableColumn<ResultRow> => ({
      title: t(`choice.${k}`),
      dataIndex: k,
      align: 'right',
      render: (n: number) => <span className="ms-num">{fmt.count(n)}</span>,
      sorter: (a, b) => a[k] - b[k],
    })),
    {
      title: t('result.passed'),
      dataIndex: 'passed',
      render: (p: boolean) =>
        p ? (
          <Tag color="green" icon={<CheckCircleFilled />}>
            {t('result.passedYes')}
          </Tag>
        ) : (
          <Tag>{t('result.passedNo')}</Tag>
        ),
      exportValue: (row) => (row.passed ? t('result.passedYes') : t('result.passedNo')),
      filters: [
        { text: t('result.passedYes'), value: 'yes' },
        { text: t('result.passedNo'), value: 'no' },
      ],
      onFilter: (v, row) => row.passed === (v === 'yes'),
    },
    {
      title: t('result.selected'),
      dataIndex: 'selected',
      render: (s: boolean, row) =>
        s ? (
          <Tag color="blue" icon={<StarFilled />}>
            {t('result.selectedYes')}
          </Tag>
        ) : r.ties.includes(row.candidateId) ? (
          <Tag color="orange">{t('result.tied')}</Tag>
        ) : (
          '—'
        ),
      exportValue: (row) =>
        row.selected
          ? t('result.selectedYes')
          : r.ties.includes(row.candidateId)
            ? t('result.tied')
            : '',
    },
  ]

  const startRunoff = () =>
    modal.confirm({
      title: t('result.runoffTitle'),
      content: (
        <>
          <p>{t('result.runoffText', { open: r.seats - selectedCount(r) })}</p>
          <ul className="bt-tied-list">
            {tiedTitles(r).map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      ),
      okText: t('result.runoffOk'),
      cancelText: t('common.cancel'),
      onOk: () =>
        createRunoff
          .mutateAsync({ kind: 'runoff', parentVoteId: vote.id, candidateIds: r.ties })
          .then((created) => navigate(`/console/votes/${created.id}`)),
    })

  return (
    <div className="bt-result">
      <ResultHeadline result={r} />
      {vote.state === 'published' && (
        <div className="bt-block-gap bt-runoff">
          <AnnouncementButton cycleId={vote.cycleId} />
          <span className="bt-muted">{t('result.announcementHint')}</span>
        </div>
      )}
      {r.status === 'tie' && (
        <div className="bt-block-gap bt-runoff">
          <Button type="primary" onClick={startRunoff} loading={createRunoff.isPending}>
            {t('result.runoff')}
          </Button>
          {createRunoff.error && (
            <Alert type="error" showIcon title={errorMessage(createRunoff.error)} />
          )}
        </div>
      )}
      <Descriptions
        size="small"
        className="bt-block-gap bt-result__facts"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          {
            key: 'basis',
            label: t('result.basis'),
            children: t('result.basisValue', {
              basis: t(`basis.${r.basis}`),
              count: fmt.count(r.basisCount),
            }),
          },
          {
            key: 'threshold',
            label: t('result.threshold'),
            children: t('result.thresholdValue', { threshold: fmt.count(r.threshold) }),
          },
          {
            key: 'turnout',
            label: t('result.turnout'),
            children: t('result.turnoutValue', {
              entitled: fmt.count(r.turnout.entitled),
              present: fmt.count(r.turnout.present),
              voted: fmt.count(r.turnout.voted),
            }),
          },
          {
            key: 'ballots',
            label: t('result.ballots'),
            children: t('result.ballotsValue', {
              electronic: fmt.count(r.ballots.electronic),
              paper: fmt.count(r.ballots.paper),
              valid: fmt.count(r.ballots.valid),
              invalid: fmt.count(r.ballots.invalid),
            }),
          },
          {
            key: 'certified',
            label: t('result.certified'),
            children: r.certifiedAt
              ? t('result.certifiedValue', {
                  at: fmt.dateTime(r.certifiedAt),
                  by: vote.certifiedBy ?? '—',
                })
              : t('result.notYet'),
          },
          {
            key: 'published',
            label: t('result.published'),
            children: r.publishedAt ? fmt.dateTime(r.publishedAt) : t('result.notYet'),
          },
          ...(r.chainHead
            ? [
                {
                  key: 'chain',
                  label: t('result.chainHead'),
                  children: <code className="bt-hash">{r.chainHead}</code>,
                },
              ]
            : []),
        ]}
      />
      <div className="bt-block-gap">
        <ResultChart result={r} />
      </div>
      <DataTable<ResultRow>
        rowKey="candidateId"
        columns={columns}
        dataSource={orderedRows(r.rows)}
        exportName={`${vote.title}-${t('result.exportName')}`}
        pageSize={50}
      />
    </div>
  )
}
