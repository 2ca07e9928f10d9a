import { Hono, type Context } from 'hono'
import { ctx, type AppEnv } from '../shared/context.js'
import { ids, json } from '../shared/validate.js'
import { doc } from '../shared/openapi.js'
import { requireAuth } from '../shared/access.js'
import { ApiError } from '../shared/errors.js'
import { sendDownload, XLSX_TYPE } from '../shared/download.js'
import { Cycle } from '../cycles/cycles.schemas.js'
import * as s from './candidates.schemas.js'
import * as service from './candidates.service.js'

/**
 * The upload of the import: multipart/form-data with the file in the field `file` (what a browser
 * form sends), or the raw file as the body with a spreadsheet/CSV content type (for scripts).
 * The app-wide body limit (BODY_LIMIT_BYTES) applies.
 */
async function uploadedFile(c: Context<AppEnv>): Promise<Uint8Array> {
  const type = (c.req.header('content-type') ?? '').toLowerCase()
  let bytes: Uint8Array
  if (type.startsWith('multipart/form-data')) {
    let body: Record<string, unknown>
    try {
      body = await c.req.parseBody()
    } catch {
      throw new ApiError(400, 'MALFORMED_BODY', 'The multipart body could not be read')
    }
    const file = body.file
    if (!(file instanceof File)) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid', {}, [
        { path: 'file', message: 'Attach the .xlsx or .csv file in the form field "file"' },
      ])
    }
    bytes = new Uint8Array(await file.arrayBuffer())
  } else if (
    type.startsWith(XLSX_TYPE) ||
    type.startsWith('text/csv') ||
    type.startsWith('application/octet-stream')
  ) {
    bytes = new Uint8Array(await c.req.arrayBuffer())
  } else {
    throw new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Upload the .xlsx or .csv file as multipart/form-data (field "file")',
    )
  }
  if (bytes.length === 0)
    throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid', {}, [
      { path: 'file', message: 'The file is empty' },
    ])
  return bytes
}

export const candidateRoutes = new Hono<AppEnv>()
  .post(
    '/cycles/:cid/candidates',
    ids('cid'),
    doc({
      summary: 'Add a candidate project (staff; units for their own unit)',
      tags: ['candidates'],
      ok: s.Candidate,
      status: 201,
      errors: { 403: 'FORBIDDEN', 409: 'CANDIDATES_LOCKED' },
      description:
        'responsibleUnit is a unit of the jurisdiction, by id or exact name; fundingSource is local (本级财政), transfer (上级补助), social (社会资金) or other (其他).',
    }),
    json(s.CreateCandidateInput),
    async (c) =>
      c.json(await service.createCandidate(ctx(c), c.req.param('cid'), c.req.valid('json')), 201),
  )
  .get(
    '/cycles/:cid/candidates',
    ids('cid'),
    doc({
      summary:
        'The candidate list (drafts for staff and units; everyone who can see it once locked)',
      tags: ['candidates'],
      ok: s.CandidateList,
    }),
    async (c) => c.json(await service.listCandidates(ctx(c), c.req.param('cid'))),
  )
  .post(
    '/cycles/:cid/candidates/lock',
    ids('cid'),
    doc({
      summary: 'Lock the candidate list (审定) when it meets the margin rule (staff)',
      tags: ['candidates'],
      ok: Cycle,
      errors: {
        403: 'FORBIDDEN',
        409: 'MARGIN_NOT_MET (with required, actual) · ALREADY_LOCKED · PHASE_CONFLICT',
      },
    }),
    async (c) => c.json(await service.lockCandidateList(ctx(c), c.req.param('cid'))),
  )
  .post(
    '/cycles/:cid/candidates/reopen',
    ids('cid'),
    doc({
      summary: 'Reopen a locked list for changes, with a reason (staff; audited)',
      tags: ['candidates'],
      ok: Cycle,
      errors: { 403: 'FORBIDDEN', 409: 'VOTE_STARTED · NOT_LOCKED' },
    }),
    json(s.ReopenInput),
    async (c) =>
      c.json(
        await service.reopenCandidateList(ctx(c), c.req.param('cid'), c.req.valid('json').reason),
      ),
  )
  .post(
    '/cycles/:cid/candidates/import',
    ids('cid'),
    doc({
      summary: 'Import candidates from .xlsx or .csv — all rows or none (staff)',
      tags: ['candidates'],
      ok: s.ImportResult,
      status: 201,
      errors: {
        400: 'IMPORT_INVALID (rows: [{ row, field, code, message }]) · IMPORT_UNREADABLE',
        403: 'FORBIDDEN',
        409: 'CANDIDATES_LOCKED',
        413: 'PAYLOAD_TOO_LARGE',
        415: 'UNSUPPORTED_MEDIA_TYPE',
      },
      description:
        'multipart/form-data with the file in the field "file". Columns (header row): 项目名称, 类别, 责任单位, 估算金额（万元）, 资金来源, and optionally 项目内容, 绩效目标, 实施地点, 计划完成时间, 来源建议编号 — the columns of the export.',
    }),
    async (c) => {
      requireAuth(c.get('auth'))
      const bytes = await uploadedFile(c)
      return c.json(await service.importCandidates(ctx(c), c.req.param('cid'), bytes), 201)
    },
  )
  .get(
    '/cycles/:cid/candidates/export',
    ids('cid'),
    doc({
      summary: 'The candidate list as .xlsx (the columns the import reads)',
      tags: ['candidates'],
      errors: { 403: 'FORBIDDEN' },
    }),
    async (c) => {
      const { bytes, filename } = await service.exportCandidates(ctx(c), c.req.param('cid'))
      return sendDownload(c, { bytes, type: XLSX_TYPE, name: filename, ascii: 'candidates.xlsx' })
    },
  )
  .get(
    '/candidates/:id',
    ids('id'),
    doc({ summary: 'One candidate', tags: ['candidates'], ok: s.Candidate }),
    async (c) => c.json(await service.getCandidate(ctx(c), c.req.param('id'))),
  )
  .patch(
    '/candidates/:id',
    ids('id'),
    doc({
      summary: 'Change a candidate (staff; units for their own); refused once the list is locked',
      tags: ['candidates'],
      ok: s.Candidate,
      errors: { 403: 'FORBIDDEN', 409: 'CANDIDATES_LOCKED · SUGGESTION_ADOPTED' },
    }),
    json(s.UpdateCandidateInput),
    async (c) =>
      c.json(await service.updateCandidate(ctx(c), c.req.param('id'), c.req.valid('json'))),
  )
  .delete(
    '/candidates/:id',
    ids('id'),
    doc({
      summary: 'Remove a candidate from the list (staff; units for their own); refused once locked',
      tags: ['candidates'],
      status: 204,
      errors: { 403: 'FORBIDDEN', 409: 'CANDIDATES_LOCKED · SUGGESTION_ADOPTED' },
    }),
    async (c) => {
      await service.deleteCandidate(ctx(c), c.req.param('id'))
      return c.body(null, 204)
    },
  )
