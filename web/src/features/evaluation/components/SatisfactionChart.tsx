import { useMemo } from 'react'
import { Chart as ReactChart } from 'react-chartjs-2'
import type { ChartData, ChartOptions } from 'chart.js'
import '@/lib/charts'
import { ChartFigure } from '@/components/ChartWithTable'
import { statusColors } from '@/lib/status'
import { useEvaluationT } from '../i18n'

export interface RateRow {
  title: string
  /** percent with one decimal as the API gives it ("85.7"), or null */
  ratePercent: string | null
  grade: 'satisfied' | 'basically' | 'dissatisfied' | null
  rectify: boolean
}

/**
 * Satisfaction rate by project: horizontal bars coloured by grade (with the grade in the table and
 * tooltip, so colour never carries it alone) and the rectification threshold as a line. Like
 * every chart, it has a real table view: always in the document for screen readers, swapped in
 * by a button, printed under the chart.
 */
export function SatisfactionChart({
  title,
  rows,
  thresholdPercent,
}: {
  title: string
  rows: RateRow[]
  thresholdPercent: string
}) {
  const { t } = useEvaluationT()
  const colors = useMemo(() => statusColors('satisfactionGrade'), [])
  const threshold = Number(thresholdPercent)
  const labels = useMemo(() => rows.map((r) => r.title), [rows])

  const data = useMemo<ChartData>(
    () => ({
      labels,
      datasets: [
        {
          type: 'bar' as const,
          label: t('console.chartRate'),
          data: rows.map((r) => (r.ratePercent === null ? 0 : Number(r.ratePercent))),
          backgroundColor: rows.map((r) => (r.grade ? colors[r.grade]! : '#98A2B3')),
          borderWidth: 0,
          indexAxis: 'y' as const,
        },
        {
          type: 'line' as const,
          label: t('console.chartThreshold'),
          data: rows.map(() => threshold),
          borderColor: '#A61B1B',
          borderDash: [6, 4],
          borderWidth: 2,
          pointRadius: 0,
          indexAxis: 'y' as const,
        },
      ],
    }),
    [labels, rows, threshold, t, colors],
  )
  const options = useMemo<ChartOptions>(
    () => ({
      responsive: true,
      indexAxis: 'y',
      scales: { x: { min: 0, max: 100, ticks: { callback: (v) => `${v}%` } } },
      plugins: {
        legend: { display: true, position: 'bottom' },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const r = rows[ctx.dataIndex]
              if (ctx.datasetIndex === 1) return `${ctx.dataset.label}: ${threshold}%`
              return `${r?.ratePercent ?? '—'}% · ${r?.grade ? t(`grade.${r.grade}`) : t('grade.none')}`
            },
          },
        },
      },
    }),
    [rows, threshold, t],
  )

  return (
    <ChartFigure
      title={title}
      height={Math.max(220, 34 * rows.length + 70)}
      chart={<ReactChart type="bar" data={data} options={options} />}
    >
      <table>
        <caption>{t('common.tableOf', { title })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('console.project')}</th>
            <th scope="col">{t('console.rate')}</th>
            <th scope="col">{t('console.gradeCol')}</th>
            <th scope="col">{t('console.rectify')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.title}>
              <th scope="row">{r.title}</th>
              <td>{r.ratePercent === null ? '—' : `${r.ratePercent}%`}</td>
              <td>{r.grade ? t(`grade.${r.grade}`) : t('grade.none')}</td>
              <td>{r.rectify ? t('console.rectifyYes') : t('console.rectifyNo')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="ev-muted">
        {t('console.chartThreshold')}：{thresholdPercent}%
      </p>
    </ChartFigure>
  )
}
