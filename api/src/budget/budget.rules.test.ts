import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  bpToPercent,
  checkPool,
  checkVariance,
  chinaDate,
  committedOf,
  fenToYuan,
  groupFigures,
  isIsoDate,
  MAX_LINE_FEN,
  monthlyCurve,
  rateBp,
  SOURCES,
  spendingWarning,
  sumFen,
  type LineFacts,
} from './budget.rules.js'

const fen = fc.integer({ min: 0, max: MAX_LINE_FEN })
const line: fc.Arbitrary<LineFacts> = fc
  .record({
    projectId: fc.constantFrom('p1', 'p2', 'p3', 'p4'),
    source: fc.constantFrom(...SOURCES),
    fromPool: fc.boolean(),
    status: fc.constantFrom('draft' as const, 'approved' as const, 'withdrawn' as const),
    amountFen: fc.integer({ min: 0, max: 1_000_000_000_000 }),
    paidShare: fc.integer({ min: 0, max: 10000 }),
  })
  .map(({ paidShare, ...l }) => ({
    ...l,
    disbursedFen:
      l.status === 'approved' ? Number((BigInt(l.amountFen) * BigInt(paidShare)) / 10000n) : 0,
  }))

describe('fen formatting and rates', () => {
  it('formats fen as yuan strings without float arithmetic', () => {
    expect(fenToYuan(0)).toBe('0.00')
    expect(fenToYuan(5)).toBe('0.05')
    expect(fenToYuan(123456)).toBe('1234.56')
    expect(fenToYuan(-1)).toBe('-0.01')
    expect(fenToYuan(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91')
    expect(() => fenToYuan(0.5)).toThrow(RangeError)
  })

  it('round-trips every fen amount through the yuan string exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        (f) => {
          const s = fenToYuan(f)
          expect(s).toMatch(/^-?\d+\.\d{2}$/)
          expect(BigInt(s.replace('.', ''))).toBe(BigInt(f))
        },
      ),
    )
  })

  it('computes the rate in basis points rounded down, never 100 % before fully paid', () => {
    expect(rateBp(0, 0)).toBeNull()
    expect(rateBp(1, 3)).toBe(3333)
    expect(rateBp(99_999, 100_000)).toBe(9999)
    expect(rateBp(100_000, 100_000)).toBe(10000)
    expect(bpToPercent(3333)).toBe('33.33')
    expect(bpToPercent(5)).toBe('0.05')
    expect(bpToPercent(10000)).toBe('100.00')
    expect(bpToPercent(null)).toBeNull()
    fc.assert(
      fc.property(fen, fen, (a, b) => {
        const [paid, budget] = a <= b ? [a, b] : [b, a]
        const r = rateBp(paid, budget)
        if (budget === 0) {
          expect(r).toBeNull()
          return
        }
        expect(r).toBeGreaterThanOrEqual(0)
        expect(r).toBeLessThanOrEqual(10000)
        expect(r === 10000).toBe(paid === budget)
        // r/10000 ≤ paid/budget < (r+1)/10000, exactly in integers
        expect(BigInt(r!) * BigInt(budget) <= BigInt(paid) * 10000n).toBe(true)
        expect(BigInt(r! + 1) * BigInt(budget) > BigInt(paid) * 10000n).toBe(true)
      }),
    )
  })

  it('sums exactly and refuses a sum beyond the safe range instead of rounding', () => {
    fc.assert(
      fc.property(fc.array(fen, { maxLength: 200 }), (xs) => {
        expect(BigInt(sumFen(xs))).toBe(xs.reduce((s, x) => s + BigInt(x), 0n))
      }),
    )
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError)
    expect(() => sumFen([1.5])).toThrow(RangeError)
  })
})

describe('the pool check', () => {
  it('refuses exactly when the pool lines would exceed the pool, with the overshoot', () => {
    expect(checkPool(1000, 600, 400)).toEqual({
      ok: true,
      overshootFen: 0,
      poolFen: 1000,
      committedFen: 1000,
    })
    expect(checkPool(1000, 600, 401)).toEqual({
      ok: false,
      overshootFen: 1,
      poolFen: 1000,
      committedFen: 1001,
    })
    fc.assert(
      fc.property(fen, fen, fen, (pool, committed, add) => {
        const c = checkPool(pool, committed, add)
        expect(c.ok).toBe(committed + add <= pool)
        expect(c.overshootFen).toBe(Math.max(0, committed + add - pool))
        // Adding exactly what is left always fits; one fen more never does.
        if (committed <= pool) {
          expect(checkPool(pool, committed, pool - committed).ok).toBe(true)
          expect(checkPool(pool, committed, pool - committed + 1).overshootFen).toBe(1)
        }
      }),
    )
  })

  it('counts draft and approved pool lines, never withdrawn or other-source ones', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), (lines) => {
        const expected = lines
          .filter((l) => l.fromPool && l.status !== 'withdrawn')
          .reduce((s, l) => s + l.amountFen, 0)
        expect(committedOf(lines)).toBe(expected)
      }),
    )
  })
})

