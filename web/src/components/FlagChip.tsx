import type { ReactNode } from 'react'
import './FlagChip.css'

/** A small warning chip with its text (amber, or red when `danger`). */
export function FlagChip({ danger = false, children }: { danger?: boolean; children: ReactNode }) {
  return <span className={danger ? 'ms-flag ms-flag--danger' : 'ms-flag'}>{children}</span>
}
