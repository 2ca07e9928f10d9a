import { useTranslation } from 'react-i18next'
import { i18n } from '@/i18n'
import { zhCN } from './zh-CN'
import { en } from './en'

/**
 * The evaluation feature's own i18next namespace, `evaluation` (满意度测评, 整改, 年度报告): its
 * strings live beside its code; the shared files hold only menu labels and API error codes.
 */
export const NS = 'evaluation'

if (!i18n.hasResourceBundle('zh-CN', NS)) {
  i18n.addResourceBundle('zh-CN', NS, zhCN)
  i18n.addResourceBundle('en', NS, en)
}

/** `t` that looks in `evaluation` first, then in the shared strings (common.*, status.*, errors.*). */
export const useEvaluationT = () => useTranslation([NS, 'translation'], { nsMode: 'fallback' })
