/**
 * The what-if comparison (issue 10): every selection rule run on one instance, side by side, with
 * the diff against a baseline (the legal rule for our votes, the official result for an imported
 * file) and a plain-language explanation per rule in zh-CN and English. Pure: no I/O; the only
 * impurity is reading the clock for the timings it reports.
 */
import { formatRational, fromFraction, type Rational } from './rational.js'
import {
  compareProjectIds,
  countApprovals,
  greedy,
  greedyThreshold,
  mes,
  mesAdd1Both,
  prepareInstance,
  withGreedyCompletion,
  type Instance,
  type MesCompletion,
  type Selection,
} from './selection.rules.js'
import type {
  Bilingual,
  ComparedProject,
  Comparison,
  Money,
  RuleKey,
  RuleOutcome,
} from './analysis.schemas.js'

/** Bump when any rule, explanation or output field changes: cached comparisons are recomputed. */
export const ENGINE_VERSION = 2

export interface ProjectInfo {
  /** The id shown outside (a candidate id for our votes; the file's id for pabulib). */
  externalId: string
  name: string
  category: string | null
}

export interface LegalBaseline {
  rule: 'legal'
  /** Instance ids of the candidates the legal rule selected (ties excluded). */
  selected: string[]
  threshold: number
  seats: number
  basis: 'all' | 'present'
  status: string
  ties: string[]
  shortfall: number
}

export interface OfficialBaseline {
  rule: 'official'
  selected: string[]
}

export interface CompareInput {
  instance: Instance
  /** Keyed by the instance's project id. */
  projects: ReadonlyMap<string, ProjectInfo>
  money: Money
  /** A given result to compare against, or a computed rule to use as the baseline, or none. */
  baseline: LegalBaseline | OfficialBaseline | { rule: RuleKey } | null
  /** Enables greedy_threshold. */
  threshold: { value: number; source: 'legal' | 'meta' } | null
  /** Step of the add1 completions (1 for pabulib files; scaled for fen, see decision 041). */
  increment: bigint
  parseMs?: number | null
  now?: Date
}

// ── money and numbers in words ──────────────────────────────────────────────────────────────

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')

function toSafeNumber(n: bigint, what: string): number {
  const x = Number(n)
  if (!Number.isSafeInteger(x)) throw new RangeError(`${what} ${n} is beyond 2^53`)
  return x
}

type Lang = 'zh-CN' | 'en'

/**
 * `¥1,234.56` for fen (in Chinese `3,500万元` from 1万元 up, as budget documents write it, exact);
 * `24,186,815 PLN` for currency units.
 */
export function formatAmount(amount: bigint, money: Money, lang: Lang = 'en'): string {
  const neg = amount < 0n
  const abs = neg ? -amount : amount
  const sign = neg ? '-' : ''
  if (money.unit === 'fen') {
    if (lang === 'zh-CN' && abs >= 1_000_000n) {
      const rest = abs % 1_000_000n
      const frac = rest === 0n ? '' : `.${rest.toString().padStart(6, '0').replace(/0+$/, '')}`
      return `${sign}${group((abs / 1_000_000n).toString())}${frac}万元`
    }
    return `${sign}¥${group((abs / 100n).toString())}.${(abs % 100n).toString().padStart(2, '0')}`
  }
  return `${sign}${group(abs.toString())}${money.currency ? ` ${money.currency}` : ''}`
}

/**
 * An exact fraction of money, rounded half up: to the fen (in Chinese from 1万元 up, to 0.01万元)
 * or to 0.01 of a currency unit.
 */
export function formatApproxAmount(r: Rational, money: Money, lang: Lang = 'en'): string {
  if (money.unit === 'fen') {
    const fen = (2n * r.num + r.den) / (2n * r.den)
    if (lang === 'zh-CN' && fen >= 1_000_000n)
      return formatAmount(((fen + 5_000n) / 10_000n) * 10_000n, money, lang)
    return formatAmount(fen, money)
  }
  const cents = (200n * r.num + r.den) / (2n * r.den)
  const int = group((cents / 100n).toString())
  const frac = (cents % 100n).toString().padStart(2, '0')
  return `${int}.${frac}${money.currency ? ` ${money.currency}` : ''}`
}

