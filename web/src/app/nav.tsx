import type { ReactNode } from 'react'
import {
  AccountBookOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  EyeOutlined,
  ExperimentOutlined,
  FundProjectionScreenOutlined,
  IssuesCloseOutlined,
  FileAddOutlined,
  FormOutlined,
  ApartmentOutlined,
  HomeOutlined,
  InboxOutlined,
  ProjectOutlined,
  UnorderedListOutlined,
  IdcardOutlined,
  SmileOutlined,
  ToolOutlined,
} from '@ant-design/icons'
import { ROLES, type Role } from '@/lib/session'

/**
 * The menu of the signed-in area: one section per role, shown when the user holds that role in
 * the current jurisdiction. A feature adds a menu entry with one line in its role's `items`:
 *
 *   { path: '/console/cycles', labelKey: 'nav.cycles', icon: <CalendarOutlined /> },
 *
 * (the page itself is a line in routes.tsx; the label a key in both i18n files). The first item
 * of a section is that role's home page.
 */
export interface NavItem {
  path: string
  labelKey: string
  icon?: ReactNode
}

export interface NavSection {
  labelKey: string
  items: NavItem[]
}

export const nav: Record<Role, NavSection> = {
  staff: {
    labelKey: 'nav.sections.staff',
    items: [
      { path: '/console', labelKey: 'nav.staffHome', icon: <DashboardOutlined /> },
      { path: '/console/dashboard', labelKey: 'nav.dashboard', icon: <BarChartOutlined /> },
      { path: '/console/cycles', labelKey: 'nav.cycles', icon: <CalendarOutlined /> },
      { path: '/console/suggestions', labelKey: 'nav.suggestions', icon: <InboxOutlined /> },
      { path: '/console/candidates', labelKey: 'nav.candidates', icon: <UnorderedListOutlined /> },
      { path: '/console/votes', labelKey: 'nav.votes', icon: <CheckSquareOutlined /> },
      { path: '/console/analysis', labelKey: 'nav.analysis', icon: <ExperimentOutlined /> },
      {
        path: '/console/progress',
        labelKey: 'nav.progressBoard',
        icon: <FundProjectionScreenOutlined />,
      },
      { path: '/console/issues', labelKey: 'nav.issues', icon: <IssuesCloseOutlined /> },
      { path: '/console/evaluation', labelKey: 'nav.evaluation', icon: <SmileOutlined /> },
      { path: '/console/rectifications', labelKey: 'nav.rectifications', icon: <ToolOutlined /> },
      { path: '/console/records', labelKey: 'nav.records', icon: <IdcardOutlined /> },
      { path: '/budget', labelKey: 'budget.navRead', icon: <AccountBookOutlined /> },
    ],
  },
  deputy: {
    labelKey: 'nav.sections.deputy',
    items: [
      { path: '/deputy', labelKey: 'nav.deputyHome', icon: <HomeOutlined /> },
      { path: '/deputy/votes', labelKey: 'nav.myVotes', icon: <CheckSquareOutlined /> },
      { path: '/deputy/suggestions', labelKey: 'nav.mySuggestions', icon: <FileAddOutlined /> },
      { path: '/deputy/supervision', labelKey: 'nav.mySupervision', icon: <EyeOutlined /> },
      { path: '/deputy/evaluations', labelKey: 'nav.myEvaluations', icon: <SmileOutlined /> },
      { path: '/deputy/record', labelKey: 'nav.myRecord', icon: <IdcardOutlined /> },
      { path: '/budget', labelKey: 'budget.navRead', icon: <AccountBookOutlined /> },
    ],
  },
  finance: {
    labelKey: 'nav.sections.finance',
    items: [
      { path: '/finance', labelKey: 'nav.financeHome', icon: <BankOutlined /> },
      { path: '/budget', labelKey: 'budget.nav', icon: <AccountBookOutlined /> },
    ],
  },
  unit: {
    labelKey: 'nav.sections.unit',
    items: [
      { path: '/unit', labelKey: 'nav.unitHome', icon: <ProjectOutlined /> },
      { path: '/unit/suggestions', labelKey: 'nav.mySuggestions', icon: <FileAddOutlined /> },
      { path: '/unit/candidates', labelKey: 'nav.candidates', icon: <UnorderedListOutlined /> },
      {
        path: '/unit/projects',
        labelKey: 'nav.unitProjects',
        icon: <FundProjectionScreenOutlined />,
      },
      { path: '/unit/rectifications', labelKey: 'nav.rectifications', icon: <ToolOutlined /> },
    ],
  },
  teller: {
    labelKey: 'nav.sections.teller',
    items: [
      { path: '/teller', labelKey: 'nav.tellerHome', icon: <AuditOutlined /> },
      { path: '/teller/votes', labelKey: 'nav.paperBallots', icon: <FormOutlined /> },
    ],
  },
  admin: {
    labelKey: 'nav.sections.admin',
    items: [{ path: '/admin', labelKey: 'nav.adminJurisdictions', icon: <ApartmentOutlined /> }],
  },
}

/** Where a user lands: the home of their first role (in ROLES order) in the jurisdiction. */
export function homePathFor(roles: readonly Role[]): string {
  const first = ROLES.find((r) => roles.includes(r))
  return first ? nav[first].items[0]!.path : '/'
}

/** The nav sections for a set of roles, in the canonical order. */
export function sectionsFor(roles: readonly Role[]): { role: Role; section: NavSection }[] {
  return ROLES.filter((r) => roles.includes(r)).map((role) => ({ role, section: nav[role] }))
}
