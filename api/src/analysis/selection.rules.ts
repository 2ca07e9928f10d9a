/**
 * Selection rules for approval ballots: greedy, greedy with a vote threshold, the Method of Equal
 * Shares (MES, cost utilities) and its add1 completions. Pure functions, exact arithmetic.
 *
 * Definitions follow shared/data/pabulib/README.md and pabutools 1.2.3 (see docs/analysis-rules.md).
 *
 * Tie-breaking everywhere: among tied projects the smallest project id compared as a string wins
 * (pabutools' lexicographic default, so "11" beats "2"). Strings are compared by code point, as
 * Python does.
 *
 * Instances are treated as immutable values: the first rule call indexes an instance (ballots
 * grouped, supporters listed) and caches that index by object identity.
 */

import {
  type Rational,
  type RationalLike,
  add,
  fromFraction,
  fromInt,
  toBigInt,
  toRational,
} from './rational.js'

export interface Project {
  readonly id: string
  /** Non-negative integer amount of money. */
  readonly cost: bigint | number
  readonly name?: string
}

/** An approval ballot: the ids of the approved projects (a repeated id counts once). */
export type Ballot = readonly string[]

export interface Instance {
  readonly projects: readonly Project[]
  /** Non-negative integer amount of money. */
  readonly budget: bigint | number
  readonly voters: readonly Ballot[]
}

export interface Selection {
  /** Project ids in the order the rule selected them. */
  readonly selected: readonly string[]
  readonly totalCost: bigint
}

export interface MesSelection extends Selection {
  /** The budget each voter started with in the run that produced this outcome. */
  readonly perVoterBudget: Rational
}

/**
 * Why a completion loop stopped: its outcome is exhaustive, the next increment would have
 * overspent the budget, or (all projects fitting the budget) pabutools' bound B·(n+1) was reached.
 */
export type CompletionStop = 'exhaustive' | 'next_step_over_budget' | 'budget_bound'

export interface MesCompletion extends MesSelection {
  /** k in perVoterBudget = B/n + k. */
  readonly increments: bigint
  readonly stopReason: CompletionStop
}

export interface MesOptions {
  /** Initial budget of every voter; defaults to B/n. */
  readonly perVoterBudget?: RationalLike
}

export interface MesCompletionOptions {
  /**
   * The step by which every voter's budget is raised: 1 (add1, the default and pabutools'
   * voter_budget_increment) or a larger positive integer for money counted in small units
   * (fen): the loop then tries B/n, B/n + step, B/n + 2·step, … and `increments` counts steps.
   */
  readonly increment?: bigint | number
}

// ---------------------------------------------------------------------------------------------
// Indexing an instance

interface IndexedInstance {
  readonly ids: readonly string[]
  readonly costs: readonly bigint[]
  readonly budget: bigint
  readonly voterCount: number
  /** Number of voters approving each project. */
  readonly approvals: Int32Array
  /** Rank of each project in id order: the tie-break (smaller wins). */
  readonly tieRank: Int32Array
  /** Projects in id order. */
  readonly tieOrder: Int32Array
  /** Projects by decreasing approvals, ties by id: the greedy scan order. */
  readonly greedyOrder: Int32Array
  /** Identical ballots merged into groups: multiplicity of each group. */
  readonly groupWeight: Int32Array
  /** Project → supporting groups (CSR: supporterGroups[supporterStart[p] .. supporterStart[p+1])). */
  readonly supporterStart: Int32Array
  readonly supporterGroups: Int32Array
  /** overlaps[p * P + x] = 1 when some ballot approves both p and x. */
  readonly overlaps: Uint8Array
  /** Per group, how many approved projects cost something (MES candidates). */
  readonly groupCandidates: Int32Array
}

const indexCache = new WeakMap<Instance, IndexedInstance>()

/** Python orders strings by code point; JS `<` by UTF-16 unit, which differs above U+FFFF. */
export function compareProjectIds(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!
    const y = b.codePointAt(i)!
    if (x !== y) return x - y
    if (x > 0xffff) i++
  }
  return a.length - b.length
}

