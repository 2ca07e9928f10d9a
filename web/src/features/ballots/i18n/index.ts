import { useTranslation } from 'react-i18next'
import { i18n } from '@/i18n'
import { zhCN } from './zh-CN'
import { en } from './en'

/**
 * The ballot feature's own i18next namespace, `ballots`: its strings live beside its code (the
 * shared zh-CN.ts/en.ts hold only the menu labels and the API error codes, which are read before
 * this chunk loads). Registered when any ballot page's chunk is imported.
 */
export const NS = 'ballots'

if (!i18n.hasResourceBundle('zh-CN', NS)) {
  i18n.addResourceBundle('zh-CN', NS, zhCN)
  i18n.addResourceBundle('en', NS, en)
}

/** `t` that looks in `ballots` first, then in the shared strings (common.*, status.*, errors.*). */
export const useBallotsT = () => useTranslation([NS, 'translation'], { nsMode: 'fallback' })
