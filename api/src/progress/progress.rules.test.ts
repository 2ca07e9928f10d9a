import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  addMonths,
  deriveStatus,
  lastDuePeriod,
  progressFlags,
  reportDue,
  severity,
  sniffImageType,
  STATUS_THRESHOLDS,
  type MilestoneDates,
  type StatusInput,
} from './progress.rules.js'

const BASE = Date.parse('2024-01-01T00:00:00Z')
const dateOf = (dayIndex: number) =>
  new Date(BASE + dayIndex * 86_400_000).toISOString().slice(0, 10)
const day = fc.integer({ min: 0, max: 1500 })
const milestone: fc.Arbitrary<MilestoneDates> = fc
  .record({ planned: day, actual: fc.option(day, { nil: null }) })
  .map((m) => ({
    plannedDate: dateOf(m.planned),
    actualDate: m.actual === null ? null : dateOf(m.actual),
  }))
const input: fc.Arbitrary<StatusInput> = fc.record({
  today: day.map(dateOf),
  milestones: fc.array(milestone, { maxLength: 6 }),
  percentComplete: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  plannedCompletion: fc.option(day.map(dateOf), { nil: null }),
})

describe('the project status rule (five colours)', () => {
  it('is completed exactly when the latest report says 100% and every milestone is done', () => {
    fc.assert(
      fc.property(input, (i) => {
        const completed = deriveStatus(i).status === 'completed'
        expect(completed).toBe(
          i.percentComplete === 100 && i.milestones.every((m) => m.actualDate !== null),
        )
      }),
    )
  })

  it('never says on track (or not started) while a milestone is past its planned date and not done', () => {
    fc.assert(
      fc.property(input, (i) => {
        const missed = i.milestones.some((m) => m.actualDate === null && m.plannedDate < i.today)
        fc.pre(missed)
        expect(['lagging', 'seriously_lagging']).toContain(deriveStatus(i).status)
      }),
    )
  })

  it('never improves as time passes with nothing else changing', () => {
    fc.assert(
      fc.property(input, fc.integer({ min: 0, max: 400 }), (i, later) => {
        const before = deriveStatus(i)
        const after = deriveStatus({
          ...i,
          today: dateOf((Date.parse(`${i.today}T00:00:00Z`) - BASE) / 86_400_000 + later),
        })
        expect(severity(after.status)).toBeGreaterThanOrEqual(severity(before.status))
        expect(after.delayDays).toBeGreaterThanOrEqual(before.delayDays)
      }),
    )
  })

  it('never improves when a milestone is planned earlier or un-done (more delay)', () => {
    fc.assert(
      fc.property(
        input,
        fc.nat(),
        fc.integer({ min: 0, max: 300 }),
        fc.boolean(),
        (i, k, earlier, undo) => {
          fc.pre(i.milestones.length > 0)
          const idx = k % i.milestones.length
          const m = i.milestones[idx]!
          const moved: MilestoneDates = {
            plannedDate: dateOf(
              Math.max(0, (Date.parse(`${m.plannedDate}T00:00:00Z`) - BASE) / 86_400_000 - earlier),
            ),
            actualDate: undo ? null : m.actualDate,
          }
          const worse = { ...i, milestones: i.milestones.map((x, j) => (j === idx ? moved : x)) }
          expect(severity(deriveStatus(worse).status)).toBeGreaterThanOrEqual(
            severity(deriveStatus(i).status),
          )
        },
      ),
    )
  })

  it('grades the delay: one day late is lagging, the threshold and beyond is seriously lagging', () => {
    const at = (today: string) =>
      deriveStatus({
        today,
        milestones: [{ plannedDate: '2026-03-01', actualDate: null }],
        percentComplete: 40,
        plannedCompletion: '2026-12-31',
      }).status
    expect(at('2026-03-01')).toBe('on_track')
    expect(at('2026-03-02')).toBe('lagging')
    expect(
      at(
        dateOf(
          (Date.parse('2026-03-01T00:00:00Z') - BASE) / 86_400_000 +
            STATUS_THRESHOLDS.seriousDelayDays -
            1,
        ),
      ),
    ).toBe('lagging')
    expect(
      at(
        dateOf(
          (Date.parse('2026-03-01T00:00:00Z') - BASE) / 86_400_000 +
            STATUS_THRESHOLDS.seriousDelayDays,
        ),
      ),
    ).toBe('seriously_lagging')
  })

  it('treats a milestone done late as caught up, and an untouched project as not started', () => {
    expect(
      deriveStatus({
        today: '2026-06-01',
        milestones: [{ plannedDate: '2026-03-01', actualDate: '2026-04-15' }],
        percentComplete: 50,
        plannedCompletion: '2026-12-31',
      }).status,
    ).toBe('on_track')
    expect(
      deriveStatus({
        today: '2026-02-01',
        milestones: [{ plannedDate: '2026-03-01', actualDate: null }],
        percentComplete: null,
        plannedCompletion: '2026-12-31',
      }).status,
    ).toBe('not_started')
    expect(
      deriveStatus({
        today: '2027-01-05',
        milestones: [],
        percentComplete: 90,
        plannedCompletion: '2026-12-31',
      }).status,
    ).toBe('lagging')
  })

  it('follows the milestone plan when it was moved past the planned completion, and flags it extended', () => {
    const input = {
      today: '2027-03-01',
      milestones: [
        { plannedDate: '2026-06-30', actualDate: '2026-06-20' },
        { plannedDate: '2027-05-31', actualDate: null },
      ],
      percentComplete: 70,
      plannedCompletion: '2026-12-31',
    }
    const s = deriveStatus(input)
    expect(s.status).toBe('on_track')
    expect(
      progressFlags(
        s,
        { overdue: false },
        { lastPlanned: '2027-05-31', plannedCompletion: '2026-12-31' },
      ),
    ).toEqual(['extended'])
  })
})

