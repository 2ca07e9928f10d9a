/**
 * Ballot storm (issue #9): N deputies (default 300, 1000, 3000) cast concurrently over HTTP
 * against the real server process, on PostgreSQL and on the embedded default. Prints ballots/s
 * and p50/p95/p99 latency, and — as the baseline measured in the same run — pgbench running the
 * same durable transaction (participation + anonymous ballot + receipt hash inserts) on the same
 * PostgreSQL server with as many clients as the API's pool.
 *
 * On PostgreSQL each size runs with every API process count of --workers (env WORKERS, decision
 * 045); the embedded default always runs one process.
 *
 *   api/node_modules/.bin/tsx test/bench/ballot-storm.bench.ts [--sizes 300,1000,3000] [--backends postgres,pglite] [--workers 1,2] [--socket /var/run/postgresql]
 *
 * --socket DIR connects the API and pgbench to PostgreSQL over the Unix-domain socket in DIR
 * (`?host=DIR` in DATABASE_URL) instead of TCP.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase } from '@ms/db'
import { api, freePort, freshBackend, ServerProcess } from '../reliability/server-process.js'
import { ballotFor, CANDIDATES, openVote, prepare } from './storm-fixture.js'

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1]! : def
}
const SIZES = arg('sizes', '300,1000,3000').split(',').map(Number)
const BACKENDS = arg('backends', 'postgres,pglite').split(',') as ('postgres' | 'pglite')[]
const WORKERS = arg('workers', '1,2').split(',').map(Number)
const SOCKET = arg('socket', '')
if (SOCKET) {
  const u = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/test')
  u.searchParams.set('host', SOCKET)
  process.env.DATABASE_URL = u.toString()
}
const POOL = 10 // postgres.js pool of one API process (db/src/client.ts)
const pct = (xs: number[], p: number) =>
  xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!

/** The server's process tree (the primary and its workers). */
function treeOf(pid: number): number[] {
  let kids: number[] = []
  try {
    kids = fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number)
  } catch {
    /* gone */
  }
  return [pid, ...kids.flatMap(treeOf)]
}
/** CPU seconds (user + system) spent so far by these processes. */
function cpuSeconds(pids: number[]): number {
  let ticks = 0
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks += Number(f[11]) + Number(f[12]) // utime, stime (fields 14, 15)
    } catch {
      /* gone */
    }
  }
  return ticks / 100 // USER_HZ
}

/**
 * CPU seconds so far of the PostgreSQL backends serving one database (their process title names
 * it), by pid — the other databases' backends (other
 * test runs on the same server) are left out.
 */
function backendCpu(database: string): Map<number, number> {
  const out = new Map<number, number>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const title = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      // "postgres: [cluster: ]user database host(port) state"
      if (/^postgres: (?:\S+: )?\S+ (\S+) /.exec(title)?.[1] !== database) continue
      out.set(Number(entry), cpuSeconds([Number(entry)]))
    } catch {
      /* gone */
    }
  }
  return out
}

async function storm(kind: 'postgres' | 'pglite', n: number, workers: number) {
  const backend = await freshBackend(kind)
  try {
    const p = await prepare(backend.env, n)
    const server = new ServerProcess(await freePort(), {
      ...backend.env,
      // The server inherits this process's environment: no DATABASE_URL on the embedded default.
      ...(kind === 'pglite' ? { DATABASE_URL: undefined as unknown as string } : {}),
      SEED: 'none',
      WORKERS: String(workers),
    })
    await server.start()
    try {
      // With WORKERS=n the primary prints its banner once every worker listens.
      for (let i = 0; workers > 1 && !server.output.includes('is ready') && i < 600; i++)
        await new Promise((r) => setTimeout(r, 100))
      const base = server.url
      const { vid, candidateIds } = await openVote(base, p)
      const latencies: number[] = []
      let ok = 0
      let lost = 0
      const serverPids = treeOf(server.child!.pid!)
      const cpuBefore = cpuSeconds(serverPids)
      const dbName =
        kind === 'postgres' ? new URL(backend.env.DATABASE_URL!).pathname.slice(1) : undefined
      const pgBefore = dbName ? backendCpu(dbName) : undefined
      const clientBefore = process.cpuUsage()
      const started = performance.now()
      await Promise.all(
        p.tokens.map(async (token, i) => {
          const t0 = performance.now()
          const r = await api(base, 'POST', `/api/votes/${vid}/ballots`, token, {
            choices: ballotFor(candidateIds, i),
          }).catch((e: unknown) => {
            // A connection lost without an answer: the ballot was not acknowledged (it may or may
            // not have been recorded — the turnout check below allows exactly these).
            lost++
            if (lost <= 3) console.error(`cast → connection error: ${String(e)}`)
            return { status: 0, body: null }
          })
          latencies.push(performance.now() - t0)
          if (r.status === 201) ok++
          else if (i < 3) console.error(`cast → ${r.status} ${JSON.stringify(r.body)}`)
        }),
      )
      const seconds = (performance.now() - started) / 1000
      const cpuMsPerCast = ((cpuSeconds(serverPids) - cpuBefore) * 1000) / p.tokens.length
      const client = process.cpuUsage(clientBefore)
      const clientMsPerCast = (client.user + client.system) / 1000 / p.tokens.length
      let pgMsPerCast: number | undefined
      if (dbName && pgBefore) {
        let seconds = 0
        for (const [pid, cpu] of backendCpu(dbName)) seconds += cpu - (pgBefore.get(pid) ?? 0)
        pgMsPerCast = (seconds * 1000) / p.tokens.length
      }
      const turnout = (await api(base, 'GET', `/api/votes/${vid}/turnout`, p.staffToken)).body as {
        voted: number
      }
      // Every acknowledged ballot is counted, and nothing else but unacknowledged ones.
      if (turnout.voted < ok || turnout.voted > ok + lost)
        throw new Error(`turnout ${turnout.voted}, accepted ${ok}, lost connections ${lost}`)
      latencies.sort((a, b) => a - b)
      return {
        ok,
        seconds,
        rate: ok / seconds,
        lost,
        cpuMsPerCast,
        pgMsPerCast,
        clientMsPerCast,
        p50: pct(latencies, 50),
        p95: pct(latencies, 95),
        p99: pct(latencies, 99),
      }
    } finally {
      await server.kill('SIGTERM')
    }
  } finally {
    await backend.drop()
  }
}

