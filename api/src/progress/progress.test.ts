import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/harness.js'
import { form, jpeg, png, projectIn, world, type World } from './progress.fixtures.js'
import { PHOTO_LIMITS } from './progress.rules.js'

let t: TestApp
let w: World
let other: World
beforeAll(async () => {
  // Long sessions: these tests move the clock by weeks.
  t = await createTestApp({ SESSION_TTL_HOURS: '2000', SESSION_IDLE_MINUTES: '100000' })
  t.clock.now = new Date('2026-11-22T04:00:00Z')
  const city = await t.factory.jurisdiction({ name: '进度市' })
  w = await world(t, 3, city)
  other = await world(t, 1, city)
})
afterAll(() => t.close())

const rep = (over: Record<string, unknown> = {}) => ({
  period: '2026-10',
  percentComplete: 40,
  narrative: '主体结构施工中',
  investmentToDateFen: 3_000_000,
  ...over,
})

describe('milestones', () => {
  it('lets the unit and staff plan and complete milestones, and audits each change', async () => {
    const pid = await projectIn(t, w)
    const m = await t.call('POST', `/api/projects/${pid}/milestones`, {
      token: w.unitUser.token,
      body: { name: '完成设计', plannedDate: '2026-03-31' },
    })
    expect(m.status).toBe(201)
    expect(m.body).toMatchObject({
      name: '完成设计',
      plannedDate: '2026-03-31',
      actualDate: null,
      state: 'missed',
    })
    const s = await t.call('POST', `/api/projects/${pid}/milestones`, {
      token: w.staff.token,
      body: { name: '竣工验收', plannedDate: '2026-12-20' },
    })
    expect(s.status).toBe(201)
    const done = await t.call('PATCH', `/api/milestones/${m.body.id}`, {
      token: w.unitUser.token,
      body: { actualDate: '2026-04-10', evidence: '设计批复文号 教发〔2026〕12号' },
    })
    expect(done.status).toBe(200)
    expect(done.body).toMatchObject({ state: 'done', lateDays: 10 })
    const log = await t.call('GET', `/api/jurisdictions/${w.j.id}/audit`, { token: w.staff.token })
    const actions = log.body.items.map((i: { action: string }) => i.action)
    expect(actions).toEqual(expect.arrayContaining(['milestone.create', 'milestone.update']))
    const upd = log.body.items.find((i: { action: string }) => i.action === 'milestone.update')
    expect(upd.before).toMatchObject({ actualDate: null })
    expect(upd.after).toMatchObject({ actualDate: '2026-04-10' })
  })

  it('refuses an actual date in the future, deputies, other units and foreign staff', async () => {
    const pid = await projectIn(t, w)
    const m = await t.call('POST', `/api/projects/${pid}/milestones`, {
      token: w.staff.token,
      body: { name: '开工', plannedDate: '2026-05-01' },
    })
    const future = await t.call('PATCH', `/api/milestones/${m.body.id}`, {
      token: w.staff.token,
      body: { actualDate: '2026-11-23' },
    })
    expect([future.status, future.body.error.code]).toEqual([400, 'DATE_IN_FUTURE'])
    const dep = await t.call('POST', `/api/projects/${pid}/milestones`, {
      token: w.deputies[0]!.token,
      body: { name: 'x', plannedDate: '2026-05-01' },
    })
    expect(dep.status).toBe(403)
    const otherUnit = await t.factory.unit(w.j, '民政局X')
    const ou = await t.factory.user(w.j, ['unit'], { unitId: otherUnit.id })
    expect(
      (
        await t.call('PATCH', `/api/milestones/${m.body.id}`, {
          token: ou.token,
          body: { name: 'y' },
        })
      ).status,
    ).toBe(403)
    expect(
      (
        await t.call('PATCH', `/api/milestones/${m.body.id}`, {
          token: other.staff.token,
          body: { name: 'y' },
        })
      ).status,
    ).toBe(404)
  })
})

