import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
type UpdatedAt = ColumnType<Date, Date | undefined, Date>
/** bytea: Buffer on postgres.js, Uint8Array on PGlite; write either. */
type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>

export type IssueState = 'raised' | 'assigned' | 'answered' | 'verified' | 'closed'
export type IssueSource = 'deputy' | 'inspection' | 'public' | 'staff'
export type FeedbackStatus = 'new' | 'converted' | 'dismissed'

export interface MilestoneTable {
  id: Generated<string>
  jurisdiction_id: string
  project_id: string
  name: string
  /** YYYY-MM-DD */
  planned_date: string
  actual_date: string | null
  evidence: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export interface ProgressReportTable {
  id: Generated<string>
  jurisdiction_id: string
  project_id: string
  /** YYYY-MM: the month the report covers. */
  period: string
  percent_complete: number
  narrative: string
  investment_to_date_fen: number
  submitted_by: string | null
  submitted_at: Date
  updated_at: Date
}

export interface SupervisionMemberTable {
  project_id: string
  deputy_id: string
  jurisdiction_id: string
  role: 'leader' | 'member'
  assigned_at: Date
}

export interface InspectionTable {
  id: Generated<string>
  jurisdiction_id: string
  project_id: string
  date: string
  findings: string
  recorded_by: string | null
  created_at: Date
}

export interface InspectionParticipantTable {
  inspection_id: string
  deputy_id: string
  jurisdiction_id: string
}

export interface PhotoTable {
  id: Generated<string>
  jurisdiction_id: string
  project_id: string
  report_id: string | null
  inspection_id: string | null
  content_type: 'image/jpeg' | 'image/png' | 'image/webp'
  bytes: Bytes
  thumb: Bytes
  thumb_type: string
  width: number
  height: number
  size_bytes: number
  caption: string | null
  sha256: string
  uploaded_by: string | null
  created_at: Date
}

export interface ProjectFeedbackTable {
  id: Generated<string>
  jurisdiction_id: string
  project_id: string
  content: string
  /** Personal data: staff only, never published. */
  contact: string | null
  /** Hash of the sender's address for the DB-backed rate limit; erased after two days. */
  client_hash: string | null
  status: ColumnType<FeedbackStatus, FeedbackStatus | undefined, FeedbackStatus>
  issue_id: string | null
  created_at: Date
}

export interface IssueTable {
  id: Generated<string>
  jurisdiction_id: string
  project_id: string
  /** 1, 2, … per project: the number people quote (问题 #3). */
  seq: number
  source: IssueSource
  inspection_id: string | null
  feedback_id: string | null
  title: string
  description: string
  raised_by: string
  raised_by_deputy_id: string | null
  state: IssueState
  unit_id: string | null
  deadline: string | null
  assignment_note: string | null
  answer: string | null
  answered_at: Date | null
  verification_note: string | null
  closed_at: Date | null
  published: Generated<boolean>
  published_at: Date | null
  created_at: Date
  updated_at: Date
}

export interface IssueEventTable {
  id: Generated<number>
  issue_id: string
  jurisdiction_id: string
  action: string
  from_state: IssueState | null
  to_state: IssueState
  note: string | null
  deadline: string | null
  actor_user_id: string | null
  actor_role: string
  at: Date
}

export interface NotificationTable {
  id: Generated<string>
  jurisdiction_id: string
  user_id: string
  kind: string
  title: string
  body: Generated<string>
  project_id: string | null
  issue_id: string | null
  dedupe_key: string
  created_at: Date
  read_at: Date | null
  /**
   * The kind's parameters (0011, decision 047), read as parsed JSON, written through `jsonb()`;
   * null on rows written before them (title/body are the zh-CN text).
   */
  params: ColumnType<Record<string, unknown> | null, unknown, unknown>
}

export interface ProgressTables {
  milestone: MilestoneTable
  progress_report: ProgressReportTable
  supervision_member: SupervisionMemberTable
  inspection: InspectionTable
  inspection_participant: InspectionParticipantTable
  photo: PhotoTable
  project_feedback: ProjectFeedbackTable
  issue: IssueTable
  issue_event: IssueEventTable
  notification: NotificationTable
}
