import { Hono } from 'hono'
import * as v from 'valibot'
import { ctx, type AppEnv } from '../shared/context.js'
import { ids, json, query } from '../shared/validate.js'
import { doc } from '../shared/openapi.js'
import { sendDownload, XLSX_TYPE } from '../shared/download.js'
import * as s from './evaluation.schemas.js'
import * as service from './evaluation.service.js'
import { evaluationResultSheet } from './evaluation.sheets.js'

const tags = ['evaluation']
const eid = (c: { req: { param(n: 'eid'): string } }) => c.req.param('eid')
const rid = (c: { req: { param(n: 'rid'): string } }) => c.req.param('rid')
const Items = <T extends v.GenericSchema>(item: T) => v.object({ items: v.array(item) })

/**
 * The satisfaction evaluation (满意度测评) as thin routes over the ballot feature: an evaluation id
 * is the id of its vote, so GET/PUT /votes/:vid/roster, check-ins, turnout, the bulletin board
 * and receipts work for it as for any vote. docs/decisions/050-evaluation-as-a-vote.md.
 */
export const evaluationRoutes = new Hono<AppEnv>()
  .post(
    '/cycles/:cid/evaluations',
    ids('cid'),
    doc({
      summary:
        "Create a satisfaction evaluation of the cycle's projects (staff); roster: the congress's deputies",
      tags,
      ok: s.Evaluation,
      status: 201,
      errors: {
        409: 'PHASE_CONFLICT, VOTE_EXISTS, NO_PROJECTS',
        400: 'VALIDATION_FAILED, UNKNOWN_PROJECT',
      },
    }),
    json(s.CreateEvaluationInput),
    async (c) =>
      c.json(await service.createEvaluation(ctx(c), c.req.param('cid'), c.req.valid('json')), 201),
  )
  .get(
    '/cycles/:cid/evaluations',
    ids('cid'),
    doc({
      summary: "The cycle's evaluations (staff, teller, deputy)",
      tags,
      ok: Items(s.Evaluation),
    }),
    async (c) => c.json(await service.listEvaluations(ctx(c), c.req.param('cid'))),
  )
  .get(
    '/me/evaluations',
    doc({
      summary: 'The evaluations the calling deputy is entitled to, with hasVoted',
      tags,
      ok: Items(
        v.object({
          id: v.string(),
          cycleId: v.string(),
          jurisdictionId: v.string(),
          title: v.string(),
          state: v.string(),
          present: v.boolean(),
          hasVoted: v.boolean(),
        }),
      ),
    }),
    async (c) => c.json(await service.listMyEvaluations(ctx(c))),
  )
  .get(
    '/evaluations/:eid',
    ids('eid'),
    doc({
      summary: 'An evaluation: state, rules, projects, turnout (staff, teller)',
      tags,
      ok: s.Evaluation,
    }),
    async (c) => c.json(await service.getEvaluation(ctx(c), eid(c))),
  )
  .post(
    '/evaluations/:eid/open',
    ids('eid'),
    doc({
      summary:
        "Open the evaluation: quorum, freezes the cycle's grading rule, cycle → evaluating (staff)",
      tags,
      ok: s.Evaluation,
      errors: { 409: 'QUORUM_NOT_MET, VOTE_NOT_DRAFT, PHASE_CONFLICT, CANDIDATES_CHANGED' },
    }),
    async (c) => c.json(await service.openEvaluation(ctx(c), eid(c))),
  )
  .post(
    '/evaluations/:eid/close',
    ids('eid'),
    doc({
      summary: 'Close the evaluation and seal the ballots (staff)',
      tags,
      ok: s.Evaluation,
      errors: { 409: 'VOTE_NOT_OPEN' },
    }),
    async (c) => c.json(await service.closeEvaluation(ctx(c), eid(c))),
  )
  .get(
    '/evaluations/:eid/ballot',
    ids('eid'),
    doc({
      summary: 'The rating form for the calling deputy: projects with targets and progress',
      tags,
      ok: s.EvaluationBallot,
    }),
    async (c) => c.json(await service.getEvaluationBallot(ctx(c), eid(c))),
  )
  .post(
    '/evaluations/:eid/ballots',
    ids('eid'),
    doc({
      summary: 'Cast a secret evaluation ballot (deputy) → a receipt code',
      description:
        'ratings: { [projectId]: "satisfied" | "basically" | "dissatisfied" | "abstain" }; a project left out counts as 弃权.',
      tags,
      ok: v.object({ receipt: v.string(), evaluationId: v.string(), voteId: v.string() }),
      status: 201,
      errors: {
        409: 'ALREADY_VOTED, VOTE_NOT_OPEN, NOT_CHECKED_IN',
        403: 'NOT_ON_ROSTER',
        400: 'VALIDATION_FAILED, UNKNOWN_PROJECT',
      },
    }),
    json(s.RatingsInput),
    async (c) =>
      c.json(await service.castEvaluationBallot(ctx(c), eid(c), c.req.valid('json').ratings), 201),
  )
  .get(
    '/evaluations/:eid/result',
    ids('eid'),
    doc({
      summary: 'Counts, satisfaction rates and grades per project (staff); sealed while open',
      tags,
      ok: s.EvaluationResult,
      errors: { 409: 'RESULT_SEALED' },
    }),
    async (c) => c.json(await service.getEvaluationResult(ctx(c), eid(c))),
  )
  .get(
    '/evaluations/:eid/result.xlsx',
    ids('eid'),
    doc({ summary: 'The result as .xlsx (staff)', tags, errors: { 409: 'RESULT_SEALED' } }),
    async (c) => {
      const r = await service.getEvaluationResult(ctx(c), eid(c))
      return sendDownload(c, {
        bytes: await evaluationResultSheet(r),
        type: XLSX_TYPE,
        name: `${r.title}.xlsx`,
        ascii: 'evaluation-result.xlsx',
      })
    },
  )
  .post(
    '/evaluations/:eid/certify',
    ids('eid'),
    doc({
      summary:
        'Certify the closed result: freezes counts, grades and the bulletin chain head (staff)',
      tags,
      ok: s.EvaluationResult,
      errors: { 409: 'VOTE_NOT_CLOSED, PAPER_NOT_RECONCILED, VOTE_VOID' },
    }),
    async (c) => c.json(await service.certifyEvaluation(ctx(c), eid(c))),
  )
  .post(
    '/evaluations/:eid/publish',
    ids('eid'),
    doc({
      summary:
        'Publish the certified result; opens a rectification item for each project below the threshold or graded 不满意 (staff)',
      tags,
      ok: s.EvaluationResult,
      errors: { 409: 'VOTE_NOT_CERTIFIED' },
    }),
    async (c) => c.json(await service.publishEvaluation(ctx(c), eid(c))),
  )
  .get(
    '/public/evaluations',
    doc({
      summary: 'Published evaluations (anyone)',
      tags: ['public'],
      security: false,
      ok: Items(
        v.object({
          id: v.string(),
          cycleId: v.string(),
          cycleYear: v.nullable(v.number()),
          cycleTitle: v.string(),
          title: v.string(),
          jurisdictionId: v.string(),
          jurisdictionName: v.string(),
          publishedAt: v.nullable(v.string()),
        }),
      ),
    }),
    async (c) => c.json(await service.listPublicEvaluations(c.get('deps'))),
  )
  .get(
    '/public/evaluations/:eid/result',
    ids('eid'),
    doc({
      summary: 'The published result: rates and grades per project (anyone); 404 until published',
      tags: ['public'],
      security: false,
      ok: s.EvaluationResult,
    }),
    async (c) => c.json(await service.getPublicEvaluationResult(c.get('deps'), eid(c))),
  )
  // ── rectification (整改) ──
  .get(
    '/cycles/:cid/rectifications',
    ids('cid'),
    doc({
      summary: "The cycle's rectification items (staff: all; a unit: its own)",
      tags,
      ok: Items(s.Rectification),
    }),
    query(s.RectificationListQuery),
    async (c) =>
      c.json(
        await service.listCycleRectifications(ctx(c), c.req.param('cid'), c.req.valid('query')),
      ),
  )
  .get(
    '/me/rectifications',
    doc({ summary: "The calling unit's rectification items", tags, ok: Items(s.Rectification) }),
    query(s.RectificationListQuery),
    async (c) => c.json(await service.listMyRectifications(ctx(c), c.req.valid('query'))),
  )
  .get(
    '/rectifications/:rid',
    ids('rid'),
    doc({
      summary: 'A rectification item with its history (staff, its unit)',
      tags,
      ok: s.RectificationDetail,
    }),
    async (c) => c.json(await service.getRectification(ctx(c), rid(c))),
  )
  .post(
    '/rectifications/:rid/assign',
    ids('rid'),
    doc({
      summary: '交办: set the deadline and the requirement (staff)',
      tags,
      ok: s.RectificationDetail,
      errors: { 409: 'ILLEGAL_TRANSITION', 400: 'DEADLINE_IN_PAST' },
    }),
    json(s.AssignInput),
    async (c) =>
      c.json(await service.actOnRectification(ctx(c), rid(c), 'assign', c.req.valid('json'))),
  )
  .post(
    '/rectifications/:rid/answer',
    ids('rid'),
    doc({
      summary: '整改报告: the responsible unit states the measures taken (unit)',
      tags,
      ok: s.RectificationDetail,
      errors: { 409: 'ILLEGAL_TRANSITION' },
    }),
    json(s.AnswerInput),
    async (c) =>
      c.json(await service.actOnRectification(ctx(c), rid(c), 'answer', c.req.valid('json'))),
  )
  .post(
    '/rectifications/:rid/verify',
    ids('rid'),
    doc({
      summary: '核实: staff confirm the measures (staff)',
      tags,
      ok: s.RectificationDetail,
      errors: { 409: 'ILLEGAL_TRANSITION' },
    }),
    json(s.NoteInput),
    async (c) =>
      c.json(await service.actOnRectification(ctx(c), rid(c), 'verify', c.req.valid('json'))),
  )
  .post(
    '/rectifications/:rid/send-back',
    ids('rid'),
    doc({
      summary: '退回: back to the unit with a reason and optionally a new deadline (staff)',
      tags,
      ok: s.RectificationDetail,
      errors: { 409: 'ILLEGAL_TRANSITION', 400: 'DEADLINE_IN_PAST' },
    }),
    json(s.SendBackInput),
    async (c) =>
      c.json(await service.actOnRectification(ctx(c), rid(c), 'send_back', c.req.valid('json'))),
  )
  .post(
    '/rectifications/:rid/close',
    ids('rid'),
    doc({
      summary: '销号: close the item (staff)',
      tags,
      ok: s.RectificationDetail,
      errors: { 409: 'ILLEGAL_TRANSITION' },
    }),
    json(s.NoteInput),
    async (c) =>
      c.json(await service.actOnRectification(ctx(c), rid(c), 'close', c.req.valid('json'))),
  )
  .post(
    '/rectifications/:rid/reopen',
    ids('rid'),
    doc({
      summary: 'Reopen a closed item with a reason (staff)',
      tags,
      ok: s.RectificationDetail,
      errors: { 409: 'ILLEGAL_TRANSITION', 400: 'DEADLINE_IN_PAST' },
    }),
    json(s.ReopenInput),
    async (c) =>
      c.json(await service.actOnRectification(ctx(c), rid(c), 'reopen', c.req.valid('json'))),
  )
