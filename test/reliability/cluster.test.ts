/**
 * WORKERS=n (decision 045): the real server with two worker processes on PostgreSQL. Both
 * workers answer; a cast handled by one worker reaches a live turnout stream held by the other
 * (PostgreSQL LISTEN/NOTIFY); a SIGKILLed primary leaves no worker behind; SIGTERM stops all.
 * On the embedded default, WORKERS=2 is refused with a clear message.
 */
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, freshBackend, ServerProcess, type Backend } from './server-process.js'
import { ballotFor, openVote, prepare } from '../bench/storm-fixture.js'

const onPostgres = !!process.env.DATABASE_URL

/** One request on a connection of its own (so the cluster hands it to the next worker). */
function call(
  base: string,
  method: string,
  path: string,
  requestId: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body)
    const req = http.request(
      base + path,
      {
        method,
        agent: false,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          'x-request-id': requestId,
          ...(data ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => (text += d))
        res.on('end', () =>
          resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }),
        )
      },
    )
    req.on('error', reject)
    req.end(data)
  })
}

/** Which worker (pid) logged the request with this id. */
function workerOf(output: string, requestId: string): number | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes(requestId)) continue
    try {
      const l = JSON.parse(line) as { pid?: number; requestId?: string; msg?: string }
      if (l.msg === 'request' && l.requestId === requestId) return l.pid
    } catch {
      /* not a log line */
    }
  }
  return undefined
}

async function until<T>(what: string, f: () => T | undefined, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = f()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Stops a server if it still runs (ServerProcess.kill would wait forever on one killed by a signal). */
async function stop(server: ServerProcess | undefined) {
  const c = server?.child
  if (!c || c.exitCode !== null || c.signalCode !== null) return
  await server.kill('SIGKILL')
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('WORKERS=2 on the embedded default', () => {
  it('is refused with a clear message', async () => {
    const backend = await freshBackend('pglite')
    let server: ServerProcess | undefined
    try {
      server = new ServerProcess(await freePort(), {
        ...backend.env,
        // The child inherits this process's environment: no PostgreSQL for it.
        DATABASE_URL: undefined as unknown as string,
        SEED: 'none',
        WORKERS: '2',
      })
      await expect(server.start(60_000)).rejects.toThrow(/WORKERS=2 needs PostgreSQL/)
      expect(server.child?.exitCode).toBe(1)
    } finally {
      await stop(server)
      await backend.drop()
    }
  }, 90_000)
})

describe.skipIf(!onPostgres)('WORKERS=2 on PostgreSQL', () => {
  let backend: Backend
  let server: ServerProcess
  beforeAll(async () => {
    backend = await freshBackend('postgres')
  }, 60_000)
  afterAll(async () => {
    await stop(server)
    await backend?.drop()
  })

  it('serves from both workers, streams casts across them, and stops cleanly', async () => {
    const p = await prepare(backend.env, 8)
    server = new ServerProcess(await freePort(), {
      ...backend.env,
      SEED: 'none',
      WORKERS: '2',
      LOG_LEVEL: 'info',
    })
    await server.start()
    await until('both workers', () => (server.output.includes('is ready') ? true : undefined))
    const base = server.url
    const { vid, candidateIds } = await openVote(base, p)

    // Both workers answer (connections are handed out round robin).
    const pids = new Set<number>()
    for (let i = 0; i < 8; i++) {
      const id = `probe-${i}`
      expect((await call(base, 'GET', '/api/me', id, p.staffToken)).status).toBe(200)
      pids.add(await until(`log of ${id}`, () => workerOf(server.output, id)))
    }
    expect(pids.size).toBe(2)
    expect(pids.has(server.child!.pid!)).toBe(false)

    // A live turnout stream on one worker.
    const events: { voted: number }[] = []
    const streamReq = http.request(base + `/api/votes/${vid}/turnout/stream`, {
      agent: false,
      headers: { authorization: `Bearer ${p.staffToken}`, 'x-request-id': 'stream-1' },
    })
    const streamRes = await new Promise<http.IncomingMessage>((resolve, reject) => {
      streamReq.on('response', resolve).on('error', reject).end()
    })
    expect(streamRes.statusCode).toBe(200)
    let buffer = ''
    streamRes.setEncoding('utf8')
    streamRes.on('data', (d: string) => {
      buffer += d
      let at
      while ((at = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, at)
        buffer = buffer.slice(at + 2)
        const data = /^data: (.*)$/m.exec(block)?.[1]
        if (/^event: turnout$/m.test(block) && data) events.push(JSON.parse(data))
      }
    })
    const streamPid = await until('stream log', () => workerOf(server.output, 'stream-1'))
    await until('first turnout event', () => (events.length ? true : undefined))
    expect(events.at(-1)!.voted).toBe(0)

    // Casts one at a time, each on its own connection; each must reach the stream before the
    // next is sent, so a cast handled by the other worker can only arrive through NOTIFY.
    let fromOther = 0
    for (let i = 0; i < p.tokens.length && fromOther < 2; i++) {
      const id = `cast-${i}`
      const r = await call(base, 'POST', `/api/votes/${vid}/ballots`, id, p.tokens[i]!, {
        choices: ballotFor(candidateIds, i),
      })
      expect(r.status).toBe(201)
      const castPid = await until(`log of ${id}`, () => workerOf(server.output, id))
      await until(`turnout ${i + 1} on the stream`, () =>
        events.some((e) => e.voted === i + 1) ? true : undefined,
      )
      if (castPid !== streamPid) fromOther++
    }
    expect(fromOther).toBe(2)
    streamReq.destroy()

    // SIGTERM on the primary stops every worker and the primary with status 0.
    const primary = server.child!
    const exited = new Promise<number | null>((r) => primary.once('exit', (code) => r(code)))
    primary.kill('SIGTERM')
    expect(await exited).toBe(0)
    for (const pid of pids) await until(`worker ${pid} gone`, () => (alive(pid) ? undefined : true))
  }, 180_000)

  it('leaves no worker behind when the primary is killed with SIGKILL', async () => {
    server = new ServerProcess(await freePort(), {
      ...backend.env,
      SEED: 'none',
      WORKERS: '2',
      LOG_LEVEL: 'info',
    })
    await server.start()
    // The primary prints its banner once every worker listens.
    await until('both workers', () => (server.output.includes('is ready') ? true : undefined))
    const pids = new Set<number>()
    for (let i = 0; i < 8 && pids.size < 2; i++) {
      const id = `k-probe-${i}`
      expect((await call(server.url, 'GET', '/api/health', id, null)).status).toBe(200)
      pids.add(await until(`log of ${id}`, () => workerOf(server.output, id)))
    }
    expect(pids.size).toBe(2)
    await server.kill('SIGKILL')
    for (const pid of pids)
      await until(`worker ${pid} gone`, () => (alive(pid) ? undefined : true), 10_000)
    // The port is free again: a new server starts on it.
    const again = new ServerProcess(server.port, { ...backend.env, SEED: 'none' })
    await again.start()
    await again.kill('SIGTERM')
  }, 180_000)
})