/** totalCost / budget rounded down to 4 decimals: "0.9993". */
export function poolShare(total: bigint, budget: bigint): string {
  if (budget <= 0n) return '0.0000'
  const x = (total * 10000n) / budget
  return `${x / 10000n}.${(x % 10000n).toString().padStart(4, '0')}`
}

const percent = (share: string) => {
  const [int, frac] = share.split('.') as [string, string]
  const basis = Number(int) * 10000 + Number(frac)
  return `${(basis / 100).toFixed(2)}%`
}

// ── labels and explanations ────────────────────────────────────────────────────────────────

export const RULE_LABELS: Record<RuleKey, Bilingual> = {
  legal: { 'zh-CN': '法定规则（过半数，取前 N 项）', en: 'Legal rule (majority, top N)' },
  official: { 'zh-CN': '公布的实际结果', en: 'Official result' },
  greedy: { 'zh-CN': '资金池贪心法', en: 'Budget-capped greedy' },
  greedy_threshold: { 'zh-CN': '门槛 + 资金池贪心法', en: 'Greedy with vote threshold' },
  mes: { 'zh-CN': '均等份额法（MES）', en: 'Method of Equal Shares (MES)' },
  mes_add1: { 'zh-CN': '均等份额法 · 逐步加额', en: 'MES with add1 completion' },
  mes_add1_u: {
    'zh-CN': '均等份额法 · 逐步加额 + 贪心补足',
    en: 'MES add1, then greedy',
  },
  mes_add1_full: { 'zh-CN': '均等份额法 · 加额至上限', en: 'MES add1, full' },
  mes_add1_full_u: {
    'zh-CN': '均等份额法 · 加额至上限 + 贪心补足',
    en: 'MES add1 full, then greedy',
  },
}

export const TIE_BREAKING: Bilingual = {
  'zh-CN':
    '赞成票相同（均等份额法中为人均负担相同）时，编号较小的项目优先——本平台的票决按选票上的排列顺序，导入的文件按项目编号的字符串顺序（与 pabutools 相同，"11" 排在 "2" 之前）。法定规则不拆平票：跨越第 N 名的平票须另行票决。',
  en: 'When projects have the same number of votes for (in MES: the same share per supporter), the smaller id wins — for our votes the order on the ballot, for imported files the project id compared as a string (as pabutools does, so "11" comes before "2"). The legal rule never breaks a tie across place N: a runoff decides it.',
}

interface ExplainContext {
  money: Money
  budget: bigint
  voters: number
  name: (id: string) => string
  baselineLabel: Bilingual | null
  threshold: CompareInput['threshold']
  increment: bigint
}

function outcomeSentence(o: Draft, c: ExplainContext): Bilingual {
  const m = (amount: bigint, lang: Lang) => formatAmount(amount, c.money, lang)
  const share = percent(poolShare(o.total, c.budget))
  const within = o.total <= c.budget
  return {
    'zh-CN': `选出 ${o.selected.length} 项，合计 ${m(o.total, 'zh-CN')}，${within ? `占资金池的 ${share}，剩余 ${m(c.budget - o.total, 'zh-CN')}` : `超出资金池 ${m(o.total - c.budget, 'zh-CN')}`}。`,
    en: `It chooses ${o.selected.length} project${o.selected.length === 1 ? '' : 's'} costing ${m(o.total, 'en')}, ${within ? `${share} of the pool, leaving ${m(c.budget - o.total, 'en')}` : `exceeding the pool by ${m(o.total - c.budget, 'en')}`}.`,
  }
}

function names(ids: readonly string[], c: ExplainContext, lang: 'zh-CN' | 'en'): string {
  const shown = ids.slice(0, 3).map(c.name)
  const sep = lang === 'zh-CN' ? '、' : '; '
  const more =
    ids.length > 3
      ? lang === 'zh-CN'
        ? ` 等 ${ids.length} 项`
        : ` and ${ids.length - 3} more`
      : ''
  return shown.join(sep) + more
}

