import * as v from 'valibot'
import { isIsoDate, PROJECT_STATUSES } from './progress.rules.js'

// Shared by the API (validation) and the web (forms): no server-only imports here.

export const Text = (max: number, label = 'This field') =>
  v.pipe(
    v.string(`${label} must be text`),
    v.trim(),
    v.minLength(1, `${label} is required`),
    v.maxLength(max, `${label} is too long (at most ${max} characters)`),
  )
export const OptionalText = (max: number) =>
  v.pipe(v.string(), v.trim(), v.maxLength(max, `Too long (at most ${max} characters)`))
export const IsoDate = (label = 'Date') =>
  v.pipe(
    v.string(`${label} must be a date`),
    v.check(isIsoDate, `${label} must be a date in the form YYYY-MM-DD`),
  )
export const Fen = v.pipe(
  v.number('Must be an amount in fen (分)'),
  v.safeInteger('Must be a whole number of fen (分)'),
  v.minValue(0, 'Must not be negative'),
  v.maxValue(100_000_000_000_000, 'Amount too large'),
)
export const Id = (label: string) =>
  v.pipe(v.string(`${label} must be an id`), v.uuid(`${label} must be an id`))

export const StatusSchema = v.picklist(PROJECT_STATUSES, 'Unknown status')
export const FlagSchema = v.picklist([
  'report_overdue',
  'missed_milestone',
  'no_plan',
  'extended',
  'issue_overdue',
])

// ── inputs ──────────────────────────────────────────────────────────────────────────────────────

export const CreateMilestoneInput = v.strictObject({
  name: Text(200, 'Name'),
  plannedDate: IsoDate('plannedDate'),
})
export type CreateMilestoneInput = v.InferOutput<typeof CreateMilestoneInput>

export const UpdateMilestoneInput = v.pipe(
  v.strictObject({
    name: v.optional(Text(200, 'Name')),
    plannedDate: v.optional(IsoDate('plannedDate')),
    actualDate: v.optional(v.nullable(IsoDate('actualDate'))),
    evidence: v.optional(v.nullable(OptionalText(2000))),
  }),
  v.check((o) => Object.keys(o).length > 0, 'Change at least one field'),
)
export type UpdateMilestoneInput = v.InferOutput<typeof UpdateMilestoneInput>

export const Period = v.pipe(
  v.string('period must be a month'),
  v.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period must be a month in the form YYYY-MM'),
)
const Percent = v.pipe(
  v.number('percentComplete must be a number'),
  v.integer('percentComplete must be a whole number'),
  v.minValue(0, 'percentComplete must be between 0 and 100'),
  v.maxValue(100, 'percentComplete must be between 0 and 100'),
)

export const FileReportInput = v.strictObject({
  period: Period,
  percentComplete: Percent,
  narrative: Text(4000, 'Narrative'),
  investmentToDateFen: Fen,
})
export type FileReportInput = v.InferOutput<typeof FileReportInput>

export const UpdateReportInput = v.pipe(
  v.strictObject({
    percentComplete: v.optional(Percent),
    narrative: v.optional(Text(4000, 'Narrative')),
    investmentToDateFen: v.optional(Fen),
  }),
  v.check((o) => Object.keys(o).length > 0, 'Change at least one field'),
)
export type UpdateReportInput = v.InferOutput<typeof UpdateReportInput>

export const BoardQuery = v.object({
  status: v.optional(StatusSchema),
  flag: v.optional(FlagSchema),
  unitId: v.optional(Id('unitId')),
  category: v.optional(v.pipe(v.string(), v.maxLength(50))),
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
})
export type BoardQuery = v.InferOutput<typeof BoardQuery>

// ── outputs (OpenAPI) ───────────────────────────────────────────────────────────────────────────

export const Milestone = v.object({
  id: v.string(),
  projectId: v.string(),
  name: v.string(),
  plannedDate: v.string(),
  actualDate: v.nullable(v.string()),
  evidence: v.nullable(v.string()),
  /** done, missed (past its planned date and not done) or pending. */
  state: v.picklist(['done', 'missed', 'pending']),
  /** Days late: done after the planned date, or open past it (0 otherwise). */
  lateDays: v.number(),
})

export const Photo = v.object({
  id: v.string(),
  url: v.string(),
  thumbUrl: v.string(),
  contentType: v.string(),
  width: v.number(),
  height: v.number(),
  sizeBytes: v.number(),
  caption: v.nullable(v.string()),
  createdAt: v.string(),
})

export const Report = v.object({
  id: v.string(),
  projectId: v.string(),
  period: v.string(),
  percentComplete: v.number(),
  narrative: v.string(),
  investmentToDateFen: v.number(),
  submittedAt: v.string(),
  submitter: v.optional(v.nullable(v.string())),
  photos: v.array(Photo),
})

export const StatusSummary = v.object({
  status: StatusSchema,
  delayDays: v.number(),
  missedMilestones: v.number(),
  milestonesDone: v.number(),
  milestonesTotal: v.number(),
  percentComplete: v.nullable(v.number()),
  investmentToDateFen: v.nullable(v.number()),
  latestPeriod: v.nullable(v.string()),
  reportOverdue: v.boolean(),
  duePeriod: v.string(),
  nextPeriod: v.string(),
  flags: v.array(FlagSchema),
})

export const ProjectRef = v.object({
  id: v.string(),
  cycleId: v.string(),
  jurisdictionId: v.string(),
  title: v.string(),
  category: v.string(),
  responsibleUnit: v.string(),
  unitId: v.nullable(v.string()),
  estimateFen: v.number(),
  plannedCompletion: v.nullable(v.string()),
  targets: v.nullable(v.string()),
  location: v.nullable(v.string()),
})

export const ProjectProgress = v.object({
  project: ProjectRef,
  summary: StatusSummary,
  milestones: v.array(Milestone),
  reports: v.array(Report),
  can: v.object({
    editMilestones: v.boolean(),
    fileReports: v.boolean(),
    manageGroup: v.boolean(),
    recordInspections: v.boolean(),
    raiseIssues: v.boolean(),
  }),
})

export const StatusRuleOutput = v.object({
  thresholds: v.record(v.string(), v.number()),
  statuses: v.array(
    v.object({
      status: StatusSchema,
      label: v.string(),
      labelEn: v.string(),
      rule: v.string(),
      ruleEn: v.string(),
    }),
  ),
  reports: v.object({ rule: v.string(), ruleEn: v.string() }),
  issues: v.object({ dueSoonDays: v.number(), escalateAfterDays: v.number() }),
})
