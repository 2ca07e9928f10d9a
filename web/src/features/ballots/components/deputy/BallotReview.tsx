import { useEffect, useId, useRef } from 'react'
import { Alert, Button } from 'antd'
import { errorMessage } from '@/lib/api'
import type { BallotForm } from '../../api/ballot'
import { useBallotsT } from '../../i18n'
import { summarize, type Choices } from '../../lib/ballot-form'

/** 核对选票: every candidate with the choice it will get (unmarked shown as 弃权), then confirm. */
export function BallotReview({
  ballot,
  choices,
  onBack,
  onConfirm,
  pending,
  error,
}: {
  ballot: BallotForm
  choices: Choices
  onBack: () => void
  onConfirm: () => void
  pending: boolean
  error: unknown
}) {
  const { t } = useBallotsT()
  const id = useId()
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => headingRef.current?.focus(), [])
  const ids = ballot.candidates.map((c) => c.id)
  const tally = summarize(choices, ids)
  const ticks = ballot.form === 'approve_up_to_n'

  return (
    <section className="bt-review" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="bt-card__title">
        {t('deputy.review.title')}
      </h2>
      <p className="bt-review__summary" data-testid="review-summary">
        {ticks
          ? t('deputy.review.summaryTicks', { for: tally.for, blank: tally.abstain })
          : t('deputy.review.summary', {
              for: tally.for,
              against: tally.against,
              abstain: tally.abstain,
              unmarked: tally.unmarked,
            })}
      </p>
      <ol className="bt-review__list">
        {ballot.candidates.map((c) => {
          const choice = choices[c.id]
          const shown = ticks ? (choice === 'for' ? 'for' : 'blank') : (choice ?? 'abstain')
          return (
            <li key={c.id} className={`bt-review__row bt-review__row--${shown}`}>
              <span className="bt-review__name">{c.title}</span>
              <span className="bt-review__choice">
                {ticks
                  ? shown === 'for'
                    ? t('deputy.review.ticked')
                    : t('deputy.review.blank')
                  : choice === undefined
                    ? t('deputy.review.unmarked')
                    : t(`choice.${choice}`)}
              </span>
            </li>
          )
        })}
      </ol>
      <p className="bt-hint">{t('deputy.review.final')}</p>
      {!!error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={errorMessage(error)}
          className="bt-gap"
          data-testid="cast-error"
        />
      )}
      <div className="bt-review__actions">
        <Button size="large" className="bt-big-button" onClick={onBack} disabled={pending}>
          {t('deputy.review.back')}
        </Button>
        <Button
          type="primary"
          size="large"
          className="bt-big-button"
          onClick={onConfirm}
          loading={pending}
        >
          {t('deputy.review.confirm')}
        </Button>
      </div>
    </section>
  )
}
