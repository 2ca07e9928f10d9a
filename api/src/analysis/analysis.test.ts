import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { BallotFactory } from '../ballots/ballots.factory.js'

/**
 * The what-if API: closed votes compared (legal rule from the ballot feature's result), their
 * export to .pb and re-import, sealed results, tenant isolation, and bad input.
 */
let t: TestApp
let B: BallotFactory
beforeAll(async () => {
  t = await createTestApp()
  B = new BallotFactory(t)
})
afterAll(() => t.close())

/** A small .pb election (budget 100, four projects, five voters). */
const SMALL = [
  'META',
  'key;value',
  'description;Small test',
  'unit;Testville',
  'instance;2026',
  'num_projects;4',
  'num_votes;5',
  'budget;100',
  'vote_type;approval',
  'rule;greedy',
  'currency;EUR',
  'PROJECTS',
  'project_id;cost;votes;name',
  '1;60;4;Park',
  '2;50;3;"Library; new wing"',
  '3;30;2;Bike lane',
  '4;20;1;Bench',
  'VOTES',
  'voter_id;vote',
  'a;1,2',
  'b;1,2',
  'c;1,3',
  'd;1,2,3',
  'e;4',
  '',
].join('\r\n')

/**
 * A closed vote: 7 deputies (threshold 4), 3 seats, 5 candidates costing 100–500万元 (c1…c5)
 * against a pool of 1000万元. 赞成: c1 4, c2 3, c3 2, c4 4, c5 4; one blank ballot.
 */
async function closedVote(
  opts: { form?: 'for_against_abstain' | 'approve_up_to_n'; close?: boolean } = {},
) {
  const s = await B.scenario({ deputies: 7, seats: 3, candidates: 5, open: true, form: opts.form })
  const [c1, c2, c3, c4, c5] = s.candidateIds as [string, string, string, string, string]
  const against = opts.form === 'approve_up_to_n' ? 'abstain' : 'against'
  const ballots: Record<string, string>[] = [
    { [c5]: 'for', [c4]: 'for', [c3]: 'for' },
    { [c5]: 'for', [c4]: 'for', [c1]: 'for' },
    { [c5]: 'for', [c4]: 'for', [c2]: 'for' },
    { [c5]: 'for', [c4]: 'for', [c1]: 'for' },
    { [c1]: 'for', [c2]: 'for', [c3]: 'for' },
    { [c1]: 'for', [c2]: 'for', [c5]: against },
    {},
  ]
  for (const [i, d] of s.deputies.entries()) {
    const r = await B.cast(s.voteId, d, ballots[i]!)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
  }
  if (opts.close !== false) await B.api('POST', `/api/votes/${s.voteId}/close`, s.staff.token)
  return { ...s, c: [c1, c2, c3, c4, c5] as const }
}

