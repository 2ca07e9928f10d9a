import { Hono, type Context } from 'hono'
import * as v from 'valibot'
import { ctx, type AppEnv } from '../shared/context.js'
import { ids, json, query } from '../shared/validate.js'
import { doc } from '../shared/openapi.js'
import { readUpload, uploadLimit } from '../shared/upload.js'
import { PHOTO_LIMITS } from './progress.rules.js'
import * as s from './progress.schemas.js'
import * as service from './progress.service.js'

const BoardItem = v.object({
  project: s.ProjectRef,
  ...s.StatusSummary.entries,
  openIssues: v.number(),
  overdueIssues: v.number(),
  latestReportAt: v.nullable(v.string()),
  group: v.object({ leader: v.nullable(v.string()), size: v.number() }),
})

const uploadDoc = (what: string) =>
  doc({
    summary: `Add a photo to ${what} (multipart field "file", optional "caption")`,
    tags: ['progress'],
    ok: s.Photo,
    status: 201,
    errors: {
      403: 'FORBIDDEN',
      409: 'TOO_MANY_PHOTOS',
      413: 'PAYLOAD_TOO_LARGE',
      415: 'UNSUPPORTED_MEDIA_TYPE',
    },
    description: `JPEG, PNG or WebP, at most ${PHOTO_LIMITS.maxBytes} bytes, checked by content (400 FILE_TYPE_MISMATCH when the bytes are not the declared type, 400 INVALID_IMAGE when they do not decode). Stored re-encoded without metadata (no GPS), with a WebP thumbnail.`,
  })

async function servePhoto(c: Context<AppEnv>, which: 'bytes' | 'thumb') {
  const p = await service.readPhoto(c.get('deps'), c.get('auth'), c.req.param('id')!, which)
  const headers: Record<string, string> = {
    'content-type': p.type,
    'content-disposition': 'inline',
    'x-content-type-options': 'nosniff',
    etag: p.etag,
    // Public photos may be cached by proxies; the others only by the signed-in browser.
    'cache-control': p.isPublic ? 'public, max-age=86400' : 'private, max-age=3600',
  }
  if (c.req.header('if-none-match') === p.etag) return c.body(null, 304, headers)
  return c.body(p.data as Uint8Array<ArrayBuffer>, 200, headers)
}

