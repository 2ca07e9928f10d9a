/**
 * Pure rules of the candidate spreadsheet: which column is which, how a cell becomes a field, and
 * the row-by-row report. No I/O — the service reads the file and writes the rows.
 */
import { CATEGORIES, CATEGORY_LABELS, type Category } from '../cycles/cycles.schemas.js'
import { isIsoDate } from '../cycles/cycles.rules.js'
import { FUNDING_SOURCES, FUNDING_SOURCE_LABELS, type FundingSource } from './candidates.schemas.js'

export interface ImportIssue {
  /** Spreadsheet row number (the header is row 1 in an export). */
  row: number
  field: string
  code:
    | 'MISSING_COLUMN'
    | 'EMPTY_FILE'
    | 'TOO_MANY_ROWS'
    | 'REQUIRED'
    | 'TOO_LONG'
    | 'UNKNOWN_CATEGORY'
    | 'UNKNOWN_UNIT'
    | 'UNKNOWN_FUNDING_SOURCE'
    | 'BAD_AMOUNT'
    | 'BAD_DATE'
    | 'UNKNOWN_SUGGESTION'
    | 'DUPLICATE_TITLE'
  message: string
  column?: string
  value?: string
}

export interface ImportRow {
  row: number
  title: string
  description: string
  category: Category
  unit: { id: string; name: string }
  estimateFen: number
  fundingSource: FundingSource
  targets: string | null
  location: string | null
  plannedCompletion: string | null
  originCodes: string[]
}

type Field =
  | 'title'
  | 'description'
  | 'category'
  | 'responsibleUnit'
  | 'estimateFen'
  | 'fundingSource'
  | 'targets'
  | 'location'
  | 'plannedCompletion'
  | 'originSuggestions'

/** Header names (normalised) → field and, for money, the fen per unit of the column. */
const HEADERS: Record<string, { field: Field; fenPerUnit?: number }> = {}
const alias = (field: Field, names: string[], fenPerUnit?: number) => {
  for (const n of names) HEADERS[normalizeHeader(n)] = { field, fenPerUnit }
}
alias('title', ['项目名称', '名称', 'title'])
alias('description', ['项目内容', '项目简介', '主要内容', '内容', 'description'])
alias('category', ['类别', '项目类别', 'category'])
alias('responsibleUnit', ['责任单位', '承办单位', '牵头单位', 'responsibleUnit'])
alias(
  'estimateFen',
  ['估算金额（万元）', '估算投资（万元）', '投资估算（万元）', '资金估算（万元）'],
  1_000_000,
)
alias('estimateFen', ['估算金额（元）', '估算投资（元）', '投资估算（元）'], 100)
alias('estimateFen', ['估算金额（分）', 'estimateFen'], 1)
alias('fundingSource', ['资金来源', 'fundingSource'])
alias('targets', ['绩效目标', '目标任务', 'targets'])
alias('location', ['实施地点', '地点', 'location'])
alias('plannedCompletion', ['计划完成时间', '计划完成日期', 'plannedCompletion'])
alias('originSuggestions', ['来源建议编号', '来源建议', 'originSuggestions', 'originTrackingCodes'])

const REQUIRED: Field[] = ['title', 'category', 'responsibleUnit', 'estimateFen', 'fundingSource']
const COLUMN_LABEL: Record<Field, string> = {
  title: '项目名称',
  description: '项目内容',
  category: '类别',
  responsibleUnit: '责任单位',
  estimateFen: '估算金额（万元）',
  fundingSource: '资金来源',
  targets: '绩效目标',
  location: '实施地点',
  plannedCompletion: '计划完成时间',
  originSuggestions: '来源建议编号',
}
const MAX: Partial<Record<Field, number>> = {
  title: 200,
  description: 4000,
  targets: 4000,
  location: 200,
}

export function normalizeHeader(h: string): string {
  return h.replace(/（/g, '(').replace(/）/g, ')').replace(/\s+/g, '').toLowerCase()
}

/**
 * An exact decimal amount in some unit → integer fen, or null. "320" 万元 → 3 200 000 000 fen;
 * thousands separators and a trailing unit word are tolerated; finer than a fen is refused.
 */
