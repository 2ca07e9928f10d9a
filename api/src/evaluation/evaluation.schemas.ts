import * as v from 'valibot'

/** Input and output shapes of the satisfaction evaluation (满意度测评) and rectification (整改). */
const Id = (what: string) => v.pipe(v.string(), v.uuid(`${what} must be an id`))
const Text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max))
const DateText = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, 'A date is written YYYY-MM-DD'),
  v.check((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'Not a calendar date'),
)

export const RatingSchema = v.picklist(['satisfied', 'basically', 'dissatisfied', 'abstain'])
export const GradeSchema = v.picklist(['satisfied', 'basically', 'dissatisfied'])
export const RectificationStateSchema = v.picklist(['open', 'answered', 'verified', 'closed'])

export const CreateEvaluationInput = v.strictObject({
  title: v.optional(Text(200)),
  /** The projects to rate (default: every project of the cycle), e.g. a re-evaluation (复评). */
  projectIds: v.optional(v.pipe(v.array(Id('projectIds')), v.minLength(1), v.maxLength(200))),
})
export type CreateEvaluationInput = v.InferOutput<typeof CreateEvaluationInput>

/** `{ [projectId]: rating }`; a project left out counts as 弃权, like an unmarked box. */
export const RatingsInput = v.strictObject({
  ratings: v.pipe(
    v.record(v.pipe(v.string(), v.maxLength(64)), RatingSchema),
    v.check((r) => Object.keys(r).length <= 200, 'Too many entries'),
  ),
})

export const AssignInput = v.strictObject({
  deadline: v.optional(DateText),
  requirement: v.optional(Text(2000)),
})
export const AnswerInput = v.strictObject({ measures: Text(5000) })
export const NoteInput = v.strictObject({ note: v.optional(Text(2000)) })
export const SendBackInput = v.strictObject({ note: Text(2000), deadline: v.optional(DateText) })
export const ReopenInput = v.strictObject({ note: Text(2000), deadline: v.optional(DateText) })

export const RectificationListQuery = v.object({
  state: v.optional(v.picklist(['open', 'answered', 'verified', 'closed', 'all', 'unfinished'])),
})

// ── outputs (OpenAPI documentation) ───────────────────────────────────────────────────────

const Fraction = v.object({ numerator: v.number(), denominator: v.number() })
const Turnout = v.object({ entitled: v.number(), present: v.number(), voted: v.number() })

export const EvaluationProject = v.object({
  projectId: v.nullable(v.string()),
  candidateId: v.string(),
  title: v.string(),
  responsibleUnit: v.string(),
  category: v.string(),
})

export const Evaluation = v.object({
  id: v.string(),
  cycleId: v.string(),
  jurisdictionId: v.string(),
  title: v.string(),
  state: v.picklist(['draft', 'open', 'closed', 'certified', 'published']),
  rules: v.object({
    basis: v.string(),
    comparison: v.optional(v.string()),
    satisfactionThreshold: v.optional(v.string()),
    frozen: v.boolean(),
  }),
  projects: v.array(EvaluationProject),
  turnout: Turnout,
  checkInCode: v.optional(v.string()),
  createdAt: v.string(),
  openedAt: v.nullable(v.string()),
  closedAt: v.nullable(v.string()),
  certifiedAt: v.nullable(v.string()),
  publishedAt: v.nullable(v.string()),
})

export const EvaluationBallot = v.object({
  evaluationId: v.string(),
  title: v.string(),
  state: v.string(),
  onRoster: v.boolean(),
  present: v.boolean(),
  hasVoted: v.boolean(),
  ratings: v.array(RatingSchema),
  projects: v.array(
    v.object({
      projectId: v.string(),
      title: v.string(),
      description: v.string(),
      responsibleUnit: v.string(),
      category: v.string(),
      targets: v.nullable(v.string()),
      status: v.nullable(v.string()),
      percentComplete: v.nullable(v.number()),
    }),
  ),
})

export const ResultRow = v.object({
  projectId: v.nullable(v.string()),
  candidateId: v.string(),
  title: v.string(),
  responsibleUnit: v.string(),
  satisfied: v.number(),
  basically: v.number(),
  dissatisfied: v.number(),
  abstain: v.number(),
  rate: v.nullable(Fraction),
  ratePercent: v.nullable(v.string()),
  grade: v.nullable(GradeSchema),
  belowThreshold: v.boolean(),
  rectify: v.boolean(),
})

export const EvaluationResult = v.object({
  evaluationId: v.string(),
  cycleId: v.string(),
  title: v.string(),
  state: v.string(),
  status: v.picklist(['decided', 'void']),
  rule: v.object({
    basis: v.picklist(['all', 'valid']),
    basisCount: v.number(),
    comparison: v.picklist(['reach', 'exceed']),
    threshold: v.string(),
    thresholdPercent: v.string(),
    rounding: v.string(),
  }),
  turnout: Turnout,
  ballots: v.object({
    electronic: v.number(),
    paper: v.number(),
    valid: v.number(),
    invalid: v.number(),
  }),
  rows: v.array(ResultRow),
  summary: v.object({
    satisfied: v.number(),
    basically: v.number(),
    dissatisfied: v.number(),
    rectify: v.number(),
  }),
  chainHead: v.nullable(v.string()),
  certifiedAt: v.nullable(v.string()),
  publishedAt: v.nullable(v.string()),
})

export const Rectification = v.object({
  id: v.string(),
  cycleId: v.string(),
  evaluationId: v.string(),
  projectId: v.string(),
  projectTitle: v.string(),
  unitId: v.nullable(v.string()),
  responsibleUnit: v.string(),
  belowThreshold: v.boolean(),
  gradedDissatisfied: v.boolean(),
  grade: GradeSchema,
  ratePercent: v.string(),
  state: RectificationStateSchema,
  deadline: v.nullable(v.string()),
  overdue: v.boolean(),
  requirement: v.nullable(v.string()),
  measures: v.nullable(v.string()),
  answeredAt: v.nullable(v.string()),
  verificationNote: v.nullable(v.string()),
  closedAt: v.nullable(v.string()),
  createdAt: v.string(),
  actions: v.array(v.string()),
})

export const RectificationDetail = v.object({
  ...Rectification.entries,
  events: v.array(
    v.object({
      action: v.string(),
      fromState: v.nullable(v.string()),
      toState: v.string(),
      note: v.nullable(v.string()),
      deadline: v.nullable(v.string()),
      actorRole: v.string(),
      actorName: v.nullable(v.string()),
      at: v.string(),
    }),
  ),
})

export const PublicRectification = v.object({
  id: v.string(),
  projectId: v.string(),
  projectTitle: v.string(),
  responsibleUnit: v.string(),
  grade: GradeSchema,
  ratePercent: v.string(),
  belowThreshold: v.boolean(),
  state: RectificationStateSchema,
  deadline: v.nullable(v.string()),
  measures: v.nullable(v.string()),
  answeredAt: v.nullable(v.string()),
  closedAt: v.nullable(v.string()),
})
