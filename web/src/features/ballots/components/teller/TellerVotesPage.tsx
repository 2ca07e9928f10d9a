import { Link } from 'react-router'
import { Alert, Card } from 'antd'
import { PageHeader } from '@/components/PageHeader'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { useFormat } from '@/lib/use-format'
import { useCycleVotes, type Vote } from '../../api/votes'
import { useSelectedCycle } from '../../hooks/useSelectedCycle'
import { useBallotsT } from '../../i18n'
import { kindLabel } from '../../lib/labels'
import { CyclePicker } from '@/components/CyclePicker'
import '../console/console.css'

/** 纸质计票: the votes of a cycle, with the one to count (closed) first. */
export default function TellerVotesPage() {
  const { t } = useBallotsT()
  const fmt = useFormat()
  const { items: cycles, selected, select, jurisdiction, cycles: cyclesQuery } = useSelectedCycle()
  const votes = useCycleVotes(selected?.id)
  const items = [...(votes.data?.items ?? [])].sort(
    (a, b) => Number(b.state === 'closed') - Number(a.state === 'closed'),
  )
  const columns: DataTableColumn<Vote>[] = [
    {
      title: t('console.col.title'),
      dataIndex: 'title',
      render: (title: string, v) => <Link to={`/teller/votes/${v.id}`}>{title}</Link>,
    },
    { title: t('console.col.kind'), dataIndex: 'kind', render: (k: string) => kindLabel(t, k) },
    {
      title: t('console.col.state'),
      dataIndex: 'state',
      render: (s: Vote['state']) => <StatusTag kind="voteStatus" value={s} />,
      exportValue: (v) => t(`status.voteStatus.${v.state}`),
    },
    {
      title: t('console.col.closed'),
      dataIndex: 'closedAt',
      render: (d: string | null) => fmt.dateTime(d),
      exportValue: (v) => fmt.dateTime(v.closedAt),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      exportValue: false,
      render: (_: unknown, v) => (
        <Link to={`/teller/votes/${v.id}`}>
          {v.state === 'closed' ? t('paper.enter') : t('paper.view')}
        </Link>
      ),
    },
  ]
  return (
    <>
      <PageHeader title={t('paper.listTitle')} description={t('paper.listIntro')} />
      <div className="bt-toolbar">
        <CyclePicker
          label={t('console.cycle')}
          className="bt-picker"
          items={cycles}
          selected={selected}
          onSelect={select}
        />
      </div>
      {(cyclesQuery.error || votes.error) && (
        <Alert type="error" showIcon title={errorMessage(cyclesQuery.error ?? votes.error)} />
      )}
      <Card>
        <DataTable<Vote>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={!!selected && votes.isPending}
          exportName={`${jurisdiction?.name ?? ''}-${t('paper.listTitle')}`}
        />
      </Card>
    </>
  )
}
