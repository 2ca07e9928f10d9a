import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { Alert, Button, Card, Space } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { useCyclesT } from '../../i18n'
import { PageHeader } from '@/components/PageHeader'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { useCurrentJurisdiction } from '@/lib/session'
import { STATUS_KINDS } from '@/lib/status'
import { useFormat } from '@/lib/use-format'
import { useCycles, type Cycle } from '../../api/cycles'
import { ratioToTenThousandths, tenThousandthsToPercent } from '../../lib/numbers'
import { CreateCycleModal } from './CreateCycleModal'
import './console.css'

const percentOf = (ratio: number) =>
  `${tenThousandthsToPercent(ratioToTenThousandths(ratio) ?? 0)}%`

/** 年度票决工作: the jurisdiction's cycles, newest year first, and a new one. */
export default function CyclesPage() {
  const { t } = useCyclesT()
  const fmt = useFormat()
  const navigate = useNavigate()
  const { current } = useCurrentJurisdiction()
  const cycles = useCycles(current?.id)
  const [creating, setCreating] = useState(false)
  const items = cycles.data?.items ?? []
  const nextYear = Math.max(new Date().getFullYear(), ...items.map((c) => c.year + 1))

  const columns: DataTableColumn<Cycle>[] = [
    {
      title: t('cycles.fields.year'),
      dataIndex: 'year',
      width: 90,
      sorter: (a, b) => a.year - b.year,
    },
    {
      title: t('cycles.fields.title'),
      dataIndex: 'title',
      render: (title: string, c) => <Link to={`/console/cycles/${c.id}`}>{title}</Link>,
    },
    {
      title: t('cycles.fields.phase'),
      dataIndex: 'phase',
      render: (phase: Cycle['phase']) => <StatusTag kind="cyclePhase" value={phase} />,
      exportValue: (c) => t(`status.cyclePhase.${c.phase}`),
      searchValue: (c) => t(`status.cyclePhase.${c.phase}`),
      filters: Object.keys(STATUS_KINDS.cyclePhase).map((p) => ({
        text: t(`status.cyclePhase.${p}`),
        value: p,
      })),
      onFilter: (value, c) => c.phase === value,
    },
    {
      title: t('cycles.fields.seats'),
      dataIndex: 'seats',
      align: 'right',
      render: (n: number) => <span className="ms-num">{fmt.count(n)}</span>,
    },
    {
      title: t('cycles.fields.marginRatio'),
      dataIndex: 'marginRatio',
      align: 'right',
      render: (r: number) => <span className="ms-num">{percentOf(r)}</span>,
      exportValue: (c) => percentOf(c.marginRatio),
    },
    {
      title: t('cycles.candidatesCount'),
      dataIndex: 'candidateCount',
      align: 'right',
      render: (n: number, c) => (
        <span className="ms-num">
          {t('cycles.countOfRequired', {
            actual: fmt.count(n),
            required: fmt.count(c.requiredCandidates),
          })}
        </span>
      ),
      exportValue: (c) => `${c.candidateCount}/${c.requiredCandidates}`,
    },
    {
      title: t('cycles.fields.fundPool'),
      dataIndex: 'fundPoolFen',
      align: 'right',
      render: (fen: number) => <span className="ms-num">{fmt.wan(fen, 6)}</span>,
      exportValue: (c) => fmt.wan(c.fundPoolFen, 6),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      exportValue: false,
      render: (_: unknown, c) => (
        <Space size={4} wrap>
          <Link to={`/console/cycles/${c.id}`}>{t('cycles.settings')}</Link>
          <span aria-hidden="true" className="cy-sep">
            |
          </span>
          <Link to={`/console/suggestions?cycle=${c.id}`}>{t('nav.suggestions')}</Link>
          <span aria-hidden="true" className="cy-sep">
            |
          </span>
          <Link to={`/console/candidates?cycle=${c.id}`}>{t('nav.candidates')}</Link>
        </Space>
      ),
    },
  ]

  return (
    <>
      <PageHeader
        title={t('cycles.title')}
        description={t('cycles.intro')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            disabled={!current}
          >
            {t('cycles.new')}
          </Button>
        }
      />
      {cycles.error && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(cycles.error)}
          style={{ marginBottom: 16 }}
        />
      )}
      <Card>
        <DataTable<Cycle>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={cycles.isPending}
          exportName={`${current?.name ?? ''}-${t('cycles.title')}`}
        />
      </Card>
      {current && (
        <CreateCycleModal
          open={creating}
          jurisdictionId={current.id}
          nextYear={nextYear}
          onClose={(created) => {
            setCreating(false)
            if (created) void navigate(`/console/cycles/${created.id}`)
          }}
        />
      )}
    </>
  )
}