/** Checks and indexes an instance (cached); throws RangeError on an invalid instance. */
function indexInstance(instance: Instance): IndexedInstance {
  const cached = indexCache.get(instance)
  if (cached) return cached

  const P = instance.projects.length
  const ids = instance.projects.map((p) => p.id)
  const position = new Map<string, number>()
  ids.forEach((id, i) => {
    if (position.has(id)) throw new RangeError(`duplicate project id ${id}`)
    position.set(id, i)
  })
  const costs = instance.projects.map((p) => {
    const cost = toBigInt(p.cost)
    if (cost < 0n) throw new RangeError(`project ${p.id} has a negative cost`)
    return cost
  })
  const budget = toBigInt(instance.budget)
  if (budget < 0n) throw new RangeError('the budget is negative')

  // Group identical ballots: the rules only see approval sets, and real elections repeat them.
  const groupOf = new Map<string, number>()
  const groupProjects: Int32Array[] = []
  const weights: number[] = []
  const sorted: number[] = []
  for (const ballot of instance.voters) {
    sorted.length = 0
    for (const id of ballot) {
      const p = position.get(id)
      if (p === undefined) throw new RangeError(`a ballot approves unknown project ${id}`)
      // Insertion into a short sorted list, dropping repeats: cheaper than a Set per voter.
      let i = sorted.length
      while (i > 0 && sorted[i - 1]! > p) i--
      if (i === 0 || sorted[i - 1] !== p) sorted.splice(i, 0, p)
    }
    const key = P <= 0xffff ? String.fromCharCode(...sorted) : sorted.join(',')
    const g = groupOf.get(key)
    if (g === undefined) {
      groupOf.set(key, groupProjects.length)
      groupProjects.push(Int32Array.from(sorted))
      weights.push(1)
    } else {
      weights[g]!++
    }
  }
  const groupWeight = Int32Array.from(weights)

  const approvals = new Int32Array(P)
  const supporterStart = new Int32Array(P + 1)
  groupProjects.forEach((projects) => {
    for (const p of projects) supporterStart[p + 1]!++
  })
  for (let p = 0; p < P; p++) supporterStart[p + 1]! += supporterStart[p]!
  const supporterGroups = new Int32Array(supporterStart[P]!)
  const fill = supporterStart.slice(0, P)
  const overlaps = new Uint8Array(P * P)
  groupProjects.forEach((projects, g) => {
    for (const p of projects) {
      supporterGroups[fill[p]!++] = g
      approvals[p]! += groupWeight[g]!
      for (const x of projects) overlaps[p * P + x] = 1
    }
  })

  const byId = [...ids.keys()].sort((a, b) => compareProjectIds(ids[a]!, ids[b]!))
  const tieRank = new Int32Array(P)
  byId.forEach((p, rank) => (tieRank[p] = rank))
  // pabutools ranks by approvals·cost/cost, which is infinite for a supported free project: those
  // come first (they always fit, so this only changes the order, never the set).
  const isFreeSupported = (p: number): number => (costs[p] === 0n && approvals[p]! > 0 ? 1 : 0)
  const greedyOrder = Int32Array.from(ids.keys()).sort(
    (a, b) =>
      isFreeSupported(b) - isFreeSupported(a) ||
      approvals[b]! - approvals[a]! ||
      tieRank[a]! - tieRank[b]!,
  )

  const indexed: IndexedInstance = {
    ids,
    costs,
    budget,
    voterCount: instance.voters.length,
    approvals,
    tieRank,
    tieOrder: Int32Array.from(byId),
    greedyOrder,
    groupWeight,
    supporterStart,
    supporterGroups,
    overlaps,
    groupCandidates: Int32Array.from(
      groupProjects,
      (projects) => projects.filter((p) => costs[p]! > 0n).length,
    ),
  }
  indexCache.set(instance, indexed)
  return indexed
}

/** Optional: pays the indexing cost up front (rules index lazily and cache per instance). */
export function prepareInstance<T extends Instance>(instance: T): T {
  indexInstance(instance)
  return instance
}

/** Number of voters approving each project, by project id. */
export function countApprovals(instance: Instance): Map<string, number> {
  const ix = indexInstance(instance)
  return new Map(ix.ids.map((id, p) => [id, ix.approvals[p]!]))
}

function toSelection(ix: IndexedInstance, picked: readonly number[]): Selection {
  let totalCost = 0n
  for (const p of picked) totalCost += ix.costs[p]!
  return { selected: picked.map((p) => ix.ids[p]!), totalCost }
}

// ---------------------------------------------------------------------------------------------
// Greedy

/**
 * Scans projects by decreasing approvals (ties: smaller id first) after `initial`, adding each
 * eligible one that still fits. Zero-approval projects come last and are added if they fit, as in
 * pabutools' greedy_utilitarian_welfare with cost satisfaction; supported free projects first.
 */
function extendGreedily(
  ix: IndexedInstance,
  initial: readonly number[],
  eligible: (p: number) => boolean,
): number[] {
  const picked = [...initial]
  const taken = new Set(initial)
  let remaining = ix.budget
  for (const p of initial) remaining -= ix.costs[p]!
  for (const p of ix.greedyOrder) {
    if (taken.has(p) || !eligible(p)) continue
    const cost = ix.costs[p]!
    if (cost <= remaining) {
      picked.push(p)
      remaining -= cost
    }
  }
  return picked
}

