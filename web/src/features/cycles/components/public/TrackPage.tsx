import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useCyclesT } from '../../i18n'
import { StatusTag } from '@/components/StatusTag'
import { useFormat } from '@/lib/use-format'
import { useTrackedSuggestion, type TrackedSuggestion } from '../../api/public'
import { LoadError, Loading } from './shared'

function Outcome({ s }: { s: TrackedSuggestion }) {
  const { t } = useCyclesT()
  const fmt = useFormat()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [s.trackingCode])
  return (
    <article className="ps-result" aria-labelledby="result-title" data-testid="track-result">
      <header className="ps-result__head">
        <h2 id="result-title" ref={heading} tabIndex={-1}>
          {s.title}
        </h2>
        <StatusTag kind="suggestionOutcome" value={s.outcome} />
      </header>
      <dl className="ps-facts ps-facts--compact">
        <div>
          <dt>{t('publicSuggest.track.code')}</dt>
          <dd>
            <code>{s.trackingCode}</code>
          </dd>
        </div>
        <div>
          <dt>{t('publicSuggest.track.cycle')}</dt>
          <dd>
            {s.cycle.jurisdiction} · {s.cycle.title}
          </dd>
        </div>
        <div>
          <dt>{t('suggestions.fields.category')}</dt>
          <dd>{t(`cycles.category.${s.category}`)}</dd>
        </div>
        <div>
          <dt>{t('suggestions.fields.location')}</dt>
          <dd>{s.location ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('publicSuggest.track.submittedAt')}</dt>
          <dd>{fmt.date(s.submittedAt)}</dd>
        </div>
      </dl>
      <section className="ps-reply" aria-labelledby="reply-title">
        <h3 id="reply-title">{t('publicSuggest.track.replyTitle')}</h3>
        {s.outcome === 'pending' ? (
          <p>{t('publicSuggest.track.pending')}</p>
        ) : (
          <>
            <p className="ps-reply__outcome">
              {t(`publicSuggest.track.outcome.${s.outcome}`)}
              {s.outcomeAt && `（${fmt.date(s.outcomeAt)}）`}
            </p>
            {s.candidate && <p>{t('suggestions.adoptedInto', { title: s.candidate.title })}</p>}
            {s.reply && <p className="ps-reply__text">{s.reply}</p>}
            {s.mergedInto && (
              <div className="ps-reply__merged">
                <p>{t('suggestions.mergedInto', { title: s.mergedInto.title })}</p>
                <p>
                  {t('publicSuggest.track.mergedOutcome')}
                  <StatusTag kind="suggestionOutcome" value={s.mergedInto.outcome} />
                </p>
                {s.mergedInto.reply && <p className="ps-reply__text">{s.mergedInto.reply}</p>}
              </div>
            )}
          </>
        )}
      </section>
      <details className="ps-details">
        <summary>{t('publicSuggest.track.myText')}</summary>
        <p className="ps-reply__text">{s.reason}</p>
      </details>
      <p>
        <Link to={`/public/cycles/${s.cycle.id}/suggestions`}>
          {t('publicSuggest.track.seeAll')}
        </Link>
      </p>
    </article>
  )
}

/** 查询办理结果 (public, no login): a tracking code → the outcome and the reply. */
export default function TrackPage() {
  const { t } = useCyclesT()
  const id = useId()
  const [params, setParams] = useSearchParams()
  const code = params.get('code')?.trim() || undefined
  const [text, setText] = useState(code ?? '')
  const tracked = useTrackedSuggestion(code?.toUpperCase())

  function onSubmit(e: FormEvent) {
    e.preventDefault()
    const c = text.trim()
    if (c) setParams({ code: c.toUpperCase() })
  }

  return (
    <div className="pub-section ps-page">
      <header className="ps-head">
        <p className="ps-crumbs">
          <Link to="/public/suggest">{t('publicSuggest.crumbRoot')}</Link>
        </p>
        <h1>{t('publicSuggest.track.title')}</h1>
        <p className="ps-lead">{t('publicSuggest.track.lead')}</p>
      </header>
      <div className="ps-narrow">
        <form className="ps-box" onSubmit={onSubmit} role="search">
          <label htmlFor={id}>{t('publicSuggest.track.code')}</label>
          <div className="ps-inline">
            <input
              id={id}
              className="ps-input ps-input--code"
              value={text}
              onChange={(e) => setText(e.target.value)}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              placeholder="K7QM-3XPA-9RTD"
              aria-describedby={`${id}-help`}
            />
            <button type="submit" className="pub-button pub-button--primary pub-button--large">
              {t('publicSuggest.track.submit')}
            </button>
          </div>
          <p id={`${id}-help`} className="ps-help">
            {t('publicSuggest.track.help')}
          </p>
        </form>
        <div aria-live="polite">
          {code &&
            (tracked.isPending ? (
              <Loading />
            ) : tracked.error ? (
              <LoadError error={tracked.error} notFound={t('publicSuggest.track.notFound')} />
            ) : (
              <Outcome s={tracked.data} />
            ))}
        </div>
      </div>
    </div>
  )
}
