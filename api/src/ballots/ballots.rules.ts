import { createHash } from 'node:crypto'
import { chainHash, GENESIS } from '../audit/audit.rules.js'

/**
 * The ballot's pure rules (DESIGN.md §2 phases 5–6): what a valid ballot is, the tally, the paper
 * reconciliation and the bulletin board's hash chain. No I/O; property-tested.
 */
export type Choice = 'for' | 'against' | 'abstain'
export type Choices = Record<string, Choice>
/** 满意 / 基本满意 / 不满意 / 弃权: the marks of a satisfaction evaluation (decision 050). */
export type Rating = 'satisfied' | 'basically' | 'dissatisfied' | 'abstain'
/** Any mark a stored ballot can hold (one form's marks per ballot). */
export type Mark = Choice | Rating
export type Marks = Record<string, Mark>
export type BallotForm = 'for_against_abstain' | 'approve_up_to_n' | 'satisfaction'
export type ThresholdBasis = 'all' | 'present'
export const CHOICES: readonly Choice[] = ['for', 'against', 'abstain']
export const RATINGS: readonly Rating[] = ['satisfied', 'basically', 'dissatisfied', 'abstain']

/**
 * The choices a form allows. On 赞成/反对/弃权 ballots each candidate gets one of the three; on
 * tick-up-to-N ballots a tick is 'for' and no tick is 'abstain' ('against' does not exist there);
 * on satisfaction ballots each project gets 满意/基本满意/不满意/弃权.
 */
export const allowedChoices = (form: BallotForm): readonly Mark[] =>
  form === 'approve_up_to_n' ? ['for', 'abstain'] : form === 'satisfaction' ? RATINGS : CHOICES

export type BallotProblem =
  | { code: 'UNKNOWN_CANDIDATE'; candidateIds: string[] }
  | { code: 'INVALID_CHOICE'; candidateIds: string[] }
  | { code: 'TOO_MANY_APPROVALS'; approvals: number; maxApprovals: number }

/**
 * Checks a ballot against the frozen candidate list. A candidate left unmarked counts as 弃权
 * (the usual reading of 赞成/反对/弃权 ballots and of unticked boxes), so a ballot need not mark
 * every candidate; an empty ballot is a valid blank ballot.
 */
export function checkBallot(
  choices: Record<string, string>,
  candidateIds: readonly string[],
  form: BallotForm,
  maxApprovals: number,
): BallotProblem | null {
  const known = new Set(candidateIds)
  const unknown = Object.keys(choices).filter((id) => !known.has(id))
  if (unknown.length) return { code: 'UNKNOWN_CANDIDATE', candidateIds: unknown }
  const allowed = allowedChoices(form) as readonly string[]
  const bad = Object.entries(choices)
    .filter(([, c]) => !allowed.includes(c))
    .map(([id]) => id)
  if (bad.length) return { code: 'INVALID_CHOICE', candidateIds: bad }
  const approvals = Object.values(choices).filter((c) => c === 'for').length
  if (approvals > maxApprovals) return { code: 'TOO_MANY_APPROVALS', approvals, maxApprovals }
  return null
}

/**
 * The stored form of a ballot: every candidate of the list, in list order, unmarked ones as
 * 'abstain'. Storing one canonical shape means "left blank" and "marked 弃权" cannot be told
 * apart on the bulletin board (one fewer way to sign a ballot).
 */
export function normalizeChoices(
  choices: Record<string, string>,
  candidateIds: readonly string[],
): Choices
export function normalizeChoices(
  choices: Record<string, string>,
  candidateIds: readonly string[],
  form: BallotForm,
): Marks
export function normalizeChoices(
  choices: Record<string, string>,
  candidateIds: readonly string[],
  form: BallotForm = 'for_against_abstain',
): Marks {
  // Marks outside the form become 'abstain' too: callers check the ballot (checkBallot) first.
  const allowed = allowedChoices(form) as readonly string[]
  const out: Marks = {}
  for (const id of candidateIds) {
    const c = choices[id]
    out[id] = c !== undefined && allowed.includes(c) ? (c as Mark) : 'abstain'
  }
  return out
}

export interface TallyBallot {
  /** null for a sheet recorded as invalid without readable marks. */
  choices: Record<string, string> | null
  invalid?: boolean
}

