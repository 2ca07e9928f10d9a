import { useTranslation } from 'react-i18next'
import { i18n } from '@/i18n'
import { zhCN } from './zh-CN'
import { en } from './en'

/** The dashboard's own namespace, `dashboard`; registered when the dashboard's chunk loads. */
export const NS = 'dashboard'

if (!i18n.hasResourceBundle('zh-CN', NS)) {
  i18n.addResourceBundle('zh-CN', NS, zhCN)
  i18n.addResourceBundle('en', NS, en)
}

/** `t` of the dashboard namespace, falling back to the shared one (status labels). */
export const useDashboardT = () => useTranslation([NS, 'translation'])
