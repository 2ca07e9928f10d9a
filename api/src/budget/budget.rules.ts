/**
 * The budget feature's arithmetic and rules, as pure functions. Money is integer fen throughout;
 * anything that multiplies fen (rates, variance ratios) goes through BigInt so no intermediate
 * value leaves the exact range, and nothing here ever divides fen as a float.
 */

export const SOURCES = ['local', 'transfer', 'social', 'other'] as const
export type Source = (typeof SOURCES)[number]
export const SOURCE_LABELS: Record<Source, string> = {
  local: '本级财政',
  transfer: '上级补助',
  social: '社会资金',
  other: '其他',
}

/**
 * Bounds that keep every sum the feature can form inside Number.MAX_SAFE_INTEGER (≈ 9.0e15 fen):
 * a line and a project's lines together at most ¥1000亿 (1e13 fen), a pool at most ¥1万亿.
 * A cycle has at most 200 seats, so its sums stay below 2e15 fen.
 */
export const MAX_LINE_FEN = 10_000_000_000_000
export const MAX_PROJECT_FEN = MAX_LINE_FEN
export const MAX_POOL_FEN = 100_000_000_000_000
export const DEFAULT_VARIANCE_THRESHOLD_BP = 1000

/** Lines of these sources draw on the cycle's fund pool unless the caller says otherwise. */
export const defaultFromPool = (source: Source) => source === 'local'

/** Sums fen exactly; throws if the sum would leave the safe integer range (never rounds). */
export function sumFen(values: Iterable<number>): number {
  let total = 0
  for (const v of values) {
    if (!Number.isSafeInteger(v)) throw new RangeError(`not a whole number of fen: ${v}`)
    total += v
    if (!Number.isSafeInteger(total)) throw new RangeError('sum exceeds the safe integer range')
  }
  return total
}

/**
 * Execution rate in basis points (1 bp = 0.01 %), rounded down so a line is never shown as
 * 100 % before it is fully paid. null when nothing is budgeted. Exact for any safe integers.
 */
export function rateBp(disbursedFen: number, budgetedFen: number): number | null {
  if (budgetedFen <= 0) return null
  return Number((BigInt(disbursedFen) * 10000n) / BigInt(budgetedFen))
}

/** A basis-point rate as a percentage string with two decimals: 4567 → "45.67". */
export function bpToPercent(bp: number | null): string | null {
  if (bp === null) return null
  const neg = bp < 0
  const a = Math.abs(bp)
  const s = `${Math.trunc(a / 100)}.${String(a % 100).padStart(2, '0')}`
  return neg ? `-${s}` : s
}

