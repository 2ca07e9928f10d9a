/**
 * End-to-end harness: the real app (API + built web) on a free port over a fresh embedded
 * database, and Debian's Chromium driven by playwright-core. Never downloads a browser.
 *
 *   const app = useApp()                                        // SEED=demo by default
 *
 *   it('…', async () => {
 *     const s = await openPage(app, { device: 'phone' })         // fresh profile = fresh cookies
 *     try {
 *       await login(s.page, 'deputy001')
 *       await s.page.waitForURL('**' + '/deputy')
 *       await screenshot(s.page, 'deputy-home')                 // → docs/screenshots/deputy-home.png
 *       expect(s.problems()).toEqual([])                         // console errors, CSP, page errors
 *     } finally {
 *       await s.close()
 *     }
 *   })
 *
 * Prerequisites: `pnpm --filter @ms/web build` (web/dist) and `apt-get install -y chromium
 * fonts-noto-cjk` (`CHROMIUM_PATH` overrides /usr/bin/chromium).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const SCREENSHOT_DIR = path.join(ROOT, 'docs/screenshots')
export const DEMO_PASSWORD = 'Demo@2026'
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const DEVICES = {
  /** A common phone (iPhone 12–14 class): the deputy portal's first target. */
  phone: {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  },
  /** A common office laptop: the consoles' target. */
  desktop: {
    viewport: { width: 1366, height: 900 },
    deviceScaleFactor: 1,
    isMobile: false,
    hasTouch: false,
  },
} as const
export type Device = keyof typeof DEVICES

export interface AppServer {
  /** `http://127.0.0.1:<port>` */
  url: string
  port: number
  dataDir: string
  /** Everything the server printed so far (stdout and stderr). */
  output: () => string
  stop: () => Promise<void>
}

