import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
/** jsonb: read as parsed JSON, written through the `jsonb()` helper of client.ts. */
type Json<T> = ColumnType<T, unknown, unknown>

/** An imported pabulib election (what-if analysis), owned by one jurisdiction. */
export interface AnalysisInstanceTable {
  id: Generated<string>
  jurisdiction_id: string
  name: string
  file_name: string | null
  sha256: string
  size_bytes: number
  /** The .pb text as uploaded. */
  source: string
  summary: Json<unknown>
  /** The cached comparison of the rules, or null until first computed. */
  comparison: Json<unknown> | null
  comparison_version: number | null
  created_by: string | null
  created_at: CreatedAt
}

export interface AnalysisTables {
  analysis_instance: AnalysisInstanceTable
}
