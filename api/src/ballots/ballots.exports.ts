import type { Kysely, Transaction } from 'kysely'
import type { BallotChoices, DB, VoteKind, VoteState } from '@ms/db'
import type { JurisdictionRef } from '../shared/access.js'
import type { Deps } from '../shared/context.js'
import { conflict } from '../shared/errors.js'
import { findCycle } from '../cycles/cycles.exports.js'
import * as repo from './ballots.repository.js'
import {
  isValidBallot,
  normalizeChoices,
  reconcileSheets,
  type BallotForm,
  type PaperReading,
} from './ballots.rules.js'
import { getPublicResult } from './ballots.service.js'

/**
 * The narrow surface the ballot feature offers downstream features (budget, projects, deputy
 * record, public portal, reports, what-if analysis). Signatures are a contract: extend, do not change. None of these
 * ever returns anything about the content of a deputy's ballot.
 */
type Q = Kysely<DB> | Transaction<DB>

interface StoredResult {
  rows: { candidateId: string; rank: number | null; selected: boolean }[]
  ties: string[]
  shortfall: number
}

const selectedOf = (r: StoredResult) =>
  r.rows
    .filter((x) => x.selected)
    .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))
    .map((x) => x.candidateId)

export interface PublishedSelection {
  /** The published selection vote, then each published runoff that decided one of its ties. */
  voteIds: string[]
  /** Chosen candidates: the selection's in rank order, then the runoffs'. */
  candidateIds: string[]
  /** Candidates still tied (a runoff not yet published, or none held). */
  unresolvedTies: string[]
  /** Seats left empty because too few candidates passed. */
  shortfall: number
}

/**
 * The cycle's published selection with its runoffs, or undefined when nothing is published.
 * Only published (certified, then published) results count.
 */
export async function getPublishedSelectionDetail(
  db: Q,
  cycleId: string,
): Promise<PublishedSelection | undefined> {
  const votes = await repo.publishedVotesOfCycle(db, cycleId)
  let current = [...votes].reverse().find((v) => v.kind === 'selection')
  if (!current) return undefined
  const out: PublishedSelection = {
    voteIds: [],
    candidateIds: [],
    unresolvedTies: [],
    shortfall: 0,
  }
  while (current) {
    const r = current.result as StoredResult
    out.voteIds.push(current.id)
    out.candidateIds.push(...selectedOf(r))
    out.unresolvedTies = r.ties
    out.shortfall = r.shortfall
    const parentId: string = current.id
    current = votes.find((v) => v.kind === 'runoff' && v.parent_vote_id === parentId)
  }
  return out
}

/** The selected candidate ids of the cycle's published selection (and runoffs); [] when none. */
export async function getPublishedSelection(db: Q, cycleId: string): Promise<string[]> {
  return (await getPublishedSelectionDetail(db, cycleId))?.candidateIds ?? []
}

export interface DeputyVoteRecord {
  voteId: string
  cycleId: string
  /** 'evaluation': a satisfaction evaluation (满意度测评), cast like any secret ballot. */
  kind: 'selection' | 'runoff' | 'evaluation'
  title: string
  state: 'closed' | 'certified' | 'published'
  openedAt: string | null
  /** Checked in (实到). */
  present: boolean
  /** Cast a ballot — never what it said. */
  voted: boolean
}

/**
 * For the deputy's performance record (履职档案): every closed vote the deputy was entitled to,
 * whether they were present and whether they voted. Votes still open are left out.
 */
export async function listDeputyVoteRecord(db: Q, deputyId: string): Promise<DeputyVoteRecord[]> {
  const rows = await repo.votesOnRoster(db, [deputyId], ['closed', 'certified', 'published'])
  // Oldest first, as the record reads; a vote past 'open' always has opened_at.
  rows.sort((a, b) => (a.opened_at?.getTime() ?? 0) - (b.opened_at?.getTime() ?? 0))
  return rows.map((r) => ({
    voteId: r.id,
    cycleId: r.cycle_id,
    kind: r.kind,
    title: r.title,
    state: r.state as DeputyVoteRecord['state'],
    openedAt: r.opened_at ? r.opened_at.toISOString() : null,
    present: r.present,
    voted: r.voted_as !== null,
  }))
}

/** How many closed votes the deputy was entitled to and how many they cast a ballot in. */
export async function countParticipations(db: Q, deputyId: string) {
  const rows = await listDeputyVoteRecord(db, deputyId)
  return { entitled: rows.length, voted: rows.filter((r) => r.voted).length }
}

/** One candidate's line in a frozen (certified) selection or runoff result. */
export interface PublishedResultRow {
  candidateId: string
  title: string
  for: number
  against: number
  abstain: number
  passed: boolean
  rank: number | null
  selected: boolean
}

