/**
 * Amounts typed by people are yuan with at most two decimals ("1,234.5"); the API takes integer
 * fen. Parsed as text, never through a float, so "0.29" is 29 fen and not 28.999….
 */
export function yuanToFen(text: string): number | undefined {
  const s = text.replace(/[,，\s¥￥]/g, '')
  const m = /^(-)?(\d{1,14})(?:\.(\d{1,2}))?$/.exec(s)
  if (!m) return undefined
  const fen = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'))
  const n = Number(m[1] ? -fen : fen)
  return Number.isSafeInteger(n) ? n : undefined
}

/** Fen as the plain yuan text an input shows: 123456 → "1234.56". */
export function fenToYuanText(fen: number): string {
  const neg = fen < 0
  const digits = String(Math.abs(fen)).padStart(3, '0')
  return `${neg ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`
}

/** Basis points as a percentage with two decimals: 6250 → "62.50%". */
export function bpText(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return '—'
  return `${Math.trunc(bp / 100)}.${String(Math.abs(bp) % 100).padStart(2, '0')}%`
}
