import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { ChartWithTable } from '@/components/ChartWithTable'
import { statusColors, STATUS_KINDS } from '@/lib/status'
import { seriesColor } from '@/lib/charts'
import { formatCount } from '@/lib/format'
import { useVoteResult, type Overview } from '../api'
import { usePortalT } from '../i18n'

/** 万元 with two decimals, as a chart value (the table formats it back). */
const wan = (fen: number) => Math.round(fen / 100) / 10_000
const fmtWan = (v: number) => formatCount(v, 2)
const fmtPct = (v: number) => `${formatCount(v, 0)}%`
/** Horizontal bars: one row per item, capped so 300 projects stay readable and quick. */
const barHeight = (n: number) => Math.min(Math.max(220, n * 18 + 60), 5600)
const BIG = { animation: false, normalized: true } as const
/**
 * The category axis of a horizontal bar chart: chart.js gives it at most half the chart's width
 * and cuts longer names at the canvas edge, so a long name is shortened with "…" to what fits
 * (~13 px per Chinese character; a trailing "（当选）" kept whole). The full name is in the
 * tooltip and the table view.
 */
const shortCategories = {
  ticks: {
    callback(
      this: { chart: { width: number }; getLabelForValue(v: number): string },
      value: string | number,
    ) {
      const label = this.getLabelForValue(Number(value))
      const max = Math.max(6, Math.floor((this.chart.width / 2 - 16) / 13))
      if (label.length <= max) return label
      const [, name = label, mark = ''] = /^(.*?)(（[^（）]*）)?$/.exec(label) ?? []
      return `${name.slice(0, Math.max(2, max - mark.length - 1))}…${mark}`
    },
  },
}

export function ProgressChart({ projects }: { projects: Overview['projects'] }) {
  const { t } = usePortalT()
  const colors = statusColors('projectStatus')
  const labels = useMemo(() => projects.map((p) => p.title), [projects])
  const series = useMemo(
    () => [
      {
        label: t('charts.percent'),
        data: projects.map((p) => p.percentComplete ?? 0),
        color: projects.map((p) => colors[p.status] ?? '#4A5563'),
      },
    ],
    [projects, colors, t],
  )
  return (
    <ChartWithTable
      title={t('charts.progress')}
      type="bar"
      horizontal
      labels={labels}
      series={series}
      labelHeader={t('charts.project')}
      format={fmtPct}
      height={barHeight(projects.length)}
      options={{ ...BIG, scales: { x: { min: 0, max: 100 }, y: shortCategories } }}
    />
  )
}

/** Budget against disbursed, in 万元, one pair of bars per row (a project or a unit). */
function BudgetBars({
  title,
  labelHeader,
  rows,
}: {
  title: string
  labelHeader: string
  rows: { label: string; budgetedFen: number; disbursedFen: number }[]
}) {
  const { t } = usePortalT()
  const labels = useMemo(() => rows.map((r) => r.label), [rows])
  const series = useMemo(
    () => [
      {
        label: t('charts.budget'),
        data: rows.map((r) => wan(r.budgetedFen)),
        color: seriesColor(0),
      },
      {
        label: t('charts.disbursed'),
        data: rows.map((r) => wan(r.disbursedFen)),
        color: seriesColor(2),
      },
    ],
    [rows, t],
  )
  return (
    <ChartWithTable
      title={title}
      type="bar"
      horizontal
      labels={labels}
      series={series}
      labelHeader={labelHeader}
      format={fmtWan}
      height={barHeight(rows.length * 1.6)}
      options={{ ...BIG, scales: { y: shortCategories } }}
    />
  )
}

export function MoneyChart({ projects }: { projects: Overview['projects'] }) {
  const { t } = usePortalT()
  const rows = useMemo(() => projects.map((p) => ({ ...p, label: p.title })), [projects])
  return <BudgetBars title={t('charts.money')} labelHeader={t('charts.project')} rows={rows} />
}

