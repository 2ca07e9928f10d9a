import { Link, useParams } from 'react-router'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { useFormat } from '@/lib/use-format'
import {
  publicYearEndUrl,
  usePublicEvaluations,
  useYearEnd,
  type YearEnd,
} from '../../api/evaluation'
import { useEvaluationT } from '../../i18n'
import { SatisfactionChart } from '../SatisfactionChart'
import '../evaluation.css'

/**
 * The public year-end page (no sign-in, no antd): per project what was achieved, what was spent,
 * how the deputies rated it, and the rectification of those under the threshold. Picks the year
 * from the published evaluations.
 */
export default function PublicYearEndPage() {
  const { cid } = useParams()
  const { t } = useEvaluationT()
  const list = usePublicEvaluations()
  const cycles = [
    ...new Map(
      (list.data?.items ?? []).map((e) => [
        e.cycleId,
        { cycleId: e.cycleId, label: `${e.jurisdictionName} · ${e.cycleTitle || e.title}` },
      ]),
    ).values(),
  ]
  const chosen = cid ?? cycles[0]?.cycleId
  return (
    <div className="ev-public">
      <h1>{t('public.title')}</h1>
      <p className="ev-lead">{t('public.lead')}</p>
      {list.isSuccess && cycles.length === 0 && !cid && <p>{t('public.noneYet')}</p>}
      {cycles.length > 0 && (
        <nav aria-label={t('public.pick')}>
          <ul className="ev-years">
            {cycles.map((c) => (
              <li key={c.cycleId}>
                <Link
                  to={`/public/year-end/${c.cycleId}`}
                  aria-current={c.cycleId === chosen ? 'page' : undefined}
                >
                  {c.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {chosen && <YearEndView cid={chosen} />}
    </div>
  )
}

function YearEndView({ cid }: { cid: string }) {
  const { t } = useEvaluationT()
  const fmt = useFormat()
  const q = useYearEnd(cid)
  if (q.isPending) return <p className="ev-muted">{t('common.loading')}</p>
  if (q.error || !q.data) return <p role="alert">{errorMessage(q.error)}</p>
  const y: YearEnd = q.data
  const tot = y.totals
  const e = y.evaluation
  return (
    <article aria-labelledby="ev-year-title">
      <h2 id="ev-year-title">
        {y.cycle.jurisdictionName} · {y.cycle.title}
      </h2>
      <p className="ev-muted">{t('public.asOf', { date: fmt.date(y.asOf) })}</p>
      <div className="ev-kpis">
        <Kpi label={t('public.projects')} value={fmt.count(tot.projects)} />
        <Kpi label={t('public.completed')} value={fmt.count(tot.completed)} />
        <Kpi label={t('public.budget')} value={fmt.wan(tot.budgetedFen)} />
        <Kpi label={t('public.paid')} value={fmt.wan(tot.disbursedFen)} />
        {tot.executionRate && (
          <Kpi label={t('public.executionRate')} value={`${tot.executionRate}%`} />
        )}
        {tot.finalAccountFen !== null && (
          <Kpi label={t('public.finalAccount')} value={fmt.wan(tot.finalAccountFen)} />
        )}
      </div>

      <h2>{t('public.satisfactionTitle')}</h2>
      {e ? (
        <>
          <p data-testid="public-evaluation-line">
            {t('public.evaluationLine', {
              title: e.title,
              entitled: fmt.count(e.turnout.entitled),
              voted: fmt.count(e.turnout.voted),
              valid: fmt.count(e.ballots.valid),
            })}
          </p>
          <div className="ev-kpis">
            <Kpi label={t('grade.satisfied')} value={fmt.count(tot.graded.satisfied)} />
            <Kpi label={t('grade.basically')} value={fmt.count(tot.graded.basically)} />
            <Kpi label={t('grade.dissatisfied')} value={fmt.count(tot.graded.dissatisfied)} />
            <Kpi label={t('public.rectTitle')} value={fmt.count(tot.rectifications)} />
          </div>
          <SatisfactionChart
            title={t('public.chartTitle')}
            thresholdPercent={e.rule.thresholdPercent}
            rows={y.projects
              .filter((p) => p.satisfaction)
              .map((p) => ({
                title: p.title,
                ratePercent: p.satisfaction!.ratePercent,
                grade: p.satisfaction!.grade,
                rectify: p.satisfaction!.rectify,
              }))}
          />
          <p className="ev-muted">
            {t('public.rules', {
              comparison: t(`comparison.${e.rule.comparison}`),
              basis: t(`basis.${e.rule.basis}`),
              threshold: e.rule.thresholdPercent,
            })}
          </p>
          <p className="ev-muted">
            {t('public.verifyHint')}{' '}
            <a href={`/api/public/votes/${e.evaluationId}/bulletin`}>{t('public.board')}</a> ·{' '}
            <a href={`/api/public/evaluations/${e.evaluationId}/result`}>{t('public.results')}</a>
          </p>
        </>
      ) : (
        <p>{t('public.notPublished')}</p>
      )}

      <h2 id="ev-table-title">{t('public.table')}</h2>
      {/* Focusable so a keyboard can scroll it sideways on a phone. */}
      <div className="ev-table-wrap" role="region" aria-labelledby="ev-table-title" tabIndex={0}>
        <table className="ev-table" data-testid="year-end-table">
          <thead>
            <tr>
              <th scope="col">{t('console.project')}</th>
              <th scope="col" className="ev-hide-phone">
                {t('public.targets')}
              </th>
              <th scope="col">{t('public.achieved')}</th>
              <th scope="col" className="ev-r">
                {t('public.budget')}
              </th>
              <th scope="col" className="ev-r">
                {t('public.paid')}
              </th>
              <th scope="col" className="ev-r">
                {t('public.rate')}
              </th>
              <th scope="col">{t('public.grade')}</th>
              <th scope="col">{t('public.rectification')}</th>
            </tr>
          </thead>
          <tbody>
            {y.projects.map((p) => (
              <tr key={p.projectId}>
                <th scope="row">
                  {p.title}
                  <div className="ev-muted">{p.responsibleUnit}</div>
                </th>
                <td className="ev-hide-phone">{p.targets ?? '—'}</td>
                <td>
                  {p.achievement ? (
                    <>
                      <StatusTag kind="projectStatus" value={p.achievement.status} />
                      {p.achievement.percentComplete !== null &&
                        ` ${p.achievement.percentComplete}%`}
                      {p.achievement.milestonesTotal > 0 && (
                        <div className="ev-muted">
                          {t('public.milestones', {
                            done: p.achievement.milestonesDone,
                            total: p.achievement.milestonesTotal,
                          })}
                        </div>
                      )}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="ev-r">{p.budget ? fmt.wan(p.budget.budgetedFen) : '—'}</td>
                <td className="ev-r">{p.budget ? fmt.wan(p.budget.disbursedFen) : '—'}</td>
                <td className="ev-r">
                  {p.satisfaction?.ratePercent ? `${p.satisfaction.ratePercent}%` : '—'}
                </td>
                <td>
                  {p.satisfaction?.grade ? (
                    <StatusTag kind="satisfactionGrade" value={p.satisfaction.grade} />
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  {p.rectification ? (
                    <StatusTag kind="rectificationState" value={p.rectification.state} />
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="ev-rect-title">{t('public.rectTitle')}</h2>
      {y.rectifications.length === 0 ? (
        <p>{t('public.rectEmpty')}</p>
      ) : (
        <div className="ev-table-wrap" role="region" aria-labelledby="ev-rect-title" tabIndex={0}>
          <table className="ev-table" data-testid="rectification-table">
            <thead>
              <tr>
                <th scope="col">{t('console.project')}</th>
                <th scope="col">{t('rect.reason')}</th>
                <th scope="col">{t('rect.state')}</th>
                <th scope="col">{t('rect.deadline')}</th>
                <th scope="col">{t('public.measures')}</th>
              </tr>
            </thead>
            <tbody>
              {y.rectifications.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    {r.projectTitle}
                    <div className="ev-muted">{r.responsibleUnit}</div>
                  </th>
                  <td>
                    <StatusTag kind="satisfactionGrade" value={r.grade} /> {r.ratePercent}%
                  </td>
                  <td>
                    <StatusTag kind="rectificationState" value={r.state} />
                  </td>
                  <td>
                    {fmt.date(r.deadline)}
                    {r.overdue && <div className="ev-below">{t('rect.overdue')}</div>}
                  </td>
                  <td>{r.measures ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="ev-downloads">{t('public.downloads')}</h2>
      <ul className="ev-downloads" aria-labelledby="ev-downloads">
        {(['xlsx', 'pdf', 'csv'] as const).map((ext) => (
          <li key={ext}>
            <a href={publicYearEndUrl(cid, ext)} download>
              {t(
                ext === 'xlsx'
                  ? 'public.downloadXlsx'
                  : ext === 'pdf'
                    ? 'public.downloadPdf'
                    : 'public.downloadCsv',
              )}
            </a>
          </li>
        ))}
      </ul>
    </article>
  )
}

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <div className="ev-kpi">
      <span className="ev-kpi__label">{label}</span>
      <span className="ev-kpi__value">{value}</span>
    </div>
  )
}
