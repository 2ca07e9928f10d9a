import { useRef, useState, type FormEvent } from 'react'
import { useParams } from 'react-router'
import { useMutation, useQuery } from '@tanstack/react-query'
import { StatusTag } from '@/components/StatusTag'
import { api, errorMessage, unwrap } from '@/lib/api'
import { useFormat } from '@/lib/use-format'
import { useProgressT } from '../i18n'
import './progress.css'
import './public-progress.css'

const publicProgress = (pid: string) =>
  unwrap(api.public.projects[':pid'].progress.$get({ param: { pid } }))

/**
 * The public progress page of a project (no login, no antd): status, milestones, reports with
 * photos, published issues with answers (no names), and a feedback form.
 */
export default function PublicProjectPage() {
  const { pid } = useParams()
  const { t } = useProgressT()
  const fmt = useFormat()
  const q = useQuery({
    queryKey: ['progress', 'public', pid],
    queryFn: () => publicProgress(pid!),
    enabled: !!pid,
    retry: false,
  })
  if (q.isPending) return <section className="pub-section" aria-busy="true" />
  if (q.isError)
    return (
      <section className="pub-section">
        <p className="pub-message">{errorMessage(q.error)}</p>
      </section>
    )
  const { project, summary, milestones, reports, issues } = q.data
  return (
    <section className="pub-section pgp">
      <p className="pgp-kicker">{t('public.title')}</p>
      <h1>{project.title}</h1>
      <p className="pg-muted">
        {project.responsibleUnit} ·{' '}
        {t(`category.${project.category}`, { defaultValue: project.category })}
        {project.location ? ` · ${project.location}` : ''}
      </p>
      <div className="pgp-summary">
        <div>
          <span className="pg-muted">{t('public.status')}</span>
          <StatusTag kind="projectStatus" value={summary.status} />
        </div>
        <div>
          <span className="pg-muted">{t('project.percent')}</span>
          <strong>{summary.percentComplete === null ? '—' : `${summary.percentComplete}%`}</strong>
          <span className="pgp-bar" aria-hidden="true">
            <span style={{ width: `${summary.percentComplete ?? 0}%` }} />
          </span>
        </div>
        <div>
          <span className="pg-muted">{t('project.milestones')}</span>
          <strong>
            {summary.milestonesDone}/{summary.milestonesTotal}
          </strong>
        </div>
        <div>
          <span className="pg-muted">{t('project.investment')}</span>
          <strong>
            {summary.investmentToDateFen === null ? '—' : fmt.wan(summary.investmentToDateFen)}
          </strong>
        </div>
      </div>
      {project.targets && (
        <p>
          <span className="pg-muted">{t('project.targets')}：</span>
          {project.targets}
        </p>
      )}

      <h2>{t('public.milestones')}</h2>
      <table className="pgp-table">
        <thead>
          <tr>
            <th>{t('milestone.name')}</th>
            <th>{t('milestone.planned')}</th>
            <th>{t('milestone.actual')}</th>
            <th>{t('col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {milestones.map((m) => (
            <tr key={m.id}>
              <td>{m.name}</td>
              <td>{fmt.date(m.plannedDate)}</td>
              <td>{m.actualDate ? fmt.date(m.actualDate) : '—'}</td>
              <td className={`pgp-ms pgp-ms--${m.state}`}>
                {t(`milestone.state.${m.state}`)}
                {m.state === 'missed' ? `（${t('project.days', { n: m.lateDays })}）` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('public.issues')}</h2>
      {issues.length === 0 ? (
        <p className="pg-muted">{t('public.noIssues')}</p>
      ) : (
        <ul className="pgp-issues">
          {issues.map((i) => (
            <li key={i.id}>
              <div className="pgp-issue__head">
                <strong>
                  #{i.seq} {i.title}
                </strong>
                <StatusTag kind="issueState" value={i.state} />
                <span className="pg-muted">
                  {t(`issue.source.${i.source}`)} · {fmt.date(i.raisedOn)}
                </span>
              </div>
              <p>{i.description}</p>
              {i.answer && (
                <p className="pgp-answer">
                  <strong>
                    {t('public.answer')}（{i.unitName}）：
                  </strong>
                  {i.answer}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}

      <h2>{t('public.reports')}</h2>
      <Reports reports={reports} />

      <FeedbackForm pid={project.id} />
    </section>
  )
}

type PublicReport = Awaited<ReturnType<typeof publicProgress>>['reports'][number]

/** The latest reports, and all of them on request (a year of months is long on a phone). */
function Reports({ reports }: { reports: PublicReport[] }) {
  const { t } = useProgressT()
  const [all, setAll] = useState(false)
  const shown = all ? reports : reports.slice(0, 6)
  return (
    <>
      {shown.map((r) => (
        <article key={r.id} className="pg-report">
          <div className="pg-report__head">
            <strong>{r.period}</strong>
            <span>{r.percentComplete}%</span>
          </div>
          <p>{r.narrative}</p>
          {r.photos.length > 0 && (
            <div className="pg-photos">
              {r.photos.map((p) => (
                <a key={p.id} href={p.url} target="_blank" rel="noreferrer">
                  <img src={p.thumbUrl} alt={p.caption ?? r.period} />
                </a>
              ))}
            </div>
          )}
        </article>
      ))}
      {reports.length > shown.length && (
        <button type="button" className="pub-button pub-button--ghost" onClick={() => setAll(true)}>
          {t('public.allReports', { n: reports.length })}
        </button>
      )}
    </>
  )
}

function FeedbackForm({ pid }: { pid: string }) {
  const { t } = useProgressT()
  const opened = useRef(Date.now())
  const [content, setContent] = useState('')
  const [contact, setContact] = useState('')
  const [website, setWebsite] = useState('')
  const send = useMutation({
    mutationFn: () =>
      unwrap(
        api.public.projects[':pid'].feedback.$post({
          param: { pid },
          json: { content, contact: contact || null, website, fillMs: Date.now() - opened.current },
        }),
      ),
    meta: { notifyError: false },
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    send.mutate()
  }
  return (
    <form className="pgp-feedback" onSubmit={submit}>
      <h2>{t('public.feedback')}</h2>
      <p className="pg-muted">{t('public.feedbackHelp')}</p>
      {send.isSuccess ? (
        <p className="pub-message" role="status">
          {t('public.sent')}
        </p>
      ) : (
        <>
          <label>
            {t('public.content')}
            <textarea
              required
              maxLength={2000}
              rows={4}
              value={content}
              onChange={(e) => setContent(e.target.value)}
            />
          </label>
          <label>
            {t('public.contact')}
            <input maxLength={100} value={contact} onChange={(e) => setContact(e.target.value)} />
          </label>
          {/* Honeypot: hidden from people, filled by form bots. */}
          <label className="ms-visually-hidden" aria-hidden="true">
            Website
            <input
              tabIndex={-1}
              autoComplete="off"
              value={website}
              onChange={(e) => setWebsite(e.target.value)}
            />
          </label>
          {send.isError && (
            <p className="pub-message" role="alert">
              {errorMessage(send.error)}
            </p>
          )}
          <button
            type="submit"
            className="pub-button pub-button--primary"
            disabled={send.isPending}
          >
            {t('public.send')}
          </button>
        </>
      )}
    </form>
  )
}
