/**
 * Pure rules of supervision: the issue list's (问题清单) closed loop as a state machine, and the
 * deadline flags. The service asks `transition` before every state change and refuses what it
 * refuses (409 ILLEGAL_TRANSITION, or 403 when the caller's part does not allow the action).
 *
 *   raised ──assign──▶ assigned ──answer──▶ answered ──verify──▶ verified
 *                        ▲  │assign (re-assign,                │         │
 *                        │  ▼  new deadline)                   │close    │close (销号)
 *                        └──────────── send_back ◀─────────────┴─────────┤
 *                        ▲                                               ▼
 *                        └──────────────────── reopen ◀──────────────  closed
 */

export const ISSUE_STATES = ['raised', 'assigned', 'answered', 'verified', 'closed'] as const
export type IssueState = (typeof ISSUE_STATES)[number]

export const ISSUE_ACTIONS = ['assign', 'answer', 'verify', 'send_back', 'close', 'reopen'] as const
export type IssueAction = (typeof ISSUE_ACTIONS)[number]

/** The parts a caller can play on one issue. `raiser` is the deputy (or staff) who raised it. */
export type IssueActor = 'staff' | 'unit' | 'raiser'

export const TRANSITIONS: Record<
  IssueAction,
  { from: readonly IssueState[]; to: IssueState; by: readonly IssueActor[] }
> = {
  // 交办: to the responsible unit with a deadline; again while assigned to change unit or deadline.
  assign: { from: ['raised', 'assigned'], to: 'assigned', by: ['staff'] },
  // 办理: the unit states the measures taken.
  answer: { from: ['assigned'], to: 'answered', by: ['unit'] },
  // 核实: the raiser or staff confirm the answer…
  verify: { from: ['answered'], to: 'verified', by: ['staff', 'raiser'] },
  // …or send it back to the unit (退回重办), with a new deadline.
  send_back: { from: ['answered', 'verified'], to: 'assigned', by: ['staff', 'raiser'] },
  // 销号: closing after verification, or verifying and closing in one step.
  close: { from: ['answered', 'verified'], to: 'closed', by: ['staff', 'raiser'] },
  // 重新打开: the problem came back; assigned again with a new deadline.
  reopen: { from: ['closed'], to: 'assigned', by: ['staff', 'raiser'] },
}

export type TransitionVerdict =
  | { ok: true; to: IssueState }
  | { ok: false; code: 'ILLEGAL_TRANSITION' | 'NOT_ALLOWED'; message: string }

export function transition(
  state: IssueState,
  action: IssueAction,
  actors: readonly IssueActor[],
): TransitionVerdict {
  const t = TRANSITIONS[action]
  if (!t.from.includes(state)) {
    return {
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      message: `An issue that is ${state} cannot be ${ACTION_PAST[action]}`,
    }
  }
  if (!actors.some((a) => t.by.includes(a))) {
    return {
      ok: false,
      code: 'NOT_ALLOWED',
      message: `Only ${t.by.join(' or ')} may do this (${action})`,
    }
  }
  return { ok: true, to: t.to }
}

const ACTION_PAST: Record<IssueAction, string> = {
  assign: 'assigned',
  answer: 'answered',
  verify: 'verified',
  send_back: 'sent back',
  close: 'closed',
  reopen: 'reopened',
}

/** Actions available from a state (for the UI's buttons). */
export function actionsFrom(state: IssueState): IssueAction[] {
  return ISSUE_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(state))
}

export const OPEN_STATES: readonly IssueState[] = ['raised', 'assigned', 'answered', 'verified']

export const DEADLINE_RULE = {
  /** A deadline this many days away or fewer is "due soon". */
  dueSoonDays: 3,
  /** Overdue by more than this many days escalates (shown in red to staff and the group). */
  escalateAfterDays: 14,
}

export type DeadlineFlag = 'due_soon' | 'overdue' | 'escalated'

const DAY = 86_400_000
const days = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY)

/**
 * Deadlines bind the unit while the issue waits for its answer (assigned). Computed on read from
 * today, so no background job is needed for an issue to become overdue.
 */
export function deadlineFlag(
  state: IssueState,
  deadline: string | null,
  today: string,
): DeadlineFlag | null {
  if (state !== 'assigned' || !deadline) return null
  const left = days(today, deadline)
  if (left < -DEADLINE_RULE.escalateAfterDays) return 'escalated'
  if (left < 0) return 'overdue'
  if (left <= DEADLINE_RULE.dueSoonDays) return 'due_soon'
  return null
}

/** Public-feedback limits, counted in the database so they hold across API instances. */
export const FEEDBACK_LIMITS = {
  perAddressPerHour: 5,
  perAddressPerDay: 20,
  perProjectPerHour: 300,
  minFillMs: 3_000,
  hashRetentionHours: 48,
}

export function feedbackLimitBreach(counts: {
  addressLastHour: number
  addressLastDay: number
  projectLastHour: number
}): { retryAfterSeconds: number } | null {
  if (counts.addressLastDay >= FEEDBACK_LIMITS.perAddressPerDay)
    return { retryAfterSeconds: 86_400 }
  if (counts.addressLastHour >= FEEDBACK_LIMITS.perAddressPerHour)
    return { retryAfterSeconds: 3_600 }
  if (counts.projectLastHour >= FEEDBACK_LIMITS.perProjectPerHour) return { retryAfterSeconds: 600 }
  return null
}

/** Trivial-spam screen of the public form: the hidden honeypot field and the minimum fill time. */
export function screenFeedback(input: {
  website?: string
  fillMs: number
}): { ok: true } | { ok: false; message: string } {
  if (input.website && input.website.trim() !== '')
    return {
      ok: false,
      message: 'The message was refused as automated. Leave the hidden field empty.',
    }
  if (input.fillMs < FEEDBACK_LIMITS.minFillMs)
    return {
      ok: false,
      message:
        'The form was sent too quickly to be filled in by a person; please check it and send it again.',
    }
  return { ok: true }
}
