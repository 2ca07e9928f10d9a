import { useTranslation } from 'react-i18next'
import { i18n } from '@/i18n'
import { zhCN } from './zh-CN'
import { en } from './en'

/**
 * The what-if analysis feature's own i18next namespace, `analysis` (the shared files hold only
 * the menu label and the API error codes). Registered when any analysis page's chunk loads.
 */
export const NS = 'analysis'

if (!i18n.hasResourceBundle('zh-CN', NS)) {
  i18n.addResourceBundle('zh-CN', NS, zhCN)
  i18n.addResourceBundle('en', NS, en)
}

/** `t` that looks in `analysis` first, then in the shared strings (common.*, status.*, errors.*). */
export const useAnalysisT = () => useTranslation([NS, 'translation'])
