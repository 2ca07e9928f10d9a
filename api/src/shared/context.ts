import type { Database } from '@ms/db'
import type { Env } from '../env.js'
import type { Logger } from './logger.js'
import type { Auth } from './access.js'

export interface Deps {
  database: Database
  env: Env
  logger: Logger
  /** Injectable clock for tests of expiry and deadlines. */
  now: () => Date
}

export interface AppEnv {
  Variables: {
    deps: Deps
    requestId: string
    auth: Auth | null
  }
}

import type { Context } from 'hono'
/** What every service verb receives: its dependencies, the caller and the request id. */
export interface Ctx {
  deps: Deps
  auth: Auth | null
  requestId: string
}
export const ctx = (c: Context<AppEnv, any, any>): Ctx => ({
  deps: c.get('deps'),
  auth: c.get('auth'),
  requestId: c.get('requestId'),
})
