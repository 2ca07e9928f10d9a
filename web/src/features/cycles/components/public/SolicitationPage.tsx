import { useId, useState, type FormEvent } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { useCyclesT } from '../../i18n'
import { StatusTag } from '@/components/StatusTag'
import { useFormat } from '@/lib/use-format'
import { usePublicCycle, usePublicJurisdictions, type PublicJurisdiction } from '../../api/public'
import { isListLocked } from '../../lib/labels'
import { ratioToTenThousandths, tenThousandthsToPercent } from '../../lib/numbers'
import { CycleNav, LoadError, Loading } from './shared'

type CycleSummary = PublicJurisdiction['cycles'][number]
const EARLY = ['solicitation', 'screening', 'candidates_locked']

/** A jurisdiction's current cycle: the one taking suggestions, else the newest still before the vote, else the newest. */
function currentCycle(j: PublicJurisdiction | undefined): CycleSummary | undefined {
  if (!j) return undefined
  return (
    j.cycles.find((c) => c.phase === 'solicitation') ??
    j.cycles.find((c) => EARLY.includes(c.phase)) ??
    j.cycles[0]
  )
}

function TrackBox() {
  const { t } = useCyclesT()
  const navigate = useNavigate()
  const id = useId()
  const [code, setCode] = useState('')
  function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (code.trim()) void navigate(`/public/track?code=${encodeURIComponent(code.trim())}`)
  }
  return (
    <form className="ps-box ps-track-box" onSubmit={onSubmit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('publicSuggest.track.boxTitle')}</h2>
      <p>{t('publicSuggest.track.boxText')}</p>
      <label htmlFor={id}>{t('publicSuggest.track.code')}</label>
      <div className="ps-inline">
        <input
          id={id}
          className="ps-input ps-input--code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          placeholder="K7QM-3XPA-9RTD"
        />
        <button type="submit" className="pub-button pub-button--primary pub-button--large">
          {t('publicSuggest.track.submit')}
        </button>
      </div>
    </form>
  )
}

function Notice({ cid }: { cid: string }) {
  const { t } = useCyclesT()
  const fmt = useFormat()
  const cycle = usePublicCycle(cid)
  if (cycle.isPending) return <Loading />
  if (cycle.error) return <LoadError error={cycle.error} />
  const c = cycle.data
  const ratio = `${tenThousandthsToPercent(ratioToTenThousandths(c.marginRatio) ?? 0)}%`
  return (
    <article className="ps-notice" aria-labelledby="notice-title">
      <header className="ps-notice__head">
        <h2 id="notice-title">{t('publicSuggest.notice.heading', { title: c.title })}</h2>
        <StatusTag kind="cyclePhase" value={c.phase} />
      </header>
      <CycleNav cycle={c} />
      <dl className="ps-facts">
        <div>
          <dt>{t('publicSuggest.notice.jurisdiction')}</dt>
          <dd>{c.jurisdiction.name}</dd>
        </div>
        <div>
          <dt>{t('publicSuggest.notice.seats')}</dt>
          <dd className="ms-num">
            {t('publicSuggest.notice.seatsValue', { n: fmt.count(c.seats) })}
          </dd>
        </div>
        <div>
          <dt>{t('publicSuggest.notice.candidates')}</dt>
          <dd className="ms-num">
            {t('publicSuggest.notice.candidatesValue', {
              n: fmt.count(c.requiredCandidates),
              r: ratio,
            })}
          </dd>
        </div>
        <div>
          <dt>{t('publicSuggest.notice.fund')}</dt>
          <dd className="ms-num">{fmt.wan(c.fundPoolFen, 6)}</dd>
        </div>
        <div>
          <dt>{t('publicSuggest.notice.deadline')}</dt>
          <dd>
            {c.solicitationDeadline
              ? fmt.date(c.solicitationDeadline)
              : t('publicSuggest.notice.noDeadline')}
          </dd>
        </div>
      </dl>
      {c.acceptingSuggestions ? (
        <div className="ps-cta">
          <p>{t('publicSuggest.notice.open')}</p>
          <Link
            to={`/public/cycles/${c.id}/suggest`}
            className="pub-button pub-button--primary pub-button--large"
          >
            {t('publicSuggest.notice.submit')}
          </Link>
        </div>
      ) : (
        <div className="ps-alert ps-alert--info">
          {c.phase === 'solicitation'
            ? t('publicSuggest.notice.pastDeadline')
            : t('publicSuggest.notice.closed')}
          {isListLocked(c.phase) && (
            <>
              {' '}
              <Link to={`/public/cycles/${c.id}/candidates`}>
                {t('publicSuggest.notice.seeCandidates')}
              </Link>
            </>
          )}
        </div>
      )}
      <section aria-labelledby="notice-text-title" className="ps-notice__text">
        <h3 id="notice-text-title">{t('publicSuggest.notice.textTitle')}</h3>
        {c.solicitationNotice ? (
          c.solicitationNotice.split(/\n+/).map((para, i) => <p key={i}>{para}</p>)
        ) : (
          <p className="ps-muted">{t('publicSuggest.notice.noText')}</p>
        )}
      </section>
    </article>
  )
}