function diffSentence(o: Draft, c: ExplainContext): Bilingual | null {
  if (!o.diff || !c.baselineLabel) return null
  const { added, removed } = o.diff
  const base = c.baselineLabel
  if (!added.length && !removed.length)
    return {
      'zh-CN': `与${base['zh-CN']}选出的项目完全相同。`,
      en: `Same projects as the ${base.en.toLowerCase()}.`,
    }
  const zh: string[] = []
  const en: string[] = []
  if (added.length) {
    zh.push(`增加 ${added.length} 项（${names(added, c, 'zh-CN')}）`)
    en.push(`adds ${added.length} (${names(added, c, 'en')})`)
  }
  if (removed.length) {
    zh.push(`减少 ${removed.length} 项（${names(removed, c, 'zh-CN')}）`)
    en.push(`drops ${removed.length} (${names(removed, c, 'en')})`)
  }
  return {
    'zh-CN': `与${base['zh-CN']}相比：${zh.join('，')}。`,
    en: `Against the ${base.en.toLowerCase()}: ${en.join(', ')}.`,
  }
}

function stopSentence(o: Draft): Bilingual {
  switch (o.mes?.stopReason) {
    case 'exhaustive':
      return { 'zh-CN': '此时已放不下更多项目。', en: 'By then no further project fitted.' }
    case 'next_step_over_budget':
      return {
        'zh-CN': '再提高一次就会超出资金池，故保留此结果。',
        en: 'One more raise would have overspent the pool, so this outcome is kept.',
      }
    case 'budget_bound':
      return {
        'zh-CN': '所有有人支持的项目合计都放得下资金池，份额直接提高到上限。',
        en: 'Every supported project fits the pool together, so the shares go straight to the bound.',
      }
    case undefined:
      return { 'zh-CN': '', en: '' }
  }
}

