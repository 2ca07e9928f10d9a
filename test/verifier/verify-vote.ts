/**
 * Independent verifier of a published vote (民生实事项目票决 — 公开验证).
 *
 *   api/node_modules/.bin/tsx test/verifier/verify-vote.ts <baseUrl> <voteId> [--json]
 *
 * Downloads the public result and the bulletin board, and checks, with its own code (it imports
 * nothing from the server, so a bug or a forgery there cannot hide itself here):
 *   1. the hash chain over the ballots and the receipt hashes ends at the published chain head;
 *   2. receipt hashes = electronic ballots = deputies recorded as having voted, and no more
 *      ballots (electronic and paper) than deputies present (else the vote is void by law);
 *   3. a full recount from the anonymous ballots gives the published counts, pass/fail, ranks,
 *      selection, ties and shortfall — or, for a satisfaction evaluation (form "satisfaction",
 *      满意/基本满意/不满意/弃权), the counts, each project's satisfaction rate
 *      ((满意 + 基本满意) / valid ballots, shown to one decimal of percent, half up), its grade by
 *      the published rule (满意 when 满意 reaches/exceeds half of the basis, else 基本满意 when
 *      满意 + 基本满意 do, else 不满意) and whether it must be rectified.
 * Exits 0 when everything matches, 1 on any mismatch, 2 when the data cannot be fetched.
 *
 * The chain rule (documented in docs/ballot-secrecy.md): head₀ = 64 zeros;
 * headᵢ = sha256(headᵢ₋₁ ‖ "\n" ‖ canonical JSON of { kind: "ballot", ballot }) for each ballot in
 * board order, then of { kind: "receipt", hash } for each receipt hash in sorted order. Canonical
 * JSON sorts object keys at every level and has no whitespace.
 */
import { createHash } from 'node:crypto'
import { pathToFileURL } from 'node:url'

type Choice = 'for' | 'against' | 'abstain'
type Rating = 'satisfied' | 'basically' | 'dissatisfied' | 'abstain'
const RATINGS: readonly Rating[] = ['satisfied', 'basically', 'dissatisfied', 'abstain']

interface PublicResult {
  voteId: string
  title: string
  status: string
  basis: 'all' | 'present'
  basisCount: number
  threshold: number
  seats: number
  maxApprovals: number
  form: 'for_against_abstain' | 'approve_up_to_n'
  rows: {
    candidateId: string
    for: number
    against: number
    abstain: number
    passed: boolean
    rank: number | null
    selected: boolean
  }[]
  ties: string[]
  shortfall: number
  invalid: number
  turnout: { entitled: number; present: number; voted: number }
  ballots: { electronic: number; paper: number; valid: number; invalid: number }
  paper: { returned: number | null }
  chainHead: string
}

/** The published result of a satisfaction evaluation (kind "evaluation"). */
interface PublicRatingResult {
  voteId: string
  title: string
  kind: 'evaluation'
  form: 'satisfaction'
  status: string
  basis: 'all' | 'valid'
  basisCount: number
  comparison: 'reach' | 'exceed'
  satisfactionThreshold: string
  rows: ({ candidateId: string } & Record<Rating, number>)[]
  turnout: { entitled: number; present: number; voted: number }
  ballots: { electronic: number; paper: number; valid: number; invalid: number }
  invalid: number
  paper: { returned: number | null }
  chainHead: string
  grades: {
    rule: { basis: string; basisCount: number; comparison: string; threshold: string }
    rows: {
      candidateId: string
      rate: { numerator: number; denominator: number } | null
      ratePercent: string | null
      grade: 'satisfied' | 'basically' | 'dissatisfied' | null
      belowThreshold: boolean
      rectify: boolean
    }[]
  } | null
}

interface Bulletin {
  voteId: string
  ballots: {
    id: string
    source: 'electronic' | 'paper'
    choices: Record<string, string> | null
    invalid?: boolean
  }[]
  receiptHashes: string[]
  chainHead: string
}

export interface Check {
  name: string
  ok: boolean
  detail?: string
}

// ── the verifier's own hashing and counting ────────────────────────────────────────────────

function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']'
  if (typeof value === 'object') {
    const keys = Object.keys(value as object)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
    return (
      '{' +
      keys
        .map((k) => JSON.stringify(k) + ':' + canonical((value as Record<string, unknown>)[k]))
        .join(',') +
      '}'
    )
  }
  return JSON.stringify(value)
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

