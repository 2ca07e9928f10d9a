import type { Migration } from 'kysely/migration'
import * as m0001 from './0001_foundation.js'
import * as m0002 from './0002_cycles.js'
import * as m0003 from './0003_ballots.js'
import * as m0004 from './0004_projects.js'
import * as m0005 from './0005_budget.js'
import * as m0006 from './0006_progress.js'
import * as m0007 from './0007_evaluation.js'
import * as m0008 from './0008_cycles_extra.js'
import * as m0009 from './0009_analysis.js'
import * as m0010 from './0010_idempotency.js'
import * as m0011 from './0011_notification_params.js'

/**
 * Every migration, in order. Names sort lexically; add new ones at the end with the next
 * number. Feature migrations: 0002 cycles, 0003 ballots, 0004 projects, 0005 budget,
 * 0006 progress, 0007 evaluation, 0008 cycles extra, 0009 analysis.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_cycles': m0002,
  '0003_ballots': m0003,
  '0004_projects': m0004,
  '0005_budget': m0005,
  '0006_progress': m0006,
  '0007_evaluation': m0007,
  '0008_cycles_extra': m0008,
  '0009_analysis': m0009,
  '0010_idempotency': m0010,
  '0011_notification_params': m0011,
}
