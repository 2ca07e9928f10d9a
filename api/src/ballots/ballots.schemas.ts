import * as v from 'valibot'

/** Input and output shapes of the ballot feature (API.md: the ballot paths are a stable contract). */
const Id = (what: string) => v.pipe(v.string(), v.uuid(`${what} must be an id`))

export const ChoiceSchema = v.picklist(['for', 'against', 'abstain'])
/** 满意/基本满意/不满意/弃权: the marks of an evaluation ballot (decision 050). */
export const RatingSchema = v.picklist(['satisfied', 'basically', 'dissatisfied', 'abstain'])
/** Any mark: paper sheets of either form are typed through the same paths. */
export const MarkSchema = v.picklist([
  'for',
  'against',
  'abstain',
  'satisfied',
  'basically',
  'dissatisfied',
])
/** Kinds that POST /cycles/:cid/votes creates; 'evaluation' comes from POST /cycles/:cid/evaluations. */
export const CreatableKindSchema = v.picklist(['selection', 'runoff'])
export const VoteKindSchema = v.picklist(['selection', 'runoff', 'evaluation'])
export const VoteStateSchema = v.picklist(['draft', 'open', 'closed', 'certified', 'published'])
export const BallotFormSchema = v.picklist([
  'for_against_abstain',
  'approve_up_to_n',
  'satisfaction',
])
export const BasisSchema = v.picklist(['all', 'present', 'valid'])

/** `{ [candidateId]: 'for' | 'against' | 'abstain' }`; unmarked candidates count as 弃权. */
export const ChoicesSchema = v.pipe(
  v.record(v.pipe(v.string(), v.maxLength(64)), ChoiceSchema),
  v.check((r) => Object.keys(r).length <= 500, 'Too many entries'),
)
/** A paper sheet of either form; checked against the vote's form when entered. */
const SheetMarksSchema = v.pipe(
  v.record(v.pipe(v.string(), v.maxLength(64)), MarkSchema),
  v.check((r) => Object.keys(r).length <= 500, 'Too many entries'),
)

export const CreateVoteInput = v.strictObject({
  kind: CreatableKindSchema,
  /** runoff only: the tied candidates (default: all candidates tied in the parent vote). */
  candidateIds: v.optional(v.pipe(v.array(Id('candidateIds')), v.minLength(2), v.maxLength(200))),
  /** runoff only: the vote whose tie this decides (default: the cycle's latest closed vote). */
  parentVoteId: v.optional(Id('parentVoteId')),
  title: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200))),
})
export type CreateVoteInput = v.InferOutput<typeof CreateVoteInput>

export const RosterInput = v.strictObject({
  deputyIds: v.pipe(v.array(Id('deputyIds')), v.maxLength(5000)),
})

export const CheckInInput = v.pipe(
  v.strictObject({
    deputyId: v.optional(Id('deputyId')),
    /** Several at once (a staff console's "check in selected"). */
    deputyIds: v.optional(v.pipe(v.array(Id('deputyIds')), v.minLength(1), v.maxLength(5000))),
  }),
  v.check((i) => !!i.deputyId !== !!i.deputyIds, 'Give deputyId or deputyIds'),
)

export const SelfCheckInInput = v.strictObject({
  code: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(20)),
})

export const CastInput = v.strictObject({ choices: ChoicesSchema })

export const PaperBallotInput = v.pipe(
  v.strictObject({
    sheetNo: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000)),
    round: v.picklist([1, 2]),
    choices: v.optional(SheetMarksSchema),
    /** A spoiled sheet (unreadable, torn, marks outside the boxes): counted as invalid. */
    invalid: v.optional(v.boolean()),
  }),
  v.check(
    (i) => (i.invalid === true) !== (i.choices !== undefined),
    'Give choices, or invalid: true for a spoiled sheet',
  ),
)

