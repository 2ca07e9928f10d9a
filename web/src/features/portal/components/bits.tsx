import { Link } from 'react-router'
import { StatusTag } from '@/components/StatusTag'
import { useFormat } from '@/lib/use-format'
import type { ProjectRow } from '../api'
import { usePortalT } from '../i18n'
import { bpText } from '../lib/format'

export function Breadcrumbs({
  items,
  current,
}: {
  items: { id: string; name: string }[]
  current: string
}) {
  const { t } = usePortalT()
  return (
    <nav aria-label={t('j.breadcrumb')} className="portal-crumbs">
      <ol>
        <li>
          <Link to="/public/portal">{t('j.portal')}</Link>
        </li>
        {items.map((a) => (
          <li key={a.id}>
            <Link to={`/public/j/${a.id}`}>{a.name}</Link>
          </li>
        ))}
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  )
}

/** A progress bar with its number in text (the colour follows the status palette). */
export function PercentBar({ percent, status }: { percent: number | null; status: string }) {
  const { t } = usePortalT()
  const v = percent ?? 0
  return (
    <div className="portal-bar" data-status={status}>
      <div
        className="portal-bar__track"
        role="progressbar"
        aria-valuenow={v}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-label={t('projects.percent')}
      >
        <div className="portal-bar__fill" style={{ width: `${v}%` }} />
      </div>
      <span className="portal-bar__text">
        {percent === null ? t('projects.noReport') : `${v}%`}
      </span>
    </div>
  )
}

export function Kpi({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="portal-kpi">
      <dt>{label}</dt>
      <dd>
        <span className="portal-kpi__value">{value}</span>
        {note && <span className="portal-kpi__note">{note}</span>}
      </dd>
    </div>
  )
}

export function Satisfaction({ s }: { s: ProjectRow['satisfaction'] }) {
  const { t } = usePortalT()
  if (!s?.grade) return <span className="portal-muted">{t('kpi.notRated')}</span>
  return (
    <span className={`portal-grade portal-grade--${s.grade}`}>
      {t('projects.gradeRate', {
        grade: t(`grades.${s.grade}`),
        rate: s.ratePercent
          ? s.ratePercent.endsWith('%')
            ? s.ratePercent
            : `${s.ratePercent}%`
          : '—',
      })}
    </span>
  )
}

export function ProjectCard({ p }: { p: ProjectRow }) {
  const { t } = usePortalT()
  const fmt = useFormat()
  const photo = p.latestReport?.photos[0]
  return (
    <li className="portal-project">
      <div className="portal-project__body">
        <h3>
          <Link to={`/public/portal/projects/${p.id}`}>{p.title}</Link>
        </h3>
        <p className="portal-project__unit">
          {t('projects.unit')}：{p.responsibleUnit}
        </p>
        <div className="portal-project__status">
          <StatusTag kind="projectStatus" value={p.status} />
          <PercentBar percent={p.percentComplete} status={p.status} />
        </div>
        <dl className="portal-project__facts">
          <div>
            <dt>{t('projects.budget')}</dt>
            <dd>{fmt.wan(p.budgetedFen)}</dd>
          </div>
          <div>
            <dt>{t('projects.disbursed')}</dt>
            <dd>
              {fmt.wan(p.disbursedFen)}（{bpText(p.rateBp)}）
            </dd>
          </div>
          <div>
            <dt>{t('projects.satisfaction')}</dt>
            <dd>
              <Satisfaction s={p.satisfaction} />
            </dd>
          </div>
        </dl>
        <p className="portal-project__issues">
          {t('projects.issues', { published: p.issues.published, answered: p.issues.answered })}
        </p>
        {p.latestReport && (
          <p className="portal-project__latest">
            <strong>{t('projects.latest', { period: p.latestReport.period })}</strong>
            {p.latestReport.narrative}
          </p>
        )}
      </div>
      {photo && (
        <img
          className="portal-project__thumb"
          src={photo.thumbUrl}
          alt={photo.caption ?? t('projects.photo', { title: p.title })}
          loading="lazy"
          width={120}
          height={90}
        />
      )}
    </li>
  )
}
