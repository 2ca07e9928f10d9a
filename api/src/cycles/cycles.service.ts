import type { Kysely } from 'kysely'
import type { DB } from '@ms/db'
import type { Ctx, Deps } from '../shared/context.js'
import {
  canSee,
  getJurisdictionRef,
  requireAuth,
  requireRole,
  type JurisdictionRef,
} from '../shared/access.js'
import { conflict, notFound } from '../shared/errors.js'
import { audit } from '../shared/audit.js'
import { decodeCursor, toPage } from '../shared/paging.js'
import { listCandidates, transitionCycle } from './cycles.exports.js'
import * as repo from './cycles.repository.js'
import * as rules from './cycles.rules.js'
import type { Category, CreateCycleInput, Cycle, UpdateCycleInput } from './cycles.schemas.js'
import { cycleView, storedRatio, toCycle } from './cycles.view.js'

/** Roles that run a cycle. Admins manage accounts, not the business of the cycle. */
export const CYCLE_WRITERS = ['staff'] as const

/** The cycle and its jurisdiction ref; 404 for unknown ids. Callers still check access. */
export async function getCycleRow(db: Kysely<DB>, cid: string) {
  const row = await repo.findCycleRow(db, cid)
  if (!row) throw notFound('Cycle')
  const j: JurisdictionRef = { id: row.jurisdiction_id, path: row.jurisdiction_path }
  return { row, j }
}

/** Loads the cycle for a caller who must at least see its jurisdiction (else 404). */
export async function getVisibleCycle({ deps, auth }: Ctx, cid: string) {
  requireAuth(auth)
  const found = await getCycleRow(deps.database.db, cid)
  if (!canSee(auth, found.j)) throw notFound('Cycle')
  return found
}

const output = cycleView

export async function createCycle(
  { deps, auth, requestId }: Ctx,
  jid: string,
  input: CreateCycleInput,
) {
  const { db } = deps.database
  const j = await getJurisdictionRef(db, jid)
  const a = requireRole(auth, j, CYCLE_WRITERS)
  const now = deps.now()
  return db.transaction().execute(async (trx) => {
    if (await repo.findCycleByYear(trx, jid, input.year))
      throw conflict('CYCLE_EXISTS', `There is already a cycle for ${input.year} here`)
    const { id } = await repo.insertCycle(trx, {
      jurisdictionId: jid,
      year: input.year,
      title: input.title,
      seats: input.seats,
      marginRatio: rules.ratioToDecimal(rules.toTenThousandths(input.marginRatio)!),
      fundPoolFen: input.fundPoolFen,
      fundPoolDoc: input.fundPoolDoc || null,
      thresholdBasis: input.thresholdBasis,
      ballotForm: input.ballotForm,
      satisfactionThreshold:
        input.satisfactionThreshold === undefined
          ? undefined
          : rules.ratioToDecimal(rules.toTenThousandths(input.satisfactionThreshold)!),
      evaluationBasis: input.evaluationBasis,
      evaluationComparison: input.evaluationComparison,
      solicitationNotice: input.solicitationNotice || null,
      solicitationDeadline: input.solicitationDeadline ?? null,
      now,
    })
    const out = await output(trx, id, now)
    await audit(
      trx,
      {
        jurisdictionId: jid,
        actorUserId: a.userId,
        action: 'cycle.create',
        entity: 'cycle',
        entityId: id,
        after: settingsOf(out),
        requestId,
      },
      now,
    )
    return out
  })
}

/** What the audit log keeps of a cycle: its settings and phase (not derived or timestamp fields). */
function settingsOf(c: Cycle) {
  return {
    year: c.year,
    title: c.title,
    seats: c.seats,
    marginRatio: c.marginRatio,
    fundPoolFen: c.fundPoolFen,
    fundPoolDoc: c.fundPoolDoc,
    thresholdBasis: c.thresholdBasis,
    ballotForm: c.ballotForm,
    satisfactionThreshold: c.satisfactionThreshold,
    evaluationBasis: c.evaluationBasis,
    evaluationComparison: c.evaluationComparison,
    solicitationNotice: c.solicitationNotice,
    solicitationDeadline: c.solicitationDeadline,
    phase: c.phase,
  }
}

