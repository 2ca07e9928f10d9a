import type { JurisdictionLevel } from '@ms/db'
import type { PublishedVoteFigures } from '../ballots/ballots.exports.js'
import { drawTable, heading, renderPdf, type PdfFont, type TableColumn } from './reports.pdf-kit.js'

/**
 * The 公告 (result announcement) of a cycle's published selection vote: who issues it, the
 * session, the turnout and ballots, the rule applied, the chosen projects in order (marking any
 * place a runoff decided), every candidate's counts, and the closing line. `buildAnnouncement`
 * is pure (tested on its own, with exact wording); `announcementPdf` only lays its text out.
 */

export interface AnnouncementInput {
  jurisdiction: { name: string; level: JurisdictionLevel }
  cycle: { year: number; title: string }
  /** The published selection, then each published runoff that decided one of its ties. */
  votes: PublishedVoteFigures[]
  /** Responsible unit per candidate id (承办单位), '' when unknown. */
  units: ReadonlyMap<string, string>
}

export interface ChosenProject {
  place: number
  candidateId: string
  title: string
  unit: string
  for: number
  against: number
  abstain: number
  /** Set when a runoff (决选) decided this place: the runoff's own counts. */
  runoff: { for: number; against: number; abstain: number } | null
}

export interface Announcement {
  issuer: string
  title: string
  /** China date of the session (the selection vote's opening), e.g. 2026年1月15日. */
  sessionDate: string
  /** China date of the announcement (the last publication in the chain). */
  issuedDate: string
  form: 'for_against_abstain' | 'approve_up_to_n'
  intro: string
  /** 一、投票情况 */
  turnout: string
  /** 二、票决规则 */
  rule: string
  /** 三、票决结果: the sentence above the table, the table, then runoffs and remarks. */
  resultLead: string
  chosen: ChosenProject[]
  runoffs: string[]
  remarks: string[]
  /** 四、各候选项目得票情况 (the selection vote, rank order, then those that did not pass). */
  candidates: {
    rank: number | null
    title: string
    for: number
    against: number
    abstain: number
    outcome: string
  }[]
  closing: string
}

const CN_OFFSET_MS = 8 * 3600_000

/** ISO instant → the China (UTC+8) calendar date written 2026年1月5日; '' for null. */
export function chinaDateCn(iso: string | null): string {
  if (!iso) return ''
  const d = new Date(new Date(iso).getTime() + CN_OFFSET_MS)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}

/** Townships have no standing committee: their congress's presidium (主席团) issues it. */
export function issuerOf(j: { name: string; level: JurisdictionLevel }): string {
  return j.level === 'township' ? `${j.name}人民代表大会主席团` : `${j.name}人民代表大会常务委员会`
}

const joinTitles = (ts: string[]) => ts.map((x) => `“${x}”`).join('、')

function ballotsSentence(v: PublishedVoteFigures): string {
  const parts: string[] = []
  if (v.ballots.electronic > 0 || v.paper.issued === null)
    parts.push(`收到电子表决票 ${v.ballots.electronic} 张`)
  if (v.paper.issued !== null)
    parts.push(`发出纸质表决票 ${v.paper.issued} 张，收回 ${v.paper.returned ?? 0} 张`)
  return `${parts.join('；')}。共计票 ${v.ballots.valid + v.ballots.invalid} 张，其中有效票 ${v.ballots.valid} 张，无效票 ${v.ballots.invalid} 张。`
}

