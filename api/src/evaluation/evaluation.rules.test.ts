import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  belowThreshold,
  gradeEvaluation,
  gradeOf,
  gradeProject,
  gradeRank,
  parseThreshold,
  percentText,
  rectificationActions,
  rectificationStep,
  satisfactionRate,
  type Grade,
  type GradingRule,
  type RatingCounts,
} from './evaluation.rules.js'

/**
 * The hand calculation (docs/decisions/051-satisfaction-rate-and-grade.md): published-style counts
 * of 满意 / 基本满意 / 不满意 / 弃权, with the rate worked out by hand as (满意 + 基本满意) / valid
 * ballots to one decimal of percent, half up, and the grade by the 镇海 rule.
 */
const counts = (satisfied: number, basically: number, dissatisfied: number, abstain: number) => ({
  satisfied,
  basically,
  dissatisfied,
  abstain,
})

describe('hand calculation: 150 members, 140 valid ballots, basis all members, reach, threshold 80%', () => {
  // Half of all members: 75. 满意 ≥ 75 → 满意; else 满意 + 基本满意 ≥ 75 → 基本满意; else 不满意.
  const rule: GradingRule = { basis: 'all', comparison: 'reach', threshold: 8000 }
  const figures = { entitled: 150, valid: 140 }
  const table: [string, RatingCounts, string, Grade, boolean][] = [
    // project, counts, rate by hand, grade by hand, rectification
    ['免费接种乙肝疫苗', counts(120, 15, 3, 2), '96.4', 'satisfied', false], // 135/140 = 96.428…
    ['老年幸福餐桌', counts(70, 50, 15, 5), '85.7', 'basically', false], // 120/140 = 85.714…; 70 < 75
    ['城区排水提质增效', counts(40, 60, 35, 5), '71.4', 'basically', true], // 100/140 = 71.428… < 80 %
    ['改善农村出行条件', counts(30, 40, 65, 5), '50.0', 'dissatisfied', true], // 30 + 40 = 70 < 75
    ['增加婴幼儿托育托位', counts(75, 40, 20, 5), '82.1', 'satisfied', false], // 75 reaches 75 exactly
    ['困难老人适老化改造', counts(1, 111, 27, 1), '80.0', 'basically', false], // 112/140 = 80 % exactly
  ]
  it.each(table)('%s', (_title, c, rate, grade, rectify) => {
    expect(c.satisfied + c.basically + c.dissatisfied + c.abstain).toBe(140)
    const g = gradeProject(c, figures, rule)
    expect(g.ratePercent).toBe(rate)
    expect(g.grade).toBe(grade)
    expect(g.rectify).toBe(rectify)
  })
  it('the same counts graded on "exceed": exactly half of the members no longer makes 满意', () => {
    const g = gradeProject(counts(75, 40, 20, 5), figures, { ...rule, comparison: 'exceed' })
    expect(g.grade).toBe('basically')
  })
})

describe('hand calculation: 90 members, 80 valid ballots, basis valid ballots, exceed, threshold 90%', () => {
  // Half of the valid ballots: 40; "exceed" needs more than 40.
  const rule: GradingRule = { basis: 'valid', comparison: 'exceed', threshold: 9000 }
  const figures = { entitled: 90, valid: 80 }
  const table: [RatingCounts, string, Grade, Grade, boolean][] = [
    // counts, rate, grade (exceed), grade had the rule been reach, rectification (exceed)
    [counts(40, 37, 2, 1), '96.3', 'basically', 'satisfied', false], // 77/80 = 96.25 → 96.3 (half up)
    [counts(20, 20, 39, 1), '50.0', 'dissatisfied', 'basically', true], // 40 is not more than 40
    [counts(60, 10, 10, 0), '87.5', 'satisfied', 'satisfied', true], // 满意, but 87.5 % < 90 %
    [counts(0, 1, 79, 0), '1.3', 'dissatisfied', 'dissatisfied', true], // 1/80 = 1.25 → 1.3
  ]
  it.each(table)('%o', (c, rate, grade, gradeIfReach, rectify) => {
    const g = gradeProject(c, figures, rule)
    expect(g.ratePercent).toBe(rate)
    expect(g.grade).toBe(grade)
    expect(g.rectify).toBe(rectify)
    expect(gradeProject(c, figures, { ...rule, comparison: 'reach' }).grade).toBe(gradeIfReach)
  })
})

