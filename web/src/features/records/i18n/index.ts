import { useTranslation } from 'react-i18next'
import { i18n } from '@/i18n'
import { zhCN } from './zh-CN'
import { en } from './en'

/** The deputy record's own i18next namespace, `records` (履职档案). */
export const NS = 'records'

if (!i18n.hasResourceBundle('zh-CN', NS)) {
  i18n.addResourceBundle('zh-CN', NS, zhCN)
  i18n.addResourceBundle('en', NS, en)
}

export const useRecordsT = () => useTranslation([NS, 'translation'], { nsMode: 'fallback' })
