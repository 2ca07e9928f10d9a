import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  acceptsSuggestions,
  checkTransition,
  chinaDate,
  PHASES,
  ratioToDecimal,
  ratioToNumber,
  requiredCandidates,
  staffTransitions,
  toTenThousandths,
  type Phase,
  type PhaseVia,
} from './cycles.rules.js'

const seats = fc.integer({ min: 1, max: 200 })
const tenThousandths = fc.integer({ min: 0, max: 10_000 })
/** Reference: ceil(N × (10000 + b) / 10000) in BigInt. */
const reference = (n: number, b: number) => {
  const num = BigInt(n) * BigInt(10_000 + b)
  return Number((num + 9_999n) / 10_000n)
}

describe('the margin rule requiredCandidates(N, r)', () => {
  it('gives the published practice values', () => {
    expect(requiredCandidates(10, 0.2)).toBe(12)
    expect(requiredCandidates(10, 0.5)).toBe(15)
    expect(requiredCandidates(10, 0)).toBe(10)
    expect(requiredCandidates(10, 1)).toBe(20)
    expect(requiredCandidates(10, 0.25)).toBe(13) // 12.5 → 13
    expect(requiredCandidates(7, 0.3)).toBe(10) // 9.1 → 10
    expect(requiredCandidates(24, 0.25)).toBe(30) // 赣榆区: 30 → 24
    expect(requiredCandidates(3, 0.1)).toBe(4) // 3.3 → 4
  })

  it('reads 0.1, 0.2, 0.3 … exactly (no float drift adds a candidate)', () => {
    // 10 × 1.1 = 11.000000000000002 in floating point; the rule must say 11.
    expect(requiredCandidates(10, 0.1)).toBe(11)
    expect(requiredCandidates(100, 0.07)).toBe(107)
    expect(requiredCandidates(10, 0.3)).toBe(13)
    expect(requiredCandidates(10, '0.2000')).toBe(12)
  })

  it('equals the exact integer ceiling for every N and every 4-decimal r', () => {
    fc.assert(
      fc.property(seats, tenThousandths, (n, b) => {
        expect(requiredCandidates(n, ratioToNumber(b))).toBe(reference(n, b))
        expect(requiredCandidates(n, ratioToDecimal(b))).toBe(reference(n, b))
      }),
      { numRuns: 2000 },
    )
  })

  it('is the smallest count reaching N × (1 + r)', () => {
    fc.assert(
      fc.property(seats, tenThousandths, (n, b) => {
        const k = requiredCandidates(n, ratioToNumber(b))
        expect(k * 10_000).toBeGreaterThanOrEqual(n * (10_000 + b))
        expect((k - 1) * 10_000).toBeLessThan(n * (10_000 + b))
      }),
    )
  })

  it('equals N when r = 0, and lies between N + 1 and 2N when r > 0', () => {
    fc.assert(
      fc.property(seats, fc.integer({ min: 1, max: 10_000 }), (n, b) => {
        expect(requiredCandidates(n, 0)).toBe(n)
        const k = requiredCandidates(n, ratioToNumber(b))
        expect(k).toBeGreaterThanOrEqual(n + 1)
        expect(k).toBeLessThanOrEqual(2 * n)
      }),
    )
  })

  it('equals N + ceil(r × N), the form practice notes use', () => {
    fc.assert(
      fc.property(seats, tenThousandths, (n, b) => {
        expect(requiredCandidates(n, ratioToNumber(b))).toBe(
          n + Math.ceil((n * b) / 10_000 - 1e-12),
        )
      }),
    )
  })

  it('never decreases as N or r grows', () => {
    fc.assert(
      fc.property(seats, seats, tenThousandths, tenThousandths, (n1, n2, b1, b2) => {
        const [nLo, nHi] = n1 <= n2 ? [n1, n2] : [n2, n1]
        const [bLo, bHi] = b1 <= b2 ? [b1, b2] : [b2, b1]
        expect(requiredCandidates(nLo, ratioToNumber(bLo))).toBeLessThanOrEqual(
          requiredCandidates(nHi, ratioToNumber(bLo)),
        )
        expect(requiredCandidates(nLo, ratioToNumber(bLo))).toBeLessThanOrEqual(
          requiredCandidates(nLo, ratioToNumber(bHi)),
        )
      }),
    )
  })

  it('refuses ratios out of range or finer than 1/10000', () => {
    for (const bad of [-0.1, 1.0001, 0.00001, 0.12345, Number.NaN, Infinity]) {
      expect(() => requiredCandidates(10, bad)).toThrow(RangeError)
    }
    expect(() => requiredCandidates(-1, 0.2)).toThrow(RangeError)
    expect(() => requiredCandidates(1.5, 0.2)).toThrow(RangeError)
  })
})

