import { useEffect, useState } from 'react'
import { Navigate, useLocation, useParams } from 'react-router'
import { BrandMark } from '@/components/BrandMark'
import { PageLoading } from '@/components/PageLoading'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { useCurrentJurisdiction, useMe } from '@/lib/session'
import { useFormat } from '@/lib/use-format'
import { useResult, type VoteResult } from '../../api/result'
import { useVote, type Vote } from '../../api/votes'
import { useLiveTurnout, type LiveMode } from '../../hooks/useLiveTurnout'
import { useBallotsT } from '../../i18n'
import { orderedRows, passedCount, selectedCount, tiedTitles } from '../../lib/result'
import { ResultChart } from '../shared/ResultChart'
import { quorumOf, type TurnoutNumbers } from '../shared/TurnoutFigures'
import './bigscreen.css'

/**
 * 大屏 for the congress hall, full screen without the console frame: the check-in code and
 * turnout rising live while deputies check in and vote, then — once the result is certified —
 * the result as a chart (with its table view). Shown from a staff account signed in on the hall
 * computer (docs/decisions/038-ballot-web.md): turnout needs a session, and the result is only
 * on this screen once staff certified it.
 */
export default function BigScreenPage() {
  const me = useMe()
  const location = useLocation()
  const { t } = useBallotsT()
  const { hasRole, current } = useCurrentJurisdiction()
  if (me.isPending) return <PageLoading />
  if (!me.data)
    return (
      <Navigate
        to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}
        replace
      />
    )
  if (current && !hasRole('staff'))
    return (
      <div className="bs bs--message">
        <p>{t('bigscreen.staffOnly')}</p>
      </div>
    )
  return <BigScreen />
}

function BigScreen() {
  const { vid = '' } = useParams()
  const { t } = useBallotsT()
  const { current, all } = useCurrentJurisdiction()
  const vote = useVote(vid, { refetchInterval: 15_000 })
  const live = useLiveTurnout(vid, !!vote.data)
  const v = vote.data
  const certified = v?.state === 'certified' || v?.state === 'published'
  const result = useResult(vid, certified)
  const fullscreen = useFullscreen()
  const clock = useClock()

  if (vote.isPending) return <div className="bs bs--message">{t('bigscreen.loading')}</div>
  if (vote.error || !v)
    return (
      <div className="bs bs--message">
        <p role="alert">{errorMessage(vote.error)}</p>
      </div>
    )
  const turnout = live.data ?? v.turnout
  // The vote's own congress (a user may hold grants on several jurisdictions).
  const org = all.find((j) => j.id === v.jurisdictionId)?.name ?? current?.name ?? ''

  return (
    <div className="bs" data-state={v.state}>
      <header className="bs-head">
        <BrandMark size={48} />
        <div className="bs-head__titles">
          <p className="bs-head__org">{t('bigscreen.org', { name: org })}</p>
          <h1 className="bs-head__title">{v.title}</h1>
        </div>
        <div className="bs-head__side">
          <StatusTag kind="voteStatus" value={v.state} />
          <time className="bs-head__clock">{clock}</time>
          {!fullscreen.active && fullscreen.supported && (
            <button type="button" className="bs-button" onClick={fullscreen.enter}>
              {t('bigscreen.fullscreen')}
            </button>
          )}
        </div>
      </header>
      <main className="bs-main" id="main">
        {certified && result.data ? (
          <ResultStage vote={v} result={result.data} />
        ) : (
          <TurnoutStage vote={v} turnout={turnout} />
        )}
      </main>
      <footer className="bs-foot">
        <LiveBadge mode={live.mode} />
        <span>{t(`bigscreen.footer.${v.state}`)}</span>
      </footer>
    </div>
  )
}

function LiveBadge({ mode }: { mode: LiveMode }) {
  const { t } = useBallotsT()
  return (
    <span className={`bs-live bs-live--${mode}`}>
      <span aria-hidden="true" className="bs-live__dot" />
      {mode === 'live'
        ? t('console.live')
        : mode === 'polling'
          ? t('console.polling')
          : t('console.connecting')}
    </span>
  )
}