/** pgbench with the cast's three durable inserts in one transaction, POOL clients, on the same server. */
async function pgbench(seconds = 10) {
  const backend = await freshBackend('postgres')
  try {
    const url = backend.env.DATABASE_URL!
    const database = await openDatabase({ databaseUrl: url })
    const { sql } = await import('kysely')
    await sql`create table bench_participation (vote_id uuid not null, deputy_id uuid not null, primary key (vote_id, deputy_id))`.execute(
      database.db,
    )
    await sql`create table bench_ballot (id uuid primary key default gen_random_uuid(), vote_id uuid not null, choices jsonb not null)`.execute(
      database.db,
    )
    await sql`create table bench_receipt (receipt_hash text primary key, vote_id uuid not null)`.execute(
      database.db,
    )
    await database.close()
    const choices = JSON.stringify(
      Object.fromEntries(
        Array.from({ length: CANDIDATES }, (_, k) => [
          crypto.randomUUID(),
          k % 3 ? 'for' : 'against',
        ]),
      ),
    )
    const script = path.join(os.tmpdir(), `ms-pgbench-${process.pid}.sql`)
    fs.writeFileSync(
      script,
      `BEGIN;
INSERT INTO bench_participation VALUES ('00000000-0000-4000-8000-000000000001', gen_random_uuid());
INSERT INTO bench_ballot (vote_id, choices) VALUES ('00000000-0000-4000-8000-000000000001', '${choices}');
INSERT INTO bench_receipt VALUES (md5(random()::text || clock_timestamp()::text), '00000000-0000-4000-8000-000000000001');
COMMIT;
`,
    )
    const u = new URL(url)
    const out = execFileSync(
      'pgbench',
      [
        '-n',
        '-c',
        String(POOL),
        '-j',
        '2',
        '-T',
        String(seconds),
        '-f',
        script,
        '-h',
        u.searchParams.get('host') ?? u.hostname,
        '-p',
        u.port || '5432',
        '-U',
        u.username || 'postgres',
        u.pathname.slice(1),
      ],
      { encoding: 'utf8' },
    )
    fs.rmSync(script)
    const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1])
    const lat = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1])
    return { tps, lat }
  } finally {
    await backend.drop()
  }
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
console.log(`# Ballot storm — ${new Date().toISOString()} — ${machine}\n`)
console.log(`load average at start: ${loadavg()}\n`)
if (BACKENDS.includes('postgres'))
  console.log(
    `PostgreSQL over ${SOCKET ? `the Unix-domain socket in ${SOCKET}` : 'TCP'} (API and pgbench)\n`,
  )
const base = BACKENDS.includes('postgres') ? await pgbench() : undefined
if (base)
  console.log(
    `baseline pgbench (same 3 inserts per transaction, ${POOL} clients, 10 s): ${base.tps.toFixed(0)} tx/s, mean latency ${base.lat.toFixed(2)} ms\n`,
  )
console.log(
  '| backend | API processes | deputies | accepted | seconds | ballots/s | p50 ms | p95 ms | p99 ms | ÷ pgbench | API CPU ms/cast | PostgreSQL CPU ms/cast | load generator CPU ms/cast | load avg (1 min) |',
)
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
for (const kind of BACKENDS) {
  for (const n of SIZES) {
    for (const workers of kind === 'pglite' ? [1] : WORKERS) {
      const r = await storm(kind, n, workers)
      const ratio = base ? (r.rate / base.tps).toFixed(2) : '—'
      console.log(
        `| ${kind} | ${workers} | ${n} | ${r.ok}${r.lost ? ` (+${r.lost} connection errors)` : ''} | ${r.seconds.toFixed(2)} | ${r.rate.toFixed(0)} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} | ${r.p99.toFixed(0)} | ${ratio} | ${r.cpuMsPerCast.toFixed(2)} | ${r.pgMsPerCast?.toFixed(2) ?? '—'} | ${r.clientMsPerCast.toFixed(2)} | ${loadavg().split(' ')[0]} |`,
      )
    }
  }
}
console.log(`\nload average at end: ${loadavg()}`)
