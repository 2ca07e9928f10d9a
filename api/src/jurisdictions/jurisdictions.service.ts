import type { Role } from '@ms/db'
import type { Ctx } from '../shared/context.js'
import {
  canSee,
  getJurisdictionRef,
  requireAuth,
  requireRole,
  type Auth,
} from '../shared/access.js'
import { ApiError, conflict, notFound } from '../shared/errors.js'
import { audit } from '../shared/audit.js'
import { hashPassword } from '@ms/db'
import { decodeCursor, toPage } from '../shared/paging.js'
import { verifyAuditChains } from '../audit/audit.repository.js'
import * as repo from './jurisdictions.repository.js'
import { LEVEL_ORDER } from './jurisdictions.schemas.js'

export async function listVisibleJurisdictions({ deps, auth }: Ctx) {
  const a = requireAuth(auth)
  const rows = await repo.listUnderPaths(deps.database.db, [
    ...new Set(a.grants.map((g) => g.path)),
  ])
  return rows.map(repo.toJurisdiction)
}

export async function createJurisdiction(
  { deps, auth, requestId }: Ctx,
  input: { name: string; level: (typeof LEVEL_ORDER)[number]; parentId?: string },
) {
  const a = requireAuth(auth)
  const { db } = deps.database
  let parentPath = '/'
  if (input.parentId) {
    const parent = await repo.findJurisdiction(db, input.parentId)
    if (!parent || !canSee(a, parent)) throw notFound('Parent jurisdiction')
    requireRole(a, parent, ['admin'])
    if (LEVEL_ORDER.indexOf(input.level) <= LEVEL_ORDER.indexOf(parent.level)) {
      throw new ApiError(
        400,
        'INVALID_LEVEL',
        `A ${input.level} cannot sit below a ${parent.level}`,
      )
    }
    parentPath = parent.path
  } else if (
    !a.grants.some((g) => g.role === 'admin' && g.path.split('/').filter(Boolean).length === 1)
  ) {
    throw new ApiError(
      403,
      'FORBIDDEN',
      'Only an administrator of a top-level jurisdiction can create another top-level one',
    )
  }
  return db.transaction().execute(async (trx) => {
    const j = await repo.insertJurisdiction(trx, {
      name: input.name,
      level: input.level,
      parentId: input.parentId ?? null,
      parentPath,
    })
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: a.userId,
        action: 'jurisdiction.create',
        entity: 'jurisdiction',
        entityId: j.id,
        after: repo.toJurisdiction(j),
        requestId,
      },
      deps.now(),
    )
    return repo.toJurisdiction(j)
  })
}

export async function createUser(
  { deps, auth, requestId }: Ctx,
  jid: string,
  input: {
    username: string
    password: string
    displayName: string
    roles: Role[]
    unitId?: string
    delegation?: string
    constituency?: string
  },
) {
  const { db } = deps.database
  const j = await getJurisdictionRef(db, jid)
  const a = requireRole(auth, j, ['admin'])
  if (await repo.findUserByUsername(db, input.username))
    throw conflict('USERNAME_TAKEN', `The username ${input.username} is taken`)
  if (input.unitId) {
    const unit = await repo.findUnit(db, input.unitId)
    if (!unit || unit.jurisdiction_id !== jid) throw notFound('Unit')
  }
  const roles = [...new Set(input.roles)]
  const passwordHash = await hashPassword(input.password)
  return db.transaction().execute(async (trx) => {
    const user = await repo.insertUser(trx, {
      username: input.username,
      passwordHash,
      displayName: input.displayName,
      jurisdictionId: jid,
    })
    await repo.insertGrants(trx, user.id, jid, roles)
    let deputyId: string | undefined
    if (roles.includes('deputy')) {
      const d = await repo.insertDeputy(trx, {
        jurisdictionId: jid,
        userId: user.id,
        displayName: input.displayName,
        delegation: input.delegation,
        constituency: input.constituency,
      })
      deputyId = d.id
    }
    if (input.unitId) await repo.linkUnitAccount(trx, user.id, input.unitId, jid)
    const out = {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      roles,
      ...(deputyId ? { deputyId } : {}),
    }
    await audit(
      trx,
      {
        jurisdictionId: jid,
        actorUserId: a.userId,
        action: 'user.create',
        entity: 'app_user',
        entityId: user.id,
        after: { ...out, unitId: input.unitId ?? null },
        requestId,
      },
      deps.now(),
    )
    return out
  })
}

/**
 * The accounts whose home is `jid`, with their roles in `jid` and their grants on every
 * jurisdiction the caller administers — exactly the set `setGrants` replaces, so a client can
 * send back the grants it does not mean to change.
 */
export async function listUsers({ deps, auth }: Ctx, jid: string, limit: number, cursor?: string) {
  const { db } = deps.database
  const j = await getJurisdictionRef(db, jid)
  const a = requireRole(auth, j, ['admin'])
  const rows = await repo.listUsers(db, jid, limit, decodeCursor<string>(cursor))
  const page = toPage(rows, limit, (r) => r.username)
  const administered = await administeredIds(db, a)
  const grants = await repo.grantsWithin(
    db,
    page.items.map((u) => u.id),
    [...administered],
  )
  return {
    items: page.items.map((u) => {
      const mine = grants.filter((g) => g.user_id === u.id)
      return {
        id: u.id,
        username: u.username,
        displayName: u.display_name,
        roles: mine.filter((g) => g.jurisdiction_id === jid).map((g) => g.role),
        grants: mine.map((g) => ({ jurisdictionId: g.jurisdiction_id, role: g.role })),
      }
    }),
    nextCursor: page.nextCursor,
  }
}

