import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { evaluationWorld, handBallots } from './evaluation.fixtures.js'

/**
 * The independent verifier (test/verifier/verify-vote.ts) recounts a published evaluation — the
 * counts, every satisfaction rate, grade and rectification flag — from the bulletin board with
 * its own code, and notices one altered ballot.
 */
const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '../../..')
const cli = path.join(root, 'test/verifier/verify-vote.ts')
const tsx = path.join(root, 'api/node_modules/.bin/tsx')

let t: TestApp
let server: ServerType
let baseUrl: string
beforeAll(async () => {
  t = await createTestApp()
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await t.close()
})

const runCli = (...args: string[]) =>
  new Promise<{ code: number; out: string }>((resolve) => {
    execFile(tsx, [cli, ...args], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0
      resolve({ code: typeof code === 'number' ? code : 1, out: stdout + stderr })
    })
  })

describe('verify-vote on an evaluation', () => {
  it('recounts rates and grades of a published evaluation, then detects an altered ballot', async () => {
    const w = await evaluationWorld(t)
    const [p0, p1, p2] = w.projectIds as [string, string, string]
    const [c0] = w.candidateIds as [string]
    const eid = await w.openEvaluation()
    // Four deputies rate on their phones; the fifth on paper (entered by two tellers).
    const ballots = handBallots([p0, p1, p2])
    for (const [i, b] of ballots.slice(0, 4).entries())
      expect((await w.rate(eid, w.deputies[i]!, b)).status).toBe(201)
    await w.api('POST', `/api/evaluations/${eid}/close`, w.staff.token)
    const cand = new Map(
      (await w.api('GET', `/api/evaluations/${eid}`, w.staff.token)).projects.map(
        (p: { projectId: string; candidateId: string }) => [p.projectId, p.candidateId],
      ),
    )
    const sheet = Object.fromEntries(
      Object.entries(ballots[4]!).map(([pid, r]) => [cand.get(pid) as string, r]),
    )
    const t1 = await t.factory.user(w.j, ['teller'])
    const t2 = await t.factory.user(w.j, ['teller'])
    for (const [teller, round] of [
      [t1, 1],
      [t2, 2],
    ] as const)
      await w.api('POST', `/api/votes/${eid}/paper-ballots`, teller.token, {
        sheetNo: 1,
        round,
        choices: sheet,
      })
    await w.api('POST', `/api/votes/${eid}/paper-count`, w.staff.token, { issued: 1, returned: 1 })
    const result = await w.api('GET', `/api/evaluations/${eid}/result`, w.staff.token)
    expect(result.rows.map((r: { ratePercent: string }) => r.ratePercent)).toEqual([
      '80.0',
      '60.0',
      '40.0',
    ])
    await w.api('POST', `/api/evaluations/${eid}/certify`, w.staff.token)
    await w.api('POST', `/api/evaluations/${eid}/publish`, w.staff.token)

    const good = await runCli(baseUrl, eid)
    expect(good.out).toContain(`✓ project ${c0} recounts the same`)
    expect(good.out).toContain('OK: the published result matches the bulletin board.')
    expect(good.code).toBe(0)

    // Someone with database access turns one 满意 into 不满意 after publication.
    const target = await t.database.db
      .selectFrom('ballot')
      .select(['id', 'choices'])
      .where('vote_id', '=', eid)
      .where(sql<boolean>`choices->>${c0} = 'satisfied'`)
      .limit(1)
      .executeTakeFirstOrThrow()
    const altered = { ...target.choices, [c0]: 'dissatisfied' }
    await sql`update ballot set choices = cast(cast(${JSON.stringify(altered)} as text) as jsonb) where id = ${target.id}`.execute(
      t.database.db,
    )
    const bad = await runCli(baseUrl, eid)
    expect(bad.code).toBe(1)
    expect(bad.out).toContain('✗ hash chain ends at the board’s chain head')
    expect(bad.out).toContain(`✗ project ${c0} recounts the same`)
    expect(bad.out).toContain('MISMATCH')
  })
})
