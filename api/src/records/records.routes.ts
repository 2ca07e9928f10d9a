import { Hono } from 'hono'
import * as v from 'valibot'
import { ctx, type AppEnv } from '../shared/context.js'
import { ids, json, query } from '../shared/validate.js'
import { doc } from '../shared/openapi.js'
import { sendDownload, XLSX_TYPE } from '../shared/download.js'
import { loadFont } from '../reports/reports.pdf-kit.js'
import * as s from './records.schemas.js'
import * as service from './records.service.js'
import { recordPdf, recordWorkbook } from './records.documents.js'

const tags = ['records']
const did = (c: { req: { param(n: 'did'): string } }) => c.req.param('did')

/** The deputy performance record (履职档案): the deputy themself and staff of their congress. */
export const recordRoutes = new Hono<AppEnv>()
  .get(
    '/deputies/:did/record',
    ids('did'),
    doc({
      summary:
        "A deputy's record for a year: suggestions, votes and evaluations cast (never their content), supervision (the deputy, staff)",
      tags,
      ok: s.DeputyRecord,
    }),
    query(s.RecordQuery),
    async (c) => c.json(await service.getRecord(ctx(c), did(c), c.req.valid('query').year)),
  )
  .get(
    '/deputies/:did/record.xlsx',
    ids('did'),
    doc({ summary: 'The record as .xlsx, for the report to constituents (述职)', tags }),
    query(s.RecordQuery),
    async (c) => {
      const r = await service.getRecord(ctx(c), did(c), c.req.valid('query').year)
      return sendDownload(c, {
        bytes: await recordWorkbook(r),
        type: XLSX_TYPE,
        name: `${r.deputy.displayName}${r.year}年度履职档案.xlsx`,
        ascii: `deputy-record-${r.year}.xlsx`,
      })
    },
  )
  .get(
    '/deputies/:did/record.pdf',
    ids('did'),
    doc({
      summary: 'The record as a printable PDF (述职)',
      tags,
      errors: { 503: 'PDF_FONT_MISSING' },
    }),
    query(s.RecordQuery),
    async (c) => {
      const context = ctx(c)
      const r = await service.getRecord(context, did(c), c.req.valid('query').year)
      const font = loadFont(context.deps.env)
      return sendDownload(c, {
        bytes: new Uint8Array(await recordPdf(r, font)),
        type: 'application/pdf',
        name: `${r.deputy.displayName}${r.year}年度履职情况.pdf`,
        ascii: `deputy-record-${r.year}.pdf`,
      })
    },
  )
  .get(
    '/me/deputy-profiles',
    doc({
      summary: "The caller's deputy profiles (one per congress)",
      tags,
      ok: v.object({
        items: v.array(
          v.object({
            deputyId: v.string(),
            jurisdictionId: v.string(),
            jurisdictionName: v.string(),
            displayName: v.string(),
          }),
        ),
      }),
    }),
    async (c) => c.json(await service.myDeputyProfiles(ctx(c))),
  )
  .get(
    '/jurisdictions/:jid/record-targets',
    ids('jid'),
    doc({ summary: "The record's yearly targets (staff, deputies)", tags, ok: s.Targets }),
    async (c) => c.json(await service.getTargets(ctx(c), c.req.param('jid'))),
  )
  .put(
    '/jurisdictions/:jid/record-targets',
    ids('jid'),
    doc({ summary: "Set the record's yearly targets (staff)", tags, ok: s.Targets }),
    json(s.TargetsInput),
    async (c) => c.json(await service.setTargets(ctx(c), c.req.param('jid'), c.req.valid('json'))),
  )
