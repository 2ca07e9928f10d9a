import { useTranslation } from 'react-i18next'
import { i18n } from '@/i18n'
import { zhCN } from './zh-CN'
import { en } from './en'

/**
 * The administration page's own i18next namespace, `jurisdictions` (the older admin.* strings stay
 * in the shared files). Registered when the page's chunk loads.
 */
export const NS = 'jurisdictions'

if (!i18n.hasResourceBundle('zh-CN', NS)) {
  i18n.addResourceBundle('zh-CN', NS, zhCN)
  i18n.addResourceBundle('en', NS, en)
}

/** `t` that looks in `jurisdictions` first, then in the shared strings (admin.*, roles.*, common.*). */
export const useJurisdictionsT = () => useTranslation([NS, 'translation'], { nsMode: 'fallback' })
