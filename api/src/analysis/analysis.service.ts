import { createHash, randomBytes, randomInt } from 'node:crypto'
import type { Role } from '@ms/db'
import type { Ctx } from '../shared/context.js'
import { getJurisdictionRef, requireAuth, requireRole } from '../shared/access.js'
import { ApiError, conflict, notFound } from '../shared/errors.js'
import { audit } from '../shared/audit.js'
import { decodeCursor, toPage } from '../shared/paging.js'
import {
  findVoteForAnalysis,
  getLegalResult,
  isClosedState,
  listClosedVoteCandidates,
  listCountedApprovals,
  type AnalysisCandidate,
  type VoteForAnalysis,
} from '../ballots/ballots.exports.js'
import * as repo from './analysis.repository.js'
import { runAnalysisTask } from './analysis.compute.js'
import { comparisonWorkbook, type Lang } from './analysis.sheets.js'
import { ENGINE_VERSION, fenIncrement, type ProjectInfo } from './comparison.rules.js'
import { toPabulib } from './pabulib.js'
import type { Instance } from './selection.rules.js'
import type { Comparison, InstanceSummary, InstanceWhatIf, VoteWhatIf } from './analysis.schemas.js'
import type { PabulibSummary } from './analysis.tasks.js'

/**
 * What-if analysis (issue 10): use-case verbs. The legal rule decides; these only compare.
 * Who: staff of the jurisdiction (votes: the vote's; imported files: the one they were imported
 * into). Foreign ids are 404 like unknown ones.
 */
const STAFF: Role[] = ['staff']

