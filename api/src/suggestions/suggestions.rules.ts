/** Pure rules of the solicitation (征集): tracking codes, spam screening, rate limits. */

/**
 * Crockford-style alphabet without look-alikes (no 0/O, 1/I/L, U): codes are read aloud on the
 * phone and typed from paper slips.
 */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ'

/**
 * A tracking code like "K7QM-3XPA-9RTD": 12 symbols from 30 (≈ 59 bits), so codes cannot be
 * guessed or enumerated; `random` fills a byte array (crypto.getRandomValues in production).
 */
export function newTrackingCode(random: (bytes: Uint8Array) => Uint8Array): string {
  const out: string[] = []
  while (out.length < 12) {
    for (const b of random(new Uint8Array(16))) {
      // Rejection sampling keeps every symbol equally likely (240 = 8 × 30).
      if (b < 240 && out.length < 12) out.push(ALPHABET[b % 30]!)
    }
  }
  return `${out.slice(0, 4).join('')}-${out.slice(4, 8).join('')}-${out.slice(8).join('')}`
}

/**
 * The canonical form of a code as a person typed it (any case, spaces or dashes, O for 0 and
 * I/L for 1 are not in the alphabet so they simply fail), or null when it cannot be a code.
 */
export function normalizeTrackingCode(input: string): string | null {
  const raw = input.toUpperCase().replace(/[\s-]/g, '')
  if (raw.length !== 12) return null
  for (const ch of raw) if (!ALPHABET.includes(ch)) return null
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`
}

/**
 * Limits on the no-login form. Counted in the database (rows of the last hour/day with the same
 * address hash), so they hold across API instances.
 */
export const PUBLIC_LIMITS = {
  /** Per address. A family or office behind one address still gets a few. */
  perAddressPerHour: 5,
  perAddressPerDay: 20,
  /** Per cycle, all addresses together: a brake on a distributed flood. */
  perCyclePerHour: 600,
  /** A person needs a few seconds to fill the form; bots post at once. */
  minFillMs: 3_000,
  /** Address hashes are erased after this (data minimisation): the limits only look back a day. */
  hashRetentionHours: 48,
}

export type SpamVerdict = { ok: true } | { ok: false; code: 'SPAM_SUSPECTED'; message: string }

/**
 * Trivial-spam screen: the honeypot field (hidden in the form, so people leave it empty while
 * form-filling bots fill it) and the minimum fill time the page measured.
 */
export function screenSubmission(input: { website?: string; fillMs: number }): SpamVerdict {
  if (input.website && input.website.trim() !== '') {
    return {
      ok: false,
      code: 'SPAM_SUSPECTED',
      message: 'The submission was refused as automated. Leave the hidden field empty.',
    }
  }
  if (input.fillMs < PUBLIC_LIMITS.minFillMs) {
    return {
      ok: false,
      code: 'SPAM_SUSPECTED',
      message:
        'The form was sent too quickly to be filled in by a person; please check it and send it again.',
    }
  }
  return { ok: true }
}

/** Which limit a new public submission would break, if any (counts exclude the new one). */
export function rateLimitBreach(counts: {
  addressLastHour: number
  addressLastDay: number
  cycleLastHour: number
}): { retryAfterSeconds: number } | null {
  if (counts.cycleLastHour >= PUBLIC_LIMITS.perCyclePerHour) return { retryAfterSeconds: 600 }
  if (counts.addressLastHour >= PUBLIC_LIMITS.perAddressPerHour) return { retryAfterSeconds: 3600 }
  if (counts.addressLastDay >= PUBLIC_LIMITS.perAddressPerDay) return { retryAfterSeconds: 86_400 }
  return null
}

/** The default reply for an outcome when staff give none (rejections always need a reason). */
export function defaultReply(outcome: 'adopted' | 'merged', related: { title: string }): string {
  return outcome === 'adopted'
    ? `感谢您的建议。该建议已被采纳，纳入候选项目“${related.title}”。`
    : `感谢您的建议。该建议与同类建议“${related.title}”合并办理。`
}
