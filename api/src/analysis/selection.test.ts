import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parsePabulib, type PabulibElection } from './pabulib.js'
import {
  type Rational,
  add,
  compare,
  div,
  equals,
  formatRational,
  fromFraction,
  fromInt,
  gcd,
  max,
  min,
  mul,
  parseRational,
  sub,
} from './rational.js'
import {
  type Instance,
  type MesCompletion,
  type Selection,
  countApprovals,
  greedy,
  greedyThreshold,
  mes,
  mesAdd1,
  mesAdd1Full,
  withGreedyCompletion,
} from './selection.rules.js'

const DATA_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/data/pabulib',
)

const FILES = [
  'Netherlands_Assen_2024.pb',
  'Netherlands_Amsterdam_522.pb',
  'Poland_Swiecie_2023.pb',
  'Poland_Wieliczka_2023_Green_Budget.pb',
  'Poland_Warszawa_2021_Mokotow.pb',
  'Poland_Warszawa_2026.pb',
] as const

interface ReferenceOutcome {
  selected: string[]
  total_cost: string
  per_voter_budget?: string
  final_per_voter_budget?: string
  increments?: number
  stop_reason?: string
  added_by_greedy?: string[]
}

interface Reference {
  expected: Record<string, ReferenceOutcome>
}

/** Parsed files and rule outcomes are computed once per file: the Warsaw add1 loops are the slow part. */
const elections = new Map<string, PabulibElection>()
function loadElection(file: string): PabulibElection {
  let election = elections.get(file)
  if (!election) {
    election = parsePabulib(fs.readFileSync(path.join(DATA_DIR, file), 'utf8'))
    elections.set(file, election)
  }
  return election
}

function loadReference(file: string): Reference {
  const name = file.replace(/\.pb$/, '.expected.json')
  return JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'expected', name), 'utf8')) as Reference
}

const memo = new Map<string, unknown>()
function once<T>(key: string, compute: () => T): T {
  if (!memo.has(key)) memo.set(key, compute())
  return memo.get(key) as T
}

function expectSameOutcome(actual: Selection, expected: ReferenceOutcome): void {
  expect([...actual.selected].sort()).toEqual([...expected.selected].sort())
  expect(actual.selected).toHaveLength(new Set(actual.selected).size)
  expect(actual.totalCost).toBe(BigInt(expected.total_cost))
}

function expectSameCompletion(actual: MesCompletion, expected: ReferenceOutcome): void {
  expectSameOutcome(actual, expected)
  expect(formatRational(actual.perVoterBudget)).toBe(expected.final_per_voter_budget)
  expect(actual.increments).toBe(BigInt(expected.increments!))
}

describe.each(FILES)('reference outcomes of %s', (file) => {
  const reference = loadReference(file).expected
  const instance = (): Instance => loadElection(file).instance
  const add1 = (): MesCompletion => once(`${file}:add1`, () => mesAdd1(instance()))
  const add1Full = (): MesCompletion => once(`${file}:add1full`, () => mesAdd1Full(instance()))

  it('greedy selects the reference set', () => {
    expectSameOutcome(greedy(instance()), reference.greedy!)
  })

  it('mes selects the reference set with budget B/n', () => {
    const outcome = mes(instance())
    expectSameOutcome(outcome, reference.mes!)
    expect(formatRational(outcome.perVoterBudget)).toBe(reference.mes!.per_voter_budget)
  })

  it('mes_add1 selects the reference set and stops for the reference reason', () => {
    const outcome = add1()
    expectSameCompletion(outcome, reference.mes_add1!)
    expect(outcome.stopReason).toBe(reference.mes_add1!.stop_reason)
  })

  it('mes_add1_full selects the reference set', () => {
    expectSameCompletion(add1Full(), reference.mes_add1_full!)
  })

  it('greedy completion of mes_add1 and mes_add1_full matches mes_add1u and mes_add1_full_u', () => {
    const u = withGreedyCompletion(instance(), add1())
    expectSameOutcome(u, reference.mes_add1u!)
    expect([...u.addedByGreedy].sort()).toEqual([...reference.mes_add1u!.added_by_greedy!].sort())
    const fullU = withGreedyCompletion(instance(), add1Full())
    expectSameOutcome(fullU, reference.mes_add1_full_u!)
    expect([...fullU.addedByGreedy].sort()).toEqual(
      [...reference.mes_add1_full_u!.added_by_greedy!].sort(),
    )
  })

  const thresholdReference = reference.greedy_threshold
  if (thresholdReference) {
    it('greedy_threshold with META min_project_score_threshold selects the reference set', () => {
      const threshold = Number(loadElection(file).meta.min_project_score_threshold)
      expectSameOutcome(greedyThreshold(instance(), threshold), thresholdReference)
    })
  }
})