/** Greedy by approvals: take projects by decreasing approvals, skip those that no longer fit. */
export function greedy(instance: Instance): Selection {
  const ix = indexInstance(instance)
  return toSelection(
    ix,
    extendGreedily(ix, [], () => true),
  )
}

/** Greedy restricted to projects approved by at least `minApprovals` voters (Warsaw's rule). */
export function greedyThreshold(instance: Instance, minApprovals: number | bigint): Selection {
  const ix = indexInstance(instance)
  const threshold = Number(minApprovals)
  return toSelection(
    ix,
    extendGreedily(ix, [], (p) => ix.approvals[p]! >= threshold),
  )
}

/**
 * Completes an outcome greedily: projects not yet selected, by decreasing approvals, are added
 * while they fit the leftover budget (the `*_u` variants). `addedByGreedy` lists the additions.
 */
export function withGreedyCompletion<S extends Selection>(
  instance: Instance,
  outcome: S,
): S & { readonly addedByGreedy: readonly string[] } {
  const ix = indexInstance(instance)
  const position = new Map(ix.ids.map((id, p) => [id, p]))
  const initial = outcome.selected.map((id) => {
    const p = position.get(id)
    if (p === undefined) throw new RangeError(`outcome selects unknown project ${id}`)
    return p
  })
  const picked = extendGreedily(ix, initial, () => true)
  const completed = toSelection(ix, picked)
  return { ...outcome, ...completed, addedByGreedy: completed.selected.slice(initial.length) }
}

// ---------------------------------------------------------------------------------------------
// Method of Equal Shares
//
// Each round funds the project with the smallest ρ such that its supporters can pay
// Σ min(b_i, ρ·cost) = cost; with cost utilities every supporter is asked the same amount
// q = ρ·cost, so ρ = q/cost. Ties in ρ go to the smaller id. The run stops when no project's
// supporters together still hold its cost. Supported zero-cost projects are selected up front and
// projects nobody approves are never candidates (pabutools does both).
//
// Speed (Warsaw: 61,668 voters, ~190 runs in the add1 loop) comes from four observations:
// 1. A voter who is never short pays exactly q_e for every funded project e she approves, so her
//    budget is b0 − Σ q_e over that history, and a voter who is short once is left with 0.
//    Voters with the same history share one budget: they are bucketed into *classes*, and funding
//    a project splits each class it touches into a child (budget − q) or nothing (spent).
//    Subtracting the same q keeps the children in their parents' order, so the budget-sorted
//    class list is maintained with one merge per round, never a sort.
// 2. Exact values share one growing denominator D (multiplied only by the reduced denominator of
//    each round's q), so they are bigint numerators without gcds. A sum of poor budgets is
//    N·b0 − Σ_e M_e·q_e, where M_e counts the poor voters whose history contains e: a few bigint
//    products per evaluated project instead of one per class.
// 3. Classes carry no bigint at all, only integer bounds L ≤ budget·2^s < L + E (s chosen so every
//    sum over voters stays below 2^51, hence exact in a double). Almost every comparison is decided
//    by the bounds; the rare undecided one is settled with exact values from the history.
// 4. ρ never decreases (budgets only shrink), so last round's value is a lower bound: projects are
//    examined in lower-bound order until the bound exceeds the best exact ρ found; projects that
//    share no voter with the funded one keep an exact ρ. Voters with no open candidate left leave
//    their class, which keeps the class list short.

const UNSET = -2
const SPENT = -1
/** Headroom for the integer bounds: sums over all voters stay below 2^51 (+ error terms). */
const KEY_BITS = 51

function bitLength(x: bigint): number {
  return x <= 0n ? 0 : x.toString(2).length
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b
}

function gcdSmall(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b
    a = b
    b = t
  }
  return a
}

/** Int32Array/Float64Array that doubles when full (class storage grows during a run). */
function growTo<T extends Int32Array | Float64Array>(array: T, needed: number, fillValue = 0): T {
  if (needed <= array.length) return array
  let length = array.length * 2
  while (length < needed) length *= 2
  const bigger = new (array.constructor as new (n: number) => T)(length)
  if (fillValue !== 0) bigger.fill(fillValue)
  bigger.set(array)
  return bigger
}

/** Reusable buffers for repeated MES runs on one instance (the add1 loops run hundreds). */
class EqualSharesEngine {
  private readonly ix: IndexedInstance
  private readonly P: number
  private readonly classOf: Int32Array
  /** Per group, approved candidates still open; a group with none left never pays again. */
  private readonly openProjects: Int32Array