export function parseAmount(text: string, fenPerUnit: number): number | null {
  const t = text.replace(/[,，\s]/g, '').replace(/(万元|元|分)$/, '')
  const m = /^(\d+)(?:\.(\d+))?$/.exec(t)
  if (!m) return null
  const digits = Math.round(Math.log10(fenPerUnit)) // 1e6 → 6 decimals allowed, 100 → 2, 1 → 0
  let frac = m[2] ?? ''
  if (frac.length > digits) {
    if (/[^0]/.test(frac.slice(digits))) return null
    frac = frac.slice(0, digits)
  }
  const fen = Number(m[1]) * fenPerUnit + (digits ? Number(frac.padEnd(digits, '0')) : 0)
  return Number.isSafeInteger(fen) && fen <= 100_000_000_000_000 ? fen : null
}

/** Fen as a 万元 number for a spreadsheet cell (exact: at most 6 decimals). */
export const fenToWan = (fen: number) => fen / 1_000_000

/**
 * A planned completion date as people type it: 2026-11-30, 2026/11/30, 2026.11.30,
 * 2026年11月30日; a month alone (2026-11, 2026年11月) means its last day.
 */
export function parseDate(text: string): string | null {
  const t = text.trim()
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t)
  if (m) {
    const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
    return isIsoDate(iso) ? iso : null
  }
  m = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(t)
  if (m) {
    const y = Number(m[1])
    const mo = Number(m[2])
    if (mo < 1 || mo > 12) return null
    const last = new Date(Date.UTC(y, mo, 0)).getUTCDate()
    return `${m[1]}-${String(mo).padStart(2, '0')}-${String(last).padStart(2, '0')}`
  }
  return null
}

const byLabel = <K extends string>(
  codes: readonly K[],
  labels: Record<K, string>,
  text: string,
) => {
  const t = text.trim()
  return codes.find((c) => c === t.toLowerCase() || labels[c] === t)
}
export const parseCategory = (text: string) => byLabel(CATEGORIES, CATEGORY_LABELS, text)
export const parseFundingSource = (text: string) =>
  byLabel(FUNDING_SOURCES, FUNDING_SOURCE_LABELS, text)