// -----------------------------------------------------------------------------------------------
// Small instances, tie-breaking and edge cases

describe('tie-breaking and edge cases', () => {
  it('breaks greedy ties by the smaller id compared as a string ("11" before "2")', () => {
    const instance: Instance = {
      projects: [
        { id: '2', cost: 6 },
        { id: '11', cost: 6 },
      ],
      budget: 10,
      voters: [['2', '11']],
    }
    expect(greedy(instance).selected).toEqual(['11'])
  })

  it('breaks MES ties by the smaller id compared as a string', () => {
    const instance: Instance = {
      projects: [
        { id: '2', cost: 6 },
        { id: '11', cost: 6 },
      ],
      budget: 12,
      voters: [
        ['2', '11'],
        ['2', '11'],
      ],
    }
    expect(mes(instance).selected).toEqual(['11', '2'])
  })

  it('selects supported free projects first in MES and never unsupported ones', () => {
    const instance: Instance = {
      projects: [
        { id: 'a', cost: 10 },
        { id: 'free', cost: 0 },
        { id: 'orphan', cost: 0 },
      ],
      budget: 10,
      voters: [['a', 'free']],
    }
    expect(mes(instance).selected).toEqual(['free', 'a'])
    expect(greedy(instance).selected).toEqual(['free', 'a', 'orphan'])
  })

  it('funds a project only while its supporters still hold its cost', () => {
    // b0 = 4: x (cost 9, approved by all three, ρ = 1/3) charges 3 each; y (cost 2) then has a
    // single supporter holding 1. With b0 = 5 she holds 2 and pays y alone.
    const instance: Instance = {
      projects: [
        { id: 'x', cost: 9 },
        { id: 'y', cost: 2 },
      ],
      budget: 12,
      voters: [['x', 'y'], ['x'], ['x']],
    }
    expect(mes(instance).selected).toEqual(['x'])
    expect(mes(instance, { perVoterBudget: 5 }).selected).toEqual(['x', 'y'])
  })

  it('counts a repeated approval once', () => {
    const instance: Instance = { projects: [{ id: 'a', cost: 1 }], budget: 1, voters: [['a', 'a']] }
    expect(countApprovals(instance).get('a')).toBe(1)
  })

  it('refuses ballots approving unknown projects', () => {
    const instance: Instance = { projects: [{ id: 'a', cost: 1 }], budget: 1, voters: [['b']] }
    expect(() => greedy(instance)).toThrow(RangeError)
  })

  it('selects nothing by MES without voters and stops its completions at once', () => {
    const instance: Instance = { projects: [{ id: 'a', cost: 1 }], budget: 5, voters: [] }
    expect(mes(instance).selected).toEqual([])
    expect(mesAdd1(instance)).toMatchObject({
      selected: [],
      increments: 0n,
      stopReason: 'exhaustive',
    })
  })

  it('runs mes_add1_full to pabutools’ bound when every supported project fits', () => {
    const instance: Instance = {
      projects: [
        { id: 'a', cost: 3 },
        { id: 'b', cost: 3 },
      ],
      budget: 10,
      voters: [['a'], ['b'], ['b']],
    }
    const outcome = mesAdd1Full(instance)
    expect([...outcome.selected].sort()).toEqual(['a', 'b'])
    expect(outcome.stopReason).toBe('budget_bound')
    expect(outcome.increments).toBe(10n)
  })
})

// -----------------------------------------------------------------------------------------------
// Property tests

