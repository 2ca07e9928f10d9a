/**
 * Builders for tests of code that calls the API: a `Response` as the API would send it.
 *
 *   vi.stubGlobal('fetch', vi.fn(async () => jsonResponse({ items: [] })))
 *   vi.stubGlobal('fetch', vi.fn(async () => errorResponse(409, 'ALREADY_VOTED', 'Already voted')))
 */
export const jsonResponse = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

/** The API's one error shape: `{ error: { code, message, requestId, issues?, …extra } }`. */
export const errorResponse = (
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
) => jsonResponse({ error: { code, message, requestId: 'test-request', ...extra } }, status)
