/**
 * Runs the real server as a child process (for crash, storm and e2e tests): a fresh embedded data
 * folder or a fresh PostgreSQL database, a free port, and a kill that can be SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import postgres from 'postgres'
import { socketDirOf } from '@ms/db'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const tsxDir = fs.realpathSync(path.join(root, 'api/node_modules/tsx/dist'))
/** node with tsx's loader, in one process, so that SIGKILL really kills the server. */
const nodeArgs = [
  '--require',
  path.join(tsxDir, 'preflight.cjs'),
  '--import',
  pathToFileURL(path.join(tsxDir, 'loader.mjs')).href,
  // e.g. SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server in a bench.
  ...(process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
]

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

export interface Backend {
  name: 'pglite' | 'postgres'
  env: Record<string, string>
  drop(): Promise<void>
}

/** A fresh, empty backend: a temp data folder, or a new database on the PostgreSQL server. */
export async function freshBackend(kind: 'pglite' | 'postgres'): Promise<Backend> {
  if (kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-srv-'))
    return {
      name: 'pglite',
      env: { DATA_DIR: dir },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    }
  }
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const name = `ms_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  // A Unix-socket URL (`?host=/var/run/postgresql`) works here as it does for the server.
  const adminUrl = socketDirOf(url)
  const connectAdmin = () =>
    postgres(adminUrl.url, {
      max: 1,
      onnotice: () => {},
      ...(adminUrl.host ? { host: adminUrl.host } : {}),
    })
  const admin = connectAdmin()
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  const u = new URL(url)
  u.pathname = `/${name}`
  return {
    name: 'postgres',
    env: { DATABASE_URL: u.toString() },
    drop: async () => {
      const a = connectAdmin()
      await a.unsafe(`drop database if exists ${name} with (force)`)
      await a.end()
    },
  }
}

export class ServerProcess {
  child?: ChildProcess
  output = ''
  constructor(
    readonly port: number,
    readonly env: Record<string, string>,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`
  }

  async start(timeoutMs = 120_000): Promise<void> {
    this.child = spawn(process.execPath, [...nodeArgs, path.join(root, 'api/src/server.ts')], {
      cwd: root,
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        PORT: String(this.port),
        HOST: '127.0.0.1',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child.stdout!.on('data', (d) => (this.output += d))
    this.child.stderr!.on('data', (d) => (this.output += d))
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null)
        throw new Error(`server exited (${this.child.exitCode}):\n${this.output}`)
      try {
        const r = await fetch(`${this.url}/api/health`)
        if (r.ok) return
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 150))
    }
    throw new Error(`server did not start in ${timeoutMs} ms:\n${this.output}`)
  }

  /** SIGKILL: no shutdown hooks, no flushing — a crash. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const c = this.child
    if (!c || c.exitCode !== null) return
    const exited = new Promise((r) => c.once('exit', r))
    c.kill(signal)
    await exited
  }
}

/** JSON over HTTP with a bearer token. */
export async function api<T = any>(
  base: string,
  method: string,
  p: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(base + p, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    /* keep text */
  }
  return { status: res.status, body: parsed as T }
}
