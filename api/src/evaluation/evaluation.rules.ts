/**
 * Pure rules of the satisfaction evaluation (满意度测评, DESIGN.md §2 phase 9): the satisfaction
 * rate, its rounding for display, the grade of a project by the configurable 镇海 rule, the
 * rectification trigger, and the rectification item's state machine. No I/O; unit- and
 * property-tested (evaluation.rules.test.ts). docs/decisions/051-satisfaction-rate-and-grade.md.
 */

export type Rating = 'satisfied' | 'basically' | 'dissatisfied' | 'abstain'
export const RATINGS: readonly Rating[] = ['satisfied', 'basically', 'dissatisfied', 'abstain']
export type Grade = 'satisfied' | 'basically' | 'dissatisfied'
export const GRADES: readonly Grade[] = ['satisfied', 'basically', 'dissatisfied']

export interface RatingCounts {
  satisfied: number
  basically: number
  dissatisfied: number
  abstain: number
}

/**
 * The grading rule, from the cycle's settings (frozen on the evaluation when it opens):
 * - basis `all`: half of all members (the deputies entitled, 应到); `valid`: half of the valid
 *   ballots;
 * - comparison `reach`: votes ≥ half (达到半数); `exceed`: votes > half (超过半数, 过半数).
 */
export interface GradingRule {
  basis: 'all' | 'valid'
  comparison: 'reach' | 'exceed'
  /** Rectification threshold in ten-thousandths of 1 (0.8 → 8000). */
  threshold: number
}

/** An exact ratio. */
export interface Fraction {
  numerator: number
  denominator: number
}

/**
 * Satisfaction rate = (满意 + 基本满意) / valid ballots of the evaluation, as an exact fraction.
 * A project left 弃权 on a valid ballot stays in the denominator (the ballot is valid; the
 * deputy did not find the project satisfactory). null when there is no valid ballot.
 */
export function satisfactionRate(c: RatingCounts, validBallots: number): Fraction | null {
  if (validBallots <= 0) return null
  return { numerator: c.satisfied + c.basically, denominator: validBallots }
}

/**
 * A fraction as a percentage with `decimals` decimal places, rounded half up (四舍五入), computed
 * in integers so no float can move a boundary: 2/3 → "66.7", 1/16 → "6.3", 1/8 → "12.5".
 */
export function percentText(f: Fraction, decimals = 1): string {
  const scale = 10n ** BigInt(decimals)
  const n = BigInt(f.numerator) * 100n * scale
  const d = BigInt(f.denominator)
  // round half up for non-negative values: floor((2n + d) / 2d)
  const units = (2n * n + d) / (2n * d)
  const int = units / scale
  const frac = (units % scale).toString().padStart(decimals, '0')
  return decimals > 0 ? `${int}.${frac}` : `${int}`
}

/** The vote count half of which is taken: entitled deputies or valid ballots. */
export const basisCountOf = (rule: Pick<GradingRule, 'basis'>, entitled: number, valid: number) =>
  rule.basis === 'all' ? entitled : valid

/** Whether `votes` reach (≥) or exceed (>) half of `basisCount`, in integers (2·votes vs basis). */
export function meetsHalf(
  votes: number,
  basisCount: number,
  comparison: GradingRule['comparison'],
): boolean {
  return comparison === 'reach' ? 2 * votes >= basisCount : 2 * votes > basisCount
}

/**
 * The 镇海 rule: 满意 when the 满意 votes reach half of the basis; else 基本满意 when 满意 + 基本满意
 * reach half; else 不满意 ("reach" read as the cycle's comparison). null when the basis is empty
 * (no valid ballot on the 'valid' basis): nothing was measured.
 */
export function gradeOf(
  c: RatingCounts,
  basisCount: number,
  comparison: GradingRule['comparison'],
): Grade | null {
  if (basisCount <= 0) return null
  if (meetsHalf(c.satisfied, basisCount, comparison)) return 'satisfied'
  if (meetsHalf(c.satisfied + c.basically, basisCount, comparison)) return 'basically'
  return 'dissatisfied'
}

/** rate < threshold, exactly: numerator · 10000 < threshold · denominator. */
export function belowThreshold(rate: Fraction, thresholdTenThousandths: number): boolean {
  return rate.numerator * 10_000 < thresholdTenThousandths * rate.denominator
}

/** "0.8000" (numeric(5,4) as PostgreSQL returns it) or "0.8" → 8000; null if not in [0, 1]. */
export function parseThreshold(text: string): number | null {
  const m = /^\s*(\d)(?:\.(\d{1,4})0*)?\s*$/.exec(text)
  if (!m) return null
  const value = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'))
  return value >= 0 && value <= 10_000 ? value : null
}

export interface ProjectGrade {
  rate: Fraction | null
  /** The rate in percent to one decimal, half up ("85.7"); null without valid ballots. */
  ratePercent: string | null
  grade: Grade | null
  belowThreshold: boolean
  /** Opens a rectification item (整改) when published: below the threshold or graded 不满意. */
  rectify: boolean
}