/** A published selection or runoff with the figures its 公告 (announcement) states. */
export interface PublishedVoteFigures {
  voteId: string
  kind: 'selection' | 'runoff'
  title: string
  openedAt: string | null
  closedAt: string | null
  certifiedAt: string | null
  publishedAt: string | null
  seats: number
  form: 'for_against_abstain' | 'approve_up_to_n'
  basis: 'all' | 'present'
  basisCount: number
  threshold: number
  status: 'decided' | 'tie' | 'shortfall' | 'void'
  rows: PublishedResultRow[]
  ties: string[]
  shortfall: number
  turnout: { entitled: number; present: number; voted: number }
  ballots: { electronic: number; paper: number; valid: number; invalid: number }
  paper: { issued: number | null; returned: number | null }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/**
 * The figures of the cycle's published selection and of each published runoff that decided one
 * of its ties, in that order (the chain getPublishedSelectionDetail follows); [] when nothing is
 * published. Read from the result frozen at certification — counts per candidate, never a ballot.
 */
export async function getPublishedSelectionFigures(
  db: Q,
  cycleId: string,
): Promise<PublishedVoteFigures[]> {
  const detail = await getPublishedSelectionDetail(db, cycleId)
  if (!detail) return []
  const out: PublishedVoteFigures[] = []
  for (const id of detail.voteIds) {
    const v = await repo.findVote(db, id)
    if (!v || v.state !== 'published' || v.kind === 'evaluation') continue
    const r = v.result as Omit<PublishedVoteFigures, 'voteId' | 'kind' | 'title' | 'paper'> & {
      paper?: { issued: number | null; returned: number | null }
    }
    out.push({
      voteId: v.id,
      kind: v.kind,
      title: v.title,
      openedAt: iso(v.opened_at),
      closedAt: iso(v.closed_at),
      certifiedAt: iso(v.certified_at),
      publishedAt: iso(v.published_at),
      seats: r.seats,
      form: r.form,
      basis: r.basis,
      basisCount: r.basisCount,
      threshold: r.threshold,
      status: r.status,
      rows: r.rows.map((x) => ({
        candidateId: x.candidateId,
        title: x.title,
        for: x.for,
        against: x.against,
        abstain: x.abstain,
        passed: x.passed,
        rank: x.rank,
        selected: x.selected,
      })),
      ties: r.ties,
      shortfall: r.shortfall,
      turnout: r.turnout,
      ballots: r.ballots,
      paper: { issued: r.paper?.issued ?? null, returned: r.paper?.returned ?? null },
    })
  }
  return out
}

/** One candidate's figures in a published selection or runoff, as its public result states them. */
export interface PublishedCandidateFigures {
  candidateId: string
  /** The rank within this vote (1 = first seat it filled); null when not ranked. */
  rank: number | null
  selected: boolean
  /** 赞成 (for) count. */
  votesFor: number
}

/**
 * Per candidate, the rank, selection and 赞成 of a published selection or runoff — the public data
 * the portal shows (404 for an unpublished vote or an evaluation). For the projects step, which
 * copies the rank and 赞成 of each chosen candidate onto its project.
 */
export async function getPublishedCandidateFigures(
  deps: Deps,
  voteId: string,
): Promise<PublishedCandidateFigures[]> {
  const result = await getPublicResult(deps, voteId)
  return result.rows.map((r) => ({
    candidateId: r.candidateId,
    rank: r.rank,
    selected: r.selected,
    votesFor: r.for,
  }))
}

// ── what-if analysis ────────────────────────────────────────────────────────────────────────

/**
 * What the what-if analysis (api/src/analysis, issue 10) reads from the ballot feature, and
 * nothing more: a closed vote's frozen candidates and rules, its cycle's fund pool, and the
 * content of its counted anonymous ballots — never while the vote is open or before it opens
 * (sealed counts, DESIGN.md §4), never anything that names a voter. The legal result itself
 * comes from `getResult` of ballots.service.ts (the legal tally is not reimplemented here).
 */
export type ClosedVoteState = Extract<VoteState, 'closed' | 'certified' | 'published'>

export interface VoteForAnalysis {
  voteId: string
  cycleId: string
  kind: VoteKind
  title: string
  state: VoteState
  jurisdiction: JurisdictionRef
  /** Frozen at open (null while a draft). */
  seats: number | null
  ballotForm: BallotForm | null
  thresholdBasis: 'all' | 'present' | null
  /** The cycle's current fund pool (资金池), in fen. */
  fundPoolFen: number
  cycleTitle: string
  cycleYear: number
}

export interface AnalysisCandidate {
  id: string
  title: string
  category: string
  responsibleUnit: string
  /** The estimate frozen when the vote opened, in fen. */
  estimateFen: number
  /** 1-based position on the ballot. */
  position: number
}

const CLOSED: readonly VoteState[] = ['closed', 'certified', 'published']
export const isClosedState = (s: VoteState): s is ClosedVoteState => CLOSED.includes(s)

const sealed = () =>
  conflict('RESULT_SEALED', 'No count is shown while the vote is open (or before it opens)')

/**
 * The vote with the ref of its jurisdiction (for the caller's access check) and its cycle's fund
 * pool; undefined for an unknown id. No access check here: the caller checks before using it.
 */
export async function findVoteForAnalysis(
  db: Q,
  voteId: string,
): Promise<VoteForAnalysis | undefined> {
  const v = await repo.findVoteWithPath(db, voteId)
  // An evaluation (满意度测评) selects nothing: there is no what-if to compute for it.
  if (!v || v.kind === 'evaluation') return undefined
  const cycle = await findCycle(db, v.cycle_id)
  if (!cycle) return undefined
  return {
    voteId: v.id,
    cycleId: v.cycle_id,
    kind: v.kind,
    title: v.title,
    state: v.state,
    jurisdiction: { id: v.jurisdiction_id, path: v.jurisdiction_path },
    seats: v.seats,
    ballotForm: v.ballot_form,
    thresholdBasis: v.threshold_basis as 'all' | 'present' | null,
    fundPoolFen: cycle.fundPoolFen,
    cycleTitle: cycle.title,
    cycleYear: cycle.year,
  }
}

/** The candidates frozen on the ballot, in ballot order. 409 RESULT_SEALED unless closed. */
export async function listClosedVoteCandidates(
  db: Q,
  vote: Pick<VoteForAnalysis, 'voteId' | 'state'>,
): Promise<AnalysisCandidate[]> {
  if (!isClosedState(vote.state)) throw sealed()
  const rows = await repo.listVoteCandidates(db, vote.voteId)
  return rows.map((r, i) => ({
    id: r.id,
    title: r.title,
    category: r.category,
    responsibleUnit: r.responsibleUnit,
    estimateFen: r.estimateFen,
    position: i + 1,
  }))
}

/**
 * The approvals (赞成, or a tick on approve-up-to-N ballots) of every ballot the tally counts:
 * each valid sealed electronic ballot and each reconciled, valid paper sheet, as the list of
 * approved candidate ids; a valid blank ballot is an empty list. The order carries no meaning
 * (sealed ballots are read by their random ids, paper sheets after them) and no ballot id or
 * sheet number is returned. 409 RESULT_SEALED unless the vote is closed, certified or published.
 */
export async function listCountedApprovals(
  db: Q,
  vote: Pick<VoteForAnalysis, 'voteId' | 'state' | 'seats' | 'ballotForm'>,
): Promise<string[][]> {
  if (!isClosedState(vote.state) || !vote.seats || !vote.ballotForm) throw sealed()
  const current = await repo.findVote(db, vote.voteId)
  if (!current || !isClosedState(current.state)) throw sealed()
  const ids = (await repo.listVoteCandidates(db, vote.voteId)).map((c) => c.id)
  const [sealedBallots, entries, resolutions] = await Promise.all([
    repo.listSealedBallots(db, vote.voteId),
    repo.listPaperEntries(db, vote.voteId),
    repo.listPaperResolutions(db, vote.voteId),
  ])
  // The same reconciliation the result uses: only agreed or resolved sheets count.
  const reading = (r: { choices: BallotChoices | null; invalid: boolean }): PaperReading => ({
    invalid: r.invalid,
    choices: r.invalid || !r.choices ? null : normalizeChoices(r.choices, ids),
  })
  const sheets = reconcileSheets(
    entries.map((e) => ({ sheetNo: e.sheet_no, round: e.round, reading: reading(e) })),
    resolutions.map((r) => ({ sheetNo: r.sheet_no, reading: reading(r) })),
  )
  const ballots: { choices: Record<string, string> | null; invalid?: boolean }[] = [
    ...sealedBallots.map((b) => ({ choices: b.choices as Record<string, string> })),
    ...sheets
      .filter((s) => s.final)
      .map((s) => ({ choices: s.final!.choices, invalid: s.final!.invalid })),
  ]
  const out: string[][] = []
  for (const b of ballots) {
    if (!isValidBallot(b, ids, vote.ballotForm, vote.seats)) continue
    out.push(ids.filter((id) => b.choices![id] === 'for'))
  }
  return out
}

/**
 * The legal result of a closed vote (the stable GET /votes/:vid/result): staff only, 404 for
 * foreign ids, 409 RESULT_SEALED while open. The what-if compares every other rule against it.
 */
export { getResult as getLegalResult, type VoteResult } from './ballots.service.js'
