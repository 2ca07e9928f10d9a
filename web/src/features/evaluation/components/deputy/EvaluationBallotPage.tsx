import { useState, type ReactNode } from 'react'
import { Link, useParams } from 'react-router'
import { Alert, Button, Input, Result, Skeleton } from 'antd'
import { ClockCircleOutlined, LeftOutlined, LockOutlined } from '@ant-design/icons'
import { errorMessage, isApiError } from '@/lib/api'
import {
  RATINGS,
  useBallot,
  useCastRatings,
  useSelfCheckIn,
  type EvaluationBallot,
  type Rating,
} from '../../api/evaluation'
import { useEvaluationT } from '../../i18n'
import '../evaluation.css'

type Ratings = Record<string, Rating>
const GLYPH: Record<Rating, string> = {
  satisfied: '✓',
  basically: '◐',
  dissatisfied: '✕',
  abstain: '○',
}

/**
 * The deputy rates each project 满意/基本满意/不满意/弃权 on a phone: check in, rate (each project a
 * radio group labelled by its title), review, confirm, keep the receipt. After that the form is
 * gone for good. Nothing about the ratings is kept in the browser beyond this page's state.
 */
export default function EvaluationBallotPage() {
  const { eid = '' } = useParams()
  const { t } = useEvaluationT()
  const ballot = useBallot(eid)
  const cast = useCastRatings(eid)
  const [ratings, setRatings] = useState<Ratings>({})
  const [step, setStep] = useState<'rate' | 'review'>('rate')
  const b = ballot.data

  const back = (
    <Link to="/deputy/evaluations" className="ev-back">
      <LeftOutlined aria-hidden="true" /> {t('deputy.backToList')}
    </Link>
  )
  if (ballot.isPending)
    return (
      <div className="ev-phone">
        {back}
        <Skeleton active paragraph={{ rows: 6 }} />
      </div>
    )
  if (ballot.error || !b)
    return (
      <div className="ev-phone">
        {back}
        <Alert type="error" showIcon title={errorMessage(ballot.error)} />
      </div>
    )

  const submit = () =>
    cast.mutate(ratings, {
      onError: (e) => {
        if (isApiError(e, 'ALREADY_VOTED') || isApiError(e, 'VOTE_NOT_OPEN')) void ballot.refetch()
      },
    })

  let body: ReactNode
  if (cast.data) body = <Receipt code={cast.data.receipt} />
  else if (!b.onRoster) body = <Result status="info" title={t('deputy.notOnRoster')} />
  else if (b.hasVoted)
    body = (
      <Result
        status="success"
        title={<span data-testid="already-rated">{t('deputy.alreadyVoted')}</span>}
        subTitle={t('deputy.alreadyVotedText')}
        extra={
          <Link to="/public/receipt" className="ev-back">
            {t('deputy.receipt.check')}
          </Link>
        }
      />
    )
  else if (b.state !== 'draft' && b.state !== 'open')
    body = <Result icon={<LockOutlined />} title={t('deputy.closed')} />
  else if (!b.present) body = <CheckInCard eid={eid} />
  else if (b.state === 'draft')
    body = (
      <Result
        icon={<ClockCircleOutlined />}
        title={t('deputy.notOpen')}
        subTitle={t('deputy.notOpenText')}
        extra={
          <Button size="large" onClick={() => void ballot.refetch()} loading={ballot.isFetching}>
            {t('common.refresh')}
          </Button>
        }
      />
    )
  else if (step === 'review')
    body = (
      <Review
        ballot={b}
        ratings={ratings}
        pending={cast.isPending}
        error={cast.error}
        onBack={() => {
          cast.reset()
          setStep('rate')
        }}
        onConfirm={submit}
      />
    )
  else
    body = (
      <Rate
        ballot={b}
        ratings={ratings}
        onChange={setRatings}
        onNext={() => {
          setStep('review')
          window.scrollTo({ top: 0 })
        }}
      />
    )

  return (
    <div className="ev-phone">
      {back}
      <header>
        <h1>{b.title}</h1>
        <p className="ev-meta">{t(`state.${b.state}`)}</p>
      </header>
      {body}
    </div>
  )
}

