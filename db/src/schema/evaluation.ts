import type { ColumnType, Generated } from 'kysely'

/** Rectification (整改) after a satisfaction evaluation, and the deputy record's targets (0007). */
export type RectificationState = 'open' | 'answered' | 'verified' | 'closed'
export type SatisfactionGrade = 'satisfied' | 'basically' | 'dissatisfied'

export interface RectificationTable {
  id: Generated<string>
  jurisdiction_id: string
  cycle_id: string
  /** The evaluation (a vote of kind 'evaluation') whose published result opened it. */
  vote_id: string
  project_id: string
  unit_id: string | null
  responsible_unit: string
  below_threshold: boolean
  graded_dissatisfied: boolean
  grade: SatisfactionGrade
  rate_numerator: number
  rate_denominator: number
  state: ColumnType<RectificationState, RectificationState | undefined, RectificationState>
  /** YYYY-MM-DD */
  deadline: string | null
  requirement: string | null
  measures: string | null
  answered_at: Date | null
  verification_note: string | null
  closed_at: Date | null
  created_at: Date
  updated_at: Date
}

export interface RectificationEventTable {
  id: Generated<number>
  rectification_id: string
  jurisdiction_id: string
  action: string
  from_state: string | null
  to_state: string
  note: string | null
  deadline: string | null
  actor_user_id: string | null
  actor_role: string
  at: Date
}

export interface RecordTargetTable {
  jurisdiction_id: string
  min_suggestions: number
  min_inspections: number
  min_vote_participation_bp: number
  updated_by: string | null
  updated_at: Date
}

export interface EvaluationTables {
  rectification: RectificationTable
  rectification_event: RectificationEventTable
  record_target: RecordTargetTable
}
