import { CATEGORIES, type Category } from '@ms/api/schemas/cycles/cycles.schemas.js'
import {
  FUNDING_SOURCES,
  type FundingSource,
} from '@ms/api/schemas/candidates/candidates.schemas.js'

/**
 * The code lists of phases 1–4, in the API's order. Labels come from i18n
 * (`cycles.category.<code>`, `cycles.fundingSource.<code>`, `suggestions.source.<code>`).
 */
export { CATEGORIES, FUNDING_SOURCES, type Category, type FundingSource }

export const SOURCES = ['deputy', 'public', 'unit', 'staff'] as const
export const OUTCOMES = ['pending', 'adopted', 'merged', 'rejected'] as const
export const DECIDED_OUTCOMES = ['adopted', 'merged', 'rejected'] as const

/** The phases in which the candidate list is fixed (审定) or beyond. */
export const LOCKED_PHASES = [
  'candidates_locked',
  'voting',
  'implementing',
  'evaluating',
  'closed',
] as const

export const isListLocked = (phase: string) => (LOCKED_PHASES as readonly string[]).includes(phase)
