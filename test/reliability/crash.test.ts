/**
 * Crash durability (issue #9; DESIGN.md §4 "nothing acknowledged is lost"): the real server
 * process on the embedded default and on PostgreSQL, a storm of ballots from the demo deputies,
 * SIGKILL mid-storm, restart — CRASH_ROUNDS times (CI: 3; `pnpm test:reliability`: 10). Then every
 * ballot that got 201 is recorded, no deputy who never sent one is, and after close the tally
 * counts exactly the participants.
 *
 * Budget (issue #5, DESIGN.md §4): on the same server, the finance officer posts a burst of
 * disbursements (拨付) concurrently against several of the demo city's approved budget lines,
 * SIGKILL mid-burst, restart — CRASH_ROUNDS times. Then every payment that got 201 is in the
 * ledger exactly once with its exact amount; an unacknowledged one is there at most once, exactly
 * as sent; nothing that was on the books before moved; each line's disbursed total, remaining
 * balance and execution rate equal the sum of its surviving rows (summed here, not taken from the
 * API); and every surviving entry has exactly one audit row in an intact hash chain. Each payment
 * carries an Idempotency-Key (decision 046); after the rounds every one left unanswered is sent
 * again with its key, as the console does: then every payment sent is in the ledger exactly once.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, freePort, freshBackend, ServerProcess, type Backend } from './server-process.js'

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 3)
const PER_ROUND = 12
/** Disbursements posted at once per round, spread over the target lines. */
const PER_ROUND_PAY = 16
const MAX_PAY_FEN = 10_973
const PASSWORD = 'Demo@2026'
const backends: ('pglite' | 'postgres')[] = process.env.DATABASE_URL ? ['postgres'] : ['pglite']
const cleanup: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const c of cleanup.reverse()) await c()
})

async function openDemoVote(base: string) {
  const staff = (
    await api(base, 'POST', '/api/auth/login', undefined, { username: 'staff', password: PASSWORD })
  ).body.token as string
  const me = await api(base, 'GET', '/api/me', staff)
  const cityId = me.body.grants[0].jurisdictionId as string
  const cycles = await api(base, 'GET', `/api/jurisdictions/${cityId}/cycles`, staff)
  const items = (cycles.body.items ?? cycles.body) as { id: string; phase: string }[]
  const cycle = items.find((c) => c.phase === 'screening' || c.phase === 'candidates_locked')
  if (!cycle)
    throw new Error(`no demo cycle to vote on: ${JSON.stringify(cycles.body).slice(0, 300)}`)
  if (cycle.phase === 'screening') {
    const lock = await api(base, 'POST', `/api/cycles/${cycle.id}/candidates/lock`, staff)
    if (lock.status !== 200) throw new Error(`lock: ${lock.status} ${JSON.stringify(lock.body)}`)
  }
  const vote = await api(base, 'POST', `/api/cycles/${cycle.id}/votes`, staff, {
    kind: 'selection',
  })
  if (vote.status !== 201)
    throw new Error(`create vote: ${vote.status} ${JSON.stringify(vote.body)}`)
  const vid = vote.body.id as string
  const deputies = (await api(base, 'GET', `/api/jurisdictions/${cityId}/deputies`, staff)).body
    .items as { id: string }[]
  await api(base, 'PUT', `/api/votes/${vid}/roster`, staff, {
    deputyIds: deputies.map((d) => d.id),
  })
  for (const d of deputies)
    await api(base, 'POST', `/api/votes/${vid}/check-ins`, staff, { deputyId: d.id })
  const open = await api(base, 'POST', `/api/votes/${vid}/open`, staff)
  if (open.status !== 200) throw new Error(`open: ${open.status} ${JSON.stringify(open.body)}`)
  return { staff, vid }
}

