import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { add, fromFraction, fromInt } from './rational.js'
import {
  mes,
  mesAdd1,
  mesAdd1Both,
  mesAdd1Full,
  type Instance,
  type Selection,
} from './selection.rules.js'
import {
  compareRules,
  fenIncrement,
  formatAmount,
  formatApproxAmount,
  poolShare,
  unitIncrement,
  type ProjectInfo,
} from './comparison.rules.js'
import { parsePabulib, toPabulib } from './pabulib.js'

const idArb = fc.constantFrom('1', '2', '3', '10', '11', '20', 'a', 'b', 'c7', 'x')

function instanceArb(scale = 1n): fc.Arbitrary<Instance> {
  return fc.uniqueArray(idArb, { minLength: 1, maxLength: 6 }).chain((ids) =>
    fc.record({
      projects: fc
        .array(fc.integer({ min: 0, max: 30 }), { minLength: ids.length, maxLength: ids.length })
        .map((costs) => ids.map((id, i) => ({ id, cost: BigInt(costs[i]!) * scale }))),
      budget: fc.integer({ min: 0, max: 80 }).map((b) => BigInt(b) * scale),
      voters: fc.array(fc.subarray(ids), { maxLength: 8 }),
    }),
  )
}

function fitsMore(instance: Instance, outcome: Selection): boolean {
  const approved = new Set(instance.voters.flat())
  const left = BigInt(instance.budget) - outcome.totalCost
  return instance.projects.some(
    (p) =>
      !outcome.selected.includes(p.id) &&
      approved.has(p.id) &&
      BigInt(p.cost) > 0n &&
      BigInt(p.cost) <= left,
  )
}

describe('add1 completions with a step and in one loop', () => {
  it('mesAdd1Both gives exactly the outcomes of mesAdd1 and mesAdd1Full', () => {
    fc.assert(
      fc.property(instanceArb(), fc.integer({ min: 1, max: 5 }), (instance, step) => {
        const both = mesAdd1Both(instance, { increment: step })
        expect(both.add1).toEqual(mesAdd1(instance, { increment: step }))
        expect(both.full).toEqual(mesAdd1Full(instance, { increment: step }))
      }),
      { numRuns: 150 },
    )
  })

  it('with a step, stays within budget and stops for the reason it gives', () => {
    fc.assert(
      fc.property(instanceArb(100n), fc.constantFrom(1, 10, 100, 1000), (instance, step) => {
        const { add1, full } = mesAdd1Both(instance, { increment: step })
        const budget = BigInt(instance.budget)
        for (const o of [add1, full]) {
          expect(o.totalCost <= budget).toBe(true)
          expect(o.perVoterBudget).toEqual(
            add(
              instance.voters.length ? fromFraction(budget, instance.voters.length) : fromInt(0),
              fromInt(o.increments * BigInt(step)),
            ),
          )
          if (o.stopReason === 'next_step_over_budget') {
            const next = mes(instance, { perVoterBudget: add(o.perVoterBudget, fromInt(step)) })
            expect(next.totalCost > budget).toBe(true)
          }
        }
        if (add1.stopReason === 'exhaustive' && instance.voters.length > 0)
          expect(fitsMore(instance, add1)).toBe(false)
      }),
      { numRuns: 150 },
    )
  })

  it('refuses a step below 1', () => {
    const instance: Instance = { projects: [{ id: '1', cost: 1 }], budget: 1, voters: [['1']] }
    expect(() => mesAdd1(instance, { increment: 0 })).toThrow(RangeError)
  })
})

describe('the add1 step for money in fen and for imported files', () => {
  it('is a power of ten between a thousandth and a hundredth of the initial share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.integer({ min: 1, max: 100_000 }),
        (budget, voters) => {
          const step = fenIncrement(budget, voters)
          expect(/^10*$/.test(step.toString())).toBe(true)
          const share = budget / BigInt(voters)
          if (step > 1n) {
            expect(step * 100n <= share).toBe(true)
            expect(step * 1000n > share).toBe(true)
          } else expect(share < 1000n).toBe(true)
        },
      ),
    )
    expect(fenIncrement(1_000_000_000n, 150)).toBe(10_000n) // 1000万元, 150 deputies: 100元
  })

  it('is 1 for every real pabulib file and scaled only for huge shares', () => {
    for (const [budget, voters] of [
      [100_000n, 84],
      [100_000n, 318],
      [1_070_000n, 2553],
      [1_000_000n, 6586],
      [7_147_577n, 12933],
      [24_186_815n, 61668],
    ] as const)
      expect(unitIncrement(budget, voters)).toBe(1n)
    expect(unitIncrement(10_000_000n, 7)).toBe(10_000n)
  })
})