export function gradeProject(
  c: RatingCounts,
  figures: { entitled: number; valid: number },
  rule: GradingRule,
): ProjectGrade {
  const rate = satisfactionRate(c, figures.valid)
  const grade = gradeOf(c, basisCountOf(rule, figures.entitled, figures.valid), rule.comparison)
  const below = rate !== null && belowThreshold(rate, rule.threshold)
  return {
    rate,
    ratePercent: rate ? percentText(rate, 1) : null,
    grade,
    belowThreshold: below,
    rectify: below || grade === 'dissatisfied',
  }
}

/** Order of grades for comparisons: 满意 > 基本满意 > 不满意 > not graded. */
export const gradeRank = (g: Grade | null) =>
  g === 'satisfied' ? 3 : g === 'basically' ? 2 : g === 'dissatisfied' ? 1 : 0

export interface EvaluationGrades {
  rule: {
    basis: 'all' | 'valid'
    basisCount: number
    comparison: 'reach' | 'exceed'
    /** "0.8000" */
    threshold: string
    rounding: 'percent-1dp-half-up'
  }
  rows: ({ candidateId: string } & ProjectGrade)[]
}

/**
 * Grades of every project of a counted evaluation (the ballot feature's count, see
 * RatingResultBase in ballots.kinds.ts): what is frozen with the certified result.
 */
export function gradeEvaluation(result: {
  basis: 'all' | 'valid'
  comparison: 'reach' | 'exceed'
  satisfactionThreshold: string
  turnout: { entitled: number }
  ballots: { valid: number }
  rows: ({ candidateId: string } & RatingCounts)[]
}): EvaluationGrades {
  const threshold = parseThreshold(result.satisfactionThreshold) ?? 0
  const rule: GradingRule = { basis: result.basis, comparison: result.comparison, threshold }
  const figures = { entitled: result.turnout.entitled, valid: result.ballots.valid }
  return {
    rule: {
      basis: rule.basis,
      basisCount: basisCountOf(rule, figures.entitled, figures.valid),
      comparison: rule.comparison,
      threshold: result.satisfactionThreshold,
      rounding: 'percent-1dp-half-up',
    },
    rows: result.rows.map((r) => ({
      candidateId: r.candidateId,
      ...gradeProject(r, figures, rule),
    })),
  }
}

// ── rectification (整改): a small closed loop like the issue list's ────────────────────────

/**
 *   open ──answer (unit)──▶ answered ──verify──▶ verified ──close──▶ closed
 *    ▲ │assign (deadline)      │ send_back          │ send_back         │
 *    │ ▼                       ▼                    ▼                   │ reopen
 *    └──────────────────────── open ◀──────────────────────────────────┘
 */
export const RECTIFICATION_STATES = ['open', 'answered', 'verified', 'closed'] as const
export type RectificationState = (typeof RECTIFICATION_STATES)[number]
export const RECTIFICATION_ACTIONS = [
  'assign',
  'answer',
  'verify',
  'send_back',
  'close',
  'reopen',
] as const
export type RectificationAction = (typeof RECTIFICATION_ACTIONS)[number]
export type RectificationActor = 'staff' | 'unit'

export const RECTIFICATION_TRANSITIONS: Record<
  RectificationAction,
  { from: readonly RectificationState[]; to: RectificationState; by: RectificationActor }
> = {
  // 交办: staff set or change the deadline and the requirement while the unit works on it.
  assign: { from: ['open'], to: 'open', by: 'staff' },
  // 整改报告: the unit states the measures taken and their result.
  answer: { from: ['open'], to: 'answered', by: 'unit' },
  // 核实: staff confirm the measures…
  verify: { from: ['answered'], to: 'verified', by: 'staff' },
  // …or send them back (退回重新整改).
  send_back: { from: ['answered', 'verified'], to: 'open', by: 'staff' },
  // 销号: after verification, or verifying and closing in one step.
  close: { from: ['answered', 'verified'], to: 'closed', by: 'staff' },
  reopen: { from: ['closed'], to: 'open', by: 'staff' },
}

export type RectificationVerdict =
  | { ok: true; to: RectificationState }
  | { ok: false; code: 'ILLEGAL_TRANSITION' | 'NOT_ALLOWED'; message: string }

export function rectificationStep(
  state: RectificationState,
  action: RectificationAction,
  actors: readonly RectificationActor[],
): RectificationVerdict {
  const t = RECTIFICATION_TRANSITIONS[action]
  if (!t.from.includes(state))
    return {
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      message: `A rectification item that is ${state} cannot take the action ${action}`,
    }
  if (!actors.includes(t.by))
    return { ok: false, code: 'NOT_ALLOWED', message: `Only ${t.by} may ${action}` }
  return { ok: true, to: t.to }
}

/** Actions the given actors can take from a state (the UI's buttons). */
export const rectificationActions = (
  state: RectificationState,
  actors: readonly RectificationActor[],
): RectificationAction[] =>
  RECTIFICATION_ACTIONS.filter(
    (a) =>
      RECTIFICATION_TRANSITIONS[a].from.includes(state) &&
      actors.includes(RECTIFICATION_TRANSITIONS[a].by),
  )

/** The default deadline of a new item: 90 days after publication (a staff 交办 changes it). */
export const DEFAULT_RECTIFICATION_DAYS = 90

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/** The calendar day in China (UTC+8, no DST) of an instant. */
export const chinaDate = (d: Date) =>
  new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
