import * as v from 'valibot'

/** Inputs and outputs of the deputy performance record (履职档案). */
export const RecordQuery = v.object({
  year: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{4}$/, 'year is a four-digit year'),
      v.transform(Number),
      v.minValue(2000),
      v.maxValue(2100),
    ),
  ),
})

export const TargetsInput = v.strictObject({
  minSuggestions: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100)),
  minInspections: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100)),
  /** Basis points: 10000 = took part in every vote and evaluation. */
  minVoteParticipationBp: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000)),
})

export const Targets = v.object({ ...TargetsInput.entries, custom: v.boolean() })

const Ballot = v.object({
  voteId: v.string(),
  cycleId: v.string(),
  title: v.string(),
  kind: v.picklist(['selection', 'runoff', 'evaluation']),
  date: v.nullable(v.string()),
  present: v.boolean(),
  voted: v.boolean(),
})

export const DeputyRecord = v.object({
  deputy: v.object({
    id: v.string(),
    displayName: v.string(),
    delegation: v.nullable(v.string()),
    constituency: v.nullable(v.string()),
    jurisdictionId: v.string(),
    jurisdictionName: v.string(),
  }),
  year: v.number(),
  years: v.array(v.number()),
  targets: v.object({
    ...Targets.entries,
    status: v.array(
      v.object({
        key: v.picklist(['suggestions', 'inspections', 'participation']),
        target: v.number(),
        actual: v.number(),
        of: v.optional(v.number()),
        applicable: v.boolean(),
        met: v.boolean(),
      }),
    ),
  }),
  summary: v.record(v.string(), v.number()),
  suggestions: v.array(
    v.object({
      id: v.string(),
      cycleId: v.string(),
      title: v.string(),
      category: v.string(),
      trackingCode: v.string(),
      outcome: v.string(),
      reply: v.nullable(v.string()),
      submittedAt: v.string(),
      outcomeAt: v.nullable(v.string()),
    }),
  ),
  votes: v.array(Ballot),
  evaluations: v.array(Ballot),
  supervision: v.object({
    groups: v.array(
      v.object({ projectId: v.string(), projectTitle: v.string(), role: v.string() }),
    ),
    inspections: v.array(
      v.object({
        id: v.string(),
        projectId: v.string(),
        projectTitle: v.string(),
        date: v.string(),
        findings: v.string(),
      }),
    ),
    issues: v.array(
      v.object({
        id: v.string(),
        projectId: v.string(),
        projectTitle: v.string(),
        title: v.string(),
        state: v.string(),
        raisedOn: v.string(),
        closedOn: v.nullable(v.string()),
      }),
    ),
  }),
})
