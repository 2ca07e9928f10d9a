import type { Transaction } from 'kysely'
import type { DB } from '@ms/db'
import type { Ctx } from '../shared/context.js'
import {
  canSee,
  hasRole,
  requireAuth,
  requireRole,
  type Auth,
  type JurisdictionRef,
} from '../shared/access.js'
import { ApiError, conflict, forbidden, notFound } from '../shared/errors.js'
import { audit } from '../shared/audit.js'
import {
  candidatesEditable,
  cycleView,
  getCycleWithJurisdiction,
  listLocked,
  lockCycle,
  requiredCandidates,
  transitionCycle,
  voteStarted,
  type CycleForDownstream,
} from '../cycles/cycles.exports.js'
import {
  originsOf,
  releaseCandidate,
  setOrigins,
  suggestionIdsByTrackingCode,
  type OriginRef,
} from '../suggestions/suggestions.exports.js'
import * as repo from './candidates.repository.js'
import * as rules from './candidates.rules.js'
import { readTable, SHEET_LIMITS, UnreadableFile, writeXlsx } from './candidates.sheet.js'
import type {
  Candidate,
  CreateCandidateInput,
  FundingSource,
  UpdateCandidateInput,
} from './candidates.schemas.js'

const MAX_IMPORT_ROWS = 500

function toCandidate(r: repo.CandidateRow, origins: OriginRef[] = []): Candidate {
  return {
    id: r.id,
    cycleId: r.cycle_id,
    title: r.title,
    description: r.description,
    category: r.category as never,
    responsibleUnit: r.responsible_unit,
    unitId: r.unit_id,
    estimateFen: r.estimate_fen,
    fundingSource: r.funding_source,
    targets: r.targets,
    location: r.location,
    plannedCompletion: r.planned_completion,
    sortOrder: r.sort_order,
    originSuggestionIds: origins.map((o) => o.id),
    originSuggestions: origins,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }
}

async function withOrigins(
  db: Transaction<DB> | Ctx['deps']['database']['db'],
  rows: repo.CandidateRow[],
) {
  const origins = await originsOf(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((r) => toCandidate(r, origins.get(r.id)))
}

/** What the audit log keeps of a candidate. */
const snapshot = (c: Candidate) => ({
  title: c.title,
  description: c.description,
  category: c.category,
  responsibleUnit: c.responsibleUnit,
  unitId: c.unitId,
  estimateFen: c.estimateFen,
  fundingSource: c.fundingSource,
  targets: c.targets,
  location: c.location,
  plannedCompletion: c.plannedCompletion,
  sortOrder: c.sortOrder,
  originSuggestionIds: c.originSuggestionIds,
})

function candidatesLocked(phase: string) {
  return conflict(
    'CANDIDATES_LOCKED',
    `The candidate list cannot change in phase ${phase}` +
      (phase === 'candidates_locked' ? '; reopen it with a reason first' : ''),
    { phase },
  )
}

/**
 * Who writes candidates: staff of the jurisdiction for any, unit accounts for their own unit's.
 * Returns the units the caller is limited to (null = any).
 */
async function writer(
  db: Ctx['deps']['database']['db'],
  auth: Auth | null,
  j: JurisdictionRef,
): Promise<{ a: Auth; ownUnits: string[] | null }> {
  const a = requireRole(auth, j, ['staff', 'unit'])
  if (hasRole(a, j, ['staff'])) return { a, ownUnits: null }
  const ownUnits = await repo.unitIdsOfUser(db, a.userId, j.id)
  if (ownUnits.length === 0) throw forbidden('Your account is not linked to a unit here')
  return { a, ownUnits }
}

/** Resolves a unit given by id or exact name; 400 on the field when it is not a unit here. */
async function resolveUnit(
  db: Ctx['deps']['database']['db'],
  jurisdictionId: string,
  value: string,
  ownUnits: string[] | null,
) {
  const units = await repo.unitsOf(db, jurisdictionId)
  const unit = units.find((u) => u.id === value) ?? units.find((u) => u.name === value)
  if (!unit) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid', {}, [
      {
        path: 'responsibleUnit',
        message: 'Not a unit of this jurisdiction (give its id or exact name)',
      },
    ])
  }
  if (ownUnits && !ownUnits.includes(unit.id))
    throw forbidden('A unit account may only write candidates of its own unit')
  return unit
}

async function openList(trx: Transaction<DB>, cycleId: string): Promise<CycleForDownstream> {
  const cycle = await lockCycle(trx, cycleId, 'share')
  if (!cycle) throw notFound('Cycle')
  if (!candidatesEditable(cycle.phase)) throw candidatesLocked(cycle.phase)
  return cycle
}

