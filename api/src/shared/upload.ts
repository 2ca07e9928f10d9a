import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ApiError } from './errors.js'
import type { AppEnv } from './context.js'

/**
 * File uploads get their own body limit instead of the global JSON one (BODY_LIMIT_BYTES, 1 MB):
 * the global middleware skips the paths below and the upload routes apply `uploadLimit` (their
 * file limit plus room for the multipart framing). Everything else keeps the small limit.
 */
const UPLOAD_PATHS = [
  /^\/api\/(progress-reports|inspections)\/[^/]+\/photos$/,
  /^\/api\/analysis\/instances$/, // .pb imports: analysis.routes.ts applies its own 16 MB limit
]

export const isUploadPath = (path: string) => UPLOAD_PATHS.some((re) => re.test(path))

/** Multipart framing and a caption field on top of the file itself. */
const FRAMING_BYTES = 64 * 1024

export function uploadLimit(fileBytes: number): MiddlewareHandler<AppEnv> {
  const max = fileBytes + FRAMING_BYTES
  return bodyLimit({
    maxSize: max,
    onError: () => {
      throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `A photo may be at most ${fileBytes} bytes`)
    },
  })
}

/** Reads one file field from a multipart body; 415 for other body types, 400 when it is missing. */
export async function readUpload(
  req: { header(name: string): string | undefined; parseBody(): Promise<Record<string, unknown>> },
  field = 'file',
) {
  const type = req.header('content-type') ?? ''
  if (!/^multipart\/form-data\b/i.test(type))
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the photo as multipart/form-data')
  let body: Record<string, unknown>
  try {
    body = await req.parseBody()
  } catch {
    throw new ApiError(400, 'MALFORMED_MULTIPART', 'The multipart body could not be read')
  }
  const file = body[field]
  if (!(file instanceof File))
    throw new ApiError(
      400,
      'VALIDATION_FAILED',
      `The form needs a file in the field "${field}"`,
      {},
      [{ path: field, message: 'A file is required' }],
    )
  const caption = typeof body.caption === 'string' ? body.caption.trim() : ''
  if (caption.length > 200)
    throw new ApiError(400, 'VALIDATION_FAILED', 'The caption is too long', {}, [
      { path: 'caption', message: 'At most 200 characters' },
    ])
  return {
    file: { type: file.type, size: file.size, bytes: new Uint8Array(await file.arrayBuffer()) },
    caption: caption || null,
  }
}
