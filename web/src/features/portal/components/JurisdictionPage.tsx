import { useMemo, useState } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { useFormat } from '@/lib/use-format'
import { downloadUrl, feedUrl, useOverview, type Overview } from '../api'
import { usePortalT } from '../i18n'
import { bpText, yearParam } from '../lib/format'
import { Breadcrumbs, Kpi, ProjectCard } from './bits'
import {
  MoneyChart,
  MonthlyChart,
  ProgressChart,
  SatisfactionChart,
  StatusChart,
  UnitsChart,
  VoteChart,
} from './PortalCharts'
import './portal.css'

const TABLES = ['projects', 'rollup', 'units', 'monthly', 'votes', 'satisfaction'] as const

/** A jurisdiction's year (阅卷): totals, charts, projects, the vote, roll-up and open data. */
export default function JurisdictionPage() {
  const { jid = '' } = useParams()
  const [search] = useSearchParams()
  const navigate = useNavigate()
  const { t } = usePortalT()
  const year = yearParam(search.get('year'))
  const q = useOverview(jid, year)
  if (q.isPending) return <p className="portal-wrap portal-muted">{t('j.loading')}</p>
  if (q.isError)
    return (
      <p className="portal-wrap" role="alert">
        {t('j.error', { message: errorMessage(q.error) })}
      </p>
    )
  const o = q.data
  return (
    <div className="portal-wrap">
      <Breadcrumbs items={o.ancestors} current={o.jurisdiction.name} />
      <header className="portal-head">
        <h1>{t('j.title', { name: o.jurisdiction.name, year: o.year })}</h1>
        <div className="portal-head__tools">
          <label className="portal-select">
            <span>{t('j.year')}</span>
            <select
              value={o.year}
              onChange={(e) => navigate(`/public/j/${jid}?year=${e.target.value}`)}
            >
              {(o.years.includes(o.year) ? o.years : [o.year, ...o.years]).map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <Link
            className="pub-button pub-button--ghost"
            to={`/public/j/${jid}/screen?year=${o.year}`}
          >
            {t('j.bigScreen')}
          </Link>
        </div>
        <p className="portal-muted">{t('j.asOf', { date: o.asOf })}</p>
      </header>

      {o.children.length > 0 && (
        <nav className="portal-children" aria-label={t('j.children')}>
          <h2 className="portal-children__title">{t('j.children')}</h2>
          <ul>
            {o.children.map((c) => (
              <li key={c.id}>
                <Link to={`/public/j/${c.id}?year=${o.year}`}>{c.name}</Link>
              </li>
            ))}
          </ul>
        </nav>
      )}

      <Totals o={o} />
      <Cycles o={o} />
      <Projects o={o} />
      {o.rollup.length > 1 && <Rollup o={o} />}
      <OpenData o={o} />
    </div>
  )
}

function Totals({ o }: { o: Overview }) {
  const { t } = usePortalT()
  const fmt = useFormat()
  const self = o.rollup[0]?.total ?? o.totals
  const rate =
    self.budgetedFen > 0 ? Math.floor((self.disbursedFen * 10_000) / self.budgetedFen) : null
  return (
    <section aria-label={t('kpi.projects')}>
      <dl className="portal-kpis">
        <Kpi label={t('kpi.projects')} value={fmt.count(self.projects)} />
        <Kpi label={t('kpi.budgeted')} value={fmt.wan(self.budgetedFen)} />
        <Kpi
          label={t('kpi.disbursed')}
          value={fmt.wan(self.disbursedFen)}
          note={t('kpi.rate', { rate: bpText(rate) })}
        />
        <Kpi label={t('kpi.completed')} value={fmt.count(self.completed)} />
        <Kpi
          label={t('kpi.avgPercent')}
          value={self.avgPercent === null ? '—' : `${self.avgPercent}%`}
        />
        <Kpi
          label={t('kpi.satisfaction')}
          value={self.rated ? `${Math.floor((self.satisfied * 100) / self.rated)}%` : '—'}
          note={
            self.rated
              ? t('kpi.satisfactionValue', { satisfied: self.satisfied, rated: self.rated })
              : t('kpi.notRated')
          }
        />
      </dl>
    </section>
  )
}

function Cycles({ o }: { o: Overview }) {
  const { t } = usePortalT()
  if (o.cycles.length === 0) return null
  return (
    <section className="portal-section" aria-labelledby="cycles-title">
      <h2 id="cycles-title">{t('cycles.title')}</h2>
      {o.cycles.map((c) => (
        <article key={c.id} className="portal-cycle">
          <h3>
            {c.title} <StatusTag kind="cyclePhase" value={c.phase} />
          </h3>
          <p className="portal-links">
            <Link to={`/public/suggest?j=${o.jurisdiction.id}&cycle=${c.id}`}>
              {t('cycles.notice')}
            </Link>
            <Link to={`/public/cycles/${c.id}/candidates`}>{t('cycles.candidates')}</Link>
            <Link to={`/public/cycles/${c.id}/suggestions`}>{t('cycles.outcomes')}</Link>
            {c.selectionVoteIds.map((v) => (
              <Link key={v} to={`/public/votes/${v}`}>
                {t('cycles.published')}
              </Link>
            ))}
            {c.resultPublished && (
              <Link to={`/public/results?j=${o.jurisdiction.id}&year=${o.year}`}>
                {t('results.heading')}
              </Link>
            )}
            {c.resultPublished && (
              <Link to={`/public/year-end/${c.id}`}>{t('cycles.yearEnd')}</Link>
            )}
          </p>
          {c.resultPublished ? (
            c.selectionVoteIds.map((v) => <VoteChart key={v} voteId={v} />)
          ) : (
            <p className="portal-muted">{t('cycles.notPublished')}</p>
          )}
        </article>
      ))}
    </section>
  )
}

function Projects({ o }: { o: Overview }) {
  const { t } = usePortalT()
  const [filter, setFilter] = useState('')
  const shown = useMemo(() => {
    const f = filter.trim()
    return f
      ? o.projects.filter((p) => p.title.includes(f) || p.responsibleUnit.includes(f))
      : o.projects
  }, [o.projects, filter])
  return (
    <section className="portal-section" aria-labelledby="projects-title">
      <h2 id="projects-title">{t('projects.title', { count: o.projects.length })}</h2>
      {o.projects.length === 0 ? (
        <p className="portal-muted">{t('projects.none')}</p>
      ) : (
        <>
          <div className="portal-grid">
            <ProgressChart projects={o.projects} />
            <StatusChart counts={o.totals.statusCounts} />
            <MoneyChart projects={o.projects} />
            <UnitsChart units={o.units} />
            {o.monthly.length > 0 && <MonthlyChart monthly={o.monthly} />}
            <SatisfactionChart projects={o.projects} />
          </div>
          {o.projects.length > 8 && (
            <label className="portal-filter">
              <span>{t('projects.filter')}</span>
              <input
                type="search"
                value={filter}
                placeholder={t('projects.filterPlaceholder')}
                onChange={(e) => setFilter(e.target.value)}
              />
            </label>
          )}
          <ul className="portal-projects">
            {shown.map((p) => (
              <ProjectCard key={p.id} p={p} />
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

function Rollup({ o }: { o: Overview }) {
  const { t } = usePortalT()
  const fmt = useFormat()
  return (
    <section className="portal-section" aria-labelledby="rollup-title">
      <h2 id="rollup-title">{t('rollup.title')}</h2>
      <p className="portal-muted">{t('rollup.lead')}</p>
      <div className="portal-table-wrap">
        <table className="portal-table">
          <thead>
            <tr>
              <th scope="col">{t('rollup.name')}</th>
              <th scope="col">{t('rollup.projects')}</th>
              <th scope="col">{t('rollup.budgeted')}</th>
              <th scope="col">{t('rollup.disbursed')}</th>
              <th scope="col">{t('rollup.completed')}</th>
              <th scope="col">{t('rollup.avgPercent')}</th>
              <th scope="col">{t('rollup.satisfaction')}</th>
            </tr>
          </thead>
          <tbody>
            {o.rollup.map((r) => (
              <tr key={r.jurisdiction.id}>
                <th scope="row" style={{ paddingLeft: `${0.5 + r.depth * 1.25}rem` }}>
                  {r.depth === 0 ? (
                    r.jurisdiction.name
                  ) : (
                    <Link to={`/public/j/${r.jurisdiction.id}?year=${o.year}`}>
                      {r.jurisdiction.name}
                    </Link>
                  )}
                </th>
                <td className="ms-num">{fmt.count(r.total.projects)}</td>
                <td className="ms-num">{fmt.wan(r.total.budgetedFen)}</td>
                <td className="ms-num">{fmt.wan(r.total.disbursedFen)}</td>
                <td className="ms-num">{fmt.count(r.total.completed)}</td>
                <td className="ms-num">
                  {r.total.avgPercent === null ? '—' : `${r.total.avgPercent}%`}
                </td>
                <td className="ms-num">
                  {r.total.rated ? `${r.total.satisfied}/${r.total.rated}` : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function OpenData({ o }: { o: Overview }) {
  const { t } = usePortalT()
  const jid = o.jurisdiction.id
  return (
    <section className="portal-section" aria-labelledby="open-title">
      <h2 id="open-title">{t('open.title')}</h2>
      <p className="portal-muted">{t('open.lead')}</p>
      <ul className="portal-downloads">
        {TABLES.map((x) => (
          <li key={x}>
            <span>{t(`open.tables.${x}`)}</span>
            <a href={downloadUrl(jid, x, 'csv', o.year)} download>
              CSV
            </a>
            <a href={downloadUrl(jid, x, 'xlsx', o.year)} download>
              Excel
            </a>
          </li>
        ))}
        <li>
          <span>{t('open.feed')}</span>
          <a href={feedUrl(jid, o.year)}>JSON</a>
        </li>
      </ul>
    </section>
  )
}
