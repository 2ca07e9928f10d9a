/** Basis points → "12.34%" (rounded down by the API already). */
export const bpText = (bp: number | null | undefined) =>
  bp === null || bp === undefined
    ? '—'
    : `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`

/** A year from the query string, or undefined. */
export function yearParam(s: string | null): number | undefined {
  if (!s || !/^\d{4}$/.test(s)) return undefined
  return Number(s)
}