/** The largest .pb file accepted (Warsaw 2026, the largest real file here, is 3.2 MB). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024

const elapsed = (since: number) => Math.round((performance.now() - since) * 10) / 10

const sealed = () =>
  conflict('RESULT_SEALED', 'No count is shown while the vote is open (or before it opens)')

// ── imported pabulib files ─────────────────────────────────────────────────────────────────

function instanceView(
  r: repo.InstanceRow | Awaited<ReturnType<typeof repo.listInstances>>[number],
): InstanceSummary {
  const s = r.summary as PabulibSummary
  return {
    id: r.id,
    jurisdictionId: r.jurisdiction_id,
    name: r.name,
    fileName: r.file_name,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    projects: s.projects,
    voters: s.voters,
    budget: s.budget,
    currency: s.currency,
    meta: s.meta,
    hasOfficial: s.hasOfficial,
    threshold: s.threshold,
    computed: r.comparison_version === ENGINE_VERSION,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by_name ?? null,
  }
}

/** Bytes of an uploaded file as text: UTF-8 (a BOM is fine), else 400 PABULIB_INVALID. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length === 0)
    throw new ApiError(400, 'PABULIB_INVALID', 'Not a readable pabulib file: the file is empty', {
      line: null,
    })
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new ApiError(
      400,
      'PABULIB_INVALID',
      'Not a readable pabulib file: it is not UTF-8 text',
      { line: null },
    )
  }
}

export async function importInstance(
  c: Ctx,
  input: { jurisdictionId: string; name?: string; fileName?: string | null; text: string },
): Promise<InstanceSummary> {
  const auth = requireAuth(c.auth)
  const { db } = c.deps.database
  const j = await getJurisdictionRef(db, input.jurisdictionId)
  requireRole(auth, j, STAFF)
  if (Buffer.byteLength(input.text) > MAX_FILE_BYTES)
    throw new ApiError(
      413,
      'PAYLOAD_TOO_LARGE',
      `A .pb file may be at most ${MAX_FILE_BYTES} bytes`,
    )
  if (input.text.includes('\u0000'))
    throw new ApiError(
      400,
      'PABULIB_INVALID',
      'Not a readable pabulib file: it is binary, not text',
      {
        line: null,
      },
    )
  const inspected = await runAnalysisTask({ kind: 'inspect', text: input.text })
  if (inspected.kind !== 'inspect') throw new Error('unexpected analysis result')
  const summary = inspected.summary
  const sha256 = createHash('sha256').update(input.text).digest('hex')
  const fileName = input.fileName?.slice(0, 200) || null
  const name = (input.name?.trim() || summary.name).slice(0, 200)
  const now = c.deps.now()
  const id = await db.transaction().execute(async (trx) => {
    const { id } = await repo.insertInstance(trx, {
      jurisdictionId: j.id,
      name,
      fileName,
      sha256,
      sizeBytes: Buffer.byteLength(input.text),
      source: input.text,
      summary,
      createdBy: auth.userId,
      at: now,
    })
    await audit(
      trx,
      {
        jurisdictionId: j.id,
        actorUserId: auth.userId,
        action: 'analysis.import',
        entity: 'analysis_instance',
        entityId: id,
        after: {
          name,
          fileName,
          sha256,
          projects: summary.projects,
          voters: summary.voters,
          budget: summary.budget,
        },
        requestId: c.requestId,
      },
      now,
    )
    return id
  })
  const row = await repo.findInstance(db, id)
  return instanceView(row!)
}

async function loadInstance(c: Ctx, id: string) {
  const { db } = c.deps.database
  const row = await repo.findInstance(db, id)
  if (!row) throw notFound('Analysis instance')
  requireRole(c.auth, { id: row.jurisdiction_id, path: row.jurisdiction_path }, STAFF)
  return { row, db }
}

export async function getInstance(c: Ctx, id: string) {
  return instanceView((await loadInstance(c, id)).row)
}

export async function listInstances(c: Ctx, jid: string, limit: number, cursor?: string) {
  const auth = requireAuth(c.auth)
  const { db } = c.deps.database
  const j = await getJurisdictionRef(db, jid)
  requireRole(auth, j, STAFF)
  const after = decodeCursor<{ at: string; id: string }>(cursor)
  const valid =
    after &&
    typeof after.at === 'string' &&
    typeof after.id === 'string' &&
    !Number.isNaN(Date.parse(after.at))
  const rows = await repo.listInstances(db, j.id, limit, valid ? after : undefined)
  const page = toPage(rows, limit, (r) => ({ at: r.created_at.toISOString(), id: r.id }))
  return { items: page.items.map(instanceView), nextCursor: page.nextCursor }
}

export async function deleteInstance(c: Ctx, id: string) {
  const { row, db } = await loadInstance(c, id)
  const auth = requireAuth(c.auth)
  const now = c.deps.now()
  await db.transaction().execute(async (trx) => {
    if ((await repo.deleteInstance(trx, id)) === 0) throw notFound('Analysis instance')
    await audit(
      trx,
      {
        jurisdictionId: row.jurisdiction_id,
        actorUserId: auth.userId,
        action: 'analysis.delete',
        entity: 'analysis_instance',
        entityId: id,
        before: { name: row.name, sha256: row.sha256 },
        requestId: c.requestId,
      },
      now,
    )
  })
}

export async function instanceSource(c: Ctx, id: string) {
  const { row, db } = await loadInstance(c, id)
  const text = await repo.instanceSource(db, id)
  if (text === undefined) throw notFound('Analysis instance')
  return { text, fileName: row.file_name ?? `${row.name}.pb` }
}

/**
 * Computations in flight, by instance: a second request for the same instance waits for the
 * first instead of computing again (per process; the database cache serves everyone after).
 */
const inflight = new Map<string, Promise<Comparison>>()

async function computeInstance(c: Ctx, id: string): Promise<Comparison> {
  const { db } = c.deps.database
  const text = await repo.instanceSource(db, id)
  if (text === undefined) throw notFound('Analysis instance')
  const result = await runAnalysisTask({ kind: 'compare-pabulib', text })
  if (result.kind !== 'compare') throw new Error('unexpected analysis result')
  await repo.saveComparison(db, id, result.comparison, ENGINE_VERSION)
  return result.comparison
}

export async function instanceWhatIf(c: Ctx, id: string): Promise<InstanceWhatIf> {
  const started = performance.now()
  const { row, db } = await loadInstance(c, id)
  let comparison = await repo.cachedComparison(db, id, ENGINE_VERSION)
  const cached = comparison !== undefined
  if (!comparison) {
    let running = inflight.get(id)
    if (!running) {
      running = computeInstance(c, id).finally(() => inflight.delete(id))
      inflight.set(id, running)
    }
    comparison = await running
  }
  const view = instanceView(row)
  return {
    source: { kind: 'instance', ...view, computed: true },
    ...comparison,
    cached,
    requestMs: elapsed(started),
  }
}