describe('monthly reports', () => {
  it('makes last month due after the due day and the month before until then', () => {
    expect(lastDuePeriod('2026-11-10')).toBe('2026-09')
    expect(lastDuePeriod('2026-11-11')).toBe('2026-10')
    expect(lastDuePeriod('2026-01-22')).toBe('2025-12')
    expect(addMonths('2026-12', 1)).toBe('2027-01')
    expect(addMonths('2026-01', -13)).toBe('2024-12')
  })

  it('flags a missing report only once reporting has started and until completion', () => {
    const base = { today: '2026-11-22', reportingFrom: '2026-03', completed: false }
    expect(reportDue({ ...base, latestPeriod: '2026-10' }).overdue).toBe(false)
    expect(reportDue({ ...base, latestPeriod: '2026-09' })).toMatchObject({
      overdue: true,
      duePeriod: '2026-10',
      nextPeriod: '2026-10',
    })
    expect(reportDue({ ...base, latestPeriod: null }).overdue).toBe(true)
    expect(reportDue({ ...base, latestPeriod: null, reportingFrom: '2026-11' }).overdue).toBe(false)
    expect(reportDue({ ...base, latestPeriod: null, reportingFrom: null }).overdue).toBe(false)
    expect(reportDue({ ...base, latestPeriod: '2026-05', completed: true }).overdue).toBe(false)
  })
})

describe('image sniffing', () => {
  it('recognises JPEG, PNG and WebP by their magic bytes and nothing else', () => {
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0]))).toBe('image/jpeg')
    expect(
      sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])),
    ).toBe('image/png')
    expect(sniffImageType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp')
    expect(sniffImageType(new TextEncoder().encode('GIF89a……'))).toBeNull()
    expect(
      sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg">')),
    ).toBeNull()
    expect(sniffImageType(new Uint8Array([0xff, 0xd8]))).toBeNull()
  })
})
