import { Hono } from 'hono'
import type { AppEnv } from '../shared/context.js'
import { ids, query } from '../shared/validate.js'
import { doc } from '../shared/openapi.js'
import { notFound } from '../shared/errors.js'
import * as s from './public.schemas.js'
import * as service from './public.service.js'
import type { TypedResponse } from 'hono'
import { resultTable, table, toCsv, toXlsx } from './public.sheets.js'

/**
 * The public portal's roll-up, open-data feed and downloads. No sign-in; only published data.
 * Cached by the shared publicCache middleware (ETag, Cache-Control, 304) mounted on /api/public/*.
 */
export const publicRoutes = new Hono<AppEnv>()
  .get(
    '/public/jurisdictions/:jid/overview',
    ids('jid'),
    doc({
      summary:
        'A jurisdiction’s year (阅卷): published projects with money, progress, published issues, satisfaction, and the roll-up of the jurisdictions below',
      tags: ['public'],
      ok: s.Overview,
      security: false,
      errors: { 404: 'NOT_FOUND' },
      description:
        'year defaults to the latest year with a cycle. Only cycles whose selection vote is published contribute projects. Money is integer fen. ETag + 304.',
    }),
    query(s.YearQuery),
    async (c) => {
      // The body is serialised once per data version (see service.overviewJson) and sent as is.
      const body = await service.overviewJson(
        c.get('deps'),
        c.req.param('jid'),
        c.req.valid('query').year,
      )
      return c.body(body, 200, {
        'content-type': 'application/json',
      }) as unknown as Response & TypedResponse<service.Overview, 200, 'json'>
    },
  )
  .get(
    '/public/jurisdictions/:jid/results',
    ids('jid'),
    doc({
      summary:
        'Published results of a jurisdiction’s year: each published selection vote and runoff per candidate (赞成/反对/弃权, passed, rank, chosen), and each published satisfaction evaluation per project',
      tags: ['public'],
      ok: s.Results,
      security: false,
      errors: { 404: 'NOT_FOUND' },
      description:
        'year defaults to the latest year with a cycle past its vote. Only published votes; counts of anonymous ballots only. ETag + 304.',
    }),
    query(s.YearQuery),
    async (c) =>
      c.json(
        await service.publishedResults(
          c.get('deps'),
          c.req.param('jid'),
          c.req.valid('query').year,
        ),
      ),
  )
  .get(
    '/public/jurisdictions/:jid/feed.json',
    ids('jid'),
    doc({
      summary: 'Open data: a JSON feed of a jurisdiction’s year (projects, totals, roll-up, links)',
      tags: ['public'],
      security: false,
      errors: { 404: 'NOT_FOUND' },
    }),
    query(s.YearQuery),
    async (c) =>
      c.json(await service.feed(c.get('deps'), c.req.param('jid'), c.req.valid('query').year)),
  )
  .get(
    '/public/jurisdictions/:jid/tables/:file',
    ids('jid'),
    doc({
      summary:
        'Open data: a public table as CSV (UTF-8 with BOM) or Excel (file = projects|rollup|units|monthly|votes|satisfaction + .csv|.xlsx)',
      tags: ['public'],
      security: false,
      errors: { 404: 'NOT_FOUND' },
    }),
    query(s.YearQuery),
    async (c) => {
      const m = /^([a-z]+)\.(csv|xlsx)$/.exec(c.req.param('file'))
      const name = m?.[1] as service.TableName | undefined
      if (!m || !name || !service.TABLES.includes(name)) throw notFound('Table')
      const deps = c.get('deps')
      const [jid, asked] = [c.req.param('jid'), c.req.valid('query').year]
      const { t, place, year } = service.isOverviewTable(name)
        ? await service.overview(deps, jid, asked).then((o) => ({
            t: table(o, name),
            place: o.jurisdiction.name,
            year: o.year,
          }))
        : await service.publishedResults(deps, jid, asked).then((r) => ({
            t: resultTable(r, name),
            place: r.jurisdiction.name,
            year: r.year,
          }))
      const fileName = `${place}-${year}-${name}.${m[2]}`
      const ascii = `${year}-${name}.${m[2]}`
      const disposition = `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
      if (m[2] === 'csv')
        return c.body(toCsv(t), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': disposition,
        })
      const bytes = await toXlsx(t, name)
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': disposition,
      })
    },
  )
  .get(
    '/public/projects/:pid/summary',
    ids('pid'),
    doc({
      summary:
        'One published project for the portal: money, status, percent, latest report, published issue counts, satisfaction',
      tags: ['public'],
      security: false,
      errors: { 404: 'NOT_FOUND' },
    }),
    async (c) => c.json(await service.projectSummary(c.get('deps'), c.req.param('pid'))),
  )
