import fs from 'node:fs'
import PDFDocument from 'pdfkit'
import { ApiError } from '../shared/errors.js'

/**
 * The printable documents of the year-end report and the deputy record (述职), in Chinese: they
 * need the CJK font the ballot sheet uses (env PDF_FONT / PDF_FONT_FACE). Without one the answer
 * is 503 PDF_FONT_MISSING, as for the ballot sheet — a document of empty boxes would be worse.
 */
const fonts = new Map<string, Buffer>()

export interface PdfFont {
  buffer: Buffer
  face: string
}

export function loadFont(env: { PDF_FONT: string; PDF_FONT_FACE: string }): PdfFont {
  let buffer = fonts.get(env.PDF_FONT)
  if (!buffer) {
    try {
      buffer = fs.readFileSync(env.PDF_FONT)
    } catch {
      throw new ApiError(
        503,
        'PDF_FONT_MISSING',
        `No Chinese font for printing at ${env.PDF_FONT}: install fonts-noto-cjk or set PDF_FONT`,
      )
    }
    fonts.set(env.PDF_FONT, buffer)
  }
  return { buffer, face: env.PDF_FONT_FACE }
}

export type Doc = PDFKit.PDFDocument

/**
 * Renders an A4 document with the CJK font set on every page; `draw` writes the content.
 * Resolves to the PDF bytes.
 */
export function renderPdf(
  font: PdfFont,
  info: { title: string; landscape?: boolean },
  draw: (doc: Doc) => void,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      layout: info.landscape ? 'landscape' : 'portrait',
      margins: { top: 48, bottom: 48, left: 44, right: 44 },
      info: { Title: info.title, Creator: '民生实事票决平台' },
      bufferPages: true,
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
    doc.on('pageAdded', () => doc.font(font.buffer, font.face))
    try {
      draw(doc)
      // Page numbers: 第 n 页 / 共 m 页.
      const range = doc.bufferedPageRange()
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i)
        const bottom = doc.page.margins.bottom
        doc.page.margins.bottom = 0
        doc
          .fontSize(8)
          .fillColor('#667085')
          .text(
            `第 ${i + 1} 页 / 共 ${range.count} 页`,
            doc.page.margins.left,
            doc.page.height - 30,
            {
              width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
              align: 'center',
            },
          )
        doc.page.margins.bottom = bottom
      }
      doc.end()
    } catch (e) {
      reject(e)
    }
  })
}

export interface TableColumn {
  header: string
  width: number
  align?: 'left' | 'center' | 'right'
}

/** A simple ruled table that breaks across pages and repeats its header. */
export function drawTable(doc: Doc, columns: TableColumn[], rows: string[][], fontSize = 9) {
  const left = doc.page.margins.left
  const total = columns.reduce((s, c) => s + c.width, 0)
  const avail = doc.page.width - left - doc.page.margins.right
  const scale = avail / total
  const cols = columns.map((c) => ({ ...c, w: c.width * scale }))
  const row = (cells: string[], header: boolean) => {
    doc.fontSize(fontSize)
    const heights = cells.map((t, i) => doc.heightOfString(t || ' ', { width: cols[i]!.w - 6 }))
    const h = Math.max(18, ...heights.map((x) => x + 8))
    if (doc.y + h > doc.page.height - doc.page.margins.bottom - 20) {
      doc.addPage()
      if (!header)
        row(
          cols.map((c) => c.header),
          true,
        )
    }
    const y = doc.y
    let x = left
    cells.forEach((t, i) => {
      const c = cols[i]!
      if (header) doc.rect(x, y, c.w, h).fillAndStroke('#EFF3F8', '#98A2B3')
      else doc.rect(x, y, c.w, h).lineWidth(0.5).stroke('#98A2B3')
      doc.fillColor('#101828').text(t, x + 3, y + 4, {
        width: c.w - 6,
        align: header ? 'center' : (c.align ?? 'left'),
      })
      x += c.w
    })
    doc.x = left
    doc.y = y + h
  }
  row(
    cols.map((c) => c.header),
    true,
  )
  for (const r of rows) row(r, false)
  doc.moveDown(0.6)
}

export function heading(doc: Doc, text: string, size = 12) {
  if (doc.y > doc.page.height - doc.page.margins.bottom - 60) doc.addPage()
  doc.moveDown(0.4)
  doc.fontSize(size).fillColor('#1D4E89').text(text, doc.page.margins.left)
  doc.fillColor('#101828').moveDown(0.3)
}
