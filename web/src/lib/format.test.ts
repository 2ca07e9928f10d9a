import { describe, expect, it } from 'vitest'
import {
  formatCount,
  formatDate,
  formatDateTime,
  formatMoney,
  formatMoneyWan,
  formatPercent,
} from './format'

describe('formatMoney', () => {
  it('shows integer fen as yuan with two decimals and thousands separators', () => {
    expect(formatMoney(123456)).toBe('¥1,234.56')
    expect(formatMoney(0)).toBe('¥0.00')
    expect(formatMoney(5)).toBe('¥0.05')
    expect(formatMoney(100)).toBe('¥1.00')
    expect(formatMoney(1_000_000_000)).toBe('¥10,000,000.00')
  })

  it('puts the sign before the currency symbol', () => {
    expect(formatMoney(-123456)).toBe('-¥1,234.56')
  })

  it('is exact beyond float precision (BigInt and digit strings)', () => {
    expect(formatMoney(9007199254740993n)).toBe('¥90,071,992,547,409.93')
    expect(formatMoney('9007199254740993')).toBe('¥90,071,992,547,409.93')
  })

  it('accumulated amounts show no float drift', () => {
    // 0.1 + 0.2 yuan in fen: a float sum of yuan would print 0.30000000000000004
    expect(formatMoney(10 + 20)).toBe('¥0.30')
  })

  it('refuses amounts that are not whole fen', () => {
    expect(() => formatMoney(1.5)).toThrow(RangeError)
    expect(() => formatMoney('12.5')).toThrow(RangeError)
  })
})

describe('formatMoneyWan', () => {
  it('writes large amounts in 万元, trailing zeros dropped', () => {
    expect(formatMoneyWan(123_400_000)).toBe('123.4万元')
    expect(formatMoneyWan(1_000_000_000)).toBe('1,000万元')
    expect(formatMoneyWan(1_234_567_800)).toBe('1,234.57万元')
    expect(formatMoneyWan(0)).toBe('0万元')
  })

  it('rounds half away from zero at the last decimal', () => {
    expect(formatMoneyWan(1_005_000)).toBe('1.01万元') // 1.005万
    expect(formatMoneyWan(1_004_999)).toBe('1万元')
    expect(formatMoneyWan(-1_005_000)).toBe('-1.01万元')
    expect(formatMoneyWan(123_450_000, { maxDecimals: 1 })).toBe('123.5万元')
  })

  it('does not print a negative zero', () => {
    expect(formatMoneyWan(-1)).toBe('0万元')
  })

  it('reads as millions of yuan in English', () => {
    expect(formatMoneyWan(1_000_000_000, { lang: 'en' })).toBe('¥10 million')
    expect(formatMoneyWan(123_400_000, { lang: 'en' })).toBe('¥1.23 million')
  })
})

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatCount(999)).toBe('999')
    expect(formatCount(-1000)).toBe('-1,000')
    expect(formatCount(12345678901234567890n)).toBe('12,345,678,901,234,567,890')
  })

  it('keeps the requested decimals for non-integers', () => {
    expect(formatCount(1234.5, 1)).toBe('1,234.5')
  })
})

describe('formatPercent', () => {
  it('shows ratios and exact decimal strings as percentages', () => {
    expect(formatPercent(0.1234)).toBe('12.3%')
    expect(formatPercent('0.2000', 0)).toBe('20%')
    expect(formatPercent(Number.NaN)).toBe('—')
  })
})

describe('formatDate', () => {
  it('writes Chinese dates without leading zeros', () => {
    expect(formatDate('2026-11-22')).toBe('2026年11月22日')
    expect(formatDate('2026-03-05')).toBe('2026年3月5日')
  })

  it('writes ISO dates in English', () => {
    expect(formatDate('2026-03-05', 'en')).toBe('2026-03-05')
  })

  it('reads timestamps in Beijing time whatever the machine zone', () => {
    // 2026-11-21T16:30Z is 00:30 on 22 November in Beijing
    expect(formatDate('2026-11-21T16:30:00Z')).toBe('2026年11月22日')
    expect(formatDateTime('2026-11-21T16:30:00Z')).toBe('2026年11月22日 00:30')
    expect(formatDateTime(new Date('2026-11-22T06:05:00Z'), 'en')).toBe('2026-11-22 14:05')
  })

  it('shows a dash for missing or invalid dates', () => {
    expect(formatDate(null)).toBe('—')
    expect(formatDate('not a date')).toBe('—')
  })
})
