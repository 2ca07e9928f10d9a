import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'
import * as repo from './progress.repository.js'
import { photoUrls } from './progress.exports.js'

/** Public reads for the public portal: report photos are public (progress.routes.ts). */
type Q = Kysely<DB> | Transaction<DB>

/** The photos of each given report, in upload order (report photos only: they are public). */
export async function reportPhotos(
  db: Q,
  reportIds: string[],
): Promise<Map<string, { id: string; url: string; thumbUrl: string; caption: string | null }[]>> {
  const out = new Map<
    string,
    { id: string; url: string; thumbUrl: string; caption: string | null }[]
  >()
  if (reportIds.length === 0) return out
  const rows = await repo.photosOf(db, { reportIds })
  for (const r of rows) {
    if (!r.report_id) continue
    const list = out.get(r.report_id) ?? []
    list.push({ id: r.id, ...photoUrls(r.id), caption: r.caption ?? null })
    out.set(r.report_id, list)
  }
  return out
}
