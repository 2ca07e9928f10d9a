import { useMemo } from 'react'
import { Link, useSearchParams } from 'react-router'
import { ChartWithTable } from '@/components/ChartWithTable'
import { errorMessage } from '@/lib/api'
import { downloadUrl, useJurisdictions, useResults, type PublishedResults } from '../api'
import { usePortalT } from '../i18n'
import { yearParam } from '../lib/format'
import { Breadcrumbs } from './bits'
import './portal.css'

type Vote = PublishedResults['votes'][number]
type Evaluation = PublishedResults['evaluations'][number]

const RESULT_TABLES = ['votes', 'satisfaction'] as const
const barHeight = (n: number) => Math.min(Math.max(220, n * 36 + 60), 5600)

/**
 * 票决结果 (no sign-in, phone first): for a chosen jurisdiction and year, every published
 * selection vote per candidate — 赞成/反对/弃权, rank, chosen or not — as a chart with its table,
 * a plain results table, and each published satisfaction evaluation per project; every table
 * downloads as CSV and Excel from the open-data endpoints.
 */
export default function ResultsPage() {
  const { t } = usePortalT()
  const [search, setSearch] = useSearchParams()
  const list = useJurisdictions()
  const items = useMemo(() => list.data?.items ?? [], [list.data])
  // Default: the first jurisdiction at the top of the tree that has a cycle, else the first one.
  const fallback = useMemo(() => {
    const ids = new Set(items.map((j) => j.id))
    const roots = items.filter((j) => !j.parentId || !ids.has(j.parentId))
    return (
      roots.find((j) => j.cycles.length > 0) ??
      items.find((j) => j.cycles.length) ??
      roots[0]
    )?.id
  }, [items])
  const jid = search.get('j') ?? fallback
  const year = yearParam(search.get('year'))
  const q = useResults(jid, year)
  const set = (key: 'j' | 'year', value: string) => {
    const next = new URLSearchParams(search)
    next.set(key, value)
    if (key === 'j') next.delete('year')
    if (key === 'j' && !next.get('j')) next.delete('j')
    setSearch(next, { replace: true })
  }
  const r = q.data
  const years = r ? (r.years.includes(r.year) ? r.years : [r.year, ...r.years]) : []

  return (
    <div className="portal-wrap">
      {r && <Breadcrumbs items={r.ancestors} current={r.jurisdiction.name} />}
      <header className="portal-head">
        <h1>
          {r
            ? t('results.title', { name: r.jurisdiction.name, year: r.year })
            : t('results.heading')}
        </h1>
        <p className="portal-lead">{t('results.lead')}</p>
        <div className="portal-head__tools">
          <label className="portal-select">
            <span>{t('results.jurisdiction')}</span>
            <select value={jid ?? ''} onChange={(e) => set('j', e.target.value)}>
              {items.map((j) => (
                <option key={j.id} value={j.id}>
                  {j.name}（{t(`index.levels.${j.level}`)}）
                </option>
              ))}
            </select>
          </label>
          {r && (
            <label className="portal-select">
              <span>{t('j.year')}</span>
              <select value={r.year} onChange={(e) => set('year', e.target.value)}>
                {years.map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </label>
          )}
          {r && (
            <Link
              className="pub-button pub-button--ghost"
              to={`/public/j/${r.jurisdiction.id}?year=${r.year}`}
            >
              {t('results.overview')}
            </Link>
          )}
        </div>
      </header>

      {(list.isPending || (q.isPending && !!jid)) && (
        <p className="portal-muted" role="status">
          {t('j.loading')}
        </p>
      )}
      {list.isError && <p role="alert">{t('j.error', { message: errorMessage(list.error) })}</p>}
      {q.isError && <p role="alert">{t('j.error', { message: errorMessage(q.error) })}</p>}
      {list.isSuccess && items.length === 0 && <p>{t('index.empty')}</p>}

      {r && (
        <>
          {r.votes.length === 0 ? (
            <section className="portal-section">
              <p className="portal-muted">{t('results.none')}</p>
            </section>
          ) : (
            r.votes.map((v) => <VoteSection key={v.voteId} v={v} />)
          )}
          {r.evaluations.map((e) => (
            <EvaluationSection key={e.evaluationId} e={e} />
          ))}
          <section className="portal-section" aria-labelledby="results-open-title">
            <h2 id="results-open-title">{t('open.title')}</h2>
            <p className="portal-muted">{t('results.openLead')}</p>
            <ul className="portal-downloads">
              {RESULT_TABLES.map((x) => (
                <li key={x}>
                  <span>{t(`open.tables.${x}`)}</span>
                  <a href={downloadUrl(r.jurisdiction.id, x, 'csv', r.year)} download>
                    CSV
                  </a>
                  <a href={downloadUrl(r.jurisdiction.id, x, 'xlsx', r.year)} download>
                    Excel
                  </a>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </div>
  )
}

function VoteSection({ v }: { v: Vote }) {
  const { t } = usePortalT()
  const headingId = `vote-${v.voteId}`
  const ordered = useMemo(
    () =>
      [...v.rows].sort(
        (a, b) =>
          (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
          b.for - a.for,
      ),
    [v.rows],
  )
  const labels = ordered.map((x) => x.title)
  const series = useMemo(
    () => [
      { label: t('cycles.voteFor'), data: ordered.map((x) => x.for), color: '#1E6B34' },
      { label: t('cycles.voteAgainst'), data: ordered.map((x) => x.against), color: '#A61B1B' },
      { label: t('cycles.voteAbstain'), data: ordered.map((x) => x.abstain), color: '#6B7280' },
    ],
    [ordered, t],
  )
  return (
    <section className="portal-section" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {v.title}
        {v.kind === 'runoff' && <span className="portal-muted">（{t('results.runoff')}）</span>}
      </h2>
      {!v.title.includes(v.cycleTitle) && <p className="portal-muted">{v.cycleTitle}</p>}
      <dl className="portal-facts">
        <div>
          <dt>{t('results.entitled')}</dt>
          <dd>{v.turnout.entitled}</dd>
        </div>
        <div>
          <dt>{t('results.present')}</dt>
          <dd>{v.turnout.present}</dd>
        </div>
        <div>
          <dt>{t('results.valid')}</dt>
          <dd>{v.ballots.valid}</dd>
        </div>
        <div>
          <dt>{t('results.threshold')}</dt>
          <dd>{v.threshold}</dd>
        </div>
        <div>
          <dt>{t('results.seats')}</dt>
          <dd>{v.seats}</dd>
        </div>
      </dl>
      <ChartWithTable
        title={t('cycles.voteResult', { title: v.title })}
        type="bar"
        horizontal
        labels={labels}
        series={series}
        labelHeader={t('cycles.candidate')}
        height={barHeight(ordered.length)}
        options={{ animation: false, scales: { x: { stacked: true }, y: { stacked: true } } }}
      />
      <div className="portal-table-wrap">
        <table className="portal-table portal-table--wrap">
          <caption className="portal-caption">
            {t('results.tableCaption', { title: v.title })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('results.rank')}</th>
              <th scope="col">{t('cycles.candidate')}</th>
              <th scope="col">{t('cycles.voteFor')}</th>
              <th scope="col">{t('cycles.voteAgainst')}</th>
              <th scope="col">{t('cycles.voteAbstain')}</th>
              <th scope="col">{t('results.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((x) => (
              <tr key={x.candidateId} className={x.selected ? 'portal-row--chosen' : undefined}>
                <td className="ms-num">{x.rank ?? '—'}</td>
                <th scope="row">
                  {x.projectId ? (
                    <Link to={`/public/portal/projects/${x.projectId}`}>{x.title}</Link>
                  ) : (
                    x.title
                  )}
                </th>
                <td className="ms-num">{x.for}</td>
                <td className="ms-num">{x.against}</td>
                <td className="ms-num">{x.abstain}</td>
                <td>
                  {x.selected
                    ? t('results.chosen')
                    : x.passed
                      ? t('results.passedNotChosen')
                      : t('results.notChosen')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="portal-links">
        <Link to={`/public/votes/${v.voteId}`}>{t('results.bulletin')}</Link>
      </p>
    </section>
  )
}

function EvaluationSection({ e }: { e: Evaluation }) {
  const { t } = usePortalT()
  const headingId = `evaluation-${e.evaluationId}`
  return (
    <section className="portal-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{e.title}</h2>
      <div className="portal-table-wrap">
        <table className="portal-table portal-table--wrap">
          <thead>
            <tr>
              <th scope="col">{t('charts.project')}</th>
              <th scope="col">{t('grades.satisfied')}</th>
              <th scope="col">{t('grades.basically')}</th>
              <th scope="col">{t('grades.dissatisfied')}</th>
              <th scope="col">{t('cycles.voteAbstain')}</th>
              <th scope="col">{t('charts.rate')}</th>
              <th scope="col">{t('results.grade')}</th>
            </tr>
          </thead>
          <tbody>
            {e.rows.map((x) => (
              <tr key={x.projectId ?? x.title}>
                <th scope="row">
                  {x.projectId ? (
                    <Link to={`/public/portal/projects/${x.projectId}`}>{x.title}</Link>
                  ) : (
                    x.title
                  )}
                </th>
                <td className="ms-num">{x.satisfied}</td>
                <td className="ms-num">{x.basically}</td>
                <td className="ms-num">{x.dissatisfied}</td>
                <td className="ms-num">{x.abstain}</td>
                <td className="ms-num">{x.ratePercent ? `${x.ratePercent}%` : '—'}</td>
                <td>{x.grade ? t(`grades.${x.grade}`) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
