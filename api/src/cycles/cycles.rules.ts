/**
 * Pure rules of the annual cycle (DESIGN.md §2 phases 1–4): the margin rule, the phase machine and
 * the solicitation window. No I/O.
 */

export const PHASES = [
  'solicitation',
  'screening',
  'candidates_locked',
  'voting',
  'implementing',
  'evaluating',
  'closed',
] as const
export type Phase = (typeof PHASES)[number]

/** Ratios (margin, satisfaction threshold) are exact: an integer number of ten-thousandths. */
export const RATIO_SCALE = 10_000

/**
 * A ratio in [0, 1] with at most 4 decimals, as an integer of ten-thousandths, or null when the
 * value is out of range or finer than 1/10000. Accepts a JSON number (read through its shortest
 * round-trip decimal form, so 0.2 is exactly 2000, never 2000.0000000000002) or a decimal string
 * such as PostgreSQL's numeric "0.2000".
 */
export function toTenThousandths(ratio: number | string): number | null {
  let text: string
  if (typeof ratio === 'number') {
    if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) return null
    text = String(ratio) // shortest round-trip form; tiny values come out as "1e-7" and fail below
  } else text = ratio.trim()
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text)
  if (!m) return null
  const whole = m[1]!
  let frac = m[2] ?? ''
  // Trailing zeros beyond the 4th decimal are harmless ("0.20000"); anything else is too fine.
  if (frac.length > 4) {
    if (/[^0]/.test(frac.slice(4))) return null
    frac = frac.slice(0, 4)
  }
  if (whole.length > 1 || Number(whole) > 1) return null
  const value = Number(whole) * RATIO_SCALE + Number(frac.padEnd(4, '0'))
  return value >= 0 && value <= RATIO_SCALE ? value : null
}

/** Ten-thousandths back to a JSON number (2000 → 0.2): exact, since it has at most 4 decimals. */
export const ratioToNumber = (tenThousandths: number) => tenThousandths / RATIO_SCALE

/** Ten-thousandths as the numeric(5,4) text PostgreSQL stores ("0.2000"). */
export function ratioToDecimal(tenThousandths: number): string {
  const whole = Math.floor(tenThousandths / RATIO_SCALE)
  const frac = String(tenThousandths % RATIO_SCALE).padStart(4, '0')
  return `${whole}.${frac}`
}

/**
 * The margin rule (差额比例): a list for N seats at ratio r needs at least ceil(N × (1 + r))
 * candidates — 12 for N = 10 at 20 %, 15 at 50 %. Computed in integers (r in ten-thousandths), so
 * no float rounding can add or drop a candidate.
 */
export function requiredCandidates(seats: number, ratio: number | string): number {
  if (!Number.isSafeInteger(seats) || seats < 0)
    throw new RangeError(`seats must be a whole number ≥ 0`)
  const r = toTenThousandths(ratio)
  if (r === null) throw new RangeError(`ratio must be in [0, 1] with at most 4 decimals`)
  const numerator = seats * (RATIO_SCALE + r)
  const rest = numerator % RATIO_SCALE
  return (numerator - rest) / RATIO_SCALE + (rest === 0 ? 0 : 1)
}

/** Who may take a step: staff by hand, or only through a dedicated verb. */
export type PhaseVia = 'staff' | 'lock' | 'reopen' | 'ballot'

const EDGES: Partial<Record<Phase, Partial<Record<Phase, PhaseVia>>>> = {
  solicitation: { screening: 'staff' },
  // Back to solicitation to extend it (e.g. the deadline moved): nothing is locked yet.
  screening: { solicitation: 'staff', candidates_locked: 'lock' },
  candidates_locked: { screening: 'reopen', voting: 'ballot' },
  voting: { implementing: 'staff' },
  implementing: { evaluating: 'staff' },
  evaluating: { closed: 'staff' },
}

const HOW: Record<PhaseVia, string> = {
  staff: 'a phase change',
  lock: 'locking the candidate list (POST /api/cycles/:cid/candidates/lock)',
  reopen: 'reopening the candidate list with a reason (POST /api/cycles/:cid/candidates/reopen)',
  ballot: 'opening a vote on the locked list',
}

export type TransitionCheck =
  | { ok: true }
  | { ok: false; code: 'PHASE_UNCHANGED' | 'PHASE_TRANSITION_NOT_ALLOWED'; message: string }

/** Whether `via` may move a cycle from `from` to `to`. Steps are one at a time: no jumps. */
export function checkTransition(from: Phase, to: Phase, via: PhaseVia): TransitionCheck {
  if (from === to)
    return { ok: false, code: 'PHASE_UNCHANGED', message: `The cycle is already in phase ${to}` }
  const edge = EDGES[from]?.[to]
  if (!edge) {
    return {
      ok: false,
      code: 'PHASE_TRANSITION_NOT_ALLOWED',
      message: `A cycle cannot move from ${from} to ${to}; allowed next: ${nextPhases(from).join(', ') || 'none'}`,
    }
  }
  if (edge !== via) {
    return {
      ok: false,
      code: 'PHASE_TRANSITION_NOT_ALLOWED',
      message: `Moving from ${from} to ${to} happens only by ${HOW[edge]}`,
    }
  }
  return { ok: true }
}

/** Every phase reachable in one step from `from`, by any verb. */
export const nextPhases = (from: Phase): Phase[] => Object.keys(EDGES[from] ?? {}) as Phase[]

/** The phases staff may move to by a plain phase change from `from`. */
export const staffTransitions = (from: Phase): Phase[] =>
  nextPhases(from).filter((to) => EDGES[from]?.[to] === 'staff')

/** Candidates may be added, edited or removed only before the list is locked. */
export const candidatesEditable = (phase: Phase) =>
  phase === 'solicitation' || phase === 'screening'

/** Seats, margin, threshold basis and ballot form are frozen once the list is locked. */
export const voteSettingsLocked = (phase: Phase) => !candidatesEditable(phase)

/** The satisfaction settings are frozen once evaluation begins. */
export const evaluationSettingsLocked = (phase: Phase) =>
  phase === 'evaluating' || phase === 'closed'

/** Whether the list has been fixed at least once for this phase (locked, or a later phase). */
export const listLocked = (phase: Phase) =>
  PHASES.indexOf(phase) >= PHASES.indexOf('candidates_locked')

/** A vote has opened: the list can no longer be reopened. */
export const voteStarted = (phase: Phase) => PHASES.indexOf(phase) >= PHASES.indexOf('voting')

/** The calendar date in China (UTC+8, no daylight saving) of an instant, as YYYY-MM-DD. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/**
 * Whether a cycle takes suggestions now: during solicitation, up to and including the deadline
 * day (China time) when one is set.
 */
export function acceptsSuggestions(phase: Phase, deadline: string | null, now: Date): boolean {
  if (phase !== 'solicitation') return false
  return deadline === null || chinaDate(now) <= deadline
}

/** A real calendar date in YYYY-MM-DD form (rejects 2026-02-30). */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}
