import { Hono } from 'hono'
import * as v from 'valibot'
import { ctx, type AppEnv } from '../shared/context.js'
import { ids, json, query } from '../shared/validate.js'
import { doc } from '../shared/openapi.js'
import { clientIp } from '../shared/request.js'
import { sendDownload, XLSX_TYPE } from '../shared/download.js'
import * as s from './supervision.schemas.js'
import * as service from './supervision.service.js'

const IssueList = v.object({ items: v.array(s.Issue) })
const IssueListWithToday = v.object({ today: v.string(), items: v.array(s.Issue) })
const issueErrors = { 403: 'FORBIDDEN', 409: 'ILLEGAL_TRANSITION' }

export const supervisionRoutes = new Hono<AppEnv>()
  .get(
    '/projects/:pid/supervision-group',
    ids('pid'),
    doc({
      summary: 'The supervision group (代表监督小组) of a project',
      tags: ['supervision'],
      ok: s.Group,
    }),
    async (c) => c.json(await service.getGroup(ctx(c), c.req.param('pid'))),
  )
  .put(
    '/projects/:pid/supervision-group',
    ids('pid'),
    doc({
      summary: 'Form or replace the supervision group: a leader and members (staff)',
      tags: ['supervision'],
      ok: s.Group,
      errors: { 403: 'FORBIDDEN' },
      description:
        'Every member must be an active deputy of the project’s congress (400 UNKNOWN_DEPUTY).',
    }),
    json(s.SetGroupInput),
    async (c) => c.json(await service.setGroup(ctx(c), c.req.param('pid'), c.req.valid('json'))),
  )
  .post(
    '/projects/:pid/inspections',
    ids('pid'),
    doc({
      summary:
        'Record an inspection (视察) (deputies of the group, staff); photos via /inspections/:iid/photos',
      tags: ['supervision'],
      ok: s.Inspection,
      status: 201,
      errors: { 403: 'FORBIDDEN' },
    }),
    json(s.CreateInspectionInput),
    async (c) =>
      c.json(await service.recordInspection(ctx(c), c.req.param('pid'), c.req.valid('json')), 201),
  )
  .get(
    '/projects/:pid/inspections',
    ids('pid'),
    doc({
      summary: 'Inspections of a project with participants and photos',
      tags: ['supervision'],
      ok: v.object({ items: v.array(s.Inspection) }),
    }),
    async (c) => c.json(await service.listInspections(ctx(c), c.req.param('pid'))),
  )
  .post(
    '/projects/:pid/issues',
    ids('pid'),
    doc({
      summary:
        'Raise an issue (问题清单) (deputies of the group, staff; staff also from public feedback)',
      tags: ['supervision'],
      ok: s.Issue,
      status: 201,
      errors: { 403: 'FORBIDDEN', 409: 'FEEDBACK_HANDLED' },
    }),
    json(s.RaiseIssueInput),
    async (c) =>
      c.json(await service.raiseIssue(ctx(c), c.req.param('pid'), c.req.valid('json')), 201),
  )
  .get(
    '/projects/:pid/issues',
    ids('pid'),
    doc({
      summary: 'Issues of a project, with the caller’s allowed actions',
      tags: ['supervision'],
      ok: IssueList,
    }),
    query(s.IssueListQuery),
    async (c) =>
      c.json(await service.listProjectIssues(ctx(c), c.req.param('pid'), c.req.valid('query'))),
  )
  .get(
    '/issues/:iid',
    ids('iid'),
    doc({
      summary: 'One issue with its timestamped steps',
      tags: ['supervision'],
      ok: s.IssueDetail,
    }),
    async (c) => c.json(await service.getIssue(ctx(c), c.req.param('iid'))),
  )
  .post(
    '/issues/:iid/assign',
    ids('iid'),
    doc({
      summary:
        '交办: assign to the responsible unit with a deadline (staff); again to change unit or deadline',
      tags: ['supervision'],
      ok: s.Issue,
      errors: issueErrors,
    }),
    json(s.AssignInput),
    async (c) =>
      c.json(
        await service.actOnIssue(ctx(c), c.req.param('iid'), {
          action: 'assign',
          input: c.req.valid('json'),
        }),
      ),
  )
  .post(
    '/issues/:iid/answer',
    ids('iid'),
    doc({
      summary: '办理: the unit states the measures taken (accounts of the assigned unit)',
      tags: ['supervision'],
      ok: s.Issue,
      errors: issueErrors,
    }),
    json(s.AnswerInput),
    async (c) =>
      c.json(
        await service.actOnIssue(ctx(c), c.req.param('iid'), {
          action: 'answer',
          input: c.req.valid('json'),
        }),
      ),
  )
  .post(
    '/issues/:iid/verify',
    ids('iid'),
    doc({
      summary:
        '核实: accept the answer, or send it back with a note and a new deadline (raising deputy, staff)',
      tags: ['supervision'],
      ok: s.Issue,
      errors: issueErrors,
    }),
    json(s.VerifyInput),
    async (c) =>
      c.json(
        await service.actOnIssue(ctx(c), c.req.param('iid'), {
          action: 'verify',
          input: c.req.valid('json'),
        }),
      ),
  )
  .post(
    '/issues/:iid/close',
    ids('iid'),
    doc({
      summary: '销号: close an answered or verified issue (raising deputy, staff)',
      tags: ['supervision'],
      ok: s.Issue,
      errors: issueErrors,
    }),
    json(s.CloseInput),
    async (c) =>
      c.json(
        await service.actOnIssue(ctx(c), c.req.param('iid'), {
          action: 'close',
          input: c.req.valid('json'),
        }),
      ),
  )
  .post(
    '/issues/:iid/reopen',
    ids('iid'),
    doc({
      summary:
        'Reopen a closed issue: assigned again with a reason and a new deadline (raising deputy, staff)',
      tags: ['supervision'],
      ok: s.Issue,
      errors: issueErrors,
    }),
    json(s.ReopenInput),
    async (c) =>
      c.json(
        await service.actOnIssue(ctx(c), c.req.param('iid'), {
          action: 'reopen',
          input: c.req.valid('json'),
        }),
      ),
  )
  .post(
    '/issues/:iid/publish',
    ids('iid'),
    doc({
      summary: '公示: publish (or withdraw) an issue and its answer on the public page (staff)',
      tags: ['supervision'],
      ok: s.Issue,
      errors: { 403: 'FORBIDDEN' },
    }),
    json(s.PublishInput),
    async (c) =>
      c.json(await service.publishIssue(ctx(c), c.req.param('iid'), c.req.valid('json').published)),
  )
  .get(
    '/cycles/:cid/issues',
    ids('cid'),
    doc({
      summary: 'The issue list of a cycle with filters (staff)',
      tags: ['supervision'],
      ok: IssueList,
      errors: { 403: 'FORBIDDEN' },
    }),
    query(s.IssueListQuery),
    async (c) =>
      c.json(await service.listCycleIssues(ctx(c), c.req.param('cid'), c.req.valid('query'))),
  )
  .get(
    '/cycles/:cid/issues.xlsx',
    ids('cid'),
    doc({
      summary: 'The issue list of a cycle with its status as an Excel workbook (staff)',
      tags: ['supervision'],
      errors: { 403: 'FORBIDDEN' },
    }),
    query(s.IssueListQuery),
    async (c) => {
      const x = await service.exportCycleIssues(ctx(c), c.req.param('cid'), c.req.valid('query'))
      return sendDownload(c, {
        bytes: x.data,
        type: XLSX_TYPE,
        name: x.filename,
        ascii: 'issues.xlsx',
      })
    },
  )
  .get(
    '/me/unit-issues',
    doc({
      summary:
        'Unit console: issues assigned to the caller’s units, deadlines first (open by default)',
      tags: ['supervision'],
      ok: IssueListWithToday,
    }),
    query(s.MineIssueQuery),
    async (c) => c.json(await service.myUnitIssues(ctx(c), c.req.valid('query').state)),
  )
  .get(
    '/me/supervision-projects',
    doc({
      summary: 'Deputy portal: the projects whose supervision group the caller sits in',
      tags: ['supervision'],
      ok: v.object({ today: v.string(), items: v.array(v.record(v.string(), v.unknown())) }),
    }),
    async (c) => c.json(await service.mySupervisionProjects(ctx(c))),
  )
  .get(
    '/me/raised-issues',
    doc({
      summary: 'Deputy portal: the issues the caller raised (open by default), to verify and close',
      tags: ['supervision'],
      ok: IssueListWithToday,
    }),
    query(s.MineIssueQuery),
    async (c) => c.json(await service.myRaisedIssues(ctx(c), c.req.valid('query').state)),
  )
  .get(
    '/projects/:pid/timeline',
    ids('pid'),
    doc({
      summary:
        'The project timeline: milestones, reports, inspections and issue steps in date order',
      tags: ['supervision'],
      ok: v.object({ today: v.string(), items: v.array(s.TimelineEntry) }),
    }),
    async (c) => c.json(await service.projectTimeline(ctx(c), c.req.param('pid'))),
  )
  .post(
    '/public/projects/:pid/feedback',
    ids('pid'),
    doc({
      summary: 'Send feedback on a project without signing in',
      tags: ['public'],
      ok: v.object({ received: v.boolean(), id: v.string() }),
      status: 201,
      security: false,
      errors: { 429: 'TOO_MANY_FEEDBACK' },
      description:
        '`website` is a honeypot the form hides (leave it empty); `fillMs` is how long the form was open (at least 3 s). Limited per address (429 with Retry-After). The contact is seen by staff only.',
    }),
    json(s.FeedbackInput),
    async (c) =>
      c.json(
        await service.submitFeedback(
          c.get('deps'),
          c.req.param('pid'),
          c.req.valid('json'),
          clientIp(c),
        ),
        201,
      ),
  )
  .get(
    '/projects/:pid/feedback',
    ids('pid'),
    doc({
      summary: 'Public feedback on a project (staff), to turn into issues or dismiss',
      tags: ['supervision'],
      ok: v.object({ items: v.array(s.Feedback) }),
      errors: { 403: 'FORBIDDEN' },
    }),
    async (c) => c.json(await service.listFeedback(ctx(c), c.req.param('pid'))),
  )
  .post(
    '/feedback/:fid/dismiss',
    ids('fid'),
    doc({
      summary: 'Dismiss public feedback that needs no issue (staff)',
      tags: ['supervision'],
      ok: v.object({ id: v.string(), status: v.string() }),
      errors: { 403: 'FORBIDDEN', 409: 'FEEDBACK_HANDLED' },
    }),
    async (c) => c.json(await service.dismissFeedback(ctx(c), c.req.param('fid'))),
  )