/** A reference MES, written the obvious way: one exact budget per voter, sorted every time. */
function referenceMes(instance: Instance, b0: Rational): string[] {
  const ids = instance.projects.map((p) => p.id)
  const cost = new Map(instance.projects.map((p) => [p.id, BigInt(p.cost)]))
  const ballots = instance.voters.map((b) => new Set(b))
  const budgets = ballots.map(() => b0)
  const supporters = (id: string): number[] => ballots.flatMap((b, i) => (b.has(id) ? [i] : []))
  const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
  const selected = ids.filter((id) => cost.get(id) === 0n && supporters(id).length > 0).sort(byId)
  let remaining = ids.filter((id) => cost.get(id)! > 0n && supporters(id).length > 0)
  if (b0.num <= 0n) return selected
  for (;;) {
    let best: { id: string; rho: Rational; q: Rational } | undefined
    const affordable: string[] = []
    for (const id of remaining) {
      const c = fromInt(cost.get(id)!)
      const held = supporters(id)
        .map((i) => budgets[i]!)
        .sort(compare)
      const total = held.reduce(add, fromInt(0))
      if (compare(total, c) < 0) continue
      affordable.push(id)
      let paid = fromInt(0)
      let rich = held.length
      let q: Rational | undefined
      for (const b of held) {
        const share = div(sub(c, paid), fromInt(rich))
        if (compare(share, b) <= 0) {
          q = share
          break
        }
        paid = add(paid, b)
        rich--
      }
      const rho = div(q!, c)
      const order = best ? compare(rho, best.rho) || byId(id, best.id) : -1
      if (order < 0) best = { id, rho, q: q! }
    }
    remaining = affordable
    if (!best) return selected
    selected.push(best.id)
    remaining = remaining.filter((id) => id !== best.id)
    ballots.forEach((b, i) => {
      if (b.has(best.id)) budgets[i] = sub(budgets[i]!, min(budgets[i]!, best.q))
    })
  }
}

const idArb = fc.constantFrom('1', '2', '3', '10', '11', '20', 'a', 'b', 'c7', 'x')

/** Small instances; `scale` stretches money so that huge budgets exercise the same code paths. */
function instanceArb(
  options: { maxCost?: number; maxBudget?: number; scale?: bigint } = {},
): fc.Arbitrary<Instance> {
  const { maxCost = 40, maxBudget = 120, scale = 1n } = options
  return fc.uniqueArray(idArb, { minLength: 1, maxLength: 7 }).chain((ids) =>
    fc.record({
      projects: fc
        .array(fc.integer({ min: 0, max: maxCost }), {
          minLength: ids.length,
          maxLength: ids.length,
        })
        .map((costs) => ids.map((id, i) => ({ id, cost: BigInt(costs[i]!) * scale }))),
      budget: fc.integer({ min: 0, max: maxBudget }).map((b) => BigInt(b) * scale),
      voters: fc.array(fc.subarray(ids), { maxLength: 9 }),
    }),
  )
}

function costOf(instance: Instance, ids: readonly string[]): bigint {
  const cost = new Map(instance.projects.map((p) => [p.id, BigInt(p.cost)]))
  return ids.reduce((sum, id) => sum + cost.get(id)!, 0n)
}

/** Projects not selected whose cost still fits the leftover budget. */
function fittingLeftovers(
  instance: Instance,
  outcome: Selection,
  onlySupported: boolean,
): string[] {
  const approved = new Set(instance.voters.flat())
  const left = BigInt(instance.budget) - outcome.totalCost
  return instance.projects
    .filter((p) => !outcome.selected.includes(p.id) && BigInt(p.cost) <= left)
    .filter((p) => !onlySupported || (approved.has(p.id) && BigInt(p.cost) > 0n))
    .map((p) => p.id)
}

