import type { Context } from 'hono'
import type { AppEnv } from './context.js'

/** The media type of an .xlsx workbook. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** `name` reduced to printable ASCII without quotes or backslashes (the plain `filename=`). */
export const asciiFileName = (name: string) =>
  name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')

/**
 * Answers 200 with a file to save (an .xlsx workbook, a CSV, a scan): its media type, an
 * attachment disposition carrying both an ASCII `filename` and the UTF-8 `filename*` (RFC 6266,
 * so a Chinese name survives), and `cache-control: no-store` (these are not public data). A
 * string body is sent as UTF-8.
 */
export function sendDownload(
  c: Context<AppEnv, any, any>,
  file: { bytes: Uint8Array | string; type: string; name: string; ascii?: string },
) {
  const body = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : file.bytes
  const ascii = asciiFileName(file.ascii ?? file.name)
  return c.body(body as Uint8Array<ArrayBuffer>, 200, {
    'content-type': file.type,
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'cache-control': 'no-store',
  })
}