export const ResolveSheetInput = v.pipe(
  v.strictObject({ choices: v.optional(SheetMarksSchema), invalid: v.optional(v.boolean()) }),
  v.check(
    (i) => (i.invalid === true) !== (i.choices !== undefined),
    'Give choices, or invalid: true for a spoiled sheet',
  ),
)

export const PaperCountInput = v.strictObject({
  issued: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000)),
  returned: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000)),
})

export const SheetNoParam = v.pipe(
  v.string(),
  v.regex(/^\d{1,7}$/, 'sheetNo must be a whole number'),
  v.transform(Number),
)

// ── outputs ────────────────────────────────────────────────────────────────────────────────

export const Turnout = v.object({
  voteId: v.string(),
  state: VoteStateSchema,
  entitled: v.number(),
  present: v.number(),
  voted: v.number(),
})

export const VoteCandidate = v.object({
  id: v.string(),
  title: v.string(),
  description: v.string(),
  category: v.string(),
  responsibleUnit: v.string(),
  estimateFen: v.number(),
  fundingSource: v.string(),
  location: v.nullable(v.string()),
})

export const VoteRules = v.object({
  seats: v.number(),
  maxApprovals: v.number(),
  ballotForm: BallotFormSchema,
  thresholdBasis: BasisSchema,
  /** false before opening: the rules shown are a preview from the cycle. */
  frozen: v.boolean(),
  /** Evaluations: the grading rule's comparison and the rectification threshold. */
  gradeComparison: v.optional(v.picklist(['reach', 'exceed'])),
  satisfactionThreshold: v.optional(v.string()),
})

export const Vote = v.object({
  id: v.string(),
  cycleId: v.string(),
  jurisdictionId: v.string(),
  kind: VoteKindSchema,
  parentVoteId: v.nullable(v.string()),
  title: v.string(),
  state: VoteStateSchema,
  rules: VoteRules,
  candidates: v.array(VoteCandidate),
  turnout: v.object({ entitled: v.number(), present: v.number(), voted: v.number() }),
  /** staff only: the code shown in the hall for self check-in. */
  checkInCode: v.optional(v.string()),
  createdAt: v.string(),
  openedAt: v.nullable(v.string()),
  closedAt: v.nullable(v.string()),
  certifiedAt: v.nullable(v.string()),
  certifiedBy: v.nullable(v.string()),
  publishedAt: v.nullable(v.string()),
})
export const VoteList = v.object({ items: v.array(Vote) })

export const RosterEntry = v.object({
  deputyId: v.string(),
  displayName: v.string(),
  delegation: v.nullable(v.string()),
  present: v.boolean(),
  checkInVia: v.nullable(v.picklist(['staff', 'self'])),
  /** After close only (who voted is not shown while the vote is open). */
  voted: v.optional(v.boolean()),
})
export const Roster = v.object({
  items: v.array(RosterEntry),
  entitled: v.number(),
  present: v.number(),
})

export const BallotFormOutput = v.object({
  voteId: v.string(),
  title: v.string(),
  kind: VoteKindSchema,
  state: VoteStateSchema,
  form: BallotFormSchema,
  seats: v.number(),
  maxApprovals: v.number(),
  onRoster: v.boolean(),
  present: v.boolean(),
  hasVoted: v.boolean(),
  candidates: v.array(VoteCandidate),
})

export const ReceiptOutput = v.object({ receipt: v.string(), voteId: v.string() })

export const ResultRow = v.object({
  candidateId: v.string(),
  title: v.string(),
  for: v.number(),
  against: v.number(),
  abstain: v.number(),
  passed: v.boolean(),
  rank: v.nullable(v.number()),
  selected: v.boolean(),
})

