import { describe, expect, it } from 'vitest'
import {
  fenToWan,
  percentToTenThousandths,
  ratioToTenThousandths,
  requiredFor,
  tenThousandthsToPercent,
  tenThousandthsToRatio,
  wanToFen,
} from './numbers'

describe('percentToTenThousandths', () => {
  it('reads what staff type as an exact integer of ten-thousandths', () => {
    expect(percentToTenThousandths('50')).toBe(5000)
    expect(percentToTenThousandths('20')).toBe(2000)
    expect(percentToTenThousandths('12.5')).toBe(1250)
    expect(percentToTenThousandths('33.33')).toBe(3333)
    expect(percentToTenThousandths('0')).toBe(0)
    expect(percentToTenThousandths('100')).toBe(10000)
    expect(percentToTenThousandths(' 20% ')).toBe(2000)
    expect(percentToTenThousandths(14.53)).toBe(1453)
  })

  it('refuses what is not a percentage to 0.01 %', () => {
    for (const bad of ['', 'abc', '-5', '100.01', '101', '12.345', null, undefined])
      expect(percentToTenThousandths(bad)).toBeNull()
  })
})

describe('requiredFor', () => {
  it('is ceil(N × (1 + r)) exactly, where floats would drift', () => {
    expect(requiredFor(10, 2000)).toBe(12)
    expect(requiredFor(10, 5000)).toBe(15)
    // 10 × 1.1 is 11.000000000000002 in doubles: a float ceil would say 12.
    expect(requiredFor(10, 1000)).toBe(11)
    expect(requiredFor(7, 1250)).toBe(8) // 7.875 → 8
    expect(requiredFor(8, 1250)).toBe(9)
    expect(requiredFor(3, 0)).toBe(3)
    expect(requiredFor(200, 10000)).toBe(400)
  })

  it('waits for complete input', () => {
    expect(requiredFor(undefined, 2000)).toBeNull()
    expect(requiredFor(10, null)).toBeNull()
    expect(requiredFor(0, 2000)).toBeNull()
    expect(requiredFor(2.5, 2000)).toBeNull()
  })
})

describe('ratio round trip', () => {
  it('goes ten-thousandths → API number → ten-thousandths unchanged for every value', () => {
    for (let tt = 0; tt <= 10000; tt++) {
      expect(ratioToTenThousandths(tenThousandthsToRatio(tt))).toBe(tt)
      expect(percentToTenThousandths(tenThousandthsToPercent(tt))).toBe(tt)
    }
  })
})

describe('wanToFen / fenToWan', () => {
  it('converts 万元 to integer fen exactly', () => {
    expect(wanToFen('1000')).toBe(1_000_000_000)
    expect(wanToFen('85.5')).toBe(85_500_000)
    expect(wanToFen('0.000001')).toBe(1)
    expect(wanToFen('1,200.25')).toBe(1_200_250_000)
    expect(wanToFen(0.1)).toBe(100_000)
  })

  it('refuses negatives, text and amounts finer than a fen', () => {
    for (const bad of ['', '-1', 'abc', '1.0000001', '1e3', null]) expect(wanToFen(bad)).toBeNull()
  })

  it('prints fen as 万元 without trailing zeros, and round-trips', () => {
    expect(fenToWan(1_000_000_000)).toBe('1000')
    expect(fenToWan(85_500_000)).toBe('85.5')
    expect(fenToWan(1)).toBe('0.000001')
    for (const fen of [0, 1, 99, 123_456_789, 100_000_000_000_000])
      expect(wanToFen(fenToWan(fen))).toBe(fen)
  })
})
