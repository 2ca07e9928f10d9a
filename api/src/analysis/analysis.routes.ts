import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import * as v from 'valibot'
import { ctx, type AppEnv } from '../shared/context.js'
import { ids, query } from '../shared/validate.js'
import { doc } from '../shared/openapi.js'
import { pageOf } from '../shared/paging.js'
import { ApiError } from '../shared/errors.js'
import { requireAuth } from '../shared/access.js'
import { sendDownload, XLSX_TYPE } from '../shared/download.js'
import * as s from './analysis.schemas.js'
import * as service from './analysis.service.js'

const PB = 'text/plain; charset=utf-8'
const tags = ['analysis']

/**
 * The import's own body limit (the global 1 MB one skips this path, see shared/upload.ts): the
 * file limit, plus a quarter for JSON string escapes, plus the multipart framing.
 */
const importLimit = bodyLimit({
  maxSize: Math.ceil(service.MAX_FILE_BYTES * 1.25) + 64 * 1024,
  onError: () => {
    throw new ApiError(
      413,
      'PAYLOAD_TOO_LARGE',
      `A .pb file may be at most ${service.MAX_FILE_BYTES} bytes`,
    )
  },
})

const invalid = (issues: { path?: string; message: string }[]) =>
  new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid', {}, issues)

/** multipart/form-data (field `file`, plus `jurisdictionId` and optional `name`) or JSON. */
async function importBody(
  c: Context<AppEnv>,
): Promise<s.ImportInstanceInput & { fileName: string | null }> {
  const type = (c.req.header('content-type') ?? '').toLowerCase()
  if (type.startsWith('multipart/form-data')) {
    let body: Record<string, unknown>
    try {
      body = await c.req.parseBody()
    } catch {
      throw new ApiError(400, 'MALFORMED_MULTIPART', 'The multipart body could not be read')
    }
    const file = body.file
    if (!(file instanceof File))
      throw invalid([{ path: 'file', message: 'Attach the .pb file in the form field "file"' }])
    const text = service.decodeText(new Uint8Array(await file.arrayBuffer()))
    const parsed = v.safeParse(s.ImportInstanceInput, {
      jurisdictionId: body.jurisdictionId,
      ...(typeof body.name === 'string' && body.name.trim() ? { name: body.name } : {}),
      text,
    })
    if (!parsed.success)
      throw invalid(
        parsed.issues.map((i) => ({ path: v.getDotPath(i) ?? undefined, message: i.message })),
      )
    return { ...parsed.output, fileName: file.name || null }
  }
  if (/^application\/(.+\+)?json\b/.test(type)) {
    let raw: unknown
    try {
      raw = await c.req.json()
    } catch {
      throw new ApiError(400, 'MALFORMED_JSON', 'The request body is not valid JSON')
    }
    const parsed = v.safeParse(s.ImportInstanceInput, raw)
    if (!parsed.success)
      throw invalid(
        parsed.issues.map((i) => ({ path: v.getDotPath(i) ?? undefined, message: i.message })),
      )
    return { ...parsed.output, fileName: null }
  }
  throw new ApiError(
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'Send the .pb file as multipart/form-data (field "file") or as JSON { jurisdictionId, name, text }',
  )
}

const sealedErrors = {
  409: 'RESULT_SEALED (the vote is open or not yet opened) · RESULT_CHANGED (paper sheets entered meanwhile; retry)',
  403: 'FORBIDDEN',
}

