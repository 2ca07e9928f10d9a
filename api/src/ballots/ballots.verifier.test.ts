import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { createServer } from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { BallotFactory } from './ballots.factory.js'

/**
 * The command-line verifier (test/verifier/verify-vote.ts) against a real HTTP server: it
 * recounts a published vote with its own code and notices one altered ballot.
 */
const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '../../..')
const cli = path.join(root, 'test/verifier/verify-vote.ts')
const tsx = path.join(root, 'api/node_modules/.bin/tsx')

let t: TestApp
let B: BallotFactory
let server: ServerType
let baseUrl: string
beforeAll(async () => {
  t = await createTestApp()
  B = new BallotFactory(t)
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await t.close()
})

/** Runs the CLI as a separate process (asynchronously: the server lives in this process). */
const runCli = (...args: string[]) =>
  new Promise<{ code: number; out: string }>((resolve) => {
    execFile(tsx, [cli, ...args], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0
      resolve({ code: typeof code === 'number' ? code : 1, out: stdout + stderr })
    })
  })

describe('verify-vote CLI', () => {
  it('imports nothing from the server code', () => {
    const src = fs.readFileSync(cli, 'utf8')
    const imports = [...src.matchAll(/^import .* from '([^']+)'/gm)].map((m) => m[1])
    expect(imports.every((m) => m!.startsWith('node:'))).toBe(true)
  })

  it('recounts a published vote, then detects one altered ballot', async () => {
    const s = await B.scenario({ deputies: 9, seats: 2, candidates: 4, open: true })
    const [c0, c1, c2, c3] = s.candidateIds as [string, string, string, string]
    const marks = [
      { [c0]: 'for', [c1]: 'for' },
      { [c0]: 'for', [c2]: 'for', [c3]: 'against' },
      { [c0]: 'for', [c1]: 'for' },
      { [c1]: 'for', [c3]: 'for' },
      { [c0]: 'for', [c1]: 'against' },
      { [c0]: 'for', [c1]: 'for' },
      { [c2]: 'against' },
      {},
    ]
    for (const [i, m] of marks.entries())
      expect((await B.cast(s.voteId, s.deputies[i]!, m)).status).toBe(201)
    await B.api('POST', `/api/votes/${s.voteId}/close`, s.staff.token)
    // One paper ballot too (a deputy without a phone), entered twice.
    const t1 = await t.factory.user(s.j, ['teller'])
    const t2 = await t.factory.user(s.j, ['teller'])
    for (const [teller, round] of [
      [t1, 1],
      [t2, 2],
    ] as const)
      await B.api('POST', `/api/votes/${s.voteId}/paper-ballots`, teller.token, {
        sheetNo: 1,
        round,
        choices: { [c0]: 'for', [c1]: 'for' },
      })
    await B.api('POST', `/api/votes/${s.voteId}/paper-count`, s.staff.token, {
      issued: 1,
      returned: 1,
    })
    await B.api('POST', `/api/votes/${s.voteId}/certify`, s.staff.token)
    await B.api('POST', `/api/votes/${s.voteId}/publish`, s.staff.token)

    const good = await runCli(baseUrl, s.voteId)
    expect(good.out).toContain('OK: the published result matches the bulletin board.')
    expect(good.out).toContain('✓ no more ballots than deputies present')
    expect(good.code).toBe(0)

    // Someone with database access changes one ballot after publication.
    const target = await t.database.db
      .selectFrom('ballot')
      .select(['id', 'choices'])
      .where('vote_id', '=', s.voteId)
      .where(sql<boolean>`choices->>${c0} = 'for'`)
      .limit(1)
      .executeTakeFirstOrThrow()
    const altered = { ...target.choices, [c0]: 'against' }
    await sql`update ballot set choices = cast(cast(${JSON.stringify(altered)} as text) as jsonb) where id = ${target.id}`.execute(
      t.database.db,
    )

    const bad = await runCli(baseUrl, s.voteId)
    expect(bad.code).toBe(1)
    expect(bad.out).toContain('✗ hash chain ends at the board’s chain head')
    expect(bad.out).toContain(`✗ candidate ${c0} recounts the same`)
    expect(bad.out).toContain('MISMATCH')
  })

  it('flags a published result that claims fewer deputies present than ballots (票数多于投票人数)', async () => {
    const s = await B.scenario({ deputies: 5, seats: 1, candidates: 2, open: true })
    for (const d of s.deputies.slice(0, 4))
      expect((await B.cast(s.voteId, d, { [s.candidateIds[0]!]: 'for' })).status).toBe(201)
    for (const step of ['close', 'certify', 'publish'])
      await B.api('POST', `/api/votes/${s.voteId}/${step}`, s.staff.token)
    const result = (await t.call('GET', `/api/public/votes/${s.voteId}/result`)).body
    const board = (await t.call('GET', `/api/public/votes/${s.voteId}/bulletin`)).body
    // A server that publishes 4 ballots but says only 3 deputies were present: by the Election
    // Law such a vote is void, and nothing in the hash chain covers the turnout figures.
    const doctored = { ...result, turnout: { ...result.turnout, present: 3 } }
    const fake = createServer((req, res) => {
      const body = req.url?.endsWith('/bulletin') ? board : doctored
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    })
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve))
    try {
      const r = await runCli(`http://127.0.0.1:${(fake.address() as AddressInfo).port}`, s.voteId)
      expect(r.out).toContain('✗ no more ballots than deputies present')
      expect(r.code).toBe(1)
    } finally {
      await new Promise((resolve) => fake.close(resolve))
    }
  })

  it('exits 2 when the vote is not published', async () => {
    const r = await runCli(baseUrl, crypto.randomUUID())
    expect(r.code).toBe(2)
  })
})
