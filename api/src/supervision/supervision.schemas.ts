import * as v from 'valibot'
import { Id, IsoDate, OptionalText, Text } from '../progress/progress.schemas.js'
import { ISSUE_ACTIONS, ISSUE_STATES } from './supervision.rules.js'

// Shared by the API (validation) and the web (forms): no server-only imports here.

export const IssueStateSchema = v.picklist(ISSUE_STATES, 'Unknown issue state')
export const ISSUE_STATE_LABELS: Record<(typeof ISSUE_STATES)[number], string> = {
  raised: '已提出',
  assigned: '已交办',
  answered: '已办理',
  verified: '已核实',
  closed: '已销号',
}
export const ISSUE_SOURCE_LABELS = {
  deputy: '代表提出',
  inspection: '视察发现',
  public: '群众反映',
  staff: '工作人员',
} as const

const uniqueIds = (label: string, max: number) =>
  v.pipe(
    v.array(Id(`Each of ${label}`), `${label} must be a list of ids`),
    v.maxLength(max, `At most ${max} ${label}`),
    v.check((a) => new Set(a).size === a.length, `${label} lists a deputy twice`),
  )

export const SetGroupInput = v.strictObject({
  leaderDeputyId: Id('leaderDeputyId'),
  memberDeputyIds: uniqueIds('memberDeputyIds', 30),
})
export type SetGroupInput = v.InferOutput<typeof SetGroupInput>

export const CreateInspectionInput = v.strictObject({
  date: IsoDate('date'),
  participants: v.pipe(
    uniqueIds('participants', 50),
    v.minLength(1, 'Name at least one participant'),
  ),
  findings: Text(4000, 'Findings'),
})
export type CreateInspectionInput = v.InferOutput<typeof CreateInspectionInput>

export const RaiseIssueInput = v.strictObject({
  title: Text(200, 'Title'),
  description: Text(4000, 'Description'),
  inspectionId: v.optional(Id('inspectionId')),
  feedbackId: v.optional(Id('feedbackId')),
})
export type RaiseIssueInput = v.InferOutput<typeof RaiseIssueInput>

export const AssignInput = v.strictObject({
  deadline: IsoDate('deadline'),
  /** The responsible unit; defaults to the project's unit. */
  unitId: v.optional(Id('unitId')),
  note: v.optional(OptionalText(2000)),
})
export type AssignInput = v.InferOutput<typeof AssignInput>

export const AnswerInput = v.strictObject({ answer: Text(4000, 'Answer') })
export type AnswerInput = v.InferOutput<typeof AnswerInput>

/** accepted: verified (核实); not accepted: sent back to the unit with a new deadline. */
export const VerifyInput = v.strictObject({
  accepted: v.boolean('accepted must be true or false'),
  note: v.optional(OptionalText(2000)),
  deadline: v.optional(IsoDate('deadline')),
})
export type VerifyInput = v.InferOutput<typeof VerifyInput>

export const CloseInput = v.strictObject({ note: v.optional(OptionalText(2000)) })
export type CloseInput = v.InferOutput<typeof CloseInput>

export const ReopenInput = v.strictObject({
  reason: Text(2000, 'Reason'),
  deadline: IsoDate('deadline'),
})
export type ReopenInput = v.InferOutput<typeof ReopenInput>

export const PublishInput = v.strictObject({
  published: v.boolean('published must be true or false'),
})

export const IssueListQuery = v.object({
  state: v.optional(v.picklist([...ISSUE_STATES, 'open'], 'Unknown state')),
  projectId: v.optional(Id('projectId')),
  unitId: v.optional(Id('unitId')),
  flag: v.optional(v.picklist(['due_soon', 'overdue', 'escalated', 'late'], 'Unknown flag')),
  published: v.optional(v.picklist(['true', 'false'])),
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
})
export type IssueListQuery = v.InferOutput<typeof IssueListQuery>

export const MineIssueQuery = v.object({
  state: v.optional(v.picklist(['open', 'all']), 'open'),
})

/** The public form. `website` is a honeypot the page hides; `fillMs` how long the form was open. */
export const FeedbackInput = v.strictObject({
  content: Text(2000, 'Content'),
  contact: v.optional(v.nullable(OptionalText(100))),
  website: v.optional(v.pipe(v.string(), v.maxLength(200))),
  fillMs: v.pipe(
    v.number('fillMs must be the milliseconds the form was open'),
    v.safeInteger(),
    v.minValue(0),
    v.maxValue(1_000_000_000),
  ),
})
export type FeedbackInput = v.InferOutput<typeof FeedbackInput>

// ── outputs (OpenAPI) ───────────────────────────────────────────────────────────────────────────

export const GroupMember = v.object({
  deputyId: v.string(),
  displayName: v.string(),
  delegation: v.nullable(v.string()),
  role: v.picklist(['leader', 'member']),
})
export const Group = v.object({
  projectId: v.string(),
  leader: v.nullable(GroupMember),
  members: v.array(GroupMember),
})

const PhotoOut = v.object({
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

export const Inspection = v.object({
  id: v.string(),
  projectId: v.string(),
  date: v.string(),
  findings: v.string(),
  participants: v.array(v.object({ id: v.string(), displayName: v.string() })),
  recorder: v.nullable(v.string()),
  createdAt: v.string(),
  photos: v.array(PhotoOut),
})

export const IssueEvent = v.object({
  action: v.string(),
  from: v.nullable(v.string()),
  to: v.string(),
  note: v.nullable(v.string()),
  deadline: v.nullable(v.string()),
  actor: v.nullable(v.string()),
  actorRole: v.string(),
  at: v.string(),
})

export const Issue = v.object({
  id: v.string(),
  projectId: v.string(),
  projectTitle: v.string(),
  seq: v.number(),
  source: v.picklist(['deputy', 'inspection', 'public', 'staff']),
  inspectionId: v.nullable(v.string()),
  feedbackId: v.nullable(v.string()),
  title: v.string(),
  description: v.string(),
  state: IssueStateSchema,
  unit: v.nullable(v.object({ id: v.string(), name: v.string() })),
  deadline: v.nullable(v.string()),
  deadlineFlag: v.nullable(v.picklist(['due_soon', 'overdue', 'escalated'])),
  daysLeft: v.nullable(v.number()),
  assignmentNote: v.nullable(v.string()),
  answer: v.nullable(v.string()),
  answeredAt: v.nullable(v.string()),
  verificationNote: v.nullable(v.string()),
  closedAt: v.nullable(v.string()),
  published: v.boolean(),
  publishedAt: v.nullable(v.string()),
  raisedBy: v.object({ name: v.nullable(v.string()), deputy: v.boolean() }),
  createdAt: v.string(),
  updatedAt: v.string(),
  actions: v.array(v.picklist([...ISSUE_ACTIONS, 'publish'])),
})
export const IssueDetail = v.object({ ...Issue.entries, events: v.array(IssueEvent) })

export const TimelineEntry = v.object({
  date: v.string(),
  at: v.nullable(v.string()),
  kind: v.picklist([
    'milestone_done',
    'milestone_missed',
    'milestone_planned',
    'report',
    'inspection',
    'issue',
  ]),
  title: v.string(),
  detail: v.nullable(v.string()),
  refId: v.string(),
  issueAction: v.optional(v.string()),
  state: v.optional(v.string()),
})

export const Feedback = v.object({
  id: v.string(),
  content: v.string(),
  contact: v.nullable(v.string()),
  status: v.picklist(['new', 'converted', 'dismissed']),
  issueId: v.nullable(v.string()),
  createdAt: v.string(),
})