describe('satisfaction rate', () => {
  it('is an exact fraction over the valid ballots, null without any', () => {
    expect(satisfactionRate(counts(3, 4, 2, 1), 10)).toEqual({ numerator: 7, denominator: 10 })
    expect(satisfactionRate(counts(0, 0, 0, 0), 0)).toBeNull()
  })
  it('is shown to one decimal of percent, rounded half up', () => {
    expect(percentText({ numerator: 2, denominator: 3 })).toBe('66.7')
    expect(percentText({ numerator: 1, denominator: 16 })).toBe('6.3')
    expect(percentText({ numerator: 1, denominator: 8 })).toBe('12.5')
    expect(percentText({ numerator: 1, denominator: 1 })).toBe('100.0')
    expect(percentText({ numerator: 0, denominator: 7 })).toBe('0.0')
    expect(percentText({ numerator: 1, denominator: 3 }, 0)).toBe('33')
  })
  it('compares with the threshold exactly (80 % is not below 80 %)', () => {
    expect(belowThreshold({ numerator: 4, denominator: 5 }, 8000)).toBe(false)
    expect(belowThreshold({ numerator: 799_999, denominator: 1_000_000 }, 8000)).toBe(true)
  })
  it('reads the numeric(5,4) threshold exactly', () => {
    expect(parseThreshold('0.8000')).toBe(8000)
    expect(parseThreshold('0.85')).toBe(8500)
    expect(parseThreshold('1.0000')).toBe(10000)
    expect(parseThreshold('0.12345')).toBeNull()
    expect(parseThreshold('1.5')).toBeNull()
  })
  it('grades nothing when the basis is empty (no valid ballot on the valid basis)', () => {
    expect(gradeOf(counts(0, 0, 0, 0), 0, 'reach')).toBeNull()
    const g = gradeProject(
      counts(0, 0, 0, 0),
      { entitled: 5, valid: 0 },
      { basis: 'valid', comparison: 'reach', threshold: 8000 },
    )
    expect(g).toMatchObject({ rate: null, ratePercent: null, grade: null, rectify: false })
  })
})

// ── properties ─────────────────────────────────────────────────────────────────────────────

/** Counts of one project on `valid` ballots, with the entitled count at least `valid`. */
const scenario = fc
  .tuple(
    fc.nat({ max: 300 }),
    fc.nat({ max: 300 }),
    fc.nat({ max: 300 }),
    fc.nat({ max: 300 }),
    fc.nat({ max: 100 }),
  )
  .map(([s, b, d, a, extra]) => {
    const c = counts(s, b, d, a)
    const valid = s + b + d + a
    return { c, valid, entitled: valid + extra }
  })
const ruleArb = fc.record({
  basis: fc.constantFrom<'all' | 'valid'>('all', 'valid'),
  comparison: fc.constantFrom<'reach' | 'exceed'>('reach', 'exceed'),
  threshold: fc.integer({ min: 0, max: 10_000 }),
})

