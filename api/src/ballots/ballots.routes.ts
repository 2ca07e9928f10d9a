import { Hono } from 'hono'
import { streamSSE, type SSEStreamingApi } from 'hono/streaming'
import * as v from 'valibot'
import { ctx, type AppEnv } from '../shared/context.js'
import { ids, json, param } from '../shared/validate.js'
import { doc } from '../shared/openapi.js'
import * as s from './ballots.schemas.js'
import * as service from './ballots.service.js'

const tags = ['ballots']
const vid = (c: { req: { param(n: 'vid'): string } }) => c.req.param('vid')
const Sheet = v.object({ sheetNo: s.SheetNoParam })
const HEARTBEAT_MS = 20_000

/** The secret ballot. Paths and error codes of the stable rows of API.md are a contract. */
export const ballotRoutes = new Hono<AppEnv>()
  .post(
    '/cycles/:cid/votes',
    ids('cid'),
    doc({
      summary:
        'Create a vote: a selection over the locked list, or a runoff among tied candidates (staff)',
      tags,
      ok: s.Vote,
      status: 201,
      errors: {
        409: 'PHASE_CONFLICT, VOTE_EXISTS, NO_TIE, PAPER_NOT_RECONCILED',
        400: 'VALIDATION_FAILED, NOT_TIED',
      },
    }),
    json(s.CreateVoteInput),
    async (c) =>
      c.json(await service.createVote(ctx(c), c.req.param('cid'), c.req.valid('json')), 201),
  )
  .get(
    '/cycles/:cid/votes',
    ids('cid'),
    doc({ summary: "The cycle's votes (staff, teller, deputy)", tags, ok: s.VoteList }),
    async (c) => c.json(await service.listVotes(ctx(c), c.req.param('cid'))),
  )
  .get(
    '/me/votes',
    doc({
      summary: "The caller's votes as a deputy: on the roster, with hasVoted",
      tags,
      ok: v.object({ items: v.array(s.MyVote) }),
    }),
    async (c) => c.json(await service.listMyVotes(ctx(c))),
  )
  .get(
    '/votes/:vid',
    ids('vid'),
    doc({ summary: 'A vote: state, rules, candidates, turnout (staff, teller)', tags, ok: s.Vote }),
    async (c) => c.json(await service.getVote(ctx(c), vid(c))),
  )
  .put(
    '/votes/:vid/roster',
    ids('vid'),
    doc({
      summary: 'Set who is entitled to vote (应到) (staff)',
      tags,
      ok: s.Roster,
      errors: { 409: 'VOTE_NOT_DRAFT', 400: 'UNKNOWN_DEPUTY' },
    }),
    json(s.RosterInput),
    async (c) => c.json(await service.setRoster(ctx(c), vid(c), c.req.valid('json').deputyIds)),
  )
  .get(
    '/votes/:vid/roster',
    ids('vid'),
    doc({ summary: 'The roster with check-in (staff, teller)', tags, ok: s.Roster }),
    async (c) => c.json(await service.getRoster(ctx(c), vid(c))),
  )
  .post(
    '/votes/:vid/check-ins',
    ids('vid'),
    doc({
      summary: 'Mark deputies present (实到) (staff)',
      tags,
      ok: s.Turnout,
      errors: { 409: 'CHECK_IN_CLOSED', 400: 'NOT_ON_ROSTER' },
    }),
    json(s.CheckInInput),
    async (c) => {
      const b = c.req.valid('json')
      return c.json(await service.checkIn(ctx(c), vid(c), b.deputyIds ?? [b.deputyId!]))
    },
  )
  .delete(
    '/votes/:vid/check-ins/:did',
    ids('vid', 'did'),
    doc({
      summary: 'Undo a check-in before the vote opens (staff)',
      tags,
      ok: s.Turnout,
      errors: { 409: 'VOTE_NOT_DRAFT' },
    }),
    async (c) => c.json(await service.undoCheckIn(ctx(c), vid(c), c.req.param('did'))),
  )
  .post(
    '/votes/:vid/check-in-code',
    ids('vid'),
    doc({
      summary: 'Issue a new self check-in code to show in the hall (staff)',
      tags,
      ok: v.object({ code: v.string() }),
      errors: { 409: 'CHECK_IN_CLOSED' },
    }),
    async (c) => c.json(await service.rotateCheckInCode(ctx(c), vid(c))),
  )
  .post(
    '/votes/:vid/self-check-in',
    ids('vid'),
    doc({
      summary: 'Check in with the code shown in the hall (deputy)',
      tags,
      ok: v.object({ voteId: v.string(), present: v.boolean() }),
      errors: {
        400: 'WRONG_CHECK_IN_CODE',
        403: 'NOT_ON_ROSTER',
        409: 'CHECK_IN_CLOSED',
        429: 'TOO_MANY_ATTEMPTS',
      },
    }),
    json(s.SelfCheckInInput),
    async (c) => c.json(await service.selfCheckIn(ctx(c), vid(c), c.req.valid('json').code)),
  )
  .post(
    '/votes/:vid/open',
    ids('vid'),
    doc({
      summary:
        'Open the vote: needs more than half of the roster present; freezes the rules (staff)',
      tags,
      ok: s.Vote,
      errors: { 409: 'QUORUM_NOT_MET, VOTE_NOT_DRAFT, PHASE_CONFLICT, NO_CANDIDATES' },
    }),
    async (c) => c.json(await service.openVote(ctx(c), vid(c))),
  )
  .post(
    '/votes/:vid/close',
    ids('vid'),
    doc({
      summary: 'Close the vote and seal the ballots (staff)',
      tags,
      ok: s.Vote,
      errors: { 409: 'VOTE_NOT_OPEN' },
    }),
    async (c) => c.json(await service.closeVote(ctx(c), vid(c))),
  )
  .get(
    '/votes/:vid/ballot',
    ids('vid'),
    doc({
      summary: 'The ballot form for the calling deputy: candidates, maxApprovals, hasVoted',
      tags,
      ok: s.BallotFormOutput,
    }),
    async (c) => c.json(await service.getBallot(ctx(c), vid(c))),
  )
  .post(
    '/votes/:vid/ballots',
    ids('vid'),
    doc({
      summary: 'Cast a secret ballot (deputy) → a receipt code',
      description:
        'Unmarked candidates count as 弃权 (abstain). On tick-up-to-N ballots a tick is "for"; "against" is refused.',
      tags,
      ok: s.ReceiptOutput,
      status: 201,
      errors: {
        409: 'ALREADY_VOTED, VOTE_NOT_OPEN, NOT_CHECKED_IN',
        403: 'NOT_ON_ROSTER',
        400: 'TOO_MANY_APPROVALS, UNKNOWN_CANDIDATE, INVALID_CHOICE',
      },
    }),
    json(s.CastInput),
    async (c) => c.json(await service.castBallot(ctx(c), vid(c), c.req.valid('json').choices), 201),
  )
  .get(
    '/votes/:vid/turnout',
    ids('vid'),
    doc({
      summary: 'Turnout: entitled, present, voted — never a choice (staff, teller, deputy)',
      tags,
      ok: s.Turnout,
    }),
    async (c) => c.json(await service.getTurnout(ctx(c), vid(c))),
  )
  .get(
    '/votes/:vid/turnout/stream',
    ids('vid'),
    doc({
      summary: 'Live turnout as server-sent events (event "turnout"), across API processes',
      tags,
    }),
    async (c) => {
      const context = ctx(c)
      const id = vid(c)
      // Access is checked before the stream starts, so refusals are ordinary JSON errors.
      let out: SSEStreamingApi | null = null
      const queued: service.TurnoutSnapshot[] = []
      const write = (t: service.TurnoutSnapshot) =>
        out!.writeSSE({ event: 'turnout', data: JSON.stringify(t) })
      const stop = await service.watchTurnout(context, id, async (t) => {
        if (out) await write(t)
        else queued.push(t)
      })
      return streamSSE(c, async (stream) => {
        out = stream
        const beat = setInterval(() => {
          void stream.write(': keep-alive\n\n').catch(() => {})
        }, HEARTBEAT_MS)
        try {
          for (const t of queued.splice(0)) await write(t)
          // Until the client goes away (an abort before this point has already happened).
          if (!stream.aborted) await new Promise<void>((resolve) => stream.onAbort(() => resolve()))
        } finally {
          clearInterval(beat)
          await stop()
        }
      })
    },
  )
  .get(
    '/votes/:vid/result',
    ids('vid'),
    doc({
      summary: 'The result (staff); sealed while the vote is open',
      tags,
      ok: s.AnyResult,
      errors: { 409: 'RESULT_SEALED' },
    }),
    async (c) => c.json(await service.getAnyResult(ctx(c), vid(c))),
  )
  .post(
    '/votes/:vid/certify',
    ids('vid'),
    doc({
      summary: 'Certify the closed result; freezes it and the bulletin chain head (staff)',
      tags,
      ok: s.AnyResult,
      errors: { 409: 'VOTE_NOT_CLOSED, PAPER_NOT_RECONCILED, VOTE_VOID' },
    }),
    async (c) => c.json(await service.certifyVote(ctx(c), vid(c))),
  )
  .post(
    '/votes/:vid/publish',
    ids('vid'),
    doc({
      summary: 'Publish the certified result and the bulletin board (staff)',
      tags,
      ok: s.AnyResult,
      errors: { 409: 'VOTE_NOT_CERTIFIED' },
    }),
    async (c) => c.json(await service.publishVote(ctx(c), vid(c))),
  )
  .post(
    '/votes/:vid/paper-ballots',
    ids('vid'),
    doc({
      summary: 'Enter one paper sheet, round 1 or 2, by two different tellers (teller, staff)',
      tags,
      ok: v.object({ sheetNo: v.number(), round: v.number(), state: v.string() }),
      status: 201,
      errors: {
        409: 'VOTE_NOT_CLOSED, SHEET_ALREADY_ENTERED, SAME_TELLER',
        400: 'UNKNOWN_CANDIDATE, INVALID_CHOICE',
      },
    }),
    json(s.PaperBallotInput),
    async (c) => c.json(await service.enterPaperBallot(ctx(c), vid(c), c.req.valid('json')), 201),
  )
  .get(
    '/votes/:vid/paper-ballots/discrepancies',
    ids('vid'),
    doc({
      summary: 'Sheets whose two rounds differ, or that have one round only (teller, staff)',
      tags,
      ok: s.Discrepancies,
    }),
    async (c) => c.json(await service.listDiscrepancies(ctx(c), vid(c))),
  )
  .post(
    '/votes/:vid/paper-ballots/:sheetNo/resolve',
    ids('vid'),
    doc({
      summary: 'Record the reading of a disputed sheet after checking the paper (staff)',
      tags,
      ok: v.object({ sheetNo: v.number(), state: v.string() }),
      errors: { 409: 'VOTE_NOT_CLOSED', 400: 'UNKNOWN_CANDIDATE' },
    }),
    param(Sheet),
    json(s.ResolveSheetInput),
    async (c) =>
      c.json(
        await service.resolvePaperSheet(
          ctx(c),
          vid(c),
          c.req.valid('param').sheetNo,
          c.req.valid('json'),
        ),
      ),
  )
  .delete(
    '/votes/:vid/paper-ballots/:sheetNo',
    ids('vid'),
    doc({
      summary: 'Remove a sheet entered under a wrong number (staff)',
      tags,
      ok: v.object({ sheetNo: v.number(), deleted: v.boolean() }),
      errors: { 409: 'VOTE_NOT_CLOSED' },
    }),
    param(Sheet),
    async (c) =>
      c.json(await service.deletePaperSheet(ctx(c), vid(c), c.req.valid('param').sheetNo)),
  )
  .post(
    '/votes/:vid/paper-count',
    ids('vid'),
    doc({
      summary:
        'Record paper ballots issued and returned; more returned than issued voids the vote (staff)',
      tags,
      ok: v.object({
        issued: v.number(),
        returned: v.number(),
        void: v.boolean(),
        voidReason: v.nullable(v.string()),
      }),
      errors: { 409: 'VOTE_NOT_CLOSED' },
    }),
    json(s.PaperCountInput),
    async (c) => c.json(await service.recordPaperCount(ctx(c), vid(c), c.req.valid('json'))),
  )
  .get(
    '/votes/:vid/ballot-sheet.pdf',
    ids('vid'),
    doc({
      summary: 'The printable paper ballot (PDF) (staff, teller)',
      tags,
      errors: { 503: 'PDF_FONT_MISSING' },
    }),
    async (c) => {
      const pdf = await service.ballotSheetPdf(ctx(c), vid(c))
      return c.body(new Uint8Array(pdf), 200, {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="ballot-sheet-${vid(c)}.pdf"`,
      })
    },
  )
  .get(
    '/public/votes/:vid/result',
    ids('vid'),
    doc({
      summary: 'The published result (anyone); 404 until published',
      tags: ['public'],
      ok: s.AnyResult,
      security: false,
    }),
    async (c) => c.json(await service.getPublicVoteResult(c.get('deps'), vid(c))),
  )
  .get(
    '/public/votes/:vid/bulletin',
    ids('vid'),
    doc({
      summary:
        'The bulletin board (anyone, after publication): anonymous ballots, receipt hashes, chain head',
      tags: ['public'],
      ok: s.Bulletin,
      security: false,
    }),
    async (c) => c.json(await service.getBulletin(c.get('deps'), vid(c))),
  )
  .get(
    '/public/receipts/:receipt',
    doc({
      summary: 'Whether a receipt is on a published bulletin board (never what the ballot says)',
      tags: ['public'],
      ok: s.ReceiptCheck,
      security: false,
    }),
    async (c) => c.json(await service.checkReceipt(c.get('deps'), c.req.param('receipt'))),
  )
