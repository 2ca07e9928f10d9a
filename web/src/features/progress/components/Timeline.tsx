import type { CSSProperties } from 'react'
import { Empty } from 'antd'
import { TONES } from '@/lib/status'
import { useFormat } from '@/lib/use-format'
import type { TimelineEntry } from '../api/progress'
import { useProgressT } from '../i18n'
import './progress.css'

const DOT: Record<TimelineEntry['kind'], string> = {
  milestone_done: TONES.success.color,
  milestone_missed: TONES.danger.color,
  milestone_planned: TONES.neutral.color,
  report: TONES.info.color,
  inspection: TONES.active.color,
  issue: TONES.warning.color,
}

/** Milestones, reports, inspections and issue steps of a project in date order. */
export function Timeline({ items }: { items: readonly TimelineEntry[] }) {
  const { t } = useProgressT()
  const fmt = useFormat()
  if (!items.length) return <Empty description={t('timeline.empty')} />
  return (
    <ol className="pg-timeline" data-testid="timeline">
      {items.map((e, i) => (
        <li
          key={`${e.refId}-${i}`}
          className="pg-timeline__item"
          style={{ '--pg-dot': DOT[e.kind] } as CSSProperties}
        >
          <time className="pg-timeline__date" dateTime={e.date}>
            {fmt.date(e.date)}
          </time>
          <div className="pg-timeline__body">
            <span className="pg-timeline__kind">{t(`timeline.kind.${e.kind}`)}</span>
            <span className="pg-timeline__title">{e.title}</span>
            {e.detail && <p className="pg-timeline__detail">{e.detail}</p>}
          </div>
        </li>
      ))}
    </ol>
  )
}
