import * as v from 'valibot'
import { isIsoDate, MAX_LINE_FEN, MAX_POOL_FEN, SOURCES, type Source } from './budget.rules.js'

/** Input and output shapes of the budget feature (shared with the web: no server imports). */

export const SourceSchema = v.picklist(SOURCES, 'Source must be local, transfer, social or other')
export type { Source }

const Fen = (max: number, min = 1) =>
  v.pipe(
    v.number('Must be an amount in fen (分)'),
    v.safeInteger('Must be a whole number of fen (分)'),
    v.minValue(min, min > 0 ? 'Must be more than zero' : 'Must not be negative'),
    v.maxValue(max, 'Amount too large'),
  )

const Text = (max: number, label: string) =>
  v.pipe(
    v.string(`${label} must be text`),
    v.trim(),
    v.minLength(1, `${label} is required`),
    v.maxLength(max, `${label} is too long (at most ${max} characters)`),
  )
const OptionalText = (max: number) =>
  v.optional(
    v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(max, `At most ${max} characters`))),
  )

export const IsoDate = v.pipe(
  v.string('Must be a date in the form YYYY-MM-DD'),
  v.check(isIsoDate, 'Must be a date in the form YYYY-MM-DD'),
)
const FiscalYear = v.pipe(
  v.number('Fiscal year must be a number'),
  v.integer('Fiscal year must be a whole number'),
  v.minValue(2000),
  v.maxValue(2100),
)
/** 政府收支分类科目 codes are digits (类/款/项: 3, 5 or 7 digits; some places add more). */
const SubjectCode = v.pipe(
  v.string('Subject code must be text'),
  v.trim(),
  v.regex(/^\d{3,12}$/, 'Subject code (科目编码) must be 3–12 digits'),
)

export const FundPoolInput = v.strictObject({
  fundPoolFen: Fen(MAX_POOL_FEN, 0),
  documentRef: Text(200, 'Budget document reference'),
  /** Final accounts above this variance (basis points of the budget; 1000 = 10 %) need an explanation. */
  varianceThresholdBp: v.optional(
    v.pipe(v.number(), v.integer('Whole basis points'), v.minValue(0), v.maxValue(10000)),
  ),
})
export type FundPoolInput = v.InferOutput<typeof FundPoolInput>

export const CreateLineInput = v.strictObject({
  amountFen: Fen(MAX_LINE_FEN),
  source: SourceSchema,
  fiscalYear: FiscalYear,
  subjectCode: SubjectCode,
  documentNo: Text(100, 'Document number'),
  /** Whether the line draws on the cycle's fund pool; defaults to source === 'local'. */
  fromPool: v.optional(v.boolean('fromPool must be true or false')),
  note: OptionalText(500),
})
export type CreateLineInput = v.InferOutput<typeof CreateLineInput>

export const UpdateLineInput = v.pipe(
  v.strictObject({
    amountFen: v.optional(Fen(MAX_LINE_FEN)),
    source: v.optional(SourceSchema),
    fiscalYear: v.optional(FiscalYear),
    subjectCode: v.optional(SubjectCode),
    documentNo: v.optional(Text(100, 'Document number')),
    fromPool: v.optional(v.boolean('fromPool must be true or false')),
    note: OptionalText(500),
  }),
  v.check((o) => Object.keys(o).length > 0, 'Nothing to change'),
)
export type UpdateLineInput = v.InferOutput<typeof UpdateLineInput>

export const AdjustmentInput = v.strictObject({
  deltaFen: v.pipe(
    v.number('deltaFen must be an amount in fen (分)'),
    v.safeInteger('deltaFen must be a whole number of fen (分)'),
    v.check((d) => d !== 0, 'An adjustment must change the amount'),
    v.minValue(-MAX_LINE_FEN, 'Amount too large'),
    v.maxValue(MAX_LINE_FEN, 'Amount too large'),
  ),
  reason: Text(500, 'Reason'),
})
export type AdjustmentInput = v.InferOutput<typeof AdjustmentInput>

export const DisbursementInput = v.strictObject({
  date: IsoDate,
  amountFen: Fen(MAX_LINE_FEN),
  voucherNo: Text(64, 'Voucher number'),
  payee: Text(200, 'Payee'),
  note: OptionalText(500),
})
export type DisbursementInput = v.InferOutput<typeof DisbursementInput>

