import { createHash } from 'node:crypto'

/** The hash chain of the audit log (and of bulletin boards): pure functions. */
export const GENESIS = '0'.repeat(64)

/** JSON with object keys sorted at every level, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  if (typeof value === 'bigint') return value.toString()
  return JSON.stringify(value)
}

export function chainHash(prevHash: string, content: unknown): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson(content))
    .digest('hex')
}

export interface ChainLink {
  id: string | number
  prevHash: string
  hash: string
  content: unknown
}

/** Returns the first link that breaks the chain, or null when the chain is whole. */
export function findBrokenLink(
  links: Iterable<ChainLink>,
  start = GENESIS,
): { id: string | number; reason: 'prev_hash' | 'hash' } | null {
  let prev = start
  for (const link of links) {
    if (link.prevHash !== prev) return { id: link.id, reason: 'prev_hash' }
    if (chainHash(prev, link.content) !== link.hash) return { id: link.id, reason: 'hash' }
    prev = link.hash
  }
  return null
}