function ruleSentence(o: Draft, c: ExplainContext): Bilingual {
  const share = c.voters > 0 ? fromFraction(c.budget, c.voters) : fromFraction(0n)
  const b0 = formatApproxAmount(share, c.money, 'en')
  const b0zh = formatApproxAmount(share, c.money, 'zh-CN')
  const step = formatAmount(c.increment, c.money, 'en')
  const stepZh = formatAmount(c.increment, c.money, 'zh-CN')
  const final = o.mes ? formatApproxAmount(o.mes.perVoterBudget, c.money, 'en') : ''
  const finalZh = o.mes ? formatApproxAmount(o.mes.perVoterBudget, c.money, 'zh-CN') : ''
  const k = o.mes ? o.mes.increments.toString() : '0'
  const t = c.threshold
  switch (o.rule) {
    case 'legal': {
      const l = o.legal!
      const zhBasis = l.basis === 'all' ? '全体代表' : '出席代表'
      const enBasis = l.basis === 'all' ? 'all entitled deputies' : 'the deputies present'
      return {
        'zh-CN': `法定规则决定本次结果：赞成票达到 ${l.threshold} 票（超过${zhBasis}的半数）的项目为通过，通过的项目按赞成票从多到少取前 ${l.seats} 项。这一规则不考虑资金池。`,
        en: `The legal rule decides: a project passes with at least ${l.threshold} votes for (more than half of ${enBasis}); the passing projects with the most votes for are chosen, up to ${l.seats}. It does not look at the fund pool.`,
      }
    }
    case 'official':
      return {
        'zh-CN': '文件中公布的实际结果（selected = 1 的项目）。',
        en: 'The result the organiser published (the projects marked selected = 1 in the file).',
      }
    case 'greedy':
      return {
        'zh-CN':
          '按赞成票从多到少逐个纳入，资金池放不下的项目跳过、继续看下一个，直到再没有放得下的项目。不限项目个数，也不要求过半数。',
        en: 'Takes projects in order of votes for, skipping any that no longer fits the fund pool, until nothing else fits. No seat limit and no majority requirement.',
      }
    case 'greedy_threshold':
      return t?.source === 'legal'
        ? {
            'zh-CN': `与资金池贪心法相同，但只考虑赞成票达到 ${t.value} 票（法定过半数门槛）的项目。不限项目个数。`,
            en: `Like budget-capped greedy, but only among projects with at least ${t?.value} votes for (the legal majority threshold). No seat limit.`,
          }
        : {
            'zh-CN': `与资金池贪心法相同，但只考虑得票不少于 ${t?.value} 票的项目（文件规定的最低得票门槛）。`,
            en: `Like budget-capped greedy, but only among projects with at least ${t?.value} votes (the minimum score set in the file).`,
          }
    case 'mes':
      return {
        'zh-CN': `均等份额法：把资金池平均分给每位投票人（每人约 ${b0zh}），项目只能由赞成它的人出资，并尽量平均分担；每一轮选出支持者人均负担（相对项目造价）最轻的项目，直到没有项目的支持者还凑得齐钱。这样每一群投票人大致能决定与其人数成正比的那部分资金，少数人支持的项目也有机会，但资金常有剩余。`,
        en: `Method of Equal Shares: the pool is split equally among the voters (about ${b0} each); a project can only be paid for by its supporters, who share its cost as equally as they can. Each round funds the project whose supporters pay the least relative to its cost, until no project's supporters can still cover one. Each group of voters thus controls roughly its proportional share of the money, so projects backed by a minority can win too — but money is often left over.`,
      }
    case 'mes_add1':
    case 'mes_add1_u':
    case 'mes_add1_full':
    case 'mes_add1_full_u': {
      const full = o.rule.startsWith('mes_add1_full')
      const zh = full
        ? `均等份额法，并把每人份额每次提高 ${stepZh} 后重算，只要结果不超出资金池就继续提高（不在“放不下更多项目”时停下，pabulib 校验工具的理解）。`
        : `均等份额法，并在资金有剩余时把每人份额每次提高 ${stepZh} 后重算，直到结果中再放不下任何项目；若再提高一次会超出资金池，则保留上一次的结果（pabutools 的默认做法）。`
      const en = full
        ? `MES, raising each voter's share by ${step} and running again for as long as the outcome stays within the pool (not stopping when no further project fits; the pabulib checker's reading).`
        : `MES, and while money is left each voter's share is raised by ${step} and MES run again, until no further project fits; if one more raise would overspend the pool, the previous outcome is kept (pabutools' default).`
      const endZh = `共提高 ${k} 次，最终每人约 ${finalZh}。${stopSentence(o)['zh-CN']}`
      const finalEn = ` ${k} raise${k === '1' ? '' : 's'}, ending at about ${final} per voter. ${stopSentence(o).en}`
      const u = o.rule.endsWith('_u')
      const added = o.addedByGreedy?.length ?? 0
      return {
        'zh-CN':
          zh +
          endZh +
          (u ? `之后用剩余资金按赞成票从多到少补选放得下的项目（补选 ${added} 项）。` : ''),
        en:
          en +
          finalEn +
          (u ? ` Then the leftover money is filled greedily by votes for (${added} added).` : ''),
      }
    }
  }
}

function legalNotes(o: Draft, c: ExplainContext): Bilingual {
  const l = o.legal
  if (!l) return { 'zh-CN': '', en: '' }
  const zh: string[] = []
  const en: string[] = []
  if (l.ties.length) {
    zh.push(
      `第 ${l.seats} 位有 ${l.ties.length} 个项目赞成票相同（${names(l.ties, c, 'zh-CN')}），须另行票决，暂未计入。`,
    )
    en.push(
      `${l.ties.length} projects are tied across place ${l.seats} (${names(l.ties, c, 'en')}); a runoff decides them, so they are not counted here.`,
    )
  }
  if (l.shortfall > 0) {
    zh.push(`通过的项目少于 ${l.seats} 项，空缺 ${l.shortfall} 项。`)
    en.push(
      `Fewer than ${l.seats} projects passed: ${l.shortfall} seat${l.shortfall === 1 ? '' : 's'} stay empty.`,
    )
  }
  return { 'zh-CN': zh.join(''), en: en.join(' ') }
}

