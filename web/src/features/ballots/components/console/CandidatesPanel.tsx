import { Alert, Descriptions } from 'antd'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { useFormat } from '@/lib/use-format'
import type { Vote, VoteCandidate } from '../../api/votes'
import { useBallotsT } from '../../i18n'
import { categoryLabel, fundingLabel } from '../../lib/labels'
import { quorumOf } from '../shared/TurnoutFigures'

/** The rules and the candidates of the vote: a preview before opening, frozen from then on. */
export function CandidatesPanel({ vote }: { vote: Vote }) {
  const { t } = useBallotsT()
  const fmt = useFormat()
  const r = vote.rules
  const basisCount = r.thresholdBasis === 'all' ? vote.turnout.entitled : vote.turnout.present
  const columns: DataTableColumn<VoteCandidate>[] = [
    {
      title: t('result.no'),
      key: 'no',
      width: 64,
      render: (_: unknown, _c, i) => i + 1,
      exportValue: false,
    },
    { title: t('cand.title'), dataIndex: 'title' },
    {
      title: t('cand.category'),
      dataIndex: 'category',
      render: (c: string) => categoryLabel(t, c),
      exportValue: (c) => categoryLabel(t, c.category),
    },
    { title: t('cand.unit'), dataIndex: 'responsibleUnit' },
    {
      title: t('cand.estimate'),
      dataIndex: 'estimateFen',
      align: 'right',
      render: (fen: number) => <span className="ms-num">{fmt.wan(fen)}</span>,
      exportTitle: t('cand.estimateYuan'),
      exportValue: (c) => c.estimateFen / 100,
      sorter: (a, b) => a.estimateFen - b.estimateFen,
    },
    {
      title: t('cand.funding'),
      dataIndex: 'fundingSource',
      render: (f: string) => fundingLabel(t, f),
      exportValue: (c) => fundingLabel(t, c.fundingSource),
    },
  ]
  return (
    <>
      <Alert
        type={r.frozen ? 'success' : 'info'}
        showIcon
        className="bt-block-gap"
        title={r.frozen ? t('cand.frozen') : t('cand.preview')}
      />
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 4 }}
        className="bt-block-gap"
        items={[
          { key: 'seats', label: t('cand.seats'), children: fmt.count(r.seats) },
          { key: 'form', label: t('cand.form'), children: t(`form.${r.ballotForm}`) },
          { key: 'basis', label: t('cand.basis'), children: t(`basis.${r.thresholdBasis}`) },
          {
            key: 'threshold',
            label: t('cand.threshold'),
            children: t('cand.thresholdValue', {
              basis: fmt.count(basisCount),
              threshold: fmt.count(quorumOf(basisCount)),
            }),
          },
        ]}
      />
      <DataTable<VoteCandidate>
        rowKey="id"
        columns={columns}
        dataSource={vote.candidates}
        exportName={`${vote.title}-${t('cand.exportName')}`}
        tableProps={{
          expandable: {
            expandedRowRender: (c) => <p className="bt-expanded">{c.description}</p>,
          },
        }}
      />
    </>
  )
}
