import * as v from 'valibot'

/**
 * What-if analysis (issue 10): input and output shapes. Money is a JSON number of the instance's
 * unit — fen (分) for our votes, the file's currency unit for imported pabulib files — always an
 * exact integer (amounts beyond 2^53 are refused at import). Exact fractions (per-voter budgets)
 * are strings "num/den"; bigint counts are numbers.
 */

export const RULES = [
  'legal',
  'official',
  'greedy',
  'greedy_threshold',
  'mes',
  'mes_add1',
  'mes_add1_u',
  'mes_add1_full',
  'mes_add1_full_u',
] as const
export const RuleKey = v.picklist(RULES)
export type RuleKey = v.InferOutput<typeof RuleKey>

export const Bilingual = v.object({ 'zh-CN': v.string(), en: v.string() })
export type Bilingual = v.InferOutput<typeof Bilingual>

export const Money = v.object({
  /** 'fen': amounts are fen of CNY; 'unit': whole units of `currency` (as in the .pb file). */
  unit: v.picklist(['fen', 'unit']),
  currency: v.nullable(v.string()),
})
export type Money = v.InferOutput<typeof Money>

export const ComparedProject = v.object({
  id: v.string(),
  name: v.string(),
  category: v.nullable(v.string()),
  cost: v.number(),
  /** 赞成 (approvals). */
  approvals: v.number(),
})
export type ComparedProject = v.InferOutput<typeof ComparedProject>

export const RuleOutcome = v.object({
  rule: RuleKey,
  label: Bilingual,
  /** Project ids in the order the rule chose them. */
  selected: v.array(v.string()),
  totalCost: v.number(),
  /** budget − totalCost (negative when the legal rule's choice exceeds the pool). */
  leftover: v.number(),
  /** totalCost / budget, 4 decimals, rounded down ("0.9993"). */
  poolShare: v.string(),
  withinBudget: v.boolean(),
  /** MES: the per-voter budget of the run that gave this outcome, exact ("num/den"). */
  perVoterBudget: v.optional(v.string()),
  /** MES completions: how many steps the per-voter budget was raised, and by how much each. */
  increments: v.optional(v.number()),
  increment: v.optional(v.number()),
  stopReason: v.optional(v.picklist(['exhaustive', 'next_step_over_budget', 'budget_bound'])),
  /** *_u variants: projects added by the greedy completion. */
  addedByGreedy: v.optional(v.array(v.string())),
  /** greedy_threshold and legal: the least number of 赞成 a project needs. */
  threshold: v.optional(v.number()),
  /** legal only: the tally's status, candidates tied across the N boundary, empty seats. */
  status: v.optional(v.string()),
  ties: v.optional(v.array(v.string())),
  shortfall: v.optional(v.number()),
  seats: v.optional(v.number()),
  /** Against the baseline rule (null for the baseline itself). */
  diff: v.nullable(v.object({ added: v.array(v.string()), removed: v.array(v.string()) })),
  explanation: Bilingual,
  /** Compute time of this rule in milliseconds (null when not computed here). */
  ms: v.nullable(v.number()),
})
export type RuleOutcome = v.InferOutput<typeof RuleOutcome>

export const Comparison = v.object({
  engineVersion: v.number(),
  money: Money,
  budget: v.number(),
  voters: v.number(),
  /** Every project, by decreasing approvals then id (the tie-break order). */
  projects: v.array(ComparedProject),
  /** The rule every other rule's diff is taken against. */
  baseline: v.nullable(RuleKey),
  rules: v.array(RuleOutcome),
  tieBreaking: Bilingual,
  timings: v.object({
    parseMs: v.nullable(v.number()),
    indexMs: v.number(),
    rulesMs: v.number(),
    totalMs: v.number(),
  }),
  computedAt: v.string(),
})
export type Comparison = v.InferOutput<typeof Comparison>

export const VoteWhatIf = v.object({
  source: v.object({
    kind: v.literal('vote'),
    voteId: v.string(),
    cycleId: v.string(),
    title: v.string(),
    state: v.string(),
    cycleTitle: v.string(),
    cycleYear: v.number(),
    ballotForm: v.string(),
  }),
  ...Comparison.entries,
  requestMs: v.number(),
})
export type VoteWhatIf = v.InferOutput<typeof VoteWhatIf>

export const InstanceSummary = v.object({
  id: v.string(),
  jurisdictionId: v.string(),
  name: v.string(),
  fileName: v.nullable(v.string()),
  sizeBytes: v.number(),
  sha256: v.string(),
  projects: v.number(),
  voters: v.number(),
  budget: v.number(),
  currency: v.nullable(v.string()),
  /** META fields worth showing (description, country, unit, instance, rule, …). */
  meta: v.record(v.string(), v.string()),
  /** The file has a `selected` column (the official result). */
  hasOfficial: v.boolean(),
  threshold: v.nullable(v.number()),
  computed: v.boolean(),
  createdAt: v.string(),
  createdBy: v.nullable(v.string()),
})
export type InstanceSummary = v.InferOutput<typeof InstanceSummary>

export const InstanceWhatIf = v.object({
  source: v.object({ kind: v.literal('instance'), ...InstanceSummary.entries }),
  ...Comparison.entries,
  cached: v.boolean(),
  requestMs: v.number(),
})
export type InstanceWhatIf = v.InferOutput<typeof InstanceWhatIf>

const Name = v.pipe(v.string(), v.trim(), v.minLength(1, 'Name is required'), v.maxLength(200))

/** JSON import: the .pb text itself (scripts); browsers send multipart/form-data instead. */
export const ImportInstanceInput = v.object({
  jurisdictionId: v.pipe(v.string(), v.uuid('jurisdictionId must be an id')),
  name: v.optional(Name),
  text: v.pipe(v.string(), v.minLength(1, 'The file is empty')),
})
export type ImportInstanceInput = v.InferOutput<typeof ImportInstanceInput>

export const ListInstancesQuery = v.object({
  jurisdictionId: v.pipe(v.string(), v.uuid('jurisdictionId must be an id')),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, 'limit must be a whole number'),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(200),
    ),
    '50',
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(500))),
})

export const LangQuery = v.object({
  lang: v.optional(v.picklist(['zh-CN', 'en']), 'zh-CN'),
})

export const ExportQuery = v.object({
  /** Money in the file: yuan (default; refused when an amount has fen) or fen (always exact). */
  unit: v.optional(v.picklist(['yuan', 'fen']), 'yuan'),
})