describe('what-if of a closed vote', () => {
  it('compares the legal result with greedy and MES within the fund pool, with diffs and explanations', async () => {
    const s = await closedVote()
    const result = await B.api('GET', `/api/votes/${s.voteId}/result`, s.staff.token)
    const w = await t.call('GET', `/api/votes/${s.voteId}/what-if`, { token: s.staff.token })
    expect(w.status, JSON.stringify(w.body)).toBe(200)
    const body = w.body
    expect(body.source).toMatchObject({ kind: 'vote', voteId: s.voteId, state: 'closed' })
    expect(body.money).toEqual({ unit: 'fen', currency: 'CNY' })
    expect(body.budget).toBe(1_000_000_000)
    expect(body.voters).toBe(7)
    expect(body.baseline).toBe('legal')
    const rules = new Map<string, any>(body.rules.map((r: any) => [r.rule, r]))
    expect([...rules.keys()]).toEqual([
      'legal',
      'greedy',
      'greedy_threshold',
      'mes',
      'mes_add1',
      'mes_add1_u',
      'mes_add1_full',
      'mes_add1_full_u',
    ])
    // The legal set is the ballot feature's, not recomputed: same candidates as the result.
    const legalIds = result.rows.filter((r: any) => r.selected).map((r: any) => r.candidateId)
    expect([...rules.get('legal').selected].sort()).toEqual([...legalIds].sort())
    expect(rules.get('legal').threshold).toBe(result.threshold)
    // Threshold 4 of 7: c1, c4, c5 pass (100 + 400 + 500万元, exactly the pool).
    expect(rules.get('legal').selected.sort()).toEqual([s.c[0], s.c[3], s.c[4]].sort())
    expect(rules.get('legal').totalCost).toBe(1_000_000_000)
    // Greedy by 赞成 (ties in ballot order: c1, c4, c5, then c2 3, c3 2) within 1000万元.
    expect(rules.get('greedy').selected).toEqual([s.c[0], s.c[3], s.c[4]])
    expect(rules.get('greedy').diff).toEqual({ added: [], removed: [] })
    for (const r of body.rules) {
      if (r.rule !== 'legal') expect(r.totalCost).toBeLessThanOrEqual(body.budget)
      expect(r.leftover).toBe(body.budget - r.totalCost)
      expect(r.explanation['zh-CN']).toMatch(/选出 \d+ 项/)
      expect(r.explanation.en).toMatch(/It chooses \d+ project/)
    }
    expect(rules.get('mes').perVoterBudget).toBe('1000000000/7')
    expect(rules.get('mes_add1').increment).toBe(1_000_000) // 1万元 steps: B/n ≈ 1.43亿分
    // Per-candidate approvals are the result's 赞成.
    for (const row of result.rows)
      expect(body.projects.find((p: any) => p.id === row.candidateId).approvals).toBe(row.for)
    expect(body.tieBreaking['zh-CN']).toContain('选票上的排列顺序')
  })

  it('reads ticks as approvals on approve-up-to-N ballots and works after certification', async () => {
    const s = await closedVote({ form: 'approve_up_to_n' })
    await B.api('POST', `/api/votes/${s.voteId}/certify`, s.staff.token)
    const w = await t.call('GET', `/api/votes/${s.voteId}/what-if`, { token: s.staff.token })
    expect(w.status).toBe(200)
    expect(w.body.source.state).toBe('certified')
    expect(w.body.source.ballotForm).toBe('approve_up_to_n')
    const approvals = Object.fromEntries(w.body.projects.map((p: any) => [p.id, p.approvals]))
    expect(approvals).toEqual({ [s.c[0]]: 4, [s.c[1]]: 3, [s.c[2]]: 2, [s.c[3]]: 4, [s.c[4]]: 4 })
  })

  it('counts reconciled paper sheets like the result does, and leaves out invalid ones', async () => {
    const s = await B.scenario({ deputies: 5, seats: 2, candidates: 3, open: true })
    const [c0, c1, c2] = s.candidateIds as [string, string, string]
    const t1 = await t.factory.user(s.j, ['teller'])
    const t2 = await t.factory.user(s.j, ['teller'])
    await B.cast(s.voteId, s.deputies[0]!, { [c0]: 'for' })
    await B.api('POST', `/api/votes/${s.voteId}/close`, s.staff.token)
    const enter = (token: string, sheetNo: number, round: number, body: object) =>
      B.api('POST', `/api/votes/${s.voteId}/paper-ballots`, token, { sheetNo, round, ...body })
    for (const tok of [t1.token, t2.token]) {
      const round = tok === t1.token ? 1 : 2
      await enter(tok, 1, round, { choices: { [c0]: 'for', [c2]: 'for' } })
      await enter(tok, 2, round, { choices: { [c1]: 'for' } })
      await enter(tok, 3, round, { invalid: true })
    }
    await B.api('POST', `/api/votes/${s.voteId}/paper-count`, s.staff.token, {
      issued: 3,
      returned: 3,
    })
    const result = await B.api('GET', `/api/votes/${s.voteId}/result`, s.staff.token)
    const w = await t.call('GET', `/api/votes/${s.voteId}/what-if`, { token: s.staff.token })
    expect(w.status, JSON.stringify(w.body)).toBe(200)
    expect(w.body.voters).toBe(3)
    for (const row of result.rows)
      expect(w.body.projects.find((p: any) => p.id === row.candidateId).approvals).toBe(row.for)
  })

  it('exports to .pb (anonymous, shuffled, random voter ids) and re-imports to the same tally', async () => {
    const s = await closedVote()
    const result = await B.api('GET', `/api/votes/${s.voteId}/result`, s.staff.token)
    const res = await t.request('GET', `/api/votes/${s.voteId}/export.pb`, { token: s.staff.token })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(res.headers.get('content-disposition')).toContain(`vote-${s.voteId}.pb`)
    const text = await res.text()
    expect(text).toContain('budget;10000000\n') // 1000万元 in yuan
    expect(text).toContain('currency;CNY')
    // No deputy, user or ballot id appears; voter ids are fresh random hex.
    for (const d of s.deputies) {
      expect(text).not.toContain(d.deputyId)
      expect(text).not.toContain(d.userId)
    }
    const sealed = await t.database.db
      .selectFrom('ballot')
      .select('id')
      .where('vote_id', '=', s.voteId)
      .execute()
    for (const b of sealed) expect(text).not.toContain(b.id)
    const votes = text.split('VOTES\n')[1]!.trim().split('\n').slice(1)
    expect(votes).toHaveLength(7)
    for (const line of votes) expect(line).toMatch(/^[0-9a-f]{16};/)

    const again = await t.request('GET', `/api/votes/${s.voteId}/export.pb`, {
      token: s.staff.token,
    })
    const ids = (x: string) =>
      x
        .split('VOTES\n')[1]!
        .split('\n')
        .slice(1)
        .map((l) => l.split(';')[0])
    expect(ids(await again.text())).not.toEqual(ids(text))

    const imported = await t.call('POST', '/api/analysis/instances', {
      token: s.staff.token,
      body: { jurisdictionId: s.j.id, name: '再导入', text },
    })
    expect(imported.status, JSON.stringify(imported.body)).toBe(201)
    expect(imported.body).toMatchObject({
      name: '再导入',
      projects: 5,
      voters: 7,
      budget: 10_000_000,
      currency: 'CNY',
      hasOfficial: true,
    })
    const w = await t.call('GET', `/api/analysis/instances/${imported.body.id}/what-if`, {
      token: s.staff.token,
    })
    expect(w.status).toBe(200)
    for (const row of result.rows)
      expect(w.body.projects.find((p: any) => p.id === row.candidateId).approvals).toBe(row.for)
    // The file's `selected` column is the legal choice.
    const official = w.body.rules.find((r: any) => r.rule === 'official')
    expect([...official.selected].sort()).toEqual(
      result.rows
        .filter((r: any) => r.selected)
        .map((r: any) => r.candidateId)
        .sort(),
    )

    const fen = await t.request('GET', `/api/votes/${s.voteId}/export.pb?unit=fen`, {
      token: s.staff.token,
    })
    expect(await fen.text()).toContain('budget;1000000000\n')
  })

  it('refuses a yuan export when an amount has fen, with 409 AMOUNTS_NOT_WHOLE_YUAN', async () => {
    const s = await closedVote()
    await t.database.db
      .updateTable('vote_candidate')
      .set({ estimate_fen: 100_000_050 })
      .where('candidate_id', '=', s.c[0])
      .execute()
    const r = await t.call('GET', `/api/votes/${s.voteId}/export.pb`, { token: s.staff.token })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('AMOUNTS_NOT_WHOLE_YUAN')
    const fen = await t.request('GET', `/api/votes/${s.voteId}/export.pb?unit=fen`, {
      token: s.staff.token,
    })
    expect(fen.status).toBe(200)
    expect(await fen.text()).toMatch(/;100000050;4;/)
  })

  it('exports the comparison to Excel in both languages', async () => {
    const s = await closedVote()
    for (const lang of ['zh-CN', 'en']) {
      const res = await t.request('GET', `/api/votes/${s.voteId}/what-if.xlsx?lang=${lang}`, {
        token: s.staff.token,
      })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain('spreadsheetml')
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(await res.arrayBuffer())
      const names = wb.worksheets.map((ws) => ws.name)
      expect(names).toEqual(
        lang === 'en' ? ['Rules', 'Projects', 'Notes'] : ['规则比较', '项目', '说明'],
      )
      const rules = wb.worksheets[0]!
      expect(rules.rowCount).toBe(9) // header + 8 rules
      expect(rules.getCell('C2').value).toBe(10_000_000) // legal total in yuan
      const projects = wb.worksheets[1]!
      expect(projects.getCell('E1').value).toBe(lang === 'en' ? 'Votes for' : '赞成票')
    }
    const bad = await t.call('GET', `/api/votes/${s.voteId}/what-if.xlsx?lang=fr`, {
      token: s.staff.token,
    })
    expect(bad.status).toBe(400)
  })
})

