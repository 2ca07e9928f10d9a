import { describe, expect, it } from 'vitest'
import { bpText, fenToYuanText, yuanToFen } from './money'

describe('typed yuan amounts', () => {
  it('parses yuan text to exact fen', () => {
    expect(yuanToFen('0.29')).toBe(29)
    expect(yuanToFen('1,234.5')).toBe(123450)
    expect(yuanToFen('¥ 10')).toBe(1000)
    expect(yuanToFen('-3.01')).toBe(-301)
    expect(yuanToFen('1.234')).toBeUndefined()
    expect(yuanToFen('abc')).toBeUndefined()
    expect(yuanToFen('')).toBeUndefined()
    expect(yuanToFen('99999999999999.99')).toBeUndefined() // beyond the safe integer range
  })
  it('round-trips fen through the input text', () => {
    for (const f of [0, 1, 29, 100, 123456, -301, 1_000_000_000_00])
      expect(yuanToFen(fenToYuanText(f))).toBe(f)
    expect(bpText(6250)).toBe('62.50%')
    expect(bpText(5)).toBe('0.05%')
    expect(bpText(null)).toBe('—')
  })
})
