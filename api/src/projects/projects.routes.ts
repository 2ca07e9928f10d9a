import { Hono } from 'hono'
import { ctx, type AppEnv } from '../shared/context.js'
import { ids } from '../shared/validate.js'
import { doc } from '../shared/openapi.js'
import * as s from './projects.schemas.js'
import * as service from './projects.service.js'

export const projectRoutes = new Hono<AppEnv>()
  .post(
    '/cycles/:cid/projects/from-result',
    ids('cid'),
    doc({
      summary: 'Make the selected candidates of the published result into projects (staff)',
      tags: ['projects'],
      ok: s.FromResultOutput,
      errors: { 403: 'FORBIDDEN', 409: 'RESULT_NOT_PUBLISHED' },
      description:
        'One project per candidate selected by the published selection vote and its published runoffs, with the candidate’s unit, estimate, targets and planned completion and the vote’s rank and 赞成 count. Idempotent: re-running creates nothing new (created: 0).',
    }),
    async (c) => c.json(await service.createProjectsFromResult(ctx(c), c.req.param('cid'))),
  )
  .get(
    '/cycles/:cid/projects',
    ids('cid'),
    doc({
      summary: 'The projects of a cycle in rank order (staff, finance, units, deputies)',
      tags: ['projects'],
      ok: s.ProjectList,
      errors: { 403: 'FORBIDDEN' },
    }),
    async (c) => c.json(await service.listCycleProjects(ctx(c), c.req.param('cid'))),
  )
  .get(
    '/projects/:pid',
    ids('pid'),
    doc({
      summary: 'One project (staff, finance, units, deputies)',
      tags: ['projects'],
      ok: s.Project,
      errors: { 403: 'FORBIDDEN' },
    }),
    async (c) => c.json(await service.getProject(ctx(c), c.req.param('pid'))),
  )
