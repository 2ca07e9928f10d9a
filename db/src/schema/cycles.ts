import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
type UpdatedAt = ColumnType<Date, Date | undefined, Date>
/** numeric columns come back as exact strings; write strings or numbers. */
type Numeric = ColumnType<string, string | number, string | number>

export type CyclePhase =
  | 'solicitation'
  | 'screening'
  | 'candidates_locked'
  | 'voting'
  | 'implementing'
  | 'evaluating'
  | 'closed'
export type FundingSource = 'local' | 'transfer' | 'social' | 'other'
export type SuggestionSource = 'deputy' | 'public' | 'unit' | 'staff'
export type SuggestionOutcome = 'pending' | 'adopted' | 'merged' | 'rejected'

export interface CycleTable {
  id: Generated<string>
  jurisdiction_id: string
  year: number
  title: string
  seats: number
  margin_ratio: Numeric
  fund_pool_fen: number
  fund_pool_doc: string | null
  threshold_basis: 'all' | 'present'
  ballot_form: 'for_against_abstain' | 'approve_up_to_n'
  satisfaction_threshold: ColumnType<string, string | number | undefined, string | number>
  evaluation_basis: ColumnType<'all' | 'valid', 'all' | 'valid' | undefined, 'all' | 'valid'>
  evaluation_comparison: ColumnType<
    'reach' | 'exceed',
    'reach' | 'exceed' | undefined,
    'reach' | 'exceed'
  >
  phase: ColumnType<CyclePhase, CyclePhase | undefined, CyclePhase>
  solicitation_notice: string | null
  solicitation_deadline: string | null
  candidates_locked_at: Date | null
  list_version: Generated<number>
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export interface CandidateTable {
  id: Generated<string>
  jurisdiction_id: string
  cycle_id: string
  title: string
  description: Generated<string>
  category: string
  responsible_unit: string
  unit_id: string | null
  estimate_fen: number
  funding_source: FundingSource
  targets: string | null
  location: string | null
  planned_completion: string | null
  sort_order: Generated<number>
  withdrawn: Generated<boolean>
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export interface SuggestionTable {
  id: Generated<string>
  jurisdiction_id: string
  cycle_id: string
  source: SuggestionSource
  submitted_by: string | null
  deputy_id: string | null
  unit_id: string | null
  title: string
  category: string
  location: string | null
  reason: string
  estimate_fen: number | null
  contact: string | null
  tracking_code: string
  outcome: ColumnType<SuggestionOutcome, SuggestionOutcome | undefined, SuggestionOutcome>
  reply: string | null
  candidate_id: string | null
  merged_into_id: string | null
  outcome_at: Date | null
  outcome_by: string | null
  created_at: CreatedAt
  /** Hash of the submitting address, public submissions only, kept ~2 days for the rate limit (0008). */
  client_hash: ColumnType<string | null, string | null | undefined, string | null>
}

export interface CycleTables {
  cycle: CycleTable
  candidate: CandidateTable
  suggestion: SuggestionTable
}
