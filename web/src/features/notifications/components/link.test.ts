import { describe, expect, it } from 'vitest'
import { zhCN } from '../i18n/zh-CN'
import { en } from '../i18n/en'
import { KINDS, kindKey, linkOf } from './link'

describe('notification links and labels', () => {
  const pid = '0b6f1c1e-2d1a-4c55-9d7e-1f0a3b2c4d5e'

  it('leads deputies to their phone page and console roles to the project page', () => {
    expect(linkOf({ projectId: pid }, ['deputy'])).toBe(`/deputy/supervision/${pid}`)
    for (const role of ['staff', 'unit', 'finance'] as const)
      expect(linkOf({ projectId: pid }, [role])).toBe(`/projects/${pid}`)
    // A deputy who is also staff works in the console.
    expect(linkOf({ projectId: pid }, ['deputy', 'staff'])).toBe(`/projects/${pid}`)
    expect(linkOf({ projectId: null }, ['deputy'])).toBeNull()
    expect(linkOf({ projectId: null }, ['staff'])).toBeNull()
  })

  it('leads a rectification notice to the rectification list of the reader’s console', () => {
    const rect = { kind: 'rectification_opened', projectId: pid }
    expect(linkOf(rect, ['unit'])).toBe('/unit/rectifications')
    expect(linkOf(rect, ['staff'])).toBe('/console/rectifications')
    expect(linkOf(rect, ['finance'])).toBe(`/projects/${pid}`)
    expect(linkOf({ kind: 'issue_closed', projectId: pid }, ['unit'])).toBe(`/projects/${pid}`)
  })

  it('names every kind in both languages, and an unknown kind as a plain notice', () => {
    for (const k of KINDS) {
      expect(kindKey(k)).toBe(`kind.${k}`)
      expect(zhCN.kind[k]).toBeTruthy()
      expect(en.kind[k]).toBeTruthy()
    }
    expect(kindKey('something_new')).toBe('kind.other')
    expect(Object.keys(en.kind).sort()).toEqual(Object.keys(zhCN.kind).sort())
  })
})
