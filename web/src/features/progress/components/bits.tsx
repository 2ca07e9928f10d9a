import { Progress } from 'antd'
import { FlagChip } from '@/components/FlagChip'
import { useProgressT } from '../i18n'
import './progress.css'

const DANGER = new Set(['issue_overdue', 'escalated', 'missed_milestone'])

/** Warning flags as small labelled chips (text, never colour alone). */
export function Flags({ flags }: { flags: readonly string[] }) {
  const { t } = useProgressT()
  if (!flags.length) return <span className="pg-muted">—</span>
  return (
    <span className="pg-flags">
      {flags.map((f) => (
        <FlagChip key={f} danger={DANGER.has(f)}>
          {t(`flag.${f}`, { defaultValue: f })}
        </FlagChip>
      ))}
    </span>
  )
}

/** Percent complete as a slim bar with the number beside it; "—" before the first report. */
export function Percent({ value }: { value: number | null }) {
  if (value === null) return <span className="pg-muted">—</span>
  return (
    <span className="pg-percent">
      <Progress
        percent={value}
        showInfo={false}
        size="small"
        strokeColor={value >= 100 ? '#1E6B34' : '#1D4E89'}
        aria-label={`${value}%`}
      />
      <span className="pg-percent__text">{value}%</span>
    </span>
  )
}

/** Days left or overdue on an issue deadline, with its flag. */
export function Deadline({
  deadline,
  daysLeft,
  flag,
}: {
  deadline: string | null
  daysLeft: number | null
  flag: string | null
}) {
  const { t } = useProgressT()
  if (!deadline) return <span className="pg-muted">—</span>
  return (
    <span className="pg-flags" style={{ alignItems: 'center' }}>
      <span>{deadline}</span>
      {daysLeft !== null && (
        <span className="pg-muted">
          {daysLeft >= 0
            ? t('issue.daysLeft', { n: daysLeft })
            : t('issue.daysOver', { n: -daysLeft })}
        </span>
      )}
      {flag && <Flags flags={[flag]} />}
    </span>
  )
}