function chainHead(board: Bulletin): string {
  let head = '0'.repeat(64)
  for (const ballot of board.ballots)
    head = sha256(head + '\n' + canonical({ kind: 'ballot', ballot }))
  for (const hash of board.receiptHashes)
    head = sha256(head + '\n' + canonical({ kind: 'receipt', hash }))
  return head
}

interface Recount {
  counts: Map<string, Record<Choice, number>>
  valid: number
  invalid: number
  threshold: number
  basisCount: number
  passed: Set<string>
  rank: Map<string, number>
  selected: Set<string>
  ties: Set<string>
  shortfall: number
  status: string
}

function recount(result: PublicResult, board: Bulletin): Recount {
  const candidates = result.rows.map((r) => r.candidateId)
  const allowed: string[] =
    result.form === 'approve_up_to_n' ? ['for', 'abstain'] : ['for', 'against', 'abstain']
  const counts = new Map<string, Record<Choice, number>>(
    candidates.map((c) => [c, { for: 0, against: 0, abstain: 0 }]),
  )
  let valid = 0
  let invalid = 0
  for (const b of board.ballots) {
    const marks = b.choices
    const ok =
      !b.invalid &&
      marks !== null &&
      Object.keys(marks).every((c) => counts.has(c)) &&
      Object.values(marks).every((m) => allowed.includes(m)) &&
      Object.values(marks).filter((m) => m === 'for').length <= result.maxApprovals
    if (!ok) {
      invalid += 1
      continue
    }
    valid += 1
    for (const c of candidates) {
      const m = (marks![c] ?? 'abstain') as Choice
      counts.get(c)![m] += 1
    }
  }
  const basisCount = result.basis === 'all' ? result.turnout.entitled : result.turnout.present
  // "Exceeds half": 2 × 赞成 > basis.
  const passed = new Set(candidates.filter((c) => 2 * counts.get(c)!.for > basisCount))
  const threshold = Math.floor(basisCount / 2) + 1
  // Group passing candidates by 赞成, best first; fill seats group by group.
  const groups = new Map<number, string[]>()
  for (const c of passed) {
    const n = counts.get(c)!.for
    groups.set(n, [...(groups.get(n) ?? []), c])
  }
  const rank = new Map<string, number>()
  const selected = new Set<string>()
  let ties = new Set<string>()
  let place = 1
  let seatsLeft = result.seats
  for (const n of [...groups.keys()].sort((a, b) => b - a)) {
    const group = groups.get(n)!
    for (const c of group) rank.set(c, place)
    place += group.length
    if (seatsLeft <= 0) continue
    if (group.length <= seatsLeft) {
      for (const c of group) selected.add(c)
      seatsLeft -= group.length
    } else {
      ties = new Set(group)
      seatsLeft = 0
    }
  }
  const shortfall = passed.size < result.seats ? result.seats - passed.size : 0
  const status = ties.size ? 'tie' : shortfall ? 'shortfall' : 'decided'
  return {
    counts,
    valid,
    invalid,
    threshold,
    basisCount,
    passed,
    rank,
    selected,
    ties,
    shortfall,
    status,
  }
}

// ── checks ─────────────────────────────────────────────────────────────────────────────────

