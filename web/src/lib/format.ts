/**
 * Display formats shared by every page (CONVENTIONS.md "The web").
 *
 * Money arrives as an integer number of fen (分). Every money format works on BigInt fen so no
 * float ever touches an amount: 0.1 + 0.2 style drift cannot show up in a budget table.
 * Rounding is half away from zero, like the accounting convention (四舍五入).
 */

export type Lang = 'zh-CN' | 'en'

/** The platform's civil time zone: dates are shown as a Chinese office would read them. */
export const TIME_ZONE = 'Asia/Shanghai'

type FenInput = number | bigint | string

function toFen(value: FenInput): bigint {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`Not an integer number of fen: ${value}`)
    return BigInt(value)
  }
  if (!/^-?\d+$/.test(value)) throw new RangeError(`Not an integer number of fen: ${value}`)
  return BigInt(value)
}

/** "1234567" → "1,234,567" (digits only, no sign). */
function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/**
 * Divides |n| by `unit` and rounds half up to `decimals` places; returns the digits of the
 * integer part and of the fraction (exactly `decimals` long).
 */
function divideRounded(n: bigint, unit: bigint, decimals: number): [string, string] {
  const scale = 10n ** BigInt(decimals)
  const abs = n < 0n ? -n : n
  const scaled = (abs * scale * 2n + unit) / (unit * 2n) // round half up on the absolute value
  const int = scaled / scale
  const frac = (scaled % scale).toString().padStart(decimals, '0')
  return [int.toString(), decimals > 0 ? frac : '']
}

/** `¥1,234.56` from 123456 fen; negative amounts as `-¥1,234.56`. */
export function formatMoney(fen: FenInput): string {
  const n = toFen(fen)
  const abs = n < 0n ? -n : n
  const yuan = abs / 100n
  const cents = (abs % 100n).toString().padStart(2, '0')
  return `${n < 0n ? '-' : ''}¥${groupDigits(yuan.toString())}.${cents}`
}

export interface WanOptions {
  /** At most this many decimals, trailing zeros dropped (default 2). */
  maxDecimals?: number
  lang?: Lang
}

/**
 * Large amounts the way budget documents write them: `123.4万元` (1万元 = 1,000,000 fen).
 * In English the same amount reads `¥1.23 million` (1 million yuan = 100,000,000 fen).
 */
export function formatMoneyWan(fen: FenInput, options: WanOptions = {}): string {
  const { maxDecimals = 2, lang = 'zh-CN' } = options
  const n = toFen(fen)
  const unit = lang === 'en' ? 100_000_000n : 1_000_000n
  const [int, rawFrac] = divideRounded(n, unit, maxDecimals)
  const frac = rawFrac.replace(/0+$/, '')
  const isZero = /^0*$/.test(int + rawFrac)
  const sign = n < 0n && !isZero ? '-' : ''
  const digits = `${groupDigits(int)}${frac ? `.${frac}` : ''}`
  return lang === 'en' ? `${sign}¥${digits} million` : `${sign}${digits}万元`
}

/** `1,234,567` in both languages; integers exactly (BigInt), other numbers to `decimals`. */
export function formatCount(value: number | bigint, decimals = 0): string {
  if (typeof value === 'bigint' || (Number.isInteger(value) && decimals === 0)) {
    const n = typeof value === 'bigint' ? value : BigInt(value)
    const abs = n < 0n ? -n : n
    return `${n < 0n ? '-' : ''}${groupDigits(abs.toString())}`
  }
  return new Intl.NumberFormat('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value)
}

/** A ratio (0.1234) or an exact decimal string ("0.1234") as `12.3%`. */
export function formatPercent(ratio: number | string, decimals = 1): string {
  const value = typeof ratio === 'string' ? Number(ratio) : ratio
  if (!Number.isFinite(value)) return '—'
  return `${(value * 100).toFixed(decimals)}%`
}

type DateInput = string | Date | number

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/

/** Year, month, day (and time) as seen in Beijing time; a bare `YYYY-MM-DD` is a calendar day. */
function parts(input: DateInput) {
  if (typeof input === 'string') {
    const m = DATE_ONLY.exec(input)
    if (m) return { y: m[1]!, mo: m[2]!, d: m[3]!, h: '00', mi: '00' }
  }
  const date = input instanceof Date ? input : new Date(input)
  if (Number.isNaN(date.getTime())) return undefined
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    fmt.formatToParts(date).find((p) => p.type === type)?.value ?? ''
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute') }
}

/** `2026年11月22日` in Chinese, `2026-11-22` in English. */
export function formatDate(input: DateInput | null | undefined, lang: Lang = 'zh-CN'): string {
  if (input === null || input === undefined || input === '') return '—'
  const p = parts(input)
  if (!p) return '—'
  return lang === 'en' ? `${p.y}-${p.mo}-${p.d}` : `${p.y}年${Number(p.mo)}月${Number(p.d)}日`
}

/** `2026年11月22日 14:05` in Chinese, `2026-11-22 14:05` in English (Beijing time). */
export function formatDateTime(input: DateInput | null | undefined, lang: Lang = 'zh-CN'): string {
  if (input === null || input === undefined || input === '') return '—'
  const p = parts(input)
  if (!p) return '—'
  return `${formatDate(input, lang)} ${p.h}:${p.mi}`
}