export const Result = v.object({
  voteId: v.string(),
  cycleId: v.string(),
  kind: CreatableKindSchema,
  title: v.string(),
  state: VoteStateSchema,
  status: v.picklist(['decided', 'tie', 'shortfall', 'void']),
  voidReason: v.nullable(v.string()),
  basis: BasisSchema,
  basisCount: v.number(),
  threshold: v.number(),
  seats: v.number(),
  maxApprovals: v.number(),
  form: BallotFormSchema,
  rows: v.array(ResultRow),
  ties: v.array(v.string()),
  shortfall: v.number(),
  turnout: v.object({ entitled: v.number(), present: v.number(), voted: v.number() }),
  ballots: v.object({
    electronic: v.number(),
    paper: v.number(),
    valid: v.number(),
    invalid: v.number(),
  }),
  invalid: v.number(),
  paper: v.object({
    issued: v.nullable(v.number()),
    returned: v.nullable(v.number()),
    sheets: v.number(),
    reconciled: v.number(),
    pending: v.number(),
  }),
  chainHead: v.nullable(v.string()),
  certifiedAt: v.nullable(v.string()),
  publishedAt: v.nullable(v.string()),
})

const Paper = v.object({
  issued: v.nullable(v.number()),
  returned: v.nullable(v.number()),
  sheets: v.number(),
  reconciled: v.number(),
  pending: v.number(),
})

/** The result of an evaluation (kind 'evaluation'): counts per project; `grades` from its rule. */
export const RatingResult = v.object({
  voteId: v.string(),
  cycleId: v.string(),
  kind: v.literal('evaluation'),
  title: v.string(),
  state: VoteStateSchema,
  status: v.picklist(['decided', 'void']),
  voidReason: v.nullable(v.string()),
  basis: v.picklist(['all', 'valid']),
  basisCount: v.number(),
  comparison: v.picklist(['reach', 'exceed']),
  satisfactionThreshold: v.string(),
  form: v.literal('satisfaction'),
  rows: v.array(
    v.object({
      candidateId: v.string(),
      title: v.string(),
      satisfied: v.number(),
      basically: v.number(),
      dissatisfied: v.number(),
      abstain: v.number(),
    }),
  ),
  turnout: v.object({ entitled: v.number(), present: v.number(), voted: v.number() }),
  ballots: v.object({
    electronic: v.number(),
    paper: v.number(),
    valid: v.number(),
    invalid: v.number(),
  }),
  invalid: v.number(),
  paper: Paper,
  chainHead: v.nullable(v.string()),
  certifiedAt: v.nullable(v.string()),
  publishedAt: v.nullable(v.string()),
  /** Per project: rate, grade, rectification (see GET /evaluations/:eid/result). */
  grades: v.unknown(),
})

/** A selection or runoff result, or an evaluation's. */
export const AnyResult = v.union([Result, RatingResult])

export const BulletinBallot = v.object({
  id: v.string(),
  source: v.picklist(['electronic', 'paper']),
  sheetNo: v.optional(v.number()),
  choices: v.nullable(v.record(v.string(), MarkSchema)),
  invalid: v.optional(v.boolean()),
})
export const Bulletin = v.object({
  voteId: v.string(),
  ballots: v.array(BulletinBallot),
  receiptHashes: v.array(v.string()),
  chainHead: v.string(),
})

export const ReceiptCheck = v.object({ recorded: v.literal(true), voteId: v.string() })

const Reading = v.nullable(
  v.object({ choices: v.nullable(v.record(v.string(), MarkSchema)), invalid: v.boolean() }),
)
export const SheetOutput = v.object({
  sheetNo: v.number(),
  state: v.picklist(['agreed', 'resolved', 'mismatch', 'single']),
  round1: Reading,
  round2: Reading,
})
export const Discrepancies = v.object({
  items: v.array(SheetOutput),
  sheets: v.number(),
  reconciled: v.number(),
})

export const MyVote = v.object({
  id: v.string(),
  cycleId: v.string(),
  jurisdictionId: v.string(),
  kind: VoteKindSchema,
  title: v.string(),
  state: VoteStateSchema,
  present: v.boolean(),
  hasVoted: v.boolean(),
})
