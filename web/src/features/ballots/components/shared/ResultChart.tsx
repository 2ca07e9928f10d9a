import { useEffect, useMemo, useState } from 'react'
import type { ChartOptions } from 'chart.js'
import '@/lib/charts'
import { ChartWithTable } from '@/components/ChartWithTable'
import { useBallotsT } from '../../i18n'
import { CHOICE_COLORS, CHOICE_COLORS_DARK, orderedRows, type ResultLike } from '../../lib/result'

/**
 * 赞成/反对/弃权 per candidate as stacked horizontal bars, in rank order, with the table view
 * every chart has. Candidates that were chosen are marked in the labels (★) as well as in the
 * tables beside the chart, so the mark never depends on colour.
 */
export function ResultChart({
  result,
  title,
  dark = false,
}: {
  result: ResultLike
  title?: string
  dark?: boolean
}) {
  const { t } = useBallotsT()
  const narrow = useNarrow()
  const rows = useMemo(() => orderedRows(result.rows), [result.rows])
  const labels = rows.map(
    (r) => `${r.selected ? '★ ' : ''}${r.rank !== null ? `${r.rank}. ` : ''}${r.title}`,
  )
  const colors = dark ? CHOICE_COLORS_DARK : CHOICE_COLORS
  const series = useMemo(
    () => [
      { label: t('choice.for'), data: rows.map((r) => r.for), color: colors.for },
      {
        label: t('choice.against'),
        data: rows.map((r) => r.against),
        color: colors.against,
      },
      {
        label: t('choice.abstain'),
        data: rows.map((r) => r.abstain),
        color: colors.abstain,
      },
    ],
    [rows, t, colors],
  )
  const options = useMemo<ChartOptions>(() => {
    const ink = dark ? '#F8FAFC' : '#344054'
    const grid = dark ? 'rgba(255,255,255,0.18)' : '#E4E7EC'
    const size = dark ? 18 : 13
    return {
      scales: {
        x: {
          stacked: true,
          ticks: { color: ink, font: { size } },
          grid: { color: grid },
          title: { display: true, text: t('result.votesAxis'), color: ink, font: { size } },
        },
        y: {
          stacked: true,
          ticks: {
            color: ink,
            font: { size, weight: 'bold' },
            autoSkip: false,
            // On a phone, long titles are cut in the axis; the table view and tooltips keep them.
            callback(value) {
              const label = this.getLabelForValue(Number(value))
              return narrow && label.length > 9 ? `${label.slice(0, 8)}…` : label
            },
          },
          grid: { display: false },
        },
      },
      plugins: {
        legend: {
          display: true,
          position: 'top',
          labels: { color: ink, font: { size }, boxWidth: dark ? 22 : 14 },
        },
      },
    }
  }, [dark, t, narrow])
  const rowHeight = dark ? 38 : 30
  return (
    <ChartWithTable
      title={title ?? t('result.chartTitle')}
      type="bar"
      horizontal
      labels={labels}
      series={series}
      labelHeader={t('result.candidate')}
      height={Math.max(220, rows.length * rowHeight + 80)}
      options={options}
    />
  )
}

/** Whether the screen is phone-narrow (re-renders when that changes). */
function useNarrow() {
  const query = '(max-width: 600px)'
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches)
  useEffect(() => {
    const m = window.matchMedia(query)
    const on = () => setNarrow(m.matches)
    m.addEventListener('change', on)
    return () => m.removeEventListener('change', on)
  }, [])
  return narrow
}
