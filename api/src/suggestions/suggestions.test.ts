import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'
import {
  addCandidates,
  auditRows,
  createCycle,
  forcePhase,
  publicBody,
  world,
  type World,
} from '../cycles/cycles.fixtures.js'
import { newTrackingCode, normalizeTrackingCode, PUBLIC_LIMITS } from './suggestions.rules.js'
import { getRandomValues } from 'node:crypto'

let t: TestApp
let w: World
let ipCounter = 0
/** A fresh client address per submission unless a test is about the limit. */
const ip = () => `198.51.100.${++ipCounter % 250}`
beforeAll(async () => {
  t = await createTestApp({ TRUST_PROXY: 'true' })
  w = await world(t)
})
afterAll(() => t.close())

const submitPublic = (cid: string, body: Record<string, unknown> = publicBody(), from = ip()) =>
  t.call('POST', `/api/public/cycles/${cid}/suggestions`, {
    body,
    headers: { 'x-forwarded-for': from },
  })

describe('tracking codes', () => {
  it('are 12 symbols in three groups, and read back however they are typed', () => {
    const code = newTrackingCode((b) => getRandomValues(b))
    expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/)
    expect(normalizeTrackingCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code)
    expect(normalizeTrackingCode('short')).toBeNull()
    expect(normalizeTrackingCode('OOOO-1111-IIII')).toBeNull()
  })
})

