import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'

/** Placeholder for a public page a later feature will provide. */
export default function ComingSoonPage() {
  const { t } = useTranslation()
  return (
    <section className="pub-section pub-message">
      <h1>{t('comingSoon.title')}</h1>
      <p>{t('comingSoon.text')}</p>
      <p>
        <Link to="/">{t('comingSoon.back')}</Link>
      </p>
    </section>
  )
}
