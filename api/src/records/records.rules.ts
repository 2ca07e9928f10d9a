/**
 * Pure rules of the deputy performance record (履职档案, DESIGN.md §2 phase 10): which year an
 * activity belongs to, and the yearly targets (e.g. "at least one suggestion a year"). The
 * defaults below apply until a jurisdiction's staff set their own (PUT
 * /api/jurisdictions/:jid/record-targets). docs/decisions/053-deputy-record.md.
 */

export interface RecordTargets {
  /** Suggestions (建议) a deputy makes in a year. */
  minSuggestions: number
  /** Inspections (视察) a year, for a deputy in at least one supervision group that year. */
  minInspections: number
  /** Share, in basis points, of the votes and evaluations entitled to that the deputy cast. */
  minVoteParticipationBp: number
}

export const DEFAULT_TARGETS: RecordTargets = {
  minSuggestions: 1,
  minInspections: 1,
  minVoteParticipationBp: 10_000,
}

/** The calendar year in China (UTC+8, no DST) of an instant or a YYYY-MM-DD date. */
export function chinaYear(at: Date | string): number {
  if (typeof at === 'string') return Number(at.slice(0, 4))
  return new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear()
}

export type TargetKey = 'suggestions' | 'inspections' | 'participation'

export interface TargetStatus {
  key: TargetKey
  /** The target: a count, or for participation basis points. */
  target: number
  actual: number
  /** Participation only: out of how many votes and evaluations. */
  of?: number
  /** false when the target does not apply this year (no group; nothing to vote on). */
  applicable: boolean
  met: boolean
}

export function targetStatus(
  t: RecordTargets,
  facts: {
    suggestions: number
    inspections: number
    inGroup: boolean
    votesEntitled: number
    votesCast: number
  },
): TargetStatus[] {
  const participationBp =
    facts.votesEntitled === 0 ? 0 : Math.floor((facts.votesCast * 10_000) / facts.votesEntitled)
  return [
    {
      key: 'suggestions',
      target: t.minSuggestions,
      actual: facts.suggestions,
      applicable: true,
      met: facts.suggestions >= t.minSuggestions,
    },
    {
      key: 'inspections',
      target: t.minInspections,
      actual: facts.inspections,
      applicable: facts.inGroup,
      met: !facts.inGroup || facts.inspections >= t.minInspections,
    },
    {
      key: 'participation',
      target: t.minVoteParticipationBp,
      actual: participationBp,
      of: facts.votesEntitled,
      applicable: facts.votesEntitled > 0,
      // cast · 10000 ≥ target · entitled, exactly (no rounding can flip it)
      met:
        facts.votesEntitled === 0 ||
        facts.votesCast * 10_000 >= t.minVoteParticipationBp * facts.votesEntitled,
    },
  ]
}