describe('sealed results', () => {
  it('refuses the what-if, its Excel and the .pb export with 409 RESULT_SEALED while open or before', async () => {
    const open = await closedVote({ close: false })
    const draft = await B.scenario({ deputies: 2 })
    for (const s of [open, draft])
      for (const p of ['what-if', 'what-if.xlsx', 'export.pb']) {
        const r = await t.call('GET', `/api/votes/${s.voteId}/${p}`, { token: s.staff.token })
        expect(r.status, p).toBe(409)
        expect(r.body.error.code, p).toBe('RESULT_SEALED')
      }
  })
})

describe('tenant isolation and roles', () => {
  it('answers 404 across jurisdictions and 403 to a deputy of the same one', async () => {
    const s = await closedVote()
    const inst = await t.call('POST', '/api/analysis/instances', {
      token: s.staff.token,
      body: { jurisdictionId: s.j.id, text: SMALL },
    })
    expect(inst.status).toBe(201)
    const other = await t.factory.jurisdiction()
    const foreign = await t.factory.user(other, ['staff', 'admin'])
    const paths = [
      `/api/votes/${s.voteId}/what-if`,
      `/api/votes/${s.voteId}/what-if.xlsx`,
      `/api/votes/${s.voteId}/export.pb`,
      `/api/analysis/instances/${inst.body.id}`,
      `/api/analysis/instances/${inst.body.id}/what-if`,
      `/api/analysis/instances/${inst.body.id}/what-if.xlsx`,
      `/api/analysis/instances/${inst.body.id}/source.pb`,
      `/api/analysis/instances?jurisdictionId=${s.j.id}`,
    ]
    for (const p of paths) {
      const r = await t.call('GET', p, { token: foreign.token })
      expect(r.status, p).toBe(404)
      expect(r.body.error.code, p).toBe('NOT_FOUND')
    }
    const del = await t.call('DELETE', `/api/analysis/instances/${inst.body.id}`, {
      token: foreign.token,
    })
    expect(del.status).toBe(404)
    const into = await t.call('POST', '/api/analysis/instances', {
      token: foreign.token,
      body: { jurisdictionId: s.j.id, text: SMALL },
    })
    expect(into.status).toBe(404)
    // The foreign staff's own list does not show it.
    const mine = await t.call('GET', `/api/analysis/instances?jurisdictionId=${other.id}`, {
      token: foreign.token,
    })
    expect(mine.body.items).toEqual([])

    const deputy = s.deputies[0]!
    for (const p of paths) {
      const r = await t.call('GET', p, { token: deputy.token })
      expect(r.status, p).toBe(403)
    }
    expect((await t.call('GET', `/api/votes/${s.voteId}/what-if`)).status).toBe(401)
    // Unknown and malformed ids are 404 like foreign ones.
    for (const p of [
      '/api/votes/00000000-0000-4000-8000-000000000000/what-if',
      '/api/votes/nope/what-if',
      '/api/analysis/instances/00000000-0000-4000-8000-000000000000/what-if',
      '/api/analysis/instances/nope',
    ])
      expect((await t.call('GET', p, { token: s.staff.token })).status, p).toBe(404)
  })
})

