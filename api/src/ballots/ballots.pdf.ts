import fs from 'node:fs'
import PDFDocument from 'pdfkit'
import { ApiError } from '../shared/errors.js'

/**
 * The printable paper ballot (表决票) for halls that vote on paper. Chinese text needs a CJK font;
 * without one pdfkit would print empty boxes, and a ballot sheet nobody can read is worse than
 * none, so a missing font is a 503 with its own code (an operator fixes it by installing
 * fonts-noto-cjk or pointing PDF_FONT at a font) rather than a broken PDF or a 500.
 */
const fontCache = new Map<string, Buffer>()

export function loadPdfFont(path: string): Buffer {
  const cached = fontCache.get(path)
  if (cached) return cached
  let buf: Buffer
  try {
    buf = fs.readFileSync(path)
  } catch {
    throw new ApiError(
      503,
      'PDF_FONT_MISSING',
      `No Chinese font for printing at ${path}: install fonts-noto-cjk or set PDF_FONT`,
    )
  }
  fontCache.set(path, buf)
  return buf
}

export interface SheetData {
  title: string
  kind: 'selection' | 'runoff' | 'evaluation'
  seats: number
  form: 'for_against_abstain' | 'approve_up_to_n' | 'satisfaction'
  candidates: { title: string; responsibleUnit: string; estimateFen: number }[]
}

const wan = (fen: number) => {
  const s = (fen / 1_000_000).toFixed(2)
  return s.replace(/\.?0+$/, '')
}

export function renderBallotSheet(
  data: SheetData,
  font: { buffer: Buffer; face: string },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 50, bottom: 50, left: 50, right: 50 },
      info: { Title: `${data.title} 表决票` },
    })
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    try {
      doc.font(font.buffer, font.face)
    } catch {
      reject(
        new ApiError(
          503,
          'PDF_FONT_MISSING',
          `The font file holds no face named ${font.face}: set PDF_FONT_FACE`,
        ),
      )
      return
    }
    const left = doc.page.margins.left
    const width = doc.page.width - left - doc.page.margins.right
    const approve = data.form === 'approve_up_to_n'
    const rating = data.form === 'satisfaction'

    doc.fontSize(18).text(`${data.title}`, { align: 'center' })
    doc.moveDown(0.3)
    doc
      .fontSize(16)
      .text(rating ? '满意度测评票' : '表 决 票', { align: 'center', characterSpacing: 4 })
    doc.moveDown(0.5)
    doc
      .fontSize(10)
      .text(
        rating
          ? `测评项目 ${data.candidates.length} 个`
          : `候选项目 ${data.candidates.length} 个，拟确定 ${data.seats} 个`,
        { align: 'center' },
      )
    doc.moveDown(0.8)

    const rules = rating
      ? [
          '请在每个项目右侧“满意”“基本满意”“不满意”“弃权”四栏中选择一栏划“○”；不划的视为弃权。',
          '同一项目划两个以上“○”的，或涂改、在栏外书写、无法辨认的，本票无效。',
          '请用黑色签字笔填写。本次测评为无记名投票，请勿在票上署名或作记号。',
        ]
      : approve
        ? [
            `在同意的候选项目右侧“同意”栏内划“○”，最多划 ${data.seats} 个；不划的视为不同意。`,
            `划“○”超过 ${data.seats} 个的，本票无效。`,
            '请用黑色签字笔填写；涂改或在栏外书写、无法辨认的，本票无效。',
          ]
        : [
            '请在每个候选项目右侧“赞成”“反对”“弃权”三栏中选择一栏划“○”；不划的视为弃权。',
            `赞成的项目不得超过 ${data.seats} 个，超过的本票无效。`,
            '同一项目划两个以上“○”的，或涂改、在栏外书写、无法辨认的，本票无效。',
            '请用黑色签字笔填写。本次表决为无记名投票，请勿在票上署名或作记号。',
          ]
    doc.fontSize(11).text('填票说明：')
    doc.fontSize(10)
    rules.forEach((r, i) => doc.text(`${i + 1}. ${r}`, { indent: 10 }))
    doc.moveDown(0.8)

    const markCols = rating
      ? ['满意', '基本满意', '不满意', '弃权']
      : approve
        ? ['同意']
        : ['赞成', '反对', '弃权']
    const markW = 44
    const noW = 32
    const amountW = 70
    const unitW = 110
    const titleW = width - noW - unitW - amountW - markW * markCols.length
    const cols = [
      { label: '序号', w: noW },
      { label: rating ? '测评项目' : '候选项目', w: titleW },
      { label: '承办单位', w: unitW },
      { label: '估算金额（万元）', w: amountW },
      ...markCols.map((label) => ({ label, w: markW })),
    ]

    const drawRow = (cells: string[], header: boolean) => {
      doc.fontSize(header ? 9.5 : 10)
      const heights = cells.map((t, i) =>
        doc.heightOfString(t, { width: cols[i]!.w - 8, align: 'center' }),
      )
      const h = Math.max(26, ...heights.map((x) => x + 12))
      if (doc.y + h > doc.page.height - doc.page.margins.bottom - 40) {
        doc.addPage()
        doc.font(font.buffer, font.face)
      }
      const y = doc.y
      let x = left
      cells.forEach((t, i) => {
        const w = cols[i]!.w
        doc.rect(x, y, w, h).lineWidth(0.7).stroke()
        const th = heights[i]!
        doc.text(t, x + 4, y + (h - th) / 2, {
          width: w - 8,
          align: i === 1 || i === 2 ? (header ? 'center' : 'left') : 'center',
        })
        x += w
      })
      doc.x = left
      doc.y = y + h
    }

    drawRow(
      cols.map((c) => c.label),
      true,
    )
    data.candidates.forEach((c, i) =>
      drawRow(
        [String(i + 1), c.title, c.responsibleUnit, wan(c.estimateFen), ...markCols.map(() => '')],
        false,
      ),
    )

    doc.moveDown(1.2)
    doc.fontSize(10).text('票号（开箱计票时由计票人填写）：____________', left, doc.y)
    doc.end()
  })
}