  // Classes (class 0 = everybody's starting budget b0): bounds lo ≤ budget·2^s < lo + err, the
  // class it split from, the payment (epoch) that split it, and its live voter count.
  private classCount = 0
  private lo = new Float64Array(256)
  private err = new Float64Array(256)
  private parent = new Int32Array(256)
  private epoch = new Int32Array(256)
  private pop = new Int32Array(256)
  /** Per class scratch: supporters counted in one evaluation; child created in one funding. */
  private count = new Int32Array(256)
  private child = new Int32Array(256).fill(UNSET)
  /** Live classes by increasing budget: order[0 .. orderLength). */
  private order = new Int32Array(256)
  private orderLength = 0
  private spare = new Int32Array(256)
  private children = new Int32Array(256)
  private touched = new Int32Array(256)

  // Exact values over the common denominator D: b0 = b0Num/D, payment e = payNumAt[e]/D,
  // and factor[e] = D / D_e for numbers computed while the denominator was D_e.
  private den = 1n
  private b0Num = 0n
  private payNumAt: bigint[] = []
  private factor: bigint[] = []
  private shift = 0n
  private shiftUp = true

  // Candidate projects: cached ρ = rhoNum/rhoDen with integer key ⌊ρ·2^u⌋, and the payment
  // q = qNum·factor[qEpoch] / (qRich·D) it implies.
  private readonly alive: Uint8Array
  private readonly stale: Uint8Array
  private readonly rhoNum: bigint[]
  private readonly rhoDen: bigint[]
  private readonly rhoKey: Float64Array
  private readonly qNum: bigint[]
  private readonly qRich: Float64Array
  private readonly qEpoch: Int32Array
  private readonly costLo: Float64Array
  private readonly costHi: Float64Array
  private rhoShift = 0n
  private rhoShiftUp = true

  // Scratch for one ρ search: the poor classes met so far, and poor voters per payment epoch.
  private poorClass = new Int32Array(256)
  private poorCount = new Int32Array(256)
  private historyCount = new Float64Array(64)

  constructor(ix: IndexedInstance) {
    this.ix = ix
    this.P = ix.ids.length
    this.classOf = new Int32Array(ix.groupWeight.length)
    this.openProjects = new Int32Array(ix.groupWeight.length)
    this.alive = new Uint8Array(this.P)
    this.stale = new Uint8Array(this.P)
    this.rhoNum = new Array<bigint>(this.P).fill(0n)
    this.rhoDen = new Array<bigint>(this.P).fill(1n)
    this.rhoKey = new Float64Array(this.P)
    this.qNum = new Array<bigint>(this.P).fill(0n)
    this.qRich = new Float64Array(this.P)
    this.qEpoch = new Int32Array(this.P)
    this.costLo = new Float64Array(this.P)
    this.costHi = new Float64Array(this.P)
  }

  /** Runs MES with every voter starting at `b0`; returns project indices in selection order. */
  run(b0: Rational): number[] {
    const { ix, P } = this
    const picked: number[] = []
    const candidates: number[] = []
    for (const p of ix.tieOrder) {
      if (ix.approvals[p] === 0) continue
      if (ix.costs[p] === 0n) picked.push(p)
      else candidates.push(p)
    }
    if (b0.num <= 0n || candidates.length === 0) return picked

    this.reset(b0, candidates)
    const alive = candidates.filter((p) => this.alive[p])
    while (alive.length > 0) {
      const best = this.findBest(alive)
      if (best < 0) break
      picked.push(best)
      alive.splice(alive.indexOf(best), 1)
      this.alive[best] = 0
      this.fund(best)
      for (const x of alive) if (ix.overlaps[best * P + x]) this.stale[x] = 1
    }
    return picked
  }

  private reset(b0: Rational, candidates: readonly number[]): void {
    const { ix } = this
    const n = BigInt(ix.voterCount)
    // Bounds are ⌊x·2^s⌋ with n·b0·2^s < 2^KEY_BITS.
    const s = KEY_BITS - bitLength(ceilDiv(b0.num * n, b0.den))
    this.shift = BigInt(Math.abs(s))
    this.shiftUp = s >= 0
    this.den = b0.den
    this.b0Num = b0.num
    this.payNumAt = [0n]
    this.factor = [1n]
    const root = this.scaleDown(b0.num, b0.den)
    this.classCount = 1
    this.lo[0] = root.lo
    this.err[0] = 1 // a floor is below the value by less than 1
    this.parent[0] = -1
    this.epoch[0] = 0
    this.pop[0] = ix.voterCount
    this.order[0] = 0
    this.orderLength = 1
    this.classOf.fill(0)
    this.openProjects.set(ix.groupCandidates)

    // ρ = q/c ≤ b0/c_min bounds the ρ keys the same way.
    let minCost = -1n
    for (const p of candidates) if (minCost < 0n || ix.costs[p]! < minCost) minCost = ix.costs[p]!
    const u = KEY_BITS - bitLength(ceilDiv(b0.num, b0.den * minCost))
    this.rhoShift = BigInt(Math.abs(u))
    this.rhoShiftUp = u >= 0

    // Round one in closed form: everybody holds b0, so q = c/K and ρ = 1/K for K supporters.
    for (const p of candidates) {
      const cost = ix.costs[p]!
      const supporters = ix.approvals[p]!
      const affordable = cost * b0.den <= BigInt(supporters) * b0.num
      this.alive[p] = affordable ? 1 : 0
      this.stale[p] = 0
      if (!affordable) {
        this.closeProject(p)
        continue
      }
      this.setRho(p, cost, cost * this.den, supporters)
      const scaled = this.scaleDown(cost, 1n)
      this.costLo[p] = scaled.lo
      this.costHi[p] = scaled.hi
    }
  }