export const ReverseInput = v.strictObject({
  reason: Text(500, 'Reason'),
  /** Booking date of the reversal; today (China time) when left out. */
  date: v.optional(IsoDate),
})
export type ReverseInput = v.InferOutput<typeof ReverseInput>

export const FinalAccountInput = v.strictObject({
  finalAmountFen: Fen(MAX_LINE_FEN, 0),
  explanation: OptionalText(2000),
})
export type FinalAccountInput = v.InferOutput<typeof FinalAccountInput>

export const LedgerQuery = v.strictObject({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, 'limit must be a whole number'),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(500),
    ),
    '50',
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(500))),
  projectId: v.optional(v.pipe(v.string(), v.uuid('projectId must be an id'))),
  lineId: v.optional(v.pipe(v.string(), v.uuid('lineId must be an id'))),
  kind: v.optional(v.picklist(['payment', 'reversal'])),
  from: v.optional(IsoDate),
  to: v.optional(IsoDate),
})
export type LedgerQuery = v.InferOutput<typeof LedgerQuery>

// ── outputs ─────────────────────────────────────────────────────────────────────────────────

const Rate = {
  /** Execution rate in basis points (0.01 %), rounded down; null when nothing is budgeted. */
  rateBp: v.nullable(v.number()),
  /** The same as a percentage string with two decimals, e.g. "45.67". */
  rate: v.nullable(v.string()),
}
const FiguresShape = {
  budgetedFen: v.number(),
  disbursedFen: v.number(),
  remainingFen: v.number(),
  ...Rate,
}

export const FundPool = v.object({
  cycleId: v.string(),
  poolFen: v.number(),
  documentRef: v.nullable(v.string()),
  /** false: finance has not fixed the pool yet; the cycle's planned pool applies. */
  fixed: v.boolean(),
  plannedPoolFen: v.number(),
  committedFen: v.number(),
  approvedFen: v.number(),
  availableFen: v.number(),
  varianceThresholdBp: v.number(),
})

export const Adjustment = v.object({
  id: v.string(),
  deltaFen: v.number(),
  reason: v.string(),
  createdAt: v.string(),
  createdBy: v.nullable(v.string()),
})

export const BudgetLine = v.object({
  id: v.string(),
  projectId: v.string(),
  cycleId: v.string(),
  source: SourceSchema,
  fromPool: v.boolean(),
  fiscalYear: v.number(),
  subjectCode: v.string(),
  documentNo: v.string(),
  note: v.nullable(v.string()),
  status: v.picklist(['draft', 'approved', 'withdrawn']),
  initialFen: v.number(),
  amountFen: v.number(),
  disbursedFen: v.number(),
  remainingFen: v.number(),
  ...Rate,
  adjustments: v.array(Adjustment),
  createdAt: v.string(),
  createdBy: v.nullable(v.string()),
  approvedAt: v.nullable(v.string()),
  approvedBy: v.nullable(v.string()),
})
export type BudgetLine = v.InferOutput<typeof BudgetLine>

export const Attachment = v.object({
  fileName: v.string(),
  contentType: v.string(),
  sizeBytes: v.number(),
  sha256: v.string(),
  uploadedAt: v.string(),
})

export const Disbursement = v.object({
  id: v.string(),
  seq: v.number(),
  cycleId: v.string(),
  projectId: v.string(),
  projectTitle: v.string(),
  lineId: v.string(),
  source: SourceSchema,
  kind: v.picklist(['payment', 'reversal']),
  reversesId: v.nullable(v.string()),
  reversedById: v.nullable(v.string()),
  date: v.string(),
  amountFen: v.number(),
  voucherNo: v.nullable(v.string()),
  payee: v.nullable(v.string()),
  note: v.nullable(v.string()),
  reason: v.nullable(v.string()),
  createdAt: v.string(),
  createdBy: v.nullable(v.string()),
  attachment: v.nullable(Attachment),
})
export type Disbursement = v.InferOutput<typeof Disbursement>

export const LineDisbursements = v.object({
  line: BudgetLine,
  /** Oldest first, each with the line's remaining balance after it. */
  items: v.array(v.object({ ...Disbursement.entries, balanceAfterFen: v.number() })),
})

