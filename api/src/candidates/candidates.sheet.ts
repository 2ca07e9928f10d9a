import { inflateRawSync } from 'node:zlib'
import ExcelJS from 'exceljs'
import { parse as parseCsv } from 'csv-parse/sync'

/**
 * Spreadsheet I/O for the candidate import/export: .xlsx through exceljs, .csv through csv-parse
 * (UTF-8 with or without BOM, or GB18030 — what Excel in Chinese Windows saves by default).
 * Everything comes back as text cells; the import rules give them meaning.
 */

export interface TableRow {
  /** The row number a person sees in the spreadsheet (header = 1). */
  row: number
  cells: string[]
}

export class UnreadableFile extends Error {}

const ZIP = [0x50, 0x4b, 0x03, 0x04]
const OLE = [0xd0, 0xcf, 0x11, 0xe0] // legacy .xls
const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x)

/** Limits that keep a 1 MB upload from expanding into gigabytes (zip bombs) or endless rows. */
export const SHEET_LIMITS = {
  maxUnzippedBytes: 40 * 1024 * 1024,
  maxEntries: 500,
  maxRows: 1000,
  /** Columns read per row (the template has 11; the rest is ignored). */
  maxColumns: 50,
}

export async function readTable(bytes: Uint8Array): Promise<TableRow[]> {
  if (startsWith(bytes, OLE))
    throw new UnreadableFile('Old .xls files are not supported: save the sheet as .xlsx or .csv')
  return startsWith(bytes, ZIP) ? readXlsx(bytes) : readCsv(bytes)
}

/**
 * Inflates every entry with a hard output cap before exceljs sees the file: the sizes a zip
 * declares can lie, zlib's maxOutputLength cannot.
 */
function checkZip(b: Uint8Array) {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  let eocd = -1
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new UnreadableFile('The file is not a valid .xlsx (zip) file')
  const entries = view.getUint16(eocd + 10, true)
  let p = view.getUint32(eocd + 16, true)
  if (entries > SHEET_LIMITS.maxEntries)
    throw new UnreadableFile('The .xlsx file has too many parts')
  let budget = SHEET_LIMITS.maxUnzippedBytes
  for (let n = 0; n < entries; n++) {
    if (p + 46 > b.length || view.getUint32(p, true) !== 0x02014b50)
      throw new UnreadableFile('The .xlsx file is damaged')
    const method = view.getUint16(p + 10, true)
    const compressed = view.getUint32(p + 20, true)
    const nameLen = view.getUint16(p + 28, true)
    const extraLen = view.getUint16(p + 30, true)
    const commentLen = view.getUint16(p + 32, true)
    const local = view.getUint32(p + 42, true)
    if (local + 30 > b.length) throw new UnreadableFile('The .xlsx file is damaged')
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true)
    if (start + compressed > b.length) throw new UnreadableFile('The .xlsx file is damaged')
    const data = b.subarray(start, start + compressed)
    let size: number
    if (method === 0) size = compressed
    else if (method === 8) {
      try {
        size = inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length
      } catch {
        throw new UnreadableFile('The .xlsx file is damaged or expands beyond the size limit')
      }
    } else throw new UnreadableFile('The .xlsx file uses an unsupported compression')
    budget -= size
    if (budget < 0) throw new UnreadableFile('The .xlsx file expands beyond the size limit')
    p += 46 + nameLen + extraLen + commentLen
  }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v.trim()
  if (typeof v === 'number') return String(v)
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10)
  if ('richText' in v)
    return v.richText
      .map((r) => r.text)
      .join('')
      .trim()
  if ('hyperlink' in v) return String(v.text ?? '').trim()
  if ('formula' in v || 'sharedFormula' in v) {
    const r = (v as { result?: unknown }).result
    return r === undefined || r === null || (typeof r === 'object' && !(r instanceof Date))
      ? ''
      : cellText(r as ExcelJS.CellValue)
  }
  if ('error' in v) return ''
  return ''
}

async function readXlsx(bytes: Uint8Array): Promise<TableRow[]> {
  checkZip(bytes)
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never)
  } catch {
    throw new UnreadableFile('The .xlsx file could not be read')
  }
  const ws = wb.worksheets[0]
  if (!ws) throw new UnreadableFile('The workbook has no sheet')
  const out: TableRow[] = []
  let tooMany = false
  try {
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (out.length > SHEET_LIMITS.maxRows) {
        tooMany = true
        return
      }
      const values = row.values as ExcelJS.CellValue[] // 1-based
      const cells: string[] = []
      const width = Math.min(values.length, SHEET_LIMITS.maxColumns + 1)
      for (let i = 1; i < width; i++) cells.push(cellText(values[i]))
      out.push({ row: rowNumber, cells })
    })
  } catch {
    throw new UnreadableFile('The sheet could not be read')
  }
  if (tooMany) throw new UnreadableFile(`The sheet has more than ${SHEET_LIMITS.maxRows} rows`)
  return out
}

function decodeText(bytes: Uint8Array): string {
  let b = bytes
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b)
  } catch {
    return new TextDecoder('gb18030').decode(b)
  }
}

function readCsv(bytes: Uint8Array): TableRow[] {
  const text = decodeText(bytes)
  if (text.includes('\u0000')) throw new UnreadableFile('The file is neither .xlsx nor a CSV text')
  let records: string[][]
  try {
    records = parseCsv(text, { relax_column_count: true, trim: true, bom: true }) as string[][]
  } catch (e) {
    throw new UnreadableFile(`The CSV file could not be read: ${(e as Error).message}`)
  }
  if (records.length > SHEET_LIMITS.maxRows + 1)
    throw new UnreadableFile(`The sheet has more than ${SHEET_LIMITS.maxRows} rows`)
  return records
    .map((cells, i) => ({ row: i + 1, cells: cells.slice(0, SHEET_LIMITS.maxColumns) }))
    .filter((r) => r.cells.some((c) => c !== ''))
}

/** A one-sheet workbook: a bold header row, then the rows; `widths` per column in characters. */
export async function writeXlsx(
  sheetName: string,
  header: string[],
  rows: (string | number | null)[][],
  widths: number[] = [],
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook()
  wb.creator = '民生实事票决平台'
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.addRow(header).font = { bold: true }
  for (const r of rows) ws.addRow(r.map((v) => (v === null ? '' : v)))
  header.forEach((_, i) => {
    ws.getColumn(i + 1).width = widths[i] ?? 16
  })
  const buf = await wb.xlsx.writeBuffer()
  return new Uint8Array(buf as ArrayBuffer)
}
