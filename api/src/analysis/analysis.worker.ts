/**
 * Worker-thread entry of the what-if analysis: runs one task (analysis.tasks.ts) and posts its
 * result back. Started per task by analysis.compute.ts; holds no state between tasks.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { runTask, type Task } from './analysis.tasks.js'

try {
  parentPort!.postMessage(runTask(workerData as Task))
} catch (e) {
  parentPort!.postMessage({
    ok: false,
    crash: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
  })
}
