import { Hono } from 'hono'
import * as v from 'valibot'
import { ctx, type AppEnv } from '../shared/context.js'
import { ids, json, query } from '../shared/validate.js'
import { doc } from '../shared/openapi.js'
import { PageQuery, pageOf } from '../shared/paging.js'
import * as s from './jurisdictions.schemas.js'
import * as service from './jurisdictions.service.js'

const AuditItem = v.object({
  seq: v.number(),
  action: v.string(),
  entity: v.string(),
  entityId: v.nullable(v.string()),
  before: v.unknown(),
  after: v.unknown(),
  at: v.string(),
  actor: v.nullable(v.string()),
  hash: v.string(),
})

export const jurisdictionRoutes = new Hono<AppEnv>()
  .get(
    '/jurisdictions',
    doc({
      summary: 'Jurisdictions visible to the caller',
      tags: ['jurisdictions'],
      ok: s.JurisdictionList,
    }),
    async (c) => c.json({ items: await service.listVisibleJurisdictions(ctx(c)) }),
  )
  .post(
    '/jurisdictions',
    doc({
      summary: 'Create a jurisdiction (admin)',
      tags: ['jurisdictions'],
      ok: s.Jurisdiction,
      status: 201,
      errors: { 403: 'FORBIDDEN' },
    }),
    json(s.CreateJurisdictionInput),
    async (c) => c.json(await service.createJurisdiction(ctx(c), c.req.valid('json')), 201),
  )
  .post(
    '/jurisdictions/:jid/users',
    ids('jid'),
    doc({
      summary: 'Create an account with roles in a jurisdiction (admin)',
      tags: ['jurisdictions'],
      ok: s.UserOutput,
      status: 201,
      errors: { 403: 'FORBIDDEN', 409: 'USERNAME_TAKEN' },
    }),
    json(s.CreateUserInput),
    async (c) =>
      c.json(await service.createUser(ctx(c), c.req.param('jid'), c.req.valid('json')), 201),
  )
  .get(
    '/jurisdictions/:jid/users',
    ids('jid'),
    doc({
      summary:
        'Accounts of a jurisdiction with their roles there and their grants within what the caller administers (admin)',
      tags: ['jurisdictions'],
      ok: pageOf(s.UserListItem),
      errors: { 403: 'FORBIDDEN' },
    }),
    query(PageQuery),
    async (c) => {
      const q = c.req.valid('query')
      return c.json(await service.listUsers(ctx(c), c.req.param('jid'), q.limit, q.cursor))
    },
  )
  .put(
    '/users/:uid/grants',
    ids('uid'),
    doc({
      summary: "Replace a user's grants within the jurisdictions the caller administers",
      tags: ['jurisdictions'],
      ok: v.object({ grants: v.array(v.object({ jurisdictionId: v.string(), role: v.string() })) }),
    }),
    json(s.SetGrantsInput),
    async (c) =>
      c.json(await service.setGrants(ctx(c), c.req.param('uid'), c.req.valid('json').grants)),
  )
  .get(
    '/jurisdictions/:jid/deputies',
    ids('jid'),
    doc({
      summary: 'Deputies of the jurisdiction congress (staff)',
      tags: ['jurisdictions'],
      ok: s.DeputyList,
    }),
    async (c) => c.json({ items: await service.listDeputies(ctx(c), c.req.param('jid')) }),
  )
  .post(
    '/jurisdictions/:jid/deputies',
    ids('jid'),
    doc({
      summary: 'Add a deputy without an account (staff)',
      tags: ['jurisdictions'],
      ok: s.Deputy,
      status: 201,
    }),
    json(s.CreateDeputyInput),
    async (c) =>
      c.json(await service.createDeputy(ctx(c), c.req.param('jid'), c.req.valid('json')), 201),
  )
  .get(
    '/jurisdictions/:jid/units',
    ids('jid'),
    doc({ summary: 'Government units (承办单位)', tags: ['jurisdictions'], ok: s.UnitList }),
    async (c) => c.json({ items: await service.listUnits(ctx(c), c.req.param('jid')) }),
  )
  .post(
    '/jurisdictions/:jid/units',
    ids('jid'),
    doc({
      summary: 'Add a government unit (staff, admin)',
      tags: ['jurisdictions'],
      ok: s.Unit,
      status: 201,
      errors: { 409: 'UNIT_EXISTS' },
    }),
    json(s.CreateUnitInput),
    async (c) =>
      c.json(await service.createUnit(ctx(c), c.req.param('jid'), c.req.valid('json').name), 201),
  )
  .get(
    '/jurisdictions/:jid/audit',
    ids('jid'),
    doc({
      summary: 'The audit log of a jurisdiction, newest first (staff, admin)',
      tags: ['audit'],
      ok: pageOf(AuditItem),
    }),
    query(PageQuery),
    async (c) => {
      const q = c.req.valid('query')
      return c.json(await service.listAudit(ctx(c), c.req.param('jid'), q.limit, q.cursor))
    },
  )
  .get(
    '/audit/verify',
    doc({
      summary: 'Verify the hash chains of the audit logs the caller may see',
      tags: ['audit'],
      ok: v.object({
        ok: v.boolean(),
        chains: v.array(
          v.object({
            jurisdictionId: v.string(),
            rows: v.number(),
            ok: v.boolean(),
            brokenSeq: v.optional(v.number()),
            reason: v.optional(v.string()),
          }),
        ),
      }),
    }),
    async (c) => c.json(await service.verifyAudit(ctx(c))),
  )
