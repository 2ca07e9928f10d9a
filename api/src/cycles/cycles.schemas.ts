import * as v from 'valibot'
import { isIsoDate, PHASES, toTenThousandths } from './cycles.rules.js'

/** Project categories: codes in the API, Chinese in the UI (and in spreadsheets). */
export const CATEGORIES = [
  'education',
  'health',
  'elderly',
  'childcare',
  'transport',
  'housing',
  'environment',
  'culture',
  'employment',
  'rural',
  'other',
] as const
export type Category = (typeof CATEGORIES)[number]
export const CATEGORY_LABELS: Record<Category, string> = {
  education: '教育',
  health: '医疗卫生',
  elderly: '养老',
  childcare: '托育',
  transport: '交通',
  housing: '住房',
  environment: '环境',
  culture: '文体',
  employment: '就业',
  rural: '农村',
  other: '其他',
}
export const CategorySchema = v.picklist(
  CATEGORIES,
  `Unknown category; use one of ${CATEGORIES.join(', ')}`,
)

export const PhaseSchema = v.picklist(PHASES, `Unknown phase; use one of ${PHASES.join(', ')}`)
export const PHASE_LABELS: Record<(typeof PHASES)[number], string> = {
  solicitation: '征集',
  screening: '筛选论证',
  candidates_locked: '候选项目已审定',
  voting: '票决',
  implementing: '实施',
  evaluating: '满意度测评',
  closed: '已结束',
}

export const ThresholdBasisSchema = v.picklist(['all', 'present'])
export const BallotFormSchema = v.picklist(['for_against_abstain', 'approve_up_to_n'])
export const EvaluationBasisSchema = v.picklist(['all', 'valid'])
export const EvaluationComparisonSchema = v.picklist(['reach', 'exceed'])

/** A JSON number in [0, 1] with at most 4 decimals (0.2 = 20 %). */
export const RatioSchema = v.pipe(
  v.number('Must be a number between 0 and 1'),
  v.minValue(0, 'Must be at least 0'),
  v.maxValue(1, 'Must be at most 1'),
  v.check((r) => toTenThousandths(r) !== null, 'At most 4 decimals (e.g. 0.2 or 0.125)'),
)

export const FenSchema = v.pipe(
  v.number('Must be an amount in fen (分)'),
  v.safeInteger('Must be a whole number of fen (分)'),
  v.minValue(0, 'Must not be negative'),
  v.maxValue(100_000_000_000_000, 'Amount too large'),
)

export const IsoDateSchema = v.pipe(
  v.string(),
  v.check(isIsoDate, 'Must be a date in the form YYYY-MM-DD'),
)

export const Text = (max: number, label = 'This field') =>
  v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, `${label} is required`),
    v.maxLength(max, `${label} is too long (at most ${max} characters)`),
  )
export const OptionalText = (max: number) =>
  v.pipe(v.string(), v.trim(), v.maxLength(max, `Too long (at most ${max} characters)`))

const Year = v.pipe(
  v.number(),
  v.integer('Year must be a whole number'),
  v.minValue(2000),
  v.maxValue(2100),
)
const Seats = v.pipe(
  v.number(),
  v.integer('Seats must be a whole number'),
  v.minValue(1),
  v.maxValue(200),
)

export const CreateCycleInput = v.strictObject({
  year: Year,
  title: Text(200, 'Title'),
  seats: Seats,
  marginRatio: RatioSchema,
  fundPoolFen: FenSchema,
  thresholdBasis: ThresholdBasisSchema,
  ballotForm: BallotFormSchema,
  satisfactionThreshold: v.optional(RatioSchema),
  evaluationBasis: v.optional(EvaluationBasisSchema),
  evaluationComparison: v.optional(EvaluationComparisonSchema),
  solicitationNotice: v.optional(v.nullable(OptionalText(20_000))),
  solicitationDeadline: v.optional(v.nullable(IsoDateSchema)),
  fundPoolDoc: v.optional(v.nullable(OptionalText(200))),
})
export type CreateCycleInput = v.InferOutput<typeof CreateCycleInput>

export const UpdateCycleInput = v.pipe(
  v.strictObject({
    year: v.optional(Year),
    title: v.optional(Text(200, 'Title')),
    seats: v.optional(Seats),
    marginRatio: v.optional(RatioSchema),
    fundPoolFen: v.optional(FenSchema),
    thresholdBasis: v.optional(ThresholdBasisSchema),
    ballotForm: v.optional(BallotFormSchema),
    satisfactionThreshold: v.optional(RatioSchema),
    evaluationBasis: v.optional(EvaluationBasisSchema),
    evaluationComparison: v.optional(EvaluationComparisonSchema),
    solicitationNotice: v.optional(v.nullable(OptionalText(20_000))),
    solicitationDeadline: v.optional(v.nullable(IsoDateSchema)),
    fundPoolDoc: v.optional(v.nullable(OptionalText(200))),
  }),
  v.check((o) => Object.keys(o).length > 0, 'Nothing to change'),
)
export type UpdateCycleInput = v.InferOutput<typeof UpdateCycleInput>

export const PhaseChangeInput = v.strictObject({ to: PhaseSchema })

export const Cycle = v.object({
  id: v.string(),
  jurisdictionId: v.string(),
  year: v.number(),
  title: v.string(),
  seats: v.number(),
  marginRatio: v.number(),
  requiredCandidates: v.number(),
  candidateCount: v.number(),
  fundPoolFen: v.number(),
  fundPoolDoc: v.nullable(v.string()),
  thresholdBasis: ThresholdBasisSchema,
  ballotForm: BallotFormSchema,
  satisfactionThreshold: v.number(),
  evaluationBasis: EvaluationBasisSchema,
  evaluationComparison: EvaluationComparisonSchema,
  phase: PhaseSchema,
  staffTransitions: v.array(PhaseSchema),
  acceptingSuggestions: v.boolean(),
  solicitationNotice: v.nullable(v.string()),
  solicitationDeadline: v.nullable(v.string()),
  candidatesLockedAt: v.nullable(v.string()),
  listVersion: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
})
export type Cycle = v.InferOutput<typeof Cycle>

export const CycleSummary = v.object({
  id: v.string(),
  year: v.number(),
  title: v.string(),
  phase: PhaseSchema,
})

export const PublicCandidate = v.object({
  id: v.string(),
  title: v.string(),
  description: v.string(),
  category: CategorySchema,
  responsibleUnit: v.string(),
  estimateFen: v.number(),
  fundingSource: v.string(),
  targets: v.nullable(v.string()),
  location: v.nullable(v.string()),
  plannedCompletion: v.nullable(v.string()),
})

export const PublicCycle = v.object({
  id: v.string(),
  jurisdiction: v.object({ id: v.string(), name: v.string(), level: v.string() }),
  year: v.number(),
  title: v.string(),
  seats: v.number(),
  marginRatio: v.number(),
  requiredCandidates: v.number(),
  fundPoolFen: v.number(),
  thresholdBasis: ThresholdBasisSchema,
  ballotForm: BallotFormSchema,
  phase: PhaseSchema,
  solicitationNotice: v.nullable(v.string()),
  solicitationDeadline: v.nullable(v.string()),
  acceptingSuggestions: v.boolean(),
  /** null until the list is locked (审定); then the fixed list in ballot order. */
  candidates: v.nullable(v.array(PublicCandidate)),
})

export const PublicJurisdictionList = v.object({
  items: v.array(
    v.object({
      id: v.string(),
      name: v.string(),
      level: v.string(),
      parentId: v.nullable(v.string()),
      cycles: v.array(CycleSummary),
    }),
  ),
})
