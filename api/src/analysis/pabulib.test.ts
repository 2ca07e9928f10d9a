import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PabulibFormatError, parsePabulib, toPabulib } from './pabulib.js'
import { type Instance, greedy, mes } from './selection.rules.js'

const DATA_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/data/pabulib',
)

const FILES = [
  'Netherlands_Assen_2024.pb',
  'Netherlands_Amsterdam_522.pb',
  'Poland_Swiecie_2023.pb',
  'Poland_Wieliczka_2023_Green_Budget.pb',
  'Poland_Warszawa_2021_Mokotow.pb',
  'Poland_Warszawa_2026.pb',
] as const

const texts = new Map<string, string>()
function readFixture(file: string): string {
  let text = texts.get(file)
  if (text === undefined) {
    text = fs.readFileSync(path.join(DATA_DIR, file), 'utf8')
    texts.set(file, text)
  }
  return text
}

/** The error a parse throws, so tests can check its class, message and line. */
function parseError(text: string): PabulibFormatError {
  try {
    parsePabulib(text)
  } catch (error) {
    if (error instanceof PabulibFormatError) return error
    throw error
  }
  throw new Error('expected a PabulibFormatError')
}

const MINIMAL = [
  'META',
  'key;value',
  'budget;100',
  'vote_type;approval',
  'PROJECTS',
  'project_id;cost;name',
  '1;60;First',
  '2;50;Second',
  'VOTES',
  'voter_id;vote',
  'v1;1,2',
  'v2;2',
].join('\n')

describe('parsePabulib on the real files', () => {
  it.each(FILES)('reads %s consistently with its META and votes column', (file) => {
    const election = parsePabulib(readFixture(file))
    const { instance, meta, projectRows } = election
    expect(instance.projects).toHaveLength(Number(meta.num_projects))
    expect(instance.voters).toHaveLength(Number(meta.num_votes))
    expect(election.voterIds).toHaveLength(instance.voters.length)
    expect(instance.budget).toBe(BigInt(meta.budget!))
    const approvals = new Map<string, number>()
    for (const ballot of instance.voters)
      for (const id of ballot) approvals.set(id, (approvals.get(id) ?? 0) + 1)
    instance.projects.forEach((project, i) => {
      expect(approvals.get(project.id) ?? 0).toBe(Number(projectRows[i]!.votes))
    })
  })

  it('keeps doubled quotes inside quoted names (Wieliczka 80 and 81)', () => {
    const { instance } = parsePabulib(readFixture('Poland_Wieliczka_2023_Green_Budget.pb'))
    const name = instance.projects.find((p) => p.id === '80')?.name
    expect(name).toBe('Drzewne przytulasy i relaksacyjne gniazda w Parku "Stok pod Baranem"')
    expect(instance.projects.find((p) => p.id === '81')?.name).toContain(
      '"Stok pod Baranem" - wykonane',
    )
  })

  it('reads the META line ended by a bare LF in a CRLF file (Wieliczka)', () => {
    const { meta } = parsePabulib(readFixture('Poland_Wieliczka_2023_Green_Budget.pb'))
    expect(meta.rule).toBe('equalshares/add1-comparison')
    expect(meta.date_begin).toBe('03.04.2023')
  })

  it('keeps non-numeric ids as strings (Świecie)', () => {
    const { instance } = parsePabulib(readFixture('Poland_Swiecie_2023.pb'))
    expect(instance.projects.map((p) => p.id)).toContain('c12')
    expect(instance.voters.flat().every((id) => id.startsWith('c'))).toBe(true)
  })

  it('looks columns up by header (Warsaw 2026 has extra VOTES columns)', () => {
    const election = parsePabulib(readFixture('Poland_Warszawa_2026.pb'))
    expect(election.projectColumns).toContain('latitude')
    expect(election.meta.min_project_score_threshold).toBe('3000')
    expect(
      election.instance.voters.every((ballot) => ballot.length >= 1 && ballot.length <= 5),
    ).toBe(true)
  })
})