export async function instanceWhatIfWorkbook(c: Ctx, id: string, lang: Lang) {
  const w = await instanceWhatIf(c, id)
  const bytes = await comparisonWorkbook(w, w.source.name, lang)
  return { bytes, filename: `${w.source.name} what-if.xlsx` }
}

// ── our own votes ──────────────────────────────────────────────────────────────────────────

async function loadClosedVote(c: Ctx, vid: string) {
  const { db } = c.deps.database
  const vote = await findVoteForAnalysis(db, vid)
  if (!vote) throw notFound('Vote')
  requireRole(c.auth, vote.jurisdiction, STAFF)
  if (!isClosedState(vote.state)) throw sealed()
  // The legal result (the ballot feature's tally; its own access and seal checks run again).
  const result = await getLegalResult(c, vid)
  const [candidates, ballots] = await Promise.all([
    listClosedVoteCandidates(db, vote),
    listCountedApprovals(db, vote),
  ])
  // The ballots read must be the ones the result counted (a paper sheet entered in between
  // would make them differ): the approvals per candidate must equal the result's 赞成.
  const counts = new Map<string, number>()
  for (const b of ballots) for (const id of b) counts.set(id, (counts.get(id) ?? 0) + 1)
  const mismatch = result.rows.some((r) => (counts.get(r.candidateId) ?? 0) !== r.for)
  if (mismatch)
    throw conflict(
      'RESULT_CHANGED',
      'The count changed while it was being read (paper ballots being entered?); please retry',
    )
  return { vote, result, candidates, ballots, db }
}

/** Instance ids in ballot order ("001", "002", …), so the id tie-break is the ballot order. */
const positionId = (position: number) => String(position).padStart(3, '0')

function voteInstance(candidates: AnalysisCandidate[], ballots: string[][], fundPoolFen: number) {
  const toPos = new Map(candidates.map((x) => [x.id, positionId(x.position)]))
  const instance: Instance = {
    projects: candidates.map((x) => ({
      id: toPos.get(x.id)!,
      cost: BigInt(x.estimateFen),
      name: x.title,
    })),
    budget: BigInt(fundPoolFen),
    voters: ballots.map((b) => b.map((id) => toPos.get(id)!)),
  }
  const projects = new Map<string, ProjectInfo>(
    candidates.map((x) => [
      toPos.get(x.id)!,
      { externalId: x.id, name: x.title, category: x.category || null },
    ]),
  )
  return { instance, projects, toPos }
}

function voteSource(vote: VoteForAnalysis) {
  return {
    kind: 'vote' as const,
    voteId: vote.voteId,
    cycleId: vote.cycleId,
    title: vote.title,
    state: vote.state,
    cycleTitle: vote.cycleTitle,
    cycleYear: vote.cycleYear,
    ballotForm: vote.ballotForm ?? 'for_against_abstain',
  }
}

export async function voteWhatIf(c: Ctx, vid: string): Promise<VoteWhatIf> {
  const started = performance.now()
  const { vote, result, candidates, ballots } = await loadClosedVote(c, vid)
  const { instance, projects, toPos } = voteInstance(candidates, ballots, vote.fundPoolFen)
  const pos = (id: string) => toPos.get(id)!
  const computed = await runAnalysisTask({
    kind: 'compare',
    input: {
      instance,
      projects,
      money: { unit: 'fen', currency: 'CNY' },
      baseline: {
        rule: 'legal',
        selected: result.rows
          .filter((r) => r.selected)
          .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))
          .map((r) => pos(r.candidateId)),
        threshold: result.threshold,
        seats: result.seats,
        basis: result.basis,
        status: result.status,
        ties: result.ties.map(pos),
        shortfall: result.shortfall,
      },
      threshold: { value: result.threshold, source: 'legal' },
      increment: fenIncrement(instance.budget as bigint, ballots.length),
      now: c.deps.now(),
    },
  })
  if (computed.kind !== 'compare') throw new Error('unexpected analysis result')
  return { source: voteSource(vote), ...computed.comparison, requestMs: elapsed(started) }
}

