import { describe, expect, it } from 'vitest'
import { newIdempotencyKey, SubmissionKeys } from './idempotency'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('idempotency keys of money submissions', () => {
  it('makes random v4 UUIDs', () => {
    const a = newIdempotencyKey()
    expect(a).toMatch(UUID)
    expect(newIdempotencyKey()).not.toBe(a)
  })

  it('makes v4 UUIDs without a secure context (no crypto.randomUUID)', () => {
    const original = crypto.randomUUID
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true })
    try {
      expect(newIdempotencyKey()).toMatch(UUID)
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true })
    }
  })

  it('resends the same key for the same values until they succeed', () => {
    let n = 0
    const keys = new SubmissionKeys(() => `k${++n}`)
    const pay = { lid: 'l1', json: { amountFen: 100, voucherNo: 'V1' } }
    expect(keys.keyFor(pay)).toBe('k1')
    // A network error, then the button again with the form unchanged: the same key.
    expect(keys.keyFor({ lid: 'l1', json: { amountFen: 100, voucherNo: 'V1' } })).toBe('k1')
    // The officer corrects the amount: another request, another key.
    expect(keys.keyFor({ lid: 'l1', json: { amountFen: 200, voucherNo: 'V1' } })).toBe('k2')
    keys.succeeded({ lid: 'l1', json: { amountFen: 200, voucherNo: 'V1' } })
    // After a success an identical payment is a new one.
    expect(keys.keyFor({ lid: 'l1', json: { amountFen: 200, voucherNo: 'V1' } })).toBe('k3')
  })

  it('keeps the pending key when another submission succeeds', () => {
    let n = 0
    const keys = new SubmissionKeys(() => `k${++n}`)
    expect(keys.keyFor({ a: 1 })).toBe('k1')
    keys.succeeded({ a: 2 })
    expect(keys.keyFor({ a: 1 })).toBe('k1')
  })
})