export interface StartOptions {
  seed?: 'demo' | 'none'
  /**
   * Run over this folder and keep it on stop (the seeded template of e2e/global-setup.ts);
   * by default a fresh folder, deleted on stop.
   */
  dataDir?: string
  /** Extra environment, e.g. `{ ADMIN_USERNAME, ADMIN_PASSWORD }` with `seed: 'none'`. */
  env?: Record<string, string>
  /** How long to wait for /api/health (first start migrates and seeds). */
  timeoutMs?: number
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

function assertPrerequisites() {
  // WEB_DIST (absolute) lets a developer test a private build while web/dist is being rebuilt.
  const dist = process.env.WEB_DIST ?? path.join(ROOT, 'web/dist')
  if (!fs.existsSync(path.join(dist, 'index.html')))
    throw new Error(`${dist} is missing: run \`pnpm --filter @ms/web build\` first`)
  if (!fs.existsSync(CHROMIUM_PATH))
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: apt-get update && apt-get install -y chromium fonts-noto-cjk`,
    )
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
}

/**
 * Set by e2e/global-setup.ts: a data folder the demo seed was run into once for the whole run.
 * Seeding on every file's start cost ~10 s on a quiet machine and ~25 s on a loaded one; a copy of
 * the folder starts in ~5 s (migrations and the seed find nothing to do).
 */
export const SEEDED_DIR_ENV = 'MS_E2E_SEEDED_DIR'

/**
 * Starts `node --import tsx api/src/server.ts` on a free port over a fresh data folder and waits
 * until /api/health answers. `stop()` ends it (SIGTERM, then SIGKILL) and deletes the folder. With
 * the default demo seed and no extra environment the folder starts as a copy of the seeded one.
 */
export async function startApp(options: StartOptions = {}): Promise<AppServer> {
  assertPrerequisites()
  const port = await freePort()
  const ownDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ms-e2e-data-'))
  const seeded = process.env[SEEDED_DIR_ENV]
  if (ownDir && (options.seed ?? 'demo') === 'demo' && !options.env && seeded) {
    fs.cpSync(seeded, dataDir, { recursive: true })
  }
  const apiDir = path.join(ROOT, 'api')
  let output = ''
  // Always the embedded database in its fresh folder, whatever the caller's shell points at.
  const { DATABASE_URL: _ignored, ...inherited } = process.env
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: apiDir,
    env: {
      ...inherited,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED: options.seed ?? 'demo',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()))

  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited(child)
      clearTimeout(timer)
    }
    if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true })
  }

  const deadline = Date.now() + (options.timeoutMs ?? 150_000)
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop()
      throw new Error(`The server exited with code ${child.exitCode}:\n${output}`)
    }
    try {
      const res = await fetch(`${url}/api/health`)
      if (res.ok) return { url, port, dataDir, output: () => output, stop }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300))
  }
  await stop()
  throw new Error(`The server did not answer /api/health in time:\n${output}`)
}

/**
 * The file's app: starts it before the file's tests (beforeAll, with a hook timeout that outlasts
 * `timeoutMs`) and stops it after them (afterAll). Call it at the top level of a test file; the
 * returned server may be used only inside tests and hooks (before that it throws).
 */
export function useApp(options: StartOptions = {}): AppServer {
  let started: AppServer | undefined
  const current = () => {
    if (!started) throw new Error('The app is not started yet: use it inside a test or a hook')
    return started
  }
  beforeAll(
    async () => {
      started = await startApp(options)
    },
    (options.timeoutMs ?? 150_000) + 60_000,
  )
  afterAll(async () => {
    await started?.stop()
  })
  return {
    get url() {
      return current().url
    },
    get port() {
      return current().port
    },
    get dataDir() {
      return current().dataDir
    },
    output: () => current().output(),
    stop: () => current().stop(),
  }
}

export interface BrowserSession {
  context: BrowserContext
  page: Page
  /** Console errors, page errors and failed requests seen so far (CSP violations land here). */
  problems: () => string[]
  close: () => Promise<void>
}

export interface OpenOptions {
  device?: Device
  /** Path to open after launch (default `/`). */
  path?: string
  /** Language stored before the first page loads ('zh-CN' default, as a new visitor). */
  lang?: 'zh-CN' | 'en'
}

/**
 * A fresh Chromium profile (own cookies and storage) at phone or desktop size, on `path`.
 * Close it with `await session.close()` (in a `finally`).
 */
export async function openPage(app: AppServer, options: OpenOptions = {}): Promise<BrowserSession> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-e2e-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
    ...DEVICES[options.device ?? 'desktop'],
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: app.url,
  })
  // Generous: the machine is small and shared; a real failure still fails, only later.
  context.setDefaultTimeout(45_000)
  context.setDefaultNavigationTimeout(60_000)
  const problems: string[] = []
  const watch = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`)
    })
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    page.on('requestfailed', (r) => {
      // Aborted navigations/prefetches are not faults.
      if (!/ERR_ABORTED/.test(r.failure()?.errorText ?? ''))
        problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`)
    })
  }
  context.on('page', watch)
  for (const p of context.pages()) watch(p)
  if (options.lang && options.lang !== 'zh-CN') {
    await context.addInitScript(
      (lang) => localStorage.getItem('ms.lang') ?? localStorage.setItem('ms.lang', lang),
      options.lang,
    )
  }
  const page = context.pages()[0] ?? (await context.newPage())
  await page.goto(options.path ?? '/')
  const close = async () => {
    await context.close().catch(() => {})
    fs.rmSync(profile, { recursive: true, force: true })
  }
  return { context, page, problems: () => [...problems], close }
}

/** Signs in through the login form (labels as a person reads them) and waits to leave /login. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD) {
  try {
    if (!new URL(page.url()).pathname.startsWith('/login')) await page.goto('/login')
    await page.getByLabel(/用户名|Username/).fill(username)
    await page.getByLabel(/密码|Password/).fill(password)
    await page.getByRole('button', { name: /登\s*录|Sign in/ }).click()
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 })
  } catch (e) {
    const shot = await captureFailure(page, `login-${username}`)
    throw new Error(`Signing in as ${username} failed (page: ${page.url()}, ${shot})`, { cause: e })
  }
}

/** A screenshot of the page as it is, for a failing step: test-results/<name>-<time>.png. */
export async function captureFailure(page: Page, name: string): Promise<string> {
  const dir = path.join(ROOT, 'test-results')
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '_')}-${Date.now()}.png`)
  try {
    await page.screenshot({ path: file, fullPage: true, timeout: 5_000 })
    return `screenshot ${path.relative(ROOT, file)}`
  } catch {
    return 'no screenshot'
  }
}

