/**
 * Exact rational numbers on bigint.
 *
 * Selection rules compare money shares such as B/n or (cost − paid)/k; floating point would
 * turn ties into coin flips, so every share in the analysis is a normalised fraction:
 * `den > 0` and `gcd(|num|, den) = 1`, which makes structural equality value equality.
 */

export interface Rational {
  readonly num: bigint
  readonly den: bigint
}

/** Anything the analysis accepts where a rational is expected: a fraction or an integer. */
export type RationalLike = Rational | bigint | number

export const ZERO: Rational = Object.freeze({ num: 0n, den: 1n })
export const ONE: Rational = Object.freeze({ num: 1n, den: 1n })

/** Converts an integer given as number or bigint; a non-integer number is a caller bug. */
export function toBigInt(value: bigint | number): bigint {
  if (typeof value === 'bigint') return value
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`expected a safe integer, got ${value}`)
  }
  return BigInt(value)
}

export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a
  if (b < 0n) b = -b
  while (b !== 0n) {
    const t = a % b
    a = b
    b = t
  }
  return a
}

export function fromInt(value: bigint | number): Rational {
  return { num: toBigInt(value), den: 1n }
}

/** Builds num/den in lowest terms; throws RangeError on a zero denominator. */
export function fromFraction(num: bigint | number, den: bigint | number = 1n): Rational {
  let n = toBigInt(num)
  let d = toBigInt(den)
  if (d === 0n) throw new RangeError('denominator is zero')
  if (d < 0n) {
    n = -n
    d = -d
  }
  const g = gcd(n, d)
  return g === 1n ? { num: n, den: d } : { num: n / g, den: d / g }
}

export function toRational(value: RationalLike): Rational {
  return typeof value === 'object' ? fromFraction(value.num, value.den) : fromInt(value)
}

export function add(a: Rational, b: Rational): Rational {
  if (a.den === b.den) return fromFraction(a.num + b.num, a.den)
  return fromFraction(a.num * b.den + b.num * a.den, a.den * b.den)
}

export function sub(a: Rational, b: Rational): Rational {
  if (a.den === b.den) return fromFraction(a.num - b.num, a.den)
  return fromFraction(a.num * b.den - b.num * a.den, a.den * b.den)
}

export function mul(a: Rational, b: Rational): Rational {
  return fromFraction(a.num * b.num, a.den * b.den)
}

/** Throws RangeError when dividing by zero. */
export function div(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('division by zero')
  return fromFraction(a.num * b.den, a.den * b.num)
}

export function neg(a: Rational): Rational {
  return { num: -a.num, den: a.den }
}

/** −1, 0 or 1; denominators are positive, so cross-multiplication keeps the order. */
export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const l = a.num * b.den
  const r = b.num * a.den
  return l < r ? -1 : l > r ? 1 : 0
}

export function equals(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den
}

export function min(a: Rational, b: Rational): Rational {
  return compare(a, b) <= 0 ? a : b
}

export function max(a: Rational, b: Rational): Rational {
  return compare(a, b) >= 0 ? a : b
}

export function isZero(a: Rational): boolean {
  return a.num === 0n
}

/** Largest integer ≤ a (bigint division truncates toward zero, so negatives need a step down). */
export function floor(a: Rational): bigint {
  const q = a.num / a.den
  return a.num < 0n && q * a.den !== a.num ? q - 1n : q
}

/** `"7"` or `"50000/159"`, the notation of the reference outcomes. */
export function formatRational(a: Rational): string {
  return a.den === 1n ? a.num.toString() : `${a.num}/${a.den}`
}

const RATIONAL_TEXT = /^\s*(-?\d+)\s*(?:\/\s*(\d+)\s*)?$/

/** Parses `"7"`, `"-3"` or `"50000/159"`; throws RangeError on anything else. */
export function parseRational(text: string): Rational {
  const m = RATIONAL_TEXT.exec(text)
  if (!m) throw new RangeError(`not a rational: ${JSON.stringify(text)}`)
  return fromFraction(BigInt(m[1]!), m[2] === undefined ? 1n : BigInt(m[2]))
}
