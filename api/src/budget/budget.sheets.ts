import ExcelJS from 'exceljs'
import type { CycleForDownstream } from '../cycles/cycles.exports.js'
import type { CycleFinance } from './budget.figures.js'
import { bpToPercent, fenToYuan, SOURCE_LABELS } from './budget.rules.js'
import type { BudgetLine, Disbursement } from './budget.schemas.js'

/**
 * The Excel exports. Amounts are yuan with two decimals made from integer fen by string
 * formatting (fenToYuan), then written as numbers (the value Excel would hold had someone typed
 * them) with a #,##0.00 format so the sheet still sums; every money sheet also has a column in
 * fen, the exact figure to reconcile against the ledger.
 */
const YUAN = '#,##0.00'
const yuan = (fen: number) => Number(fenToYuan(fen))
const percent = (bp: number | null) => (bp === null ? '' : `${bpToPercent(bp)}%`)

const STATUS: Record<string, string> = { draft: '草稿', approved: '已批准', withdrawn: '已撤回' }
const KIND: Record<string, string> = { payment: '拨付', reversal: '冲销' }
const LEVEL: Record<string, string> = { notice: '提示', warning: '预警' }

interface Column {
  header: string
  key: string
  width: number
  money?: boolean
}

function sheet(
  wb: ExcelJS.Workbook,
  name: string,
  columns: Column[],
  rows: Record<string, unknown>[],
  total?: Record<string, unknown>,
) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }))
  const head = ws.getRow(1)
  head.font = { bold: true }
  head.alignment = { vertical: 'middle' }
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } }
  for (const r of rows) ws.addRow(r)
  if (total) {
    const row = ws.addRow(total)
    row.font = { bold: true }
  }
  for (const c of columns) if (c.money) ws.getColumn(c.key).numFmt = YUAN
  return ws
}

async function toBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  const buf = await wb.xlsx.writeBuffer()
  return new Uint8Array(buf as ArrayBuffer)
}

function workbook(cycle: CycleForDownstream, subject: string) {
  const wb = new ExcelJS.Workbook()
  wb.creator = '民生实事票决平台'
  wb.title = `${cycle.year}年度${subject}`
  wb.subject = cycle.title
  return wb
}

