import { useState } from 'react'
import { useQuery, keepPreviousData } from '@tanstack/react-query'
import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '@/components/PageHeader'
import { ChartWithTable } from '@/components/ChartWithTable'
import { api, errorMessage, unwrap } from '@/lib/api'
import { useCurrentJurisdiction } from '@/lib/session'
import { useFormat } from '@/lib/use-format'
import { statusColors, STATUS_KINDS } from '@/lib/status'
import { useDashboardT } from '../i18n'

/** Staff: the roll-up of their jurisdiction and those below, with drill-down (reads the public overview). */
export default function DashboardPage() {
  const { t } = useDashboardT()
  const { t: shared } = useTranslation()
  const fmt = useFormat()
  const { current } = useCurrentJurisdiction()
  const [stack, setStack] = useState<string[]>([])
  const [year, setYear] = useState<number | undefined>()
  const jid = stack[stack.length - 1] ?? current?.id ?? ''
  const q = useQuery({
    queryKey: ['dashboard', 'overview', jid, year ?? null],
    queryFn: () =>
      unwrap(
        api.public.jurisdictions[':jid'].overview.$get({
          param: { jid },
          query: year ? { year: String(year) } : {},
        }),
      ),
    enabled: !!jid,
    placeholderData: keepPreviousData,
  })
  const o = q.data
  const rows = o?.rollup ?? []
  const keys = Object.keys(STATUS_KINDS.projectStatus)
  const colors = statusColors('projectStatus')
  const direct = rows.filter((r) => r.depth <= 1)
  return (
    <>
      <PageHeader
        title={o ? t('titleOf', { name: o.jurisdiction.name }) : t('title')}
        description={t('lead')}
        extra={
          o && (
            <span style={{ display: 'inline-flex', gap: 12, alignItems: 'center' }}>
              <label>
                {t('year')}{' '}
                <select value={o.year} onChange={(e) => setYear(Number(e.target.value))}>
                  {(o.years.includes(o.year) ? o.years : [o.year, ...o.years]).map((y) => (
                    <option key={y} value={y}>
                      {y}
                    </option>
                  ))}
                </select>
              </label>
              <Link to={`/public/j/${o.jurisdiction.id}?year=${o.year}`}>{t('publicPage')}</Link>
              <Link to={`/public/results?j=${o.jurisdiction.id}&year=${o.year}`}>
                {t('results')}
              </Link>
              <Link to={`/public/j/${o.jurisdiction.id}/screen?year=${o.year}`}>{t('screen')}</Link>
            </span>
          )
        }
      />
      {stack.length > 0 && (
        <p>
          <button
            type="button"
            className="ms-link-button"
            onClick={() => setStack(stack.slice(0, -1))}
          >
            ← {t('up')}
          </button>
        </p>
      )}
      {q.isPending && <p role="status">{t('loading')}</p>}
      {q.isError && <p role="alert">{errorMessage(q.error)}</p>}
      {o && (
        <>
          <div
            style={{
              overflowX: 'auto',
              background: '#fff',
              border: '1px solid #e4e7ec',
              borderRadius: 8,
            }}
          >
            <table className="dash-table" style={{ width: '100%', borderCollapse: 'collapse' }}>
              <caption
                style={{ captionSide: 'top', textAlign: 'left', padding: 8, fontWeight: 600 }}
              >
                {t('tableCaption', { name: o.jurisdiction.name })}
              </caption>
              <thead>
                <tr>
                  {(
                    [
                      'name',
                      'projects',
                      'budgeted',
                      'disbursed',
                      'completed',
                      'avg',
                      'sat',
                    ] as const
                  ).map((h) => (
                    <th
                      key={h}
                      scope="col"
                      style={{ textAlign: 'left', padding: 8, background: '#f2f4f7' }}
                    >
                      {t(h)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.jurisdiction.id} style={{ borderTop: '1px solid #e4e7ec' }}>
                    <th
                      scope="row"
                      style={{ textAlign: 'left', padding: 8, paddingLeft: 8 + r.depth * 20 }}
                    >
                      {r.depth === 0 ? (
                        r.jurisdiction.name
                      ) : (
                        <button
                          type="button"
                          className="ms-link-button"
                          onClick={() => setStack([...stack, r.jurisdiction.id])}
                        >
                          {r.jurisdiction.name}
                        </button>
                      )}
                    </th>
                    <td className="ms-num" style={{ padding: 8 }}>
                      {fmt.count(r.total.projects)}
                    </td>
                    <td className="ms-num" style={{ padding: 8 }}>
                      {fmt.wan(r.total.budgetedFen)}
                    </td>
                    <td className="ms-num" style={{ padding: 8 }}>
                      {fmt.wan(r.total.disbursedFen)}
                    </td>
                    <td className="ms-num" style={{ padding: 8 }}>
                      {fmt.count(r.total.completed)}
                    </td>
                    <td className="ms-num" style={{ padding: 8 }}>
                      {r.total.avgPercent === null ? '—' : `${r.total.avgPercent}%`}
                    </td>
                    <td className="ms-num" style={{ padding: 8 }}>
                      {r.total.rated ? `${r.total.satisfied}/${r.total.rated}` : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div style={{ marginTop: 16, background: '#fff', padding: 16, borderRadius: 8 }}>
            <ChartWithTable
              title={t('chart')}
              type="bar"
              labels={direct.map((r) => r.jurisdiction.name)}
              series={keys.map((k) => ({
                label: shared(`status.projectStatus.${k}`),
                data: direct.map((r) => (r.total.statusCounts as Record<string, number>)[k] ?? 0),
                color: colors[k]!,
              }))}
              labelHeader={t('name')}
              options={{
                animation: false,
                scales: {
                  x: { stacked: true, title: { display: true, text: t('axisJurisdiction') } },
                  y: {
                    stacked: true,
                    beginAtZero: true,
                    ticks: { precision: 0 },
                    title: { display: true, text: t('axisProjects') },
                  },
                },
              }}
            />
          </div>
        </>
      )}
    </>
  )
}
