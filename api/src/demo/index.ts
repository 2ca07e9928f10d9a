import type { Database } from '@ms/db'
import { hashPassword } from '@ms/db'
import {
  DEMO_PASSWORD,
  isEmpty,
  seedFoundation,
  type DemoFoundation,
  type DemoLogin,
} from '@ms/db/seed'
import type { Deps } from '../shared/context.js'

/**
 * Demo data for a fresh install. The foundation (jurisdictions, accounts, deputies, units) is
 * plain inserts; each later feature adds its part through its own service verbs (so the demo
 * goes through the same rules as real use), registered in `demoSteps`.
 */
export type DemoStep = (deps: Deps, f: DemoFoundation) => Promise<void>
export const demoSteps: { name: string; run: DemoStep }[] = []

export async function seedDemo(deps: Deps): Promise<DemoLogin[] | null> {
  const { db } = deps.database
  if (!(await isEmpty(db))) return null
  const f = await seedFoundation(db, await hashPassword(DEMO_PASSWORD))
  for (const step of demoSteps) {
    deps.logger.info('demo seed', { step: step.name })
    await step.run(deps, f)
  }
  return f.logins
}

/** `SEED=none` with ADMIN_USERNAME/ADMIN_PASSWORD: one admin on a root jurisdiction, nothing else. */
export async function bootstrapAdmin(
  database: Database,
  username: string,
  password: string,
  jurisdictionName: string,
) {
  const { db } = database
  const existing = await db
    .selectFrom('app_user')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst()
  if (existing) return false
  const hash = await hashPassword(password)
  await db.transaction().execute(async (trx) => {
    let j = await trx
      .selectFrom('jurisdiction')
      .select(['id'])
      .where('name', '=', jurisdictionName)
      .where('parent_id', 'is', null)
      .executeTakeFirst()
    if (!j) {
      const ins = await trx
        .insertInto('jurisdiction')
        .values({
          name: jurisdictionName,
          level: 'city',
          parent_id: null,
          path: `tmp:${jurisdictionName}`,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await trx
        .updateTable('jurisdiction')
        .set({ path: `/${ins.id}/` })
        .where('id', '=', ins.id)
        .execute()
      j = ins
    }
    const u = await trx
      .insertInto('app_user')
      .values({ username, password_hash: hash, display_name: username, jurisdiction_id: j.id })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('role_grant')
      .values({ user_id: u.id, jurisdiction_id: j.id, role: 'admin' })
      .execute()
  })
  return true
}

export { DEMO_PASSWORD }