export async function ledgerWorkbook(
  cycle: CycleForDownstream,
  entries: Disbursement[],
  lines: BudgetLine[],
  titles: Map<string, string>,
): Promise<Uint8Array> {
  const wb = workbook(cycle, '民生实事项目资金拨付台账')
  const seqOf = new Map(entries.map((e) => [e.id, e.seq]))
  const total = entries.reduce((s, e) => s + e.amountFen, 0)
  sheet(
    wb,
    '拨付台账',
    [
      { header: '序号', key: 'seq', width: 8 },
      { header: '记账日期', key: 'date', width: 12 },
      { header: '项目', key: 'project', width: 30 },
      { header: '资金来源', key: 'source', width: 10 },
      { header: '类型', key: 'kind', width: 8 },
      { header: '金额（元）', key: 'yuan', width: 16, money: true },
      { header: '金额（分）', key: 'fen', width: 16 },
      { header: '凭证号', key: 'voucher', width: 16 },
      { header: '收款单位', key: 'payee', width: 24 },
      { header: '摘要', key: 'note', width: 24 },
      { header: '冲销原因', key: 'reason', width: 24 },
      { header: '冲销序号', key: 'reverses', width: 10 },
      { header: '凭证扫描件', key: 'attachment', width: 20 },
      { header: '录入人', key: 'by', width: 14 },
      { header: '录入时间', key: 'at', width: 20 },
    ],
    entries.map((e) => ({
      seq: e.seq,
      date: e.date,
      project: e.projectTitle,
      source: SOURCE_LABELS[e.source],
      kind: KIND[e.kind],
      yuan: yuan(e.amountFen),
      fen: e.amountFen,
      voucher: e.voucherNo ?? '',
      payee: e.payee ?? '',
      note: e.note ?? '',
      reason: e.reason ?? '',
      reverses: e.reversesId ? (seqOf.get(e.reversesId) ?? '') : '',
      attachment: e.attachment?.fileName ?? '',
      by: e.createdBy ?? '',
      at: e.createdAt,
    })),
    { seq: '合计', yuan: yuan(total), fen: total },
  )

  sheet(
    wb,
    '预算指标',
    [
      { header: '项目', key: 'project', width: 30 },
      { header: '资金来源', key: 'source', width: 10 },
      { header: '资金池', key: 'pool', width: 8 },
      { header: '年度', key: 'year', width: 8 },
      { header: '科目编码', key: 'subject', width: 12 },
      { header: '指标文号', key: 'doc', width: 22 },
      { header: '状态', key: 'status', width: 8 },
      { header: '下达金额（元）', key: 'initial', width: 16, money: true },
      { header: '调整（元）', key: 'adjusted', width: 14, money: true },
      { header: '当前金额（元）', key: 'amount', width: 16, money: true },
      { header: '已拨付（元）', key: 'disbursed', width: 16, money: true },
      { header: '余额（元）', key: 'remaining', width: 16, money: true },
      { header: '执行率', key: 'rate', width: 10 },
      { header: '当前金额（分）', key: 'amountFen', width: 16 },
      { header: '已拨付（分）', key: 'disbursedFen', width: 16 },
    ],
    lines.map((l) => ({
      project: titles.get(l.projectId) ?? l.projectId,
      source: SOURCE_LABELS[l.source],
      pool: l.fromPool ? '是' : '否',
      year: l.fiscalYear,
      subject: l.subjectCode,
      doc: l.documentNo,
      status: STATUS[l.status],
      initial: yuan(l.initialFen),
      adjusted: yuan(l.amountFen - l.initialFen),
      amount: yuan(l.amountFen),
      disbursed: yuan(l.disbursedFen),
      remaining: yuan(l.remainingFen),
      rate: percent(l.rateBp),
      amountFen: l.amountFen,
      disbursedFen: l.disbursedFen,
    })),
  )

  const adjustments = lines.flatMap((l) => l.adjustments.map((a) => ({ line: l, a })))
  sheet(
    wb,
    '指标调整',
    [
      { header: '项目', key: 'project', width: 30 },
      { header: '指标文号', key: 'doc', width: 22 },
      { header: '调整金额（元）', key: 'delta', width: 16, money: true },
      { header: '调整金额（分）', key: 'deltaFen', width: 16 },
      { header: '原因', key: 'reason', width: 40 },
      { header: '录入人', key: 'by', width: 14 },
      { header: '时间', key: 'at', width: 20 },
    ],
    adjustments.map(({ line, a }) => ({
      project: titles.get(line.projectId) ?? line.projectId,
      doc: line.documentNo,
      delta: yuan(a.deltaFen),
      deltaFen: a.deltaFen,
      reason: a.reason,
      by: a.createdBy ?? '',
      at: a.createdAt,
    })),
  )
  return toBytes(wb)
}

