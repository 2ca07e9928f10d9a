/**
 * Type parsing shared by both backends, so PGlite and postgres.js hand the
 * application the same JS values:
 * - int8 (bigint, count(*), sum of int) → number; values beyond 2^53 are refused
 *   loudly rather than rounded (money is fen: 2^53 fen is ~90 trillion yuan).
 * - numeric → string (exact; callers decide how to do arithmetic).
 * - date → 'YYYY-MM-DD' string (no timezone shift).
 * - timestamptz → Date.
 */
export const OID = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  timestamptz: 1184,
  timestamp: 1114,
} as const

export function parseInt8(value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n))
    throw new RangeError(`int8 value ${value} exceeds the safe integer range`)
  return n
}

export const parseDate = (value: string): string => value
export const parseNumeric = (value: string): string => value
