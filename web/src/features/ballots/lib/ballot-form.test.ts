import { describe, expect, it } from 'vitest'
import {
  canChoose,
  choose,
  countApprovals,
  isReceiptShaped,
  normalizeReceiptInput,
  summarize,
  toPayload,
  type Choices,
} from './ballot-form'

const ids = ['a', 'b', 'c', 'd']

describe('the ballot form on the phone', () => {
  it('refuses an (N+1)th 赞成 and leaves the ballot unchanged', () => {
    let c: Choices = {}
    c = choose(c, 'a', 'for', 2)
    c = choose(c, 'b', 'for', 2)
    expect(countApprovals(c)).toBe(2)
    expect(canChoose(c, 'c', 'for', 2)).toBe(false)
    const refused = choose(c, 'c', 'for', 2)
    expect(refused).toBe(c)
    expect(refused.c).toBeUndefined()
  })

  it('still allows 反对 and 弃权, and re-marking a 赞成 already counted, when N are used', () => {
    const c: Choices = { a: 'for', b: 'for' }
    expect(canChoose(c, 'c', 'against', 2)).toBe(true)
    expect(canChoose(c, 'c', 'abstain', 2)).toBe(true)
    expect(canChoose(c, 'a', 'for', 2)).toBe(true)
  })

  it('frees a 赞成 when one is changed to 反对', () => {
    let c: Choices = { a: 'for', b: 'for' }
    c = choose(c, 'a', 'against', 2)
    expect(canChoose(c, 'c', 'for', 2)).toBe(true)
  })

  it('counts unmarked candidates as 弃权', () => {
    expect(summarize({ a: 'for', b: 'against' }, ids)).toEqual({
      for: 1,
      against: 1,
      abstain: 2,
      unmarked: 2,
    })
  })

  it('sends only marks on this ballot, and only ticks on a tick-up-to-N ballot', () => {
    const c: Choices = { a: 'for', b: 'against', zz: 'for' }
    expect(toPayload(c, ids, 'for_against_abstain')).toEqual({ a: 'for', b: 'against' })
    expect(toPayload(c, ids, 'approve_up_to_n')).toEqual({ a: 'for' })
  })

  it('clears a mark back to unmarked', () => {
    expect(choose({ a: 'for' }, 'a', null, 2)).toEqual({})
  })
})

describe('receipt codes as people type them', () => {
  it('normalizes case, spaces and dashes into groups of four', () => {
    expect(normalizeReceiptInput('abcd efgh-ijkl mnop qrst uvwx')).toBe(
      'ABCD-EFGH-IJKL-MNOP-QRST-UVWX',
    )
  })
  it('knows the shape of a receipt', () => {
    expect(isReceiptShaped('ABCD-EFGH-IJKL-MNOP-QRST-UVW2')).toBe(true)
    expect(isReceiptShaped('ABCD-EFGH')).toBe(false)
    expect(isReceiptShaped('ABCD-EFGH-IJKL-MNOP-QRST-UVW1')).toBe(false)
  })
})