export async function getCycle(c: Ctx, cid: string) {
  await getVisibleCycle(c, cid)
  return output(c.deps.database.db, cid, c.deps.now())
}

export async function listCycles(c: Ctx, jid: string, limit: number, cursor?: string) {
  const { db } = c.deps.database
  requireAuth(c.auth)
  const j = await getJurisdictionRef(db, jid)
  if (!canSee(c.auth, j)) throw notFound('Jurisdiction')
  const before = decodeCursor<number>(cursor)
  const rows = await repo.listCycles(
    db,
    jid,
    limit,
    typeof before === 'number' ? before : undefined,
  )
  const page = toPage(rows, limit, (r) => r.year)
  const counts = await repo.candidateCounts(
    db,
    page.items.map((r) => r.id),
  )
  const now = c.deps.now()
  return {
    items: page.items.map((r) => toCycle(r, counts.get(r.id) ?? 0, now)),
    nextCursor: page.nextCursor,
  }
}

const VOTE_SETTINGS = ['seats', 'marginRatio', 'thresholdBasis', 'ballotForm'] as const
const EVALUATION_SETTINGS = [
  'satisfactionThreshold',
  'evaluationBasis',
  'evaluationComparison',
] as const

export async function updateCycle(
  { deps, auth, requestId }: Ctx,
  cid: string,
  patch: UpdateCycleInput,
) {
  const { db } = deps.database
  const { j } = await getCycleRow(db, cid)
  const a = requireRole(auth, j, CYCLE_WRITERS)
  const now = deps.now()
  return db.transaction().execute(async (trx) => {
    const locked = await repo.lockCycleRow(trx, cid, 'update')
    if (!locked) throw notFound('Cycle')
    const before = await output(trx, cid, now)
    if (before.phase === 'closed') throw conflict('CYCLE_CLOSED', 'A closed cycle cannot change')
    // Sending a value equal to the current one is not a change (forms send every field).
    const changed = (k: keyof UpdateCycleInput) =>
      patch[k] !== undefined && patch[k] !== (before as Record<string, unknown>)[k]
    const frozen = [
      ...(rules.voteSettingsLocked(before.phase) ? VOTE_SETTINGS.filter(changed) : []),
      ...(rules.evaluationSettingsLocked(before.phase) ? EVALUATION_SETTINGS.filter(changed) : []),
    ]
    if (frozen.length > 0) {
      throw conflict(
        'SETTINGS_LOCKED',
        `These settings cannot change in phase ${before.phase}: ${frozen.join(', ')}`,
        { fields: frozen, phase: before.phase },
      )
    }
    if (changed('year') && (await repo.findCycleByYear(trx, j.id, patch.year!)))
      throw conflict('CYCLE_EXISTS', `There is already a cycle for ${patch.year} here`)
    const set: repo.CycleUpdate = {}
    if (patch.year !== undefined) set.year = patch.year
    if (patch.title !== undefined) set.title = patch.title
    if (patch.seats !== undefined) set.seats = patch.seats
    if (patch.marginRatio !== undefined)
      set.margin_ratio = rules.ratioToDecimal(rules.toTenThousandths(patch.marginRatio)!)
    if (patch.fundPoolFen !== undefined) set.fund_pool_fen = patch.fundPoolFen
    if (patch.fundPoolDoc !== undefined) set.fund_pool_doc = patch.fundPoolDoc || null
    if (patch.thresholdBasis !== undefined) set.threshold_basis = patch.thresholdBasis
    if (patch.ballotForm !== undefined) set.ballot_form = patch.ballotForm
    if (patch.satisfactionThreshold !== undefined)
      set.satisfaction_threshold = rules.ratioToDecimal(
        rules.toTenThousandths(patch.satisfactionThreshold)!,
      )
    if (patch.evaluationBasis !== undefined) set.evaluation_basis = patch.evaluationBasis
    if (patch.evaluationComparison !== undefined)
      set.evaluation_comparison = patch.evaluationComparison
    if (patch.solicitationNotice !== undefined)
      set.solicitation_notice = patch.solicitationNotice || null
    if (patch.solicitationDeadline !== undefined)
      set.solicitation_deadline = patch.solicitationDeadline
    await repo.updateCycle(trx, cid, set, now)
    const after = await output(trx, cid, now)
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: a.userId,
        action: 'cycle.update',
        entity: 'cycle',
        entityId: cid,
        before: settingsOf(before),
        after: settingsOf(after),
        requestId,
      },
      now,
    )
    return after
  })
}

