import { Link, useParams } from 'react-router'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { useFormat } from '@/lib/use-format'
import { useProgress, useSummary } from '../api'
import { usePortalT } from '../i18n'
import { bpText } from '../lib/format'
import { Breadcrumbs, Kpi, PercentBar, Satisfaction } from './bits'
import './portal.css'

/** One project for the public: money, progress, published issues with answers, satisfaction. */
export default function PortalProjectPage() {
  const { pid = '' } = useParams()
  const { t } = usePortalT()
  const fmt = useFormat()
  const q = useSummary(pid)
  const pr = useProgress(pid)
  if (q.isPending) return <p className="portal-wrap portal-muted">{t('j.loading')}</p>
  if (q.isError)
    return (
      <p className="portal-wrap" role="alert">
        {t('j.error', { message: errorMessage(q.error) })}
      </p>
    )
  const { project: p, jurisdiction: j, ancestors, cycle } = q.data
  const progress = pr.data
  const issues = progress?.issues ?? []
  const photos = p.latestReport?.photos ?? []
  return (
    <div className="portal-wrap">
      <Breadcrumbs items={[...ancestors, j]} current={p.title} />
      <header className="portal-head">
        <h1>{p.title}</h1>
        <p className="portal-lead">
          {t('projects.unit')}：{p.responsibleUnit}
          {p.location && ` · ${t('project.location')}：${p.location}`}
          {p.plannedCompletion && ` · ${t('project.planned_')}：${fmt.date(p.plannedCompletion)}`}
        </p>
        <p className="portal-muted">
          {cycle.title}
          {p.votesFor !== null && ` · ${t('project.votes')} ${p.votesFor}`}
        </p>
        {p.description && <p>{p.description}</p>}
        {p.targets && (
          <p>
            <strong>{t('project.targets')}：</strong>
            {p.targets}
          </p>
        )}
      </header>

      <section className="portal-section" aria-labelledby="money-title">
        <h2 id="money-title">{t('project.money')}</h2>
        <dl className="portal-kpis">
          <Kpi label={t('projects.budget')} value={fmt.money(p.budgetedFen)} />
          <Kpi
            label={t('projects.disbursed')}
            value={fmt.money(p.disbursedFen)}
            note={t('kpi.rate', { rate: bpText(p.rateBp) })}
          />
        </dl>
      </section>

      <section className="portal-section" aria-labelledby="progress-title">
        <h2 id="progress-title">{t('project.progress')}</h2>
        <div className="portal-project__status">
          <StatusTag kind="projectStatus" value={p.status} />
          <PercentBar percent={p.percentComplete} status={p.status} />
        </div>
        {p.latestReport && (
          <p className="portal-project__latest">
            <strong>{t('projects.latest', { period: p.latestReport.period })}</strong>
            {p.latestReport.narrative}
          </p>
        )}
        {photos.length > 0 && (
          <ul className="portal-photos">
            {photos.map((ph) => (
              <li key={ph.url}>
                <a href={ph.url}>
                  <img
                    src={ph.thumbUrl}
                    alt={ph.caption ?? t('projects.photo', { title: p.title })}
                    loading="lazy"
                  />
                </a>
              </li>
            ))}
          </ul>
        )}
        {progress && progress.milestones.length > 0 && (
          <>
            <h3>{t('project.milestones')}</h3>
            <ol className="portal-milestones">
              {progress.milestones.map((m) => (
                <li key={m.id}>
                  <span>{m.name}</span>
                  <span className="portal-muted">
                    {m.actualDate
                      ? t('project.done', { date: fmt.date(m.actualDate) })
                      : t('project.planned', { date: fmt.date(m.plannedDate) })}
                  </span>
                </li>
              ))}
            </ol>
          </>
        )}
        <p>
          <Link to={`/public/projects/${p.id}`}>{t('project.more')}</Link>
        </p>
      </section>

      <section className="portal-section" aria-labelledby="issues-title">
        <h2 id="issues-title">{t('project.issues')}</h2>
        {issues.length === 0 ? (
          <p className="portal-muted">{t('project.noIssues')}</p>
        ) : (
          <ul className="portal-issues">
            {issues.map((i) => (
              <li key={i.id}>
                <h3>
                  {i.title} <StatusTag kind="issueState" value={i.state} />
                </h3>
                <p>{i.description}</p>
                <p>
                  <strong>{t('project.answer')}：</strong>
                  {i.answer ?? t('project.noAnswer')}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="portal-section" aria-labelledby="sat-title">
        <h2 id="sat-title">{t('project.satisfaction')}</h2>
        {p.satisfaction ? (
          <p>
            {p.satisfaction.evaluationTitle}：<Satisfaction s={p.satisfaction} />
          </p>
        ) : (
          <p className="portal-muted">{t('project.notRated')}</p>
        )}
        <p>
          <Link to={`/public/year-end/${cycle.id}`}>{t('project.yearEnd')}</Link>
        </p>
      </section>
      <p>
        <Link to={`/public/j/${j.id}?year=${cycle.year}`}>
          {t('project.back', { name: j.name })}
        </Link>
      </p>
    </div>
  )
}