function explain(o: Draft, c: ExplainContext): Bilingual {
  const parts = [ruleSentence(o, c), outcomeSentence(o, c), legalNotes(o, c), diffSentence(o, c)]
  return {
    'zh-CN': parts
      .map((p) => p?.['zh-CN'] ?? '')
      .filter(Boolean)
      .join(''),
    en: parts
      .map((p) => p?.en ?? '')
      .filter(Boolean)
      .join(' '),
  }
}

// ── the comparison ─────────────────────────────────────────────────────────────────────────

interface Draft {
  rule: RuleKey
  selected: string[]
  total: bigint
  ms: number | null
  mes?: { perVoterBudget: Rational; increments: bigint; stopReason?: MesCompletion['stopReason'] }
  addedByGreedy?: string[]
  threshold?: number
  legal?: LegalBaseline
  diff: { added: string[]; removed: string[] } | null
}

function timed<T>(run: () => T): [T, number] {
  const start = performance.now()
  const result = run()
  return [result, Math.round((performance.now() - start) * 10) / 10]
}

/** Runs every rule and builds the side-by-side comparison. */
export function compareRules(input: CompareInput): Omit<Comparison, 'computedAt'> & {
  computedAt: string
} {
  const started = performance.now()
  const { instance, money } = input
  const budget = BigInt(instance.budget)
  const [, indexMs] = timed(() => prepareInstance(instance))
  const costOf = new Map(instance.projects.map((p) => [p.id, BigInt(p.cost)]))
  const total = (ids: readonly string[]) => ids.reduce((s, id) => s + (costOf.get(id) ?? 0n), 0n)
  const drafts: Draft[] = []
  const push = (rule: RuleKey, s: Selection, ms: number | null, extra: Partial<Draft> = {}) =>
    drafts.push({ rule, selected: [...s.selected], total: s.totalCost, ms, diff: null, ...extra })

  const base = input.baseline
  if (base && 'selected' in base) {
    const selected = [...base.selected]
    push(base.rule, { selected, totalCost: total(selected) }, null, {
      ...(base.rule === 'legal' ? { legal: base, threshold: base.threshold } : {}),
    })
  }
  const [g, gMs] = timed(() => greedy(instance))
  push('greedy', g, gMs)
  if (input.threshold) {
    const t = input.threshold.value
    const [gt, gtMs] = timed(() => greedyThreshold(instance, t))
    push('greedy_threshold', gt, gtMs, { threshold: t })
  }
  const [m, mMs] = timed(() => mes(instance))
  push('mes', m, mMs, { mes: { perVoterBudget: m.perVoterBudget, increments: 0n } })
  const [both, bothMs] = timed(() => mesAdd1Both(instance, { increment: input.increment }))
  // One loop computes both completions; its time is reported on each (the loop is shared).
  const mesOf = (c: MesCompletion) => ({
    perVoterBudget: c.perVoterBudget,
    increments: c.increments,
    stopReason: c.stopReason,
  })
  for (const [rule, c] of [
    ['mes_add1', both.add1],
    ['mes_add1_full', both.full],
  ] as const) {
    push(rule, c, bothMs, { mes: mesOf(c) })
    const [u, uMs] = timed(() => withGreedyCompletion(instance, c))
    push(`${rule}_u`, u, uMs, { mes: mesOf(c), addedByGreedy: [...u.addedByGreedy] })
  }
  const rulesMs = Math.round((performance.now() - started) * 10) / 10 - indexMs

  // Baseline and diffs.
  const baselineKey: RuleKey | null = base?.rule ?? null
  const baseline = drafts.find((d) => d.rule === baselineKey)
  if (baseline) {
    const inBase = new Set(baseline.selected)
    for (const d of drafts) {
      if (d === baseline) continue
      const inD = new Set(d.selected)
      d.diff = {
        added: d.selected.filter((id) => !inBase.has(id)),
        removed: baseline.selected.filter((id) => !inD.has(id)),
      }
    }
  }

  // Projects by decreasing approvals, then the tie-break order.
  const approvals = countApprovals(instance)
  const ordered = [...instance.projects].sort(
    (a, b) =>
      (approvals.get(b.id) ?? 0) - (approvals.get(a.id) ?? 0) || compareProjectIds(a.id, b.id),
  )
  const info = (id: string): ProjectInfo =>
    input.projects.get(id) ?? { externalId: id, name: id, category: null }
  const ext = (ids: readonly string[]) => ids.map((id) => info(id).externalId)
  const ctx: ExplainContext = {
    money,
    budget,
    voters: instance.voters.length,
    name: (id) => info(id).name || id,
    baselineLabel: baselineKey ? RULE_LABELS[baselineKey] : null,
    threshold: input.threshold,
    increment: input.increment,
  }
  const projects: ComparedProject[] = ordered.map((p) => ({
    id: info(p.id).externalId,
    name: info(p.id).name,
    category: info(p.id).category,
    cost: toSafeNumber(BigInt(p.cost), 'cost'),
    approvals: approvals.get(p.id) ?? 0,
  }))
  const rules: RuleOutcome[] = drafts.map((d) => ({
    rule: d.rule,
    label: RULE_LABELS[d.rule],
    selected: ext(d.selected),
    totalCost: toSafeNumber(d.total, 'total cost'),
    leftover: toSafeNumber(budget - d.total, 'leftover'),
    poolShare: poolShare(d.total, budget),
    withinBudget: d.total <= budget,
    ...(d.mes
      ? {
          perVoterBudget: formatRational(d.mes.perVoterBudget),
          ...(d.rule === 'mes'
            ? {}
            : {
                increments: toSafeNumber(d.mes.increments, 'increments'),
                increment: toSafeNumber(input.increment, 'increment'),
                ...(d.mes.stopReason ? { stopReason: d.mes.stopReason } : {}),
              }),
        }
      : {}),
    ...(d.addedByGreedy ? { addedByGreedy: ext(d.addedByGreedy) } : {}),
    ...(d.threshold !== undefined ? { threshold: d.threshold } : {}),
    ...(d.legal
      ? {
          status: d.legal.status,
          ties: ext(d.legal.ties),
          shortfall: d.legal.shortfall,
          seats: d.legal.seats,
        }
      : {}),
    diff: d.diff ? { added: ext(d.diff.added), removed: ext(d.diff.removed) } : null,
    explanation: explain(d, ctx),
    ms: d.ms,
  }))
  return {
    engineVersion: ENGINE_VERSION,
    money,
    budget: toSafeNumber(budget, 'budget'),
    voters: instance.voters.length,
    projects,
    baseline: baseline ? baselineKey : null,
    rules,
    tieBreaking: TIE_BREAKING,
    timings: {
      parseMs: input.parseMs ?? null,
      indexMs,
      rulesMs: Math.round(rulesMs * 10) / 10,
      totalMs: Math.round((performance.now() - started + (input.parseMs ?? 0)) * 10) / 10,
    },
    computedAt: (input.now ?? new Date()).toISOString(),
  }
}

