import { useRouteError } from 'react-router'
import { useTranslation } from 'react-i18next'

/** Last resort for a page that threw while rendering or whose chunk failed to load. Plain HTML. */
export function RouteErrorPage() {
  const error = useRouteError()
  const { t } = useTranslation()
  if (import.meta.env.DEV) console.error(error)
  return (
    <main id="main" className="pub-message" style={{ padding: '64px 24px', textAlign: 'center' }}>
      <h1>{t('errorPage.crashed')}</h1>
      <p>{t('errorPage.crashedText')}</p>
      <button
        type="button"
        className="pub-button pub-button--primary"
        onClick={() => window.location.reload()}
      >
        {t('errorPage.reload')}
      </button>
    </main>
  )
}
