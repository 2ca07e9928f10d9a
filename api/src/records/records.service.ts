import type { Kysely } from 'kysely'
import type { DB } from '@ms/db'
import type { Ctx } from '../shared/context.js'
import { getJurisdictionRef, requireAuth, requireRole } from '../shared/access.js'
import { notFound } from '../shared/errors.js'
import { audit } from '../shared/audit.js'
import { findCycle } from '../cycles/cycles.exports.js'
import { findProject } from '../projects/projects.exports.js'
import { listDeputyVoteRecord } from '../ballots/ballots.exports.js'
import { listDeputySuggestions } from '../suggestions/suggestions.exports.js'
import {
  listDeputyGroups,
  listDeputyInspections,
  listDeputyIssues,
} from '../supervision/supervision.exports.js'
import * as repo from './records.repository.js'
import { chinaYear, DEFAULT_TARGETS, targetStatus, type RecordTargets } from './records.rules.js'

/**
 * The deputy performance record (履职档案): derived on read from what the platform already knows,
 * per calendar year. Votes and evaluations are participation only (present, voted) from
 * ballots.exports, which never returns anything about a ballot's content; nothing in this file
 * could read content even by mistake (it has no access to the ballot tables).
 */
const iso = (d: Date | null) => (d ? d.toISOString() : null)

async function targetsOf(
  db: Kysely<DB>,
  jurisdictionId: string,
): Promise<RecordTargets & { custom: boolean }> {
  const t = await repo.findTargets(db, jurisdictionId)
  return t
    ? {
        minSuggestions: t.min_suggestions,
        minInspections: t.min_inspections,
        minVoteParticipationBp: t.min_vote_participation_bp,
        custom: true,
      }
    : { ...DEFAULT_TARGETS, custom: false }
}

/** The deputy themself, or staff of the deputy's congress; 404 for ids outside the caller's sight. */
async function loadDeputy(c: Ctx, did: string) {
  const { db } = c.deps.database
  const d = await repo.findDeputyWithJurisdiction(db, did)
  if (!d) throw notFound('Deputy')
  const auth = requireAuth(c.auth)
  const j = { id: d.jurisdiction_id, path: d.jurisdiction_path }
  if (d.user_id !== auth.userId) requireRole(auth, j, ['staff'])
  return { d, db }
}

