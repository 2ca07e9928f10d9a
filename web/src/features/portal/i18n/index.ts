import { useTranslation } from 'react-i18next'
import { i18n } from '@/i18n'
import { zhCN } from './zh-CN'
import { en } from './en'

/** The portal's own namespace, `portal`; registered when a portal page's chunk loads. */
export const NS = 'portal'

if (!i18n.hasResourceBundle('zh-CN', NS)) {
  i18n.addResourceBundle('zh-CN', NS, zhCN)
  i18n.addResourceBundle('en', NS, en)
}

export const usePortalT = () => useTranslation([NS, 'translation'])