  /** ⌊x/d·2^s⌋ and ⌈x/d·2^s⌉ as exact integer doubles. */
  private scaleDown(x: bigint, d: bigint): { lo: number; hi: number } {
    const n = this.shiftUp ? x << this.shift : x
    const m = this.shiftUp ? d : d << this.shift
    const lo = n / m
    return { lo: Number(lo), hi: Number(lo * m === n ? lo : lo + 1n) }
  }

  /** Stores ρ = numer/(rich·D·c) together with its payment q = numer/(rich·D). */
  private setRho(p: number, cost: bigint, numer: bigint, rich: number): void {
    const den = BigInt(rich) * this.den * cost
    this.rhoNum[p] = numer
    this.rhoDen[p] = den
    this.rhoKey[p] = Number(
      this.rhoShiftUp ? (numer << this.rhoShift) / den : numer / (den << this.rhoShift),
    )
    this.qNum[p] = numer
    this.qRich[p] = rich
    this.qEpoch[p] = this.factor.length - 1
  }

  /** Orders by (ρ, id): negative when project a comes first. */
  private compareRho(a: number, b: number): number {
    const ka = this.rhoKey[a]!
    const kb = this.rhoKey[b]!
    if (ka !== kb) return ka - kb
    const l = this.rhoNum[a]! * this.rhoDen[b]!
    const r = this.rhoNum[b]! * this.rhoDen[a]!
    if (l !== r) return l < r ? -1 : 1
    return this.ix.tieRank[a]! - this.ix.tieRank[b]!
  }

  /** The project with the smallest (ρ, id), or −1 when none is affordable; drops unaffordable ones. */
  private findBest(alive: number[]): number {
    alive.sort((a, b) => this.compareRho(a, b))
    let best = -1
    for (let i = 0; i < alive.length; i++) {
      const p = alive[i]!
      // Cached ρ are lower bounds: once one exceeds the best exact ρ, so do all later ones.
      if (best >= 0 && this.compareRho(best, p) < 0) break
      if (this.stale[p]) {
        if (!this.evaluate(p)) {
          this.alive[p] = 0
          this.closeProject(p)
          alive.splice(i--, 1)
          continue
        }
        this.stale[p] = 0
      }
      if (best < 0 || this.compareRho(p, best) < 0) best = p
    }
    return best
  }

  /**
   * Marks p as no longer a candidate. Voters left without any open candidate can never pay again,
   * so they leave their class: fewer live classes means shorter scans and merges.
   */
  private closeProject(p: number): void {
    const { classOf, openProjects, pop } = this
    const groups = this.ix.supporterGroups
    for (let i = this.ix.supporterStart[p]!, end = this.ix.supporterStart[p + 1]!; i < end; i++) {
      const g = groups[i]!
      const a = classOf[g]!
      if (a >= 0 && --openProjects[g]! === 0) {
        pop[a]! -= this.ix.groupWeight[g]!
        classOf[g] = SPENT
      }
    }
  }

  /** Exact budget of class a over D: b0 minus the payments in its history. */
  private valueOf(a: number): bigint {
    let value = this.b0Num
    for (let x = a; x > 0; x = this.parent[x]!) value -= this.payNumAt[this.epoch[x]!]!
    return value
  }

  /**
   * Exact Σ budget over the first `poorLength` poor classes, over D: N·b0 − Σ_e M_e·q_e, where
   * M_e counts the poor voters whose history contains payment e.
   */
  private sumPoor(poorLength: number): bigint {
    const { parent, epoch, poorClass, poorCount } = this
    const history = this.historyCount
    const epochs = this.factor.length
    history.fill(0, 0, epochs)
    let voters = 0
    for (let i = 0; i < poorLength; i++) {
      const m = poorCount[i]!
      voters += m
      for (let x = poorClass[i]!; x > 0; x = parent[x]!) history[epoch[x]!]! += m
    }
    let sum = this.b0Num * BigInt(voters)
    for (let e = 1; e < epochs; e++)
      if (history[e] !== 0) sum -= this.payNumAt[e]! * BigInt(history[e]!)
    return sum
  }

