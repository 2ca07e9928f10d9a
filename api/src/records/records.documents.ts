import ExcelJS from 'exceljs'
import { drawTable, heading, renderPdf, type PdfFont } from '../reports/reports.pdf-kit.js'
import type { DeputyRecord } from './records.service.js'

/**
 * The record as documents for the deputy's report to constituents (述职): an Excel workbook (one
 * sheet per kind of activity) and a printable PDF. Participation only, never a ballot's content.
 */
const OUTCOME: Record<string, string> = {
  pending: '待处理',
  adopted: '采纳',
  merged: '合并',
  rejected: '不予采纳',
}
const ISSUE_STATE: Record<string, string> = {
  raised: '已提出',
  assigned: '已交办',
  answered: '已办理',
  verified: '已核实',
  closed: '已销号',
}
const KIND: Record<string, string> = {
  selection: '票决',
  runoff: '同票再次投票',
  evaluation: '满意度测评',
}
const ROLE: Record<string, string> = { leader: '组长', member: '成员' }
const yesNo = (b: boolean) => (b ? '是' : '否')
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '')

function targetLines(r: DeputyRecord) {
  return r.targets.status.map((s) => {
    switch (s.key) {
      case 'suggestions':
        return `提出建议：目标每年不少于 ${s.target} 件，实际 ${s.actual} 件 — ${s.met ? '已达到' : '未达到'}`
      case 'inspections':
        return s.applicable
          ? `参加视察：目标每年不少于 ${s.target} 次，实际 ${s.actual} 次 — ${s.met ? '已达到' : '未达到'}`
          : `参加视察：本年度未参加监督小组，不适用`
      case 'participation':
        return s.applicable
          ? `参加票决和测评：目标 ${(s.target / 100).toFixed(0)}%，实际 ${(s.actual / 100).toFixed(1)}%（共 ${s.of} 次） — ${s.met ? '已达到' : '未达到'}`
          : '参加票决和测评：本年度无'
    }
  })
}

export async function recordWorkbook(r: DeputyRecord): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  wb.creator = '民生实事票决平台'
  wb.title = `${r.deputy.displayName} ${r.year}年度履职档案`
  const sheet = (name: string, columns: { header: string; key: string; width: number }[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
    ws.columns = columns
    ws.getRow(1).font = { bold: true }
    ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } }
    return ws
  }
  const overview = sheet('概况', [
    { header: '项目', key: 'k', width: 26 },
    { header: '内容', key: 'v', width: 70 },
  ])
  overview.addRows([
    { k: '代表', v: r.deputy.displayName },
    {
      k: '所属',
      v: [r.deputy.jurisdictionName, r.deputy.delegation, r.deputy.constituency]
        .filter(Boolean)
        .join(' · '),
    },
    { k: '年度', v: r.year },
    { k: '提出建议（件）', v: r.summary.suggestions },
    { k: '其中采纳（件）', v: r.summary.suggestionsAdopted },
    { k: '参加票决（次/应参加）', v: `${r.summary.votesCast}/${r.summary.votesEntitled}` },
    {
      k: '参加满意度测评（次/应参加）',
      v: `${r.summary.evaluationsCast}/${r.summary.evaluationsEntitled}`,
    },
    { k: '参加监督小组（个）', v: r.summary.supervisionGroups },
    { k: '参加视察（次）', v: r.summary.inspections },
    { k: '提出问题（件）/已销号', v: `${r.summary.issuesRaised}/${r.summary.issuesClosed}` },
    ...targetLines(r).map((line, i) => ({ k: i === 0 ? '履职目标' : '', v: line })),
    { k: '说明', v: '票决和测评只记录是否参加，不记录、也无从得知投票内容（无记名投票）。' },
  ])
  const s = sheet('建议', [
    { header: '提交日期', key: 'd', width: 12 },
    { header: '建议', key: 't', width: 40 },
    { header: '类别', key: 'c', width: 12 },
    { header: '查询码', key: 'code', width: 14 },
    { header: '办理结果', key: 'o', width: 10 },
    { header: '答复', key: 'r', width: 50 },
  ])
  for (const x of r.suggestions)
    s.addRow({
      d: day(x.submittedAt),
      t: x.title,
      c: x.category,
      code: x.trackingCode,
      o: OUTCOME[x.outcome] ?? x.outcome,
      r: x.reply ?? '',
    })
  const v = sheet('票决与测评', [
    { header: '日期', key: 'd', width: 12 },
    { header: '事项', key: 't', width: 44 },
    { header: '类型', key: 'k', width: 14 },
    { header: '签到', key: 'p', width: 8 },
    { header: '已投票', key: 'v', width: 8 },
  ])
  for (const x of [...r.votes, ...r.evaluations])
    v.addRow({
      d: day(x.date),
      t: x.title,
      k: KIND[x.kind] ?? x.kind,
      p: yesNo(x.present),
      v: yesNo(x.voted),
    })
  const g = sheet('监督', [
    { header: '类型', key: 'k', width: 10 },
    { header: '日期', key: 'd', width: 12 },
    { header: '项目', key: 'p', width: 36 },
    { header: '内容', key: 'c', width: 50 },
    { header: '状态', key: 's', width: 10 },
  ])
  for (const x of r.supervision.groups)
    g.addRow({ k: '监督小组', d: '', p: x.projectTitle, c: ROLE[x.role] ?? x.role, s: '' })
  for (const x of r.supervision.inspections)
    g.addRow({ k: '视察', d: x.date, p: x.projectTitle, c: x.findings, s: '' })
  for (const x of r.supervision.issues)
    g.addRow({
      k: '问题',
      d: x.raisedOn,
      p: x.projectTitle,
      c: x.title,
      s: ISSUE_STATE[x.state] ?? x.state,
    })
  const buf = await wb.xlsx.writeBuffer()
  return new Uint8Array(buf as ArrayBuffer)
}

