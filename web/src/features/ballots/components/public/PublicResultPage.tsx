import { Link, useParams } from 'react-router'
import { PageLoading } from '@/components/PageLoading'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage, isApiError } from '@/lib/api'
import { useFormat } from '@/lib/use-format'
import { bulletinUrl, usePublicResult } from '../../api/result'
import { useBallotsT } from '../../i18n'
import { orderedRows, passedCount, selectedCount, tiedTitles } from '../../lib/result'
import { ResultChart } from '../shared/ResultChart'
import './public.css'

/**
 * 票决结果 (public, no sign-in): the published result as a chart and a table, the bulletin board
 * (anonymous ballots and receipt hashes with the chain head) and how to check a receipt.
 */
export default function PublicResultPage() {
  const { vid = '' } = useParams()
  const { t } = useBallotsT()
  const fmt = useFormat()
  const result = usePublicResult(vid)
  if (result.isPending) return <PageLoading />
  if (result.error || !result.data)
    return (
      <div className="pub-message">
        <h1>
          {isApiError(result.error) && result.error.status === 404
            ? t('public.notPublished')
            : errorMessage(result.error)}
        </h1>
        <p>{t('public.notPublishedText')}</p>
        <Link to="/">{t('common.backHome')}</Link>
      </div>
    )
  const r = result.data
  const rows = orderedRows(r.rows)
  const headline =
    r.status === 'decided'
      ? t('result.status.decided', { count: selectedCount(r) })
      : r.status === 'tie'
        ? t('result.status.tie', { selected: selectedCount(r), open: r.seats - selectedCount(r) })
        : r.status === 'shortfall'
          ? t('result.status.shortfall', { passed: passedCount(r), shortfall: r.shortfall })
          : t('result.status.void')

  return (
    <div className="pub-section bt-pub">
      <p className="bt-pub__kicker">{t('public.kicker')}</p>
      <h1 className="bt-pub__title">{r.title}</h1>
      <p className="bt-pub__meta">
        <StatusTag kind="voteStatus" value={r.state} />
        <span>{t('public.publishedAt', { at: fmt.dateTime(r.publishedAt) })}</span>
      </p>
      <div
        className={`bt-pub-box ${r.status === 'decided' ? 'bt-pub-box--ok' : 'bt-pub-box--warn'}`}
        data-testid="public-status"
      >
        <h2>{headline}</h2>
        {r.status === 'tie' && <p>{t('result.tiedList', { names: tiedTitles(r).join('、') })}</p>}
        {r.status === 'shortfall' && <p>{t('result.shortfallText')}</p>}
      </div>

      <dl className="bt-pub-facts">
        <div>
          <dt>{t('result.turnout')}</dt>
          <dd>
            {t('result.turnoutValue', {
              entitled: fmt.count(r.turnout.entitled),
              present: fmt.count(r.turnout.present),
              voted: fmt.count(r.turnout.voted),
            })}
          </dd>
        </div>
        <div>
          <dt>{t('result.ballots')}</dt>
          <dd>
            {t('result.ballotsValue', {
              electronic: fmt.count(r.ballots.electronic),
              paper: fmt.count(r.ballots.paper),
              valid: fmt.count(r.ballots.valid),
              invalid: fmt.count(r.ballots.invalid),
            })}
          </dd>
        </div>
        <div>
          <dt>{t('result.threshold')}</dt>
          <dd>
            {t('public.thresholdLine', {
              basis: t(`basis.${r.basis}`),
              count: fmt.count(r.basisCount),
              threshold: fmt.count(r.threshold),
            })}
          </dd>
        </div>
      </dl>

      <section className="bt-pub-card" aria-labelledby="pub-chart">
        <h2 id="pub-chart" className="ms-visually-hidden">
          {t('result.chartTitle')}
        </h2>
        <ResultChart result={r} />
      </section>

      <section className="bt-pub-card" aria-labelledby="pub-table">
        <h2 id="pub-table">{t('public.tableTitle')}</h2>
        <div className="bt-pub-table-wrap">
          <table className="bt-pub-table">
            <thead>
              <tr>
                <th scope="col">{t('result.rank')}</th>
                <th scope="col">{t('result.candidate')}</th>
                <th scope="col">{t('choice.for')}</th>
                <th scope="col">{t('choice.against')}</th>
                <th scope="col">{t('choice.abstain')}</th>
                <th scope="col">{t('result.passed')}</th>
                <th scope="col">{t('result.selected')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.candidateId} data-selected={row.selected || undefined}>
                  <td>{row.rank ?? '—'}</td>
                  <th scope="row">{row.title}</th>
                  <td className="ms-num">{fmt.count(row.for)}</td>
                  <td className="ms-num">{fmt.count(row.against)}</td>
                  <td className="ms-num">{fmt.count(row.abstain)}</td>
                  <td>{row.passed ? `✓ ${t('result.passedYes')}` : t('result.passedNo')}</td>
                  <td>
                    {row.selected
                      ? `★ ${t('result.selectedYes')}`
                      : r.ties.includes(row.candidateId)
                        ? t('result.tied')
                        : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="bt-pub-card" aria-labelledby="pub-verify">
        <h2 id="pub-verify">{t('public.verifyTitle')}</h2>
        <p>{t('public.verifyText')}</p>
        <ul className="bt-pub-links">
          <li>
            <a href={bulletinUrl(r.voteId)} download={`bulletin-${r.voteId}.json`}>
              {t('public.bulletin')}
            </a>
            <span className="bt-pub-help"> — {t('public.bulletinText')}</span>
          </li>
          <li>
            <Link to="/public/receipt">{t('public.receiptLink')}</Link>
            <span className="bt-pub-help"> — {t('public.receiptText')}</span>
          </li>
        </ul>
        {r.chainHead && (
          <p className="bt-pub-help">
            {t('result.chainHead')}：<code className="bt-pub-hash">{r.chainHead}</code>
          </p>
        )}
        <p className="bt-pub-help">
          {t('public.verifier')}{' '}
          <code>
            pnpm --filter @ms/test verify-vote {'<'}URL{'>'} {r.voteId}
          </code>
        </p>
      </section>
    </div>
  )
}
