import type { Kysely } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import { precompiled, type Database, type DB } from '@ms/db'
import type { Grant } from '../shared/access.js'

export function findUserByUsername(db: Kysely<DB>, username: string) {
  return db
    .selectFrom('app_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst()
}

export async function countRecentFailures(
  db: Kysely<DB>,
  by: 'username' | 'ip',
  value: string,
  since: Date,
) {
  const r = await db
    .selectFrom('login_attempt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(by, '=', by === 'username' ? value.toLowerCase() : value)
    .where('success', '=', false)
    .where('at', '>', since)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function lastSuccess(db: Kysely<DB>, username: string) {
  const r = await db
    .selectFrom('login_attempt')
    .select('at')
    .where('username', '=', username.toLowerCase())
    .where('success', '=', true)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst()
  return r?.at
}

export async function recordAttempt(
  db: Kysely<DB>,
  username: string,
  ip: string,
  success: boolean,
  at: Date,
) {
  await db
    .insertInto('login_attempt')
    .values({ username: username.toLowerCase(), ip, success, at })
    .execute()
}

export async function createSession(
  db: Kysely<DB>,
  s: { tokenHash: string; userId: string; csrfToken: string; expiresAt: Date; now: Date },
) {
  return db
    .insertInto('user_session')
    .values({
      token_hash: s.tokenHash,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      expires_at: s.expiresAt,
      last_seen_at: s.now,
      created_at: s.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

/**
 * The session, its user and the user's grants in one query (one round trip on every
 * authenticated request: the grants come back as a JSON array ordered by jurisdiction path).
 * Built and compiled once (`precompiled`), and sent outside kysely's connection reservation so
 * that concurrent requests' lookups share socket writes (`Database.query`).
 */
const sessionByTokenHash = precompiled((db: Kysely<DB>, tokenHash: string) =>
  db
    .selectFrom('user_session')
    .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
    .select((eb) => [
      'user_session.id as sessionId',
      'user_session.csrf_token as csrfToken',
      'user_session.expires_at as expiresAt',
      'user_session.last_seen_at as lastSeenAt',
      'app_user.id as userId',
      'app_user.username',
      'app_user.display_name as displayName',
      'app_user.disabled',
      jsonArrayFrom(
        eb
          .selectFrom('role_grant')
          .innerJoin('jurisdiction', 'jurisdiction.id', 'role_grant.jurisdiction_id')
          .select([
            'role_grant.jurisdiction_id as jurisdictionId',
            'role_grant.role',
            'jurisdiction.path',
          ])
          .whereRef('role_grant.user_id', '=', 'app_user.id')
          .orderBy('jurisdiction.path'),
      ).as('grants'),
    ])
    .where('user_session.token_hash', '=', tokenHash),
)

export async function findSessionByTokenHash(database: Database, tokenHash: string) {
  const [row] = await database.query(sessionByTokenHash(database.db, tokenHash))
  return row
}

export async function touchSession(db: Kysely<DB>, sessionId: string, now: Date) {
  await db
    .updateTable('user_session')
    .set({ last_seen_at: now })
    .where('id', '=', sessionId)
    .execute()
}

export async function deleteSession(db: Kysely<DB>, sessionId: string) {
  await db.deleteFrom('user_session').where('id', '=', sessionId).execute()
}

export async function loadGrants(
  db: Kysely<DB>,
  userId: string,
): Promise<(Grant & { name: string; level: string })[]> {
  const rows = await db
    .selectFrom('role_grant')
    .innerJoin('jurisdiction', 'jurisdiction.id', 'role_grant.jurisdiction_id')
    .select([
      'role_grant.jurisdiction_id',
      'role_grant.role',
      'jurisdiction.path',
      'jurisdiction.name',
      'jurisdiction.level',
    ])
    .where('role_grant.user_id', '=', userId)
    .orderBy('jurisdiction.path')
    .execute()
  return rows.map((r) => ({
    jurisdictionId: r.jurisdiction_id,
    role: r.role,
    path: r.path,
    name: r.name,
    level: r.level,
  }))
}

export function deputyLinks(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('deputy')
    .select(['id as deputyId', 'jurisdiction_id as jurisdictionId'])
    .where('user_id', '=', userId)
    .where('active', '=', true)
    .execute()
}

export function unitLinks(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('unit_account')
    .innerJoin('gov_unit', 'gov_unit.id', 'unit_account.unit_id')
    .select([
      'gov_unit.id as unitId',
      'gov_unit.name as unitName',
      'gov_unit.jurisdiction_id as jurisdictionId',
    ])
    .where('unit_account.user_id', '=', userId)
    .execute()
}