describe('properties of the rules', () => {
  it('greedy never exceeds the budget and leaves no fitting project out', () => {
    fc.assert(
      fc.property(instanceArb(), (instance) => {
        const outcome = greedy(instance)
        expect(outcome.totalCost).toBe(costOf(instance, outcome.selected))
        expect(outcome.totalCost <= BigInt(instance.budget)).toBe(true)
        expect(fittingLeftovers(instance, outcome, false)).toEqual([])
      }),
      { numRuns: 300 },
    )
  })

  it('greedy_threshold selects only projects with enough approvals, within budget', () => {
    fc.assert(
      fc.property(instanceArb(), fc.integer({ min: 0, max: 6 }), (instance, threshold) => {
        const outcome = greedyThreshold(instance, threshold)
        const approvals = countApprovals(instance)
        expect(outcome.selected.every((id) => approvals.get(id)! >= threshold)).toBe(true)
        expect(outcome.totalCost <= BigInt(instance.budget)).toBe(true)
      }),
      { numRuns: 200 },
    )
  })

  it('MES stays within the budget', () => {
    fc.assert(
      fc.property(instanceArb(), (instance) => {
        const outcome = mes(instance)
        expect(outcome.totalCost).toBe(costOf(instance, outcome.selected))
        expect(outcome.totalCost <= BigInt(instance.budget)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('MES equals a naive exact implementation, for any per-voter budget and money scale', () => {
    const budgetArb = fc
      .tuple(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 1, max: 7 }))
      .map(([n, d]) => fromFraction(n, d))
    const scaleArb = fc.constantFrom(1n, 1000n, 10n ** 15n)
    fc.assert(
      fc.property(
        scaleArb.chain((scale) =>
          fc.tuple(
            instanceArb({ scale }),
            budgetArb.map((b) => mul(b, fromInt(scale))),
          ),
        ),
        ([instance, b0]) => {
          expect(mes(instance, { perVoterBudget: b0 }).selected).toEqual(referenceMes(instance, b0))
        },
      ),
      { numRuns: 400 },
    )
  })

  it('mes_add1 stays within budget, and is exhaustive when it stops on exhaustiveness', () => {
    fc.assert(
      fc.property(instanceArb({ maxCost: 30, maxBudget: 80 }), (instance) => {
        const outcome = mesAdd1(instance)
        expect(outcome.totalCost <= BigInt(instance.budget)).toBe(true)
        if (outcome.stopReason === 'exhaustive') {
          expect(fittingLeftovers(instance, outcome, true)).toEqual([])
        } else if (outcome.stopReason === 'next_step_over_budget') {
          const next = mes(instance, { perVoterBudget: add(outcome.perVoterBudget, fromInt(1)) })
          expect(next.totalCost > BigInt(instance.budget)).toBe(true)
        }
        expect(mes(instance, { perVoterBudget: outcome.perVoterBudget }).selected).toEqual(
          outcome.selected,
        )
      }),
      { numRuns: 150 },
    )
  })

  it('mes_add1_full stays within budget and the next increment would overspend', () => {
    fc.assert(
      fc.property(instanceArb({ maxCost: 30, maxBudget: 80 }), (instance) => {
        const outcome = mesAdd1Full(instance)
        expect(outcome.totalCost <= BigInt(instance.budget)).toBe(true)
        if (outcome.stopReason === 'next_step_over_budget') {
          const next = mes(instance, { perVoterBudget: add(outcome.perVoterBudget, fromInt(1)) })
          expect(next.totalCost > BigInt(instance.budget)).toBe(true)
        }
      }),
      { numRuns: 150 },
    )
  })

  it('greedy completion keeps the outcome, stays within budget and leaves nothing that fits', () => {
    fc.assert(
      fc.property(instanceArb(), (instance) => {
        const base = mes(instance)
        const completed = withGreedyCompletion(instance, base)
        expect(completed.selected.slice(0, base.selected.length)).toEqual(base.selected)
        expect(completed.totalCost <= BigInt(instance.budget)).toBe(true)
        expect(fittingLeftovers(instance, completed, false)).toEqual([])
      }),
      { numRuns: 200 },
    )
  })
})

describe('properties of rational arithmetic', () => {
  const rationalArb = fc
    .tuple(
      fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
      fc.bigInt({ min: 1n, max: 10n ** 12n }),
    )
    .map(([n, d]) => fromFraction(n, d))

  it('keeps fractions normalised', () => {
    fc.assert(
      fc.property(rationalArb, rationalArb, (a, b) => {
        for (const r of [a, b, add(a, b), sub(a, b), mul(a, b)]) {
          expect(r.den > 0n).toBe(true)
          expect(gcd(r.num, r.den)).toBe(1n)
        }
      }),
    )
  })

  it('satisfies the field laws', () => {
    fc.assert(
      fc.property(rationalArb, rationalArb, rationalArb, (a, b, c) => {
        expect(equals(add(a, b), add(b, a))).toBe(true)
        expect(equals(add(add(a, b), c), add(a, add(b, c)))).toBe(true)
        expect(equals(mul(a, add(b, c)), add(mul(a, b), mul(a, c)))).toBe(true)
        expect(equals(sub(add(a, b), b), a)).toBe(true)
        if (b.num !== 0n) expect(equals(mul(div(a, b), b), a)).toBe(true)
      }),
    )
  })

  it('orders consistently with subtraction, min and max', () => {
    fc.assert(
      fc.property(rationalArb, rationalArb, (a, b) => {
        const d = sub(a, b)
        expect(compare(a, b)).toBe(d.num < 0n ? -1 : d.num > 0n ? 1 : 0)
        expect(compare(min(a, b), max(a, b)) <= 0).toBe(true)
        expect(equals(add(min(a, b), max(a, b)), add(a, b))).toBe(true)
      }),
    )
  })

  it('formats and parses back', () => {
    fc.assert(
      fc.property(rationalArb, (a) => {
        expect(equals(parseRational(formatRational(a)), a)).toBe(true)
      }),
    )
  })

  it('refuses a zero denominator and division by zero', () => {
    expect(() => fromFraction(1, 0)).toThrow(RangeError)
    expect(() => div(fromInt(1), fromInt(0))).toThrow(RangeError)
  })
})