describe('parsePabulib on format traps', () => {
  it('accepts LF, CRLF, lone CR, a BOM, blank lines and a missing final newline alike', () => {
    const reference = parsePabulib(MINIMAL)
    const variants = [
      MINIMAL.replaceAll('\n', '\r\n'),
      MINIMAL.replaceAll('\n', '\r'),
      '\uFEFF' + MINIMAL + '\n\n',
      MINIMAL.replace('PROJECTS', '\r\n\nPROJECTS'),
    ]
    for (const text of variants) expect(parsePabulib(text).instance).toEqual(reference.instance)
  })

  it('reads quoted fields with separators, doubled quotes and line breaks', () => {
    const text = MINIMAL.replace('1;60;First', '1;60;"A; ""quoted""\nname"')
    const { instance } = parsePabulib(text)
    expect(instance.projects[0]!.name).toBe('A; "quoted"\nname')
    // The record spanning two lines shifts later line numbers by one.
    expect(parseError(text.replace('v2;2', 'v2;9')).line).toBe(13)
  })

  it('reads sections case-insensitively, trims values and treats unquoted None as missing', () => {
    const text = MINIMAL.replace('PROJECTS', ' projects ')
      .replace('budget;100', 'budget; 100 ')
      .replace('2;50;Second', '2;50;None')
      .replace('v2;2', 'v2; 2 ')
    const { instance } = parsePabulib(text)
    expect(instance.budget).toBe(100n)
    expect(instance.projects[1]).toEqual({ id: '2', cost: 50n })
    expect(instance.voters[1]).toEqual(['2'])
  })

  it('accepts columns in any order and integral decimals for money', () => {
    const text = MINIMAL.replace('project_id;cost;name', 'name;cost;project_id')
      .replace('1;60;First', 'First;60.0;1')
      .replace('2;50;Second', 'Second;50;2')
      .replace('voter_id;vote', 'vote;voter_id')
      .replace('v1;1,2', '"1,2";v1')
      .replace('v2;2', '2;v2')
    expect(parsePabulib(text).instance).toEqual(parsePabulib(MINIMAL).instance)
  })

  it('reads an empty or None vote as an empty ballot and a repeated approval once', () => {
    const text = MINIMAL.replace('v1;1,2', 'v1;None').replace('v2;2', 'v2;2,2\nv3;')
    expect(parsePabulib(text).instance.voters).toEqual([[], ['2'], []])
  })
})

describe('parsePabulib refuses malformed input with a line number', () => {
  const cases: [string, string, number, RegExp][] = [
    ['a file without META', MINIMAL.replace('META\n', ''), 1, /expected section META/],
    ['sections out of order', MINIMAL.replace('PROJECTS', 'VOTES'), 5, /expected section PROJECTS/],
    ['a missing VOTES section', MINIMAL.split('VOTES')[0]!, 8, /missing section VOTES/],
    ['an unknown project in a vote', MINIMAL.replace('v2;2', 'v2;2,7'), 12, /unknown project 7/],
    ['an unterminated quote', MINIMAL.replace('2;50;Second', '2;50;"Second'), 8, /unterminated/],
    [
      'text after a closing quote',
      MINIMAL.replace('2;50;Second', '2;50;"Sec"ond'),
      8,
      /after a closing quote/,
    ],
    [
      'a duplicate project id',
      MINIMAL.replace('2;50;Second', '1;50;Second'),
      8,
      /duplicate project_id 1/,
    ],
    [
      'a non-integer cost',
      MINIMAL.replace('2;50;Second', '2;50.5;Second'),
      8,
      /not a non-negative integer/,
    ],
    [
      'a negative cost',
      MINIMAL.replace('2;50;Second', '2;-5;Second'),
      8,
      /not a non-negative integer/,
    ],
    [
      'a missing cost column',
      MINIMAL.replace('project_id;cost;name', 'project_id;price;name'),
      6,
      /lacks column cost/,
    ],
    ['a short row', MINIMAL.replace('2;50;Second', '2;50'), 8, /2 fields, the header has 3/],
    ['a missing budget', MINIMAL.replace('budget;100\n', ''), 1, /budget is missing/],
    [
      'a non-approval vote type',
      MINIMAL.replace('vote_type;approval', 'vote_type;cumulative'),
      4,
      /not supported/,
    ],
    ['a duplicate voter', MINIMAL.replace('v2;2', 'v1;2'), 12, /duplicate voter_id v1/],
    [
      'a duplicate META key',
      MINIMAL.replace('vote_type;approval', 'budget;5'),
      4,
      /duplicate META key budget/,
    ],
    ['an empty id in a vote list', MINIMAL.replace('v1;1,2', 'v1;1,,2'), 11, /empty project id/],
  ]
  it.each(cases)('refuses %s', (_, text, line, message) => {
    const error = parseError(text)
    expect(error.line).toBe(line)
    expect(error.message).toMatch(message)
  })

  it('never throws anything but PabulibFormatError on garbage', () => {
    const fragments = fc.constantFrom(
      'META',
      'PROJECTS',
      'VOTES',
      'key;value',
      ';',
      '"',
      '""',
      '\n',
      '\r\n',
      '\r',
      '1',
      'None',
      ',',
      'budget;10',
      'project_id;cost',
      'voter_id;vote',
      '1;5',
      'v;1',
    )
    const garbage = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(fragments, { maxLength: 40 }).map((parts) => parts.join('')),
      fc
        .tuple(
          fc.integer({ min: 0, max: MINIMAL.length }),
          fc.integer({ min: 0, max: 20 }),
          fc.string({ maxLength: 5 }),
        )
        .map(([at, cut, insert]) => MINIMAL.slice(0, at) + insert + MINIMAL.slice(at + cut)),
    )
    fc.assert(
      fc.property(garbage, (text) => {
        try {
          parsePabulib(text)
        } catch (error) {
          expect(error).toBeInstanceOf(PabulibFormatError)
        }
      }),
      { numRuns: 2000 },
    )
  })
})

