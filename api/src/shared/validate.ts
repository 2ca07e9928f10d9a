import type { Context, MiddlewareHandler } from 'hono'
import type { ValidationTargets } from 'hono'
import { validator } from 'hono-openapi'
import * as v from 'valibot'
import { ApiError } from './errors.js'

type AnySchema = v.GenericSchema | v.GenericSchemaAsync

interface RawIssue {
  message: string
  type?: string
  expected?: string | null
  received?: string
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>
}

/**
 * valibot words a missing or unknown key of an object as "Invalid key: Expected \"reason\" but
 * received undefined" / "Expected never but received \"extra\"": say what the caller must do.
 */
function messageOf(i: RawIssue): string {
  if (i.type === 'object' || i.type === 'strict_object' || i.type === 'loose_object') {
    if (i.received === 'undefined' && i.expected?.startsWith('"'))
      return `Required field ${i.expected} is missing`
    if (i.expected === 'never') return `Unknown field ${i.received}: remove it`
  }
  return i.message
}

function hook(result: { success: boolean; error?: ReadonlyArray<unknown> }, _c: Context) {
  if (!result.success) {
    const issues = (result.error ?? []).map((raw) => {
      const i = raw as RawIssue
      const path = (i.path ?? [])
        .map((p) => (typeof p === 'object' ? String(p.key) : String(p)))
        .join('.')
      const message = messageOf(i)
      return path ? { path, message } : { message }
    })
    throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid', {}, issues)
  }
}

/** Refuses non-JSON bodies with 415 before the JSON validator sees them. */
const requireJson: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type') ?? ''
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json')
  }
  // Hono's JSON parse error would be a bare 400; give it our shape.
  try {
    await c.req.json()
  } catch {
    throw new ApiError(400, 'MALFORMED_JSON', 'The request body is not valid JSON')
  }
  await next()
}

export function json<S extends AnySchema>(schema: S) {
  const validate = validator('json', schema, hook as never)
  const both: typeof validate = (async (c: Context, next: () => Promise<void>) =>
    requireJson(c, () => validate(c as never, next) as Promise<void>)) as never
  // Keep hono-openapi's marker so the body schema still lands in the OpenAPI document.
  return Object.assign(both, validate)
}

export const query = <S extends AnySchema>(schema: S) => validator('query', schema, hook as never)
export const param = <S extends AnySchema>(schema: S) => validator('param', schema, hook as never)
export type Target = keyof ValidationTargets

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Ids are opaque; one that cannot exist is simply not found (404), like a foreign one. */
export function ids<K extends string>(...names: K[]): MiddlewareHandler {
  return async (c, next) => {
    for (const n of names) {
      const value = c.req.param(n)
      if (!value || !UUID.test(value)) throw new ApiError(404, 'NOT_FOUND', 'Resource not found')
    }
    await next()
  }
}
