import { Hono } from 'hono'
import * as v from 'valibot'
import { ctx, type AppEnv } from '../shared/context.js'
import { ids } from '../shared/validate.js'
import { notFound } from '../shared/errors.js'
import { doc } from '../shared/openapi.js'
import { sendDownload, XLSX_TYPE } from '../shared/download.js'
import * as service from './reports.service.js'
import { yearEndCsv, yearEndPdf, yearEndWorkbook } from './reports.documents.js'
import { loadFont } from './reports.pdf-kit.js'
import { announcementPdf } from './reports.announcement.js'

const tags = ['reports']
const cid = (c: { req: { param(n: 'cid'): string } }) => c.req.param('cid')

/** Documented loosely: the shape is YearEnd in reports.service.ts. */
const YearEndDoc = v.object({
  cycle: v.object({ id: v.string(), year: v.number(), title: v.string() }),
  asOf: v.string(),
  totals: v.record(v.string(), v.unknown()),
  evaluation: v.nullable(v.record(v.string(), v.unknown())),
  projects: v.array(v.record(v.string(), v.unknown())),
  rectifications: v.array(v.record(v.string(), v.unknown())),
})

/** The year-end report: targets vs achieved, budget vs final accounts, satisfaction. */
export const reportRoutes = new Hono<AppEnv>()
  .get(
    '/cycles/:cid/year-end',
    ids('cid'),
    doc({
      summary: 'The year-end figures per project (staff, finance, units, deputies)',
      tags,
      ok: YearEndDoc,
    }),
    async (c) => c.json(await service.getYearEnd(ctx(c), cid(c))),
  )
  .get(
    '/cycles/:cid/reports/year-end.xlsx',
    ids('cid'),
    doc({ summary: 'The year-end report as .xlsx', tags }),
    async (c) => {
      const y = await service.getYearEnd(ctx(c), cid(c))
      return sendDownload(c, {
        bytes: await yearEndWorkbook(y),
        type: XLSX_TYPE,
        name: `${y.cycle.title}完成情况.xlsx`,
        ascii: `year-end-${y.cycle.year}.xlsx`,
      })
    },
  )
  .get(
    '/cycles/:cid/reports/year-end.pdf',
    ids('cid'),
    doc({ summary: 'The year-end report as PDF', tags, errors: { 503: 'PDF_FONT_MISSING' } }),
    async (c) => {
      const context = ctx(c)
      const y = await service.getYearEnd(context, cid(c))
      const font = loadFont(context.deps.env)
      return sendDownload(c, {
        bytes: new Uint8Array(await yearEndPdf(y, font)),
        type: 'application/pdf',
        name: `${y.cycle.title}完成情况报告.pdf`,
        ascii: `year-end-${y.cycle.year}.pdf`,
      })
    },
  )
  .get(
    '/cycles/:cid/reports/announcement.pdf',
    ids('cid'),
    doc({
      summary:
        "The 公告 (announcement) of the published selection vote as a printable PDF: issuer, session, turnout and ballots, the rule, the chosen projects in order (runoff places marked) and every candidate's counts (staff, finance, units, deputies)",
      tags,
      errors: { 409: 'RESULT_NOT_PUBLISHED', 503: 'PDF_FONT_MISSING' },
    }),
    async (c) => {
      const context = ctx(c)
      const a = await service.getAnnouncement(context, cid(c))
      const font = loadFont(context.deps.env)
      return sendDownload(c, {
        bytes: new Uint8Array(await announcementPdf(a, font)),
        type: 'application/pdf',
        name: `${a.title}.pdf`,
        ascii: `announcement-${cid(c)}.pdf`,
      })
    },
  )
  .get(
    '/public/cycles/:cid/year-end',
    ids('cid'),
    doc({
      summary:
        'The year-end figures for the public page: progress, budget, satisfaction rates and grades, rectification (anyone; after the selection is published)',
      tags: ['public'],
      security: false,
      ok: YearEndDoc,
    }),
    async (c) => c.json(await service.getPublicYearEnd(c.get('deps'), cid(c))),
  )
  .get(
    '/public/cycles/:cid/reports/:file',
    ids('cid'),
    doc({
      summary:
        'The public year-end report as Excel, PDF or CSV (the project table), file = year-end.xlsx|year-end.pdf|year-end.csv: the figures of the public page (anyone; after the selection is published)',
      tags: ['public'],
      security: false,
      errors: { 404: 'NOT_FOUND', 503: 'PDF_FONT_MISSING' },
    }),
    async (c) => {
      const deps = c.get('deps')
      const m = /^year-end\.(xlsx|pdf|csv)$/.exec(c.req.param('file'))
      if (!m) throw notFound('Report')
      const ext = m[1] as 'xlsx' | 'pdf' | 'csv'
      const y = await service.getPublicYearEnd(deps, cid(c))
      const base = `${y.cycle.title}完成情况`
      const ascii = `year-end-${y.cycle.year}.${ext}`
      if (ext === 'xlsx')
        return sendDownload(c, {
          bytes: await yearEndWorkbook(y),
          type: XLSX_TYPE,
          name: `${base}.xlsx`,
          ascii,
        })
      if (ext === 'pdf')
        return sendDownload(c, {
          bytes: new Uint8Array(await yearEndPdf(y, loadFont(deps.env))),
          type: 'application/pdf',
          name: `${base}报告.pdf`,
          ascii,
        })
      return sendDownload(c, {
        bytes: yearEndCsv(y),
        type: 'text/csv; charset=utf-8',
        name: `${base}.csv`,
        ascii,
      })
    },
  )
