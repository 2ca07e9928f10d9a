import { describe, expect, it } from 'vitest'
import { zhCN } from '@/i18n/zh-CN'
import { en } from '@/i18n/en'
import { STATUS_KINDS, TONES, toneOf } from './status'

/** WCAG relative luminance and contrast ratio. */
function luminance(hex: string) {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

describe('status palette', () => {
  it('keeps every tone readable (AA 4.5:1) on its own background and on white', () => {
    for (const [tone, style] of Object.entries(TONES)) {
      expect(contrast(style.color, style.background), tone).toBeGreaterThanOrEqual(4.5)
      expect(contrast(style.color, '#FFFFFF'), tone).toBeGreaterThanOrEqual(4.5)
    }
  })

  it('labels every state in both languages', () => {
    for (const [kind, values] of Object.entries(STATUS_KINDS)) {
      for (const value of Object.keys(values)) {
        const zh = (zhCN.status as Record<string, Record<string, string>>)[kind]?.[value]
        const english = (en.status as Record<string, Record<string, string>>)[kind]?.[value]
        expect(zh, `${kind}.${value}`).toBeTruthy()
        expect(english, `${kind}.${value}`).toBeTruthy()
      }
    }
  })

  it('shows an unknown state as neutral rather than failing', () => {
    expect(toneOf('projectStatus', 'seriously_lagging')).toBe('danger')
    expect(toneOf('projectStatus', 'from_a_newer_api')).toBe('neutral')
  })
})
