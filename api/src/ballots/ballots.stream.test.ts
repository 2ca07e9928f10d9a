import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '@ms/db'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { createApp } from '../app.js'
import { BallotFactory } from './ballots.factory.js'

/**
 * Live turnout goes through PostgreSQL LISTEN/NOTIFY, not process memory: a second app (a second
 * API process — on PostgreSQL with its own connection pool) streams what the first one records.
 */
let t: TestApp
let B: BallotFactory
let second: ReturnType<typeof createApp>
let secondDb: Database | undefined
beforeAll(async () => {
  t = await createTestApp()
  B = new BallotFactory(t)
  // On PostgreSQL: a separate pool and listener connection on the same schema. On PGlite there is
  // one embedded database per process, so the second app shares it (still via NOTIFY).
  if (t.database.backend === 'postgres') {
    secondDb = await openDatabase({
      databaseUrl: process.env.DATABASE_URL!,
      schema: t.database.schema!,
    })
  }
  second = createApp({ ...t.deps, database: secondDb ?? t.database })
})
afterAll(async () => {
  await secondDb?.close()
  await t.close()
})

/** Reads SSE events from a streaming response until `until` says stop (or the timeout). */
async function readEvents(
  res: Response,
  until: (events: { event: string; data: any }[]) => boolean,
  ms = 10_000,
) {
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  const events: { event: string; data: any }[] = []
  let buf = ''
  const deadline = Date.now() + ms
  try {
    while (!until(events) && Date.now() < deadline) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<{ done: true; value: undefined }>((r) =>
          setTimeout(() => r({ done: true, value: undefined }), deadline - Date.now()),
        ),
      ])
      if (chunk.done) break
      buf += decoder.decode(chunk.value, { stream: true })
      let i
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i)
        buf = buf.slice(i + 2)
        const event = /^event: (.*)$/m.exec(block)?.[1]
        const data = /^data: (.*)$/m.exec(block)?.[1]
        if (event && data) events.push({ event, data: JSON.parse(data) })
      }
    }
  } finally {
    await reader.cancel()
  }
  return events
}

describe('live turnout stream', () => {
  it('streams turnout recorded by another API process, and never a choice', async () => {
    const s = await B.scenario({ deputies: 4, present: 3, open: true })
    const res = await second.request(`/api/votes/${s.voteId}/turnout/stream`, {
      headers: { authorization: `Bearer ${s.deputies[3]!.token}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
    const reading = readEvents(res, (ev) => ev.some((e) => e.data.state === 'closed'))
    await new Promise((r) => setTimeout(r, 150))
    for (const d of s.deputies.slice(0, 2))
      await B.cast(s.voteId, d, { [s.candidateIds[0]!]: 'for' })
    await B.api('POST', `/api/votes/${s.voteId}/check-ins`, s.staff.token, {
      deputyId: s.deputies[3]!.deputyId,
    })
    await B.api('POST', `/api/votes/${s.voteId}/close`, s.staff.token)
    const events = await reading
    expect(events[0]).toEqual({
      event: 'turnout',
      data: { voteId: s.voteId, state: 'open', entitled: 4, present: 3, voted: 0 },
    })
    const last = events[events.length - 1]!
    expect(last.data).toEqual({
      voteId: s.voteId,
      state: 'closed',
      entitled: 4,
      present: 4,
      voted: 2,
    })
    expect(events.some((e) => e.data.voted === 2 && e.data.state === 'open')).toBe(true)
    for (const e of events)
      expect(Object.keys(e.data).sort()).toEqual([
        'entitled',
        'present',
        'state',
        'voteId',
        'voted',
      ])
  })

  it('refuses the stream to callers outside the jurisdiction (404) before streaming', async () => {
    const s = await B.scenario({ deputies: 1 })
    const other = await t.factory.jurisdiction()
    const stranger = await t.factory.user(other, ['staff'])
    const res = await second.request(`/api/votes/${s.voteId}/turnout/stream`, {
      headers: { authorization: `Bearer ${stranger.token}` },
    })
    expect(res.status).toBe(404)
  })
})
