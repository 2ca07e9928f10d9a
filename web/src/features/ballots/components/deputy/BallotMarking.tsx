import { useId } from 'react'
import { Button } from 'antd'
import { useFormat } from '@/lib/use-format'
import type { BallotCandidate, BallotForm } from '../../api/ballot'
import { useBallotsT } from '../../i18n'
import {
  CHOICES,
  canChoose,
  choose,
  countApprovals,
  type Choice,
  type Choices,
} from '../../lib/ballot-form'
import { categoryLabel } from '../../lib/labels'

const GLYPH: Record<Choice, string> = { for: '✓', against: '✕', abstain: '○' }

/**
 * Marking the ballot. Every candidate is a radio group labelled by its title (so a screen reader
 * says "老年幸福餐桌, 赞成, 1 of 3"), and every radio's own name also carries the title. The live
 * counter above stops an (N+1)th 赞成 before anything is sent: the remaining 赞成 options are
 * disabled and the counter says why.
 */
export function BallotMarking({
  ballot,
  choices,
  onChange,
  onNext,
}: {
  ballot: BallotForm
  choices: Choices
  onChange: (next: Choices) => void
  onNext: () => void
}) {
  const { t } = useBallotsT()
  const id = useId()
  const max = ballot.maxApprovals
  const approvals = countApprovals(choices)
  const full = approvals >= max
  const limitId = `${id}-limit`
  const ticks = ballot.form === 'approve_up_to_n'

  return (
    <div className="bt-ballot">
      <p className="bt-instructions">
        {ticks
          ? t('deputy.ballot.instructionsTicks', { max })
          : t('deputy.ballot.instructions', { max })}
      </p>
      <div className="bt-counter" data-full={full || undefined}>
        <div role="status" aria-live="polite" className="bt-counter__line">
          <span data-testid="approval-counter">
            {t('deputy.ballot.counter', { count: approvals, max })}
          </span>
          <span className="bt-counter__bar" aria-hidden="true">
            <span style={{ width: `${Math.min(100, (approvals / Math.max(1, max)) * 100)}%` }} />
          </span>
        </div>
        <p id={limitId} className="bt-counter__note" aria-live="polite">
          {full ? t('deputy.ballot.full', { max }) : t('deputy.ballot.unmarkedNote')}
        </p>
      </div>

      <ol className="bt-candidates">
        {ballot.candidates.map((c, i) => (
          <CandidateCard
            key={c.id}
            index={i + 1}
            candidate={c}
            value={choices[c.id]}
            ticks={ticks}
            canApprove={canChoose(choices, c.id, 'for', max)}
            limitId={limitId}
            onChoose={(choice) => onChange(choose(choices, c.id, choice, max))}
          />
        ))}
      </ol>

      <div className="bt-sticky-actions">
        <Button type="primary" size="large" block className="bt-big-button" onClick={onNext}>
          {t('deputy.ballot.next')}
        </Button>
      </div>
    </div>
  )
}

function CandidateCard({
  index,
  candidate: c,
  value,
  ticks,
  canApprove,
  limitId,
  onChoose,
}: {
  index: number
  candidate: BallotCandidate
  value: Choice | undefined
  ticks: boolean
  canApprove: boolean
  limitId: string
  onChoose: (choice: Choice | null) => void
}) {
  const { t } = useBallotsT()
  const fmt = useFormat()
  const titleId = `cand-${c.id}-title`
  const name = `choice-${c.id}`
  return (
    <li className="bt-candidate" data-choice={value ?? 'none'} data-testid="candidate">
      <h2 id={titleId} className="bt-candidate__title">
        <span className="bt-candidate__no" aria-hidden="true">
          {index}
        </span>
        {c.title}
      </h2>
      <dl className="bt-candidate__facts">
        <div>
          <dt>{t('deputy.ballot.budget')}</dt>
          <dd className="ms-num">
            {fmt.wan(c.estimateFen)}
            <span className="bt-candidate__yuan">（{fmt.money(c.estimateFen)}）</span>
          </dd>
        </div>
        <div>
          <dt>{t('deputy.ballot.unit')}</dt>
          <dd>{c.responsibleUnit}</dd>
        </div>
        <div>
          <dt>{t('deputy.ballot.category')}</dt>
          <dd>
            {categoryLabel(t, c.category)}
            {c.location ? ` · ${c.location}` : ''}
          </dd>
        </div>
      </dl>
      {c.description && <p className="bt-candidate__summary">{c.description}</p>}

      {ticks ? (
        <label className="bt-tick" data-checked={value === 'for' || undefined}>
          <input
            type="checkbox"
            checked={value === 'for'}
            disabled={!canApprove && value !== 'for'}
            aria-describedby={!canApprove ? limitId : undefined}
            onChange={(e) => onChoose(e.target.checked ? 'for' : null)}
          />
          <span className="bt-tick__box" aria-hidden="true">
            {value === 'for' ? '✓' : ''}
          </span>
          <span>
            {t('deputy.ballot.tick')}
            <span className="ms-visually-hidden">：{c.title}</span>
          </span>
        </label>
      ) : (
        <div role="radiogroup" aria-labelledby={titleId} className="bt-choices">
          {CHOICES.map((choice) => {
            const disabled = choice === 'for' && !canApprove
            return (
              <label
                key={choice}
                className={`bt-choice bt-choice--${choice}`}
                data-checked={value === choice || undefined}
                data-disabled={disabled || undefined}
              >
                <input
                  type="radio"
                  name={name}
                  value={choice}
                  checked={value === choice}
                  disabled={disabled}
                  aria-describedby={disabled ? limitId : undefined}
                  onChange={() => onChoose(choice)}
                />
                <span className="bt-choice__glyph" aria-hidden="true">
                  {value === choice ? GLYPH[choice] : ''}
                </span>
                <span className="bt-choice__text">
                  {t(`choice.${choice}`)}
                  <span className="ms-visually-hidden">：{c.title}</span>
                </span>
              </label>
            )
          })}
        </div>
      )}
      {value === undefined && !ticks && (
        <p className="bt-candidate__unmarked">{t('deputy.ballot.unmarked')}</p>
      )}
    </li>
  )
}
