/**
 * Reading and writing pabulib `.pb` files (approval ballots only).
 *
 * The format (see shared/data/pabulib/FORMAT.md): three sections META, PROJECTS, VOTES, each a
 * section-name line, a header line and `;`-separated CSV rows with `"` quoting. Real files mix
 * CRLF and LF, may lack a final newline, reorder columns and use non-numeric ids, so this is a
 * small CSV tokenizer plus header lookups rather than `split(';')`.
 *
 * Deliberate choices where the format leaves room:
 * - unquoted fields are trimmed and an unquoted `None` (any case) means "missing", as in
 *   pabutools; a quoted field is taken verbatim, which lets `toPabulib` round-trip any name;
 * - money must be an integer number of currency units (`"1500"`, `"1500.0"`); anything else is
 *   refused rather than rounded, because the selection rules never use floating point;
 * - a ballot listing a project twice counts once (an approval ballot is a set).
 */

import type { Instance, Project } from './selection.rules.js'

/** Malformed `.pb` input. `line` is the 1-based line where the offending record starts. */
export class PabulibFormatError extends Error {
  readonly line: number
  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`)
    this.name = 'PabulibFormatError'
    this.line = line
  }
}

export interface PabulibProject extends Project {
  readonly cost: bigint
}

export interface PabulibInstance extends Instance {
  readonly projects: readonly PabulibProject[]
  readonly budget: bigint
  readonly voters: readonly (readonly string[])[]
}

/** Values of one PROJECTS row by column name; `undefined` where the file says `None`. */
export type PabulibRow = Readonly<Record<string, string | undefined>>

export interface PabulibElection {
  readonly meta: Readonly<Record<string, string>>
  readonly instance: PabulibInstance
  /** PROJECTS columns in file order, and every row's values (e.g. `votes`, `selected`). */
  readonly projectColumns: readonly string[]
  readonly projectRows: readonly PabulibRow[]
  /** `voter_id` of each ballot, aligned with `instance.voters`. */
  readonly voterIds: readonly string[]
}

// ---------------------------------------------------------------------------------------------
// CSV tokenizer

interface CsvRecord {
  readonly fields: string[]
  /** Indices of the fields written in quotes (usually none, so usually undefined). */
  readonly quoted: Set<number> | undefined
  readonly line: number
}

const SEMICOLON = 0x3b
const QUOTE = 0x22
const CR = 0x0d
const LF = 0x0a
const SPACE = 0x20
const TAB = 0x09

/** Splits the text into records; line breaks are CRLF, LF or a lone CR outside quotes. */
function tokenize(text: string): CsvRecord[] {
  const records: CsvRecord[] = []
  const length = text.length
  let pos = 0
  let line = 1
  while (pos < length) {
    const recordLine = line
    const fields: string[] = []
    let quoted: Set<number> | undefined
    for (;;) {
      // Whitespace before an opening quote is tolerated (`key; "value"`).
      let start = pos
      while (start < length) {
        const c = text.charCodeAt(start)
        if (c !== SPACE && c !== TAB) break
        start++
      }
      if (start < length && text.charCodeAt(start) === QUOTE) {
        let value = ''
        let chunk = start + 1
        let i = chunk
        for (;;) {
          if (i >= length) throw new PabulibFormatError('unterminated quoted field', recordLine)
          const c = text.charCodeAt(i)
          if (c === QUOTE) {
            if (i + 1 < length && text.charCodeAt(i + 1) === QUOTE) {
              value += text.slice(chunk, i + 1)
              i += 2
              chunk = i
              continue
            }
            value += text.slice(chunk, i)
            i++
            break
          }
          if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++
          i++
        }
        while (i < length) {
          const c = text.charCodeAt(i)
          if (c !== SPACE && c !== TAB) break
          i++
        }
        if (i < length) {
          const c = text.charCodeAt(i)
          if (c !== SEMICOLON && c !== CR && c !== LF) {
            throw new PabulibFormatError('unexpected text after a closing quote', recordLine)
          }
        }
        ;(quoted ??= new Set()).add(fields.length)
        fields.push(value)
        pos = i
      } else {
        let i = pos
        while (i < length) {
          const c = text.charCodeAt(i)
          if (c === SEMICOLON || c === CR || c === LF) break
          i++
        }
        fields.push(text.slice(pos, i).trim())
        pos = i
      }
      if (pos >= length) break
      const c = text.charCodeAt(pos)
      if (c === SEMICOLON) {
        pos++
        continue
      }
      // End of record: consume one line break.
      pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1
      line++
      break
    }
    const blank = fields.length === 1 && fields[0] === '' && !quoted
    if (!blank) records.push({ fields, quoted, line: recordLine })
  }
  return records
}

// ---------------------------------------------------------------------------------------------
// Sections

type SectionName = 'META' | 'PROJECTS' | 'VOTES'
const SECTION_ORDER: readonly SectionName[] = ['META', 'PROJECTS', 'VOTES']

function readSectionName(record: CsvRecord): SectionName | undefined {
  if (record.fields.length !== 1 || record.quoted) return undefined
  const name = record.fields[0]!.toUpperCase()
  return name === 'META' || name === 'PROJECTS' || name === 'VOTES' ? name : undefined
}

interface Section {
  readonly name: SectionName
  readonly line: number
  readonly header: CsvRecord
  readonly rows: CsvRecord[]
}

function splitSections(records: CsvRecord[], lastLine: number): Map<SectionName, Section> {
  const sections = new Map<SectionName, Section>()
  let current:
    { name: SectionName; line: number; header?: CsvRecord; rows: CsvRecord[] } | undefined
  const close = (): void => {
    if (!current) return
    if (!current.header) {
      throw new PabulibFormatError(`section ${current.name} has no header line`, current.line)
    }
    sections.set(current.name, { ...current, header: current.header })
  }
  for (const record of records) {
    const name = readSectionName(record)
    if (name) {
      const expected = SECTION_ORDER[sections.size + (current ? 1 : 0)]
      if (name !== expected) {
        throw new PabulibFormatError(
          expected ? `expected section ${expected}, found ${name}` : `unexpected section ${name}`,
          record.line,
        )
      }
      close()
      current = { name, line: record.line, rows: [] }
    } else if (!current) {
      throw new PabulibFormatError('expected section META', record.line)
    } else if (!current.header) {
      current.header = record
    } else {
      current.rows.push(record)
    }
  }
  close()
  for (const name of SECTION_ORDER) {
    if (!sections.has(name)) throw new PabulibFormatError(`missing section ${name}`, lastLine)
  }
  return sections
}

/** Column positions by name; fails on duplicate or missing required columns. */
function indexColumns(section: Section, required: readonly string[]): Map<string, number> {
  const columns = new Map<string, number>()
  section.header.fields.forEach((name, i) => {
    if (name === '') {
      throw new PabulibFormatError(
        `empty column name in ${section.name} header`,
        section.header.line,
      )
    }
    if (columns.has(name)) {
      throw new PabulibFormatError(
        `duplicate column ${name} in ${section.name} header`,
        section.header.line,
      )
    }
    columns.set(name, i)
  })
  for (const name of required) {
    if (!columns.has(name)) {
      throw new PabulibFormatError(
        `${section.name} header lacks column ${name}`,
        section.header.line,
      )
    }
  }
  return columns
}

function checkWidth(section: Section, row: CsvRecord): void {
  const expected = section.header.fields.length
  if (row.fields.length !== expected) {
    throw new PabulibFormatError(
      `${section.name} row has ${row.fields.length} fields, the header has ${expected}`,
      row.line,
    )
  }
}

/** A field's value, or undefined for an unquoted `None`. */
function readValue(row: CsvRecord, index: number): string | undefined {
  const value = row.fields[index]!
  if (value.length === 4 && value.toLowerCase() === 'none' && !row.quoted?.has(index))
    return undefined
  return value
}

const INTEGER_MONEY = /^\d+(?:[.,]0*)?$/

function parseMoney(text: string | undefined, what: string, line: number): bigint {
  if (text === undefined || text === '') throw new PabulibFormatError(`${what} is missing`, line)
  if (!INTEGER_MONEY.test(text)) {
    throw new PabulibFormatError(
      `${what} ${JSON.stringify(text)} is not a non-negative integer amount`,
      line,
    )
  }
  return BigInt(text.replace(/[.,]0*$/, ''))
}

function parseMeta(section: Section): { meta: Record<string, string>; lines: Map<string, number> } {
  const header = section.header.fields
  if (header.length !== 2 || header[0] !== 'key' || header[1] !== 'value') {
    throw new PabulibFormatError('META header must be key;value', section.header.line)
  }
  const meta: Record<string, string> = Object.create(null) as Record<string, string>
  const lines = new Map<string, number>()
  for (const row of section.rows) {
    checkWidth(section, row)
    const key = row.fields[0]!
    if (key === '') throw new PabulibFormatError('empty META key', row.line)
    if (lines.has(key)) throw new PabulibFormatError(`duplicate META key ${key}`, row.line)
    meta[key] = row.fields[1]!
    lines.set(key, row.line)
  }
  return { meta, lines }
}

const APPROVAL_VOTE_TYPES = new Set(['approval', 'choose-1'])

/**
 * Parses a pabulib file with approval (or choose-1) ballots.
 * Throws `PabulibFormatError` (with a line number) on any malformed input.
 */
export function parsePabulib(text: string): PabulibElection {
  if (typeof text !== 'string') throw new PabulibFormatError('input is not text', 0)
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const records = tokenize(text)
  const lastLine = records.length === 0 ? 1 : records[records.length - 1]!.line
  const sections = splitSections(records, lastLine)

  const metaSection = sections.get('META')!
  const { meta, lines: metaLines } = parseMeta(metaSection)
  const voteType = meta.vote_type
  if (voteType !== undefined && !APPROVAL_VOTE_TYPES.has(voteType.toLowerCase())) {
    throw new PabulibFormatError(
      `vote_type ${voteType} is not supported (approval ballots only)`,
      metaLines.get('vote_type')!,
    )
  }
  const budget = parseMoney(meta.budget, 'META budget', metaLines.get('budget') ?? metaSection.line)

  const projectSection = sections.get('PROJECTS')!
  const projectColumns = indexColumns(projectSection, ['project_id', 'cost'])
  const idColumn = projectColumns.get('project_id')!
  const costColumn = projectColumns.get('cost')!
  const nameColumn = projectColumns.get('name')
  const projects: PabulibProject[] = []
  const projectRows: PabulibRow[] = []
  const knownIds = new Set<string>()
  for (const row of projectSection.rows) {
    checkWidth(projectSection, row)
    const id = readValue(row, idColumn)
    if (id === undefined || id === '')
      throw new PabulibFormatError('project_id is missing', row.line)
    if (knownIds.has(id)) throw new PabulibFormatError(`duplicate project_id ${id}`, row.line)
    knownIds.add(id)
    const cost = parseMoney(readValue(row, costColumn), `cost of project ${id}`, row.line)
    const name = nameColumn === undefined ? undefined : readValue(row, nameColumn)
    projects.push(name === undefined ? { id, cost } : { id, cost, name })
    const values: Record<string, string | undefined> = Object.create(null) as Record<
      string,
      string | undefined
    >
    for (const [column, i] of projectColumns) values[column] = readValue(row, i)
    projectRows.push(values)
  }

  const voteSection = sections.get('VOTES')!
  const voteColumns = indexColumns(voteSection, ['voter_id', 'vote'])
  const voterColumn = voteColumns.get('voter_id')!
  const voteColumn = voteColumns.get('vote')!
  const voters: string[][] = []
  const voterIds: string[] = []
  const seenVoters = new Set<string>()
  for (const row of voteSection.rows) {
    checkWidth(voteSection, row)
    const voterId = readValue(row, voterColumn)
    if (voterId === undefined || voterId === '')
      throw new PabulibFormatError('voter_id is missing', row.line)
    if (seenVoters.has(voterId))
      throw new PabulibFormatError(`duplicate voter_id ${voterId}`, row.line)
    seenVoters.add(voterId)
    voters.push(readBallot(readValue(row, voteColumn), knownIds, row.line))
    voterIds.push(voterId)
  }

  return {
    meta,
    instance: { projects, budget, voters },
    projectColumns: projectSection.header.fields,
    projectRows,
    voterIds,
  }
}

function readBallot(vote: string | undefined, knownIds: Set<string>, line: number): string[] {
  if (vote === undefined || vote === '') return []
  const ballot = vote.split(',')
  let length = 0
  for (const raw of ballot) {
    const id = raw.trim()
    if (id === '') throw new PabulibFormatError('empty project id in vote list', line)
    if (!knownIds.has(id)) throw new PabulibFormatError(`vote for unknown project ${id}`, line)
    // Ballots are short, so a linear duplicate check beats allocating a Set per voter.
    let seen = false
    for (let i = 0; i < length && !seen; i++) seen = ballot[i] === id
    if (!seen) ballot[length++] = id
  }
  ballot.length = length
  return ballot
}

// ---------------------------------------------------------------------------------------------
// Export

export interface ToPabulibOptions {
  /** Ids written in the `voter_id` column, aligned with `instance.voters`; default `1`, `2`, … */
  readonly voterIds?: readonly string[]
  /** More PROJECTS columns after `name` (e.g. `category`, `selected`); undefined is `None`. */
  readonly projectColumns?: readonly {
    readonly name: string
    readonly value: (project: Project) => string | undefined
  }[]
}

/** Quotes a field when the reader would otherwise split, trim or read it as `None`. */
function writeField(value: string): string {
  const needsQuotes =
    /[;"\r\n]/.test(value) || value !== value.trim() || value.toLowerCase() === 'none'
  return needsQuotes ? `"${value.replaceAll('"', '""')}"` : value
}