export async function getRecord(c: Ctx, did: string, year?: number) {
  const { d, db } = await loadDeputy(c, did)
  const [suggestions, votes, groups, inspections, issues, targets] = await Promise.all([
    listDeputySuggestions(db, did),
    listDeputyVoteRecord(db, did),
    listDeputyGroups(db, did),
    listDeputyInspections(db, did),
    listDeputyIssues(db, did),
    targetsOf(db, d.jurisdiction_id),
  ])

  // Projects and cycles named by the activities, read once each.
  const projectIds = [...new Set([...groups, ...inspections, ...issues].map((x) => x.projectId))]
  const projects = new Map(
    (await Promise.all(projectIds.map((id) => findProject(db, id))))
      .filter((p) => p !== undefined)
      .map((p) => [p.id, p]),
  )
  const cycleYears = new Map<string, number>()
  for (const cid of new Set([...projects.values()].map((p) => p.cycleId))) {
    const cycle = await findCycle(db, cid)
    if (cycle) cycleYears.set(cid, cycle.year)
  }
  const titleOf = (pid: string) => projects.get(pid)?.title ?? ''
  // A group serves in its project's year and the year it was formed, and in any later year the
  // deputy inspected the project or raised an issue on it (a lagging project stays supervised).
  const groupYears = (g: { projectId: string; assignedAt: Date }) => {
    const p = projects.get(g.projectId)
    const cycleYear = p ? cycleYears.get(p.cycleId) : undefined
    return new Set([
      chinaYear(g.assignedAt),
      ...(cycleYear ? [cycleYear] : []),
      ...inspections.filter((i) => i.projectId === g.projectId).map((i) => chinaYear(i.date)),
      ...issues.filter((i) => i.projectId === g.projectId).map((i) => chinaYear(i.raisedAt)),
    ])
  }
  const voteYear = (v: { openedAt: string | null }) =>
    v.openedAt ? chinaYear(new Date(v.openedAt)) : null

  const activityYears = new Set<number>([
    ...suggestions.map((s) => chinaYear(s.submittedAt)),
    ...votes.map(voteYear).filter((y): y is number => y !== null),
    ...groups.flatMap((g) => [...groupYears(g)]),
    ...inspections.map((i) => chinaYear(i.date)),
    ...issues.map((i) => chinaYear(i.raisedAt)),
  ])
  const thisYear = chinaYear(c.deps.now())
  const y = year ?? (activityYears.size ? Math.max(...activityYears) : thisYear)
  activityYears.add(y)

  const mySuggestions = suggestions.filter((s) => chinaYear(s.submittedAt) === y)
  const myVotes = votes.filter((v) => voteYear(v) === y)
  const ballotsOf = (kinds: string[]) =>
    myVotes
      .filter((v) => kinds.includes(v.kind))
      .map((v) => ({
        voteId: v.voteId,
        cycleId: v.cycleId,
        title: v.title,
        kind: v.kind,
        date: v.openedAt,
        present: v.present,
        voted: v.voted,
      }))
  const selectionVotes = ballotsOf(['selection', 'runoff'])
  const evaluations = ballotsOf(['evaluation'])
  const myGroups = groups
    .filter((g) => groupYears(g).has(y))
    .map((g) => ({ projectId: g.projectId, projectTitle: titleOf(g.projectId), role: g.role }))
  const myInspections = inspections
    .filter((i) => chinaYear(i.date) === y)
    .map((i) => ({
      id: i.id,
      projectId: i.projectId,
      projectTitle: titleOf(i.projectId),
      date: i.date,
      findings: i.findings,
    }))
  const myIssues = issues
    .filter((i) => chinaYear(i.raisedAt) === y)
    .map((i) => ({
      id: i.id,
      projectId: i.projectId,
      projectTitle: titleOf(i.projectId),
      title: i.title,
      state: i.state,
      raisedOn: i.raisedAt.toISOString().slice(0, 10),
      closedOn: i.closedAt ? i.closedAt.toISOString().slice(0, 10) : null,
    }))
  const allBallots = [...selectionVotes, ...evaluations]
  const summary = {
    suggestions: mySuggestions.length,
    suggestionsAdopted: mySuggestions.filter((s) => s.outcome === 'adopted').length,
    votesEntitled: selectionVotes.length,
    votesCast: selectionVotes.filter((v) => v.voted).length,
    evaluationsEntitled: evaluations.length,
    evaluationsCast: evaluations.filter((v) => v.voted).length,
    supervisionGroups: myGroups.length,
    inspections: myInspections.length,
    issuesRaised: myIssues.length,
    issuesClosed: myIssues.filter((i) => i.state === 'closed').length,
  }
  const { custom, ...t } = targets
  return {
    deputy: {
      id: d.id,
      displayName: d.display_name,
      delegation: d.delegation,
      constituency: d.constituency,
      jurisdictionId: d.jurisdiction_id,
      jurisdictionName: d.jurisdiction_name,
    },
    year: y,
    years: [...activityYears].sort((a, b) => b - a),
    targets: {
      custom,
      ...t,
      status: targetStatus(t, {
        suggestions: summary.suggestions,
        inspections: summary.inspections,
        inGroup: myGroups.length > 0,
        votesEntitled: allBallots.length,
        votesCast: allBallots.filter((v) => v.voted).length,
      }),
    },
    summary,
    suggestions: mySuggestions.map((s) => ({
      id: s.id,
      cycleId: s.cycleId,
      title: s.title,
      category: s.category,
      trackingCode: s.trackingCode,
      outcome: s.outcome,
      reply: s.reply,
      submittedAt: s.submittedAt.toISOString(),
      outcomeAt: iso(s.outcomeAt),
    })),
    votes: selectionVotes,
    evaluations,
    supervision: { groups: myGroups, inspections: myInspections, issues: myIssues },
  }
}
export type DeputyRecord = Awaited<ReturnType<typeof getRecord>>

/** The caller's deputy profiles (one per congress), for the deputy portal's "my record". */
export async function myDeputyProfiles(c: Ctx) {
  const auth = requireAuth(c.auth)
  const rows = await repo.deputiesOfUser(c.deps.database.db, auth.userId)
  return {
    items: rows.map((r) => ({
      deputyId: r.id,
      jurisdictionId: r.jurisdiction_id,
      jurisdictionName: r.jurisdiction_name,
      displayName: r.display_name,
    })),
  }
}

export async function getTargets(c: Ctx, jid: string) {
  const { db } = c.deps.database
  const j = await getJurisdictionRef(db, jid)
  requireRole(c.auth, j, ['staff', 'deputy'])
  return targetsOf(db, jid)
}

export async function setTargets(c: Ctx, jid: string, input: RecordTargets) {
  const { db } = c.deps.database
  const j = await getJurisdictionRef(db, jid)
  const auth = requireRole(c.auth, j, ['staff'])
  const now = c.deps.now()
  await db.transaction().execute(async (trx) => {
    const before = await repo.findTargets(trx, jid)
    await repo.upsertTargets(trx, { jurisdictionId: jid, ...input, by: auth.userId, at: now })
    await audit(
      trx,
      {
        jurisdictionId: jid,
        actorUserId: auth.userId,
        action: 'record.targets',
        entity: 'jurisdiction',
        entityId: jid,
        before: before
          ? {
              minSuggestions: before.min_suggestions,
              minInspections: before.min_inspections,
              minVoteParticipationBp: before.min_vote_participation_bp,
            }
          : null,
        after: { ...input },
        requestId: c.requestId,
      },
      now,
    )
  })
  return targetsOf(db, jid)
}
