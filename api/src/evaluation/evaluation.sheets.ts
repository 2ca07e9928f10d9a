import ExcelJS from 'exceljs'
import type { EvaluationResultView } from './evaluation.service.js'

/** The evaluation result as a workbook: counts, rates (exact and shown) and grades per project. */
export const GRADE_LABELS: Record<string, string> = {
  satisfied: '满意',
  basically: '基本满意',
  dissatisfied: '不满意',
}
export const BASIS_LABELS: Record<string, string> = { all: '全体代表', valid: '有效票' }
export const COMPARISON_LABELS: Record<string, string> = { reach: '达到半数', exceed: '超过半数' }

export async function evaluationResultSheet(r: EvaluationResultView): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  wb.creator = '民生实事票决平台'
  wb.title = r.title
  const ws = wb.addWorksheet('测评结果', { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = [
    { header: '序号', key: 'no', width: 6 },
    { header: '项目', key: 'title', width: 36 },
    { header: '责任单位', key: 'unit', width: 22 },
    { header: '满意', key: 'satisfied', width: 8 },
    { header: '基本满意', key: 'basically', width: 10 },
    { header: '不满意', key: 'dissatisfied', width: 8 },
    { header: '弃权', key: 'abstain', width: 8 },
    { header: '满意率（%）', key: 'rate', width: 12 },
    { header: '满意率（精确）', key: 'exact', width: 14 },
    { header: '测评等次', key: 'grade', width: 10 },
    { header: '低于整改线', key: 'below', width: 11 },
    { header: '需整改', key: 'rectify', width: 8 },
  ]
  const head = ws.getRow(1)
  head.font = { bold: true }
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } }
  r.rows.forEach((row, i) =>
    ws.addRow({
      no: i + 1,
      title: row.title,
      unit: row.responsibleUnit,
      satisfied: row.satisfied,
      basically: row.basically,
      dissatisfied: row.dissatisfied,
      abstain: row.abstain,
      rate: row.ratePercent ?? '',
      exact: row.rate ? `${row.rate.numerator}/${row.rate.denominator}` : '',
      grade: row.grade ? GRADE_LABELS[row.grade] : '',
      below: row.belowThreshold ? '是' : '否',
      rectify: row.rectify ? '是' : '否',
    }),
  )
  ws.addRow({})
  const note = (text: string) => ws.addRow({ title: text })
  note(
    `应到 ${r.turnout.entitled} 人，实到 ${r.turnout.present} 人，投票 ${r.turnout.voted} 人；有效票 ${r.ballots.valid} 张，无效票 ${r.ballots.invalid} 张。`,
  )
  note('满意率 =（满意 + 基本满意）÷ 有效票数，以百分数保留一位小数，四舍五入。')
  note(
    `等次规则：满意票${COMPARISON_LABELS[r.rule.comparison]}（${BASIS_LABELS[r.rule.basis]} ${r.rule.basisCount} 的一半）为满意；否则满意与基本满意票合计${COMPARISON_LABELS[r.rule.comparison]}为基本满意；否则为不满意。满意率低于 ${r.rule.thresholdPercent}% 或等次为不满意的项目须整改。`,
  )
  if (r.chainHead) note(`公示板哈希链头：${r.chainHead}`)
  const buf = await wb.xlsx.writeBuffer()
  return new Uint8Array(buf as ArrayBuffer)
}