/** A staff phase change (one step; lock, reopen and the vote have their own verbs). */
export async function changePhase({ deps, auth, requestId }: Ctx, cid: string, to: rules.Phase) {
  const { db } = deps.database
  const { j } = await getCycleRow(db, cid)
  const a = requireRole(auth, j, CYCLE_WRITERS)
  const now = deps.now()
  return db.transaction().execute(async (trx) => {
    const { before, after } = await transitionCycle(trx, cid, to, 'staff', now)
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: a.userId,
        action: 'cycle.phase',
        entity: 'cycle',
        entityId: cid,
        before: { phase: before.phase },
        after: { phase: after.phase },
        requestId,
      },
      now,
    )
    return output(trx, cid, now)
  })
}

// ——— public portal (no login) ———

export async function getPublicCycle(deps: Deps, cid: string) {
  const { db } = deps.database
  const row = await repo.findCycleRow(db, cid)
  if (!row) throw notFound('Cycle')
  const j = await repo.findJurisdiction(db, row.jurisdiction_id)
  if (!j) throw notFound('Cycle')
  const candidates = rules.listLocked(row.phase) ? await listCandidates(db, cid) : null
  return {
    id: row.id,
    jurisdiction: { id: j.id, name: j.name, level: j.level },
    year: row.year,
    title: row.title,
    seats: row.seats,
    marginRatio: rules.ratioToNumber(storedRatio(row.margin_ratio)),
    requiredCandidates: rules.requiredCandidates(row.seats, row.margin_ratio),
    fundPoolFen: row.fund_pool_fen,
    thresholdBasis: row.threshold_basis,
    ballotForm: row.ballot_form,
    phase: row.phase,
    solicitationNotice: row.solicitation_notice,
    solicitationDeadline: row.solicitation_deadline,
    acceptingSuggestions: rules.acceptsSuggestions(
      row.phase,
      row.solicitation_deadline,
      deps.now(),
    ),
    candidates:
      candidates?.map((c) => ({
        id: c.id,
        title: c.title,
        description: c.description,
        category: c.category as Category,
        responsibleUnit: c.responsibleUnit,
        estimateFen: c.estimateFen,
        fundingSource: c.fundingSource,
        targets: c.targets,
        location: c.location,
        plannedCompletion: c.plannedCompletion,
      })) ?? null,
  }
}

export async function listPublicJurisdictions(deps: Deps) {
  const { js, cycles } = await repo.publicJurisdictions(deps.database.db)
  const byJ = new Map<string, { id: string; year: number; title: string; phase: rules.Phase }[]>()
  for (const c of cycles) {
    const list = byJ.get(c.jurisdiction_id) ?? []
    list.push({ id: c.id, year: c.year, title: c.title, phase: c.phase })
    byJ.set(c.jurisdiction_id, list)
  }
  return {
    items: js.map((j) => ({
      id: j.id,
      name: j.name,
      level: j.level,
      parentId: j.parent_id,
      cycles: byJ.get(j.id) ?? [],
    })),
  }
}
