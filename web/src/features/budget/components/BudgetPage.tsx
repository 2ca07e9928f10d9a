import { useEffect, useMemo, useState } from 'react'
import { Alert, Button, Card, Empty, Select, Skeleton, Space, Tabs, Typography } from 'antd'
import { DownloadOutlined, NodeIndexOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '@/components/PageHeader'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { useCurrentJurisdiction } from '@/lib/session'
import {
  ledgerXlsxUrl,
  summaryXlsxUrl,
  useCreateProjects,
  useCycles,
  useLines,
  useSummary,
} from '../api/budget'
import { PoolOverview } from './PoolOverview'
import { ProjectsLines } from './ProjectsLines'
import { ExecutionPanel } from './ExecutionPanel'
import { LedgerPanel } from './LedgerPanel'
import { WarningsAlert } from './WarningsAlert'
import './budget.css'

const CYCLE_KEY = 'ms.budget.cycle'

/**
 * 预算衔接与资金拨付: the finance console. Finance officers add lines, approve, adjust, disburse
 * and reverse; staff fix the pool and read; deputies and units read (every write control is
 * hidden from them — the API refuses them anyway).
 */
export default function BudgetPage() {
  const { t } = useTranslation()
  const { current, hasRole } = useCurrentJurisdiction()
  const cycles = useCycles(current?.id)
  const items = useMemo(() => cycles.data?.items ?? [], [cycles.data])
  const [cid, setCid] = useState<string | undefined>(() => {
    try {
      return localStorage.getItem(CYCLE_KEY) ?? undefined
    } catch {
      return undefined
    }
  })
  // The stored choice if it is a cycle of this jurisdiction; else the newest cycle whose vote has
  // begun (only a voted cycle has projects and money to follow), else the newest.
  const cycle =
    items.find((c) => c.id === cid) ??
    items.find((c) => !['solicitation', 'screening', 'candidates_locked'].includes(c.phase)) ??
    items[0]
  useEffect(() => {
    if (cycle)
      try {
        localStorage.setItem(CYCLE_KEY, cycle.id)
      } catch {
        // not remembered
      }
  }, [cycle])

  const summary = useSummary(cycle?.id)
  const lines = useLines(cycle?.id)
  const createProjects = useCreateProjects(cycle?.id ?? '')
  const canWrite = hasRole('finance')
  const canFixPool = hasRole('finance', 'staff')
  const [tab, setTab] = useState('lines')

  const header = (
    <PageHeader
      title={t('budget.title')}
      description={`${current?.name ?? ''} · ${canWrite ? t('budget.introFinance') : t('budget.introRead')}`}
      extra={
        <Space wrap>
          <label htmlFor="budget-cycle" className="ms-visually-hidden">
            {t('budget.cycle')}
          </label>
          <Select
            id="budget-cycle"
            style={{ minWidth: 240 }}
            loading={cycles.isPending}
            value={cycle?.id}
            onChange={setCid}
            placeholder={t('budget.chooseCycle')}
            options={items.map((c) => ({
              value: c.id,
              label: (
                <span className="budget-cycle-option">
                  {c.title}
                  <StatusTag kind="cyclePhase" value={c.phase} />
                </span>
              ),
            }))}
          />
          {cycle && (
            <>
              <Button icon={<DownloadOutlined />} href={ledgerXlsxUrl(cycle.id)}>
                {t('budget.exportLedger')}
              </Button>
              <Button icon={<DownloadOutlined />} href={summaryXlsxUrl(cycle.id)}>
                {t('budget.exportSummary')}
              </Button>
            </>
          )}
        </Space>
      }
    />
  )

  if (cycles.error || summary.error)
    return (
      <>
        {header}
        <Alert type="error" showIcon title={errorMessage(cycles.error ?? summary.error)} />
      </>
    )
  if (cycles.isPending || (cycle && summary.isPending))
    return (
      <>
        {header}
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </>
    )
  if (!cycle || !summary.data)
    return (
      <>
        {header}
        <Card>
          <Empty description={t('budget.noCycle')} />
        </Card>
      </>
    )

  const s = summary.data
  if (s.projects.length === 0)
    return (
      <>
        {header}
        <Card>
          <Empty description={t('budget.noProjects')}>
            {hasRole('staff') && (
              <Button
                type="primary"
                icon={<NodeIndexOutlined />}
                loading={createProjects.isPending}
                onClick={() => createProjects.mutate(undefined)}
              >
                {t('budget.fromResult')}
              </Button>
            )}
          </Empty>
        </Card>
      </>
    )

  return (
    <>
      {header}
      <PoolOverview summary={s} cycle={cycle} canFixPool={canFixPool} />
      <WarningsAlert warnings={s.warnings} asOf={s.asOf} />
      <Card className="budget-tabs-card">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'lines',
              label: t('budget.tabs.lines'),
              children: (
                <ProjectsLines
                  cycleId={cycle.id}
                  year={cycle.year}
                  summary={s}
                  lines={lines.data?.items ?? []}
                  loading={lines.isPending}
                  canWrite={canWrite}
                />
              ),
            },
            {
              key: 'execution',
              label: t('budget.tabs.execution'),
              children: <ExecutionPanel summary={s} />,
            },
            {
              key: 'ledger',
              label: t('budget.tabs.ledger'),
              children: (
                <LedgerPanel cycleId={cycle.id} projects={s.projects} canWrite={canWrite} />
              ),
            },
          ]}
        />
      </Card>
      <Typography.Paragraph type="secondary" className="budget-footnote">
        {t('budget.footnote', { date: s.asOf })}
      </Typography.Paragraph>
    </>
  )
}