/** 征集公告 (public, no login): a jurisdiction's current cycle, how to take part, and lookup. */
export default function SolicitationPage() {
  const { t } = useCyclesT()
  const selectId = useId()
  const [params, setParams] = useSearchParams()
  const jurisdictions = usePublicJurisdictions()
  const withCycles = (jurisdictions.data?.items ?? []).filter((j) => j.cycles.length > 0)
  const chosen =
    withCycles.find((j) => j.id === params.get('j')) ??
    withCycles.find((j) => j.cycles.some((c) => c.phase === 'solicitation')) ??
    withCycles[0]
  const cycle = chosen?.cycles.find((c) => c.id === params.get('cycle')) ?? currentCycle(chosen)

  return (
    <div className="pub-section ps-page">
      <header className="ps-head">
        <h1>{t('publicSuggest.title')}</h1>
        <p className="ps-lead">{t('publicSuggest.lead')}</p>
      </header>
      {jurisdictions.isPending ? (
        <Loading />
      ) : jurisdictions.error ? (
        <LoadError error={jurisdictions.error} />
      ) : !chosen || !cycle ? (
        <div className="ps-alert ps-alert--info">{t('publicSuggest.noCycles')}</div>
      ) : (
        <div className="ps-layout">
          <div className="ps-layout__main">
            <div className="ps-choose">
              <label htmlFor={selectId}>{t('publicSuggest.jurisdiction')}</label>
              <select
                id={selectId}
                className="ps-input ps-select"
                value={chosen.id}
                onChange={(e) => setParams({ j: e.target.value }, { replace: true })}
              >
                {withCycles.map((j) => (
                  <option key={j.id} value={j.id}>
                    {j.name}
                  </option>
                ))}
              </select>
            </div>
            <Notice cid={cycle.id} />
          </div>
          <aside className="ps-layout__side">
            <TrackBox />
            {chosen.cycles.length > 1 && (
              <nav className="ps-box" aria-labelledby="other-years">
                <h2 id="other-years">{t('publicSuggest.otherYears')}</h2>
                <ul className="ps-year-list">
                  {chosen.cycles.map((c) => (
                    <li key={c.id}>
                      <Link
                        to={`/public/suggest?j=${chosen.id}&cycle=${c.id}`}
                        aria-current={c.id === cycle.id ? 'page' : undefined}
                      >
                        {c.title}
                      </Link>
                      <StatusTag kind="cyclePhase" value={c.phase} />
                    </li>
                  ))}
                </ul>
              </nav>
            )}
          </aside>
        </div>
      )}
    </div>
  )
}
