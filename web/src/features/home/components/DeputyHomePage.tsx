import type { ReactNode } from 'react'
import { Link } from 'react-router'
import {
  AuditOutlined,
  CheckSquareOutlined,
  EyeOutlined,
  FileAddOutlined,
  SmileOutlined,
} from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { useCurrentJurisdiction, useMe } from '@/lib/session'
import './home.css'

interface DeputyAction {
  key: 'vote' | 'propose' | 'supervise' | 'evaluate' | 'record'
  icon: ReactNode
  /** The page, once its feature exists; until then the tile says "coming soon". */
  to?: string
}

/** The deputy's tasks, in the order of the year. A feature sets `to` when its page lands. */
const ACTIONS: DeputyAction[] = [
  { key: 'vote', icon: <CheckSquareOutlined />, to: '/deputy/votes' },
  { key: 'propose', icon: <FileAddOutlined />, to: '/deputy/suggestions' },
  { key: 'supervise', icon: <EyeOutlined />, to: '/deputy/supervision' },
  { key: 'evaluate', icon: <SmileOutlined /> },
  { key: 'record', icon: <AuditOutlined /> },
]

/** 代表履职 home, phone-first: one column, large touch targets. */
export default function DeputyHomePage() {
  const { t } = useTranslation()
  const { data: me } = useMe()
  const { current } = useCurrentJurisdiction()
  return (
    <div className="deputy-home">
      <header className="deputy-home__head">
        <h1>{t('home.deputy.title')}</h1>
        <p>
          {t('home.welcome', { name: me?.user.displayName ?? '' })}
          {current && ` · ${current.name}${t('roles.deputy')}`}
        </p>
        <p className="deputy-home__motto">{t('home.deputy.intro')}</p>
      </header>
      <section aria-labelledby="deputy-actions">
        <h2 id="deputy-actions" className="deputy-home__section">
          {t('home.deputy.actions')}
        </h2>
        <ul className="deputy-actions">
          {ACTIONS.map((a) => {
            const body = (
              <>
                <span className="deputy-action__icon" aria-hidden="true">
                  {a.icon}
                </span>
                <span className="deputy-action__text">
                  <strong>{t(`home.deputy.${a.key}`)}</strong>
                  <span>{t(`home.deputy.${a.key}Text`)}</span>
                </span>
                {!a.to && <span className="deputy-action__soon">{t('landing.comingSoon')}</span>}
              </>
            )
            return (
              <li key={a.key}>
                {a.to ? (
                  <Link to={a.to} className="deputy-action">
                    {body}
                  </Link>
                ) : (
                  <div className="deputy-action deputy-action--soon" aria-disabled="true">
                    {body}
                  </div>
                )}
              </li>
            )
          })}
        </ul>
      </section>
    </div>
  )
}
