import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'

/**
 * Cacheable public reads: a strong ETag (hash of the body), `Cache-Control: public` and 304 on a
 * matching If-None-Match. Only GET/HEAD answers with status 200 and a finite body; streams
 * (text/event-stream) and responses that set their own Cache-Control are left alone.
 */
export function publicCache(
  opts: { maxAge?: number; staleWhileRevalidate?: number } = {},
): MiddlewareHandler {
  const control = `public, max-age=${opts.maxAge ?? 60}, stale-while-revalidate=${opts.staleWhileRevalidate ?? 300}`
  return async (c, next) => {
    await next()
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return
    const res = c.res
    if (res.status !== 200 || res.headers.has('cache-control')) return
    if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) return
    const body = new Uint8Array(await res.clone().arrayBuffer())
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`
    const headers = new Headers(res.headers)
    headers.set('etag', etag)
    headers.set('cache-control', control)
    headers.append('vary', 'Accept-Encoding')
    if (matches(c.req.header('if-none-match'), etag)) {
      for (const h of ['content-type', 'content-length', 'content-disposition']) headers.delete(h)
      c.res = new Response(null, { status: 304, headers })
      return
    }
    c.res = new Response(body, { status: 200, headers })
  }
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)
}
