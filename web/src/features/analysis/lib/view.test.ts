import { describe, expect, it } from 'vitest'
import {
  chartFormat,
  chartValue,
  compactTick,
  formatAmount,
  matrixRows,
  sharePercent,
} from './view'

describe('what-if view helpers', () => {
  const fen = { unit: 'fen', currency: 'CNY' } as const
  const pln = { unit: 'unit', currency: 'PLN' } as const

  it('formats amounts in fen as 万元 and currency units with their code', () => {
    expect(formatAmount(1_000_000_000, fen, 'zh-CN')).toBe('1,000万元')
    expect(formatAmount(123_456, fen, 'zh-CN')).toBe('¥1,234.56')
    expect(formatAmount(1_000_000_000, fen, 'en')).toBe('¥10 million')
    expect(formatAmount(24_186_815, pln, 'en')).toBe('24,186,815 PLN')
    expect(chartValue(123_456, fen)).toBe(1234.56)
    expect(chartFormat(fen, 'zh-CN')(10_000_000)).toBe('1,000万元')
    expect(sharePercent('0.9993')).toBe('99.93%')
    expect(compactTick(5_000_000, fen, 'zh-CN')).toBe('500万')
    expect(compactTick(25_000_000, fen, 'en')).toBe('¥25M')
    expect(compactTick(2_500_000, pln, 'en')).toBe('2.5M')
    expect(compactTick(750_000, pln, 'zh-CN')).toBe('750k')
  })

  it('marks each project with the order each rule chose it in and flags disagreement', () => {
    const rows = matrixRows(
      ['a', 'b', 'c'],
      [
        { rule: 'x', selected: ['b', 'a'] },
        { rule: 'y', selected: ['a'] },
      ],
    )
    expect(rows).toEqual([
      { id: 'a', picks: [2, 1], differing: false },
      { id: 'b', picks: [1, null], differing: true },
      { id: 'c', picks: [null, null], differing: false },
    ])
  })
})
