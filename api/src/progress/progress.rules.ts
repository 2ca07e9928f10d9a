/**
 * Pure rules of implementation progress (DESIGN.md §2 phase 8): the project status — the "five
 * colours" — and when a monthly progress report is overdue. This file is the one place the rule
 * is defined; GET /api/progress/status-rule serves STATUS_RULE to the UI legend.
 */

export const PROJECT_STATUSES = [
  'not_started',
  'on_track',
  'lagging',
  'seriously_lagging',
  'completed',
] as const
export type ProjectStatus = (typeof PROJECT_STATUSES)[number]

/** The thresholds of the rule. Days are calendar days (China time). */
export const STATUS_THRESHOLDS = {
  /** Delay (days past a missed date) from which a project is seriously lagging. Below it: lagging. */
  seriousDelayDays: 30,
  /** A report covers a month and is due by this day of the following month. */
  reportDueDay: 10,
  /** Reports are due every month by default. */
  reportIntervalMonths: 1,
} as const

/** What the UI legend shows: colour key, labels and the condition, in rule order. */
export const STATUS_RULE = {
  thresholds: STATUS_THRESHOLDS,
  statuses: [
    {
      status: 'completed',
      label: '已完成',
      labelEn: 'Completed',
      rule: '最新进度为100%，且全部节点均已完成',
      ruleEn: 'Latest report at 100% and every milestone done',
    },
    {
      status: 'seriously_lagging',
      label: '严重滞后',
      labelEn: 'Seriously lagging',
      rule: `有未完成节点逾期${STATUS_THRESHOLDS.seriousDelayDays}天及以上（无节点时按计划完工日期）`,
      ruleEn: `An open milestone (or, without milestones, the planned completion) is ${STATUS_THRESHOLDS.seriousDelayDays} or more days overdue`,
    },
    {
      status: 'lagging',
      label: '滞后',
      labelEn: 'Lagging',
      rule: `有未完成节点已逾期，不足${STATUS_THRESHOLDS.seriousDelayDays}天（无节点时按计划完工日期）`,
      ruleEn: `An open milestone (or, without milestones, the planned completion) is overdue by less than ${STATUS_THRESHOLDS.seriousDelayDays} days`,
    },
    {
      status: 'not_started',
      label: '未开工',
      labelEn: 'Not started',
      rule: '无逾期，尚无进度（0%）且无已完成节点',
      ruleEn: 'Nothing overdue, no progress reported (0%) and no milestone done',
    },
    {
      status: 'on_track',
      label: '正常推进',
      labelEn: 'On track',
      rule: '已开工且无逾期节点',
      ruleEn: 'Started and nothing overdue',
    },
  ] satisfies {
    status: ProjectStatus
    label: string
    labelEn: string
    rule: string
    ruleEn: string
  }[],
  reports: {
    rule: `每月报送上月进度，截止次月${STATUS_THRESHOLDS.reportDueDay}日；逾期未报即标记“进度报告逾期”`,
    ruleEn: `A report for each month is due by day ${STATUS_THRESHOLDS.reportDueDay} of the next month; a missing one is flagged overdue`,
  },
}

export interface MilestoneDates {
  /** YYYY-MM-DD */
  plannedDate: string
  /** YYYY-MM-DD, or null while not done. The service refuses actual dates in the future. */
  actualDate: string | null
}

export interface StatusInput {
  /** YYYY-MM-DD, China time. */
  today: string
  milestones: readonly MilestoneDates[]
  /** Percent of the latest progress report, or null when none was filed. */
  percentComplete: number | null
  /** The project's planned completion date, or null. */
  plannedCompletion: string | null
}

export interface StatusResult {
  status: ProjectStatus
  /** Days since the earliest missed date still open (0 when nothing is overdue). */
  delayDays: number
  /** Milestones not done whose planned date has passed. */
  missedMilestones: number
  milestonesDone: number
  milestonesTotal: number
}

