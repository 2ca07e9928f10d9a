import type { CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import { statusLabelKey, toneOf, TONES, type StatusKind, type StatusValue } from '@/lib/status'
import './StatusTag.css'

export interface StatusTagProps<K extends StatusKind> {
  kind: K
  value: StatusValue<K> | (string & {})
}

/**
 * A state as glyph + colour + text label, from the one palette in lib/status.ts. Plain HTML (no
 * antd), so public pages can show it without the console's bundle.
 */
export function StatusTag<K extends StatusKind>({ kind, value }: StatusTagProps<K>) {
  const { t } = useTranslation()
  const tone = TONES[toneOf(kind, value)]
  const style = { '--ms-tone': tone.color, '--ms-tone-bg': tone.background } as CSSProperties
  return (
    <span className="ms-status-tag" style={style}>
      <span className="ms-status-tag__glyph" aria-hidden="true">
        {tone.glyph}
      </span>
      {t(statusLabelKey(kind, value), { defaultValue: value })}
    </span>
  )
}
