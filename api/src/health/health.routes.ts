import { Hono } from 'hono'
import * as v from 'valibot'
import { checkHealth } from './health.service.js'
import type { AppEnv } from '../shared/context.js'
import { doc } from '../shared/openapi.js'

export const healthRoutes = new Hono<AppEnv>().get(
  '/health',
  doc({
    summary: 'Liveness and backend',
    tags: ['health'],
    security: false,
    ok: v.object({ status: v.literal('ok'), database: v.picklist(['pglite', 'postgres']) }),
  }),
  async (c) => {
    return c.json(await checkHealth(c.get('deps')))
  },
)
