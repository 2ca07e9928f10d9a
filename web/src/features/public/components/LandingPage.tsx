import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'

const STEPS = ['solicit', 'screen', 'vote', 'supervise', 'evaluate'] as const

/**
 * Public entry points. Each links to a page the public feature will fill; until then the
 * registry points them at a "coming soon" page and the card says so.
 */
const PUBLIC_LINKS = [
  { key: 'suggest', to: '/public/suggest', ready: true },
  { key: 'results', to: '/public/results', ready: true },
  { key: 'progress', to: '/public/progress', ready: true },
  { key: 'receipt', to: '/public/receipt', ready: true },
] as const

/** The public landing page: what 民生实事项目人大代表票决制 is, and where the public takes part. */
export default function LandingPage() {
  const { t } = useTranslation()
  return (
    <>
      <section className="pub-hero" aria-labelledby="landing-title">
        <div className="pub-hero__inner">
          <h1 id="landing-title">{t('landing.title')}</h1>
          <p>{t('landing.lead')}</p>
          <ul className="pub-hero__motto" lang="zh-CN">
            <li>项目代表提</li>
            <li>进度代表督</li>
            <li>效果代表评</li>
          </ul>
          <div className="pub-hero__actions">
            <Link to="/login" className="pub-button pub-button--primary pub-button--large">
              {t('landing.login')}
            </Link>
            <a href="#public" className="pub-button pub-button--ghost pub-button--large">
              {t('landing.publicEntry')}
            </a>
          </div>
        </div>
      </section>

      <section className="pub-section" aria-labelledby="how-title">
        <h2 id="how-title">{t('landing.howTitle')}</h2>
        <ol className="pub-steps">
          {STEPS.map((s) => (
            <li key={s}>
              <h3>{t(`landing.steps.${s}.title`)}</h3>
              <p>{t(`landing.steps.${s}.text`)}</p>
            </li>
          ))}
        </ol>
      </section>

      <section className="pub-section" id="public" aria-labelledby="public-title">
        <h2 id="public-title">{t('landing.publicTitle')}</h2>
        <div className="pub-cards">
          {PUBLIC_LINKS.map((l) => (
            <Link key={l.key} to={l.to} className="pub-card">
              <h3>
                {t(`landing.links.${l.key}.title`)}
                {!l.ready && <span className="pub-badge">{t('landing.comingSoon')}</span>}
              </h3>
              <p>{t(`landing.links.${l.key}.text`)}</p>
            </Link>
          ))}
        </div>
      </section>
    </>
  )
}
