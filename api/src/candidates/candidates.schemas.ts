import * as v from 'valibot'
import {
  CategorySchema,
  FenSchema,
  IsoDateSchema,
  OptionalText,
  PhaseSchema,
  Text,
} from '../cycles/cycles.schemas.js'

export const FUNDING_SOURCES = ['local', 'transfer', 'social', 'other'] as const
export type FundingSource = (typeof FUNDING_SOURCES)[number]
export const FUNDING_SOURCE_LABELS: Record<FundingSource, string> = {
  local: '本级财政',
  transfer: '上级补助',
  social: '社会资金',
  other: '其他',
}
export const FundingSourceSchema = v.picklist(
  FUNDING_SOURCES,
  `Unknown funding source; use one of ${FUNDING_SOURCES.join(', ')}`,
)

const Ids = v.pipe(
  v.array(v.pipe(v.string(), v.uuid('Each id must be an id'))),
  v.maxLength(200, 'At most 200 suggestions'),
)

const fields = {
  title: Text(200, 'Title'),
  description: OptionalText(4000),
  category: CategorySchema,
  /** A unit of the jurisdiction, by id or by its exact name. */
  responsibleUnit: Text(200, 'Responsible unit'),
  estimateFen: FenSchema,
  fundingSource: FundingSourceSchema,
  targets: v.nullable(OptionalText(4000)),
  location: v.nullable(OptionalText(200)),
  plannedCompletion: v.nullable(IsoDateSchema),
  originSuggestionIds: Ids,
  sortOrder: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000)),
}

export const CreateCandidateInput = v.strictObject({
  title: fields.title,
  description: v.optional(fields.description, ''),
  category: fields.category,
  responsibleUnit: fields.responsibleUnit,
  estimateFen: fields.estimateFen,
  fundingSource: fields.fundingSource,
  targets: v.optional(fields.targets),
  location: v.optional(fields.location),
  plannedCompletion: v.optional(fields.plannedCompletion),
  originSuggestionIds: v.optional(fields.originSuggestionIds),
  sortOrder: v.optional(fields.sortOrder),
})
export type CreateCandidateInput = v.InferOutput<typeof CreateCandidateInput>

export const UpdateCandidateInput = v.pipe(
  v.strictObject({
    title: v.optional(fields.title),
    description: v.optional(fields.description),
    category: v.optional(fields.category),
    responsibleUnit: v.optional(fields.responsibleUnit),
    estimateFen: v.optional(fields.estimateFen),
    fundingSource: v.optional(fields.fundingSource),
    targets: v.optional(fields.targets),
    location: v.optional(fields.location),
    plannedCompletion: v.optional(fields.plannedCompletion),
    originSuggestionIds: v.optional(fields.originSuggestionIds),
    sortOrder: v.optional(fields.sortOrder),
  }),
  v.check((o) => Object.keys(o).length > 0, 'Nothing to change'),
)
export type UpdateCandidateInput = v.InferOutput<typeof UpdateCandidateInput>

export const ReopenInput = v.strictObject({ reason: Text(2000, 'A reason') })

export const Candidate = v.object({
  id: v.string(),
  cycleId: v.string(),
  title: v.string(),
  description: v.string(),
  category: CategorySchema,
  responsibleUnit: v.string(),
  unitId: v.nullable(v.string()),
  estimateFen: v.number(),
  fundingSource: FundingSourceSchema,
  targets: v.nullable(v.string()),
  location: v.nullable(v.string()),
  plannedCompletion: v.nullable(v.string()),
  sortOrder: v.number(),
  originSuggestionIds: v.array(v.string()),
  originSuggestions: v.array(
    v.object({ id: v.string(), trackingCode: v.string(), title: v.string(), outcome: v.string() }),
  ),
  createdAt: v.string(),
  updatedAt: v.string(),
})
export type Candidate = v.InferOutput<typeof Candidate>

export const CandidateList = v.object({
  items: v.array(Candidate),
  phase: PhaseSchema,
  /** The list is fixed (审定) — candidates_locked or a later phase. */
  locked: v.boolean(),
  listVersion: v.number(),
  requiredCandidates: v.number(),
  /** Whether the caller sees the draft list (staff, units) or only the locked one. */
  draftVisible: v.boolean(),
})

export const ImportIssue = v.object({
  row: v.number(),
  field: v.string(),
  code: v.string(),
  message: v.string(),
  column: v.optional(v.string()),
  value: v.optional(v.string()),
})
export const ImportResult = v.object({ imported: v.number(), items: v.array(Candidate) })
