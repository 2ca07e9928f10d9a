import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
/** jsonb: read as parsed JSON, written as a JSON string. */
type Json<T> = ColumnType<T, string, string>

/** 'evaluation': a satisfaction evaluation of the cycle's projects (0007, decision 050). */
export type VoteKind = 'selection' | 'runoff' | 'evaluation'
export type VoteState = 'draft' | 'open' | 'closed' | 'certified' | 'published'
/** 赞成/反对/弃权 on selection ballots; 满意/基本满意/不满意/弃权 on satisfaction ballots. */
export type BallotChoice =
  'for' | 'against' | 'abstain' | 'satisfied' | 'basically' | 'dissatisfied'
export type BallotChoices = Record<string, BallotChoice>

export interface VoteTable {
  id: Generated<string>
  jurisdiction_id: string
  cycle_id: string
  kind: VoteKind
  parent_vote_id: string | null
  title: string
  state: ColumnType<VoteState, VoteState | undefined, VoteState>
  runoff_candidate_ids: Json<string[] | null> | null
  seats: number | null
  ballot_form: 'for_against_abstain' | 'approve_up_to_n' | 'satisfaction' | null
  /** 'valid' (valid ballots) exists for evaluations only. */
  threshold_basis: 'all' | 'present' | 'valid' | null
  /** Evaluations: the grading rule's comparison with half the basis, frozen at open (0007). */
  grade_comparison: ColumnType<
    'reach' | 'exceed' | null,
    'reach' | 'exceed' | null | undefined,
    'reach' | 'exceed' | null
  >
  /** Evaluations: the rectification threshold as numeric(5,4) text, frozen at open (0007). */
  satisfaction_threshold: ColumnType<string | null, string | null | undefined, string | null>
  check_in_code: string
  created_by: string | null
  created_at: CreatedAt
  opened_by: string | null
  opened_at: Date | null
  closed_by: string | null
  closed_at: Date | null
  certified_by: string | null
  certified_at: Date | null
  published_by: string | null
  published_at: Date | null
  result: Json<unknown> | null
  chain_head: string | null
}

export interface VoteCandidateTable {
  vote_id: string
  candidate_id: string
  jurisdiction_id: string
  position: number
  title: string
  description: string
  category: string
  responsible_unit: string
  estimate_fen: number
  funding_source: string
  location: string | null
}

export interface VoteRosterTable {
  vote_id: string
  deputy_id: string
  jurisdiction_id: string
  present: Generated<boolean>
  check_in_via: 'staff' | 'self' | null
  checked_in_at: Date | null
  failed_code_attempts: Generated<number>
}

/** Who has voted: no timestamp, no link to any ballot. */
export interface VoteParticipationTable {
  vote_id: string
  deputy_id: string
  jurisdiction_id: string
  sealed: Generated<boolean>
}

/** An anonymous ballot: random id, no timestamp, no deputy. */
export interface BallotTable {
  id: Generated<string>
  vote_id: string
  jurisdiction_id: string
  choices: Json<BallotChoices>
}

export interface ReceiptTable {
  receipt_hash: string
  vote_id: string
  jurisdiction_id: string
}

export interface PaperEntryTable {
  vote_id: string
  jurisdiction_id: string
  sheet_no: number
  round: number
  choices: Json<BallotChoices | null> | null
  invalid: boolean
  entered_by: string
  entered_at: Date
}

export interface PaperResolutionTable {
  vote_id: string
  jurisdiction_id: string
  sheet_no: number
  choices: Json<BallotChoices | null> | null
  invalid: boolean
  resolved_by: string
  resolved_at: Date
}

export interface PaperCountTable {
  vote_id: string
  jurisdiction_id: string
  issued: number
  returned: number
  recorded_by: string
  recorded_at: Date
}

export interface BallotTables {
  vote: VoteTable
  vote_candidate: VoteCandidateTable
  vote_roster: VoteRosterTable
  vote_participation: VoteParticipationTable
  ballot_box: BallotTable
  ballot: BallotTable
  receipt_box: ReceiptTable
  receipt: ReceiptTable
  paper_entry: PaperEntryTable
  paper_resolution: PaperResolutionTable
  paper_count: PaperCountTable
}
