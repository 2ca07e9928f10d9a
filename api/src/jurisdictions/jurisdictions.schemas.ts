import * as v from 'valibot'
import { RoleSchema } from '../auth/auth.schemas.js'

export const LevelSchema = v.picklist(['province', 'city', 'county', 'township'])
export const LEVEL_ORDER = ['province', 'city', 'county', 'township'] as const

export const Jurisdiction = v.object({
  id: v.string(),
  parentId: v.nullable(v.string()),
  level: LevelSchema,
  name: v.string(),
})
export const JurisdictionList = v.object({ items: v.array(Jurisdiction) })

const Name = v.pipe(v.string(), v.trim(), v.minLength(1, 'Name is required'), v.maxLength(100))

export const CreateJurisdictionInput = v.strictObject({
  name: Name,
  level: LevelSchema,
  parentId: v.optional(v.pipe(v.string(), v.uuid('parentId must be an id'))),
})

export const CreateUserInput = v.strictObject({
  username: v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^[A-Za-z0-9_.-]{3,50}$/, 'Username: 3–50 letters, digits, _ . -'),
  ),
  password: v.pipe(
    v.string(),
    v.minLength(8, 'Password must have at least 8 characters'),
    v.maxLength(200),
  ),
  displayName: Name,
  roles: v.pipe(v.array(RoleSchema), v.minLength(1, 'At least one role'), v.maxLength(6)),
  unitId: v.optional(v.pipe(v.string(), v.uuid('unitId must be an id'))),
  delegation: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
  constituency: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
})
export const UserOutput = v.object({
  id: v.string(),
  username: v.string(),
  displayName: v.string(),
  roles: v.array(RoleSchema),
  deputyId: v.optional(v.string()),
})

/**
 * An account in the admin's listing: its roles in the listed jurisdiction, and every grant it holds
 * within the jurisdictions the caller administers (what `PUT /users/:uid/grants` replaces).
 */
export const UserListItem = v.object({
  id: v.string(),
  username: v.string(),
  displayName: v.string(),
  roles: v.array(RoleSchema),
  grants: v.array(v.object({ jurisdictionId: v.string(), role: RoleSchema })),
})

export const SetGrantsInput = v.strictObject({
  grants: v.pipe(
    v.array(v.strictObject({ jurisdictionId: v.pipe(v.string(), v.uuid()), role: RoleSchema })),
    v.maxLength(50),
  ),
})

export const Deputy = v.object({
  id: v.string(),
  displayName: v.string(),
  userId: v.nullable(v.string()),
  delegation: v.nullable(v.string()),
  constituency: v.nullable(v.string()),
})
export const DeputyList = v.object({ items: v.array(Deputy) })

export const CreateDeputyInput = v.strictObject({
  displayName: Name,
  delegation: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
  constituency: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
})

export const Unit = v.object({ id: v.string(), name: v.string() })
export const UnitList = v.object({ items: v.array(Unit) })
export const CreateUnitInput = v.strictObject({ name: Name })
