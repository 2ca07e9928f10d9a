import { useEffect, useState } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'
import { StatusTag } from '@/components/StatusTag'
import { useFormat } from '@/lib/use-format'
import { useOverview } from '../api'
import { usePortalT } from '../i18n'
import { bpText, yearParam } from '../lib/format'
import { StatusChart } from './PortalCharts'
import './portal.css'

const REFRESH_MS = 30_000

/** 大屏: a jurisdiction's year for halls and lobbies — full screen, large type, refetch every 30 s. */
export default function BigScreenPage() {
  const { jid = '' } = useParams()
  const [search] = useSearchParams()
  const { t } = usePortalT()
  const fmt = useFormat()
  const q = useOverview(jid, yearParam(search.get('year')), REFRESH_MS)
  const [updated, setUpdated] = useState('')
  useEffect(() => {
    if (q.dataUpdatedAt)
      setUpdated(
        new Date(q.dataUpdatedAt).toLocaleTimeString('zh-CN', {
          timeZone: 'Asia/Shanghai',
          hour12: false,
        }),
      )
  }, [q.dataUpdatedAt])
  const o = q.data
  if (!o) return <div className="portal-screen">{t('j.loading')}</div>
  const all = o.rollup[0]?.total ?? o.totals
  const rate =
    all.budgetedFen > 0 ? Math.floor((all.disbursedFen * 10_000) / all.budgetedFen) : null
  const rows = o.projects.length ? o.projects : []
  return (
    <div className="portal-screen">
      <header className="portal-screen__head">
        <h1>{t('screen.title', { name: o.jurisdiction.name, year: o.year })}</h1>
        <div className="portal-screen__tools">
          <span aria-live="polite">{t('screen.refresh', { time: updated })}</span>
          <button type="button" onClick={() => void document.documentElement.requestFullscreen?.()}>
            {t('screen.fullscreen')}
          </button>
          <Link to={`/public/j/${jid}?year=${o.year}`}>{t('screen.exit')}</Link>
        </div>
      </header>
      <dl className="portal-screen__kpis">
        <div>
          <dt>{t('kpi.projects')}</dt>
          <dd>{fmt.count(all.projects)}</dd>
        </div>
        <div>
          <dt>{t('kpi.budgeted')}</dt>
          <dd>{fmt.wan(all.budgetedFen)}</dd>
        </div>
        <div>
          <dt>{t('kpi.disbursed')}</dt>
          <dd>
            {fmt.wan(all.disbursedFen)}
            <small>{t('kpi.rate', { rate: bpText(rate) })}</small>
          </dd>
        </div>
        <div>
          <dt>{t('kpi.completed')}</dt>
          <dd>{fmt.count(all.completed)}</dd>
        </div>
        <div>
          <dt>{t('kpi.avgPercent')}</dt>
          <dd>{all.avgPercent === null ? '—' : `${all.avgPercent}%`}</dd>
        </div>
      </dl>
      <div className="portal-screen__body">
        <section className="portal-screen__list" aria-label={t('screen.progressTop')}>
          <h2>{t('screen.progressTop')}</h2>
          <ul>
            {rows.slice(0, 14).map((p) => (
              <li key={p.id}>
                <span className="portal-screen__name">{p.title}</span>
                <StatusTag kind="projectStatus" value={p.status} />
                <span className="portal-screen__pct">{p.percentComplete ?? 0}%</span>
              </li>
            ))}
            {rows.length === 0 &&
              o.rollup.slice(1, 15).map((r) => (
                <li key={r.jurisdiction.id}>
                  <span className="portal-screen__name">{r.jurisdiction.name}</span>
                  <span>{fmt.count(r.total.projects)}</span>
                  <span className="portal-screen__pct">
                    {r.total.avgPercent === null ? '—' : `${r.total.avgPercent}%`}
                  </span>
                </li>
              ))}
          </ul>
        </section>
        <section className="portal-screen__chart">
          <StatusChart counts={all.statusCounts} height={360} />
        </section>
      </div>
    </div>
  )
}
