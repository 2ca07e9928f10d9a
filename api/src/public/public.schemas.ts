import * as v from 'valibot'

export const YearQuery = v.object({
  year: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{4}$/, 'year must be four digits'),
      v.transform(Number),
      v.minValue(2000),
      v.maxValue(2100),
    ),
  ),
})

const Agg = v.object({
  projects: v.number(),
  budgetedFen: v.number(),
  disbursedFen: v.number(),
  completed: v.number(),
  avgPercent: v.nullable(v.number()),
  rated: v.number(),
  satisfied: v.number(),
  statusCounts: v.record(v.string(), v.number()),
})
const J = v.object({
  id: v.string(),
  name: v.string(),
  level: v.string(),
  parentId: v.nullable(v.string()),
})

export const Overview = v.object({
  jurisdiction: J,
  ancestors: v.array(J),
  children: v.array(J),
  year: v.number(),
  years: v.array(v.number()),
  asOf: v.string(),
  cycles: v.array(
    v.object({
      id: v.string(),
      title: v.string(),
      resultPublished: v.boolean(),
      selectionVoteIds: v.array(v.string()),
      evaluationIds: v.array(v.string()),
    }),
  ),
  projects: v.array(
    v.object({
      id: v.string(),
      title: v.string(),
      responsibleUnit: v.string(),
      budgetedFen: v.number(),
      disbursedFen: v.number(),
      status: v.string(),
      percentComplete: v.nullable(v.number()),
    }),
  ),
  totals: Agg,
  units: v.array(
    v.object({
      responsibleUnit: v.string(),
      projects: v.number(),
      budgetedFen: v.number(),
      disbursedFen: v.number(),
    }),
  ),
  monthly: v.array(
    v.object({ month: v.string(), amountFen: v.number(), cumulativeFen: v.number() }),
  ),
  rollup: v.array(v.object({ jurisdiction: J, depth: v.number(), own: Agg, total: Agg })),
})

const Turnout = v.object({ entitled: v.number(), present: v.number(), voted: v.number() })
export const Results = v.object({
  jurisdiction: J,
  ancestors: v.array(J),
  year: v.number(),
  years: v.array(v.number()),
  votes: v.array(
    v.object({
      voteId: v.string(),
      cycleId: v.string(),
      cycleTitle: v.string(),
      kind: v.picklist(['selection', 'runoff']),
      title: v.string(),
      status: v.string(),
      basis: v.string(),
      basisCount: v.number(),
      threshold: v.number(),
      seats: v.number(),
      form: v.string(),
      turnout: Turnout,
      ballots: v.object({
        electronic: v.number(),
        paper: v.number(),
        valid: v.number(),
        invalid: v.number(),
      }),
      ties: v.array(v.string()),
      shortfall: v.number(),
      publishedAt: v.nullable(v.string()),
      rows: v.array(
        v.object({
          candidateId: v.string(),
          title: v.string(),
          for: v.number(),
          against: v.number(),
          abstain: v.number(),
          passed: v.boolean(),
          rank: v.nullable(v.number()),
          selected: v.boolean(),
          projectId: v.nullable(v.string()),
        }),
      ),
    }),
  ),
  evaluations: v.array(
    v.object({
      evaluationId: v.string(),
      cycleId: v.string(),
      title: v.string(),
      status: v.string(),
      thresholdPercent: v.string(),
      turnout: Turnout,
      publishedAt: v.nullable(v.string()),
      rows: v.array(
        v.object({
          projectId: v.nullable(v.string()),
          title: v.string(),
          responsibleUnit: v.string(),
          satisfied: v.number(),
          basically: v.number(),
          dissatisfied: v.number(),
          abstain: v.number(),
          ratePercent: v.nullable(v.string()),
          grade: v.nullable(v.string()),
          rectify: v.boolean(),
        }),
      ),
    }),
  ),
})