describe('progress reports', () => {
  it('takes one report per month from the responsible unit only', async () => {
    const pid = await projectIn(t, w)
    const r = await t.call('POST', `/api/projects/${pid}/progress-reports`, {
      token: w.unitUser.token,
      body: rep(),
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ period: '2026-10', percentComplete: 40, photos: [] })
    const dup = await t.call('POST', `/api/projects/${pid}/progress-reports`, {
      token: w.unitUser.token,
      body: rep(),
    })
    expect([dup.status, dup.body.error.code]).toEqual([409, 'PERIOD_REPORTED'])
    const future = await t.call('POST', `/api/projects/${pid}/progress-reports`, {
      token: w.unitUser.token,
      body: rep({ period: '2026-12' }),
    })
    expect([future.status, future.body.error.code]).toEqual([400, 'PERIOD_IN_FUTURE'])
    expect(
      (
        await t.call('POST', `/api/projects/${pid}/progress-reports`, {
          token: w.staff.token,
          body: rep({ period: '2026-09' }),
        })
      ).status,
    ).toBe(403)
    const fix = await t.call('PATCH', `/api/progress-reports/${r.body.id}`, {
      token: w.unitUser.token,
      body: { percentComplete: 45 },
    })
    expect(fix.body.percentComplete).toBe(45)
  })

  it('answers bad input with 400 VALIDATION_FAILED naming the field', async () => {
    const pid = await projectIn(t, w)
    const cases: [Record<string, unknown>, string][] = [
      [rep({ percentComplete: 101 }), 'percentComplete'],
      [rep({ percentComplete: 12.5 }), 'percentComplete'],
      [rep({ period: '2026-13' }), 'period'],
      [rep({ period: '2026/10' }), 'period'],
      [rep({ narrative: '   ' }), 'narrative'],
      [rep({ investmentToDateFen: -1 }), 'investmentToDateFen'],
      [rep({ investmentToDateFen: 1.5 }), 'investmentToDateFen'],
      [{ ...rep(), extra: 1 }, 'extra'],
    ]
    for (const [body, field] of cases) {
      const r = await t.call('POST', `/api/projects/${pid}/progress-reports`, {
        token: w.unitUser.token,
        body,
      })
      expect([field, r.status, r.body.error.code]).toEqual([field, 400, 'VALIDATION_FAILED'])
      expect(r.body.error.issues.map((i: { path?: string }) => i.path ?? '').join(',')).toContain(
        field === 'extra' ? '' : field,
      )
    }
    const ms: [Record<string, unknown>][] = [
      [{ name: 'x', plannedDate: '2026-02-30' }],
      [{ name: '', plannedDate: '2026-02-01' }],
      [{ name: 'x' }],
      [{ name: 'x'.repeat(201), plannedDate: '2026-02-01' }],
    ]
    for (const [body] of ms) {
      const r = await t.call('POST', `/api/projects/${pid}/milestones`, {
        token: w.staff.token,
        body,
      })
      expect(r.status).toBe(400)
    }
    const m = await t.call('POST', `/api/projects/${pid}/milestones`, {
      token: w.staff.token,
      body: { name: 'x', plannedDate: '2026-02-01' },
    })
    for (const body of [{}, { actualDate: 'yesterday' }, { evidence: 5 }]) {
      const r = await t.call('PATCH', `/api/milestones/${m.body.id}`, {
        token: w.staff.token,
        body,
      })
      expect(r.status).toBe(400)
    }
    expect(
      (
        await t.call('PATCH', `/api/milestones/not-an-id`, {
          token: w.staff.token,
          body: { name: 'x' },
        })
      ).status,
    ).toBe(404)
    expect(
      (
        await t.call('POST', `/api/projects/00000000-0000-4000-8000-000000000000/milestones`, {
          token: w.staff.token,
          body: { name: 'x', plannedDate: '2026-02-01' },
        })
      ).status,
    ).toBe(404)
  })

  it('refuses dates and months far from the cycle’s year (typos) and writes nothing', async () => {
    // The world's cycle is of 2026: dates from 2025-01-01 to 2031-12-31 are taken.
    const pid = await projectIn(t, w)
    const ok = await t.call('POST', `/api/projects/${pid}/milestones`, {
      token: w.staff.token,
      body: { name: '前期准备', plannedDate: '2025-01-01' },
    })
    expect(ok.status).toBe(201)
    const outside = async (method: string, path: string, body: object, token: string) => {
      const r = await t.call(method, path, { token, body })
      expect([path, r.status, r.body.error?.code]).toEqual([path, 400, 'DATE_OUT_OF_RANGE'])
      expect(r.body.error.from).toBe('2025-01-01')
      expect(r.body.error.to).toBe('2031-12-31')
      return r.body.error.issues.map((i: { path: string }) => i.path)
    }
    const msPath = `/api/projects/${pid}/milestones`
    expect(
      await outside('POST', msPath, { name: 'x', plannedDate: '1901-01-01' }, w.staff.token),
    ).toEqual(['plannedDate'])
    expect(
      await outside('POST', msPath, { name: 'x', plannedDate: '2032-01-01' }, w.staff.token),
    ).toEqual(['plannedDate'])
    expect(
      await outside('POST', msPath, { name: 'x', plannedDate: '2024-12-31' }, w.unitUser.token),
    ).toEqual(['plannedDate'])
    expect(
      await outside(
        'PATCH',
        `/api/milestones/${ok.body.id}`,
        { plannedDate: '2205-03-01', actualDate: '2024-06-30' },
        w.staff.token,
      ),
    ).toEqual(['plannedDate', 'actualDate'])
    expect(
      await outside(
        'POST',
        `/api/projects/${pid}/progress-reports`,
        { period: '2019-01', percentComplete: 10, narrative: '旧月份', investmentToDateFen: 0 },
        w.unitUser.token,
      ),
    ).toEqual(['period'])
    const progress = await t.call('GET', `/api/projects/${pid}/progress`, { token: w.staff.token })
    expect(progress.body.milestones.map((m: { plannedDate: string }) => m.plannedDate)).toEqual([
      '2025-01-01',
    ])
    expect(progress.body.milestones[0].actualDate).toBeNull()
    expect(progress.body.reports).toEqual([])
    // The first month of the window is accepted.
    const first = await t.call('POST', `/api/projects/${pid}/progress-reports`, {
      token: w.unitUser.token,
      body: { period: '2025-01', percentComplete: 0, narrative: '准备', investmentToDateFen: 0 },
    })
    expect(first.status).toBe(201)
  })
})

