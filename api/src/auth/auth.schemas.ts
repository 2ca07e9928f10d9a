import * as v from 'valibot'

export const LoginInput = v.strictObject({
  username: v.pipe(v.string(), v.trim(), v.minLength(1, 'Username is required'), v.maxLength(100)),
  password: v.pipe(v.string(), v.minLength(1, 'Password is required'), v.maxLength(200)),
})

export const RoleSchema = v.picklist(['admin', 'staff', 'deputy', 'finance', 'unit', 'teller'])

export const UserSummary = v.object({
  id: v.string(),
  username: v.string(),
  displayName: v.string(),
})
export const GrantSchema = v.object({
  jurisdictionId: v.string(),
  jurisdictionName: v.string(),
  level: v.string(),
  role: RoleSchema,
})
export const MeOutput = v.object({
  user: UserSummary,
  grants: v.array(GrantSchema),
  deputyIds: v.array(v.object({ jurisdictionId: v.string(), deputyId: v.string() })),
  unitIds: v.array(
    v.object({ jurisdictionId: v.string(), unitId: v.string(), unitName: v.string() }),
  ),
  csrfToken: v.optional(v.string()),
})
export const LoginOutput = v.object({
  token: v.string(),
  csrfToken: v.string(),
  expiresAt: v.string(),
  user: UserSummary,
})
export type MeOutput = v.InferOutput<typeof MeOutput>
