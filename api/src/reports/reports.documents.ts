import ExcelJS from 'exceljs'
import { drawTable, heading, renderPdf, type PdfFont } from './reports.pdf-kit.js'
import type { YearEnd } from './reports.service.js'

/**
 * The year-end report as a workbook and as a printable PDF. Money: integer fen turned into yuan
 * by string arithmetic (never a float on the amount), shown as 万元 with two decimals in the PDF.
 */
const STATUS: Record<string, string> = {
  not_started: '未开工',
  on_track: '按期推进',
  lagging: '滞后',
  seriously_lagging: '严重滞后',
  completed: '已完成',
}
const GRADE: Record<string, string> = {
  satisfied: '满意',
  basically: '基本满意',
  dissatisfied: '不满意',
}
const RECT: Record<string, string> = {
  open: '整改中',
  answered: '已报告',
  verified: '已核实',
  closed: '已销号',
}

/** fen → "1234.56" (yuan) exactly. */
export function yuan(fen: number): string {
  const neg = fen < 0
  const abs = BigInt(Math.abs(fen))
  return `${neg ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`
}
/** fen → "12.35" (万元, half up) exactly. */
export function wan(fen: number): string {
  const abs = BigInt(Math.abs(fen))
  const hundredths = (abs * 2n + 10_000n) / 20_000n // 1 万元 = 1,000,000 fen; 0.01 万元 = 10,000 fen
  return `${fen < 0 ? '-' : ''}${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`
}

const achieved = (p: YearEnd['projects'][number]) => {
  const a = p.achievement
  if (!a) return ''
  const parts = [STATUS[a.status] ?? a.status]
  if (a.percentComplete !== null) parts.push(`${a.percentComplete}%`)
  if (a.milestonesTotal) parts.push(`节点 ${a.milestonesDone}/${a.milestonesTotal}`)
  if (a.completedOn) parts.push(`${a.completedOn} 完成`)
  return parts.join('，')
}

export async function yearEndWorkbook(y: YearEnd): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  wb.creator = '民生实事票决平台'
  wb.title = `${y.cycle.title}完成情况`
  const ws = wb.addWorksheet('项目完成情况', { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = [
    { header: '序号', key: 'no', width: 6 },
    { header: '项目', key: 'title', width: 34 },
    { header: '责任单位', key: 'unit', width: 20 },
    { header: '绩效目标', key: 'targets', width: 40 },
    { header: '完成情况', key: 'achieved', width: 30 },
    { header: '完成进度（%）', key: 'percent', width: 12 },
    { header: '预算（元）', key: 'budget', width: 16 },
    { header: '已拨付（元）', key: 'paid', width: 16 },
    { header: '执行率（%）', key: 'rate', width: 11 },
    { header: '决算（元）', key: 'final', width: 16 },
    { header: '满意', key: 's', width: 7 },
    { header: '基本满意', key: 'b', width: 9 },
    { header: '不满意', key: 'd', width: 7 },
    { header: '弃权', key: 'a', width: 7 },
    { header: '满意率（%）', key: 'sat', width: 11 },
    { header: '测评等次', key: 'grade', width: 10 },
    { header: '整改', key: 'rect', width: 10 },
  ]
  const head = ws.getRow(1)
  head.font = { bold: true }
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } }
  y.projects.forEach((p, i) =>
    ws.addRow({
      no: i + 1,
      title: p.title,
      unit: p.responsibleUnit,
      targets: p.targets ?? '',
      achieved: achieved(p),
      percent: p.achievement?.percentComplete ?? '',
      budget: p.budget ? Number(yuan(p.budget.budgetedFen)) : '',
      paid: p.budget ? Number(yuan(p.budget.disbursedFen)) : '',
      rate: p.budget?.rate ?? '',
      final: p.budget?.finalAmountFen != null ? Number(yuan(p.budget.finalAmountFen)) : '',
      s: p.satisfaction?.satisfied ?? '',
      b: p.satisfaction?.basically ?? '',
      d: p.satisfaction?.dissatisfied ?? '',
      a: p.satisfaction?.abstain ?? '',
      sat: p.satisfaction?.ratePercent ?? '',
      grade: p.satisfaction?.grade ? GRADE[p.satisfaction.grade] : '',
      rect: p.rectification ? RECT[p.rectification.state] : '',
    }),
  )
  for (const key of ['budget', 'paid', 'final']) ws.getColumn(key).numFmt = '#,##0.00'
  const r = wb.addWorksheet('整改事项')
  r.columns = [
    { header: '项目', key: 'p', width: 34 },
    { header: '责任单位', key: 'u', width: 20 },
    { header: '测评等次', key: 'g', width: 10 },
    { header: '满意率（%）', key: 'r', width: 11 },
    { header: '状态', key: 's', width: 10 },
    { header: '整改期限', key: 'd', width: 12 },
    { header: '整改措施', key: 'm', width: 60 },
  ]
  r.getRow(1).font = { bold: true }
  for (const x of y.rectifications)
    r.addRow({
      p: x.projectTitle,
      u: x.responsibleUnit,
      g: GRADE[x.grade],
      r: x.ratePercent,
      s: RECT[x.state],
      d: x.deadline ?? '',
      m: x.measures ?? '',
    })
  const buf = await wb.xlsx.writeBuffer()
  return new Uint8Array(buf as ArrayBuffer)
}

/** One cell of the CSV: always quoted; a text starting like a formula is neutralised. */
const csvCell = (v: string | number) => {
  const s = String(v)
  const safe = typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
  return `"${safe.replace(/"/g, '""')}"`
}