export function buildAnnouncement(input: AnnouncementInput): Announcement {
  const [selection, ...runoffs] = input.votes
  if (!selection || selection.kind !== 'selection')
    throw new Error('An announcement needs the published selection vote first')
  const { name } = input.jurisdiction
  const year = input.cycle.year
  const approve = selection.form === 'approve_up_to_n'
  const unit = (id: string) => input.units.get(id) ?? ''
  const byRank = (rows: PublishedVoteFigures['rows']) =>
    [...rows].sort(
      (a, b) =>
        (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || b.for - a.for,
    )

  const chosen: ChosenProject[] = []
  for (const r of byRank(selection.rows).filter((x) => x.selected))
    chosen.push({
      place: chosen.length + 1,
      candidateId: r.candidateId,
      title: r.title,
      unit: unit(r.candidateId),
      for: r.for,
      against: r.against,
      abstain: r.abstain,
      runoff: null,
    })
  const mainRow = new Map(selection.rows.map((r) => [r.candidateId, r]))
  const runoffText: string[] = []
  runoffs.forEach((ro, i) => {
    const tied = ro.rows.map((r) => r.title)
    const winners = byRank(ro.rows).filter((r) => r.selected)
    for (const w of winners) {
      const m = mainRow.get(w.candidateId)
      chosen.push({
        place: chosen.length + 1,
        candidateId: w.candidateId,
        title: w.title,
        unit: unit(w.candidateId),
        for: m?.for ?? 0,
        against: m?.against ?? 0,
        abstain: m?.abstain ?? 0,
        runoff: { for: w.for, against: w.against, abstain: w.abstain },
      })
    }
    const outcome = winners.length
      ? `${winners.map((w) => `“${w.title}”获赞成票 ${w.for} 票`).join('，')}，确定为民生实事项目`
      : '没有项目确定'
    runoffText.push(
      `${runoffs.length > 1 ? `第${i + 1}次` : ''}决选（${chinaDateCn(ro.openedAt)}）：对得票相同的${joinTitles(tied)}进行决选，名额 ${ro.seats} 个；应到代表 ${ro.turnout.entitled} 名，实到 ${ro.turnout.present} 名，有效票 ${ro.ballots.valid} 张，无效票 ${ro.ballots.invalid} 张；须获赞成票 ${ro.threshold} 票以上。${outcome}。`,
    )
  })

  const last = input.votes.at(-1)!
  const remarks: string[] = []
  if (last.ties.length) {
    const titles = last.rows.filter((r) => last.ties.includes(r.candidateId)).map((r) => r.title)
    remarks.push(
      `${joinTitles(titles)}得票相同，剩余 ${selection.seats - chosen.length} 个名额须经决选确定，结果另行公告。`,
    )
  }
  if (last.shortfall > 0)
    remarks.push(
      `获得过半数赞成票的项目少于拟确定数，尚缺 ${last.shortfall} 个项目，按规定另行确定。`,
    )

  const selected = new Set(chosen.map((c) => c.candidateId))
  const candidates = byRank(selection.rows).map((r) => ({
    rank: r.rank,
    title: r.title,
    for: r.for,
    against: r.against,
    abstain: r.abstain,
    outcome: selected.has(r.candidateId)
      ? chosen.find((c) => c.candidateId === r.candidateId)!.runoff
        ? '经决选确定'
        : '确定'
      : selection.ties.includes(r.candidateId)
        ? '同票，决选'
        : r.passed
          ? '通过，未进入名额'
          : '未过半数',
  }))

  const basisWord = selection.basis === 'all' ? '全体代表' : '出席代表'
  const formSentence = approve
    ? `表决采用在候选项目中划“同意”的方式，每张表决票同意的项目不得超过 ${selection.seats} 个，超过的为无效票。`
    : `表决采用对每个候选项目表示“赞成”“反对”“弃权”的方式，每张表决票赞成的项目不得超过 ${selection.seats} 个，超过的为无效票。`
  const approveWord = approve ? '同意' : '赞成'
  return {
    issuer: issuerOf(input.jurisdiction),
    title: `${name}${year}年民生实事项目人大代表票决结果公告`,
    sessionDate: chinaDateCn(selection.openedAt),
    issuedDate: chinaDateCn(last.publishedAt),
    form: selection.form,
    intro: `${chinaDateCn(selection.openedAt)}，${name}人大代表以无记名投票方式，对${input.cycle.title}的 ${selection.rows.length} 个候选项目进行了票决，拟确定 ${selection.seats} 个项目。现将票决结果公告如下：`,
    turnout: `应到代表 ${selection.turnout.entitled} 名，实到代表 ${selection.turnout.present} 名，参加投票 ${selection.turnout.voted} 名，出席代表超过应到代表的半数。${ballotsSentence(selection)}`,
    rule: `${formSentence}候选项目获得的${approveWord}票超过${basisWord}（${selection.basisCount} 名）的半数，即不少于 ${selection.threshold} 票的为通过；在通过的项目中按${approveWord}票多少确定前 ${selection.seats} 个项目。${approveWord}票相同且跨越名额的，不以任何方式自行排序，由代表对同票项目进行决选。`,
    resultLead: chosen.length
      ? `确定以下 ${chosen.length} 个项目为${name}${year}年民生实事项目（按名次排列）：`
      : '本次票决没有项目获得确定。',
    chosen,
    runoffs: runoffText,
    remarks,
    candidates,
    closing: '特此公告。',
  }
}

/** The announcement as an A4 PDF (issuer header in red, body, tables, signature and date). */
export function announcementPdf(a: Announcement, font: PdfFont): Promise<Buffer> {
  const approve = a.form === 'approve_up_to_n'
  return renderPdf(font, { title: a.title }, (doc) => {
    const left = doc.page.margins.left
    const width = doc.page.width - left - doc.page.margins.right
    doc.fontSize(20).fillColor('#C8102E').text(a.issuer, { align: 'center', characterSpacing: 2 })
    doc.moveDown(0.3)
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .lineWidth(1.5)
      .stroke('#C8102E')
    doc.moveDown(1)
    doc.fillColor('#101828').fontSize(16).text(a.title, { align: 'center' })
    doc.moveDown(0.8)
    const para = (text: string) =>
      doc.fontSize(11).fillColor('#101828').text(text, left, doc.y, {
        width,
        indent: 22,
        lineGap: 3,
        align: 'justify',
      })
    para(a.intro)
    heading(doc, '一、投票情况')
    para(a.turnout)
    heading(doc, '二、票决规则')
    para(a.rule)
    heading(doc, '三、票决结果')
    para(a.resultLead)
    doc.moveDown(0.4)
    if (a.chosen.length) {
      const counts: TableColumn[] = approve
        ? [
            { header: '同意', width: 42, align: 'right' },
            { header: '未同意', width: 46, align: 'right' },
          ]
        : [
            { header: '赞成', width: 40, align: 'right' },
            { header: '反对', width: 40, align: 'right' },
            { header: '弃权', width: 40, align: 'right' },
          ]
      drawTable(
        doc,
        [
          { header: '序号', width: 34, align: 'center' },
          { header: '项目名称', width: 160 },
          { header: '承办单位', width: 100 },
          ...counts,
          { header: '备注', width: 110 },
        ],
        a.chosen.map((c) => [
          String(c.place),
          c.title,
          c.unit,
          ...(approve
            ? [String(c.for), String(c.abstain)]
            : [String(c.for), String(c.against), String(c.abstain)]),
          c.runoff ? `经决选确定（决选${approve ? '同意' : '赞成'} ${c.runoff.for} 票）` : '',
        ]),
        10,
      )
    }
    for (const r of a.runoffs) para(r)
    for (const r of a.remarks) para(r)
    heading(doc, '四、各候选项目得票情况')
    drawTable(
      doc,
      [
        { header: '名次', width: 34, align: 'center' },
        { header: '候选项目', width: 190 },
        ...(approve
          ? [
              { header: '同意', width: 46, align: 'right' as const },
              { header: '未同意', width: 50, align: 'right' as const },
            ]
          : [
              { header: '赞成', width: 44, align: 'right' as const },
              { header: '反对', width: 44, align: 'right' as const },
              { header: '弃权', width: 44, align: 'right' as const },
            ]),
        { header: '结果', width: 100, align: 'center' },
      ],
      a.candidates.map((c) => [
        c.rank === null ? '—' : String(c.rank),
        c.title,
        ...(approve
          ? [String(c.for), String(c.abstain)]
          : [String(c.for), String(c.against), String(c.abstain)]),
        c.outcome,
      ]),
      9.5,
    )
    // The closing line stays on the page with the issuer and date.
    if (doc.y > doc.page.height - doc.page.margins.bottom - 120) doc.addPage()
    para(a.closing)
    doc.moveDown(2)
    doc.fontSize(11).text(a.issuer, left, doc.y, { width, align: 'right' })
    doc.moveDown(0.3)
    doc.text(a.issuedDate, left, doc.y, { width, align: 'right' })
  })
}