describe('properties', () => {
  it('the rate is in [0, 1] and its display rounds to within half a tenth of a percent', () => {
    fc.assert(
      fc.property(scenario, ({ c, valid }) => {
        fc.pre(valid > 0)
        const r = satisfactionRate(c, valid)!
        expect(r.numerator).toBeGreaterThanOrEqual(0)
        expect(r.numerator).toBeLessThanOrEqual(r.denominator)
        const shown = Number(percentText(r))
        const exact = (r.numerator / r.denominator) * 100
        expect(shown).toBeGreaterThanOrEqual(0)
        expect(shown).toBeLessThanOrEqual(100)
        expect(Math.abs(shown - exact)).toBeLessThanOrEqual(0.05 + 1e-9)
      }),
    )
  })

  it('is monotone: a vote moved up the scale never lowers the rate or the grade', () => {
    const moves: [keyof RatingCounts, keyof RatingCounts][] = [
      ['dissatisfied', 'basically'],
      ['basically', 'satisfied'],
      ['abstain', 'satisfied'],
      ['dissatisfied', 'satisfied'],
      ['abstain', 'basically'],
    ]
    fc.assert(
      fc.property(
        scenario,
        ruleArb,
        fc.constantFrom(...moves),
        ({ c, valid, entitled }, rule, [from, to]) => {
          fc.pre(c[from] > 0)
          const better = { ...c, [from]: c[from] - 1, [to]: c[to] + 1 }
          const a = gradeProject(c, { entitled, valid }, rule)
          const b = gradeProject(better, { entitled, valid }, rule)
          expect(b.rate!.numerator * a.rate!.denominator).toBeGreaterThanOrEqual(
            a.rate!.numerator * b.rate!.denominator,
          )
          expect(gradeRank(b.grade)).toBeGreaterThanOrEqual(gradeRank(a.grade))
          // a project better rated is never the one needing rectification when the other does not
          if (a.rectify === false) expect(b.rectify).toBe(false)
        },
      ),
    )
  })

  it('at exactly half of the basis, "reach" grades 满意 and "exceed" does not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.nat({ max: 500 }), (half, basically) => {
        const basis = 2 * half
        const c = counts(half, basically, 0, 0)
        expect(gradeOf(c, basis, 'reach')).toBe('satisfied')
        expect(gradeOf(c, basis, 'exceed')).not.toBe('satisfied')
        // one more 满意 vote exceeds half too
        expect(gradeOf({ ...c, satisfied: half + 1 }, basis, 'exceed')).toBe('satisfied')
      }),
    )
  })

  it('"exceed" never grades better than "reach", and 不满意 always opens rectification', () => {
    fc.assert(
      fc.property(scenario, ruleArb, ({ c, valid, entitled }, rule) => {
        const reach = gradeProject(c, { entitled, valid }, { ...rule, comparison: 'reach' })
        const exceed = gradeProject(c, { entitled, valid }, { ...rule, comparison: 'exceed' })
        expect(gradeRank(exceed.grade)).toBeLessThanOrEqual(gradeRank(reach.grade))
        if (exceed.grade === 'dissatisfied') expect(exceed.rectify).toBe(true)
      }),
    )
  })

  it('the "all members" basis is never more lenient than the "valid ballots" basis', () => {
    fc.assert(
      fc.property(scenario, ruleArb, ({ c, valid, entitled }, rule) => {
        fc.pre(valid > 0)
        const all = gradeProject(c, { entitled, valid }, { ...rule, basis: 'all' })
        const onValid = gradeProject(c, { entitled, valid }, { ...rule, basis: 'valid' })
        expect(gradeRank(all.grade)).toBeLessThanOrEqual(gradeRank(onValid.grade))
      }),
    )
  })
})

describe('gradeEvaluation', () => {
  it('grades every row of a count with the frozen rule', () => {
    const g = gradeEvaluation({
      basis: 'all',
      comparison: 'reach',
      satisfactionThreshold: '0.8000',
      turnout: { entitled: 150 },
      ballots: { valid: 140 },
      rows: [
        { candidateId: 'a', ...counts(120, 15, 3, 2) },
        { candidateId: 'b', ...counts(30, 40, 65, 5) },
      ],
    })
    expect(g.rule).toEqual({
      basis: 'all',
      basisCount: 150,
      comparison: 'reach',
      threshold: '0.8000',
      rounding: 'percent-1dp-half-up',
    })
    expect(g.rows.map((r) => [r.candidateId, r.ratePercent, r.grade, r.rectify])).toEqual([
      ['a', '96.4', 'satisfied', false],
      ['b', '50.0', 'dissatisfied', true],
    ])
  })
})

describe('rectification state machine', () => {
  it('lets the unit answer and staff verify, send back, close and reopen', () => {
    expect(rectificationStep('open', 'answer', ['unit'])).toEqual({ ok: true, to: 'answered' })
    expect(rectificationStep('answered', 'verify', ['staff'])).toEqual({ ok: true, to: 'verified' })
    expect(rectificationStep('verified', 'send_back', ['staff'])).toEqual({ ok: true, to: 'open' })
    expect(rectificationStep('answered', 'close', ['staff'])).toEqual({ ok: true, to: 'closed' })
    expect(rectificationStep('closed', 'reopen', ['staff'])).toEqual({ ok: true, to: 'open' })
  })
  it('refuses steps out of order and by the wrong party', () => {
    expect(rectificationStep('open', 'close', ['staff'])).toMatchObject({
      ok: false,
      code: 'ILLEGAL_TRANSITION',
    })
    expect(rectificationStep('open', 'answer', ['staff'])).toMatchObject({
      ok: false,
      code: 'NOT_ALLOWED',
    })
    expect(rectificationStep('answered', 'verify', ['unit'])).toMatchObject({
      ok: false,
      code: 'NOT_ALLOWED',
    })
  })
  it('offers each party its buttons', () => {
    expect(rectificationActions('open', ['unit'])).toEqual(['answer'])
    expect(rectificationActions('answered', ['staff'])).toEqual(['verify', 'send_back', 'close'])
    expect(rectificationActions('closed', ['unit'])).toEqual([])
  })
})