describe('a public suggestion', () => {
  it('gets a tracking code without login; the outcome and reply staff record show on lookup, never the contact', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    const r = await submitPublic(c.id)
    expect(r.status).toBe(201)
    expect(Object.keys(r.body)).toEqual(['trackingCode'])
    const code: string = r.body.trackingCode

    const pending = await t.call('GET', `/api/public/suggestions/${code}`)
    expect(pending.status).toBe(200)
    expect(pending.body).toMatchObject({
      trackingCode: code,
      title: '小区门口增设红绿灯',
      outcome: 'pending',
      reply: null,
      cycle: { id: c.id, jurisdiction: '甲县' },
    })

    // Staff see it in the inbox, with the contact.
    const inbox = await t.call('GET', `/api/cycles/${c.id}/suggestions`, { token: w.staff.token })
    const item = inbox.body.items.find((s: { trackingCode: string }) => s.trackingCode === code)
    expect(item).toMatchObject({
      source: 'public',
      contact: '张女士 13800001234',
      outcome: 'pending',
    })

    const decided = await t.call('POST', `/api/suggestions/${item.id}/outcome`, {
      token: w.staff.token,
      body: {
        outcome: 'rejected',
        reply: '该路口已列入交警部门2026年信号灯改造计划，不再重复立项。',
      },
    })
    expect(decided.status).toBe(200)
    expect(decided.body.outcome).toBe('rejected')

    const looked = await t.call(
      'GET',
      `/api/public/suggestions/${code.toLowerCase().replace(/-/g, '')}`,
    )
    expect(looked.status).toBe(200)
    expect(looked.body).toMatchObject({
      outcome: 'rejected',
      reply: '该路口已列入交警部门2026年信号灯改造计划，不再重复立项。',
    })
    expect(looked.body.outcomeAt).toEqual(expect.any(String))
    expect(JSON.stringify(looked.body)).not.toMatch(/13800001234|张女士|contact/)

    // The decision is audited (and the public submission itself is not: it holds personal data).
    const audit = await auditRows(t, item.id)
    expect(audit.map((a) => a.action)).toEqual(['suggestion.outcome'])
    expect(audit[0]!.after).toMatchObject({ outcome: 'rejected' })
    expect(JSON.stringify(audit)).not.toMatch(/13800001234/)
  })

  it('answers 404 for unknown and malformed tracking codes', async () => {
    expect((await t.call('GET', '/api/public/suggestions/ABCD-EFGH-JKMN')).status).toBe(404)
    expect((await t.call('GET', '/api/public/suggestions/x')).status).toBe(404)
    expect((await t.call('GET', `/api/public/suggestions/${'A'.repeat(5000)}`)).status).toBe(404)
  })

  it('refuses a filled honeypot and a form sent faster than a person can fill it', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    const bot = await submitPublic(c.id, publicBody({ website: 'http://spam.example' }))
    expect(bot.status).toBe(400)
    expect(bot.body.error.code).toBe('SPAM_SUSPECTED')
    const fast = await submitPublic(c.id, publicBody({ fillMs: PUBLIC_LIMITS.minFillMs - 1 }))
    expect(fast.status).toBe(400)
    expect(fast.body.error.code).toBe('SPAM_SUSPECTED')
    const count = await t.database.db
      .selectFrom('suggestion')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('cycle_id', '=', c.id)
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(0)
  })

  it('limits submissions per address (429 with Retry-After) and lets them in again after the window', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    const addr = '203.0.113.9'
    for (let i = 0; i < PUBLIC_LIMITS.perAddressPerHour; i++)
      expect((await submitPublic(c.id, publicBody({ title: `建议${i}` }), addr)).status).toBe(201)
    const limited = await submitPublic(c.id, publicBody(), addr)
    expect(limited.status).toBe(429)
    expect(limited.body.error.code).toBe('TOO_MANY_SUGGESTIONS')
    expect(limited.headers.get('retry-after')).toBe('3600')
    // Another address is not affected.
    expect((await submitPublic(c.id, publicBody(), '203.0.113.10')).status).toBe(201)
    // The address itself is not stored.
    const stored = await t.database.db
      .selectFrom('suggestion')
      .select('client_hash')
      .where('cycle_id', '=', c.id)
      .execute()
    expect(stored.every((s) => s.client_hash && !s.client_hash.includes('203.0.113'))).toBe(true)
    t.clock.now = new Date(Date.now() + 61 * 60_000)
    const later = await submitPublic(c.id, publicBody(), addr)
    t.clock.now = null
    expect(later.status).toBe(201)
  })

  it('forgets address hashes after the retention period', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    await submitPublic(c.id)
    t.clock.now = new Date(Date.now() + (PUBLIC_LIMITS.hashRetentionHours + 1) * 3_600_000)
    await submitPublic(c.id)
    t.clock.now = null
    const rows = await t.database.db
      .selectFrom('suggestion')
      .select(['client_hash'])
      .where('cycle_id', '=', c.id)
      .orderBy('created_at')
      .execute()
    expect(rows.map((r) => r.client_hash === null)).toEqual([true, false])
  })

  it('is refused outside solicitation and after the deadline (409 SOLICITATION_CLOSED)', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id, {
      solicitationDeadline: '2025-11-15',
    })
    t.clock.now = new Date('2025-11-15T15:00:00Z') // 23:00 in Beijing: still open
    expect((await submitPublic(c.id)).status).toBe(201)
    t.clock.now = new Date('2025-11-15T16:00:01Z') // past midnight in Beijing
    const late = await submitPublic(c.id)
    t.clock.now = null
    expect(late.status).toBe(409)
    expect(late.body.error.code).toBe('SOLICITATION_CLOSED')
    const open = await createCycle(t, w.staff.token, w.county.id)
    await forcePhase(t, open.id, 'screening')
    const r = await submitPublic(open.id)
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('SOLICITATION_CLOSED')
    const pub = await t.call('GET', `/api/public/cycles/${open.id}`)
    expect(pub.body.acceptingSuggestions).toBe(false)
  })

  it.each([
    ['no title', { title: undefined }],
    ['a huge title', { title: '长'.repeat(201) }],
    ['a huge reason', { reason: '长'.repeat(4001) }],
    ['no location', { location: undefined }],
    ['an unknown category', { category: 'roads' }],
    ['a Chinese category label instead of its code', { category: '交通' }],
    ['a negative estimate', { estimateFen: -5 }],
    ['a fractional estimate', { estimateFen: 1.5 }],
    ['a huge contact', { contact: '1'.repeat(101) }],
    ['no fill time', { fillMs: undefined }],
    ['a fill time as text', { fillMs: '5000' }],
    ['an unknown field', { email: 'a@b.c' }],
    ['a submitter field', { source: 'deputy' }],
  ])('refuses %s with 400', async (_, patch) => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    const r = await submitPublic(c.id, { ...publicBody(), ...patch })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('VALIDATION_FAILED')
  })

  it('names the accepted codes when a category is not one of them', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    const r = await submitPublic(c.id, { ...publicBody(), category: '交通' })
    expect(r.status).toBe(400)
    expect(r.body.error.issues).toEqual([
      {
        path: 'category',
        message:
          'Unknown category; use one of education, health, elderly, childcare, transport, housing, environment, culture, employment, rural, other',
      },
    ])
  })

  it('answers 404 for unknown or malformed cycle ids', async () => {
    expect((await submitPublic(crypto.randomUUID())).status).toBe(404)
    expect((await submitPublic('nope')).status).toBe(404)
  })
})

