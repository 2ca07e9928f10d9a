import { useTranslation } from 'react-i18next'
import { i18n } from '@/i18n'
import { zhCN } from './zh-CN'
import { en } from './en'

/**
 * The progress feature's own i18next namespace, `progress` (the shared files hold only the menu
 * labels, status labels and error codes). Registered when any progress page's chunk loads.
 */
export const NS = 'progress'

if (!i18n.hasResourceBundle('zh-CN', NS)) {
  i18n.addResourceBundle('zh-CN', NS, zhCN)
  i18n.addResourceBundle('en', NS, en)
}

/** `t` that looks in `progress` first, then in the shared strings (status.*, errors.*). */
export const useProgressT = () => useTranslation([NS, 'translation'])