export async function createCandidate(
  { deps, auth, requestId }: Ctx,
  cid: string,
  input: CreateCandidateInput,
) {
  const { db } = deps.database
  const { jurisdiction: j } = await getCycleWithJurisdiction(db, cid)
  const { a, ownUnits } = await writer(db, auth, j)
  const unit = await resolveUnit(db, j.id, input.responsibleUnit, ownUnits)
  const now = deps.now()
  return db.transaction().execute(async (trx) => {
    await openList(trx, cid)
    const row = await repo.insertCandidate(trx, {
      jurisdictionId: j.id,
      cycleId: cid,
      title: input.title,
      description: input.description,
      category: input.category,
      responsibleUnit: unit.name,
      unitId: unit.id,
      estimateFen: input.estimateFen,
      fundingSource: input.fundingSource,
      targets: input.targets || null,
      location: input.location || null,
      plannedCompletion: input.plannedCompletion ?? null,
      sortOrder: input.sortOrder ?? (await repo.nextSortOrder(trx, cid)),
      now,
    })
    if (input.originSuggestionIds?.length)
      await setOrigins(trx, cid, row.id, input.originSuggestionIds)
    const [out] = await withOrigins(trx, [row])
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: a.userId,
        action: 'candidate.create',
        entity: 'candidate',
        entityId: row.id,
        after: snapshot(out!),
        requestId,
      },
      now,
    )
    return out!
  })
}

/** Loads a candidate the caller may see; drafts only for staff and units. */
async function visibleCandidate({ deps, auth }: Ctx, id: string) {
  requireAuth(auth)
  const row = await repo.findCandidateRow(deps.database.db, id)
  if (!row || row.withdrawn) throw notFound('Candidate')
  const j = { id: row.jurisdiction_id, path: row.jurisdiction_path }
  if (!canSee(auth, j)) throw notFound('Candidate')
  return { row, j }
}

export async function getCandidate(c: Ctx, id: string) {
  const { row, j } = await visibleCandidate(c, id)
  const { cycle } = await getCycleWithJurisdiction(c.deps.database.db, row.cycle_id)
  if (!listLocked(cycle.phase) && !hasRole(c.auth, j, ['staff', 'unit']))
    throw notFound('Candidate')
  const [out] = await withOrigins(c.deps.database.db, [row])
  return out!
}

export async function updateCandidate(
  { deps, auth, requestId }: Ctx,
  id: string,
  patch: UpdateCandidateInput,
) {
  const { db } = deps.database
  const found = await repo.findCandidateRow(db, id)
  if (!found || found.withdrawn) throw notFound('Candidate')
  const j = { id: found.jurisdiction_id, path: found.jurisdiction_path }
  const { a, ownUnits } = await writer(db, auth, j)
  if (ownUnits && (!found.unit_id || !ownUnits.includes(found.unit_id)))
    throw forbidden('A unit account may only write candidates of its own unit')
  const unit =
    patch.responsibleUnit !== undefined
      ? await resolveUnit(db, j.id, patch.responsibleUnit, ownUnits)
      : undefined
  const now = deps.now()
  return db.transaction().execute(async (trx) => {
    await openList(trx, found.cycle_id)
    const current = await repo.findCandidateRow(trx, id)
    if (!current || current.withdrawn) throw notFound('Candidate')
    const [before] = await withOrigins(trx, [current])
    const row = await repo.updateCandidate(
      trx,
      id,
      {
        title: patch.title,
        description: patch.description,
        category: patch.category,
        ...(unit ? { responsibleUnit: unit.name, unitId: unit.id } : {}),
        estimateFen: patch.estimateFen,
        fundingSource: patch.fundingSource,
        targets: patch.targets === undefined ? undefined : patch.targets || null,
        location: patch.location === undefined ? undefined : patch.location || null,
        plannedCompletion: patch.plannedCompletion,
        sortOrder: patch.sortOrder,
      },
      now,
    )
    if (patch.originSuggestionIds !== undefined)
      await setOrigins(trx, found.cycle_id, id, patch.originSuggestionIds)
    const [after] = await withOrigins(trx, [row])
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: a.userId,
        action: 'candidate.update',
        entity: 'candidate',
        entityId: id,
        before: snapshot(before!),
        after: snapshot(after!),
        requestId,
      },
      now,
    )
    return after!
  })
}

