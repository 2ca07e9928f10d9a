import { useTranslation } from 'react-i18next'
import { i18n } from '@/i18n'
import { zhCN } from './zh-CN'
import { en } from './en'

/** The notifications feature's own i18next namespace, `notifications`. */
export const NS = 'notifications'

if (!i18n.hasResourceBundle('zh-CN', NS)) {
  i18n.addResourceBundle('zh-CN', NS, zhCN)
  i18n.addResourceBundle('en', NS, en)
}

export const useNotificationsT = () => useTranslation([NS, 'translation'])