/** What-if analysis: other selection rules beside the legal one, and pabulib import/export. */
export const analysisRoutes = new Hono<AppEnv>()
  .get(
    '/votes/:vid/what-if',
    ids('vid'),
    doc({
      summary: 'Compare the legal result of a closed vote with budget-aware rules (staff)',
      description:
        'Side by side: the legal rule (from the certified or closed result), budget-capped greedy by 赞成 within the cycle fund pool, greedy among candidates over the legal threshold, and the Method of Equal Shares (approval = 赞成, cost utilities) with its add1 completions and their greedy (_u) variants; each with its chosen candidate ids, total cost, pool used (fen), the diff against the legal set and an explanation in zh-CN and en. Ties: ballot order. See docs/analysis-rules.md.',
      tags,
      ok: s.VoteWhatIf,
      errors: sealedErrors,
    }),
    async (c) => c.json(await service.voteWhatIf(ctx(c), c.req.param('vid'))),
  )
  .get(
    '/votes/:vid/what-if.xlsx',
    ids('vid'),
    doc({
      summary: 'The what-if comparison of a closed vote as .xlsx (staff)',
      tags,
      errors: sealedErrors,
    }),
    query(s.LangQuery),
    async (c) => {
      const x = await service.voteWhatIfWorkbook(
        ctx(c),
        c.req.param('vid'),
        c.req.valid('query').lang,
      )
      return sendDownload(c, { bytes: x.bytes, type: XLSX_TYPE, name: x.filename })
    },
  )
  .get(
    '/votes/:vid/export.pb',
    ids('vid'),
    doc({
      summary: "A closed vote's anonymous ballots as a pabulib .pb file (staff)",
      description:
        'Approval ballots: each counted ballot lists the candidates marked 赞成 (or ticked); shuffled, under fresh random voter ids; project ids are candidate ids; columns category, position (ballot order) and selected (the legal choice). Money in yuan (unit=yuan, default; 409 AMOUNTS_NOT_WHOLE_YUAN when an amount has fen) or in fen (unit=fen). Budget = the cycle fund pool.',
      tags,
      errors: { ...sealedErrors, 409: `${sealedErrors[409]} · AMOUNTS_NOT_WHOLE_YUAN` },
    }),
    query(s.ExportQuery),
    async (c) => {
      const x = await service.exportVotePabulib(
        ctx(c),
        c.req.param('vid'),
        c.req.valid('query').unit,
      )
      return sendDownload(c, { bytes: x.text, type: PB, name: x.filename })
    },
  )
  .post(
    '/analysis/instances',
    importLimit,
    doc({
      summary: 'Import a pabulib .pb file as an analysis instance of a jurisdiction (staff)',
      description:
        'multipart/form-data with the file in the field "file", the jurisdiction in "jurisdictionId" and an optional "name"; or JSON { jurisdictionId, name?, text }. Approval (and choose-1) ballots; at most 16 MB. A malformed file is refused with 400 PABULIB_INVALID and the line of the offending record in "line".',
      tags,
      ok: s.InstanceSummary,
      status: 201,
      errors: {
        400: 'PABULIB_INVALID (line) · VALIDATION_FAILED · MALFORMED_JSON · MALFORMED_MULTIPART',
        403: 'FORBIDDEN',
        413: 'PAYLOAD_TOO_LARGE',
        415: 'UNSUPPORTED_MEDIA_TYPE',
      },
    }),
    async (c) => {
      requireAuth(c.get('auth'))
      const body = await importBody(c)
      return c.json(await service.importInstance(ctx(c), body), 201)
    },
  )
  .get(
    '/analysis/instances',
    doc({
      summary: 'The analysis instances of a jurisdiction, newest first (staff)',
      tags,
      ok: pageOf(s.InstanceSummary),
    }),
    query(s.ListInstancesQuery),
    async (c) => {
      const q = c.req.valid('query')
      return c.json(await service.listInstances(ctx(c), q.jurisdictionId, q.limit, q.cursor))
    },
  )
  .get(
    '/analysis/instances/:id',
    ids('id'),
    doc({ summary: 'An analysis instance (staff)', tags, ok: s.InstanceSummary }),
    async (c) => c.json(await service.getInstance(ctx(c), c.req.param('id'))),
  )
  .delete(
    '/analysis/instances/:id',
    ids('id'),
    doc({ summary: 'Delete an analysis instance (staff)', tags, status: 204 }),
    async (c) => {
      await service.deleteInstance(ctx(c), c.req.param('id'))
      return c.body(null, 204)
    },
  )
  .get(
    '/analysis/instances/:id/source.pb',
    ids('id'),
    doc({ summary: 'The imported .pb file as uploaded (staff)', tags }),
    async (c) => {
      const x = await service.instanceSource(ctx(c), c.req.param('id'))
      return sendDownload(c, { bytes: x.text, type: PB, name: x.fileName })
    },
  )
  .get(
    '/analysis/instances/:id/what-if',
    ids('id'),
    doc({
      summary: 'Compare the selection rules on an imported file (staff)',
      description:
        'greedy, greedy_threshold (when META has min_project_score_threshold), mes, mes_add1, mes_add1_u, mes_add1_full, mes_add1_full_u, and the official result when the file has a selected column (the baseline of the diffs; else the rule META names, else greedy). Computed once per file off the request thread and cached; `cached` says whether this answer came from the cache.',
      tags,
      ok: s.InstanceWhatIf,
      errors: { 503: 'ANALYSIS_TIMEOUT' },
    }),
    async (c) => c.json(await service.instanceWhatIf(ctx(c), c.req.param('id'))),
  )
  .get(
    '/analysis/instances/:id/what-if.xlsx',
    ids('id'),
    doc({ summary: 'The comparison of an imported file as .xlsx (staff)', tags }),
    query(s.LangQuery),
    async (c) => {
      const x = await service.instanceWhatIfWorkbook(
        ctx(c),
        c.req.param('id'),
        c.req.valid('query').lang,
      )
      return sendDownload(c, { bytes: x.bytes, type: XLSX_TYPE, name: x.filename })
    },
  )