describe('the public list (公示)', () => {
  it('shows every decided suggestion with its outcome and counts the pending ones, without personal data', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    const codes: string[] = []
    for (const title of ['建议甲', '建议乙', '建议丙'])
      codes.push((await submitPublic(c.id, publicBody({ title }))).body.trackingCode)
    await t.call('POST', `/api/cycles/${c.id}/suggestions`, {
      token: w.deputy.token,
      body: { title: '代表建议丁', category: 'health', reason: '理由' },
    })
    const inbox = await t.call('GET', `/api/cycles/${c.id}/suggestions`, { token: w.staff.token })
    const id = (title: string) =>
      inbox.body.items.find((s: { title: string }) => s.title === title).id
    await t.call('POST', `/api/suggestions/${id('建议甲')}/outcome`, {
      token: w.staff.token,
      body: { outcome: 'rejected', reply: '不属于政府投资范围' },
    })
    await t.call('POST', `/api/suggestions/${id('代表建议丁')}/outcome`, {
      token: w.staff.token,
      body: { outcome: 'rejected', reply: '已由其他渠道解决' },
    })
    const r = await t.call('GET', `/api/public/cycles/${c.id}/suggestions`)
    expect(r.status).toBe(200)
    expect(r.body.summary).toEqual({ total: 4, pending: 2, adopted: 0, merged: 0, rejected: 2 })
    expect(r.body.items.map((s: { title: string }) => s.title).sort()).toEqual([
      '代表建议丁',
      '建议甲',
    ])
    const text = JSON.stringify(r.body)
    expect(text).not.toMatch(/13800001234|张女士|王代表|contact|trackingCode/)
    for (const code of codes) expect(text).not.toContain(code)
    const filtered = await t.call('GET', `/api/public/cycles/${c.id}/suggestions?outcome=adopted`)
    expect(filtered.body.items).toEqual([])
    expect(
      (await t.call('GET', `/api/public/cycles/${c.id}/suggestions?outcome=pending`)).status,
    ).toBe(400)
    expect(
      (await t.call('GET', `/api/public/cycles/${crypto.randomUUID()}/suggestions`)).status,
    ).toBe(404)
  })
})