/** The ids of the jurisdictions at or below the caller's admin grants. */
async function administeredIds(db: Ctx['deps']['database']['db'], a: Auth) {
  const adminPaths = a.grants.filter((g) => g.role === 'admin').map((g) => g.path)
  return new Set((await repo.listUnderPaths(db, adminPaths)).map((x) => x.id))
}

/**
 * Replaces the user's grants on the jurisdictions the caller administers; grants elsewhere are
 * untouched (an admin cannot see or change them).
 */
export async function setGrants(
  { deps, auth, requestId }: Ctx,
  uid: string,
  grants: { jurisdictionId: string; role: Role }[],
) {
  const a = requireAuth(auth)
  const { db } = deps.database
  const user = await repo.findUser(db, uid)
  if (!user) throw notFound('User')
  const home = await getJurisdictionRef(db, user.jurisdiction_id)
  requireRole(a, home, ['admin'])
  const administered = await administeredIds(db, a)
  for (const g of grants) if (!administered.has(g.jurisdictionId)) throw notFound('Jurisdiction')
  const before = await repo.grantsOf(db, uid)
  return db.transaction().execute(async (trx) => {
    await repo.deleteGrants(trx, uid, [...administered])
    for (const g of grants) await repo.insertGrants(trx, uid, g.jurisdictionId, [g.role])
    const after = await repo.grantsOf(trx, uid)
    await audit(
      trx,
      {
        jurisdictionId: home.id,
        actorUserId: a.userId,
        action: 'user.grants',
        entity: 'app_user',
        entityId: uid,
        before: before.map((g) => ({ jurisdictionId: g.jurisdiction_id, role: g.role })),
        after: after.map((g) => ({ jurisdictionId: g.jurisdiction_id, role: g.role })),
        requestId,
      },
      deps.now(),
    )
    return { grants: after.map((g) => ({ jurisdictionId: g.jurisdiction_id, role: g.role })) }
  })
}

export async function listDeputies({ deps, auth }: Ctx, jid: string) {
  const { db } = deps.database
  const j = await getJurisdictionRef(db, jid)
  requireRole(auth, j, ['staff', 'admin', 'teller'])
  const rows = await repo.listDeputies(db, jid)
  return rows.map((d) => ({
    id: d.id,
    displayName: d.display_name,
    userId: d.user_id,
    delegation: d.delegation,
    constituency: d.constituency,
  }))
}

export async function createDeputy(
  { deps, auth, requestId }: Ctx,
  jid: string,
  input: { displayName: string; delegation?: string; constituency?: string },
) {
  const { db } = deps.database
  const j = await getJurisdictionRef(db, jid)
  const a = requireRole(auth, j, ['staff', 'admin'])
  return db.transaction().execute(async (trx) => {
    const d = await repo.insertDeputy(trx, { jurisdictionId: jid, userId: null, ...input })
    const out = {
      id: d.id,
      displayName: d.display_name,
      userId: d.user_id,
      delegation: d.delegation,
      constituency: d.constituency,
    }
    await audit(
      trx,
      {
        jurisdictionId: jid,
        actorUserId: a.userId,
        action: 'deputy.create',
        entity: 'deputy',
        entityId: d.id,
        after: out,
        requestId,
      },
      deps.now(),
    )
    return out
  })
}

export async function listUnits({ deps, auth }: Ctx, jid: string) {
  const { db } = deps.database
  const j = await getJurisdictionRef(db, jid)
  if (!canSee(auth, j)) throw notFound('Jurisdiction')
  return repo.listUnits(db, jid)
}

export async function createUnit({ deps, auth, requestId }: Ctx, jid: string, name: string) {
  const { db } = deps.database
  const j = await getJurisdictionRef(db, jid)
  const a = requireRole(auth, j, ['staff', 'admin'])
  const existing = (await repo.listUnits(db, jid)).find((u) => u.name === name)
  if (existing) throw conflict('UNIT_EXISTS', `A unit named ${name} exists already`)
  return db.transaction().execute(async (trx) => {
    const u = await repo.insertUnit(trx, jid, name)
    await audit(
      trx,
      {
        jurisdictionId: jid,
        actorUserId: a.userId,
        action: 'unit.create',
        entity: 'gov_unit',
        entityId: u.id,
        after: u,
        requestId,
      },
      deps.now(),
    )
    return u
  })
}

export async function listAudit({ deps, auth }: Ctx, jid: string, limit: number, cursor?: string) {
  const { db } = deps.database
  const j = await getJurisdictionRef(db, jid)
  requireRole(auth, j, ['staff', 'admin'])
  const rows = await repo.auditPage(db, jid, limit, decodeCursor<number>(cursor))
  const page = toPage(rows, limit, (r) => r.seq)
  return {
    items: page.items.map((r) => ({
      seq: r.seq,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
      at: r.at.toISOString(),
      actor: r.actor,
      hash: r.hash,
    })),
    nextCursor: page.nextCursor,
  }
}

/** Verifies the audit chains of every jurisdiction the caller administers. */
export async function verifyAudit({ deps, auth }: Ctx) {
  const a = requireAuth(auth)
  const adminPaths = a.grants
    .filter((g) => g.role === 'admin' || g.role === 'staff')
    .map((g) => g.path)
  if (adminPaths.length === 0) throw new ApiError(403, 'FORBIDDEN', 'Needs the role admin or staff')
  const js = await repo.listUnderPaths(deps.database.db, adminPaths)
  const reports = await verifyAuditChains(
    deps.database.db,
    js.map((j) => j.id),
  )
  return { ok: reports.every((r) => r.ok), chains: reports }
}