describe('photos', () => {
  let pid: string
  let rid: string
  beforeAll(async () => {
    pid = await projectIn(t, w)
    const r = await t.call('POST', `/api/projects/${pid}/progress-reports`, {
      token: w.unitUser.token,
      body: rep(),
    })
    rid = r.body.id
  })

  it('stores a PNG with a WebP thumbnail and serves both, publicly for report photos', async () => {
    const up = await t.call('POST', `/api/progress-reports/${rid}/photos`, {
      token: w.unitUser.token,
      body: form(await png(800, 600), 'image/png', 'site.png', '施工现场'),
    })
    expect(up.status).toBe(201)
    expect(up.body).toMatchObject({
      contentType: 'image/png',
      width: 800,
      height: 600,
      caption: '施工现场',
    })
    const full = await t.request('GET', up.body.url)
    expect(full.status).toBe(200)
    expect(full.headers.get('content-type')).toBe('image/png')
    expect(full.headers.get('x-content-type-options')).toBe('nosniff')
    const bytes = new Uint8Array(await full.arrayBuffer())
    expect([...bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
    const thumb = await t.request('GET', up.body.thumbUrl)
    expect(thumb.headers.get('content-type')).toBe('image/webp')
    const tb = new Uint8Array(await thumb.arrayBuffer())
    expect(new TextDecoder().decode(tb.slice(8, 12))).toBe('WEBP')
    const again = await t.request('GET', up.body.url, {
      headers: { 'if-none-match': full.headers.get('etag')! },
    })
    expect(again.status).toBe(304)
    const progress = await t.call('GET', `/api/projects/${pid}/progress`, {
      token: w.deputies[0]!.token,
    })
    expect(progress.body.reports[0].photos[0].id).toBe(up.body.id)
  })

  it('accepts JPEG and re-encodes it without metadata', async () => {
    const up = await t.call('POST', `/api/progress-reports/${rid}/photos`, {
      token: w.unitUser.token,
      body: form(await jpeg(), 'image/jpeg', 'a.jpg'),
    })
    expect(up.status).toBe(201)
    expect(up.body.contentType).toBe('image/jpeg')
  })

  it('refuses wrong magic bytes, wrong content types, oversized files and broken images', async () => {
    const text = new TextEncoder().encode(
      'this is not an image at all, just text pretending to be a PNG',
    )
    const mismatch = await t.call('POST', `/api/progress-reports/${rid}/photos`, {
      token: w.unitUser.token,
      body: form(text, 'image/png'),
    })
    expect([mismatch.status, mismatch.body.error.code]).toEqual([400, 'FILE_TYPE_MISMATCH'])
    const jpegAsPng = await t.call('POST', `/api/progress-reports/${rid}/photos`, {
      token: w.unitUser.token,
      body: form(await jpeg(), 'image/png'),
    })
    expect([jpegAsPng.status, jpegAsPng.body.error.code]).toEqual([400, 'FILE_TYPE_MISMATCH'])
    const svg = await t.call('POST', `/api/progress-reports/${rid}/photos`, {
      token: w.unitUser.token,
      body: form(
        new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'),
        'image/svg+xml',
        'x.svg',
      ),
    })
    expect([svg.status, svg.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE'])
    const gif = await t.call('POST', `/api/progress-reports/${rid}/photos`, {
      token: w.unitUser.token,
      body: form(new TextEncoder().encode('GIF89a\x01\x00\x01\x00'), 'image/gif', 'x.gif'),
    })
    expect(gif.status).toBe(415)
    const truncated = (await png(200, 200)).slice(0, 60)
    const broken = await t.call('POST', `/api/progress-reports/${rid}/photos`, {
      token: w.unitUser.token,
      body: form(truncated, 'image/png'),
    })
    expect([broken.status, broken.body.error.code]).toEqual([400, 'INVALID_IMAGE'])
    // Over the photo limit but within what the global JSON limit would have refused anyway.
    const big = new Uint8Array(PHOTO_LIMITS.maxBytes + 1000)
    big.set(await png(), 0)
    const tooBig = await t.call('POST', `/api/progress-reports/${rid}/photos`, {
      token: w.unitUser.token,
      body: form(big, 'image/png'),
    })
    expect([tooBig.status, tooBig.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE'])
    const json = await t.call('POST', `/api/progress-reports/${rid}/photos`, {
      token: w.unitUser.token,
      body: { file: 'abc' },
    })
    expect([json.status, json.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE'])
    const noFile = new FormData()
    noFile.set('caption', 'x')
    const missing = await t.call('POST', `/api/progress-reports/${rid}/photos`, {
      token: w.unitUser.token,
      body: noFile,
    })
    expect([missing.status, missing.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  })

  it('accepts a photo between the global 1 MB body limit and the 5 MB photo limit', async () => {
    const noise = new Uint8Array(900 * 900 * 3)
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24
    const sharp = (await import('sharp')).default
    const bytes = new Uint8Array(
      await sharp(noise, { raw: { width: 900, height: 900, channels: 3 } })
        .png({ compressionLevel: 0 })
        .toBuffer(),
    )
    expect(bytes.byteLength).toBeGreaterThan(1_100_000)
    expect(bytes.byteLength).toBeLessThan(PHOTO_LIMITS.maxBytes)
    const up = await t.call('POST', `/api/progress-reports/${rid}/photos`, {
      token: w.unitUser.token,
      body: form(bytes, 'image/png'),
    })
    expect(up.status).toBe(201)
  })

  it('keeps uploads to the responsible unit, caps photos per report and hides foreign ones', async () => {
    const r2 = await t.call('POST', `/api/projects/${pid}/progress-reports`, {
      token: w.unitUser.token,
      body: rep({ period: '2026-09' }),
    })
    const small = await png(16, 16)
    expect(
      (
        await t.call('POST', `/api/progress-reports/${r2.body.id}/photos`, {
          token: w.staff.token,
          body: form(small, 'image/png'),
        })
      ).status,
    ).toBe(403)
    expect(
      (
        await t.call('POST', `/api/progress-reports/${r2.body.id}/photos`, {
          token: other.unitUser.token,
          body: form(small, 'image/png'),
        })
      ).status,
    ).toBe(404)
    for (let i = 0; i < PHOTO_LIMITS.maxPerOwner; i++) {
      const ok = await t.call('POST', `/api/progress-reports/${r2.body.id}/photos`, {
        token: w.unitUser.token,
        body: form(small, 'image/png'),
      })
      expect(ok.status).toBe(201)
    }
    const over = await t.call('POST', `/api/progress-reports/${r2.body.id}/photos`, {
      token: w.unitUser.token,
      body: form(small, 'image/png'),
    })
    expect([over.status, over.body.error.code]).toEqual([409, 'TOO_MANY_PHOTOS'])
    expect((await t.call('GET', '/api/photos/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    )
    expect((await t.call('GET', '/api/photos/nope/thumb')).status).toBe(404)
  })
})

describe('status, board and public page', () => {
  it('shows a project with a missed milestone as lagging on the board and the public page', async () => {
    const lag = await projectIn(t, w, { title: '滞后的学校' })
    await t.call('POST', `/api/projects/${lag}/milestones`, {
      token: w.staff.token,
      body: { name: '主体封顶', plannedDate: '2026-11-01' },
    })
    await t.call('POST', `/api/projects/${lag}/progress-reports`, {
      token: w.unitUser.token,
      body: rep({ percentComplete: 55 }),
    })
    const done = await projectIn(t, w, { title: '完工的食堂' })
    const m = await t.call('POST', `/api/projects/${done}/milestones`, {
      token: w.staff.token,
      body: { name: '交付使用', plannedDate: '2026-09-30' },
    })
    await t.call('PATCH', `/api/milestones/${m.body.id}`, {
      token: w.unitUser.token,
      body: { actualDate: '2026-09-28' },
    })
    await t.call('POST', `/api/projects/${done}/progress-reports`, {
      token: w.unitUser.token,
      body: rep({ percentComplete: 100 }),
    })
    const serious = await projectIn(t, w, {
      title: '严重滞后的路',
      plannedCompletion: '2026-09-30',
    })
    const untouched = await projectIn(t, w, { title: '未开工的站' })
    await t.call('POST', `/api/projects/${untouched}/milestones`, {
      token: w.staff.token,
      body: { name: '开工', plannedDate: '2026-12-15' },
    })

    const board = await t.call('GET', `/api/cycles/${w.cycleId}/progress-board`, {
      token: w.staff.token,
    })
    expect(board.status).toBe(200)
    const by = (id: string) =>
      board.body.items.find((i: { project: { id: string } }) => i.project.id === id)
    expect(by(lag)).toMatchObject({ status: 'lagging', percentComplete: 55, missedMilestones: 1 })
    expect(by(lag).flags).toContain('missed_milestone')
    expect(by(done)).toMatchObject({ status: 'completed', percentComplete: 100 })
    expect(by(serious)).toMatchObject({ status: 'seriously_lagging' })
    expect(by(untouched)).toMatchObject({ status: 'not_started' })
    expect(board.body.counts.lagging).toBeGreaterThanOrEqual(1)
    // Worst first.
    expect(board.body.items[0].status).toBe('seriously_lagging')
    const filtered = await t.call('GET', `/api/cycles/${w.cycleId}/progress-board?status=lagging`, {
      token: w.staff.token,
    })
    expect(filtered.body.items.every((i: { status: string }) => i.status === 'lagging')).toBe(true)
    const searched = await t.call(
      'GET',
      `/api/cycles/${w.cycleId}/progress-board?q=${encodeURIComponent('食堂')}`,
      {
        token: w.staff.token,
      },
    )
    expect(searched.body.items.map((i: { project: { id: string } }) => i.project.id)).toEqual([
      done,
    ])
    const bad = await t.call('GET', `/api/cycles/${w.cycleId}/progress-board?status=purple`, {
      token: w.staff.token,
    })
    expect(bad.status).toBe(400)

    const pub = await t.call('GET', `/api/public/projects/${lag}/progress`)
    expect(pub.status).toBe(200)
    expect(pub.body.summary).toMatchObject({ status: 'lagging', percentComplete: 55 })
    expect(pub.body.milestones[0]).toMatchObject({ name: '主体封顶', state: 'missed' })
    const text = JSON.stringify(pub.body)
    expect(text).not.toContain(w.unitUser.id)
    expect(text).not.toContain('submitter')
  })

  it('flags an overdue monthly report and shows the unit what to file next', async () => {
    const pid = await projectIn(t, w)
    await t.call('POST', `/api/projects/${pid}/milestones`, {
      token: w.staff.token,
      body: { name: '招标', plannedDate: '2026-06-15' },
    })
    await t.call('POST', `/api/projects/${pid}/progress-reports`, {
      token: w.unitUser.token,
      body: rep({ period: '2026-08' }),
    })
    const mine = await t.call('GET', '/api/me/unit-projects', { token: w.unitUser.token })
    const item = mine.body.items.find((i: { project: { id: string } }) => i.project.id === pid)
    expect(item).toMatchObject({ reportOverdue: true, duePeriod: '2026-10', nextPeriod: '2026-09' })
    expect(item.flags).toContain('report_overdue')
    expect(mine.body.units).toEqual([{ id: w.unit.id, name: w.unit.name, jurisdictionId: w.j.id }])
  })

  it('serves the status rule for the legend without login', async () => {
    const r = await t.call('GET', '/api/progress/status-rule')
    expect(r.status).toBe(200)
    expect(r.body.statuses.map((s: { status: string }) => s.status).sort()).toEqual([
      'completed',
      'lagging',
      'not_started',
      'on_track',
      'seriously_lagging',
    ])
    expect(r.body.thresholds.seriousDelayDays).toBe(30)
  })
})

describe('tenant isolation', () => {
  it('answers 404 to another jurisdiction and 403 to non-staff on the board', async () => {
    const pid = await projectIn(t, w)
    for (const [method, path, body] of [
      ['GET', `/api/projects/${pid}/progress`, undefined],
      ['POST', `/api/projects/${pid}/milestones`, { name: 'x', plannedDate: '2026-02-01' }],
      ['POST', `/api/projects/${pid}/progress-reports`, rep()],
      ['GET', `/api/cycles/${w.cycleId}/progress-board`, undefined],
    ] as const) {
      const r = await t.call(method, path, { token: other.staff.token, ...(body ? { body } : {}) })
      expect([path, r.status]).toEqual([path, 404])
      const u = await t.call(method, path, {
        token: other.unitUser.token,
        ...(body ? { body } : {}),
      })
      expect([path, u.status]).toEqual([path, 404])
    }
    expect(
      (
        await t.call('GET', `/api/cycles/${w.cycleId}/progress-board`, {
          token: w.deputies[0]!.token,
        })
      ).status,
    ).toBe(403)
    expect((await t.call('GET', `/api/projects/${pid}/progress`)).status).toBe(401)
    const mine = await t.call('GET', '/api/me/unit-projects', { token: other.unitUser.token })
    expect(mine.body.items.some((i: { project: { id: string } }) => i.project.id === pid)).toBe(
      false,
    )
  })
})
