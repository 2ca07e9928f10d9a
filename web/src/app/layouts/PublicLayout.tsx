import { Link, NavLink, Outlet } from 'react-router'
import { useTranslation } from 'react-i18next'
import { LangSwitch } from '@/components/LangSwitch'
import { BrandMark } from '@/components/BrandMark'
import './public.css'

/**
 * The public portal's frame: header with the main links, the language switch and sign-in; no
 * antd, so a visitor on a slow phone connection downloads little.
 */
export function PublicLayout() {
  const { t } = useTranslation()
  return (
    <div className="pub">
      <a href="#main" className="ms-skip-link">
        {t('app.skipToContent')}
      </a>
      <header className="pub-header">
        <div className="pub-header__inner">
          <Link to="/" className="pub-brand">
            <BrandMark />
            <span>{t('app.name')}</span>
          </Link>
          <nav aria-label={t('nav.main')} className="pub-nav">
            <NavLink to="/public/suggest">{t('landing.links.suggest.title')}</NavLink>
            <NavLink to="/public/results">{t('landing.links.results.title')}</NavLink>
            <NavLink to="/public/progress">{t('landing.links.progress.title')}</NavLink>
          </nav>
          <div className="pub-header__actions">
            <LangSwitch className="pub-button pub-button--ghost" />
            <Link to="/login" className="pub-button pub-button--primary">
              {t('landing.login')}
            </Link>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="pub-main">
        <Outlet />
      </main>
      <footer className="pub-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </div>
  )
}