const DAY = 86_400_000
/** Whole days from a to b (YYYY-MM-DD), positive when b is later. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY)
}

/** The calendar date in China (UTC+8, no daylight saving) of an instant, as YYYY-MM-DD. */
export function chinaToday(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/**
 * The status rule:
 * 1. completed — the latest percent is 100 and every milestone has an actual date;
 * 2. otherwise the delay is the largest number of days by which an open milestone's planned date
 *    lies before today — or, for a project without milestones, its planned completion date;
 *    delay ≥ seriousDelayDays → seriously lagging, delay > 0 → lagging (a milestone done late no
 *    longer counts once it is done; a plan moved later is audited and flagged `extended`);
 * 3. otherwise not started when nothing has happened yet (no percent above 0, no milestone done);
 * 4. otherwise on track.
 */
export function deriveStatus(input: StatusInput): StatusResult {
  const { today, milestones } = input
  const done = milestones.filter((m) => m.actualDate !== null).length
  const base = { milestonesDone: done, milestonesTotal: milestones.length }
  if (input.percentComplete === 100 && done === milestones.length) {
    return { status: 'completed', delayDays: 0, missedMilestones: 0, ...base }
  }
  let delay = 0
  let missed = 0
  for (const m of milestones) {
    if (m.actualDate === null && m.plannedDate < today) {
      missed++
      delay = Math.max(delay, daysBetween(m.plannedDate, today))
    }
  }
  // The milestone plan is authoritative (its last milestone is the completion); the project's own
  // planned completion date counts only for a project without milestones.
  if (milestones.length === 0 && input.plannedCompletion && input.plannedCompletion < today)
    delay = Math.max(delay, daysBetween(input.plannedCompletion, today))
  let status: ProjectStatus
  if (delay >= STATUS_THRESHOLDS.seriousDelayDays) status = 'seriously_lagging'
  else if (delay > 0) status = 'lagging'
  else if ((input.percentComplete ?? 0) === 0 && done === 0) status = 'not_started'
  else status = 'on_track'
  return { status, delayDays: delay, missedMilestones: missed, ...base }
}

/** How bad a status is, for sorting and for the monotonicity property (completed is best). */
export function severity(s: ProjectStatus): number {
  switch (s) {
    case 'completed':
      return -1
    case 'not_started':
    case 'on_track':
      return 0
    case 'lagging':
      return 1
    case 'seriously_lagging':
      return 2
  }
}

/** YYYY-MM of a YYYY-MM-DD date. */
export const monthOf = (date: string) => date.slice(0, 7)

/** The period `n` months after `period` (n may be negative). */
export function addMonths(period: string, n: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number]
  const idx = y * 12 + (m - 1) + n
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`
}

/** The latest period whose report is due on `today`: last month after the due day, else the one before. */
export function lastDuePeriod(today: string, dueDay: number = STATUS_THRESHOLDS.reportDueDay) {
  const day = Number(today.slice(8, 10))
  return addMonths(monthOf(today), day > dueDay ? -1 : -2)
}

export interface ReportDueInput {
  today: string
  /** The first month a report is expected for (the month the project's plan starts), or null. */
  reportingFrom: string | null
  /** The latest period reported, or null. */
  latestPeriod: string | null
  completed: boolean
}

/**
 * Whether the monthly report is overdue: the project is not completed, reporting has started, and
 * the latest report is older than the last period already due.
 */
export function reportDue(input: ReportDueInput): {
  overdue: boolean
  duePeriod: string
  /** The next period the unit should report. */
  nextPeriod: string
} {
  const duePeriod = lastDuePeriod(input.today)
  const nextPeriod = input.latestPeriod
    ? addMonths(input.latestPeriod, STATUS_THRESHOLDS.reportIntervalMonths)
    : (input.reportingFrom ?? monthOf(input.today))
  const overdue =
    !input.completed &&
    input.reportingFrom !== null &&
    input.reportingFrom <= duePeriod &&
    (input.latestPeriod === null || input.latestPeriod < duePeriod)
  return { overdue, duePeriod, nextPeriod }
}

/** Reporting starts in the month of the earliest planned milestone or the first report. */
export function reportingFrom(
  milestones: readonly MilestoneDates[],
  firstPeriod: string | null,
): string | null {
  const months = milestones.map((m) => monthOf(m.plannedDate))
  if (firstPeriod) months.push(firstPeriod)
  return months.length ? months.reduce((a, b) => (a < b ? a : b)) : null
}

export type ProgressFlag = 'report_overdue' | 'missed_milestone' | 'no_plan' | 'extended'

/** The flags the staff board and the supervision group see beside the status. */
export function progressFlags(
  status: StatusResult,
  report: { overdue: boolean },
  plan?: { lastPlanned: string | null; plannedCompletion: string | null },
): ProgressFlag[] {
  const flags: ProgressFlag[] = []
  if (plan?.lastPlanned && plan.plannedCompletion && plan.lastPlanned > plan.plannedCompletion)
    flags.push('extended')
  if (report.overdue) flags.push('report_overdue')
  if (status.missedMilestones > 0) flags.push('missed_milestone')
  if (status.milestonesTotal === 0 && status.status !== 'completed') flags.push('no_plan')
  return flags
}

/**
 * The dates a project's milestones, reports and inspections may carry: from 1 January of the year
 * before its cycle's year (preparation) to 31 December five years after it (works that run long).
 * A date outside is a typo, and would distort the status (the earliest planned milestone starts
 * the monthly reporting; a milestone planned in 1901 would be "seriously lagging" forever).
 */
export const DATE_WINDOW_YEARS = { before: 1, after: 5 } as const

export function projectDateWindow(cycleYear: number): { from: string; to: string } {
  const y = (n: number) => String(n).padStart(4, '0')
  return {
    from: `${y(cycleYear - DATE_WINDOW_YEARS.before)}-01-01`,
    to: `${y(cycleYear + DATE_WINDOW_YEARS.after)}-12-31`,
  }
}

/** Whether a calendar date (YYYY-MM-DD) or month (YYYY-MM) lies within the window. */
export function inProjectWindow(dateOrMonth: string, cycleYear: number): boolean {
  const { from, to } = projectDateWindow(cycleYear)
  const d = dateOrMonth.length === 7 ? `${dateOrMonth}-01` : dateOrMonth
  return d >= from && d <= to
}

/** A real calendar date in YYYY-MM-DD form (rejects 2026-02-30). */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** Magic bytes of the accepted photo formats. The declared content type must match them. */
export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp'
export const IMAGE_TYPES: readonly ImageType[] = ['image/jpeg', 'image/png', 'image/webp']

export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const b = bytes
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x))
    return 'image/png'
  if (
    b.length >= 12 &&
    String.fromCharCode(b[0]!, b[1]!, b[2]!, b[3]!) === 'RIFF' &&
    String.fromCharCode(b[8]!, b[9]!, b[10]!, b[11]!) === 'WEBP'
  )
    return 'image/webp'
  return null
}

/** Upload limits (bytes of the file itself; the request may add a little multipart framing). */
export const PHOTO_LIMITS = {
  maxBytes: 5 * 1024 * 1024,
  maxPerOwner: 9,
  /** Decompression-bomb guard: refuse images above this many pixels. */
  maxPixels: 40_000_000,
  /** Stored originals are scaled down to fit this box (and stripped of metadata such as GPS). */
  maxEdge: 2560,
  thumbEdge: 400,
}