/** A POST with an Idempotency-Key; says whether the answer was a replay of an earlier one. */
async function keyedPost(base: string, p: string, token: string, body: unknown, key: string) {
  const res = await fetch(base + p, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  let parsed: any = text
  try {
    parsed = JSON.parse(text)
  } catch {
    /* keep text */
  }
  return {
    status: res.status,
    body: parsed,
    replayed: res.headers.get('idempotent-replayed') === 'true',
  }
}

async function login(base: string, username: string): Promise<string> {
  const r = await api(base, 'POST', '/api/auth/login', undefined, { username, password: PASSWORD })
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body.token as string
}

interface Line {
  id: string
  projectId: string
  status: string
  fiscalYear: number
  amountFen: number
  disbursedFen: number
  remainingFen: number
  rateBp: number | null
  rate: string | null
}
interface Entry {
  id: string
  seq: number
  lineId: string
  projectId: string
  kind: 'payment' | 'reversal'
  date: string
  amountFen: number
  voucherNo: string | null
  payee: string | null
  balanceAfterFen: number
}

/** The demo city's cycle that has approved budget lines (the one whose selection is published). */
async function demoBudget(base: string, finance: string) {
  const me = await api(base, 'GET', '/api/me', finance)
  const cityId = me.body.grants[0].jurisdictionId as string
  const cycles = await api(base, 'GET', `/api/jurisdictions/${cityId}/cycles`, finance)
  for (const c of (cycles.body.items ?? cycles.body) as { id: string }[]) {
    const r = await api(base, 'GET', `/api/cycles/${c.id}/budget-lines`, finance)
    const lines = (r.body?.items ?? []) as Line[]
    if (lines.some((l) => l.status === 'approved')) return { cityId, cycleId: c.id, lines }
  }
  throw new Error('the demo has no approved budget line')
}

/** Every line's ledger (oldest first) with the line's figures as the API shows them. */
async function ledgers(base: string, token: string, lines: Line[]) {
  const out = new Map<string, { line: Line; items: Entry[] }>()
  for (const l of lines) {
    const r = await api(base, 'GET', `/api/budget-lines/${l.id}/disbursements`, token)
    if (r.status !== 200) throw new Error(`ledger of ${l.id}: ${r.status}`)
    out.set(l.id, r.body)
  }
  return out
}

/** Execution rate in basis points, rounded down, and its "45.67" form — computed here. */
function rateOf(disbursed: number, budgeted: number) {
  if (budgeted <= 0) return { rateBp: null, rate: null }
  const bp = Number((BigInt(disbursed) * 10000n) / BigInt(budgeted))
  return { rateBp: bp, rate: `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, '0')}` }
}

/** Sends SIGKILL once the first request was acknowledged (others still in flight), restarts. */
async function crashMidBurst(server: ServerProcess, acked: Promise<void>, work: Promise<void>[]) {
  await Promise.race([acked, new Promise((r) => setTimeout(r, 5000))])
  await new Promise((r) => setTimeout(r, Math.random() * 15))
  await server.kill('SIGKILL')
  await Promise.allSettled(work)
  await server.start(300_000)
}

describe.each(backends)('crash durability on %s', (kind) => {
  // One seeded server per backend for both workloads (seeding the demo is the slow part).
  let server: ServerProcess
  beforeAll(async () => {
    const backend: Backend = await freshBackend(kind)
    cleanup.push(() => backend.drop())
    server = new ServerProcess(await freePort(), { ...backend.env, SEED: 'demo' })
    cleanup.push(() => server.kill())
    // The first start seeds the whole demo: give it time when other suites share the cores.
    await server.start(480_000)
  })

  it(`keeps every acknowledged ballot through ${ROUNDS} SIGKILLs mid-storm`, async () => {
    const { staff, vid } = await openDemoVote(server.url)

    const ballotForm = (
      await api(server.url, 'POST', '/api/auth/login', undefined, {
        username: 'deputy001',
        password: PASSWORD,
      })
    ).body.token as string
    const form = await api(server.url, 'GET', `/api/votes/${vid}/ballot`, ballotForm)
    const candidates = form.body.candidates as { id: string }[]
    const maxApprovals = form.body.maxApprovals as number

    const tokens: string[] = []
    for (let i = 1; i <= ROUNDS * PER_ROUND; i++) {
      const r = await api(server.url, 'POST', '/api/auth/login', undefined, {
        username: `deputy${String(i).padStart(3, '0')}`,
        password: PASSWORD,
      })
      tokens.push(r.body.token)
    }
    const acknowledged = new Set<number>()
    const attempted = new Set<number>()
    for (let round = 0; round < ROUNDS; round++) {
      const batch = tokens
        .slice(round * PER_ROUND, (round + 1) * PER_ROUND)
        .map((token, j) => ({ token, i: round * PER_ROUND + j }))
      let firstAck: () => void = () => {}
      const acked = new Promise<void>((r) => (firstAck = r))
      const casts = batch.map(async ({ token, i }) => {
        attempted.add(i)
        const choices = Object.fromEntries(
          candidates.map((c, k) => [
            c.id,
            k < maxApprovals && (k + i) % 3 !== 0 ? 'for' : k % 2 ? 'against' : 'abstain',
          ]),
        )
        try {
          const r = await api(server.url, 'POST', `/api/votes/${vid}/ballots`, token, { choices })
          if (r.status === 201) {
            acknowledged.add(i)
            firstAck()
          }
        } catch {
          /* connection cut by the kill: not acknowledged */
        }
      })
      // Kill mid-storm: once at least one ballot is acknowledged, with others still in flight.
      await crashMidBurst(server, acked, casts)
    }

    // Every acknowledged ballot survived; deputies who never sent one did not vote.
    for (let i = 0; i < tokens.length; i++) {
      const b = await api(server.url, 'GET', `/api/votes/${vid}/ballot`, tokens[i])
      expect(b.status).toBe(200)
      if (acknowledged.has(i)) expect([i, b.body.hasVoted]).toEqual([i, true])
      if (!attempted.has(i)) expect([i, b.body.hasVoted]).toEqual([i, false])
    }
    expect(acknowledged.size).toBeGreaterThan(0)
    const turnout = (await api(server.url, 'GET', `/api/votes/${vid}/turnout`, staff)).body as {
      voted: number
    }
    expect(turnout.voted).toBeGreaterThanOrEqual(acknowledged.size)
    expect(turnout.voted).toBeLessThanOrEqual(attempted.size)
    // After close, the tally counts exactly the participants: ballots = participations.
    expect((await api(server.url, 'POST', `/api/votes/${vid}/close`, staff)).status).toBe(200)
    const result = await api(server.url, 'GET', `/api/votes/${vid}/result`, staff)
    expect(result.status).toBe(200)
    const row = result.body.rows[0] as { for: number; against: number; abstain: number }
    expect(row.for + row.against + row.abstain + (result.body.invalid ?? 0)).toBe(turnout.voted)
    console.log(
      `crash on ${kind}: ${ROUNDS} SIGKILLs, ${attempted.size} sent, ${acknowledged.size} acknowledged, ${turnout.voted} recorded`,
    )
  }, 900_000)

  it(`keeps every acknowledged disbursement through ${ROUNDS} SIGKILLs mid-burst`, async () => {
    const base = server.url
    const finance = await login(base, 'finance')
    const staff = await login(base, 'staff')
    const startedAt = Date.now()
    const { cityId, cycleId, lines: all } = await demoBudget(base, finance)
    // The lines with most room left, enough for the whole burst: every refusal would be a bug,
    // not LINE_OVERDRAWN.
    const targets = all
      .filter((l) => l.status === 'approved')
      .sort((a, b) => b.remainingFen - a.remainingFen)
      .slice(0, 4)
    const perLine = Math.ceil((ROUNDS * PER_ROUND_PAY) / targets.length)
    expect(targets.at(-1)!.remainingFen).toBeGreaterThanOrEqual(perLine * MAX_PAY_FEN)
    const before = await ledgers(base, finance, all)

    const tag = `CRASH-${kind}-${startedAt.toString(36)}`
    const sent = new Map<
      string,
      { lineId: string; amountFen: number; date: string; key: string; body: unknown }
    >()
    const unanswered: string[] = []
    const acknowledged = new Map<string, { id: string; lineId: string; amountFen: number }>()
    const unexpected: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      let firstAck: () => void = () => {}
      const acked = new Promise<void>((r) => (firstAck = r))
      const posts = Array.from({ length: PER_ROUND_PAY }, async (_, j) => {
        const i = round * PER_ROUND_PAY + j
        const line = targets[i % targets.length]!
        // Odd amounts of fen, all different: a lost or rounded fen shows in the sums.
        const amountFen = MAX_PAY_FEN - ((i * 7_919) % 9_973)
        const voucherNo = `${tag}-${String(i).padStart(4, '0')}`
        const date = `${line.fiscalYear}-12-${String(1 + (i % 28)).padStart(2, '0')}`
        const body = {
          date,
          amountFen,
          voucherNo,
          payee: '示例市城建工程有限公司',
          note: `崩溃测试 第${round + 1}轮`,
        }
        const key = randomUUID()
        sent.set(voucherNo, { lineId: line.id, amountFen, date, key, body })
        try {
          const r = await keyedPost(
            base,
            `/api/budget-lines/${line.id}/disbursements`,
            finance,
            body,
            key,
          )
          if (
            r.status === 201 &&
            r.body.voucherNo === voucherNo &&
            r.body.amountFen === amountFen
          ) {
            acknowledged.set(voucherNo, { id: r.body.id, lineId: line.id, amountFen })
            firstAck()
          } else unexpected.push(`${voucherNo}: ${r.status} ${JSON.stringify(r.body)}`)
        } catch {
          // Connection cut by the kill: not acknowledged; sent again with its key below.
          unanswered.push(voucherNo)
        }
      })
      await crashMidBurst(server, acked, posts)
    }
    // The officer presses the button again for every payment that got no answer, with its key:
    // one that had committed before the kill is replayed, the others are recorded now.
    let replayed = 0
    for (const voucherNo of unanswered) {
      const s = sent.get(voucherNo)!
      const r = await keyedPost(
        base,
        `/api/budget-lines/${s.lineId}/disbursements`,
        finance,
        s.body,
        s.key,
      )
      if (r.status === 201 && r.body.voucherNo === voucherNo && r.body.amountFen === s.amountFen) {
        acknowledged.set(voucherNo, { id: r.body.id, lineId: s.lineId, amountFen: s.amountFen })
        if (r.replayed) replayed++
      } else unexpected.push(`retry ${voucherNo}: ${r.status} ${JSON.stringify(r.body)}`)
    }
    // A crash cuts connections; it never turns a valid payment into an error answer.
    expect(unexpected).toEqual([])
    expect(acknowledged.size).toBeGreaterThan(0)

    const after = await ledgers(base, finance, all)
    const survived = new Map<string, Entry>()
    for (const l of all) {
      const { line, items } = after.get(l.id)!
      const old = before.get(l.id)!.items
      // What was on the books before is untouched, in the same order, ahead of the new entries.
      expect(items.slice(0, old.length).map((e) => [e.id, e.amountFen])).toEqual(
        old.map((e) => [e.id, e.amountFen]),
      )
      for (const e of items.slice(old.length)) {
        expect(e.voucherNo?.startsWith(tag), `unexpected entry ${e.voucherNo}`).toBe(true)
        const s = sent.get(e.voucherNo!)
        expect(s, `entry ${e.voucherNo} was never sent`).toBeDefined()
        // Never twice, and exactly as sent, on the line it was sent to.
        expect(survived.has(e.voucherNo!), `${e.voucherNo} twice`).toBe(false)
        expect([e.kind, e.lineId, e.amountFen, e.date]).toEqual([
          'payment',
          s!.lineId,
          s!.amountFen,
          s!.date,
        ])
        survived.set(e.voucherNo!, e)
      }
      // The line's figures equal the sum of its surviving rows, computed here.
      const sum = items.reduce((a, e) => a + e.amountFen, 0)
      const newSum = items.slice(old.length).reduce((a, e) => a + e.amountFen, 0)
      expect(sum).toBe(before.get(l.id)!.line.disbursedFen + newSum)
      const figures = {
        disbursedFen: sum,
        remainingFen: line.amountFen - sum,
        ...rateOf(sum, line.amountFen),
      }
      expect({
        disbursedFen: line.disbursedFen,
        remainingFen: line.remainingFen,
        rateBp: line.rateBp,
        rate: line.rate,
      }).toEqual(figures)
      expect(line.remainingFen).toBeGreaterThanOrEqual(0)
      if (items.length) expect(items.at(-1)!.balanceAfterFen).toBe(line.amountFen - sum)
    }
    // With the retries every payment sent was acknowledged, and is there exactly once.
    expect(acknowledged.size).toBe(sent.size)
    expect(survived.size).toBe(sent.size)
    // Every acknowledged payment is there once, with its id and its exact amount.
    for (const [voucherNo, a] of acknowledged) {
      const e = survived.get(voucherNo)
      expect(e, `acknowledged ${voucherNo} lost`).toBeDefined()
      expect([e!.id, e!.lineId, e!.amountFen]).toEqual([a.id, a.lineId, a.amountFen])
    }

    // The cycle's list and the per-project figures agree with the rows.
    const listed = (await api(base, 'GET', `/api/cycles/${cycleId}/budget-lines`, finance)).body
      .items as Line[]
    for (const l of listed) expect(l.disbursedFen).toBe(after.get(l.id)!.line.disbursedFen)
    const summary = (await api(base, 'GET', `/api/cycles/${cycleId}/budget-summary`, finance))
      .body as { projects: { projectId: string; disbursedFen: number }[] }
    for (const pid of new Set(targets.map((l) => l.projectId))) {
      const rows = all
        .filter((l) => l.projectId === pid)
        .flatMap((l) => after.get(l.id)!.items)
        .reduce((a, e) => a + e.amountFen, 0)
      expect(summary.projects.find((p) => p.projectId === pid)?.disbursedFen).toBe(rows)
    }

    // Each surviving entry has exactly one audit row (same transaction), and the chain is intact.
    const ids = new Set([...survived.values()].map((e) => e.id))
    const audited = new Map<string, number>()
    let cursor: string | null = null
    for (let page = 0; page < 40; page++) {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
      const r = await api(base, 'GET', `/api/jurisdictions/${cityId}/audit?limit=500${q}`, staff)
      expect(r.status).toBe(200)
      const items = r.body.items as { action: string; entityId: string | null; at: string }[]
      for (const a of items)
        if (a.action === 'budget.disbursement' && Date.parse(a.at) >= startedAt - 1000)
          audited.set(a.entityId!, (audited.get(a.entityId!) ?? 0) + 1)
      cursor = r.body.nextCursor
      if (!cursor || items.some((a) => Date.parse(a.at) < startedAt - 60_000)) break
    }
    expect([...audited.keys()].sort()).toEqual([...ids].sort())
    expect([...audited.values()].every((n) => n === 1)).toBe(true)
    const verify = await api(base, 'GET', '/api/audit/verify', staff)
    expect([verify.status, verify.body.ok]).toEqual([200, true])

    console.log(
      `crash (disbursements) on ${kind}: ${ROUNDS} SIGKILLs, ${sent.size} sent over ${targets.length} lines, ${unanswered.length} unanswered and sent again with their key (${replayed} replayed: they had committed), ${acknowledged.size} acknowledged, ${survived.size} recorded`,
    )
  }, 900_000)
})
