import { Link } from 'react-router'
import { Alert, Skeleton } from 'antd'
import { CheckCircleFilled, RightOutlined } from '@ant-design/icons'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { useMyVotes, type MyVote } from '../../api/votes'
import { useBallotsT } from '../../i18n'
import './deputy.css'

/** What the deputy can do about a vote right now, in one line. */
function nextStep(v: MyVote): 'voted' | 'vote' | 'checkIn' | 'waiting' | 'ended' {
  if (v.hasVoted) return 'voted'
  if (v.state === 'draft') return v.present ? 'waiting' : 'checkIn'
  if (v.state === 'open') return v.present ? 'vote' : 'checkIn'
  return 'ended'
}

/** 参加票决: the deputy's votes (those with them on the roster), newest first. Phone-first. */
export default function MyVotesPage() {
  const { t } = useBallotsT()
  const votes = useMyVotes()
  // 满意度测评 (kind 'evaluation') has its own pages; this list is the project votes.
  const items = (votes.data?.items ?? []).filter((v) => v.kind !== 'evaluation')

  return (
    <div className="bt-phone">
      <header className="bt-phone__head">
        <h1>{t('deputy.myVotes.title')}</h1>
        <p>{t('deputy.myVotes.intro')}</p>
      </header>
      {votes.error && <Alert type="error" showIcon title={errorMessage(votes.error)} />}
      {votes.isPending && <Skeleton active />}
      {!votes.isPending && !votes.error && items.length === 0 && (
        <p className="bt-empty">{t('deputy.myVotes.empty')}</p>
      )}
      <ul className="bt-vote-list">
        {items.map((v) => {
          const step = nextStep(v)
          return (
            <li key={v.id}>
              <Link to={`/deputy/votes/${v.id}`} className={`bt-vote-card bt-vote-card--${step}`}>
                <span className="bt-vote-card__main">
                  <strong>{v.title}</strong>
                  <span className="bt-vote-card__meta">
                    <StatusTag kind="voteStatus" value={v.state} />
                    <span>
                      {step === 'voted' && <CheckCircleFilled aria-hidden="true" />}{' '}
                      {t(`deputy.myVotes.step.${step}`)}
                    </span>
                  </span>
                </span>
                <RightOutlined aria-hidden="true" className="bt-vote-card__chevron" />
              </Link>
            </li>
          )
        })}
      </ul>
    </div>
  )
}