/** Check-in and voting: big numbers, a ring of 已投票 / 实到, and the hall code while it works. */
function TurnoutStage({ vote: v, turnout }: { vote: Vote; turnout: TurnoutNumbers }) {
  const { t } = useBallotsT()
  const fmt = useFormat()
  const { entitled, present, voted } = turnout
  const quorum = quorumOf(entitled)
  const showCode = (v.state === 'draft' || v.state === 'open') && !!v.checkInCode
  const ratio = v.state === 'draft' ? present / Math.max(1, entitled) : voted / Math.max(1, present)
  return (
    <div className="bs-stage">
      <section className="bs-ring-box" aria-labelledby="bs-ring-label">
        <Ring ratio={ratio} />
        <div className="bs-ring-text">
          <span className="bs-ring-text__pct" data-testid="bs-percent">
            {fmt.percent(Math.min(1, ratio), 0)}
          </span>
          <span id="bs-ring-label" className="bs-ring-text__label">
            {v.state === 'draft' ? t('bigscreen.presentRatio') : t('bigscreen.votedRatio')}
          </span>
        </div>
      </section>
      <section className="bs-figures" aria-label={t('console.turnoutTitle')}>
        <h2 className="bs-stage__title">{t(`bigscreen.stage.${v.state}`)}</h2>
        <dl className="bs-numbers" data-testid="turnout">
          <div>
            <dt>{t('turnout.entitled')}</dt>
            <dd data-testid="turnout-entitled">{fmt.count(entitled)}</dd>
          </div>
          <div>
            <dt>{t('turnout.present')}</dt>
            <dd data-testid="turnout-present">{fmt.count(present)}</dd>
          </div>
          {v.state !== 'draft' && (
            <div className="bs-numbers__voted">
              <dt>{t('turnout.voted')}</dt>
              <dd data-testid="turnout-voted">{fmt.count(voted)}</dd>
            </div>
          )}
        </dl>
        <div className="bs-bar" aria-hidden="true">
          <span
            className="bs-bar__present"
            style={{ width: `${(present / Math.max(1, entitled)) * 100}%` }}
          />
          <span
            className="bs-bar__voted"
            style={{ width: `${(voted / Math.max(1, entitled)) * 100}%` }}
          />
          <i style={{ left: `${(quorum / Math.max(1, entitled)) * 100}%` }} />
        </div>
        <p className="bs-quorum">
          {present >= quorum
            ? t('bigscreen.quorumMet', { quorum: fmt.count(quorum) })
            : t('bigscreen.quorumNeed', {
                quorum: fmt.count(quorum),
                missing: fmt.count(quorum - present),
              })}
        </p>
        {showCode && (
          <div className="bs-code">
            <span>{t('bigscreen.codeLabel')}</span>
            <strong data-testid="bs-code">
              {v.checkInCode!.replace(/^(\d{3})(\d+)$/, '$1 $2')}
            </strong>
          </div>
        )}
        {v.state === 'open' && <p className="bs-note">{t('bigscreen.sealed')}</p>}
      </section>
    </div>
  )
}

function Ring({ ratio }: { ratio: number }) {
  const r = 88
  const c = 2 * Math.PI * r
  const shown = Math.max(0, Math.min(1, ratio))
  return (
    <svg viewBox="0 0 200 200" className="bs-ring" aria-hidden="true" focusable="false">
      <circle cx="100" cy="100" r={r} className="bs-ring__track" />
      {shown > 0 && (
        <circle
          cx="100"
          cy="100"
          r={r}
          className="bs-ring__value"
          strokeDasharray={`${c * shown} ${c}`}
          transform="rotate(-90 100 100)"
        />
      )}
    </svg>
  )
}

/** After certification: the result, chart first (with its table view), chosen projects beside. */
function ResultStage({ vote: v, result: r }: { vote: Vote; result: VoteResult }) {
  const { t } = useBallotsT()
  const fmt = useFormat()
  const chosen = orderedRows(r.rows).filter((x) => x.selected)
  const headline =
    r.status === 'decided'
      ? t('result.status.decided', { count: selectedCount(r) })
      : r.status === 'tie'
        ? t('result.status.tie', { selected: selectedCount(r), open: r.seats - selectedCount(r) })
        : r.status === 'shortfall'
          ? t('result.status.shortfall', { passed: passedCount(r), shortfall: r.shortfall })
          : t('result.status.void')
  return (
    <div className="bs-result" data-testid="bs-result">
      <div className="bs-result__head">
        <h2 className="bs-stage__title">{headline}</h2>
        <p className="bs-result__facts">
          {t('bigscreen.resultFacts', {
            entitled: fmt.count(r.turnout.entitled),
            present: fmt.count(r.turnout.present),
            voted: fmt.count(r.turnout.voted),
            threshold: fmt.count(r.threshold),
          })}
          {v.state === 'published'
            ? ` · ${t('bigscreen.published')}`
            : ` · ${t('bigscreen.certified')}`}
        </p>
        {r.status === 'tie' && (
          <p className="bs-note">{t('result.tiedList', { names: tiedTitles(r).join('、') })}</p>
        )}
      </div>
      <div className="bs-result__body">
        <div className="bs-result__chart">
          <ResultChart result={r} dark title={t('bigscreen.chartTitle')} />
        </div>
        <aside className="bs-result__chosen" aria-labelledby="bs-chosen">
          <h3 id="bs-chosen">{t('bigscreen.chosen', { count: chosen.length })}</h3>
          <ol>
            {chosen.map((x) => (
              <li key={x.candidateId}>
                <span className="bs-chosen__title">{x.title}</span>
                <span className="bs-chosen__votes">
                  {t('bigscreen.forVotes', { count: fmt.count(x.for) })}
                </span>
              </li>
            ))}
          </ol>
        </aside>
      </div>
    </div>
  )
}

function useFullscreen() {
  const [active, setActive] = useState(() => !!document.fullscreenElement)
  useEffect(() => {
    const on = () => setActive(!!document.fullscreenElement)
    document.addEventListener('fullscreenchange', on)
    return () => document.removeEventListener('fullscreenchange', on)
  }, [])
  return {
    active,
    supported: !!document.documentElement.requestFullscreen,
    enter: () => void document.documentElement.requestFullscreen().catch(() => {}),
  }
}

function useClock() {
  const fmt = useFormat()
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 15_000)
    return () => clearInterval(timer)
  }, [])
  return fmt.dateTime(now)
}