describe('ratios as ten-thousandths', () => {
  it('round-trips every 4-decimal ratio through number and decimal text', () => {
    fc.assert(
      fc.property(tenThousandths, (b) => {
        expect(toTenThousandths(ratioToNumber(b))).toBe(b)
        expect(toTenThousandths(ratioToDecimal(b))).toBe(b)
        expect(toTenThousandths(String(ratioToNumber(b)))).toBe(b)
      }),
    )
  })

  it('reads the forms people and PostgreSQL write', () => {
    expect(toTenThousandths(0.2)).toBe(2000)
    expect(toTenThousandths('0.2000')).toBe(2000)
    expect(toTenThousandths('1.0000')).toBe(10_000)
    expect(toTenThousandths('0.20000')).toBe(2000)
    expect(toTenThousandths(1e-4)).toBe(1)
    expect(toTenThousandths(1e-7)).toBeNull()
    expect(toTenThousandths('0.20001')).toBeNull()
    expect(toTenThousandths('2')).toBeNull()
    expect(toTenThousandths('01.0')).toBeNull()
    expect(toTenThousandths('abc')).toBeNull()
    expect(ratioToDecimal(2000)).toBe('0.2000')
    expect(ratioToDecimal(10_000)).toBe('1.0000')
  })
})

describe('the phase machine', () => {
  const legal: [Phase, Phase, PhaseVia][] = [
    ['solicitation', 'screening', 'staff'],
    ['screening', 'solicitation', 'staff'],
    ['screening', 'candidates_locked', 'lock'],
    ['candidates_locked', 'screening', 'reopen'],
    ['candidates_locked', 'voting', 'ballot'],
    ['voting', 'implementing', 'staff'],
    ['implementing', 'evaluating', 'staff'],
    ['evaluating', 'closed', 'staff'],
  ]
  it.each(legal)('allows %s → %s by %s', (from, to, via) => {
    expect(checkTransition(from, to, via)).toEqual({ ok: true })
  })

  it('allows exactly those steps, by exactly those verbs', () => {
    const vias: PhaseVia[] = ['staff', 'lock', 'reopen', 'ballot']
    for (const from of PHASES)
      for (const to of PHASES)
        for (const via of vias) {
          const isLegal = legal.some(([f, t, v]) => f === from && t === to && v === via)
          expect(checkTransition(from, to, via).ok, `${from}→${to} by ${via}`).toBe(isLegal)
        }
  })

  it('refuses staff jumps and the steps reserved to lock, reopen and the ballot', () => {
    const jump = checkTransition('solicitation', 'voting', 'staff')
    expect(jump).toMatchObject({ ok: false, code: 'PHASE_TRANSITION_NOT_ALLOWED' })
    const lockByHand = checkTransition('screening', 'candidates_locked', 'staff')
    expect(lockByHand).toMatchObject({ ok: false, code: 'PHASE_TRANSITION_NOT_ALLOWED' })
    expect(!lockByHand.ok && lockByHand.message).toMatch(/locking the candidate list/)
    expect(checkTransition('candidates_locked', 'voting', 'staff').ok).toBe(false)
    expect(checkTransition('closed', 'solicitation', 'staff').ok).toBe(false)
    expect(checkTransition('voting', 'voting', 'staff')).toMatchObject({ code: 'PHASE_UNCHANGED' })
  })

  it('offers staff only their own next steps', () => {
    expect(staffTransitions('solicitation')).toEqual(['screening'])
    expect(staffTransitions('screening')).toEqual(['solicitation'])
    expect(staffTransitions('candidates_locked')).toEqual([])
    expect(staffTransitions('closed')).toEqual([])
  })
})

describe('the solicitation window', () => {
  it('is open during solicitation up to the deadline day, China time', () => {
    // 2025-11-15 23:30 in Beijing is 15:30 UTC: still the deadline day.
    expect(chinaDate(new Date('2025-11-15T15:30:00Z'))).toBe('2025-11-15')
    expect(acceptsSuggestions('solicitation', '2025-11-15', new Date('2025-11-15T15:30:00Z'))).toBe(
      true,
    )
    expect(acceptsSuggestions('solicitation', '2025-11-15', new Date('2025-11-15T16:30:00Z'))).toBe(
      false,
    )
    expect(acceptsSuggestions('solicitation', null, new Date())).toBe(true)
    expect(acceptsSuggestions('screening', null, new Date())).toBe(false)
  })
})