export interface TallyInput {
  seats: number
  basis: ThresholdBasis
  entitled: number
  present: number
  /** The frozen candidate list, in list order (rows come back in this order). */
  candidateIds: readonly string[]
  form: BallotForm
  maxApprovals: number
  ballots: Iterable<TallyBallot>
  /** Set when the paper reconciliation voids the vote (more ballots than voters). */
  voidReason?: string | null
}

export interface TallyRow {
  candidateId: string
  for: number
  against: number
  abstain: number
  passed: boolean
  /** Competition rank (1, 2, 2, 4) among passing candidates by 赞成; null when not passed. */
  rank: number | null
  selected: boolean
}

export type TallyStatus = 'decided' | 'tie' | 'shortfall' | 'void'

export interface Tally {
  status: TallyStatus
  basis: ThresholdBasis
  /** The number the majority is taken of: entitled (应到) or present (实到). */
  basisCount: number
  /** The least number of 赞成 that passes: more than half of basisCount. */
  threshold: number
  seats: number
  valid: number
  invalid: number
  rows: TallyRow[]
  /** Candidates tied across the N boundary: none of them is selected; a runoff decides. */
  ties: string[]
  /** Seats left unfilled because fewer than N candidates passed. */
  shortfall: number
  voidReason: string | null
}

/** Whether a ballot counts: readable, only known candidates and choices, at most N 赞成. */
export function isValidBallot(
  b: TallyBallot,
  candidateIds: readonly string[],
  form: BallotForm,
  maxApprovals: number,
): boolean {
  if (b.invalid || !b.choices) return false
  return checkBallot(b.choices, candidateIds, form, maxApprovals) === null
}

export const thresholdOf = (basisCount: number) => Math.floor(basisCount / 2) + 1

export function tally(input: TallyInput): Tally {
  const { candidateIds, seats } = input
  const counts = new Map(candidateIds.map((id) => [id, { for: 0, against: 0, abstain: 0 }]))
  let valid = 0
  let invalid = 0
  for (const b of input.ballots) {
    if (!isValidBallot(b, candidateIds, input.form, input.maxApprovals)) {
      invalid++
      continue
    }
    valid++
    const choices = normalizeChoices(b.choices!, candidateIds)
    for (const id of candidateIds) counts.get(id)![choices[id]!]++
  }
  const basisCount = input.basis === 'all' ? input.entitled : input.present
  const threshold = thresholdOf(basisCount)
  const rows: TallyRow[] = candidateIds.map((id) => {
    const c = counts.get(id)!
    return { candidateId: id, ...c, passed: c.for >= threshold, rank: null, selected: false }
  })
  const passing = rows.filter((r) => r.passed).sort((a, b) => b.for - a.for)
  for (const r of passing) r.rank = 1 + passing.filter((o) => o.for > r.for).length

  const voidReason = input.voidReason ?? null
  let ties: string[] = []
  let shortfall = 0
  if (voidReason) {
    // A void vote selects nothing and reports no tie; the counts stay visible for the record.
  } else if (passing.length <= seats) {
    for (const r of passing) r.selected = true
    shortfall = seats - passing.length
  } else {
    const boundary = passing[seats - 1]!.for
    if (passing[seats]!.for === boundary) {
      for (const r of passing) if (r.for > boundary) r.selected = true
      ties = passing.filter((r) => r.for === boundary).map((r) => r.candidateId)
    } else {
      for (const r of passing.slice(0, seats)) r.selected = true
    }
  }
  const status: TallyStatus = voidReason
    ? 'void'
    : ties.length
      ? 'tie'
      : shortfall > 0
        ? 'shortfall'
        : 'decided'
  return {
    status,
    basis: input.basis,
    basisCount,
    threshold,
    seats,
    valid,
    invalid,
    rows,
    ties,
    shortfall,
    voidReason,
  }
}

export interface RatingRow {
  candidateId: string
  satisfied: number
  basically: number
  dissatisfied: number
  abstain: number
}

/**
 * The count of a satisfaction evaluation: per project (candidate) the 满意/基本满意/不满意/弃权
 * marks of the valid ballots. What the counts mean — rate, grade, rectification — is the
 * evaluation feature's rule (api/src/evaluation/evaluation.rules.ts); this is only the count.
 */
