import { useMemo } from 'react'
import { useLang } from '@/i18n'
import * as f from './format'

/** The formats of lib/format.ts bound to the current language: `const fmt = useFormat()`. */
export function useFormat() {
  const lang = useLang()
  return useMemo(
    () => ({
      lang,
      money: f.formatMoney,
      wan: (fen: Parameters<typeof f.formatMoneyWan>[0], maxDecimals?: number) =>
        f.formatMoneyWan(fen, { lang, maxDecimals }),
      count: f.formatCount,
      percent: f.formatPercent,
      date: (d: Parameters<typeof f.formatDate>[0]) => f.formatDate(d, lang),
      dateTime: (d: Parameters<typeof f.formatDateTime>[0]) => f.formatDateTime(d, lang),
    }),
    [lang],
  )
}
