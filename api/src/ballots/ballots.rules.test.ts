import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  bulletinChainHead,
  checkBallot,
  hashReceipt,
  normalizeChoices,
  paperVoidReason,
  reconcileSheets,
  tally,
  thresholdOf,
  type Choice,
  type TallyInput,
} from './ballots.rules.js'

const ids = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`)
const choice = fc.constantFrom<Choice>('for', 'against', 'abstain')

/** Random votes: a candidate list, seats, and ballots that may be over-marked or spoiled. */
const arbInput = fc
  .record({
    candidates: fc.integer({ min: 1, max: 8 }),
    seats: fc.integer({ min: 1, max: 6 }),
    entitled: fc.integer({ min: 1, max: 40 }),
    basis: fc.constantFrom<'all' | 'present'>('all', 'present'),
  })
  .chain((p) =>
    fc.record({
      p: fc.constant(p),
      present: fc.integer({ min: 0, max: p.entitled }),
      ballots: fc.array(
        fc.record({
          marks: fc.array(choice, { minLength: p.candidates, maxLength: p.candidates }),
          blank: fc.array(fc.boolean(), { minLength: p.candidates, maxLength: p.candidates }),
          spoiled: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
        }),
        { maxLength: p.entitled },
      ),
    }),
  )
  .map(({ p, present, ballots }): TallyInput => {
    const cids = ids(p.candidates)
    return {
      seats: p.seats,
      basis: p.basis,
      entitled: p.entitled,
      present,
      candidateIds: cids,
      form: 'for_against_abstain',
      maxApprovals: p.seats,
      ballots: ballots.map((b) => ({
        choices: Object.fromEntries(
          cids.flatMap((id, i) => (b.blank[i] ? [] : [[id, b.marks[i]!]])),
        ),
        invalid: b.spoiled,
      })),
    }
  })

describe('tally (property-based)', () => {
  it('counts every valid ballot once per candidate, and the invalid ones separately', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const t = tally(input)
        const ballots = [...input.ballots]
        expect(t.valid + t.invalid).toBe(ballots.length)
        for (const r of t.rows) expect(r.for + r.against + r.abstain).toBe(t.valid)
      }),
    )
  })

  it('passes exactly the candidates whose 赞成 exceed half of the basis', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const t = tally(input)
        const basis = input.basis === 'all' ? input.entitled : input.present
        expect(t.basisCount).toBe(basis)
        expect(t.threshold).toBe(thresholdOf(basis))
        for (const r of t.rows) expect(r.passed).toBe(r.for * 2 > basis)
      }),
    )
  })

  it('selects at most N passing candidates, ranked by 赞成, never breaking a boundary tie', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const t = tally(input)
        const selected = t.rows.filter((r) => r.selected)
        const passing = t.rows.filter((r) => r.passed)
        expect(selected.length).toBeLessThanOrEqual(input.seats)
        for (const s of selected) expect(s.passed).toBe(true)
        // Everyone selected beats everyone passing but not selected.
        for (const s of selected)
          for (const o of passing.filter((r) => !r.selected)) expect(s.for).toBeGreaterThan(o.for)
        if (t.ties.length) {
          expect(t.status).toBe('tie')
          const tied = t.rows.filter((r) => t.ties.includes(r.candidateId))
          expect(new Set(tied.map((r) => r.for)).size).toBe(1)
          for (const r of tied) expect(r.selected).toBe(false)
          expect(selected.length).toBeLessThan(input.seats)
          expect(selected.length + tied.length).toBeGreaterThan(input.seats)
          expect(t.shortfall).toBe(0)
        } else if (passing.length >= input.seats) {
          expect(selected.length).toBe(input.seats)
          expect(t.status).toBe('decided')
        } else {
          expect(selected.length).toBe(passing.length)
          expect(t.shortfall).toBe(input.seats - passing.length)
          expect(t.status).toBe('shortfall')
        }
      }),
    )
  })

  it('ranks passing candidates by 赞成 with shared ranks for equal counts', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const t = tally(input)
        for (const r of t.rows) {
          if (!r.passed) expect(r.rank).toBeNull()
          else expect(r.rank).toBe(1 + t.rows.filter((o) => o.passed && o.for > r.for).length)
        }
      }),
    )
  })

  it('does not depend on the order of the ballots', () => {
    fc.assert(
      fc.property(arbInput, fc.nat(), (input, seed) => {
        const ballots = [...input.ballots]
        const shuffled = [...ballots]
        let x = seed
        for (let i = shuffled.length - 1; i > 0; i--) {
          x = (x * 1103515245 + 12345) % 2 ** 31
          const k = x % (i + 1)
          ;[shuffled[i], shuffled[k]] = [shuffled[k]!, shuffled[i]!]
        }
        expect(tally({ ...input, ballots: shuffled })).toEqual(tally({ ...input, ballots }))
      }),
    )
  })

  it('counts an over-marked ballot as invalid', () => {
    const cids = ids(3)
    const t = tally({
      seats: 1,
      basis: 'all',
      entitled: 3,
      present: 3,
      candidateIds: cids,
      form: 'for_against_abstain',
      maxApprovals: 1,
      ballots: [{ choices: { c0: 'for', c1: 'for' } }, { choices: { c0: 'for' } }],
    })
    expect(t.invalid).toBe(1)
    expect(t.valid).toBe(1)
    expect(t.rows[0]!.for).toBe(1)
  })

  it('reports a tie across the boundary and selects only those above it', () => {
    const cids = ids(4)
    const b = (m: Record<string, Choice>) => ({ choices: m })
    const t = tally({
      seats: 2,
      basis: 'all',
      entitled: 5,
      present: 5,
      candidateIds: cids,
      form: 'for_against_abstain',
      maxApprovals: 2,
      ballots: [
        b({ c0: 'for', c1: 'for' }),
        b({ c0: 'for', c2: 'for' }),
        b({ c0: 'for', c1: 'for' }),
        b({ c2: 'for', c3: 'for' }),
        b({ c1: 'for', c2: 'for' }),
      ],
    })
    expect(t.rows.map((r) => r.for)).toEqual([3, 3, 3, 1])
    expect(t.status).toBe('tie')
    expect(t.ties).toEqual(['c0', 'c1', 'c2'])
    expect(t.rows.filter((r) => r.selected)).toEqual([])
  })

  it('reports a shortfall when fewer than N pass', () => {
    const t = tally({
      seats: 2,
      basis: 'all',
      entitled: 5,
      present: 5,
      candidateIds: ids(3),
      form: 'for_against_abstain',
      maxApprovals: 2,
      ballots: [
        { choices: { c0: 'for' } },
        { choices: { c0: 'for' } },
        { choices: { c0: 'for', c1: 'for' } },
      ],
    })
    expect(t.status).toBe('shortfall')
    expect(t.shortfall).toBe(1)
    expect(t.rows.map((r) => r.selected)).toEqual([true, false, false])
  })

  it('selects nothing in a void vote but keeps the counts', () => {
    const t = tally({
      seats: 1,
      basis: 'all',
      entitled: 1,
      present: 1,
      candidateIds: ids(1),
      form: 'for_against_abstain',
      maxApprovals: 1,
      ballots: [{ choices: { c0: 'for' } }],
      voidReason: 'RETURNED_EXCEEDS_ISSUED',
    })
    expect(t.status).toBe('void')
    expect(t.rows[0]).toMatchObject({ for: 1, passed: true, selected: false })
  })
})

describe('ballot checks', () => {
  it('refuses unknown candidates, against on tick ballots, and too many approvals', () => {
    const cids = ids(3)
    expect(checkBallot({ x: 'for' }, cids, 'for_against_abstain', 2)?.code).toBe(
      'UNKNOWN_CANDIDATE',
    )
    expect(checkBallot({ c0: 'against' }, cids, 'approve_up_to_n', 2)?.code).toBe('INVALID_CHOICE')
    expect(
      checkBallot({ c0: 'for', c1: 'for', c2: 'for' }, cids, 'for_against_abstain', 2)?.code,
    ).toBe('TOO_MANY_APPROVALS')
    expect(checkBallot({}, cids, 'for_against_abstain', 2)).toBeNull()
  })

  it('stores every ballot in one shape: all candidates, unmarked as abstain', () => {
    expect(normalizeChoices({ c2: 'for', c0: 'against' }, ids(3))).toEqual({
      c0: 'against',
      c1: 'abstain',
      c2: 'for',
    })
  })
})

describe('paper', () => {
  it('voids a vote with more ballots returned than issued, or than voters present', () => {
    expect(paperVoidReason({ issued: 10, returned: 11, electronicVoted: 0, present: 20 })).toBe(
      'RETURNED_EXCEEDS_ISSUED',
    )
    expect(paperVoidReason({ issued: 10, returned: 10, electronicVoted: 5, present: 12 })).toBe(
      'BALLOTS_EXCEED_PRESENT',
    )
    expect(paperVoidReason({ issued: 10, returned: 9, electronicVoted: 3, present: 12 })).toBe(null)
  })

  it('reconciles sheets: agreed, mismatched, single, resolved', () => {
    const r = (c: Record<string, Choice> | null, invalid = false) => ({
      choices: c,
      invalid,
    })
    const out = reconcileSheets(
      [
        { sheetNo: 1, round: 1, reading: r({ c0: 'for' }) },
        { sheetNo: 1, round: 2, reading: r({ c0: 'for' }) },
        { sheetNo: 2, round: 1, reading: r({ c0: 'for' }) },
        { sheetNo: 2, round: 2, reading: r({ c0: 'against' }) },
        { sheetNo: 3, round: 1, reading: r(null, true) },
        { sheetNo: 4, round: 1, reading: r({ c0: 'for' }) },
        { sheetNo: 4, round: 2, reading: r(null, true) },
      ],
      [{ sheetNo: 4, reading: r(null, true) }],
    )
    expect(out.map((s) => s.state)).toEqual(['agreed', 'mismatch', 'single', 'resolved'])
    expect(out[0]!.final).toEqual(r({ c0: 'for' }))
    expect(out[1]!.final).toBeNull()
  })
})

describe('bulletin chain and receipts', () => {
  it('changes the head when any ballot or receipt changes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(choice, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.stringMatching(/^[0-9a-f]{64}$/), { maxLength: 5 }),
        fc.nat(),
        (marks, receipts, k) => {
          const ballots = marks.map((m, i) => ({
            id: `b${i}`,
            source: 'electronic' as const,
            choices: { c0: m[0]!, c1: m[1]!, c2: m[2]! },
          }))
          const head = bulletinChainHead(ballots, receipts)
          const i = k % ballots.length
          const altered = ballots.map((b, j) =>
            j === i
              ? { ...b, choices: { ...b.choices, c0: b.choices.c0 === 'for' ? 'against' : 'for' } }
              : b,
          ) as typeof ballots
          expect(bulletinChainHead(altered, receipts)).not.toBe(head)
          expect(bulletinChainHead(ballots, [...receipts, 'f'.repeat(64)])).not.toBe(head)
        },
      ),
    )
  })

  it('hashes a receipt the same way whatever its grouping or case', () => {
    expect(hashReceipt('abcd-efgh-ijkl-mnop-qrst-uvwx')).toBe(
      hashReceipt('ABCDEFGHIJKLMNOPQRSTUVWX'),
    )
  })
})
