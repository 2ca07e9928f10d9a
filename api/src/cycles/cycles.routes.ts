import { Hono } from 'hono'
import { ctx, type AppEnv } from '../shared/context.js'
import { ids, json, query } from '../shared/validate.js'
import { doc } from '../shared/openapi.js'
import { PageQuery, pageOf } from '../shared/paging.js'
import * as s from './cycles.schemas.js'
import * as service from './cycles.service.js'

export const cycleRoutes = new Hono<AppEnv>()
  .post(
    '/jurisdictions/:jid/cycles',
    ids('jid'),
    doc({
      summary: 'Create the annual cycle (年度票决工作) of a jurisdiction (staff)',
      tags: ['cycles'],
      ok: s.Cycle,
      status: 201,
      errors: { 403: 'FORBIDDEN', 409: 'CYCLE_EXISTS' },
      description:
        'marginRatio is a JSON number in [0, 1] with at most 4 decimals (0.2 = 20 %); the answer carries requiredCandidates = ceil(seats × (1 + marginRatio)).',
    }),
    json(s.CreateCycleInput),
    async (c) =>
      c.json(await service.createCycle(ctx(c), c.req.param('jid'), c.req.valid('json')), 201),
  )
  .get(
    '/jurisdictions/:jid/cycles',
    ids('jid'),
    doc({
      summary: 'The cycles of a jurisdiction, newest year first',
      tags: ['cycles'],
      ok: pageOf(s.Cycle),
    }),
    query(PageQuery),
    async (c) => {
      const q = c.req.valid('query')
      return c.json(await service.listCycles(ctx(c), c.req.param('jid'), q.limit, q.cursor))
    },
  )
  .get(
    '/cycles/:cid',
    ids('cid'),
    doc({ summary: 'A cycle with its phase and settings', tags: ['cycles'], ok: s.Cycle }),
    async (c) => c.json(await service.getCycle(ctx(c), c.req.param('cid'))),
  )
  .patch(
    '/cycles/:cid',
    ids('cid'),
    doc({
      summary: 'Change cycle settings (staff)',
      tags: ['cycles'],
      ok: s.Cycle,
      errors: { 403: 'FORBIDDEN', 409: 'SETTINGS_LOCKED · CYCLE_CLOSED · CYCLE_EXISTS' },
      description:
        'seats, marginRatio, thresholdBasis and ballotForm cannot change once the candidate list is locked; the satisfaction settings cannot change once evaluation begins.',
    }),
    json(s.UpdateCycleInput),
    async (c) => c.json(await service.updateCycle(ctx(c), c.req.param('cid'), c.req.valid('json'))),
  )
  .post(
    '/cycles/:cid/phase',
    ids('cid'),
    doc({
      summary: 'Move the cycle one phase on (staff)',
      tags: ['cycles'],
      ok: s.Cycle,
      errors: { 403: 'FORBIDDEN', 409: 'PHASE_TRANSITION_NOT_ALLOWED · PHASE_CONFLICT' },
      description:
        'solicitation ⇄ screening → candidates_locked (only by locking the list) → voting (only by opening a vote) → implementing → evaluating → closed. One step at a time.',
    }),
    json(s.PhaseChangeInput),
    async (c) =>
      c.json(await service.changePhase(ctx(c), c.req.param('cid'), c.req.valid('json').to)),
  )
  .get(
    '/public/cycles/:cid',
    ids('cid'),
    doc({
      summary:
        'A cycle for the public portal: the solicitation notice and, once locked, the candidate list',
      tags: ['public'],
      ok: s.PublicCycle,
      security: false,
    }),
    async (c) => c.json(await service.getPublicCycle(c.get('deps'), c.req.param('cid'))),
  )
  .get(
    '/public/jurisdictions',
    doc({
      summary: 'Jurisdictions and their cycles, for the public portal',
      tags: ['public'],
      ok: s.PublicJurisdictionList,
      security: false,
    }),
    async (c) => c.json(await service.listPublicJurisdictions(c.get('deps'))),
  )