/**
 * Runs one named step of a browser session; when it fails, the error names the step, a screenshot
 * of the page (captureFailure) and the page's problems so far.
 */
export async function step<T>(s: BrowserSession, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (e) {
    const shot = await captureFailure(s.page, name)
    throw new Error(`${name} failed (${shot}; page problems: ${JSON.stringify(s.problems())})`, {
      cause: e,
    })
  }
}

/**
 * A fresh session at `/login` (desktop unless `device` says otherwise), signed in as `user` (a
 * demo login, or a username with its password), handed to `run` and closed afterwards, whatever
 * `run` does.
 */
export async function signedIn<T>(
  app: AppServer,
  user: string | { username: string; password: string },
  run: (s: BrowserSession) => Promise<T>,
  options: Omit<OpenOptions, 'path'> = {},
): Promise<T> {
  const s = await openPage(app, { device: 'desktop', ...options, path: '/login' })
  try {
    if (typeof user === 'string') await login(s.page, user)
    else await login(s.page, user.username, user.password)
    return await run(s)
  } finally {
    await s.close()
  }
}

/** Saves a full-page PNG to docs/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const file = path.join(SCREENSHOT_DIR, `${name}.png`)
  // Settle: fonts loaded, no pending animation frames.
  await page.evaluate(async () => {
    await document.fonts.ready
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
  })
  await page.screenshot({ path: file, fullPage, animations: 'disabled' })
  return file
}

/** Whether the page is wider than the viewport (a phone layout must never scroll sideways). */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)
}

export interface ApiSession {
  token: string
  /** `fetch` under `/api` with the bearer token; throws with the error body on non-2xx. */
  request: <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>
  get: <T = unknown>(path: string) => Promise<T>
  post: <T = unknown>(path: string, body?: unknown) => Promise<T>
  put: <T = unknown>(path: string, body?: unknown) => Promise<T>
}

/**
 * Signs in over HTTP (bearer token, no CSRF needed) to arrange data faster than through pages:
 *
 *   const admin = await apiAs(app, 'admin')
 *   const me = await admin.get<{ grants: unknown[] }>('/me')
 */
export async function apiAs(
  app: AppServer,
  username: string,
  password = DEMO_PASSWORD,
): Promise<ApiSession> {
  const res = await fetch(`${app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`)
  const { token } = (await res.json()) as { token: string }
  const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${app.url}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await r.text()
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`)
    return (text ? JSON.parse(text) : undefined) as T
  }
  return {
    token,
    request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    put: (path, body) => request('PUT', path, body),
  }
}

const AXE_SOURCE: string = createRequire(import.meta.url)('axe-core').source

/**
 * Runs axe-core on the page (injected by evaluation, so the page's CSP does not apply) and fails on
 * any serious or critical violation, naming the check (`name`) and up to three nodes per rule.
 */
export async function axe(page: Page, name: string) {
  await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: {
        run: (
          ctx: unknown,
          o: unknown,
        ) => Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }>
      }
    }
    const r = await w.axe.run(document, { resultTypes: ['violations'] })
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .slice(0, 3)
            .map((n) => JSON.stringify(n.target))
            .join(' ')}`,
      )
  })
  expect([name, violations]).toEqual([name, []])
}