describe('signed-in suggestions', () => {
  it('records a deputy’s suggestion as theirs; they see its outcome among my suggestions', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    const r = await t.call('POST', `/api/cycles/${c.id}/suggestions`, {
      token: w.deputy.token,
      body: {
        title: '乡镇卫生院配备救护车',
        category: 'health',
        location: '石桥乡',
        reason: '偏远乡镇急救半径过大。',
        estimateFen: 120_000_000,
      },
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({
      source: 'deputy',
      deputy: { id: w.deputy.deputyId, displayName: '王代表' },
      outcome: 'pending',
    })
    expect(r.body).not.toHaveProperty('contact')
    expect((await auditRows(t, r.body.id)).map((a) => a.action)).toEqual(['suggestion.create'])
    const other = await t.call('POST', `/api/cycles/${c.id}/suggestions`, {
      token: w.deputy2.token,
      body: { title: '另一位代表的建议', category: 'other', reason: '理由' },
    })
    expect(other.status).toBe(201)

    await forcePhase(t, c.id, 'screening')
    const [candidateId] = await addCandidates(t, w.staff.token, c.id, w.health.name, 1)
    await t.call('POST', `/api/suggestions/${r.body.id}/outcome`, {
      token: w.staff.token,
      body: { outcome: 'adopted', candidateId },
    })
    const mine = await t.call('GET', `/api/me/suggestions?cycleId=${c.id}`, {
      token: w.deputy.token,
    })
    expect(mine.status).toBe(200)
    expect(mine.body.items).toHaveLength(1) // not the other deputy's
    expect(mine.body.items[0]).toMatchObject({
      title: '乡镇卫生院配备救护车',
      outcome: 'adopted',
      candidate: { id: candidateId, title: '候选项目1' },
    })
    expect(mine.body.items[0].reply).toMatch(/已被采纳/)
    const filtered = await t.call('GET', `/api/me/suggestions?cycleId=${crypto.randomUUID()}`, {
      token: w.deputy.token,
    })
    expect(filtered.body.items).toEqual([])
    // The submitter may open it; another deputy may not.
    expect(
      (await t.call('GET', `/api/suggestions/${r.body.id}`, { token: w.deputy.token })).status,
    ).toBe(200)
    expect(
      (await t.call('GET', `/api/suggestions/${r.body.id}`, { token: w.deputy2.token })).status,
    ).toBe(404)
    expect((await t.call('GET', '/api/me/suggestions')).status).toBe(401)
  })

  it('records a unit’s suggestion under its unit; staff may record during screening, deputies may not', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    const unit = await t.call('POST', `/api/cycles/${c.id}/suggestions`, {
      token: w.unitUser.token,
      body: { title: '校园安全防护设施', category: 'education', reason: '理由' },
    })
    expect(unit.status).toBe(201)
    expect(unit.body).toMatchObject({ source: 'unit', unit: { id: w.edu.id, name: w.edu.name } })
    await forcePhase(t, c.id, 'screening')
    const late = await t.call('POST', `/api/cycles/${c.id}/suggestions`, {
      token: w.deputy.token,
      body: { title: '晚到的建议', category: 'other', reason: '理由' },
    })
    expect(late.status).toBe(409)
    expect(late.body.error.code).toBe('SOLICITATION_CLOSED')
    const letter = await t.call('POST', `/api/cycles/${c.id}/suggestions`, {
      token: w.staff.token,
      body: { title: '群众来信：增设公交站', category: 'transport', reason: '来信摘要' },
    })
    expect(letter.status).toBe(201)
    expect(letter.body.source).toBe('staff')
  })

  it('is for deputies, units and staff of the jurisdiction only', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    const body = { title: '建议', category: 'other', reason: '理由' }
    const path = `/api/cycles/${c.id}/suggestions`
    expect((await t.call('POST', path, { body })).status).toBe(401)
    expect((await t.call('POST', path, { token: w.finance.token, body })).status).toBe(403)
    expect((await t.call('POST', path, { token: w.cityStaff.token, body })).status).toBe(403)
    expect((await t.call('POST', path, { token: w.otherStaff.token, body })).status).toBe(404)
    const asUnit = await t.call('POST', path, {
      token: w.deputy.token,
      body: { ...body, as: 'unit' },
    })
    expect(asUnit.status).toBe(403)
    for (const bad of [
      { ...body, extra: 1 },
      { ...body, title: 5 },
      { ...body, as: 'public' },
      { title: 'x' },
    ]) {
      expect((await t.call('POST', path, { token: w.deputy.token, body: bad })).status).toBe(400)
    }
  })
})