describe('imported files', () => {
  it('lists, serves, compares and deletes an instance, and audits import and delete', async () => {
    const j = await t.factory.jurisdiction()
    const staff = await t.factory.user(j, ['staff'])
    const form = new FormData()
    form.set('jurisdictionId', j.id)
    form.set('name', '小样本')
    form.set('file', new File([SMALL], 'small.pb'))
    const up = await t.call('POST', '/api/analysis/instances', { token: staff.token, body: form })
    expect(up.status, JSON.stringify(up.body)).toBe(201)
    expect(up.body).toMatchObject({
      name: '小样本',
      fileName: 'small.pb',
      projects: 4,
      voters: 5,
      budget: 100,
      currency: 'EUR',
      hasOfficial: false,
      threshold: null,
    })
    expect(up.body.meta).toMatchObject({ unit: 'Testville', rule: 'greedy' })
    const second = await t.call('POST', '/api/analysis/instances', {
      token: staff.token,
      body: { jurisdictionId: j.id, text: SMALL },
    })
    expect(second.body.name).toBe('Testville 2026')

    const page1 = await t.call('GET', `/api/analysis/instances?jurisdictionId=${j.id}&limit=1`, {
      token: staff.token,
    })
    expect(page1.body.items.map((x: any) => x.id)).toEqual([second.body.id])
    const page2 = await t.call(
      'GET',
      `/api/analysis/instances?jurisdictionId=${j.id}&limit=1&cursor=${page1.body.nextCursor}`,
      { token: staff.token },
    )
    expect(page2.body.items.map((x: any) => x.id)).toEqual([up.body.id])
    expect(page2.body.nextCursor).toBeNull()

    const src = await t.request('GET', `/api/analysis/instances/${up.body.id}/source.pb`, {
      token: staff.token,
    })
    expect(await src.text()).toBe(SMALL)

    const w = await t.call('GET', `/api/analysis/instances/${up.body.id}/what-if`, {
      token: staff.token,
    })
    expect(w.status).toBe(200)
    expect(w.body.baseline).toBe('greedy') // META rule greedy, no selected column
    const greedy = w.body.rules.find((r: any) => r.rule === 'greedy')
    expect(greedy.selected).toEqual(['1', '3']) // 60 + 30; 2 (50) no longer fits
    expect(w.body.money).toEqual({ unit: 'unit', currency: 'EUR' })
    expect(w.body.projects[1].name).toBe('Library; new wing')
    expect(
      (await t.call('GET', `/api/analysis/instances/${up.body.id}`, { token: staff.token })).body
        .computed,
    ).toBe(true)

    // Two requests at once for an uncomputed instance both get the comparison.
    const [a, b] = await Promise.all([
      t.call('GET', `/api/analysis/instances/${second.body.id}/what-if`, { token: staff.token }),
      t.call('GET', `/api/analysis/instances/${second.body.id}/what-if`, { token: staff.token }),
    ])
    expect(a.status).toBe(200)
    expect(b.body.rules).toEqual(a.body.rules)

    const del = await t.request('DELETE', `/api/analysis/instances/${up.body.id}`, {
      token: staff.token,
    })
    expect(del.status).toBe(204)
    expect(
      (await t.call('GET', `/api/analysis/instances/${up.body.id}`, { token: staff.token })).status,
    ).toBe(404)
    const log = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('jurisdiction_id', '=', j.id)
      .orderBy('seq')
      .execute()
    expect(log.map((l) => l.action)).toEqual([
      'analysis.import',
      'analysis.import',
      'analysis.delete',
    ])
  })

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const j = await t.factory.jurisdiction()
    const staff = await t.factory.user(j, ['staff'])
    const post = (body: unknown, headers?: Record<string, string>) =>
      t.call('POST', '/api/analysis/instances', { token: staff.token, body, headers })
    const upload = (bytes: Uint8Array | string, extra: Record<string, string> = {}) => {
      const form = new FormData()
      form.set('jurisdictionId', j.id)
      for (const [k, v] of Object.entries(extra)) form.set(k, v)
      form.set('file', new File([bytes as BlobPart], 'x.pb'))
      return post(form)
    }

    const garbage = await upload('hello\nworld\n')
    expect(garbage.status).toBe(400)
    expect(garbage.body.error.code).toBe('PABULIB_INVALID')
    expect(typeof garbage.body.error.line).toBe('number')

    const badVote = await post({ jurisdictionId: j.id, text: SMALL.replace('e;4', 'e;4,9') })
    expect(badVote.status).toBe(400)
    expect(badVote.body.error).toMatchObject({ code: 'PABULIB_INVALID', line: 24 })
    expect(badVote.body.error.message).toContain('unknown project 9')

    const badCost = await post({ jurisdictionId: j.id, text: SMALL.replace('3;30;2', '3;30.5;2') })
    expect(badCost.body.error).toMatchObject({ code: 'PABULIB_INVALID', line: 16 })

    const huge = await post({
      jurisdictionId: j.id,
      text: SMALL.replace('budget;100', 'budget;90071992547409930'),
    })
    expect(huge.status).toBe(400)
    expect(huge.body.error).toMatchObject({ code: 'PABULIB_INVALID', line: null })

    const binary = await upload(new Uint8Array([0xff, 0xfe, 0x00, 0x41, 0x80, 0x81]))
    expect(binary.body.error.code).toBe('PABULIB_INVALID')
    const nul = await post({ jurisdictionId: j.id, text: 'META\u0000' })
    expect(nul.body.error.code).toBe('PABULIB_INVALID')
    const empty = await upload('')
    expect(empty.body.error.code).toBe('PABULIB_INVALID')

    const plain = await post(SMALL, { 'content-type': 'text/plain' })
    expect(plain.status).toBe(415)
    expect(plain.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    const malformed = await post('{"jurisdictionId":', { 'content-type': 'application/json' })
    expect(malformed.body.error.code).toBe('MALFORMED_JSON')
    const noFile = new FormData()
    noFile.set('jurisdictionId', j.id)
    const missing = await post(noFile)
    expect(missing.status).toBe(400)
    expect(missing.body.error.issues[0].path).toBe('file')
    const noJurisdiction = await post({ text: SMALL })
    expect(noJurisdiction.status).toBe(400)
    expect(noJurisdiction.body.error.code).toBe('VALIDATION_FAILED')
    const unknownJ = await post({
      jurisdictionId: '00000000-0000-4000-8000-000000000000',
      text: SMALL,
    })
    expect(unknownJ.status).toBe(404)

    // Above the import's own limit (16 MB + room for escapes): 413 before anything is read.
    const oversize = await upload('x'.repeat(21 * 1024 * 1024))
    expect(oversize.status).toBe(413)
    expect(oversize.body.error.code).toBe('PAYLOAD_TOO_LARGE')
    // Other routes keep the global 1 MB limit.
    const other = await t.call('POST', `/api/jurisdictions/${j.id}/units`, {
      token: staff.token,
      body: { name: 'x'.repeat(1_100_000) },
    })
    expect(other.status).toBe(413)

    const list = await t.call('GET', `/api/analysis/instances?jurisdictionId=${j.id}`, {
      token: staff.token,
    })
    expect(list.body.items).toEqual([])
  })
})
