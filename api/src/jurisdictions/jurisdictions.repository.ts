import type { Kysely, Transaction } from 'kysely'
import type { DB, JurisdictionLevel, Role } from '@ms/db'

type Q = Kysely<DB> | Transaction<DB>

export const toJurisdiction = (r: {
  id: string
  parent_id: string | null
  level: JurisdictionLevel
  name: string
}) => ({
  id: r.id,
  parentId: r.parent_id,
  level: r.level,
  name: r.name,
})

export function findJurisdiction(db: Q, id: string) {
  return db.selectFrom('jurisdiction').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Jurisdictions at or below any of the given paths. */
export function listUnderPaths(db: Q, paths: string[]) {
  if (paths.length === 0) return Promise.resolve([])
  return db
    .selectFrom('jurisdiction')
    .selectAll()
    .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))))
    .orderBy('path')
    .execute()
}

export async function insertJurisdiction(
  trx: Q,
  j: { name: string; level: JurisdictionLevel; parentId: string | null; parentPath: string },
) {
  const { id } = await trx
    .insertInto('jurisdiction')
    // Path is set right after, once the id is known; a placeholder keeps the unique constraint happy.
    .values({
      name: j.name,
      level: j.level,
      parent_id: j.parentId,
      path: `tmp:${crypto.randomUUID()}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const path = `${j.parentPath}${id}/`
  return trx
    .updateTable('jurisdiction')
    .set({ path })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function findUserByUsername(db: Q, username: string) {
  return db
    .selectFrom('app_user')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst()
}

export function insertUser(
  trx: Q,
  u: { username: string; passwordHash: string; displayName: string; jurisdictionId: string },
) {
  return trx
    .insertInto('app_user')
    .values({
      username: u.username,
      password_hash: u.passwordHash,
      display_name: u.displayName,
      jurisdiction_id: u.jurisdictionId,
    })
    .returning(['id', 'username', 'display_name'])
    .executeTakeFirstOrThrow()
}

export async function insertGrants(trx: Q, userId: string, jurisdictionId: string, roles: Role[]) {
  if (roles.length === 0) return
  await trx
    .insertInto('role_grant')
    .values(roles.map((role) => ({ user_id: userId, jurisdiction_id: jurisdictionId, role })))
    .onConflict((oc) => oc.doNothing())
    .execute()
}

export function insertDeputy(
  trx: Q,
  d: {
    jurisdictionId: string
    userId: string | null
    displayName: string
    delegation?: string | null
    constituency?: string | null
  },
) {
  return trx
    .insertInto('deputy')
    .values({
      jurisdiction_id: d.jurisdictionId,
      user_id: d.userId,
      display_name: d.displayName,
      delegation: d.delegation ?? null,
      constituency: d.constituency ?? null,
    })
    .returning(['id', 'display_name', 'user_id', 'delegation', 'constituency'])
    .executeTakeFirstOrThrow()
}

export function listDeputies(db: Q, jurisdictionId: string) {
  return db
    .selectFrom('deputy')
    .select(['id', 'display_name', 'user_id', 'delegation', 'constituency'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('active', '=', true)
    .orderBy('delegation')
    .orderBy('display_name')
    .orderBy('id')
    .execute()
}

export function listUnits(db: Q, jurisdictionId: string) {
  return db
    .selectFrom('gov_unit')
    .select(['id', 'name'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('name')
    .execute()
}

export function findUnit(db: Q, id: string) {
  return db.selectFrom('gov_unit').selectAll().where('id', '=', id).executeTakeFirst()
}

export function insertUnit(trx: Q, jurisdictionId: string, name: string) {
  return trx
    .insertInto('gov_unit')
    .values({ jurisdiction_id: jurisdictionId, name })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow()
}

export async function linkUnitAccount(
  trx: Q,
  userId: string,
  unitId: string,
  jurisdictionId: string,
) {
  await trx
    .insertInto('unit_account')
    .values({ user_id: userId, unit_id: unitId, jurisdiction_id: jurisdictionId })
    .execute()
}

export function listUsers(db: Q, jurisdictionId: string, limit: number, after?: string) {
  let q = db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('username')
    .limit(limit + 1)
  if (after) q = q.where('username', '>', after)
  return q.execute()
}

/** The grants of the given users on the given jurisdictions. */
export function grantsWithin(db: Q, userIds: string[], jurisdictionIds: string[]) {
  if (userIds.length === 0 || jurisdictionIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('role_grant')
    .select(['user_id', 'jurisdiction_id', 'role'])
    .where('user_id', 'in', userIds)
    .where('jurisdiction_id', 'in', jurisdictionIds)
    .execute()
}

export function findUser(db: Q, id: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'jurisdiction_id'])
    .where('id', '=', id)
    .executeTakeFirst()
}

export function grantsOf(db: Q, userId: string) {
  return db
    .selectFrom('role_grant')
    .innerJoin('jurisdiction', 'jurisdiction.id', 'role_grant.jurisdiction_id')
    .select(['role_grant.jurisdiction_id', 'role_grant.role', 'jurisdiction.path'])
    .where('user_id', '=', userId)
    .execute()
}

export async function deleteGrants(trx: Q, userId: string, jurisdictionIds: string[]) {
  if (jurisdictionIds.length === 0) return
  await trx
    .deleteFrom('role_grant')
    .where('user_id', '=', userId)
    .where('jurisdiction_id', 'in', jurisdictionIds)
    .execute()
}

export function auditPage(db: Q, jurisdictionId: string, limit: number, before?: number) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('app_user', 'app_user.id', 'audit_log.actor_user_id')
    .select([
      'audit_log.seq',
      'audit_log.action',
      'audit_log.entity',
      'audit_log.entity_id',
      'audit_log.before',
      'audit_log.after',
      'audit_log.at',
      'audit_log.hash',
      'app_user.display_name as actor',
    ])
    .where('audit_log.jurisdiction_id', '=', jurisdictionId)
    .orderBy('audit_log.seq', 'desc')
    .limit(limit + 1)
  if (before) q = q.where('audit_log.seq', '<', before)
  return q.execute()
}
