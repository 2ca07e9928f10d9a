import type { Kysely } from 'kysely'
import type { DB, Role } from '@ms/db'
import { ApiError, notFound } from './errors.js'

export interface Grant {
  jurisdictionId: string
  role: Role
  /** The granted jurisdiction's materialised path, for descendant checks. */
  path: string
}

export interface Auth {
  userId: string
  username: string
  displayName: string
  sessionId: string
  via: 'cookie' | 'bearer'
  grants: Grant[]
}

export interface JurisdictionRef {
  id: string
  path: string
}

/**
 * The one access rule (DESIGN.md §1):
 * - a role acts in the jurisdiction it is granted on;
 * - an admin grant also covers every jurisdiction below it (admins build the tree);
 * - any grant gives read-only sight of *published* data of jurisdictions below it.
 * A caller with no sight of a jurisdiction gets 404 for its ids, never 403.
 */
export function hasRole(auth: Auth | null, j: JurisdictionRef, roles: readonly Role[]): boolean {
  if (!auth) return false
  return auth.grants.some(
    (g) =>
      (g.jurisdictionId === j.id && roles.includes(g.role)) ||
      (g.role === 'admin' && roles.includes('admin') && j.path.startsWith(g.path)),
  )
}

/** Whether the caller may read j's published data (a grant on j or on an ancestor). */
export function canSee(auth: Auth | null, j: JurisdictionRef): boolean {
  return !!auth?.grants.some((g) => j.path.startsWith(g.path))
}

/**
 * Requires one of `roles` on j. Callers who cannot see j at all get 404 (so foreign ids are not
 * confirmed); callers who can see it but lack the role get 403.
 */
export function requireRole(auth: Auth | null, j: JurisdictionRef, roles: readonly Role[]): Auth {
  if (!auth) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first')
  if (hasRole(auth, j, roles)) return auth
  if (canSee(auth, j))
    throw new ApiError(403, 'FORBIDDEN', `This needs the role ${roles.join(' or ')} here`)
  throw notFound()
}

export function requireAuth(auth: Auth | null): Auth {
  if (!auth) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first')
  return auth
}

export async function findJurisdictionRef(
  db: Kysely<DB>,
  id: string,
): Promise<JurisdictionRef | undefined> {
  return db
    .selectFrom('jurisdiction')
    .select(['id', 'path'])
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function getJurisdictionRef(db: Kysely<DB>, id: string): Promise<JurisdictionRef> {
  const j = await findJurisdictionRef(db, id)
  if (!j) throw notFound('Jurisdiction')
  return j
}
