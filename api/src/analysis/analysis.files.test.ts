import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'

/**
 * Every real pabulib election in shared/data/pabulib, uploaded through the API once (the Warsaw
 * files as multipart uploads above the global 1 MB body limit), then compared: every rule's set
 * and total equal the reference outcomes in expected/ (verified against pabutools 1.2.3).
 */
const DATA_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/data/pabulib',
)

const FILES = [
  'Netherlands_Assen_2024.pb',
  'Netherlands_Amsterdam_522.pb',
  'Poland_Swiecie_2023.pb',
  'Poland_Wieliczka_2023_Green_Budget.pb',
  'Poland_Warszawa_2021_Mokotow.pb',
  'Poland_Warszawa_2026.pb',
] as const

interface Reference {
  num_projects: number
  num_voters: number
  budget: string
  official_selected_column: { selected: string[]; total_cost: string } | null
  expected: Record<
    string,
    { selected: string[]; total_cost: string; final_per_voter_budget?: string; increments?: number }
  >
}

/** Our rule keys → the reference file's. */
const REFERENCE_KEY: Record<string, string> = {
  greedy: 'greedy',
  greedy_threshold: 'greedy_threshold',
  mes: 'mes',
  mes_add1: 'mes_add1',
  mes_add1_u: 'mes_add1u',
  mes_add1_full: 'mes_add1_full',
  mes_add1_full_u: 'mes_add1_full_u',
}

let t: TestApp
let staff: { token: string }
let j: { id: string }
const timings: string[] = []

beforeAll(async () => {
  t = await createTestApp()
  j = await t.factory.jurisdiction()
  staff = await t.factory.user(j, ['staff'])
})
afterAll(async () => {
  if (timings.length) console.info(`what-if timings (ms):\n${timings.join('\n')}`)
  await t.close()
})

describe.each(FILES)('%s uploaded through the API', (file) => {
  const reference = JSON.parse(
    fs.readFileSync(
      path.join(DATA_DIR, 'expected', file.replace(/\.pb$/, '.expected.json')),
      'utf8',
    ),
  ) as Reference

  it('parses to the reference size and every rule selects the reference set and total', async () => {
    const bytes = fs.readFileSync(path.join(DATA_DIR, file))
    const form = new FormData()
    form.set('jurisdictionId', j.id)
    form.set('file', new File([bytes], file, { type: 'application/octet-stream' }))
    const started = performance.now()
    const up = await t.call('POST', '/api/analysis/instances', { token: staff.token, body: form })
    const uploadMs = performance.now() - started
    expect(up.status, JSON.stringify(up.body)).toBe(201)
    expect(up.body).toMatchObject({
      jurisdictionId: j.id,
      fileName: file,
      projects: reference.num_projects,
      voters: reference.num_voters,
      budget: Number(reference.budget),
      hasOfficial: reference.official_selected_column !== null,
      computed: false,
      sizeBytes: bytes.length,
    })

    const first = performance.now()
    const w = await t.call('GET', `/api/analysis/instances/${up.body.id}/what-if`, {
      token: staff.token,
    })
    const whatIfMs = performance.now() - first
    expect(w.status, JSON.stringify(w.body)).toBe(200)
    expect(w.body.cached).toBe(false)
    const byRule = new Map<string, any>(w.body.rules.map((r: any) => [r.rule, r]))
    const expectedRules = Object.keys(reference.expected)
    for (const [ours, theirs] of Object.entries(REFERENCE_KEY)) {
      const ref = reference.expected[theirs]
      const got = byRule.get(ours)
      if (!ref) {
        expect(got, `${ours} is only computed when the file sets a threshold`).toBeUndefined()
        continue
      }
      expect(got, ours).toBeDefined()
      expect([...got.selected].sort(), ours).toEqual([...ref.selected].sort())
      expect(got.totalCost, ours).toBe(Number(ref.total_cost))
      expect(got.withinBudget, ours).toBe(true)
      if (ref.final_per_voter_budget)
        expect(got.perVoterBudget, ours).toBe(ref.final_per_voter_budget)
      if (ref.increments !== undefined) expect(got.increments, ours).toBe(ref.increments)
      expect(got.explanation['zh-CN'].length, ours).toBeGreaterThan(20)
      expect(got.explanation.en.length, ours).toBeGreaterThan(20)
    }
    expect(expectedRules.length).toBeGreaterThanOrEqual(6)
    // The baseline: the official result when the file has one, and every diff against it.
    if (reference.official_selected_column) {
      expect(w.body.baseline).toBe('official')
      const official = byRule.get('official')
      expect([...official.selected].sort()).toEqual(
        [...reference.official_selected_column.selected].sort(),
      )
      expect(official.totalCost).toBe(Number(reference.official_selected_column.total_cost))
      for (const r of w.body.rules) {
        if (r.rule === 'official') expect(r.diff).toBeNull()
        else {
          const base = new Set(official.selected)
          expect(r.diff.added).toEqual(r.selected.filter((id: string) => !base.has(id)))
        }
      }
    } else expect(w.body.baseline).toBe('greedy')
    expect(w.body.projects).toHaveLength(reference.num_projects)
    expect(w.body.voters).toBe(reference.num_voters)

    const t2 = performance.now()
    const again = await t.call('GET', `/api/analysis/instances/${up.body.id}/what-if`, {
      token: staff.token,
    })
    const cachedMs = performance.now() - t2
    expect(again.body.cached).toBe(true)
    expect(again.body.rules).toEqual(w.body.rules)
    const r = (k: string) => byRule.get(k)?.ms ?? '—'
    timings.push(
      `| ${file.replace(/\.pb$/, '')} | ${Math.round(uploadMs)} | ${w.body.timings.parseMs} | ${w.body.timings.indexMs} | ${r('greedy')} | ${r('greedy_threshold')} | ${r('mes')} | ${r('mes_add1')} | ${w.body.timings.totalMs} | ${Math.round(whatIfMs)} | ${Math.round(cachedMs)} |`,
    )
  }, 300_000)
})