/** Removes a candidate from the list (kept, flagged withdrawn, so history and links stay whole). */
export async function deleteCandidate({ deps, auth, requestId }: Ctx, id: string) {
  const { db } = deps.database
  const found = await repo.findCandidateRow(db, id)
  if (!found || found.withdrawn) throw notFound('Candidate')
  const j = { id: found.jurisdiction_id, path: found.jurisdiction_path }
  const { a, ownUnits } = await writer(db, auth, j)
  if (ownUnits && (!found.unit_id || !ownUnits.includes(found.unit_id)))
    throw forbidden('A unit account may only write candidates of its own unit')
  const now = deps.now()
  await db.transaction().execute(async (trx) => {
    await openList(trx, found.cycle_id)
    const current = await repo.findCandidateRow(trx, id)
    if (!current || current.withdrawn) throw notFound('Candidate')
    const [before] = await withOrigins(trx, [current])
    await releaseCandidate(trx, id)
    await repo.withdrawCandidate(trx, id, now)
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: a.userId,
        action: 'candidate.delete',
        entity: 'candidate',
        entityId: id,
        before: snapshot(before!),
        requestId,
      },
      now,
    )
  })
}

/**
 * The candidate list. Staff and units see the draft while it is being built; everyone else who can
 * see the jurisdiction sees it once it is locked (审定) — before that, an empty list with
 * `draftVisible: false`.
 */
export async function listCandidates(c: Ctx, cid: string) {
  const { db } = c.deps.database
  requireAuth(c.auth)
  const { cycle, jurisdiction: j } = await getCycleWithJurisdiction(db, cid)
  if (!canSee(c.auth, j)) throw notFound('Cycle')
  const draftVisible = hasRole(c.auth, j, ['staff', 'unit'])
  const locked = listLocked(cycle.phase)
  const items =
    locked || draftVisible ? await withOrigins(db, await repo.listCandidateRows(db, cid)) : []
  return {
    items,
    phase: cycle.phase,
    locked,
    listVersion: cycle.listVersion,
    requiredCandidates: requiredCandidates(cycle.seats, cycle.marginRatio),
    draftVisible,
  }
}

/** 审定: locks the list when it meets the margin rule; 409 MARGIN_NOT_MET { required, actual }. */
export async function lockCandidateList({ deps, auth, requestId }: Ctx, cid: string) {
  const { db } = deps.database
  const { jurisdiction: j } = await getCycleWithJurisdiction(db, cid)
  const a = requireRole(auth, j, ['staff'])
  const now = deps.now()
  return db.transaction().execute(async (trx) => {
    const cycle = (await lockCycle(trx, cid, 'update'))!
    if (listLocked(cycle.phase))
      throw conflict(
        'ALREADY_LOCKED',
        `The candidate list is already locked (phase ${cycle.phase})`,
        {
          phase: cycle.phase,
        },
      )
    if (cycle.phase !== 'screening')
      throw conflict(
        'PHASE_CONFLICT',
        'The list is locked from the screening phase; move the cycle to screening first',
        {
          phase: cycle.phase,
        },
      )
    const rows = await repo.listCandidateRows(trx, cid)
    const required = requiredCandidates(cycle.seats, cycle.marginRatio)
    if (rows.length < required) {
      throw conflict(
        'MARGIN_NOT_MET',
        `The margin rule needs at least ${required} candidates for ${cycle.seats} seats; the list has ${rows.length}`,
        { required, actual: rows.length },
      )
    }
    const { after } = await transitionCycle(trx, cid, 'candidates_locked', 'lock', now)
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: a.userId,
        action: 'candidates.lock',
        entity: 'cycle',
        entityId: cid,
        before: { phase: cycle.phase, listVersion: cycle.listVersion },
        after: {
          phase: after.phase,
          listVersion: after.listVersion,
          required,
          actual: rows.length,
          candidates: rows.map((r) => ({ id: r.id, title: r.title, estimateFen: r.estimate_fen })),
        },
        requestId,
      },
      now,
    )
    return cycleView(trx, cid, now)
  })
}

/** Reopens a locked list for changes, with a reason; refused once a vote has opened. */
export async function reopenCandidateList(
  { deps, auth, requestId }: Ctx,
  cid: string,
  reason: string,
) {
  const { db } = deps.database
  const { jurisdiction: j } = await getCycleWithJurisdiction(db, cid)
  const a = requireRole(auth, j, ['staff'])
  const now = deps.now()
  return db.transaction().execute(async (trx) => {
    const cycle = (await lockCycle(trx, cid, 'update'))!
    if (voteStarted(cycle.phase))
      throw conflict(
        'VOTE_STARTED',
        'A vote has opened on this list; it can no longer be reopened',
        {
          phase: cycle.phase,
        },
      )
    if (cycle.phase !== 'candidates_locked')
      throw conflict('NOT_LOCKED', 'The candidate list is not locked', { phase: cycle.phase })
    const { after } = await transitionCycle(trx, cid, 'screening', 'reopen', now)
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: a.userId,
        action: 'candidates.reopen',
        entity: 'cycle',
        entityId: cid,
        before: { phase: cycle.phase, listVersion: cycle.listVersion },
        after: { phase: after.phase, listVersion: after.listVersion, reason },
        requestId,
      },
      now,
    )
    return cycleView(trx, cid, now)
  })
}