export function recordPdf(r: DeputyRecord, font: PdfFont): Promise<Buffer> {
  const title = `${r.deputy.displayName} ${r.year}年度履职情况`
  return renderPdf(font, { title }, (doc) => {
    doc.fontSize(18).text(title, { align: 'center' })
    doc.moveDown(0.3)
    doc
      .fontSize(10)
      .fillColor('#475467')
      .text(
        [r.deputy.jurisdictionName + '人大代表', r.deputy.delegation, r.deputy.constituency]
          .filter(Boolean)
          .join(' · '),
        { align: 'center' },
      )
    doc.fillColor('#101828')
    heading(doc, '一、履职概况')
    doc.fontSize(10)
    const s = r.summary
    doc.text(
      `本年度提出建议 ${s.suggestions} 件（采纳 ${s.suggestionsAdopted} 件）；参加民生实事项目票决 ${s.votesCast} 次（应参加 ${s.votesEntitled} 次）、满意度测评 ${s.evaluationsCast} 次（应参加 ${s.evaluationsEntitled} 次）；参加项目监督小组 ${s.supervisionGroups} 个，参加视察 ${s.inspections} 次，提出问题 ${s.issuesRaised} 件（已销号 ${s.issuesClosed} 件）。`,
    )
    doc.moveDown(0.4)
    for (const line of targetLines(r)) doc.text(`· ${line}`)
    heading(doc, '二、提出建议')
    if (r.suggestions.length)
      drawTable(
        doc,
        [
          { header: '日期', width: 70 },
          { header: '建议', width: 200 },
          { header: '办理结果', width: 60 },
          { header: '答复', width: 200 },
        ],
        r.suggestions.map((x) => [
          day(x.submittedAt),
          x.title,
          OUTCOME[x.outcome] ?? x.outcome,
          x.reply ?? '',
        ]),
      )
    else doc.fontSize(10).text('本年度无。')
    heading(doc, '三、票决与满意度测评')
    const ballots = [...r.votes, ...r.evaluations]
    if (ballots.length)
      drawTable(
        doc,
        [
          { header: '日期', width: 70 },
          { header: '事项', width: 260 },
          { header: '类型', width: 80 },
          { header: '签到', width: 50, align: 'center' },
          { header: '已投票', width: 50, align: 'center' },
        ],
        ballots.map((x) => [
          day(x.date),
          x.title,
          KIND[x.kind] ?? x.kind,
          yesNo(x.present),
          yesNo(x.voted),
        ]),
      )
    else doc.fontSize(10).text('本年度无。')
    doc
      .fontSize(8.5)
      .fillColor('#667085')
      .text('票决和测评为无记名投票，本档案只记录是否参加，不含投票内容。')
    doc.fillColor('#101828')
    heading(doc, '四、监督')
    const rows = [
      ...r.supervision.groups.map((x) => ['监督小组', '', x.projectTitle, ROLE[x.role] ?? x.role]),
      ...r.supervision.inspections.map((x) => ['视察', x.date, x.projectTitle, x.findings]),
      ...r.supervision.issues.map((x) => [
        '问题',
        x.raisedOn,
        x.projectTitle,
        `${x.title}（${ISSUE_STATE[x.state] ?? x.state}）`,
      ]),
    ]
    if (rows.length)
      drawTable(
        doc,
        [
          { header: '类型', width: 60 },
          { header: '日期', width: 70 },
          { header: '项目', width: 160 },
          { header: '内容', width: 240 },
        ],
        rows,
      )
    else doc.fontSize(10).text('本年度无。')
  })
}