describe('money in words', () => {
  it('formats fen, currency units, fractions and pool shares exactly', () => {
    const fen = { unit: 'fen', currency: 'CNY' } as const
    const pln = { unit: 'unit', currency: 'PLN' } as const
    expect(formatAmount(123456789n, fen)).toBe('¥1,234,567.89')
    expect(formatAmount(-5n, fen)).toBe('-¥0.05')
    expect(formatAmount(24186815n, pln)).toBe('24,186,815 PLN')
    expect(formatApproxAmount(fromFraction(1_000_000_000n, 7n), fen)).toBe('¥1,428,571.43')
    expect(formatAmount(3_500_000_000n, fen, 'zh-CN')).toBe('3,500万元')
    expect(formatAmount(-500_000_000n, fen, 'zh-CN')).toBe('-500万元')
    expect(formatAmount(1_234_500n, fen, 'zh-CN')).toBe('1.2345万元')
    expect(formatAmount(999_999n, fen, 'zh-CN')).toBe('¥9,999.99')
    expect(formatApproxAmount(fromFraction(1_000_000_000n, 7n), fen, 'zh-CN')).toBe('142.86万元')
    expect(formatApproxAmount(fromFraction(24186815n, 61668n), pln)).toBe('392.21 PLN')
    expect(poolShare(999_300n, 1_000_000n)).toBe('0.9993')
    expect(poolShare(1_100n, 1_000n)).toBe('1.1000')
    expect(poolShare(0n, 0n)).toBe('0.0000')
  })
})

describe('the comparison', () => {
  it('diffs every rule against the baseline and keeps the budget rules within the pool', () => {
    fc.assert(
      fc.property(instanceArb(), fc.array(idArb, { maxLength: 4 }), (instance, legal) => {
        const ids = new Set(instance.projects.map((p) => p.id))
        const selected = [...new Set(legal.filter((id) => ids.has(id)))]
        const projects = new Map<string, ProjectInfo>(
          instance.projects.map((p) => [
            p.id,
            { externalId: `ext-${p.id}`, name: `P${p.id}`, category: null },
          ]),
        )
        const c = compareRules({
          instance,
          projects,
          money: { unit: 'unit', currency: 'EUR' },
          baseline: {
            rule: 'legal',
            selected,
            threshold: 1,
            seats: 2,
            basis: 'all',
            status: 'decided',
            ties: [],
            shortfall: 0,
          },
          threshold: { value: 1, source: 'legal' },
          increment: 1n,
        })
        expect(c.rules.map((r) => r.rule)).toEqual([
          'legal',
          'greedy',
          'greedy_threshold',
          'mes',
          'mes_add1',
          'mes_add1_u',
          'mes_add1_full',
          'mes_add1_full_u',
        ])
        const base = new Set(selected.map((id) => `ext-${id}`))
        for (const r of c.rules) {
          for (const id of r.selected) expect(id.startsWith('ext-')).toBe(true)
          expect(r.leftover).toBe(c.budget - r.totalCost)
          if (r.rule === 'legal') {
            expect(r.diff).toBeNull()
            continue
          }
          expect(r.withinBudget).toBe(true)
          const mine = new Set(r.selected)
          expect(r.diff!.added).toEqual(r.selected.filter((id) => !base.has(id)))
          expect(r.diff!.removed.sort()).toEqual([...base].filter((id) => !mine.has(id)).sort())
          expect(r.explanation['zh-CN']).toContain(`选出 ${r.selected.length} 项`)
        }
        expect(c.projects.map((p) => p.id).sort()).toEqual(
          [...projects.values()].map((p) => p.externalId).sort(),
        )
      }),
      { numRuns: 100 },
    )
  })
})

describe('pabulib export with more project columns', () => {
  it('writes category, position and selected columns that read back', () => {
    const instance: Instance = {
      projects: [
        { id: 'a1', cost: 10n, name: '老旧小区改造; 一期' },
        { id: 'b2', cost: 20n, name: 'None' },
      ],
      budget: 25n,
      voters: [['a1'], [], ['a1', 'b2']],
    }
    const text = toPabulib(
      instance,
      { description: 'x' },
      {
        projectColumns: [
          { name: 'category', value: (p) => (p.id === 'a1' ? '住房' : undefined) },
          { name: 'selected', value: (p) => (p.id === 'a1' ? '1' : '0') },
        ],
      },
    )
    const e = parsePabulib(text)
    expect(e.projectColumns).toEqual([
      'project_id',
      'cost',
      'votes',
      'name',
      'category',
      'selected',
    ])
    expect(e.instance.projects.map((p) => p.name)).toEqual(['老旧小区改造; 一期', 'None'])
    expect(e.projectRows.map((r) => [r.category, r.selected, r.votes])).toEqual([
      ['住房', '1', '2'],
      [undefined, '0', '1'],
    ])
    expect(e.instance.voters).toEqual([['a1'], [], ['a1', 'b2']])
    expect(() =>
      toPabulib(instance, {}, { projectColumns: [{ name: 'cost', value: () => '1' }] }),
    ).toThrow(RangeError)
  })
})
