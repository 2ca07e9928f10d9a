import * as v from 'valibot'

/** Projects (chosen candidates) as the API returns them. */
export const Project = v.object({
  id: v.string(),
  jurisdictionId: v.string(),
  cycleId: v.string(),
  candidateId: v.string(),
  voteId: v.string(),
  title: v.string(),
  description: v.string(),
  category: v.string(),
  responsibleUnit: v.string(),
  unitId: v.nullable(v.string()),
  estimateFen: v.number(),
  fundingSource: v.string(),
  targets: v.nullable(v.string()),
  location: v.nullable(v.string()),
  plannedCompletion: v.nullable(v.string()),
  rank: v.nullable(v.number()),
  votesFor: v.nullable(v.number()),
  createdAt: v.string(),
})
export type Project = v.InferOutput<typeof Project>

export const ProjectList = v.object({ items: v.array(Project) })

export const FromResultOutput = v.object({
  /** How many projects this call created (0 when re-run: the step is idempotent). */
  created: v.number(),
  items: v.array(Project),
})