export function UnitsChart({ units }: { units: Overview['units'] }) {
  const { t } = usePortalT()
  const rows = useMemo(() => units.map((u) => ({ ...u, label: u.responsibleUnit })), [units])
  return <BudgetBars title={t('charts.units')} labelHeader={t('charts.unit')} rows={rows} />
}

export function MonthlyChart({ monthly }: { monthly: Overview['monthly'] }) {
  const { t } = usePortalT()
  const labels = useMemo(() => monthly.map((m) => m.month), [monthly])
  const series = useMemo(
    () => [
      {
        label: t('charts.monthAmount'),
        data: monthly.map((m) => wan(m.amountFen)),
        color: seriesColor(1),
      },
      {
        label: t('charts.cumulative'),
        data: monthly.map((m) => wan(m.cumulativeFen)),
        color: seriesColor(0),
      },
    ],
    [monthly, t],
  )
  return (
    <ChartWithTable
      title={t('charts.monthly')}
      type="line"
      labels={labels}
      series={series}
      labelHeader={t('charts.month')}
      format={fmtWan}
      options={{ ...BIG, elements: { point: { radius: 2 } } }}
    />
  )
}

export function StatusChart({
  counts,
  height,
}: {
  counts: Record<string, number>
  height?: number
}) {
  const { t } = usePortalT()
  const { t: shared } = useTranslation()
  const colors = statusColors('projectStatus')
  const keys = Object.keys(STATUS_KINDS.projectStatus)
  const labels = keys.map((k) => shared(`status.projectStatus.${k}`))
  const series = [
    {
      label: t('charts.count'),
      data: keys.map((k) => counts[k] ?? 0),
      color: keys.map((k) => colors[k]!),
    },
  ]
  return (
    <ChartWithTable
      title={t('charts.status')}
      type="doughnut"
      labels={labels}
      series={series}
      labelHeader={t('charts.status_')}
      {...(height ? { height } : {})}
      options={BIG}
    />
  )
}

export function SatisfactionChart({ projects }: { projects: Overview['projects'] }) {
  const { t } = usePortalT()
  const rated = useMemo(() => projects.filter((p) => p.satisfaction?.ratePercent), [projects])
  if (rated.length === 0) return null
  return (
    <ChartWithTable
      title={t('charts.satisfaction')}
      type="bar"
      horizontal
      labels={rated.map((p) => p.title)}
      series={[
        {
          label: t('charts.rate'),
          data: rated.map((p) => Number.parseFloat(p.satisfaction!.ratePercent!)),
          color: seriesColor(0),
        },
      ]}
      labelHeader={t('charts.project')}
      format={(v) => `${formatCount(v, 2)}%`}
      height={barHeight(rated.length)}
      options={{ ...BIG, scales: { x: { min: 0, max: 100 }, y: shortCategories } }}
    />
  )
}

interface VoteRow {
  title: string
  for: number
  against: number
  abstain: number
  selected: boolean
}

export function VoteChart({ voteId }: { voteId: string }) {
  const { t } = usePortalT()
  const q = useVoteResult(voteId)
  if (!q.data || q.data.kind === 'evaluation') return null
  const rows = q.data.rows as unknown as VoteRow[]
  const labels = rows.map((r) => (r.selected ? `${r.title}（${t('cycles.selected')}）` : r.title))
  return (
    <ChartWithTable
      title={t('cycles.voteResult', { title: q.data.title })}
      type="bar"
      horizontal
      labels={labels}
      series={[
        { label: t('cycles.voteFor'), data: rows.map((r) => r.for), color: '#1E6B34' },
        { label: t('cycles.voteAgainst'), data: rows.map((r) => r.against), color: '#A61B1B' },
        { label: t('cycles.voteAbstain'), data: rows.map((r) => r.abstain), color: '#6B7280' },
      ]}
      labelHeader={t('cycles.candidate')}
      height={barHeight(rows.length * 2)}
      options={{
        ...BIG,
        scales: { x: { stacked: true }, y: { stacked: true, ...shortCategories } },
      }}
    />
  )
}
