import type { Kysely, Transaction } from 'kysely'
import { jsonb, type DB } from '@ms/db'
import type { Comparison } from './analysis.schemas.js'
import type { PabulibSummary } from './analysis.tasks.js'

type Q = Kysely<DB> | Transaction<DB>

/** Every column but the file itself and the cached comparison (both can be megabytes). */
const LIGHT = [
  'analysis_instance.id',
  'analysis_instance.jurisdiction_id',
  'analysis_instance.name',
  'analysis_instance.file_name',
  'analysis_instance.sha256',
  'analysis_instance.size_bytes',
  'analysis_instance.summary',
  'analysis_instance.comparison_version',
  'analysis_instance.created_at',
] as const

export function findInstance(db: Q, id: string) {
  return db
    .selectFrom('analysis_instance')
    .innerJoin('jurisdiction', 'jurisdiction.id', 'analysis_instance.jurisdiction_id')
    .leftJoin('app_user', 'app_user.id', 'analysis_instance.created_by')
    .select(LIGHT)
    .select(['jurisdiction.path as jurisdiction_path', 'app_user.display_name as created_by_name'])
    .where('analysis_instance.id', '=', id)
    .executeTakeFirst()
}
export type InstanceRow = NonNullable<Awaited<ReturnType<typeof findInstance>>>

export async function instanceSource(db: Q, id: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('analysis_instance')
    .select('source')
    .where('id', '=', id)
    .executeTakeFirst()
  return r?.source
}

export async function cachedComparison(
  db: Q,
  id: string,
  version: number,
): Promise<Comparison | undefined> {
  const r = await db
    .selectFrom('analysis_instance')
    .select('comparison')
    .where('id', '=', id)
    .where('comparison_version', '=', version)
    .executeTakeFirst()
  return (r?.comparison ?? undefined) as Comparison | undefined
}

export async function saveComparison(db: Q, id: string, comparison: Comparison, version: number) {
  await db
    .updateTable('analysis_instance')
    .set({ comparison: jsonb(comparison), comparison_version: version })
    .where('id', '=', id)
    .execute()
}

/** Newest first; the cursor is the last row's (created_at, id). */
export function listInstances(
  db: Q,
  jurisdictionId: string,
  limit: number,
  after?: { at: string; id: string },
) {
  let q = db
    .selectFrom('analysis_instance')
    .leftJoin('app_user', 'app_user.id', 'analysis_instance.created_by')
    .select(LIGHT)
    .select('app_user.display_name as created_by_name')
    .where('analysis_instance.jurisdiction_id', '=', jurisdictionId)
    .orderBy('analysis_instance.created_at', 'desc')
    .orderBy('analysis_instance.id', 'desc')
    .limit(limit + 1)
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('analysis_instance.created_at', '<', new Date(after.at)),
        eb.and([
          eb('analysis_instance.created_at', '=', new Date(after.at)),
          eb('analysis_instance.id', '<', after.id),
        ]),
      ]),
    )
  return q.execute()
}

export function insertInstance(
  trx: Q,
  i: {
    jurisdictionId: string
    name: string
    fileName: string | null
    sha256: string
    sizeBytes: number
    source: string
    summary: PabulibSummary
    createdBy: string
    at: Date
  },
) {
  return trx
    .insertInto('analysis_instance')
    .values({
      jurisdiction_id: i.jurisdictionId,
      name: i.name,
      file_name: i.fileName,
      sha256: i.sha256,
      size_bytes: i.sizeBytes,
      source: i.source,
      summary: jsonb(i.summary),
      created_by: i.createdBy,
      created_at: i.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export async function deleteInstance(trx: Q, id: string) {
  const r = await trx.deleteFrom('analysis_instance').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows)
}

/** A jurisdiction's name (the shared foundation table), for the META of an exported file. */
export async function jurisdictionName(db: Q, id: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('jurisdiction')
    .select('name')
    .where('id', '=', id)
    .executeTakeFirst()
  return r?.name
}
