import { useTranslation } from 'react-i18next'
import { i18n } from '@/i18n'
import { zhCN } from './zh-CN'
import { en } from './en'

/**
 * The `cycles` i18next namespace (phases 1–4: cycles, suggestions, candidates, the public
 * solicitation pages). Its strings live beside the code; the shared zh-CN.ts/en.ts hold only the
 * menu labels and the API error codes. Registered when any of these pages' chunks is imported.
 */
export const NS = 'cycles'

if (!i18n.hasResourceBundle('zh-CN', NS)) {
  i18n.addResourceBundle('zh-CN', NS, zhCN)
  i18n.addResourceBundle('en', NS, en)
}

/** `t` that looks in `cycles` first, then in the shared strings (common.*, status.*, nav.*). */
export const useCyclesT = () => useTranslation([NS, 'translation'], { nsMode: 'fallback' })
