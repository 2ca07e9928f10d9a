/**
 * Exact conversions between what staff type and what the API stores (CONVENTIONS.md: money in
 * integer fen; decisions/010: ratios in ten-thousandths). No float ever touches an amount or a
 * ratio here: text is split into digits and recombined as integers.
 */
import {
  RATIO_SCALE,
  requiredCandidates,
  ratioToDecimal,
  toTenThousandths,
} from '@ms/api/schemas/cycles/cycles.rules.js'

/** The API's own margin rule (pure, integer arithmetic), so the preview is what the lock checks. */
export { requiredCandidates }

const FEN_PER_WAN = 1_000_000
const MAX_FEN = 100_000_000_000_000

/**
 * A percentage as typed ("50", "12.5", "33.33", "20%") → ten-thousandths of 1 (5000, 1250,
 * 3333, 2000), or null when it is not a number in 0–100 with at most 2 decimals.
 */
export function percentToTenThousandths(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null
  const t = String(text).trim().replace(/%$/, '').trim()
  const m = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(t)
  if (!m) return null
  const value = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return value <= RATIO_SCALE ? value : null
}

/** Ten-thousandths → the percentage text a person reads (5000 → "50", 1250 → "12.5"). */
export function tenThousandthsToPercent(tt: number): string {
  const whole = Math.floor(tt / 100)
  const frac = String(tt % 100)
    .padStart(2, '0')
    .replace(/0+$/, '')
  return frac ? `${whole}.${frac}` : String(whole)
}

/** The API's ratio number (0.125) → ten-thousandths (1250); null when it is not a 4-decimal ratio. */
export const ratioToTenThousandths = (ratio: number): number | null => toTenThousandths(ratio)

/**
 * Ten-thousandths → the JSON number the API takes (1250 → 0.125). Division of an integer by 10⁴
 * gives the double whose shortest form is exactly those 4 decimals, which is how the API reads it.
 */
export const tenThousandthsToRatio = (tt: number): number => tt / RATIO_SCALE

/** ceil(N × (1 + r)) with r in ten-thousandths; null while an input is incomplete. */
export function requiredFor(seats: number | null | undefined, tt: number | null): number | null {
  if (tt === null || seats === null || seats === undefined) return null
  if (!Number.isSafeInteger(seats) || seats < 1) return null
  return requiredCandidates(seats, ratioToDecimal(tt))
}

/**
 * An amount in 万元 as typed ("1000", "85.5", "0.000001") → integer fen, or null when it is not a
 * non-negative amount to at most the fen (6 decimals of 万元).
 */
export function wanToFen(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null
  const t = String(text).replace(/[,，\s]/g, '')
  const m = /^(\d+)(?:\.(\d{0,6}))?$/.exec(t)
  if (!m) return null
  const fen = Number(m[1]) * FEN_PER_WAN + Number((m[2] ?? '').padEnd(6, '0'))
  return Number.isSafeInteger(fen) && fen <= MAX_FEN ? fen : null
}

/** Integer fen → 万元 as exact text without trailing zeros (85_500_000 → "85.5"). */
export function fenToWan(fen: number): string {
  const n = BigInt(fen)
  const whole = n / BigInt(FEN_PER_WAN)
  const frac = (n % BigInt(FEN_PER_WAN)).toString().padStart(6, '0').replace(/0+$/, '')
  return frac ? `${whole}.${frac}` : whole.toString()
}