export const FinalAccount = v.object({
  id: v.string(),
  projectId: v.string(),
  revision: v.number(),
  finalAmountFen: v.number(),
  budgetedFen: v.number(),
  disbursedFen: v.number(),
  varianceFen: v.number(),
  varianceBp: v.nullable(v.number()),
  varianceThresholdBp: v.number(),
  explanation: v.nullable(v.string()),
  createdAt: v.string(),
  createdBy: v.nullable(v.string()),
})

export const Warning = v.object({
  projectId: v.string(),
  title: v.string(),
  level: v.picklist(['notice', 'warning']),
  code: v.picklist(['UNDER_SPENDING', 'NOT_BUDGETED']),
  rateBp: v.nullable(v.number()),
  expectedBp: v.number(),
  since: v.string(),
})

const CurvePoint = v.object({
  month: v.string(),
  amountFen: v.number(),
  cumulativeFen: v.number(),
})

export const ProjectFigures = v.object({
  projectId: v.string(),
  title: v.string(),
  rank: v.nullable(v.number()),
  category: v.string(),
  responsibleUnit: v.string(),
  unitId: v.nullable(v.string()),
  estimateFen: v.number(),
  ...FiguresShape,
  draftFen: v.number(),
  poolFen: v.number(),
  otherSourcesFen: v.number(),
  bySource: v.array(v.object({ source: SourceSchema, ...FiguresShape })),
  finalAccount: v.nullable(
    v.object({
      revision: v.number(),
      finalAmountFen: v.number(),
      varianceFen: v.number(),
      varianceBp: v.nullable(v.number()),
    }),
  ),
  warning: v.nullable(Warning),
})

export const BudgetSummary = v.object({
  cycleId: v.string(),
  year: v.number(),
  asOf: v.string(),
  pool: FundPool,
  totals: v.object({ ...FiguresShape, draftFen: v.number(), otherSourcesFen: v.number() }),
  projects: v.array(ProjectFigures),
  units: v.array(
    v.object({
      unitId: v.nullable(v.string()),
      responsibleUnit: v.string(),
      projects: v.number(),
      ...FiguresShape,
    }),
  ),
  sources: v.array(v.object({ source: SourceSchema, ...FiguresShape })),
  monthly: v.array(CurvePoint),
  warnings: v.array(Warning),
})
export type BudgetSummary = v.InferOutput<typeof BudgetSummary>

export const ProjectBudget = v.object({
  project: v.object({
    id: v.string(),
    cycleId: v.string(),
    title: v.string(),
    responsibleUnit: v.string(),
    estimateFen: v.number(),
  }),
  figures: ProjectFigures,
  lines: v.array(BudgetLine),
  disbursements: v.array(Disbursement),
  finalAccounts: v.array(FinalAccount),
})

export const PublicProjectBudget = v.object({
  projectId: v.string(),
  cycleId: v.string(),
  title: v.string(),
  responsibleUnit: v.string(),
  estimateFen: v.number(),
  ...FiguresShape,
  bySource: v.array(v.object({ source: SourceSchema, ...FiguresShape })),
  monthly: v.array(CurvePoint),
  /** Dated amounts only: no voucher numbers, no payees. */
  disbursements: v.array(v.object({ date: v.string(), amountFen: v.number() })),
  finalAccount: v.nullable(
    v.object({
      finalAmountFen: v.number(),
      varianceFen: v.number(),
      explanation: v.nullable(v.string()),
    }),
  ),
})

export const PublicBudgetSummary = v.object({
  cycleId: v.string(),
  year: v.number(),
  poolFen: v.number(),
  committedFen: v.number(),
  totals: v.object(FiguresShape),
  projects: v.array(
    v.object({
      projectId: v.string(),
      title: v.string(),
      responsibleUnit: v.string(),
      ...FiguresShape,
    }),
  ),
  sources: v.array(v.object({ source: SourceSchema, ...FiguresShape })),
  monthly: v.array(CurvePoint),
})

export const LedgerPage = v.object({
  items: v.array(Disbursement),
  nextCursor: v.nullable(v.string()),
})

export const BudgetLineList = v.object({ items: v.array(BudgetLine) })
