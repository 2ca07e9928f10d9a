import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Context, Handler } from 'hono'

const here = path.dirname(fileURLToPath(import.meta.url))

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
}

let scalar: Buffer | undefined
const assetCache = new Map<string, Uint8Array<ArrayBuffer>>()

/** Serves the built web app (hashed assets cached for a year) with index.html as the SPA fallback. */
function spa(distOverride?: string): Handler {
  const dist = path.resolve(distOverride ?? path.join(here, '../../../web/dist'))
  return async (c: Context) => {
    const rel = decodeURIComponent(new URL(c.req.url).pathname)
    const file = path.normalize(path.join(dist, rel))
    if (!file.startsWith(dist)) return c.text('Not found', 404)
    let target = file
    let isAsset = true
    if (!fs.existsSync(target) || fs.statSync(target).isDirectory()) {
      target = path.join(dist, 'index.html')
      isAsset = false
      if (!fs.existsSync(target)) {
        return c.html(
          '<!doctype html><meta charset="utf-8"><title>民生实事票决平台</title><p>The web app is not built yet: run <code>pnpm --filter @ms/web build</code>. The API is at <a href="/api/docs">/api/docs</a>.</p>',
          503,
        )
      }
    }
    const ext = path.extname(target)
    const immutable = isAsset && rel.startsWith('/assets/')
    c.header('content-type', TYPES[ext] ?? 'application/octet-stream')
    c.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    // Hashed assets never change: read each once. index.html is re-read (a rebuild replaces it).
    let bytes = immutable ? assetCache.get(target) : undefined
    if (!bytes) {
      bytes = new Uint8Array(fs.readFileSync(target))
      if (immutable) assetCache.set(target, bytes)
    }
    return c.body(bytes)
  }
}

/** The API reference UI's script, served locally (no CDN: installations may be offline). */
const scalarBundle: Handler = (c) => {
  scalar ??= fs.readFileSync(
    // Not in the package's exports map, so by path through api/node_modules.
    path.join(here, '../../node_modules/@scalar/api-reference/dist/browser/standalone.js'),
  )
  c.header('content-type', 'text/javascript; charset=utf-8')
  c.header('cache-control', 'public, max-age=86400')
  return c.body(new Uint8Array(scalar))
}

export const serveWeb = { spa, scalarBundle }
