/**
 * Public read bench (issue 8): requests/s and latency percentiles of the public overview endpoint
 * (GET /api/public/jurisdictions/:jid/overview?year=2025 of the demo city: its own 10 projects and
 * the roll-up of its counties and townships) against the real server process, plain and
 * conditional (If-None-Match → 304), and — as the baseline measured in the same run — a bare Hono
 * route (`c.json({ ok: true })`) served by @hono/node-server in its own process. A bounded loop of
 * concurrent fetches (CONCURRENCY in flight for SECONDS each), loopback only. Nothing writes during
 * the runs, so after the first request every overview is a hit of the body cache
 * (docs/decisions/044-public-overview-body-cache.md: on PostgreSQL one data-version query per hit,
 * on PGlite none — the in-process write version); `--concurrency 1` gives the latency of one hit
 * without queueing.
 *
 *   api/node_modules/.bin/tsx test/bench/public-read.bench.ts [--backends pglite,postgres] [--seconds 5] [--concurrency 50]
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, freshBackend, ServerProcess } from '../reliability/server-process.js'

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1]! : def
}
const BACKENDS = arg('backends', 'pglite').split(',') as ('postgres' | 'pglite')[]
const SECONDS = Number(arg('seconds', '5'))
const CONCURRENCY = Number(arg('concurrency', '50'))
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const pct = (xs: number[], p: number) =>
  xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!

interface Run {
  label: string
  requests: number
  perSecond: number
  p50: number
  p99: number
  statuses: Record<number, number>
}

/** CONCURRENCY workers, each fetching in a loop until the time is up. */
async function load(
  label: string,
  url: string,
  headers: Record<string, string> = {},
): Promise<Run> {
  const latencies: number[] = []
  const statuses: Record<number, number> = {}
  const end = performance.now() + SECONDS * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now()
        const r = await fetch(url, { headers })
        await r.arrayBuffer()
        latencies.push(performance.now() - t0)
        statuses[r.status] = (statuses[r.status] ?? 0) + 1
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return {
    label,
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    statuses,
  }
}

/** The bare baseline: one Hono route on @hono/node-server, in its own process. */
async function bareHono(port: number) {
  const code = `
    import { Hono } from 'hono'
    import { serve } from '@hono/node-server'
    const app = new Hono().get('/x', (c) => c.json({ ok: true }))
    serve({ fetch: app.fetch, port: ${port}, hostname: '127.0.0.1' })
  `
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    cwd: path.join(root, 'api'),
    stdio: 'ignore',
  })
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/x`)).ok) return child
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill()
  throw new Error('bare hono did not start')
}

const fmt = (r: Run) =>
  `| ${r.label} | ${r.requests} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${Object.entries(
    r.statuses,
  )
    .map(([s, n]) => `${s}×${n}`)
    .join(' ')} |`

for (const kind of BACKENDS) {
  const backend = await freshBackend(kind)
  const server = new ServerProcess(await freePort(), { ...backend.env, SEED: 'demo' })
  const barePort = await freePort()
  let bare: Awaited<ReturnType<typeof bareHono>> | undefined
  try {
    await server.start(300_000)
    bare = await bareHono(barePort)
    const list = (await (await fetch(`${server.url}/api/public/jurisdictions`)).json()) as {
      items: { id: string; name: string; level: string }[]
    }
    const city = list.items.find((j) => j.level === 'city')!
    const url = `${server.url}/api/public/jurisdictions/${city.id}/overview?year=2025`
    const first = await fetch(url)
    const etag = first.headers.get('etag')!
    const size = (await first.arrayBuffer()).byteLength
    await load('warm-up', url) // JIT, caches
    const runs = [
      await load('bare Hono /x', `http://127.0.0.1:${barePort}/x`),
      await load('overview 200', url),
      await load('overview 304 (If-None-Match)', url, { 'if-none-match': etag }),
    ]
    console.log(
      `\n${kind}: ${CONCURRENCY} in flight, ${SECONDS} s each; overview body ${size} bytes, ${city.name} 2025`,
    )
    console.log(
      '| run | requests | req/s | p50 ms | p99 ms | statuses |\n|---|---|---|---|---|---|',
    )
    for (const r of runs) console.log(fmt(r))
    const [b, o, c] = runs as [Run, Run, Run]
    console.log(
      `ratio overview/bare: ${(o.perSecond / b.perSecond).toFixed(3)} (304: ${(c.perSecond / b.perSecond).toFixed(3)})`,
    )
  } finally {
    bare?.kill()
    await server.kill('SIGTERM')
    await backend.drop()
  }
}
