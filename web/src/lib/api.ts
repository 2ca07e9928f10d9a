import { hc, type ClientResponse } from 'hono/client'
// The route type compiled to declarations by `pnpm --filter @ms/api build:types` (see
// api/tsconfig.types.json): checking against it is several times cheaper than re-inferring it.
import type { AppType } from '@ms/api/types'
import { i18n } from '@/i18n'

/**
 * The typed API client. Paths, params, bodies and success bodies are all inferred from the API's
 * route type, so a renamed field breaks `pnpm --filter @ms/web typecheck`, not the user.
 *
 *   const me = await unwrap(api.me.$get())
 *   const user = await unwrap(
 *     api.jurisdictions[':jid'].users.$post({ param: { jid }, json: { username, … } }),
 *   )
 *
 * `unwrap` returns the success body or throws an `ApiError`; a fetcher never returns an error.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
export const CSRF_COOKIE = 'ms_csrf'
export const CSRF_HEADER = 'x-csrf-token'

export function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined
  for (const part of document.cookie.split('; ')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq) === name) return decodeURIComponent(part.slice(eq + 1))
  }
  return undefined
}

/**
 * Sends the session cookie, and on writes echoes the CSRF cookie the API set at login in the
 * `x-csrf-token` header (the API refuses cookie-authenticated writes without it).
 */
const apiFetch: typeof fetch = async (input, init = {}) => {
  const method = (init.method ?? 'GET').toUpperCase()
  const headers = new Headers(init.headers)
  if (!SAFE_METHODS.has(method)) {
    const token = readCookie(CSRF_COOKIE)
    if (token) headers.set(CSRF_HEADER, token)
  }
  headers.set('accept', 'application/json')
  try {
    return await fetch(input, { ...init, headers, credentials: 'include' })
  } catch (cause) {
    throw new ApiError({
      status: 0,
      code: 'NETWORK',
      message: cause instanceof Error ? cause.message : 'Network error',
    })
  }
}

export const api = hc<AppType>('/api', { fetch: apiFetch })

export interface ApiIssue {
  path?: string
  message: string
}

/** A refusal from the API, or a request that never got an answer (`status` 0, code `NETWORK`). */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly requestId?: string
  readonly issues: ApiIssue[]
  /** Extra fields of the error body, e.g. `{ required, actual }` for MARGIN_NOT_MET. */
  readonly details: Record<string, unknown>

  constructor(init: {
    status: number
    code: string
    message: string
    requestId?: string
    issues?: ApiIssue[]
    details?: Record<string, unknown>
  }) {
    super(init.message)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.requestId = init.requestId
    this.issues = init.issues ?? []
    this.details = init.details ?? {}
  }
}

export const isApiError = (e: unknown, code?: string): e is ApiError =>
  e instanceof ApiError && (code === undefined || e.code === code)

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 205 | 206
/** The body type of the 2xx answers a hc call can give. */
export type OkBody<R> =
  R extends ClientResponse<infer T, infer S, infer _F>
    ? S extends SuccessStatus
      ? T
      : never
    : never

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown
  try {
    body = await res.json()
  } catch {
    body = undefined
  }
  const e = (body as { error?: Record<string, unknown> } | undefined)?.error
  if (e && typeof e.code === 'string') {
    const { code, message, requestId, issues, ...details } = e
    return new ApiError({
      status: res.status,
      code,
      message: typeof message === 'string' ? message : code,
      requestId: typeof requestId === 'string' ? requestId : undefined,
      issues: Array.isArray(issues) ? (issues as ApiIssue[]) : [],
      details,
    })
  }
  // Not the API's error shape: a proxy, a gateway, an HTML error page.
  return new ApiError({
    status: res.status,
    code: res.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST',
    message: `HTTP ${res.status}`,
  })
}

/** Awaits a hc call; returns its success body, or throws an `ApiError` for any non-2xx answer. */
export async function unwrap<R extends ClientResponse<unknown, number, string>>(
  request: Promise<R> | R,
): Promise<OkBody<R>> {
  const res = await request
  if (!res.ok) throw await toApiError(res as unknown as Response)
  if (res.status === 204) return undefined as OkBody<R>
  return (await res.json()) as OkBody<R>
}

/**
 * The message to show a person for an error: the translation of its code where we have one
 * (with the error's details interpolated), else the API's own message.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const key = `errors.${error.code}`
    if (i18n.exists(key)) return i18n.t(key, { ...error.details, message: error.message })
    return error.message || i18n.t('errors.UNKNOWN')
  }
  return i18n.t('errors.UNKNOWN')
}
