import ExcelJS from 'exceljs'
import type { Comparison, Money } from './analysis.schemas.js'
import { TIE_BREAKING } from './comparison.rules.js'

/**
 * The comparison as an .xlsx workbook: the rules side by side, the project × rule matrix (the
 * number is the order in which the rule chose the project) and the notes. Amounts in fen are
 * written as yuan (from the integer by string formatting, never float arithmetic) with a
 * #,##0.00 format; currency units of imported files as whole numbers.
 */
export type Lang = 'zh-CN' | 'en'

const T = {
  'zh-CN': {
    rules: '规则比较',
    projects: '项目',
    notes: '说明',
    rule: '规则',
    count: '选出项目数',
    total: '合计金额',
    pool: '资金池',
    share: '占资金池',
    leftover: '剩余',
    added: '比基准增加',
    removed: '比基准减少',
    perVoter: '每人份额（精确值）',
    raises: '份额提高次数',
    explanation: '说明',
    id: '编号',
    name: '名称',
    category: '类别',
    cost: '金额',
    approvals: '赞成票',
    source: '数据来源',
    voters: '投票人数',
    baseline: '比较基准',
    moneyUnit: '金额单位',
    ties: '平票处理',
    computedAt: '计算时间',
    engine: '计算引擎版本',
    matrixNote: '数字为该规则选中项目的先后次序，空白为未选中。',
    yuan: '元',
  },
  en: {
    rules: 'Rules',
    projects: 'Projects',
    notes: 'Notes',
    rule: 'Rule',
    count: 'Projects chosen',
    total: 'Total cost',
    pool: 'Fund pool',
    share: 'Share of pool',
    leftover: 'Left over',
    added: 'Added vs baseline',
    removed: 'Dropped vs baseline',
    perVoter: 'Per-voter budget (exact)',
    raises: 'Raises',
    explanation: 'Explanation',
    id: 'Id',
    name: 'Name',
    category: 'Category',
    cost: 'Cost',
    approvals: 'Votes for',
    source: 'Source',
    voters: 'Voters',
    baseline: 'Baseline',
    moneyUnit: 'Money unit',
    ties: 'Ties',
    computedAt: 'Computed at',
    engine: 'Engine version',
    matrixNote: 'A number is the order in which the rule chose the project; blank: not chosen.',
    yuan: 'CNY',
  },
} as const

function amount(value: number, money: Money): number {
  if (money.unit !== 'fen') return value
  const neg = value < 0
  const abs = Math.abs(value)
  const text = `${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
  return Number(neg ? `-${text}` : text)
}

const unitLabel = (money: Money, lang: Lang) =>
  money.unit === 'fen' ? T[lang].yuan : (money.currency ?? '')

export async function comparisonWorkbook(
  comparison: Comparison,
  sourceTitle: string,
  lang: Lang,
): Promise<Uint8Array> {
  const t = T[lang]
  const money = comparison.money
  const fmt = money.unit === 'fen' ? '#,##0.00' : '#,##0'
  const unit = unitLabel(money, lang)
  const wb = new ExcelJS.Workbook()
  wb.creator = '民生实事票决平台'
  wb.title = sourceTitle
  const names = new Map(comparison.projects.map((p) => [p.id, p.name]))
  const list = (ids: readonly string[]) =>
    ids.map((id) => names.get(id) ?? id).join(lang === 'en' ? '; ' : '、')

  const head = (ws: ExcelJS.Worksheet) => {
    const row = ws.getRow(1)
    row.font = { bold: true }
    row.alignment = { vertical: 'middle', wrapText: true }
    row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } }
  }

  const rules = wb.addWorksheet(t.rules, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] })
  rules.columns = [
    { header: t.rule, key: 'rule', width: 30 },
    { header: t.count, key: 'count', width: 10 },
    { header: `${t.total}（${unit}）`, key: 'total', width: 18, style: { numFmt: fmt } },
    { header: `${t.pool}（${unit}）`, key: 'pool', width: 18, style: { numFmt: fmt } },
    { header: t.share, key: 'share', width: 10, style: { numFmt: '0.00%' } },
    { header: `${t.leftover}（${unit}）`, key: 'leftover', width: 18, style: { numFmt: fmt } },
    { header: t.added, key: 'added', width: 30 },
    { header: t.removed, key: 'removed', width: 30 },
    { header: t.perVoter, key: 'perVoter', width: 18 },
    { header: t.raises, key: 'raises', width: 10 },
    { header: t.explanation, key: 'explanation', width: 90 },
  ]
  head(rules)
  for (const r of comparison.rules) {
    const row = rules.addRow({
      rule: r.label[lang],
      count: r.selected.length,
      total: amount(r.totalCost, money),
      pool: amount(comparison.budget, money),
      share: Number(r.poolShare),
      leftover: amount(r.leftover, money),
      added: r.diff ? list(r.diff.added) : '',
      removed: r.diff ? list(r.diff.removed) : '',
      perVoter: r.perVoterBudget ?? '',
      raises: r.increments ?? '',
      explanation: r.explanation[lang],
    })
    row.alignment = { vertical: 'top', wrapText: true }
  }

  const projects = wb.addWorksheet(t.projects, {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }],
  })
  projects.columns = [
    { header: t.id, key: 'id', width: 12 },
    { header: t.name, key: 'name', width: 40 },
    { header: t.category, key: 'category', width: 16 },
    { header: `${t.cost}（${unit}）`, key: 'cost', width: 16, style: { numFmt: fmt } },
    { header: t.approvals, key: 'approvals', width: 10, style: { numFmt: '#,##0' } },
    ...comparison.rules.map((r) => ({ header: r.label[lang], key: r.rule, width: 14 })),
  ]
  head(projects)
  const order = comparison.rules.map((r) => new Map(r.selected.map((id, i) => [id, i + 1])))
  for (const p of comparison.projects) {
    const row: Record<string, unknown> = {
      id: p.id,
      name: p.name,
      category: p.category ?? '',
      cost: amount(p.cost, money),
      approvals: p.approvals,
    }
    comparison.rules.forEach((r, i) => {
      row[r.rule] = order[i]!.get(p.id) ?? null
    })
    projects.addRow(row)
  }
  projects.addRow({})
  projects.addRow({ id: t.matrixNote })

  const notes = wb.addWorksheet(t.notes)
  notes.columns = [
    { key: 'k', width: 18 },
    { key: 'v', width: 100 },
  ]
  const baseline = comparison.rules.find((r) => r.rule === comparison.baseline)
  for (const [k, v] of [
    [t.source, sourceTitle],
    [
      t.pool,
      `${amount(comparison.budget, money).toLocaleString('en-US', { minimumFractionDigits: money.unit === 'fen' ? 2 : 0 })} ${unit}`,
    ],
    [t.voters, comparison.voters],
    [t.baseline, baseline ? baseline.label[lang] : '—'],
    [
      t.moneyUnit,
      money.unit === 'fen'
        ? lang === 'en'
          ? 'CNY (yuan; computed in fen)'
          : '元（按分精确计算）'
        : unit,
    ],
    [t.ties, TIE_BREAKING[lang]],
    [t.computedAt, comparison.computedAt],
    [t.engine, comparison.engineVersion],
  ] as const) {
    const row = notes.addRow({ k, v })
    row.alignment = { vertical: 'top', wrapText: true }
    row.getCell('k').font = { bold: true }
  }

  const buf = await wb.xlsx.writeBuffer()
  return new Uint8Array(buf as ArrayBuffer)
}
