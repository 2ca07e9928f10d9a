import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { Alert, Button, Card, Space } from 'antd'
import { FundProjectionScreenOutlined, PlusOutlined } from '@ant-design/icons'
import { PageHeader } from '@/components/PageHeader'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { STATUS_KINDS } from '@/lib/status'
import { useFormat } from '@/lib/use-format'
import { useCycleVotes, type Vote } from '../../api/votes'
import { useSelectedCycle } from '../../hooks/useSelectedCycle'
import { useBallotsT } from '../../i18n'
import { kindLabel } from '../../lib/labels'
import { CyclePicker } from '@/components/CyclePicker'
import { CreateVoteModal } from './CreateVoteModal'
import './console.css'

/** 票决管理: the votes of a cycle (the selection and any runoffs), and a new one. */
export default function VotesPage() {
  const { t } = useBallotsT()
  const fmt = useFormat()
  const navigate = useNavigate()
  const { cycles, items: cycleItems, selected, select, jurisdiction } = useSelectedCycle()
  const votes = useCycleVotes(selected?.id)
  const [creating, setCreating] = useState(false)
  // 满意度测评 (kind 'evaluation') shares the machinery but is run from its own pages.
  const items = (votes.data?.items ?? []).filter((v) => v.kind !== 'evaluation')

  const columns: DataTableColumn<Vote>[] = [
    {
      title: t('console.col.title'),
      dataIndex: 'title',
      render: (title: string, v) => <Link to={`/console/votes/${v.id}`}>{title}</Link>,
    },
    {
      title: t('console.col.kind'),
      dataIndex: 'kind',
      render: (k: string) => kindLabel(t, k),
      exportValue: (v) => kindLabel(t, v.kind),
    },
    {
      title: t('console.col.state'),
      dataIndex: 'state',
      render: (s: Vote['state']) => <StatusTag kind="voteStatus" value={s} />,
      exportValue: (v) => t(`status.voteStatus.${v.state}`),
      searchValue: (v) => t(`status.voteStatus.${v.state}`),
      filters: Object.keys(STATUS_KINDS.voteStatus).map((s) => ({
        text: t(`status.voteStatus.${s}`),
        value: s,
      })),
      onFilter: (value, v) => v.state === value,
    },
    {
      title: t('console.col.candidates'),
      key: 'candidates',
      align: 'right',
      render: (_: unknown, v) => (
        <span className="ms-num">
          {t('console.seatsOf', { seats: v.rules.seats, count: v.candidates.length })}
        </span>
      ),
      exportValue: (v) => `${v.rules.seats}/${v.candidates.length}`,
    },
    {
      title: t('console.col.turnout'),
      key: 'turnout',
      align: 'right',
      render: (_: unknown, v) => (
        <span className="ms-num">
          {fmt.count(v.turnout.entitled)} / {fmt.count(v.turnout.present)} /{' '}
          {fmt.count(v.turnout.voted)}
        </span>
      ),
      exportTitle: t('console.col.turnout'),
      exportValue: (v) => `${v.turnout.entitled}/${v.turnout.present}/${v.turnout.voted}`,
    },
    {
      title: t('console.col.created'),
      dataIndex: 'createdAt',
      render: (d: string) => fmt.dateTime(d),
      exportValue: (v) => fmt.dateTime(v.createdAt),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      exportValue: false,
      render: (_: unknown, v) => (
        <Space size={4} wrap>
          <Link to={`/console/votes/${v.id}`}>{t('console.manage')}</Link>
          <span aria-hidden="true" className="bt-sep">
            |
          </span>
          <a href={`/bigscreen/votes/${v.id}`} target="_blank" rel="noreferrer">
            {t('console.bigScreen')}
          </a>
        </Space>
      ),
    },
  ]

  return (
    <>
      <PageHeader
        title={t('console.title')}
        description={t('console.intro')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            disabled={!selected}
          >
            {t('console.newVote')}
          </Button>
        }
      />
      <div className="bt-toolbar">
        <CyclePicker
          label={t('console.cycle')}
          className="bt-picker"
          items={cycleItems}
          selected={selected}
          onSelect={select}
        />
        {selected && (
          <span className="bt-muted">
            {t('console.cycleLine', {
              seats: selected.seats,
              form: t(`form.${selected.ballotForm}`),
              basis: t(`basis.${selected.thresholdBasis}`),
            })}
          </span>
        )}
      </div>
      {(cycles.error || votes.error) && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(cycles.error ?? votes.error)}
          className="bt-block-gap"
        />
      )}
      {!cycles.isPending && !cycleItems.length && (
        <Alert type="info" showIcon title={t('console.noCycle')} className="bt-block-gap" />
      )}
      <Card>
        <DataTable<Vote>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={!!selected && votes.isPending}
          exportName={`${jurisdiction?.name ?? ''}-${t('console.title')}`}
          toolbar={
            items.some((v) => v.state === 'open') ? (
              <Button
                icon={<FundProjectionScreenOutlined />}
                href={`/bigscreen/votes/${items.find((v) => v.state === 'open')!.id}`}
                target="_blank"
              >
                {t('console.openBigScreen')}
              </Button>
            ) : undefined
          }
        />
      </Card>
      {selected && creating && (
        <CreateVoteModal
          open
          cycle={selected}
          votes={items}
          onClose={(created) => {
            setCreating(false)
            if (created) void navigate(`/console/votes/${created.id}`)
          }}
        />
      )}
    </>
  )
}
