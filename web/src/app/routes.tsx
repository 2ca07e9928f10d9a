import { lazy, type ComponentType, type LazyExoticComponent } from 'react'
import type { Role } from '@/lib/session'

/**
 * Every page of the web app, one line each. How a feature adds a page:
 *
 *   1. write `web/src/features/<feature>/components/<Name>Page.tsx` with a default export;
 *   2. add a line below, e.g.
 *      { area: 'app', path: '/console/cycles', roles: ['staff'], page: lazy(() => import('@/features/cycles/components/CyclesPage')) },
 *   3. if it belongs in the menu, add one line to that role's section in `nav.tsx`.
 *
 * Each page is loaded with React.lazy, so it is its own chunk. Areas:
 * - `public`: no sign-in, the plain public layout (no antd: keep public pages light; a public
 *   page that needs antd components wraps itself in `<AntdShell>`);
 * - `auth`: full-screen pages under antd (sign-in);
 * - `app`: signed in, inside the console layout with the role menu; `roles` lists the roles of
 *   which the user needs one in the current jurisdiction (none: any signed-in user).
 * Paths are absolute; `:params` work as in react-router (`useParams`).
 */
export type PageArea = 'public' | 'auth' | 'app'

export interface PageRoute {
  path: string
  area: PageArea
  page: LazyExoticComponent<ComponentType>
  roles?: readonly Role[]
}

const RoleHome = lazy(() => import('@/features/home/components/RoleHomePage'))

