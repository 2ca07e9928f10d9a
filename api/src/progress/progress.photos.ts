import { createHash } from 'node:crypto'
import sharp from 'sharp'
import { ApiError } from '../shared/errors.js'
import { IMAGE_TYPES, PHOTO_LIMITS, sniffImageType, type ImageType } from './progress.rules.js'

export interface ProcessedPhoto {
  contentType: ImageType
  bytes: Uint8Array
  thumb: Uint8Array
  thumbType: 'image/webp'
  width: number
  height: number
  sha256: string
}

/**
 * Checks an uploaded file and prepares what is stored:
 * 1. the declared type must be JPEG, PNG or WebP (415 otherwise);
 * 2. the magic bytes must say the same type (400 FILE_TYPE_MISMATCH: a renamed file or a polyglot);
 * 3. the size must be within the limit (413);
 * 4. sharp must decode it within the pixel limit (400 INVALID_IMAGE: truncated or a decompression bomb);
 * 5. the stored original is re-encoded in its own format, turned upright and scaled to fit
 *    PHOTO_LIMITS.maxEdge — which also drops EXIF metadata such as the GPS position of the phone;
 *    the thumbnail is a WebP of thumbEdge pixels.
 */
export async function processPhoto(file: {
  type: string
  size: number
  bytes: Uint8Array
}): Promise<ProcessedPhoto> {
  const declared = file.type.split(';')[0]!.trim().toLowerCase()
  if (!(IMAGE_TYPES as readonly string[]).includes(declared)) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Photos must be JPEG, PNG or WebP images')
  }
  if (file.size > PHOTO_LIMITS.maxBytes || file.bytes.byteLength > PHOTO_LIMITS.maxBytes) {
    throw new ApiError(
      413,
      'PAYLOAD_TOO_LARGE',
      `A photo may be at most ${PHOTO_LIMITS.maxBytes} bytes`,
    )
  }
  const sniffed = sniffImageType(file.bytes)
  if (sniffed !== declared) {
    throw new ApiError(
      400,
      'FILE_TYPE_MISMATCH',
      sniffed
        ? `The file is a ${sniffed} image but was sent as ${declared}`
        : 'The file content is not a JPEG, PNG or WebP image',
    )
  }
  const opts = { limitInputPixels: PHOTO_LIMITS.maxPixels, failOn: 'error' as const }
  try {
    const base = sharp(file.bytes, opts).rotate().resize({
      width: PHOTO_LIMITS.maxEdge,
      height: PHOTO_LIMITS.maxEdge,
      fit: 'inside',
      withoutEnlargement: true,
    })
    const encoded =
      sniffed === 'image/jpeg'
        ? base.jpeg({ quality: 88, mozjpeg: true })
        : sniffed === 'image/png'
          ? base.png({ compressionLevel: 9 })
          : base.webp({ quality: 88 })
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true })
    const thumb = await sharp(data)
      .resize({
        width: PHOTO_LIMITS.thumbEdge,
        height: PHOTO_LIMITS.thumbEdge,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .webp({ quality: 75 })
      .toBuffer()
    return {
      contentType: sniffed,
      bytes: new Uint8Array(data),
      thumb: new Uint8Array(thumb),
      thumbType: 'image/webp',
      width: info.width,
      height: info.height,
      sha256: createHash('sha256').update(data).digest('hex'),
    }
  } catch (e) {
    if (e instanceof ApiError) throw e
    throw new ApiError(
      400,
      'INVALID_IMAGE',
      'The image could not be read (damaged, or too many pixels)',
    )
  }
}

/** A small generated PNG (demo data and tests): a coloured field with a lighter band, no files. */
export function generatePng(
  width: number,
  height: number,
  rgb: [number, number, number],
  label?: string,
) {
  const [r, g, b] = rgb
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <rect width="100%" height="100%" fill="rgb(${r},${g},${b})"/>
  <rect y="${Math.round(height * 0.62)}" width="100%" height="${Math.round(height * 0.38)}" fill="rgba(255,255,255,0.25)"/>
  <rect x="${Math.round(width * 0.12)}" y="${Math.round(height * 0.3)}" width="${Math.round(width * 0.3)}" height="${Math.round(height * 0.32)}" fill="rgba(255,255,255,0.55)"/>
  ${label ? `<text x="${Math.round(width * 0.5)}" y="${Math.round(height * 0.5)}" font-size="${Math.round(height / 9)}" fill="white" font-family="sans-serif">${label.replace(/[<&>]/g, '')}</text>` : ''}
</svg>`
  return sharp(Buffer.from(svg))
    .png()
    .toBuffer()
    .then((b) => new Uint8Array(b))
}