function checkId(id: string, what: string, allowCommas: boolean): void {
  const readable = id !== '' && id === id.trim() && id.toLowerCase() !== 'none'
  if (!readable || (!allowCommas && id.includes(','))) {
    throw new RangeError(
      `${what} ${JSON.stringify(id)} cannot be written: it must be non-empty, without surrounding spaces, not "None"` +
        (allowCommas ? '' : ' and without commas (vote lists are comma-separated)'),
    )
  }
}

function writeMoney(value: bigint | number, what: string): string {
  const valid = typeof value === 'bigint' ? value >= 0n : Number.isSafeInteger(value) && value >= 0
  if (!valid) throw new RangeError(`${what} must be a non-negative integer, got ${String(value)}`)
  return value.toString()
}

/**
 * Writes an instance as a pabulib file that `parsePabulib` reads back to the same instance.
 * `meta` is copied in order; `num_projects`, `num_votes`, `budget` and `vote_type` are always
 * computed from the instance. The PROJECTS section carries `votes` (approval counts).
 */
export function toPabulib(
  instance: Instance,
  meta: Readonly<Record<string, string>> = {},
  options: ToPabulibOptions = {},
): string {
  const voterIds = options.voterIds ?? instance.voters.map((_, i) => String(i + 1))
  if (voterIds.length !== instance.voters.length) {
    throw new RangeError(`${voterIds.length} voter ids for ${instance.voters.length} ballots`)
  }
  const projectIds = new Set<string>()
  for (const project of instance.projects) {
    checkId(project.id, 'project id', false)
    if (projectIds.has(project.id)) throw new RangeError(`duplicate project id ${project.id}`)
    projectIds.add(project.id)
  }
  const seenVoters = new Set<string>()
  for (const id of voterIds) {
    checkId(id, 'voter id', true)
    if (seenVoters.has(id)) throw new RangeError(`duplicate voter id ${id}`)
    seenVoters.add(id)
  }

  const approvals = new Map<string, number>([...projectIds].map((id) => [id, 0]))
  const votes = instance.voters.map((ballot) => {
    const unique = [...new Set(ballot)]
    for (const id of unique) {
      const count = approvals.get(id)
      if (count === undefined) throw new RangeError(`ballot approves unknown project ${id}`)
      approvals.set(id, count + 1)
    }
    return unique.join(',')
  })

  const metaOut: Record<string, string> = Object.create(null) as Record<string, string>
  for (const [key, value] of Object.entries(meta)) metaOut[key] = value
  metaOut.num_projects = String(instance.projects.length)
  metaOut.num_votes = String(instance.voters.length)
  metaOut.budget = writeMoney(instance.budget, 'budget')
  metaOut.vote_type = 'approval'

  const lines: string[] = ['META', 'key;value']
  for (const [key, value] of Object.entries(metaOut)) {
    if (key === '' || key !== key.trim())
      throw new RangeError(`META key ${JSON.stringify(key)} cannot be written`)
    lines.push(`${writeField(key)};${writeField(value)}`)
  }
  const extra = options.projectColumns ?? []
  const columns = ['project_id', 'cost', 'votes', 'name', ...extra.map((c) => c.name)]
  if (
    new Set(columns).size !== columns.length ||
    extra.some((c) => c.name !== c.name.trim() || !c.name)
  )
    throw new RangeError(
      'project columns must be distinct, non-empty names without surrounding spaces',
    )
  lines.push('PROJECTS', columns.map(writeField).join(';'))
  for (const project of instance.projects) {
    const name = project.name === undefined ? 'None' : writeField(project.name)
    const cost = writeMoney(project.cost, `cost of project ${project.id}`)
    const more = extra.map((c) => {
      const v = c.value(project)
      return v === undefined ? ';None' : `;${writeField(v)}`
    })
    lines.push(
      `${writeField(project.id)};${cost};${approvals.get(project.id)};${name}${more.join('')}`,
    )
  }
  lines.push('VOTES', 'voter_id;vote')
  voterIds.forEach((id, i) => {
    // An empty ballot is written as None: a bare `id;` would read back the same, but None is explicit.
    lines.push(`${writeField(id)};${votes[i] === '' ? 'None' : writeField(votes[i]!)}`)
  })
  return lines.join('\n') + '\n'
}
