import type { Kysely, Transaction } from 'kysely'
import type { DB } from '@ms/db'

/** Every SQL statement of the records feature: the deputy (foundation) and the record targets. */
type Q = Kysely<DB> | Transaction<DB>

export function findDeputyWithJurisdiction(db: Q, deputyId: string) {
  return db
    .selectFrom('deputy')
    .innerJoin('jurisdiction', 'jurisdiction.id', 'deputy.jurisdiction_id')
    .select([
      'deputy.id',
      'deputy.jurisdiction_id',
      'deputy.user_id',
      'deputy.display_name',
      'deputy.delegation',
      'deputy.constituency',
      'deputy.active',
      'jurisdiction.name as jurisdiction_name',
      'jurisdiction.path as jurisdiction_path',
    ])
    .where('deputy.id', '=', deputyId)
    .executeTakeFirst()
}

/** The deputies a user account is (one per congress it sits in). */
export function deputiesOfUser(db: Q, userId: string) {
  return db
    .selectFrom('deputy')
    .innerJoin('jurisdiction', 'jurisdiction.id', 'deputy.jurisdiction_id')
    .select([
      'deputy.id',
      'deputy.jurisdiction_id',
      'deputy.display_name',
      'jurisdiction.name as jurisdiction_name',
    ])
    .where('deputy.user_id', '=', userId)
    .where('deputy.active', '=', true)
    .orderBy('jurisdiction.path')
    .execute()
}

export function findTargets(db: Q, jurisdictionId: string) {
  return db
    .selectFrom('record_target')
    .selectAll()
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst()
}

export async function upsertTargets(
  trx: Transaction<DB>,
  t: {
    jurisdictionId: string
    minSuggestions: number
    minInspections: number
    minVoteParticipationBp: number
    by: string
    at: Date
  },
) {
  const values = {
    min_suggestions: t.minSuggestions,
    min_inspections: t.minInspections,
    min_vote_participation_bp: t.minVoteParticipationBp,
    updated_by: t.by,
    updated_at: t.at,
  }
  await trx
    .insertInto('record_target')
    .values({ jurisdiction_id: t.jurisdictionId, ...values })
    .onConflict((oc) => oc.column('jurisdiction_id').doUpdateSet(values))
    .execute()
}