export function verify(result: PublicResult | PublicRatingResult, board: Bulletin): Check[] {
  const checks: Check[] = []
  const check = (name: string, ok: boolean, detail?: string) =>
    checks.push({ name, ok, ...(ok || !detail ? {} : { detail }) })

  const head = chainHead(board)
  check(
    'hash chain ends at the board’s chain head',
    head === board.chainHead,
    `recomputed ${head}, board says ${board.chainHead}`,
  )
  check(
    'board and result name the same chain head',
    board.chainHead === result.chainHead,
    `${board.chainHead} ≠ ${result.chainHead}`,
  )
  const hashes = board.receiptHashes
  check(
    'receipt hashes are distinct SHA-256 values in sorted order',
    hashes.every((h, i) => /^[0-9a-f]{64}$/.test(h) && (i === 0 || hashes[i - 1]! < h)),
  )
  const electronic = board.ballots.filter((b) => b.source === 'electronic').length
  const paper = board.ballots.length - electronic
  check(
    'receipts = electronic ballots = deputies who voted',
    hashes.length === electronic && electronic === result.turnout.voted,
    `receipts ${hashes.length}, ballots ${electronic}, voted ${result.turnout.voted}`,
  )
  check(
    'electronic ballot count matches the result',
    electronic === result.ballots.electronic,
    `${electronic} ≠ ${result.ballots.electronic}`,
  )
  check(
    'paper ballot count matches the result',
    paper === result.ballots.paper,
    `${paper} ≠ ${result.ballots.paper}`,
  )
  if (result.paper.returned !== null)
    check(
      'every returned paper ballot is on the board',
      paper === result.paper.returned,
      `${paper} ≠ ${result.paper.returned}`,
    )
  // The Election Law voids a vote with more ballots than voters (所投的票数多于投票人数的无效):
  // a published vote must have no more ballots, electronic and paper, than deputies present,
  // and no more present than entitled. The hash chain does not cover these figures.
  const { entitled, present } = result.turnout
  check(
    'no more ballots than deputies present, no more present than entitled',
    board.ballots.length <= present && present <= entitled,
    `ballots ${board.ballots.length}, present ${present}, entitled ${entitled}`,
  )
  check(
    'the electronic ballot ids are distinct',
    new Set(board.ballots.map((b) => b.id)).size === board.ballots.length,
  )

  if (result.form === 'satisfaction') {
    checkRatings(result as PublicRatingResult, board, check)
    return checks
  }
  const r = recount(result as PublicResult, board)
  check(
    'valid and invalid ballots recount the same',
    r.valid === result.ballots.valid && r.invalid === result.invalid,
    `recount ${r.valid} valid / ${r.invalid} invalid, published ${result.ballots.valid} / ${result.invalid}`,
  )
  check(
    'threshold recomputes the same',
    r.threshold === result.threshold && r.basisCount === result.basisCount,
    `recount ${r.threshold} of ${r.basisCount}, published ${result.threshold} of ${result.basisCount}`,
  )
  for (const row of result.rows) {
    const c = r.counts.get(row.candidateId)!
    const same =
      c.for === row.for &&
      c.against === row.against &&
      c.abstain === row.abstain &&
      r.passed.has(row.candidateId) === row.passed &&
      (r.rank.get(row.candidateId) ?? null) === row.rank &&
      r.selected.has(row.candidateId) === row.selected
    check(
      `candidate ${row.candidateId} recounts the same`,
      same,
      `recount 赞成 ${c.for} 反对 ${c.against} 弃权 ${c.abstain}; published ${row.for}/${row.against}/${row.abstain}`,
    )
  }
  const sameTies = r.ties.size === result.ties.length && result.ties.every((x) => r.ties.has(x))
  check(
    'ties, shortfall and status recompute the same',
    sameTies && r.shortfall === result.shortfall && r.status === result.status,
    `recount ${r.status}, ties [${[...r.ties].join(', ')}], shortfall ${r.shortfall}; published ${result.status}, [${result.ties.join(', ')}], ${result.shortfall}`,
  )
  return checks
}

// ── satisfaction evaluations ───────────────────────────────────────────────────────────────

/** n/d as a percentage with one decimal, rounded half up, in integers: 77/80 → "96.3". */
function percent1(n: number, d: number): string {
  const tenths = (BigInt(n) * 2000n + BigInt(d)) / (2n * BigInt(d))
  return `${tenths / 10n}.${tenths % 10n}`
}

function thresholdOf(text: string): number {
  const m = /^(\d)(?:\.(\d{1,4})0*)?$/.exec(text.trim())
  if (!m) return NaN
  return Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'))
}