  /**
   * Recomputes ρ of project p from its supporters' current budgets; false when they can no
   * longer pay its cost. Walks the supporters' classes from the poorest: with S paid in full by
   * the poor and R rich supporters left, q = (c − S)/R is the answer once q ≤ the next budget.
   */
  private evaluate(p: number): boolean {
    const { classOf, count, lo, err, order, touched, poorClass, poorCount } = this
    const groups = this.ix.supporterGroups
    const weight = this.ix.groupWeight
    const start = this.ix.supporterStart[p]!
    const end = this.ix.supporterStart[p + 1]!
    let supporters = 0
    let touchedLength = 0
    for (let i = start; i < end; i++) {
      const g = groups[i]!
      const a = classOf[g]!
      if (a < 0) continue
      if (count[a] === 0) touched[touchedLength++] = a
      count[a]! += weight[g]!
      supporters += weight[g]!
    }
    const cost = this.ix.costs[p]!
    const cLo = this.costLo[p]!
    const cHi = this.costHi[p]!
    // Σ budget·2^s < Σ (lo + err)·count: when that is ≤ c·2^s the cost is certainly out of reach,
    // and the walk (which would visit every supporter's class) can be skipped.
    let upperTotal = 0
    for (let i = 0; i < touchedLength; i++) {
      const a = touched[i]!
      upperTotal += (lo[a]! + err[a]!) * count[a]!
    }
    let affordable = false
    let rich = upperTotal <= cLo ? 0 : supporters
    // Poor classes so far: their exact Σ budget·2^s lies in [poorLo, poorLo + poorErr).
    let poorLo = 0
    let poorErr = 0
    let poorLength = 0
    for (let i = 0; i < this.orderLength && rich > 0; i++) {
      const a = order[i]!
      const m = count[a]!
      if (m === 0) continue
      const l = lo[a]!
      // Does q = (c − S)/rich fit within this class's budget b, i.e. c − S − rich·b ≤ 0?
      // That quantity (·2^s) is ≤ cHi − poorLo − rich·l and > cLo − poorLo − poorErr − rich·(l + err).
      let fits: boolean
      if (cHi - poorLo <= rich * l) fits = true
      else if (cLo - poorLo - poorErr - rich * (l + err[a]!) >= 0) fits = false
      else fits = cost * this.den - this.sumPoor(poorLength) <= BigInt(rich) * this.valueOf(a)
      if (fits) {
        this.setRho(p, cost, cost * this.den - this.sumPoor(poorLength), rich)
        affordable = true
        break
      }
      poorClass[poorLength] = a
      poorCount[poorLength++] = m
      poorLo += l * m
      poorErr += err[a]! * m
      rich -= m
    }
    for (let i = 0; i < touchedLength; i++) count[touched[i]!] = 0
    return affordable
  }

  /** Charges the supporters of p (each pays min(b, q)) and rebuilds the class order. */
  private fund(p: number): void {
    const rich = this.qRich[p]!
    const numer = this.qNum[p]! * this.factor[this.qEpoch[p]!]!
    // q = numer/(rich·D); reduce by gcd(numer, rich) so D grows as little as possible.
    const g = gcdSmall(Number(numer % BigInt(rich)), rich)
    const grow = BigInt(rich / g)
    const q = numer / BigInt(g)
    if (grow !== 1n) {
      this.den *= grow
      this.b0Num *= grow
      for (let e = 0; e < this.factor.length; e++) {
        this.factor[e]! *= grow
        this.payNumAt[e]! *= grow
      }
    }
    const newEpoch = this.factor.length
    this.factor.push(1n)
    this.payNumAt.push(q)
    this.historyCount = growTo(this.historyCount, newEpoch + 1)
    const { lo: qLo, hi: qHi } = this.scaleDown(q, this.den)

    // Every touched class gets at most one child; make room before the loop.
    const touchedMax = this.orderLength
    this.reserveClasses(this.classCount + touchedMax)
    const { classOf, child, pop, openProjects } = this
    const groups = this.ix.supporterGroups
    const weight = this.ix.groupWeight
    const touched = this.touched
    let touchedLength = 0
    for (let i = this.ix.supporterStart[p]!, end = this.ix.supporterStart[p + 1]!; i < end; i++) {
      const grp = groups[i]!
      const a = classOf[grp]!
      if (a < 0) continue
      let c = child[a]!
      if (c === UNSET) {
        c = this.splitClass(a, newEpoch, q, qLo, qHi)
        child[a] = c
        touched[touchedLength++] = a
      }
      pop[a]! -= weight[grp]!
      // p is funded: voters with no other open candidate are done paying.
      const done = --openProjects[grp]! === 0
      classOf[grp] = done ? SPENT : c
      if (c >= 0 && !done) pop[c]! += weight[grp]!
    }

    // Children keep their parents' order (same q subtracted): merge them with the survivors.
    const { order, spare, children } = this
    let childCount = 0
    let survivorCount = 0
    for (let i = 0; i < this.orderLength; i++) {
      const a = order[i]!
      const c = child[a]!
      if (c >= 0 && pop[c]! > 0) children[childCount++] = c
      if (pop[a]! > 0) order[survivorCount++] = a // in place: never overtakes i
    }
    for (let i = 0; i < touchedLength; i++) child[touched[i]!] = UNSET
    this.orderLength = this.mergeClasses(order, survivorCount, children, childCount, spare)
    this.order = spare
    this.spare = order
  }

