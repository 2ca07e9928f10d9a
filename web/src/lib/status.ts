/**
 * The one status palette (CONVENTIONS.md "The web"): every state the product shows maps to a
 * tone, and every tone to one colour pair. Colour never carries meaning alone: `<StatusTag>`
 * always prints the label beside it, and each tone also has its own glyph for greyscale prints.
 *
 * A feature with a new kind of state adds one entry to `STATUS_KINDS` (and the labels to both
 * i18n files under `status.<kind>.<value>`), never its own colours.
 */

export type Tone = 'neutral' | 'info' | 'active' | 'success' | 'warning' | 'danger' | 'done'

export interface ToneStyle {
  /** Text and border colour: contrast ≥ 4.5:1 on `background` and on white (WCAG AA). */
  color: string
  background: string
  /** A shape that differs by tone so the state reads in greyscale print too. */
  glyph: string
}

export const TONES: Record<Tone, ToneStyle> = {
  neutral: { color: '#4A5563', background: '#F2F4F7', glyph: '○' },
  info: { color: '#1D4E89', background: '#EAF1FA', glyph: '◇' },
  active: { color: '#0B6E74', background: '#E6F4F4', glyph: '▶' },
  success: { color: '#1E6B34', background: '#EAF5EC', glyph: '✓' },
  warning: { color: '#8A4B00', background: '#FDF3E3', glyph: '!' },
  danger: { color: '#A61B1B', background: '#FCEBEB', glyph: '✕' },
  done: { color: '#3F3F46', background: '#ECECEE', glyph: '■' },
}

export const STATUS_KINDS = {
  /** The annual cycle's phases (DESIGN.md §2). */
  cyclePhase: {
    solicitation: 'info',
    screening: 'info',
    candidates_locked: 'active',
    voting: 'active',
    implementing: 'active',
    evaluating: 'active',
    closed: 'done',
  },
  /** A chosen project's implementation status. */
  projectStatus: {
    not_started: 'neutral',
    on_track: 'success',
    lagging: 'warning',
    seriously_lagging: 'danger',
    completed: 'done',
  },
  /** The issue loop: raised → assigned (交办) → answered (办理) → verified and closed (销号). */
  issueState: {
    raised: 'warning',
    assigned: 'info',
    answered: 'active',
    verified: 'success',
    closed: 'done',
    reopened: 'danger',
  },
  /** A suggestion's visible outcome (征集). */
  suggestionOutcome: {
    pending: 'neutral',
    adopted: 'success',
    merged: 'info',
    rejected: 'done',
  },
  /** A budget line (预算指标): drafted, approved, or withdrawn before approval. */
  budgetLine: { draft: 'neutral', approved: 'success', withdrawn: 'done' },
  /** A project spending too slowly for the time of year (budget.rules.ts checkpoints). */
  spendingWarning: { notice: 'info', warning: 'warning' },
  /** A ballot session. */
  voteStatus: {
    draft: 'neutral',
    open: 'active',
    closed: 'warning',
    certified: 'info',
    published: 'success',
  },
  /** A project's grade in the satisfaction evaluation (测评等次). */
  satisfactionGrade: { satisfied: 'success', basically: 'info', dissatisfied: 'danger' },
  /** A rectification item (整改): open → answered → verified → closed (销号). */
  rectificationState: { open: 'warning', answered: 'active', verified: 'success', closed: 'done' },
} as const satisfies Record<string, Record<string, Tone>>

export type StatusKind = keyof typeof STATUS_KINDS
export type StatusValue<K extends StatusKind> = keyof (typeof STATUS_KINDS)[K] & string

export type CyclePhase = StatusValue<'cyclePhase'>
export type ProjectStatus = StatusValue<'projectStatus'>
export type IssueState = StatusValue<'issueState'>

/** The tone of a state; unknown values (a newer API than this web) fall back to neutral. */
export function toneOf(kind: StatusKind, value: string): Tone {
  const tones = STATUS_KINDS[kind] as Record<string, Tone>
  return tones[value] ?? 'neutral'
}

/** The i18n key of a state's label, e.g. `status.cyclePhase.voting`. */
export const statusLabelKey = (kind: StatusKind, value: string) => `status.${kind}.${value}`

/** Colours for charts, in the same order everywhere a state is charted. */
export function statusColors(kind: StatusKind): Record<string, string> {
  return Object.fromEntries(
    Object.entries(STATUS_KINDS[kind]).map(([value, tone]) => [value, TONES[tone].color]),
  )
}