/**
 * The project table of the year-end report as open data (CSV, UTF-8 with a BOM so Excel reads
 * the Chinese, CRLF): the same columns as the workbook's first sheet, money in yuan exactly.
 */
export function yearEndCsv(y: YearEnd): string {
  const header = [
    '序号',
    '项目',
    '责任单位',
    '绩效目标',
    '完成情况',
    '完成进度（%）',
    '预算（元）',
    '已拨付（元）',
    '执行率（%）',
    '决算（元）',
    '满意',
    '基本满意',
    '不满意',
    '弃权',
    '满意率（%）',
    '测评等次',
    '整改',
  ]
  const rows = y.projects.map((p, i) => [
    i + 1,
    p.title,
    p.responsibleUnit,
    p.targets ?? '',
    achieved(p),
    p.achievement?.percentComplete ?? '',
    p.budget ? yuan(p.budget.budgetedFen) : '',
    p.budget ? yuan(p.budget.disbursedFen) : '',
    p.budget?.rate ?? '',
    p.budget?.finalAmountFen != null ? yuan(p.budget.finalAmountFen) : '',
    p.satisfaction?.satisfied ?? '',
    p.satisfaction?.basically ?? '',
    p.satisfaction?.dissatisfied ?? '',
    p.satisfaction?.abstain ?? '',
    p.satisfaction?.ratePercent ?? '',
    p.satisfaction?.grade ? (GRADE[p.satisfaction.grade] ?? '') : '',
    p.rectification ? (RECT[p.rectification.state] ?? '') : '',
  ])
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

export function yearEndPdf(y: YearEnd, font: PdfFont): Promise<Buffer> {
  const title = `${y.cycle.title}完成情况报告`
  return renderPdf(font, { title, landscape: true }, (doc) => {
    doc.fontSize(17).text(title, { align: 'center' })
    doc.moveDown(0.2)
    doc
      .fontSize(9.5)
      .fillColor('#475467')
      .text(`${y.cycle.jurisdictionName} · 截至 ${y.asOf.slice(0, 10)}`, { align: 'center' })
    doc.fillColor('#101828')
    heading(doc, '一、总体情况')
    const t = y.totals
    doc
      .fontSize(10)
      .text(
        `共 ${t.projects} 个项目，已完成 ${t.completed} 个。预算 ${wan(t.budgetedFen)} 万元，已拨付 ${wan(t.disbursedFen)} 万元${t.executionRate ? `，执行率 ${t.executionRate}%` : ''}${t.finalAccountFen !== null ? `，决算 ${wan(t.finalAccountFen)} 万元` : ''}。`,
      )
    if (y.evaluation) {
      const e = y.evaluation
      doc.text(
        `满意度测评（${e.title}）：应到 ${e.turnout.entitled} 人，投票 ${e.turnout.voted} 人，有效票 ${e.ballots.valid} 张；满意 ${t.graded.satisfied} 个、基本满意 ${t.graded.basically} 个、不满意 ${t.graded.dissatisfied} 个；需整改 ${t.rectifications} 个，已销号 ${t.rectificationsClosed} 个。`,
      )
      doc
        .fontSize(8.5)
        .fillColor('#667085')
        .text(
          `满意率 =（满意 + 基本满意）÷ 有效票，百分数保留一位小数、四舍五入；满意率低于 ${e.rule.thresholdPercent}% 或等次为不满意的项目须整改。`,
        )
      doc.fillColor('#101828')
    } else doc.text('满意度测评结果尚未公布。')
    heading(doc, '二、项目明细')
    drawTable(
      doc,
      [
        { header: '序号', width: 28, align: 'center' },
        { header: '项目', width: 120 },
        { header: '责任单位', width: 80 },
        { header: '绩效目标', width: 140 },
        { header: '完成情况', width: 110 },
        { header: '预算（万元）', width: 58, align: 'right' },
        { header: '拨付（万元）', width: 58, align: 'right' },
        { header: '决算（万元）', width: 58, align: 'right' },
        { header: '满意率', width: 46, align: 'right' },
        { header: '等次', width: 46, align: 'center' },
        { header: '整改', width: 44, align: 'center' },
      ],
      y.projects.map((p, i) => [
        String(i + 1),
        p.title,
        p.responsibleUnit,
        p.targets ?? '',
        achieved(p),
        p.budget ? wan(p.budget.budgetedFen) : '',
        p.budget ? wan(p.budget.disbursedFen) : '',
        p.budget?.finalAmountFen != null ? wan(p.budget.finalAmountFen) : '',
        p.satisfaction?.ratePercent ? `${p.satisfaction.ratePercent}%` : '',
        p.satisfaction?.grade ? GRADE[p.satisfaction.grade]! : '',
        p.rectification ? RECT[p.rectification.state]! : '',
      ]),
      8.5,
    )
    if (y.rectifications.length) {
      heading(doc, '三、整改事项')
      drawTable(
        doc,
        [
          { header: '项目', width: 150 },
          { header: '责任单位', width: 90 },
          { header: '等次/满意率', width: 80 },
          { header: '状态', width: 56 },
          { header: '期限', width: 66 },
          { header: '整改措施', width: 300 },
        ],
        y.rectifications.map((x) => [
          x.projectTitle,
          x.responsibleUnit,
          `${GRADE[x.grade]} / ${x.ratePercent}%`,
          RECT[x.state]!,
          x.deadline ?? '',
          x.measures ?? '',
        ]),
        8.5,
      )
    }
  })
}
