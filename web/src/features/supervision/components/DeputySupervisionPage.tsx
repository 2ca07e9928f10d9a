import { Link } from 'react-router'
import { Alert, Empty, Skeleton } from 'antd'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { useMySupervision } from '../api/supervision'
import { useSupervisionT } from '../i18n'
import './supervision.css'

/** 我的监督项目 (phone-first): the projects of the caller's supervision groups. */
export default function DeputySupervisionPage() {
  const { t } = useSupervisionT()
  const mine = useMySupervision()
  return (
    <div className="sv">
      <h1>{t('mine.title')}</h1>
      <p className="sv-intro">{t('mine.intro')}</p>
      {mine.isPending && <Skeleton active />}
      {mine.isError && <Alert type="error" showIcon message={errorMessage(mine.error)} />}
      {mine.data && mine.data.items.length === 0 && <Empty description={t('mine.empty')} />}
      <ul className="sv-cards">
        {mine.data?.items.map((p) => (
          <li key={p.project.id}>
            <Link className="sv-card" to={`/deputy/supervision/${p.project.id}`}>
              <span className="sv-card__title">{p.project.title}</span>
              <span className="sv-row">
                <StatusTag kind="projectStatus" value={p.status} />
                <span>{p.role === 'leader' ? t('mine.leader') : t('mine.member')}</span>
                <span>{p.project.responsibleUnit}</span>
              </span>
              <span className="sv-row">
                <span className="sv-bar" aria-hidden="true">
                  <span style={{ width: `${p.percentComplete ?? 0}%` }} />
                </span>
                <span>
                  {t('project.percent')}{' '}
                  {p.percentComplete === null ? '—' : `${p.percentComplete}%`}
                </span>
                {p.openIssues > 0 && <span>{t('mine.open', { n: p.openIssues })}</span>}
                {p.myIssuesAwaitingVerification > 0 && (
                  <span className="sv-alert">
                    {t('mine.toVerify', { n: p.myIssuesAwaitingVerification })}
                  </span>
                )}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  )
}
