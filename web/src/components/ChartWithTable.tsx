import { useId, useMemo, useState, type ReactNode } from 'react'
import { Chart as ReactChart } from 'react-chartjs-2'
import type { ChartData, ChartOptions } from 'chart.js'
import { useTranslation } from 'react-i18next'
import { seriesColor } from '@/lib/charts'
import { formatCount } from '@/lib/format'
import './ChartWithTable.css'

export interface ChartSeries {
  label: string
  data: number[]
  /** One colour, or one per point (pie/doughnut, status bars). */
  color?: string | string[]
}

export interface ChartWithTableProps {
  /** Caption of the figure; also the table's caption and the chart's accessible name. */
  title: string
  type: 'bar' | 'line' | 'pie' | 'doughnut'
  labels: string[]
  series: ChartSeries[]
  /** Header of the label column in the table view. */
  labelHeader: string
  /** Formats values in tooltips and table cells (default: thousands separators). */
  format?: (value: number) => string
  height?: number
  horizontal?: boolean
  options?: ChartOptions
}

/**
 * The frame of every chart: a figure with its caption, a button that swaps the chart for its
 * table, the canvas (hidden from assistive technology) while the chart shows, and the table,
 * always in the document (visually hidden on screen while the chart shows, printed under it).
 * `children` is the table view (a <table> with caption `common.tableOf`, and any note).
 */
export function ChartFigure({
  title,
  height,
  chart,
  children,
}: {
  title: string
  height: number
  chart: ReactNode
  children: ReactNode
}) {
  const { t } = useTranslation()
  const [asTable, setAsTable] = useState(false)
  const tableId = useId()
  return (
    <figure className="ms-chart">
      <div className="ms-chart__head">
        <figcaption className="ms-chart__title">{title}</figcaption>
        <button
          type="button"
          className="ms-link-button"
          aria-controls={tableId}
          aria-expanded={asTable}
          onClick={() => setAsTable((v) => !v)}
        >
          {asTable ? t('common.showChart') : t('common.showTable')}
        </button>
      </div>
      {!asTable && (
        <div className="ms-chart__canvas" style={{ height }} aria-hidden="true">
          {chart}
        </div>
      )}
      <div
        id={tableId}
        className={asTable ? 'ms-chart__table' : 'ms-chart__table ms-visually-hidden-screen'}
      >
        {children}
      </div>
    </figure>
  )
}

/**
 * A chart with its data as a real table: the table is always in the document for screen readers
 * (visually hidden while the chart shows), a button swaps the two for sighted users, and print
 * shows the table under the chart. The canvas itself is hidden from assistive technology.
 */
export function ChartWithTable({
  title,
  type,
  labels,
  series,
  labelHeader,
  format = (v) => formatCount(v),
  height = 280,
  horizontal = false,
  options,
}: ChartWithTableProps) {
  const { t } = useTranslation()
  const round = type === 'pie' || type === 'doughnut'

  const data = useMemo<ChartData>(
    () => ({
      labels,
      datasets: series.map((s, i) => {
        const color = s.color ?? (round ? labels.map((_, j) => seriesColor(j)) : seriesColor(i))
        return {
          label: s.label,
          data: s.data,
          backgroundColor: color,
          borderColor: round ? '#FFFFFF' : color,
          borderWidth: round ? 2 : type === 'line' ? 2 : 0,
        }
      }),
    }),
    [labels, series, round, type],
  )

  const merged = useMemo<ChartOptions>(
    () => ({
      responsive: true,
      indexAxis: horizontal ? 'y' : 'x',
      plugins: {
        legend: { display: round || series.length > 1, position: 'bottom' },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const raw = typeof ctx.raw === 'number' ? ctx.raw : Number(ctx.raw)
              return `${ctx.dataset.label ?? ''}: ${format(raw)}`
            },
          },
        },
      },
      ...options,
    }),
    [horizontal, round, series.length, format, options],
  )

  return (
    <ChartFigure
      title={title}
      height={height}
      chart={<ReactChart type={type} data={data} options={merged} />}
    >
      <table>
        <caption>{t('common.tableOf', { title })}</caption>
        <thead>
          <tr>
            <th scope="col">{labelHeader}</th>
            {series.map((s) => (
              <th scope="col" key={s.label}>
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((label, row) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {series.map((s) => (
                <td key={s.label}>{s.data[row] === undefined ? '—' : format(s.data[row])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ChartFigure>
  )
}
