import cluster, { type Worker } from 'node:cluster'
import { serve } from '@hono/node-server'
import { openDatabase, migrateToLatest, DataDirLockedError, type Database } from '@ms/db'
import { loadEnv } from './env.js'
import { createApp } from './app.js'
import { createLogger } from './shared/logger.js'
import { DEMO_PASSWORD, prepareData } from './demo/index.js'
import './demo/steps.js'

const env = loadEnv()
// In a worker of WORKERS=n every log line names the worker (cluster id and pid).
const logger = cluster.isWorker
  ? createLogger(env.LOG_LEVEL, (line) =>
      process.stdout.write(
        `{"worker":${cluster.worker!.id},"pid":${process.pid},${line.slice(1)}\n`,
      ),
    )
  : createLogger(env.LOG_LEVEL)

/**
 * WORKERS=n (default 1): n API processes sharing the port through node:cluster (decision 045).
 * Only on PostgreSQL: PGlite is a single in-process database that one process owns.
 */
function workerCount(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 1
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    console.error(`\n✖ WORKERS must be a whole number from 1 to 64 (got "${raw}").\n`)
    process.exit(1)
  }
  return n
}
const WORKERS = workerCount(process.env.WORKERS)
if (WORKERS > 1 && !env.DATABASE_URL) {
  console.error(
    `\n✖ WORKERS=${WORKERS} needs PostgreSQL (set DATABASE_URL). The embedded default (PGlite) is a single in-process database that only one process can open; run with WORKERS=1.\n`,
  )
  process.exit(1)
}
const isPrimary = WORKERS > 1 && cluster.isPrimary
const isWorker = WORKERS > 1 && cluster.isWorker

let database: Database
try {
  database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR })
} catch (e) {
  if (e instanceof DataDirLockedError) {
    console.error(`\n✖ ${e.message}\n`)
    process.exit(1)
  }
  throw e
}

const deps = { database, env, logger, now: () => new Date() }

/** Migrations, the first admin and the demo seed run once: in the single process or the primary. */
async function prepare() {
  const applied = await migrateToLatest(database.db)
  if (applied.length) logger.info('migrated', { applied })
  return (await prepareData(deps)).logins
}

function banner(port: number, logins: Awaited<ReturnType<typeof prepare>>) {
  const url = `http://localhost:${port}`
  const lines = [
    '',
    `  民生实事票决平台 is ready: ${url}`,
    `  database: ${database.backend}${database.backend === 'pglite' ? ` (${env.DATA_DIR})` : ''}${WORKERS > 1 ? ` · ${WORKERS} API worker processes` : ''} · API docs: ${url}/api/docs`,
  ]
  if (logins) {
    lines.push('', `  Demo logins (password for all: ${DEMO_PASSWORD}):`)
    for (const l of logins)
      lines.push(
        `    ${l.username.padEnd(12)} ${l.role.padEnd(8)} ${l.jurisdiction.padEnd(6)} ${l.note}`,
      )
  } else if (env.SEED === 'demo') {
    lines.push(
      '',
      `  Demo logins: see README (password ${DEMO_PASSWORD}); the database already held data, so nothing was seeded.`,
    )
  }
  console.log(lines.join('\n') + '\n')
}

if (isPrimary) {
  // The primary prepares the database, forks the workers and forwards signals; it serves nothing.
  const logins = await prepare()
  await database.close()
  let stopping = false
  let listening = 0
  const fork = () => cluster.fork()
  cluster.on('listening', () => {
    if (++listening === WORKERS) banner(env.PORT, logins)
  })
  cluster.on('exit', (worker: Worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0)
      return
    }
    logger.warn('API worker exited; starting another', { pid: worker.process.pid, code, signal })
    setTimeout(fork, 500).unref()
  })
  for (let i = 0; i < WORKERS; i++) fork()
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    logger.info('shutting down', { signal, workers: WORKERS })
    const alive = Object.values(cluster.workers ?? {})
    if (alive.length === 0) process.exit(0)
    for (const w of alive) w?.process.kill('SIGTERM')
    // A worker that does not finish within 10 s is not waited for.
    setTimeout(() => process.exit(1), 10_000).unref()
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
} else {
  const logins = isWorker ? null : await prepare()
  const app = createApp(deps)
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    if (!isWorker) banner(info.port, logins)
  })

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    logger.info('shutting down', { signal })
    // Stop accepting and let requests in flight finish (at most 5 s: a live turnout stream never
    // ends by itself), then close the pool.
    const http = server as import('node:http').Server
    const closed = new Promise<void>((resolve) => http.close(() => resolve()))
    http.closeIdleConnections()
    await Promise.race([closed, new Promise((r) => setTimeout(r, 5_000).unref())])
    http.closeAllConnections()
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  // A worker whose primary is gone (even by SIGKILL) loses its IPC channel and exits (node:cluster
  // does this itself; the handler makes it explicit), so no orphan keeps the port or the database.
  if (isWorker) process.on('disconnect', () => process.exit(0))
}