export async function voteWhatIfWorkbook(c: Ctx, vid: string, lang: Lang) {
  const w = await voteWhatIf(c, vid)
  const title = `${w.source.cycleTitle} · ${w.source.title}`
  const bytes = await comparisonWorkbook(w, title, lang)
  return { bytes, filename: `${title} what-if.xlsx` }
}

/** Fisher–Yates with a cryptographic source. */
function shuffle<T>(items: T[]): T[] {
  const a = [...items]
  for (let i = a.length - 1; i > 0; i--) {
    const k = randomInt(0, i + 1)
    ;[a[i], a[k]] = [a[k]!, a[i]!]
  }
  return a
}

/**
 * A closed vote as a pabulib file (decision 042): the counted anonymous ballots only, approval
 * = 赞成 (or a tick), shuffled, under fresh random voter ids; project ids are our candidate ids;
 * `selected` marks the legal rule's choice. Money in yuan (refused with 409 when an amount has
 * fen) or, with unit=fen, in fen.
 */
export async function exportVotePabulib(c: Ctx, vid: string, unit: 'yuan' | 'fen') {
  const { vote, result, candidates, ballots, db } = await loadClosedVote(c, vid)
  const divisor = unit === 'yuan' ? 100 : 1
  if (
    unit === 'yuan' &&
    (vote.fundPoolFen % 100 !== 0 || candidates.some((x) => x.estimateFen % 100 !== 0))
  )
    throw conflict(
      'AMOUNTS_NOT_WHOLE_YUAN',
      'Some amount has fen (分): export with ?unit=fen to keep it exact',
    )
  const jurisdiction = await repo.jurisdictionName(db, vote.jurisdiction.id)
  const selected = new Set(result.rows.filter((r) => r.selected).map((r) => r.candidateId))
  const instance: Instance = {
    projects: candidates.map((x) => ({
      id: x.id,
      cost: BigInt(x.estimateFen / divisor),
      name: x.title,
    })),
    budget: BigInt(vote.fundPoolFen / divisor),
    voters: shuffle(ballots),
  }
  const byId = new Map(candidates.map((x) => [x.id, x]))
  const basis = result.basis === 'all' ? 'all entitled deputies' : 'the deputies present'
  const meta = {
    description: `${vote.cycleTitle} · ${vote.title}`,
    country: 'China',
    unit: jurisdiction ?? '',
    instance: String(vote.cycleYear),
    rule: 'greedy-custom',
    date_begin: String(vote.cycleYear),
    date_end: String(vote.cycleYear),
    max_length: String(vote.seats ?? ''),
    language: 'zh',
    currency: 'CNY',
    comment:
      `#1: Amounts in ${unit === 'yuan' ? 'yuan (CNY)' : 'fen (0.01 CNY)'}; budget = the fund pool of the cycle. ` +
      `#2: The counted anonymous ballots of a closed vote (state ${vote.state}), shuffled, with random voter ids; vote = the candidates marked for (赞成) or ticked; blank valid ballots are None; invalid ballots are left out. ` +
      `#3: selected = chosen by the legal rule: a candidate passes with at least ${result.threshold} votes for (more than half of ${basis}); the ${result.seats} passing candidates with the most votes for are chosen; candidates tied across place ${result.seats} (${result.ties.length}) await a runoff and are 0. ` +
      `#4: position = the order on the ballot.`,
  }
  const text = toPabulib(instance, meta, {
    voterIds: instance.voters.map(() => randomBytes(8).toString('hex')),
    projectColumns: [
      { name: 'category', value: (p) => byId.get(p.id)?.category || undefined },
      { name: 'position', value: (p) => String(byId.get(p.id)!.position) },
      { name: 'selected', value: (p) => (selected.has(p.id) ? '1' : '0') },
    ],
  })
  return { text, filename: `vote-${vid}.pb` }
}