  /** Room for `needed` classes in every per-class array. */
  private reserveClasses(needed: number): void {
    if (needed <= this.lo.length) return
    this.lo = growTo(this.lo, needed)
    this.err = growTo(this.err, needed)
    this.parent = growTo(this.parent, needed)
    this.epoch = growTo(this.epoch, needed)
    this.pop = growTo(this.pop, needed)
    this.count = growTo(this.count, needed)
    this.child = growTo(this.child, needed, UNSET)
    this.order = growTo(this.order, needed)
    this.spare = growTo(this.spare, needed)
    this.children = growTo(this.children, needed)
    this.touched = growTo(this.touched, needed)
    this.poorClass = growTo(this.poorClass, needed)
    this.poorCount = growTo(this.poorCount, needed)
  }

  /** The class a's payers move to: SPENT when their budget b ≤ q, else a new class b − q. */
  private splitClass(a: number, epoch: number, q: bigint, qLo: number, qHi: number): number {
    const l = this.lo[a]!
    const e = this.err[a]!
    const richer = l > qHi ? true : l + e <= qLo ? false : this.valueOf(a) > q
    if (!richer) return SPENT
    const id = this.classCount++
    // (b − q)·2^s lies in [l − qHi, l + e − qLo), an interval of width e + (qHi − qLo).
    this.lo[id] = l - qHi
    this.err[id] = e + (qHi - qLo)
    this.parent[id] = a
    this.epoch[id] = epoch
    this.pop[id] = 0
    return id
  }

  /** Merges two budget-sorted class lists into `out`; bounds decide unless they overlap. */
  private mergeClasses(
    x: Int32Array,
    xLength: number,
    y: Int32Array,
    yLength: number,
    out: Int32Array,
  ): number {
    const { lo, err } = this
    let i = 0
    let j = 0
    let k = 0
    while (i < xLength && j < yLength) {
      const a = x[i]!
      const b = y[j]!
      const aFirst =
        lo[a]! + err[a]! <= lo[b]!
          ? true
          : lo[b]! + err[b]! <= lo[a]!
            ? false
            : this.valueOf(a) <= this.valueOf(b)
      out[k++] = aFirst ? (i++, a) : (j++, b)
    }
    while (i < xLength) out[k++] = x[i++]!
    while (j < yLength) out[k++] = y[j++]!
    return k
  }
}

/** B/n, or 0 without voters (then nothing is supported and MES selects nothing). */
function splitBudgetEqually(ix: IndexedInstance): Rational {
  return ix.voterCount === 0 ? fromInt(0) : fromFraction(ix.budget, ix.voterCount)
}

/** Method of Equal Shares with cost utilities. */
export function mes(instance: Instance, options: MesOptions = {}): MesSelection {
  const ix = indexInstance(instance)
  const perVoterBudget =
    options.perVoterBudget === undefined
      ? splitBudgetEqually(ix)
      : toRational(options.perVoterBudget)
  const picked = new EqualSharesEngine(ix).run(perVoterBudget)
  return { ...toSelection(ix, picked), perVoterBudget }
}

/** True when no unselected, supported, positive-cost project fits the leftover budget. */
function isExhaustive(ix: IndexedInstance, picked: readonly number[], totalCost: bigint): boolean {
  const taken = new Set(picked)
  const left = ix.budget - totalCost
  for (let p = 0; p < ix.ids.length; p++) {
    if (taken.has(p) || ix.approvals[p] === 0 || ix.costs[p] === 0n) continue
    if (ix.costs[p]! <= left) return false
  }
  return true
}

/**
 * Runs MES with per-voter budgets B/n, B/n + 1, B/n + 2, … and keeps the last outcome within
 * the budget B. With `exhaustiveStop`, the first exhaustive outcome ends the loop (pabutools'
 * voter_budget_increment=1); without, only overspending does (exhaustion_by_budget_increase with
 * exhaustive_stop=False and budget_step = n).
 */
