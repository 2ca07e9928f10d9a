import type { ContentfulStatusCode } from 'hono/utils/http-status'

export interface ErrorIssue {
  path?: string
  message: string
}

/** Every refusal the API makes. Mapped in one place (app.ts) to `{ error: { code, message, requestId, … } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly issues?: ErrorIssue[],
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export const notFound = (what = 'Resource') => new ApiError(404, 'NOT_FOUND', `${what} not found`)
export const forbidden = (message = 'You do not have permission to do this') =>
  new ApiError(403, 'FORBIDDEN', message)
export const conflict = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new ApiError(409, code, message, extra)
export const badRequest = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new ApiError(400, code, message, extra)
