import { Link } from 'react-router'
import { Alert, Skeleton } from 'antd'
import { CheckCircleFilled, RightOutlined } from '@ant-design/icons'
import { errorMessage } from '@/lib/api'
import { useMyEvaluations } from '../../api/evaluation'
import { useEvaluationT } from '../../i18n'
import '../evaluation.css'

/** The evaluations the deputy is entitled to, newest first (phone-first). */
export default function MyEvaluationsPage() {
  const { t } = useEvaluationT()
  const q = useMyEvaluations()
  return (
    <div className="ev-phone">
      <h1>{t('deputy.listTitle')}</h1>
      <p className="ev-lead">{t('deputy.listLead')}</p>
      {q.isPending && <Skeleton active paragraph={{ rows: 4 }} />}
      {q.error && <Alert type="error" showIcon title={errorMessage(q.error)} />}
      {q.data && q.data.items.length === 0 && <p className="ev-empty">{t('deputy.empty')}</p>}
      <ul className="ev-list">
        {q.data?.items.map((e) => {
          const label = e.hasVoted
            ? t('deputy.voted')
            : e.state === 'open'
              ? e.present
                ? t('deputy.rate')
                : t('deputy.checkIn')
              : e.state === 'draft'
                ? t('deputy.waiting')
                : t('deputy.ended')
          return (
            <li key={e.id}>
              <Link
                to={`/deputy/evaluations/${e.id}`}
                className="ev-card-link"
                data-done={e.hasVoted || undefined}
                data-testid="my-evaluation"
              >
                <span className="ev-card-link__main">
                  <span>{e.title}</span>
                  <span className="ev-meta" style={{ margin: 0 }}>
                    <span>{t(`state.${e.state}`)}</span>
                    <span>
                      {e.hasVoted && <CheckCircleFilled aria-hidden="true" />} {label}
                    </span>
                  </span>
                </span>
                <RightOutlined aria-hidden="true" />
              </Link>
            </li>
          )
        })}
      </ul>
    </div>
  )
}
