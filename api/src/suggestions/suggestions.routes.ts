import { Hono } from 'hono'
import * as v from 'valibot'
import { ctx, type AppEnv } from '../shared/context.js'
import { ids, json, query } from '../shared/validate.js'
import { doc } from '../shared/openapi.js'
import { clientIp } from '../shared/request.js'
import * as s from './suggestions.schemas.js'
import * as service from './suggestions.service.js'

export const suggestionRoutes = new Hono<AppEnv>()
  .post(
    '/cycles/:cid/suggestions',
    ids('cid'),
    doc({
      summary: 'Submit a suggestion (signed-in deputy, unit or staff of the jurisdiction)',
      tags: ['suggestions'],
      ok: s.Suggestion,
      status: 201,
      errors: { 403: 'FORBIDDEN', 409: 'SOLICITATION_CLOSED' },
    }),
    json(s.SubmitSuggestionInput),
    async (c) =>
      c.json(await service.submitSuggestion(ctx(c), c.req.param('cid'), c.req.valid('json')), 201),
  )
  .get(
    '/cycles/:cid/suggestions',
    ids('cid'),
    doc({
      summary: 'The suggestion inbox with filters and search (staff; units without contact data)',
      tags: ['suggestions'],
      ok: s.SuggestionPage,
      errors: { 403: 'FORBIDDEN' },
    }),
    query(s.StaffListQuery),
    async (c) =>
      c.json(await service.listSuggestions(ctx(c), c.req.param('cid'), c.req.valid('query'))),
  )
  .post(
    '/cycles/:cid/suggestions/merge',
    ids('cid'),
    doc({
      summary: 'Merge duplicate suggestions into one (staff)',
      tags: ['suggestions'],
      ok: v.object({ items: v.array(s.Suggestion) }),
      errors: { 403: 'FORBIDDEN', 409: 'CYCLE_CLOSED' },
    }),
    json(s.MergeInput),
    async (c) =>
      c.json(await service.mergeSuggestions(ctx(c), c.req.param('cid'), c.req.valid('json'))),
  )
  .get(
    '/suggestions/:sid',
    ids('sid'),
    doc({
      summary: 'One suggestion (staff and units of the jurisdiction, or its submitter)',
      tags: ['suggestions'],
      ok: s.Suggestion,
    }),
    async (c) => c.json(await service.getSuggestion(ctx(c), c.req.param('sid'))),
  )
  .post(
    '/suggestions/:sid/outcome',
    ids('sid'),
    doc({
      summary: 'Record the outcome and reply of a suggestion: adopted, merged or rejected (staff)',
      tags: ['suggestions'],
      ok: s.Suggestion,
      errors: { 403: 'FORBIDDEN', 409: 'CYCLE_CLOSED' },
      description:
        'adopted needs candidateId (a candidate of the same cycle); merged needs mergedIntoId; rejected needs a reason in reply.',
    }),
    json(s.OutcomeInput),
    async (c) =>
      c.json(await service.recordOutcome(ctx(c), c.req.param('sid'), c.req.valid('json'))),
  )
  .get(
    '/me/suggestions',
    doc({
      summary: 'The suggestions the caller submitted, with outcomes and replies',
      tags: ['suggestions'],
      ok: s.SuggestionPage,
    }),
    query(s.MineQuery),
    async (c) => c.json(await service.listMySuggestions(ctx(c), c.req.valid('query'))),
  )
  .post(
    '/public/cycles/:cid/suggestions',
    ids('cid'),
    doc({
      summary: 'Submit a suggestion without signing in → tracking code',
      tags: ['public'],
      ok: s.TrackingReceipt,
      status: 201,
      security: false,
      errors: { 404: 'NOT_FOUND', 409: 'SOLICITATION_CLOSED', 429: 'TOO_MANY_SUGGESTIONS' },
      description:
        '`website` is a honeypot the form hides (leave it empty); `fillMs` is how long the form was open (at least 3 s). Limited per address and per cycle (429 with Retry-After).',
    }),
    json(s.PublicSuggestionInput),
    async (c) =>
      c.json(
        await service.submitPublicSuggestion(
          c.get('deps'),
          c.req.param('cid'),
          c.req.valid('json'),
          clientIp(c),
        ),
        201,
      ),
  )
  .get(
    '/public/cycles/:cid/suggestions',
    ids('cid'),
    doc({
      summary: 'The public list (公示) of decided suggestions with outcomes; no personal data',
      tags: ['public'],
      ok: s.PublicSuggestionPage,
      security: false,
      errors: { 404: 'NOT_FOUND' },
    }),
    query(s.PublicListQuery),
    async (c) =>
      c.json(
        await service.listPublicSuggestions(
          c.get('deps'),
          c.req.param('cid'),
          c.req.valid('query'),
        ),
      ),
  )
  .get(
    '/public/suggestions/:trackingCode',
    doc({
      summary: 'Look up a suggestion by its tracking code: outcome and reply (never contact data)',
      tags: ['public'],
      ok: s.TrackedSuggestion,
      security: false,
      errors: { 404: 'NOT_FOUND' },
    }),
    async (c) => c.json(await service.trackSuggestion(c.get('deps'), c.req.param('trackingCode'))),
  )
