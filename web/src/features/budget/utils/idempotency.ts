/**
 * Idempotency keys for the finance console's money writes (decision 046). A submission keeps its
 * key until it succeeds, so pressing the button again after a network error or a timeout (or a
 * react-query retry) resends the same key, and the API answers with the first attempt's result
 * instead of recording the payment twice. Changed values are another submission: a new key.
 */

export const IDEMPOTENCY_HEADER = 'Idempotency-Key'

/** A random UUID v4. `crypto.randomUUID` needs a secure context; `getRandomValues` does not. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** The key of one form's submission: the same values keep their key until they succeed. */
export class SubmissionKeys {
  private last: { values: string; key: string } | null = null

  constructor(private readonly generate: () => string = newIdempotencyKey) {}

  keyFor(values: unknown): string {
    const v = JSON.stringify(values)
    if (this.last?.values !== v) this.last = { values: v, key: this.generate() }
    return this.last.key
  }

  /** The submission with these values is done: the next one, even if identical, is new. */
  succeeded(values: unknown): void {
    if (this.last?.values === JSON.stringify(values)) this.last = null
  }
}
