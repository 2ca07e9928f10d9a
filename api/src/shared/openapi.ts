import { describeRoute, resolver, type DescribeRouteOptions } from 'hono-openapi'
import * as v from 'valibot'

export const ErrorBody = v.object({
  error: v.object({
    code: v.string(),
    message: v.string(),
    requestId: v.string(),
    issues: v.optional(v.array(v.object({ path: v.optional(v.string()), message: v.string() }))),
  }),
})

const err = (description: string) => ({
  description,
  content: { 'application/json': { schema: resolver(ErrorBody) } },
})

/**
 * Describes a route for the OpenAPI document. `ok` is the success body schema; the usual
 * error responses are added so every documented route states its error shape.
 */
export function doc(opts: {
  summary: string
  tags: string[]
  ok?: v.GenericSchema
  status?: 200 | 201 | 204
  errors?: Record<number, string>
  description?: string
  security?: boolean
}) {
  const responses: NonNullable<DescribeRouteOptions['responses']> = {
    [opts.status ?? 200]: opts.ok
      ? { description: 'OK', content: { 'application/json': { schema: resolver(opts.ok) } } }
      : { description: 'OK' },
    400: err('Validation failed'),
  }
  if (opts.security !== false) {
    responses[401] = err('Not signed in')
    responses[404] = err('Not found (also for ids of other jurisdictions)')
  }
  for (const [code, d] of Object.entries(opts.errors ?? {})) responses[code] = err(d)
  return describeRoute({
    summary: opts.summary,
    tags: opts.tags,
    ...(opts.description ? { description: opts.description } : {}),
    ...(opts.security === false ? { security: [] } : {}),
    responses,
  })
}
