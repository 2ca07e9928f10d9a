import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'

export function NotFoundPage() {
  const { t } = useTranslation()
  return (
    <section className="pub-section pub-message">
      <h1>{t('errorPage.notFound')}</h1>
      <p>{t('errorPage.notFoundText')}</p>
      <p>
        <Link to="/">{t('common.backHome')}</Link>
      </p>
    </section>
  )
}