/**
 * Import from .xlsx or .csv: every row is validated first; one bad row and nothing is imported
 * (400 IMPORT_INVALID with the row-by-row report). Staff only.
 */
export async function importCandidates(
  { deps, auth, requestId }: Ctx,
  cid: string,
  bytes: Uint8Array,
) {
  const { db } = deps.database
  const { cycle, jurisdiction: j } = await getCycleWithJurisdiction(db, cid)
  const a = requireRole(auth, j, ['staff'])
  if (!candidatesEditable(cycle.phase)) throw candidatesLocked(cycle.phase)
  let table
  try {
    table = await readTable(bytes)
  } catch (e) {
    if (e instanceof UnreadableFile) throw new ApiError(400, 'IMPORT_UNREADABLE', e.message)
    throw e
  }
  const [units, existing] = await Promise.all([
    repo.unitsOf(db, j.id),
    repo.listCandidateRows(db, cid),
  ])
  const { rows, issues } = rules.mapImportTable(table, {
    units,
    existingTitles: existing.map((c) => c.title),
    maxRows: Math.min(MAX_IMPORT_ROWS, SHEET_LIMITS.maxRows),
  })
  const codes = rows.flatMap((r) => r.originCodes)
  const byCode = await suggestionIdsByTrackingCode(db, cid, codes)
  for (const r of rows) {
    for (const code of r.originCodes) {
      if (!byCode.has(code))
        issues.push({
          row: r.row,
          field: 'originSuggestions',
          code: 'UNKNOWN_SUGGESTION',
          message: `No suggestion of this cycle has the tracking code ${code}`,
          value: code,
        })
    }
  }
  if (issues.length) {
    throw new ApiError(
      400,
      'IMPORT_INVALID',
      `The file has ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was imported`,
      { rows: issues.sort((x, y) => x.row - y.row) },
    )
  }
  const now = deps.now()
  return db.transaction().execute(async (trx) => {
    await openList(trx, cid)
    let sortOrder = await repo.nextSortOrder(trx, cid)
    const out: Candidate[] = []
    for (const r of rows) {
      const row = await repo.insertCandidate(trx, {
        jurisdictionId: j.id,
        cycleId: cid,
        title: r.title,
        description: r.description,
        category: r.category,
        responsibleUnit: r.unit.name,
        unitId: r.unit.id,
        estimateFen: r.estimateFen,
        fundingSource: r.fundingSource as FundingSource,
        targets: r.targets,
        location: r.location,
        plannedCompletion: r.plannedCompletion,
        sortOrder: sortOrder++,
        now,
      })
      if (r.originCodes.length)
        await setOrigins(
          trx,
          cid,
          row.id,
          r.originCodes.map((c) => byCode.get(c)!),
        )
      const [c] = await withOrigins(trx, [row])
      await audit(
        trx,
        {
          jurisdictionId: j.id,
          actorUserId: a.userId,
          action: 'candidate.import',
          entity: 'candidate',
          entityId: row.id,
          after: { ...snapshot(c!), sheetRow: r.row },
          requestId,
        },
        now,
      )
      out.push(c!)
    }
    return { imported: out.length, items: out }
  })
}

/** The list as .xlsx, in the columns the import reads. Visible as the list is (drafts: staff, units). */
export async function exportCandidates(c: Ctx, cid: string) {
  const list = await listCandidates(c, cid)
  if (!list.locked && !list.draftVisible)
    throw forbidden('The candidate list is published once it is locked')
  const { cycle } = await getCycleWithJurisdiction(c.deps.database.db, cid)
  const bytes = await writeXlsx(
    '候选项目',
    rules.EXPORT_HEADER,
    list.items.map((item, i) =>
      rules.toExportRow(i + 1, {
        ...item,
        originCodes: item.originSuggestions.map((o) => o.trackingCode),
      }),
    ),
    rules.EXPORT_WIDTHS,
  )
  return { bytes, filename: `${cycle.year}年度候选项目.xlsx` }
}
