import { Worker } from 'node:worker_threads'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ApiError } from '../shared/errors.js'
import type { Task, TaskResult } from './analysis.tasks.js'

/**
 * Runs analysis tasks in worker threads, one fresh worker per task, at most MAX_CONCURRENT at a
 * time per API process (the others queue). Parsing Warsaw and its MES add1 loops take seconds of
 * CPU; on the request thread they would stall every other request — ballots being cast included.
 * Workers hold no state, so nothing here needs sharing between API instances.
 */
const MAX_CONCURRENT = 2
const TIMEOUT_MS = 5 * 60_000

const source = import.meta.url.endsWith('.ts') ? 'ts' : 'js'
const workerUrl = new URL(`./analysis.worker.${source}`, import.meta.url)

/**
 * Built JavaScript runs the worker file directly. TypeScript sources (tsx, vitest) need tsx's
 * hooks inside the worker too, and Node 20 ignores `--import` in a worker's execArgv: a tiny ESM
 * bootstrap (a data: URL) registers them, then imports the worker module.
 */
function startWorker(task: Task): Worker {
  if (source === 'js') return new Worker(workerUrl, { workerData: task })
  const cjsApi = createRequire(import.meta.url).resolve('tsx/esm/api')
  const esmApi = pathToFileURL(path.join(path.dirname(cjsApi), 'index.mjs')).href
  const boot = `import { register } from ${JSON.stringify(esmApi)}\nregister()\nawait import(${JSON.stringify(workerUrl.href)})\n`
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), {
    workerData: task,
  })
}

let running = 0
const waiting: (() => void)[] = []

async function withSlot<T>(run: () => Promise<T>): Promise<T> {
  // A finishing task hands its slot straight to the next in line, so the cap always holds.
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve))
  else running++
  try {
    return await run()
  } finally {
    const next = waiting.shift()
    if (next) next()
    else running--
  }
}

function inWorker(task: Task, timeoutMs: number): Promise<TaskResult> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(task)
    let settled = false
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      fn()
      void worker.terminate()
    }
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new ApiError(503, 'ANALYSIS_TIMEOUT', 'The analysis took too long and was stopped'),
          ),
        ),
      timeoutMs,
    )
    worker.once('message', (m: TaskResult | { ok: false; crash: string }) =>
      finish(() => {
        if ('crash' in m) reject(new Error(`analysis worker failed: ${m.crash}`))
        else resolve(m)
      }),
    )
    worker.once('error', (e) => finish(() => reject(e)))
    worker.once('exit', (code) =>
      finish(() => reject(new Error(`analysis worker exited early with code ${code}`))),
    )
  })
}

/** Runs a task off the request thread; a malformed .pb file becomes 400 PABULIB_INVALID. */
export async function runAnalysisTask(task: Task, timeoutMs = TIMEOUT_MS) {
  const result = await withSlot(() => inWorker(task, timeoutMs))
  if (!result.ok)
    throw new ApiError(
      400,
      result.error.code,
      `Not a readable pabulib file: ${result.error.message}`,
      {
        line: result.error.line,
      },
    )
  return result
}
