import { TONES } from '@/lib/status'

/** The minimal shape of a result the charts and tables read (staff and public alike). */
export interface ResultLike {
  status: 'decided' | 'tie' | 'shortfall' | 'void'
  voidReason: string | null
  basis: 'all' | 'present'
  basisCount: number
  threshold: number
  seats: number
  rows: {
    candidateId: string
    title: string
    for: number
    against: number
    abstain: number
    passed: boolean
    rank: number | null
    selected: boolean
  }[]
  ties: string[]
  shortfall: number
}
export type ResultRowLike = ResultLike['rows'][number]

/** Colours of the three choices, from the one status palette (text labels always beside). */
export const CHOICE_COLORS = {
  for: TONES.success.color,
  against: TONES.danger.color,
  abstain: '#8A94A6',
} as const

/** The same three on the hall screen's dark background (non-text contrast ≥ 3:1 there). */
export const CHOICE_COLORS_DARK = {
  for: '#4CC27A',
  against: '#F07A7A',
  abstain: '#A3AEC2',
} as const

/** Rows in the order a result is read: ranked first (by rank), then the others by 赞成. */
export function orderedRows<R extends ResultRowLike>(rows: readonly R[]): R[] {
  return [...rows].sort((a, b) => {
    if (a.rank !== null && b.rank !== null) return a.rank - b.rank || b.for - a.for
    if (a.rank !== null) return -1
    if (b.rank !== null) return 1
    return b.for - a.for || a.title.localeCompare(b.title, 'zh-CN')
  })
}

export const selectedCount = (r: ResultLike) => r.rows.filter((x) => x.selected).length
export const passedCount = (r: ResultLike) => r.rows.filter((x) => x.passed).length
export const tiedTitles = (r: ResultLike) =>
  r.ties.map((id) => r.rows.find((x) => x.candidateId === id)?.title ?? id)
