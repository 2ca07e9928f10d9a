import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>

export type BudgetSource = 'local' | 'transfer' | 'social' | 'other'
export type BudgetLineStatus = 'draft' | 'approved' | 'withdrawn'
export type DisbursementKind = 'payment' | 'reversal'
export type AttachmentType = 'application/pdf' | 'image/jpeg' | 'image/png'

/** Per cycle: the pool as the budget document fixed it (null: the cycle's planned pool). */
export interface FundPoolTable {
  cycle_id: string
  jurisdiction_id: string
  pool_fen: number | null
  document_ref: string | null
  variance_threshold_bp: ColumnType<number, number | undefined, number>
  updated_by: string | null
  updated_at: ColumnType<Date, Date | undefined, Date>
}

export interface BudgetLineTable {
  id: Generated<string>
  jurisdiction_id: string
  cycle_id: string
  project_id: string
  source: BudgetSource
  from_pool: boolean
  fiscal_year: number
  subject_code: string
  document_no: string
  /** The amount as entered; the current amount adds the adjustments. */
  initial_fen: number
  note: string | null
  status: ColumnType<BudgetLineStatus, BudgetLineStatus | undefined, BudgetLineStatus>
  created_by: string | null
  created_at: CreatedAt
  approved_by: string | null
  approved_at: Date | null
}

/** Append-only. */
export interface BudgetAdjustmentTable {
  id: Generated<string>
  jurisdiction_id: string
  line_id: string
  delta_fen: number
  reason: string
  created_by: string | null
  created_at: CreatedAt
}

/** Append-only: payments (amount > 0) and reversals (amount < 0, reverses_id set). */
export interface DisbursementTable {
  id: Generated<string>
  seq: Generated<number>
  jurisdiction_id: string
  cycle_id: string
  project_id: string
  line_id: string
  kind: DisbursementKind
  reverses_id: string | null
  date: string
  amount_fen: number
  voucher_no: string | null
  payee: string | null
  note: string | null
  reason: string | null
  created_by: string | null
  created_at: CreatedAt
}

export interface DisbursementAttachmentTable {
  disbursement_id: string
  jurisdiction_id: string
  file_name: string
  content_type: AttachmentType
  size_bytes: number
  sha256: string
  content: Uint8Array
  uploaded_by: string | null
  uploaded_at: CreatedAt
}

/** Append-only: each submission is a new revision; the latest counts. */
export interface FinalAccountTable {
  id: Generated<string>
  jurisdiction_id: string
  cycle_id: string
  project_id: string
  revision: number
  final_amount_fen: number
  budgeted_fen: number
  disbursed_fen: number
  variance_fen: number
  variance_threshold_bp: number
  explanation: string | null
  created_by: string | null
  created_at: CreatedAt
}

export interface BudgetTables {
  fund_pool: FundPoolTable
  budget_line: BudgetLineTable
  budget_adjustment: BudgetAdjustmentTable
  disbursement: DisbursementTable
  disbursement_attachment: DisbursementAttachmentTable
  final_account: FinalAccountTable
}
