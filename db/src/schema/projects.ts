import type { ColumnType, Generated } from 'kysely'

export interface ProjectTable {
  id: Generated<string>
  jurisdiction_id: string
  cycle_id: string
  candidate_id: string
  vote_id: string
  title: string
  description: Generated<string>
  category: string
  responsible_unit: string
  unit_id: string | null
  estimate_fen: number
  funding_source: string
  targets: string | null
  location: string | null
  planned_completion: string | null
  rank: number | null
  votes_for: number | null
  created_by: string | null
  created_at: ColumnType<Date, Date | undefined, never>
}

export interface ProjectTables {
  project: ProjectTable
}
