import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'

/** Public reads for the public portal: counts of the issues staff published (公示), no content. */
type Q = Kysely<DB> | Transaction<DB>

/** Per project: published issues, and how many of them have an answer (answered or closed). */
export async function publishedIssueCounts(
  db: Q,
  projectIds: string[],
): Promise<Map<string, { published: number; answered: number }>> {
  const out = new Map<string, { published: number; answered: number }>()
  if (projectIds.length === 0) return out
  const rows = await db
    .selectFrom('issue')
    .select(['project_id', 'state'])
    .where('project_id', 'in', projectIds)
    .where('published', '=', true)
    .execute()
  for (const r of rows) {
    const x = out.get(r.project_id) ?? { published: 0, answered: 0 }
    x.published++
    if (r.state !== 'raised' && r.state !== 'assigned') x.answered++
    out.set(r.project_id, x)
  }
  return out
}
