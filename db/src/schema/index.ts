import type { FoundationTables } from './foundation.js'
import type { CycleTables } from './cycles.js'
import type { BallotTables } from './ballots.js'
import type { ProjectTables } from './projects.js'
import type { BudgetTables } from './budget.js'
import type { ProgressTables } from './progress.js'
import type { AnalysisTables } from './analysis.js'
import type { EvaluationTables } from './evaluation.js'
import type { IdempotencyTables } from './idempotency.js'

/**
 * The whole database as Kysely sees it: one interface per feature, joined here.
 * Each feature adds its tables in its own file and one `extends` entry below.
 */
export interface DB
  extends
    FoundationTables,
    CycleTables,
    BallotTables,
    ProjectTables,
    BudgetTables,
    ProgressTables,
    AnalysisTables,
    EvaluationTables,
    IdempotencyTables {}

export type * from './foundation.js'
export type * from './cycles.js'
export type * from './ballots.js'
export type * from './projects.js'
export type * from './budget.js'
export type * from './progress.js'
export type * from './analysis.js'
export type * from './evaluation.js'
export type * from './idempotency.js'
