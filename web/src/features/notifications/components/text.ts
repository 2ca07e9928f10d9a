import type { TFunction } from 'i18next'
import { formatDate, type Lang } from '@/lib/format'
import { STATUS_KINDS, statusLabelKey } from '@/lib/status'
import type { Notification } from '../api/notifications'

/**
 * A notification's text in the reader's language (decision 047). The server stores each notice's
 * kind-specific parameters (`params`: project title, issue number, deadline, period, status,
 * grade, rate, …)
 * beside its zh-CN title/body; the text is made here from the parameters through the feature's
 * `text.*` strings. A notice stored before parameters existed, of a kind this build does not know,
 * or with parameters that do not fit its kind, shows the stored title/body.
 *
 * `t` must read the `notifications` namespace with `translation` after it (useNotificationsT).
 */
export type NotificationLike = Pick<Notification, 'kind' | 'title' | 'body'> & {
  params?: Record<string, unknown> | null
}

export interface NotificationText {
  title: string
  body: string
}

type Params = Record<string, unknown>

const DAY = /^\d{4}-\d{2}-\d{2}$/
const MONTH = /^(\d{4})-(\d{2})$/
const PERCENT = /^\d{1,3}(\.\d+)?$/

const text = (p: Params, key: string) => {
  const v = p[key]
  return typeof v === 'string' && v !== '' ? v : undefined
}
const count = (p: Params, key: string) => {
  const v = p[key]
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined
}

/** Thrown inside `render` when a parameter is missing or malformed: the stored text is shown. */
class Unfit extends Error {}
function need<T>(v: T | undefined): T {
  if (v === undefined) throw new Unfit()
  return v
}

export function notificationText(n: NotificationLike, t: TFunction, lang: Lang): NotificationText {
  const stored = { title: n.title, body: n.body }
  const p = n.params
  if (!p || typeof p !== 'object') return stored
  try {
    return render(n.kind, p, n.body, t, lang) ?? stored
  } catch (e) {
    if (e instanceof Unfit) return stored
    throw e
  }
}

function render(
  kind: string,
  p: Params,
  body: string,
  t: TFunction,
  lang: Lang,
): NotificationText | undefined {
  const project = () => need(text(p, 'projectTitle'))
  const seq = () => need(count(p, 'seq'))
  const deadline = () => {
    const d = need(text(p, 'deadline'))
    if (!DAY.test(d)) throw new Unfit()
    return formatDate(d, lang)
  }
  const issue = (key: string, withDeadline: boolean) => ({
    title: t(`text.title.${key}`, {
      project: project(),
      seq: seq(),
      ...(withDeadline ? { deadline: deadline() } : {}),
    }),
    // An issue notice's body is the issue's own title, the user's words.
    body,
  })
  switch (kind) {
    case 'issue_raised':
    case 'issue_answered':
    case 'issue_closed':
      return issue(kind, false)
    case 'issue_assigned':
    case 'issue_sent_back':
    case 'issue_reopened':
    case 'issue_due_soon':
      return issue(kind, true)
    case 'issue_overdue':
      return p.audience === 'raiser'
        ? issue('issue_overdue_raiser', false)
        : issue('issue_overdue', true)
    case 'report_overdue': {
      const m = MONTH.exec(need(text(p, 'period')))
      if (!m) throw new Unfit()
      const period = t('text.period', { year: m[1], month: lang === 'en' ? m[2] : Number(m[2]) })
      return {
        title: t('text.title.report_overdue', { project: project(), period }),
        body: t('text.body.report_overdue', { period }),
      }
    }
    case 'project_lagging': {
      const st = need(text(p, 'status'))
      if (!Object.hasOwn(STATUS_KINDS.projectStatus, st)) throw new Unfit()
      const status = t(statusLabelKey('projectStatus', st), { ns: 'translation' })
      return {
        title: t('text.title.project_lagging', { project: project(), status }),
        body: t('text.body.project_lagging', {
          days: t('text.days', { count: need(count(p, 'delayDays')) }),
          missed: t('text.milestones', { count: need(count(p, 'missedMilestones')) }),
        }),
      }
    }
    case 'rectification_opened': {
      const g = need(text(p, 'grade'))
      if (!Object.hasOwn(STATUS_KINDS.satisfactionGrade, g)) throw new Unfit()
      const rate = need(text(p, 'ratePercent'))
      if (!PERCENT.test(rate)) throw new Unfit()
      if (typeof p.belowThreshold !== 'boolean') throw new Unfit()
      return {
        title: t('text.title.rectification_opened', { project: project(), deadline: deadline() }),
        body: t(
          p.belowThreshold
            ? 'text.body.rectification_opened_below'
            : 'text.body.rectification_opened',
          { grade: t(statusLabelKey('satisfactionGrade', g), { ns: 'translation' }), rate },
        ),
      }
    }
    default:
      return undefined
  }
}