describe('toPabulib', () => {
  const idArb = fc.oneof(
    fc.constantFrom('1', '11', 'c2', 'M/51/VII', 'a;b', 'q"x'),
    fc
      .string({ minLength: 1, maxLength: 6 })
      .filter((s) => s === s.trim() && !s.includes(',') && s.toLowerCase() !== 'none'),
  )
  const nameArb = fc.option(
    fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('None', ' padded ', 'a;b', '"q"', 'line\r\nbreak'),
    ),
    {
      nil: undefined,
    },
  )
  const instanceArb: fc.Arbitrary<Instance> = fc
    .uniqueArray(idArb, { minLength: 1, maxLength: 6 })
    .chain((ids) =>
      fc.record({
        projects: fc
          .array(fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 18n }), nameArb), {
            minLength: ids.length,
            maxLength: ids.length,
          })
          .map((rows) =>
            ids.map((id, i) => ({
              id,
              cost: rows[i]![0],
              ...(rows[i]![1] === undefined ? {} : { name: rows[i]![1] }),
            })),
          ),
        budget: fc.bigInt({ min: 0n, max: 10n ** 18n }),
        voters: fc.array(fc.uniqueArray(fc.constantFrom(...ids)), { maxLength: 8 }),
      }),
    )
  const metaArb = fc.dictionary(
    fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k === k.trim() && k !== '__proto__'),
    fc.string({ maxLength: 10 }),
    { maxKeys: 4 },
  )

  it('round-trips any writable instance and its META through parsePabulib', () => {
    fc.assert(
      fc.property(instanceArb, metaArb, (instance, meta) => {
        const election = parsePabulib(toPabulib(instance, meta))
        expect(election.instance).toEqual(instance)
        for (const [key, value] of Object.entries(meta)) {
          if (!['budget', 'num_projects', 'num_votes', 'vote_type'].includes(key))
            expect(election.meta[key]).toBe(value)
        }
        expect(election.meta.num_votes).toBe(String(instance.voters.length))
      }),
      { numRuns: 300 },
    )
  })

  it.each(FILES.slice(0, 4))('round-trips %s with the same outcomes', (file) => {
    const original = parsePabulib(readFixture(file))
    const copy = parsePabulib(
      toPabulib(original.instance, original.meta, { voterIds: original.voterIds }),
    )
    expect(copy.instance).toEqual(original.instance)
    expect(copy.voterIds).toEqual(original.voterIds)
    expect(copy.meta).toEqual({ ...original.meta, vote_type: 'approval' })
    expect(greedy(copy.instance)).toEqual(greedy(original.instance))
    expect(mes(copy.instance)).toEqual(mes(original.instance))
  })

  it('refuses ids it could not write back', () => {
    const instance = (id: string): Instance => ({
      projects: [{ id, cost: 1 }],
      budget: 1,
      voters: [],
    })
    for (const id of ['', ' a', 'a,b', 'None'])
      expect(() => toPabulib(instance(id))).toThrow(RangeError)
  })
})
