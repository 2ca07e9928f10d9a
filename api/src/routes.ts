import { Hono } from 'hono'
import type { AppEnv } from './shared/context.js'
import { authRoutes } from './auth/auth.routes.js'
import { healthRoutes } from './health/health.routes.js'
import { jurisdictionRoutes } from './jurisdictions/jurisdictions.routes.js'
import { cycleRoutes } from './cycles/cycles.routes.js'
import { suggestionRoutes } from './suggestions/suggestions.routes.js'
import { candidateRoutes } from './candidates/candidates.routes.js'
import { ballotRoutes } from './ballots/ballots.routes.js'
import { projectRoutes } from './projects/projects.routes.js'
import { budgetRoutes } from './budget/budget.routes.js'
import { progressRoutes } from './progress/progress.routes.js'
import { supervisionRoutes } from './supervision/supervision.routes.js'
import { notificationRoutes } from './notifications/notifications.routes.js'
import { analysisRoutes } from './analysis/analysis.routes.js'
import { publicRoutes } from './public/public.routes.js'
import { evaluationRoutes } from './evaluation/evaluation.routes.js'
import { recordRoutes } from './records/records.routes.js'
import { reportRoutes } from './reports/reports.routes.js'

/**
 * Every feature's sub-app, mounted under /api. One line per feature; its type is the AppType the
 * web's typed client is built on.
 */
export const apiRoutes = new Hono<AppEnv>()
  .route('/', healthRoutes)
  .route('/', authRoutes)
  .route('/', jurisdictionRoutes)
  .route('/', cycleRoutes)
  .route('/', suggestionRoutes)
  .route('/', candidateRoutes)
  .route('/', ballotRoutes)
  .route('/', projectRoutes)
  .route('/', budgetRoutes)
  .route('/', progressRoutes)
  .route('/', supervisionRoutes)
  .route('/', notificationRoutes)
  .route('/', analysisRoutes)
  .route('/', publicRoutes)
  .route('/', evaluationRoutes)
  .route('/', recordRoutes)
  .route('/', reportRoutes)

export type AppType = typeof apiRoutes