/**
 * The add1 step for money in fen: the largest power of ten of fen not above a hundredth of the
 * initial share B/n (so between 0.1 % and 1 % of it; at least 1 fen). Raising the share to double
 * then takes 100 to 1,000 runs instead of millions of 1-fen steps (pabulib's "1" is one whole
 * currency unit, not a hundredth of one). See decision 041.
 */
export function fenIncrement(budget: bigint, voters: number): bigint {
  if (voters <= 0 || budget <= 0n) return 1n
  const share = budget / BigInt(voters)
  let step = 1n
  while (step * 10n * 100n <= share) step *= 10n
  return step
}

/**
 * The add1 step for an imported file: 1 unit, the reference definition (the real files have
 * shares B/n of a few hundred to a few thousand units). A file whose share exceeds 100,000 units
 * (e.g. one of our own votes exported in yuan: 1000万元 among 150 deputies) gets the scaled step
 * of `fenIncrement` instead, so a completion cannot run for hundreds of thousands of rounds; the
 * step used is in every MES outcome (`increment`) and its explanation. See decision 041.
 */
export function unitIncrement(budget: bigint, voters: number): bigint {
  if (voters <= 0 || budget / BigInt(voters) <= 100_000n) return 1n
  return fenIncrement(budget, voters)
}
