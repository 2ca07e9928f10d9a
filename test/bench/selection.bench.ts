/**
 * Timings of the selection rules on the six real pabulib elections.
 *
 *   cd /work/main && api/node_modules/.bin/tsx test/bench/selection.bench.ts
 *   (`node --import tsx …` works only where tsx resolves from the current directory, e.g. in api/)
 *
 * The baseline is one plain pass counting approvals per project over the parsed ballots; every
 * rule is also shown as a multiple of it. Fast steps are the median of several repetitions; the
 * add1 loops run once. CPU time is printed too, because the machine is shared.
 */

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parsePabulib } from '../../api/src/analysis/pabulib.js'
import {
  type Instance,
  greedy,
  mes,
  mesAdd1,
  mesAdd1Full,
  prepareInstance,
} from '../../api/src/analysis/selection.rules.js'

const DATA_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/data/pabulib',
)

const FILES = [
  'Netherlands_Assen_2024.pb',
  'Netherlands_Amsterdam_522.pb',
  'Poland_Swiecie_2023.pb',
  'Poland_Wieliczka_2023_Green_Budget.pb',
  'Poland_Warszawa_2021_Mokotow.pb',
  'Poland_Warszawa_2026.pb',
]

interface Timing {
  wallMs: number
  cpuMs: number
}

function measure<T>(run: () => T): Timing & { result: T } {
  const cpu = process.cpuUsage()
  const start = performance.now()
  const result = run()
  const wallMs = performance.now() - start
  const used = process.cpuUsage(cpu)
  return { result, wallMs, cpuMs: (used.user + used.system) / 1000 }
}

/** Median wall and CPU time of `repeat` runs (after one warm-up run). */
function measureMedian(run: () => unknown, repeat: number): Timing {
  run()
  const samples = Array.from({ length: repeat }, () => measure(run))
  const median = (values: number[]): number =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  return {
    wallMs: median(samples.map((s) => s.wallMs)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
  }
}

/** The baseline: one pass over the ballots counting approvals per project. */
function countApprovalsPlainly(instance: Instance): Map<string, number> {
  const counts = new Map<string, number>()
  for (const ballot of instance.voters)
    for (const id of ballot) counts.set(id, (counts.get(id) ?? 0) + 1)
  return counts
}

const ms = (t: Timing): string =>
  t.wallMs < 1 ? t.wallMs.toFixed(3) : t.wallMs < 10 ? t.wallMs.toFixed(2) : t.wallMs.toFixed(0)
const ratio = (t: Timing, base: Timing): string => {
  const r = t.wallMs / base.wallMs
  if (r < 1) return `${r.toFixed(2)}×`
  return r < 10 ? `${r.toFixed(1)}×` : `${Math.round(r).toLocaleString('en-US')}×`
}

const rows: string[] = []
for (const file of FILES) {
  const text = fs.readFileSync(path.join(DATA_DIR, file), 'utf8')
  const parse = measure(() => parsePabulib(text))
  const { instance } = parse.result
  const index = measure(() => prepareInstance(instance))
  const count = measureMedian(() => countApprovalsPlainly(instance), 15)
  const greedyTime = measureMedian(() => greedy(instance), 15)
  const mesTime = measureMedian(() => mes(instance), 5)
  const add1 = measure(() => mesAdd1(instance))
  const add1Full = measure(() => mesAdd1Full(instance))
  const runs = (increments: bigint, stop: string): bigint =>
    increments + (stop === 'exhaustive' ? 1n : 2n)
  const add1Runs = runs(add1.result.increments, add1.result.stopReason)
  const fullRuns = runs(add1Full.result.increments, add1Full.result.stopReason)
  rows.push(
    [
      file.replace(/\.pb$/, ''),
      instance.voters.length.toLocaleString('en-US'),
      ms(parse),
      ms(index),
      ms(count),
      `${ms(greedyTime)} (${ratio(greedyTime, count)})`,
      `${ms(mesTime)} (${ratio(mesTime, count)})`,
      `${ms(add1)} / ${add1.cpuMs.toFixed(0)} cpu, ${add1Runs} runs (${ratio(add1, count)})`,
      `${ms(add1Full)} / ${add1Full.cpuMs.toFixed(0)} cpu, ${fullRuns} runs (${ratio(add1Full, count)})`,
    ].join(' | '),
  )
  process.stderr.write(`done ${file}\n`)
}

const load = os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(', ')
console.log(
  `Node ${process.version}, ${os.cpus().length} cores, load average ${load}. Times in ms (wall).\n`,
)
console.log(
  '| file | voters | parse | index | count pass (baseline) | greedy | mes | mes_add1 (wall / cpu) | mes_add1_full (wall / cpu) |',
)
console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|')
for (const row of rows) console.log(`| ${row} |`)
