import type { Role } from '@/lib/session'
import type { Notification } from '../api/notifications'

/**
 * Where a notification leads: the project it concerns, on the page the user's role uses — the
 * deputy's phone page of a supervised project, or the project page of staff, units and finance.
 * A rectification item opened for a unit leads to the rectification list where the unit answers
 * it (staff: the console's list). Null when it concerns no project.
 */
export function linkOf(
  n: Pick<Notification, 'projectId'> & { kind?: string },
  roles: readonly Role[],
): string | null {
  if (n.kind === 'rectification_opened') {
    if (roles.includes('unit')) return '/unit/rectifications'
    if (roles.includes('staff')) return '/console/rectifications'
  }
  if (!n.projectId) return null
  const console = roles.some((r) => r === 'staff' || r === 'unit' || r === 'finance')
  if (!console && roles.includes('deputy')) return `/deputy/supervision/${n.projectId}`
  return `/projects/${n.projectId}`
}

export const KINDS = [
  'issue_raised',
  'issue_assigned',
  'issue_answered',
  'issue_sent_back',
  'issue_reopened',
  'issue_closed',
  'issue_due_soon',
  'issue_overdue',
  'report_overdue',
  'project_lagging',
  'rectification_opened',
] as const

/** The i18n key of a kind (unknown kinds read as a plain notice). */
export const kindKey = (kind: string) =>
  `kind.${(KINDS as readonly string[]).includes(kind) ? kind : 'other'}`
