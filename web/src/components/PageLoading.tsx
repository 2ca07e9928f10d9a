import { useTranslation } from 'react-i18next'

/** Suspense fallback while a page's chunk loads. Plain HTML: it shows before antd is loaded. */
export function PageLoading() {
  const { t } = useTranslation()
  return (
    <div className="ms-page-loading" role="status" aria-live="polite">
      <span className="ms-spinner" aria-hidden="true" />
      {t('app.loading')}
    </div>
  )
}
