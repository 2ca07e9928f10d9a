import { useTranslation } from 'react-i18next'
import { toggleLang, useLang } from '@/i18n'

/**
 * The language switch: names the other language in that language (`English` / `中文`), with a
 * lang attribute so screen readers pronounce it right. The choice persists (localStorage).
 */
export function LangSwitch({ className }: { className?: string }) {
  const { t } = useTranslation()
  const lang = useLang()
  return (
    <button
      type="button"
      className={className}
      onClick={toggleLang}
      lang={lang === 'en' ? 'zh-CN' : 'en'}
      aria-label={t('lang.switchToLabel')}
      data-testid="lang-switch"
    >
      {t('lang.switchTo')}
    </button>
  )
}