function Rate({
  ballot,
  ratings,
  onChange,
  onNext,
}: {
  ballot: EvaluationBallot
  ratings: Ratings
  onChange: (r: Ratings) => void
  onNext: () => void
}) {
  const { t } = useEvaluationT()
  const rated = ballot.projects.filter((p) => ratings[p.projectId]).length
  return (
    <div>
      <p className="ev-instructions">{t('deputy.instructions')}</p>
      <div className="ev-counter" role="status" aria-live="polite" data-testid="rating-counter">
        {t('deputy.counter', { count: rated, total: ballot.projects.length })}
      </div>
      <ol className="ev-projects">
        {ballot.projects.map((p, i) => {
          const titleId = `ev-title-${p.projectId}`
          const value = ratings[p.projectId]
          return (
            <li
              key={p.projectId}
              className="ev-project"
              data-rated={value || undefined}
              data-testid="rate-project"
            >
              <h2 id={titleId} className="ev-project__title">
                <span className="ev-project__no" aria-hidden="true">
                  {i + 1}
                </span>
                {p.title}
              </h2>
              <dl className="ev-project__facts">
                <div>
                  <dt>{t('deputy.unit')}：</dt>
                  <dd>{p.responsibleUnit}</dd>
                </div>
                {p.status && (
                  <div>
                    <dt>{t('deputy.progressLine', { status: t(`projectStatus.${p.status}`) })}</dt>
                    <dd>
                      {p.percentComplete !== null &&
                        `· ${t('deputy.percentLine', { percent: p.percentComplete })}`}
                    </dd>
                  </div>
                )}
              </dl>
              {p.targets && (
                <p className="ev-project__targets">
                  {t('deputy.targets')}：{p.targets}
                </p>
              )}
              <div role="radiogroup" aria-labelledby={titleId} className="ev-ratings">
                {RATINGS.map((r) => (
                  <label
                    key={r}
                    className={`ev-rating ev-rating--${r}`}
                    data-checked={value === r || undefined}
                  >
                    <input
                      type="radio"
                      name={`rating-${p.projectId}`}
                      value={r}
                      checked={value === r}
                      onChange={() => onChange({ ...ratings, [p.projectId]: r })}
                    />
                    <span className="ev-rating__glyph" aria-hidden="true">
                      {value === r ? GLYPH[r] : ''}
                    </span>
                    <span>
                      {t(`rating.${r}`)}
                      <span className="ms-visually-hidden">：{p.title}</span>
                    </span>
                  </label>
                ))}
              </div>
              {!value && <p className="ev-unrated">{t('deputy.unrated')}</p>}
            </li>
          )
        })}
      </ol>
      <div className="ev-sticky">
        <Button type="primary" size="large" block className="ev-big" onClick={onNext}>
          {t('deputy.next')}
        </Button>
      </div>
    </div>
  )
}

function Review({
  ballot,
  ratings,
  pending,
  error,
  onBack,
  onConfirm,
}: {
  ballot: EvaluationBallot
  ratings: Ratings
  pending: boolean
  error: Error | null
  onBack: () => void
  onConfirm: () => void
}) {
  const { t } = useEvaluationT()
  return (
    <section className="ev-box" aria-labelledby="ev-review-title">
      <h2 id="ev-review-title" style={{ fontSize: 18, margin: '0 0 4px' }}>
        {t('deputy.review.title')}
      </h2>
      <p className="ev-lead">{t('deputy.review.lead')}</p>
      <ul className="ev-review-list" data-testid="review-list">
        {ballot.projects.map((p) => (
          <li key={p.projectId}>
            <span>{p.title}</span>
            <strong>{t(`rating.${ratings[p.projectId] ?? 'abstain'}`)}</strong>
          </li>
        ))}
      </ul>
      {error && <Alert type="error" showIcon role="alert" title={errorMessage(error)} />}
      <div className="ev-actions">
        <Button
          type="primary"
          size="large"
          className="ev-big"
          loading={pending}
          onClick={onConfirm}
        >
          {t('deputy.review.confirm')}
        </Button>
        <Button size="large" className="ev-big" disabled={pending} onClick={onBack}>
          {t('deputy.review.edit')}
        </Button>
      </div>
    </section>
  )
}

function Receipt({ code }: { code: string }) {
  const { t } = useEvaluationT()
  const [copied, setCopied] = useState(false)
  return (
    <section className="ev-box" aria-labelledby="ev-receipt-title">
      <Result
        status="success"
        title={<span id="ev-receipt-title">{t('deputy.receipt.title')}</span>}
      />
      <p className="ev-lead">{t('deputy.receipt.lead')}</p>
      <span className="ms-visually-hidden">{t('deputy.receipt.code')}</span>
      <code className="ev-receipt-code" data-testid="receipt-code">
        {code}
      </code>
      <div className="ev-actions">
        <Button
          size="large"
          className="ev-big"
          onClick={() =>
            void navigator.clipboard?.writeText(code).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t('deputy.receipt.copied') : t('deputy.receipt.copy')}
        </Button>
        <Link to="/public/receipt" className="ev-back" style={{ justifyContent: 'center' }}>
          {t('deputy.receipt.check')}
        </Link>
      </div>
    </section>
  )
}

function CheckInCard({ eid }: { eid: string }) {
  const { t } = useEvaluationT()
  const [code, setCode] = useState('')
  const checkIn = useSelfCheckIn(eid)
  return (
    <section className="ev-box">
      <h2 style={{ fontSize: 18, margin: '0 0 4px' }}>{t('deputy.checkInTitle')}</h2>
      <p className="ev-lead">{t('deputy.checkInLead')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          checkIn.mutate(code)
        }}
      >
        <label htmlFor="ev-code" style={{ display: 'block', marginBottom: 6, fontWeight: 600 }}>
          {t('deputy.checkInCode')}
        </label>
        <Input
          id="ev-code"
          size="large"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        {checkIn.error && (
          <Alert
            style={{ marginTop: 10 }}
            type="error"
            showIcon
            role="alert"
            title={errorMessage(checkIn.error)}
          />
        )}
        <div className="ev-actions">
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            className="ev-big"
            loading={checkIn.isPending}
          >
            {t('deputy.checkInSubmit')}
          </Button>
        </div>
      </form>
    </section>
  )
}