function checkRatings(
  result: PublicRatingResult,
  board: Bulletin,
  check: (name: string, ok: boolean, detail?: string) => void,
) {
  const projects = result.rows.map((r) => r.candidateId)
  const counts = new Map<string, Record<Rating, number>>(
    projects.map((c) => [c, { satisfied: 0, basically: 0, dissatisfied: 0, abstain: 0 }]),
  )
  let valid = 0
  let invalid = 0
  for (const b of board.ballots) {
    const marks = b.choices
    const ok =
      !b.invalid &&
      marks !== null &&
      Object.keys(marks).every((c) => counts.has(c)) &&
      Object.values(marks).every((m) => (RATINGS as readonly string[]).includes(m))
    if (!ok) {
      invalid += 1
      continue
    }
    valid += 1
    for (const c of projects) counts.get(c)![(marks![c] ?? 'abstain') as Rating] += 1
  }
  check(
    'valid and invalid ballots recount the same',
    valid === result.ballots.valid && invalid === result.invalid,
    `recount ${valid} valid / ${invalid} invalid, published ${result.ballots.valid} / ${result.invalid}`,
  )
  const basisCount = result.basis === 'all' ? result.turnout.entitled : valid
  check(
    'the basis of the grading rule recomputes the same',
    basisCount === result.basisCount,
    `recount ${basisCount}, published ${result.basisCount}`,
  )
  const half = (votes: number) =>
    result.comparison === 'reach' ? 2 * votes >= basisCount : 2 * votes > basisCount
  const threshold = thresholdOf(result.satisfactionThreshold)
  const grades = new Map((result.grades?.rows ?? []).map((g) => [g.candidateId, g]))
  check(
    'every project has a published grade',
    projects.every((c) => grades.has(c)),
  )
  for (const row of result.rows) {
    const c = counts.get(row.candidateId)!
    const sameCounts = RATINGS.every((k) => c[k] === row[k])
    const g = grades.get(row.candidateId)
    const n = c.satisfied + c.basically
    const rate = valid > 0 ? { numerator: n, denominator: valid } : null
    const grade =
      basisCount <= 0
        ? null
        : half(c.satisfied)
          ? 'satisfied'
          : half(c.satisfied + c.basically)
            ? 'basically'
            : 'dissatisfied'
    const below = rate !== null && rate.numerator * 10_000 < threshold * rate.denominator
    const shown = rate ? percent1(rate.numerator, rate.denominator) : null
    const same =
      sameCounts &&
      !!g &&
      (g.rate === null
        ? rate === null
        : rate !== null &&
          g.rate.numerator === rate.numerator &&
          g.rate.denominator === rate.denominator) &&
      g.ratePercent === shown &&
      g.grade === grade &&
      g.belowThreshold === below &&
      g.rectify === (below || grade === 'dissatisfied')
    check(
      `project ${row.candidateId} recounts the same`,
      same,
      `recount 满意 ${c.satisfied} 基本满意 ${c.basically} 不满意 ${c.dissatisfied} 弃权 ${c.abstain}, rate ${shown}%, grade ${grade}; published ${row.satisfied}/${row.basically}/${row.dissatisfied}/${row.abstain}, ${g?.ratePercent}%, ${g?.grade}`,
    )
  }
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } })
  if (!res.ok) throw new Error(`GET ${url} → ${res.status}`)
  return (await res.json()) as T
}

export async function verifyVote(baseUrl: string, voteId: string) {
  const base = baseUrl.replace(/\/+$/, '')
  const [result, board] = await Promise.all([
    getJson<PublicResult | PublicRatingResult>(`${base}/api/public/votes/${voteId}/result`),
    getJson<Bulletin>(`${base}/api/public/votes/${voteId}/bulletin`),
  ])
  return { result, board, checks: verify(result, board) }
}

async function main(argv: string[]) {
  const args = argv.filter((a) => !a.startsWith('--'))
  const asJson = argv.includes('--json')
  if (args.length !== 2) {
    console.error('usage: verify-vote <baseUrl> <voteId> [--json]')
    return 2
  }
  let report
  try {
    report = await verifyVote(args[0]!, args[1]!)
  } catch (e) {
    console.error(
      `✗ cannot fetch the published vote: ${e instanceof Error ? e.message : String(e)}`,
    )
    return 2
  }
  const ok = report.checks.every((c) => c.ok)
  if (asJson) console.log(JSON.stringify({ ok, voteId: args[1], checks: report.checks }, null, 2))
  else {
    console.log(`${report.result.title} (${args[1]})`)
    console.log(
      `ballots on the board: ${report.board.ballots.length}, receipts: ${report.board.receiptHashes.length}`,
    )
    for (const c of report.checks)
      console.log(`${c.ok ? '✓' : '✗'} ${c.name}${c.detail ? ` — ${c.detail}` : ''}`)
    console.log(
      ok
        ? 'OK: the published result matches the bulletin board.'
        : 'MISMATCH: the published result does not match the bulletin board.',
    )
  }
  return ok ? 0 : 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2))
}