export async function summaryWorkbook(
  cycle: CycleForDownstream,
  s: CycleFinance,
): Promise<Uint8Array> {
  const wb = workbook(cycle, '民生实事项目预算执行情况')
  const figureColumns: Column[] = [
    { header: '预算（元）', key: 'budgeted', width: 16, money: true },
    { header: '已拨付（元）', key: 'disbursed', width: 16, money: true },
    { header: '余额（元）', key: 'remaining', width: 16, money: true },
    { header: '执行率', key: 'rate', width: 10 },
    { header: '预算（分）', key: 'budgetedFen', width: 16 },
    { header: '已拨付（分）', key: 'disbursedFen', width: 16 },
  ]
  const fig = (f: {
    budgetedFen: number
    disbursedFen: number
    remainingFen: number
    rateBp: number | null
  }) => ({
    budgeted: yuan(f.budgetedFen),
    disbursed: yuan(f.disbursedFen),
    remaining: yuan(f.remainingFen),
    rate: percent(f.rateBp),
    budgetedFen: f.budgetedFen,
    disbursedFen: f.disbursedFen,
  })
  sheet(
    wb,
    '项目执行',
    [
      { header: '排名', key: 'rank', width: 6 },
      { header: '项目', key: 'title', width: 32 },
      { header: '责任单位', key: 'unit', width: 20 },
      { header: '估算（元）', key: 'estimate', width: 16, money: true },
      { header: '其中资金池（元）', key: 'pool', width: 16, money: true },
      { header: '其他来源（元）', key: 'other', width: 16, money: true },
      ...figureColumns,
      { header: '决算（元）', key: 'final', width: 16, money: true },
      { header: '预警', key: 'warning', width: 30 },
    ],
    s.projects.map((p) => ({
      rank: p.rank ?? '',
      title: p.title,
      unit: p.responsibleUnit,
      estimate: yuan(p.estimateFen),
      pool: yuan(p.poolFen),
      other: yuan(p.otherSourcesFen),
      ...fig(p),
      final: p.finalAccount ? yuan(p.finalAccount.finalAmountFen) : '',
      warning: p.warning
        ? `${LEVEL[p.warning.level]}：${p.warning.code === 'NOT_BUDGETED' ? '尚无批准的预算' : `执行率低于${bpToPercent(p.warning.expectedBp)}%`}（${p.warning.since}后）`
        : '',
    })),
    {
      rank: '合计',
      ...fig(s.totals),
      pool: yuan(s.projects.reduce((a, p) => a + p.poolFen, 0)),
      other: yuan(s.totals.otherSourcesFen),
    },
  )
  sheet(
    wb,
    '按单位',
    [
      { header: '责任单位', key: 'unit', width: 24 },
      { header: '项目数', key: 'projects', width: 8 },
      ...figureColumns,
    ],
    s.units.map((u) => ({ unit: u.responsibleUnit, projects: u.projects, ...fig(u) })),
  )
  sheet(
    wb,
    '按资金来源',
    [{ header: '资金来源', key: 'source', width: 12 }, ...figureColumns],
    s.sources.map((x) => ({ source: SOURCE_LABELS[x.source], ...fig(x) })),
  )
  sheet(
    wb,
    '月度拨付',
    [
      { header: '月份', key: 'month', width: 10 },
      { header: '当月拨付（元）', key: 'amount', width: 16, money: true },
      { header: '累计（元）', key: 'cumulative', width: 16, money: true },
      { header: '当月拨付（分）', key: 'amountFen', width: 16 },
      { header: '累计（分）', key: 'cumulativeFen', width: 16 },
    ],
    s.monthly.map((m) => ({
      month: m.month,
      amount: yuan(m.amountFen),
      cumulative: yuan(m.cumulativeFen),
      amountFen: m.amountFen,
      cumulativeFen: m.cumulativeFen,
    })),
  )
  sheet(
    wb,
    '资金池',
    [
      { header: '项目', key: 'k', width: 24 },
      { header: '金额（元）', key: 'yuan', width: 18, money: true },
      { header: '金额（分）', key: 'fen', width: 18 },
    ],
    [
      {
        k: `资金池（${s.pool.documentRef ?? '计划数'}）`,
        yuan: yuan(s.pool.poolFen),
        fen: s.pool.poolFen,
      },
      { k: '已安排（资金池）', yuan: yuan(s.pool.committedFen), fen: s.pool.committedFen },
      { k: '其中已批准', yuan: yuan(s.pool.approvedFen), fen: s.pool.approvedFen },
      { k: '可安排余额', yuan: yuan(s.pool.availableFen), fen: s.pool.availableFen },
      {
        k: '其他来源（不占资金池）',
        yuan: yuan(s.totals.otherSourcesFen),
        fen: s.totals.otherSourcesFen,
      },
    ],
  )
  return toBytes(wb)
}
