import { useMemo, useState } from 'react'
import { Checkbox, Col, Row, Select, Table } from 'antd'
import type { ChartOptions } from 'chart.js'
import { useTranslation } from 'react-i18next'
import '@/lib/charts'
import { ChartWithTable } from '@/components/ChartWithTable'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { StatusTag } from '@/components/StatusTag'
import { useFormat } from '@/lib/use-format'
import type { BudgetSummary, ProjectFigures } from '../api/budget'
import { bpText, fenToYuanText } from '../utils/money'
import { RateBar } from './ProjectsLines'

type Row = BudgetSummary['units'][number]
type SourceRow = BudgetSummary['sources'][number]

/** 执行情况: budget against disbursed per project, the monthly curve, and the figures as tables. */
export function ExecutionPanel({ summary }: { summary: BudgetSummary }) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const [unit, setUnit] = useState<string>()
  const [onlyWarnings, setOnlyWarnings] = useState(false)
  const wan = (v: number) => fmt.wan(Math.round(v))
  const axis = (horizontal: boolean): ChartOptions => ({
    scales: {
      [horizontal ? 'x' : 'y']: {
        ticks: { callback: (v: string | number) => wan(Number(v)) },
        beginAtZero: true,
      },
    },
  })

  const projects = useMemo(
    () =>
      summary.projects.filter(
        (p) => (!unit || p.responsibleUnit === unit) && (!onlyWarnings || p.warning !== null),
      ),
    [summary.projects, unit, onlyWarnings],
  )
  const units = [...new Set(summary.projects.map((p) => p.responsibleUnit))]
  const monthLabel = (m: string) =>
    fmt.lang === 'en' ? m : `${m.slice(0, 4)}年${Number(m.slice(5))}月`

  const columns: DataTableColumn<ProjectFigures>[] = [
    {
      title: t('budget.col.rank'),
      dataIndex: 'rank',
      width: 64,
      sorter: (a, b) => (a.rank ?? 0) - (b.rank ?? 0),
    },
    { title: t('budget.col.project'), dataIndex: 'title' },
    { title: t('budget.col.unit'), dataIndex: 'responsibleUnit' },
    {
      title: t('budget.col.budgeted'),
      dataIndex: 'budgetedFen',
      align: 'right',
      render: (v: number) => fmt.money(v),
      exportTitle: t('budget.col.budgetedYuan'),
      exportValue: (p) => fenToYuanText(p.budgetedFen),
      sorter: (a, b) => a.budgetedFen - b.budgetedFen,
    },
    {
      title: t('budget.col.disbursed'),
      dataIndex: 'disbursedFen',
      align: 'right',
      render: (v: number) => fmt.money(v),
      exportTitle: t('budget.col.disbursedYuan'),
      exportValue: (p) => fenToYuanText(p.disbursedFen),
      sorter: (a, b) => a.disbursedFen - b.disbursedFen,
    },
    {
      title: t('budget.col.remaining'),
      dataIndex: 'remainingFen',
      align: 'right',
      render: (v: number) => fmt.money(v),
      exportTitle: t('budget.col.remainingYuan'),
      exportValue: (p) => fenToYuanText(p.remainingFen),
    },
    {
      title: t('budget.col.rate'),
      dataIndex: 'rateBp',
      width: 150,
      render: (bp: number | null) => <RateBar bp={bp} />,
      exportValue: (p) => bpText(p.rateBp),
      sorter: (a, b) => (a.rateBp ?? -1) - (b.rateBp ?? -1),
    },
    {
      title: t('budget.col.warning'),
      dataIndex: 'warning',
      render: (w: ProjectFigures['warning']) =>
        w ? <StatusTag kind="spendingWarning" value={w.level} /> : null,
      exportValue: (p) => (p.warning ? t(`status.spendingWarning.${p.warning.level}`) : ''),
      searchValue: (p) => (p.warning ? t(`status.spendingWarning.${p.warning.level}`) : ''),
    },
  ]

  const figureCols = <
    T extends {
      budgetedFen: number
      disbursedFen: number
      remainingFen: number
      rateBp: number | null
    },
  >() => [
    {
      title: t('budget.col.budgeted'),
      dataIndex: 'budgetedFen',
      align: 'right' as const,
      render: (v: number) => fmt.money(v),
    },
    {
      title: t('budget.col.disbursed'),
      dataIndex: 'disbursedFen',
      align: 'right' as const,
      render: (v: number) => fmt.money(v),
    },
    {
      title: t('budget.col.rate'),
      dataIndex: 'rateBp',
      width: 150,
      render: (bp: T['rateBp']) => <RateBar bp={bp} />,
    },
  ]

  return (
    <div className="budget-execution">
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={12}>
          <ChartWithTable
            title={t('budget.chart.perProject')}
            type="bar"
            horizontal
            labels={summary.projects.map((p) => p.title)}
            labelHeader={t('budget.col.project')}
            series={[
              {
                label: t('budget.col.budgeted'),
                data: summary.projects.map((p) => p.budgetedFen),
                color: '#9DB5D6',
              },
              {
                label: t('budget.col.disbursed'),
                data: summary.projects.map((p) => p.disbursedFen),
                color: '#1D4E89',
              },
            ]}
            format={wan}
            height={Math.max(260, summary.projects.length * 44 + 60)}
            options={axis(true)}
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartWithTable
            title={t('budget.chart.monthly')}
            type="line"
            labels={summary.monthly.map((m) => monthLabel(m.month))}
            labelHeader={t('budget.chart.month')}
            series={[
              {
                label: t('budget.chart.cumulative'),
                data: summary.monthly.map((m) => m.cumulativeFen),
                color: '#1D4E89',
              },
              {
                label: t('budget.chart.inMonth'),
                data: summary.monthly.map((m) => m.amountFen),
                color: '#E69F00',
              },
            ]}
            format={wan}
            height={Math.max(260, summary.projects.length * 44 + 60)}
            options={axis(false)}
          />
        </Col>
      </Row>

      <h3 className="budget-section-title">{t('budget.executionTable')}</h3>
      <DataTable<ProjectFigures>
        rowKey="projectId"
        columns={columns}
        dataSource={projects}
        exportName={t('budget.executionExportName')}
        filters={
          <>
            <Select
              allowClear
              placeholder={t('budget.filter.unit')}
              aria-label={t('budget.filter.unit')}
              style={{ width: 200 }}
              value={unit}
              onChange={setUnit}
              options={units.map((u) => ({ value: u, label: u }))}
            />
            <Checkbox checked={onlyWarnings} onChange={(e) => setOnlyWarnings(e.target.checked)}>
              {t('budget.filter.onlyWarnings')}
            </Checkbox>
          </>
        }
      />

      <Row gutter={[24, 24]}>
        <Col xs={24} xl={14}>
          <h3 className="budget-section-title">{t('budget.byUnit')}</h3>
          <Table<Row>
            rowKey={(u) => u.unitId ?? u.responsibleUnit}
            size="small"
            pagination={false}
            dataSource={summary.units}
            columns={[
              { title: t('budget.col.unit'), dataIndex: 'responsibleUnit' },
              { title: t('budget.col.projects'), dataIndex: 'projects', width: 70, align: 'right' },
              ...figureCols<Row>(),
            ]}
          />
        </Col>
        <Col xs={24} xl={10}>
          <h3 className="budget-section-title">{t('budget.bySource')}</h3>
          <Table<SourceRow>
            rowKey="source"
            size="small"
            pagination={false}
            dataSource={summary.sources}
            columns={[
              {
                title: t('budget.col.source'),
                dataIndex: 'source',
                className: 'budget-nowrap',
                render: (s: SourceRow['source']) => t(`budget.source.${s}`),
              },
              ...figureCols<SourceRow>(),
            ]}
          />
        </Col>
      </Row>
    </div>
  )
}
