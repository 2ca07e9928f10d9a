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

/**
 * What start-up does to the data, once migrations ran: the demo into an empty database
 * (`SEED=demo`), then the first admin (ADMIN_USERNAME/ADMIN_PASSWORD). In this order: the admin
 * makes the database non-empty, so seeding after it would never run; after the demo, the admin
 * gets its grant on the demo's root jurisdiction of that name. Returns the demo logins when it
 * seeded.
 */
export async function prepareData(
  deps: Deps,
): Promise<{ logins: DemoLogin[] | null; adminCreated: boolean }> {
  const { env } = deps
  let logins: DemoLogin[] | null = null
  if (env.SEED === 'demo') {
    const started = Date.now()
    logins = await seedDemo(deps)
    if (logins) deps.logger.info('demo data seeded', { ms: Date.now() - started })
  }
  let adminCreated = false
  if (env.ADMIN_USERNAME && env.ADMIN_PASSWORD) {
    adminCreated = await bootstrapAdmin(
      deps.database,
      env.ADMIN_USERNAME,
      env.ADMIN_PASSWORD,
      env.ADMIN_JURISDICTION,
    )
    if (adminCreated)
      deps.logger.info('admin account created', {
        username: env.ADMIN_USERNAME,
        jurisdiction: env.ADMIN_JURISDICTION,
      })
  }
  return { logins, adminCreated }
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