/** Fen as a yuan string with two decimals, by string formatting: 123456 → "1234.56". */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of fen: ${fen}`)
  const neg = fen < 0
  const digits = String(Math.abs(fen)).padStart(3, '0')
  const s = `${digits.slice(0, -2)}.${digits.slice(-2)}`
  return neg ? `-${s}` : s
}

export interface PoolCheck {
  ok: boolean
  /** How far the pool lines would exceed the pool (0 when ok). */
  overshootFen: number
  poolFen: number
  /** The pool lines' total after the change. */
  committedFen: number
}

/**
 * Whether the pool lines still fit the pool after a change of `deltaFen` to them.
 * `committedFen` is the pool lines' current total (draft and approved, not withdrawn).
 */
export function checkPool(poolFen: number, committedFen: number, deltaFen: number): PoolCheck {
  const after = committedFen + deltaFen
  const overshoot = after - poolFen
  return { ok: overshoot <= 0, overshootFen: Math.max(0, overshoot), poolFen, committedFen: after }
}

/** What a line still allows to be paid: its current amount less what has been paid (net). */
export const lineRemaining = (amountFen: number, disbursedFen: number) => amountFen - disbursedFen

export interface VarianceCheck {
  varianceFen: number
  /** |variance| / budget in basis points (rounded down); null when the budget is zero. */
  varianceBp: number | null
  explanationRequired: boolean
}

/**
 * Final accounts (决算): variance = final − budget. An explanation is needed when
 * |variance| > threshold × budget (strictly above), compared exactly as integers; with no
 * budget any non-zero final amount needs one.
 */
export function checkVariance(
  budgetedFen: number,
  finalFen: number,
  thresholdBp: number,
): VarianceCheck {
  const varianceFen = finalFen - budgetedFen
  const abs = BigInt(Math.abs(varianceFen))
  if (budgetedFen <= 0) {
    return { varianceFen, varianceBp: null, explanationRequired: varianceFen !== 0 }
  }
  const b = BigInt(budgetedFen)
  return {
    varianceFen,
    varianceBp: Number((abs * 10000n) / b),
    explanationRequired: abs * 10000n > BigInt(thresholdBp) * b,
  }
}

// ── dates ───────────────────────────────────────────────────────────────────────────────────

/** Today's date in China (UTC+8, no daylight saving) as YYYY-MM-DD. */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
/** A real calendar date in YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s)
  if (!m) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

// ── execution: the monthly curve and the under-spending warnings ────────────────────────────

export interface CurvePoint {
  /** YYYY-MM */
  month: string
  amountFen: number
  cumulativeFen: number
}

const monthIndex = (ym: string) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1
const monthOf = (i: number) =>
  `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`

/**
 * Net disbursements per month (reversals count in the month they were booked), every month of
 * the fiscal `year` plus any month before or after that has entries, with the running total.
 */
export function monthlyCurve(
  entries: readonly { date: string; amountFen: number }[],
  year: number,
): CurvePoint[] {
  const byMonth = new Map<number, number>()
  for (const e of entries) {
    const i = monthIndex(e.date.slice(0, 7))
    byMonth.set(i, (byMonth.get(i) ?? 0) + e.amountFen)
  }
  let first = year * 12
  let last = year * 12 + 11
  for (const i of byMonth.keys()) {
    first = Math.min(first, i)
    last = Math.max(last, i)
  }
  const out: CurvePoint[] = []
  let cumulative = 0
  for (let i = first; i <= last; i++) {
    const amountFen = byMonth.get(i) ?? 0
    cumulative += amountFen
    out.push({ month: monthOf(i), amountFen, cumulativeFen: cumulative })
  }
  return out
}

export interface Checkpoint {
  /** MM-DD: the checkpoint applies from the day after this date of the fiscal year. */
  after: string
  /** The execution rate expected by then, in basis points. */
  minRateBp: number
  level: 'notice' | 'warning'
}

/**
 * The default pace: below 25 % after June is worth a notice, below 50 % after September a
 * warning (the late-year under-spending that finance and deputies watch for).
 */
export const DEFAULT_CHECKPOINTS: readonly Checkpoint[] = [
  { after: '06-30', minRateBp: 2500, level: 'notice' },
  { after: '09-30', minRateBp: 5000, level: 'warning' },
]

export interface SpendingWarning {
  level: 'notice' | 'warning'
  code: 'UNDER_SPENDING' | 'NOT_BUDGETED'
  rateBp: number | null
  expectedBp: number
  /** The checkpoint date (YYYY-MM-DD) that was missed. */
  since: string
}

/**
 * The under-spending rule for one project: the latest checkpoint of the fiscal year that `today`
 * is past, and whether the project's execution rate falls short of it. A project with nothing
 * budgeted by then is flagged NOT_BUDGETED. Nothing is flagged before the first checkpoint.
 */
export function spendingWarning(
  p: { budgetedFen: number; disbursedFen: number },
  year: number,
  today: string,
  checkpoints: readonly Checkpoint[] = DEFAULT_CHECKPOINTS,
): SpendingWarning | null {
  let due: Checkpoint | undefined
  let dueDate = ''
  for (const cp of checkpoints) {
    const d = `${String(year).padStart(4, '0')}-${cp.after}`
    if (today > d && (!due || d > dueDate)) {
      due = cp
      dueDate = d
    }
  }
  if (!due) return null
  const rate = rateBp(p.disbursedFen, p.budgetedFen)
  if (rate === null)
    return {
      level: due.level,
      code: 'NOT_BUDGETED',
      rateBp: null,
      expectedBp: due.minRateBp,
      since: dueDate,
    }
  if (rate >= due.minRateBp) return null
  return {
    level: due.level,
    code: 'UNDER_SPENDING',
    rateBp: rate,
    expectedBp: due.minRateBp,
    since: dueDate,
  }
}

// ── aggregation ─────────────────────────────────────────────────────────────────────────────

export interface Figures {
  budgetedFen: number
  disbursedFen: number
  remainingFen: number
  rateBp: number | null
  rate: string | null
}

export function figures(budgetedFen: number, disbursedFen: number): Figures {
  const bp = rateBp(disbursedFen, budgetedFen)
  return {
    budgetedFen,
    disbursedFen,
    remainingFen: budgetedFen - disbursedFen,
    rateBp: bp,
    rate: bpToPercent(bp),
  }
}

export interface LineFacts {
  projectId: string
  source: Source
  fromPool: boolean
  status: 'draft' | 'approved' | 'withdrawn'
  /** Current amount: initial plus adjustments. */
  amountFen: number
  /** Net paid on the line: payments less reversals. */
  disbursedFen: number
}

/**
 * Budgeted (approved lines), pending (draft lines) and disbursed per key. Every approved line
 * lands in exactly one group, so the groups always add up to the total (property-tested).
 */
export function groupFigures<K>(
  lines: readonly LineFacts[],
  keyOf: (l: LineFacts) => K,
): Map<K, { budgetedFen: number; draftFen: number; disbursedFen: number }> {
  const out = new Map<K, { budgetedFen: number; draftFen: number; disbursedFen: number }>()
  for (const l of lines) {
    if (l.status === 'withdrawn') continue
    const k = keyOf(l)
    const g = out.get(k) ?? { budgetedFen: 0, draftFen: 0, disbursedFen: 0 }
    if (l.status === 'approved') g.budgetedFen += l.amountFen
    else g.draftFen += l.amountFen
    g.disbursedFen += l.disbursedFen
    out.set(k, g)
  }
  return out
}

/** The pool lines' total, draft and approved (what the pool check counts). */
export const committedOf = (lines: readonly LineFacts[]) =>
  sumFen(lines.filter((l) => l.fromPool && l.status !== 'withdrawn').map((l) => l.amountFen))