describe('the staff inbox', () => {
  it('filters by outcome, category and source, searches, and pages without repeats', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    const mk = (title: string, category: string) =>
      submitPublic(c.id, publicBody({ title, category }))
    await mk('幼儿园扩容', 'childcare')
    await mk('公交线路延伸到工业园', 'transport')
    await mk('老年食堂', 'elderly')
    await mk('社区托育点', 'childcare')
    await t.call('POST', `/api/cycles/${c.id}/suggestions`, {
      token: w.deputy.token,
      body: { title: '农村饮水安全', category: 'rural', reason: '井水水质差', location: '石桥乡' },
    })
    const get = (q: string) =>
      t.call('GET', `/api/cycles/${c.id}/suggestions?${q}`, { token: w.staff.token })
    expect((await get('category=childcare')).body.items).toHaveLength(2)
    expect((await get('source=deputy')).body.items.map((s: { title: string }) => s.title)).toEqual([
      '农村饮水安全',
    ])
    expect((await get('q=石桥')).body.items).toHaveLength(1)
    expect((await get('q=托育')).body.items).toHaveLength(1)
    expect((await get('q=100%25')).body.items).toHaveLength(0) // LIKE wildcards are literal
    expect((await get('outcome=pending')).body.items).toHaveLength(5)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: any = await get(`limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(page.body.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.body.items.map((s: { id: string }) => s.id))
      cursor = page.body.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(5)
    expect(new Set(seen).size).toBe(5)
    for (const bad of [
      'outcome=won',
      'category=x',
      'source=mail',
      'limit=0',
      'limit=x',
      `q=${'q'.repeat(101)}`,
    ])
      expect((await get(bad)).status).toBe(400)
    // A garbage cursor starts from the top rather than failing.
    expect((await get('cursor=!!!')).status).toBe(200)
  })

  it('shows units the inbox without contact data; deputies and other counties cannot read it', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    await submitPublic(c.id)
    const unit = await t.call('GET', `/api/cycles/${c.id}/suggestions`, { token: w.unitUser.token })
    expect(unit.status).toBe(200)
    expect(unit.body.items[0]).not.toHaveProperty('contact')
    expect(JSON.stringify(unit.body)).not.toMatch(/13800001234/)
    expect(
      (await t.call('GET', `/api/cycles/${c.id}/suggestions`, { token: w.deputy.token })).status,
    ).toBe(403)
    expect(
      (await t.call('GET', `/api/cycles/${c.id}/suggestions`, { token: w.otherStaff.token }))
        .status,
    ).toBe(404)
  })
})

describe('outcomes', () => {
  async function setup() {
    const c = await createCycle(t, w.staff.token, w.county.id)
    for (const title of ['增设路灯', '路灯太少', '夜间照明不足'])
      await submitPublic(c.id, publicBody({ title }))
    await forcePhase(t, c.id, 'screening')
    const inbox = await t.call('GET', `/api/cycles/${c.id}/suggestions`, { token: w.staff.token })
    const id = (title: string) =>
      inbox.body.items.find((s: { title: string }) => s.title === title).id
    return { c, a: id('增设路灯'), b: id('路灯太少'), d: id('夜间照明不足') }
  }
  const outcome = (sid: string, body: unknown, token = w.staff.token) =>
    t.call('POST', `/api/suggestions/${sid}/outcome`, { token, body })

  it('adopts into a candidate of the same cycle only', async () => {
    const { c, a } = await setup()
    const [candidateId] = await addCandidates(t, w.staff.token, c.id, w.edu.name, 1)
    const elsewhere = await createCycle(t, w.staff.token, w.county.id)
    await forcePhase(t, elsewhere.id, 'screening')
    const [foreignCandidate] = await addCandidates(t, w.staff.token, elsewhere.id, w.edu.name, 1)
    const wrong = await outcome(a, { outcome: 'adopted', candidateId: foreignCandidate })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.issues[0].path).toBe('candidateId')
    const missing = await outcome(a, { outcome: 'adopted' })
    expect(missing.status).toBe(400)
    const ok = await outcome(a, { outcome: 'adopted', candidateId, reply: '已采纳。' })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({
      outcome: 'adopted',
      reply: '已采纳。',
      candidate: { id: candidateId },
    })
    const candidate = await t.call('GET', `/api/candidates/${candidateId}`, {
      token: w.staff.token,
    })
    expect(candidate.body.originSuggestionIds).toEqual([a])
  })

  it('needs a reason to reject', async () => {
    const { a } = await setup()
    for (const body of [{ outcome: 'rejected' }, { outcome: 'rejected', reply: '   ' }]) {
      const r = await outcome(a, body)
      expect(r.status).toBe(400)
      expect(r.body.error.issues[0].path).toBe('reply')
    }
  })

  it('merges duplicates: they follow the one they were merged into, on lookup and in 公示', async () => {
    const { c, a, b, d } = await setup()
    const merged = await t.call('POST', `/api/cycles/${c.id}/suggestions/merge`, {
      token: w.staff.token,
      body: { intoId: a, ids: [b, d, a] },
    })
    expect(merged.status).toBe(200)
    expect(merged.body.items.map((s: { mergedInto: { id: string } }) => s.mergedInto.id)).toEqual([
      a,
      a,
    ])
    const [candidateId] = await addCandidates(t, w.staff.token, c.id, w.edu.name, 1)
    await outcome(a, { outcome: 'adopted', candidateId, reply: '纳入城区路灯补短板项目。' })
    const inbox = await t.call('GET', `/api/suggestions/${b}`, { token: w.staff.token })
    const code = inbox.body.trackingCode
    const looked = await t.call('GET', `/api/public/suggestions/${code}`)
    expect(looked.body).toMatchObject({
      outcome: 'merged',
      mergedInto: { title: '增设路灯', outcome: 'adopted', reply: '纳入城区路灯补短板项目。' },
    })
    const pub = await t.call('GET', `/api/public/cycles/${c.id}/suggestions?outcome=merged`)
    expect(pub.body.items.map((s: { mergedIntoTitle: string }) => s.mergedIntoTitle)).toEqual([
      '增设路灯',
      '增设路灯',
    ])
    // No chains: merging into a merged suggestion is refused; merging the target moves its duplicates along.
    const chain = await outcome(a, { outcome: 'merged', mergedIntoId: b })
    expect(chain.status).toBe(400)
    expect(chain.body.error.code).toBe('MERGE_TARGET_MERGED')
    const self = await outcome(a, { outcome: 'merged', mergedIntoId: a })
    expect(self.status).toBe(400)
    const audit = await auditRows(t, b)
    expect(audit.map((x) => x.action)).toEqual(['suggestion.outcome'])
  })

  it('moves duplicates along when their target is merged elsewhere', async () => {
    const { c, a, b, d } = await setup()
    await outcome(b, { outcome: 'merged', mergedIntoId: a })
    await outcome(a, { outcome: 'merged', mergedIntoId: d })
    const r = await t.call('GET', `/api/suggestions/${b}`, { token: w.staff.token })
    expect(r.body.mergedInto.id).toBe(d)
    expect(c.id).toBeDefined()
  })

  it('is for staff of the jurisdiction; other counties get 404; closed cycles refuse', async () => {
    const { c, a } = await setup()
    const body = { outcome: 'rejected', reply: '理由' }
    expect((await outcome(a, body, w.unitUser.token)).status).toBe(403)
    expect((await outcome(a, body, w.deputy.token)).status).toBe(403)
    expect((await outcome(a, body, w.otherStaff.token)).status).toBe(404)
    expect(
      (await t.call('GET', `/api/suggestions/${a}`, { token: w.otherStaff.token })).status,
    ).toBe(404)
    expect(
      (await t.call('POST', '/api/suggestions/zzz/outcome', { token: w.staff.token, body })).status,
    ).toBe(404)
    const merge = await t.call('POST', `/api/cycles/${c.id}/suggestions/merge`, {
      token: w.otherStaff.token,
      body: { intoId: a, ids: [a] },
    })
    expect(merge.status).toBe(404)
    for (const bad of [
      { outcome: 'approved', reply: 'x' },
      { outcome: 'adopted', candidateId: 'not-an-id' },
      { outcome: 'merged', mergedIntoId: a, extra: true },
      { outcome: 'rejected', reply: 'x'.repeat(2001) },
    ])
      expect((await outcome(a, bad)).status).toBe(400)
    for (const bad of [
      { intoId: a, ids: [] },
      { intoId: a, ids: ['x'] },
      { intoId: a },
      { intoId: a, ids: [crypto.randomUUID()] },
    ])
      expect(
        (
          await t.call('POST', `/api/cycles/${c.id}/suggestions/merge`, {
            token: w.staff.token,
            body: bad,
          })
        ).status,
      ).toBe(400)
    await forcePhase(t, c.id, 'closed')
    const closed = await outcome(a, body)
    expect(closed.status).toBe(409)
    expect(closed.body.error.code).toBe('CYCLE_CLOSED')
  })
})

describe.runIf(!!process.env.DATABASE_URL)('under concurrency (PostgreSQL)', () => {
  it('lets exactly the per-address allowance through when one address fires at once', async () => {
    const c = await createCycle(t, w.staff.token, w.county.id)
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        submitPublic(c.id, publicBody({ title: `并发建议${i}` }), '203.0.113.77'),
      ),
    )
    expect(results.filter((r) => r.status === 201)).toHaveLength(PUBLIC_LIMITS.perAddressPerHour)
    expect(results.filter((r) => r.status === 429)).toHaveLength(
      12 - PUBLIC_LIMITS.perAddressPerHour,
    )
  })
})
