/**
 * The CPU-heavy steps of the what-if analysis as plain tasks (data in, data out), so they can run
 * off the request thread (analysis.worker.ts): parsing a multi-megabyte .pb file and the MES add1
 * loops take seconds on Warsaw, and the API must keep answering ballots meanwhile.
 */
import { parsePabulib, PabulibFormatError, type PabulibElection } from './pabulib.js'
import {
  compareRules,
  unitIncrement,
  type CompareInput,
  type ProjectInfo,
} from './comparison.rules.js'
import type { Comparison, RuleKey } from './analysis.schemas.js'

export type Task =
  | { kind: 'inspect'; text: string }
  | { kind: 'compare-pabulib'; text: string }
  | { kind: 'compare'; input: CompareInput }

export interface PabulibSummary {
  name: string
  projects: number
  voters: number
  budget: number
  currency: string | null
  meta: Record<string, string>
  hasOfficial: boolean
  threshold: number | null
}

/** `line` is the 1-based line of the offending record, null when no one line is at fault. */
export type TaskError = { code: 'PABULIB_INVALID'; message: string; line: number | null }

export type TaskResult =
  | { ok: true; kind: 'inspect'; summary: PabulibSummary; parseMs: number }
  | { ok: true; kind: 'compare'; comparison: Comparison }
  | { ok: false; error: TaskError }

/** META keys worth showing beside an imported file. */
const SHOWN_META = [
  'description',
  'country',
  'unit',
  'subunit',
  'district',
  'instance',
  'vote_type',
  'rule',
  'currency',
  'date_begin',
  'date_end',
  'min_length',
  'max_length',
  'min_project_score_threshold',
  'language',
]

/** META min_project_score_threshold as a whole number ("3000", "3000.0"), else null. */
function thresholdOf(meta: Readonly<Record<string, string>>): number | null {
  const raw = meta.min_project_score_threshold?.trim()
  if (!raw || !/^\d+(\.0*)?$/.test(raw)) return null
  const n = Number(raw.split('.')[0])
  return Number.isSafeInteger(n) ? n : null
}

function officialOf(e: PabulibElection): string[] | null {
  if (!e.projectColumns.includes('selected')) return null
  return e.instance.projects.filter((_, i) => e.projectRows[i]?.selected === '1').map((p) => p.id)
}

class AmountError extends Error {}

function parse(text: string): { election: PabulibElection; parseMs: number } {
  const started = performance.now()
  const election = parsePabulib(text)
  const parseMs = Math.round((performance.now() - started) * 10) / 10
  // Money leaves the API as JSON numbers: refuse what a number cannot hold exactly.
  let sum = 0n
  for (const p of election.instance.projects) sum += p.cost
  if (
    sum > BigInt(Number.MAX_SAFE_INTEGER) ||
    election.instance.budget > BigInt(Number.MAX_SAFE_INTEGER)
  )
    throw new AmountError('Amounts above 9,007,199,254,740,991 are not supported')
  return { election, parseMs }
}

export function summarize(e: PabulibElection): PabulibSummary {
  const meta: Record<string, string> = {}
  for (const key of SHOWN_META) {
    const value = e.meta[key]
    if (value !== undefined && value !== '') meta[key] = value.slice(0, 500)
  }
  const official = officialOf(e)
  const name =
    [e.meta.unit, e.meta.subunit ?? e.meta.district, e.meta.instance].filter(Boolean).join(' ') ||
    e.meta.description ||
    'pabulib'
  return {
    name: name.slice(0, 200),
    projects: e.instance.projects.length,
    voters: e.instance.voters.length,
    budget: Number(e.instance.budget),
    currency: e.meta.currency?.slice(0, 10) || null,
    meta,
    hasOfficial: official !== null && official.length > 0,
    threshold: thresholdOf(e.meta),
  }
}

/** Which result an imported file's rules are compared against. */
function baselineOf(e: PabulibElection, threshold: number | null): CompareInput['baseline'] {
  const official = officialOf(e)
  if (official && official.length > 0) return { rule: 'official', selected: official }
  const rule = (e.meta.rule ?? '').toLowerCase()
  const byMeta: Record<string, RuleKey> = {
    greedy: 'greedy',
    equalshares: 'mes',
    'equalshares/add1': 'mes_add1_full',
    'equalshares/add1-comparison': 'mes_add1_full',
  }
  if (rule === 'greedy-threshold' && threshold !== null) return { rule: 'greedy_threshold' }
  return { rule: byMeta[rule] ?? 'greedy' }
}

export function comparePabulib(e: PabulibElection, parseMs: number | null): Comparison {
  const threshold = thresholdOf(e.meta)
  const projects = new Map<string, ProjectInfo>(
    e.instance.projects.map((p, i) => [
      p.id,
      {
        externalId: p.id,
        name: p.name ?? e.projectRows[i]?.name ?? p.id,
        category: e.projectRows[i]?.category ?? null,
      },
    ]),
  )
  return compareRules({
    instance: e.instance,
    projects,
    money: { unit: 'unit', currency: e.meta.currency?.slice(0, 10) || null },
    baseline: baselineOf(e, threshold),
    threshold: threshold === null ? null : { value: threshold, source: 'meta' },
    increment: unitIncrement(e.instance.budget, e.instance.voters.length),
    parseMs,
  })
}

/** Runs one task; malformed files come back as an error value, anything else throws. */
export function runTask(task: Task): TaskResult {
  try {
    switch (task.kind) {
      case 'inspect': {
        const { election, parseMs } = parse(task.text)
        return { ok: true, kind: 'inspect', summary: summarize(election), parseMs }
      }
      case 'compare-pabulib': {
        const { election, parseMs } = parse(task.text)
        return { ok: true, kind: 'compare', comparison: comparePabulib(election, parseMs) }
      }
      case 'compare':
        return { ok: true, kind: 'compare', comparison: compareRules(task.input) }
    }
  } catch (e) {
    if (e instanceof PabulibFormatError)
      return { ok: false, error: { code: 'PABULIB_INVALID', message: e.message, line: e.line } }
    if (e instanceof AmountError)
      return { ok: false, error: { code: 'PABULIB_INVALID', message: e.message, line: null } }
    throw e
  }
}