export const progressRoutes = new Hono<AppEnv>()
  .get(
    '/progress/status-rule',
    doc({
      summary: 'The project status rule (five colours): thresholds and labels for the legend',
      tags: ['progress'],
      ok: s.StatusRuleOutput,
      security: false,
    }),
    (c) => c.json(service.statusRule()),
  )
  .post(
    '/projects/:pid/milestones',
    ids('pid'),
    doc({
      summary: 'Plan a milestone (节点) (responsible unit or staff)',
      tags: ['progress'],
      ok: s.Milestone,
      status: 201,
      errors: { 403: 'FORBIDDEN' },
    }),
    json(s.CreateMilestoneInput),
    async (c) =>
      c.json(await service.createMilestone(ctx(c), c.req.param('pid'), c.req.valid('json')), 201),
  )
  .patch(
    '/milestones/:mid',
    ids('mid'),
    doc({
      summary:
        'Update a milestone: actual date (done), evidence, name, planned date (unit or staff)',
      tags: ['progress'],
      ok: s.Milestone,
      errors: { 403: 'FORBIDDEN' },
      description: 'actualDate cannot be in the future (400 DATE_IN_FUTURE); null un-marks it.',
    }),
    json(s.UpdateMilestoneInput),
    async (c) =>
      c.json(await service.updateMilestone(ctx(c), c.req.param('mid'), c.req.valid('json'))),
  )
  .post(
    '/projects/:pid/progress-reports',
    ids('pid'),
    doc({
      summary: 'File the monthly progress report (responsible unit)',
      tags: ['progress'],
      ok: s.Report,
      status: 201,
      errors: { 403: 'FORBIDDEN', 409: 'PERIOD_REPORTED' },
      description:
        'One report per month (period YYYY-MM, not in the future: 400 PERIOD_IN_FUTURE).',
    }),
    json(s.FileReportInput),
    async (c) =>
      c.json(await service.fileReport(ctx(c), c.req.param('pid'), c.req.valid('json')), 201),
  )
  .patch(
    '/progress-reports/:rid',
    ids('rid'),
    doc({
      summary: 'Correct a progress report (responsible unit; audited with before/after)',
      tags: ['progress'],
      ok: s.Report,
      errors: { 403: 'FORBIDDEN' },
    }),
    json(s.UpdateReportInput),
    async (c) =>
      c.json(await service.updateReport(ctx(c), c.req.param('rid'), c.req.valid('json'))),
  )
  .post(
    '/progress-reports/:rid/photos',
    ids('rid'),
    uploadLimit(PHOTO_LIMITS.maxBytes),
    uploadDoc('a progress report (responsible unit)'),
    async (c) => {
      const { file, caption } = await readUpload(c.req)
      return c.json(
        await service.uploadPhoto(
          ctx(c),
          { kind: 'report', id: c.req.param('rid') },
          file,
          caption,
        ),
        201,
      )
    },
  )
  .post(
    '/inspections/:iid/photos',
    ids('iid'),
    uploadLimit(PHOTO_LIMITS.maxBytes),
    uploadDoc('an inspection (deputies of the supervision group, staff)'),
    async (c) => {
      const { file, caption } = await readUpload(c.req)
      return c.json(
        await service.uploadPhoto(
          ctx(c),
          { kind: 'inspection', id: c.req.param('iid') },
          file,
          caption,
        ),
        201,
      )
    },
  )
  .get(
    '/photos/:id',
    ids('id'),
    doc({
      summary: 'A photo (report photos are public; inspection photos need a reader of the project)',
      tags: ['progress'],
      security: false,
    }),
    (c) => servePhoto(c, 'bytes'),
  )
  .get(
    '/photos/:id/thumb',
    ids('id'),
    doc({
      summary: 'A photo thumbnail (WebP), same access as the photo',
      tags: ['progress'],
      security: false,
    }),
    (c) => servePhoto(c, 'thumb'),
  )
  .get(
    '/projects/:pid/progress',
    ids('pid'),
    doc({
      summary: 'A project’s status, milestones and reports with photos (readers of the project)',
      tags: ['progress'],
      ok: s.ProjectProgress,
      errors: { 403: 'FORBIDDEN' },
    }),
    async (c) => c.json(await service.getProjectProgress(ctx(c), c.req.param('pid'))),
  )
  .get(
    '/cycles/:cid/progress-board',
    ids('cid'),
    doc({
      summary: 'Staff board: every project of a cycle with status, percent and flags (filters)',
      tags: ['progress'],
      ok: v.object({
        cycle: v.object({
          id: v.string(),
          year: v.number(),
          title: v.string(),
          jurisdictionId: v.string(),
        }),
        today: v.string(),
        counts: v.record(v.string(), v.number()),
        total: v.number(),
        items: v.array(BoardItem),
      }),
      errors: { 403: 'FORBIDDEN' },
    }),
    query(s.BoardQuery),
    async (c) =>
      c.json(await service.progressBoard(ctx(c), c.req.param('cid'), c.req.valid('query'))),
  )
  .get(
    '/me/unit-projects',
    doc({
      summary:
        'Unit console: the projects of the caller’s units with status and the next report due',
      tags: ['progress'],
      ok: v.object({
        units: v.array(v.object({ id: v.string(), name: v.string(), jurisdictionId: v.string() })),
        today: v.string(),
        items: v.array(BoardItem),
      }),
    }),
    async (c) => c.json(await service.myUnitProjects(ctx(c))),
  )
  .get(
    '/public/projects/:pid/progress',
    ids('pid'),
    doc({
      summary:
        'Public progress of a project: status, milestones, reports with photos, published issues',
      tags: ['public'],
      security: false,
      description: 'No personal data: no names of deputies, staff or unit officials, no contacts.',
    }),
    async (c) => c.json(await service.publicProgress(c.get('deps'), c.req.param('pid'))),
  )
