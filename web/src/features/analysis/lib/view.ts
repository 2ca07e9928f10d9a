import { formatCount, formatMoney, formatMoneyWan, type Lang } from '@/lib/format'

/**
 * Pure helpers of the what-if pages: amounts in the comparison's unit (fen of CNY for our
 * votes, whole currency units for imported files) and the project × rule matrix.
 */
export interface MoneyLike {
  unit: 'fen' | 'unit'
  currency: string | null
}

/** `1,000万元` / `¥10 million` for fen; `24,186,815 PLN` for currency units. */
export function formatAmount(value: number, money: MoneyLike, lang: Lang): string {
  if (money.unit === 'fen')
    return Math.abs(value) >= 1_000_000 ? formatMoneyWan(value, { lang }) : formatMoney(value)
  return `${formatCount(value)}${money.currency ? ` ${money.currency}` : ''}`
}

/** The exact amount: `¥10,000,000.00` for fen, the same as formatAmount for units. */
export function formatExact(value: number, money: MoneyLike, lang: Lang): string {
  return money.unit === 'fen' ? formatMoney(value) : formatAmount(value, money, lang)
}

/** A value for a chart axis: yuan for fen (exact to 2 decimals), units as they are. */
export const chartValue = (value: number, money: MoneyLike) =>
  money.unit === 'fen' ? value / 100 : value

/** Back from a chart value to the display text. */
export const chartFormat = (money: MoneyLike, lang: Lang) => (value: number) =>
  formatAmount(money.unit === 'fen' ? Math.round(value * 100) : value, money, lang)

/**
 * Short axis ticks from a chart value: 500万 / ¥5M for yuan, 5M / 750k for currency units (the
 * unit is in the axis title; tooltips and tables keep the full amount).
 */
export function compactTick(value: number, money: MoneyLike, lang: Lang): string {
  const trim = (n: number) => Number(n.toFixed(1)).toLocaleString('en-US')
  if (money.unit === 'fen') {
    if (lang === 'zh-CN')
      return Math.abs(value) >= 10_000 ? `${trim(value / 10_000)}万` : trim(value)
    return Math.abs(value) >= 1_000_000 ? `¥${trim(value / 1_000_000)}M` : `¥${trim(value)}`
  }
  if (Math.abs(value) >= 1_000_000) return `${trim(value / 1_000_000)}M`
  if (Math.abs(value) >= 1_000) return `${trim(value / 1_000)}k`
  return trim(value)
}

/** "0.9993" → "99.93%". */
export const sharePercent = (share: string) => `${(Number(share) * 100).toFixed(2)}%`

export interface MatrixRule {
  rule: string
  selected: readonly string[]
}

export interface MatrixRow {
  id: string
  /** For each rule (in order), the 1-based position in its selection, or null. */
  picks: (number | null)[]
  /** Some rules choose it and some do not. */
  differing: boolean
}

export function matrixRows(
  projectIds: readonly string[],
  rules: readonly MatrixRule[],
): MatrixRow[] {
  const orders = rules.map((r) => new Map(r.selected.map((id, i) => [id, i + 1])))
  return projectIds.map((id) => {
    const picks = orders.map((o) => o.get(id) ?? null)
    const chosen = picks.filter((p) => p !== null).length
    return { id, picks, differing: chosen > 0 && chosen < picks.length }
  })
}
