import type { ColumnType, Generated } from 'kysely'

export type JurisdictionLevel = 'province' | 'city' | 'county' | 'township'
export type Role = 'admin' | 'staff' | 'deputy' | 'finance' | 'unit' | 'teller'
type CreatedAt = ColumnType<Date, Date | undefined, never>

export interface JurisdictionTable {
  id: Generated<string>
  parent_id: string | null
  level: JurisdictionLevel
  name: string
  /** Materialised ancestor path: "/rootId/…/selfId/" — descendants are `path like ancestor.path || '%'`. */
  path: string
  created_at: CreatedAt
}

export interface AppUserTable {
  id: Generated<string>
  username: string
  password_hash: string
  display_name: string
  /** The jurisdiction that created the account (its tenant). */
  jurisdiction_id: string
  disabled: Generated<boolean>
  created_at: CreatedAt
}

export interface RoleGrantTable {
  user_id: string
  jurisdiction_id: string
  role: Role
  created_at: CreatedAt
}

export interface DeputyTable {
  id: Generated<string>
  jurisdiction_id: string
  user_id: string | null
  display_name: string
  delegation: string | null
  constituency: string | null
  active: Generated<boolean>
  created_at: CreatedAt
}

export interface GovUnitTable {
  id: Generated<string>
  jurisdiction_id: string
  name: string
  created_at: CreatedAt
}

export interface UnitAccountTable {
  user_id: string
  unit_id: string
  jurisdiction_id: string
}

export interface UserSessionTable {
  id: Generated<string>
  token_hash: string
  user_id: string
  csrf_token: string
  created_at: CreatedAt
  expires_at: Date
  last_seen_at: Date
}

export interface LoginAttemptTable {
  id: Generated<number>
  username: string
  ip: string
  success: boolean
  at: CreatedAt
}

export interface AuditLogTable {
  seq: Generated<number>
  jurisdiction_id: string
  actor_user_id: string | null
  action: string
  entity: string
  entity_id: string | null
  before: unknown
  after: unknown
  at: Date
  request_id: string | null
  prev_hash: string
  hash: string
}

export interface FoundationTables {
  jurisdiction: JurisdictionTable
  app_user: AppUserTable
  role_grant: RoleGrantTable
  deputy: DeputyTable
  gov_unit: GovUnitTable
  unit_account: UnitAccountTable
  user_session: UserSessionTable
  login_attempt: LoginAttemptTable
  audit_log: AuditLogTable
}