// One line per page, so the list reads as a table.
// prettier-ignore
export const routes: PageRoute[] = [
  // Public portal (no login)
  { area: 'public', path: '/', page: lazy(() => import('@/features/public/components/LandingPage')) },
  { area: 'public', path: '/public/suggest', page: lazy(() => import('@/features/cycles/components/public/SolicitationPage')) },
  { area: 'public', path: '/public/cycles/:cid/suggest', page: lazy(() => import('@/features/cycles/components/public/PublicSuggestPage')) },
  { area: 'public', path: '/public/cycles/:cid/suggestions', page: lazy(() => import('@/features/cycles/components/public/PublicOutcomesPage')) },
  { area: 'public', path: '/public/cycles/:cid/candidates', page: lazy(() => import('@/features/cycles/components/public/PublicCandidatesPage')) },
  { area: 'public', path: '/public/track', page: lazy(() => import('@/features/cycles/components/public/TrackPage')) },
  { area: 'public', path: '/public/results', page: lazy(() => import('@/features/portal/components/ResultsPage')) },
  { area: 'public', path: '/public/progress', page: lazy(() => import('@/features/portal/components/PortalIndexPage')) },
  { area: 'public', path: '/public/portal', page: lazy(() => import('@/features/portal/components/PortalIndexPage')) },
  { area: 'public', path: '/public/j/:jid', page: lazy(() => import('@/features/portal/components/JurisdictionPage')) },
  { area: 'public', path: '/public/j/:jid/screen', page: lazy(() => import('@/features/portal/components/BigScreenPage')) },
  { area: 'public', path: '/public/portal/projects/:pid', page: lazy(() => import('@/features/portal/components/PortalProjectPage')) },
  { area: 'public', path: '/public/projects/:pid', page: lazy(() => import('@/features/progress/components/PublicProjectPage')) },
  { area: 'public', path: '/public/receipt', page: lazy(() => import('@/features/ballots/components/public/ReceiptCheckPage')) },
  { area: 'public', path: '/public/votes/:vid', page: lazy(() => import('@/features/ballots/components/public/PublicResultPage')) },
  { area: 'public', path: '/public/year-end', page: lazy(() => import('@/features/evaluation/components/public/PublicYearEndPage')) },
  { area: 'public', path: '/public/year-end/:cid', page: lazy(() => import('@/features/evaluation/components/public/PublicYearEndPage')) },

  // Sign-in
  { area: 'auth', path: '/login', page: lazy(() => import('@/features/auth/components/LoginPage')) },

  // Hall screen (大屏): full screen, no console frame; signs in as staff itself (decision 038)
  { area: 'auth', path: '/bigscreen/votes/:vid', page: lazy(() => import('@/features/ballots/components/bigscreen/BigScreenPage')) },

  // Staff console (工作台)
  { area: 'app', path: '/console', roles: ['staff'], page: lazy(() => import('@/features/home/components/StaffHomePage')) },
  { area: 'app', path: '/console/dashboard', roles: ['staff'], page: lazy(() => import('@/features/dashboard/components/DashboardPage')) },
  { area: 'app', path: '/console/cycles', roles: ['staff'], page: lazy(() => import('@/features/cycles/components/console/CyclesPage')) },
  { area: 'app', path: '/console/cycles/:cid', roles: ['staff'], page: lazy(() => import('@/features/cycles/components/console/CyclePage')) },
  { area: 'app', path: '/console/suggestions', roles: ['staff'], page: lazy(() => import('@/features/cycles/components/console/SuggestionsPage')) },
  { area: 'app', path: '/console/candidates', roles: ['staff'], page: lazy(() => import('@/features/cycles/components/console/CandidatesPage')) },
  { area: 'app', path: '/console/votes', roles: ['staff'], page: lazy(() => import('@/features/ballots/components/console/VotesPage')) },
  { area: 'app', path: '/console/votes/:vid', roles: ['staff'], page: lazy(() => import('@/features/ballots/components/console/VoteConsolePage')) },
  { area: 'app', path: '/console/progress', roles: ['staff'], page: lazy(() => import('@/features/progress/components/ProgressBoardPage')) },
  { area: 'app', path: '/console/issues', roles: ['staff'], page: lazy(() => import('@/features/supervision/components/IssuesPage')) },
  { area: 'app', path: '/console/evaluation', roles: ['staff'], page: lazy(() => import('@/features/evaluation/components/console/EvaluationConsolePage')) },
  { area: 'app', path: '/console/rectifications', roles: ['staff'], page: lazy(() => import('@/features/evaluation/components/console/RectificationsPage')) },
  { area: 'app', path: '/console/records', roles: ['staff'], page: lazy(() => import('@/features/records/components/DeputyRecordsPage')) },
  { area: 'app', path: '/console/deputies/:did/record', roles: ['staff'], page: lazy(() => import('@/features/records/components/StaffRecordPage')) },
  { area: 'app', path: '/console/analysis', roles: ['staff'], page: lazy(() => import('@/features/analysis/components/AnalysisPage')) },
  { area: 'app', path: '/console/analysis/votes/:vid', roles: ['staff'], page: lazy(() => import('@/features/analysis/components/VoteWhatIfPage')) },
  { area: 'app', path: '/console/analysis/instances/:id', roles: ['staff'], page: lazy(() => import('@/features/analysis/components/InstanceWhatIfPage')) },
  { area: 'app', path: '/projects/:pid', roles: ['staff', 'unit', 'deputy', 'finance'], page: lazy(() => import('@/features/progress/components/ProjectPage')) },
  { area: 'app', path: '/notifications', page: lazy(() => import('@/features/notifications/components/NotificationsPage')) },

  // Deputy portal (代表履职) — phone-first
  { area: 'app', path: '/deputy', roles: ['deputy'], page: lazy(() => import('@/features/home/components/DeputyHomePage')) },
  { area: 'app', path: '/deputy/votes', roles: ['deputy'], page: lazy(() => import('@/features/ballots/components/deputy/MyVotesPage')) },
  { area: 'app', path: '/deputy/votes/:vid', roles: ['deputy'], page: lazy(() => import('@/features/ballots/components/deputy/BallotPage')) },
  { area: 'app', path: '/deputy/suggestions', roles: ['deputy'], page: lazy(() => import('@/features/cycles/components/deputy/MySuggestionsPage')) },
  { area: 'app', path: '/deputy/suggestions/new', roles: ['deputy'], page: lazy(() => import('@/features/cycles/components/deputy/SubmitSuggestionPage')) },
  { area: 'app', path: '/deputy/supervision', roles: ['deputy'], page: lazy(() => import('@/features/supervision/components/DeputySupervisionPage')) },
  { area: 'app', path: '/deputy/supervision/:pid', roles: ['deputy'], page: lazy(() => import('@/features/supervision/components/DeputyProjectPage')) },
  { area: 'app', path: '/deputy/evaluations', roles: ['deputy'], page: lazy(() => import('@/features/evaluation/components/deputy/MyEvaluationsPage')) },
  { area: 'app', path: '/deputy/evaluations/:eid', roles: ['deputy'], page: lazy(() => import('@/features/evaluation/components/deputy/EvaluationBallotPage')) },
  { area: 'app', path: '/deputy/record', roles: ['deputy'], page: lazy(() => import('@/features/records/components/MyRecordPage')) },

  // Finance (财政), units (承办单位), tellers (计票)
  { area: 'app', path: '/finance', roles: ['finance'], page: RoleHome },
  { area: 'app', path: '/budget', roles: ['finance', 'staff', 'deputy', 'unit'], page: lazy(() => import('@/features/budget/components/BudgetPage')) },
  { area: 'app', path: '/unit', roles: ['unit'], page: RoleHome },
  { area: 'app', path: '/unit/projects', roles: ['unit'], page: lazy(() => import('@/features/progress/components/UnitConsolePage')) },
  { area: 'app', path: '/unit/candidates', roles: ['unit'], page: lazy(() => import('@/features/cycles/components/console/CandidatesPage')) },
  { area: 'app', path: '/unit/suggestions', roles: ['unit'], page: lazy(() => import('@/features/cycles/components/deputy/MySuggestionsPage')) },
  { area: 'app', path: '/unit/suggestions/new', roles: ['unit'], page: lazy(() => import('@/features/cycles/components/deputy/SubmitSuggestionPage')) },
  { area: 'app', path: '/unit/rectifications', roles: ['unit'], page: lazy(() => import('@/features/evaluation/components/console/UnitRectificationsPage')) },
  { area: 'app', path: '/teller', roles: ['teller'], page: RoleHome },
  { area: 'app', path: '/teller/votes', roles: ['teller', 'staff'], page: lazy(() => import('@/features/ballots/components/teller/TellerVotesPage')) },
  { area: 'app', path: '/teller/votes/:vid', roles: ['teller', 'staff'], page: lazy(() => import('@/features/ballots/components/teller/PaperPage')) },

  // Administration (系统管理)
  { area: 'app', path: '/admin', roles: ['admin'], page: lazy(() => import('@/features/jurisdictions/components/AdminPage')) },
]