function completeByIncrements(
  instance: Instance,
  exhaustiveStop: boolean,
  options: MesCompletionOptions = {},
): MesCompletion {
  const both = completions(instance, options, exhaustiveStop ? 'add1' : 'full')
  return exhaustiveStop ? both.add1! : both.full!
}

/**
 * The add1 loop; `want` says which outcome(s) to return. Both completions walk the same sequence
 * of per-voter budgets and the exhaustive stop never comes later than the overspending one, so
 * 'both' picks mesAdd1's outcome up on the way to mesAdd1Full's, for the price of one loop.
 */
function completions(
  instance: Instance,
  options: MesCompletionOptions,
  want: 'add1' | 'full' | 'both',
): { add1?: MesCompletion; full?: MesCompletion } {
  const ix = indexInstance(instance)
  const step = toBigInt(options.increment ?? 1n)
  if (step < 1n) throw new RangeError(`increment must be a positive integer, got ${step}`)
  const engine = new EqualSharesEngine(ix)
  const base = splitBudgetEqually(ix)
  const runAt = (k: bigint): MesCompletion & { picked: number[] } => {
    const perVoterBudget = add(base, fromInt(k * step))
    const picked = engine.run(perVoterBudget)
    return {
      ...toSelection(ix, picked),
      perVoterBudget,
      increments: k,
      stopReason: 'exhaustive',
      picked,
    }
  }
  const strip = ({ picked: _, ...outcome }: MesCompletion & { picked: number[] }): MesCompletion =>
    outcome

  // Without voters nothing is supported: the first outcome (free projects only) is final.
  if (ix.voterCount === 0) {
    const only = strip(runAt(0n))
    return { add1: only, full: only }
  }
  let full: MesCompletion | undefined
  if (want !== 'add1') {
    // If every supported project fits in B, no increment ever overspends and pabutools runs up
    // to its bound B·(n+1), i.e. k = B, where every supporter alone can pay any project.
    let all = 0n
    for (let p = 0; p < ix.ids.length; p++) if (ix.approvals[p]! > 0) all += ix.costs[p]!
    const bound = (ix.budget + step - 1n) / step // first step at or above B
    if (all <= ix.budget) {
      full = { ...strip(runAt(bound)), stopReason: 'budget_bound' }
      if (want === 'full') return { full }
    }
  }

  let add1: MesCompletion | undefined
  const done = () =>
    want === 'add1' ? add1 !== undefined : add1 !== undefined && full !== undefined
  let previous = runAt(0n)
  for (let k = 0n; ; k++) {
    const outcome = k === 0n ? previous : runAt(k)
    if (outcome.totalCost > ix.budget) {
      const last: MesCompletion = { ...strip(previous), stopReason: 'next_step_over_budget' }
      add1 ??= last
      full ??= last
      return { add1, full }
    }
    if (add1 === undefined && isExhaustive(ix, outcome.picked, outcome.totalCost))
      add1 = strip(outcome)
    if (done()) return { add1, full }
    // pabutools' bound k ≤ B; by then every supported project is affordable, so this is a guard.
    if (k * step >= ix.budget) {
      const last: MesCompletion = { ...strip(outcome), stopReason: 'budget_bound' }
      add1 ??= last
      full ??= last
      return { add1, full }
    }
    previous = outcome
  }
}

/**
 * mesAdd1 and mesAdd1Full together, in one loop (the what-if comparison shows both): the same
 * outcomes as the two calls, in about half the time.
 */
export function mesAdd1Both(
  instance: Instance,
  options: MesCompletionOptions = {},
): { readonly add1: MesCompletion; readonly full: MesCompletion } {
  const { add1, full } = completions(instance, options, 'both')
  return { add1: add1!, full: full! }
}

/** MES with add1 completion, pabutools' default: stop at the first exhaustive outcome. */
export function mesAdd1(instance: Instance, options: MesCompletionOptions = {}): MesCompletion {
  return completeByIncrements(instance, true, options)
}

/** MES with add1 completion until the next increment would overspend (pabulib checker reading). */
export function mesAdd1Full(instance: Instance, options: MesCompletionOptions = {}): MesCompletion {
  return completeByIncrements(instance, false, options)
}

/** `mes_add1u`: mesAdd1, then greedy completion of the leftover budget. */
export function mesAdd1U(
  instance: Instance,
  options: MesCompletionOptions = {},
): MesCompletion & { readonly addedByGreedy: readonly string[] } {
  return withGreedyCompletion(instance, mesAdd1(instance, options))
}

/** `mes_add1_full_u`: mesAdd1Full, then greedy completion of the leftover budget. */
export function mesAdd1FullU(
  instance: Instance,
  options: MesCompletionOptions = {},
): MesCompletion & { readonly addedByGreedy: readonly string[] } {
  return withGreedyCompletion(instance, mesAdd1Full(instance, options))
}