/** Splits "K7QM-3XPA-9RTD、ABCD-…" into codes. */
export const splitCodes = (text: string) =>
  text
    .split(/[,，、;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean)

/**
 * Validates every row of a table against the jurisdiction's units and the titles already in the
 * cycle. Returns the rows ready to insert, or the issues — never some of each.
 */
export function mapImportTable(
  table: { row: number; cells: string[] }[],
  ctx: { units: { id: string; name: string }[]; existingTitles: string[]; maxRows: number },
): { rows: ImportRow[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = []
  const header = table[0]
  if (!header || table.length < 2) {
    return {
      rows: [],
      issues: [
        {
          row: header?.row ?? 1,
          field: 'file',
          code: 'EMPTY_FILE',
          message: 'The sheet needs a header row and at least one candidate row',
        },
      ],
    }
  }
  const columns = header.cells.map((h) => HEADERS[normalizeHeader(h)])
  const colOf = (f: Field) => columns.findIndex((c) => c?.field === f)
  for (const f of REQUIRED) {
    if (colOf(f) < 0) {
      issues.push({
        row: header.row,
        field: f,
        code: 'MISSING_COLUMN',
        message: `The header row has no column 「${COLUMN_LABEL[f]}」`,
        column: COLUMN_LABEL[f],
      })
    }
  }
  if (issues.length) return { rows: [], issues }
  const data = table.slice(1)
  if (data.length > ctx.maxRows) {
    return {
      rows: [],
      issues: [
        {
          row: data[ctx.maxRows]!.row,
          field: 'file',
          code: 'TOO_MANY_ROWS',
          message: `At most ${ctx.maxRows} candidates per import`,
        },
      ],
    }
  }
  const unitsByName = new Map(ctx.units.map((u) => [u.name, u]))
  const unitsById = new Map(ctx.units.map((u) => [u.id, u]))
  const seen = new Map<string, number>(ctx.existingTitles.map((t) => [t, 0]))
  const rows: ImportRow[] = []

  for (const { row, cells } of data) {
    const cell = (f: Field) => {
      const i = colOf(f)
      return i < 0 ? '' : (cells[i] ?? '').trim()
    }
    const issue = (field: Field, code: ImportIssue['code'], message: string) =>
      issues.push({
        row,
        field,
        code,
        message,
        column: header.cells[colOf(field)] ?? COLUMN_LABEL[field],
        value: cell(field).slice(0, 100),
      })
    const before = issues.length
    for (const f of REQUIRED)
      if (cell(f) === '') issue(f, 'REQUIRED', `「${COLUMN_LABEL[f]}」 is required`)
    for (const [f, max] of Object.entries(MAX) as [Field, number][])
      if (cell(f).length > max) issue(f, 'TOO_LONG', `At most ${max} characters`)

    const title = cell('title')
    if (title !== '') {
      const first = seen.get(title)
      if (first !== undefined)
        issue(
          'title',
          'DUPLICATE_TITLE',
          first === 0
            ? 'A candidate with this title is already in the cycle'
            : `The same title is on row ${first}`,
        )
      else seen.set(title, row)
    }
    const category = cell('category') ? parseCategory(cell('category')) : undefined
    if (cell('category') && !category)
      issue(
        'category',
        'UNKNOWN_CATEGORY',
        `Unknown category; use one of ${CATEGORIES.map((c) => CATEGORY_LABELS[c]).join('、')}`,
      )
    const unitText = cell('responsibleUnit')
    const unit = unitText ? (unitsByName.get(unitText) ?? unitsById.get(unitText)) : undefined
    if (unitText && !unit)
      issue(
        'responsibleUnit',
        'UNKNOWN_UNIT',
        'Not a unit of this jurisdiction (use its exact name)',
      )
    const fenPerUnit = columns[colOf('estimateFen')]?.fenPerUnit ?? 1
    const estimateFen = cell('estimateFen') ? parseAmount(cell('estimateFen'), fenPerUnit) : null
    if (cell('estimateFen') && estimateFen === null)
      issue('estimateFen', 'BAD_AMOUNT', 'Not an amount (a number ≥ 0, at most to the fen)')
    const fundingSource = cell('fundingSource')
      ? parseFundingSource(cell('fundingSource'))
      : undefined
    if (cell('fundingSource') && !fundingSource)
      issue(
        'fundingSource',
        'UNKNOWN_FUNDING_SOURCE',
        `Unknown funding source; use one of ${FUNDING_SOURCES.map((f) => FUNDING_SOURCE_LABELS[f]).join('、')}`,
      )
    const dateText = cell('plannedCompletion')
    const plannedCompletion = dateText ? parseDate(dateText) : null
    if (dateText && !plannedCompletion)
      issue('plannedCompletion', 'BAD_DATE', 'Not a date (e.g. 2026-11-30 or 2026年11月)')

    if (issues.length === before) {
      rows.push({
        row,
        title,
        description: cell('description'),
        category: category!,
        unit: unit!,
        estimateFen: estimateFen!,
        fundingSource: fundingSource!,
        targets: cell('targets') || null,
        location: cell('location') || null,
        plannedCompletion,
        originCodes: splitCodes(cell('originSuggestions')),
      })
    }
  }
  return { rows: issues.length ? [] : rows, issues }
}

/** The export's columns — the same headers the import reads, so an export imports back unchanged. */
export const EXPORT_HEADER = [
  '序号',
  '项目名称',
  '类别',
  '责任单位',
  '估算金额（万元）',
  '资金来源',
  '项目内容',
  '绩效目标',
  '实施地点',
  '计划完成时间',
  '来源建议编号',
]
export const EXPORT_WIDTHS = [6, 28, 10, 22, 16, 12, 40, 40, 20, 14, 30]

export function toExportRow(
  n: number,
  c: {
    title: string
    category: string
    responsibleUnit: string
    estimateFen: number
    fundingSource: string
    description: string
    targets: string | null
    location: string | null
    plannedCompletion: string | null
    originCodes: string[]
  },
): (string | number | null)[] {
  return [
    n,
    c.title,
    CATEGORY_LABELS[c.category as Category] ?? c.category,
    c.responsibleUnit,
    fenToWan(c.estimateFen),
    FUNDING_SOURCE_LABELS[c.fundingSource as FundingSource] ?? c.fundingSource,
    c.description,
    c.targets,
    c.location,
    c.plannedCompletion,
    c.originCodes.join('、'),
  ]
}
