/**
 * Voucher scans: PDF, JPEG or PNG only, recognised by their first bytes (the declared type and
 * the file name are not trusted), and stored in the database (bytea) — see decision 022.
 */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024

export type VoucherType = 'application/pdf' | 'image/jpeg' | 'image/png'

const SIGNATURES: [VoucherType, number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
]

export function detectFileType(bytes: Uint8Array): VoucherType | undefined {
  for (const [type, sig] of SIGNATURES) {
    if (bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b)) return type
  }
  return undefined
}

const EXT: Record<VoucherType, string> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
}

/**
 * A file name safe to store and to send back in Content-Disposition: no path, no control or
 * quoting characters, at most 120 characters, with the extension of the detected type.
 */
export function safeFileName(name: string, type: VoucherType): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"*<>?|:;]/g, '')
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .trim()
    .slice(0, 100)
  return `${base || 'voucher'}${EXT[type]}`
}
