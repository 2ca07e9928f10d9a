import ExcelJS from 'exceljs'
import type {
  Overview,
  OverviewTableName,
  PublishedResults,
  ResultTableName,
} from './public.service.js'

/** The public tables as rows with Chinese headers; money in yuan with two decimals (exact from fen). */
const STATUS_ZH: Record<string, string> = {
  not_started: '未开工',
  on_track: '正常推进',
  lagging: '滞后',
  seriously_lagging: '严重滞后',
  completed: '已完成',
}
const GRADE_ZH: Record<string, string> = {
  satisfied: '满意',
  basically: '基本满意',
  dissatisfied: '不满意',
}

export const yuan = (fen: number) => {
  const sign = fen < 0 ? '-' : ''
  const a = Math.abs(fen)
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`
}
const pct = (bp: number | null) =>
  bp === null ? '' : `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`

type Cell = string | number
export function table(o: Overview, name: OverviewTableName): { header: string[]; rows: Cell[][] } {
  switch (name) {
    case 'projects':
      return {
        header: [
          '序号',
          '项目名称',
          '类别',
          '承办单位',
          '地点',
          '计划完成',
          '预算(元)',
          '已拨付(元)',
          '执行率',
          '状态',
          '完成进度(%)',
          '已公示问题',
          '已答复',
          '满意率',
          '测评等次',
        ],
        rows: o.projects.map((p, i) => [
          p.rank ?? i + 1,
          p.title,
          p.category,
          p.responsibleUnit,
          p.location ?? '',
          p.plannedCompletion ?? '',
          yuan(p.budgetedFen),
          yuan(p.disbursedFen),
          pct(p.rateBp),
          STATUS_ZH[p.status] ?? p.status,
          p.percentComplete ?? '',
          p.issues.published,
          p.issues.answered,
          p.satisfaction?.ratePercent ?? '',
          p.satisfaction?.grade ? (GRADE_ZH[p.satisfaction.grade] ?? p.satisfaction.grade) : '',
        ]),
      }
    case 'rollup':
      return {
        header: [
          '辖区',
          '层级',
          '项目数(含下级)',
          '预算(元)',
          '已拨付(元)',
          '已完成',
          '平均进度(%)',
          '已测评',
          '满意及基本满意',
        ],
        rows: o.rollup.map((r) => [
          `${'　'.repeat(r.depth)}${r.jurisdiction.name}`,
          r.jurisdiction.level,
          r.total.projects,
          yuan(r.total.budgetedFen),
          yuan(r.total.disbursedFen),
          r.total.completed,
          r.total.avgPercent ?? '',
          r.total.rated,
          r.total.satisfied,
        ]),
      }
    case 'units':
      return {
        header: ['承办单位', '项目数', '预算(元)', '已拨付(元)'],
        rows: o.units.map((u) => [
          u.responsibleUnit,
          u.projects,
          yuan(u.budgetedFen),
          yuan(u.disbursedFen),
        ]),
      }
    case 'monthly':
      return {
        header: ['月份', '当月拨付(元)', '累计拨付(元)'],
        rows: o.monthly.map((m) => [m.month, yuan(m.amountFen), yuan(m.cumulativeFen)]),
      }
  }
}

const KIND_ZH: Record<string, string> = { selection: '票决', runoff: '补充表决' }
const yesNo = (b: boolean) => (b ? '是' : '否')

/** The published results as tables: the vote per candidate, the satisfaction per project. */
export function resultTable(
  r: PublishedResults,
  name: ResultTableName,
): { header: string[]; rows: Cell[][] } {
  switch (name) {
    case 'votes':
      return {
        header: [
          '表决',
          '类型',
          '候选项目',
          '赞成',
          '反对',
          '弃权',
          '通过所需赞成票',
          '是否通过',
          '名次',
          '是否入选',
          '应到',
          '实到',
          '有效票',
        ],
        rows: r.votes.flatMap((v) =>
          v.rows.map((x) => [
            v.title,
            KIND_ZH[v.kind] ?? v.kind,
            x.title,
            x.for,
            x.against,
            x.abstain,
            v.threshold,
            yesNo(x.passed),
            x.rank ?? '',
            yesNo(x.selected),
            v.turnout.entitled,
            v.turnout.present,
            v.ballots.valid,
          ]),
        ),
      }
    case 'satisfaction':
      return {
        header: [
          '测评',
          '项目名称',
          '承办单位',
          '满意',
          '基本满意',
          '不满意',
          '弃权',
          '满意率',
          '测评等次',
          '需整改',
        ],
        rows: r.evaluations.flatMap((e) =>
          e.rows.map((x) => [
            e.title,
            x.title,
            x.responsibleUnit,
            x.satisfied,
            x.basically,
            x.dissatisfied,
            x.abstain,
            x.ratePercent ?? '',
            x.grade ? (GRADE_ZH[x.grade] ?? x.grade) : '',
            yesNo(x.rectify),
          ]),
        ),
      }
  }
}

const esc = (v: Cell) => {
  const s = String(v)
  // Quote always; neutralise formula injection in spreadsheet apps.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s
  return `"${safe.replace(/"/g, '""')}"`
}

/** CSV with a UTF-8 BOM (so Excel opens Chinese text correctly) and CRLF line ends. */
export function toCsv(t: { header: string[]; rows: Cell[][] }): string {
  return '\uFEFF' + [t.header, ...t.rows].map((r) => r.map(esc).join(',')).join('\r\n') + '\r\n'
}

export async function toXlsx(
  t: { header: string[]; rows: Cell[][] },
  sheet: string,
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  wb.created = new Date(0)
  wb.modified = new Date(0)
  const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.addRow(t.header).font = { bold: true }
  for (const r of t.rows) ws.addRow(r)
  ws.columns.forEach((c) => (c.width = 16))
  const buf = await wb.xlsx.writeBuffer()
  return new Uint8Array(buf as ArrayBuffer)
}