export function tallyRatings(input: {
  candidateIds: readonly string[]
  ballots: Iterable<TallyBallot>
}): { rows: RatingRow[]; valid: number; invalid: number } {
  const { candidateIds } = input
  const rows = candidateIds.map((candidateId) => ({
    candidateId,
    satisfied: 0,
    basically: 0,
    dissatisfied: 0,
    abstain: 0,
  }))
  const byId = new Map(rows.map((r) => [r.candidateId, r]))
  let valid = 0
  let invalid = 0
  for (const b of input.ballots) {
    if (!isValidBallot(b, candidateIds, 'satisfaction', 0)) {
      invalid++
      continue
    }
    valid++
    const marks = normalizeChoices(b.choices!, candidateIds, 'satisfaction')
    for (const id of candidateIds) byId.get(id)![marks[id] as Rating]++
  }
  return { rows, valid, invalid }
}

/**
 * Paper reconciliation (选票清点): more ballots returned than issued voids the vote, as the
 * Election Law reads "所投的票数多于投票人数的无效"; so does a total of electronic and paper
 * ballots above the number of deputies present.
 */
export function paperVoidReason(p: {
  issued: number
  returned: number
  electronicVoted: number
  present: number
}): string | null {
  if (p.returned > p.issued) return 'RETURNED_EXCEEDS_ISSUED'
  if (p.returned + p.electronicVoted > p.present) return 'BALLOTS_EXCEED_PRESENT'
  return null
}

export interface PaperReading {
  choices: Marks | null
  invalid: boolean
}

export type SheetState = 'agreed' | 'resolved' | 'mismatch' | 'single'

export interface SheetStatus {
  sheetNo: number
  state: SheetState
  round1: PaperReading | null
  round2: PaperReading | null
  /** The reading that counts (agreed or resolved); null while unreconciled. */
  final: PaperReading | null
}

const sameReading = (a: PaperReading, b: PaperReading) =>
  a.invalid === b.invalid &&
  JSON.stringify(a.invalid ? null : a.choices) === JSON.stringify(b.invalid ? null : b.choices)

/**
 * The state of every paper sheet: both rounds agree, staff resolved it, the rounds differ, or
 * only one round is in. Readings must be normalised (normalizeChoices) before comparing.
 */
export function reconcileSheets(
  entries: { sheetNo: number; round: number; reading: PaperReading }[],
  resolutions: { sheetNo: number; reading: PaperReading }[],
): SheetStatus[] {
  const sheets = new Map<number, SheetStatus>()
  const get = (n: number) => {
    let s = sheets.get(n)
    if (!s) {
      s = { sheetNo: n, state: 'single', round1: null, round2: null, final: null }
      sheets.set(n, s)
    }
    return s
  }
  for (const e of entries) {
    const s = get(e.sheetNo)
    if (e.round === 1) s.round1 = e.reading
    else s.round2 = e.reading
  }
  const resolved = new Map(resolutions.map((r) => [r.sheetNo, r.reading]))
  for (const s of sheets.values()) {
    const r = resolved.get(s.sheetNo)
    if (r) {
      s.state = 'resolved'
      s.final = r
    } else if (s.round1 && s.round2) {
      if (sameReading(s.round1, s.round2)) {
        s.state = 'agreed'
        s.final = s.round1
      } else s.state = 'mismatch'
    } else s.state = 'single'
  }
  return [...sheets.values()].sort((a, b) => a.sheetNo - b.sheetNo)
}

/** Receipt codes are shown grouped (ABCD-EFGH-…); the hash is over the bare upper-case code. */
export const normalizeReceipt = (code: string) => code.replace(/[\s-]/g, '').toUpperCase()
export const hashReceipt = (code: string) =>
  createHash('sha256').update(normalizeReceipt(code)).digest('hex')

export type BulletinBallot =
  | { id: string; source: 'electronic'; choices: Marks }
  | { id: string; source: 'paper'; sheetNo: number; choices: Marks | null; invalid: boolean }

/**
 * The bulletin board's chain: every ballot in board order, then every receipt hash in sorted
 * order, each link `sha256(prev ‖ canonical JSON)` as in the audit log. Anyone holding the board
 * recomputes the head and compares it with the head the certified result names.
 */
export function bulletinChainHead(
  ballots: readonly BulletinBallot[],
  receiptHashes: readonly string[],
): string {
  let prev = GENESIS
  for (const b of ballots) prev = chainHash(prev, { kind: 'ballot', ballot: b })
  for (const h of receiptHashes) prev = chainHash(prev, { kind: 'receipt', hash: h })
  return prev
}
