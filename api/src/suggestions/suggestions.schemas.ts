import * as v from 'valibot'
import { CategorySchema, FenSchema, OptionalText, Text } from '../cycles/cycles.schemas.js'
import { PageQuery } from '../shared/paging.js'

export const SOURCES = ['deputy', 'public', 'unit', 'staff'] as const
export const SOURCE_LABELS: Record<(typeof SOURCES)[number], string> = {
  deputy: '代表建议',
  public: '群众建议',
  unit: '部门建议',
  staff: '工作人员录入',
}
export const SourceSchema = v.picklist(SOURCES, 'Unknown source')
export const OUTCOMES = ['pending', 'adopted', 'merged', 'rejected'] as const
export const OUTCOME_LABELS: Record<(typeof OUTCOMES)[number], string> = {
  pending: '办理中',
  adopted: '采纳',
  merged: '合并',
  rejected: '不予采纳',
}
export const OutcomeSchema = v.picklist(OUTCOMES, 'Unknown outcome')

const Id = (label: string) => v.pipe(v.string(), v.uuid(`${label} must be an id`))

const common = {
  title: Text(200, 'Title'),
  category: CategorySchema,
  reason: Text(4000, 'Reason'),
  estimateFen: v.optional(v.nullable(FenSchema)),
}

/** A signed-in deputy, unit or staff member's suggestion. */
export const SubmitSuggestionInput = v.strictObject({
  ...common,
  location: v.optional(v.nullable(OptionalText(200))),
  /** Which hat the caller submits in when they hold several; default deputy, then unit, then staff. */
  as: v.optional(v.picklist(['deputy', 'unit', 'staff'])),
})
export type SubmitSuggestionInput = v.InferOutput<typeof SubmitSuggestionInput>

/** The public form (no login). `website` is the honeypot; `fillMs` the time the form was open. */
export const PublicSuggestionInput = v.strictObject({
  ...common,
  location: Text(200, 'Location'),
  contact: v.optional(v.nullable(OptionalText(100))),
  website: v.optional(v.pipe(v.string(), v.maxLength(200))),
  fillMs: v.pipe(
    v.number('fillMs must be the milliseconds the form was open'),
    v.safeInteger(),
    v.minValue(0),
    v.maxValue(1_000_000_000),
  ),
})
export type PublicSuggestionInput = v.InferOutput<typeof PublicSuggestionInput>

export const OutcomeInput = v.variant(
  'outcome',
  [
    v.strictObject({
      outcome: v.literal('adopted'),
      candidateId: Id('candidateId'),
      reply: v.optional(OptionalText(2000)),
    }),
    v.strictObject({
      outcome: v.literal('merged'),
      mergedIntoId: Id('mergedIntoId'),
      reply: v.optional(OptionalText(2000)),
    }),
    v.strictObject({
      outcome: v.literal('rejected'),
      reply: Text(2000, 'A reason (reply)'),
    }),
  ],
  'outcome must be adopted, merged or rejected',
)
export type OutcomeInput = v.InferOutput<typeof OutcomeInput>

export const MergeInput = v.strictObject({
  intoId: Id('intoId'),
  ids: v.pipe(
    v.array(Id('Each id')),
    v.minLength(1, 'Name at least one duplicate'),
    v.maxLength(200),
  ),
  reply: v.optional(OptionalText(2000)),
})

export const StaffListQuery = v.object({
  ...PageQuery.entries,
  outcome: v.optional(OutcomeSchema),
  category: v.optional(CategorySchema),
  source: v.optional(SourceSchema),
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
})
export const PublicListQuery = v.object({
  ...PageQuery.entries,
  outcome: v.optional(v.picklist(['adopted', 'merged', 'rejected'])),
  category: v.optional(CategorySchema),
})
export const MineQuery = v.object({
  ...PageQuery.entries,
  cycleId: v.optional(Id('cycleId')),
})

const Ref = v.object({ id: v.string(), title: v.string() })

export const Suggestion = v.object({
  id: v.string(),
  cycleId: v.string(),
  trackingCode: v.string(),
  source: SourceSchema,
  title: v.string(),
  category: CategorySchema,
  location: v.nullable(v.string()),
  reason: v.string(),
  estimateFen: v.nullable(v.number()),
  /** Staff only: personal data, never published. */
  contact: v.optional(v.nullable(v.string())),
  deputy: v.nullable(v.object({ id: v.string(), displayName: v.string() })),
  unit: v.nullable(v.object({ id: v.string(), name: v.string() })),
  outcome: OutcomeSchema,
  reply: v.nullable(v.string()),
  candidate: v.nullable(Ref),
  mergedInto: v.nullable(Ref),
  outcomeAt: v.nullable(v.string()),
  createdAt: v.string(),
})
export const SuggestionPage = v.object({
  items: v.array(Suggestion),
  nextCursor: v.nullable(v.string()),
})

export const PublicSuggestion = v.object({
  id: v.string(),
  source: SourceSchema,
  title: v.string(),
  category: CategorySchema,
  location: v.nullable(v.string()),
  outcome: OutcomeSchema,
  reply: v.nullable(v.string()),
  candidateTitle: v.nullable(v.string()),
  mergedIntoTitle: v.nullable(v.string()),
  submittedOn: v.string(),
})
export const PublicSuggestionPage = v.object({
  items: v.array(PublicSuggestion),
  nextCursor: v.nullable(v.string()),
  summary: v.object({
    total: v.number(),
    pending: v.number(),
    adopted: v.number(),
    merged: v.number(),
    rejected: v.number(),
  }),
})

export const TrackedSuggestion = v.object({
  trackingCode: v.string(),
  cycle: v.object({
    id: v.string(),
    year: v.number(),
    title: v.string(),
    jurisdiction: v.string(),
  }),
  title: v.string(),
  category: CategorySchema,
  location: v.nullable(v.string()),
  reason: v.string(),
  submittedAt: v.string(),
  outcome: OutcomeSchema,
  reply: v.nullable(v.string()),
  outcomeAt: v.nullable(v.string()),
  candidate: v.nullable(Ref),
  mergedInto: v.nullable(
    v.object({ title: v.string(), outcome: OutcomeSchema, reply: v.nullable(v.string()) }),
  ),
})

export const TrackingReceipt = v.object({ trackingCode: v.string() })
