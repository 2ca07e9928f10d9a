import { useState, type ReactNode } from 'react'
import { Link, useParams } from 'react-router'
import { Alert, Button, Result, Skeleton } from 'antd'
import { ClockCircleOutlined, LeftOutlined, LockOutlined } from '@ant-design/icons'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage, isApiError } from '@/lib/api'
import { useBallot, useCastBallot } from '../../api/ballot'
import { useBallotsT } from '../../i18n'
import { toPayload, type Choices } from '../../lib/ballot-form'
import { BallotMarking } from './BallotMarking'
import { BallotReview } from './BallotReview'
import { CheckInCard } from './CheckInCard'
import { ReceiptPanel } from './ReceiptPanel'
import './deputy.css'

/**
 * The deputy's ballot for one vote, phone-first: check in with the hall code, mark every
 * candidate 赞成/反对/弃权 (at most N 赞成; unmarked = 弃权), review, confirm, and keep the
 * receipt. After casting, the form is gone for good: the page says 已投票.
 */
export default function BallotPage() {
  const { vid = '' } = useParams()
  const { t } = useBallotsT()
  const ballot = useBallot(vid)
  const b = ballot.data

  const cast = useCastBallot(vid)
  const [choices, setChoices] = useState<Choices>({})
  const [step, setStep] = useState<'mark' | 'review'>('mark')

  const back = (
    <Link to="/deputy/votes" className="bt-back">
      <LeftOutlined aria-hidden="true" /> {t('deputy.backToList')}
    </Link>
  )

  if (ballot.isPending)
    return (
      <div className="bt-phone">
        {back}
        <Skeleton active paragraph={{ rows: 6 }} />
      </div>
    )
  if (ballot.error || !b)
    return (
      <div className="bt-phone">
        {back}
        <Alert type="error" showIcon title={errorMessage(ballot.error)} />
      </div>
    )

  function submit() {
    if (!b) return
    const ids = b.candidates.map((c) => c.id)
    cast.mutate(toPayload(choices, ids, b.form), {
      onError: (e) => {
        // Already counted (a retry after a lost answer, another device): say so, show 已投票.
        if (isApiError(e, 'ALREADY_VOTED') || isApiError(e, 'VOTE_NOT_OPEN')) void ballot.refetch()
      },
    })
  }

  const head = (
    <header className="bt-phone__head">
      <h1>{b.title}</h1>
      <p className="bt-phone__meta">
        <StatusTag kind="voteStatus" value={b.state} />
        <span>
          {b.kind === 'runoff' ? t('kind.runoff') : t('kind.selection')} ·{' '}
          {t('deputy.seatsLine', { seats: b.seats, count: b.candidates.length })}
        </span>
      </p>
    </header>
  )

  let body: ReactNode
  if (cast.data) {
    body = <ReceiptPanel receipt={cast.data.receipt} />
  } else if (!b.onRoster) {
    body = (
      <Result
        status="info"
        title={t('deputy.notOnRoster')}
        subTitle={t('deputy.notOnRosterText')}
      />
    )
  } else if (b.kind === 'evaluation') {
    // 满意度测评 shares the ballot machinery; its own pages handle its form.
    body = <Result status="info" title={t('deputy.evaluation')} />
  } else if (b.hasVoted) {
    body = (
      <>
        {cast.error && isApiError(cast.error, 'ALREADY_VOTED') && (
          <Alert type="warning" showIcon title={errorMessage(cast.error)} role="alert" />
        )}
        <Result
          status="success"
          title={<span data-testid="already-voted">{t('deputy.voted.title')}</span>}
          subTitle={t('deputy.voted.text')}
          extra={
            <Link to="/public/receipt" className="bt-text-link">
              {t('deputy.voted.checkLink')}
            </Link>
          }
        />
      </>
    )
  } else if (b.state === 'closed' || b.state === 'certified' || b.state === 'published') {
    body = (
      <Result
        icon={<LockOutlined />}
        title={t('deputy.ended.title')}
        subTitle={t('deputy.ended.text')}
      />
    )
  } else if (!b.present) {
    body = <CheckInCard vid={vid} open={b.state === 'open'} />
  } else if (b.state === 'draft') {
    body = (
      <Result
        icon={<ClockCircleOutlined />}
        title={t('deputy.waiting.title')}
        subTitle={t('deputy.waiting.text')}
        extra={
          <Button size="large" onClick={() => void ballot.refetch()} loading={ballot.isFetching}>
            {t('common.refresh')}
          </Button>
        }
      />
    )
  } else if (step === 'review') {
    body = (
      <BallotReview
        ballot={b}
        choices={choices}
        onBack={() => {
          cast.reset()
          setStep('mark')
        }}
        onConfirm={submit}
        pending={cast.isPending}
        error={cast.error}
      />
    )
  } else {
    body = (
      <BallotMarking
        ballot={b}
        choices={choices}
        onChange={setChoices}
        onNext={() => {
          setStep('review')
          window.scrollTo({ top: 0 })
        }}
      />
    )
  }

  return (
    <div className="bt-phone">
      {back}
      {head}
      {body}
    </div>
  )
}
