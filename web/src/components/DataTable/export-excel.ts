/**
 * Writes rows to an .xlsx file and offers it for download. `write-excel-file` (browser build,
 * ~30 kB) is imported only here, and this module only on click, so no page pays for it upfront.
 */
export type ExcelValue = string | number | boolean | Date | null | undefined

export interface ExcelColumn {
  header: string
  width?: number
}

export async function exportExcel(
  fileName: string,
  sheetName: string,
  columns: ExcelColumn[],
  rows: ExcelValue[][],
) {
  const { default: writeXlsxFile } = await import('write-excel-file/browser')
  const header = columns.map((c) => ({ value: c.header, fontWeight: 'bold' as const }))
  const body = rows.map((r) =>
    r.map((value) => (value === undefined || value === '' ? null : value)),
  )
  await writeXlsxFile([header, ...body], {
    // Sheet names: at most 31 characters, none of : \ / ? * [ ]
    sheet: sheetName.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1',
    columns: columns.map((c) => ({
      width: c.width ?? Math.min(40, Math.max(10, c.header.length * 2 + 4)),
    })),
    stickyRowsCount: 1,
  }).toFile(fileName)
}