describe('aggregation', () => {
  it('adds up per project, per source and overall to the same totals, to the fen', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 80 }), (lines) => {
        const total = groupFigures(lines, () => 'all').get('all') ?? {
          budgetedFen: 0,
          draftFen: 0,
          disbursedFen: 0,
        }
        for (const key of [
          (l: LineFacts) => l.projectId,
          (l: LineFacts) => l.source,
          (l: LineFacts) => `${l.projectId}/${l.source}`,
        ]) {
          const groups = [...groupFigures(lines, key).values()]
          expect(sumFen(groups.map((g) => g.budgetedFen))).toBe(total.budgetedFen)
          expect(sumFen(groups.map((g) => g.draftFen))).toBe(total.draftFen)
          expect(sumFen(groups.map((g) => g.disbursedFen))).toBe(total.disbursedFen)
        }
        const approved = lines.filter((l) => l.status === 'approved')
        expect(total.budgetedFen).toBe(approved.reduce((s, l) => s + l.amountFen, 0))
        expect(total.disbursedFen).toBeLessThanOrEqual(total.budgetedFen)
      }),
    )
  })

  it('builds a monthly curve whose months add up to the ledger and whose last point is the total', () => {
    const entry = fc.record({
      date: fc
        .date({ min: new Date('2024-06-01'), max: new Date('2026-06-30'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      amountFen: fc.integer({ min: -1_000_000, max: 1_000_000_000 }),
    })
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 100 }), (entries) => {
        const curve = monthlyCurve(entries, 2025)
        const total = entries.reduce((s, e) => s + e.amountFen, 0)
        expect(curve.reduce((s, p) => s + p.amountFen, 0)).toBe(total)
        expect(curve.at(-1)!.cumulativeFen).toBe(total)
        // Consecutive months, covering at least the fiscal year.
        expect(curve.map((p) => p.month)).toContain('2025-01')
        expect(curve.map((p) => p.month)).toContain('2025-12')
        for (let i = 1; i < curve.length; i++) {
          expect(curve[i]!.cumulativeFen - curve[i - 1]!.cumulativeFen).toBe(curve[i]!.amountFen)
        }
      }),
    )
    expect(monthlyCurve([], 2025)).toHaveLength(12)
  })
})

describe('the under-spending warning', () => {
  const p = (budgeted: number, disbursed: number) => ({
    budgetedFen: budgeted,
    disbursedFen: disbursed,
  })

  it('says nothing before July, a notice below 25 % after June, a warning below 50 % after September', () => {
    expect(spendingWarning(p(100, 0), 2025, '2025-06-30')).toBeNull()
    expect(spendingWarning(p(100, 24), 2025, '2025-07-01')).toMatchObject({
      level: 'notice',
      code: 'UNDER_SPENDING',
      rateBp: 2400,
      expectedBp: 2500,
      since: '2025-06-30',
    })
    expect(spendingWarning(p(100, 25), 2025, '2025-07-01')).toBeNull()
    expect(spendingWarning(p(100, 49), 2025, '2025-09-30')).toBeNull()
    expect(spendingWarning(p(100, 49), 2025, '2025-10-01')).toMatchObject({
      level: 'warning',
      expectedBp: 5000,
      since: '2025-09-30',
    })
    expect(spendingWarning(p(100, 50), 2025, '2025-12-31')).toBeNull()
    // After the year: the last checkpoint still applies.
    expect(spendingWarning(p(100, 10), 2025, '2026-11-22')).toMatchObject({ level: 'warning' })
    expect(spendingWarning(p(0, 0), 2025, '2025-10-01')).toMatchObject({
      code: 'NOT_BUDGETED',
      rateBp: null,
    })
  })

  it('flags exactly the projects whose rate is below the checkpoint due', () => {
    fc.assert(
      fc.property(
        fen,
        fc.integer({ min: 0, max: 10000 }),
        fc.integer({ min: 1, max: 365 }),
        (budget, share, day) => {
          const paid = Number((BigInt(budget) * BigInt(share)) / 10000n)
          const today = new Date(Date.UTC(2025, 0, day)).toISOString().slice(0, 10)
          const w = spendingWarning(p(budget, paid), 2025, today)
          const due = today > '2025-09-30' ? 5000 : today > '2025-06-30' ? 2500 : null
          const r = rateBp(paid, budget)
          if (due === null) expect(w).toBeNull()
          else expect(w !== null).toBe(r === null || r < due)
        },
      ),
    )
  })
})

describe('final accounts variance', () => {
  it('requires an explanation strictly above the threshold, compared exactly', () => {
    expect(checkVariance(1000, 1100, 1000)).toEqual({
      varianceFen: 100,
      varianceBp: 1000,
      explanationRequired: false,
    })
    expect(checkVariance(1000, 1101, 1000)).toMatchObject({
      varianceFen: 101,
      explanationRequired: true,
    })
    expect(checkVariance(1000, 899, 1000)).toMatchObject({
      varianceFen: -101,
      explanationRequired: true,
    })
    expect(checkVariance(0, 0, 1000)).toMatchObject({
      varianceBp: null,
      explanationRequired: false,
    })
    expect(checkVariance(0, 1, 1000)).toMatchObject({ explanationRequired: true })
    fc.assert(
      fc.property(fen, fen, fc.integer({ min: 0, max: 10000 }), (budget, final, threshold) => {
        const v = checkVariance(budget, final, threshold)
        expect(v.varianceFen).toBe(final - budget)
        if (budget > 0)
          expect(v.explanationRequired).toBe(
            BigInt(Math.abs(final - budget)) * 10000n > BigInt(threshold) * BigInt(budget),
          )
      }),
    )
  })
})

describe('dates', () => {
  it('takes the date in China time and checks calendar dates', () => {
    expect(chinaDate(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01')
    expect(chinaDate(new Date('2025-12-31T15:59:59Z'))).toBe('2025-12-31')
    expect(isIsoDate('2025-02-29')).toBe(false)
    expect(isIsoDate('2024-02-29')).toBe(true)
    expect(isIsoDate('2025-1-01')).toBe(false)
  })
})
